"""Comandos de OPP para el POI: `libro evaluacion generar` y `libro consolidar`.

Se registran en la aplicación principal con `registrar_poi(app)` (ver `libro/cli.py`).
Códigos de salida: 0 bien, 1 hubo observaciones o archivos excluidos (no los omitidos, que no son
POI ni evaluaciones), 2 entrada ilegible o mal uso.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from libro.cli.comun import consola, opcion_anio, opcion_procesos, salir

evaluacion = typer.Typer(
    help="Evaluación trimestral del POI (Directiva 003-2016-MPH/17, art. 12).", no_args_is_help=True
)



@evaluacion.command("generar")
def generar(
    poi: Annotated[Path, typer.Argument(help="POI de la unidad orgánica (.xlsx).")],
    trimestre: Annotated[int, typer.Option("--trimestre", "-t", help="Trimestre a evaluar: 1, 2, 3 o 4.")],
    salida: Annotated[
        Path | None, typer.Option("--salida", "-s", help="Libro de evaluación a escribir.")
    ] = None,
) -> None:
    """Escribe el libro de evaluación del trimestre con lo programado en el POI; el POI no se modifica."""
    from libro.trabajos import generar_evaluacion

    if trimestre not in (1, 2, 3, 4):
        salir(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre}).")
    if not poi.exists():
        salir(f"«{poi}» no existe.")
    salida = salida or poi.with_name(f"{poi.stem}_evaluacion_T{trimestre}.xlsx")
    if salida.resolve() == poi.resolve():
        salir("la salida debe ser un archivo distinto del POI (libro nunca lo sobrescribe).")
    resultado = generar_evaluacion(poi, trimestre, salida)
    if resultado.salida is None:
        salir(resultado.detalle)
    consola.print(
        f"Evaluación del trimestre {trimestre}: [bold]{salida}[/] ({resultado.actividades} actividades)."
    )
    errores_poi = [o for o in resultado.observaciones_poi if o.es_error]
    if errores_poi:
        consola.print(
            f"[yellow]Atención:[/] el POI tiene {len(errores_poi)} error(es); valide el POI con "
            "«libro validar» antes de evaluar."
        )
        raise typer.Exit(1)


def consolidar(
    carpeta: Annotated[
        Path, typer.Argument(help="Carpeta con los libros POI (y evaluaciones) de las unidades.")
    ],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Libro consolidado a escribir (.xlsx).")],
    trimestre: Annotated[
        int | None,
        typer.Option("--trimestre", "-t", help="Agrega el informe de evaluación de ese trimestre."),
    ] = None,
    anio: Annotated[int | None, opcion_anio("Año fiscal a consolidar (si no, el más frecuente).")] = None,
    procesos: Annotated[int | None, opcion_procesos()] = None,
    cronograma_poi: Annotated[
        Path | None,
        typer.Option("--cronograma-poi", help="Anexo 02: los plazos de la evaluación salen de él."),
    ] = None,
    resumen_poa: Annotated[
        Path | None, typer.Option("--resumen-poa", help="Escribe también el Resumen del POA (.xlsx).")
    ] = None,
    anexo01: Annotated[
        Path | None, typer.Option("--anexo01", help="Anexo 01 (OEI y AEI) para los indicadores del Resumen.")
    ] = None,
) -> None:
    """Consolida los POI válidos de la carpeta en un libro institucional; los archivos no se modifican."""
    from libro.lote import preparar

    preparar()  # el servidor de trabajadores importa libro mientras aquí se importa lo demás
    from libro.consolidar import consolidar as consolidar_carpeta

    if not carpeta.is_dir():
        salir(f"«{carpeta}» no es una carpeta.")
    if trimestre is not None and trimestre not in (1, 2, 3, 4):
        salir(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre}).")
    if salida.suffix.lower() != ".xlsx":
        salir("la salida debe ser un archivo .xlsx.")
    plazos = {}
    if cronograma_poi:  # libro.trabajos (todos los formatos) se carga solo si hace falta
        from libro.trabajos import ArchivoInadecuado, plazos_de_cronograma_poi

        try:
            plazos = plazos_de_cronograma_poi(cronograma_poi)
        except ArchivoInadecuado as error:
            salir(f"el cronograma del POI no sirve: {error}.")
    resultado = consolidar_carpeta(carpeta, salida, trimestre, anio, procesos, plazos_evaluacion=plazos)
    tabla = Table(title=f"Consolidación del año fiscal {resultado.anio or '—'}", title_justify="left")
    for columna in ("Qué", "Cuántos"):
        tabla.add_column(columna)
    excluidos = [x for x in resultado.excluidos if not x.omitido]
    ilegibles = [x for x in resultado.excluidos if x.motivo in ("ilegible", "desconocido")]
    tabla.add_row("Archivos leídos", str(resultado.archivos))
    tabla.add_row("Unidades consolidadas", str(len(resultado.unidades)))
    tabla.add_row("Actividades", str(sum(u.actividades for u in resultado.unidades)))
    if trimestre:
        tabla.add_row(f"Evaluaciones del trimestre {trimestre}", str(len(resultado.evaluaciones)))
        tabla.add_row("Unidades sin evaluación, con errores o tarde", str(len(resultado.pendientes)))
    tabla.add_row("Archivos excluidos", str(len(excluidos)))
    tabla.add_row("Archivos omitidos", str(len(resultado.excluidos) - len(excluidos)))
    consola.print(tabla)
    consola.print(resultado.recuento + ".")
    if resultado.excluidos:
        lista = Table(title="Archivos no consolidados", title_justify="left")
        for columna in ("Archivo", "Situación", "Detalle"):
            lista.add_column(columna, overflow="fold")
        for x in resultado.excluidos:
            lista.add_row(resultado.ruta(x.archivo), x.situacion, x.detalle[:200])
        consola.print(lista)
    consola.print(f"Libro consolidado: [bold]{salida}[/]")
    if resumen_poa is not None:
        from libro.trabajos import ArchivoInadecuado, escribir_resumen_poa

        try:
            escrito = escribir_resumen_poa(resultado, resumen_poa, anexo01)
        except ArchivoInadecuado as error:
            salir(f"no se pudo escribir el Resumen del POA: {error}.")
        consola.print(f"Resumen del POA: [bold]{escrito.archivo}[/]")
    raise typer.Exit(2 if ilegibles else 1 if excluidos else 0)


def registrar_poi(app: typer.Typer) -> None:
    """Agrega `evaluacion generar` y `consolidar` a la aplicación `libro`."""
    app.add_typer(evaluacion, name="evaluacion")
    app.command("consolidar")(consolidar)
