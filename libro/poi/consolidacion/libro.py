"""El libro consolidado de OPP en XlsxWriter: formatos, impresión de cada hoja y fórmulas con resultado.

Las hojas las escriben `libro.poi.consolidacion.hojas` (POI institucional) y
`libro.poi.consolidacion.evaluacion`; las filas de las hojas largas, `libro.poi.consolidacion.volcado`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_range_abs
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.atomico import escribir_atomico
from libro.nucleo.codecs import ENTERO, FECHA, NUMERO, PORCENTAJE, SOLES
from libro.nucleo.estilos import Estilos
from libro.nucleo.textos import fecha_texto
from libro.poi.consolidacion.volcado import ALTO_LINEA, Celda, Insercion, Molde, empaquetar, lineas

NUMEROS = {"soles": SOLES, "metas": NUMERO, "pct": PORCENTAJE, "entero": ENTERO, "fecha": FECHA}
"""Los formatos de número del consolidado: los de los codecs."""

PAPELES = ((9, False, 595.3), (9, True, 841.9), (8, True, 1190.6))
"""A4 vertical, A4 horizontal y A3 horizontal: (código de papel, horizontal, ancho en puntos)."""
MARGEN = 0.4
"""Margen izquierdo y derecho, en pulgadas."""
ESCALA_MINIMA = 80
"""% mínimo al elegir el papel: el texto de 10 puntos no baja de 8 (7,5 con la medida de LibreOffice)."""
HOLGURA = 0.95
"""Parte del ancho útil que llena un bloque: Excel y LibreOffice miden las columnas algo distinto."""


def puntos(anchos: Iterable[float]) -> float:
    """Ancho impreso de las columnas al 100 %: el ancho en píxeles de Excel (Calibri 11) en puntos."""
    return sum(int(a * 7 + 0.5) + 5 for a in anchos) * 0.75


def util(ancho_papel: float) -> float:
    return ancho_papel - 2 * MARGEN * 72


@dataclass(frozen=True)
class Encabezado:
    """Una columna de una hoja del consolidado: su encabezado y su ancho."""

    texto: str
    ancho: float


@dataclass(frozen=True)
class Bloques:
    """Hoja demasiado ancha para una página: se imprime en bloques de columnas (A3 horizontal) y
    las `fijas` primeras columnas se repiten en cada bloque; `cortes` son las columnas donde empieza
    cada bloque después del primero."""

    fijas: int
    cortes: tuple[int, ...]

    def escala(self, anchos: Sequence[float]) -> int:
        limites = (self.fijas, *self.cortes, len(anchos))
        tramos = [anchos[a:b] for a, b in zip(limites, limites[1:], strict=False)]
        mayor = max(puntos([*anchos[: self.fijas], *tramo]) for tramo in tramos)
        return min(100, int(100 * HOLGURA * util(PAPELES[-1][2]) / mayor))


class LibroConsolidado:
    """Formatos de XlsxWriter (los de la tabla de estilos), impresión de cada hoja y hojas largas."""

    def __init__(self, cache: bool, anio: int | None, hoy: date) -> None:
        self.paquete = BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.paquete, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.wb.set_properties({"title": "POI institucional consolidado", "author": "Libro"})
        self.cache = cache
        self.anio = f"Año fiscal {anio or '—'}"
        self.pie = f"&L&10Consolidado del POI (complemento Libro), {fecha_texto(hoy)}&R&10Página &P de &N"
        self.inserciones: list[Insercion] = []
        e = Estilos(self.wb)
        self.f: dict[str, Any] = {
            "titulo": e("titulo"),
            "nota": e("leyenda"),
            "encabezado": e("encabezado"),
            "texto": e("texto"),
            "largo": e("largo"),
            "Rojo": e("Rojo"),
            "Ámbar": e("Ámbar"),
            "texto_total": e("total"),
        }
        for nombre, numero in NUMEROS.items():
            self.f[nombre] = e(None, numero)
            self.f[nombre + "_total"] = e("total", numero)
        self.de_numero = {numero: nombre for nombre, numero in NUMEROS.items()}

    def hoja(
        self,
        nombre: str,
        titulo: str,
        subtitulo: str,
        columnas: Sequence[Encabezado],
        fila_encabezado: int = 3,
        previo: Callable[[Worksheet], None] | None = None,
        grupos: Sequence[tuple[str, int, int]] = (),
        bloques: Bloques | None = None,
    ) -> Worksheet:
        """Hoja con título, subtítulo, encabezado (y una fila de grupos sobre él), impresión elegida
        para su ancho; lo que va entre el subtítulo y el encabezado lo escribe `previo`."""
        ws = self.wb.add_worksheet(nombre)
        anchos = [c.ancho for c in columnas]
        for j, ancho in enumerate(anchos):
            ws.set_column(j, j, ancho)
        ws.write_string(0, 0, titulo, self.f["titulo"])
        ws.write_string(1, 0, subtitulo, self.f["nota"])
        if previo:
            previo(ws)
        for texto, desde, hasta in grupos:
            if hasta > desde:
                ws.merge_range(
                    fila_encabezado - 1, desde, fila_encabezado - 1, hasta, texto, self.f["encabezado"]
                )
            else:
                ws.write_string(fila_encabezado - 1, desde, texto, self.f["encabezado"])
        ws.write_row(fila_encabezado, 0, [c.texto for c in columnas], self.f["encabezado"])
        ws.set_row(fila_encabezado, 42)
        ws.freeze_panes(fila_encabezado + 1, bloques.fijas if bloques else 0)
        self._imprimir(ws, titulo, anchos, fila_encabezado - (1 if grupos else 0), fila_encabezado, bloques)
        return ws

    def _imprimir(
        self, ws: Worksheet, titulo: str, anchos: list[float], desde: int, hasta: int, bloques: Bloques | None
    ) -> None:
        """Papel, orientación y escala para que el texto no baje de 7 puntos; títulos repetidos;
        encabezado con el título y pie con la fecha y «Página N de M»."""
        ws.set_margins(left=MARGEN, right=MARGEN, top=0.75, bottom=0.6)
        fijo = {"margin": 0.3}
        ws.set_header(f"&L&10&B{titulo.replace('&', '&&')}&B&R&10{self.anio}", fijo)
        ws.set_footer(self.pie, fijo)
        ws.set_start_page(1)
        ws.repeat_rows(desde, hasta)
        ws.center_horizontally()
        if bloques is not None:
            ws.set_paper(PAPELES[-1][0])
            ws.set_landscape()
            ws.set_print_scale(bloques.escala(anchos))
            ws.set_v_pagebreaks(list(bloques.cortes))
            ws.repeat_columns(0, bloques.fijas - 1)
            ws.print_across()
            return
        ancho = puntos(anchos)
        papel, horizontal, _ = next(
            (p for p in PAPELES if ancho * ESCALA_MINIMA / 100 <= util(p[2])), PAPELES[-1]
        )
        ws.set_paper(papel)
        if horizontal:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)

    def formula(self, ws: Worksheet, r: int, c: int, formula: str, formato: str, valor: Any) -> None:
        """Fórmula con su resultado guardado (el que verán los lectores que no recalculan), o 0 sin caché."""
        cache: float | str = 0
        if self.cache:
            cache = "" if valor is None or valor != valor else valor
        ws.write_formula(r, c, formula, self.f[formato], cache)

    def total(self, ws: Worksheet, r: int, c: int, desde: int, hasta: int, formato: str, valor: Any) -> None:
        """=SUM de la columna c entre las filas desde..hasta (0-based, inclusive)."""
        col = xl_col_to_name(c)
        texto = f"=SUM({col}{desde + 1}:{col}{hasta + 1})" if hasta >= desde else "=0"
        self.formula(ws, r, c, texto, formato + "_total", valor)

    def celda(
        self, formato: str, texto: bool = False, formula: str | None = None, ajuste: float | None = None
    ) -> Celda:
        """Cómo se escribe una columna de una hoja larga (ver `largas`)."""
        return Celda(self.f[formato]._get_xf_index(), texto, formula, ajuste)

    @staticmethod
    def ajustar(ws: Worksheet, r: int, textos: Iterable[tuple[str, float]]) -> None:
        """Alto de la fila `r` para que cada (texto, ancho de su columna) ajustado se lea entero."""
        alto = max((lineas(texto, ancho) for texto, ancho in textos), default=1)
        if alto > 1:
            ws.set_row(r, ALTO_LINEA * alto)

    def largas(self, ws: Worksheet, primera: int, celdas: list[Celda], tabla: pd.DataFrame) -> None:
        """Las filas de `tabla` (una columna por celda) desde la fila `primera` (0-based) de una hoja
        larga; se insertan antes de la fila que las sigue, que la hoja ya tiene (la de totales)."""
        if len(tabla):
            trozos = Molde(celdas, self.cache).trozos(primera, tabla)
            self.inserciones.append(Insercion(ws.index, primera + len(tabla), trozos))

    def cerrar(self, destino: Path) -> None:
        """Escribe el libro de una vez (`escribir_atomico`): nunca queda a medias ni un temporal."""
        self.wb.close()
        escribir_atomico(destino, lambda ruta: empaquetar(self.paquete, ruta, self.inserciones))


@dataclass(frozen=True)
class Detalle:
    """Una hoja con una fila por actividad a la que remiten los resúmenes con SUMIFS y COUNTIFS."""

    hoja: str
    primera: int
    n: int
    columnas: dict[str, int]

    def rango(self, campo: str) -> str:
        """Rango absoluto de la columna del campo («'POI institucional'!$A$6:$A$40»)."""
        j, fin = self.columnas[campo], max(self.primera + self.n - 1, self.primera)
        return f"{quote_sheetname(self.hoja)}!{xl_range_abs(self.primera, j, fin, j)}"

    def funcion(self, nombre: str, campo: str | None, criterios: Sequence[tuple[str, str]]) -> str:
        """«SUMIFS('POI institucional'!$V$6:$V$40,'POI institucional'!$A$6:$A$40,$A11)»; «0» sin filas."""
        if not self.n:
            return "0"
        partes = [self.rango(campo)] if campo else []
        for criterio, referencia in criterios:
            partes += [self.rango(criterio), referencia]
        return f"{nombre}({','.join(partes)})"
