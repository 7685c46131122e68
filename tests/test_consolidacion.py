"""`libro consolidar`: POI institucional, presupuesto por unidad, cuadro resumen, informe trimestral y
archivos excluidos, sobre carpetas de libros reales; y el recálculo de las fórmulas con LibreOffice."""

import hashlib
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import typer
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.consolidar import consolidar
from libro.demo.poi import unidad, unidad_con_errores
from libro.poi.calculo import aplicar_perfiles, costos_insumos
from libro.poi.evaluacion.formato import EVALUACION_POI, DatosEvaluacion, FilaEvaluacion, Parametros
from libro.poi.formato import POI
from libro.poi.perfiles import cuadro_presupuesto, suma
from libro.salida.plantilla import escribir_plantilla

UNIDADES = {
    "GPP-01": ("Gerencia de Planeamiento y Presupuesto", 5, 1),
    "GAT-02": ("Gerencia de Administración Tributaria", 4, 2),
    "GDS-03": ("Gerencia de Desarrollo Social", 3, 3),
}


def datos_unidad(codigo: str, **cambios) -> dict[str, list]:
    nombre, actividades, semilla = UNIDADES[codigo]
    return unidad(codigo, nombre, actividades=actividades, semilla=semilla, **cambios)


def hoja(ruta: Path, nombre: str) -> list[list]:
    return CalamineWorkbook.from_path(str(ruta)).get_sheet_by_name(nombre).to_python()


@pytest.fixture
def carpeta(tmp_path) -> Path:
    d = tmp_path / "recibidos"
    for codigo in UNIDADES:
        escribir_plantilla(POI, d / f"poi_{codigo}.xlsx", datos_unidad(codigo))
    escribir_plantilla(POI, d / "poi_GPP-01_reenvio.xlsx", datos_unidad("GPP-01"))
    escribir_plantilla(
        POI,
        d / "poi_anterior.xlsx",
        unidad("GIN-04", "Gerencia de Infraestructura", anio=2026, actividades=2),
    )
    escribir_plantilla(POI, d / "poi_errores.xlsx", unidad_con_errores())
    escribir_plantilla(replace(POI, version=9), d / "poi_version9.xlsx", unidad("GTR-05", actividades=2))
    escribir_plantilla(
        EVALUACION_POI,
        d / "eva_sin_trimestre.xlsx",
        {
            "Datos": [
                DatosEvaluacion(codigo_unidad="GPP-01", nombre_unidad="x", anio_fiscal=2027, trimestre=2)
            ]
        },
    )
    (d / "danado.xlsx").write_bytes(b"PK\x03\x04 esto no es un libro")
    (d / "oficio.txt").write_text("Remito el POI.")
    return d


def huellas(carpeta: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in carpeta.iterdir()}


def test_consolida_solo_los_validos_y_dice_por_que_excluye(tmp_path, carpeta):
    antes = huellas(carpeta)
    salida = tmp_path / "consolidado.xlsx"
    c = consolidar(carpeta, salida, procesos=2)
    assert huellas(carpeta) == antes
    assert c.anio == 2027
    assert [u.codigo for u in c.unidades] == ["GAT-02", "GDS-03", "GPP-01"]
    motivos = {Path(x.archivo).name: x.motivo for x in c.excluidos}
    assert motivos == {
        "poi_GPP-01_reenvio.xlsx": "Código de unidad repetido",
        "poi_anterior.xlsx": "Otro año fiscal",
        "poi_errores.xlsx": "Con errores de validación",
        "poi_version9.xlsx": "Otra versión de la plantilla",
        "eva_sin_trimestre.xlsx": "Evaluación sin --trimestre",
        "danado.xlsx": "Archivo ilegible",
        "oficio.txt": "No es un libro de Excel",
    }
    excluidos = hoja(salida, "Excluidos")
    filas = {r[0]: r for r in excluidos[4:]}
    assert set(filas) == set(motivos)
    assert "POI-002" in filas["poi_errores.xlsx"][2]
    assert "versión 9" in filas["poi_version9.xlsx"][2]
    assert "ya se consolidó desde «poi_GPP-01.xlsx»" in filas["poi_GPP-01_reenvio.xlsx"][2]


