"""Reglas de validación, un módulo por dominio. Cada regla es una función que produce `Observacion`.

Qué reglas aplica cada formato lo dice su línea en `libro.registro`.
"""

from collections.abc import Iterable
from typing import Any

from libro.nucleo import lector
from libro.nucleo.catalogo import Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Regla
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, ordenar
from validadores import (
    cronograma,
    cronograma_poi,
    evaluacion,
    modificaciones,
    objetivos,
    poi,
    pp,
    rendicion,
    resumen_poa,
)

CATALOGO: dict[str, Definicion] = {
    d.codigo: d for c in (lector.CATALOGO, objetivos.CATALOGO, poi.CATALOGO, evaluacion.CATALOGO,
                           modificaciones.CATALOGO, pp.CATALOGO, cronograma.CATALOGO,
                           cronograma_poi.CATALOGO, resumen_poa.CATALOGO, rendicion.CATALOGO)
    for d in c
}


def validar(
    libro: LibroLeido, calculado: Any, contexto: Contexto, reglas: Iterable[Regla]
) -> list[Observacion]:
    """Lo que observó la lectura más lo que observan las reglas, ordenado."""
    hallazgos: list[Observacion] = list(libro.observaciones)
    for regla in reglas:
        hallazgos.extend(regla(libro, calculado, contexto))
    return ordenar(hallazgos)
