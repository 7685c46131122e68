"""Catálogo de códigos de observación: datos estables, mensajes que se arman al usarlos.

Un código publicado no se renombra ni se reutiliza. Cada módulo de reglas declara sus
`Definicion` y crea su propio `Catalogo`; `validadores.CATALOGO` los reúne para la documentación.
Un mensaje nunca crece con lo que trae una celda: cada valor citado («…») se acota a 80 caracteres.
"""

from dataclasses import dataclass
from typing import Any

from libro.nucleo.celdas import celda
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import acotar, acotar_citas

LARGO_DATO = 400
"""Caracteres de un dato de texto del mensaje (una lista de columnas, el porqué de un valor no válido)."""


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
        citado = acotar(_mostrar(valor))
        texto = d.plantilla.format(valor=citado, **{k: _dato(v) for k, v in datos.items()})
        return Observacion(
            codigo=codigo,
            severidad=d.severidad,
            hoja=hoja,
            fila=fila,
            columna=columna,
            mensaje=acotar_citas(f"{lugar}: {texto}"),
            valor=None if valor is None else citado,
        )


def _dato(dato: Any) -> Any:
    """Un dato del mensaje: los números, tal cual (para su formato); los textos (que pueden traer valores de
    celdas, también citados dentro de otro texto), acotados."""
    return acotar(acotar_citas(dato), LARGO_DATO) if isinstance(dato, str) else dato


def _mostrar(valor: Any) -> str:
    if isinstance(valor, float):
        return f"{valor:,.2f}".rstrip("0").rstrip(".") if not valor.is_integer() else f"{valor:,.0f}"
    return str(valor)
