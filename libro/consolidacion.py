"""Consolidación institucional de OPP: los POI (y evaluaciones) de todas las unidades en un libro.

Directiva 003-2016-MPH/17, art. 10 y 12: OPP consolida la programación de actividades por unidad
orgánica, el presupuesto por unidad orgánica y el cuadro resumen (bienes, servicios, total) y,
cada trimestre, analiza y consolida las evaluaciones de las unidades en un informe.

Cada archivo se lee y valida en un proceso aparte (`libro.lote`); solo se consolidan los libros sin
errores. El libro consolidado se escribe con XlsxWriter: los totales son fórmulas SUM reales, con
gráficos nativos, A4 horizontal, títulos repetidos al imprimir y ajuste al ancho de la página.
"""

import os
import signal
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from libro.calculos import cuadro_presupuesto, suma
from libro.celdas import letra
from libro.evaluacion import conteo_semaforos, plazo_de_presentacion, promedio
from libro.fuentes import etiqueta_formato
from libro.lote import SEGUNDOS_POR_ARCHIVO, _alarma, _TiempoAgotado, expandir, validar_lote
from libro.procesos import Resultado, calcular, leer_archivo
from libro.textos import MESES
from validadores import validar
from validadores.contexto import Contexto

AZUL = "#1F4E79"
CELESTE = "#DDEBF7"
SOLES = '"S/ "#,##0.00'
METAS = "#,##0.##"
PCT = "0.0%"

MOTIVOS = {
    "ilegible": "Archivo ilegible",
    "desconocido": "Formato no reconocido",
    "omitido": "No es un libro de Excel",
    "version": "Otra versión de la plantilla",
    "formato": "Otro formato",
    "errores": "Con errores de validación",
    "anio": "Otro año fiscal",
    "duplicado": "Código de unidad repetido",
    "trimestre": "Evaluación de otro trimestre",
    "sin_trimestre": "Evaluación sin --trimestre",
}


# ------------------------------------------------------------------ lo que devuelve cada proceso


@dataclass
class ActividadConsolidada:
    codigo: str
    actividad: str
    oei: str
    aei: str
    unidad_medida: str
    tipo_meta: str
    meta_anual: float | None
    metas: list[float | None]
    montos: list[float | None]


@dataclass
class UnidadPoi:
    codigo: str
    nombre: str
    anio: int | None
    fecha_presentacion: date | None
    marco: float | None
    modificado: float
    bienes: float
    servicios: float
    actividades: list[ActividadConsolidada]
    nombres_oei: dict[str, str]
    nombres_aei: dict[str, str]

    @property
    def valorizacion(self) -> float:
        return suma(suma(a.montos) for a in self.actividades)


@dataclass
class ActividadEvaluada:
    codigo: str
    actividad: str
    aei: str
    semaforo: str | None
    avance_trimestral: float | None
    avance_acumulado: float | None
    soles_programados: float
    soles_ejecutados: float
    factores_desfavorables: str
    medidas_correctivas: str


@dataclass
class EvaluacionUnidad:
    codigo: str
    nombre: str
    anio: int | None
    trimestre: int | None
    fecha_presentacion: date | None
    filas: list[ActividadEvaluada]


@dataclass
class Leido(Resultado):
    """El `Resultado` del lote más lo que la consolidación necesita del libro."""

    motivo: str = ""
    unidad: UnidadPoi | None = None
    evaluacion: EvaluacionUnidad | None = None


def _version_distinta(ruta: Path) -> str | None:
    from libro.formatos import FORMATOS

    etiqueta = etiqueta_formato(ruta)
    if not etiqueta:
        return None
    id_formato, _, version = etiqueta.partition("@")
    formato = FORMATOS.get(id_formato)
    if formato is not None and version and version != str(formato.version):
        return (
            f"el libro es de la versión {version} de la plantilla «{id_formato}» y OPP consolida la "
            f"versión {formato.version}: pida a la unidad que use la plantilla vigente"
        )
    return None


def _oei_de(aei: str | None, mapa: dict[str, str]) -> str:
    if not aei:
        return "(sin OEI)"
    if aei in mapa:
        return mapa[aei]
    partes = aei.split(".")
    return f"OEI.{partes[1]}" if len(partes) == 3 else "(sin OEI)"


def _unidad_poi(libro: Any) -> UnidadPoi:
    from validadores.modificaciones import presupuesto_modificado

    d = libro.filas("Datos")[0]
    aei_oei = {a.codigo: a.oei for a in libro.filas("AEI") if a.codigo and a.oei}
    actividades = [
        ActividadConsolidada(
            a.codigo or "",
            a.actividad or "",
            _oei_de(a.aei, aei_oei),
            a.aei or "(sin AEI)",
            a.unidad_medida or "",
            a.tipo_meta or "",
            a.meta_anual,
            list(a.metas or [None] * 12),
            list(a.montos or [None] * 12),
        )
        for a in libro.filas("Actividades")
    ]
    cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in libro.filas("Insumos"))
    return UnidadPoi(
        d.codigo_unidad or "",
        d.nombre_unidad or "",
        d.anio_fiscal,
        d.fecha_presentacion,
        d.marco_presupuestal,
        presupuesto_modificado(libro),
        cuadro.bienes,
        cuadro.servicios,
        actividades,
        {o.codigo: o.objetivo or "" for o in libro.filas("OEI") if o.codigo},
        {a.codigo: a.accion or "" for a in libro.filas("AEI") if a.codigo},
    )


