"""Direcciones de celda tal como las lee una persona (A1) y como las cuenta Python (0-based)."""

import re

_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def letra(columna: int) -> str:
    """Columna 0-based → letras de Excel (0 → A, 26 → AA)."""
    letras = ""
    n = columna + 1
    while n:
        n, resto = divmod(n - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


def indice_columna(letras: str) -> int:
    """Letras de Excel → columna 0-based."""
    n = 0
    for c in letras.upper():
        n = n * 26 + ord(c) - 64
    return n - 1


def celda(fila: int, columna: int) -> str:
    """Fila y columna 0-based → «N12»."""
    return f"{letra(columna)}{fila + 1}"


def posicion(a1: str) -> tuple[int, int]:
    """«N12» → (fila, columna) 0-based."""
    m = _A1.match(a1.upper())
    if not m:
        raise ValueError(f"dirección de celda no válida: {a1!r}")
    return int(m.group(2)) - 1, indice_columna(m.group(1))


def rango(fila: int, columna: int, filas: int, columnas: int) -> str:
    """Rango A1 de un bloque que empieza en (fila, columna) 0-based."""
    inicio = celda(fila, columna)
    if filas == 1 and columnas == 1:
        return inicio
    return f"{inicio}:{celda(fila + filas - 1, columna + columnas - 1)}"
