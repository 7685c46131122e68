"""De dónde vienen las grillas: un archivo leído sin Excel (python-calamine) o un libro xlwings."""

import re
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from libro.nucleo.lector import Filas, Grilla
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
    llegadas = {n: list(filas) for n, filas in filas_por_llegada(ruta, hojas, libro)}
    return {n: llegadas[n] for n in libro.sheet_names if n in llegadas}


def filas_por_llegada(
    ruta: Path, hojas: list[str] | None = None, libro: CalamineWorkbook | None = None
) -> Iterator[tuple[str, Filas]]:
    """(nombre, filas) de cada hoja (todas, o las nombradas) a medida que calamine termina de leerlas.

    Las filas pasan a Python a medida que se recorren: quien convierte una hoja grande de a bloques
    nunca la tiene entera en Python. Un libro grande se lee con dos hilos: calamine suelta el GIL
    mientras interpreta una hoja, así que quien recibe unas filas las convierte mientras sigue la
    lectura de la hoja más grande. Uno de los hilos usa el libro ya abierto y el otro abre el suyo. Si
    quien recibe deja de pedir (una falla), no se empiezan las hojas que faltan.
    """
    libro = libro or abrir(ruta)
    nombres = [n for n in libro.sheet_names if hojas is None or n in hojas]
    if len(nombres) < 2 or ruta.stat().st_size < BYTES_EN_PARALELO:
        yield from ((n, _filas(libro, n, ruta)) for n in nombres)
        return
    propio = threading.local()
    abiertos = [libro]

    def leer(nombre: str) -> tuple[str, Filas]:
        if not hasattr(propio, "libro"):
            propio.libro = abiertos.pop() if abiertos else abrir(ruta)
        return nombre, _filas(propio.libro, nombre, ruta)

    hilos = ThreadPoolExecutor(2)
    try:
        for futuro in as_completed([hilos.submit(leer, n) for n in nombres]):
            yield futuro.result()
    finally:
        hilos.shutdown(cancel_futures=True)


def _filas(libro: CalamineWorkbook, nombre: str, ruta: Path) -> Filas:
    """Las filas de la hoja desde A1, por pasar a Python; antes, su extensión se mide contra los límites."""
    try:
        hoja = libro.get_sheet_by_name(nombre)
        exceso = hoja.end and exceso_de_extension(nombre, hoja.end[0] + 1, hoja.end[1] + 1, LIMITES)
        if not exceso:
            return _desde_a1(hoja)
    except Exception as exc:
        raise LibroIlegible(f"no se pudo leer la hoja «{nombre}» de «{ruta.name}»: {exc}") from exc
    raise LibroIlegible(f"«{ruta.name}»: {exceso}")


def _desde_a1(hoja: CalamineSheet) -> Filas:
    """Las filas de la hoja desde A1, como `to_python(skip_empty_area=False)`, a medida que se piden:
    `iter_rows` ya empieza en la fila 1, pero en la primera columna con datos."""
    filas = hoja.iter_rows()
    columna = hoja.start[1] if hoja.start else 0
    if not columna:
        return filas
    relleno = [""] * columna
    return (relleno + fila for fila in filas)


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
