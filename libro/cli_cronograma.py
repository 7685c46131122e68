"""Comandos del cronograma: `libro importar cronograma` y `libro calendario`.

Solo leen argumentos, llaman a `libro.importar`, `libro.procesos` y `libro.ics`, y traducen sus
errores a mensajes. La entrada nunca se modifica; las salidas se escriben de forma atómica.
"""

import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from libro.fuentes import LibroIlegible, etiqueta_formato
from libro.importar import ImportacionFallida, LibroAjeno, importar_archivo
from libro.lector import LibroLeido
from libro.procesos import Resultado, calcular_archivo, leer_archivo

importar_app = typer.Typer(help="Convierte libros que ya tiene la municipalidad a la plantilla de libro.",
                           no_args_is_help=True)
consola = Console()
errores = Console(stderr=True)
ORIGEN_ANIO = {"indicado": "indicado con --anio", "título": "escrito en el título", "fechas": "de las fechas"}


def _salir(mensaje: str, codigo: int = 2) -> None:
    errores.print(f"[red]Error:[/] {mensaje}")
    raise typer.Exit(codigo)


def importar_a_plantilla(
    original: Path, salida: Path, anio: int | None = None, fecha_referencia: date | None = None
) -> tuple[LibroAjeno, Resultado]:
    """Lee el libro ajeno y escribe `salida`: la plantilla de libro llena, calculada y validada."""
    from libro.plantilla import escribir_plantilla

    ajeno = importar_archivo(original, anio)
    datos = ajeno.datos
    if datos is not None and fecha_referencia is not None:
        datos = datos.model_copy(update={"fecha_referencia": fecha_referencia})
    (hoja, lectura), = ajeno.hojas.items()
    salida.parent.mkdir(parents=True, exist_ok=True)
    descriptor, nombre = tempfile.mkstemp(prefix="libro_importando_", suffix=".xlsx", dir=salida.parent)
    os.close(descriptor)
    temporal = Path(nombre)
    try:
        escribir_plantilla(ajeno.formato, temporal, {"Datos": [datos] if datos else [], hoja: lectura.filas})
        resultado = calcular_archivo(temporal, salida)
    finally:
        temporal.unlink(missing_ok=True)
    if resultado.estado not in ("ok", "observado"):
        raise ImportacionFallida(f"no se pudo escribir «{salida.name}»: {resultado.detalle}")
    resultado.archivo = str(salida)
    return ajeno, resultado


def _mostrar(resultado: Resultado, limite: int) -> None:
    consola.print(f"{resultado.errores} error(es) y {resultado.advertencias} advertencia(s) "
                  f"en {resultado.archivo}.")
    if not resultado.observaciones:
        return
    tabla = Table(title_justify="left")
    for columna in ("Código", "Celda", "Mensaje"):
        tabla.add_column(columna, overflow="fold")
    for o in resultado.observaciones[:limite]:
        color = "red" if o.es_error else "yellow"
        tabla.add_row(f"[{color}]{o.codigo}[/]", o.celda, o.mensaje)
    consola.print(tabla)
    if len(resultado.observaciones) > limite:
        consola.print(f"… y {len(resultado.observaciones) - limite} más (vea la hoja «Observaciones»).")


@importar_app.command("cronograma")
def importar_cronograma(
    archivo: Annotated[Path, typer.Argument(help="Cronograma o plan de trabajo de la municipalidad.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Plantilla de libro a escribir (.xlsx).")],
    anio: Annotated[int | None, typer.Option("--anio", help="Año del proceso, si el título no lo dice.")] \
        = None,
    limite: Annotated[int, typer.Option("--limite", help="Observaciones en pantalla.")] = 30,
) -> None:
    """Convierte un cronograma (o plan de trabajo) ajeno a la plantilla de libro, sin perder filas."""
    if not archivo.exists():
        _salir(f"«{archivo}» no existe.")
    if salida.suffix.lower() != ".xlsx":
        _salir("la salida debe ser un archivo .xlsx.")
    if salida.resolve() == archivo.resolve():
        _salir("la salida debe ser un archivo distinto de la entrada (libro nunca la sobrescribe).")
    try:
        ajeno, resultado = importar_a_plantilla(archivo, salida, anio)
    except (ImportacionFallida, LibroIlegible) as error:
        _salir(str(error))
        return
    (lectura,) = ajeno.hojas.values()
    anio_leido = ajeno.datos.anio if ajeno.datos else None
    consola.print(
        f"Hoja «{lectura.hoja}» leída como {ajeno.formato.titulo.lower()}: "
        f"{len(lectura.filas)} actividad(es), {len(ajeno.secciones)} fila(s) de fase o etapa."
    )
    if anio_leido:
        origen = ORIGEN_ANIO.get(ajeno.origen_anio, ajeno.origen_anio)
        consola.print(f"Año del proceso: {anio_leido} ({origen}).")
    else:
        consola.print("[yellow]No se supo el año del proceso: indíquelo con --anio o en la hoja «Datos».[/]")
    _mostrar(resultado, limite)
    consola.print(f"Plantilla escrita: [bold]{salida}[/]")
    raise typer.Exit(1 if resultado.errores else 0)


def leer_para_calendario(archivo: Path, anio: int | None = None) -> LibroLeido:
    """El libro con sus plazos: la plantilla de libro o un libro ajeno; `anio` reemplaza al escrito."""
    if etiqueta_formato(archivo) is None:
        return importar_archivo(archivo, anio)
    libro, resultado = leer_archivo(archivo)
    if libro is None:
        raise ImportacionFallida(f"«{archivo.name}»: {resultado.detalle}")
    if anio is not None:
        filas = libro.filas("Datos")
        if filas:
            libro = libro.con_filas("Datos", [filas[0].model_copy(update={"anio": anio})])
        if isinstance(libro, LibroAjeno) and libro.datos:
            libro = replace(libro, datos=libro.datos.model_copy(update={"anio": anio}))
    return libro


def calendario(
    archivo: Annotated[Path, typer.Argument(help="Cronograma: plantilla de libro o libro propio.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Calendario a escribir (.ics).")],
    anio: Annotated[int | None, typer.Option("--anio", help="Año del proceso, si el libro no lo dice.")] \
        = None,
) -> None:
    """Exporta los plazos del cronograma a un calendario .ics (Google Calendar, Outlook)."""
    from libro.cronograma_salidas import HOJA_DE, descripcion
    from libro.ics import escribir_ics

    if not archivo.exists():
        _salir(f"«{archivo}» no existe.")
    try:
        libro = leer_para_calendario(archivo, anio)
    except (ImportacionFallida, LibroIlegible) as error:
        _salir(str(error))
        return
    if libro.formato.id not in HOJA_DE:
        _salir(f"«{archivo.name}» es un libro de «{libro.formato.titulo}», que no tiene plazos.")
    fuera = escribir_ics(libro, salida)
    total = len(libro.filas(HOJA_DE[libro.formato.id]))
    consola.print(f"{total - len(fuera)} de {total} actividad(es) en el calendario: [bold]{salida}[/]")
    for p in fuera:
        texto = descripcion(p.fila)[:60]
        consola.print(f"[yellow]Fila {p.fila.fila + 1} sin fecha[/] («{texto}»): {p.problema}")
    raise typer.Exit(0)
