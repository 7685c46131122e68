"""Variantes .xlsm: el proyecto VBA (olevba), los botones, la llamada a Python y, si hay LibreOffice, que
un intérprete de VBA real carga el módulo y arma exactamente el RunPython esperado."""

import shutil
import subprocess
import textwrap
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import xlwings as xw
from conftest import acciones_macros
from oletools.olevba import VBA_Parser

from libro.demo.poi import unidad
from libro.poi.formato import POI
from libro.registro import REGISTRO
from libro.salida.plantilla import escribir_plantilla
from libro.salida.xlsm import (
    MACRO,
    VBA_FUENTE,
    VBA_PROYECTO,
    SinAcciones,
    codigo_runpython,
    escribir_xlsm,
    regenerar_vba,
)
from libro.servidor.app import etiqueta
from libro.servidor.remoto import payload_desde_archivo

ACCIONES = acciones_macros()


def modulos_vba(ruta: Path) -> dict[str, str]:
    """{módulo: fuente} según olevba, sin las líneas «Attribute» y con fin de línea \\n."""
    parser = VBA_Parser(str(ruta))
    try:
        return {nombre.rsplit(".", 1)[0]: _sin_atributos(codigo.replace("\r\n", "\n"))
                for _, _, nombre, codigo in parser.extract_macros()}
    finally:
        parser.close()


def _sin_atributos(codigo: str) -> str:
    return "\n".join(linea for linea in codigo.split("\n") if not linea.startswith("Attribute "))


def fuente_esperada() -> str:
    return _sin_atributos(VBA_FUENTE.read_text(encoding="ascii"))


def test_vba_project_tiene_exactamente_la_fuente() -> None:
    modulos = modulos_vba(VBA_PROYECTO)
    assert set(modulos) == {"ThisWorkbook", "Sheet1", "libro"}
    assert modulos["libro"].strip() == fuente_esperada().strip()
    assert modulos["ThisWorkbook"].strip() == "" and modulos["Sheet1"].strip() == ""
    assert f"Public Sub {MACRO}()" in modulos["libro"]
    assert 'Application.Run "xlwings.xlam!RunPython", codigo' in modulos["libro"]


def test_fuente_vba_solo_ascii() -> None:
    VBA_FUENTE.read_bytes().decode("ascii")   # el proyecto guarda cp1252: nada fuera de ASCII


def test_regenerar_da_la_misma_fuente(tmp_path) -> None:
    pytest.importorskip("ms_ovba", reason="ms-ovba solo hace falta para regenerar el vbaProject.bin")
    nuevo = regenerar_vba(destino=tmp_path / "vbaProject.bin")
    assert modulos_vba(nuevo) == modulos_vba(VBA_PROYECTO)


@pytest.fixture
def xlsm_poi(tmp_path) -> Path:
    return escribir_xlsm(POI, tmp_path / "poi.xlsm", unidad())


def test_xlsm_lleva_el_proyecto_y_los_botones(xlsm_poi) -> None:
    assert modulos_vba(xlsm_poi)["libro"].strip() == fuente_esperada().strip()
    with zipfile.ZipFile(xlsm_poi) as z:
        nombres = z.namelist()
        assert "xl/vbaProject.bin" in nombres
        assert z.read("xl/vbaProject.bin") == VBA_PROYECTO.read_bytes()
        tipos = z.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in tipos
        libro_xml = z.read("xl/workbook.xml").decode()
        assert 'codeName="ThisWorkbook"' in libro_xml
        assert '<definedName name="LIBRO_MACROS">"macros_py.poi"</definedName>' in libro_xml
        (vml,) = [n for n in nombres if n.endswith(".vml")]
        dibujo = z.read(vml).decode()
    textos = [etiqueta("poi", a) for a in ACCIONES["poi"]]
    assert dibujo.count(f"<x:FmlaMacro>[0]!{MACRO}</x:FmlaMacro>") == len(textos)
    for texto in textos:
        assert f">{texto}<" in dibujo


