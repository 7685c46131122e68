"""Evaluación trimestral del POI: cálculos, generación desde el POI, reglas EVA, botones y CLI."""

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest
import typer
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.demo.poi import unidad
from libro.nucleo.contexto import Contexto
from libro.poi.calculo import aplicar_perfiles
from libro.poi.evaluacion.calculo import (
    Avance,
    Umbrales,
    avance,
    fin_del_trimestre,
    meses_del_trimestre,
    plazo_de_presentacion,
    programado_acumulado,
    programado_trimestre,
    semaforo,
)
from libro.poi.evaluacion.formato import EVALUACION_POI, DatosEvaluacion, FilaEvaluacion, Parametros
from libro.poi.formato import POI
from libro.procesos import calcular_archivo, leer_archivo, validar_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.trabajos import generar_evaluacion

# ------------------------------------------------------------------ cálculos puros


def test_meses_fin_y_plazo_de_cada_trimestre():
    assert list(meses_del_trimestre(1)) == [0, 1, 2]
    assert list(meses_del_trimestre(4)) == [9, 10, 11]
    assert fin_del_trimestre(2027, 1) == date(2027, 3, 31)
    assert fin_del_trimestre(2027, 2) == date(2027, 6, 30)
    assert plazo_de_presentacion(2027, 1) == date(2027, 4, 10)
    assert plazo_de_presentacion(2027, 3) == date(2027, 10, 10)
    assert plazo_de_presentacion(2027, 4) == date(2028, 1, 10)  # cruza el año
    with pytest.raises(ValueError, match="trimestre"):
        meses_del_trimestre(5)


def test_programado_acumulable_suma_y_no_acumulable_toma_el_ultimo():
    metas = [1.0, 2.0, 3.0, 4.0, None, 6.0, None, None, None, None, None, 12.0]
    assert programado_trimestre(metas, True, 1) == 6
    assert programado_trimestre(metas, True, 2) == 10
    assert programado_acumulado(metas, True, 2) == 16
    porcentajes = [None, None, 40.0, None, None, 55.0, None, None, 70.0, None, None, None]
    assert programado_trimestre(porcentajes, False, 2) == 55
    assert programado_acumulado(porcentajes, False, 3) == 70
    assert programado_trimestre(porcentajes, False, 4) == 0


def test_avance_creciente_y_decreciente():
    assert avance(20, 18, "Creciente") == Avance(90.0)
    assert avance(20, 30, "Creciente") == Avance(150.0)
    # decreciente (menos es mejor): programado / ejecutado
    assert avance(10, 8, "Decreciente") == Avance(125.0)
    assert avance(10, 20, "Decreciente") == Avance(50.0)


def test_avance_nunca_divide_entre_cero():
    assert avance(0, 5, "Creciente") == Avance(None, "ejecutado_sin_programacion")
    assert avance(0, 0, "Creciente") == Avance(None, "sin_programacion")
    assert avance(None, 3) == Avance(None, "ejecutado_sin_programacion")
    assert avance(10, 0, "Decreciente") == Avance(None, "decreciente_en_cero")
    assert avance(10, None) == Avance(None, "sin_ejecutado")


@pytest.mark.parametrize(
    ("porcentaje", "color"),
    [
        (150, "Verde"),
        (90, "Verde"),
        (89.99, "Ámbar"),
        (60, "Ámbar"),
        (59.99, "Rojo"),
        (0, "Rojo"),
        (None, None),
    ],
)
def test_semaforo_con_umbrales_por_defecto(porcentaje, color):
    assert semaforo(porcentaje) == color


def test_umbrales_editables_y_los_incoherentes_vuelven_a_los_de_defecto():
    assert semaforo(92, Umbrales(95, 70)) == "Ámbar"
    assert semaforo(65, Umbrales(95, 70)) == "Rojo"
    assert Umbrales.desde(50, 80) == Umbrales()
    assert Umbrales.desde(None, 40) == Umbrales(90, 40)


# ------------------------------------------------------------------ libros de evaluación reales


