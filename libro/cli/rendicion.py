"""`libro rendicion generar`: el libro de la rendición de cuentas del PP desde el libro de proyectos del año
anterior (Reglamento del PP, art. 17). Registro en `libro/cli/__init__.py`."""

from pathlib import Path
from typing import Annotated

import typer

from libro.cli.comun import consola, salir

app = typer.Typer(help="Rendición de cuentas del Presupuesto Participativo (art. 17).", no_args_is_help=True)


@app.command("generar")
def generar(
    proyectos: Annotated[
        Path, typer.Argument(help="Libro de proyectos del PP del año anterior (proyectos-pp).")
    ],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Libro de rendición de cuentas a escribir.")],
) -> None:
    """Escribe el libro de la rendición con los priorizados; el libro de proyectos no se modifica."""
    from libro.trabajos import ArchivoInadecuado, generar_rendicion

    if not proyectos.exists():
        salir(f"«{proyectos}» no existe.")
    if salida.suffix.lower() != ".xlsx":
        salir("la salida debe ser un archivo .xlsx.")
    try:
        resultado = generar_rendicion(proyectos, salida)
    except ArchivoInadecuado as error:
        salir(f"{error}.")
    if resultado.estado not in ("ok", "observado"):
        salir(f"no se pudo escribir «{salida.name}»: {resultado.detalle}.")
    consola.print(
        f"Rendición de cuentas: [bold]{salida}[/]. Complete en «Ejecución» lo ejecutado, el avance físico "
        "y el "
        "estado de cada proyecto, y los compromisos; luego pulse «Generar informe»."
    )
