"""xlwings Server de libro por HTTP (TestClient): manifiesto, panel, scripts y sus acciones.

Cada acción registrada se ejecuta con el JSON que armaría Excel desde un libro real escrito en disco, y
lo que vuelve se compara con lo que los clientes de xlwings saben ejecutar (leído de sus fuentes).
"""

import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import typer
import xlwings as xw
from lxml import etree
from typer.testing import CliRunner

if importlib.util.find_spec("xlwings_server") is None:
    pytest.skip("falta el paquete xlwings-server (pip install xlwings-server)", allow_module_level=True)

# xlwings_server se importa antes que libro.servidor.app a propósito: libro.servidor.app igual fija su nombre
# y el prefijo LIBRO de las funciones (lo comprueba test_manifiesto).
import xlwings_server  # noqa: E402
from conftest import acciones_macros  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from libro.cli import servidor as cli_servidor  # noqa: E402
from libro.demo.poi import unidad  # noqa: E402
from libro.poi.formato import POI  # noqa: E402
from libro.registro import FORMATOS  # noqa: E402
from libro.salida.plantilla import escribir_plantilla  # noqa: E402
from libro.servidor import app as servidor  # noqa: E402
from libro.servidor.remoto import payload_desde_archivo  # noqa: E402

ACCIONES = acciones_macros()
etiqueta = servidor.etiqueta

REGISTRADAS = [(f, a) for f, acciones in ACCIONES.items() for a in acciones]


@pytest.fixture(scope="module")
def cliente() -> TestClient:
    return TestClient(servidor.crear_app())


def acciones_officejs() -> set[str]:
    """Las acciones que reproduce el cliente Office.js de xlwings Server (`let funcs = {…}`)."""
    fuente = Path(xlwings_server.__file__).parent / "static" / "js" / "custom-scripts" / "index.js"
    bloque = fuente.read_text(encoding="utf-8").split("let funcs = {", 1)[1].split("\n};", 1)[0]
    return set(re.findall(r"^\s+(\w+):", bloque, re.M))


def libro_de(formato_id: str, carpeta: Path, **opciones) -> Path:
    """El POI de ejemplo lleno; para otros formatos, su plantilla."""
    if formato_id == "poi":
        return escribir_plantilla(POI, carpeta / "poi.xlsx", datos=unidad(**opciones))
    return escribir_plantilla(FORMATOS[formato_id], carpeta / f"{formato_id}.xlsx")


def llamar(cliente: TestClient, script: str, ruta: Path, tipo: str = "Office.js") -> list[dict]:
    respuesta = cliente.post(f"/xlwings/custom-scripts-call/{script}", json=payload_desde_archivo(ruta, tipo))
    assert respuesta.status_code == 200, respuesta.text
    return respuesta.json()["actions"]


def hojas_escritas(acciones: list[dict], ruta: Path) -> set[str]:
    nombres = [h["name"] for h in payload_desde_archivo(ruta)["sheets"]]
    return {nombres[a["sheet_position"]] for a in acciones if a["func"] == "setValues"}


def test_los_clientes_se_leen_de_sus_fuentes() -> None:
    assert {"setValues", "setFontProperty", "alert", "rangeClearContents"} <= acciones_officejs()
    vba = servidor.acciones_cliente_vba()
    assert {"setValues", "alert", "rangeClearContents", "setNumberFormat"} <= vba
    assert "setFontProperty" not in vba


def test_manifiesto(cliente) -> None:
    respuesta = cliente.get("/manifest")
    assert respuesta.status_code == 200
    raiz = etree.fromstring(respuesta.content)
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
    assert raiz.find("o:DisplayName", ns).get("DefaultValue") == "libro"
    assert raiz.find("o:DefaultSettings/o:SourceLocation", ns).get("DefaultValue").endswith("/taskpane.html")
    cadenas = {e.get("id"): e.get("DefaultValue") for e in raiz.iter(f"{{{ns['bt']}}}String")}
    assert cadenas["Functions.Namespace"] == "LIBRO"


def test_panel_lista_cada_accion(cliente) -> None:
    html = cliente.get("/taskpane.html").text
    for formato_id, accion in REGISTRADAS:
        assert f'xw-click="{servidor.nombre_script(formato_id, accion)}"' in html
    assert ">Calcular metas</button>" in html
    solo_poi = cliente.get("/taskpane/poi")
    assert solo_poi.status_code == 200
    assert re.findall(r'xw-click="([^"]+)"', solo_poi.text) == [
        servidor.nombre_script("poi", a) for a in ACCIONES["poi"]]
    nada = cliente.get("/taskpane/no-existe")
    assert nada.status_code == 404 and "no tiene botones" in nada.json()["detail"]


