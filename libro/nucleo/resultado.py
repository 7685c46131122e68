"""Lo que pasó con un archivo: su estado, su formato y sus observaciones."""

from dataclasses import dataclass, field
from typing import Any

from libro.nucleo.observacion import Observacion

ESTADOS = ("ok", "observado", "ilegible", "desconocido", "omitido")


@dataclass
class Resultado:
    archivo: str
    estado: str
    formato: str | None = None
    observaciones: list[Observacion] = field(default_factory=list)
    detalle: str = ""

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
            "observaciones": [o.como_dict() for o in self.observaciones],
        }
