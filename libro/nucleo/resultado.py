"""Lo que pasó con un archivo: su estado, su formato, sus observaciones y cómo se leyeron sus columnas."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from libro.nucleo.observacion import Observacion
from libro.nucleo.textos import clave

ESTADOS = ("ok", "observado", "ilegible", "desconocido", "omitido")


@dataclass(frozen=True)
class ColumnaLeida:
    """Un título de un libro que no trae el encabezado de la plantilla, y la columna que se leyó con él."""

    hoja: str
    celda: str
    """Celda del título («E5»; en una ficha, la de la etiqueta)."""
    encabezado: str
    """El título tal como está en el libro."""
    leida_como: str | None
    """El encabezado de la plantilla que se leyó con él, o None si la columna no se usa."""

    def como_dict(self) -> dict[str, str | None]:
        return {"hoja": self.hoja, "celda": self.celda, "encabezado": self.encabezado,
                "leida_como": self.leida_como}


def resumen_columnas(columnas: Iterable[ColumnaLeida]) -> str:
    """«hoja «Hoja1»: Plazo ← E5 «FECHA / PLAZO»…; columnas sin usar: A5 «Nº»»: lo que no es el
    título de la plantilla; los meses seguidos van en una sola entrada."""
    por_hoja: dict[str, tuple[list[list[ColumnaLeida]], list[str]]] = {}
    for c in columnas:
        leidas, sin_usar = por_hoja.setdefault(c.hoja, ([], []))
        if c.leida_como is None:
            sin_usar.append(f"{c.celda} «{c.encabezado}»")
        elif clave(c.encabezado) != clave(c.leida_como):
            if leidas and _seguidas(leidas[-1][-1], c):
                leidas[-1].append(c)
            else:
                leidas.append([c])
    partes = []
    for hoja, (leidas, sin_usar) in por_hoja.items():
        textos = [_corrida(corrida) for corrida in leidas]
        if sin_usar:
            textos.append(f"columnas sin usar: {', '.join(sin_usar)}")
        if textos:
            partes.append(f"hoja «{hoja}»: " + "; ".join(textos))
    return "Columnas leídas por su título — " + " | ".join(partes) + "." if partes else ""


def _sin_ultima(texto: str, separador: str) -> str:
    return texto.rsplit(separador, 1)[0] if separador in texto else ""


def _seguidas(a: ColumnaLeida, b: ColumnaLeida) -> bool:
    """Dos meses seguidos del mismo campo («Meta Ene», «Meta Feb») bajo el mismo título agrupador."""
    return (_sin_ultima(a.leida_como or "", " ") == _sin_ultima(b.leida_como or "", " ") != ""
            and _sin_ultima(a.encabezado, " / ") == _sin_ultima(b.encabezado, " / "))


def _corrida(corrida: list[ColumnaLeida]) -> str:
    primera, ultima = corrida[0], corrida[-1]
    if len(corrida) == 1:
        return f"{primera.leida_como} ← {primera.celda} «{primera.encabezado}»"
    return (f"{primera.leida_como} … {ultima.leida_como} ← {primera.celda} … {ultima.celda} "
            f"«{primera.encabezado}» … «{ultima.encabezado}»")


def anio_mayoritario(anios: Iterable[int | None]) -> int | None:
    """El año fiscal de la mayoría (ante un empate, el más reciente), como en la consolidación de OPP."""
    cuenta = Counter(a for a in anios if a)
    return max(cuenta, key=lambda a: (cuenta[a], a)) if cuenta else None


@dataclass
class Resultado:
    archivo: str
    estado: str
    formato: str | None = None
    observaciones: list[Observacion] = field(default_factory=list)
    detalle: str = ""
    columnas: list[ColumnaLeida] = field(default_factory=list)
    """Títulos leídos de las hojas que no traen el encabezado de la plantilla."""
    anio_fiscal: int | None = None
    """Año fiscal que declara el libro (hoja «Datos»), si lo tiene."""

    @property
    def errores(self) -> int:
        return sum(o.es_error for o in self.observaciones)

    @property
    def advertencias(self) -> int:
        return len(self.observaciones) - self.errores

    def como_dict(self) -> dict[str, Any]:
        return {
            "archivo": self.archivo,
            "formato": self.formato,
            "estado": self.estado,
            "detalle": self.detalle,
            "columnas": [c.como_dict() for c in self.columnas],
            "observaciones": [o.como_dict() for o in self.observaciones],
        }
