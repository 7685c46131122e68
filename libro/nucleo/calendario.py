"""Calendario peruano: feriados nacionales y días hábiles (paquete `holidays`)."""

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

_SABADO, _DOMINGO = 5, 6


@cache
def _feriados(anio: int) -> "HolidayBase":
    """Feriados nacionales del Perú de un año, con nombres en castellano."""
    import holidays  # el paquete es grande: se carga solo cuando se cuentan días hábiles

    return holidays.country_holidays("PE", years=anio, language="es")


def es_feriado(fecha: date) -> str | None:
    """Nombre del feriado nacional de esa fecha, o None si no es feriado."""
    return _feriados(fecha.year).get(fecha)


def es_dia_habil(fecha: date) -> bool:
    """De lunes a viernes y no feriado nacional."""
    return fecha.weekday() < _SABADO and es_feriado(fecha) is None


def sumar_dias_habiles(desde: date, n: int) -> date:
    """El día que cumple n días hábiles después de `desde` (sin contarlo); n=0 da `desde`."""
    if n < 0:
        raise ValueError(f"el número de días hábiles debe ser 0 o más, no {n}")
    fecha = desde
    while n:
        fecha += timedelta(days=1)
        if es_dia_habil(fecha):
            n -= 1
    return fecha


def motivo_no_laborable(fecha: date) -> str | None:
    """Por qué la fecha no es hábil («feriado: Navidad del Señor», «sábado», «domingo»), o None.

    Un feriado que cae en fin de semana se informa como feriado.
    """
    if feriado := es_feriado(fecha):
        return f"feriado: {feriado}"
    if fecha.weekday() == _SABADO:
        return "sábado"
    if fecha.weekday() == _DOMINGO:
        return "domingo"
    return None