def _evaluacion_unidad(libro: Any) -> EvaluacionUnidad:
    d = libro.filas("Datos")[0]
    filas = [
        ActividadEvaluada(
            f.codigo or "",
            f.actividad or "",
            f.aei or "(sin AEI)",
            f.semaforo,
            f.avance_trimestral,
            f.avance_acumulado,
            f.soles_trimestre or 0.0,
            f.ejecutado_soles_trimestre or 0.0,
            f.factores_desfavorables or "",
            f.medidas_correctivas or "",
        )
        for f in libro.filas("Evaluación")
    ]
    return EvaluacionUnidad(
        d.codigo_unidad or "", d.nombre_unidad or "", d.anio_fiscal, d.trimestre, d.fecha_presentacion, filas
    )


def leer_para_consolidar(ruta: Path, contexto: Contexto) -> Leido:
    """En el proceso hijo: abre, calcula y valida; devuelve solo lo que se consolida."""
    nombre = str(ruta)
    version = _version_distinta(ruta)
    if version:
        return Leido(nombre, "desconocido", detalle=version, motivo="version")
    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return Leido(nombre, resultado.estado, detalle=resultado.detalle, motivo=resultado.estado)
    formato = libro.formato.id
    if formato not in ("poi", "evaluacion-poi"):
        return Leido(
            nombre,
            "omitido",
            formato=libro.formato.etiqueta,
            motivo="formato",
            detalle=f"es un libro «{libro.formato.titulo}», no un POI ni una evaluación del POI",
        )
    calculado, _ = calcular(libro)
    observaciones = validar(calculado, contexto)
    errores = [o for o in observaciones if o.es_error]
    if errores:
        primeros = " | ".join(f"{o.codigo}: {o.mensaje}" for o in errores[:3])
        mas = f" (y {len(errores) - 3} más)" if len(errores) > 3 else ""
        return Leido(
            nombre,
            "observado",
            libro.formato.etiqueta,
            observaciones,
            motivo="errores",
            detalle=f"{len(errores)} error(es): {primeros}{mas}",
        )
    leido = Leido(nombre, "ok", libro.formato.etiqueta, observaciones)
    if formato == "poi":
        leido.unidad = _unidad_poi(calculado)
    else:
        leido.evaluacion = _evaluacion_unidad(calculado)
    return leido


def _leer_acotado(ruta: Path, contexto: Contexto) -> Leido:
    """Como `lote`: tiempo acotado; cualquier falla deja el archivo «ilegible» y el lote sigue."""
    con_alarma = hasattr(signal, "SIGALRM")
    if con_alarma:
        signal.signal(signal.SIGALRM, _alarma)
        signal.alarm(SEGUNDOS_POR_ARCHIVO)
    try:
        return leer_para_consolidar(ruta, contexto)
    except _TiempoAgotado:
        return Leido(
            str(ruta),
            "ilegible",
            motivo="ilegible",
            detalle=f"la lectura pasó de {SEGUNDOS_POR_ARCHIVO} s y se abandonó",
        )
    except MemoryError:
        return Leido(
            str(ruta), "ilegible", motivo="ilegible", detalle="el libro es demasiado grande para leerlo"
        )
    except Exception as error:  # noqa: BLE001 - un archivo dañado no detiene la consolidación
        return Leido(str(ruta), "ilegible", motivo="ilegible", detalle=f"no se pudo leer ({error})")
    finally:
        if con_alarma:
            signal.alarm(0)


# ------------------------------------------------------------------ clasificación


@dataclass
class Excluido:
    archivo: str
    motivo: str
    detalle: str


@dataclass
class Pendiente:
    """Unidad con POI consolidado que no presentó su evaluación, o la presentó tarde."""

    codigo: str
    nombre: str
    situacion: str
    fecha: date | None = None


@dataclass
class Consolidacion:
    anio: int | None
    trimestre: int | None
    unidades: list[UnidadPoi] = field(default_factory=list)
    evaluaciones: list[EvaluacionUnidad] = field(default_factory=list)
    excluidos: list[Excluido] = field(default_factory=list)
    pendientes: list[Pendiente] = field(default_factory=list)
    archivos: int = 0

    @property
    def plazo(self) -> date | None:
        return plazo_de_presentacion(self.anio, self.trimestre) if self.anio and self.trimestre else None


def _motivo(leido: Resultado) -> str:
    return getattr(leido, "motivo", "") or {"omitido": "omitido", "ilegible": "ilegible"}.get(
        leido.estado, "desconocido"
    )


