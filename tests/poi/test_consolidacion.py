"""`libro consolidar`: qué se consolida y qué se excluye, las tablas de pandas frente a sumas hechas a
mano, el POI institucional con las columnas de la declaración, el informe trimestral, la impresión y
el recálculo de cada fórmula con LibreOffice (más el PDF que imprimiría OPP).

Las carpetas y los consolidados se construyen una vez por módulo."""

import hashlib
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import typer
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.consolidar import consolidar
from libro.demo.poi import unidad, unidad_con_errores
from libro.nucleo.codecs import FECHA, NUMERO, PORCENTAJE, SOLES
from libro.nucleo.textos import MESES
from libro.poi.calculo import aplicar_perfiles, costos_insumos
from libro.poi.consolidacion import tablas
from libro.poi.consolidacion.calculo import COLUMNAS
from libro.poi.evaluacion.formato import EVALUACION_POI, DatosEvaluacion, FilaEvaluacion, Parametros
from libro.poi.formato import POI
from libro.poi.perfiles import cuadro_presupuesto, suma
from libro.salida.plantilla import escribir_plantilla

UNIDADES = {
    "GPP-01": ("Gerencia de Planeamiento y Presupuesto", 5, 1),
    "GAT-02": ("Gerencia de Administración Tributaria", 4, 2),
    "GDS-03": ("Gerencia de Desarrollo Social", 3, 3),
}
MARCO_GPP = 5_000_000.0
"""Solo GPP-01 registra su marco presupuestal: las demás figuran «sin marco»."""
HOY = date(2027, 7, 20)


def datos_unidad(codigo: str) -> dict[str, list]:
    nombre, actividades, semilla = UNIDADES[codigo]
    datos = unidad(codigo, nombre, actividades=actividades, semilla=semilla)
    cambios = {
        "GPP-01": {"marco_presupuestal": MARCO_GPP},
        "GDS-03": {"fecha_presentacion": date(2026, 4, 15)},  # después del 30/03: fuera de plazo
    }.get(codigo)
    if cambios:
        datos["Datos"] = [datos["Datos"][0].model_copy(update=cambios)]
    return datos


def hoja(ruta: Path, nombre: str) -> list[list]:
    return CalamineWorkbook.from_path(str(ruta)).get_sheet_by_name(nombre).to_python()


def huellas(carpeta: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in carpeta.iterdir()}


def escribir_pois(d: Path) -> None:
    for codigo in UNIDADES:
        escribir_plantilla(POI, d / f"poi_{codigo}.xlsx", datos_unidad(codigo))


@pytest.fixture(scope="module")
def carpeta(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("recibidos")
    escribir_pois(d)
    escribir_plantilla(POI, d / "poi_GPP-01_reenvio.xlsx", datos_unidad("GPP-01"))
    escribir_plantilla(
        POI,
        d / "poi_anterior.xlsx",
        unidad("GIN-04", "Gerencia de Infraestructura", anio=2026, actividades=2),
    )
    escribir_plantilla(POI, d / "poi_errores.xlsx", unidad_con_errores())
    escribir_plantilla(replace(POI, version=9), d / "poi_version9.xlsx", unidad("GTR-05", actividades=2))
    datos = DatosEvaluacion(codigo_unidad="GPP-01", nombre_unidad="x", anio_fiscal=2027, trimestre=2)
    escribir_plantilla(EVALUACION_POI, d / "eva_sin_trimestre.xlsx", {"Datos": [datos]})
    (d / "danado.xlsx").write_bytes(b"PK\x03\x04 esto no es un libro")
    (d / "oficio.txt").write_text("Remito el POI.")
    return d


@pytest.fixture(scope="module")
def consolidado(carpeta, tmp_path_factory):
    """(consolidación, libro, huellas de la carpeta antes de consolidar)."""
    antes = huellas(carpeta)
    salida = tmp_path_factory.mktemp("salida") / "consolidado.xlsx"
    return consolidar(carpeta, salida, procesos=2, hoy=HOY), salida, antes


def esperado_por_unidad() -> dict[str, tuple]:
    """(cuadro de bienes y servicios, actividades calculadas) de cada unidad, a mano."""
    esperado = {}
    for codigo in UNIDADES:
        datos = datos_unidad(codigo)
        insumos = costos_insumos(datos["Insumos"])
        cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in insumos)
        esperado[codigo] = (cuadro, aplicar_perfiles(datos["Actividades"]))
    return esperado


