"""La hoja «Anexo 02»: las dos tablas del anexo con los meses E…D marcados, lista para imprimir (A4).

Cada mes que toca una actividad lleva «→», como el anexo de la directiva; el formato condicional de la
plantilla lo pinta como una barra. La columna después de diciembre es el enero del año siguiente.
"""

from typing import Any

from libro.nucleo.codecs import ENTERO, FECHA
from libro.nucleo.escritura import Bloque, Escritura, Limpiar
from libro.nucleo.estilos import AZUL
from libro.nucleo.textos import MESES
from libro.poi.anexo02.calculo import MESES_EN_TABLA, Anexo02Calculado, anio_de_tabla, meses_marcados
from libro.poi.anexo02.formato import EVALUACION, FORMULACION, HOJA_ANEXO, MENSUAL, ActividadCronograma

MARCA = "→"
COLUMNA_MESES = 5
FILAS_PINTADAS = 300
"""Filas de la hoja que cubre el formato condicional de la plantilla."""
LETRAS = [m[0] for m in MESES] + [MESES[0][0]]
TITULOS = {
    FORMULACION: "CRONOGRAMA DE FORMULACIÓN DEL PLAN OPERATIVO INSTITUCIONAL {anio} — AÑO ANTERIOR",
    EVALUACION: "CRONOGRAMA DE EVALUACIÓN Y SEGUIMIENTO DEL PLAN OPERATIVO INSTITUCIONAL {anio} — AÑO ACTUAL",
}


def _tabla(tabla: str, anio: int | None, filas: list[ActividadCronograma], fila: int) -> Bloque:
    desde_anio = anio_de_tabla(anio, tabla) if anio else None
    anios: list[Any] = [""] * (COLUMNA_MESES + MESES_EN_TABLA)
    if desde_anio:
        anios[COLUMNA_MESES], anios[-1] = f"Meses de {desde_anio}", str(desde_anio + 1)
    valores: list[list[Any]] = [
        [TITULOS[tabla].format(anio=anio or "")],
        anios,
        ["N°", "Actividad", "Desde", "Hasta", "Responsable", *LETRAS],
    ]
    for i, f in enumerate(filas, start=1):
        marcas = meses_marcados(f.desde, f.hasta, desde_anio) if desde_anio else [False] * MESES_EN_TABLA
        actividad = (f.actividad or "") + (" (cada mes)" if f.periodicidad == MENSUAL else "")
        valores.append(
            [i, actividad, f.desde, f.hasta, f.responsable or "", *(MARCA if m else None for m in marcas)]
        )
    if not filas:
        valores.append(["", "Sin actividades en esta tabla: agréguelas en «Cronograma POI»."])
    return Bloque(
        HOJA_ANEXO,
        fila,
        0,
        valores,
        formatos=(ENTERO, None, FECHA, FECHA, None),
        estilos={0: "subtitulo", 1: "subtitulo", 2: "encabezado"},
    )


def escritura_anexo(c: Anexo02Calculado) -> Escritura:
    """Las dos tablas del anexo, con la entidad y el año fiscal del POI arriba."""
    h = HOJA_ANEXO
    entidad = c.datos.entidad if c.datos and c.datos.entidad else ""
    cabecera = " — ".join(x for x in (entidad, f"POI {c.anio}" if c.anio else "") if x)
    notas = [[cabecera or "Escriba la entidad y el año fiscal del POI en «Datos»."]]
    if c.datos and c.datos.documento:
        notas.append([f"Aprobado con {c.datos.documento}."])
    escritura = Escritura().agregar(Limpiar(h, 1), Bloque(h, 1, 0, notas, estilos={0: "subtitulo"}))
    fila = 1 + len(notas) + 1
    for tabla in (FORMULACION, EVALUACION):
        bloque = _tabla(tabla, c.anio, c.por_tabla[tabla], fila)
        escritura.agregar(bloque)
        fila += bloque.filas + 1
    escritura.agregar(
        Bloque(
            h,
            fila,
            0,
            [
                [
                    "Evaluaciones: dentro de los 10 días calendario de culminado el trimestre (Directiva "
                    "003-2016-MPH/17, "
                    "art. 6 y 12); propuesta de POI hasta el 30 de marzo del año anterior (art. 6); si el "
                    "último día es "
                    "inhábil, vale el primer día hábil siguiente."
                ]
            ],
            estilos={0: "nota"},
        )
    )
    return escritura


def hojas(c: Anexo02Calculado) -> dict[str, Escritura]:
    return {HOJA_ANEXO: escritura_anexo(c)}


def adorno_anexo(libro: Any, ws: Any) -> None:
    """Plantilla: cada «→» pintado como barra del mes; el anexo cabe en el ancho de una hoja A4."""
    ws.conditional_format(
        1,
        COLUMNA_MESES,
        FILAS_PINTADAS,
        COLUMNA_MESES + MESES_EN_TABLA - 1,
        {
            "type": "cell",
            "criteria": "==",
            "value": f'"{MARCA}"',
            "format": libro.add_format({"bg_color": AZUL, "font_color": AZUL}),
        },
    )
    ws.center_horizontally()