def test_cuadro_resumen_y_presupuesto_por_unidad(tmp_path, carpeta):
    salida = tmp_path / "consolidado.xlsx"
    consolidar(carpeta, salida)
    esperado = {}
    for codigo in UNIDADES:
        datos = datos_unidad(codigo)
        insumos = costos_insumos(datos["Insumos"])
        cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in insumos)
        montos = [a.montos for a in aplicar_perfiles(datos["Actividades"])]
        esperado[codigo] = (cuadro, [suma(m[mes] for m in montos) for mes in range(12)])
    cuadro = hoja(salida, "Cuadro resumen")
    bienes = round(sum(c.bienes for c, _ in esperado.values()), 2)
    servicios = round(sum(c.servicios for c, _ in esperado.values()), 2)
    assert cuadro[4][:3] == ["2.3.1", "Bienes", bienes]
    assert cuadro[5][:3] == ["2.3.2", "Servicios", servicios]
    assert cuadro[6][1:3] == ["Total", round(bienes + servicios, 2)]
    por_unidad = {r[0]: r for r in cuadro[10:13]}
    for codigo, (c, _) in esperado.items():
        assert por_unidad[codigo][2:5] == [c.bienes, c.servicios, c.total]
    assert cuadro[13][0] == "Total" and cuadro[13][4] == round(bienes + servicios, 2)
    presupuesto = hoja(salida, "Presupuesto por UO")
    filas = {r[0]: r for r in presupuesto[4:7]}
    for codigo, (_, meses) in esperado.items():
        assert filas[codigo][2:14] == pytest.approx(meses)
        assert filas[codigo][14] == pytest.approx(sum(meses))
    assert presupuesto[7][14] == pytest.approx(bienes + servicios)
    por_aei = hoja(salida, "Por OEI y AEI")
    filas = [r for r in por_aei[4:] if r[0] != "Total"]
    assert [r[:2] for r in filas] == sorted(r[:2] for r in filas)
    total = next(r for r in por_aei[4:] if r[0] == "Total")
    assert total[16] == pytest.approx(bienes + servicios)
    assert total[4:16] == pytest.approx([sum(m[mes] for _, m in esperado.values()) for mes in range(12)])
    assert all(r[16] == pytest.approx(sum(r[4:16])) for r in filas)


def test_poi_institucional_por_unidad_oei_aei_y_mes(tmp_path, carpeta):
    salida = tmp_path / "consolidado.xlsx"
    consolidar(carpeta, salida)
    grilla = hoja(salida, "POI institucional")
    filas = grilla[4:16]
    assert len(filas) == 12 and grilla[16][0] == "Total"
    actividades = {
        (codigo, a.codigo): (UNIDADES[codigo][0], a)
        for codigo in UNIDADES
        for a in datos_unidad(codigo)["Actividades"]
    }
    por_encabezado = [dict(zip(grilla[3], r, strict=True)) for r in filas]
    assert {(f["Código UO"], f["Código"]) for f in por_encabezado} == set(actividades)
    for f in por_encabezado:  # cada columna, bajo su encabezado, trae lo que la unidad programó
        nombre, a = actividades[(f["Código UO"], f["Código"])]
        assert [f["Unidad orgánica"], f["AEI"], f["Actividad operativa"]] == [nombre, a.aei, a.actividad]
        assert [f["Unidad de medida"], f["Tipo de meta"], f["Meta anual"]] == [
            a.unidad_medida,
            a.tipo_meta,
            a.meta_anual,
        ]
    claves = [(r[0], r[2], r[3], r[4]) for r in filas]
    assert claves == sorted(claves)
    for r in filas:
        assert r[2] == "OEI." + r[3].split(".")[1]  # el OEI de su AEI
        assert r[21] == pytest.approx(sum(v or 0 for v in r[22:34]))  # valorización = suma de meses
        assert sum(v or 0 for v in r[9:21]) == r[8]  # metas acumulables que suman la anual
    assert grilla[16][21] == pytest.approx(sum(r[21] for r in filas))


def test_formulas_graficos_e_impresion(tmp_path, carpeta):
    salida = tmp_path / "consolidado.xlsx"
    consolidar(carpeta, salida, trimestre=2)
    with zipfile.ZipFile(salida) as z:
        nombres = z.namelist()
        libro = z.read("xl/workbook.xml").decode()
        hojas = {n: z.read(n).decode() for n in nombres if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)}
    assert len([n for n in nombres if n.startswith("xl/charts/chart")]) >= 4
    assert libro.count("_xlnm.Print_Titles") == len(hojas)
    for xml in hojas.values():
        assert 'paperSize="9"' in xml and 'orientation="landscape"' in xml
        assert '<pageSetUpPr fitToPage="1"/>' in xml and 'fitToHeight="0"' in xml
    assert sum(xml.count("<f>SUM(") for xml in hojas.values()) > 50


