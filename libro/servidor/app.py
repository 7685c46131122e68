"""xlwings Server de libro: los botones del libro en Excel de escritorio (Windows, Mac) y en la web.

Usa el paquete `xlwings-server` (FastAPI, autoalojado; licencia PolyForm Noncommercial): su complemento
de Office.js (manifiesto, cliente JavaScript, funciones personalizadas), sus rutas y sus proveedores de
autenticación. `crear_app()` arma, sobre eso, la aplicación de libro:

- los scripts (`scripts`: uno por botón) y las funciones de Excel (`udfs`: `=LIBRO.…`);
- el panel (`panel`): `/taskpane.html` con todos los formatos y `/taskpane/{formato}` con uno;
- `POST /xlwings/custom-scripts-call/{script}` y `/xlwings/custom-functions-call` propios: identidad
  (`autenticacion`), permisos (`permisos`), el pedido revisado antes de usarlo (`pedidos`) y la acción
  fuera del bucle de eventos (`ejecucion`: un hilo, o N procesos de cálculo con una sola cola);
- por fuera: el tope de tamaño (`limites`) y CORS solo para Excel en la web.

Arranque: `libro servidor` (ver `libro/cli/servidor.py`) o `uvicorn --factory libro.servidor.app:crear_app`.
Importar este módulo no hace nada: todo ocurre en `crear_app()`, que arma una aplicación nueva cada vez
y se niega a arrancar (`ConfiguracionInvalida`) sin autenticación ni con archivos mal escritos.
Configuración por variables `LIBRO_*` y `XLWINGS_*` o `.env` (ver docs/servidor.md).
"""

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libro.servidor.autenticacion import SinTraza, autenticar, leer_claves
from libro.servidor.configuracion import PROVEEDORES, Ajustes, ArchivoVigilado, ConfiguracionInvalida
from libro.servidor.ejecucion import Ejecutor
from libro.servidor.limites import LimiteDeCuerpo
from libro.servidor.panel import PANEL, formatos_del_panel
from libro.servidor.pedidos import PedidoFuncion, Rechazo, leer_pedido, registrar_manejadores
from libro.servidor.permisos import FUNCIONES, Permisos, identidades, leer_permisos
from libro.servidor.scripts import (
    acciones,
    correr_script,
    etiqueta,
    modulo_funciones,
    modulo_scripts,
    nombre_script,
    preparar,
)

PROYECTO, ESPACIO_FUNCIONES = "libro", "LIBRO"

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
    ejecutor: Ejecutor


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


def _plantilla_del_panel(templates: Any) -> None:
    from jinja2 import ChoiceLoader, DictLoader

    if not isinstance(getattr(templates.env.loader, "loaders", [None])[0], DictLoader):
        templates.env.loader = ChoiceLoader([DictLoader({"libro_panel.html": PANEL}), templates.env.loader])


def _ajustar_xlwings(ajustes: Ajustes) -> None:
    """Lo que libro fija en la configuración de xlwings-server (que se leyó al importarlo)."""
    from xlwings_server.config import settings

    for campo, valor in (("project_name", PROYECTO), ("functions_namespace", ESPACIO_FUNCIONES)):
        if campo not in settings.model_fields_set:      # si Informática no lo fijó (XLWINGS_…)
            setattr(settings, campo, valor)
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
    sys.modules["custom_scripts"] = modulo_scripts()
    sys.modules["custom_functions"] = modulo_funciones()

    from contextlib import asynccontextmanager

    from fastapi import FastAPI, Request
    from fastapi.responses import FileResponse, Response
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
    estado = Estado(ajustes, archivos.get("claves"), archivos.get("permisos"), Ejecutor(ajustes.procesos))
    por_nombre = {nombre_script(f, a): (f, a) for f, nombres in acciones().items() for a in nombres}
    prefijo = settings.app_path

    @asynccontextmanager
    async def vida(_: FastAPI) -> Any:
        estado.ejecutor.calentar(preparar)
        yield
        estado.ejecutor.cerrar()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=vida)
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
        return Response(await estado.ejecutor.correr(correr_script, script_name, usuario, cuerpo),
                        media_type="application/json")

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
