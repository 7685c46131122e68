"""`libro servidor` (xlwings Server con los botones y las funciones de libro) y `libro plantilla-xlsm`.

Registro en `libro/cli.py`:
    from libro.cli_servidor import plantilla_xlsm, servidor
    app.command("servidor")(servidor)
    app.command("plantilla-xlsm")(plantilla_xlsm)
"""

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

errores = Console(stderr=True)
consola = Console()


def servidor(
    host: Annotated[str, typer.Option("--host", help="Dirección en la que escucha.")] = "127.0.0.1",
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto.")] = 8000,
    certificado: Annotated[Path | None, typer.Option(
        "--certificado", help="Certificado HTTPS (PEM). Excel solo carga complementos por HTTPS.")] = None,
    clave: Annotated[Path | None, typer.Option(
        "--clave", help="Clave privada del certificado (PEM).")] = None,
) -> None:
    """Sirve los botones de libro a Excel (escritorio, Mac y web) y las funciones =LIBRO.…"""
    if (certificado is None) != (clave is None):
        errores.print("[red]Error:[/] use --certificado y --clave juntos (o ninguno de los dos).")
        raise typer.Exit(2)
    for archivo in (certificado, clave):
        if archivo is not None and not archivo.is_file():
            errores.print(f"[red]Error:[/] no existe «{archivo}».")
            raise typer.Exit(2)
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        errores.print(
            "[red]Error:[/] xlwings Server necesita una licencia de xlwings PRO. Para uso no comercial "
            "(las instituciones de gobierno, como una municipalidad, lo son según la licencia PolyForm "
            "Noncommercial 1.0.0) defina la variable XLWINGS_LICENSE_KEY=noncommercial y vuelva a "
            "iniciar el servidor. Vea docs/servidor.md."
        )
        raise typer.Exit(2)
    try:
        import uvicorn

        from libro import servidor as modulo
    except ImportError as error:
        errores.print(f"[red]Error:[/] falta un paquete del servidor ({error.name}). "
                      "Instale: pip install 'xlwings-server' uvicorn")
        raise typer.Exit(2) from None
    esquema = "https" if certificado else "http"
    consola.print(f"libro servidor en [bold]{esquema}://{host}:{puerto}[/]  ·  "
                  f"manifiesto: {esquema}://{host}:{puerto}/manifest  ·  Ctrl+C para detener")
    uvicorn.run(modulo.app, host=host, port=puerto,
                ssl_certfile=str(certificado) if certificado else None,
                ssl_keyfile=str(clave) if clave else None)


def plantilla_xlsm(
    formato: Annotated[str, typer.Argument(help="Formato con botones (p. ej. poi) o «todos».")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Carpeta de destino.")] = Path("."),
) -> None:
    """Escribe la plantilla .xlsm con botones para Excel de escritorio (complemento xlwings)."""
    from libro.formatos import FORMATOS
    from libro.xlsm import escribir_xlsm
    from macros_py import ACCIONES

    elegidos = list(ACCIONES) if formato == "todos" else [formato.split("@")[0]]
    for formato_id in elegidos:
        if formato_id not in ACCIONES or formato_id not in FORMATOS:
            errores.print(f"[red]Error:[/] el formato «{formato_id}» no tiene botones. "
                          f"Formatos con botones: {', '.join(ACCIONES)}.")
            raise typer.Exit(2)
    for formato_id in elegidos:
        destino = escribir_xlsm(FORMATOS[formato_id], salida / f"{formato_id}.xlsm")
        consola.print(f"Plantilla con botones {FORMATOS[formato_id].etiqueta}: [bold]{destino}[/]")
