"""Reglas del cronograma del POI, Anexo 02 (CPO-NNN): Directiva 003-2016-MPH/17, art. 6, 9 y 12."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import fecha_texto
from libro.poi.anexo02.calculo import Anexo02Calculado, plazo_evaluacion, plazo_propuesta
from libro.poi.anexo02.formato import APROBACION, OBLIGATORIOS, OTRA, PROPUESTA, trimestre_de
from libro.poi.evaluacion.calculo import fin_del_trimestre
from libro.poi.evaluacion.formato import DIAS_PLAZO

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
HOJA = "Cronograma POI"
CATALOGO = Catalogo(
    Definicion(
        "CPO-001",
        E,
        "Evaluación antes de culminar su trimestre",
        "la {hito} empieza el {valor}, antes de culminar el trimestre {trimestre} ({fin}). La unidad evalúa "
        "lo ejecutado en el trimestre ya culminado (art. 12): la fecha «Desde» va desde el {siguiente}.",
    ),
    Definicion(
        "CPO-002",
        E,
        "Evaluaciones fuera de orden",
        "la {hito} empieza el {valor}, antes de que termine la {anterior} ({hasta}, fila {otra}). Las "
        "evaluaciones van una tras otra: 1.ª, 2.ª, 3.ª y anual.",
    ),
    Definicion(
        "CPO-003",
        E,
        "Aprobación del POI después del inicio del año fiscal",
        "la aprobación del POI {anio} termina el {valor}; el POI se aprueba en sesión de concejo antes del "
        "{inicio}, cuando empieza su ejecución (art. 6 y 9). Adelante la fecha «Hasta».",
    ),
    Definicion(
        "CPO-004",
        E,
        "Fechas invertidas",
        "«Hasta» ({valor}) es anterior a «Desde» ({desde}). Corrija una de las dos fechas.",
    ),
    Definicion(
        "CPO-005",
        A,
        "Evaluación que vence después del plazo de la directiva",
        "la {hito} vence el {valor}; la directiva da {dias} días calendario de culminado el trimestre: hasta "
        "el {plazo} (art. 6 y 12). Si OPP amplió el plazo, anote el documento en «Datos».",
    ),
    Definicion(
        "CPO-006",
        A,
        "Propuesta de POI después del 30 de marzo",
        "la propuesta de POI vence el {valor}; las unidades la remiten hasta el {plazo} (art. 6).",
    ),
    Definicion(
        "CPO-007",
        E,
        "Falta un hito del Anexo 02",
        "no hay ninguna fila con el hito «{hito}». Agréguela con sus fechas: de ella salen los plazos que "
        "usan la evaluación y la consolidación.",
    ),
    Definicion(
        "CPO-008",
        E,
        "Hito repetido",
        "el hito «{valor}» ya está en la fila {otra}. Deje una sola fila por hito (use «Otra» para "
        "actividades propias).",
    ),
)


def _filas(c: Anexo02Calculado) -> list[Any]:
    return sorted((f for filas in c.por_tabla.values() for f in filas), key=lambda f: f.fila)


def hitos(libro: LibroLeido, calculado: Anexo02Calculado, contexto: Contexto) -> Iterator[Observacion]:
    """Cada hito de la directiva una vez; fechas en su orden."""
    lectura = libro.hojas.get(HOJA)
    if lectura is None:
        return
    vistos: dict[str, int] = {}
    for f in lectura.filas:
        if f.hito and f.hito != OTRA and f.hito in vistos:
            yield CATALOGO.obs(
                "CPO-008", lectura.hoja, f.fila, lectura.columna("hito"), f.hito, otra=vistos[f.hito] + 1
            )
        elif f.hito:
            vistos[f.hito] = f.fila
        if f.desde and f.hasta and f.hasta < f.desde:
            yield CATALOGO.obs(
                "CPO-004",
                lectura.hoja,
                f.fila,
                lectura.columna("hasta"),
                fecha_texto(f.hasta),
                desde=fecha_texto(f.desde),
            )
    for hito in OBLIGATORIOS:
        if hito not in vistos:
            yield CATALOGO.obs("CPO-007", lectura.hoja, hito=hito)


def evaluaciones(libro: LibroLeido, calculado: Anexo02Calculado, contexto: Contexto) -> Iterator[Observacion]:
    """Cada evaluación después de culminar su trimestre, en orden y dentro del plazo de la directiva."""
    lectura = libro.hojas.get(HOJA)
    anio = calculado.anio
    if lectura is None or anio is None:
        return
    por_trimestre = {}
    for f in _filas(calculado):
        t = trimestre_de(f.hito)
        if t is not None and f.desde and f.hasta:
            por_trimestre.setdefault(t, f)
    anterior = None
    for t in sorted(por_trimestre):
        f = por_trimestre[t]
        fin = fin_del_trimestre(anio, t)
        if f.desde <= fin:
            yield CATALOGO.obs(
                "CPO-001",
                lectura.hoja,
                f.fila,
                lectura.columna("desde"),
                fecha_texto(f.desde),
                hito=f.hito,
                trimestre=t,
                fin=fecha_texto(fin),
                siguiente=fecha_texto(fin + timedelta(days=1)),
            )
        elif anterior is not None and f.desde <= anterior.hasta:
            yield CATALOGO.obs(
                "CPO-002",
                lectura.hoja,
                f.fila,
                lectura.columna("desde"),
                fecha_texto(f.desde),
                hito=f.hito,
                anterior=anterior.hito,
                hasta=fecha_texto(anterior.hasta),
                otra=anterior.fila + 1,
            )
        plazo = plazo_evaluacion(anio, t)
        if f.hasta > plazo:
            yield CATALOGO.obs(
                "CPO-005",
                lectura.hoja,
                f.fila,
                lectura.columna("hasta"),
                fecha_texto(f.hasta),
                hito=f.hito,
                dias=DIAS_PLAZO,
                plazo=fecha_texto(plazo),
            )
        anterior = f


def formulacion(libro: LibroLeido, calculado: Anexo02Calculado, contexto: Contexto) -> Iterator[Observacion]:
    """Propuesta de POI hasta el 30 de marzo del año anterior; aprobación antes del año fiscal."""
    lectura = libro.hojas.get(HOJA)
    anio = calculado.anio
    if lectura is None or anio is None:
        return
    inicio = date(anio, 1, 1)
    for f in _filas(calculado):
        if f.hito == APROBACION and f.hasta and f.hasta >= inicio:
            yield CATALOGO.obs(
                "CPO-003",
                lectura.hoja,
                f.fila,
                lectura.columna("hasta"),
                fecha_texto(f.hasta),
                anio=anio,
                inicio=fecha_texto(inicio),
            )
        elif f.hito == PROPUESTA and f.hasta and f.hasta > plazo_propuesta(anio):
            yield CATALOGO.obs(
                "CPO-006",
                lectura.hoja,
                f.fila,
                lectura.columna("hasta"),
                fecha_texto(f.hasta),
                plazo=fecha_texto(plazo_propuesta(anio)),
            )


REGLAS = (hitos, evaluaciones, formulacion)
