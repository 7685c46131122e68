"""Botones del libro de proyectos del Presupuesto Participativo: `validar`, `calcular_puntajes`,
`priorizar`, `reemplazar`.

Desde Excel de escritorio: `RunPython "import macros_py.proyectos_pp; macros_py.proyectos_pp.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "proyectos-pp"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida fichas, criterios, puntajes y votaciones; llena «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def calcular_puntajes(book: xw.Book | None = None) -> list[Observacion]:
    """Puntos y aporte por criterio en «Puntajes»; puntaje y resultado en «Fichas»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "calcular_puntajes")


def priorizar(book: xw.Book | None = None) -> list[Observacion]:
    """Puntajes, «Priorización» (general y por eje), «Acta» y «Reemplazos»."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "priorizar")


def reemplazar(book: xw.Book | None = None) -> list[Observacion]:
    """Registra en «Reemplazos» el reemplazo pedido en «Parámetros» (art. 16.2)."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "reemplazar")
