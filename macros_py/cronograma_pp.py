"""Botones del cronograma del Presupuesto Participativo (Anexo I): `validar`, `generar_resumen`.

Desde Excel de escritorio: `RunPython "import macros_py.cronograma_pp; macros_py.cronograma_pp.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "cronograma-pp"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida el cronograma y llena «Observaciones»; marca en color las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def generar_resumen(book: xw.Book | None = None) -> list[Observacion]:
    """Llena Inicio y Fin, «Gantt», «Vencimientos» y «Carga por responsable» (no valida)."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "generar_resumen")