def test_consolida_solo_los_validos_y_dice_por_que_excluye(consolidado, carpeta):
    c, salida, antes = consolidado
    assert huellas(carpeta) == antes
    assert c.anio == 2027
    assert [u.codigo for u in c.unidades] == ["GAT-02", "GDS-03", "GPP-01"]
    situaciones = {Path(x.archivo).name: x.situacion for x in c.excluidos}
    assert situaciones == {
        "poi_GPP-01_reenvio.xlsx": "Código de unidad repetido: excluido",
        "poi_anterior.xlsx": "Otro año fiscal: excluido",
        "poi_errores.xlsx": "Presentó con errores: excluido",
        "poi_version9.xlsx": "Otra versión de la plantilla: excluido",
        "eva_sin_trimestre.xlsx": "Evaluación sin trimestre pedido: excluido",
        "danado.xlsx": "Archivo ilegible: excluido",
        "oficio.txt": "No es un libro que se lea: omitido",
    }
    assert c.recuento == "10 archivos: 3 consolidados, 6 excluidos y 1 omitido"
    assert c.recuento in hoja(salida, "Cuadro resumen")[1][0]
    filas = {r[0]: r for r in hoja(salida, "Excluidos")[4:]}
    assert set(filas) == set(situaciones)  # cada ruta, con su situación y su detalle
    assert filas["poi_errores.xlsx"][1] == "SGLSC-02 Subgerencia de Limpieza y Salud Ambiental"
    assert filas["poi_errores.xlsx"][2] == "Presentó con errores: excluido"
    assert "POI-002" in filas["poi_errores.xlsx"][3]
    assert "versión 9" in filas["poi_version9.xlsx"][3]
    assert "ya se consolidó desde «poi_GPP-01.xlsx»" in filas["poi_GPP-01_reenvio.xlsx"][3]


def test_las_tablas_de_pandas_suman_lo_que_programaron_las_unidades(consolidado):
    c, _, _ = consolidado
    t = tablas(c)
    esperado = esperado_por_unidad()
    assert list(t.actividades.columns[: len(COLUMNAS)]) == [
        c.campo if c.mes is None else f"{c.campo}_{MESES[c.mes].lower()}" for c in COLUMNAS
    ]
    assert len(t.actividades) == 12
    por_clave = t.actividades.set_index(["codigo_unidad", "codigo"])
    for codigo, (_, actividades) in esperado.items():
        for a in actividades:
            fila = por_clave.loc[(codigo, a.codigo)]
            assert fila["meta_anual"] == a.meta_anual and fila["aei"] == a.aei
            assert fila["valorizacion_anual"] == pytest.approx(suma(a.montos))
            assert [fila[f"montos_{m.lower()}"] for m in MESES] == pytest.approx(
                [v if v is not None else float("nan") for v in a.montos], nan_ok=True
            )
    por_unidad = t.por_unidad.set_index("codigo_unidad")
    for codigo, (cuadro, actividades) in esperado.items():
        u = por_unidad.loc[codigo]
        assert (u["bienes"], u["servicios"], u["total_insumos"]) == (
            cuadro.bienes,
            cuadro.servicios,
            cuadro.total,
        )
        meses = [suma(a.montos[m] for a in actividades) for m in range(12)]
        assert [u[f"montos_{m.lower()}"] for m in MESES] == pytest.approx(meses)
        assert u["valorizacion_anual"] == pytest.approx(sum(meses))
        assert u["presupuesto_modificado"] == pytest.approx(sum(meses))  # sin modificaciones
    assert por_unidad.loc["GPP-01", "marco_presupuestal"] == MARCO_GPP
    assert por_unidad["marco_presupuestal"].isna().sum() == 2
    grupos: dict[tuple[str, str], list] = {}
    for codigo, (_, actividades) in esperado.items():
        for a in actividades:
            grupos.setdefault(("OEI." + a.aei.split(".")[1], a.aei), []).append((codigo, a))
    por_aei = t.por_oei_aei.set_index(["oei", "aei"])
    assert sorted(por_aei.index) == sorted(grupos)
    for clave, miembros in grupos.items():
        fila = por_aei.loc[clave]
        assert fila["actividades"] == len(miembros)
        assert fila["unidades"] == len({codigo for codigo, _ in miembros})
        assert fila["total"] == pytest.approx(sum(suma(a.montos) for _, a in miembros))
    todas = [a for _, actividades in esperado.values() for a in actividades]
    assert list(t.por_mes["montos"]) == pytest.approx([suma(a.montos[m] for a in todas) for m in range(12)])


