"""Configuración del servidor de libro: variables `LIBRO_*` (o un `.env`) y archivos que Informática edita.

`XLWINGS_AUTH_PROVIDERS` es la variable de xlwings-server: libro la lee tal cual (`entraid`, `custom`).
"""

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROVEEDORES = ("entraid", "custom")
"""Los proveedores de autenticación de xlwings-server que libro sabe usar."""

MB = 1024 * 1024

_T = TypeVar("_T")


class ConfiguracionInvalida(Exception):
    """El servidor no arranca así: el mensaje dice en español qué falta y cómo arreglarlo."""


def leer_toml(ruta: Path, que: str) -> dict:
    """El archivo de configuración TOML `ruta` («el archivo de `que`»); `ConfiguracionInvalida` si no se
    puede leer o no es TOML."""
    try:
        return tomllib.loads(ruta.read_text(encoding="utf-8"))
    except OSError as error:
        mensaje = f"no se puede leer el archivo de {que} «{ruta}»: {error.strerror}."
        raise ConfiguracionInvalida(mensaje) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfiguracionInvalida(f"el archivo de {que} «{ruta}» no es TOML válido: {error}.") from None


class Ajustes(BaseSettings):
    """Lo que el servidor necesita saber al arrancar; cada campo es una variable `LIBRO_…`."""

    model_config = SettingsConfigDict(env_prefix="LIBRO_", env_file=".env", extra="ignore",
                                      populate_by_name=True)

    proveedores: list[str] = Field(default=[], validation_alias=AliasChoices("XLWINGS_AUTH_PROVIDERS"))
    """`entraid` (Microsoft 365), `custom` (claves de acceso de libro) o ambos."""
    claves_acceso: Path | None = None
    """Archivo de claves de acceso (proveedor `custom`), lo administra `libro acceso`."""
    permisos: Path | None = None
    """Archivo opcional de permisos: quién puede correr qué; sin él, todo usuario autenticado corre todo."""
    max_mb: float = Field(default=5, gt=0)
    """Tamaño máximo del libro que manda Excel, en MB; lo que pase se rechaza antes de leerlo."""
    sin_autenticacion: bool = False
    """Solo para una prueba local: sirve sin pedir identidad a nadie."""
    procesos: int = Field(default=1, ge=1)
    """Procesos que calculan a la vez (con 1, un hilo del mismo proceso)."""

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * MB)


class ArchivoVigilado(Generic[_T]):
    """Un archivo de configuración que se vuelve a leer cuando cambia (fecha o tamaño), sin reiniciar."""

    def __init__(self, ruta: Path, leer: Callable[[Path], _T]) -> None:
        self.ruta, self._leer = ruta, leer
        self._firma: tuple[int, int] | None = None
        self._valor: _T | None = None

    def actual(self) -> _T:
        """El contenido vigente; `ConfiguracionInvalida` si el archivo falta o está mal escrito."""
        try:
            estado = os.stat(self.ruta)
        except FileNotFoundError:
            raise ConfiguracionInvalida(f"no existe «{self.ruta}».") from None
        except OSError as error:
            raise ConfiguracionInvalida(f"no se puede leer «{self.ruta}»: {error.strerror}.") from None
        firma = (estado.st_mtime_ns, estado.st_size)
        if firma != self._firma or self._valor is None:
            self._valor, self._firma = self._leer(self.ruta), firma
        return self._valor
