"""Cada regla del POI sobre un libro real: qué código, en qué hoja y en qué celda."""

from datetime import date
from pathlib import Path

import pytest
from conftest import calculo, cambiar

from libro.demo.poi import unidad
from libro.nucleo.contexto import Contexto
from libro.procesos import leer_archivo, validar_archivo


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
    # Subir la valorización anual sin tocar los meses ni los insumos: tampoco cuadra con los insumos.
    [(10.0, 0.0, 0.0, [("POI-007", "Actividades", "X7"), ("POI-013", "Actividades", "X7")]),
     (0.0, -10.0, 10.0, [])],
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
        (o,) = [o for o in validar_archivo(ruta).observaciones if o.codigo == "POI-013"]
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


# --- Mensajes que no mandan a la unidad en la dirección equivocada ------------------------------


def _montos_que_no_cuadran(d) -> None:
    """AO.003: la valorización anual escrita (7,485) se queda; sus meses suman 350 más y un insumo
    cuesta más. El mensaje debe citar lo que la unidad escribió, no la suma de los meses."""
    a = d["Actividades"][2]
    cambiar(d, "Actividades", 2, perfil=None, montos=[a.montos[0] + 350, *a.montos[1:]])
    i = next(n for n, insumo in enumerate(d["Insumos"]) if insumo.actividad == "AO.003")
    cambiar(d, "Insumos", i, cantidad=d["Insumos"][i].cantidad + 1)


def test_insumos_que_no_cuadran_citan_la_valorizacion_escrita(libro_poi) -> None:
    resultado = validar_archivo(libro_poi(_montos_que_no_cuadran))
    (o,) = [o for o in resultado.observaciones if o.codigo == "POI-007"]
    assert o.celda == "X8"
    assert "su valorización anual es S/ 7,485.00" in o.mensaje
    assert "7,835.00" not in o.mensaje
    assert ("POI-013", "X8") in [(x.codigo, x.celda) for x in resultado.observaciones]


def test_marco_presupuestal_con_el_total_de_la_columna(libro_poi) -> None:
    def modificar(d):
        _montos_que_no_cuadran(d)
        cambiar(d, "Datos", 0, marco_presupuestal=1000.0)

    ruta = libro_poi(modificar)
    libro, _ = leer_archivo(ruta)
    columna = sum(a.valorizacion_anual for a in libro.filas("Actividades"))
    (o,) = [o for o in validar_archivo(ruta).observaciones if o.codigo == "POI-017"]
    assert f"suman S/ {columna:,.2f} de valorización anual" in o.mensaje
    assert f"{columna + 350:,.2f}" not in o.mensaje


def test_septiembre_es_setiembre_en_el_perfil_unico(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Actividades", 0, perfil="Única en un mes", mes_unico="Septiembre")

    assert hallazgos(libro_poi(modificar, nombre="calculado.xlsx")) == []
    libro, _ = leer_archivo(libro_poi(modificar, nombre="sin_calcular.xlsx", calculado=False))
    (primera, *_) = libro.filas("Actividades")
    assert primera.mes_unico == "Setiembre"
    calculado, _ = calculo(libro)
    metas = calculado.filas("Actividades")[0].metas
    assert metas[8] == primera.meta_anual and sum(m or 0 for m in metas) == primera.meta_anual


def test_meses_ilegibles_no_suman_cero(libro_poi) -> None:
    """«1,000» escrito como texto en cada mes: una observación por celda y ninguna suma inventada."""
    ruta = libro_poi(lambda d: cambiar(d, "Actividades", 4, perfil=None, metas=["1,000"] * 12))
    columnas = "LMNOPQRSTUVW"
    assert hallazgos(ruta) == [("LIB-005", "Actividades", f"{c}10") for c in columnas]


def test_validar_una_carpeta_deduce_el_año_fiscal(libro_poi, tmp_path: Path) -> None:
    """Un POI de 2026 entre dos de 2027: sin --anio se valida contra el año de la mayoría."""
    import json

    from typer.testing import CliRunner

    from libro.cli import app

    carpeta = tmp_path / "carpeta"
    carpeta.mkdir()
    libro_poi(nombre="carpeta/a.xlsx")
    libro_poi(nombre="carpeta/b.xlsx", codigo="GA-02")
    libro_poi(lambda d: cambiar(d, "Datos", 0, fecha_presentacion=date(2025, 3, 20)),
              nombre="carpeta/viejo.xlsx", codigo="GM-03", anio=2026)
    informe = tmp_path / "informe.json"
    r = CliRunner().invoke(app, ["validar", str(carpeta), "--json", str(informe), "--procesos", "1"])
    assert r.exit_code == 1, r.output
    assert "Año fiscal de la carpeta: 2027" in " ".join(r.output.split())
    archivos = {Path(a["archivo"]).name: a for a in json.loads(informe.read_text())["archivos"]}
    estados = {n: a["estado"] for n, a in archivos.items()}
    assert estados == {"a.xlsx": "ok", "b.xlsx": "ok", "viejo.xlsx": "observado"}
    assert [(o["codigo"], o["hoja"], o["celda"]) for o in archivos["viejo.xlsx"]["observaciones"]] == [
        ("POI-009", "Datos", "B7")
    ]
    assert CliRunner().invoke(app, ["validar", str(carpeta), "--anio", "2026"]).exit_code == 1
