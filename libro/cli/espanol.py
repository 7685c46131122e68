"""La línea de comandos en español hasta el final: la ayuda y los errores de uso que arma typer (click).

`GrupoEnEspanol` es la clase del comando raíz (`typer.Typer(cls=GrupoEnEspanol)`): antes de leer los
argumentos pone en español lo fijo de la ayuda («Uso:», «[OPCIONES]», la ayuda de `--help`) de todo el
árbol de comandos, y convierte cada error de uso (argumento que falta, opción o comando desconocido, valor
mal escrito o fuera de rango) en un mensaje en español con el código 2. Un error inesperado tampoco
muestra una traza: se dice qué pasó y se termina con el código 2.
"""

import difflib
import importlib
import re
import sys
import types
from collections.abc import Sequence
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from libro.cli.comun import ValorNoValido, errores
from libro.nucleo.atomico import EscrituraFallida

excepciones = sys.modules[typer.BadParameter.__module__]
"""Las excepciones de click (las de la copia que typer trae consigo, si la trae)."""

TEXTOS_DE_AYUDA = {
    "ARGUMENTS_PANEL_TITLE": "Argumentos",
    "OPTIONS_PANEL_TITLE": "Opciones",
    "COMMANDS_PANEL_TITLE": "Comandos",
    "ERRORS_PANEL_TITLE": "Error",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "DEFAULT_STRING": "[por defecto: {}]",
    "ENVVAR_STRING": "[variable de entorno: {}]",
    "DEPRECATED_STRING": "(obsoleto) ",
    "ABORTED_TEXT": "Cancelado.",
    "RICH_HELP": "Vea [blue]«{command_path} {help_option}»[/] para la ayuda.",
}
AYUDA = "Muestra esta ayuda y termina."
OPCIONES = "[OPCIONES]"
SUBCOMANDO = "COMANDO [ARGUMENTOS]..."
_COMANDO = re.compile(r"No such command '(.*?)'")
_SOBRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)")
"""Errores de uso que click da solo como texto (en inglés, sin traducción instalada)."""


def en_espanol(argumentos: Sequence[str]) -> None:
    """Lo fijo de la ayuda de typer en español (lo que typer permite cambiar).

    Solo si la línea de comandos puede mostrar ayuda («--help», o ningún argumento o solo un grupo):
    `typer.rich_utils` carga rich.markdown y markdown_it, y ningún otro comando lo necesita al arrancar.
    """
    if "--help" not in argumentos and len(argumentos) > 1:
        return
    _al_usarlos()
    import typer.rich_utils

    for constante, texto in TEXTOS_DE_AYUDA.items():
        setattr(typer.rich_utils, constante, texto)


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


class _Formato(typer.Context.formatter_class):  # type: ignore[name-defined, misc]
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Uso: " if prefix is None else prefix)


class Contexto(typer.Context):
    formatter_class = _Formato


def _traducir(comando: Any) -> None:
    """Uso, metavariables y `--help` en español, en el comando y en todos sus subcomandos."""
    comando.context_class = Contexto
    comando.options_metavar = OPCIONES
    ayuda = comando.get_help_option(Contexto(comando))
    if ayuda is not None:
        ayuda.help = AYUDA
    subcomandos = getattr(comando, "commands", None)
    if subcomandos is not None:
        comando.subcommand_metavar = SUBCOMANDO
        for sub in subcomandos.values():
            _traducir(sub)


class GrupoEnEspanol(TyperGroup):
    """El comando raíz: la ayuda y los errores de uso, en español."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        en_espanol(sys.argv[1:] if args is None else list(args))
        _traducir(self)
        try:
            codigo = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except excepciones.NoArgsIsHelpError:
            codigo = 2  # la ayuda ya se mostró
        except excepciones.UsageError as error:
            _mostrar_error_de_uso(error)
            codigo = 2
        except excepciones.ClickException as error:
            codigo = _error(f"no se pudo continuar ({type(error).__name__})")
        except typer.Abort:
            codigo = _error("cancelado", 1)
        except EscrituraFallida as error:  # la de un comando que escribe en el proceso principal
            codigo = _error(str(error))
        except Exception as error:  # noqa: BLE001 - el usuario nunca ve una traza
            codigo = _error(
                f"libro falló de forma inesperada ({type(error).__name__}: {error}); avise a quien mantiene "
                "libro, con el comando que usó"
            )
        codigo = codigo if isinstance(codigo, int) else 0
        if standalone_mode:
            sys.exit(codigo)
        return codigo


def _error(mensaje: str, codigo: int = 2) -> int:
    errores.print(f"[red]Error:[/] {escape(mensaje)}.", highlight=False)
    return codigo


def _mostrar_error_de_uso(error: Any) -> None:
    _error(mensaje_de_uso(error))
    contexto = error.ctx
    if contexto is not None:
        errores.print(contexto.get_usage(), highlight=False, markup=False)
        errores.print(f"Vea «{contexto.command_path} --help» para la ayuda.", highlight=False, markup=False)


def mensaje_de_uso(error: Any) -> str:
    """Qué estuvo mal en el comando, en español (sin la traducción de click, que no hay)."""
    if isinstance(error, excepciones.MissingParameter):
        return _falta(error.param)
    if isinstance(error, ValorNoValido):
        return f"{_nombre(error.param)} {error.message}"
    if isinstance(error, excepciones.BadParameter):
        return f"el valor de {_nombre(error.param)} no es válido"
    if isinstance(error, excepciones.NoSuchOption):
        return f"la opción «{error.option_name}» no existe{_quiso_decir(error.possibilities)}"
    if isinstance(error, excepciones.BadOptionUsage):
        parametro = _parametro(error.ctx, error.option_name)
        if getattr(parametro, "is_flag", False):
            return f"la opción «{error.option_name}» no lleva valor"
        return f"a la opción «{error.option_name}» le falta su valor"
    if isinstance(error, excepciones.BadArgumentUsage):
        return "faltan valores en los argumentos"
    if encontrado := _COMANDO.match(error.message):
        return _comando_desconocido(encontrado.group(1), error.ctx)
    if encontrado := _SOBRA.match(error.message):
        return f"sobra «{encontrado.group(1)}»"
    if error.message.startswith("Missing command"):
        return "falta el comando"
    return "el comando no está bien escrito"


def _comando_desconocido(nombre: str, contexto: Any) -> str:
    comandos = list(getattr(contexto.command, "commands", {})) if contexto is not None else []
    mensaje = f"el comando «{nombre}» no existe"
    if comandos:
        parecidos = _quiso_decir(difflib.get_close_matches(nombre, comandos))
        mensaje += f"{parecidos}. Comandos: {', '.join(comandos)}"
    return mensaje


def _nombre(parametro: Any) -> str:
    if parametro is None:
        return "el valor"
    if parametro.param_type_name == "option":
        return f"«{parametro.opts[0]}»"
    return parametro.name.upper()


def _falta(parametro: Any) -> str:
    if parametro is None:
        return "falta un dato obligatorio"
    if parametro.param_type_name == "option":
        return f"falta la opción «{parametro.opts[0]}», que es obligatoria"
    return f"falta el argumento {parametro.name.upper()}"


def _parametro(contexto: Any, opcion: str) -> Any:
    if contexto is None:
        return None
    return next((p for p in contexto.command.params if opcion in getattr(p, "opts", ())), None)


def _quiso_decir(posibles: Sequence[str] | None) -> str:
    if not posibles:
        return ""
    return " (¿quiso decir " + " o ".join(f"«{p}»" for p in sorted(posibles)) + "?)"
