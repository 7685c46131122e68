"""`libro servidor` (xlwings Server con los botones y las funciones de libro), `libro acceso` (claves de
acceso al servidor) y `libro plantilla-xlsm`.

Registro en `libro/cli/__init__.py`:
    app.command("servidor")(cli_servidor.servidor)
    app.add_typer(cli_servidor.acceso, name="acceso")
    app.command("plantilla-xlsm")(cli_servidor.plantilla_xlsm)
"""

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from libro.cli.comun import consola, errores, salir


def _entorno(claves_acceso: Path | None, entra_id: bool, permisos: Path | None, sin_autenticacion: bool,
             procesos: int, max_mb: float, nombre: str | None) -> dict[str, str]:
    """Las opciones como variables `LIBRO_*`/`XLWINGS_*`: así las ve la aplicación que arma uvicorn."""
    entorno = {"LIBRO_MAX_MB": str(max_mb), "LIBRO_PROCESOS": str(procesos)}
    proveedores = (["entraid"] if entra_id else []) + (["custom"] if claves_acceso else [])
    if proveedores:
        entorno["XLWINGS_AUTH_PROVIDERS"] = json.dumps(proveedores)
    if claves_acceso:
        entorno["LIBRO_CLAVES_ACCESO"] = str(claves_acceso.resolve())
    if permisos:
        entorno["LIBRO_PERMISOS"] = str(permisos.resolve())
    if sin_autenticacion:
        entorno["LIBRO_SIN_AUTENTICACION"] = "1"
    if nombre:
        entorno["XLWINGS_HOSTNAME"] = nombre
    return entorno


def servidor(
    host: Annotated[str, typer.Option("--host", help="Dirección en la que escucha.")] = "127.0.0.1",
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto.")] = 8000,
    certificado: Annotated[Path | None, typer.Option(
        "--certificado", help="Certificado HTTPS (PEM). Excel solo carga complementos por HTTPS.")] = None,
    clave: Annotated[Path | None, typer.Option(
        "--clave", help="Clave privada del certificado (PEM).")] = None,
    claves_acceso: Annotated[Path | None, typer.Option(
        "--claves-acceso", help="Archivo de claves de acceso (las crea `libro acceso nueva`).")] = None,
    entra_id: Annotated[bool, typer.Option(
        "--entra-id", help="Acceso con cuentas de Microsoft 365 (Entra ID; ver docs/servidor.md).")] = False,
    permisos: Annotated[Path | None, typer.Option(
        "--permisos", help="Archivo de permisos: quién puede correr qué (sin él, todos todo).")] = None,
    sin_autenticacion: Annotated[bool, typer.Option(
        "--sin-autenticacion", help="Solo para una prueba local: no pide identidad a nadie.")] = False,
    procesos: Annotated[int, typer.Option(
        "--procesos", min=1, help="Procesos que calculan a la vez (p. ej. uno por núcleo).")] = 1,
    max_mb: Annotated[float, typer.Option(
        "--max-mb", min=0.1, help="Tamaño máximo del libro que manda Excel, en MB.")] = 5,
    nombre: Annotated[str | None, typer.Option(
        "--nombre", help="Nombre público del servidor (p. ej. planeamiento.muni.gob.pe): el manifiesto "
                         "apunta a https://NOMBRE.")] = None,
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
        salir(f"falta un paquete del servidor ({error.name}). Instale: pip install 'libro[servidor]'")
    os.environ.update(
        _entorno(claves_acceso, entra_id, permisos, sin_autenticacion, procesos, max_mb, nombre))
    from libro.servidor.app import revisar
    from libro.servidor.configuracion import Ajustes

    problemas = revisar(Ajustes())
    if problemas:
        salir(" ".join(problemas))
    esquema = "https" if certificado else "http"
    base = f"https://{nombre}" if nombre else f"{esquema}://{host}:{puerto}"
    if sin_autenticacion:
        errores.print("[yellow]Aviso:[/] servidor SIN autenticación: cualquiera que llegue al puerto corre "
                      "los botones. Úselo solo para una prueba local.")
    consola.print(f"libro servidor en [bold]{esquema}://{host}:{puerto}[/] ({procesos} proceso(s) de cálculo)"
                  f"  ·  manifiesto: {base}/manifest  ·  Ctrl+C para detener")
    uvicorn.run("libro.servidor.app:crear_app", factory=True, host=host, port=puerto,
                ssl_certfile=str(certificado) if certificado else None,
                ssl_keyfile=str(clave) if clave else None)


acceso = typer.Typer(no_args_is_help=True,
                     help="Claves de acceso al servidor: crear, listar y revocar (una por oficina o "
                          "usuario).")
ArchivoClaves = Annotated[Path, typer.Option("--archivo", "-a", help="Archivo de claves de acceso.")]


@acceso.command("nueva")
def acceso_nueva(
    usuario: Annotated[str, typer.Argument(help="Usuario u oficina (p. ej. opp, obras, ana.quispe).")],
    archivo: ArchivoClaves = Path("claves_acceso.toml"),
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre legible (p. ej. la oficina).")] = "",
    roles: Annotated[list[str] | None, typer.Option(
        "--rol", help="Rol para el archivo de permisos (se puede repetir).")] = None,
    reemplazar: Annotated[bool, typer.Option(
        "--reemplazar", help="Si ya tiene una clave, darle otra (la anterior deja de valer).")] = False,
) -> None:
    """Crea una clave y la muestra una sola vez: entréguela por un canal seguro."""
    from libro.servidor.autenticacion import nueva_clave
    from libro.servidor.configuracion import ConfiguracionInvalida

    try:
        clave_nueva = nueva_clave(archivo, usuario, nombre, roles or [], reemplazar)
    except ConfiguracionInvalida as error:
        salir(str(error))
    consola.print(f"Clave de acceso de [bold]{usuario}[/] (guardada su huella en {archivo}):")
    consola.print(clave_nueva, markup=False, highlight=False)
    consola.print("Entréguela por un canal seguro: no se vuelve a mostrar. El funcionario la escribe una vez "
                  "en el panel de libro («Clave de acceso»).")


@acceso.command("revocar")
def acceso_revocar(
    usuario: Annotated[str, typer.Argument(help="Usuario u oficina cuya clave deja de valer.")],
    archivo: ArchivoClaves = Path("claves_acceso.toml"),
) -> None:
    """Revoca la clave: el servidor la rechaza desde el siguiente pedido, sin reiniciar."""
    from libro.servidor.autenticacion import revocar_clave
    from libro.servidor.configuracion import ConfiguracionInvalida

    try:
        revocada = revocar_clave(archivo, usuario)
    except ConfiguracionInvalida as error:
        salir(str(error))
    if not revocada:
        salir(f"«{usuario}» no tiene clave en {archivo}.")
    consola.print(f"Clave de [bold]{usuario}[/] revocada.")


@acceso.command("lista")
def acceso_lista(archivo: ArchivoClaves = Path("claves_acceso.toml")) -> None:
    """Muestra quién tiene clave (usuario, nombre y roles; nunca las claves)."""
    from libro.servidor.autenticacion import leer_claves
    from libro.servidor.configuracion import ConfiguracionInvalida

    try:
        titulares = sorted(leer_claves(archivo).values(), key=lambda t: t.usuario)
    except ConfiguracionInvalida as error:
        salir(str(error))
    for t in titulares:
        consola.print(f"{t.usuario}\t{t.nombre}\t{', '.join(t.roles) or '—'}", markup=False, highlight=False)
    if not titulares:
        consola.print("Nadie tiene clave todavía.")


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
