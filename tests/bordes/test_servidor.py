"""xlwings Server de libro por HTTP (TestClient): manifiesto, panel, scripts y sus acciones; identidad,
permisos, pedidos mal formados, tope de tamaño, CORS y el bucle de eventos libre durante una acción.

Cada acción registrada se ejecuta con el JSON que armaría Excel desde un libro real escrito en disco, y
lo que vuelve se compara con lo que los clientes de xlwings saben ejecutar (leído de sus fuentes).
Todo servidor real escucha solo en 127.0.0.1.
"""

import asyncio
import importlib.util
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from datetime import time as dt_time
from pathlib import Path

import httpx
import pytest
import typer
import xlwings as xw
from lxml import etree
from python_calamine import CalamineWorkbook
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
from libro.servidor import scripts  # noqa: E402
from libro.servidor.autenticacion import nueva_clave, revocar_clave  # noqa: E402
from libro.servidor.configuracion import Ajustes, ConfiguracionInvalida  # noqa: E402
from libro.servidor.ejecucion import Ejecutor  # noqa: E402
from libro.servidor.pedidos import Rechazo  # noqa: E402
from libro.servidor.remoto import payload_desde_archivo  # noqa: E402

ACCIONES = acciones_macros()
etiqueta = scripts.etiqueta

REGISTRADAS = [(f, a) for f, acciones in ACCIONES.items() for a in acciones]
SCRIPT = "/xlwings/custom-scripts-call/"
FUNCION = "/xlwings/custom-functions-call"
AVANCE = {"func_name": "avance", "args": [[[10]], [[8]]], "client": "Office.js", "version": xw.__version__,
          "runtime": "1.4"}


@pytest.fixture(scope="module")
def claves(tmp_path_factory) -> dict:
    """Un archivo de claves de acceso: la OPP (rol opp) y la Gerencia de Obras (rol unidad)."""
    ruta = tmp_path_factory.mktemp("acceso") / "claves_acceso.toml"
    return {"ruta": ruta, "opp": nueva_clave(ruta, "opp", "Oficina de Planeamiento", ["opp"]),
            "obras": nueva_clave(ruta, "obras", "Gerencia de Obras", ["unidad"])}


def con_claves(claves: dict, **ajustes) -> Ajustes:
    return Ajustes(proveedores=["custom"], claves_acceso=claves["ruta"], **ajustes)


@pytest.fixture(scope="module")
def cliente(claves) -> TestClient:
    """El servidor con claves de acceso; el cliente manda la de la OPP en cada pedido."""
    return TestClient(servidor.crear_app(con_claves(claves)), headers={"Authorization": claves["opp"]})


@pytest.fixture(scope="module")
def anonimo(cliente) -> TestClient:
    """El mismo servidor, visto por quien no manda clave."""
    return TestClient(cliente.app)


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
    vba = scripts.acciones_cliente_vba()
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


def test_manifiesto_apunta_al_nombre_configurado(cliente, monkeypatch) -> None:
    """`--nombre` (XLWINGS_HOSTNAME): detrás de un proxy, el manifiesto usa https://NOMBRE."""
    from xlwings_server.config import settings

    monkeypatch.setattr(settings, "hostname", "planeamiento.munixyz.gob.pe")
    manifiesto = cliente.get("/manifest").text
    assert '"https://planeamiento.munixyz.gob.pe/taskpane.html"' in manifiesto
    assert "http://testserver" not in manifiesto


def test_panel_lista_cada_accion(cliente) -> None:
    html = cliente.get("/taskpane.html").text
    for formato_id, accion in REGISTRADAS:
        assert f'xw-click="{scripts.nombre_script(formato_id, accion)}"' in html
    assert ">Calcular metas</button>" in html
    solo_poi = cliente.get("/taskpane/poi")
    assert solo_poi.status_code == 200
    assert re.findall(r'xw-click="([^"]+)"', solo_poi.text) == [
        scripts.nombre_script("poi", a) for a in ACCIONES["poi"]]
    nada = cliente.get("/taskpane/no-existe")
    assert nada.status_code == 404 and "no tiene botones" in nada.json()["detail"]