def test_cuadro_resumen_y_presupuesto_por_unidad(consolidado):
    _, salida, _ = consolidado
    esperado = esperado_por_unidad()
    bienes = round(sum(c.bienes for c, _ in esperado.values()), 2)
    servicios = round(sum(c.servicios for c, _ in esperado.values()), 2)
    cuadro = hoja(salida, "Cuadro resumen")
    assert cuadro[4][:3] == ["2.3.1", "Bienes", bienes]
    assert cuadro[5][:3] == ["2.3.2", "Servicios", servicios]
    assert cuadro[6][1:3] == ["Total", round(bienes + servicios, 2)]
    por_unidad = {r[0]: r for r in cuadro[10:13]}
    for codigo, (c, actividades) in esperado.items():
        assert por_unidad[codigo][2:6] == pytest.approx(
            [c.bienes, c.servicios, c.total, sum(suma(a.montos) for a in actividades)]
        )
    assert por_unidad["GPP-01"][6] == MARCO_GPP
    assert por_unidad["GAT-02"][6] == por_unidad["GDS-03"][6] == "sin marco"  # nunca S/ 0.00
    assert por_unidad["GDS-03"][7] == "Fuera de plazo" and por_unidad["GPP-01"][7] == "A tiempo"
    assert cuadro[13][0] == "Total" and cuadro[13][4] == round(bienes + servicios, 2)
    assert cuadro[13][6] == MARCO_GPP
    presupuesto = hoja(salida, "Presupuesto por UO")
    filas = {r[0]: r for r in presupuesto[4:7]}
    for codigo, (_, actividades) in esperado.items():
        meses = [suma(a.montos[m] for a in actividades) for m in range(12)]
        assert filas[codigo][2:14] == pytest.approx(meses)
        assert filas[codigo][14] == pytest.approx(sum(meses))
    assert filas["GPP-01"][17] == pytest.approx(100 * filas["GPP-01"][16] / MARCO_GPP)
    assert filas["GAT-02"][15] == "sin marco" and filas["GAT-02"][17] == ""
    assert presupuesto[7][14] == pytest.approx(bienes + servicios)
    por_aei = hoja(salida, "Por OEI y AEI")
    filas = [r for r in por_aei[4:] if r[0] not in ("", "Total")]
    assert [r[:2] for r in filas] == sorted(r[:2] for r in filas)
    total = next(r for r in por_aei[4:] if r[0] == "Total")
    assert total[3] == 12 and total[16] == pytest.approx(bienes + servicios)
    assert all(r[16] == pytest.approx(sum(r[4:16])) for r in filas)


