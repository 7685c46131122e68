"""La línea de comandos `libro`: lee argumentos, llama a la biblioteca y traduce sus errores.

Códigos de salida: 0 sin errores, 1 algún archivo con errores, 2 entrada ilegible o mal uso. Cada archivo
que manda un usuario se lee en un trabajador acotado (`libro.lote`, `libro.trabajos.en_trabajador`).
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from libro.cli import cronograma as cli_cronograma
from libro.cli import poi as cli_poi
from libro.cli import pp as cli_pp
from libro.cli import rendicion as cli_rendicion
from libro.cli import servidor as cli_servidor
from libro.cli.comun import (
    con_progreso,
    consola,
    en_trabajador,
    errores,
    opcion_anio,
    opcion_limite,
    opcion_memoria,
    opcion_procesos,
    opcion_segundos,
    salir,
    topes,
)
from libro.cli.espanol import GrupoEnEspanol
from libro.nucleo.textos import acotar

if TYPE_CHECKING:
    from libro.nucleo.observacion import Observacion
    from libro.nucleo.resultado import Resultado

app = typer.Typer(
    cls=GrupoEnEspanol,
    help="libro: plantillas, validación y cálculo de los libros Excel de planeamiento municipal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(cli_pp.app, name="exportar")
app.add_typer(cli_rendicion.app, name="rendicion")
cli_poi.registrar_poi(app)
app.add_typer(cli_cronograma.importar_app, name="importar")
app.command()(cli_cronograma.calendario)
app.command("servidor")(cli_servidor.servidor)
app.add_typer(cli_servidor.acceso, name="acceso")
app.command("plantilla-xlsm")(cli_servidor.plantilla_xlsm)
COLOR = {"ok": "green", "observado": "red", "ilegible": "magenta", "desconocido": "yellow", "omitido": "dim"}


LARGO_DETALLE = 1000
"""Caracteres del detalle de un archivo en pantalla (el informe JSON o Excel lo trae entero)."""


def main() -> None:
    """El comando `libro` (la ayuda y los errores de uso en español los pone `GrupoEnEspanol`)."""
    app(prog_name="libro")


def _codigo_salida(resultados: "list[Resultado]") -> int:
    if any(r.estado in ("ilegible", "desconocido") for r in resultados):
        return 2
    return 1 if any(r.errores for r in resultados) else 0


def _tabla_observaciones(titulo: str, observaciones: "list[Observacion]", limite: int) -> Table:
    tabla = Table(title=escape(titulo), title_justify="left", show_lines=False)
    for columna in ("Código", "Severidad", "Hoja", "Celda", "Mensaje"):
        tabla.add_column(columna, overflow="fold")
    for o in observaciones[:limite]:
        color = "red" if o.es_error else "yellow"
        severidad = f"[{color}]{o.severidad.value}[/]"
        tabla.add_row(o.codigo, severidad, escape(o.hoja), o.celda, escape(o.mensaje))
    return tabla


def _mostrar(resultados: "list[Resultado]", limite: int) -> None:
    resumen = Table(title="Resultado de la validación", title_justify="left")
    for columna in ("Archivo", "Formato", "Estado", "Errores", "Advertencias"):
        resumen.add_column(columna, overflow="fold")
    for r in resultados:
        resumen.add_row(
            escape(r.archivo),
            r.formato or "—",
            f"[{COLOR[r.estado]}]{r.estado}[/]",
            str(r.errores),
            str(r.advertencias),
        )
    consola.print(resumen)
    for r in resultados:
        if r.detalle:
            detalle = escape(acotar(r.detalle, LARGO_DETALLE))
            consola.print(f"[{COLOR[r.estado]}]{escape(r.archivo)}[/]: {detalle}")
        if r.observaciones:
            consola.print(_tabla_observaciones(r.archivo, r.observaciones, limite))
            if len(r.observaciones) > limite:
                consola.print(f"… y {len(r.observaciones) - limite} observaciones más (vea --json o --xlsx).")


@app.command()
def plantilla(
    formato: Annotated[str, typer.Argument(help="Formato (p. ej. poi, objetivos-pei) o «todos».")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Carpeta de destino.")] = Path("."),
    anio: Annotated[
        int | None, opcion_anio("Llena la plantilla para ese año (cronograma-poi: sus fechas).")
    ] = None,
) -> None:
    """Escribe la plantilla vacía de un formato (o, con --anio, llena con lo que el año implica)."""
    from libro.registro import FORMATOS, REGISTRO
    from libro.salida.plantilla import escribir_plantilla
    from libro.trabajos import plantilla_del_anio

    elegidos = list(FORMATOS.values()) if formato == "todos" else [FORMATOS.get(formato.split("@")[0])]
    if None in elegidos:
        salir(f"formato desconocido «{formato}». Formatos: {', '.join(FORMATOS)}.")
    por_anio = [f for f in elegidos if REGISTRO[f.id].plantilla_anual]
    if anio is not None and not por_anio:
        con_anio = ", ".join(i for i, e in REGISTRO.items() if e.plantilla_anual)
        salir(f"«--anio» solo llena las plantillas de: {con_anio}.")
    for f in elegidos:
        if anio is not None and f in por_anio:
            destino = salida / f"{f.id}_{anio}.xlsx"
            plantilla_del_anio(f, anio, destino)
        else:
            destino = escribir_plantilla(f, salida / f"{f.id}.xlsx")
        consola.print(f"Plantilla {f.etiqueta}: [bold]{destino}[/]")


@app.command()
def validar(
    rutas: Annotated[list[Path], typer.Argument(help="Archivos o carpetas con libros.")],
    json: Annotated[
        Path | None,
        typer.Option("--json", help="Guardar el informe en JSON («-»: solo el JSON, en la salida estándar)."),
    ] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Guardar el informe en Excel.")] = None,
    anio: Annotated[int | None, opcion_anio()] = None,
    procesos: Annotated[int | None, opcion_procesos()] = None,
    memoria: Annotated[int | None, opcion_memoria()] = None,
    segundos: Annotated[int | None, opcion_segundos()] = None,
    limite: Annotated[int, opcion_limite("Observaciones por archivo en pantalla.")] = 30,
    cronograma_poi: Annotated[
        Path | None,
        typer.Option("--cronograma-poi", help="Anexo 02: plazos de la evaluación trimestral."),
    ] = None,
) -> None:
    """Valida libros y carpetas sin abrir Excel; nunca modifica los archivos."""
    from libro.lote import expandir, preparar, validar_lote

    preparar()
    from libro.nucleo.atomico import escribir_bytes
    from libro.nucleo.contexto import Contexto
    from libro.nucleo.resultado import Resultado, anio_mayoritario
    from libro.salida.informe import informe_json, informe_xlsx

    solo_json = json == Path("-")
    avisos = errores if solo_json else consola
    archivos = expandir(rutas)
    if not archivos:
        salir("no se encontró ningún archivo en las rutas dadas.")
    acotado = topes(memoria, segundos)
    plazos = {}
    if cronograma_poi is not None:
        from libro.trabajos import plazos_de_cronograma_poi

        plazos = en_trabajador(plazos_de_cronograma_poi, cronograma_poi, limites=acotado)

    def lote(rutas: list[Path], contexto: Contexto) -> list[Resultado]:
        leidos = validar_lote(rutas, contexto, procesos, memoria=acotado.memoria, segundos=acotado.segundos)
        return list(con_progreso(leidos, len(rutas), "Validando", mostrar=not solo_json))

    resultados = lote(archivos, Contexto(anio_fiscal=anio, plazos_evaluacion=plazos))
    if anio is None and any(r.is_dir() for r in rutas):
        # Como «consolidar»: el año de la mayoría de los POI; los de otro año se validan contra él.
        anio = anio_mayoritario(r.anio_fiscal for r in resultados if (r.formato or "").startswith("poi@"))
        otros = [Path(r.archivo) for r in resultados if r.anio_fiscal not in (None, anio)]
        if otros:
            avisos.print(f"Año fiscal de la carpeta: {anio}, el de la mayoría de los POI (o use --anio).")
            nuevos = {r.archivo: r for r in lote(otros, Contexto(anio_fiscal=anio, plazos_evaluacion=plazos))}
            resultados = [nuevos.get(r.archivo, r) for r in resultados]
    if solo_json:
        sys.stdout.write(informe_json(resultados).decode() + "\n")
    else:
        _mostrar(resultados, limite)
    if json and not solo_json:
        escribir_bytes(json, informe_json(resultados))
        consola.print(f"Informe JSON: [bold]{escape(str(json))}[/]")
    if xlsx:
        informe_xlsx(resultados, xlsx)
        avisos.print(f"Informe Excel: [bold]{escape(str(xlsx))}[/]")
    raise typer.Exit(_codigo_salida(resultados))


@app.command()
def calcular(
    archivo: Annotated[Path, typer.Argument(help="Libro de la unidad (.xlsx o .xlsm).")],
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Libro nuevo a escribir.")],
    anio: Annotated[int | None, opcion_anio()] = None,
    limite: Annotated[int, opcion_limite()] = 30,
    memoria: Annotated[int | None, opcion_memoria()] = None,
    segundos: Annotated[int | None, opcion_segundos()] = None,
) -> None:
    """Calcula metas, «Resumen» y «Observaciones» en un libro nuevo; la entrada no se modifica."""
    from libro.nucleo.contexto import Contexto
    from libro.procesos import calcular_archivo
    from libro.trabajos import misma_ruta

    if misma_ruta(salida, archivo):
        salir("la salida debe ser un archivo distinto de la entrada (libro nunca la sobrescribe).")
    contexto = Contexto(anio_fiscal=anio)
    resultado = en_trabajador(calcular_archivo, archivo, salida, contexto, limites=topes(memoria, segundos))
    _mostrar([resultado], limite)
    if resultado.estado in ("ok", "observado"):
        consola.print(f"Libro calculado: [bold]{escape(str(salida))}[/]")
    raise typer.Exit(_codigo_salida([resultado]))


@app.command()
def reglas(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Salida en Markdown (para docs/reglas.md).")
    ] = False,
) -> None:
    """Lista los códigos de observación con su severidad y título."""
    from validadores import CATALOGO

    if markdown:
        print("# Códigos de observación\n")
        print("Generado con `libro reglas --markdown`. Un código publicado no cambia de significado.\n")
        print("| Código | Severidad | Título | Mensaje (plantilla) |")
        print("|---|---|---|---|")
        for d in CATALOGO.values():
            print(f"| {d.codigo} | {d.severidad.value} | {d.titulo} | {d.plantilla.replace('|', '/')} |")
        return
    tabla = Table(title="Códigos de observación", title_justify="left")
    for columna in ("Código", "Severidad", "Título"):
        tabla.add_column(columna)
    for d in CATALOGO.values():
        tabla.add_row(d.codigo, d.severidad.value, d.titulo)
    consola.print(tabla)


@app.command()
def demo(
    salida: Annotated[Path, typer.Option("--salida", "-s", help="Carpeta de la demostración.")] = Path(
        "demo"
    ),
) -> None:
    """Genera plantillas y libros de ejemplo, los calcula y valida, y dice dónde quedó todo."""
    from libro.demo import ejecutar_demo

    resultado = ejecutar_demo(salida)
    _mostrar(resultado.validacion, limite=15)
    tabla = Table(title="Archivos de la demostración", title_justify="left")
    tabla.add_column("Qué")
    tabla.add_column("Dónde", overflow="fold")
    for que, donde in resultado.archivos.items():
        tabla.add_row(que, str(donde))
    consola.print(tabla)
    consola.print(f"Todo quedó en [bold]{salida.resolve()}[/]")


if __name__ == "__main__":
    main()
