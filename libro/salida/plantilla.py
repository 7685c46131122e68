"""Plantillas .xlsx generadas desde la declaración del formato (XlsxWriter).

La misma función escribe la plantilla vacía y los libros de ejemplo ya llenos (`datos`).
"""

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.atomico import escribir_atomico
from libro.nucleo.celdas import celda, letra
from libro.nucleo.codecs import Referencia
from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import HOJA_BOTONES, Ficha, Formato, Generada, Grupo, Tabla
from libro.nucleo.escritura import Bloque, Escritura, Formula
from libro.nucleo.estilos import AMBAR, AZUL, ROJO, Estilos
from libro.nucleo.generadas import ENCABEZADO_OBS, FILA_ENCABEZADO_OBS, escritura_observaciones, hoja_marcas
from libro.nucleo.impresion import configurar, elegir_pagina
from libro.nucleo.lector import Lectura, LibroLeido, libro_vacio, valor_leido
from libro.nucleo.textos import texto_seguro
from libro.registro import entrada

CALCULADA = "Lo calcula Libro; no escriba aquí."
"""Nota de las celdas que calcula el complemento Libro (y mensaje si alguien intenta escribir)."""

def _valor_excel(valor: Any) -> Any:
    if isinstance(valor, date) and not isinstance(valor, datetime):
        return datetime(valor.year, valor.month, valor.day)
    return valor


def escribir_bloque(hoja: Worksheet, bloque: Bloque, estilos: Estilos) -> None:
    for i, fila in enumerate(bloque.valores):
        estilo = bloque.estilos.get(i)
        for j, valor in enumerate(fila):
            numero = bloque.formatos[j] if j < len(bloque.formatos) else None
            formato = estilos(estilo, numero)
            r, c = bloque.fila + i, bloque.columna + j
            if isinstance(valor, Formula):
                hoja.write_formula(r, c, valor, formato, _cache(valor))
            elif isinstance(valor, str):
                hoja.write_string(r, c, valor, formato)
            elif valor is None:
                hoja.write_blank(r, c, None, formato)
            else:
                hoja.write(r, c, _valor_excel(valor), formato)


def _grupos(tabla: Tabla) -> list[tuple[int, int]]:
    """Columnas (desde, hasta) de cada grupo de la tabla: los bloques que no se parten al imprimir."""
    return [(tabla.columna(g.desde), _ultima_de(tabla, g)) for g in tabla.grupos]


def _ultima_de(tabla: Tabla, grupo: Grupo) -> int:
    return max(i for i, c in enumerate(tabla.columnas) if c.campo == grupo.hasta)


def _validacion(formato: Formato, col: Any) -> dict[str, Any]:
    codec = col.codec
    if isinstance(codec, Referencia):
        destino = formato.hoja(codec.hoja)
        assert isinstance(destino, Tabla)
        j = destino.columna(codec.campo)
        opciones: dict[str, Any] = {
            "validate": "list",
            "source": f"='{destino.nombre}'!${letra(j)}${destino.primera_fila + 1}:"
            f"${letra(j)}${destino.primera_fila + destino.filas_plantilla}",
            "error_type": "warning",
            "error_title": "Código no encontrado",
            "error_message": "El código no está en la lista. ¿Desea dejarlo de todos modos?",
        }
    else:
        opciones = codec.validacion() or {"validate": "any"}
    ayuda = codec.ayuda or ("Dato obligatorio." if col.col.requerido else "")
    if col.col.calculada:
        ayuda = CALCULADA
        opciones = {
            "validate": "custom",
            "value": "=FALSE",
            "error_title": "Celda calculada",
            "error_message": CALCULADA + " Cambie los datos de las otras columnas y pulse el botón.",
        }
    if ayuda:
        opciones |= {"input_title": col.encabezado[:32], "input_message": ayuda[:255]}
    return opciones