def clasificar(leidos: list[Resultado], anio: int | None, trimestre: int | None) -> Consolidacion:
    """Qué se consolida y qué se excluye (y por qué); quién no presentó la evaluación o lo hizo tarde."""
    excluidos: list[Excluido] = []
    pois: list[tuple[str, UnidadPoi]] = []
    evaluaciones: list[tuple[str, EvaluacionUnidad]] = []
    for r in leidos:
        unidad, evaluacion = getattr(r, "unidad", None), getattr(r, "evaluacion", None)
        if unidad is not None:
            pois.append((r.archivo, unidad))
        elif evaluacion is not None:
            evaluaciones.append((r.archivo, evaluacion))
        else:
            excluidos.append(Excluido(r.archivo, MOTIVOS[_motivo(r)], r.detalle))
    if anio is None:
        anios = Counter(u.anio for _, u in pois if u.anio)
        anio = max(anios, key=lambda a: (anios[a], a)) if anios else None
    resultado = Consolidacion(anio, trimestre, archivos=len(leidos))
    vistos: dict[str, str] = {}
    for archivo, u in pois:
        if anio and u.anio != anio:
            excluidos.append(
                Excluido(
                    archivo,
                    MOTIVOS["anio"],
                    f"el POI es del año fiscal {u.anio} y se consolida el año {anio}",
                )
            )
        elif u.codigo in vistos:
            excluidos.append(
                Excluido(
                    archivo,
                    MOTIVOS["duplicado"],
                    f"la unidad «{u.codigo}» ya se consolidó desde «{Path(vistos[u.codigo]).name}»",
                )
            )
        else:
            vistos[u.codigo] = archivo
            resultado.unidades.append(u)
    evaluadas: dict[str, str] = {}
    for archivo, e in evaluaciones:
        if trimestre is None:
            excluidos.append(
                Excluido(
                    archivo, MOTIVOS["sin_trimestre"], "las evaluaciones se consolidan solo con --trimestre N"
                )
            )
        elif anio and e.anio != anio:
            excluidos.append(
                Excluido(
                    archivo,
                    MOTIVOS["anio"],
                    f"la evaluación es del año fiscal {e.anio} y se consolida el año {anio}",
                )
            )
        elif e.trimestre != trimestre:
            excluidos.append(
                Excluido(
                    archivo,
                    MOTIVOS["trimestre"],
                    f"es la evaluación del trimestre {e.trimestre}; se consolida el {trimestre}",
                )
            )
        elif e.codigo in evaluadas:
            excluidos.append(
                Excluido(
                    archivo,
                    MOTIVOS["duplicado"],
                    f"la evaluación de «{e.codigo}» ya se consolidó desde «{Path(evaluadas[e.codigo]).name}»",
                )
            )
        else:
            evaluadas[e.codigo] = archivo
            resultado.evaluaciones.append(e)
    resultado.excluidos = sorted(excluidos, key=lambda x: Path(x.archivo).name)
    if trimestre:
        resultado.pendientes = _pendientes(resultado)
    return resultado


def _pendientes(c: Consolidacion) -> list[Pendiente]:
    por_codigo = {e.codigo: e for e in c.evaluaciones}
    pendientes = []
    for u in c.unidades:
        e = por_codigo.get(u.codigo)
        if e is None:
            pendientes.append(Pendiente(u.codigo, u.nombre, "No presentó la evaluación (o fue excluida)"))
        elif e.fecha_presentacion is None:
            pendientes.append(Pendiente(u.codigo, u.nombre, "Sin fecha de presentación"))
        elif c.plazo and e.fecha_presentacion > c.plazo:
            pendientes.append(Pendiente(u.codigo, u.nombre, "Presentó fuera de plazo", e.fecha_presentacion))
    return pendientes


# ------------------------------------------------------------------ escritura del libro consolidado


