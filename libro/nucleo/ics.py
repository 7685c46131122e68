"""Calendarios iCalendar (RFC 5545) de eventos de día completo, para Google Calendar u Outlook.

Un VEVENT por evento: va de su inicio a su fin (DTEND es el día siguiente al último, como pide la
norma para fechas); un evento de días sueltos es el del primer día que se repite en los demás
(RDATE). Texto con CRLF y líneas plegadas a 75 octetos. Cada dominio arma sus `Evento`; aquí solo se
escriben.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

LARGO_LINEA = 75


@dataclass(frozen=True)
class Evento:
    uid: str
    inicio: date
    fin: date
    resumen: str
    descripcion: str = ""
    categoria: str | None = None
    fechas: tuple[date, ...] = ()
    """Los días exactos, si el evento es una lista de días («15 y 18 de marzo»)."""

    @property
    def sueltos(self) -> bool:
        return len(self.fechas) > 1 and (self.fin - self.inicio).days + 1 != len(self.fechas)


class Identificadores:
    """UID estables que salen del contenido del evento (no de su fila): exportar otra vez, aunque se hayan
    insertado filas o movido fechas, actualiza los mismos eventos. Dos eventos de igual contenido se
    distinguen por su orden."""

    def __init__(self, dominio: str) -> None:
        self.dominio = dominio
        self.vistos: Counter[str] = Counter()

    def __call__(self, contenido: str) -> str:
        orden = self.vistos[contenido]
        self.vistos[contenido] += 1
        resumen = hashlib.sha1(f"{contenido}|{orden}".encode()).hexdigest()[:20]
        return f"{resumen}@{self.dominio}"


def escapar(texto: str) -> str:
    """TEXT de RFC 5545 (3.3.11): barra, punto y coma, coma y salto de línea escapados."""
    return (
        texto.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def plegar(linea: str) -> str:
    """Pliega una línea de contenido en trozos de a lo sumo 75 octetos UTF-8 (RFC 5545, 3.1)."""
    trozos: list[str] = []
    actual, octetos = "", 0
    for caracter in linea:
        largo = len(caracter.encode("utf-8"))
        if octetos + largo > LARGO_LINEA:
            trozos.append(actual)
            actual, octetos = " ", 1
        actual += caracter
        octetos += largo
    trozos.append(actual)
    return "\r\n".join(trozos)


def _dia(d: date) -> str:
    return f"{d:%Y%m%d}"


def _lineas_evento(e: Evento, sello: str) -> list[str]:
    lineas = ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{sello}", f"DTSTART;VALUE=DATE:{_dia(e.inicio)}"]
    if e.sueltos:
        lineas.append(f"DTEND;VALUE=DATE:{_dia(e.inicio + timedelta(days=1))}")
        lineas.append("RDATE;VALUE=DATE:" + ",".join(_dia(d) for d in e.fechas[1:]))
    else:
        lineas.append(f"DTEND;VALUE=DATE:{_dia(e.fin + timedelta(days=1))}")
    lineas += [f"SUMMARY:{escapar(e.resumen)}", f"DESCRIPTION:{escapar(e.descripcion)}", "TRANSP:TRANSPARENT"]
    if e.categoria:
        lineas.append(f"CATEGORIES:{escapar(e.categoria)}")
    lineas.append("END:VEVENT")
    return lineas


def texto_calendario(
    nombre: str, prodid: str, eventos: Iterable[Evento], marca: datetime | None = None
) -> str:
    """El VCALENDAR con sus eventos; `marca` es el DTSTAMP (por defecto, ahora)."""
    sello = (marca or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lineas = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escapar(nombre)}",
    ]
    for e in eventos:
        lineas += _lineas_evento(e, sello)
    lineas.append("END:VCALENDAR")
    return "".join(plegar(linea) + "\r\n" for linea in lineas)


def escribir_calendario(destino: Path, texto: str) -> None:
    """Escribe el .ics de forma atómica (temporal y luego reemplazo)."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    temporal.write_bytes(texto.encode("utf-8"))
    temporal.replace(destino)
