"""Hoja «Modificaciones» del POI (Directiva, 8.2.3): motivos, valores y marco presupuestal (MOD-NNN)."""

import zipfile
from pathlib import Path

import pytest

from libro.demo.poi import unidad
from libro.poi.calculo import aplicar_perfiles
from libro.poi.formato import MOTIVOS_MODIFICACION, POI, Modificacion
from libro.procesos import leer_archivo, validar_archivo
from libro.salida.plantilla import escribir_plantilla
from validadores.modificaciones import presupuesto_modificado

MOTIVO = MOTIVOS_MODIFICACION[3]  # incremento o reducción del presupuesto
DOC = "Resolución de Alcaldía N° 045-2027-MPH/A"


def datos_poi(marco: float | None = None) -> dict[str, list]:
    datos = unidad(actividades=4)
    datos["Actividades"] = aplicar_perfiles(datos["Actividades"])
    if marco is not None:
        datos["Datos"][0] = datos["Datos"][0].model_copy(update={"marco_presupuestal": marco})
    return datos


APROBADO = round(sum(a.valorizacion_anual for a in datos_poi()["Actividades"]), 2)
VALOR_AO1 = datos_poi()["Actividades"][0].valorizacion_anual
META_AO1 = datos_poi()["Actividades"][0].meta_anual


def poi(tmp_path: Path, modificaciones: list[Modificacion], marco: float | None = None) -> Path:
    datos = datos_poi(marco)
    datos["Modificaciones"] = modificaciones
    return escribir_plantilla(POI, tmp_path / "poi.xlsx", datos)


def mod(actividad="AO.001", campo="Valorización", antes=None, despues=None, motivo=MOTIVO, documento=DOC):
    """Sin validar: los valores numéricos se escriben como números, como los teclea la persona."""
    return Modificacion.model_construct(
        actividad=actividad,
        campo=campo,
        valor_antes=antes,
        valor_despues=despues,
        motivo=motivo,
        documento=documento,
    )


def codigos(ruta: Path) -> list[tuple[str, str, str]]:
    return [(o.codigo, o.severidad.value, o.celda) for o in validar_archivo(ruta).observaciones]


def test_poi_sin_modificaciones_no_tiene_observaciones(tmp_path):
    assert codigos(poi(tmp_path, [], marco=APROBADO)) == []


def test_plantilla_trae_la_hoja_con_los_motivos_de_la_directiva(tmp_path):
    ruta = escribir_plantilla(POI, tmp_path / "plantilla.xlsx")
    with zipfile.ZipFile(ruta) as z:
        libro = z.read("xl/workbook.xml").decode()
        assert 'name="Modificaciones"' in libro
        hojas = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    listas = [h for h in hojas if "Normas que afectan el techo presupuestal" in h]
    assert len(listas) == 1
    for motivo in MOTIVOS_MODIFICACION:
        assert motivo in listas[0]
    assert "Nueva actividad" in listas[0] and "Cancelación" in listas[0]


def test_modificacion_valida_se_lee_en_orden(tmp_path):
    ruta = poi(tmp_path, [mod(antes=VALOR_AO1, despues=VALOR_AO1 - 100)], marco=APROBADO)
    assert codigos(ruta) == []
    libro, _ = leer_archivo(ruta)
    m = libro.filas("Modificaciones")[0]
    assert (m.actividad, m.campo, m.motivo) == ("AO.001", "Valorización", MOTIVO)
    assert presupuesto_modificado(libro) == round(APROBADO - 100, 2)


def test_sin_motivo_es_error(tmp_path):
    ruta = poi(tmp_path, [mod(antes=VALOR_AO1, despues=VALOR_AO1, motivo=None)])
    observaciones = validar_archivo(ruta).observaciones
    assert [(o.codigo, o.severidad.value, o.celda) for o in observaciones] == [("MOD-001", "error", "E6")]
    assert "8.2.3" in observaciones[0].mensaje


def test_incremento_que_supera_el_marco_es_error(tmp_path):
    ruta = poi(tmp_path, [mod(antes=VALOR_AO1, despues=VALOR_AO1 + 1500)], marco=APROBADO + 1000)
    observaciones = validar_archivo(ruta).observaciones
    assert [(o.codigo, o.celda) for o in observaciones] == [("MOD-002", "B9")]
    assert f"S/ {APROBADO + 1500:,.2f}" in observaciones[0].mensaje
    assert "+S/ 1,500.00" in observaciones[0].mensaje


