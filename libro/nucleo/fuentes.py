"""De dónde vienen las grillas: un archivo leído sin Excel (python-calamine) o un libro xlwings."""

import re
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from libro.nucleo.lector import Grilla
from libro.nucleo.limites import LIMITES, exceso_de_extension

_NOMBRE = re.compile(rb'<definedName[^>]*name="LIBRO_FORMATO"[^>]*>(?:=)?"?([^"<]+)"?</definedName>')


class LibroIlegible(Exception):
    """El archivo no se puede abrir como libro (mensaje en español)."""


def abrir(ruta: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(ruta))
    except Exception as exc:  # calamine lanza varios tipos según el daño del archivo
        raise LibroIlegible(
            f"no se pudo abrir «{ruta.name}» como libro de Excel ({type(exc).__name__}: {exc}). "
            "¿Está dañado, protegido con contraseña o es de otro tipo?"
        ) from exc


BYTES_EN_PARALELO = 1 << 20
"""Desde este tamaño (≈ 5 000 actividades) un libro se lee con dos hilos."""


def grillas_de_archivo(
    ruta: Path, hojas: list[str] | None = None, libro: CalamineWorkbook | None = None
) -> dict[str, Grilla]:
    """Valores de las hojas (todas, o las nombradas) como grillas desde A1 (calamine), en el orden del
    libro."""
    libro = libro or abrir(ruta)
    llegadas = dict(grillas_por_llegada(ruta, hojas, libro))
    return {n: llegadas[n] for n in libro.sheet_names if n in llegadas}


def grillas_por_llegada(
    ruta: Path, hojas: list[str] | None = None, libro: CalamineWorkbook | None = None
) -> Iterator[tuple[str, Grilla]]:
    """(nombre, grilla) de cada hoja (todas, o las nombradas) a medida que calamine termina de leerlas.

    Un libro grande se lee con dos hilos, cada uno con su propio libro abierto: calamine suelta el GIL
    mientras interpreta una hoja, así que quien recibe una grilla la convierte mientras sigue la lectura
    de la más grande. Si quien recibe deja de pedir (una falla), no se empiezan las hojas que faltan.
    """
    libro = libro or abrir(ruta)
    nombres = [n for n in libro.sheet_names if hojas is None or n in hojas]
    if len(nombres) < 2 or ruta.stat().st_size < BYTES_EN_PARALELO:
        yield from ((n, _grilla(libro, n, ruta)) for n in nombres)
        return
    propio = threading.local()

    def leer(nombre: str) -> tuple[str, Grilla]:
        if not hasattr(propio, "libro"):
            propio.libro = abrir(ruta)
        return nombre, _grilla(propio.libro, nombre, ruta)

    hilos = ThreadPoolExecutor(2)
    try:
        for futuro in as_completed([hilos.submit(leer, n) for n in nombres]):
            yield futuro.result()
    finally:
        hilos.shutdown(cancel_futures=True)


def _grilla(libro: CalamineWorkbook, nombre: str, ruta: Path) -> Grilla:
    """La hoja como grilla desde A1; antes de pasarla a Python, su extensión se mide contra los límites."""
    try:
        hoja = libro.get_sheet_by_name(nombre)
        exceso = hoja.end and exceso_de_extension(nombre, hoja.end[0] + 1, hoja.end[1] + 1, LIMITES)
        if not exceso:
            return hoja.to_python(skip_empty_area=False)
    except Exception as exc:
        raise LibroIlegible(f"no se pudo leer la hoja «{nombre}» de «{ruta.name}»: {exc}") from exc
    raise LibroIlegible(f"«{ruta.name}»: {exceso}")


def etiqueta_formato(ruta: Path) -> str | None:
    """El valor del nombre definido LIBRO_FORMATO («poi@1»), si el libro lo tiene."""
    try:
        with zipfile.ZipFile(ruta) as z:
            m = _NOMBRE.search(z.read("xl/workbook.xml"))
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return m.group(1).decode() if m else None


def grillas_de_book(book: Any, hojas: list[str]) -> dict[str, Grilla]:
    """Valores de las hojas nombradas de un `xw.Book`, una lectura por hoja."""
    grillas = {}
    for nombre in hojas:
        hoja = book.sheets[nombre]
        ultima = hoja.used_range.last_cell
        valores = hoja.range((1, 1), (ultima.row, ultima.column)).value
        if not isinstance(valores, list):
            valores = [[valores]]
        elif valores and not isinstance(valores[0], list):
            valores = [valores]
        grillas[nombre] = valores
    return grillas
