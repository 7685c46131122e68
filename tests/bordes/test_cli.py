"""La CLI `libro`: códigos de salida, informes y archivos dañados que no detienen el lote."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
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


# ------------------------------------------------------------------ en español hasta el final

RAIZ = Path(__file__).resolve().parents[2]
ENTORNO = {**os.environ, "PYTHONPATH": str(RAIZ), "COLUMNS": "1000"}
EN_INGLES = ("Traceback", "Usage:", "Missing argument", "Missing option", "No such", "Invalid value",
             "Try '", "Got unexpected", "requires an argument", "Show this message")


def _libro(*argumentos: object, entrada: str | None = None) -> subprocess.CompletedProcess:
    proceso = subprocess.run([sys.executable, "-m", "libro.cli", *map(str, argumentos)], env=ENTORNO,
                             capture_output=True, text=True, timeout=300, input=entrada)
    assert not [t for t in EN_INGLES if t in proceso.stdout + proceso.stderr], proceso.stdout + proceso.stderr
    return proceso


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (["validar", "x.xlsx", "--procesos", "-3"], "«--procesos» debe ser al menos 1 (se recibió -3)"),
        (["validar", "x.xlsx", "--anio", "abc"], "«--anio» debe ser un número entero (se recibió «abc»)"),
        (["validar", "x.xlsx", "--anio", "99999"], "«--anio» debe estar entre 2000 y 2100"),
        (["calcular", "x.xlsx", "-s", "y.xlsx", "--memoria", "64"], "«--memoria» debe ser al menos 128"),
        (["validar", "x.xlsx", "--segundos", "0"], "«--segundos» debe ser al menos 1"),
        (["evaluacion", "generar", "x.xlsx", "--trimestre", "5"], "el trimestre debe ser 1, 2, 3 o 4"),
        (["validr", "x.xlsx"], "el comando «validr» no existe (¿quiso decir «validar»?)"),
        (["calcular"], "falta el argumento ARCHIVO"),
        (["calcular", "x.xlsx"], "falta la opción «--salida», que es obligatoria"),
        (["calcular", "x.xlsx", "--salida"], "a la opción «--salida» le falta su valor"),
        (["validar", "x.xlsx", "--jsn", "a.json"], "la opción «--jsn» no existe (¿quiso decir «--json»?)"),
        (["reglas", "sobra"], "sobra «sobra»"),
    ],
)
def test_errores_de_uso_en_espanol(argumentos: list[str], mensaje: str) -> None:
    proceso = _libro(*argumentos)
    assert proceso.returncode == 2
    assert mensaje in proceso.stderr, proceso.stderr
    assert proceso.stdout == ""


def test_la_ayuda_en_espanol() -> None:
    proceso = _libro("validar", "--help")
    assert proceso.returncode == 0
    assert "Uso: libro validar [OPCIONES]" in proceso.stdout
    assert "Muestra esta ayuda y termina." in proceso.stdout
    raiz = _libro()
    assert raiz.returncode == 2 and "Uso: libro [OPCIONES] COMANDO [ARGUMENTOS]..." in raiz.stdout


def test_rutas_que_no_se_leen_dan_un_mensaje(tmp_path: Path) -> None:
    """Un enlace en bucle o una ruta que no existe, dados por nombre: un mensaje, nunca una traza."""
    bucle = tmp_path / "bucle.xlsx"
    bucle.symlink_to(bucle)
    for ruta, motivo in ((bucle, "es un enlace en bucle"), (tmp_path / "no_hay.xlsx", "no existe")):
        calculo = _libro("calcular", ruta, "--salida", tmp_path / "salida.xlsx")
        assert calculo.returncode == 2 and f"«{ruta.name}»: {motivo}" in calculo.stderr
        validacion = _libro("validar", ruta)
        assert f"«{ruta.name}»: {motivo}" in validacion.stdout
    assert _libro("calcular", tmp_path / "a.xlsx", "--salida", bucle).returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bucle.xlsx"]


# ------------------------------------------------------------------ progreso, JSON y mensajes acotados


def _carpeta_de_pois(libro_poi, cuantos: int) -> Path:
    for i in range(cuantos):
        libro_poi(nombre=f"lote/poi_{i}.xlsx")
    return Path(libro_poi(nombre="lote/poi_0.xlsx")).parent


def test_sin_terminal_no_hay_barra_de_progreso(libro_poi) -> None:
    carpeta = _carpeta_de_pois(libro_poi, 6)
    proceso = _libro("validar", carpeta)
    assert proceso.returncode == 0 and "poi_5.xlsx" in proceso.stdout
    assert "Validando" not in proceso.stdout + proceso.stderr
    assert "\x1b[" not in proceso.stdout + proceso.stderr  # ni colores ni movimientos del cursor


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudoterminal de Linux")
def test_en_una_terminal_hay_barra_de_progreso(libro_poi) -> None:
    import pty

    carpeta = _carpeta_de_pois(libro_poi, 6)
    maestro, esclavo = pty.openpty()
    proceso = subprocess.Popen([sys.executable, "-m", "libro.cli", "validar", str(carpeta)],
                               env={**ENTORNO, "TERM": "xterm"}, stdout=esclavo, stderr=esclavo)
    os.close(esclavo)
    visto = b""
    while True:
        try:
            trozo = os.read(maestro, 65536)
        except OSError:  # EIO: el proceso cerró la terminal
            break
        if not trozo:
            break
        visto += trozo
    os.close(maestro)
    assert proceso.wait(timeout=300) == 0
    assert b"Validando" in visto and b"poi_5.xlsx" in visto


def test_json_solo_en_la_salida_estandar(libro_poi) -> None:
    carpeta = _carpeta_de_pois(libro_poi, 5)
    proceso = _libro("validar", carpeta, "--json", "-")
    assert proceso.returncode == 0
    archivos = json.loads(proceso.stdout)["archivos"]
    assert sorted(Path(a["archivo"]).name for a in archivos) == [f"poi_{i}.xlsx" for i in range(5)]


def test_un_valor_enorme_no_agranda_los_mensajes(libro_poi, tmp_path: Path) -> None:
    """30.000 caracteres en «Meta anual»: LIB-005 los cita acotados en pantalla, JSON, Excel y el libro."""
    enorme = "9" * 10 + "x" * 29_990
    ruta = libro_poi(lambda d: cambiar(d, "Actividades", 0, meta_anual=enorme), nombre="enorme.xlsx")
    informe, excel, calculado = tmp_path / "i.json", tmp_path / "i.xlsx", tmp_path / "calculado.xlsx"
    validacion = _libro("validar", ruta, "--json", informe, "--xlsx", excel)
    assert validacion.returncode == 1
    assert len(validacion.stdout) < 20_000
    (archivo,) = json.loads(informe.read_text())["archivos"]
    (lib005,) = [o for o in archivo["observaciones"] if o["codigo"] == "LIB-005"]
    assert f"«{enorme[:80]}…»" in lib005["mensaje"] and len(lib005["mensaje"]) < 400
    assert informe.stat().st_size < 20_000
    celdas = CalamineWorkbook.from_path(str(excel)).get_sheet_by_name("Observaciones").to_python()
    assert max(len(str(v)) for fila in celdas for v in fila) < 400
    assert _libro("calcular", ruta, "--salida", calculado).returncode == 1
    hoja = CalamineWorkbook.from_path(str(calculado)).get_sheet_by_name("Observaciones").to_python()
    assert any(f"«{enorme[:80]}…»" in str(v) for fila in hoja for v in fila)
    assert max(len(str(v)) for fila in hoja for v in fila) < 400
