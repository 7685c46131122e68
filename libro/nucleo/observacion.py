"""La forma única de todo hallazgo: Observacion."""

from dataclasses import dataclass
from enum import StrEnum

from libro.nucleo.celdas import celda


class Severidad(StrEnum):
    ERROR = "error"
    ADVERTENCIA = "advertencia"


@dataclass(frozen=True, kw_only=True)
class Observacion:
    """Un hallazgo sobre una celda (o una hoja, si fila/columna faltan). Una clase de datos simple (la
    arma siempre `Catalogo.obs`): un libro con miles de observaciones las crea y las envía del trabajador
    al proceso principal sin validarlas de nuevo."""

    codigo: str
    severidad: Severidad
    hoja: str
    fila: int | None = None
    """Fila 0-based en la hoja."""
    columna: int | None = None
    """Columna 0-based en la hoja."""
    mensaje: str
    valor: str | None = None

    @property
    def celda(self) -> str:
        """Dirección A1 («N12»), o vacío si es de toda la hoja."""
        if self.fila is None:
            return ""
        return celda(self.fila, self.columna or 0)

    @property
    def es_error(self) -> bool:
        return self.severidad is Severidad.ERROR

    def como_dict(self) -> dict[str, str]:
        return {
            "codigo": self.codigo,
            "severidad": self.severidad.value,
            "hoja": self.hoja,
            "celda": self.celda,
            "mensaje": self.mensaje,
        }


def ordenar(observaciones: list[Observacion]) -> list[Observacion]:
    """Errores primero; luego por hoja, fila y columna."""
    return sorted(
        observaciones,
        key=lambda o: (not o.es_error, o.hoja, o.fila or -1, o.columna or -1, o.codigo),
    )