# ------------------------------------------------------------------ informe trimestral


def fila(codigo: str, ejecutado: float, **cambios) -> FilaEvaluacion:
    datos = dict(
        codigo=codigo,
        actividad=f"Actividad {codigo}",
        aei="AEI.02.01",
        tipo_meta="Acumulable",
        sentido="Creciente",
        programado_trimestre=20.0,
        programado_acumulado=40.0,
        soles_trimestre=1000.0,
        soles_acumulado=2000.0,
        ejecutado_trimestre=ejecutado,
        ejecutado_acumulado=20.0 + ejecutado,
        ejecutado_soles_trimestre=900.0,
    )
    datos.update(cambios)
    return FilaEvaluacion(**datos)


def evaluacion(
    ruta: Path, codigo: str, trimestre: int, fecha: date | None, filas: list[FilaEvaluacion]
) -> Path:
    datos = DatosEvaluacion(
        codigo_unidad=codigo,
        nombre_unidad=UNIDADES[codigo][0],
        anio_fiscal=2027,
        trimestre=trimestre,
        fecha_presentacion=fecha,
    )
    return escribir_plantilla(
        EVALUACION_POI, ruta, {"Datos": [datos], "Evaluación": filas, "Parámetros": [Parametros()]}
    )


@pytest.fixture
def con_evaluaciones(carpeta) -> Path:
    (carpeta / "eva_sin_trimestre.xlsx").unlink()
    medidas = {
        "factores_desfavorables": "Demora en la contratación",
        "medidas_correctivas": "Adelantar la compra",
    }
    evaluacion(
        carpeta / "eva_GPP-01_T2.xlsx",
        "GPP-01",
        2,
        date(2027, 7, 9),
        [
            fila("AO.001", 20.0),
            fila("AO.002", 14.0, **medidas),
            fila("AO.003", 4.0, aei="AEI.05.01", **medidas),
            fila("AO.004", 0.0, programado_trimestre=0.0),
        ],
    )
    evaluacion(carpeta / "eva_GAT-02_T2.xlsx", "GAT-02", 2, date(2027, 7, 15), [fila("AO.001", 19.0)])
    evaluacion(carpeta / "eva_GPP-01_T1.xlsx", "GPP-01", 1, date(2027, 4, 5), [fila("AO.001", 20.0)])
    evaluacion(
        carpeta / "eva_GDS-03_T2.xlsx", "GDS-03", 2, date(2027, 7, 2), [fila("AO.001", 2.0)]
    )  # sin medidas
    return carpeta


def test_informe_trimestral(tmp_path, con_evaluaciones):
    salida = tmp_path / "consolidado.xlsx"
    c = consolidar(con_evaluaciones, salida, trimestre=2)
    assert [e.codigo for e in c.evaluaciones] == ["GAT-02", "GPP-01"]
    motivos = {Path(x.archivo).name: x.motivo for x in c.excluidos}
    assert motivos["eva_GPP-01_T1.xlsx"] == "Evaluación de otro trimestre"
    assert motivos["eva_GDS-03_T2.xlsx"] == "Con errores de validación"
    nombres = CalamineWorkbook.from_path(str(salida)).sheet_names
    assert nombres == [
        "Cuadro resumen",
        "POI institucional",
        "Presupuesto por UO",
        "Por OEI y AEI",
        "Informe trimestral",
        "Avance por OEI-AEI",
        "Ámbar y rojo",
        "Sin presentar o tarde",
        "Excluidos",
    ]
    informe = hoja(salida, "Informe trimestral")
    assert "10/07/2027" in informe[1][0]
    filas = {r[0]: r for r in informe[4:6]}
    # actividades, verde, ámbar, rojo, sin meta, sin cálculo
    assert filas["GPP-01"][2:8] == [4, 1, 1, 1, 1, 0]
    assert filas["GPP-01"][8] == pytest.approx((100 + 70 + 20) / 3 / 100, abs=1e-4)
    assert filas["GPP-01"][9:11] == [4000.0, 3600.0]
    assert filas["GPP-01"][13] == "A tiempo"
    assert filas["GAT-02"][13] == "Fuera de plazo"
    assert informe[6][0] == "Total" and informe[6][2:7] == [5, 2, 1, 1, 1]
    por_aei = {r[1]: r for r in hoja(salida, "Avance por OEI-AEI")[4:6]}
    assert por_aei["AEI.05.01"][:7] == [
        "OEI.05",
        "AEI.05.01",
        "Capacitación de trabajadores municipales",
        1,
        0,
        0,
        1,
    ]
    ambar_rojo = hoja(salida, "Ámbar y rojo")[4:]
    assert [(r[0], r[2], r[5], r[8]) for r in ambar_rojo] == [
        ("GPP-01", "AO.003", "Rojo", "Adelantar la compra"),
        ("GPP-01", "AO.002", "Ámbar", "Adelantar la compra"),
    ]
    pendientes = {r[0]: r[2] for r in hoja(salida, "Sin presentar o tarde")[4:]}
    assert pendientes == {
        "GAT-02": "Presentó fuera de plazo",
        "GDS-03": "No presentó la evaluación (o fue excluida)",
    }