def test_scripts_publicados(cliente) -> None:
    meta = {m["function_name"]: m for m in cliente.get("/xlwings/custom-scripts-meta").json()}
    assert set(meta) == {servidor.nombre_script(f, a) for f, a in REGISTRADAS}
    assert meta["poi__calcular_metas"]["name"] == "Calcular metas"


@pytest.mark.parametrize("formato_id", sorted({f for f, _ in REGISTRADAS}))
def test_botones_en_la_hoja_enlazan_la_celda_de_su_script(cliente, tmp_path, formato_id) -> None:
    """Mecanismo de xlwings Server: la forma enlaza una celda; seleccionarla corre el script."""
    import zipfile

    from libro.registro import FORMATOS
    from libro.salida.plantilla import escribir_plantilla

    meta = {m["function_name"]: m for m in cliente.get("/xlwings/custom-scripts-meta").json()}
    ruta = escribir_plantilla(FORMATOS[formato_id], tmp_path / "p.xlsx")
    with zipfile.ZipFile(ruta) as z:
        dibujos = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
        enlaces = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/_rels/"))
    for boton in FORMATOS[formato_id].botones_en_hoja:
        script = meta[servidor.nombre_script(formato_id, boton.accion)]
        assert script["button"] == f"[{boton.forma}]Instrucciones!{boton.celda}"
        assert f'name="{boton.forma}"' in dibujos
        assert f"#'Instrucciones'!{boton.celda}" in enlaces


@pytest.mark.parametrize(("formato_id", "accion"), REGISTRADAS)
def test_cada_accion_por_http(cliente, tmp_path, formato_id, accion) -> None:
    ruta = libro_de(formato_id, tmp_path)
    acciones = llamar(cliente, servidor.nombre_script(formato_id, accion), ruta)
    funcs = [a["func"] for a in acciones]
    assert set(funcs) <= acciones_officejs()
    assert funcs[-1] == "alert" and "no pudo completar" not in acciones[-1]["args"][0]
    assert "setValues" in funcs


@pytest.mark.parametrize(("formato_id", "accion"), REGISTRADAS)
def test_cada_accion_con_el_cliente_vba(cliente, tmp_path, formato_id, accion) -> None:
    ruta = libro_de(formato_id, tmp_path)
    script = servidor.nombre_script(formato_id, accion)
    vba = llamar(cliente, script, ruta, "VBA")
    assert {a["func"] for a in vba} <= servidor.acciones_cliente_vba()
    officejs = llamar(cliente, script, ruta)
    esperadas = [a for a in officejs if a["func"] not in servidor.OMITIBLES_VBA]
    assert [(a["func"], a["sheet_position"], a["values"]) for a in vba] == [
        (a["func"], a["sheet_position"], a["values"]) for a in esperadas]


def test_poi_por_http_escribe_lo_suyo(cliente, tmp_path) -> None:
    ruta = libro_de("poi", tmp_path)
    validar = hojas_escritas(llamar(cliente, "poi__validar", ruta), ruta)
    assert "Observaciones" in validar
    assert all(h == "Observaciones" or h.startswith("_marcas_") for h in validar)   # no toca los datos
    assert hojas_escritas(llamar(cliente, "poi__generar_resumen", ruta), ruta) == {"Resumen"}
    calcular = llamar(cliente, "poi__calcular_metas", ruta)
    assert {"Actividades", "Resumen", "Observaciones"} <= hojas_escritas(calcular, ruta)
    assert calcular[-1]["func"] == "alert" and "Observaciones" in calcular[-1]["args"][0]


def test_vba_sin_lo_esencial_avisa_y_no_cambia_nada() -> None:
    respuesta = {"actions": [{"func": "setValues"}, {"func": "addChart"}, {"func": "setFontProperty"}]}
    (aviso,) = servidor.para_cliente(respuesta, "VBA")["actions"]
    assert aviso["func"] == "alert"
    assert "addChart" in aviso["args"][0] and "No se cambió nada" in aviso["args"][0]
    assert servidor.para_cliente(respuesta, "Office.js") == respuesta


def test_accion_desconocida(cliente, tmp_path) -> None:
    ruta = libro_de("poi", tmp_path)
    respuesta = cliente.post("/xlwings/custom-scripts-call/poi__borrar_todo",
                             json=payload_desde_archivo(ruta))
    assert respuesta.status_code == 404
    mensaje = respuesta.json()["detail"]
    assert "«poi__borrar_todo» no existe" in mensaje and "poi__validar" in mensaje


def test_atributo_del_modulo_no_es_accion(cliente, tmp_path) -> None:
    ruta = libro_de("poi", tmp_path)
    respuesta = cliente.post("/xlwings/custom-scripts-call/__name__", json=payload_desde_archivo(ruta))
    assert respuesta.status_code == 404


