"""La CLI `libro`: códigos de salida, informes y archivos dañados que no detienen el lote."""

import hashlib
import json
from pathlib import Path

import xlsxwriter
from conftest import cambiar
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.cli import app

ejecutar = CliRunner().invoke


def _huellas(carpeta: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in carpeta.iterdir()}


def _carpeta_recibida(libro_poi, tmp_path: Path) -> Path:
    carpeta = tmp_path / "recibidos"
    carpeta.mkdir()
    libro_poi(nombre="recibidos/limpio.xlsx")
    libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01"), nombre="recibidos/con_error.xlsx")
    (carpeta / "roto.xlsx").write_bytes(b"PK\x03\x04 esto no es un libro")
    (carpeta / "notas.txt").write_text("pendiente: llamar a OPP")
    (carpeta / "~$limpio.xlsx").write_bytes(b"bloqueo de Excel")
    otro = xlsxwriter.Workbook(str(carpeta / "planilla.xlsx"))
    otro.add_worksheet("Hoja1").write(0, 0, "Planilla de vacaciones")
    otro.close()
    return carpeta


def test_validar_lote_completo(libro_poi, tmp_path: Path) -> None:
    carpeta = _carpeta_recibida(libro_poi, tmp_path)
    antes = _huellas(carpeta)
    informe = tmp_path / "informe.json"
    excel = tmp_path / "informe.xlsx"
    r = ejecutar(app, ["validar", str(carpeta), "--json", str(informe), "--xlsx", str(excel)])
    assert r.exit_code == 2, r.output
    assert _huellas(carpeta) == antes
    archivos = {Path(a["archivo"]).name: a for a in json.loads(informe.read_text())["archivos"]}
    assert {n: a["estado"] for n, a in archivos.items()} == {
        "con_error.xlsx": "observado",
        "limpio.xlsx": "ok",
        "notas.txt": "omitido",
        "~$limpio.xlsx": "omitido",
        "planilla.xlsx": "desconocido",
        "roto.xlsx": "ilegible",
    }
    (obs,) = archivos["con_error.xlsx"]["observaciones"]
    assert set(obs) == {"codigo", "severidad", "hoja", "celda", "mensaje"}
    assert (obs["codigo"], obs["hoja"], obs["celda"], obs["severidad"]) == (
        "POI-001",
        "Actividades",
        "C7",
        "error",
    )
    assert archivos["limpio.xlsx"]["formato"] == "poi@1"
    assert "roto.xlsx" in archivos["roto.xlsx"]["detalle"]
    assert "Traceback" not in r.output
    hojas = CalamineWorkbook.from_path(str(excel))
    assert hojas.sheet_names == ["Archivos", "Observaciones"]
    assert hojas.get_sheet_by_name("Observaciones").to_python()[4][1] == "POI-001"  # bajo título y fecha


def test_codigos_de_salida(libro_poi, tmp_path: Path) -> None:
    limpio = libro_poi(nombre="limpio.xlsx")
    con_error = libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01"), nombre="error.xlsx")
    assert ejecutar(app, ["validar", str(limpio)]).exit_code == 0
    assert ejecutar(app, ["validar", str(limpio), str(con_error)]).exit_code == 1
    assert ejecutar(app, ["validar", str(limpio), "--anio", "2030"]).exit_code == 1
    assert ejecutar(app, ["validar", str(tmp_path / "no_existe.xlsx")]).exit_code == 2
    assert ejecutar(app, ["validar", str(tmp_path / "vacia_no_hay")]).exit_code == 2
    assert ejecutar(app, ["plantilla", "presupuesto-x"]).exit_code == 2
    assert ejecutar(app, []).exit_code == 2


def test_calcular(libro_poi, tmp_path: Path) -> None:
    entrada = libro_poi(calculado=False)
    salida = tmp_path / "nuevo" / "calculado.xlsx"
    r = ejecutar(app, ["calcular", str(entrada), "--salida", str(salida)])
    assert r.exit_code == 0, r.output
    assert salida.exists() and "Libro calculado" in r.output
    misma = ejecutar(app, ["calcular", str(entrada), "--salida", str(entrada)])
    assert misma.exit_code == 2 and "distinto de la entrada" in misma.output
    assert ejecutar(app, ["calcular", str(tmp_path / "x.xlsx"), "--salida", str(salida)]).exit_code == 2


def test_plantilla_y_reglas(tmp_path: Path) -> None:
    r = ejecutar(app, ["plantilla", "poi", "--salida", str(tmp_path)])
    assert r.exit_code == 0
    assert CalamineWorkbook.from_path(str(tmp_path / "poi.xlsx")).sheet_names[:3] == [
        "Instrucciones",
        "Datos",
        "Actividades",
    ]
    r = ejecutar(app, ["reglas"])
    assert r.exit_code == 0 and "POI-017" in r.output and "LIB-006" in r.output


def test_demo(tmp_path: Path) -> None:
    r = ejecutar(app, ["demo", "--salida", str(tmp_path / "demo")])
    assert r.exit_code == 0, r.output
    demo = tmp_path / "demo"
    informe = json.loads((demo / "poi" / "validacion.json").read_text())
    estados = {Path(a["archivo"]).name: a["estado"] for a in informe["archivos"]}
    assert estados == {"poi_GDE-04.xlsx": "ok", "poi_GDU-03.xlsx": "ok", "poi_GPP-01.xlsx": "ok",
                       "poi_SGLSC-02.xlsx": "observado"}
    consolidado = CalamineWorkbook.from_path(str(demo / "poi" / "consolidado_2027_T1.xlsx"))
    informe_t1 = consolidado.get_sheet_by_name("Informe trimestral").to_python()
    assert [f[0] for f in informe_t1[4:6]] == ["GPP-01", "Total"]
    excluidos = [f[0] for f in consolidado.get_sheet_by_name("Excluidos").to_python()[4:]]
    assert excluidos == ["eval_T1_GDU-03.xlsx", "poi_SGLSC-02.xlsx"]
    proyectos = demo / "pp" / "proceso" / "calculados" / "proyectos_pp_2026.xlsx"
    hojas_pp = CalamineWorkbook.from_path(str(proyectos))
    assert "Acta" in hojas_pp.sheet_names
    gantt = CalamineWorkbook.from_path(str(demo / "pp" / "cronograma" / "cronograma_huayopata.xlsx"))
    assert "Gantt" in gantt.sheet_names
    assert "Todo quedó en" in r.output