def fila(codigo="AO.001", **cambios) -> FilaEvaluacion:
    datos = dict(
        codigo=codigo,
        actividad=f"Actividad {codigo}",
        aei="AEI.01.01",
        unidad_medida="Informe",
        tipo_meta="Acumulable",
        sentido="Creciente",
        meta_m1=5.0,
        meta_m2=5.0,
        meta_m3=10.0,
        programado_trimestre=20.0,
        programado_acumulado=40.0,
        monto_m1=1000.0,
        monto_m2=1000.0,
        monto_m3=2000.0,
        soles_trimestre=4000.0,
        soles_acumulado=8000.0,
        ejecutado_trimestre=20.0,
        ejecutado_acumulado=40.0,
        ejecutado_soles_trimestre=3800.0,
        ejecutado_soles_acumulado=7600.0,
        factores_favorables="Personal completo",
    )
    datos.update(cambios)
    return FilaEvaluacion(**datos)


def libro_evaluacion(
    tmp_path: Path,
    filas: list[FilaEvaluacion],
    nombre: str = "eva.xlsx",
    parametros: Parametros | None = None,
    **datos,
) -> Path:
    cabecera = dict(
        codigo_unidad="GPP-01",
        nombre_unidad="Gerencia de Planeamiento y Presupuesto",
        anio_fiscal=2027,
        trimestre=2,
        fecha_presentacion=date(2027, 7, 8),
    )
    cabecera.update(datos)
    hojas = {
        "Datos": [DatosEvaluacion(**cabecera)],
        "Evaluación": filas,
        "Parámetros": [parametros or Parametros(umbral_verde=90.0, umbral_ambar=60.0)],
    }
    return escribir_plantilla(EVALUACION_POI, tmp_path / nombre, hojas)


def codigos(ruta: Path, contexto: Contexto | None = None) -> list[tuple[str, str, str]]:
    return [(o.codigo, o.severidad.value, o.celda) for o in validar_archivo(ruta, contexto).observaciones]


def test_evaluacion_completa_y_a_tiempo_no_tiene_observaciones(tmp_path):
    assert codigos(libro_evaluacion(tmp_path, [fila()])) == []


def test_medidas_correctivas_obligatorias_en_ambar_y_rojo(tmp_path):
    ruta = libro_evaluacion(
        tmp_path,
        [
            fila("AO.001", ejecutado_trimestre=19.0, ejecutado_acumulado=39.0),  # 95 %: verde
            fila(
                "AO.002", ejecutado_trimestre=14.0, ejecutado_acumulado=34.0, factores_desfavorables="Lluvias"
            ),  # 70 %: ámbar
            fila(
                "AO.003",
                ejecutado_trimestre=6.0,
                ejecutado_acumulado=26.0,
                factores_desfavorables="Sin proveedor",
                medidas_correctivas="Nueva convocatoria",
            ),  # rojo
        ],
    )
    resultado = validar_archivo(ruta)
    assert [(o.codigo, o.severidad.value, o.celda) for o in resultado.observaciones] == [
        ("EVA-001", "error", "W7"),
    ]
    assert "ámbar (70 % de avance)" in resultado.observaciones[0].mensaje
    assert "«Evaluación», celda W7" in resultado.observaciones[0].mensaje


def test_faltan_factores_que_dificultaron_en_rojo(tmp_path):
    ruta = libro_evaluacion(
        tmp_path, [fila(ejecutado_trimestre=2.0, ejecutado_acumulado=22.0, medidas_correctivas="Reprogramar")]
    )
    assert codigos(ruta) == [("EVA-009", "advertencia", "V6")]


def test_programado_cero_con_ejecutado_se_observa_sin_dividir(tmp_path):
    ruta = libro_evaluacion(
        tmp_path,
        [
            fila(
                meta_m1=None,
                meta_m2=None,
                meta_m3=None,
                programado_trimestre=0.0,
                ejecutado_trimestre=3.0,
                ejecutado_acumulado=43.0,
                soles_trimestre=0.0,
                monto_m1=None,
                monto_m2=None,
                monto_m3=None,
                ejecutado_soles_trimestre=500.0,
            )
        ],
    )
    assert codigos(ruta) == [("EVA-002", "advertencia", "Q6"), ("EVA-003", "advertencia", "S6")]
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(ruta, salida)
    grilla = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Evaluación").to_python()
    assert grilla[5][23:27] == ["", 107.5, "", ""]  # sin % del trimestre ni financiero, sin semáforo