def test_scripts_publicados(cliente) -> None:
    meta = {m["function_name"]: m for m in cliente.get("/xlwings/custom-scripts-meta").json()}
    assert set(meta) == {scripts.nombre_script(f, a) for f, a in REGISTRADAS}
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
        script = meta[scripts.nombre_script(formato_id, boton.accion)]
        assert script["button"] == f"[{boton.forma}]Instrucciones!{boton.celda}"
        assert f'name="{boton.forma}"' in dibujos
        assert f"#'Instrucciones'!{boton.celda}" in enlaces


@pytest.mark.parametrize(("formato_id", "accion"), REGISTRADAS)
def test_cada_accion_por_http(cliente, tmp_path, formato_id, accion) -> None:
    ruta = libro_de(formato_id, tmp_path)
    acciones = llamar(cliente, scripts.nombre_script(formato_id, accion), ruta)
    funcs = [a["func"] for a in acciones]
    assert set(funcs) <= acciones_officejs()
    assert funcs[-1] == "alert" and "no pudo completar" not in acciones[-1]["args"][0]
    assert "setValues" in funcs


@pytest.mark.parametrize(("formato_id", "accion"), REGISTRADAS)
def test_cada_accion_con_el_cliente_vba(cliente, tmp_path, formato_id, accion) -> None:
    ruta = libro_de(formato_id, tmp_path)
    script = scripts.nombre_script(formato_id, accion)
    vba = llamar(cliente, script, ruta, "VBA")
    assert {a["func"] for a in vba} <= scripts.acciones_cliente_vba()
    officejs = llamar(cliente, script, ruta)
    esperadas = [a for a in officejs if a["func"] not in scripts.OMITIBLES_VBA]
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
    (aviso,) = scripts.para_cliente(respuesta, "VBA")["actions"]
    assert aviso["func"] == "alert"
    assert "addChart" in aviso["args"][0] and "No se cambió nada" in aviso["args"][0]
    assert scripts.para_cliente(respuesta, "Office.js") == respuesta


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
        acciones = llamar(cliente, scripts.nombre_script("poi", accion), ruta)
        conteos.append(Counter(a["func"] for a in acciones))
    assert conteos[0] == conteos[1]


def test_nombre_y_etiqueta() -> None:
    assert scripts.nombre_script("evaluacion-poi", "calcular_avance") == "evaluacion_poi__calcular_avance"
    assert etiqueta("poi", "generar_resumen") == "Generar resumen"
    assert etiqueta("sin-formato", "abrir_todo") == "Abrir todo"


def _comparable(valor):
    """Vacío es None; una fecha sin hora es la fecha (xlwings devuelve datetime, calamine date)."""
    if valor == "":
        return None
    if isinstance(valor, datetime) and valor.time() == dt_time():
        return valor.date()
    return valor


def test_payload_de_un_archivo_es_el_libro_que_ve_el_servidor(tmp_path) -> None:
    """El JSON que arma `remoto` desde un archivo, abierto como lo abre el servidor: sus hojas y valores."""
    ruta = libro_de("poi", tmp_path)
    book = xw.Book(json=payload_desde_archivo(ruta, "VBA"))
    assert book.api["client"] == "VBA"
    archivo = CalamineWorkbook.from_path(str(ruta))
    assert [s.name for s in book.sheets] == archivo.sheet_names
    for nombre in ("Datos", "Actividades", "Insumos"):
        esperado = archivo.get_sheet_by_name(nombre).to_python(skip_empty_area=False)
        ancho = max(len(f) for f in esperado)
        leido = book.sheets[nombre].range((1, 1)).resize(len(esperado), ancho).options(ndim=2).value
        assert [[_comparable(v) for v in f] for f in leido] == [
            [_comparable(v) for v in f] + [None] * (ancho - len(f)) for f in esperado]
    assert any(isinstance(v, datetime) for f in book.sheets["Datos"].used_range.value for v in f)


