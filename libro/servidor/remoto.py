"""El pedido JSON que xlwings Server recibe de Excel (forma Office.js), armado desde un archivo.

Sirve para probar los botones sin Excel y para medir cuántas acciones devuelven.
"""

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import xlwings

from libro.nucleo.fuentes import abrir


def _celda_json(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat() + ".000Z"
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day).isoformat() + ".000Z"
    if isinstance(v, time):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def payload_desde_archivo(ruta: Path, cliente: str = "Office.js") -> dict[str, Any]:
    """Todas las hojas con sus valores desde A1, como las manda el cliente de xlwings."""
    libro = abrir(ruta)
    hojas = []
    for nombre in libro.sheet_names:
        valores = libro.get_sheet_by_name(nombre).to_python(skip_empty_area=False) or [[""]]
        ancho = max(len(f) for f in valores) or 1
        hojas.append(
            {
                "name": nombre,
                "values": [[_celda_json(v) for v in f] + [""] * (ancho - len(f)) for f in valores],
                "pictures": [],
                "tables": [],
            }
        )
    return {
        "client": cliente,
        "version": xlwings.__version__,
        "book": {"name": ruta.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": hojas,
    }
