"""Quién llama: una cuenta de Microsoft 365 (Entra ID) o una clave de acceso que emite Informática.

Son dos proveedores de autenticación de xlwings-server (`XLWINGS_AUTH_PROVIDERS`):

- `entraid`: el token de la sesión de Office, validado por el propio xlwings-server
  (`xlwings_server.auth.entraid`) con el tenant y la aplicación que Informática registró;
- `custom`: una clave por oficina o por usuario. El archivo de claves (TOML, lo administra
  `libro acceso`) guarda de cada una su usuario, nombre, roles y la huella SHA-256: la clave misma no
  se guarda en ningún lado. Revocar es quitar su tabla; el servidor relee el archivo cuando cambia.

El panel manda la identidad con el gancho `getAuth` de xlwings-server (`auth.js`, junto a este módulo).
"""

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Header, HTTPException, Request

from libro.nucleo.atomico import escribir_bytes
from libro.servidor.configuracion import ArchivoVigilado, ConfiguracionInvalida, leer_toml
from libro.servidor.pedidos import Rechazo

PREFIJO = "libro_"
"""Toda clave de libro empieza así: con dos proveedores, distingue una clave de un token de Entra ID."""

USUARIO = re.compile(r"[\w.@-]+")
HUELLA = re.compile(r"sha256:[0-9a-f]{64}")

ENCABEZADO = """\
# Claves de acceso al servidor de libro: una tabla por usuario u oficina.
# Las crea y revoca `libro acceso`; de cada clave solo se guarda su huella SHA-256.
# El servidor relee este archivo cuando cambia: revocar una clave no requiere reiniciarlo.
"""

SIN_CLAVE = ("Este servidor de libro pide una clave de acceso y el pedido llegó sin ella. Escriba su "
             "clave en el panel de libro («Clave de acceso») o pídala a Informática.")
CLAVE_INVALIDA = ("La clave de acceso no es válida o fue revocada. Pida una nueva a Informática y "
                  "escríbala en el panel de libro («Clave de acceso»).")
SIN_SESION = ("Este servidor de libro pide iniciar sesión con su cuenta de Microsoft 365 de la "
              "municipalidad y el pedido llegó sin ella. Inicie sesión en Office y vuelva a intentarlo.")

registro = logging.getLogger("libro.servidor")


@dataclass(frozen=True)
class Titular:
    """A quién pertenece una clave: el usuario (u oficina), su nombre y sus roles."""

    usuario: str
    nombre: str
    roles: tuple[str, ...]


def huella(clave: str) -> str:
    """Huella SHA-256 de una clave (las claves son al azar y largas: no hace falta un hash lento)."""
    return "sha256:" + hashlib.sha256(clave.encode("utf-8")).hexdigest()


def leer_claves(ruta: Path) -> dict[str, Titular]:
    """huella → titular; `ConfiguracionInvalida` (en español, con el usuario) si algo está mal escrito."""
    datos = leer_toml(ruta, "claves")
    claves = datos.get("claves", {})
    if not isinstance(claves, dict):
        raise ConfiguracionInvalida(f"«{ruta}»: «claves» debe ser una tabla ([claves.USUARIO]).")
    titulares = {}
    for usuario, d in claves.items():
        rehacer = f"Vuelva a crearla con `libro acceso nueva {usuario} --reemplazar`."
        if not isinstance(d, dict) or not HUELLA.fullmatch(str(d.get("huella", ""))):
            raise ConfiguracionInvalida(f"«{ruta}»: la clave de «{usuario}» no tiene una huella válida "
                                        f"(sha256:…). {rehacer}")
        roles = d.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise ConfiguracionInvalida(f"«{ruta}»: los roles de «{usuario}» deben ser una lista de textos, "
                                        'p. ej. roles = ["unidad"].')
        titulares[d["huella"]] = Titular(usuario, str(d.get("nombre") or usuario), tuple(roles))
    return titulares


# --- Administración del archivo (`libro acceso`) ---


def _documento(ruta: Path) -> Any:
    import tomlkit

    if not ruta.exists():
        documento = tomlkit.parse(ENCABEZADO)
    else:
        leer_claves(ruta)
        documento = tomlkit.parse(ruta.read_text(encoding="utf-8"))
    if "claves" not in documento:
        documento["claves"] = tomlkit.table()
    return documento