def _app_cli() -> typer.Typer:
    app = typer.Typer()
    app.command("servidor")(cli_servidor.servidor)
    app.add_typer(cli_servidor.acceso, name="acceso")
    return app


@pytest.fixture
def entorno(monkeypatch) -> dict:
    """Un os.environ propio de la prueba: lo que el comando fija para el servidor no queda en las demás."""
    propio = dict(os.environ)
    for variable in [v for v in propio if v.startswith("LIBRO_") or v.startswith("XLWINGS_AUTH")]:
        del propio[variable]
    monkeypatch.setattr(os, "environ", propio)
    return propio


@pytest.fixture
def uvicorn_falso(monkeypatch) -> list:
    import uvicorn

    llamadas = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **opciones: llamadas.append((app, opciones)))
    return llamadas


def test_cli_servidor_arranca_uvicorn(entorno, uvicorn_falso, claves) -> None:
    resultado = CliRunner().invoke(_app_cli(), [
        "servidor", "--host", "0.0.0.0", "--puerto", "8123", "--claves-acceso", str(claves["ruta"]),
        "--procesos", "2", "--max-mb", "3"])
    assert resultado.exit_code == 0, resultado.output
    ((app, opciones),) = uvicorn_falso
    assert app == "libro.servidor.app:crear_app" and opciones["factory"] and opciones["host"] == "0.0.0.0"
    assert opciones["port"] == 8123 and opciones["ssl_certfile"] is None
    assert "http://0.0.0.0:8123/manifest" in resultado.output
    ajustes = Ajustes()   # lo que verá cada proceso del servidor
    assert ajustes.proveedores == ["custom"] and ajustes.claves_acceso == claves["ruta"].resolve()
    assert ajustes.max_bytes == 3 * 1024 * 1024 and ajustes.procesos == 2


def test_cli_servidor_sin_autenticacion_no_arranca(entorno, uvicorn_falso) -> None:
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--puerto", "8123"])
    assert resultado.exit_code == 2 and not uvicorn_falso
    salida = " ".join(resultado.output.split())
    assert "no arranca sin autenticación" in salida and "--sin-autenticacion" in salida


def test_cli_servidor_sin_autenticacion_explicita_avisa(entorno, uvicorn_falso) -> None:
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--sin-autenticacion", "--nombre",
                                                "planeamiento.muni.gob.pe"])
    assert resultado.exit_code == 0, resultado.output
    assert "SIN autenticación" in resultado.output and len(uvicorn_falso) == 1
    assert "https://planeamiento.muni.gob.pe/manifest" in resultado.output
    assert entorno["XLWINGS_HOSTNAME"] == "planeamiento.muni.gob.pe"


def test_cli_servidor_entra_id_pide_la_aplicacion(entorno, uvicorn_falso) -> None:
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--entra-id"])
    assert resultado.exit_code == 2 and "XLWINGS_AUTH_ENTRAID_CLIENT_ID" in resultado.output


def test_cli_servidor_https_pide_certificado_y_clave(tmp_path) -> None:
    resultado = CliRunner().invoke(_app_cli(), ["servidor", "--certificado", str(tmp_path / "c.pem")])
    assert resultado.exit_code == 2 and "--certificado y --clave juntos" in resultado.output


def test_cli_acceso_crea_lista_y_revoca(tmp_path) -> None:
    archivo = tmp_path / "claves.toml"
    cli = CliRunner()
    creada = cli.invoke(_app_cli(), ["acceso", "nueva", "obras", "--archivo", str(archivo), "--rol", "unidad",
                                     "--nombre", "Gerencia de Obras"])
    assert creada.exit_code == 0, creada.output
    (clave,) = re.findall(r"libro_[\w-]+", creada.output)
    assert clave not in archivo.read_text()          # solo su huella
    lista = cli.invoke(_app_cli(), ["acceso", "lista", "--archivo", str(archivo)])
    assert "obras" in lista.output and "Gerencia de Obras" in lista.output and clave not in lista.output
    repetida = cli.invoke(_app_cli(), ["acceso", "nueva", "obras", "--archivo", str(archivo)])
    assert repetida.exit_code == 2 and "--reemplazar" in repetida.output
    assert cli.invoke(_app_cli(), ["acceso", "revocar", "obras", "--archivo", str(archivo)]).exit_code == 0
    vacia = cli.invoke(_app_cli(), ["acceso", "lista", "--archivo", str(archivo)])
    assert "Nadie tiene clave" in vacia.output


