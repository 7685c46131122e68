"""Calendarios iCalendar (RFC 5545) de eventos de día completo, para Google Calendar u Outlook.

Un VEVENT por evento: va de su inicio a su fin (DTEND es el día siguiente al último, como pide la
norma para fechas); un evento de días sueltos es el del primer día que se repite en los demás
(RDATE). Lo escribe `icalendar`: CRLF y líneas plegadas a 75 octetos. Cada dominio arma sus
`Evento`; aquí solo se escriben.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, vText

from libro.nucleo.atomico import escribir_bytes


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


def texto_calendario(
    nombre: str, prodid: str, eventos: Iterable[Evento], marca: datetime | None = None
) -> str:
    """El VCALENDAR con sus eventos; `marca` es el DTSTAMP (por defecto, ahora).

    El texto lo arma `icalendar` (escapes de TEXT, CRLF y líneas plegadas a 75 octetos), en el orden
    en que se agregan las propiedades.
    """
    sello = (marca or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    for propiedad, valor in (("version", "2.0"), ("prodid", prodid), ("calscale", "GREGORIAN"),
                             ("method", "PUBLISH"), ("x-wr-calname", vText(nombre))):
        cal.add(propiedad, valor)
    for e in eventos:
        evento = Event()
        evento.add("uid", e.uid)
        evento.add("dtstamp", sello)
        evento.add("dtstart", e.inicio)
        if e.sueltos:
            evento.add("dtend", e.inicio + timedelta(days=1))
            evento.add("rdate", list(e.fechas[1:]))
        else:
            evento.add("dtend", e.fin + timedelta(days=1))
        evento.add("summary", e.resumen)
        evento.add("description", e.descripcion)
        evento.add("transp", "TRANSPARENT")
        if e.categoria:
            evento.add("categories", [e.categoria])
        cal.add_component(evento)
    return cal.to_ical(sorted=False).decode("utf-8")


def escribir_calendario(destino: Path, texto: str) -> None:
    """Escribe el .ics de forma atómica (temporal y luego reemplazo)."""
    escribir_bytes(destino, texto.encode("utf-8"))
