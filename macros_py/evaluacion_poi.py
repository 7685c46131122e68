"""Botones del libro de evaluación trimestral del POI: `validar`, `calcular_avance`.

Desde Excel de escritorio: `RunPython "import macros_py.evaluacion_poi; macros_py.evaluacion_poi.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "evaluacion-poi"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida la evaluación y llena «Observaciones»; marca en color las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def calcular_avance(book: xw.Book | None = None) -> list[Observacion]:
    """Calcula % de avance físico, % de ejecución financiera, semáforo, «Resumen» y «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "calcular_avance")
