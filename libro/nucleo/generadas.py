"""Hojas que libro genera en todo formato: «Observaciones» y las marcas que colorean celdas.

Las marcas son hojas ocultas «_marcas_<Hoja>» con «E» o «A» en la misma celda observada; el
formato condicional de la plantilla pinta la celda. Así, marcar mil celdas es un solo bloque.
"""

from datetime import date, datetime

from libro.nucleo.escritura import AsegurarHoja, Bloque, Escritura, Formula, Limpiar
from libro.nucleo.observacion import Observacion, Severidad

HOJA_OBSERVACIONES = "Observaciones"
FILA_ENCABEZADO_OBS = 3
ENCABEZADO_OBS = ["N°", "Severidad", "Código", "Hoja", "Celda", "Mensaje"]
MARCA = {Severidad.ERROR: "E", Severidad.ADVERTENCIA: "A"}


def hoja_marcas(hoja: str) -> str:
    return f"_marcas_{hoja}"[:31]


def _enlace(o: Observacion) -> Formula | str:
    if not o.celda:
        return ""
    hoja = o.hoja.replace("'", "''").replace('"', '""')
    return Formula(f'=HYPERLINK("#\'{hoja}\'!{o.celda}","{o.celda}")')


NO_VALIDADO = "Aún no validado: pulse «Validar» (o envíe el libro a OPP, que lo valida con Libro)."


def resumen_conteo(observaciones: list[Observacion]) -> str:
    errores = sum(o.es_error for o in observaciones)
    avisos = len(observaciones) - errores
    if not observaciones:
        return "Sin observaciones: el libro está listo para enviar."
    if not errores:
        return (
            f"0 errores y {avisos} advertencia(s): el libro está listo para enviar; revise las advertencias."
        )
    return f"{errores} error(es) y {avisos} advertencia(s). Corrija los errores y vuelva a validar."


def estado_validacion(observaciones: list[Observacion] | None, momento: date | None = None) -> str:
    """Lo que dice la hoja: aún no validado, o cuándo se validó, los conteos y si está listo para enviar."""
    if observaciones is None:
        return NO_VALIDADO
    cuando = ""
    if isinstance(momento, datetime):
        cuando = f"Validado el {momento:%d/%m/%Y} a las {momento:%H:%M}. "
    elif momento is not None:
        cuando = f"Validado el {momento:%d/%m/%Y}. "
    return cuando + resumen_conteo(observaciones)


def escritura_observaciones(
    observaciones: list[Observacion] | None, momento: date | None = None
) -> Escritura:
    """La hoja «Observaciones»: estado de la validación, encabezado y una fila por hallazgo con enlace.

    `None` (plantilla, libro sin validar) dice «Aún no validado»; `momento` lo fija quien valida.
    """
    filas = [
        [i, o.severidad.value.capitalize(), o.codigo, o.hoja, _enlace(o), o.mensaje]
        for i, o in enumerate(observaciones or [], start=1)
    ]
    estado = estado_validacion(observaciones, momento)
    return Escritura().agregar(
        AsegurarHoja(HOJA_OBSERVACIONES),
        Limpiar(HOJA_OBSERVACIONES, 1, formatos=False),
        Bloque(HOJA_OBSERVACIONES, 1, 0, [[estado]], estilos={0: "subtitulo"}),
        Bloque(
            HOJA_OBSERVACIONES,
            FILA_ENCABEZADO_OBS,
            0,
            [ENCABEZADO_OBS, *filas],
            formatos=("0", None, None, None, None, None),
            estilos={0: "encabezado"},
        ),
    )


def escritura_marcas(observaciones: list[Observacion], hojas: list[str]) -> Escritura:
    """Una hoja oculta de marcas por hoja de datos; se limpia y se escribe en un solo bloque."""
    escritura = Escritura()
    for hoja in hojas:
        marcas = hoja_marcas(hoja)
        escritura.agregar(AsegurarHoja(marcas, oculta=True), Limpiar(marcas, 0, formatos=False))
        propias = [o for o in observaciones if o.hoja == hoja and o.fila is not None]
        if not propias:
            continue
        alto = max(o.fila for o in propias) + 1
        ancho = max(o.columna or 0 for o in propias) + 1
        grilla: list[list[str | None]] = [[None] * ancho for _ in range(alto)]
        for o in sorted(propias, key=lambda o: not o.es_error):
            actual = grilla[o.fila][o.columna or 0]
            grilla[o.fila][o.columna or 0] = actual or MARCA[o.severidad]
        escritura.agregar(Bloque(marcas, 0, 0, grilla))
    return escritura
