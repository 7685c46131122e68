"""Lo que calcula el Anexo 02: las fechas que implica la directiva, los meses que marca cada actividad
y los plazos de presentación de la evaluación trimestral.

Las evaluaciones vencen a los 10 días calendario de culminado el trimestre (art. 6 y 12); la propuesta
de POI, el 30 de marzo del año anterior (art. 6). Si el último día es sábado, domingo o feriado
nacional, el plazo se prorroga al primer día hábil siguiente (regla general del procedimiento
administrativo, Ley N° 27444), con el calendario peruano de `libro.nucleo.calendario`.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from libro.nucleo.calendario import es_dia_habil
from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.poi.anexo02.formato import (
    APROBACION,
    CUADRO,
    EVALUACION,
    EVALUACIONES,
    FORMULACION,
    MENSUAL,
    PDI,
    PRESUPUESTO,
    PROPUESTA,
    SEGUIMIENTO,
    TABLAS,
    ActividadCronograma,
    DatosCronograma,
    trimestre_de,
)
from libro.poi.evaluacion.calculo import fin_del_trimestre
from libro.poi.evaluacion.formato import DIAS_PLAZO
from libro.poi.formato import PLAZO_PRESENTACION

MESES_EN_TABLA = 13
"""Los 12 meses del año de la tabla y el enero siguiente (la evaluación anual cae allí)."""


def habil_o_siguiente(fecha: date) -> date:
    """La fecha, o el primer día hábil que la sigue si es sábado, domingo o feriado."""
    while not es_dia_habil(fecha):
        fecha += timedelta(days=1)
    return fecha


def habil_o_anterior(fecha: date) -> date:
    while not es_dia_habil(fecha):
        fecha -= timedelta(days=1)
    return fecha


def ultimo_dia(anio: int, mes: int) -> date:
    return date(anio, mes, calendar.monthrange(anio, mes)[1])


def plazo_evaluacion(anio: int, trimestre: int) -> date:
    """10 días calendario de culminado el trimestre (la anual, el 4.º), prorrogado al día hábil."""
    return habil_o_siguiente(fin_del_trimestre(anio, trimestre) + timedelta(days=DIAS_PLAZO))


def plazo_propuesta(anio: int) -> date:
    """Propuesta de POI del año `anio`: hasta el 30 de marzo del año anterior (art. 6)."""
    mes, dia = PLAZO_PRESENTACION
    return habil_o_siguiente(date(anio - 1, mes, dia))


def _fila(
    tabla: str,
    hito: str,
    actividad: str,
    desde: date,
    hasta: date,
    responsable: str,
    periodicidad: str | None = None,
) -> ActividadCronograma:
    return ActividadCronograma(
        tabla=tabla,
        hito=hito,
        actividad=actividad,
        desde=desde,
        hasta=hasta,
        responsable=responsable,
        periodicidad=periodicidad,
    )


def filas_del_anio(anio: int) -> dict[str, list[Any]]:
    """El Anexo 02 del POI del año `anio` con las fechas de la directiva (`libro plantilla --anio`)."""
    antes = anio - 1
    unidades, opp = "Unidades orgánicas", "Oficina de Planeamiento y Presupuesto"
    evaluaciones = [
        _fila(
            EVALUACION,
            hito,
            f"{texto} de cumplimiento del POI",
            fin_del_trimestre(anio, t) + timedelta(days=1),
            plazo_evaluacion(anio, t),
            f"{unidades}; consolida la OPP",
        )
        for t, (hito, texto) in enumerate(
            zip(
                EVALUACIONES,
                ("Primera evaluación", "Segunda evaluación", "Tercera evaluación", "Evaluación anual"),
                strict=True,
            ),
            start=1,
        )
    ]
    return {
        "Datos": [DatosCronograma(anio_fiscal=anio)],
        "Cronograma POI": [
            _fila(
                FORMULACION,
                CUADRO,
                "Unidades orgánicas presentan cuadro de necesidades",
                habil_o_siguiente(date(antes, 1, 1)),
                plazo_propuesta(anio),
                unidades,
            ),
            _fila(
                FORMULACION,
                PROPUESTA,
                "Unidades orgánicas presentan propuesta de POI",
                habil_o_siguiente(date(antes, 1, 1)),
                plazo_propuesta(anio),
                unidades,
            ),
            _fila(
                FORMULACION,
                PRESUPUESTO,
                "Culminación del proceso de formulación del presupuesto institucional",
                habil_o_siguiente(date(antes, 4, 1)),
                habil_o_anterior(ultimo_dia(antes, 4)),
                opp,
            ),
            _fila(
                FORMULACION,
                APROBACION,
                f"Aprobación del POI {anio} en sesión de concejo",
                habil_o_siguiente(date(antes, 12, 1)),
                habil_o_anterior(ultimo_dia(antes, 12)),
                "Concejo Municipal; promulga la Alcaldía",
            ),
            *evaluaciones,
            _fila(
                EVALUACION,
                SEGUIMIENTO,
                "Seguimiento mensual a las acciones estratégicas del PDI",
                date(anio, 1, 1),
                ultimo_dia(anio, 12),
                unidades,
                MENSUAL,
            ),
            _fila(
                EVALUACION,
                PDI,
                "Evaluación anual y priorización de las acciones estratégicas del PDI",
                habil_o_siguiente(date(anio, 12, 1)),
                habil_o_anterior(ultimo_dia(anio, 12)),
                opp,
            ),
        ],
    }


def anio_de_tabla(anio_fiscal: int, tabla: str | None) -> int:
    """La formulación corre el año anterior; la evaluación y el seguimiento, el del POI."""
    return anio_fiscal - 1 if tabla == FORMULACION else anio_fiscal


def meses_marcados(desde: date | None, hasta: date | None, anio: int) -> list[bool]:
    """Qué meses de la tabla (enero a diciembre de `anio` y el enero siguiente) toca la actividad."""
    if desde is None or hasta is None or hasta < desde:
        return [False] * MESES_EN_TABLA
    marcas = []
    for k in range(MESES_EN_TABLA):
        a, mes = anio + k // 12, k % 12 + 1
        marcas.append(desde <= ultimo_dia(a, mes) and hasta >= date(a, mes, 1))
    return marcas


def cierres_mensuales(desde: date, hasta: date) -> list[date]:
    """El último día hábil de cada mes entre las dos fechas (los avisos del seguimiento mensual)."""
    fechas = []
    a, mes = desde.year, desde.month
    while date(a, mes, 1) <= hasta:
        cierre = habil_o_anterior(ultimo_dia(a, mes))
        if desde <= cierre <= hasta:
            fechas.append(cierre)
        a, mes = (a + 1, 1) if mes == 12 else (a, mes + 1)
    return fechas


@dataclass(frozen=True)
class Anexo02Calculado(Calculado):
    datos: DatosCronograma | None
    anio: int | None
    """Año fiscal del POI: el de «Datos» o, si falta, el que se deduce de las evaluaciones."""
    por_tabla: dict[str, list[ActividadCronograma]]


def _anio(datos: DatosCronograma | None, filas: list[ActividadCronograma]) -> int | None:
    if datos is not None and datos.anio_fiscal:
        return datos.anio_fiscal
    primera = next((f for f in filas if trimestre_de(f.hito) == 1 and f.desde), None)
    return primera.desde.year if primera else None


def calcular(libro: LibroLeido, contexto: Contexto) -> Anexo02Calculado:
    """Las actividades de cada tabla, en el orden escrito, y el año fiscal del POI."""
    filas = libro.filas("Cronograma POI")
    datos = libro.ficha("Datos")
    por_tabla = {t: [f for f in filas if f.tabla == t] for t in TABLAS}
    return Anexo02Calculado(libro, datos, _anio(datos, filas), por_tabla)


def plazos_evaluacion(c: Anexo02Calculado) -> dict[tuple[int, int], date]:
    """(año fiscal, trimestre) → último día para presentar la evaluación, según el cronograma."""
    if c.anio is None:
        return {}
    plazos: dict[tuple[int, int], date] = {}
    for f in (f for filas in c.por_tabla.values() for f in filas):
        t = trimestre_de(f.hito)
        if t is not None and f.hasta:
            plazos.setdefault((c.anio, t), f.hasta)
    return plazos
