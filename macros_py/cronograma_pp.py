"""Botones del cronograma del PP y del plan de trabajo: `validar` y `generar_resumen`.

Desde Excel de escritorio: `RunPython "import macros_py.cronograma_pp; macros_py.cronograma_pp.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

from typing import Any

import xlwings as xw

from libro.declaracion import Formato
from libro.escritura import Escritura
from libro.formatos.cronograma_pp import CRONOGRAMA_PP
from libro.formatos.plan_trabajo import PLAN_TRABAJO
from libro.lector import LibroLeido
from libro.observacion import Observacion
from libro.procesos import calcular, plan_validacion
from macros_py._libro import ejecutar
from validadores.contexto import Contexto


def _formato(book: Any) -> Formato:
    """El plan de trabajo si el libro tiene su hoja; si no, el cronograma del PP."""
    nombres = [s.name for s in book.sheets]
    es_plan = PLAN_TRABAJO.buscar_hoja(nombres, PLAN_TRABAJO.hojas_que_identifican)
    return PLAN_TRABAJO if es_plan else CRONOGRAMA_PP


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida el cronograma y llena «Observaciones»; marca en color las celdas observadas."""
    book = book or xw.Book.caller()
    return ejecutar(book, _formato(book), plan_validacion)


def _plan_resumen(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    _, escritura = calcular(libro)
    return escritura, []


def generar_resumen(book: xw.Book | None = None) -> list[Observacion]:
    """Llena Inicio y Fin, «Gantt», «Vencimientos» y «Carga por responsable» (no valida)."""
    book = book or xw.Book.caller()
    return ejecutar(book, _formato(book), _plan_resumen)