def _marcas_condicionales(
    ws: Worksheet, nombre: str, filas: tuple[int, int], cols: tuple[int, int], estilos: Estilos
) -> None:
    origen = f"'{hoja_marcas(nombre)}'!{celda(filas[0], cols[0]).replace('$', '')}"
    for marca, color in (("E", ROJO), ("A", AMBAR)):
        ws.conditional_format(
            filas[0],
            cols[0],
            filas[1],
            cols[1],
            {
                "type": "formula",
                "criteria": f'={origen}="{marca}"',
                "format": estilos.libro.add_format({"bg_color": color}),
            },
        )


def _tabla(
    libro: Workbook, formato: Formato, tabla: Tabla, filas: list[Any], estilos: Estilos, formulas: dict
) -> None:
    ws = libro.add_worksheet(tabla.nombre)
    columnas = tabla.columnas
    ultima = len(columnas) - 1
    ws.merge_range(0, 0, 0, min(ultima, 10), tabla.titulo, estilos("titulo"))
    ws.merge_range(
        1,
        0,
        1,
        min(ultima, 10),
        f"Formato {formato.etiqueta}. Encabezado celeste oscuro: dato obligatorio; "
        "columnas grises: las calcula el complemento Libro (no escriba en ellas).",
        estilos("parrafo"),
    )
    if tabla.instrucciones:
        ws.merge_range(2, 0, 2, min(ultima, 10), tabla.instrucciones, estilos("parrafo"))
        ws.set_row(2, 42)
    for grupo in tabla.grupos:
        desde = tabla.columna(grupo.desde)
        hasta = max(i for i, c in enumerate(columnas) if c.campo == grupo.hasta)
        if hasta > desde:
            ws.merge_range(
                tabla.fila_encabezado - 1,
                desde,
                tabla.fila_encabezado - 1,
                hasta,
                grupo.titulo,
                estilos("encabezado"),
            )
        else:
            ws.write_string(tabla.fila_encabezado - 1, desde, grupo.titulo, estilos("encabezado"))
    requerido = libro.add_format(
        {
            "bold": True,
            "bg_color": "#9BC2E6",
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "font_size": 10,
        }
    )
    primera, ultima_fila = tabla.primera_fila, tabla.primera_fila + tabla.filas_plantilla - 1
    for j, c in enumerate(columnas):
        ws.set_column(j, j, c.col.ancho, estilos(None, c.codec.formato, gris=c.col.calculada))
        ws.write_string(
            tabla.fila_encabezado, j, c.encabezado, requerido if c.col.requerido else estilos("encabezado")
        )
        ws.data_validation(primera, j, ultima_fila, j, _validacion(formato, c))
        for texto, color in c.col.colores:
            ws.conditional_format(primera, j, ultima_fila, j, {
                "type": "cell", "criteria": "==", "value": f'"{texto}"',
                "format": libro.add_format({"bg_color": color, "bold": True}),
            })
    ws.set_row(tabla.fila_encabezado, 40)
    ws.freeze_panes(primera, 2)
    pagina = elegir_pagina(
        [c.col.ancho for c in columnas], _grupos(tabla), 2, (tabla.fila_encabezado - 1, tabla.fila_encabezado)
    )
    configurar(ws, pagina, formato.titulo)
    ws.autofilter(tabla.fila_encabezado, 0, ultima_fila, ultima)
    _marcas_condicionales(ws, tabla.nombre, (primera, ultima_fila), (0, ultima), estilos)
    for i, fila in enumerate(filas):
        for j, c in enumerate(columnas):
            valor = getattr(fila, c.campo)
            if c.mes is not None:
                valor = valor[c.mes] if valor else None
            formato_celda = estilos(None, c.codec.formato, gris=c.col.calculada)
            formula = formulas.get((primera + i, j))
            if formula is not None:
                ws.write_formula(primera + i, j, formula, formato_celda, _cache(formula))
            elif valor is not None:
                ws.write(primera + i, j, texto_seguro_excel(_valor_excel(valor)), formato_celda)


def _cache(formula: Formula) -> Any:
    valor = formula.resultado
    return "" if valor is None else valor


def texto_seguro_excel(valor: Any) -> Any:
    """XlsxWriter escribe texto como texto, pero `write` trataría «=…» como fórmula."""
    return texto_seguro(valor)[1:] if isinstance(valor, str) and texto_seguro(valor) != valor else valor