def test_poi_institucional_con_las_columnas_de_la_declaracion(consolidado):
    _, salida, _ = consolidado
    grilla = hoja(salida, "POI institucional")
    assert grilla[4] == [c.encabezado for c in COLUMNAS]
    assert "PROGRAMACIÓN FÍSICA MENSUAL" in grilla[3] and "VALORIZACIÓN MENSUAL (S/)" in grilla[3]
    filas = grilla[5:17]
    assert grilla[17][0] == "Total" and grilla[17][4] == "12 actividades"
    actividades = {
        (codigo, a.codigo): (UNIDADES[codigo][0], a)
        for codigo, (_, calculadas) in esperado_por_unidad().items()
        for a in calculadas
    }
    por_encabezado = [dict(zip(grilla[4], r, strict=True)) for r in filas]
    codigo_uo = COLUMNAS[0].encabezado
    assert {(f[codigo_uo], f["Código"]) for f in por_encabezado} == set(actividades)
    for f in por_encabezado:  # cada columna, bajo el encabezado que declara el POI
        nombre, a = actividades[(f[codigo_uo], f["Código"])]
        assert [f["Unidad orgánica"], f["Código AEI"], f["Actividad operativa"]] == [
            nombre,
            a.aei,
            a.actividad,
        ]
        assert [f["Indicador"], f["Categoría presupuestal"], f["Meta física anual"]] == [
            a.indicador,
            a.categoria,
            a.meta_anual,
        ]
        assert [f[f"S/ {m}"] or None for m in MESES] == a.montos
        assert f["Valorización anual (S/)"] == pytest.approx(suma(a.montos))
        assert f["Código OEI"] == "OEI." + a.aei.split(".")[1]
    claves = [(r[0], r[2], r[5], r[3]) for r in filas]  # unidad, OEI, AEI, código
    assert claves == sorted(claves)
    assert grilla[17][COLUMNAS.index(next(c for c in COLUMNAS if c.campo == "valorizacion_anual"))] == (
        pytest.approx(sum(suma(a.montos) for _, a in actividades.values()))
    )
    libro = openpyxl.load_workbook(salida)
    ws = libro["POI institucional"]
    formatos = {c.encabezado: ws.cell(6, j + 1).number_format for j, c in enumerate(COLUMNAS)}
    assert formatos["Meta física anual"] == NUMERO and formatos["Valorización anual (S/)"] == SOLES
    assert ws.column_dimensions["E"].width == pytest.approx(42.7, abs=0.5)  # «Actividad operativa»: 42


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


def evaluacion(ruta: Path, codigo: str, trimestre: int, fecha: date | None, filas: list) -> Path:
    datos = DatosEvaluacion(
        codigo_unidad=codigo,
        nombre_unidad=UNIDADES.get(codigo, ("Gerencia de Obras Públicas",))[0],
        anio_fiscal=2027,
        trimestre=trimestre,
        fecha_presentacion=fecha,
    )
    return escribir_plantilla(
        EVALUACION_POI, ruta, {"Datos": [datos], "Evaluación": filas, "Parámetros": [Parametros()]}
    )


def escribir_evaluaciones(d: Path) -> None:
    """POI de cuatro unidades y sus evaluaciones del 2.° trimestre: GPP-01 a tiempo, GAT-02 tarde,
    GDS-03 con errores (una actividad en rojo sin medidas), GOP-05 no presenta."""
    escribir_pois(d)
    escribir_plantilla(
        POI, d / "poi_GOP-05.xlsx", unidad("GOP-05", "Gerencia de Obras Públicas", actividades=2)
    )
    medidas = {
        "factores_desfavorables": "Demora en la contratación",
        "medidas_correctivas": "Adelantar la compra",
    }
    gpp = [
        fila("AO.001", 20.0),
        fila("AO.002", 14.0, **medidas),
        fila("AO.003", 4.0, aei="AEI.05.01", **medidas),
        fila("AO.004", 0.0, programado_trimestre=0.0),
    ]
    evaluacion(d / "eva_GPP-01_T2.xlsx", "GPP-01", 2, date(2027, 7, 9), gpp)
    evaluacion(d / "eva_GAT-02_T2.xlsx", "GAT-02", 2, date(2027, 7, 15), [fila("AO.001", 19.0)])
    evaluacion(d / "eva_GPP-01_T1.xlsx", "GPP-01", 1, date(2027, 4, 5), [fila("AO.001", 20.0)])
    evaluacion(d / "eva_GDS-03_T2.xlsx", "GDS-03", 2, date(2027, 7, 2), [fila("AO.001", 2.0)])


