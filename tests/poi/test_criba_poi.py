"""Las reglas del POI que criban columnas enteras observan lo mismo que revisando fila por fila."""

from dataclasses import replace
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import validadores.poi as reglas
from libro.demo.poi import unidad
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido, con_cambios
from libro.poi.calculo import aplicar_perfiles, costos_insumos
from libro.poi.formato import PERFILES, POI, TIPOS_META
from libro.procesos import leer_archivo
from libro.salida.plantilla import escribir_plantilla

CRIBADAS = (reglas.metas_mensuales, reglas.montos_mensuales, reglas.meta_y_valorizacion)
VALORES = st.sampled_from([None, 0.0, 0.004, 1.0, 2.5, 3.0, 12.0, 100.0, 1e-7])
MESES = st.one_of(st.none(), st.lists(VALORES, min_size=12, max_size=12))
CAMBIOS = st.fixed_dictionaries(
    {},
    optional={
        "meta_anual": VALORES,
        "valorizacion_anual": VALORES,
        "metas": MESES,
        "montos": MESES,
        "perfil": st.sampled_from([None, *PERFILES]),
        "tipo_meta": st.sampled_from([None, *TIPOS_META]),
    },
)


@pytest.fixture(scope="module")
def poi_leido(tmp_path_factory: pytest.TempPathFactory) -> LibroLeido:
    datos = unidad(actividades=12)
    datos["Actividades"] = aplicar_perfiles(datos["Actividades"])
    datos["Insumos"] = costos_insumos(datos["Insumos"])
    ruta = escribir_plantilla(POI, tmp_path_factory.mktemp("criba") / "poi.xlsx", datos)
    libro, _ = leer_archivo(ruta)
    assert libro is not None
    return libro


def _observado(regla, libro: LibroLeido) -> list[tuple[str, int, int | None, str]]:
    return [(o.codigo, o.fila, o.columna, o.mensaje) for o in regla(libro, None, Contexto())]


def _fila_por_fila(actividades, sumas, revisar):
    return zip(actividades, sumas, strict=True)


@settings(max_examples=150, deadline=None)
@given(cambios=st.lists(CAMBIOS, min_size=12, max_size=12), ilegibles=st.sets(st.integers(0, 11), max_size=2))
def test_la_criba_no_cambia_lo_observado(poi_leido: LibroLeido, cambios, ilegibles) -> None:
    lectura = poi_leido.hojas["Actividades"]
    filas = [con_cambios(a, **c) for a, c in zip(lectura.filas, cambios, strict=True)]
    meses = lectura.columna("montos", 5)
    celdas = frozenset((filas[k].fila, meses) for k in ilegibles)
    libro = replace(poi_leido, hojas={**poi_leido.hojas, "Actividades": replace(lectura, filas=filas)})
    libro.hojas["Actividades"].ilegibles = celdas
    for regla in CRIBADAS:
        cribado = _observado(regla, libro)
        with patch.object(reglas, "_cribadas", _fila_por_fila):
            assert cribado == _observado(regla, libro), regla.__name__


def test_la_prueba_nota_una_criba_que_deja_fuera_una_fila(poi_leido: LibroLeido) -> None:
    """Una criba que descarta la fila observada se nota: la comparación de arriba puede fallar."""
    lectura = poi_leido.hojas["Actividades"]
    a = lectura.filas[0]
    filas = [con_cambios(a, meta_anual=(a.meta_anual or 0) + 7), *lectura.filas[1:]]
    libro = replace(poi_leido, hojas={**poi_leido.hojas, "Actividades": replace(lectura, filas=filas)})
    assert [o[0] for o in _observado(reglas.metas_mensuales, libro)] == ["POI-002"]
    with patch.object(reglas, "_cribadas", lambda actividades, sumas, revisar: iter(())):
        assert _observado(reglas.metas_mensuales, libro) == []
