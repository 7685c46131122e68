"""Informes del lote: JSON y un libro Excel con el resumen por archivo y todas las observaciones."""

import json
import os
import tempfile
from pathlib import Path

from libro.nucleo.resultado import Resultado


def escribir_atomico(destino: Path, datos: bytes) -> None:
    """Escribe en un temporal del mismo directorio y lo reemplaza: nunca queda un archivo a medias."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    fd, temporal = tempfile.mkstemp(dir=destino.parent, prefix=f".{destino.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(datos)
    os.replace(temporal, destino)


def informe_json(resultados: list[Resultado]) -> bytes:
    return json.dumps(
        {"archivos": [r.como_dict() for r in resultados]}, ensure_ascii=False, indent=2
    ).encode()


def informe_xlsx(resultados: list[Resultado], destino: Path) -> None:
    import xlsxwriter  # solo con --xlsx: no se carga al arrancar `libro validar`

    temporal = destino.with_name(f".{destino.name}.tmp")
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(temporal), {"strings_to_formulas": False, "strings_to_urls": False})
    negrita = libro.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    resumen = libro.add_worksheet("Archivos")
    resumen.write_row(0, 0, ["Archivo", "Formato", "Estado", "Errores", "Advertencias", "Detalle"], negrita)
    for i, r in enumerate(resultados, start=1):
        resumen.write_row(i, 0, [r.archivo, r.formato or "", r.estado, r.errores, r.advertencias, r.detalle])
    resumen.set_column(0, 0, 50)
    resumen.set_column(5, 5, 80)
    resumen.autofilter(0, 0, max(1, len(resultados)), 5)
    hoja = libro.add_worksheet("Observaciones")
    hoja.write_row(0, 0, ["Archivo", "Código", "Severidad", "Hoja", "Celda", "Mensaje"], negrita)
    fila = 1
    for r in resultados:
        for o in r.observaciones:
            hoja.write_row(fila, 0, [r.archivo, o.codigo, o.severidad.value, o.hoja, o.celda, o.mensaje])
            fila += 1
    hoja.set_column(0, 0, 40)
    hoja.set_column(5, 5, 110)
    hoja.autofilter(0, 0, max(1, fila - 1), 5)
    hoja.freeze_panes(1, 0)
    libro.close()
    temporal.replace(destino)