@pytest.fixture(scope="module")
def con_evaluaciones(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("con_evaluaciones")
    escribir_evaluaciones(d)
    return d


@pytest.fixture(scope="module")
def trimestral(con_evaluaciones, tmp_path_factory):
    salida = tmp_path_factory.mktemp("trimestral") / "consolidado.xlsx"
    return consolidar(con_evaluaciones, salida, trimestre=2, hoy=HOY), salida


def test_informe_trimestral(trimestral):
    c, salida = trimestral
    assert [e.codigo for e in c.evaluaciones] == ["GAT-02", "GPP-01"]
    situaciones = {Path(x.archivo).name: x.situacion for x in c.excluidos}
    assert situaciones == {
        "eva_GPP-01_T1.xlsx": "Evaluación de otro trimestre: excluido",
        "eva_GDS-03_T2.xlsx": "Presentó con errores: excluido",
    }
    assert c.recuento == "8 archivos: 6 consolidados (4 POI y 2 evaluaciones) y 2 excluidos"
    assert CalamineWorkbook.from_path(str(salida)).sheet_names == [
        "Cuadro resumen",
        "POI institucional",
        "Presupuesto por UO",
        "Por OEI y AEI",
        "Informe trimestral",
        "Avance por OEI-AEI",
        "Evaluación por actividad",
        "Ámbar y rojo",
        "Sin presentar o tarde",
        "Excluidos",
    ]
    informe = hoja(salida, "Informe trimestral")
    assert "10/07/2027" in informe[1][0]
    assert informe[3][2:8] == ["Actividades", "Verde", "Ámbar", "Rojo", "Sin meta", "Sin cálculo"]
    filas = {r[0]: r for r in informe[4:6]}
    assert filas["GPP-01"][2:8] == [4, 1, 1, 1, 1, 0]
    assert filas["GPP-01"][8] == pytest.approx((100 + 70 + 20) / 3)
    assert filas["GPP-01"][9:12] == pytest.approx([4000.0, 3600.0, 90.0])
    assert filas["GPP-01"][12] == "A tiempo" and filas["GAT-02"][12] == "Fuera de plazo"
    assert informe[6][0] == "Total" and informe[6][2:7] == [5, 2, 1, 1, 1]
    assert informe[6][8] == pytest.approx((100 + 70 + 20 + 95) / 4)
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
    detalle = hoja(salida, "Evaluación por actividad")
    assert [r[0] for r in detalle[4:9]] == ["GAT-02", "GPP-01", "GPP-01", "GPP-01", "GPP-01"]
    assert detalle[9][0] == "Total" and detalle[9][8:10] == [5000.0, 4500.0]
    ambar_rojo = hoja(salida, "Ámbar y rojo")[4:]
    assert [(r[0], r[2], r[5], r[8]) for r in ambar_rojo] == [
        ("GPP-01", "AO.003", "Rojo", "Adelantar la compra"),
        ("GPP-01", "AO.002", "Ámbar", "Adelantar la compra"),
    ]


def test_estados_en_palabras_que_sigue_un_lector(trimestral):
    c, salida = trimestral
    pendientes = {r[0]: r[2:4] for r in hoja(salida, "Sin presentar o tarde")[4:]}
    assert pendientes == {
        "GAT-02": ["Fuera de plazo", date(2027, 7, 15)],
        "GDS-03": ["Presentó con errores: excluida", ""],
        "GOP-05": ["No presentó", ""],
    }
    excluidos = {r[0]: r[1:3] for r in hoja(salida, "Excluidos")[4:]}
    assert excluidos["eva_GDS-03_T2.xlsx"] == [
        "GDS-03 Gerencia de Desarrollo Social",
        "Presentó con errores: excluido",
    ]


def cli() -> typer.Typer:
    from libro.cli.poi import registrar_poi

    app = typer.Typer()
    registrar_poi(app)
    return app


def test_cli_consolidar(tmp_path, con_evaluaciones):
    carpeta = tmp_path / "recibidos"
    shutil.copytree(con_evaluaciones, carpeta)
    salida = carpeta / "consolidado.xlsx"  # dentro de la carpeta: no se lee a sí mismo
    for _ in range(2):
        r = CliRunner().invoke(
            cli(), ["consolidar", str(carpeta), "--salida", str(salida), "--trimestre", "2"]
        )
        assert r.exit_code == 1, r.output  # hay archivos excluidos
    texto = " ".join(r.output.split())
    assert "Unidades consolidadas │ 4" in texto and "Archivos excluidos │ 2" in texto
    assert "8 archivos: 6 consolidados (4 POI y 2 evaluaciones) y 2 excluidos." in texto
    assert texto.count("consolidado.xlsx") == 1  # solo en «Libro consolidado: …», nunca como excluido
    (carpeta / "eva_GPP-01_T1.xlsx").unlink()
    (carpeta / "eva_GDS-03_T2.xlsx").unlink()
    (carpeta / "oficio.txt").write_text("Remito el POI.")  # omitido: no es un error
    r = CliRunner().invoke(cli(), ["consolidar", str(carpeta), "--salida", str(salida), "--trimestre", "2"])
    assert r.exit_code == 0, r.output
    for argumentos in (["--salida", str(salida), "--trimestre", "7"], ["--salida", str(tmp_path / "x.csv")]):
        assert CliRunner().invoke(cli(), ["consolidar", str(carpeta), *argumentos]).exit_code == 2
    assert (
        CliRunner().invoke(cli(), ["consolidar", str(tmp_path / "no"), "--salida", str(salida)]).exit_code
        == 2
    )


def test_cada_total_y_cada_resumen_es_una_formula(trimestral):
    _, salida = trimestral
    libro = openpyxl.load_workbook(salida)

    def formulas(hoja: str, filas: range, columnas: str) -> list[str]:
        ws = libro[hoja]
        return [ws[f"{c}{r}"].value for r in filas for c in columnas]

    resumen = [
        ("Cuadro resumen", range(5, 8), "C"),
        ("Cuadro resumen", range(11, 16), "EF"),  # total por unidad, valorización (SUMIFS) y totales
        ("Presupuesto por UO", range(5, 10), "CDEFGHIJKLMNO"),  # meses (SUMIFS) y total
        ("Por OEI y AEI", range(5, 7), "DEFGHIJKLMNOPQ"),  # actividades (COUNTIFS), meses, total
        ("Informe trimestral", range(5, 8), "CDEFGHIJKL"),  # conteos, promedio, soles, % de ejecución
        ("Avance por OEI-AEI", range(5, 7), "DEFGHIJKLM"),
        ("POI institucional", range(6, 21), "X"),  # valorización anual = suma de los meses
    ]
    for hoja, filas, columnas in resumen:
        valores = formulas(hoja, filas, columnas)
        assert valores and all(isinstance(v, str) and v.startswith("=") for v in valores), (hoja, valores)
    assert libro["Presupuesto por UO"]["C5"].value.startswith("=SUMIFS('POI institucional'!$Y$6:$Y$19,")
    assert libro["Informe trimestral"]["D5"].value.endswith(",D$4)")  # el encabezado «Verde» es el criterio


# ------------------------------------------------------------------ impresión


def partes(ruta: Path) -> tuple[str, dict[str, str]]:
    """(workbook.xml, nombre de hoja → XML de la hoja)."""
    with zipfile.ZipFile(ruta) as z:
        libro = z.read("xl/workbook.xml").decode()
        nombres = re.findall(r'<sheet name="([^"]+)"', libro)
        hojas = {n: z.read(f"xl/worksheets/sheet{i + 1}.xml").decode() for i, n in enumerate(nombres)}
    return libro, {n.replace("&amp;", "&"): x for n, x in hojas.items()}


def test_cada_hoja_tiene_su_impresion(trimestral):
    _, salida = trimestral
    libro, hojas = partes(salida)
    for nombre, xml in hojas.items():
        assert 'orientation="landscape"' in xml or 'orientation="portrait"' in xml, nombre
        pie = re.search(r"<oddFooter>(.*?)</oddFooter>", xml).group(1)
        assert "Página &amp;P de &amp;N" in pie and "20/07/2027" in pie, nombre
        assert re.search(r"<oddHeader>.*\S.*</oddHeader>", xml), nombre  # el título de la hoja
        assert f'<definedName name="_xlnm.Print_Titles" localSheetId="{list(hojas).index(nombre)}">' in libro
    institucional = hojas["POI institucional"]
    assert 'paperSize="8"' in institucional and 'orientation="landscape"' in institucional  # A3
    escala = int(re.search(r'scale="(\d+)"', institucional).group(1))
    assert escala >= 75 and "fitToPage" not in institucional  # 10 pt × 0,75: nada bajo 7 puntos
    titulos = re.search(r'Print_Titles" localSheetId="1">([^<]+)<', libro).group(1)
    assert titulos == "'POI institucional'!$A:$E,'POI institucional'!$4:$5"  # columnas y filas
    cortes = [int(c) for c in re.findall(r'<brk id="(\d+)"', institucional)]
    campos = [c.campo for c in COLUMNAS]
    assert cortes == [campos.index("metas"), campos.index("valorizacion_anual")]  # los grupos del POI
    for nombre in ("Cuadro resumen", "Excluidos", "Presupuesto por UO", "Informe trimestral"):
        assert '<pageSetUpPr fitToPage="1"/>' in hojas[nombre] and 'fitToHeight="0"' in hojas[nombre]
    assert 'paperSize="8"' in hojas["Presupuesto por UO"]  # 18 columnas: A3 horizontal
    assert 'paperSize="9"' in hojas["Excluidos"]
    formatos = openpyxl.load_workbook(salida)
    assert formatos["Informe trimestral"]["N5"].number_format == FECHA  # dd/mm/yyyy explícito
    assert formatos["Informe trimestral"]["I5"].number_format == PORCENTAJE


# ------------------------------------------------------------------ LibreOffice: recálculo y PDF

PERFIL_RECALCULO = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
sin_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice no está instalado (soffice no está en el PATH); instálelo con "
    "«apt-get install -y libreoffice-calc-nogui» para recalcular las fórmulas",
)