def test_decreciente_usa_programado_sobre_ejecutado_y_observa_el_cero(tmp_path):
    ruta = libro_evaluacion(
        tmp_path,
        [
            fila(
                "AO.001",
                sentido="Decreciente",
                programado_trimestre=10.0,
                ejecutado_trimestre=8.0,
                programado_acumulado=10.0,
                ejecutado_acumulado=8.0,
            ),
            fila(
                "AO.002",
                sentido="Decreciente",
                programado_trimestre=10.0,
                ejecutado_trimestre=0.0,
                programado_acumulado=10.0,
                ejecutado_acumulado=0.0,
            ),
        ],
    )
    assert codigos(ruta) == [("EVA-008", "advertencia", "Q7")]
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(ruta, salida)
    grilla = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Evaluación").to_python()
    assert grilla[5][23:27] == [125.0, 125.0, 95.0, "Verde"]
    assert grilla[6][23] == "" and grilla[6][26] == ""


def test_falta_lo_ejecutado_es_error_si_habia_meta(tmp_path):
    ruta = libro_evaluacion(
        tmp_path,
        [
            fila("AO.001", ejecutado_trimestre=None, ejecutado_acumulado=None),
            fila(
                "AO.002",
                programado_trimestre=0.0,
                meta_m1=None,
                meta_m2=None,
                meta_m3=None,
                ejecutado_trimestre=None,
                ejecutado_acumulado=None,
            ),
        ],
    )
    assert codigos(ruta) == [("EVA-007", "error", "Q6")]


def test_acumulado_menor_que_el_trimestre(tmp_path):
    ruta = libro_evaluacion(tmp_path, [fila(ejecutado_trimestre=20.0, ejecutado_acumulado=15.0)])
    assert codigos(ruta) == [("EVA-005", "error", "R6")]


def test_actividad_repetida(tmp_path):
    ruta = libro_evaluacion(tmp_path, [fila("AO.001"), fila("AO.001")])
    assert codigos(ruta) == [("EVA-012", "error", "A7")]


@pytest.mark.parametrize(
    ("trimestre", "fecha", "esperado"),
    [
        (2, date(2027, 7, 10), []),  # último día del plazo
        (2, date(2027, 7, 11), [("EVA-004", "advertencia", "B8")]),  # un día tarde
        (4, date(2028, 1, 10), []),  # el plazo del 4.º cruza el año
        (4, date(2028, 1, 12), [("EVA-004", "advertencia", "B8")]),
        (2, date(2027, 6, 15), [("EVA-011", "advertencia", "B8")]),  # antes de terminar el trimestre
        (2, None, []),  # sin fecha: no se juzga el plazo
    ],
)
def test_plazo_de_10_dias_calendario(tmp_path, trimestre, fecha, esperado):
    ruta = libro_evaluacion(tmp_path, [fila()], trimestre=trimestre, fecha_presentacion=fecha)
    assert codigos(ruta) == esperado
    if esperado and esperado[0][0] == "EVA-004":
        mensaje = validar_archivo(ruta).observaciones[0].mensaje
        assert "10 días calendario" in mensaje and "«Datos», celda B8" in mensaje


def test_anio_distinto_del_esperado(tmp_path):
    ruta = libro_evaluacion(tmp_path, [fila()])
    assert codigos(ruta, Contexto(anio_fiscal=2028)) == [("EVA-010", "error", "B6")]


def test_parametros_editables_se_leen_y_cambian_el_semaforo(tmp_path):
    # 92 %: verde con los umbrales por defecto, ámbar si verde empieza en 95
    filas = [fila(ejecutado_trimestre=18.4, ejecutado_acumulado=38.4)]
    por_defecto = libro_evaluacion(tmp_path, filas, "a.xlsx")
    exigente = libro_evaluacion(tmp_path, filas, "b.xlsx", Parametros(umbral_verde=95.0, umbral_ambar=70.0))
    assert codigos(por_defecto) == []
    assert [c for c, _, _ in codigos(exigente)] == ["EVA-001", "EVA-009"]
    libro, _ = leer_archivo(exigente)
    assert libro.filas("Parámetros")[0].umbral_verde == 95.0


