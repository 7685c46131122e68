"""Consolidación institucional del POI (OPP): `tablas(consolidacion)` da sus tablas como DataFrames.

`tablas` y `Tablas` se importan al pedirlas: los procesos que leen cada libro no cargan pandas.
"""

from typing import Any


def __getattr__(nombre: str) -> Any:
    if nombre in ("tablas", "Tablas"):
        from libro.poi.consolidacion import agregados

        return getattr(agregados, nombre)
    raise AttributeError(nombre)
