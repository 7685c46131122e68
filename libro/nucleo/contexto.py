"""Datos externos al libro que el cálculo y las reglas necesitan: año esperado y fecha de hoy.

Ningún cálculo lee el reloj: la fecha de hoy la fija quien arma el contexto (la CLI, el botón) y
las pruebas la fijan a mano.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Contexto:
    anio_fiscal: int | None = None
    """Año fiscal que OPP espera en todos los libros (opción --anio)."""
    hoy: date = field(default_factory=date.today)
    """Fecha a la que se calcula (vencimientos, plazos de subsanación, reemplazos)."""
    momento: datetime = field(default_factory=lambda: datetime.now().replace(second=0, microsecond=0))
    """Fecha y hora de la validación que anota «Observaciones»; ningún cálculo lo usa."""
