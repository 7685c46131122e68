"""Fechas de Excel: número de serie ↔ fecha, en un solo lugar.

Excel guarda una fecha como el número de días desde una época, con la hora como fracción del día.

**Sistema 1900** (Excel para Windows y todo libro que escribe libro): el serial 1 es el 1/1/1900.
Excel heredó de Lotus 1-2-3 un error: trata 1900 como bisiesto. El serial 60 es el «29 de febrero
de 1900», un día que no existió, y por eso los seriales 1 a 59 van un día por delante de la cuenta
que vale desde el 61 (1/3/1900) en adelante: días desde el 30/12/1899. Aquí:

- 1 a 59 → la fecha que Excel muestra (1 → 1/1/1900, 59 → 28/2/1900), contando desde el 31/12/1899;
- 60 → `SerialInvalido`: el día no existe y no se adivina;
- 61 en adelante → días desde el 30/12/1899 (61 → 1/3/1900, 2958465 → 31/12/9999);
- menos de 1 o desde 2958466 → `SerialInvalido` (Excel no muestra esas fechas).

**Sistema 1904** (`<workbookPr date1904="1"/>`, libros del Excel para Mac anterior a 2011): el
serial 0 es el 1/1/1904, sin día inventado; el mismo día vale 1462 menos que en el sistema 1900.

Al leer se descarta la hora (la fracción); al escribir un `datetime`, la hora se conserva.
"""

import math
from datetime import date, datetime, timedelta

_EPOCA_1900 = datetime(1899, 12, 30)
"""Día 0 de la cuenta que vale desde el serial 61 (1/3/1900)."""
_EPOCA_1904 = datetime(1904, 1, 1)
_PRIMER_DIA_REAL = 61
"""Serial del 1/3/1900: antes de él, Excel cuenta el 29/2/1900 que no existió."""
_FEBRERO_29_1900 = 60
_DIFERENCIA_1904 = 1462
"""Seriales de diferencia entre ambos sistemas para el mismo día."""
_MAXIMO_1900 = 2958465
"""31/12/9999, el último día que Excel muestra."""


class SerialInvalido(ValueError):
    """El número no es una fecha que Excel muestre (mensaje en español)."""


def _limites(sistema_1904: bool) -> tuple[int, int]:
    """Primer y último serial que Excel muestra como fecha."""
    return (0, _MAXIMO_1900 - _DIFERENCIA_1904) if sistema_1904 else (1, _MAXIMO_1900)


def fecha_de_serial(serial: float, sistema_1904: bool = False) -> date:
    """Número de serie de Excel → fecha (la hora se descarta)."""
    dias = math.floor(serial) if math.isfinite(serial) else -1
    minimo, maximo = _limites(sistema_1904)
    if not minimo <= dias <= maximo:
        raise SerialInvalido(
            f"El número {serial:g} no es una fecha de Excel: escriba la fecha, por ejemplo 15/05/2026"
        )
    if sistema_1904:
        return (_EPOCA_1904 + timedelta(days=dias)).date()
    if dias == _FEBRERO_29_1900:
        raise SerialInvalido("El número 60 es el 29 de febrero de 1900 de Excel, que no existe")
    ajuste = 1 if dias < _PRIMER_DIA_REAL else 0
    return (_EPOCA_1900 + timedelta(days=dias + ajuste)).date()


def serial_de_fecha(fecha: date, sistema_1904: bool = False) -> float:
    """Fecha → número de serie de Excel: entero para un `date`; un `datetime` lleva la hora como fracción."""
    momento = fecha if isinstance(fecha, datetime) else datetime(fecha.year, fecha.month, fecha.day)
    dias = (momento - (_EPOCA_1904 if sistema_1904 else _EPOCA_1900)).total_seconds() / 86400
    if not sistema_1904 and dias < _PRIMER_DIA_REAL:
        dias -= 1
    minimo, maximo = _limites(sistema_1904)
    if not minimo <= dias < maximo + 1:
        raise SerialInvalido(f"Excel no puede mostrar la fecha {fecha:%d/%m/%Y}")
    return dias if isinstance(fecha, datetime) else int(dias)
