"""Botones del cronograma del POI (Anexo 02): `validar`, `generar_anexo`.

Desde Excel de escritorio: `RunPython "import macros_py.cronograma_poi; macros_py.cronograma_poi.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.botones import ejecutar
from libro.nucleo.observacion import Observacion

FORMATO = "cronograma-poi"


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida fechas y orden de las evaluaciones; llena «Observaciones» y marca las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "validar")


def generar_anexo(book: xw.Book | None = None) -> list[Observacion]:
    """Llena la hoja «Anexo 02» (las dos tablas con los meses marcados) y valida."""
    return ejecutar(book or xw.Book.caller(), FORMATO, "generar_anexo")
