"""Títulos fijos de la ayuda de typer, en español (los que typer permite cambiar)."""

import typer.rich_utils

TITULOS = {
    "ARGUMENTS_PANEL_TITLE": "Argumentos",
    "OPTIONS_PANEL_TITLE": "Opciones",
    "COMMANDS_PANEL_TITLE": "Comandos",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "DEFAULT_STRING": "[por defecto: {}]",
}


def en_espanol() -> None:
    for constante, texto in TITULOS.items():
        setattr(typer.rich_utils, constante, texto)
