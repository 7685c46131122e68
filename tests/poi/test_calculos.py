import pytest
from hypothesis import given
from hypothesis import strategies as st

from libro.poi.perfiles import (
    PerfilInvalido,
    cuadro_presupuesto,
    metas_por_perfil,
    montos_por_perfil,
    pesos_de_perfil,
    repartir,
)


@given(
    total=st.integers(min_value=0, max_value=10**7),
    pesos=st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=12).filter(
        lambda p: sum(p) > 0
    ),
)
def test_repartir_suma_exacto_en_enteros(total: int, pesos: list[float]) -> None:
    partes = repartir(total, pesos, 0)
    assert sum(partes) == total
    assert all(p == int(p) for p in partes)
    assert all(p == 0 for p, w in zip(partes, pesos, strict=True) if w == 0)


@given(centimos=st.integers(min_value=0, max_value=10**9))
def test_repartir_montos_al_centimo(centimos: int) -> None:
    total = centimos / 100
    partes = montos_por_perfil(total, pesos_de_perfil("Uniforme"))
    assert round(sum(partes) * 100) == centimos
    assert max(partes) - min(partes) <= 0.01 + 1e-9


def test_mayor_residuo() -> None:
    assert repartir(100, [1] * 12, 0) == [9.0] * 4 + [8.0] * 8
    assert repartir(10, [1, 1, 1], 0) == [4.0, 3.0, 3.0]
    assert repartir(10.01, [1, 1, 1], 2) == [3.34, 3.34, 3.33]


def test_perfiles() -> None:
    assert metas_por_perfil(40, True, pesos_de_perfil("Trimestral")) == [
        None,
        None,
        10.0,
        None,
        None,
        10.0,
        None,
        None,
        10.0,
        None,
        None,
        10.0,
    ]
    assert metas_por_perfil(7, True, pesos_de_perfil("Semestral"))[5] == 4.0
    assert metas_por_perfil(7, True, pesos_de_perfil("Semestral"))[11] == 3.0
    assert metas_por_perfil(5, True, pesos_de_perfil("Única en un mes", "Setiembre"))[8] == 5.0
    assert metas_por_perfil(5, True, pesos_de_perfil("Única en un mes", "septiembre"))[8] == 5.0
    assert metas_por_perfil(12, True, pesos_de_perfil("Personalizada", pesos="0;0;1;1;1;1;1;1;0;0;1;0")) == [
        None,
        None,
        2.0,
        2.0,
        2.0,
        2.0,
        2.0,
        1.0,
        None,
        None,
        1.0,
        None,
    ]
    assert metas_por_perfil(2.5, True, pesos_de_perfil("Semestral"))[5] == 1.25


def test_no_acumulable_repite_la_meta() -> None:
    assert metas_por_perfil(60, False, pesos_de_perfil("Semestral")) == [
        None,
        None,
        None,
        None,
        None,
        60,
        None,
        None,
        None,
        None,
        None,
        60,
    ]


@pytest.mark.parametrize(
    ("perfil", "mes", "pesos"),
    [
        ("Única en un mes", None, None),
        ("Personalizada", None, "1;2"),
        ("Personalizada", None, "0;" * 11 + "0"),
        ("Quincenal", None, None),
    ],
)
def test_perfil_invalido(perfil: str, mes: str | None, pesos: str | None) -> None:
    with pytest.raises(PerfilInvalido):
        pesos_de_perfil(perfil, mes, pesos)


def test_cuadro_presupuesto() -> None:
    c = cuadro_presupuesto(
        [("Bien", 10.10), ("Servicio", 5.05), ("Bien", 0.2), (None, 99), ("Servicio", None)]
    )
    assert (c.bienes, c.servicios, c.total) == (10.3, 5.05, 15.35)
