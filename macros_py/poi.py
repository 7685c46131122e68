"""Botones del libro POI: `validar`, `calcular_metas`, `generar_resumen`.

Desde Excel de escritorio: `RunPython "import macros_py.poi; macros_py.poi.validar()"`.
Desde xlwings Server: cada función recibe el `xw.Book` que arma el servidor.
"""

import xlwings as xw

from libro.escritura import Escritura
from libro.formatos import POI
from libro.lector import LibroLeido
from libro.observacion import Observacion
from libro.poi_salidas import escritura_resumen
from libro.procesos import calcular, plan_calculo, plan_validacion
from macros_py._libro import ejecutar
from validadores.contexto import Contexto


def validar(book: xw.Book | None = None) -> list[Observacion]:
    """Valida el libro y llena «Observaciones»; marca en color las celdas observadas."""
    return ejecutar(book or xw.Book.caller(), POI, plan_validacion)


def calcular_metas(book: xw.Book | None = None) -> list[Observacion]:
    """Reparte metas y montos por perfil, calcula totales, «Resumen» y «Observaciones»."""
    return ejecutar(book or xw.Book.caller(), POI, plan_calculo)


def _plan_resumen(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    calculado, _ = calcular(libro)
    escritura = escritura_resumen(calculado, calculado.filas("Actividades"), calculado.filas("Insumos"))
    return escritura, []


def generar_resumen(book: xw.Book | None = None) -> list[Observacion]:
    """Llena solo la hoja «Resumen» con lo que el libro tiene ahora (sin tocar otras hojas)."""
    return ejecutar(book or xw.Book.caller(), POI, _plan_resumen, mensaje="Hoja «Resumen» actualizada.")
