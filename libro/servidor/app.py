"""xlwings Server de libro: los botones del libro en Excel de escritorio (Windows, Mac) y en la web.

Usa el paquete `xlwings-server` (FastAPI, autoalojado; licencia PolyForm Noncommercial): su complemento
de Office.js (manifiesto, panel, cliente JavaScript, funciones personalizadas), sus rutas y sus
proveedores de autenticación. libro le entrega:

- los scripts: cada acción de cada formato del registro (`libro.registro`) es un script
  `formato__accion` (p. ej. `poi__validar`), con `script` de `xlwings.server` (el `xw.script` de
  `import xlwings` no registra nada si xlwings se importó antes de activar el modo servidor);
- las funciones de Excel de `libro.servidor.udfs` (`=LIBRO.META_MENSUAL(…)`…);
- el panel: `/taskpane.html` con un botón `xw-click` por acción de cada formato, y
  `/taskpane/{formato}` con las de uno solo;
- `POST /xlwings/custom-scripts-call/{script}` y `/xlwings/custom-functions-call` propios: identidad
  (`autenticacion`), permisos (`permisos`), el pedido revisado antes de usarlo (`pedidos`) y la acción
  fuera del bucle de eventos, una a la vez por proceso; al cliente VBA (`RunRemotePython`) solo le
  llegan las acciones que sabe ejecutar;
- por fuera: el tope de tamaño (`limites`) y CORS solo para Excel en la web.

Arranque: `libro servidor` (ver `libro/cli/servidor.py`) o `uvicorn --factory libro.servidor.app:crear_app`.
Importar este módulo no hace nada: todo ocurre en `crear_app()`, que arma una aplicación nueva cada vez.
Configuración por variables `LIBRO_*` y `XLWINGS_*` o `.env` (ver docs/servidor.md).
"""

import asyncio
import logging
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from libro.botones import ejecutar
from libro.nucleo.declaracion import HOJA_BOTONES, Boton, accion_de_boton
from libro.registro import REGISTRO
from libro.servidor.autenticacion import SinTraza, autenticar, leer_claves
from libro.servidor.configuracion import PROVEEDORES, Ajustes, ArchivoVigilado, ConfiguracionInvalida
from libro.servidor.limites import LimiteDeCuerpo
from libro.servidor.pedidos import PedidoFuncion, PedidoLibro, Rechazo, leer_pedido, registrar_manejadores
from libro.servidor.permisos import FUNCIONES, Permisos, identidades, leer_permisos

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
    {% if libro_clave %}
      <form id="libro-clave" class="mb-3" autocomplete="off">
        <label class="form-label small" for="libro-clave-valor">
          Clave de acceso (la entrega Informática)</label>
        <div class="input-group input-group-sm">
          <input id="libro-clave-valor" class="form-control" type="password" placeholder="libro_…">
          <button class="btn btn-outline-secondary" type="submit">Guardar</button>
        </div>
        <div id="libro-clave-estado" class="form-text"></div>
      </form>
    {% endif %}
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



# --- Arranque ---

ORIGENES_OFFICE = r"https://([a-z0-9-]+\.)*(officeapps\.live\.com|office\.com|cloud\.microsoft)"
"""Excel en la web (el motivo de CORS que da xlwings-server); el panel y los botones son del mismo origen."""

NO_ARRANCA = (
    "el servidor no arranca sin autenticación: cualquiera que llegue al puerto podría correr los botones. "
    "Configure cuentas de Microsoft 365 (--entra-id) o claves de acceso (--claves-acceso ARCHIVO), o "
    "XLWINGS_AUTH_PROVIDERS; solo para una prueba local use --sin-autenticacion (LIBRO_SIN_AUTENTICACION=1)."
)

registro = logging.getLogger("libro.servidor")


def revisar(ajustes: Ajustes) -> list[str]:
    """Lo que impide arrancar, en español; vacío si todo está en orden."""
    from xlwings_server.config import settings

    proveedores, problemas = ajustes.proveedores, []
    if not proveedores and not ajustes.sin_autenticacion:
        problemas.append(NO_ARRANCA)
    if proveedores and ajustes.sin_autenticacion:
        problemas.append("--sin-autenticacion no va junto con un proveedor de autenticación: elija uno u "
                         "otro.")
    for desconocido in sorted(set(proveedores) - set(PROVEEDORES)):
        problemas.append(f"«{desconocido}» no es un proveedor que libro conozca: use entraid (Microsoft 365) "
                         "o custom (claves de acceso).")
    if "custom" in proveedores and ajustes.claves_acceso is None:
        problemas.append("las claves de acceso necesitan su archivo: --claves-acceso ARCHIVO (o "
                         "LIBRO_CLAVES_ACCESO); créelo con `libro acceso nueva USUARIO --archivo ARCHIVO`.")
    if "entraid" in proveedores and not (settings.auth_entraid_client_id and settings.auth_entraid_tenant_id):
        problemas.append("Microsoft Entra ID necesita XLWINGS_AUTH_ENTRAID_CLIENT_ID y XLWINGS_AUTH_ENTRAID_"
                         "TENANT_ID (los da el registro de la aplicación; ver docs/servidor.md).")
    for leer in _archivos(ajustes).values():
        try:
            leer.actual()
        except ConfiguracionInvalida as error:
            problemas.append(str(error))
    return problemas


