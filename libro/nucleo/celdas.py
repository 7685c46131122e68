"""Direcciones de celda tal como las lee una persona (A1) y como las cuenta Python (0-based).

Nombres cortos sobre `xlsxwriter.utility`; aquí solo se agrega que una dirección mal escrita es un
error y no la celda A1.
"""

import re

_A1 = re.compile(r"\$?[A-Z]{1,3}\$?\d+")


def letra(columna: int) -> str:
    """Columna 0-based → letras de Excel (0 → A, 26 → AA)."""
    from xlsxwriter.utility import xl_col_to_name  # al usarla: importar xlsxwriter pesa al arrancar

    return xl_col_to_name(columna)


def celda(fila: int, columna: int) -> str:
    """Fila y columna 0-based → «N12»."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(fila, columna)


def posicion(a1: str) -> tuple[int, int]:
    """«N12» → (fila, columna) 0-based; `ValueError` si no es una dirección de celda."""
    if not _A1.fullmatch(a1 := a1.upper()):
        raise ValueError(f"dirección de celda no válida: {a1!r}")
    from xlsxwriter.utility import xl_cell_to_rowcol

    return xl_cell_to_rowcol(a1)