@contextmanager
def servidor_en_loopback(argumentos: list[str], esquema: str = "http", **entorno: str) -> Iterator[str]:
    """Arranca un proceso en un puerto libre de 127.0.0.1 y lo detiene al salir; da la URL base."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    proceso = subprocess.Popen([sys.executable, *[a.format(puerto=puerto) for a in argumentos]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **entorno})
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


def test_servidor_real_en_loopback(tmp_path, claves) -> None:
    """uvicorn de verdad en 127.0.0.1, configurado por variables: manifiesto, 401 sin clave, 200 con ella."""
    argumentos = ["-m", "uvicorn", "--factory", "libro.servidor.app:crear_app", "--host", "127.0.0.1",
                  "--port", "{puerto}"]
    with servidor_en_loopback(argumentos, XLWINGS_AUTH_PROVIDERS='["custom"]',
                              LIBRO_CLAVES_ACCESO=str(claves["ruta"])) as base:
        assert httpx.get(f"{base}/manifest", timeout=5).status_code == 200
        payload = payload_desde_archivo(libro_de("poi", tmp_path))
        url = f"{base}{SCRIPT}poi__generar_resumen"
        sin_clave = httpx.post(url, json=payload, timeout=60)
        assert sin_clave.status_code == 401 and "clave de acceso" in sin_clave.json()["detail"]
        respuesta = httpx.post(url, json=payload, headers={"Authorization": claves["obras"]}, timeout=60)
        assert respuesta.status_code == 200
        assert respuesta.json()["actions"][-1]["args"][0] == "Hoja «Resumen» actualizada."


def test_cli_servidor_con_https(tmp_path, claves) -> None:
    """`libro servidor --certificado --clave` sirve por HTTPS y el manifiesto apunta a https://."""
    if shutil.which("openssl") is None:
        pytest.skip("falta openssl para crear un certificado de prueba")
    cert, clave = tmp_path / "cert.pem", tmp_path / "clave.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(clave), "-out", str(cert)],
                   check=True, capture_output=True)
    codigo = ("import sys, typer; from libro.cli.servidor import servidor; sys.argv[0] = 'libro servidor'; "
              "typer.run(servidor)")
    argumentos = ["-c", codigo, "--puerto", "{puerto}", "--certificado", str(cert), "--clave", str(clave),
                  "--claves-acceso", str(claves["ruta"])]
    with servidor_en_loopback(argumentos, esquema="https") as base:
        manifiesto = httpx.get(f"{base}/manifest", timeout=5, verify=False)
        assert manifiesto.status_code == 200
        assert f'"{base}/taskpane.html"' in manifiesto.text


def test_cli_servidor_sin_licencia_lo_dice(monkeypatch) -> None:
    monkeypatch.delenv("XLWINGS_LICENSE_KEY", raising=False)
    r = CliRunner().invoke(_app_cli(), ["servidor", "--puerto", "8799"])
    assert r.exit_code == 2
    assert "XLWINGS_LICENSE_KEY=noncommercial" in r.output


# --- Identidad: claves de acceso (custom) y Microsoft Entra ID ---


def _pedir(cliente: TestClient, tmp_path: Path, script: str = "poi__validar", **opciones) -> httpx.Response:
    return cliente.post(SCRIPT + script, json=payload_desde_archivo(libro_de("poi", tmp_path)), **opciones)


