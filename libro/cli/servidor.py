"""`libro servidor` (xlwings Server con los botones y las funciones de libro) y `libro plantilla-xlsm`.

Registro en `libro/cli/__init__.py`:
    from libro.cli.servidor import plantilla_xlsm, servidor
    app.command("servidor")(servidor)
    app.command("plantilla-xlsm")(plantilla_xlsm)
"""

import os
from pathlib import Path
from typing import Annotated

import typer

from libro.cli.comun import consola, salir


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
        salir("use --certificado y --clave juntos (o ninguno de los dos).")
    for archivo in (certificado, clave):
        if archivo is not None and not archivo.is_file():
            salir(f"no existe «{archivo}».")
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        salir(
            "xlwings Server necesita una licencia de xlwings PRO. Para uso no comercial "
            "(las instituciones de gobierno, como una municipalidad, lo son según la licencia PolyForm "
            "Noncommercial 1.0.0) defina la variable XLWINGS_LICENSE_KEY=noncommercial y vuelva a "
            "iniciar el servidor. Vea docs/servidor.md."
        )
    try:
        import uvicorn
        import xlwings_server  # noqa: F401 - solo para avisar a tiempo si falta
    except ImportError as error:
        salir(f"falta un paquete del servidor ({error.name}). Instale: pip install 'xlwings-server' uvicorn")
    esquema = "https" if certificado else "http"
    consola.print(f"libro servidor en [bold]{esquema}://{host}:{puerto}[/]  ·  "
                  f"manifiesto: {esquema}://{host}:{puerto}/manifest  ·  Ctrl+C para detener")
    uvicorn.run("libro.servidor.app:crear_app", factory=True, host=host, port=puerto,
                ssl_certfile=str(certificado) if certificado else None,
                ssl_keyfile=str(clave) if clave else None)


def plantilla_xlsm(
    formato: Annotated[str, typer.Argument(help="Formato con botones (p. ej. poi) o «todos».")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Carpeta de destino.")] = Path("."),
) -> None:
    """Escribe la plantilla .xlsm con botones para Excel de escritorio (complemento xlwings)."""
    from libro.registro import FORMATOS
    from libro.salida.xlsm import escribir_xlsm

    con_botones = [fid for fid, f in FORMATOS.items() if f.botones]
    elegidos = con_botones if formato == "todos" else [formato.split("@")[0]]
    for formato_id in elegidos:
        if formato_id not in con_botones:
            salir(f"el formato «{formato_id}» no tiene botones. "
                          f"Formatos con botones: {', '.join(con_botones)}.")
    for formato_id in elegidos:
        destino = escribir_xlsm(FORMATOS[formato_id], salida / f"{formato_id}.xlsm")
        consola.print(f"Plantilla con botones {FORMATOS[formato_id].etiqueta}: [bold]{destino}[/]")
