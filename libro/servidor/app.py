"""xlwings Server de libro: los botones del libro en Excel de escritorio (Windows, Mac) y en la web.

Usa el paquete `xlwings-server` (FastAPI, autoalojado; licencia PolyForm Noncommercial): su complemento
de Office.js (manifiesto, panel, cliente JavaScript, funciones personalizadas). libro le entrega:

- los scripts: cada acción de cada formato del registro (`libro.registro`) es un script
  `formato__accion` (p. ej. `poi__validar`), con `script` de `xlwings.server` (el `xw.script` de `import xlwings` no registra
  nada si xlwings se importó antes de activar el modo servidor);
- las funciones de Excel de `libro.servidor.udfs` (`=LIBRO.META_MENSUAL(…)`…);
- el panel: `/taskpane.html` con un botón `xw-click` por acción de cada formato, y
  `/taskpane/{formato}` con las de uno solo;
- `POST /xlwings/custom-scripts-call/{script}` propio: una acción desconocida responde 404 con un
  mensaje en español, y al cliente VBA (`RunRemotePython`) solo le llegan las acciones que ese cliente
  sabe ejecutar (las de formato visual que no sabe, como la negrita, se omiten).

Arranque: `libro servidor --host 127.0.0.1 --puerto 8000` (ver `libro/cli/servidor.py`) o
`uvicorn --factory libro.servidor.app:crear_app`. Importar este módulo no hace nada: todo ocurre en
`crear_app()`. Configuración por variables `XLWINGS_*` o `.env` (ver docs/servidor.md).
"""

import os
import re
import sys
import types
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from libro.botones import ejecutar
from libro.nucleo.declaracion import HOJA_BOTONES, Boton, accion_de_boton
from libro.registro import REGISTRO

SEPARADOR = "__"
PROYECTO, ESPACIO_FUNCIONES = "libro", "LIBRO"


def nombre_script(formato_id: str, accion: str) -> str:
    """`poi` + `validar` → `poi__validar` (identificador válido; el guion del formato va como «_»)."""
    return formato_id.replace("-", "_") + SEPARADOR + accion


def acciones() -> dict[str, list[str]]:
    """formato → sus botones, en el orden de la entrada del registro."""
    return {fid: list(e.acciones) for fid, e in REGISTRO.items() if e.acciones}


def etiqueta(formato_id: str, accion: str) -> str:
    """Texto del botón: el de `Formato.botones` que corresponde a la acción, o la acción legible."""
    registrado = REGISTRO.get(formato_id)
    for texto in registrado.formato.botones if registrado else ():
        if accion_de_boton(texto) == accion:
            return texto
    return accion.replace("_", " ").capitalize()


def _como_script(formato_id: str, accion: str, boton: Boton | None) -> Callable[..., Any]:
    """Script de xlwings Server; con `boton`, también corre al hacer clic en la forma de la hoja."""
    import xlwings as xw
    import xlwings.server

    def correr(book: xw.Book) -> None:
        ejecutar(book, formato_id, accion)

    correr.__name__ = correr.__qualname__ = nombre_script(formato_id, accion)
    texto = etiqueta(formato_id, accion)
    if boton is None:
        return xlwings.server.script(correr, name=texto)
    return xlwings.server.script(correr, name=texto, button=f"[{boton.forma}]{HOJA_BOTONES}!{boton.celda}")


def _modulo_scripts() -> types.ModuleType:
    modulo = types.ModuleType("custom_scripts", "Scripts de libro: uno por botón de cada formato.")
    for formato_id, nombres in acciones().items():
        botones = {b.accion: b for b in REGISTRO[formato_id].formato.botones_en_hoja}
        for accion in nombres:
            script = _como_script(formato_id, accion, botones.get(accion))
            setattr(modulo, nombre_script(formato_id, accion), script)
    return modulo


def _modulo_funciones() -> types.ModuleType:
    from libro.servidor import udfs

    modulo = types.ModuleType("custom_functions", "Funciones de Excel de libro (libro.servidor.udfs).")
    for funcion in udfs.FUNCIONES:
        setattr(modulo, funcion.__name__, udfs.registrar_en_xlwings(funcion))
    return modulo


# --- Cliente VBA (RunRemotePython) ---


