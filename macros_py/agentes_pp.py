"""Botones del libro de agentes del Presupuesto Participativo: `validar` y `acreditar`.

Desde Excel de escritorio: `RunPython "import macros_py.agentes_pp; macros_py.agentes_pp.acreditar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.formatos.agentes_pp import AGENTES_PP
from libro.observacion import Observacion
from libro.procesos import plan_calculo, plan_validacion
from macros_py._libro import ejecutar


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida solicitudes, faltas y papeletas; llena «Observaciones» y marca las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), AGENTES_PP, plan_validacion)


def acreditar(book: xw.Book | None = None) -> list[Observacion]:
    """Genera «Acreditación» (estado y lista por eje zonal), «Comité de Vigilancia» y «Retiros»."""
    return ejecutar(book or xw.Book.caller(), AGENTES_PP, plan_calculo)
