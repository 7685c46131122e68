"""Botones del libro de agentes del Presupuesto Participativo: `validar`, `acreditar`.

Desde Excel de escritorio: `RunPython "import macros_py.agentes_pp; macros_py.agentes_pp.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "agentes-pp"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida solicitudes, faltas y papeletas; llena «Observaciones» y marca las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def acreditar(book: xw.Book | None = None) -> list[Observacion]:
    """Genera «Acreditación» (estado y lista por eje zonal), «Comité de Vigilancia» y «Retiros»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "acreditar")
