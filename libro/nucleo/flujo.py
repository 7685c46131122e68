"""El recorrido de un libro: leer → calcular (una vez) → validar → hojas generadas → un plan de escritura.

Cada formato lo declara en una `Entrada` de su dominio: su cálculo puro, las hojas que genera con lo
calculado, los botones que ofrece, el lector de libros ajenos y los adornos de su plantilla.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import Formato
from libro.nucleo.escritura import Escritura
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion


@dataclass(frozen=True)
class Calculado:
    """Lo que calcula un formato: el libro tal como queda con sus celdas calculadas, y lo derivado."""

    libro: LibroLeido


Regla = Callable[[LibroLeido, Any, Contexto], Iterator[Observacion]]
"""Una regla: (libro leído, lo calculado, contexto) → observaciones. Nunca ve Excel."""
Calculo = Callable[[LibroLeido, Contexto], Calculado]
Hojas = Callable[[Any], dict[str, Escritura]]
"""Lo calculado → partes del plan de escritura por nombre («celdas», «Resumen», «Acta»…)."""
Importador = Callable[[Path, Any, Formato | None], LibroLeido | None]
Adorno = Callable[[Any, Any], None]
"""(libro XlsxWriter, hoja) → gráficos o formatos condicionales de una hoja generada de la plantilla."""


class Perezoso:
    """Lo calculado, que se calcula la primera vez que se mira: validar un libro tal como está
    rara vez lo necesita (ninguna regla del POI lo mira) y calcular cuesta tanto como leer."""

    def __init__(self, calcular: Callable[[], Calculado]) -> None:
        self._calcular = calcular

    @cached_property
    def _calculado(self) -> Calculado:
        return self._calcular()

    def __getattr__(self, nombre: str) -> Any:
        return getattr(self._calculado, nombre)


def sin_calculo(libro: LibroLeido, contexto: Contexto) -> Calculado:
    return Calculado(libro)


def sin_hojas(calculado: Calculado) -> dict[str, Escritura]:
    return {}


@dataclass(frozen=True)
class Accion:
    """Lo que hace un botón: qué partes de lo calculado escribe y si valida.

    `partes=None` escribe todas; `()` ninguna (solo valida el libro tal como está).
    """

    partes: tuple[str, ...] | None = None
    valida: bool = True
    mensaje: str = ""
    """Lo que el botón avisa al terminar; vacío: el conteo de observaciones."""


VALIDAR = Accion(partes=())
CALCULAR = Accion()


@dataclass(frozen=True)
class Entrada:
    """Todo lo que un formato hace, declarado una vez en su dominio."""

    formato: Formato
    calcular: Calculo = sin_calculo
    hojas: Hojas = sin_hojas
    acciones: Mapping[str, Accion] = field(default_factory=dict)
    """Botón (nombre de la función de `macros_py/<formato>.py`) → acción."""
    importar: Importador | None = None
    adornos: Mapping[str, Adorno] = field(default_factory=dict)
    """Hoja generada → adorno de la plantilla."""
    plantilla_anual: Callable[[int], dict[str, list[Any]]] | None = None
    """Filas con que `libro plantilla FORMATO --anio N` llena la plantilla (p. ej. fechas del Anexo 02)."""
    reglas: tuple[Regla, ...] = ()
    """Las pone el registro (`libro.registro`): las reglas viven en `validadores`."""

    def escritura(self, calculado: Calculado, partes: tuple[str, ...] | None = None) -> Escritura:
        """Las partes pedidas (todas si `partes` es None) de lo que el formato escribe, en orden."""
        escritura = Escritura()
        for nombre, parte in self.hojas(calculado).items():
            if partes is None or nombre in partes:
                escritura.agregar(*parte.operaciones)
        return escritura
