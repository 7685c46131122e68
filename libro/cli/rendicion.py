"""`libro rendicion generar`: el libro de la rendición de cuentas del PP desde el libro de proyectos del año
anterior (Reglamento del PP, art. 17). Registro en `libro/cli/__init__.py`."""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from libro.cli.comun import consola, en_trabajador, salir

app = typer.Typer(help="Rendición de cuentas del Presupuesto Participativo (art. 17).", no_args_is_help=True)


@app.command("generar")
def generar(
    proyectos: Annotated[
        Path, typer.Argument(help="Libro de proyectos del PP del año anterior (proyectos-pp).")
    ],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Libro de rendición de cuentas a escribir.")],
) -> None:
    """Escribe el libro de la rendición con los priorizados; el libro de proyectos no se modifica."""
    from libro.trabajos import generar_rendicion

    if salida.suffix.lower() != ".xlsx":
        salir("la salida debe ser un archivo .xlsx.")
    resultado = en_trabajador(generar_rendicion, proyectos, salida)
    if resultado.estado not in ("ok", "observado"):
        salir(f"no se pudo escribir «{salida.name}»: {resultado.detalle}.")
    consola.print(
        f"Rendición de cuentas: [bold]{escape(str(salida))}[/]. Complete en «Ejecución» lo ejecutado, el "
        "avance físico y el estado de cada proyecto, y los compromisos; luego pulse «Generar informe»."
    )
