"""Fixtures comunes: libros reales escritos en disco con las plantillas de libro."""

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from libro.demo.poi import unidad
from libro.poi.calculo import aplicar_perfiles, costos_insumos
from libro.poi.formato import POI
from libro.salida.plantilla import escribir_plantilla

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
RAIZ = Path(__file__).resolve().parents[1]
"""La raíz del repositorio."""
# Las pruebas van por dominio (tests/poi, tests/pp…); algunas usan libros de ejemplo que arma otra.
sys.path[:0] = [str(d) for d in sorted(Path(__file__).parent.iterdir()) if d.is_dir() and d.name[0] != "_"]

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


def calculo(libro, contexto=None):
    """El libro calculado y la escritura de sus celdas y hojas generadas (sin validar)."""
    from libro.nucleo.contexto import Contexto
    from libro.registro import entrada

    registrado = entrada(libro.formato.id)
    calculado = registrado.calcular(libro, contexto or Contexto())
    return calculado.libro, registrado.escritura(calculado)


def observar(libro, contexto=None):
    """Lo que la lectura y las reglas observan en un libro ya leído."""
    from libro.procesos import observaciones_de

    return observaciones_de(libro, contexto)


def acciones_macros() -> dict[str, dict[str, Callable]]:
    """formato → {botón: su función en `macros_py/<formato>.py`}, según las entradas del registro."""
    import importlib

    from libro.registro import REGISTRO

    return {
        fid: {a: getattr(importlib.import_module("macros_py." + fid.replace("-", "_")), a)
              for a in e.acciones}
        for fid, e in REGISTRO.items()
        if e.acciones
    }
