"""`libro exportar pabulib`: el libro de proyectos del PP en formato Pabulib (.pb) y la comparación de
reglas (puntaje técnico oficial, greedy y Method of Equal Shares) en una copia nueva del libro.

Registro en `libro/cli/__init__.py`: `app.add_typer(cli_pp.app, name="exportar")`. El libro se lee y las
salidas se escriben en un trabajador acotado.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from libro.cli.comun import consola, en_trabajador

app = typer.Typer(no_args_is_help=True, add_completion=False)
HOJA_COMPARACION = "Comparación de reglas"


@app.callback()
def exportar_grupo() -> None:
    """Exporta libros de libro a otros formatos (Pabulib)."""


@app.command("pabulib")
def pabulib_cmd(
    archivo: Annotated[Path, typer.Argument(help="Libro de proyectos del PP (formato proyectos-pp).")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Archivo .pb a escribir.")],
    comparacion: Annotated[
        Path | None,
        typer.Option("--comparacion", help="Copia nueva del libro con la hoja «Comparación de reglas»."),
    ] = None,
) -> None:
    """Exporta propuestas viables, votos y priorizados a Pabulib (.pb); la entrada no se modifica."""
    from libro.trabajos import exportar_pabulib_archivo

    exportacion = en_trabajador(exportar_pabulib_archivo, archivo, salida, comparacion)
    consola.print(f"Pabulib: [bold]{escape(str(salida))}[/] ({len(exportacion.votos)} votos)")
    if exportacion.descartados:
        consola.print(
            f"[yellow]{exportacion.descartados} aprobación(es) a propuestas no viables o inexistentes "
            "no se exportaron.[/]"
        )
    if comparacion is not None:
        consola.print(f"Comparación de reglas: [bold]{escape(str(comparacion))}[/]")