@cache
def acciones_cliente_vba() -> frozenset[str]:
    """Las acciones que el cliente VBA de xlwings sabe ejecutar: sus `Sub x(wb, action)` en Remote.bas."""
    import xlwings as xw

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


def formatos_del_panel(formato_id: str | None = None) -> list[dict[str, Any]]:
    todas = acciones()
    elegidos = [formato_id] if formato_id else list(todas)
    return [{
        "id": fid,
        "titulo": REGISTRO[fid].formato.titulo,
        "etiqueta": REGISTRO[fid].formato.etiqueta,
        "botones": [{"script": nombre_script(fid, a), "texto": etiqueta(fid, a)} for a in todas[fid]],
    } for fid in elegidos]


def crear_app() -> Any:
    """Arma la aplicación ASGI completa (FastAPI + CORS + socket.io) de xlwings Server con lo de libro.

    xlwings-server lee su configuración y sus módulos `custom_scripts` y `custom_functions` al
    importarse: por eso se fijan aquí, justo antes, y no al importar este módulo.
    """
    os.environ.setdefault("XLWINGS_PROJECT_NAME", PROYECTO)
    os.environ.setdefault("XLWINGS_FUNCTIONS_NAMESPACE", ESPACIO_FUNCIONES)
    scripts = _modulo_scripts()
    sys.modules["custom_scripts"] = scripts
    sys.modules["custom_functions"] = _modulo_funciones()

    import xlwings as xw
    import xlwings.server
    from fastapi import Request
    from fastapi.responses import JSONResponse
    from jinja2 import ChoiceLoader, DictLoader
    from xlwings_server import dependencies as dep
    from xlwings_server.config import settings
    from xlwings_server.main import app as fastapi_app
    from xlwings_server.main import main_app
    from xlwings_server.templates import templates

    # Si algo importó xlwings_server antes, su configuración ya se leyó: se completa aquí.
    settings.project_name = os.environ["XLWINGS_PROJECT_NAME"]
    settings.functions_namespace = os.environ["XLWINGS_FUNCTIONS_NAMESPACE"]

    def delante() -> None:
        """Pone la última ruta agregada antes que las del paquete (la primera que coincide responde)."""
        rutas = fastapi_app.router.routes
        rutas.insert(0, rutas.pop())

    async def custom_scripts_call(
        script_name: str, args: dep.ScriptArgs, book: dep.Book, current_user: dep.User
    ) -> Any:
        """Ejecuta la acción sobre el libro que manda Excel y devuelve las acciones para Excel."""
        if not getattr(getattr(scripts, script_name, None), "__xlscript__", None):
            disponibles = ", ".join(nombre_script(f, a) for f, nombres in acciones().items() for a in nombres)
            return JSONResponse(status_code=404, content={
                "detail": f"La acción «{script_name}» no existe en este servidor de libro. "
                          f"Acciones disponibles: {disponibles}. Actualice el libro o el complemento.",
            })
        book = await xlwings.server.custom_scripts_call(
            scripts, script_name, current_user, typehint_to_value={xw.Book: book}, args=args)
        return para_cliente(book.json(), book.api["client"])

    async def panel(request: Request) -> Any:
        """Panel con los botones de todos los formatos."""
        return templates.TemplateResponse(request=request, name="libro_panel.html",
                                          context={"libro_formatos": formatos_del_panel()})

    async def panel_formato(request: Request, formato_id: str) -> Any:
        """Panel con los botones de un formato."""
        if formato_id not in acciones():
            return JSONResponse(status_code=404, content={
                "detail": f"El formato «{formato_id}» no tiene botones. "
                          f"Formatos: {', '.join(acciones())}."})
        return templates.TemplateResponse(request=request, name="libro_panel.html",
                                          context={"libro_formatos": formatos_del_panel(formato_id)})

    fastapi_app.post("/xlwings/custom-scripts-call/{script_name}")(custom_scripts_call)
    delante()
    templates.env.loader = ChoiceLoader([DictLoader({"libro_panel.html": PANEL}), templates.env.loader])
    for ruta in ("/taskpane", "/taskpane.html"):
        fastapi_app.get(ruta)(panel)
        delante()
    fastapi_app.get("/taskpane/{formato_id}")(panel_formato)
    delante()
    return main_app
