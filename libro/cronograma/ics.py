"""Los plazos del cronograma como calendario iCalendar (RFC 5545), para Google Calendar u Outlook.

Un VEVENT de día completo por plazo: un día, un rango o un periodo de meses va de su inicio a su
fin (DTEND es el día siguiente al último, como pide la norma para fechas); una lista de días
sueltos («15 y 18 de marzo») es un evento del primer día que se repite en los demás (RDATE).
El UID sale del contenido de la actividad y no de su fila, así que volver a exportar tras
insertar filas actualiza los mismos eventos en vez de duplicarlos. El texto lo arma `icalendar`
(escapes de TEXT, CRLF y líneas plegadas a 75 octetos), en el orden en que se agregan las propiedades.
"""

import hashlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, vText

from libro.cronograma.calculo import Programada, actividades, anio_del_proceso, descripcion, programar
from libro.cronograma.importar import datos_proceso
from libro.nucleo.lector import LibroLeido
from libro.nucleo.textos import clave

PRODID = "-//libro//Cronograma del Presupuesto Participativo//ES"


def uid(p: Programada, repeticion: int, dominio: str) -> str:
    """Identificador estable: actividad, objetivo y plazo escrito (más el orden si se repiten)."""
    partes = (getattr(p.fila, "objetivo", ""), descripcion(p.fila), p.fila.plazo)
    base = "|".join(clave(x or "") for x in partes)
    resumen = hashlib.sha1(f"{base}|{repeticion}".encode()).hexdigest()[:20]
    return f"{resumen}@{dominio}"


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
    dominio = f"{libro.formato.id}.libro"
    sello = (marca or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    for nombre_prop, valor in (("version", "2.0"), ("prodid", PRODID), ("calscale", "GREGORIAN"),
                               ("method", "PUBLISH"), ("x-wr-calname", vText(nombre))):
        cal.add(nombre_prop, valor)
    vistas: Counter[str] = Counter()
    fuera = []
    for p in programadas:
        if p.plazo is None:
            fuera.append(p)
            continue
        base = uid(p, 0, dominio)
        vistas[base] += 1
        evento = Event()
        evento.add("uid", base if vistas[base] == 1 else uid(p, vistas[base] - 1, dominio))
        evento.add("dtstamp", sello)
        evento.add("dtstart", p.plazo.inicio)
        sueltos = len(p.plazo.fechas) > 1 and (p.plazo.fin - p.plazo.inicio).days + 1 != len(p.plazo.fechas)
        if sueltos:
            evento.add("dtend", p.plazo.inicio + timedelta(days=1))
            evento.add("rdate", list(p.plazo.fechas[1:]))
        else:
            evento.add("dtend", p.plazo.fin + timedelta(days=1))
        evento.add("summary", descripcion(p.fila))
        evento.add("description", _descripcion_evento(p))
        evento.add("transp", "TRANSPARENT")
        grupo = getattr(p.fila, "fase", None) or getattr(p.fila, "objetivo", None)
        if grupo:
            evento.add("categories", [grupo])
        cal.add_component(evento)
    return cal.to_ical(sorted=False).decode("utf-8"), fuera


def escribir_ics(libro: LibroLeido, destino: Path, marca: datetime | None = None) -> list[Programada]:
    """Escribe el calendario de forma atómica; devuelve las actividades que no entraron."""
    texto, fuera = calendario(libro, marca)
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    temporal.write_bytes(texto.encode("utf-8"))
    temporal.replace(destino)
    return fuera