def test_cada_boton_arma_la_llamada_de_su_accion() -> None:
    for accion, funcion in ACCIONES["poi"].items():
        codigo = codigo_runpython("poi", etiqueta("poi", accion))
        assert codigo == f"import macros_py.poi; macros_py.poi.{accion}()"
        assert funcion.__module__ == "macros_py.poi"


def test_xlsm_conserva_los_datos_del_xlsx(tmp_path, xlsm_poi) -> None:
    xlsx = escribir_plantilla(POI, tmp_path / "poi.xlsx", unidad())
    assert payload_desde_archivo(xlsm_poi)["sheets"] == payload_desde_archivo(xlsx)["sheets"]


def test_llamada_del_boton_funciona_con_el_archivo_renombrado(tmp_path, xlsm_poi, monkeypatch) -> None:
    """Lo que RunPython ejecuta, tal cual, sobre el libro renombrado (Book.caller = el libro activo)."""
    renombrado = xlsm_poi.rename(tmp_path / "POI 2027 (copia final).xlsm")
    book = xw.Book(json=payload_desde_archivo(renombrado))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    exec(codigo_runpython("poi", "Generar resumen"), {})  # noqa: S102 - el texto exacto del botón
    acciones = book.json()["actions"]
    assert acciones[-1]["args"][0] == "Hoja «Resumen» actualizada."


def test_errores_claros(tmp_path, monkeypatch) -> None:
    with pytest.raises(ValueError, match=r"debe terminar en \.xlsm"):
        escribir_xlsm(POI, tmp_path / "poi.xlsx")
    monkeypatch.setitem(REGISTRO, "poi", replace(REGISTRO["poi"], acciones={}))
    with pytest.raises(SinAcciones, match="«poi» no tiene botones"):
        escribir_xlsm(POI, tmp_path / "x.xlsm")
    assert not (tmp_path / "x.xlsm").exists()


def test_el_xlsx_normal_no_cambia(tmp_path, xlsm_poi) -> None:
    xlsx = escribir_plantilla(POI, tmp_path / "otra.xlsx", unidad())
    with zipfile.ZipFile(xlsx) as z:
        assert "xl/vbaProject.bin" not in z.namelist()
        assert not any(n.endswith(".vml") for n in z.namelist())


# --- LibreOffice: un intérprete de VBA real ---

PYTHON_UNO = Path("/usr/bin/python3")
SCRIPT_UNO = textwrap.dedent('''
    import subprocess, sys, time
    sys.path.append("/usr/lib/python3/dist-packages")
    import uno
    from com.sun.star.beans import PropertyValue
    ruta, perfil, tubo, *textos = sys.argv[1:]
    p = subprocess.Popen(["soffice", "--headless", "--norestore", "--invisible",
                          "-env:UserInstallation=" + perfil, "--accept=pipe,name=" + tubo + ";urp;"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve("uno:pipe,name=" + tubo + ";urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        escritorio = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        def prop(n, v):
            x = PropertyValue(); x.Name = n; x.Value = v; return x
        doc = escritorio.loadComponentFromURL(uno.systemPathToFileUrl(ruta), "_blank", 0,
                                              (prop("Hidden", True), prop("MacroExecutionMode", 4)))
        s = doc.getScriptProvider().getScript(
            "vnd.sun.star.script:VBAProject.libro.LibroCodigo?language=Basic&location=document")
        for t in textos:
            print(s.invoke((t,), (), ())[0])
        doc.close(True)
    finally:
        p.terminate()
        p.wait(20)
''')


def _libreoffice() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice no está instalado (apt-get install -y libreoffice-calc-nogui python3-uno)"
    if not PYTHON_UNO.exists() or subprocess.run([str(PYTHON_UNO), "-c", "import sys; sys.path.append("
                                                  "'/usr/lib/python3/dist-packages'); import uno"],
                                                 capture_output=True).returncode:
        return "falta el puente Python-UNO del sistema (apt-get install -y python3-uno)"
    return None


