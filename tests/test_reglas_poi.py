"""Cada regla del POI sobre un libro real: qué código, en qué hoja y en qué celda."""

from datetime import date
from pathlib import Path

import pytest
from conftest import cambiar

from libro.demo.poi import unidad
from libro.nucleo.contexto import Contexto
from libro.procesos import validar_archivo


def hallazgos(ruta: Path, contexto: Contexto | None = None) -> list[tuple[str, str, str]]:
    return [(o.codigo, o.hoja, o.celda) for o in validar_archivo(ruta, contexto).observaciones]


def test_libro_limpio_sin_observaciones(libro_poi) -> None:
    resultado = validar_archivo(libro_poi(), Contexto(anio_fiscal=2027))
    assert resultado.estado == "ok"
    assert resultado.observaciones == []


def test_sin_calcular_pide_el_boton(libro_poi) -> None:
    actividades = unidad()["Actividades"]
    assert all(a.perfil for a in actividades)  # todas tienen perfil y ningún mes: cada una pide el botón
    esperados = [("POI-016", "Actividades", f"I{6 + i}") for i in range(len(actividades))]
    assert hallazgos(libro_poi(calculado=False)) == esperados


def test_aei_inexistente(libro_poi) -> None:
    ruta = libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01"))
    assert hallazgos(ruta) == [("POI-001", "Actividades", "C7")]


def test_metas_acumulables_no_suman(libro_poi) -> None:
    def modificar(d):
        a = d["Actividades"][0]
        cambiar(d, "Actividades", 0, perfil=None, metas=[2.0] + a.metas[1:])

    ruta = libro_poi(modificar)
    ((codigo, hoja, celda),) = hallazgos(ruta)
    assert (codigo, hoja, celda) == ("POI-002", "Actividades", "H6")


def test_no_acumulable_ultimo_mes(libro_poi) -> None:
    metas = [None, None, 50.0, None, None, 55.0, None, None, 58.0, None, None, 59.0]
    ruta = libro_poi(
        lambda d: cambiar(
            d, "Actividades", 2, tipo_meta="No acumulable", perfil=None, meta_anual=60.0, metas=metas
        )
    )
    resultado = validar_archivo(ruta)
    (o,) = resultado.observaciones
    assert (o.codigo, o.celda) == ("POI-003", "W8")
    assert "diciembre" in o.mensaje and "60" in o.mensaje and "59" in o.mensaje


def test_no_acumulable_sin_meses(libro_poi) -> None:
    ruta = libro_poi(
        lambda d: cambiar(
            d, "Actividades", 2, tipo_meta="No acumulable", perfil=None, meta_anual=60.0, metas=[None] * 12
        )
    )
    assert ("POI-004", "Actividades", "H8") in hallazgos(ruta)


def test_no_acumulable_correcta(libro_poi) -> None:
    metas = [None, None, 50.0, None, None, 55.0, None, None, 58.0, None, None, 60.0]
    ruta = libro_poi(
        lambda d: cambiar(
            d, "Actividades", 2, tipo_meta="No acumulable", perfil=None, meta_anual=60.0, metas=metas
        )
    )
    assert hallazgos(ruta) == []


def test_negativos_en_meses_y_montos(libro_poi) -> None:
    def modificar(d):
        a = d["Actividades"][3]
        cambiar(d, "Actividades", 3, perfil=None, metas=[-1.0] + a.metas[1:], montos=[-5.0] + a.montos[1:])

    resultado = hallazgos(libro_poi(modificar))
    assert ("LIB-005", "Actividades", "L9") in resultado
    assert ("LIB-005", "Actividades", "Y9") in resultado


