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
    _markdown_al_usarlo()
    import typer.rich_utils

    for constante, texto in TITULOS.items():
        setattr(typer.rich_utils, constante, texto)


def salir(mensaje: str, codigo: int = 2) -> NoReturn:
    """Termina el comando con un mensaje en español (2: entrada ilegible o mal uso)."""
    errores.print(f"[red]Error:[/] {mensaje}")
    raise typer.Exit(codigo)


def _markdown_al_usarlo() -> None:
    """`typer.rich_utils` importa rich.markdown (con markdown_it, un quinto del arranque de `libro --help`)
    solo para la ayuda en modo «markdown», que libro no usa. Si nadie lo cargó, `rich.markdown` queda
    como un sustituto que carga el módulo verdadero la primera vez que alguien usa algo de él."""
    if "rich.markdown" in sys.modules:
        return
    sustituto = types.ModuleType("rich.markdown")

    def verdadero() -> types.ModuleType:
        if sys.modules.get("rich.markdown") is sustituto:
            del sys.modules["rich.markdown"]
        return importlib.import_module("rich.markdown")

    class Markdown:
        def __new__(cls, *argumentos: Any, **opciones: Any) -> Any:
            return verdadero().Markdown(*argumentos, **opciones)

    def atributo(nombre: str) -> Any:
        if nombre.startswith("__"):  # lo que mira el sistema de importación («__path__»…)
            raise AttributeError(nombre)
        return getattr(verdadero(), nombre)

    sustituto.Markdown = Markdown  # type: ignore[attr-defined]
    sustituto.__getattr__ = atributo  # type: ignore[method-assign]
    sys.modules["rich.markdown"] = sustituto