def test_incremento_compensado_con_una_cancelacion_queda_dentro_del_marco(tmp_path):
    otra = datos_poi()["Actividades"][1]
    cambios = [
        mod(antes=VALOR_AO1, despues=VALOR_AO1 + 1500),
        mod("AO.002", "Cancelación", antes=otra.valorizacion_anual, motivo=MOTIVOS_MODIFICACION[0]),
    ]
    ruta = poi(tmp_path, cambios, marco=APROBADO + 1000)
    assert codigos(ruta) == []
    libro, _ = leer_archivo(ruta)
    assert presupuesto_modificado(libro) == round(APROBADO + 1500 - otra.valorizacion_anual, 2)


def test_nueva_actividad_suma_al_presupuesto(tmp_path):
    dentro = poi(tmp_path, [mod("AO.900", "Nueva actividad", despues=999)], marco=APROBADO + 1000)
    assert codigos(dentro) == []
    fuera = poi(tmp_path, [mod("AO.900", "Nueva actividad", despues=1001)], marco=APROBADO + 1000)
    assert [c for c, _, _ in codigos(fuera)] == ["MOD-002"]


def test_sin_marco_no_se_limita(tmp_path):
    assert codigos(poi(tmp_path, [mod("AO.900", "Nueva actividad", despues=10**6)])) == []


def test_actividad_inexistente_y_nueva_que_ya_existe(tmp_path):
    ruta = poi(
        tmp_path,
        [
            mod("AO.777", "Meta anual", antes=10, despues=12),
            mod("AO.002", "Nueva actividad", despues=500),
        ],
    )
    assert codigos(ruta) == [("MOD-003", "error", "A6"), ("MOD-007", "advertencia", "A7")]


def test_valor_no_numerico_y_despues_vacio(tmp_path):
    ruta = poi(
        tmp_path,
        [
            mod(antes="mil soles", despues=VALOR_AO1),
            mod("AO.002", "Meta anual", antes=None, despues=None),
        ],
    )
    assert codigos(ruta) == [("MOD-004", "error", "C6"), ("MOD-004", "error", "D7")]


def test_programacion_mensual_acepta_texto(tmp_path):
    ruta = poi(
        tmp_path,
        [
            mod(
                campo="Programación mensual",
                antes="1;1;1;1;1;1;1;1;1;1;1;1",
                despues="0;0;2;1;1;1;1;1;1;1;1;2",
                motivo=MOTIVOS_MODIFICACION[1],
            )
        ],
    )
    assert codigos(ruta) == []


def test_sin_documento_es_advertencia(tmp_path):
    ruta = poi(tmp_path, [mod(antes=VALOR_AO1, despues=VALOR_AO1, documento=None)])
    assert codigos(ruta) == [("MOD-005", "advertencia", "F6")]


@pytest.mark.parametrize(
    ("filas", "esperado"),
    [
        # la segunda parte de lo que dejó la primera: coherente
        (lambda: [mod(antes=VALOR_AO1, despues=5000), mod(antes=5000, despues=4000)], []),
        # la segunda dice partir de lo aprobado: no coincide con lo vigente
        (
            lambda: [mod(antes=VALOR_AO1, despues=5000), mod(antes=VALOR_AO1, despues=4000)],
            [("MOD-006", "advertencia", "C7")],
        ),
        (
            lambda: [mod(campo="Meta anual", antes=META_AO1 + 1, despues=META_AO1)],
            [("MOD-006", "advertencia", "C6")],
        ),
    ],
)
def test_valor_antes_se_compara_con_lo_vigente(tmp_path, filas, esperado):
    assert codigos(poi(tmp_path, filas())) == esperado


def test_no_se_modifica_una_actividad_cancelada(tmp_path):
    ruta = poi(tmp_path, [mod(campo="Cancelación", antes=VALOR_AO1), mod(antes=0, despues=100)])
    observaciones = validar_archivo(ruta).observaciones
    assert [(o.codigo, o.celda) for o in observaciones] == [("MOD-008", "A7")]
    assert "fila 6" in observaciones[0].mensaje
