"""Lo que llega por HTTP: el libro que manda Excel, revisado antes de usarlo, y las respuestas de error.

Un pedido mal formado recibe 400 (no es JSON) o 422 (JSON sin la forma del libro) con un `detail` en
español que nombra lo que está mal; un error del cliente deja una sola línea en el registro, sin traza.
Solo un error del propio servidor responde 500 (y deja su traza, para arreglarlo).
"""

import json
import logging
from typing import Any

import xlwings
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

registro = logging.getLogger("libro.servidor")

ACTUALICE = "Actualice el complemento de libro (o recargue el panel) y vuelva a intentarlo."


class Rechazo(HTTPException):
    """Un pedido que el servidor no atiende, con el motivo en español para el funcionario."""

    def __init__(self, estado: int, detalle: str, cabeceras: dict[str, str] | None = None) -> None:
        super().__init__(status_code=estado, detail=detalle, headers=cabeceras)

    def __reduce__(self) -> tuple[Any, ...]:     # viaja desde un proceso de cálculo
        return (Rechazo, (self.status_code, self.detail, self.headers))


# --- La forma del pedido (la que arma el cliente de xlwings: Office.js o VBA) ---


class _Abierto(BaseModel):
    model_config = ConfigDict(extra="allow")


class Hoja(_Abierto):
    name: str
    values: list[list[Any]] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _rectangular(cls, filas: list[list[Any]]) -> list[list[Any]]:
        if len({len(f) for f in filas}) > 1:
            raise ValueError("todas las filas deben tener el mismo número de columnas")
        return filas


class DatosLibro(_Abierto):
    name: str
    active_sheet_index: int = Field(ge=0)


class _DeCliente(_Abierto):
    client: str
    version: str

    @model_validator(mode="after")
    def _misma_version(self) -> "_DeCliente":
        if self.client != "Office.js" and self.version != xlwings.__version__:
            raise ValueError(f"el complemento usa xlwings {self.version} y el servidor xlwings "
                             f"{xlwings.__version__}: deben ser iguales")
        return self


class PedidoLibro(_DeCliente):
    """El libro de Excel en JSON: cliente, versión, nombre y hojas con sus valores."""

    book: DatosLibro
    sheets: list[Hoja] = Field(min_length=1)
    names: list[Any] = []
    args: list[Any] = []

    @model_validator(mode="after")
    def _hoja_activa(self) -> "PedidoLibro":
        if self.book.active_sheet_index >= len(self.sheets):
            raise ValueError(f"«book.active_sheet_index» vale {self.book.active_sheet_index} y el libro "
                             f"trae {len(self.sheets)} hoja(s)")
        return self


class PedidoFuncion(_DeCliente):
    """Una llamada a una función de Excel (`=LIBRO.…`): nombre, argumentos y entorno de Excel."""

    func_name: str
    args: list[Any]
    runtime: str


_TIPOS = {
    "model_type": "debe ser un objeto JSON ({…})",
    "model_attributes_type": "debe ser un objeto JSON ({…})",
    "dict_type": "debe ser un objeto JSON ({…})",
    "list_type": "debe ser una lista ([…])",
    "string_type": "debe ser texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "greater_than_equal": "no puede ser negativo",
    "too_short": "no puede estar vacía",
}


def _donde(loc: tuple[Any, ...]) -> str:
    texto = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return f"«{texto}»" if texto else "el pedido"


_LLEGO = {list: "una lista", str: "un texto", int: "un número", float: "un número", bool: "verdadero/falso",
          type(None): "null"}


def _frase(e: dict[str, Any]) -> str:
    donde = _donde(tuple(e["loc"]))
    if e["type"] == "missing":
        return f"falta {donde}"
    if e["type"] == "value_error":
        motivo = str(e["ctx"]["error"])
        return motivo if not e["loc"] else f"{donde}: {motivo}"
    llego = _LLEGO.get(type(e.get("input"))) if e["type"].endswith(("_type", "_parsing")) else None
    return f"{donde} {_TIPOS.get(e['type'], 'no es válido')}" + (f" y llegó {llego}" if llego else "")


