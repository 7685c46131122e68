"""Comandos del cronograma: `libro importar cronograma` y `libro calendario`.

Solo leen argumentos, llaman a `libro.trabajos` (el libro se lee, y la salida se escribe de forma atómica,
en un trabajador acotado) y traducen sus errores a mensajes. La entrada nunca se modifica.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from libro.cli.comun import consola, en_trabajador, opcion_anio, opcion_limite, salir

if TYPE_CHECKING:
    from libro.nucleo.resultado import ColumnaLeida, Resultado

importar_app = typer.Typer(help="Convierte libros que ya tiene la municipalidad a la plantilla de libro.",
                           no_args_is_help=True)
ORIGEN_ANIO = {"indicado": "indicado con --anio", "título": "escrito en el título", "fechas": "de las fechas"}


def _mostrar(resultado: "Resultado", limite: int) -> None:
    consola.print(f"{resultado.errores} error(es) y {resultado.advertencias} advertencia(s) "
                  f"en {escape(resultado.archivo)}.")
    if not resultado.observaciones:
        return
    tabla = Table(title_justify="left")
    for columna in ("Código", "Celda", "Mensaje"):
        tabla.add_column(columna, overflow="fold")
    for o in resultado.observaciones[:limite]:
        color = "red" if o.es_error else "yellow"
        tabla.add_row(f"[{color}]{o.codigo}[/]", o.celda, escape(o.mensaje))
    consola.print(tabla)
    if len(resultado.observaciones) > limite:
        consola.print(f"… y {len(resultado.observaciones) - limite} más (vea la hoja «Observaciones»).")


def _columnas(columnas: "list[ColumnaLeida]") -> None:
    """Qué título del libro se leyó como cada columna de la plantilla (y cuáles no se usan)."""
    tabla = Table(title="Columnas leídas", title_justify="left")
    for columna in ("Celda", "Título en el libro", "Leída como"):
        tabla.add_column(columna, overflow="fold")
    for c in columnas:
        leida = escape(c.leida_como) if c.leida_como else "[dim](no se usa)[/]"
        tabla.add_row(c.celda, escape(c.encabezado), leida)
    if tabla.row_count:
        consola.print(tabla)


@importar_app.command("cronograma")
def importar_cronograma(
    archivo: Annotated[Path, typer.Argument(help="Cronograma o plan de trabajo de la municipalidad.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Plantilla de libro a escribir (.xlsx).")],
    anio: Annotated[int | None, opcion_anio("Año del proceso, si el título no lo dice.")] = None,
    limite: Annotated[int, opcion_limite()] = 30,
) -> None:
    """Convierte un cronograma (o plan de trabajo) ajeno a la plantilla de libro, sin perder filas."""
    from libro.trabajos import importar_cronograma as importar
    from libro.trabajos import misma_ruta

    if salida.suffix.lower() != ".xlsx":
        salir("la salida debe ser un archivo .xlsx.")
    if misma_ruta(salida, archivo):
        salir("la salida debe ser un archivo distinto de la entrada (libro nunca la sobrescribe).")
    importacion = en_trabajador(importar, archivo, salida, anio)
    consola.print(
        f"Hoja «{escape(importacion.hoja)}» leída como {importacion.formato.lower()}: "
        f"{importacion.actividades} actividad(es), {importacion.secciones} fila(s) de fase o etapa."
    )
    _columnas(importacion.columnas)
    if importacion.anio:
        origen = ORIGEN_ANIO.get(importacion.origen_anio, importacion.origen_anio)
        consola.print(f"Año del proceso: {importacion.anio} ({origen}).")
    else:
        consola.print("[yellow]No se supo el año del proceso: indíquelo con --anio o en la hoja «Datos».[/]")
    resultado = importacion.resultado
    _mostrar(resultado, limite)
    consola.print(f"Plantilla escrita: [bold]{escape(str(salida))}[/]")
    raise typer.Exit(1 if resultado.errores else 0)


def calendario(
    archivo: Annotated[Path, typer.Argument(help="Cronograma: plantilla de libro o libro propio.")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Calendario a escribir (.ics).")],
    anio: Annotated[int | None, opcion_anio("Año del proceso, si el libro no lo dice.")] = None,
) -> None:
    """Exporta los plazos del cronograma (del PP, plan de trabajo o Anexo 02 del POI) a un calendario .ics."""
    from libro.trabajos import exportar_calendario, misma_ruta

    if misma_ruta(salida, archivo):
        salir("la salida debe ser un archivo distinto de la entrada (libro nunca la sobrescribe).")
    hecho = en_trabajador(exportar_calendario, archivo, salida, anio)
    destino = escape(str(salida))
    if hecho.anexo02:
        consola.print(f"Anexo 02 en el calendario: [bold]{destino}[/]")
    else:
        dentro = hecho.actividades - len(hecho.fuera)
        consola.print(f"{dentro} de {hecho.actividades} actividad(es) en el calendario: [bold]{destino}[/]")
    for f in hecho.fuera:
        consola.print(f"[yellow]Fila {f.fila} sin fecha[/] («{escape(f.texto)}»): {escape(f.problema)}")
    raise typer.Exit(0)