def test_umbral_escrito_como_porcentaje_de_excel_se_lee_como_90(tmp_path):
    ruta = libro_evaluacion(tmp_path, [fila()], parametros=Parametros(umbral_verde=0.9, umbral_ambar=0.6))
    libro, _ = leer_archivo(ruta)
    p = libro.filas("Parámetros")[0]
    assert (p.umbral_verde, p.umbral_ambar) == (90.0, 60.0)


def test_umbrales_incoherentes_son_error(tmp_path):
    ruta = libro_evaluacion(tmp_path, [fila()], parametros=Parametros(umbral_verde=60.0, umbral_ambar=80.0))
    assert codigos(ruta) == [("EVA-006", "error", "B5")]


def test_calcular_escribe_porcentajes_semaforo_y_resumen(tmp_path):
    ruta = libro_evaluacion(
        tmp_path,
        [
            fila("AO.001"),
            fila(
                "AO.002",
                aei="AEI.02.01",
                ejecutado_trimestre=10.0,
                ejecutado_acumulado=30.0,
                factores_desfavorables="Huelga",
                medidas_correctivas="Reprogramar talleres",
            ),
        ],
    )
    antes = hashlib.sha256(ruta.read_bytes()).hexdigest()
    salida = tmp_path / "calculado.xlsx"
    resultado = calcular_archivo(ruta, salida)
    assert resultado.estado == "ok"
    assert hashlib.sha256(ruta.read_bytes()).hexdigest() == antes
    libro = CalamineWorkbook.from_path(str(salida))
    grilla = libro.get_sheet_by_name("Evaluación").to_python()
    assert grilla[4][23:27] == [
        "% avance físico del trimestre",
        "% avance físico acumulado",
        "% ejecución financiera del trimestre",
        "Semáforo",
    ]
    assert grilla[5][23:27] == [100.0, 100.0, 95.0, "Verde"]
    assert grilla[6][23:27] == [50.0, 75.0, 95.0, "Rojo"]
    resumen = libro.get_sheet_by_name("Resumen").to_python()
    conteo = {r[0]: r[1] for r in resumen[8:14]}
    assert conteo["Verde"] == 1 and conteo["Rojo"] == 1 and conteo["Ámbar"] == 0
    assert resumen[3][1] == "10/07/2027"
    por_aei = {r[0]: r for r in resumen if r and str(r[0]).startswith("AEI.")}
    assert por_aei["AEI.02.01"][2] == 50.0


def test_instrucciones_explican_creciente_y_decreciente(tmp_path):
    ruta = escribir_plantilla(EVALUACION_POI, tmp_path / "plantilla.xlsx")
    textos = " ".join(
        str(v)
        for r in CalamineWorkbook.from_path(str(ruta)).get_sheet_by_name("Instrucciones").to_python()
        for v in r
    )
    assert "creciente = ejecutado / programado" in textos
    assert "decreciente = programado / ejecutado" in textos
    assert "10 días calendario" in textos


# ------------------------------------------------------------------ generación desde el POI


@pytest.fixture
def poi(tmp_path) -> Path:
    return escribir_plantilla(POI, tmp_path / "poi_GPP-01.xlsx", unidad(actividades=6))


@pytest.mark.parametrize("trimestre", [1, 2, 3, 4])
def test_generar_prellena_lo_programado_desde_el_poi(tmp_path, poi, trimestre):
    antes = hashlib.sha256(poi.read_bytes()).hexdigest()
    salida = tmp_path / f"eva_T{trimestre}.xlsx"
    generado = generar_evaluacion(poi, trimestre, salida)
    assert generado.actividades == 6
    assert hashlib.sha256(poi.read_bytes()).hexdigest() == antes
    libro, resultado = leer_archivo(salida)
    assert resultado.formato == "evaluacion-poi@1"
    d = libro.filas("Datos")[0]
    assert (d.codigo_unidad, d.anio_fiscal, d.trimestre) == ("GPP-01", 2027, trimestre)
    actividades = aplicar_perfiles(unidad(actividades=6)["Actividades"])
    meses = meses_del_trimestre(trimestre)
    for f, a in zip(libro.filas("Evaluación"), actividades, strict=True):
        assert f.codigo == a.codigo and f.aei == a.aei and f.sentido == "Creciente"
        assert [f.meta_m1, f.meta_m2, f.meta_m3] == [a.metas[m] for m in meses]
        assert f.programado_trimestre == sum(a.metas[m] or 0 for m in meses)
        assert f.programado_acumulado == sum(a.metas[m] or 0 for m in range(meses[-1] + 1))
        assert f.soles_trimestre == pytest.approx(sum(a.montos[m] or 0 for m in meses))
    p = libro.filas("Parámetros")[0]
    assert (p.umbral_verde, p.umbral_ambar) == (90.0, 60.0)
    # recién generada: falta lo ejecutado de las actividades con meta en el trimestre
    observaciones = validar_archivo(salida).observaciones
    con_meta = sum(1 for f in libro.filas("Evaluación") if f.programado_trimestre)
    assert [o.codigo for o in observaciones] == ["EVA-007"] * con_meta