def _archivos(ajustes: Ajustes) -> dict[str, ArchivoVigilado[Any]]:
    archivos: dict[str, ArchivoVigilado[Any]] = {}
    if "custom" in ajustes.proveedores and ajustes.claves_acceso:
        archivos["claves"] = ArchivoVigilado(ajustes.claves_acceso, leer_claves)
    if ajustes.permisos:
        archivos["permisos"] = ArchivoVigilado(ajustes.permisos, lambda ruta: leer_permisos(ruta, acciones()))
    return archivos


@dataclass
class Estado:
    """Lo que cada aplicación sabe de su configuración (en `app.state.libro`)."""

    ajustes: Ajustes
    claves: ArchivoVigilado[Any] | None
    permisos: ArchivoVigilado[Permisos] | None
    turno: Any
    """Una acción a la vez por proceso (son de CPU): con `--procesos N`, N a la vez."""


def exigir_permiso(estado: Estado, usuario: Any, objetivo: str, que: str) -> None:
    """403 si el archivo de permisos existe y no le da `objetivo` a este usuario."""
    if estado.permisos is None:
        return
    try:
        permisos = estado.permisos.actual()
    except ConfiguracionInvalida as error:
        registro.error("Archivo de permisos: %s", error)
        raise Rechazo(503, "El servidor de libro no puede leer su archivo de permisos: avise a "
                           "Informática.") from None
    if not permisos.permite(identidades(usuario), objetivo):
        raise Rechazo(403, f"Su usuario «{usuario.name or usuario.id}» no tiene permiso para {que}. Si debe "
                           "tenerlo, pida a Informática que lo agregue en el archivo de permisos del "
                           "servidor.")


def correr_script(scripts: types.ModuleType, nombre: str, usuario: Any, cuerpo: bytes) -> Any:
    """En un hilo aparte: revisa el pedido, arma el libro, corre el script y prepara la respuesta JSON."""
    import xlwings as xw
    import xlwings.server
    from fastapi.responses import JSONResponse

    datos = leer_pedido(cuerpo, PedidoLibro, "el libro")
    argumentos = datos.pop("args", [])
    try:
        book = xw.Book(json=datos)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise Rechazo(422, f"El libro que llegó no se pudo interpretar ({error!r}). Recargue el panel "
                           "de libro y vuelva a intentarlo.") from None
    try:
        asyncio.run(xlwings.server.custom_scripts_call(
            scripts, nombre, usuario, typehint_to_value={xw.Book: book}, args=argumentos))
        return JSONResponse(para_cliente(book.json(), datos["client"]))
    finally:
        book.close()


def _plantilla_del_panel(templates: Any) -> None:
    from jinja2 import ChoiceLoader, DictLoader

    if not isinstance(getattr(templates.env.loader, "loaders", [None])[0], DictLoader):
        templates.env.loader = ChoiceLoader([DictLoader({"libro_panel.html": PANEL}), templates.env.loader])


def _ajustar_xlwings(ajustes: Ajustes) -> None:
    """Lo que libro fija en la configuración de xlwings-server (que se leyó al importarlo)."""
    from xlwings_server.config import settings

    settings.project_name = PROYECTO
    settings.functions_namespace = ESPACIO_FUNCIONES
    settings.enable_socketio = False   # libro no tiene funciones en streaming; así sirve igual con N procesos
    settings.auth_providers = list(ajustes.proveedores)
    entraid = logging.getLogger("xlwings_server.auth.entraid")
    if not any(isinstance(f, SinTraza) for f in entraid.filters):
        entraid.addFilter(SinTraza())