def libreoffice(origen: Path, formato: str, carpeta: Path) -> Path:
    """Convierte con LibreOffice (recalculando siempre al abrir) y devuelve el archivo convertido."""
    perfil = carpeta / "perfil_lo"
    if not perfil.exists():
        (perfil / "user").mkdir(parents=True)
        (perfil / "user" / "registrymodifications.xcu").write_text(PERFIL_RECALCULO)
    destino = carpeta / formato
    comando = ["soffice", f"-env:UserInstallation={perfil.as_uri()}", "--headless", "--convert-to", formato]
    subprocess.run(
        [*comando, "--outdir", str(destino), str(origen)], check=True, capture_output=True, timeout=300
    )
    return destino / f"{origen.stem}.{formato}"


def celdas_con_formula(ruta: Path) -> dict[str, list[tuple[int, int]]]:
    libro = openpyxl.load_workbook(ruta)
    return {
        ws.title: [
            (c.row - 1, c.column - 1)
            for fila in ws.iter_rows()
            for c in fila
            if isinstance(c.value, str) and c.value.startswith("=")
        ]
        for ws in libro.worksheets
    }


@sin_libreoffice
def test_libreoffice_recalcula_cada_formula_igual_que_libro(trimestral, con_evaluaciones, tmp_path):
    _, salida = trimestral
    sin_cache = consolidar(con_evaluaciones, tmp_path / "sin_cache.xlsx", trimestre=2, cache=False, hoy=HOY)
    assert sin_cache.recuento == trimestral[0].recuento
    assert hoja(tmp_path / "sin_cache.xlsx", "Cuadro resumen")[6][2] == 0.0  # sin resultado guardado
    recalculado = libreoffice(tmp_path / "sin_cache.xlsx", "xlsx", tmp_path)
    formulas = celdas_con_formula(salida)
    assert sum(map(len, formulas.values())) > 200
    diferencias, errores = [], []
    for nombre, celdas in formulas.items():
        de_libro, de_lo = hoja(salida, nombre), hoja(recalculado, nombre)
        for r, j in celdas:
            propio, calculado = de_libro[r][j], de_lo[r][j]
            if isinstance(calculado, str) and calculado.startswith("#"):
                errores.append((nombre, r, j, calculado))
            elif calculado != pytest.approx(propio, abs=1e-6):
                diferencias.append((nombre, r, j, propio, calculado))
        errores += [(nombre, v) for fila in de_lo for v in fila if isinstance(v, str) and v.startswith("#")]
    assert diferencias == [] and errores == []


