"""Reglas de validación por formato. Cada regla es una función que produce `Observacion`."""

from collections.abc import Callable, Iterable, Iterator

from libro import lector
from libro.catalogo import Definicion
from libro.lector import LibroLeido
from libro.observacion import Observacion, ordenar
from validadores import cronograma, evaluacion, modificaciones, objetivos, poi, pp
from validadores.contexto import Contexto

Regla = Callable[[LibroLeido, Contexto], Iterator[Observacion]]

REGLAS: dict[str, tuple[Regla, ...]] = {
    "objetivos-pei": objetivos.REGLAS,
    "poi": objetivos.REGLAS + poi.REGLAS + modificaciones.REGLAS,
    "evaluacion-poi": evaluacion.REGLAS,
    "agentes-pp": pp.REGLAS_AGENTES,
    "proyectos-pp": pp.REGLAS_PROYECTOS,
    "cronograma-pp": cronograma.REGLAS,
    "plan-trabajo": cronograma.REGLAS_PLAN,
}

CATALOGO: dict[str, Definicion] = {
    d.codigo: d for c in (lector.CATALOGO, objetivos.CATALOGO, poi.CATALOGO, evaluacion.CATALOGO,
                           modificaciones.CATALOGO, pp.CATALOGO, cronograma.CATALOGO) for d in c
}


def validar(libro: LibroLeido, contexto: Contexto | None = None) -> list[Observacion]:
    """Lo que observó la lectura más lo que observan las reglas del formato, ordenado."""
    contexto = contexto or Contexto()
    hallazgos: list[Observacion] = list(libro.observaciones)
    reglas: Iterable[Regla] = REGLAS.get(libro.formato.id, ())
    for regla in reglas:
        hallazgos.extend(regla(libro, contexto))
    return ordenar(hallazgos)
