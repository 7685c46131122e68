"""Botones del libro de rendición de cuentas del PP: `validar`, `generar_informe`.

Desde Excel de escritorio: `RunPython "import macros_py.rendicion_pp; macros_py.rendicion_pp.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "rendicion-pp"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida montos, estados, reemplazos y compromisos; llena «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def generar_informe(book: xw.Book | None = None) -> list[Observacion]:
    """Llena «Resumen» (totales y ejecución por eje, con su gráfico) e «Informe del taller», y valida."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "generar_informe")
