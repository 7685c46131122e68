"""Botones del Resumen del POA: `validar`, `generar_resumen`.

Desde Excel de escritorio: `RunPython "import macros_py.resumen_poa; macros_py.resumen_poa.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "resumen-poa"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida secciones, aprobación, pronunciamiento y cifras; llena «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def generar_resumen(book: xw.Book | None = None) -> list[Observacion]:
    """Vuelve a armar la hoja «Resumen del POA» con lo que el libro tiene ahora (no valida)."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "generar_resumen")