class _Libro:
    """Formatos de XlsxWriter y la configuración de impresión de cada hoja."""

    def __init__(self, destino: Path, cache: bool) -> None:
        self.wb = xlsxwriter.Workbook(
            str(destino), {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
        )
        self.wb.set_properties({"title": "POI institucional consolidado", "author": "libro"})
        self.cache = cache
        base = {"font_name": "Calibri", "font_size": 10}
        self.f: dict[str, Any] = {
            "titulo": self.wb.add_format(base | {"bold": True, "font_size": 14, "font_color": AZUL}),
            "nota": self.wb.add_format(base | {"italic": True, "font_color": "#595959"}),
            "encabezado": self.wb.add_format(
                base
                | {
                    "bold": True,
                    "bg_color": CELESTE,
                    "border": 1,
                    "text_wrap": True,
                    "align": "center",
                    "valign": "vcenter",
                }
            ),
            "texto": self.wb.add_format(base | {"valign": "top"}),
            "largo": self.wb.add_format(base | {"valign": "top", "text_wrap": True}),
            "fecha": self.wb.add_format(base | {"num_format": "dd/mm/yyyy"}),
            "Rojo": self.wb.add_format(base | {"bg_color": "#F8CBAD", "bold": True}),
            "Ámbar": self.wb.add_format(base | {"bg_color": "#FFE699", "bold": True}),
        }
        for nombre, numero in (("soles", SOLES), ("metas", METAS), ("pct", PCT), ("entero", "0")):
            self.f[nombre] = self.wb.add_format(base | {"num_format": numero})
            self.f[nombre + "_total"] = self.wb.add_format(
                base | {"num_format": numero, "bold": True, "top": 1}
            )
        self.f["texto_total"] = self.wb.add_format(base | {"bold": True, "top": 1})

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


def _texto(ws: Worksheet, r: int, c: int, valor: str | None, formato: Any) -> None:
    ws.write_string(r, c, valor or "", formato)


def _numero(ws: Worksheet, r: int, c: int, valor: float | None, formato: Any) -> None:
    """Un número; las celdas vacías no se escriben (en el POI institucional son la mitad de los meses)."""
    if valor is not None:
        ws.write_number(r, c, valor, formato)


def _cuadro_resumen(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    encabezados = [
        "Código",
        "Unidad orgánica",
        "Bienes (2.3.1) S/",
        "Servicios (2.3.2) S/",
        "Total S/",
        "Valorización de actividades S/",
        "Marco presupuestal S/",
    ]
    n = len(c.unidades)
    primera, ultima = 10, 10 + n - 1
    fila_total = 10 + n
    bienes = round(sum(u.bienes for u in c.unidades), 2)
    servicios = round(sum(u.servicios for u in c.unidades), 2)

    def cuadro(ws: Worksheet) -> None:
        """El cuadro resumen de la Directiva (art. 8.4): bienes, servicios y total."""
        ws.write_row(3, 0, ["Código", "Detalle de insumos o servicios", "Costo S/"], lb.f["encabezado"])
        ws.write_row(4, 0, ["2.3.1", "Bienes"], lb.f["texto"])
        lb.formula(ws, 4, 2, f"=C{fila_total + 1}", "soles", bienes)
        ws.write_row(5, 0, ["2.3.2", "Servicios"], lb.f["texto"])
        lb.formula(ws, 5, 2, f"=D{fila_total + 1}", "soles", servicios)
        ws.write_row(6, 0, ["", "Total"], lb.f["texto_total"])
        lb.formula(ws, 6, 2, "=SUM(C5:C6)", "soles_total", round(bienes + servicios, 2))
        ws.write_string(8, 0, "PRESUPUESTO POR UNIDAD ORGÁNICA (cuadro de necesidades)", lb.f["titulo"])

    ws = lb.hoja(
        "Cuadro resumen",
        "CUADRO RESUMEN DE PRESUPUESTO INSTITUCIONAL",
        subtitulo,
        encabezados,
        [12, 44, 16, 16, 16, 18, 18],
        fila_encabezado=9,
        previo=cuadro,
    )
    for i, u in enumerate(c.unidades):
        r = primera + i
        _texto(ws, r, 0, u.codigo, lb.f["texto"])
        _texto(ws, r, 1, u.nombre, lb.f["texto"])
        _numero(ws, r, 2, u.bienes, lb.f["soles"])
        _numero(ws, r, 3, u.servicios, lb.f["soles"])
        lb.formula(ws, r, 4, f"=C{r + 1}+D{r + 1}", "soles", round(u.bienes + u.servicios, 2))
        _numero(ws, r, 5, u.valorizacion, lb.f["soles"])
        _numero(ws, r, 6, u.marco, lb.f["soles"])
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    ws.write_string(fila_total, 1, f"{n} unidades orgánicas", lb.f["texto_total"])
    for j, valor in (
        (2, bienes),
        (3, servicios),
        (4, round(bienes + servicios, 2)),
        (5, round(sum(u.valorizacion for u in c.unidades), 2)),
        (6, round(sum(u.marco or 0 for u in c.unidades), 2)),
    ):
        lb.total(ws, fila_total, j, primera, ultima, "soles", valor)
    if n:
        pastel = lb.wb.add_chart({"type": "pie"})
        pastel.add_series(
            {
                "name": "Bienes y servicios",
                "categories": ["Cuadro resumen", 4, 1, 5, 1],
                "values": ["Cuadro resumen", 4, 2, 5, 2],
                "data_labels": {"percentage": True},
            }
        )
        pastel.set_title({"name": "Bienes y servicios"})
        pastel.set_size({"width": 380, "height": 230})
        ws.insert_chart("I2", pastel)
        barras = lb.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for j, nombre in ((2, "Bienes"), (3, "Servicios")):
            barras.add_series(
                {
                    "name": nombre,
                    "categories": ["Cuadro resumen", primera, 0, ultima, 0],
                    "values": ["Cuadro resumen", primera, j, ultima, j],
                }
            )
        barras.set_title({"name": "Presupuesto por unidad orgánica"})
        barras.set_x_axis({"num_format": "#,##0"})
        barras.set_legend({"position": "bottom"})
        barras.set_size({"width": 620, "height": max(300, 22 * n + 120)})
        ws.insert_chart(fila_total + 2, 1, barras)


def _poi_institucional(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    encabezados = [
        "Código UO",
        "Unidad orgánica",
        "OEI",
        "AEI",
        "Código",
        "Actividad operativa",
        "Unidad de medida",
        "Tipo de meta",
        "Meta anual",
        *[f"Meta {m}" for m in MESES],
        "Valorización anual S/",
        *[f"S/ {m}" for m in MESES],
    ]
    anchos = [10, 26, 8, 10, 8, 36, 12, 11, 8, *[6] * 12, 13, *[11] * 12]
    ws = lb.hoja(
        "POI institucional",
        "POI INSTITUCIONAL: ACTIVIDADES OPERATIVAS POR UNIDAD ORGÁNICA, OEI Y AEI",
        subtitulo,
        encabezados,
        anchos,
    )
    filas = sorted(
        ((u, a) for u in c.unidades for a in u.actividades),
        key=lambda ua: (ua[0].codigo, ua[1].oei, ua[1].aei, ua[1].codigo),
    )
    primera = 4
    col_valor = 9 + 12
    texto, metas, soles = lb.f["texto"], lb.f["metas"], lb.f["soles"]
    for i, (u, a) in enumerate(filas):
        r = primera + i
        ws.write_row(
            r,
            0,
            [u.codigo, u.nombre, a.oei, a.aei, a.codigo, a.actividad, a.unidad_medida, a.tipo_meta],
            texto,
        )
        _numero(ws, r, 8, a.meta_anual, metas)
        for m in range(12):
            _numero(ws, r, 9 + m, a.metas[m], metas)
        lb.formula(
            ws,
            r,
            col_valor,
            f"=SUM({letra(col_valor + 1)}{r + 1}:{letra(col_valor + 12)}{r + 1})",
            "soles",
            suma(a.montos),
        )
        for m in range(12):
            _numero(ws, r, col_valor + 1 + m, a.montos[m], soles)
    fila_total = primera + len(filas)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    ws.write_string(fila_total, 5, f"{len(filas)} actividades", lb.f["texto_total"])
    for j in range(col_valor, col_valor + 13):
        valor = (
            suma(suma(a.montos) for _, a in filas)
            if j == col_valor
            else suma(a.montos[j - col_valor - 1] for _, a in filas)
        )
        lb.total(ws, fila_total, j, primera, fila_total - 1, "soles", valor)
    ws.autofilter(3, 0, max(fila_total - 1, 4), len(encabezados) - 1)


def _por_oei_y_aei(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    """Valorización institucional por objetivo y acción estratégica, mes a mes."""
    nombres_aei: dict[str, str] = {}
    for u in c.unidades:
        for k, v in u.nombres_aei.items():
            nombres_aei.setdefault(k, v)
    grupos: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 12)
    unidades: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u in c.unidades:
        for a in u.actividades:
            fila = grupos[(a.oei, a.aei)]
            unidades[(a.oei, a.aei)].add(u.codigo)
            for m, v in enumerate(a.montos):
                fila[m] += v or 0.0
    encabezados = ["OEI", "AEI", "Acción estratégica", "Unidades", *[f"S/ {m}" for m in MESES], "Total S/"]
    ws = lb.hoja(
        "Por OEI y AEI",
        "VALORIZACIÓN INSTITUCIONAL POR OBJETIVO Y ACCIÓN ESTRATÉGICA",
        subtitulo,
        encabezados,
        [9, 11, 40, 9, *[11] * 12, 14],
    )
    primera = 4
    claves = sorted(grupos)
    for i, clave_grupo in enumerate(claves):
        r = primera + i
        oei, aei = clave_grupo
        ws.write_row(r, 0, [oei, aei, nombres_aei.get(aei, "")], lb.f["texto"])
        ws.write_number(r, 3, len(unidades[clave_grupo]), lb.f["entero"])
        meses = [round(v, 2) for v in grupos[clave_grupo]]
        for m in range(12):
            ws.write_number(r, 4 + m, meses[m], lb.f["soles"])
        lb.formula(ws, r, 16, f"=SUM(E{r + 1}:P{r + 1})", "soles", suma(meses))
    fila_total = primera + len(claves)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    for j in range(4, 17):
        valor = suma(suma(g) for g in grupos.values()) if j == 16 else suma(g[j - 4] for g in grupos.values())
        lb.total(ws, fila_total, j, primera, fila_total - 1, "soles", valor)


def _presupuesto_por_unidad(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    encabezados = [
        "Código",
        "Unidad orgánica",
        *[f"S/ {m}" for m in MESES],
        "Total S/",
        "Marco presupuestal S/",
        "Tras modificaciones S/",
        "% del marco",
    ]
    ws = lb.hoja(
        "Presupuesto por UO",
        "PRESUPUESTO POR UNIDAD ORGÁNICA Y MES (valorización de actividades)",
        subtitulo,
        encabezados,
        [10, 36, *[11] * 12, 14, 14, 14, 9],
    )
    primera = 4
    n = len(c.unidades)
    soles = lb.f["soles"]
    meses_por_unidad = [[suma(a.montos[m] for a in u.actividades) for m in range(12)] for u in c.unidades]
    for i, u in enumerate(c.unidades):
        r = primera + i
        ws.write_row(r, 0, [u.codigo, u.nombre], lb.f["texto"])
        for m in range(12):
            _numero(ws, r, 2 + m, meses_por_unidad[i][m], soles)
        lb.formula(ws, r, 14, f"=SUM(C{r + 1}:N{r + 1})", "soles", suma(meses_por_unidad[i]))
        _numero(ws, r, 15, u.marco, soles)
        _numero(ws, r, 16, u.modificado, soles)
        lb.formula(
            ws,
            r,
            17,
            f'=IF(N(P{r + 1})>0,Q{r + 1}/P{r + 1},"")',
            "pct",
            u.modificado / u.marco if u.marco else None,
        )
    fila_total = primera + n
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    for j in range(2, 17):
        if j < 14:
            valor = suma(fila[j - 2] for fila in meses_por_unidad)
        elif j == 14:
            valor = suma(suma(f) for f in meses_por_unidad)
        elif j == 15:
            valor = suma(u.marco for u in c.unidades)
        else:
            valor = suma(u.modificado for u in c.unidades)
        lb.total(ws, fila_total, j, primera, fila_total - 1, "soles", valor)
    if n:
        linea = lb.wb.add_chart({"type": "column"})
        linea.add_series(
            {
                "name": "Valorización institucional (S/)",
                "categories": ["Presupuesto por UO", 3, 2, 3, 13],
                "values": ["Presupuesto por UO", fila_total, 2, fila_total, 13],
                "fill": {"color": AZUL},
            }
        )
        linea.set_title({"name": "Programación institucional mensual"})
        linea.set_y_axis({"num_format": "#,##0"})
        linea.set_legend({"none": True})
        linea.set_size({"width": 720, "height": 300})
        ws.insert_chart(fila_total + 2, 1, linea)


def _informe_trimestral(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    hoja = "Informe trimestral"
    encabezados = [
        "Código",
        "Unidad orgánica",
        "Actividades",
        "Verde",
        "Ámbar",
        "Rojo",
        "Sin meta",
        "Sin cálculo",
        "% avance físico (promedio)",
        "S/ programado",
        "S/ ejecutado",
        "% ejecución financiera",
        "Fecha de presentación",
        "Situación",
    ]
    plazo = c.plazo.strftime("%d/%m/%Y") if c.plazo else "—"
    ws = lb.hoja(
        hoja,
        f"INFORME DE EVALUACIÓN DEL POI — TRIMESTRE {c.trimestre} DE {c.anio}",
        f"{subtitulo} Plazo de presentación: {plazo} (10 días calendario, art. 12). % avance físico: "
        "promedio simple de los % de las actividades con meta.",
        encabezados,
        [10, 36, 10, 7, 7, 7, 8, 9, 11, 14, 14, 11, 12, 18],
    )
    primera = 4
    n = len(c.evaluaciones)
    for i, e in enumerate(c.evaluaciones):
        r = primera + i
        conteo = conteo_semaforos(f.semaforo for f in e.filas)
        prog = suma(f.soles_programados for f in e.filas)
        ejec = suma(f.soles_ejecutados for f in e.filas)
        ws.write_row(r, 0, [e.codigo, e.nombre], lb.f["texto"])
        ws.write_number(r, 2, len(e.filas), lb.f["entero"])
        for j, clave in enumerate(conteo):
            ws.write_number(r, 3 + j, conteo[clave], lb.f["entero"])
        avance = promedio(f.avance_trimestral for f in e.filas)
        _numero(ws, r, 8, avance / 100 if avance is not None else None, lb.f["pct"])
        _numero(ws, r, 9, prog, lb.f["soles"])
        _numero(ws, r, 10, ejec, lb.f["soles"])
        lb.formula(ws, r, 11, f'=IF(J{r + 1}>0,K{r + 1}/J{r + 1},"")', "pct", ejec / prog if prog else None)
        if e.fecha_presentacion:
            ws.write_datetime(
                r, 12, datetime.combine(e.fecha_presentacion, datetime.min.time()), lb.f["fecha"]
            )
        else:
            ws.write_blank(r, 12, None, lb.f["fecha"])
        tarde = c.plazo and e.fecha_presentacion and e.fecha_presentacion > c.plazo
        ws.write_string(
            r,
            13,
            "Fuera de plazo" if tarde else ("A tiempo" if e.fecha_presentacion else "Sin fecha"),
            lb.f["texto"],
        )
    fila_total = primera + n
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    todas = [f for e in c.evaluaciones for f in e.filas]
    conteo_total = conteo_semaforos(f.semaforo for f in todas)
    for j, valor in ((2, len(todas)), *((3 + k, v) for k, v in enumerate(conteo_total.values()))):
        lb.total(ws, fila_total, j, primera, fila_total - 1, "entero", valor)
    prog_total = suma(f.soles_programados for f in todas)
    ejec_total = suma(f.soles_ejecutados for f in todas)
    lb.total(ws, fila_total, 9, primera, fila_total - 1, "soles", prog_total)
    lb.total(ws, fila_total, 10, primera, fila_total - 1, "soles", ejec_total)
    r = fila_total + 1
    lb.formula(
        ws,
        fila_total,
        11,
        f'=IF(J{r}>0,K{r}/J{r},"")',
        "pct_total",
        ejec_total / prog_total if prog_total else None,
    )
    if n:
        pastel = lb.wb.add_chart({"type": "pie"})
        pastel.add_series(
            {
                "name": "Actividades por semáforo",
                "categories": [hoja, 3, 3, 3, 5],
                "values": [hoja, fila_total, 3, fila_total, 5],
                "data_labels": {"value": True},
                "points": [
                    {"fill": {"color": "#70AD47"}},
                    {"fill": {"color": "#FFC000"}},
                    {"fill": {"color": "#C00000"}},
                ],
            }
        )
        pastel.set_title({"name": "Actividades por semáforo"})
        pastel.set_size({"width": 420, "height": 260})
        ws.insert_chart(fila_total + 2, 1, pastel)


def _avance_por_aei(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    nombres_aei: dict[str, str] = {}
    oei_de: dict[str, str] = {}
    for u in c.unidades:
        for k, v in u.nombres_aei.items():
            nombres_aei.setdefault(k, v)
        for a in u.actividades:
            oei_de.setdefault(a.aei, a.oei)
    grupos: dict[tuple[str, str], list[ActividadEvaluada]] = defaultdict(list)
    for e in c.evaluaciones:
        for f in e.filas:
            grupos[(oei_de.get(f.aei) or _oei_de(f.aei, {}), f.aei)].append(f)
    encabezados = [
        "OEI",
        "AEI",
        "Acción estratégica",
        "Actividades",
        "Verde",
        "Ámbar",
        "Rojo",
        "% avance físico (promedio)",
        "S/ programado",
        "S/ ejecutado",
        "% ejecución financiera",
    ]
    ws = lb.hoja(
        "Avance por OEI-AEI",
        f"AVANCE POR OBJETIVO Y ACCIÓN ESTRATÉGICA — TRIMESTRE {c.trimestre}",
        subtitulo,
        encabezados,
        [9, 11, 44, 10, 7, 7, 7, 11, 14, 14, 11],
    )
    primera = 4
    for i, ((oei, aei), filas) in enumerate(sorted(grupos.items())):
        r = primera + i
        conteo = conteo_semaforos(f.semaforo for f in filas)
        prog = suma(f.soles_programados for f in filas)
        ejec = suma(f.soles_ejecutados for f in filas)
        ws.write_row(r, 0, [oei, aei, nombres_aei.get(aei, "")], lb.f["texto"])
        ws.write_row(r, 3, [len(filas), conteo["Verde"], conteo["Ámbar"], conteo["Rojo"]], lb.f["entero"])
        avance = promedio(f.avance_trimestral for f in filas)
        _numero(ws, r, 7, avance / 100 if avance is not None else None, lb.f["pct"])
        _numero(ws, r, 8, prog, lb.f["soles"])
        _numero(ws, r, 9, ejec, lb.f["soles"])
        lb.formula(ws, r, 10, f'=IF(I{r + 1}>0,J{r + 1}/I{r + 1},"")', "pct", ejec / prog if prog else None)
    fila_total = primera + len(grupos)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    todas = [f for filas in grupos.values() for f in filas]
    conteo = conteo_semaforos(f.semaforo for f in todas)
    for j, valor in ((3, len(todas)), (4, conteo["Verde"]), (5, conteo["Ámbar"]), (6, conteo["Rojo"])):
        lb.total(ws, fila_total, j, primera, fila_total - 1, "entero", valor)
    lb.total(ws, fila_total, 8, primera, fila_total - 1, "soles", suma(f.soles_programados for f in todas))
    lb.total(ws, fila_total, 9, primera, fila_total - 1, "soles", suma(f.soles_ejecutados for f in todas))


def _ambar_y_rojo(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    encabezados = [
        "Código UO",
        "Unidad orgánica",
        "Código",
        "Actividad operativa",
        "AEI",
        "Semáforo",
        "% avance físico",
        "Factores que dificultaron",
        "Medidas correctivas",
    ]
    ws = lb.hoja(
        "Ámbar y rojo",
        f"ACTIVIDADES EN ÁMBAR Y ROJO Y SUS MEDIDAS CORRECTIVAS — TRIMESTRE {c.trimestre}",
        subtitulo,
        encabezados,
        [10, 26, 8, 34, 10, 8, 9, 40, 40],
    )
    r = 4
    for e in c.evaluaciones:
        for f in sorted(e.filas, key=lambda f: (f.semaforo != "Rojo", f.codigo)):
            if f.semaforo not in ("Ámbar", "Rojo"):
                continue
            ws.write_row(r, 0, [e.codigo, e.nombre, f.codigo, f.actividad, f.aei], lb.f["texto"])
            ws.write_string(r, 5, f.semaforo, lb.f[f.semaforo])
            _numero(
                ws, r, 6, f.avance_trimestral / 100 if f.avance_trimestral is not None else None, lb.f["pct"]
            )
            ws.write_string(r, 7, f.factores_desfavorables, lb.f["largo"])
            ws.write_string(r, 8, f.medidas_correctivas, lb.f["largo"])
            r += 1
    if r == 4:
        ws.write_string(r, 0, "Ninguna actividad en ámbar ni en rojo.", lb.f["nota"])


def _pendientes_hoja(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    plazo = c.plazo.strftime("%d/%m/%Y") if c.plazo else "—"
    ws = lb.hoja(
        "Sin presentar o tarde",
        f"UNIDADES QUE NO PRESENTARON O PRESENTARON TARDE — TRIMESTRE {c.trimestre}",
        f"{subtitulo} Plazo: {plazo}.",
        ["Código", "Unidad orgánica", "Situación", "Fecha de presentación"],
        [12, 44, 40, 14],
    )
    for i, p in enumerate(c.pendientes):
        ws.write_row(4 + i, 0, [p.codigo, p.nombre, p.situacion], lb.f["texto"])
        if p.fecha:
            ws.write_datetime(4 + i, 3, datetime.combine(p.fecha, datetime.min.time()), lb.f["fecha"])
    if not c.pendientes:
        ws.write_string(4, 0, "Todas las unidades presentaron su evaluación a tiempo.", lb.f["nota"])


def _excluidos(lb: _Libro, c: Consolidacion, subtitulo: str) -> None:
    ws = lb.hoja(
        "Excluidos",
        "ARCHIVOS EXCLUIDOS DE LA CONSOLIDACIÓN Y POR QUÉ",
        subtitulo,
        ["Archivo", "Motivo", "Detalle"],
        [36, 26, 110],
    )
    for i, x in enumerate(c.excluidos):
        ws.write_row(4 + i, 0, [Path(x.archivo).name, x.motivo], lb.f["texto"])
        ws.write_string(4 + i, 2, x.detalle, lb.f["largo"])
    if not c.excluidos:
        ws.write_string(4, 0, "Ningún archivo excluido.", lb.f["nota"])


def escribir_consolidado(c: Consolidacion, destino: Path, cache: bool = True) -> Path:
    """Escribe el libro consolidado (en un temporal que luego reemplaza al destino).

    `cache=False` deja los resultados de las fórmulas en 0 hasta que Excel o LibreOffice recalculen.
    """
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.{os.getpid()}.tmp")
    lb = _Libro(temporal, cache)
    subtitulo = (
        f"Año fiscal {c.anio or '—'}. {len(c.unidades)} unidades consolidadas de {c.archivos} archivos; "
        f"{len(c.excluidos)} excluidos (hoja «Excluidos»)."
    )
    _cuadro_resumen(lb, c, subtitulo)
    _poi_institucional(lb, c, subtitulo)
    _presupuesto_por_unidad(lb, c, subtitulo)
    _por_oei_y_aei(lb, c, subtitulo)
    if c.trimestre:
        _informe_trimestral(lb, c, subtitulo)
        _avance_por_aei(lb, c, subtitulo)
        _ambar_y_rojo(lb, c, subtitulo)
        _pendientes_hoja(lb, c, subtitulo)
    _excluidos(lb, c, subtitulo)
    try:
        lb.wb.close()
        temporal.replace(destino)
    finally:
        temporal.unlink(missing_ok=True)
    return destino


def archivos_de(carpeta: Path, salida: Path | None = None) -> list[Path]:
    """Los archivos de la carpeta (recursiva), sin la salida ni temporales."""
    excluir = salida.resolve() if salida else None
    return [p for p in expandir([carpeta]) if p.resolve() != excluir and not p.name.startswith(".")]


def consolidar(
    carpeta: Path,
    salida: Path,
    trimestre: int | None = None,
    anio: int | None = None,
    procesos: int | None = None,
    cache: bool = True,
) -> Consolidacion:
    """Lee y valida cada libro de la carpeta en paralelo, clasifica y escribe el consolidado."""
    if trimestre is not None and trimestre not in (1, 2, 3, 4):
        raise ValueError(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre})")
    archivos = archivos_de(carpeta, salida)
    leidos = list(validar_lote(archivos, Contexto(), procesos, trabajo=_leer_acotado))
    consolidacion = clasificar(leidos, anio, trimestre)
    escribir_consolidado(consolidacion, salida, cache)
    return consolidacion
