"""Informes del lote: JSON y un libro Excel con el resumen por archivo y todas las observaciones."""

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from libro.nucleo.atomico import escribir_atomico
from libro.nucleo.impresion import configurar, elegir_pagina
from libro.nucleo.resultado import Resultado
from libro.nucleo.textos import cabe_en_celda


def informe_json(resultados: list[Resultado]) -> bytes:
    return json.dumps(
        {"archivos": [r.como_dict() for r in resultados]}, ensure_ascii=False, indent=2
    ).encode()


ESTADOS_EN_PALABRAS = {
    "ok": "Correcto",
    "observado": "Con observaciones",
    "ilegible": "Ilegible",
    "desconocido": "Formato desconocido",
    "omitido": "Omitido (no es un libro)",
}
ANCHOS_ARCHIVOS = (34, 16, 18, 9, 12, 60)
ANCHOS_OBSERVACIONES = (30, 9, 11, 14, 7, 80)


def nombres_cortos(rutas: list[str]) -> dict[str, str]:
    """Cada archivo sin las carpetas que todos comparten («poi_GPP-01.xlsx», «2027/poi_GPP-01.xlsx»)."""
    try:
        comun = Path(os.path.commonpath([Path(r).parent for r in rutas])) if rutas else Path()
    except ValueError:  # rutas absolutas y relativas mezcladas
        return {r: Path(r).name for r in rutas}
    return {r: str(Path(r).relative_to(comun)) for r in rutas}


def _hoja(libro: Any, nombre: str, titulo: str, anchos: tuple[float, ...], encabezado: list[str],
          filas: list[list[Any]], momento: datetime) -> None:
    """Una hoja del informe: título, fecha, tabla con filtro, página apaisada que repite el encabezado."""
    formatos = {
        "titulo": libro.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E79"}),
        "nota": libro.add_format({"italic": True, "font_color": "#595959", "font_size": 10}),
        "encabezado": libro.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "font_size": 10,
                                        "text_wrap": True, "valign": "top"}),
        "celda": libro.add_format({"font_size": 10, "text_wrap": True, "valign": "top"}),
    }
    hoja = libro.add_worksheet(nombre)
    for j, ancho in enumerate(anchos):
        hoja.set_column(j, j, ancho, formatos["celda"])
    hoja.write_string(0, 0, titulo, formatos["titulo"])
    hoja.write_string(1, 0, f"Generado el {momento:%d/%m/%Y} a las {momento:%H:%M}.", formatos["nota"])
    hoja.write_row(3, 0, encabezado, formatos["encabezado"])
    for i, fila in enumerate(filas, start=4):
        hoja.write_row(i, 0, fila, formatos["celda"])
    hoja.autofilter(3, 0, max(4, 3 + len(filas)), len(encabezado) - 1)
    hoja.freeze_panes(4, 0)
    configurar(hoja, elegir_pagina(anchos, filas_titulo=(3, 3), vertical=False), titulo)


def informe_xlsx(resultados: list[Resultado], destino: Path, momento: datetime | None = None) -> None:
    """Informe de la validación por lotes: un resumen por archivo y todas las observaciones, para imprimir."""
    import xlsxwriter  # solo con --xlsx: no se carga al arrancar `libro validar`

    momento = momento or datetime.now()
    nombres = nombres_cortos([r.archivo for r in resultados])
    archivos = [
        [nombres[r.archivo], r.formato or "", ESTADOS_EN_PALABRAS.get(r.estado, r.estado), r.errores,
         r.advertencias, cabe_en_celda(r.detalle)]
        for r in resultados
    ]
    observaciones = [
        [nombres[r.archivo], o.codigo, o.severidad.value.capitalize(), o.hoja, o.celda,
         cabe_en_celda(o.mensaje)]
        for r in resultados
        for o in r.observaciones
    ]

    def escribir(ruta: Path) -> None:
        opciones = {"strings_to_formulas": False, "strings_to_urls": False}
        with xlsxwriter.Workbook(str(ruta), opciones) as libro:
            _hoja(libro, "Archivos", "INFORME DE VALIDACIÓN DE LIBROS", ANCHOS_ARCHIVOS,
                  ["Archivo", "Formato", "Estado", "Errores", "Advertencias", "Detalle"], archivos, momento)
            _hoja(libro, "Observaciones", "OBSERVACIONES POR ARCHIVO", ANCHOS_OBSERVACIONES,
                  ["Archivo", "Código", "Severidad", "Hoja", "Celda", "Mensaje"], observaciones, momento)

    escribir_atomico(destino, escribir)
