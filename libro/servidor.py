"""xlwings Server de libro: los botones del libro en Excel de escritorio (Windows, Mac) y en la web.

Usa el paquete `xlwings-server` (FastAPI, autoalojado; licencia PolyForm Noncommercial): su complemento
de Office.js (manifiesto, panel, cliente JavaScript, funciones personalizadas). libro le entrega:

- los scripts: cada acción de `macros_py.ACCIONES` es un script `formato__accion` (p. ej.
  `poi__validar`), con `script` de `xlwings.server` (el `xw.script` de `import xlwings` no registra
  nada si xlwings se importó antes de activar el modo servidor);
- las funciones de Excel de `libro.udfs` (`=LIBRO.META_MENSUAL(…)`…);
- el panel: `/taskpane.html` con un botón `xw-click` por acción de cada formato, y
  `/taskpane/{formato}` con las de uno solo;
- `POST /xlwings/custom-scripts-call/{script}` propio: una acción desconocida responde 404 con un
  mensaje en español, y al cliente VBA (`RunRemotePython`) solo le llegan las acciones que ese cliente
  sabe ejecutar (las de formato visual que no sabe, como la negrita, se omiten).

Arranque: `libro servidor --host 127.0.0.1 --puerto 8000` (ver `libro/cli_servidor.py`) o
`uvicorn libro.servidor:app`. Configuración por variables `XLWINGS_*` o `.env` (ver docs/servidor.md).
"""

import os
import re
import sys
import types
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

# Antes de importar xlwings_server: su configuración se lee al importarlo.
os.environ.setdefault("XLWINGS_PROJECT_NAME", "libro")
os.environ.setdefault("XLWINGS_FUNCTIONS_NAMESPACE", "LIBRO")

import xlwings as xw  # noqa: E402
import xlwings.server  # noqa: E402
from fastapi import Request  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402
from jinja2 import ChoiceLoader, DictLoader  # noqa: E402

from libro import udfs  # noqa: E402
from libro.declaracion import HOJA_BOTONES, Boton  # noqa: E402
from libro.formatos import FORMATOS  # noqa: E402
from macros_py import ACCIONES, etiqueta  # noqa: E402

SEPARADOR = "__"


def nombre_script(formato_id: str, accion: str) -> str:
    """`poi` + `validar` → `poi__validar` (identificador válido; el guion del formato va como «_»)."""
    return formato_id.replace("-", "_") + SEPARADOR + accion


def _como_script(
    nombre: str, texto: str, accion: Callable[..., Any], boton: Boton | None
) -> Callable[..., Any]:
    """Script de xlwings Server; con `boton`, también corre al hacer clic en la forma de la hoja."""

    def correr(book: xw.Book) -> None:
        accion(book)

    correr.__name__ = correr.__qualname__ = nombre
    correr.__doc__ = accion.__doc__
    if boton is None:
        return xlwings.server.script(correr, name=texto)
    return xlwings.server.script(correr, name=texto, button=f"[{boton.forma}]{HOJA_BOTONES}!{boton.celda}")


def _modulo_scripts() -> types.ModuleType:
    modulo = types.ModuleType("custom_scripts", "Scripts de libro: uno por acción de macros_py.ACCIONES.")
    for formato_id, acciones in ACCIONES.items():
        botones = {b.accion: b for b in FORMATOS[formato_id].botones_en_hoja}
        for accion, funcion in acciones.items():
            nombre = nombre_script(formato_id, accion)
            boton = botones.get(accion)
            setattr(modulo, nombre, _como_script(nombre, etiqueta(formato_id, accion), funcion, boton))
    return modulo


def _modulo_funciones() -> types.ModuleType:
    modulo = types.ModuleType("custom_functions", "Funciones de Excel de libro (libro.udfs).")
    for funcion in udfs.FUNCIONES:
        setattr(modulo, funcion.__name__, udfs.registrar_en_xlwings(funcion))
    return modulo


SCRIPTS = _modulo_scripts()
FUNCIONES = _modulo_funciones()
sys.modules["custom_scripts"] = SCRIPTS
sys.modules["custom_functions"] = FUNCIONES

from xlwings_server import dependencies as dep  # noqa: E402
from xlwings_server.config import settings  # noqa: E402
from xlwings_server.main import app as fastapi_app  # noqa: E402
from xlwings_server.main import main_app  # noqa: E402
from xlwings_server.templates import templates  # noqa: E402

# Si algo importó xlwings_server antes que este módulo, su configuración ya se leyó: se completa aquí.
settings.project_name = os.environ["XLWINGS_PROJECT_NAME"]
settings.functions_namespace = os.environ["XLWINGS_FUNCTIONS_NAMESPACE"]

app = main_app
"""La aplicación ASGI completa (FastAPI + CORS + socket.io) para uvicorn: `libro.servidor:app`."""


# --- Cliente VBA (RunRemotePython) ---


@cache
def acciones_cliente_vba() -> frozenset[str]:
    """Las acciones que el cliente VBA de xlwings sabe ejecutar: sus `Sub x(wb, action)` en Remote.bas."""
    fuente = Path(xw.__file__).parent / "addin" / "Remote.bas"
    texto = fuente.read_text(encoding="latin-1")
    return frozenset(re.findall(r"^Sub (\w+)\(wb As Workbook, action As Dictionary\)", texto, re.M))