@pytest.mark.parametrize(("cabeceras", "texto"), [
    ({}, "llegó sin ella"),
    ({"Authorization": "libro_inventada"}, "no es válida o fue revocada"),
    ({"Authorization": "Bearer libro_inventada"}, "no es válida o fue revocada"),
])
def test_sin_clave_valida_401_en_espanol(anonimo, tmp_path, cabeceras, texto) -> None:
    respuesta = _pedir(anonimo, tmp_path, headers=cabeceras)
    assert respuesta.status_code == 401 and texto in respuesta.json()["detail"]
    assert respuesta.headers["www-authenticate"] == "Bearer"
    funcion = anonimo.post(FUNCION, json=AVANCE, headers=cabeceras)
    assert funcion.status_code == 401


@pytest.mark.parametrize("forma", ["{}", "Bearer {}"])
def test_clave_valida_200(anonimo, claves, tmp_path, forma) -> None:
    respuesta = _pedir(anonimo, tmp_path, headers={"Authorization": forma.format(claves["obras"])})
    assert respuesta.status_code == 200 and respuesta.json()["actions"][-1]["func"] == "alert"


def test_lo_publico_sigue_publico(anonimo) -> None:
    """El manifiesto, el panel y las listas de scripts y funciones se cargan antes de tener identidad."""
    for ruta in ("/", "/manifest", "/taskpane.html", "/xlwings/custom-scripts-meta",
                 "/xlwings/custom-functions-meta", "/xlwings/custom-functions-code", "/static/js/auth.js"):
        assert anonimo.get(ruta).status_code == 200, ruta


def test_panel_pide_la_clave_y_el_gancho_la_manda(anonimo) -> None:
    html = anonimo.get("/taskpane.html").text
    assert 'id="libro-clave"' in html and "Clave de acceso" in html
    gancho = anonimo.get("/static/js/auth.js").text
    assert "globalThis.getAuth" in gancho and 'provider: "custom"' in gancho and "getAccessToken" in gancho


def test_clave_revocada_deja_de_valer_sin_reiniciar(anonimo, claves, tmp_path) -> None:
    temporal = nueva_clave(claves["ruta"], "temporal", roles=["unidad"])
    assert _pedir(anonimo, tmp_path, headers={"Authorization": temporal}).status_code == 200
    assert revocar_clave(claves["ruta"], "temporal")
    assert _pedir(anonimo, tmp_path, headers={"Authorization": temporal}).status_code == 401


def test_archivo_de_claves_roto_no_arranca(tmp_path) -> None:
    roto = tmp_path / "claves.toml"
    roto.write_text('[claves.obras]\nhuella = "md5:123"\n', encoding="utf-8")
    with pytest.raises(ConfiguracionInvalida, match="«obras» no tiene una huella válida"):
        servidor.crear_app(Ajustes(proveedores=["custom"], claves_acceso=roto))
    with pytest.raises(ConfiguracionInvalida, match="no arranca sin autenticación"):
        servidor.crear_app(Ajustes())


@pytest.fixture
def entra_id(monkeypatch) -> dict:
    """Un tenant de Entra ID de prueba: su juego de llaves (JWKS) local, sin salir a internet."""
    from joserfc import jwt
    from joserfc.jwk import KeySet, RSAKey
    from xlwings_server.auth import entraid
    from xlwings_server.config import settings

    # la ajena usa el mismo «kid»: solo su firma la delata
    llave, ajena = (RSAKey.generate_key(2048, parameters={"kid": "k1"}) for _ in range(2))

    async def jwks() -> dict:
        return KeySet([llave]).as_dict(private=False)

    monkeypatch.setattr(entraid.jwks, "get_jwks_json", jwks)
    monkeypatch.setattr(settings, "auth_entraid_client_id", "app-libro")
    monkeypatch.setattr(settings, "auth_entraid_tenant_id", "tenant-muni")

    def token(firma=llave, **claims) -> str:
        datos = {"ver": "2.0", "iss": "https://login.microsoftonline.com/tenant-muni/v2.0",
                 "aud": "app-libro", "oid": "oid-ana", "name": "Ana Quispe",
                 "preferred_username": "Ana.Quispe@muni.gob.pe",
                 "exp": int(time.time()) + 3600, **claims}
        return "Bearer " + jwt.encode({"alg": "RS256", "kid": "k1"}, datos, firma)

    return {"token": token, "ajena": ajena}


