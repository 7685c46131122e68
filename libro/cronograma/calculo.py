"""Lo que calcula el cronograma: el plazo interpretado de cada actividad, su inicio y su fin."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from libro.cronograma.importar import anio_de_fechas, datos_proceso
from libro.cronograma.plazos import Plazo, PlazoIlegible, interpretar_plazo
from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import Lectura, LibroLeido

HOJA_DE: dict[str, str] = {"cronograma-pp": "Cronograma", "plan-trabajo": "Plan de trabajo"}
"""Formato → hoja de sus actividades."""


SIN_FASE = "Sin fase"


@dataclass(frozen=True)
class Programada:
    """Una actividad con su plazo interpretado (o el motivo por el que no se pudo)."""

    fila: Any
    plazo: Plazo | None
    problema: str | None


def actividades(libro: LibroLeido) -> tuple[Lectura | None, list[Any]]:
    """La hoja de actividades del formato y sus filas."""
    hoja = HOJA_DE.get(libro.formato.id, "")
    lectura = libro.hojas.get(hoja)
    return lectura, (lectura.filas if lectura else [])


def anio_del_proceso(libro: LibroLeido) -> int | None:
    """El año de la hoja «Datos» (o del título de un libro ajeno); si falta, el de las fechas escritas."""
    datos = datos_proceso(libro)
    if datos is not None and datos.anio:
        return datos.anio
    _, filas = actividades(libro)
    return anio_de_fechas([f.plazo for f in filas])


def programar(filas: list[Any], anio: int | None) -> list[Programada]:
    """Interpreta el plazo de cada fila; una fila sin plazo o ilegible queda con su motivo."""
    resultado = []
    for f in filas:
        if not f.plazo:
            resultado.append(Programada(f, None, "sin plazo"))
            continue
        try:
            resultado.append(Programada(f, interpretar_plazo(f.plazo, anio), None))
        except PlazoIlegible as problema:
            resultado.append(Programada(f, None, str(problema)))
    return resultado


def descripcion(fila: Any) -> str:
    """Lo que se hace: la actividad del cronograma o la subactividad (o acción) del plan."""
    for campo in ("actividad", "subactividades", "acciones", "estrategias"):
        valor = getattr(fila, campo, None)
        if valor:
            return valor
    return ""


def grupo(fila: Any) -> str:
    """Con qué se agrupa en el Gantt: la fase del cronograma o el objetivo del plan."""
    if hasattr(fila, "fase"):
        return fila.fase or SIN_FASE
    return fila.objetivo or "Sin objetivo"


def etapa(fila: Any) -> str:
    return (getattr(fila, "sub_etapa", None) or getattr(fila, "acciones", None)) or ""


_SEPARADOR_RESPONSABLES = re.compile(r"\s*[/;]\s*")


def responsables(fila: Any) -> list[str]:
    """Los responsables de una fila: «Equipo Técnico / Gerencia…» son dos."""
    texto = (fila.responsable or "").strip()
    return [r for r in _SEPARADOR_RESPONSABLES.split(texto) if r] if texto else []


@dataclass(frozen=True)
class CronogramaCalculado(Calculado):
    programadas: list[Programada]
    desde: date
    """Fecha desde la que se cuentan los vencimientos: la de referencia de «Datos» o la de hoy."""


def calcular(libro: LibroLeido, contexto: Contexto) -> CronogramaCalculado:
    """Plazo interpretado, Inicio y Fin de cada actividad."""
    _, filas = actividades(libro)
    programadas = programar(filas, anio_del_proceso(libro))
    programadas = [Programada(p.fila.model_copy(update={"inicio": p.plazo.inicio if p.plazo else None,
                                                          "fin": p.plazo.fin if p.plazo else None}),
                              p.plazo, p.problema) for p in programadas]
    calculado = libro.con_filas(HOJA_DE.get(libro.formato.id, ""), [p.fila for p in programadas])
    datos = datos_proceso(libro)
    desde = (datos.fecha_referencia if datos else None) or contexto.hoy
    return CronogramaCalculado(calculado, programadas, desde)