def crear_app(ajustes: Ajustes | None = None) -> Any:
    """Arma la aplicación ASGI de libro sobre xlwings-server; `ConfiguracionInvalida` si no debe arrancar.

    xlwings-server toma sus módulos `custom_scripts` y `custom_functions` al importarse: por eso se fijan
    aquí, justo antes, y no al importar este módulo.
    """
    ajustes = ajustes or Ajustes()
    problemas = revisar(ajustes)
    if problemas:
        raise ConfiguracionInvalida("El servidor de libro no arranca: " + " ".join(problemas))
    scripts = _modulo_scripts()
    sys.modules["custom_scripts"] = scripts
    sys.modules["custom_functions"] = _modulo_funciones()

    import anyio
    from fastapi import FastAPI, Request
    from fastapi.responses import FileResponse
    from starlette.middleware.cors import CORSMiddleware
    from xlwings_server import dependencies as dep
    from xlwings_server import main as xlwings_main
    from xlwings_server.config import PACKAGE_DIR, PROJECT_DIR, settings
    from xlwings_server.routers import xlwings as rutas_xlwings
    from xlwings_server.routers.manifest import router as manifiesto
    from xlwings_server.routers.root import router as raiz
    from xlwings_server.templates import templates

    _ajustar_xlwings(ajustes)
    _plantilla_del_panel(templates)
    archivos = _archivos(ajustes)
    estado = Estado(ajustes, archivos.get("claves"), archivos.get("permisos"), anyio.CapacityLimiter(1))
    por_nombre = {nombre_script(f, a): (f, a) for f, nombres in acciones().items() for a in nombres}
    prefijo = settings.app_path

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.libro = estado
    app.dependency_overrides[dep.authenticate] = autenticar
    registrar_manejadores(app)
    app.middleware("http")(xlwings_main.add_security_headers)

    @app.post(prefijo + "/xlwings/custom-scripts-call/{script_name}")
    async def llamar_script(script_name: str, request: Request, usuario: dep.User) -> Any:
        """Ejecuta la acción sobre el libro que manda Excel y devuelve las acciones para Excel."""
        if script_name not in por_nombre:
            raise Rechazo(404, f"La acción «{script_name}» no existe en este servidor de libro. Acciones "
                               f"disponibles: {', '.join(por_nombre)}. Actualice el libro o el complemento.")
        formato_id, accion = por_nombre[script_name]
        exigir_permiso(estado, usuario, f"{formato_id}.{accion}",
                       f"«{etiqueta(formato_id, accion)}» ({formato_id}.{accion})")
        cuerpo = await request.body()
        return await anyio.to_thread.run_sync(correr_script, scripts, script_name, usuario, cuerpo,
                                              limiter=estado.turno)

    @app.post(prefijo + "/xlwings/custom-functions-call")
    async def llamar_funcion(request: Request, usuario: dep.User, redis: dep.RedisClient) -> Any:
        """Calcula una función =LIBRO.… con el código de xlwings-server, tras revisar el pedido."""
        exigir_permiso(estado, usuario, FUNCIONES, "las funciones =LIBRO.… (funciones)")
        datos = leer_pedido(await request.body(), PedidoFuncion, "la llamada a la función")
        if not hasattr(getattr(rutas_xlwings.custom_functions, datos["func_name"], None), "__xlfunc__"):
            raise Rechazo(404, f"La función «{datos['func_name']}» no existe en este servidor de libro. "
                               "Recargue el complemento.")
        return await rutas_xlwings.custom_functions_call(usuario, redis, datos)

    async def panel(request: Request) -> Any:
        """Panel con los botones de todos los formatos."""
        return _panel(request, formatos_del_panel())

    async def panel_formato(request: Request, formato_id: str) -> Any:
        """Panel con los botones de un formato."""
        if formato_id not in acciones():
            raise Rechazo(404, f"El formato «{formato_id}» no tiene botones. "
                               f"Formatos: {', '.join(acciones())}.")
        return _panel(request, formatos_del_panel(formato_id))

    def _panel(request: Request, formatos: list[dict[str, Any]]) -> Any:
        return templates.TemplateResponse(request=request, name="libro_panel.html", context={
            "libro_formatos": formatos, "libro_clave": "custom" in ajustes.proveedores})

    for ruta in ("/taskpane", "/taskpane.html"):
        app.get(prefijo + ruta)(panel)
    app.get(prefijo + "/taskpane/{formato_id}")(panel_formato)

    @app.get(settings.static_url_path + "/js/auth.js")
    async def gancho_de_identidad() -> Any:
        """El gancho `getAuth` de xlwings-server, el de libro: token de Entra ID o la clave guardada."""
        return FileResponse(Path(__file__).with_name("auth.js"), media_type="text/javascript")

    for router in (raiz, rutas_xlwings.router, manifiesto):
        app.include_router(router)
    app.mount(settings.static_url_path, xlwings_main.OverridableStaticFiles(
        package_directory=PACKAGE_DIR / "static", user_directory=PROJECT_DIR / "static"), name="static")

    origenes = ({"allow_origins": settings.cors_allow_origins} if settings.cors_allow_origins
                else {"allow_origin_regex": ORIGENES_OFFICE})
    return CORSMiddleware(LimiteDeCuerpo(app, ajustes.max_bytes), **origenes, allow_methods=["POST"],
                          allow_headers=["*"])
