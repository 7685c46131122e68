from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libro.nucleo.codecs import (
    PENDIENTE,
    Codec,
    Codigo,
    Dni,
    Entero,
    Fecha,
    Monto,
    Numero,
    Opcion,
    Referencia,
    Texto,
    ValorComoTexto,
    ValorInvalido,
    al_centimo,
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


# Lectura por columnas (`leer_columna`): la vía rápida da lo mismo que `leer`, celda por celda.


def _codecs_declarados() -> list[Codec]:
    """Los codecs de las columnas de los formatos registrados, uno por tipo y opciones distintas."""
    from libro.registro import FORMATOS

    codecs: dict[str, Codec] = {}
    for c in (c.codec for f in FORMATOS.values() for h in f.hojas for c in h.columnas):
        opciones = sorted((k, repr(v)) for k, v in vars(c).items() if k != "ayuda")
        codecs.setdefault(f"{type(c).__name__}{opciones}", c)
    return list(codecs.values())


CODECS = _codecs_declarados()
TEXTOS = st.sampled_from(
    ["", " ", "\xa0", "Taller", "  Taller ", "a  b", "línea\nnueva", "tab\tx", "x" * 600, "ao.001", "AO 002",
     "aei.01.01", "2.3.1.5.1", "Acumulable", "no ACUMULABLE", "Trimestral", "marzo", "Bien", "1.234,50",
     "S/ 20", "12", "-5", "doce", "31/02/2026", "15/03/2026", "07654321", "1;1;2;2;2;1;1;1;2;2;2;1"]
)
VALORES = st.one_of(
    st.none(),
    TEXTOS,
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**15), 10**15).map(lambda k: k / 100),
    st.integers(-5, 3000).map(float),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


def _igual(a: object, b: object) -> bool:
    """Mismo tipo y mismo valor, hasta el signo del cero."""
    return type(a) is type(b) and repr(a) == repr(b)


def _leer(codec: Codec, valor: object) -> object:
    try:
        return codec.leer(valor)
    except ValueError as problema:
        return type(problema)


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: type(c).__name__)
@settings(max_examples=30, deadline=None)
@given(valores=st.lists(VALORES, max_size=6))
def test_leer_columna_da_lo_mismo_que_leer(codec: Codec, valores: list) -> None:
    leidos = codec.leer_columna(valores)
    assert len(leidos) == len(valores)
    for valor, leido in zip(valores, leidos, strict=True):
        if leido is PENDIENTE:
            continue
        if leido is None:
            assert valor is None or (isinstance(valor, str) and not valor.strip())
        else:
            assert _igual(leido, _leer(codec, valor)), (codec, valor, leido)


@given(st.integers(0, 10**14).map(lambda k: k / 100) | st.floats(0, 1e13) | st.floats(min_value=0))
def test_monto_al_centimo_como_round(valor: float) -> None:
    assert _igual(Monto().leer_columna([valor])[0], Monto().leer(valor))
    assert _igual(al_centimo(valor), round(valor, 2))
    assert _igual(al_centimo(-valor), round(-valor, 2))


def test_leer_columna_lee_lo_comun_y_deja_lo_demas() -> None:
    P = PENDIENTE
    assert Numero().leer_columna([3.0, "", None, -1.0, "7", True]) == [3.0, None, None, P, P, P]
    assert Monto().leer_columna([1611.25, 0.1 + 0.2, 6445.0, ""]) == [1611.25, 0.3, 6445.0, None]
    assert Entero(2000, 2100).leer_columna([2027.0, 2200.0, 2027.5]) == [2027, P, P]
    assert Texto().leer_columna(["  Taller ", "Informe", "", "   "]) == ["Taller", "Informe", None, None]
    assert Texto().leer_columna(["Taller", "a  b", 5.0, None]) == ["Taller", P, P, None]
    assert Texto(largo_maximo=5).leer_columna(["corto", "muy largo"]) == ["corto", P]
    assert Opcion(("Acumulable", "No acumulable")).leer_columna(["Acumulable", "acumulable", ""]) == [
        "Acumulable",
        P,
        None,
    ]
    codigo = Codigo(r"AO\.\d{3}", "AO.001")
    assert codigo.leer_columna([" ao.001", "AO 002", "AO-3", 1.0]) == ["AO.001", P, P, P]
    assert Referencia("AEI", "codigo").leer_columna(["aei.01.01", "AEI 02"]) == ["AEI.01.01", "AEI02"]
    assert Fecha().leer_columna([46101.0, "", "20/03/2026"]) == [P, None, P]


def test_codec_que_redefine_leer_lee_celda_por_celda() -> None:
    class Doble(Numero):
        def leer(self, valor: object) -> float:
            return 2 * super().leer(valor)

    assert Doble().leer_columna([3.0, ""]) == [PENDIENTE, None]
    assert Dni().leer_columna(["07654321", 7654321.0]) == [PENDIENTE, PENDIENTE]
