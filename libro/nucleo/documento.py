"""Hojas para imprimir escritas de arriba abajo: títulos, párrafos, tablas y firmas, un bloque tras otro.

El texto largo va una línea por fila (`textwrap`): una línea sin ajuste de texto desborda hacia la derecha
sobre las celdas vacías, así un párrafo o el nombre largo de un proyecto se lee igual en Excel, en
LibreOffice y en papel, sin celdas combinadas ni alturas de fila.
"""

import textwrap
from typing import Any

from libro.nucleo.escritura import Bloque, Escritura, Estilo, Limpiar

FIRMA = "______________________________"
"""La línea sobre la que se firma."""


def lineas(texto: str, ancho: int) -> list[str]:
    """El texto partido en líneas de a lo sumo `ancho` caracteres (al menos una)."""
    return textwrap.wrap(texto, ancho) or [""]


def fila_envuelta(valores: list[Any], anchos: dict[int, int]) -> list[list[Any]]:
    """Una fila de tabla cuyos textos largos (columna → caracteres por línea) siguen en las filas de abajo.

    Solo se parten los textos: un número en esas columnas queda como está.
    """
    partes = {
        j: lineas(valores[j], ancho)
        for j, ancho in anchos.items()
        if j < len(valores) and isinstance(valores[j], str)
    }
    alto = max((len(p) for p in partes.values()), default=1)
    filas = [list(valores)] + [[None] * len(valores) for _ in range(alto - 1)]
    for j, trozos in partes.items():
        for k, trozo in enumerate(trozos):
            filas[k][j] = trozo
    return filas


class Documento:
    """Los bloques de una hoja generada, uno debajo de otro desde la fila 2 (la 1 es el título)."""

    def __init__(self, hoja: str, ancho_linea: int, anchos: dict[int, int] | None = None) -> None:
        self.hoja = hoja
        self.ancho_linea = ancho_linea
        """Caracteres por línea de un párrafo."""
        self.anchos = anchos or {}
        """Caracteres por línea de las columnas de texto de las tablas."""
        self.escritura = Escritura().agregar(Limpiar(hoja, 1))
        self.fila = 1

    def bloque(
        self,
        valores: list[list[Any]],
        formatos: tuple[str | None, ...] = (),
        estilos: dict[int, Estilo] | None = None,
        separacion: int = 1,
    ) -> None:
        self.escritura.agregar(Bloque(self.hoja, self.fila, 0, valores, formatos, estilos or {}))
        self.fila += len(valores) + separacion

    def titulo(self, texto: str) -> None:
        self.bloque([[texto]], estilos={0: "subtitulo"}, separacion=0)

    def parrafo(self, texto: str) -> None:
        self.bloque([[linea] for linea in lineas(texto, self.ancho_linea)], formatos=(None,))

    def tabla(
        self,
        encabezado: list[str],
        filas: list[list[Any]],
        formatos: tuple[str | None, ...],
        total: list[Any] | None = None,
    ) -> None:
        """Encabezado, filas (con sus textos largos envueltos) y una fila de total opcional."""
        cuerpo = [linea for f in filas for linea in fila_envuelta(f, self.anchos)]
        valores = [encabezado, *cuerpo, *([total] if total else [])]
        estilos: dict[int, Estilo] = {0: "encabezado"}
        if total:
            estilos[len(valores) - 1] = "total"
        self.bloque(valores, formatos, estilos)

    def firmas(self, *firmantes: tuple[int, str, str]) -> None:
        """Firmas lado a lado: (columna, nombre, cargo) de cada firmante; el nombre puede ir vacío."""
        ancho = max(j for j, _, _ in firmantes) + 1
        filas: list[list[Any]] = [[None] * ancho for _ in range(3)]
        for j, nombre, cargo in firmantes:
            filas[0][j], filas[1][j], filas[2][j] = FIRMA, nombre, cargo
        self.bloque(filas, formatos=(None,))
