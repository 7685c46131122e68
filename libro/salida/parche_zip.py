"""Aplica una `Escritura` a una copia de un .xlsx tocando solo las partes necesarias.

Nunca se reabre el libro con openpyxl: cada miembro del zip que no cambia se copia byte a byte
(botones, formas, gráficos, validaciones, formatos condicionales, nombres, VBA). Solo se
reescriben las hojas escritas, `styles.xml` si hace falta un estilo nuevo y `workbook.xml`
(para recalcular al abrir). El destino se escribe de una vez con `atomico.escribir_atomico`.
"""

import posixpath
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from libro.nucleo.atomico import escribir_atomico
from libro.nucleo.celdas import celda, posicion
from libro.nucleo.escritura import (
    AsegurarHoja,
    Bloque,
    Disposicion,
    Encabezado,
    Escritura,
    Estilo,
    Formula,
    Limpiar,
)
from libro.nucleo.estilos import FUENTE, PROPIEDADES
from libro.nucleo.fechas import SerialInvalido, serial_de_fecha
from libro.nucleo.impresion import PIE, Pagina, encabezado

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
TIPO_HOJA = NS_R.replace("relationships", "relationships/worksheet")
CT_HOJA = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CABEZA = re.compile(rb"<oddHeader>.*?</oddHeader>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NUMFMT_INTEGRADOS = {"General": 0, "0": 1}
"""Los únicos formatos de número que, como XlsxWriter, se escriben por su número integrado: los demás
van con su código (el integrado 14, p. ej., es la fecha corta del idioma de Windows, no dd/mm/yyyy)."""


def _q(nombre: str, ns: str = NS) -> str:
    return f"{{{ns}}}{nombre}"


def _firma(e: Any) -> tuple:
    """Igualdad de elementos de estilo sin mirar declaraciones de espacios de nombres."""
    return e.tag, tuple(sorted(e.attrib.items())), tuple(_firma(h) for h in e)


def _argb(color: str) -> str:
    """«#1F4E79» (XlsxWriter) → «FF1F4E79» (OOXML)."""
    return "FF" + color.lstrip("#").upper()


_LINEAS = {1: "thin"}
"""Grosor de borde de XlsxWriter → estilo de línea de OOXML."""
_ALINEACION = {
    "align": ("horizontal", {"left": "left", "center": "center", "right": "right"}),
    "valign": ("vertical", {"top": "top", "vcenter": "center", "bottom": "bottom"}),
    "text_wrap": ("wrapText", {True: "1"}),
}
"""Propiedad de alineación de XlsxWriter → atributo de `<alignment>` y sus valores."""
_LADOS = ("left", "right", "top", "bottom")


def _fuente(p: dict[str, Any]) -> str:
    partes = (
        "<b/>" if p.get("bold") else "",
        "<i/>" if p.get("italic") else "",
        f'<sz val="{p["font_size"]}"/>',
        f'<color rgb="{_argb(p["font_color"])}"/>' if "font_color" in p else "",
        f'<name val="{p["font_name"]}"/>',
    )
    return f'<font xmlns="{{ns}}">{"".join(partes)}</font>'


def _relleno(p: dict[str, Any]) -> str | None:
    if "bg_color" not in p:
        return None
    return (
        f'<fill xmlns="{{ns}}"><patternFill patternType="solid"><fgColor rgb="{_argb(p["bg_color"])}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
    )


def _borde(p: dict[str, Any]) -> str | None:
    lineas = {lado: p.get(lado, p.get("border")) for lado in _LADOS}
    if not any(lineas.values()):
        return None
    xml = "".join(
        f'<{lado} style="{_LINEAS[n]}"><color indexed="64"/></{lado}>' if n else f"<{lado}/>"
        for lado, n in lineas.items()
    )
    return f'<border xmlns="{{ns}}">{xml}<diagonal/></border>'


def _alineacion(p: dict[str, Any]) -> str:
    atributos = " ".join(
        f'{atributo}="{valores[p[propiedad]]}"'
        for propiedad, (atributo, valores) in _ALINEACION.items()
        if propiedad in p
    )
    return f"<alignment {atributos}/>" if atributos else ""


class Estilos:
    """Agrega a styles.xml los estilos que piden los bloques (uno por combinación).

    Fuentes, rellenos, bordes y alineación salen de `libro.nucleo.estilos.PROPIEDADES` (la misma
    tabla que usa XlsxWriter), traducidos a los elementos de styles.xml.
    """

    def __init__(self, xml: bytes) -> None:
        self.raiz = etree.fromstring(xml)
        self.cambiado = False
        self._xf: dict[tuple[str | None, str | None], int] = {}

    def _seccion(self, nombre: str, antes_de: tuple[str, ...]) -> Any:
        nodo = self.raiz.find(_q(nombre))
        if nodo is None:
            nodo = etree.Element(_q(nombre), count="0")
            siguiente = next(
                (self.raiz.find(_q(n)) for n in antes_de if self.raiz.find(_q(n)) is not None), None
            )
            if siguiente is not None:
                siguiente.addprevious(nodo)
            else:
                self.raiz.append(nodo)
        return nodo

    def _agregar(self, seccion: Any, xml: str) -> int:
        """Índice del elemento igual ya presente o del recién agregado (aplicar dos veces no crece)."""
        nuevo = etree.fromstring(xml.format(ns=NS))
        firma = _firma(nuevo)
        for i, existente in enumerate(seccion):
            if _firma(existente) == firma:
                return i
        seccion.append(nuevo)
        seccion.set("count", str(len(seccion)))
        self.cambiado = True
        return len(seccion) - 1

    def _numfmt(self, codigo: str | None) -> int:
        if codigo is None or codigo in _NUMFMT_INTEGRADOS:
            return _NUMFMT_INTEGRADOS.get(codigo or "General", 0)
        seccion = self._seccion("numFmts", ("fonts",))
        for nf in seccion:
            if nf.get("formatCode") == codigo:
                return int(nf.get("numFmtId"))
        nuevo = max([163, *(int(nf.get("numFmtId")) for nf in seccion)]) + 1
        etree.SubElement(seccion, _q("numFmt"), numFmtId=str(nuevo), formatCode=codigo)
        seccion.set("count", str(len(seccion)))
        self.cambiado = True
        return nuevo

    def indice(self, estilo: Estilo | None, numero: str | None) -> int:
        clave = (estilo, numero)
        if clave not in self._xf:
            p = FUENTE | PROPIEDADES[estilo]
            fuente = self._agregar(self._seccion("fonts", ("fills",)), _fuente(p))
            relleno, borde = _relleno(p), _borde(p)
            if relleno is not None:
                relleno = self._agregar(self._seccion("fills", ("borders",)), relleno)
            if borde is not None:
                borde = self._agregar(self._seccion("borders", ("cellStyleXfs",)), borde)
            ajuste = _alineacion(p)
            aplicar_ajuste = ' applyAlignment="1"' if ajuste else ""
            xf = (
                f'<xf xmlns="{{ns}}" numFmtId="{self._numfmt(numero)}" fontId="{fuente}" '
                f'fillId="{relleno or 0}" borderId="{borde or 0}" xfId="0" applyNumberFormat="1" '
                f'applyFont="1" applyFill="1" applyBorder="1"{aplicar_ajuste}>{ajuste}</xf>'
            )
            self._xf[clave] = self._agregar(self._seccion("cellXfs", ("cellStyles",)), xf)
        return self._xf[clave]

    def bytes(self) -> bytes:
        return etree.tostring(self.raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


class Hoja:
    """Una hoja del libro abierta para escribir celdas."""

    def __init__(self, xml: bytes, sistema_1904: bool = False) -> None:
        self.raiz = etree.fromstring(xml)
        self.sistema_1904 = sistema_1904
        self.datos = self.raiz.find(_q("sheetData"))
        self.filas = {int(f.get("r")) - 1: f for f in self.datos.iter(_q("row"))}
        self._estilo_columna = self._estilos_de_columna()

    def _estilos_de_columna(self) -> list[tuple[int, int, str]]:
        cols = self.raiz.find(_q("cols"))
        if cols is None:
            return []
        return [
            (int(c.get("min")) - 1, int(c.get("max")) - 1, c.get("style")) for c in cols if c.get("style")
        ]

    def _fila(self, r: int) -> Any:
        fila = self.filas.get(r)
        if fila is None:
            fila = etree.Element(_q("row"), r=str(r + 1))
            siguientes = [k for k in self.filas if k > r]
            if siguientes:
                self.filas[min(siguientes)].addprevious(fila)
            else:
                self.datos.append(fila)
            self.filas[r] = fila
        fila.attrib.pop("spans", None)
        return fila

    def _celda(self, r: int, c: int) -> Any:
        fila = self._fila(r)
        ref = celda(r, c)
        anterior = None
        for existente in fila:
            col = posicion(existente.get("r"))[1]
            if col == c:
                return existente
            if col > c:
                anterior = existente
                break
        nueva = etree.Element(_q("c"), r=ref)
        estilo = next((s for a, b, s in self._estilo_columna if a <= c <= b), None)
        if estilo is not None:
            nueva.set("s", estilo)
        if anterior is not None:
            anterior.addprevious(nueva)
        else:
            fila.append(nueva)
        return nueva

    def escribir(self, r: int, c: int, valor: Any, estilo: int | None) -> None:
        nodo = self._celda(r, c)
        for hijo in list(nodo):
            nodo.remove(hijo)
        nodo.attrib.pop("t", None)
        if estilo is not None:
            nodo.set("s", str(estilo))
        if valor is None or valor == "":
            return
        if isinstance(valor, Formula):
            etree.SubElement(nodo, _q("f")).text = _CONTROL.sub("", valor[1:])
            cache = valor.resultado
            if isinstance(cache, bool):
                nodo.set("t", "b")
                etree.SubElement(nodo, _q("v")).text = "1" if cache else "0"
            elif isinstance(cache, int | float):
                etree.SubElement(nodo, _q("v")).text = repr(float(cache))
            else:
                nodo.set("t", "str")
                etree.SubElement(nodo, _q("v")).text = _CONTROL.sub("", str(cache))
        elif isinstance(valor, bool):
            nodo.set("t", "b")
            etree.SubElement(nodo, _q("v")).text = "1" if valor else "0"
        elif isinstance(valor, int | float):
            etree.SubElement(nodo, _q("v")).text = (
                repr(float(valor)) if isinstance(valor, float) else str(valor)
            )
        elif isinstance(valor, date) and (serial := self._serial(valor)) is not None:
            etree.SubElement(nodo, _q("v")).text = repr(float(serial))
        else:
            texto = f"{valor:%d/%m/%Y}" if isinstance(valor, date) else _CONTROL.sub("", str(valor))
            nodo.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(nodo, _q("is")), _q("t"))
            t.text = texto
            if texto != texto.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def _serial(self, fecha: date) -> float | None:
        """Serial de la fecha en el sistema del libro; None si Excel no la muestra (va como texto)."""
        try:
            return serial_de_fecha(fecha, self.sistema_1904)
        except SerialInvalido:
            return None

    def limpiar(self, desde_fila: int, formatos: bool) -> None:
        for r, fila in list(self.filas.items()):
            if r < desde_fila:
                continue
            if formatos:
                self.datos.remove(fila)
                del self.filas[r]
                continue
            for nodo in fila:
                for hijo in list(nodo):
                    nodo.remove(hijo)
                nodo.attrib.pop("t", None)

    def encabezado(self, texto: str) -> None:
        """Cambia el encabezado de página (solo en hojas que ya imprimen con encabezado)."""
        pie = self.raiz.find(_q("headerFooter"))
        cabeza = pie.find(_q("oddHeader")) if pie is not None else None
        if cabeza is not None:
            cabeza.text = encabezado(texto)

    def disponer(self, anchos: tuple[float, ...], pagina: Pagina, texto: str) -> None:
        """Anchos de columna y página de una hoja que crea libro (reemplaza los que tuviera)."""
        for nombre in ("cols", "pageMargins", "pageSetup", "headerFooter", "printOptions"):
            for viejo in self.raiz.findall(_q(nombre)):
                self.raiz.remove(viejo)
        cols = etree.Element(_q("cols"))
        for j, ancho in enumerate(anchos, start=1):
            etree.SubElement(cols, _q("col"), min=str(j), max=str(j), width=f"{ancho + 0.7109375:g}",
                             customWidth="1")
        self.datos.addprevious(cols)
        propiedades = self.raiz.find(_q("sheetPr"))
        if propiedades is None:
            propiedades = etree.Element(_q("sheetPr"))
            self.raiz.insert(0, propiedades)
        ajuste = propiedades.find(_q("pageSetUpPr"))
        if ajuste is None:
            ajuste = etree.SubElement(propiedades, _q("pageSetUpPr"))
        ajuste.set("fitToPage", "0" if pagina.escala else "1")
        despues = self._despues_de_datos()
        margenes = etree.Element(_q("pageMargins"), left="0.4", right="0.4", top="0.75", bottom="0.75",
                                 header="0.3", footer="0.3")
        configuracion = etree.Element(_q("pageSetup"), paperSize=str(pagina.codigo_papel),
                                      orientation="landscape" if pagina.horizontal else "portrait")
        if pagina.escala:
            configuracion.set("scale", str(pagina.escala))
        else:
            configuracion.set("fitToHeight", "0")
        pie = etree.Element(_q("headerFooter"))
        etree.SubElement(pie, _q("oddHeader")).text = encabezado(texto)
        etree.SubElement(pie, _q("oddFooter")).text = PIE
        despues.addnext(margenes)
        margenes.addnext(configuracion)
        configuracion.addnext(pie)

    def _despues_de_datos(self) -> Any:
        """El último elemento que va antes de pageMargins en el orden del esquema."""
        previos = ("sheetData", "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios",
                   "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
                   "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks")
        return [h for h in self.raiz if etree.QName(h).localname in previos][-1]

    def bytes(self) -> bytes:
        dimension = self.raiz.find(_q("dimension"))
        if dimension is not None and self.filas:
            ultima_fila = max(self.filas)
            ultima_col = max((posicion(c.get("r"))[1] for f in self.filas.values() for c in f), default=0)
            dimension.set("ref", f"A1:{celda(ultima_fila, ultima_col)}")
        return etree.tostring(self.raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


_HOJA_VACIA = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
    f'xmlns:r="{NS_R}"><dimension ref="A1"/><sheetData/></worksheet>'
).encode()


class Paquete:
    """El zip del libro: miembros originales más los reemplazos."""

    def __init__(self, origen: Path) -> None:
        self.zip = zipfile.ZipFile(origen)
        self.cambios: dict[str, bytes] = {}
        self.borrados: set[str] = set()
        self.libro = etree.fromstring(self.leer("xl/workbook.xml"))
        self.rels = etree.fromstring(self.leer("xl/_rels/workbook.xml.rels"))
        propiedades = self.libro.find(_q("workbookPr"))
        self.sistema_1904 = propiedades is not None and propiedades.get("date1904") in ("1", "true")
        self._hojas: dict[str, Hoja] = {}
        self._estilos: Estilos | None = None

    def leer(self, nombre: str) -> bytes:
        return self.cambios[nombre] if nombre in self.cambios else self.zip.read(nombre)

    def partes_de_hojas(self) -> dict[str, str]:
        destinos = {r.get("Id"): r.get("Target") for r in self.rels}
        partes = {}
        for hoja in self.libro.iter(_q("sheet")):
            destino = destinos[hoja.get(_q("id", NS_R))]
            ruta = destino.lstrip("/") if destino.startswith("/") else posixpath.join("xl", destino)
            partes[hoja.get("name")] = posixpath.normpath(ruta)
        return partes

    def hoja(self, nombre: str) -> Hoja:
        if nombre not in self._hojas:
            parte = self.partes_de_hojas().get(nombre)
            if parte is None:
                raise KeyError(f"el libro no tiene la hoja «{nombre}»")
            self._hojas[nombre] = Hoja(self.leer(parte), self.sistema_1904)
        return self._hojas[nombre]

    @property
    def estilos(self) -> Estilos:
        if self._estilos is None:
            self._estilos = Estilos(self.leer("xl/styles.xml"))
        return self._estilos

    def asegurar_hoja(self, nombre: str, oculta: bool) -> None:
        if nombre in self.partes_de_hojas():
            return
        existentes = set(self.zip.namelist()) | set(self.cambios)
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in existentes:
            n += 1
        parte = f"xl/worksheets/sheet{n}.xml"
        self.cambios[parte] = _HOJA_VACIA
        ids = {r.get("Id") for r in self.rels}
        rid = next(f"rId{i}" for i in range(1, 10_000) if f"rId{i}" not in ids)
        etree.SubElement(
            self.rels, _q("Relationship", NS_REL), Id=rid, Type=TIPO_HOJA, Target=f"worksheets/sheet{n}.xml"
        )
        hojas = self.libro.find(_q("sheets"))
        sheet_id = max(int(h.get("sheetId")) for h in hojas) + 1
        nueva = etree.SubElement(hojas, _q("sheet"), name=nombre, sheetId=str(sheet_id))
        nueva.set(_q("id", NS_R), rid)
        if oculta:
            nueva.set("state", "hidden")
        tipos = etree.fromstring(self.leer("[Content_Types].xml"))
        etree.SubElement(tipos, _q("Override", NS_CT), PartName="/" + parte, ContentType=CT_HOJA)
        self.cambios["[Content_Types].xml"] = etree.tostring(
            tipos, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def encabezado(self, texto: str) -> None:
        """El encabezado de página de cada hoja que lo tiene; las demás partes no se tocan."""
        nuevo = etree.Element(_q("oddHeader"))
        nuevo.text = encabezado(texto)
        reemplazo = re.sub(rb" xmlns=\"[^\"]*\"", b"", etree.tostring(nuevo))
        for nombre, parte in self.partes_de_hojas().items():
            if nombre in self._hojas:
                self._hojas[nombre].encabezado(texto)
                continue
            xml = self.leer(parte)
            if b"<oddHeader>" in xml:
                self.cambios[parte] = _CABEZA.sub(lambda _: reemplazo, xml, count=1)

    def _sin_cadena_de_calculo(self) -> None:
        """calcChain.xml puede nombrar celdas cuya fórmula cambió: Excel la rehace al abrir."""
        if "xl/calcChain.xml" not in self.zip.namelist():
            return
        self.borrados.add("xl/calcChain.xml")
        for r in list(self.rels):
            if r.get("Target", "").endswith("calcChain.xml"):
                self.rels.remove(r)
        tipos = etree.fromstring(self.leer("[Content_Types].xml"))
        for o in list(tipos):
            if o.get("PartName") == "/xl/calcChain.xml":
                tipos.remove(o)
        self.cambios["[Content_Types].xml"] = etree.tostring(
            tipos, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def guardar(self, destino: Path) -> None:
        self._sin_cadena_de_calculo()
        calculo = self.libro.find(_q("calcPr"))
        if calculo is None:
            calculo = etree.SubElement(self.libro, _q("calcPr"), calcId="191029")
            siguiente = next(
                (
                    self.libro.find(_q(n))
                    for n in (
                        "oleSize",
                        "customWorkbookViews",
                        "pivotCaches",
                        "smartTagPr",
                        "smartTagTypes",
                        "webPublishing",
                        "fileRecoveryPr",
                        "webPublishObjects",
                        "extLst",
                    )
                    if self.libro.find(_q(n)) is not None
                ),
                None,
            )
            if siguiente is not None:
                siguiente.addprevious(calculo)
        calculo.set("fullCalcOnLoad", "1")
        self.cambios["xl/workbook.xml"] = etree.tostring(
            self.libro, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        self.cambios["xl/_rels/workbook.xml.rels"] = etree.tostring(
            self.rels, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        partes = self.partes_de_hojas()
        for nombre, hoja in self._hojas.items():
            self.cambios[partes[nombre]] = hoja.bytes()
        if self._estilos is not None and self._estilos.cambiado:
            self.cambios["xl/styles.xml"] = self._estilos.bytes()
        escribir_atomico(destino, self._escribir)
        self.zip.close()

    def _escribir(self, ruta: Path) -> None:
        with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as salida:
            escritos = set()
            for info in self.zip.infolist():
                if info.filename in self.borrados:
                    continue
                if info.filename in self.cambios:
                    salida.writestr(info, self.cambios[info.filename], zipfile.ZIP_DEFLATED)
                else:
                    salida.writestr(info, self.zip.read(info.filename), info.compress_type)
                escritos.add(info.filename)
            for nombre, datos in self.cambios.items():
                if nombre not in escritos:
                    salida.writestr(nombre, datos)


def aplicar(origen: Path, destino: Path, escritura: Escritura) -> Path:
    """Escribe en `destino` una copia de `origen` con la escritura aplicada; `origen` no se toca."""
    paquete = Paquete(origen)
    try:
        for op in escritura.operaciones:
            if isinstance(op, AsegurarHoja):
                paquete.asegurar_hoja(op.hoja, op.oculta)
            elif isinstance(op, Limpiar):
                paquete.hoja(op.hoja).limpiar(op.desde_fila, op.formatos)
            elif isinstance(op, Bloque):
                _bloque(paquete, op)
            elif isinstance(op, Disposicion):
                paquete.hoja(op.hoja).disponer(op.anchos, op.pagina, op.encabezado)
            elif isinstance(op, Encabezado):
                paquete.encabezado(op.texto)
        paquete.guardar(destino)
    finally:
        paquete.zip.close()
    return destino


def _bloque(paquete: Paquete, bloque: Bloque) -> None:
    hoja = paquete.hoja(bloque.hoja)
    con_estilo = bool(bloque.formatos or bloque.estilos)
    for i, fila in enumerate(bloque.rectangular()):
        estilo = bloque.estilos.get(i)
        for j, valor in enumerate(fila):
            indice = None
            if con_estilo:
                numero = bloque.formatos[j] if j < len(bloque.formatos) else None
                indice = paquete.estilos.indice(estilo, numero)
            hoja.escribir(bloque.fila + i, bloque.columna + j, valor, indice)