def test_valorizada_sin_meta_y_meta_sin_valorizacion(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Actividades", 0, meta_anual=0.0, perfil=None, metas=[None] * 12)
        cambiar(d, "Actividades", 1, perfil=None, valorizacion_anual=None, montos=[None] * 12)
        d["Insumos"] = [i for i in d["Insumos"] if i.actividad != "AO.002"]

    resultado = hallazgos(libro_poi(modificar))
    assert ("POI-005", "Actividades", "H6") in resultado
    assert ("POI-006", "Actividades", "X7") in resultado
    assert all(r[2] in ("H6", "X7") for r in resultado)


def test_monto_en_mes_sin_meta(libro_poi) -> None:
    def modificar(d):
        a = d["Actividades"][1]  # Semestral: junio y diciembre
        montos = list(a.montos)
        montos[0], montos[5] = 100.0, montos[5] - 100.0
        cambiar(d, "Actividades", 1, perfil=None, montos=montos)

    resultado = validar_archivo(libro_poi(modificar))
    (o,) = resultado.observaciones
    assert (o.codigo, o.celda, o.severidad.value) == ("POI-005", "Y7", "advertencia")
    assert "enero" in o.mensaje


@pytest.mark.parametrize(
    ("anual", "junio", "diciembre", "esperado"),
    [(10.0, 0.0, 0.0, [("POI-013", "Actividades", "X7")]), (0.0, -10.0, 10.0, [])],
    ids=["no suman", "suman"],
)
def test_montos_mensuales_y_valorizacion_anual(libro_poi, anual, junio, diciembre, esperado) -> None:
    def modificar(d):
        a = d["Actividades"][1]  # Semestral: montos en junio y diciembre
        montos = list(a.montos)
        montos[5], montos[11] = montos[5] + junio, montos[11] + diciembre
        anual_nueva = a.valorizacion_anual + anual
        cambiar(d, "Actividades", 1, perfil=None, montos=montos, valorizacion_anual=anual_nueva)

    ruta = libro_poi(modificar)
    assert hallazgos(ruta) == esperado
    if esperado:
        (o,) = validar_archivo(ruta).observaciones
        assert o.es_error and "los meses suman S/ " in o.mensaje


def test_insumos_no_cuadran_e_insumo_huerfano(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Insumos", 0, cantidad=d["Insumos"][0].cantidad + 1)
        cambiar(d, "Insumos", 3, actividad="AO.999")

    resultado = hallazgos(libro_poi(modificar))
    assert ("POI-007", "Actividades", "X6") in resultado  # AO.001: un insumo de más
    assert ("POI-007", "Actividades", "X7") in resultado  # AO.002: perdió un insumo
    assert ("POI-012", "Insumos", "F9") in resultado


def test_codigo_repetido(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Actividades", 4, codigo="AO.002")
        d["Insumos"] = [i for i in d["Insumos"] if i.actividad != "AO.005"]

    resultado = validar_archivo(libro_poi(modificar))
    repetido = [o for o in resultado.observaciones if o.codigo == "POI-008"]
    assert [(o.celda, o.valor) for o in repetido] == [("A10", "AO.002")]
    assert "fila 7" in repetido[0].mensaje


def test_perfil_incompleto(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Actividades", 0, perfil="Única en un mes", mes_unico=None)
        cambiar(d, "Actividades", 1, perfil="Personalizada", pesos="1;2;3")

    resultado = hallazgos(libro_poi(modificar))
    assert ("POI-014", "Actividades", "J6") in resultado
    assert ("POI-014", "Actividades", "K7") in resultado


def test_clasificador_y_tipo(libro_poi) -> None:
    ruta = libro_poi(lambda d: cambiar(d, "Insumos", 1, tipo="Bien"))
    assert hallazgos(ruta) == [("POI-015", "Insumos", "C7")]


def test_anio_fiscal_y_plazo(libro_poi) -> None:
    ruta = libro_poi(lambda d: cambiar(d, "Datos", 0, fecha_presentacion=date(2026, 3, 31)))
    assert hallazgos(ruta, Contexto(anio_fiscal=2028)) == [
        ("POI-009", "Datos", "B7"),
        ("POI-010", "Datos", "B8"),
    ]
    a_tiempo = libro_poi(
        lambda d: cambiar(d, "Datos", 0, fecha_presentacion=date(2026, 3, 30)), "a_tiempo.xlsx"
    )
    assert hallazgos(a_tiempo, Contexto(anio_fiscal=2027)) == []
    otro_anio = libro_poi(lambda d: cambiar(d, "Datos", 0, fecha_presentacion=date(2027, 1, 5)), "otro.xlsx")
    assert hallazgos(otro_anio) == [("POI-011", "Datos", "B8")]


def test_marco_presupuestal(libro_poi) -> None:
    ruta = libro_poi(lambda d: cambiar(d, "Datos", 0, marco_presupuestal=1000.0))
    resultado = validar_archivo(ruta)
    (o,) = resultado.observaciones
    assert (o.codigo, o.celda) == ("POI-017", "B9")
    assert "1,000.00" in o.mensaje


def test_obligatorios_vacios(libro_poi) -> None:
    ruta = libro_poi(lambda d: cambiar(d, "Actividades", 2, indicador=None, categoria=None))
    assert hallazgos(ruta) == [("LIB-004", "Actividades", "E8"), ("LIB-004", "Actividades", "G8")]


def test_anexo01_en_el_poi(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "AEI", 2, oei="OEI.40")
        cambiar(d, "AEI", 3, oei="OEI.05")
        cambiar(d, "OEI", 5, codigo="OEI.05")

    resultado = hallazgos(libro_poi(modificar))
    assert ("PEI-001", "OEI", "A11") in resultado
    assert ("PEI-002", "AEI", "B8") in resultado
    assert ("PEI-003", "AEI", "A9") in resultado


def test_errores_primero_y_mensajes_con_hoja_y_celda(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Insumos", 1, tipo="Bien")
        cambiar(d, "Actividades", 1, aei="AEI.77.01")

    resultado = validar_archivo(libro_poi(modificar))
    assert [o.severidad.value for o in resultado.observaciones] == ["error", "advertencia"]
    for o in resultado.observaciones:
        assert f"Hoja «{o.hoja}», celda {o.celda}:" in o.mensaje
