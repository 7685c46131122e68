"""Direcciones de celda: A1 ↔ (fila, columna) 0-based."""

import re

import pytest

from libro.nucleo.celdas import celda, letra, posicion

DIRECCIONES = [(0, 0, "A1"), (11, 13, "N12"), (0, 25, "Z1"), (4, 26, "AA5"), (9, 701, "ZZ10"),
               (1048575, 16383, "XFD1048576")]  # fmt: skip


@pytest.mark.parametrize(("fila", "columna", "a1"), DIRECCIONES)
def test_ida_y_vuelta(fila: int, columna: int, a1: str) -> None:
    assert celda(fila, columna) == a1
    assert letra(columna) == a1.rstrip("0123456789")
    absoluta = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", a1)
    assert posicion(a1) == posicion(a1.lower()) == posicion(absoluta) == (fila, columna)


@pytest.mark.parametrize("malo", ["", "A", "12", "A1:B2", "ABCD1", "Hoja!A1"])
def test_direccion_mal_escrita_es_error(malo: str) -> None:
    with pytest.raises(ValueError, match="dirección de celda no válida"):
        posicion(malo)