def _ficha(libro: Workbook, formato: Formato, ficha: Ficha, fila: Any, estilos: Estilos) -> None:
    ws = libro.add_worksheet(ficha.nombre)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 60)
    ws.write_string(0, 0, ficha.titulo, estilos("titulo"))
    ws.write_string(1, 0, f"Formato {formato.etiqueta}. Complete la columna B.", estilos("parrafo"))
    configurar(ws, elegir_pagina((34, 44, 60)), formato.titulo)
    for i, c in enumerate(ficha.columnas):
        r = ficha.fila_inicial + i
        ws.write_string(r, 0, c.encabezado, estilos("encabezado" if c.col.requerido else "subtitulo"))
        valor = getattr(fila, c.campo, None)
        formato_celda = libro.add_format(
            {"num_format": c.codec.formato or "General", "border": 1, "font_size": 10}
        )
        if isinstance(valor, str):
            ws.write_string(r, 1, valor, formato_celda)
        elif valor is not None:
            ws.write(r, 1, _valor_excel(valor), formato_celda)
        else:
            ws.write_blank(r, 1, None, formato_celda)
        ws.data_validation(r, 1, r, 1, _validacion(formato, c))
        ayuda = c.codec.ayuda or ("Obligatorio." if c.col.requerido else "")
        ws.write_string(r, 2, ayuda, estilos("parrafo"))
    _marcas_condicionales(
        ws, ficha.nombre, (ficha.fila_inicial, ficha.fila_inicial + len(ficha.columnas)), (0, 2), estilos
    )


def _generada(
    libro: Workbook, formato: Formato, generada: Generada, escritura: Escritura, estilos: Estilos
) -> Worksheet:
    ws = libro.add_worksheet(generada.nombre)
    for j, ancho in enumerate(generada.anchos):
        ws.set_column(j, j, ancho)
    ws.write_string(0, 0, generada.titulo, estilos("titulo"))
    configurar(ws, elegir_pagina(generada.anchos), formato.titulo)
    for bloque in escritura.bloques(generada.nombre):
        escribir_bloque(ws, bloque, estilos)
    return ws


COMPLEMENTO = (
    (
        "Los botones",
        "Los botones azules funcionan solo con el complemento Libro instalado. En Excel 365, Excel "
        "para la web o Mac, el área de informática lo instala para toda la municipalidad y aparece en "
        "la cinta Inicio como «Libro». En Excel de escritorio con Python, pida la versión con macros "
        "(.xlsm) de esta plantilla. Cada botón solo escribe las celdas grises y las hojas que genera; "
        "pulsarlo dos veces da el mismo resultado.",
    ),
    (
        "Sin el complemento",
        "Llene las hojas como siempre: los totales y las hojas de resumen son fórmulas de Excel y se "
        "recalculan solas. Las celdas grises las calcula Libro: no escriba en ellas. Para validar, "
        "envíe el libro a la Oficina de Planeamiento y Presupuesto, que lo valida con Libro y le "
        "devuelve la hoja «Observaciones».",
    ),
)
"""Lo que la hoja «Instrucciones» dice del complemento Libro y de trabajar sin él."""