def _guardar(ruta: Path, documento: Any) -> None:
    import tomlkit

    escribir_bytes(ruta, tomlkit.dumps(documento).encode("utf-8"))


def nueva_clave(ruta: Path, usuario: str, nombre: str = "", roles: Iterable[str] = (),
                reemplazar: bool = False, hoy: date | None = None) -> str:
    """Crea la clave de `usuario`, guarda su huella y la devuelve (es la única vez que se ve)."""
    import tomlkit

    if not USUARIO.fullmatch(usuario):
        raise ConfiguracionInvalida(f"«{usuario}» no sirve como usuario: use letras, números, «.», «-», "
                                    "«_» o «@».")
    documento = _documento(ruta)
    if usuario in documento["claves"] and not reemplazar:
        raise ConfiguracionInvalida(f"«{usuario}» ya tiene una clave. Para darle otra (la anterior deja de "
                                    "valer) agregue --reemplazar.")
    clave = PREFIJO + secrets.token_urlsafe(32)
    tabla = tomlkit.table()
    tabla["nombre"] = nombre or usuario
    tabla["roles"] = list(roles)
    tabla["huella"] = huella(clave)
    tabla["creada"] = hoy or date.today()
    documento["claves"][usuario] = tabla
    _guardar(ruta, documento)
    return clave


def revocar_clave(ruta: Path, usuario: str) -> bool:
    """Quita la clave de `usuario`; False si no tenía."""
    documento = _documento(ruta)
    if usuario not in documento["claves"]:
        return False
    del documento["claves"][usuario]
    _guardar(ruta, documento)
    return True


# --- Validación de cada pedido (dependencia de FastAPI en lugar de la de xlwings-server) ---


def _sin_bearer(token: str) -> str:
    partes = token.strip().split(maxsplit=1)
    return partes[1] if len(partes) == 2 and partes[0].lower() == "bearer" else token.strip()


def elegir_proveedor(proveedores: list[str], cabecera: str | None, token: str) -> str:
    """El de la cabecera `Auth-Provider`; si falta: el único, o por la forma del token."""
    if cabecera in proveedores:
        return cabecera
    if len(proveedores) == 1:
        return proveedores[0]
    return "custom" if _sin_bearer(token).startswith(PREFIJO) else "entraid"


def _por_clave(claves: ArchivoVigilado[dict[str, Titular]], token: str) -> Any:
    from xlwings_server.models import User

    clave = _sin_bearer(token)
    if not clave:
        raise Rechazo(401, SIN_CLAVE, {"WWW-Authenticate": "Bearer"})
    try:
        titular = claves.actual().get(huella(clave))
    except ConfiguracionInvalida as error:
        registro.error("Archivo de claves: %s", error)
        raise Rechazo(503, "El servidor de libro no puede leer su archivo de claves de acceso: avise a "
                           "Informática.") from None
    if titular is None:
        raise Rechazo(401, CLAVE_INVALIDA, {"WWW-Authenticate": "Bearer"})
    return User(id=titular.usuario, name=titular.nombre, roles=list(titular.roles))


async def _por_entra_id(token: str) -> Any:
    from xlwings_server.auth.entraid import validate_token

    if not token.strip():
        raise Rechazo(401, SIN_SESION, {"WWW-Authenticate": "Bearer"})
    try:
        return await validate_token(token)
    except HTTPException as error:
        raise Rechazo(401, "No se pudo validar su sesión de Microsoft 365 (detalle técnico: "
                           f"{error.detail}). Cierre sesión en Office, vuelva a entrar y repita; si sigue, "
                           "avise a Informática.", {"WWW-Authenticate": "Bearer"}) from None


async def autenticar(
    request: Request,
    token: str = Header(default="", alias="Authorization"),
    proveedor: str | None = Header(default=None, alias="Auth-Provider"),
) -> Any:
    """El usuario del pedido (modelo `User` de xlwings-server), o 401 con el motivo en español."""
    from xlwings_server.models import User

    estado = request.app.state.libro
    if not estado.ajustes.proveedores:
        return User(id="anonimo", name="Anónimo (servidor sin autenticación)")
    if elegir_proveedor(estado.ajustes.proveedores, proveedor, token) == "entraid":
        return await _por_entra_id(token)
    return _por_clave(estado.claves, token)


class SinTraza(logging.Filter):
    """Un token inválido es error del cliente: una línea en el registro, sin la traza que xlwings agrega."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True
