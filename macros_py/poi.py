"""Botones del libro POI: `validar`, `calcular_metas`, `generar_resumen`.

Desde Excel de escritorio: `RunPython "import macros_py.poi; macros_py.poi.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "poi"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida el libro y llena «Observaciones»; marca en color las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def calcular_metas(book: xw.Book | None = None) -> list[Observacion]:
    """Reparte metas y montos por perfil, calcula totales, «Resumen» y «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "calcular_metas")


def generar_resumen(book: xw.Book | None = None) -> list[Observacion]:
    """Llena solo la hoja «Resumen» con lo que el libro tiene ahora (sin tocar otras hojas)."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "generar_resumen")