def _alto(texto: str, ancho: float) -> float:
    """Alto de fila (puntos) para un texto ajustado en una columna de `ancho` caracteres."""
    return 13.5 * max(1, -(-len(texto) // int(ancho * 1.05)))


def _instrucciones(libro: Workbook, formato: Formato, estilos: Estilos) -> None:
    ws = libro.add_worksheet("Instrucciones")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 92)
    ws.write_string(0, 0, formato.titulo.upper(), estilos("titulo"))
    ws.write_string(1, 0, f"Formato {formato.etiqueta}", estilos("parrafo"))
    configurar(ws, elegir_pagina((24, 92)), formato.titulo)
    ws.merge_range(2, 0, 2, 1, formato.descripcion, estilos("parrafo"))
    ws.set_row(2, _alto(formato.descripcion, 116))
    fila = 4
    ws.write_row(fila, 0, ["Hoja", "Qué contiene"], estilos("encabezado"))
    filas = [(h.nombre, getattr(h, "instrucciones", "") or h.titulo.capitalize()) for h in formato.hojas]
    filas += [(g.nombre, f"{g.titulo.capitalize()} (la llena el complemento Libro).")
              for g in formato.generadas]
    if formato.botones:
        filas += [("", ""), *COMPLEMENTO]
    for nombre, texto in filas:
        fila += 1
        ws.write_row(fila, 0, [nombre, texto], estilos("parrafo"))
        ws.set_row(fila, _alto(texto, 92))
    if formato.botones:
        fila += 2
        ws.write_string(fila, 0, "Botones", estilos("subtitulo"))
        for i, boton in enumerate(formato.botones_en_hoja):
            ws.insert_textbox(
                fila + 1,
                0,
                boton.texto,
                {
                    "width": 150,
                    "height": 28,
                    "x_offset": 4 + i * 160,
                    "y_offset": 4,
                    "object_position": 3,
                    "name": boton.forma,
                    "description": boton.forma,
                    "url": f"internal:'{HOJA_BOTONES}'!{boton.celda}",
                    "tip": f"Ejecuta «{boton.texto}» con el complemento Libro",
                    "fill": {"color": AZUL},
                    "font": {"color": "white", "bold": True},
                    "align": {"vertical": "middle", "horizontal": "center"},
                },
            )


def escritura_vacia(formato: Formato) -> Escritura:
    """Lo que las hojas generadas muestran antes de la primera ejecución: el cálculo de un libro vacío."""
    e = entrada(formato.id)
    escritura = e.escritura(e.calcular(libro_vacio(formato), Contexto()))
    return escritura.agregar(*escritura_observaciones(None).operaciones)


def _como_leida(fila: Any, tabla: Tabla, numero: int) -> Any:
    """La fila tal como la leería el lector de la plantilla recién escrita."""
    cambios: dict[str, Any] = {"fila": numero}
    for c in tabla.columnas:
        valor = getattr(fila, c.campo, None)
        if c.mes is None:
            cambios[c.campo] = valor_leido(c, valor)
        elif valor is not None:
            meses = cambios.setdefault(c.campo, [None] * 12)
            meses[c.mes] = valor_leido(c, valor[c.mes] if c.mes < len(valor) else None)
    return fila.model_copy(update=cambios)


def _libro_de_datos(formato: Formato, datos: dict[str, list[Any]]) -> LibroLeido:
    """Los datos de ejemplo como si se hubieran leído de la plantilla recién escrita."""
    hojas: dict[str, Lectura] = {}
    for h in formato.hojas:
        filas = datos.get(h.nombre)
        if not filas:
            continue
        if isinstance(h, Tabla):
            posiciones = {(c.campo, c.mes): j for j, c in enumerate(h.columnas)}
            leidas = [_como_leida(f, h, h.primera_fila + i) for i, f in enumerate(filas)]
            hojas[h.nombre] = Lectura(h.nombre, leidas, posiciones, h.fila_encabezado)
        else:
            ubicaciones = {c.campo: (h.fila_de(c.campo), 1) for c in h.columnas}
            hojas[h.nombre] = Lectura(
                h.nombre, [filas[0].model_copy(update={"fila": 0})], ubicaciones=ubicaciones
            )
    return LibroLeido(formato, hojas, {h: h for h in hojas}, [])


def formulas_de_datos(
    formato: Formato, datos: dict[str, list[Any]]
) -> dict[str, dict[tuple[int, int], Formula]]:
    """Hoja de datos → celda → fórmula viva que Libro escribe al calcular esos datos (p. ej. los totales)."""
    if not datos:
        return {}
    e = entrada(formato.id)
    escritura = e.escritura(e.calcular(_libro_de_datos(formato, datos), Contexto()))
    tablas = {h.nombre for h in formato.hojas if isinstance(h, Tabla)}
    formulas: dict[str, dict[tuple[int, int], Formula]] = {}
    for op in escritura.operaciones:
        if isinstance(op, Bloque) and op.hoja in tablas:
            for i, fila in enumerate(op.valores):
                for j, valor in enumerate(fila):
                    if isinstance(valor, Formula):
                        formulas.setdefault(op.hoja, {})[(op.fila + i, op.columna + j)] = valor
    return formulas


def escribir_plantilla(
    formato: Formato,
    destino: Path,
    datos: dict[str, list[Any]] | None = None,
    clase_libro: type[Workbook] = Workbook,
) -> Path:
    """Escribe la plantilla del formato (o un libro de ejemplo con `datos` por hoja).

    `clase_libro` permite variantes del mismo libro, p. ej. el .xlsm con botones de escritorio.
    """
    datos = datos or {}

    def escribir(ruta: Path) -> None:
        with clase_libro(str(ruta), {"strings_to_formulas": False, "strings_to_urls": False}) as libro:
            _llenar(libro, formato, datos)
        _nombrar_botones(ruta, formato)

    return escribir_atomico(destino, escribir)


def _llenar(libro: Workbook, formato: Formato, datos: dict[str, list[Any]]) -> None:
    """Las hojas de la plantilla (con `datos`), las generadas y las de marcas, en el libro abierto."""
    libro.set_properties(
        {
            "title": formato.titulo,
            "subject": formato.etiqueta,
            "author": "libro",
            "created": datetime(2026, 1, 1),
        }
    )
    libro.define_name(Formato.NOMBRE_DEFINIDO, f'="{formato.etiqueta}"')
    estilos = Estilos(libro)
    _instrucciones(libro, formato, estilos)
    formulas = formulas_de_datos(formato, datos)
    for h in formato.hojas:
        if isinstance(h, Tabla):
            _tabla(libro, formato, h, datos.get(h.nombre, []), estilos, formulas.get(h.nombre, {}))
        else:
            filas = datos.get(h.nombre) or [None]
            _ficha(libro, formato, h, filas[0], estilos)
    escritura = escritura_vacia(formato)
    for g in formato.generadas:
        ws = _generada(libro, formato, g, escritura, estilos)
        if g.nombre == "Observaciones":
            _severidad_condicional(ws, estilos)
        adorno = entrada(formato.id).adornos.get(g.nombre)
        if adorno:
            adorno(libro, ws)
    for h in formato.hojas:
        libro.add_worksheet(hoja_marcas(h.nombre)).hide()


def _nombrar_botones(ruta: Path, formato: Formato) -> None:
    """Da a cada forma-botón su nombre («xw_poi_validar»), que XlsxWriter no permite fijar.

    XlsxWriter llama «TextBox N» a los cuadros de texto; xlwings Server reconoce el botón por el
    nombre de la forma. La plantilla recién escrita se reescribe miembro a miembro, sin cambios más.
    """
    botones = {b.forma: b for b in formato.botones_en_hoja}
    if not botones:
        return
    patron = re.compile(r'name="TextBox \d+" descr="(xw_[a-z_]+)"')

    def renombrar(m: re.Match[str]) -> str:
        b = botones[m.group(1)]
        return f'name="{b.forma}" descr="Botón «{b.texto}»"'

    with zipfile.ZipFile(ruta) as origen:
        miembros = [(info, origen.read(info)) for info in origen.infolist()]
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as destino:
        for info, datos in miembros:
            if info.filename.startswith("xl/drawings/drawing"):
                datos = patron.sub(renombrar, datos.decode()).encode()
            destino.writestr(info, datos)


def _severidad_condicional(ws: Worksheet, estilos: Estilos) -> None:
    primera = FILA_ENCABEZADO_OBS + 1
    for texto, color in (("Error", ROJO), ("Advertencia", AMBAR)):
        ws.conditional_format(
            primera,
            0,
            primera + 5000,
            len(ENCABEZADO_OBS) - 1,
            {
                "type": "formula",
                "criteria": f'=$B{primera + 1}="{texto}"',
                "format": estilos.libro.add_format({"bg_color": color}),
            },
        )
