"""Puente entre un `xw.Book` y libro: leer cada hoja de una vez y escribir cada bloque de una vez.

Sirve igual para un botón de Excel de escritorio (`xw.Book.caller()`) y para xlwings Server
(`xw.Book(json=...)`): solo usa rangos, valores, formatos de número, fuente y relleno.
"""

from typing import Any

from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import Formato
from libro.nucleo.escritura import AsegurarHoja, Bloque, Escritura, Formula, Limpiar
from libro.nucleo.estilos import PROPIEDADES
from libro.nucleo.fuentes import grillas_de_book
from libro.nucleo.generadas import resumen_conteo
from libro.nucleo.lector import LibroLeido, leer_libro
from libro.nucleo.observacion import Observacion
from libro.nucleo.textos import texto_seguro
from libro.procesos import procesar
from libro.registro import entrada


def leer_book(book: Any, formato: Formato) -> LibroLeido:
    """Lee las hojas del formato que el libro tiene: una lectura por hoja."""
    reales = formato.buscar_hoja([s.name for s in book.sheets])
    return leer_libro(formato, grillas_de_book(book, list(reales.values())))


def _valor(v: Any) -> Any:
    if isinstance(v, Formula):
        return str(v)
    return "" if v is None else texto_seguro(v)


def _escribir_bloque(book: Any, bloque: Bloque) -> None:
    hoja = book.sheets[bloque.hoja]
    valores = [[_valor(v) for v in fila] for fila in bloque.rectangular()]
    rango = hoja.range((bloque.fila + 1, bloque.columna + 1)).resize(bloque.filas, bloque.columnas)
    rango.value = valores
    j = 0
    while j < len(bloque.formatos):
        fin = j
        while fin + 1 < len(bloque.formatos) and bloque.formatos[fin + 1] == bloque.formatos[j]:
            fin += 1
        if bloque.formatos[j]:
            hoja.range(
                (bloque.fila + 1, bloque.columna + j + 1),
                (bloque.fila + bloque.filas, bloque.columna + fin + 1),
            ).number_format = bloque.formatos[j]
        j = fin + 1
    for i, estilo in bloque.estilos.items():
        _pintar(hoja.range((bloque.fila + i + 1, bloque.columna + 1)).resize(1, bloque.columnas), estilo)


_FUENTE = {"bold": "bold", "italic": "italic", "font_size": "size", "font_color": "color"}
"""Propiedad de `PROPIEDADES` (XlsxWriter) → atributo de `Range.font` de xlwings."""


def _pintar(rango: Any, estilo: str | None) -> None:
    """Fuente y relleno del estilo, de la tabla única (`PROPIEDADES`).

    Bordes y alineación quedan los del libro: xlwings Server no los escribe.
    """
    propiedades = PROPIEDADES[estilo]
    for propiedad, atributo in _FUENTE.items():
        if propiedad in propiedades:
            setattr(rango.font, atributo, propiedades[propiedad])
    if "bg_color" in propiedades:
        rango.color = propiedades["bg_color"]


def aplicar_en_book(book: Any, escritura: Escritura) -> None:
    """Aplica el plan de escritura: cada bloque en una llamada, sin recorrer celdas."""
    for op in escritura.operaciones:
        if isinstance(op, AsegurarHoja):
            if op.hoja not in [s.name for s in book.sheets]:
                nueva = book.sheets.add(op.hoja, after=book.sheets[len(book.sheets) - 1])
                if op.oculta:
                    nueva.visible = False
        elif isinstance(op, Limpiar):
            hoja = book.sheets[op.hoja]
            ultima = hoja.used_range.last_cell
            if ultima.row > op.desde_fila:
                rango = hoja.range((op.desde_fila + 1, 1), (ultima.row, ultima.column))
                rango.clear() if op.formatos else rango.clear_contents()
        elif isinstance(op, Bloque):
            _escribir_bloque(book, op)


def ejecutar(book: Any, id_formato: str, nombre: str, contexto: Contexto | None = None) -> list[Observacion]:
    """Corre el botón `nombre` del formato: lee el libro, calcula una vez, escribe el plan y avisa.

    Un fallo se muestra como mensaje, nunca como traza. Al terminar avisa el mensaje de la acción
    o, si la acción valida, el conteo de observaciones.
    """
    registrado = entrada(id_formato)
    accion = registrado.acciones[nombre]
    try:
        libro = leer_book(book, registrado.formato)
        escritura, observaciones = procesar(libro, contexto or Contexto(), accion)
        aplicar_en_book(book, escritura)
    except Exception as error:  # el botón debe responder con un mensaje, no con una traza
        avisar(book, f"libro no pudo completar la acción: {error}", "libro: error")
        return []
    mensaje = accion.mensaje or resumen_conteo(observaciones) + " Vea la hoja «Observaciones»."
    avisar(book, mensaje, "libro")
    return observaciones


def avisar(book: Any, mensaje: str, titulo: str) -> None:
    try:
        book.app.alert(mensaje, title=titulo)
    except Exception:  # noqa: BLE001 - sin interfaz (pruebas, servidor sin cliente): el mensaje no es esencial
        pass