def test_entra_id_y_claves_a_la_vez(entra_id, claves, tmp_path, caplog) -> None:
    permisos = tmp_path / "permisos.toml"
    permisos.write_text('[permisos]\n"ana.quispe@muni.gob.pe" = ["poi.validar"]\nunidad = ["poi"]\n', "utf-8")
    app = servidor.crear_app(Ajustes(proveedores=["entraid", "custom"], claves_acceso=claves["ruta"],
                                     permisos=permisos))
    cliente = TestClient(app)
    ana = {"Authorization": entra_id["token"](), "Auth-Provider": "entraid"}
    assert _pedir(cliente, tmp_path, headers=ana).status_code == 200
    negado = _pedir(cliente, tmp_path, "poi__calcular_metas", headers=ana)
    assert negado.status_code == 403 and "«Ana Quispe» no tiene permiso" in negado.json()["detail"]
    # la clave de libro se reconoce sin la cabecera Auth-Provider
    assert _pedir(cliente, tmp_path, "poi__calcular_metas",
                  headers={"Authorization": claves["obras"]}).status_code == 200
    caplog.set_level(logging.INFO)
    for malo in (entra_id["token"](firma=entra_id["ajena"]), entra_id["token"](aud="otra-app")):
        respuesta = _pedir(cliente, tmp_path, headers={"Authorization": malo, "Auth-Provider": "entraid"})
        assert respuesta.status_code == 401
        assert "No se pudo validar su sesión de Microsoft 365" in respuesta.json()["detail"]
    assert caplog.records and all(r.exc_info is None for r in caplog.records)


# --- Permisos ---


@pytest.fixture(scope="module")
def con_permisos(claves, tmp_path_factory) -> TestClient:
    ruta = tmp_path_factory.mktemp("permisos") / "permisos.toml"
    ruta.write_text('[permisos]\nopp = ["*"]\nunidad = ["poi.validar", "evaluacion-poi"]\n', encoding="utf-8")
    return TestClient(servidor.crear_app(con_claves(claves, permisos=ruta)))


def test_permisos_niegan_lo_que_no_figura(con_permisos, claves, tmp_path) -> None:
    obras, opp = {"Authorization": claves["obras"]}, {"Authorization": claves["opp"]}
    assert _pedir(con_permisos, tmp_path, "poi__validar", headers=obras).status_code == 200
    negado = _pedir(con_permisos, tmp_path, "poi__calcular_metas", headers=obras)
    assert negado.status_code == 403
    assert negado.json()["detail"].startswith(
        "Su usuario «Gerencia de Obras» no tiene permiso para «Calcular metas» (poi.calcular_metas).")
    assert _pedir(con_permisos, tmp_path, "poi__calcular_metas", headers=opp).status_code == 200
    assert con_permisos.post(FUNCION, json=AVANCE, headers=obras).status_code == 403
    assert con_permisos.post(FUNCION, json=AVANCE, headers=opp).json() == {"result": [[80.0]]}


def test_permisos_con_errores_no_arrancan(claves, tmp_path) -> None:
    ruta = tmp_path / "permisos.toml"
    ruta.write_text('[permisos]\nunidad = ["poi.consolidar", "poi"]\n', encoding="utf-8")
    with pytest.raises(ConfiguracionInvalida, match="«unidad» nombra «poi.consolidar», que no existe"):
        servidor.crear_app(con_claves(claves, permisos=ruta))


# --- Pedidos mal formados: 4xx en español, una línea en el registro, nunca 500 ---

