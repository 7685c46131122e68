"""Lo que libro acepta leer de un archivo, y cómo se dice en español que algo pasa de ahí.

Lo usan la revisión previa (`inspeccion`) y la lectura misma (`fuentes`, que mide cada hoja que
calamine lee antes de convertirla en objetos de Python).
"""

from dataclasses import dataclass

MIB = 1024**2
EXTENSIONES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
"""Los archivos que libro abre como libros."""
NO_ES_LIBRO = "no es un libro de Excel (.xlsx, .xlsm, .xls, .ods)"


@dataclass(frozen=True)
class Limites:
    """Lo que libro acepta leer. Medido: un POI de 20.000 actividades se valida en 0,8 s con 140 MB."""

    bytes_archivo: int = 100 * MIB
    """Peso del archivo en disco (un POI de 20.000 actividades pesa 5 MB)."""
    partes: int = 10_000
    """Partes (archivos internos) del ZIP."""
    hojas: int = 200
    bytes_parte: int = 256 * MIB
    """Tamaño descomprimido de una parte, declarado y real (200.000 filas de 25 celdas ≈ 200 MB de XML)."""
    bytes_total: int = 1024 * MIB
    """Suma de los tamaños descomprimidos (declarados, y reales de las partes XML)."""
    razon: int = 100
    """Compresión máxima (descomprimido / comprimido) de una parte de más de `razon_desde` bytes."""
    razon_desde: int = 8 * MIB
    filas: int = 200_000
    columnas: int = 2_000
    celdas: int = 10_000_000
    """Filas × columnas de la grilla de una hoja contadas desde A1 (≈ 400 MB al leerla)."""
    caracteres_celda: int = 32_767
    """El máximo de Excel para el texto de una celda."""


LIMITES = Limites()


def numero(valor: int) -> str:
    """12345 → «12.345»."""
    return f"{valor:,}".replace(",", ".")


def megas(valor: int) -> str:
    return f"{numero(max(1, round(valor / MIB)))} MB"


def exceso_de_extension(
    hoja: str, fila: int, columna: int, limites: Limites, celda_fila: str = "", celda_columna: str = ""
) -> str | None:
    """Por qué una hoja con datos hasta la `fila` y la `columna` (1-based) no se lee; None si cabe."""
    if fila > limites.filas:
        donde = f" (celda {celda_fila})" if celda_fila else ""
        motivo = (
            f"tiene datos en la fila {numero(fila)}{donde}; libro lee hasta {numero(limites.filas)} filas"
        )
    elif columna > limites.columnas:
        donde = f" (celda {celda_columna})" if celda_columna else ""
        motivo = (
            f"tiene datos en la columna {numero(columna)}{donde}; libro lee hasta "
            f"{numero(limites.columnas)} columnas"
        )
    elif fila * columna > limites.celdas:
        motivo = (
            f"ocupa {numero(fila)} filas por {numero(columna)} columnas ({numero(fila * columna)} celdas "
            f"desde A1); libro lee hasta {numero(limites.celdas)} celdas por hoja"
        )
    else:
        return None
    return (
        f"la hoja «{hoja}» {motivo}: borre las filas y columnas sobrantes del final (aunque parezcan "
        "vacías) o copie los datos a una plantilla nueva"
    )
