"""Cómo se imprime una hoja: papel, orientación, escala y bloques, elegidos por su ancho.

Una hoja angosta se ajusta al ancho de un A4. Una ancha pasa a A4 horizontal o a A3 horizontal si
así no baja de `ESCALA_MINIMA` (texto de 10 puntos impreso a 7 como mínimo); si ni así cabe, se parte
en bloques impresos en los límites de sus grupos de columnas (programación física, financiera…)
y las columnas de identificación se repiten en cada página.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Papel = Literal["A4", "A3"]
CODIGO_PAPEL: dict[Papel, int] = {"A4": 9, "A3": 8}
"""Códigos de papel de Excel (pageSetup/@paperSize)."""
ANCHO_PAPEL: dict[Papel, tuple[float, float]] = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}
"""(vertical, horizontal) en puntos."""
MARGEN_LATERAL = 0.4
"""Pulgadas a cada lado."""
FUENTE_MINIMA = 7.0
FUENTE_TEXTO = 10.0
ESCALA_MINIMA = round(100 * FUENTE_MINIMA / FUENTE_TEXTO)
"""%: el texto de 10 puntos de las hojas se imprime a 7 puntos como mínimo."""


def puntos(ancho: float) -> float:
    """Ancho impreso (puntos, al 100 %) de una columna de Excel de `ancho` caracteres.

    Es como lo imprime LibreOffice (7 puntos por carácter más 5); Excel la imprime más angosta
    (7 píxeles más 5, a 0,75 puntos por píxel), así que lo que cabe en LibreOffice cabe en Excel.
    """
    return ancho * 7 + 5


@dataclass(frozen=True)
class Pagina:
    """La configuración de página de una hoja."""

    papel: Papel = "A4"
    horizontal: bool = False
    escala: int | None = None
    """% fijo; None: ajustar al ancho de una página."""
    cortes: tuple[int, ...] = ()
    """Columnas 0-based con las que empieza cada bloque impreso, después del primero."""
    filas_titulo: tuple[int, int] | None = None
    """Filas 0-based (desde, hasta) que se repiten arriba de cada página."""
    columnas_titulo: tuple[int, int] | None = None
    """Columnas 0-based (desde, hasta) que se repiten a la izquierda de cada página."""
    ultima_columna: int | None = None
    """Última columna del área de impresión (None: lo que tenga la hoja)."""

    @property
    def codigo_papel(self) -> int:
        return CODIGO_PAPEL[self.papel]

    def util(self) -> float:
        """Ancho imprimible en puntos."""
        return ANCHO_PAPEL[self.papel][self.horizontal] - 2 * 72 * MARGEN_LATERAL


def _tramos(anchos: Sequence[float], grupos: Sequence[tuple[int, int]], fijas: int) -> list[tuple[int, int]]:
    """Las unidades que no se parten al imprimir: cada grupo entero, y cada columna suelta."""
    en_grupo = {c: g for g in grupos for c in range(g[0], g[1] + 1)}
    tramos: list[tuple[int, int]] = []
    c = fijas
    while c < len(anchos):
        g = en_grupo.get(c)
        desde, hasta = (max(g[0], fijas), g[1]) if g else (c, c)
        tramos.append((desde, hasta))
        c = hasta + 1
    return tramos


def _bloques(
    anchos: Sequence[float], tramos: list[tuple[int, int]], fijas: float, disponible: float
) -> list[list[tuple[int, int]]] | None:
    """Reparte los tramos en páginas de `disponible` puntos (con las columnas fijas en cada una)."""
    bloques: list[list[tuple[int, int]]] = []
    usado = 0.0
    for t in tramos:
        ancho = sum(puntos(a) for a in anchos[t[0] : t[1] + 1])
        if fijas + ancho > disponible:
            return None
        if bloques and fijas + usado + ancho <= disponible:
            bloques[-1].append(t)
            usado += ancho
        else:
            bloques.append([t])
            usado = ancho
    return bloques


def elegir_pagina(
    anchos: Sequence[float],
    grupos: Sequence[tuple[int, int]] = (),
    fijas: int = 0,
    filas_titulo: tuple[int, int] | None = None,
    vertical: bool = True,
) -> Pagina:
    """La página más chica donde la hoja se lee: A4 vertical (si se permite), A4 u A3 horizontal
    ajustada al ancho, o bloques impresos con las `fijas` primeras columnas repetidas."""
    total = sum(puntos(a) for a in anchos)
    ultima = len(anchos) - 1 if anchos else None
    opciones: list[tuple[Papel, bool]] = [("A4", False)] if vertical else []
    opciones += [("A4", True), ("A3", True)]
    for papel, horizontal in opciones:
        pagina = Pagina(papel, horizontal, None, (), filas_titulo, None, ultima)
        if total * ESCALA_MINIMA / 100 <= pagina.util():
            return pagina
    ancho_fijas = sum(puntos(a) for a in anchos[:fijas])
    tramos = _tramos(anchos, grupos, fijas)
    mejor: Pagina | None = None
    for papel in ("A4", "A3"):
        util = Pagina(papel, True).util()
        bloques = _bloques(anchos, tramos, ancho_fijas, util * 100 / ESCALA_MINIMA)
        if bloques is None:
            continue
        mas_ancho = max(ancho_fijas + sum(puntos(a) for a in anchos[b[0][0] : b[-1][1] + 1]) for b in bloques)
        escala = min(100, int(util * 100 / mas_ancho))
        pagina = Pagina(
            papel,
            True,
            escala,
            tuple(b[0][0] for b in bloques[1:]),
            filas_titulo,
            (0, fijas - 1) if fijas else None,
            ultima,
        )
        if mejor is None or len(pagina.cortes) < len(mejor.cortes):
            mejor = pagina
    return mejor or Pagina("A3", True, ESCALA_MINIMA, (), filas_titulo, None, ultima)


def encabezado(texto: str) -> str:
    """Encabezado de página de Excel: a la izquierda el texto (unidad o formato), a la derecha la hoja."""
    return f"&L&10{_escapar(texto)}&R&10&A"


PIE = "&L&10&F&C&10Página &P de &N&R&10Impreso el &D"
"""Pie de página: archivo, «Página N de M» y fecha de impresión (a 10 puntos: impresa al 70 %, 7)."""


def _escapar(texto: str) -> str:
    return texto.replace("&", "&&")[:200]


def configurar(ws: object, pagina: Pagina, texto_encabezado: str) -> None:
    """Aplica la página a una hoja de XlsxWriter: papel, escala o ajuste, cortes, títulos y encabezados."""
    ws.set_paper(pagina.codigo_papel)  # type: ignore[attr-defined]
    ws.set_landscape() if pagina.horizontal else ws.set_portrait()  # type: ignore[attr-defined]
    ws.set_margins(left=MARGEN_LATERAL, right=MARGEN_LATERAL, top=0.75, bottom=0.75)  # type: ignore[attr-defined]
    if pagina.escala:
        ws.set_print_scale(pagina.escala)  # type: ignore[attr-defined]
        ws.set_v_pagebreaks(list(pagina.cortes))  # type: ignore[attr-defined]
    else:
        ws.fit_to_pages(1, 0)  # type: ignore[attr-defined]
    if pagina.filas_titulo:
        ws.repeat_rows(*pagina.filas_titulo)  # type: ignore[attr-defined]
    if pagina.columnas_titulo:
        ws.repeat_columns(*pagina.columnas_titulo)  # type: ignore[attr-defined]
    if pagina.ultima_columna is not None:
        ws.print_area(0, 0, 1_048_575, pagina.ultima_columna)  # type: ignore[attr-defined]
    opciones = {"scale_with_doc": False}
    ws.set_header(encabezado(texto_encabezado), opciones)  # type: ignore[attr-defined]
    ws.set_footer(PIE, opciones)  # type: ignore[attr-defined]
