"""Lo que comparten los comandos: consolas, la salida por error y la ayuda en español."""

from typing import NoReturn

import typer
import typer.rich_utils
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


def en_espanol() -> None:
    """Títulos fijos de la ayuda de typer en español (los que typer permite cambiar)."""
    for constante, texto in TITULOS.items():
        setattr(typer.rich_utils, constante, texto)


def salir(mensaje: str, codigo: int = 2) -> NoReturn:
    """Termina el comando con un mensaje en español (2: entrada ilegible o mal uso)."""
    errores.print(f"[red]Error:[/] {mensaje}")
    raise typer.Exit(codigo)