def explicar(error: ValidationError) -> str:
    """Los errores de pydantic en español: dónde y qué (p. ej. «sheets[0].values» debe ser una lista)."""
    partes = [_frase(e) for e in error.errors(include_url=False)]
    unicos = list(dict.fromkeys(partes))
    mas = f" (y {len(unicos) - 5} problema(s) más)" if len(unicos) > 5 else ""
    return "; ".join(unicos[:5]) + mas


def leer_pedido(cuerpo: bytes, modelo: type[BaseModel], que: str) -> dict[str, Any]:
    """El cuerpo como diccionario, si es JSON con la forma de `modelo`; si no, un `Rechazo` 400/422."""
    if not cuerpo.strip():
        raise Rechazo(400, f"El pedido llegó vacío: falta {que}. {ACTUALICE}")
    try:
        datos = json.loads(cuerpo)
    except json.JSONDecodeError as error:
        raise Rechazo(400, f"El pedido no es JSON válido (línea {error.lineno}, columna {error.colno}): se "
                           f"esperaba {que}. {ACTUALICE}") from None
    except UnicodeDecodeError:
        raise Rechazo(400, f"El pedido no es texto UTF-8: se esperaba {que} en JSON. {ACTUALICE}") from None
    try:
        modelo.model_validate(datos)
    except ValidationError as error:
        raise Rechazo(422, f"El pedido no trae {que} como lo manda Excel: {explicar(error)}. "
                           f"{ACTUALICE}") from None
    return datos


# --- Respuestas de error: en español, una línea en el registro ---

_GENERICOS = {
    400: "El servidor de libro no pudo atender el pedido",
    401: "El servidor de libro no reconoce su identidad",
    403: "No tiene permiso para esta acción",
    404: "No existe esa dirección en el servidor de libro",
    405: "Esa dirección no acepta este tipo de pedido",
}


def _una_linea(request: Request, estado: int, motivo: str) -> None:
    registro.warning("%s %s %s → %d: %s", request.client.host if request.client else "-",
                     request.method, request.url.path, estado, motivo.replace("\n", " "))


async def _rechazo(request: Request, error: HTTPException) -> JSONResponse:
    detalle = str(error.detail)
    if not isinstance(error, Rechazo):    # los de xlwings-server o Starlette, en inglés
        generico = _GENERICOS.get(error.status_code, "El pedido no se pudo atender")
        detalle = f"{generico} (detalle técnico: {detalle})."
    _una_linea(request, error.status_code, detalle)
    return JSONResponse({"detail": detalle}, status_code=error.status_code, headers=error.headers)


async def _no_valido(request: Request, error: RequestValidationError) -> JSONResponse:
    partes = [_frase({**e, "loc": tuple(e["loc"][1:])}) for e in error.errors()]
    detalle = "El pedido no es válido: " + "; ".join(dict.fromkeys(partes)) + "."
    _una_linea(request, 422, detalle)
    return JSONResponse({"detail": detalle}, status_code=422)


async def _error_de_formula(request: Request, error: xlwings.XlwingsError) -> PlainTextResponse:
    """Error de un argumento (p. ej. `ErrorDeFormula`): 400 con el texto, que Excel muestra sin reintentar."""
    _una_linea(request, 400, str(error))
    return PlainTextResponse(str(error), status_code=400)


async def _error_interno(request: Request, error: Exception) -> JSONResponse:
    registro.exception("Error del servidor en %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "Error interno del servidor de libro: avise a Informática "
                                   "(el registro del servidor tiene el detalle)."}, status_code=500)


def registrar_manejadores(app: FastAPI) -> None:
    """Toda respuesta de error en español; 500 solo para fallas del servidor."""
    from starlette.exceptions import HTTPException as StarletteHTTPException
    from xlwings_server.main import xlwings_operational_exception_handler
    from xlwings_server.object_handles import XlwingsOperationalError

    app.add_exception_handler(StarletteHTTPException, _rechazo)
    app.add_exception_handler(RequestValidationError, _no_valido)
    app.add_exception_handler(XlwingsOperationalError, xlwings_operational_exception_handler)
    app.add_exception_handler(xlwings.XlwingsError, _error_de_formula)
    app.add_exception_handler(Exception, _error_interno)
