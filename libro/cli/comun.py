"""Lo que comparten los comandos: consolas, la salida por error y la ayuda en español."""

import importlib
import sys
import types
from typing import Any, NoReturn

import typer
from rich.console import Console

consola = Console()
errores = Console(stderr=True)

TITULOS = {
    "ARGUMENTS_PANEL_TITLE": "Argumentos",
    "OPTIONS_PANEL_TITLE": "Opciones",
    "COMMANDS_PANEL_TITLE": "Comandos",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "DEFAULT_STRING": "[por defecto: {}]",
}


def en_espanol(argumentos: list[str]) -> None:
    """Títulos fijos de la ayuda de typer en español (los que typer permite cambiar).

    Solo si la línea de comandos puede mostrar ayuda («--help», o ningún argumento o solo un grupo):
    `typer.rich_utils` carga rich.markdown y markdown_it, y ningún otro comando lo necesita al arrancar.
    """
    if "--help" not in argumentos and len(argumentos) > 1:
        return
    _al_usarlos()
    import typer.rich_utils

    for constante, texto in TITULOS.items():
        setattr(typer.rich_utils, constante, texto)


def salir(mensaje: str, codigo: int = 2) -> NoReturn:
    """Termina el comando con un mensaje en español (2: entrada ilegible o mal uso)."""
    errores.print(f"[red]Error:[/] {mensaje}")
    raise typer.Exit(codigo)


_PEREZOSOS = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}
"""Lo que `typer.rich_utils` importa de rich solo para la ayuda en modo «markdown» y las trazas con
colores, que libro no usa: cargarlos (markdown_it, pygments) era un tercio del arranque de `--help`."""


def _al_usarlos() -> None:
    """Cada módulo de `_PEREZOSOS` que nadie cargó queda como un sustituto que carga el verdadero la
    primera vez que alguien usa algo de él."""
    for modulo, clase in _PEREZOSOS.items():
        if modulo not in sys.modules:
            sys.modules[modulo] = _sustituto(modulo, clase)


def _sustituto(nombre: str, clase: str) -> types.ModuleType:
    sustituto = types.ModuleType(nombre)

    def verdadero() -> Any:
        if sys.modules.get(nombre) is sustituto:
            del sys.modules[nombre]
        return importlib.import_module(nombre)

    class Perezosa(type):
        """La clase `clase`, que se carga al crear un objeto o al mirar uno de sus atributos."""

        def __getattr__(cls, atributo: str) -> Any:
            return getattr(getattr(verdadero(), clase), atributo)

        def __call__(cls, *argumentos: Any, **opciones: Any) -> Any:
            return getattr(verdadero(), clase)(*argumentos, **opciones)

    def atributo(atributo: str) -> Any:
        if atributo.startswith("__"):  # lo que mira el sistema de importación («__path__»…)
            raise AttributeError(atributo)
        return getattr(verdadero(), atributo)

    setattr(sustituto, clase, Perezosa(clase, (), {}))
    sustituto.__getattr__ = atributo  # type: ignore[method-assign]
    return sustituto
