"""Lo que comparten los comandos: consolas, la salida por error, opciones numéricas con su rango, la barra
de progreso y un archivo en su trabajador acotado."""

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from pathlib import Path

    from libro.lote import Topes

consola = Console()
errores = Console(stderr=True)

T = TypeVar("T")
MB = 1024**2
ANIOS = (2000, 2100)
"""Años fiscales que se aceptan en `--anio`."""
MEMORIA_MINIMA = 128
"""MB: con menos, un trabajador no alcanza a importar libro."""
PROGRESO_DESDE = 5
"""Archivos desde los que un lote muestra la barra de progreso (solo en una terminal)."""


def salir(mensaje: str, codigo: int = 2) -> NoReturn:
    """Termina el comando con un mensaje en español (2: entrada ilegible o mal uso)."""
    errores.print(f"[red]Error:[/] {escape(mensaje)}", highlight=False)
    raise typer.Exit(codigo)


class ValorNoValido(typer.BadParameter):
    """Un número mal escrito o fuera de su rango; el mensaje ya está en español."""


def entero(minimo: int, maximo: int | None = None) -> Callable[[Any], int]:
    """El texto de una opción como entero entre `minimo` y `maximo`, o por qué no (en español)."""

    def convertir(valor: Any) -> int:
        if isinstance(valor, int):
            return valor
        try:
            numero = int(str(valor).strip())
        except ValueError:
            raise ValorNoValido(f"debe ser un número entero (se recibió «{valor}»)") from None
        if numero < minimo or (maximo is not None and numero > maximo):
            rango = f"ser al menos {minimo}" if maximo is None else f"estar entre {minimo} y {maximo}"
            raise ValorNoValido(f"debe {rango} (se recibió {numero})")
        return numero

    return convertir


def opcion_anio(ayuda: str = "Año fiscal esperado.") -> Any:
    return typer.Option("--anio", help=f"{ayuda} ({ANIOS[0]}–{ANIOS[1]})", parser=entero(*ANIOS))


def opcion_procesos() -> Any:
    return typer.Option("--procesos", help="Archivos que se leen a la vez (por defecto, uno por núcleo).",
                        parser=entero(1))


def opcion_memoria() -> Any:
    return typer.Option(
        "--memoria", parser=entero(MEMORIA_MINIMA),
        help=f"Tope de memoria por archivo, en MB (al menos {MEMORIA_MINIMA}; si no, el de libro: 1 GB).",
    )


def opcion_segundos() -> Any:
    return typer.Option("--segundos", help="Plazo por archivo, en segundos (si no, el de libro: 120 s).",
                        parser=entero(1))


def opcion_limite(ayuda: str = "Observaciones en pantalla.") -> Any:
    return typer.Option("--limite", help=ayuda, parser=entero(0))


def topes(memoria: int | None, segundos: int | None) -> "Topes":
    """Los topes de cada trabajador, desde `--memoria` (MB) y `--segundos` (los de libro si faltan)."""
    from libro.lote import TOPES, Topes

    return Topes(TOPES.memoria if memoria is None else memoria * MB,
                 TOPES.segundos if segundos is None else float(segundos))


def en_trabajador(
    trabajo: Callable[..., T], ruta: "Path", *argumentos: Any, limites: "Topes | None" = None
) -> T:
    """`libro.trabajos.en_trabajador`; si el archivo no sirve o la salida no se puede escribir, el mensaje en
    español y el código 2."""
    from libro.trabajos import FALLAS, TOPES
    from libro.trabajos import en_trabajador as acotado

    try:
        return acotado(trabajo, ruta, *argumentos, topes=limites or TOPES)
    except FALLAS as error:
        mensaje = str(error)
        salir(mensaje if mensaje.endswith(".") else f"{mensaje}.")


def con_progreso(elementos: Iterable[T], total: int, que: str, mostrar: bool = True) -> Iterator[T]:
    """Los elementos, con una barra de progreso en la terminal si son más de unos pocos.

    Sin terminal (salida redirigida a un archivo o a otro programa) no se escribe nada de progreso.
    """
    if not (mostrar and consola.is_terminal and total >= PROGRESO_DESDE):
        yield from elementos
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columnas = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columnas, console=consola, transient=True) as progreso:
        tarea = progreso.add_task(que, total=total)
        for elemento in elementos:
            yield elemento
            progreso.advance(tarea)
