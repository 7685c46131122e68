"""Botones del libro de evaluación trimestral del POI: `validar` y `calcular_avance`.

Desde Excel de escritorio: `RunPython "import macros_py.evaluacion_poi; macros_py.evaluacion_poi.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.formatos import EVALUACION_POI
from libro.observacion import Observacion
from libro.procesos import plan_calculo, plan_validacion
from macros_py._libro import ejecutar


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida la evaluación y llena «Observaciones»; marca en color las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), EVALUACION_POI, plan_validacion)


def calcular_avance(book: xw.Book | None = None) -> list[Observacion]:
    """Calcula % de avance físico, % de ejecución financiera, semáforo, «Resumen» y «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), EVALUACION_POI, plan_calculo)