@pytest.mark.skipif(_libreoffice() is not None, reason=str(_libreoffice()))
def test_libreoffice_carga_el_modulo_y_ata_los_botones(tmp_path, xlsm_poi) -> None:
    salida = tmp_path / "ods"
    resultado = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'perfil').as_uri()}",
         "--convert-to", "ods", "--outdir", str(salida), str(xlsm_poi)],
        capture_output=True, text=True, timeout=240)
    assert resultado.returncode == 0, resultado.stderr
    with zipfile.ZipFile(salida / "poi.ods") as z:
        modulo = z.read("Basic/VBAProject/libro.xml").decode()
        contenido = z.read("content.xml").decode()
    assert "Public Sub LibroBoton()" in modulo and "Option VBASupport 1" in modulo
    enlace = "vnd.sun.star.script:VBAProject.libro.LibroBoton?language=Basic&amp;location=document"
    assert contenido.count(enlace) == len(ACCIONES["poi"])


@pytest.mark.skipif(_libreoffice() is not None, reason=str(_libreoffice()))
def test_libreoffice_ejecuta_el_vba_y_arma_el_runpython(tmp_path, xlsm_poi) -> None:
    script = tmp_path / "uno_libro.py"
    script.write_text(SCRIPT_UNO, encoding="utf-8")
    textos = [etiqueta("poi", a) for a in ACCIONES["poi"]]
    resultado = subprocess.run(
        [str(PYTHON_UNO), str(script), str(xlsm_poi), (tmp_path / "perfil").as_uri(),
         f"libro{uuid.uuid4().hex}", *textos], capture_output=True, text=True, timeout=240)
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.splitlines() == [codigo_runpython("poi", t) for t in textos]


def test_cli_plantilla_xlsm(tmp_path) -> None:
    import typer
    from typer.testing import CliRunner

    from libro.cli.servidor import plantilla_xlsm

    app = typer.Typer()
    app.command("plantilla-xlsm")(plantilla_xlsm)
    app.command("otro")(lambda: None)
    resultado = CliRunner().invoke(app, ["plantilla-xlsm", "todos", "--salida", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    assert sorted(p.name for p in tmp_path.glob("*.xlsm")) == sorted(f"{f}.xlsm" for f in ACCIONES)
    assert modulos_vba(tmp_path / "poi.xlsm")["libro"].strip() == fuente_esperada().strip()
    malo = CliRunner().invoke(app, ["plantilla-xlsm", "no-existe", "--salida", str(tmp_path)])
    assert malo.exit_code == 2 and "no tiene botones" in malo.output


@pytest.mark.parametrize("datos", [
    b"a", b"abcabcabcabc" * 50, VBA_FUENTE.read_bytes() * 5,          # varios trozos de 4096 bytes
    bytes((i * 7919 + 13) % 251 for i in range(9000)),                # poco repetitivo
    bytes(__import__("random").Random(1).randrange(256) for _ in range(8292)),  # trozos sin comprimir
])
def test_compresion_ovba_la_lee_olevba(datos) -> None:
    from oletools.olevba import decompress_stream

    from libro.salida.xlsm import comprimir_ovba

    assert decompress_stream(bytearray(comprimir_ovba(datos))) == datos


@pytest.mark.parametrize("formato_id", list(ACCIONES))
def test_cada_boton_de_la_plantilla_es_una_accion(tmp_path, formato_id) -> None:
    """Los textos de `Formato.botones` y las acciones registradas se corresponden uno a uno."""
    from libro.nucleo.declaracion import accion_de_boton
    from libro.registro import FORMATOS

    formato = FORMATOS[formato_id]
    assert [accion_de_boton(t) for t in formato.botones] == list(ACCIONES[formato_id])
    ruta = escribir_xlsm(formato, tmp_path / f"{formato_id}.xlsm")
    with zipfile.ZipFile(ruta) as z:
        dibujos = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    assert dibujos.count(f"[0]!{MACRO}<") == len(formato.botones)
    for texto in formato.botones:       # el módulo del RunPython es el de la función registrada
        funcion = ACCIONES[formato_id][accion_de_boton(texto)]
        assert codigo_runpython(formato_id, texto) == (
            f"import {funcion.__module__}; {funcion.__module__}.{funcion.__name__}()")
