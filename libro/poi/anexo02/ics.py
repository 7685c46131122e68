"""Las fechas del Anexo 02 como calendario .ics (`libro calendario`): un evento por actividad.

Una actividad de una vez va de «Desde» a «Hasta»; el seguimiento mensual es un aviso el último día hábil
de cada mes. El UID sale de la tabla, el hito y la actividad (no de las fechas): si OPP mueve una fecha
y vuelve a exportar, el calendario actualiza el mismo evento.
"""

from datetime import datetime
from pathlib import Path

from libro.nucleo.contexto import Contexto
from libro.nucleo.ics import Evento, Identificadores, escribir_calendario, texto_calendario
from libro.nucleo.lector import LibroLeido
from libro.nucleo.textos import clave
from libro.poi.anexo02.calculo import calcular, cierres_mensuales
from libro.poi.anexo02.formato import MENSUAL, ActividadCronograma

PRODID = "-//libro//Cronograma del POI (Anexo 02)//ES"


def _descripcion(f: ActividadCronograma) -> str:
    partes = [f"Cronograma: {f.tabla}", f"Hito: {f.hito}"]
    if f.responsable:
        partes.append(f"Responsable: {f.responsable}")
    return "\n".join(partes)


def calendario(libro: LibroLeido, marca: datetime | None = None) -> tuple[str, list[ActividadCronograma]]:
    """El texto .ics y las actividades que quedaron fuera (sin fechas o con «Hasta» antes de «Desde»)."""
    c = calcular(libro, Contexto())
    uid = Identificadores(f"{libro.formato.id}.libro")
    nombre = f"{libro.formato.titulo} {c.anio or ''}".strip()
    eventos, fuera = [], []
    for f in (f for filas in c.por_tabla.values() for f in filas):
        if not (f.desde and f.hasta and f.desde <= f.hasta):
            fuera.append(f)
            continue
        fechas = tuple(cierres_mensuales(f.desde, f.hasta)) if f.periodicidad == MENSUAL else ()
        eventos.append(
            Evento(
                uid=uid("|".join(clave(x or "") for x in (f.tabla, f.hito, f.actividad))),
                inicio=fechas[0] if fechas else f.desde,
                fin=fechas[-1] if fechas else f.hasta,
                fechas=fechas,
                resumen=f.actividad or f.hito or "",
                descripcion=_descripcion(f),
                categoria=f.tabla,
            )
        )
    return texto_calendario(nombre, PRODID, eventos, marca), fuera


def escribir_ics(
    libro: LibroLeido, destino: Path, marca: datetime | None = None
) -> list[ActividadCronograma]:
    """Escribe el calendario de forma atómica; devuelve las actividades que no entraron."""
    texto, fuera = calendario(libro, marca)
    escribir_calendario(destino, texto)
    return fuera