OMITIBLES_VBA = frozenset({"setFontProperty", "setSheetVisibility", "setColumnWidth", "setRowHeight"})
"""Acciones solo de formato visual: si el cliente VBA no las conoce, se omiten sin avisar."""


def para_cliente(respuesta: dict[str, Any], cliente: str) -> dict[str, Any]:
    """Deja solo lo que el cliente sabe ejecutar; lo esencial que no sepa se vuelve un aviso."""
    if cliente != "VBA":
        return respuesta
    conocidas = acciones_cliente_vba()
    acciones, faltan = [], []
    for a in respuesta["actions"]:
        if a["func"] in conocidas:
            acciones.append(a)
        elif a["func"] not in OMITIBLES_VBA:
            faltan.append(a["func"])
    if faltan:
        acciones = [{
            "func": "alert", "args": [
                "Esta acción necesita el complemento de Office de libro (Excel con Office.js): el cliente "
                f"VBA no sabe hacer {', '.join(sorted(set(faltan)))}. No se cambió nada.",
                "libro: error", "ok", "critical", ""],
            "values": None, "sheet_position": None, "start_row": None, "start_column": None,
            "row_count": None, "column_count": None, "charts": [], "notes": [], "tables": [],
            "print_area": None,
        }]
    return {**respuesta, "actions": acciones}


# --- Rutas propias (van delante de las del paquete) ---


def _delante() -> None:
    """Pone la última ruta agregada antes que las del paquete (la primera que coincide responde)."""
    rutas = fastapi_app.router.routes
    rutas.insert(0, rutas.pop())


async def custom_scripts_call(script_name: str, args: dep.ScriptArgs, book: dep.Book, current_user: dep.User):
    """Ejecuta la acción sobre el libro que manda Excel y devuelve las acciones para Excel."""
    if not hasattr(SCRIPTS, script_name) or not getattr(getattr(SCRIPTS, script_name), "__xlscript__", None):
        disponibles = ", ".join(nombre_script(f, a) for f, acciones in ACCIONES.items() for a in acciones)
        return JSONResponse(status_code=404, content={
            "detail": f"La acción «{script_name}» no existe en este servidor de libro. "
                      f"Acciones disponibles: {disponibles}. Actualice el libro o el complemento.",
        })
    book = await xlwings.server.custom_scripts_call(
        SCRIPTS, script_name, current_user, typehint_to_value={xw.Book: book}, args=args)
    return para_cliente(book.json(), book.api["client"])


fastapi_app.post("/xlwings/custom-scripts-call/{script_name}")(custom_scripts_call)
_delante()

PANEL = """{% extends "base.html" %}
{% block head %}{{ super() }}<title>libro</title>{% endblock head %}
{% block content %}
  <div class="container-fluid pt-3 ps-3" lang="es">
    <h1 class="h5">libro</h1>
    <p class="small text-muted">Cada botón trabaja sobre el libro abierto; repetirlo da el mismo
      resultado. Solo escribe celdas calculadas y hojas generadas.</p>
    {% for f in libro_formatos %}
      <section class="mb-3" data-formato="{{ f.id }}">
        <h2 class="h6">{{ f.titulo }} <span class="text-muted small">({{ f.etiqueta }})</span></h2>
        <div class="d-flex flex-column gap-2">
          {% for b in f.botones %}
            <button xw-click="{{ b.script }}" class="btn btn-primary btn-sm"
                    type="button">{{ b.texto }}</button>
          {% endfor %}
        </div>
      </section>
    {% endfor %}
  </div>
{% endblock content %}
"""
templates.env.loader = ChoiceLoader([DictLoader({"libro_panel.html": PANEL}), templates.env.loader])


def formatos_del_panel(formato_id: str | None = None) -> list[dict[str, Any]]:
    elegidos = [formato_id] if formato_id else list(ACCIONES)
    return [{
        "id": fid,
        "titulo": FORMATOS[fid].titulo if fid in FORMATOS else fid,
        "etiqueta": FORMATOS[fid].etiqueta if fid in FORMATOS else fid,
        "botones": [{"script": nombre_script(fid, a), "texto": etiqueta(fid, a)} for a in ACCIONES[fid]],
    } for fid in elegidos]


async def panel(request: Request):
    """Panel con los botones de todos los formatos."""
    return templates.TemplateResponse(request=request, name="libro_panel.html",
                                      context={"libro_formatos": formatos_del_panel()})


async def panel_formato(request: Request, formato_id: str):
    """Panel con los botones de un formato."""
    if formato_id not in ACCIONES:
        return JSONResponse(status_code=404, content={
            "detail": f"El formato «{formato_id}» no tiene botones. Formatos: {', '.join(ACCIONES)}."})
    return templates.TemplateResponse(request=request, name="libro_panel.html",
                                      context={"libro_formatos": formatos_del_panel(formato_id)})


for _ruta in ("/taskpane", "/taskpane.html"):
    fastapi_app.get(_ruta)(panel)
    _delante()
fastapi_app.get("/taskpane/{formato_id}")(panel_formato)
_delante()
