"""Botones del libro de proyectos del Presupuesto Participativo.

`validar`, `calcular_puntajes` (celdas calculadas de «Fichas» y «Puntajes»), `priorizar` (todo:
puntajes, «Priorización», «Acta», «Reemplazos») y `reemplazar` (solo «Reemplazos», con el proyecto y
el motivo escritos en «Parámetros»). Desde Excel de escritorio:
`RunPython "import macros_py.proyectos_pp; macros_py.proyectos_pp.priorizar()"`.
"""

import xlwings as xw

from libro.escritura import Escritura
from libro.formatos.proyectos_pp import PROYECTOS_PP
from libro.lector import LibroLeido
from libro.observacion import Observacion
from libro.procesos import plan_calculo, plan_validacion
from libro.proyectos_salidas import escritura_puntajes, escritura_reemplazos
from libro.proyectos_salidas import priorizar as calcular_priorizacion
from macros_py._libro import ejecutar
from validadores.contexto import Contexto


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida fichas, criterios, puntajes y votaciones; llena «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), PROYECTOS_PP, plan_validacion)


def _con_validacion(
    libro: LibroLeido, escritura: Escritura, contexto: Contexto
) -> tuple[Escritura, list[Observacion]]:
    validacion, observaciones = plan_validacion(libro, contexto)
    return escritura.agregar(*validacion.operaciones), observaciones


def _plan_puntajes(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    calculado, escritura = escritura_puntajes(libro, calcular_priorizacion(libro))
    return _con_validacion(calculado, escritura, contexto)


def _plan_reemplazo(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    return _con_validacion(libro, escritura_reemplazos(calcular_priorizacion(libro)), contexto)


def calcular_puntajes(book: xw.Book | None = None) -> list[Observacion]:
    """Puntos y aporte por criterio en «Puntajes»; puntaje y resultado en «Fichas»."""
    return ejecutar(book or xw.Book.caller(), PROYECTOS_PP, _plan_puntajes)


def priorizar(book: xw.Book | None = None) -> list[Observacion]:
    """Puntajes, «Priorización» (general y por eje), «Acta» y «Reemplazos»."""
    return ejecutar(book or xw.Book.caller(), PROYECTOS_PP, plan_calculo)


def reemplazar(book: xw.Book | None = None) -> list[Observacion]:
    """Registra en «Reemplazos» el reemplazo pedido en «Parámetros» (art. 16.2)."""
    return ejecutar(book or xw.Book.caller(), PROYECTOS_PP, _plan_reemplazo)