BASE = {"client": "Office.js", "version": xw.__version__, "names": [],
        "book": {"name": "poi.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "sheets": [{"name": "Hoja1", "values": [[""]], "pictures": [], "tables": []}]}


def _sin(clave: str) -> bytes:
    return json.dumps({k: v for k, v in BASE.items() if k != clave}).encode()


def _con(**cambios) -> bytes:
    return json.dumps({**BASE, **cambios}).encode()


@pytest.mark.parametrize(("cuerpo", "estado", "texto"), [
    (b"[]", 422, "el pedido debe ser un objeto JSON ({…}) y llegó una lista"),
    (b"esto no es JSON", 400, "no es JSON válido (línea 1, columna 1)"),
    (b"", 400, "llegó vacío"),
    (b"{}", 422, "falta «client»; falta «version»; falta «book»; falta «sheets»"),
    (_sin("sheets"), 422, "falta «sheets»"),
    (_con(sheets=[]), 422, "«sheets» no puede estar vacía"),
    (_con(sheets=[{"name": "A", "values": "x"}]), 422, "«sheets[0].values» debe ser una lista"),
    (_con(sheets=[{"name": "A", "values": [[1, 2], [3]]}]), 422, "mismo número de columnas"),
    (_con(book={"name": "a", "active_sheet_index": 3}), 422, "«book.active_sheet_index» vale 3"),
    (_con(client="VBA", version="0.1.0"), 422, "deben ser iguales"),
])
def test_pedido_mal_formado_4xx_en_espanol(cliente, caplog, cuerpo, estado, texto) -> None:
    caplog.set_level(logging.INFO)
    respuesta = cliente.post(SCRIPT + "poi__validar", content=cuerpo,
                             headers={"Content-Type": "application/json"})
    assert respuesta.status_code == estado and texto in respuesta.json()["detail"]
    assert "Actualice el complemento" in respuesta.json()["detail"]
    propias = [r for r in caplog.records if r.name == "libro.servidor"]
    assert len(propias) == 1 and propias[0].exc_info is None and "\n" not in propias[0].getMessage()


@pytest.mark.parametrize(("cuerpo", "estado", "texto"), [
    (b"[]", 422, "objeto JSON"),
    (b"{}", 422, "falta «func_name»"),
    (json.dumps({"func_name": "borrar", "args": [], "client": "Office.js", "version": "1",
                "runtime": "1.4"}).encode(), 404,
     "«borrar» no existe"),
])
def test_funcion_mal_pedida_4xx_en_espanol(cliente, cuerpo, estado, texto) -> None:
    respuesta = cliente.post(FUNCION, content=cuerpo)
    assert respuesta.status_code == estado and texto in respuesta.json()["detail"]


# --- Tope de tamaño, CORS y el bucle de eventos ---


def _asgi(app, pedir) -> httpx.Response:
    """Corre `pedir(cliente)` contra la aplicación ASGI (httpx le entrega el cuerpo por partes)."""
    async def correr() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://libro") as c:
            return await pedir(c)
    return asyncio.run(correr())


def test_cuerpo_grande_413_antes_de_leerlo_entero(claves) -> None:
    app = servidor.crear_app(con_claves(claves, max_mb=1))
    entregados = []

    async def cincuenta_mb():
        for i in range(800):          # 800 × 64 KB = 50 MB si alguien lo leyera entero
            entregados.append(i)
            yield b"x" * 65536

    def pedir(cabeceras: dict):
        return lambda c: c.post(SCRIPT + "poi__validar", content=cincuenta_mb(),
                                headers={"Authorization": claves["opp"], **cabeceras})

    sin_largo = _asgi(app, pedir({}))
    assert sin_largo.status_code == 413 and "acepta hasta 1 MB" in sin_largo.json()["detail"]
    assert len(entregados) == 17      # 16 trozos llenan 1 MB; el 17.º lo pasa y ahí se corta
    entregados.clear()
    declarado = _asgi(app, pedir({"Content-Length": str(50 * 1024 * 1024)}))
    assert declarado.status_code == 413 and "pesa 50.0 MB" in declarado.json()["detail"]
    assert entregados == []           # con Content-Length, ni un byte leído


def test_cors_solo_para_excel_en_la_web(cliente) -> None:
    def previo(origen: str) -> httpx.Response:
        return cliente.options(SCRIPT + "poi__validar", headers={
            "Origin": origen, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})

    for origen in ("https://excel.officeapps.live.com", "https://usc-excel.officeapps.live.com",
                   "https://excel.cloud.microsoft"):
        respuesta = previo(origen)
        assert respuesta.status_code == 200 and respuesta.headers["access-control-allow-origin"] == origen
    for origen in ("https://intruso.example", "http://excel.officeapps.live.com",
                   "https://officeapps.live.com.intruso.example"):
        respuesta = previo(origen)
        assert respuesta.status_code == 400 and "access-control-allow-origin" not in respuesta.headers


def test_el_chequeo_de_salud_responde_durante_una_accion_larga(claves, tmp_path, monkeypatch) -> None:
    """La acción corre en un hilo: mientras dura, el bucle de eventos sigue atendiendo `GET /`."""
    soltar, empezo = threading.Event(), threading.Event()

    def accion_larga(book, formato_id, accion):
        empezo.set()
        assert soltar.wait(30), "la prueba no soltó la acción"

    monkeypatch.setattr(scripts, "ejecutar", accion_larga)
    app = servidor.crear_app(con_claves(claves))
    payload = payload_desde_archivo(libro_de("poi", tmp_path))

    async def pedir(c: httpx.AsyncClient) -> httpx.Response:
        accion = asyncio.create_task(c.post(SCRIPT + "poi__validar", json=payload,
                                            headers={"Authorization": claves["opp"]}))
        while not empezo.is_set():
            await asyncio.sleep(0.01)
        salud = await asyncio.wait_for(c.get("/"), timeout=20)
        sigue = not accion.done()
        soltar.set()
        respuesta = await accion
        assert salud.status_code == 200 and sigue
        return respuesta

    assert _asgi(app, pedir).status_code == 200


def test_con_varios_procesos_de_calculo_responde_igual(claves, tmp_path) -> None:
    """`--procesos 2`: la acción corre en otro proceso; la respuesta y los rechazos son los mismos."""
    ruta = libro_de("poi", tmp_path)
    opp = {"Authorization": claves["opp"]}
    en_hilo = TestClient(servidor.crear_app(con_claves(claves))).post(
        SCRIPT + "poi__generar_resumen", json=payload_desde_archivo(ruta), headers=opp)
    with TestClient(servidor.crear_app(con_claves(claves, procesos=2)), headers=opp) as varios:
        estado = varios.app.app.app.state.libro          # CORS → tope de tamaño → FastAPI
        en_procesos = varios.post(SCRIPT + "poi__generar_resumen", json=payload_desde_archivo(ruta))
        malo = varios.post(SCRIPT + "poi__generar_resumen", content=_con(sheets=[]))
        assert estado.ejecutor.con_procesos_vivos        # sí pasó por los procesos de cálculo
    assert en_procesos.status_code == 200 and en_procesos.json() == en_hilo.json()
    assert malo.status_code == 422 and "«sheets» no puede estar vacía" in malo.json()["detail"]
    assert not estado.ejecutor.con_procesos_vivos     # al cerrar la aplicación se cierran los procesos


def test_un_proceso_de_calculo_que_muere_no_tumba_el_servidor() -> None:
    """Si un proceso de cálculo muere (p. ej. sin memoria), ese pedido recibe 503 y el siguiente sí."""
    ejecutor = Ejecutor(2)

    async def probar() -> int:
        with pytest.raises(Rechazo) as caido:
            await ejecutor.correr(os._exit, 3)
        assert caido.value.status_code == 503 and "Vuelva a intentarlo" in caido.value.detail
        return await ejecutor.correr(abs, -4)

    try:
        assert asyncio.run(probar()) == 4
    finally:
        ejecutor.cerrar()
