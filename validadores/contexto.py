"""Datos externos al libro que algunas reglas necesitan (año esperado, fecha de hoy)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contexto:
    anio_fiscal: int | None = None
    """Año fiscal que OPP espera en todos los libros (opción --anio)."""
