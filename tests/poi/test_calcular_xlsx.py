"""`calcular` sin Excel: entrada intacta, nada de la plantilla se pierde, resultado idempotente."""

import hashlib
import re
import zipfile
from pathlib import Path

from conftest import cambiar
from python_calamine import CalamineWorkbook

from libro.nucleo.fuentes import grillas_de_archivo
from libro.procesos import calcular_archivo

PARTES_QUE_CAMBIAN = re.compile(
    r"xl/(worksheets/sheet\d+\.xml|workbook\.xml|styles\.xml|_rels/workbook\.xml\.rels)$"
)


def _sha(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest()


def _miembros(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as z:
        return {n: z.read(n) for n in z.namelist()}


def _tipos(ruta: Path) -> dict[str, str]:
    xml = _miembros(ruta)["[Content_Types].xml"].decode()
    return dict(re.findall(r'PartName="([^"]+)" ContentType="([^"]+)"', xml))


def _hoja_xml(ruta: Path, nombre: str) -> str:
    miembros = _miembros(ruta)
    libro = miembros["xl/workbook.xml"].decode()
    rels = miembros["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(
        rf'<sheet name="{nombre}" sheetId="\d+" (?:state="hidden" )?r:id="(rId\d+)"', libro
    ).group(1)
    destino = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    return miembros["xl/" + destino.group(1).lstrip("/").removeprefix("xl/")].decode()


def test_entrada_intacta_y_partes_conservadas(libro_poi, tmp_path: Path) -> None:
    entrada = libro_poi(calculado=False)
    antes = _sha(entrada)
    salida = tmp_path / "salida" / "calculado.xlsx"
    resultado = calcular_archivo(entrada, salida)
    assert resultado.estado == "ok", resultado.observaciones
    assert _sha(entrada) == antes
    original, nuevo = _miembros(entrada), _miembros(salida)
    assert set(original) <= set(nuevo)
    assert _tipos(entrada).items() <= _tipos(salida).items()
    for nombre, datos in original.items():
        if not PARTES_QUE_CAMBIAN.search(nombre) and nombre != "[Content_Types].xml":
            assert nuevo[nombre] == datos, f"{nombre} cambió"
    assert any(n.startswith("xl/charts/") for n in nuevo)  # el gráfico del Resumen
    assert any(n.startswith("xl/drawings/") for n in nuevo)  # botones (formas) y gráfico
    for hoja in ("Actividades", "Insumos", "Datos"):
        a, b = _hoja_xml(entrada, hoja), _hoja_xml(salida, hoja)
        for etiqueta in (
            "<dataValidation ",
            "<conditionalFormatting",
            "<cfRule",
            "<autoFilter",
            "<pane ",
            "<mergeCell ",
            "<drawing ",
        ):
            assert a.count(etiqueta) == b.count(etiqueta), (hoja, etiqueta)
    assert 'name="LIBRO_FORMATO"' in nuevo["xl/workbook.xml"].decode()
    assert 'fullCalcOnLoad="1"' in nuevo["xl/workbook.xml"].decode()


def test_valores_calculados(libro_poi, tmp_path: Path) -> None:
    entrada = libro_poi(calculado=False)
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(entrada, salida)
    grillas = grillas_de_archivo(salida)
    actividades = grillas["Actividades"]
    primera = actividades[5]  # AO.001, perfil Trimestral
    assert primera[0] == "AO.001" and primera[8] == "Trimestral"
    metas = primera[11:23]
    assert [m for m in metas if m != ""] == [primera[7] / 4] * 4
    assert metas[2] != "" and metas[0] == ""
    montos = [m for m in primera[24:36] if m != ""]
    assert round(sum(montos), 2) == primera[23]
    assert primera[36] == primera[7] and primera[37] == primera[23]  # totales calculados
    insumos = grillas["Insumos"]
    assert insumos[5][6] == round(insumos[5][3] * insumos[5][4], 2)
    resumen = grillas["Resumen"]
    assert resumen[1][1].startswith("GPP-01")
    total_actividades = sum(fila[23] for fila in actividades[5:] if isinstance(fila[23], float))
    assert round(resumen[5][15], 2) == round(total_actividades, 2)
    assert resumen[9][:3] == ["Código", "Detalle de insumos o servicios", "Costo S/"]
    assert (
        round(resumen[12][2], 2) == round(resumen[10][2] + resumen[11][2], 2) == round(total_actividades, 2)
    )
    assert resumen[15][0].startswith("METAS FÍSICAS POR AEI")
    observaciones = grillas["Observaciones"]
    assert observaciones[1][0].startswith("Validado el ") and "Sin observaciones" in observaciones[1][0]


def test_idempotente(libro_poi, tmp_path: Path) -> None:
    entrada = libro_poi(calculado=False)
    una, dos = tmp_path / "una.xlsx", tmp_path / "dos.xlsx"
    calcular_archivo(entrada, una)
    calcular_archivo(una, dos)
    assert _miembros(una) == _miembros(dos)


def test_observaciones_con_enlaces_y_marcas(libro_poi, tmp_path: Path) -> None:
    entrada = libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01"))
    salida = tmp_path / "calculado.xlsx"
    resultado = calcular_archivo(entrada, salida)
    assert resultado.estado == "observado"
    hoja = _hoja_xml(salida, "Observaciones")
    assert '<f>HYPERLINK("#\'Actividades\'!C7","C7")</f>' in hoja
    marcas = grillas_de_archivo(salida)["_marcas_Actividades"]
    assert marcas[6][2] == "E"
    assert sum(v == "E" for fila in marcas for v in fila) == 1
    assert 'state="hidden"' in _miembros(salida)["xl/workbook.xml"].decode()


def test_texto_que_parece_formula_queda_como_texto(libro_poi, tmp_path: Path) -> None:
    peligroso = '=HYPERLINK("http://malicioso","clic")'
    entrada = libro_poi(lambda d: cambiar(d, "AEI", 1, accion=peligroso))
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(entrada, salida)
    resumen = _hoja_xml(salida, "Resumen")
    assert "malicioso" in resumen
    assert (
        "<f>HYPERLINK(&quot;http://malicioso" not in resumen
        and '<f>HYPERLINK("http://malicioso' not in resumen
    )
    valores = [v for fila in grillas_de_archivo(salida)["Resumen"] for v in fila]
    assert peligroso in valores


def test_libro_ajeno_recibe_hojas_generadas(tmp_path: Path) -> None:
    from test_lector import _libro_ajeno

    entrada = _libro_ajeno(tmp_path / "ajeno.xlsx")
    salida = tmp_path / "ajeno_calculado.xlsx"
    resultado = calcular_archivo(entrada, salida)
    assert resultado.estado == "observado"
    nombres = CalamineWorkbook.from_path(str(salida)).sheet_names
    assert {"Resumen", "Observaciones", "_marcas_ACTIVIDADES"} <= set(nombres)
    obs = grillas_de_archivo(salida)["Observaciones"]
    assert any(isinstance(c, str) and "LIB-006" in c for fila in obs for c in fila)
    import openpyxl  # solo para comprobar que el paquete es válido, nunca para escribir

    assert openpyxl.load_workbook(salida).sheetnames[-1].startswith("_marcas_")