def paginas_del_pdf(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(ancho, alto, tamaño de letra más chico, texto) de cada página del PDF."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    paginas = []
    for pagina in extract_pages(pdf):
        letras = [
            c.size
            for caja in pagina
            if isinstance(caja, LTTextContainer)
            for linea in caja
            for c in getattr(linea, "__iter__", lambda: iter(()))()
            if isinstance(c, LTChar) and c.get_text().strip()
        ]
        texto = "".join(caja.get_text() for caja in pagina if isinstance(caja, LTTextContainer))
        paginas.append((pagina.width, pagina.height, min(letras, default=99), texto))
    return paginas


def con_metrica_de_calibri() -> bool:
    """LibreOffice mide las columnas con Calibri o con Carlito, su equivalente libre; con otra letra
    (DejaVu) las columnas salen más anchas que en Excel y la paginación no es la que vería OPP."""
    if shutil.which("fc-match") is None:
        return False
    fuente = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
    return "Calibri" in fuente or "Carlito" in fuente


@sin_libreoffice
@pytest.mark.skipif(
    not con_metrica_de_calibri(),
    reason="sin Calibri ni Carlito: «apt-get install -y fonts-crosextra-carlito» para paginar como Excel",
)
def test_el_pdf_que_imprime_opp(trimestral, tmp_path):
    _, salida = trimestral
    paginas = paginas_del_pdf(libreoffice(salida, "pdf", tmp_path))
    titulos = {
        "CUADRO RESUMEN DE PRESUPUESTO INSTITUCIONAL": (1, 3, 842),
        "POI INSTITUCIONAL: ACTIVIDADES OPERATIVAS": (3, 3, 1191),  # tres bloques de columnas, A3
        "PRESUPUESTO POR UNIDAD ORGÁNICA Y MES": (1, 2, 1191),
        "VALORIZACIÓN INSTITUCIONAL POR OBJETIVO": (1, 1, 1191),
        "INFORME DE EVALUACIÓN DEL POI": (1, 2, None),
        "ARCHIVOS NO CONSOLIDADOS": (1, 1, 842),
        "UNIDADES QUE NO PRESENTARON": (1, 1, 595),  # angosta: A4 vertical
    }
    for titulo, (minimo, maximo, ancho) in titulos.items():
        suyas = [p for p in paginas if titulo in p[3].split("\n", 1)[0] or p[3].startswith(titulo)]
        assert minimo <= len(suyas) <= maximo, (titulo, len(suyas))
        if ancho:
            assert all(abs(p[0] - ancho) < 2 for p in suyas), (titulo, [p[:2] for p in suyas])
    assert {(round(p[0]), round(p[1])) for p in paginas} <= {(595, 842), (842, 595), (1191, 842)}
    assert min(p[2] for p in paginas) >= 7, sorted(p[2] for p in paginas)[:5]
    assert all("Página" in p[3] and "20/07/2027" in p[3] for p in paginas)
