"""Fixtures comunes: libros reales escritos en disco con las plantillas de libro."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from libro.ejemplos import unidad
from libro.formatos import POI
from libro.plantilla import escribir_plantilla
from libro.poi_salidas import aplicar_perfiles, costos_insumos

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

Modificar = Callable[[dict[str, list]], None]


@pytest.fixture
def libro_poi(tmp_path: Path) -> Callable[..., Path]:
    """Escribe un POI de ejemplo (con cambios opcionales sobre sus filas) y devuelve su ruta."""

    def crear(
        modificar: Modificar | None = None, nombre: str = "poi.xlsx", calculado: bool = True, **opciones
    ) -> Path:
        datos = unidad(**opciones)
        if calculado:
            datos["Actividades"] = aplicar_perfiles(datos["Actividades"])
            datos["Insumos"] = costos_insumos(datos["Insumos"])
        if modificar:
            modificar(datos)
        return escribir_plantilla(POI, tmp_path / nombre, datos)

    return crear


def cambiar(datos: dict[str, list], hoja: str, indice: int, **cambios) -> None:
    """Reemplaza campos de una fila de ejemplo."""
    datos[hoja][indice] = datos[hoja][indice].model_copy(update=cambios)


def hallazgos_de(ruta: Path) -> list[tuple[str, str]]:
    """(código, celda) de cada observación al validar el archivo."""
    from libro.procesos import validar_archivo

    return [(o.codigo, o.celda) for o in validar_archivo(ruta).observaciones]


def mensaje_de(ruta: Path, codigo: str) -> str:
    """Mensaje de la primera observación con ese código."""
    from libro.procesos import validar_archivo

    return next(o.mensaje for o in validar_archivo(ruta).observaciones if o.codigo == codigo)


def hoja_de(ruta: Path, nombre: str) -> list[list]:
    """Valores de una hoja del archivo, leídos con python-calamine."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(ruta)).get_sheet_by_name(nombre).to_python()


def filas_con(hoja: list[list], texto: str) -> list[list]:
    """Filas con alguna celda de texto que contiene `texto`."""
    return [f for f in hoja if any(isinstance(v, str) and texto in v for v in f)]


def calcular_copia(ruta: Path) -> Path:
    """Calcula el archivo en una copia «calculado_…» junto a él y devuelve su ruta."""
    from libro.procesos import calcular_archivo

    salida = ruta.with_name("calculado_" + ruta.name)
    resultado = calcular_archivo(ruta, salida)
    assert resultado.estado in ("ok", "observado"), resultado.detalle
    return salida