def test_generar_desde_un_archivo_que_no_es_libro(tmp_path):
    falso = tmp_path / "poi.xlsx"
    falso.write_bytes(b"no es un zip")
    generado = generar_evaluacion(falso, 1, tmp_path / "eva.xlsx")
    assert generado.salida is None and "«poi.xlsx»: no es un libro de Excel" in generado.detalle
    assert not (tmp_path / "eva.xlsx").exists()


def cli() -> typer.Typer:
    from libro.cli.poi import registrar_poi

    app = typer.Typer()
    registrar_poi(app)
    return app


def test_cli_evaluacion_generar(tmp_path, poi):
    salida = tmp_path / "eva.xlsx"
    r = CliRunner().invoke(
        cli(), ["evaluacion", "generar", str(poi), "--trimestre", "3", "--salida", str(salida)]
    )
    assert r.exit_code == 0, r.output
    assert salida.exists() and "(6 actividades)" in " ".join(r.output.split())
    libro, _ = leer_archivo(salida)
    assert libro.filas("Datos")[0].trimestre == 3
    r = CliRunner().invoke(cli(), ["evaluacion", "generar", str(poi), "--trimestre", "5"])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli(), ["evaluacion", "generar", str(poi), "--trimestre", "1"])
    assert r.exit_code == 0 and (tmp_path / "poi_GPP-01_evaluacion_T1.xlsx").exists()


# ------------------------------------------------------------------ botones (motor remoto de xlwings)


@pytest.fixture
def motor_remoto(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial"))
    import xlwings as xw

    from libro.servidor.remoto import payload_desde_archivo

    return lambda ruta: xw.Book(json=payload_desde_archivo(ruta))


def _valores(acciones: list[dict], columna: int) -> list:
    return [
        a["values"]
        for a in acciones
        if a["func"] == "setValues" and a["start_column"] == columna and a["sheet_position"] == 2
    ]


def test_boton_calcular_avance(tmp_path, motor_remoto):
    from macros_py import evaluacion_poi

    ruta = libro_evaluacion(
        tmp_path,
        [
            fila("AO.001"),
            fila(
                "AO.002", ejecutado_trimestre=13.0, ejecutado_acumulado=33.0, factores_desfavorables="Lluvias"
            ),
        ],
    )
    book = motor_remoto(ruta)
    observaciones = evaluacion_poi.calcular_avance(book)
    assert [o.codigo for o in observaciones] == ["EVA-001"]
    acciones = book.json()["actions"]
    (semaforos,) = _valores(acciones, 26)  # fórmulas vivas: Excel muestra Verde y Ámbar
    assert [f[0][:26] for f in semaforos] == ["=IF(ISNUMBER(X6),IF(X6>='R", "=IF(ISNUMBER(X7),IF(X7>='R"]
    (avances,) = _valores(acciones, 23)
    assert all("ROUND(100*Q" in f[0] for f in avances)
    textos = str([a["values"] for a in acciones if a["func"] == "setValues"])
    assert "EVA-001" in textos and "medidas correctivas" in textos


def test_boton_validar_no_escribe_calculos(tmp_path, motor_remoto):
    from macros_py import evaluacion_poi

    ruta = libro_evaluacion(tmp_path, [fila(ejecutado_trimestre=20.0, ejecutado_acumulado=10.0)])
    book = motor_remoto(ruta)
    assert [o.codigo for o in evaluacion_poi.validar(book)] == ["EVA-005"]
    acciones = book.json()["actions"]
    assert _valores(acciones, 26) == []
    assert any("EVA-005" in str(a["values"]) for a in acciones if a["func"] == "setValues")
