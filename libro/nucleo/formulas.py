"""Fórmulas de Excel que escribe Libro: referencias A1 y las piezas que se repiten.

Solo funciones que Excel 2016 y LibreOffice calculan igual (SUM, SUMIFS, SUMPRODUCT, COUNTIF,
AVERAGEIF, ROUND, IF, IFERROR, ISNUMBER, AND). Cada fórmula lleva el valor que Libro calculó
(`Formula.valor`), y una prueba recalcula los libros en LibreOffice y compara.
"""

from collections.abc import Sequence

from libro.nucleo.celdas import celda, letra
from libro.nucleo.declaracion import Ficha, Tabla
from libro.nucleo.escritura import columnas_contiguas
from libro.nucleo.lector import LibroLeido


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


class Rejilla:
    """Dónde están las columnas de una hoja de datos: las leídas o, en la plantilla, las declaradas."""

    def __init__(self, libro: LibroLeido, tabla: Tabla) -> None:
        self.tabla = tabla
        self.lectura = libro.hojas.get(tabla.nombre)
        self.hoja = libro.nombres_reales.get(tabla.nombre, tabla.nombre) if self.lectura else tabla.nombre
        primera = self.lectura.fila_encabezado + 1 if self.lectura else tabla.primera_fila
        ultima = max((f.fila for f in self.lectura.filas), default=0) if self.lectura else 0
        self.desde, self.hasta = primera, max(primera + tabla.filas_plantilla - 1, ultima)

    def j(self, campo: str, mes: int | None = None) -> int | None:
        if self.lectura is not None:
            return self.lectura.columna(campo, mes)
        return self.tabla.columna(campo, mes)

    def rango(self, campo: str, mes: int | None = None) -> str | None:
        j = self.j(campo, mes)
        return None if j is None else columna(self.hoja, j, self.desde, self.hasta)


def celda_ficha(libro: LibroLeido, ficha: Ficha, campo: str) -> str:
    """Referencia absoluta al valor de un dato de una ficha («'Datos'!$B$7»), leída o declarada."""
    lectura = libro.hojas.get(ficha.nombre)
    fila, j = (lectura.ubicaciones.get(campo) if lectura else None) or (ficha.fila_de(campo), 1)
    return ref(fila, j, libro.nombres_reales.get(ficha.nombre, ficha.nombre), absoluta=True)
