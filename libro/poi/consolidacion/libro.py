"""El libro consolidado de OPP en XlsxWriter: formatos, impresión A4 horizontal y fórmulas con resultado.

Las hojas las escriben `libro.poi.consolidacion.hojas` (POI institucional) y
`libro.poi.consolidacion.evaluacion`.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.celdas import letra
from libro.nucleo.codecs import NUMERO as METAS
from libro.nucleo.codecs import SOLES
from libro.nucleo.estilos import Estilos

PCT = "0.0%"


class LibroConsolidado:
    """Formatos de XlsxWriter (los de `plantilla.Estilos`) y la configuración de impresión de cada hoja."""

    def __init__(self, destino: Path, cache: bool) -> None:
        self.wb = xlsxwriter.Workbook(
            str(destino), {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
        )
        self.wb.set_properties({"title": "POI institucional consolidado", "author": "libro"})
        self.cache = cache
        e = Estilos(self.wb, arriba=False)
        self.f: dict[str, Any] = {
            "titulo": e("titulo"),
            "nota": e("leyenda"),
            "encabezado": e("encabezado"),
            "texto": e("texto"),
            "largo": e("largo"),
            "fecha": e(None, "dd/mm/yyyy"),
            "Rojo": e("Rojo"),
            "Ámbar": e("Ámbar"),
            "texto_total": e("total"),
        }
        for nombre, numero in (("soles", SOLES), ("metas", METAS), ("pct", PCT), ("entero", "0")):
            self.f[nombre] = e(None, numero)
            self.f[nombre + "_total"] = e("total", numero)

    def hoja(
        self,
        nombre: str,
        titulo: str,
        subtitulo: str,
        encabezados: list[str],
        anchos: list[float],
        fila_encabezado: int = 3,
        previo: Callable[[Worksheet], None] | None = None,
    ) -> Worksheet:
        """Hoja con título, subtítulo y encabezado. `constant_memory` obliga a escribir las filas en
        orden: lo que va entre el subtítulo y el encabezado lo escribe `previo`."""
        ws = self.wb.add_worksheet(nombre)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(fila_encabezado)
        ws.set_footer("&L&8" + titulo[:60] + "&R&8Página &P de &N")
        for j, ancho in enumerate(anchos):
            ws.set_column(j, j, ancho)
        ws.write_string(0, 0, titulo, self.f["titulo"])
        ws.write_string(1, 0, subtitulo, self.f["nota"])
        if previo:
            previo(ws)
        ws.write_row(fila_encabezado, 0, encabezados, self.f["encabezado"])
        ws.set_row(fila_encabezado, 30)
        ws.freeze_panes(fila_encabezado + 1, 0)
        return ws

    def formula(self, ws: Worksheet, r: int, c: int, formula: str, formato: str, valor: float | None) -> None:
        """Fórmula con su resultado guardado (el que verán los lectores que no recalculan), o 0 sin caché."""
        cache: float | str = 0
        if self.cache:
            cache = "" if valor is None else valor
        ws.write_formula(r, c, formula, self.f[formato], cache)

    def total(
        self, ws: Worksheet, r: int, c: int, desde: int, hasta: int, formato: str, valor: float | None
    ) -> None:
        """=SUM de la columna c entre las filas desde..hasta (0-based, inclusive)."""
        col = letra(c)
        texto = f"=SUM({col}{desde + 1}:{col}{hasta + 1})" if hasta >= desde else "=0"
        self.formula(ws, r, c, texto, formato + "_total", valor)

    @staticmethod
    def texto(ws: Worksheet, r: int, c: int, valor: str | None, formato: Any) -> None:
        ws.write_string(r, c, valor or "", formato)

    @staticmethod
    def numero(ws: Worksheet, r: int, c: int, valor: float | None, formato: Any) -> None:
        """Un número; las celdas vacías no se escriben (en el POI institucional son la mitad de los meses)."""
        if valor is not None:
            ws.write_number(r, c, valor, formato)
