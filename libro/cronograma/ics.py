"""Los plazos del cronograma como calendario iCalendar (RFC 5545), para Google Calendar u Outlook.

Un evento de día completo por plazo (`libro.nucleo.ics` lo escribe): un día, un rango o un periodo de
meses va de su inicio a su fin; una lista de días sueltos («15 y 18 de marzo») es un evento del primer
día que se repite en los demás. El UID sale del contenido de la actividad y no de su fila, así que
volver a exportar tras insertar filas actualiza los mismos eventos en vez de duplicarlos.
"""

from datetime import datetime
from pathlib import Path

from libro.cronograma.calculo import Programada, actividades, anio_del_proceso, descripcion, programar
from libro.cronograma.importar import datos_proceso
from libro.nucleo.ics import Evento, Identificadores, escribir_calendario, texto_calendario
from libro.nucleo.lector import LibroLeido
from libro.nucleo.textos import clave

PRODID = "-//libro//Cronograma del Presupuesto Participativo//ES"


def contenido(p: Programada) -> str:
    """Lo que identifica el evento: objetivo, actividad y plazo escrito (no la fila)."""
    partes = (getattr(p.fila, "objetivo", ""), descripcion(p.fila), p.fila.plazo)
    return "|".join(clave(x or "") for x in partes)


def _descripcion_evento(p: Programada) -> str:
    partes = []
    for etiqueta, campo in (("Fase", "fase"), ("Sub-etapa", "sub_etapa"), ("Objetivo", "objetivo"),
                            ("Acción", "acciones"), ("Metas", "metas"), ("Indicador", "indicador"),
                            ("Estrategias", "estrategias"), ("Responsable", "responsable")):
        valor = getattr(p.fila, campo, None)
        if valor:
            partes.append(f"{etiqueta}: {valor}")
    partes.append(f"Plazo escrito: {p.fila.plazo}")
    return "\n".join(partes)


def calendario(libro: LibroLeido, marca: datetime | None = None) -> tuple[str, list[Programada]]:
    """El texto .ics del libro y las actividades que quedaron fuera (plazo vacío o ilegible)."""
    _, filas = actividades(libro)
    programadas = programar(filas, anio_del_proceso(libro))
    datos = datos_proceso(libro)
    nombre = (datos.titulo if datos and datos.titulo else None) or libro.formato.titulo
    uid = Identificadores(f"{libro.formato.id}.libro")
    eventos, fuera = [], []
    for p in programadas:
        if p.plazo is None:
            fuera.append(p)
            continue
        eventos.append(
            Evento(
                uid=uid(contenido(p)),
                inicio=p.plazo.inicio,
                fin=p.plazo.fin,
                fechas=tuple(p.plazo.fechas),
                resumen=descripcion(p.fila),
                descripcion=_descripcion_evento(p),
                categoria=getattr(p.fila, "fase", None) or getattr(p.fila, "objetivo", None),
            )
        )
    return texto_calendario(nombre, PRODID, eventos, marca), fuera


def escribir_ics(libro: LibroLeido, destino: Path, marca: datetime | None = None) -> list[Programada]:
    """Escribe el calendario de forma atómica; devuelve las actividades que no entraron."""
    texto, fuera = calendario(libro, marca)
    escribir_calendario(destino, texto)
    return fuera
