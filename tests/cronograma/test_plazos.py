from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libro.cronograma.plazos import MESES, PlazoIlegible, interpretar_plazo, nombre_mes


def dias(anio: int, mes: int, *numeros: int) -> tuple[date, ...]:
    return tuple(date(anio, mes, n) for n in numeros)


def seguidos(inicio: date, fin: date) -> tuple[date, ...]:
    return tuple(inicio + timedelta(days=i) for i in range((fin - inicio).days + 1))


D = date

# (valor, año del proceso, tipo, inicio, fin, fechas)
CASOS = [
    # Un día (cronograma de Huayopata y variantes)
    ("07 DE MARZO", 2024, "dia", D(2024, 3, 7), D(2024, 3, 7), dias(2024, 3, 7)),
    ("11 de marzo", 2024, "dia", D(2024, 3, 11), D(2024, 3, 11), dias(2024, 3, 11)),
    ("  07   de  MARZO . ", 2024, "dia", D(2024, 3, 7), D(2024, 3, 7), dias(2024, 3, 7)),
    ("1 de marzo de 2024", None, "dia", D(2024, 3, 1), D(2024, 3, 1), dias(2024, 3, 1)),
    ("1 de marzo del 2024", 2030, "dia", D(2024, 3, 1), D(2024, 3, 1), dias(2024, 3, 1)),
    ("7 marzo 2024", None, "dia", D(2024, 3, 7), D(2024, 3, 7), dias(2024, 3, 7)),
    ("1ro de mayo", 2024, "dia", D(2024, 5, 1), D(2024, 5, 1), dias(2024, 5, 1)),
    ("1º de mayo", 2024, "dia", D(2024, 5, 1), D(2024, 5, 1), dias(2024, 5, 1)),
    ("15 de set.", 2024, "dia", D(2024, 9, 15), D(2024, 9, 15), dias(2024, 9, 15)),
    ("15 de septiembre", 2024, "dia", D(2024, 9, 15), D(2024, 9, 15), dias(2024, 9, 15)),
    ("29 de febrero", 2024, "dia", D(2024, 2, 29), D(2024, 2, 29), dias(2024, 2, 29)),
    # Fechas numéricas
    ("15/05/2026", None, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    ("15-05-2026", None, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    ("15.05.26", None, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    ("5/5/2026", 2020, "dia", D(2026, 5, 5), D(2026, 5, 5), dias(2026, 5, 5)),
    ("15/05", 2026, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    # Fechas y números de serie de Excel
    (D(2026, 5, 15), None, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    (datetime(2026, 5, 15, 9, 30), None, "dia", D(2026, 5, 15), D(2026, 5, 15), dias(2026, 5, 15)),
    (45383, None, "dia", D(2024, 4, 1), D(2024, 4, 1), dias(2024, 4, 1)),
    (45383.75, None, "dia", D(2024, 4, 1), D(2024, 4, 1), dias(2024, 4, 1)),
    (59, None, "dia", D(1900, 2, 28), D(1900, 2, 28), dias(1900, 2, 28)),
    (61, None, "dia", D(1900, 3, 1), D(1900, 3, 1), dias(1900, 3, 1)),
    # Listas de días
    ("13,14,15,16 Y 17 DE MARZO", 2024, "dias", D(2024, 3, 13), D(2024, 3, 17),
     dias(2024, 3, 13, 14, 15, 16, 17)),
    ("15 y 18 DE MARZO", 2024, "dias", D(2024, 3, 15), D(2024, 3, 18), dias(2024, 3, 15, 18)),
    ("13, 14 y 15 de marzo de 2024", None, "dias", D(2024, 3, 13), D(2024, 3, 15),
     dias(2024, 3, 13, 14, 15)),
    ("30 de marzo y 2 de abril", 2024, "dias", D(2024, 3, 30), D(2024, 4, 2),
     (D(2024, 3, 30), D(2024, 4, 2))),
    ("15/05/2026, 18/05/2026", None, "dias", D(2026, 5, 15), D(2026, 5, 18),
     dias(2026, 5, 15, 18)),
    # Rangos de días
    ("27 AL 31 DE MARZO", 2024, "rango", D(2024, 3, 27), D(2024, 3, 31),
     dias(2024, 3, 27, 28, 29, 30, 31)),
    ("del 06 al 10 de abril", 2024, "rango", D(2024, 4, 6), D(2024, 4, 10),
     dias(2024, 4, 6, 7, 8, 9, 10)),
    ("Del 06 Al 10 De Abril.", 2024, "rango", D(2024, 4, 6), D(2024, 4, 10),
     dias(2024, 4, 6, 7, 8, 9, 10)),
    ("2 al 5 de mayo del 2024", None, "rango", D(2024, 5, 2), D(2024, 5, 5),
     dias(2024, 5, 2, 3, 4, 5)),
    ("27-31 de marzo", 2024, "rango", D(2024, 3, 27), D(2024, 3, 31),
     dias(2024, 3, 27, 28, 29, 30, 31)),
    ("desde el 3 hasta el 5 de junio", 2024, "rango", D(2024, 6, 3), D(2024, 6, 5),
     dias(2024, 6, 3, 4, 5)),
    ("del 28 de febrero al 3 de marzo", 2024, "rango", D(2024, 2, 28), D(2024, 3, 3),
     (D(2024, 2, 28), D(2024, 2, 29), *dias(2024, 3, 1, 2, 3))),
    ("del 28 de febrero al 3 de marzo", 2025, "rango", D(2025, 2, 28), D(2025, 3, 3),
     (D(2025, 2, 28), *dias(2025, 3, 1, 2, 3))),
    ("30 de marzo al 2 de abril", 2024, "rango", D(2024, 3, 30), D(2024, 4, 2),
     (*dias(2024, 3, 30, 31), *dias(2024, 4, 1, 2))),
    ("del 28 de diciembre al 3 de enero de 2025", None, "rango", D(2024, 12, 28),
     D(2025, 1, 3), seguidos(D(2024, 12, 28), D(2025, 1, 3))),
    ("15/05/2026 - 20/05/2026", None, "rango", D(2026, 5, 15), D(2026, 5, 20),
     dias(2026, 5, 15, 16, 17, 18, 19, 20)),
    ("27 a 31/03/2026", None, "rango", D(2026, 3, 27), D(2026, 3, 31),
     dias(2026, 3, 27, 28, 29, 30, 31)),
    # Fecha límite
    ("hasta el 15 de junio", 2024, "hasta", D(2024, 6, 15), D(2024, 6, 15), dias(2024, 6, 15)),
    ("Hasta 15/06/2026", None, "hasta", D(2026, 6, 15), D(2026, 6, 15), dias(2026, 6, 15)),
    # Meses (plan de trabajo de la MCLCP y variantes)
    ("Marzo - Abril", 2022, "meses", D(2022, 3, 1), D(2022, 4, 30), ()),
    ("Marzo – Abril", 2022, "meses", D(2022, 3, 1), D(2022, 4, 30), ()),
    ("Abril -Mayo", 2022, "meses", D(2022, 4, 1), D(2022, 5, 31), ()),
    ("Abril-Mayo-Junio-Julio", 2022, "meses", D(2022, 4, 1), D(2022, 7, 31), ()),
    ("Julio-agosto- setiembre", 2022, "meses", D(2022, 7, 1), D(2022, 9, 30), ()),
    ("julio - septiembre", 2022, "meses", D(2022, 7, 1), D(2022, 9, 30), ()),
    ("de marzo a junio", 2022, "meses", D(2022, 3, 1), D(2022, 6, 30), ()),
    ("Mayo", 2022, "meses", D(2022, 5, 1), D(2022, 5, 31), ()),
    ("setiembre", 2022, "meses", D(2022, 9, 1), D(2022, 9, 30), ()),
    ("febrero", 2024, "meses", D(2024, 2, 1), D(2024, 2, 29), ()),
    ("MARZO 2024", None, "meses", D(2024, 3, 1), D(2024, 3, 31), ()),
    ("marzo de 2024", 2030, "meses", D(2024, 3, 1), D(2024, 3, 31), ()),
    ("mar-24", None, "meses", D(2024, 3, 1), D(2024, 3, 31), ()),
    ("ene-23", None, "meses", D(2023, 1, 1), D(2023, 1, 31), ()),
    ("SET.", 2024, "meses", D(2024, 9, 1), D(2024, 9, 30), ()),
    ("dic", 2024, "meses", D(2024, 12, 1), D(2024, 12, 31), ()),
    ("noviembre-diciembre 2022", None, "meses", D(2022, 11, 1), D(2022, 12, 31), ()),
    ("Mayo - Junio 2023", None, "meses", D(2023, 5, 1), D(2023, 6, 30), ()),
    ("noviembre-enero", 2024, "meses", D(2024, 11, 1), D(2025, 1, 31), ()),
    ("noviembre-enero 2025", None, "meses", D(2024, 11, 1), D(2025, 1, 31), ()),
    # Trimestres
    ("1er trimestre", 2024, "meses", D(2024, 1, 1), D(2024, 3, 31), ()),
    ("II trimestre 2025", None, "meses", D(2025, 4, 1), D(2025, 6, 30), ()),
    ("cuarto trimestre", 2024, "meses", D(2024, 10, 1), D(2024, 12, 31), ()),
]  # fmt: skip


@pytest.mark.parametrize(("valor", "anio", "tipo", "inicio", "fin", "fechas"), CASOS)
def test_interpreta(valor, anio, tipo, inicio, fin, fechas):
    plazo = interpretar_plazo(valor, anio)
    assert (plazo.tipo, plazo.inicio, plazo.fin, plazo.fechas) == (tipo, inicio, fin, fechas)


def test_conserva_el_texto_original():
    assert interpretar_plazo("27 AL 31 DE MARZO", 2024).texto == "27 AL 31 DE MARZO"


# (valor, año del proceso, parte del mensaje)
ILEGIBLES = [
    ("GOBIERNO REGIONAL", 2024, "No se reconoce el plazo «GOBIERNO REGIONAL»"),
    ("permanente", 2024, "No se reconoce el plazo «permanente»"),
    ("15 de marso", 2024, "No se reconoce el mes «marso»"),
    ("marso-abril", 2024, "No se reconoce el mes «marso»"),
    ("31 de febrero", 2024, "El 31 de febrero de 2024 no existe"),
    ("29 de febrero", 2025, "El 29 de febrero de 2025 no existe"),
    ("0 de marzo", 2024, "El 0 de marzo de 2024 no existe"),
    ("30/02/2026", None, "El 30 de febrero de 2026 no existe"),
    ("31/04/2026", None, "El 31 de abril de 2026 no existe"),
    ("30 al 31 de abril", 2024, "El 31 de abril de 2024 no existe"),
    ("30/13/2026", None, "El mes 13 no existe"),
    ("31 al 27 de marzo", 2024, "termina (27 de marzo de 2024) antes de empezar"),
    ("del 3 de abril al 28 de marzo", 2024, "termina (28 de marzo de 2024) antes de empezar"),
    ("marzo 2024 - febrero 2024", None, "termina (febrero de 2024) antes de empezar"),
    ("marzo - febrero", 2024, "antes de empezar"),
    ("abril-junio-julio", 2024, "no son seguidos"),
    ("15 y 13 de marzo", 2024, "no van en orden"),
    ("07 de marzo", None, "Falta el año"),
    ("Marzo - Abril", None, "Falta el año"),
    ("27 al 31 de marzo", None, "Falta el año"),
    ("1er trimestre", None, "Falta el año"),
    ("13 al 15 y 20 de marzo", 2024, "No se reconoce el plazo"),
    ("13, 14 y 15", 2024, "No se reconoce el plazo"),
    ("marzo y mayo", 2024, "No se reconoce el plazo"),
    ("mar 24", 2024, "No se reconoce el plazo"),
    ("10-11-12/03/2026", None, "No se reconoce el plazo"),
    ("", 2024, "El plazo está vacío"),
    ("  . ", 2024, "El plazo está vacío"),
    (None, 2024, "El plazo está vacío"),
    (60, None, "29 de febrero de 1900"),
    (0, None, "no es una fecha de Excel"),
    (float("nan"), None, "no es una fecha de Excel"),
    (True, None, "No se reconoce el plazo"),
    (["07 de marzo"], 2024, "No se reconoce el plazo"),
]


@pytest.mark.parametrize(("valor", "anio", "mensaje"), ILEGIBLES)
def test_ilegible(valor, anio, mensaje):
    with pytest.raises(PlazoIlegible) as error:
        interpretar_plazo(valor, anio)
    assert mensaje in str(error.value)


def test_meses():
    assert nombre_mes(1) == "enero"
    assert nombre_mes(9) == "setiembre"
    assert nombre_mes(12) == "diciembre"
    assert MESES["septiembre"] == MESES["setiembre"] == MESES["set"] == MESES["sep"] == 9
    assert MESES["ene"] == 1 and MESES["dic"] == 12
    assert all(clave.isascii() and clave.islower() for clave in MESES)
    assert sorted(set(MESES.values())) == list(range(1, 13))
    with pytest.raises(ValueError):
        nombre_mes(13)


FECHAS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(FECHAS)
def test_fecha_numerica_ida_y_vuelta(d):
    plazo = interpretar_plazo(d.strftime("%d/%m/%Y"), None)
    assert (plazo.tipo, plazo.inicio, plazo.fin, plazo.fechas) == ("dia", d, d, (d,))


@given(FECHAS)
def test_fecha_en_letras_ida_y_vuelta(d):
    plazo = interpretar_plazo(f"{d.day} de {nombre_mes(d.month)} ", d.year)
    assert (plazo.tipo, plazo.inicio, plazo.fin) == ("dia", d, d)


@given(FECHAS, st.integers(min_value=0, max_value=364))
def test_rango_en_letras(inicio, largo):
    fin = inicio + timedelta(days=largo)
    if fin.year != inicio.year:
        fin = date(inicio.year, 12, 31)
    texto = (
        f"del {inicio.day} de {nombre_mes(inicio.month)} al {fin.day} de {nombre_mes(fin.month)}"
        f" de {fin.year}"
    )
    plazo = interpretar_plazo(texto, None)
    assert (plazo.inicio, plazo.fin) == (inicio, fin)
    assert plazo.fechas == seguidos(inicio, fin)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serial_de_excel(d):
    serial = (d - date(1899, 12, 30)).days
    assert interpretar_plazo(serial, None).inicio == d
