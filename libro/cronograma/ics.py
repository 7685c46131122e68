"""Los plazos del cronograma como calendario iCalendar (RFC 5545), para Google Calendar u Outlook.

Un VEVENT de día completo por plazo: un día, un rango o un periodo de meses va de su inicio a su
fin (DTEND es el día siguiente al último, como pide la norma para fechas); una lista de días
sueltos («15 y 18 de marzo») es un evento del primer día que se repite en los demás (RDATE).
El UID sale del contenido de la actividad y no de su fila, así que volver a exportar tras
insertar filas actualiza los mismos eventos en vez de duplicarlos. Texto con CRLF y líneas
plegadas a 75 octetos.
"""

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from libro.cronograma.calculo import Programada, actividades, anio_del_proceso, descripcion, programar
from libro.cronograma.importar import datos_proceso
from libro.nucleo.lector import LibroLeido
from libro.nucleo.textos import clave

PRODID = "-//libro//Cronograma del Presupuesto Participativo//ES"
LARGO_LINEA = 75


def escapar(texto: str) -> str:
    """TEXT de RFC 5545 (3.3.11): barra, punto y coma, coma y salto de línea escapados."""
    return (texto.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def plegar(linea: str) -> str:
    """Pliega una línea de contenido en trozos de a lo sumo 75 octetos UTF-8 (RFC 5545, 3.1)."""
    trozos: list[str] = []
    actual, octetos = "", 0
    limite = LARGO_LINEA
    for caracter in linea:
        largo = len(caracter.encode("utf-8"))
        if octetos + largo > limite:
            trozos.append(actual)
            actual, octetos = " ", 1
            limite = LARGO_LINEA
        actual += caracter
        octetos += largo
    trozos.append(actual)
    return "\r\n".join(trozos)


def _dia(d: date) -> str:
    return f"{d:%Y%m%d}"


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
    sello = (marca or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lineas = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
              f"X-WR-CALNAME:{escapar(nombre)}"]
    vistas: Counter[str] = Counter()
    fuera = []
    for p in programadas:
        if p.plazo is None:
            fuera.append(p)
            continue
        base = uid(p, 0, dominio)
        vistas[base] += 1
        identificador = base if vistas[base] == 1 else uid(p, vistas[base] - 1, dominio)
        lineas += ["BEGIN:VEVENT", f"UID:{identificador}", f"DTSTAMP:{sello}",
                   f"DTSTART;VALUE=DATE:{_dia(p.plazo.inicio)}"]
        sueltos = len(p.plazo.fechas) > 1 and (p.plazo.fin - p.plazo.inicio).days + 1 != len(p.plazo.fechas)
        if sueltos:
            lineas.append(f"DTEND;VALUE=DATE:{_dia(p.plazo.inicio + timedelta(days=1))}")
            lineas.append("RDATE;VALUE=DATE:" + ",".join(_dia(d) for d in p.plazo.fechas[1:]))
        else:
            lineas.append(f"DTEND;VALUE=DATE:{_dia(p.plazo.fin + timedelta(days=1))}")
        lineas += [f"SUMMARY:{escapar(descripcion(p.fila))}",
                   f"DESCRIPTION:{escapar(_descripcion_evento(p))}",
                   "TRANSP:TRANSPARENT"]
        grupo = getattr(p.fila, "fase", None) or getattr(p.fila, "objetivo", None)
        if grupo:
            lineas.append(f"CATEGORIES:{escapar(grupo)}")
        lineas.append("END:VEVENT")
    lineas.append("END:VCALENDAR")
    return "".join(plegar(linea) + "\r\n" for linea in lineas), fuera


def escribir_ics(libro: LibroLeido, destino: Path, marca: datetime | None = None) -> list[Programada]:
    """Escribe el calendario de forma atómica; devuelve las actividades que no entraron."""
    texto, fuera = calendario(libro, marca)
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    temporal.write_bytes(texto.encode("utf-8"))
    temporal.replace(destino)
    return fuera
