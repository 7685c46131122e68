"""Catálogo de códigos de observación: datos estables, mensajes que se arman al usarlos.

Un código publicado no se renombra ni se reutiliza. Cada módulo de reglas declara sus
`Definicion` y crea su propio `Catalogo`; `validadores.CATALOGO` los reúne para la documentación.
"""

from dataclasses import dataclass
from typing import Any

from libro.nucleo.celdas import celda
from libro.nucleo.observacion import Observacion, Severidad


@dataclass(frozen=True)
class Definicion:
    codigo: str
    severidad: Severidad
    titulo: str
    plantilla: str
    """Texto con campos {nombre}; dice qué se encontró, qué se esperaba y cómo corregirlo."""


class Catalogo:
    def __init__(self, *definiciones: Definicion) -> None:
        self.definiciones = {d.codigo: d for d in definiciones}
        if len(self.definiciones) != len(definiciones):
            raise ValueError("códigos repetidos en el catálogo")

    def __iter__(self):
        return iter(self.definiciones.values())

    def obs(
        self,
        codigo: str,
        hoja: str,
        fila: int | None = None,
        columna: int | None = None,
        valor: Any = None,
        **datos: Any,
    ) -> Observacion:
        """Arma la observación con su mensaje, que nombra la hoja y la celda."""
        d = self.definiciones[codigo]
        lugar = f"Hoja «{hoja}»" if fila is None else f"Hoja «{hoja}», celda {celda(fila, columna or 0)}"
        texto = d.plantilla.format(valor=_mostrar(valor), **datos)
        return Observacion(
            codigo=codigo,
            severidad=d.severidad,
            hoja=hoja,
            fila=fila,
            columna=columna,
            mensaje=f"{lugar}: {texto}",
            valor=None if valor is None else _mostrar(valor),
        )


def _mostrar(valor: Any) -> str:
    if isinstance(valor, float):
        return f"{valor:,.2f}".rstrip("0").rstrip(".") if not valor.is_integer() else f"{valor:,.0f}"
    return str(valor)
