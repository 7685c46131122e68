"""Registro explícito de los formatos que libro conoce."""

from libro.declaracion import Formato
from libro.formatos.agentes_pp import AGENTES_PP
from libro.formatos.cronograma_pp import CRONOGRAMA_PP
from libro.formatos.evaluacion_poi import EVALUACION_POI
from libro.formatos.objetivos_pei import OBJETIVOS_PEI
from libro.formatos.plan_trabajo import PLAN_TRABAJO
from libro.formatos.poi import POI
from libro.formatos.proyectos_pp import PROYECTOS_PP

FORMATOS: dict[str, Formato] = {
    f.id: f
    for f in (OBJETIVOS_PEI, POI, EVALUACION_POI, AGENTES_PP, PROYECTOS_PP, CRONOGRAMA_PP, PLAN_TRABAJO)
}


def formato(id_formato: str) -> Formato:
    """El formato por su id («poi») o etiqueta («poi@1»)."""
    return FORMATOS[id_formato.split("@")[0]]
