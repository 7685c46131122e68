"""Comandos del cronograma: `libro importar cronograma` y `libro calendario`.

Solo leen argumentos, llaman a `libro.trabajos`, `libro.cronograma.ics` y `libro.poi.anexo02.ics`, y
traducen sus errores a mensajes. La entrada nunca se modifica; las salidas se escriben de forma atómica.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from libro.cli.comun import consola, salir

if TYPE_CHECKING:
    from libro.nucleo.lector import LibroLeido
    from libro.nucleo.resultado import Resultado

importar_app = typer.Typer(help="Convierte libros que ya tiene la municipalidad a la plantilla de libro.",
                           no_args_is_help=True)
ORIGEN_ANIO = {"indicado": "indicado con --anio", "título": "escrito en el título", "fechas": "de las fechas"}



def _mostrar(resultado: "Resultado", limite: int) -> None:
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


def _columnas(libro: "LibroLeido") -> None:
    """Qué título del libro se leyó como cada columna de la plantilla (y cuáles no se usan)."""
    from libro.nucleo.lector import columnas_leidas

    tabla = Table(title="Columnas leídas", title_justify="left")
    for columna in ("Celda", "Título en el libro", "Leída como"):
        tabla.add_column(columna, overflow="fold")
    for c in columnas_leidas(libro):
        tabla.add_row(c.celda, c.encabezado, c.leida_como or "[dim](no se usa)[/]")
    if tabla.row_count:
        consola.print(tabla)


@importar_app.command("cronograma")
def importar_cronograma(
    archivo: Annotated[Path, typer.Argument(help="Cronograma o plan de trabajo de la municipalidad.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Plantilla de libro a escribir (.xlsx).")],
    anio: Annotated[int | None, typer.Option("--anio", help="Año del proceso, si el título no lo dice.")] \
        = None,
    limite: Annotated[int, typer.Option("--limite", help="Observaciones en pantalla.")] = 30,
) -> None:
    """Convierte un cronograma (o plan de trabajo) ajeno a la plantilla de libro, sin perder filas."""
    from libro.cronograma.importar import ImportacionFallida
    from libro.nucleo.fuentes import LibroIlegible
    from libro.trabajos import importar_a_plantilla

    if not archivo.exists():
        salir(f"«{archivo}» no existe.")
    if salida.suffix.lower() != ".xlsx":
        salir("la salida debe ser un archivo .xlsx.")
    if salida.resolve() == archivo.resolve():
        salir("la salida debe ser un archivo distinto de la entrada (libro nunca la sobrescribe).")
    try:
        ajeno, resultado = importar_a_plantilla(archivo, salida, anio)
    except (ImportacionFallida, LibroIlegible) as error:
        salir(str(error))
        return
    (lectura,) = ajeno.hojas.values()
    anio_leido = ajeno.datos.anio if ajeno.datos else None
    consola.print(
        f"Hoja «{lectura.hoja}» leída como {ajeno.formato.titulo.lower()}: "
        f"{len(lectura.filas)} actividad(es), {len(ajeno.secciones)} fila(s) de fase o etapa."
    )
    _columnas(ajeno)
    if anio_leido:
        origen = ORIGEN_ANIO.get(ajeno.origen_anio, ajeno.origen_anio)
        consola.print(f"Año del proceso: {anio_leido} ({origen}).")
    else:
        consola.print("[yellow]No se supo el año del proceso: indíquelo con --anio o en la hoja «Datos».[/]")
    _mostrar(resultado, limite)
    consola.print(f"Plantilla escrita: [bold]{salida}[/]")
    raise typer.Exit(1 if resultado.errores else 0)


def calendario(
    archivo: Annotated[Path, typer.Argument(help="Cronograma: plantilla de libro o libro propio.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Calendario a escribir (.ics).")],
    anio: Annotated[int | None, typer.Option("--anio", help="Año del proceso, si el libro no lo dice.")] \
        = None,
) -> None:
    """Exporta los plazos del cronograma (del PP, plan de trabajo o Anexo 02 del POI) a un calendario .ics."""
    from libro.cronograma.calculo import HOJA_DE, descripcion
    from libro.cronograma.ics import escribir_ics
    from libro.cronograma.importar import ImportacionFallida
    from libro.nucleo.fuentes import LibroIlegible
    from libro.poi.anexo02.formato import CRONOGRAMA_POI
    from libro.poi.anexo02.ics import escribir_ics as escribir_ics_anexo02
    from libro.trabajos import leer_para_calendario

    if not archivo.exists():
        salir(f"«{archivo}» no existe.")
    try:
        libro = leer_para_calendario(archivo, anio)
    except (ImportacionFallida, LibroIlegible) as error:
        salir(str(error))
        return
    if libro.formato.id == CRONOGRAMA_POI.id:
        fuera_poi = escribir_ics_anexo02(libro, salida)
        consola.print(f"Anexo 02 en el calendario: [bold]{salida}[/]")
        for f in fuera_poi:
            consola.print(f"[yellow]Fila {f.fila + 1} sin fechas válidas[/] («{(f.actividad or '')[:60]}»).")
        raise typer.Exit(0)
    if libro.formato.id not in HOJA_DE:
        salir(f"«{archivo.name}» es un libro de «{libro.formato.titulo}», que no tiene plazos.")
    fuera = escribir_ics(libro, salida)
    total = len(libro.filas(HOJA_DE[libro.formato.id]))
    consola.print(f"{total - len(fuera)} de {total} actividad(es) en el calendario: [bold]{salida}[/]")
    for p in fuera:
        texto = descripcion(p.fila)[:60]
        consola.print(f"[yellow]Fila {p.fila.fila + 1} sin fecha[/] («{texto}»): {p.problema}")
    raise typer.Exit(0)
