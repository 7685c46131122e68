"""Registro explícito de los formatos que libro conoce."""

from libro.declaracion import Formato
from libro.formatos.objetivos_pei import OBJETIVOS_PEI
from libro.formatos.poi import POI

FORMATOS: dict[str, Formato] = {f.id: f for f in (OBJETIVOS_PEI, POI)}


def formato(id_formato: str) -> Formato:
    """El formato por su id («poi») o etiqueta («poi@1»)."""
    return FORMATOS[id_formato.split("@")[0]]
