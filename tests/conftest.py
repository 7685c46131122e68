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