@pytest.mark.parametrize("accion", list(ACCIONES["poi"]))
def test_acciones_por_http_no_crecen_con_las_filas(cliente, tmp_path, accion) -> None:
    conteos = []
    for n in (50, 500):
        carpeta = tmp_path / str(n)
        ruta = libro_de("poi", carpeta, actividades=n)
        acciones = llamar(cliente, servidor.nombre_script("poi", accion), ruta)
        conteos.append(Counter(a["func"] for a in acciones))
    assert conteos[0] == conteos[1]


def test_nombre_y_etiqueta() -> None:
    assert servidor.nombre_script("evaluacion-poi", "calcular_avance") == "evaluacion_poi__calcular_avance"
    assert etiqueta("poi", "generar_resumen") == "Generar resumen"
    assert etiqueta("sin-formato", "abrir_todo") == "Abrir todo"


def test_book_del_servidor_es_remoto(tmp_path) -> None:
    book = xw.Book(json=payload_desde_archivo(libro_de("poi", tmp_path)))
    assert book.api["client"] == "Office.js"


def _app_cli() -> typer.Typer:
    app = typer.Typer()
    app.command("servidor")(cli_servidor.servidor)
    app.command("otro")(lambda: None)   # con dos comandos, typer exige el nombre «servidor»
    return app


def test_cli_servidor_arranca_uvicorn(monkeypatch) -> None:
    import uvicorn

    llamadas = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **opciones: llamadas.append((app, opciones)))
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--host", "0.0.0.0", "--puerto", "8123"])
    assert resultado.exit_code == 0, resultado.output
    ((app, opciones),) = llamadas
    assert app == "libro.servidor.app:crear_app" and opciones["factory"] and opciones["host"] == "0.0.0.0" and opciones["port"] == 8123
    assert opciones["ssl_certfile"] is None and "http://0.0.0.0:8123/manifest" in resultado.output


def test_cli_servidor_https_pide_certificado_y_clave(tmp_path) -> None:
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--certificado", str(tmp_path / "c.pem")])
    assert resultado.exit_code == 2 and "--certificado y --clave juntos" in resultado.output


@contextmanager
def servidor_en_loopback(argumentos: list[str], esquema: str = "http") -> Iterator[str]:
    """Arranca un proceso en un puerto libre de 127.0.0.1 y lo detiene al salir; da la URL base."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    proceso = subprocess.Popen([sys.executable, *[a.format(puerto=puerto) for a in argumentos]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"{esquema}://127.0.0.1:{puerto}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/", timeout=1, verify=False).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)


def test_servidor_real_en_loopback(tmp_path) -> None:
    """uvicorn de verdad en 127.0.0.1: manifiesto y un script por HTTP."""
    argumentos = ["-m", "uvicorn", "--factory", "libro.servidor.app:crear_app", "--host", "127.0.0.1", "--port", "{puerto}"]
    with servidor_en_loopback(argumentos) as base:
        assert httpx.get(f"{base}/manifest", timeout=5).status_code == 200
        ruta = libro_de("poi", tmp_path)
        respuesta = httpx.post(f"{base}/xlwings/custom-scripts-call/poi__generar_resumen",
                               json=payload_desde_archivo(ruta), timeout=60)
        assert respuesta.status_code == 200
        assert respuesta.json()["actions"][-1]["args"][0] == "Hoja «Resumen» actualizada."


def test_cli_servidor_con_https(tmp_path) -> None:
    """`libro servidor --certificado --clave` sirve por HTTPS y el manifiesto apunta a https://."""
    if shutil.which("openssl") is None:
        pytest.skip("falta openssl para crear un certificado de prueba")
    cert, clave = tmp_path / "cert.pem", tmp_path / "clave.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(clave), "-out", str(cert)],
                   check=True, capture_output=True)
    codigo = ("import sys, typer; from libro.cli.servidor import servidor; sys.argv[0] = 'libro servidor'; "
              "typer.run(servidor)")
    argumentos = ["-c", codigo, "--puerto", "{puerto}", "--certificado", str(cert), "--clave", str(clave)]
    with servidor_en_loopback(argumentos, esquema="https") as base:
        manifiesto = httpx.get(f"{base}/manifest", timeout=5, verify=False)
        assert manifiesto.status_code == 200
        assert f'"{base}/taskpane.html"' in manifiesto.text


def test_cli_servidor_sin_licencia_lo_dice(monkeypatch) -> None:
    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    r = CliRunner().invoke(_app_cli(), ["servidor", "--puerto", "8799"])
    assert r.exit_code == 2
    assert "XLWINGS_LICENSE_KEY=noncommercial" in r.output
