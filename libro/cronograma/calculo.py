"""Lo que calcula el cronograma: el plazo interpretado de cada actividad, su inicio y su fin."""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from libro.cronograma.importar import anio_de_fechas, datos_proceso, rangos_de
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
    campo: str = "plazo"
    """Campo de la celda con el plazo o con el problema: «plazo», o «inicio» / «fin» si son dos columnas."""


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


def programar(
    filas: list[Any], anio: int | None, rangos: dict[int, tuple[str | None, str | None]] | None = None
) -> list[Programada]:
    """Interpreta el plazo de cada fila; una fila sin plazo o ilegible queda con su motivo.

    `rangos`: fila → (inicio, fin) de los libros que escriben el plazo en dos columnas.
    """
    resultado = []
    for f in filas:
        if rangos and f.fila in rangos:
            resultado.append(programar_rango(f, *rangos[f.fila], anio))
            continue
        if not f.plazo:
            resultado.append(Programada(f, None, "sin plazo"))
            continue
        try:
            resultado.append(Programada(f, interpretar_plazo(f.plazo, anio), None))
        except PlazoIlegible as problema:
            resultado.append(Programada(f, None, str(problema)))
    return resultado


def programar_rango(fila: Any, inicio: str | None, fin: str | None, anio: int | None) -> Programada:
    """Un plazo escrito en dos columnas: desde donde empieza lo escrito en la de inicio hasta donde
    termina lo de la de fin (cada una, una fecha o un texto como «07 de abril» o «junio»)."""
    partes: dict[str, Plazo] = {}
    for campo, texto in (("inicio", inicio), ("fin", fin)):
        if texto:
            try:
                partes[campo] = interpretar_plazo(texto, anio)
            except PlazoIlegible as problema:
                return Programada(fila, None, str(problema), campo)
    if not partes:
        return Programada(fila, None, "sin plazo")
    desde = (partes.get("inicio") or partes["fin"]).inicio
    hasta = (partes.get("fin") or partes["inicio"]).fin
    if hasta < desde:
        return Programada(fila, None, f"La fecha de término «{fin}» es anterior a la de inicio «{inicio}»: "
                                      "corrija la que está mal escrita", "fin")
    if any(p.tipo == "meses" for p in partes.values()):
        return Programada(fila, Plazo(fila.plazo, (), desde, hasta, "meses"), None)
    dias = tuple(desde + timedelta(days=i) for i in range((hasta - desde).days + 1))
    return Programada(fila, Plazo(fila.plazo, dias, desde, hasta, "rango"), None)


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
    programadas = programar(filas, anio_del_proceso(libro), rangos_de(libro))
    programadas = [replace(p, fila=p.fila.model_copy(update={"inicio": p.plazo.inicio if p.plazo else None,
                                                              "fin": p.plazo.fin if p.plazo else None}))
                   for p in programadas]
    calculado = libro.con_filas(HOJA_DE.get(libro.formato.id, ""), [p.fila for p in programadas])
    datos = datos_proceso(libro)
    desde = (datos.fecha_referencia if datos else None) or contexto.hoy
    return CronogramaCalculado(calculado, programadas, desde)
