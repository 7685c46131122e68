"""Registro explícito de los botones: formato → {acción: función}.

Cada acción es `def accion(book: xw.Book | None = None)`: la llaman el botón de Excel de escritorio
(`RunPython "import macros_py.poi; macros_py.poi.validar()"`), xlwings Server (`libro.servidor`) y
las pruebas. Agregar un formato es una línea en `ACCIONES` (y su import explícito arriba), p. ej.

    "nuevo-formato": acciones(nuevo_formato.validar, nuevo_formato.calcular),

El texto de cada botón (`Formato.botones`, p. ej. «Calcular metas») debe dar el nombre de la función
al pasarlo a minúsculas y cambiar espacios por «_» (`calcular_metas`): así lo encuentran el panel del
servidor y el botón de escritorio (`libro/vba/libro.bas`).
"""

from collections.abc import Callable
from typing import Any

from libro.declaracion import accion_de_boton
from macros_py import agentes_pp, cronograma_pp, evaluacion_poi, poi, proyectos_pp

Accion = Callable[..., Any]


def acciones(*funciones: Accion) -> dict[str, Accion]:
    """{nombre de la función: función}, en el orden de los botones."""
    return {f.__name__: f for f in funciones}


def etiqueta(formato_id: str, accion: str) -> str:
    """Texto del botón: el de `Formato.botones` que corresponde a la acción, o la acción legible."""
    from libro.formatos import FORMATOS

    formato = FORMATOS.get(formato_id)
    for texto in formato.botones if formato else ():
        if accion_de_boton(texto) == accion:
            return texto
    return accion.replace("_", " ").capitalize()


ACCIONES: dict[str, dict[str, Accion]] = {
    "poi": acciones(poi.validar, poi.calcular_metas, poi.generar_resumen),
    "evaluacion-poi": acciones(evaluacion_poi.validar, evaluacion_poi.calcular_avance),
    "agentes-pp": acciones(agentes_pp.validar, agentes_pp.acreditar),
    "proyectos-pp": acciones(proyectos_pp.validar, proyectos_pp.calcular_puntajes, proyectos_pp.priorizar,
                             proyectos_pp.reemplazar),
    "cronograma-pp": acciones(cronograma_pp.validar, cronograma_pp.generar_resumen),
    "plan-trabajo": acciones(cronograma_pp.validar, cronograma_pp.generar_resumen),
}
"""formato_id (el de `libro.formatos.FORMATOS`) → {acción: función}."""
