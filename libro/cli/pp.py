"""`libro exportar pabulib`: el libro de proyectos del PP en formato Pabulib (.pb) y la comparación de
reglas (puntaje técnico oficial, greedy y Method of Equal Shares) en una copia nueva del libro.

Registro en `libro/cli.py`: `app.add_typer(cli_pp.app, name="exportar")`.
"""

from pathlib import Path
from typing import Annotated

import typer

from libro.cli.comun import consola, salir

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
    from libro.pp.proyectos.exportar import ExportacionImposible
    from libro.trabajos import exportar_pabulib_archivo

    if not archivo.exists():
        salir(f"«{archivo}» no existe.")
    try:
        exportacion = exportar_pabulib_archivo(archivo, salida, comparacion)
    except ExportacionImposible as error:
        salir(f"no se pudo exportar «{archivo.name}»: {error}.")
    except ValueError as error:
        salir(f"Pabulib no acepta los datos de «{archivo.name}»: {error}.")
    consola.print(f"Pabulib: [bold]{salida}[/] ({len(exportacion.votos)} votos)")
    if exportacion.descartados:
        consola.print(
            f"[yellow]{exportacion.descartados} aprobación(es) a propuestas no viables o inexistentes "
            "no se exportaron.[/]"
        )
    if comparacion is not None:
        consola.print(f"Comparación de reglas: [bold]{comparacion}[/]")
