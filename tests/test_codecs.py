from datetime import date, datetime

import pytest

from libro.nucleo.codecs import (
    Codigo,
    Entero,
    Fecha,
    Monto,
    Numero,
    Opcion,
    ValorComoTexto,
    ValorInvalido,
    numero_desde_texto,
)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("1.234,50", 1234.5),
        ("S/ 1,234.50", 1234.5),
        ("S/. 500", 500.0),
        ("s/1 234,5", 1234.5),
        ("1,234,567.25", 1234567.25),
        ("1.234.567", 1234567.0),
        ("12,5", 12.5),
        ("0,125", 0.125),
        ("60 %", 60.0),
        ("-3", -3.0),
        ("\xa0250\xa0", 250.0),
    ],
)
def test_numero_escrito_como_texto(texto: str, esperado: float) -> None:
    assert numero_desde_texto(texto) == esperado


@pytest.mark.parametrize("texto", ["1.234", "2,500", "doce", "1.234,5,6", "12a", "", "S/"])
def test_numero_ambiguo_o_ilegible(texto: str) -> None:
    with pytest.raises(ValorInvalido):
        numero_desde_texto(texto)


def test_numero_como_texto_se_lee_y_avisa() -> None:
    with pytest.raises(ValorComoTexto) as aviso:
        Monto().leer("S/ 1,234.505")
    assert aviso.value.valor == 1234.5 or aviso.value.valor == 1234.51
    assert "texto" in str(aviso.value)


def test_negativos_rechazados() -> None:
    with pytest.raises(ValorInvalido, match="menor que 0"):
        Numero().leer(-1.0)
    with pytest.raises(ValorInvalido, match="menor que 0"):
        Monto().leer("-5")


def test_entero_y_rango() -> None:
    assert Entero(2000, 2100).leer(2027.0) == 2027
    with pytest.raises(ValorInvalido, match="entero"):
        Entero().leer(3.5)
    with pytest.raises(ValorInvalido, match="mayor que 2100"):
        Entero(2000, 2100).leer(2200.0)


def test_fechas() -> None:
    f = Fecha()
    assert f.leer(datetime(2026, 3, 20, 10, 5)) == date(2026, 3, 20)
    assert f.leer(46101.0) == date(2026, 3, 20)
    assert f.leer("20/03/2026") == date(2026, 3, 20)
    assert f.leer("2026-03-20T00:00:00.000Z") == date(2026, 3, 20)
    with pytest.raises(ValorInvalido, match="no existe"):
        f.leer("31/02/2026")


def test_opcion_tolerante() -> None:
    o = Opcion(("No acumulable", "Acumulable"))
    assert o.leer("  no ACUMULABLE ") == "No acumulable"
    assert o.leer("acumulable") == "Acumulable"
    with pytest.raises(ValorInvalido, match="elija una de"):
        o.leer("a veces")


def test_codigo_normaliza() -> None:
    c = Codigo(r"AEI\.\d{2}\.\d{2}", "AEI.01.02")
    assert c.leer(" aei.01.02 ") == "AEI.01.02"
    with pytest.raises(ValorInvalido, match="AEI.01.02"):
        c.leer("AEI-1-2")
