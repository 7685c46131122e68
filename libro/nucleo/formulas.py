"""Fórmulas de Excel que escribe Libro: referencias A1 y las piezas que se repiten.

Solo funciones que Excel 2016 y LibreOffice calculan igual (SUM, SUMIFS, SUMPRODUCT, COUNTIF,
AVERAGEIF, ROUND, IF, IFERROR, ISNUMBER, AND). Cada fórmula lleva el valor que Libro calculó
(`Formula.valor`), y una prueba recalcula los libros en LibreOffice y compara.
"""

from collections.abc import Sequence

from libro.nucleo.celdas import celda, letra
from libro.nucleo.escritura import columnas_contiguas


def hoja_ref(hoja: str) -> str:
    """«Actividades» → «'Actividades'!» (siempre entre comillas: nombres con espacios o tildes)."""
    return "'" + hoja.replace("'", "''") + "'!"


def columna(hoja: str | None, j: int, desde: int, hasta: int) -> str:
    """Rango absoluto de una columna entre dos filas 0-based: «'Actividades'!$L$6:$L$1005»."""
    prefijo = hoja_ref(hoja) if hoja else ""
    return f"{prefijo}${letra(j)}${desde + 1}:${letra(j)}${hasta + 1}"


def ref(fila: int, j: int, hoja: str | None = None, absoluta: bool = False) -> str:
    """Una celda: «L7», o «'Datos'!$B$7» con `absoluta`."""
    prefijo = hoja_ref(hoja) if hoja else ""
    if absoluta:
        return f"{prefijo}${letra(j)}${fila + 1}"
    return prefijo + celda(fila, j)


def celdas(fila: int, columnas: Sequence[int]) -> str:
    """Las celdas de una fila como argumentos de SUM: tramos contiguos «L7:W7» separados por comas."""
    return ",".join(
        celda(fila, t[0]) if len(t) == 1 else f"{celda(fila, t[0])}:{celda(fila, t[-1])}"
        for t in columnas_contiguas(list(columnas))
    )


def texto(valor: str) -> str:
    """Un texto como constante de fórmula: «"No acumulable"»."""
    return '"' + valor.replace('"', '""') + '"'