def cli() -> typer.Typer:
    from libro.cli.poi import registrar_poi

    app = typer.Typer()
    registrar_poi(app)
    return app


def test_cli_consolidar(tmp_path, con_evaluaciones):
    salida = con_evaluaciones / "consolidado.xlsx"  # dentro de la carpeta: no se lee a sí mismo
    for _ in range(2):
        r = CliRunner().invoke(
            cli(), ["consolidar", str(con_evaluaciones), "--salida", str(salida), "--trimestre", "2"]
        )
        assert r.exit_code == 1, r.output  # hay archivos excluidos
    texto = " ".join(r.output.split())
    assert "Unidades consolidadas │ 3" in texto and "Archivos excluidos │ 8" in texto
    assert texto.count("consolidado.xlsx") == 1  # solo en «Libro consolidado: …», nunca como excluido
    assert (
        CliRunner().invoke(cli(), ["consolidar", str(tmp_path / "no"), "--salida", str(salida)]).exit_code
        == 2
    )
    assert (
        CliRunner()
        .invoke(cli(), ["consolidar", str(con_evaluaciones), "--salida", str(salida), "--trimestre", "7"])
        .exit_code
        == 2
    )


# ------------------------------------------------------------------ LibreOffice recalcula las fórmulas

PERFIL_RECALCULO = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice no está instalado (soffice no está en el PATH); instálelo con "
    "«apt-get install -y libreoffice-calc-nogui» para recalcular las fórmulas",
)
def test_libreoffice_recalcula_los_totales(tmp_path, con_evaluaciones):
    salida = tmp_path / "sin_cache.xlsx"
    consolidar(con_evaluaciones, salida, trimestre=2, cache=False)  # fórmulas sin resultado guardado
    assert hoja(salida, "Cuadro resumen")[6][2] == 0.0
    perfil = tmp_path / "perfil_lo"
    (perfil / "user").mkdir(parents=True)
    (perfil / "user" / "registrymodifications.xcu").write_text(
        PERFIL_RECALCULO
    )  # recalcular siempre al abrir
    recalculado = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={perfil.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(recalculado),
            str(salida),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ruta = recalculado / salida.name
    esperado = tmp_path / "con_cache.xlsx"
    consolidar(con_evaluaciones, esperado, trimestre=2)
    for nombre, filas in (
        ("Cuadro resumen", (4, 5, 6, 10, 11, 12, 13)),
        ("Presupuesto por UO", (4, 5, 6, 7)),
        ("Por OEI y AEI", (4, 5, 6)),
        ("Informe trimestral", (4, 5, 6)),
    ):
        calculadas, guardadas = hoja(ruta, nombre), hoja(esperado, nombre)
        for r in filas:
            numeros = [(j, v) for j, v in enumerate(guardadas[r]) if isinstance(v, float)]
            assert numeros
            for j, v in numeros:
                assert calculadas[r][j] == pytest.approx(v), (nombre, r, j)
    institucional, guardado = hoja(ruta, "POI institucional"), hoja(esperado, "POI institucional")
    assert institucional[16][21:34] == pytest.approx(guardado[16][21:34])
    assert institucional[16][21] > 0
