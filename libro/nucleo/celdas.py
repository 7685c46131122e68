"""Direcciones de celda tal como las lee una persona (A1) y como las cuenta Python (0-based).

Nombres cortos sobre `xlsxwriter.utility`; aquí solo se agrega que una dirección mal escrita es un
error y no la celda A1.
"""

import re

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

_A1 = re.compile(r"\$?[A-Z]{1,3}\$?\d+")

letra = xl_col_to_name
"""Columna 0-based → letras de Excel (0 → A, 26 → AA)."""

celda = xl_rowcol_to_cell
"""Fila y columna 0-based → «N12»."""


def posicion(a1: str) -> tuple[int, int]:
    """«N12» → (fila, columna) 0-based; `ValueError` si no es una dirección de celda."""
    if not _A1.fullmatch(a1 := a1.upper()):
        raise ValueError(f"dirección de celda no válida: {a1!r}")
    return xl_cell_to_rowcol(a1)
