"""Fechas de Excel: una sola conversión serial ↔ fecha, con el 29/2/1900 que Excel inventa."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel, to_excel

from libro.nucleo.codecs import Fecha, ValorInvalido
from libro.nucleo.fechas import SerialInvalido, fecha_de_serial, serial_de_fecha

# (serial, sistema_1904, fecha que Excel muestra)
FECHAS = [
    (1, False, date(1900, 1, 1)),
    (2, False, date(1900, 1, 2)),
    (31, False, date(1900, 1, 31)),
    (59, False, date(1900, 2, 28)),
    (61, False, date(1900, 3, 1)),
    (62, False, date(1900, 3, 2)),
    (366, False, date(1900, 12, 31)),
    (367, False, date(1901, 1, 1)),
    (1462, False, date(1904, 1, 1)),
    (46101, False, date(2026, 3, 20)),
    (2958465, False, date(9999, 12, 31)),
    (0, True, date(1904, 1, 1)),
    (1, True, date(1904, 1, 2)),
    (44639, True, date(2026, 3, 20)),
    (2957003, True, date(9999, 12, 31)),
]

FUERA_DE_RANGO = [
    (0, False, "no es una fecha de Excel"),
    (0.99, False, "no es una fecha de Excel"),
    (-1, False, "no es una fecha de Excel"),
    (60, False, "29 de febrero de 1900"),
    (60.5, False, "29 de febrero de 1900"),
    (2958466, False, "no es una fecha de Excel"),
    (float("nan"), False, "no es una fecha de Excel"),
    (float("inf"), False, "no es una fecha de Excel"),
    (-1, True, "no es una fecha de Excel"),
    (2957004, True, "no es una fecha de Excel"),
]


@pytest.mark.parametrize(("serial", "sistema_1904", "fecha"), FECHAS)
def test_serial_y_fecha_en_ambos_sentidos(serial, sistema_1904, fecha) -> None:
    assert fecha_de_serial(serial, sistema_1904) == fecha
    assert fecha_de_serial(serial + 0.75, sistema_1904) == fecha  # la hora se descarta al leer
    assert serial_de_fecha(fecha, sistema_1904) == serial
    assert type(serial_de_fecha(fecha, sistema_1904)) is int


@pytest.mark.parametrize(("serial", "sistema_1904", "mensaje"), FUERA_DE_RANGO)
def test_seriales_que_no_son_fechas(serial, sistema_1904, mensaje) -> None:
    with pytest.raises(SerialInvalido, match=mensaje):
        fecha_de_serial(serial, sistema_1904)


@pytest.mark.parametrize(
    ("fecha", "sistema_1904"),
    [(date(1899, 12, 31), False), (date(1800, 1, 1), False), (date(1903, 12, 31), True)],
)
def test_fechas_que_excel_no_muestra(fecha, sistema_1904) -> None:
    with pytest.raises(SerialInvalido, match="Excel no puede mostrar la fecha"):
        serial_de_fecha(fecha, sistema_1904)


@pytest.mark.parametrize(
    ("momento", "serial"),
    [
        (datetime(1900, 1, 1, 12), 1.5),
        (datetime(1900, 2, 28, 18), 59.75),
        (datetime(1900, 3, 1, 6), 61.25),
        (datetime(2026, 3, 20, 12), 46101.5),
    ],
)
def test_la_hora_es_la_fraccion_del_dia(momento, serial) -> None:
    assert serial_de_fecha(momento) == pytest.approx(serial)
    assert fecha_de_serial(serial) == momento.date()


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_coincide_con_openpyxl_en_el_sistema_1900(fecha) -> None:
    serial = serial_de_fecha(fecha)
    assert serial == to_excel(fecha)
    assert fecha_de_serial(serial) == from_excel(serial).date() == fecha


@given(st.dates(min_value=date(1904, 1, 1), max_value=date(9999, 12, 31)))
def test_coincide_con_openpyxl_en_el_sistema_1904(fecha) -> None:
    serial = serial_de_fecha(fecha, sistema_1904=True)
    assert serial == to_excel(fecha, CALENDAR_MAC_1904)
    assert fecha_de_serial(serial, sistema_1904=True) == fecha
    if fecha >= date(1904, 1, 2):
        assert serial_de_fecha(fecha) - serial == 1462


def test_el_codec_de_fecha_usa_la_misma_conversion() -> None:
    assert Fecha().leer(1) == date(1900, 1, 1)
    assert Fecha().leer(61.0) == date(1900, 3, 1)
    for serial in (60, 0, 2958466):
        with pytest.raises(ValorInvalido, match=f"se encontró «{serial}»"):
            Fecha().leer(serial)
