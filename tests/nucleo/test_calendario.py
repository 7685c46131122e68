from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libro.nucleo.calendario import es_dia_habil, es_feriado, motivo_no_laborable, sumar_dias_habiles


@pytest.mark.parametrize(
    ("fecha", "nombre"),
    [
        (date(2026, 1, 1), "Año Nuevo"),
        (date(2026, 4, 2), "Jueves Santo"),
        (date(2026, 4, 3), "Viernes Santo"),
        (date(2026, 5, 1), "Trabajo"),
        (date(2026, 6, 29), "San Pedro y San Pablo"),
        (date(2026, 7, 28), "Independencia"),
        (date(2026, 7, 29), "Parada Militar"),
        (date(2026, 8, 30), "Santa Rosa de Lima"),
        (date(2026, 12, 8), "Inmaculada Concepción"),
        (date(2026, 12, 25), "Navidad"),
        (date(2024, 3, 28), "Jueves Santo"),
    ],
)
def test_feriados_nacionales(fecha, nombre):
    assert nombre in es_feriado(fecha)
    assert not es_dia_habil(fecha)


@pytest.mark.parametrize("fecha", [date(2026, 4, 1), date(2026, 3, 10), date(2026, 7, 27)])
def test_dias_comunes(fecha):
    assert es_feriado(fecha) is None
    assert es_dia_habil(fecha)
    assert motivo_no_laborable(fecha) is None


def test_fin_de_semana_no_es_habil():
    assert not es_dia_habil(date(2026, 3, 7))
    assert not es_dia_habil(date(2026, 3, 8))
    assert es_dia_habil(date(2026, 3, 9))


@pytest.mark.parametrize(
    ("desde", "n", "esperado"),
    [
        (date(2026, 4, 1), 2, date(2026, 4, 7)),  # salta Jueves y Viernes Santo y el fin de semana
        (date(2026, 4, 1), 0, date(2026, 4, 1)),
        (date(2026, 4, 4), 0, date(2026, 4, 4)),
        (date(2026, 3, 9), 2, date(2026, 3, 11)),
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # viernes → lunes
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # sábado → lunes
        (date(2026, 3, 8), 2, date(2026, 3, 10)),  # domingo → martes
        (date(2026, 7, 27), 2, date(2026, 7, 31)),  # Fiestas Patrias
        (date(2026, 12, 7), 2, date(2026, 12, 11)),  # 8 y 9 de diciembre
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # Año Nuevo 2027 y fin de semana
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
    ],
)
def test_sumar_dias_habiles(desde, n, esperado):
    assert sumar_dias_habiles(desde, n) == esperado


def test_sumar_dias_habiles_negativos():
    with pytest.raises(ValueError, match="días hábiles"):
        sumar_dias_habiles(date(2026, 4, 1), -1)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_sumar_cuenta_exactamente_n_dias_habiles(desde, n):
    fin = sumar_dias_habiles(desde, n)
    entre = [desde + timedelta(days=i) for i in range(1, (fin - desde).days + 1)]
    assert sum(map(es_dia_habil, entre)) == n
    assert n == 0 or es_dia_habil(fin)


@pytest.mark.parametrize(
    ("fecha", "motivo"),
    [
        (date(2026, 3, 7), "sábado"),
        (date(2026, 3, 8), "domingo"),
        (date(2026, 5, 1), "feriado: Día del Trabajo"),
        (date(2026, 7, 28), "feriado: Día de la Independencia"),
        (date(2026, 4, 5), "feriado: Domingo de Resurrección"),  # feriado en domingo
    ],
)
def test_motivo_no_laborable(fecha, motivo):
    assert motivo_no_laborable(fecha) == motivo
