"""El libro consolidado de OPP: cuadro resumen, POI institucional, presupuesto por unidad orgánica,
valorización por OEI y AEI y archivos excluidos (más las hojas de evaluación, si hay trimestre).

Cada total y cada resumen es una fórmula (SUM, SUMIFS, COUNTIFS sobre el «POI institucional») con su
resultado guardado, que calcula pandas (`libro.poi.consolidacion.agregados`): el libro sigue cuadrando
si un funcionario corrige una celda sin el complemento. Las columnas del POI institucional son las
que declara el POI; cada hoja tiene el papel y la escala que su ancho pide (`LibroConsolidado`).
"""

from pathlib import Path

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.celdas import letra
from libro.nucleo.declaracion import Columna
from libro.nucleo.estilos import AZUL
from libro.poi.consolidacion.agregados import MONTOS, Tablas, nombre, tablas
from libro.poi.consolidacion.calculo import COLUMNAS, IDENTIFICACION, TOTAL_DE_FILA, Consolidacion
from libro.poi.consolidacion.evaluacion import hojas_de_evaluacion
from libro.poi.consolidacion.libro import Bloques, Detalle, Encabezado, LibroConsolidado
from libro.poi.formato import POI

INSTITUCIONAL = "POI institucional"
PRIMERA = 5
"""Primera fila de actividades (0-based): título, subtítulo, vacía, grupos y encabezados."""
ANCHO_UNIDAD = 30
"""Ancho del nombre de la unidad orgánica (la ficha «Datos» no declara anchos de columna)."""
SIN_MARCO = "sin marco"
DATOS = {c.campo: c for c in POI.hoja("Datos").columnas}
MESES_SOLES = [c.encabezado for c in COLUMNAS if c.campo == TOTAL_DE_FILA[1]]


def _encabezado(c: Columna) -> Encabezado:
    return Encabezado(c.encabezado, ANCHO_UNIDAD if c.campo == "nombre_unidad" else c.col.ancho)


def _unidad(*resto: Encabezado) -> list[Encabezado]:
    """Código y nombre de la unidad (como los declara «Datos») seguidos de `resto`."""
    return [
        Encabezado(DATOS["codigo_unidad"].encabezado, 12),
        Encabezado(DATOS["nombre_unidad"].encabezado, ANCHO_UNIDAD),
        *resto,
    ]


def escribir_consolidado(c: Consolidacion, destino: Path, cache: bool = True) -> Path:
    """Escribe el libro consolidado (en un temporal que luego reemplaza al destino).

    `cache=False` deja los resultados de las fórmulas en 0 hasta que Excel o LibreOffice recalculen.
    """
    t = tablas(c)
    lb = LibroConsolidado(cache, c.anio, c.hoy)
    subtitulo = f"Año fiscal {c.anio or '—'}. {c.recuento} (hoja «Excluidos»)."
    detalle = Detalle(
        INSTITUCIONAL, PRIMERA, len(t.actividades), {nombre(col): j for j, col in enumerate(COLUMNAS)}
    )
    _cuadro_resumen(lb, c, t, detalle, subtitulo)
    _poi_institucional(lb, t, subtitulo)
    _presupuesto_por_unidad(lb, t, detalle, subtitulo)
    _por_oei_y_aei(lb, t, detalle, subtitulo)
    if c.trimestre:
        hojas_de_evaluacion(lb, c, t, subtitulo)
    _excluidos(lb, c, subtitulo)
    lb.cerrar(destino)
    return destino


def _marco(lb: LibroConsolidado, ws: Worksheet, r: int, c: int, marco: float) -> None:
    """El marco presupuestal, o «sin marco» si la unidad no lo registró (nunca S/ 0.00)."""
    if marco == marco:
        ws.write_number(r, c, marco, lb.f["soles"])
    else:
        ws.write_string(r, c, SIN_MARCO, lb.f["nota"])


def _total_marco(lb: LibroConsolidado, ws: Worksheet, r: int, c: int, desde: int, marcos: pd.Series) -> None:
    """La suma de los marcos registrados; «sin marco» si ninguna unidad lo registró."""
    rango = f"{letra(c)}{desde + 1}:{letra(c)}{r}"
    formula = f'=IF(COUNT({rango})=0,"{SIN_MARCO}",SUM({rango}))' if r > desde else f'="{SIN_MARCO}"'
    lb.formula(
        ws, r, c, formula, "soles_total", round(marcos.sum(), 2) if marcos.notna().any() else SIN_MARCO
    )


def _cuadro_resumen(lb: LibroConsolidado, c: Consolidacion, t: Tablas, d: Detalle, subtitulo: str) -> None:
    u = t.por_unidad
    n = len(u)
    primera = 10
    fila_total = primera + n
    bienes, servicios = round(u["bienes"].sum(), 2), round(u["servicios"].sum(), 2)

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

    columnas = _unidad(
        Encabezado("Bienes (2.3.1) S/", 15),
        Encabezado("Servicios (2.3.2) S/", 15),
        Encabezado("Total S/", 15),
        Encabezado("Valorización de actividades S/", 16),
        Encabezado(DATOS["marco_presupuestal"].encabezado, 15),
        Encabezado("Situación del POI", 16),
        Encabezado(DATOS["fecha_presentacion"].encabezado, 13),
    )
    ws = lb.hoja(
        "Cuadro resumen", "CUADRO RESUMEN DE PRESUPUESTO INSTITUCIONAL", subtitulo, columnas, 9, cuadro
    )
    for i, fila in enumerate(u.itertuples(index=False)):
        r = primera + i
        ws.write_row(r, 0, [fila.codigo_unidad, fila.nombre_unidad], lb.f["texto"])
        ws.write_number(r, 2, fila.bienes, lb.f["soles"])
        ws.write_number(r, 3, fila.servicios, lb.f["soles"])
        lb.formula(ws, r, 4, f"=C{r + 1}+D{r + 1}", "soles", fila.total_insumos)
        formula = d.funcion("SUMIFS", TOTAL_DE_FILA[0], [("codigo_unidad", f"$A{r + 1}")])
        lb.formula(ws, r, 5, "=" + formula, "soles", fila.valorizacion_anual)
        _marco(lb, ws, r, 6, fila.marco_presupuestal)
        ws.write_string(r, 7, fila.situacion, lb.f["texto"])
        if fila.fecha_presentacion:
            ws.write_datetime(r, 8, fila.fecha_presentacion, lb.f["fecha"])
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    ws.write_string(fila_total, 1, f"{n} unidades orgánicas", lb.f["texto_total"])
    for j, columna in enumerate(("bienes", "servicios", "total_insumos", "valorizacion_anual"), start=2):
        lb.total(ws, fila_total, j, primera, fila_total - 1, "soles", round(u[columna].sum(), 2))
    _total_marco(lb, ws, fila_total, 6, primera, u["marco_presupuestal"])
    if u["marco_presupuestal"].isna().any():
        ws.write_string(
            fila_total + 1,
            1,
            f"«{SIN_MARCO}»: la unidad no registró su marco presupuestal en «Datos»; el total suma los "
            "marcos registrados.",
            lb.f["nota"],
        )
    if n:
        _graficos_resumen(lb, ws, primera, fila_total)


def _graficos_resumen(lb: LibroConsolidado, ws: Worksheet, primera: int, fila_total: int) -> None:
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
    ws.insert_chart(fila_total + 3, 1, pastel)
    barras = lb.wb.add_chart({"type": "bar", "subtype": "stacked"})
    for j, serie in ((2, "Bienes"), (3, "Servicios")):
        barras.add_series(
            {
                "name": serie,
                "categories": ["Cuadro resumen", primera, 0, fila_total - 1, 0],
                "values": ["Cuadro resumen", primera, j, fila_total - 1, j],
            }
        )
    barras.set_title({"name": "Presupuesto por unidad orgánica"})
    barras.set_x_axis({"num_format": "#,##0"})
    barras.set_legend({"position": "bottom"})
    barras.set_size({"width": 560, "height": max(230, 22 * (fila_total - primera) + 120)})
    ws.insert_chart(fila_total + 3, 4, barras)


def _grupos() -> list[tuple[str, int, int]]:
    """Los grupos de columnas del POI institucional: la unidad y los que declara «Actividades»."""
    actividades = POI.hoja("Actividades")
    campos = [c.campo for c in actividades.columnas]
    grupos = [("UNIDAD ORGÁNICA Y OBJETIVO", 0, len(IDENTIFICACION) - 1)]
    for g in actividades.grupos:
        dentro = set(campos[campos.index(g.desde) : len(campos) - campos[::-1].index(g.hasta)])
        posiciones = [j for j, c in enumerate(COLUMNAS) if c.campo in dentro and j >= len(IDENTIFICACION)]
        if posiciones:
            grupos.append((g.titulo, posiciones[0], posiciones[-1]))
    return grupos


def _poi_institucional(lb: LibroConsolidado, t: Tablas, subtitulo: str) -> None:
    """Una fila por actividad de cada unidad, con las columnas que declara el POI; se imprime en A3
    horizontal en los bloques de columnas que declara el POI, repitiendo la identificación."""
    grupos = _grupos()
    fijas = [c.campo for c in COLUMNAS].index("actividad") + 1
    ws = lb.hoja(
        INSTITUCIONAL,
        "POI INSTITUCIONAL: ACTIVIDADES OPERATIVAS POR UNIDAD ORGÁNICA, OEI Y AEI",
        subtitulo,
        [_encabezado(c) for c in COLUMNAS],
        PRIMERA - 1,
        grupos=grupos,
        bloques=Bloques(fijas, tuple(desde for _, desde, _ in grupos[2:])),
    )
    n = len(t.actividades)
    columnas = list(t.actividades.columns)
    total = columnas.index(TOTAL_DE_FILA[0])
    meses = [columnas.index(m) for m in MONTOS]
    suma_meses = f"SUM({letra(meses[0])}{{r}}:{letra(meses[-1])}{{r}})"
    celdas = [
        lb.celda("texto", texto=True)
        if c.codec.formato is None
        else lb.celda(lb.de_numero[c.codec.formato], formula=suma_meses if j == total else None)
        for j, c in enumerate(COLUMNAS)
    ]
    fila_total = PRIMERA + n
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    ws.write_string(fila_total, columnas.index("actividad"), f"{n} actividades", lb.f["texto_total"])
    for j in (total, *meses):
        lb.total(
            ws, fila_total, j, PRIMERA, fila_total - 1, "soles", round(t.actividades.iloc[:, j].sum(), 2)
        )
    ws.autofilter(PRIMERA - 1, 0, max(fila_total - 1, PRIMERA), len(COLUMNAS) - 1)
    lb.largas(ws, PRIMERA, celdas, t.actividades)


def _meses_por_sumifs(
    lb: LibroConsolidado,
    ws: Worksheet,
    tabla: pd.DataFrame,
    primera: int,
    desde: int,
    d: Detalle,
    criterios: list[tuple[str, str]],
) -> int:
    """Valorización mes a mes (SUMIFS sobre el POI institucional) y su total, fila por fila de
    `tabla`, desde la columna `desde`; `criterios` lleva (campo, columna de la hoja con el valor).
    Escribe la fila de totales y devuelve su número."""
    fin = letra(desde + 11)
    for i, montos in enumerate(tabla[list(MONTOS)].itertuples(index=False)):
        r = primera + i
        referencias = [(campo, f"${col}{r + 1}") for campo, col in criterios]
        for m, valor in enumerate(montos):
            lb.formula(ws, r, desde + m, "=" + d.funcion("SUMIFS", MONTOS[m], referencias), "soles", valor)
        lb.formula(
            ws, r, desde + 12, f"=SUM({letra(desde)}{r + 1}:{fin}{r + 1})", "soles", round(sum(montos), 2)
        )
    fila_total = primera + len(tabla)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    for m in range(13):
        valor = tabla[list(MONTOS)].to_numpy().sum() if m == 12 else tabla[MONTOS[m]].sum()
        lb.total(ws, fila_total, desde + m, primera, fila_total - 1, "soles", round(valor, 2))
    return fila_total


def _presupuesto_por_unidad(lb: LibroConsolidado, t: Tablas, d: Detalle, subtitulo: str) -> None:
    u = t.por_unidad
    columnas = _unidad(
        *(Encabezado(m, 11) for m in MESES_SOLES),
        Encabezado("Total S/", 14),
        Encabezado(DATOS["marco_presupuestal"].encabezado, 14),
        Encabezado("Tras modificaciones S/", 14),
        Encabezado("% del marco (tras modificaciones)", 12),
    )
    ws = lb.hoja(
        "Presupuesto por UO",
        "PRESUPUESTO POR UNIDAD ORGÁNICA Y MES (valorización de actividades)",
        subtitulo,
        columnas,
    )
    primera = 4
    for i, fila in enumerate(u.itertuples(index=False)):
        r = primera + i
        ws.write_row(r, 0, [fila.codigo_unidad, fila.nombre_unidad], lb.f["texto"])
        _marco(lb, ws, r, 15, fila.marco_presupuestal)
        ws.write_number(r, 16, fila.presupuesto_modificado, lb.f["soles"])
        formula = f'=IF(N(P{r + 1})>0,100*Q{r + 1}/P{r + 1},"")'
        lb.formula(ws, r, 17, formula, "pct", fila.porcentaje_del_marco)
    fila_total = _meses_por_sumifs(lb, ws, u, primera, 2, d, [("codigo_unidad", "A")])
    _total_marco(lb, ws, fila_total, 15, primera, u["marco_presupuestal"])
    lb.total(
        ws, fila_total, 16, primera, fila_total - 1, "soles", round(u["presupuesto_modificado"].sum(), 2)
    )
    if len(u):
        columnas_chart = lb.wb.add_chart({"type": "column"})
        columnas_chart.add_series(
            {
                "name": "Valorización institucional (S/)",
                "categories": ["Presupuesto por UO", 3, 2, 3, 13],
                "values": ["Presupuesto por UO", fila_total, 2, fila_total, 13],
                "fill": {"color": AZUL},
            }
        )
        columnas_chart.set_title({"name": "Programación institucional mensual"})
        columnas_chart.set_y_axis({"num_format": "#,##0"})
        columnas_chart.set_legend({"none": True})
        columnas_chart.set_size({"width": 720, "height": 300})
        ws.insert_chart(fila_total + 2, 1, columnas_chart)


def _por_oei_y_aei(lb: LibroConsolidado, t: Tablas, d: Detalle, subtitulo: str) -> None:
    """Valorización institucional por objetivo y acción estratégica, mes a mes."""
    g = t.por_oei_aei
    aei = {c.campo: c for c in POI.hoja("AEI").columnas}
    columnas = [
        Encabezado(aei["oei"].encabezado, aei["oei"].col.ancho),
        Encabezado(aei["codigo"].encabezado, aei["codigo"].col.ancho),
        Encabezado(aei["accion"].encabezado, 44),
        Encabezado("Actividades", 11),
        *(Encabezado(m, 11) for m in MESES_SOLES),
        Encabezado("Total S/", 14),
    ]
    ws = lb.hoja(
        "Por OEI y AEI", "VALORIZACIÓN INSTITUCIONAL POR OBJETIVO Y ACCIÓN ESTRATÉGICA", subtitulo, columnas
    )
    primera = 4
    criterios = [("oei", "A"), ("aei", "B")]
    for i, fila in enumerate(g.itertuples(index=False)):
        r = primera + i
        ws.write_row(r, 0, [fila.oei, fila.aei], lb.f["texto"])
        ws.write_string(r, 2, fila.accion, lb.f["largo"])
        lb.ajustar(ws, r, [(fila.accion, columnas[2].ancho)])
        formula = d.funcion("COUNTIFS", None, [(campo, f"${col}{r + 1}") for campo, col in criterios])
        lb.formula(ws, r, 3, "=" + formula, "entero", fila.actividades)
    fila_total = _meses_por_sumifs(lb, ws, g, primera, 4, d, criterios)
    lb.total(ws, fila_total, 3, primera, fila_total - 1, "entero", int(g["actividades"].sum()))


def _excluidos(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
    columnas = [
        Encabezado("Archivo", 34),
        Encabezado("Unidad orgánica", 30),
        Encabezado("Situación", 30),
        Encabezado("Detalle", 70),
    ]
    ws = lb.hoja(
        "Excluidos", "ARCHIVOS NO CONSOLIDADOS (EXCLUIDOS U OMITIDOS) Y POR QUÉ", subtitulo, columnas
    )
    for i, x in enumerate(c.excluidos):
        textos = [c.ruta(x.archivo), x.unidad, x.situacion, x.detalle]
        ws.write_row(4 + i, 0, textos, lb.f["largo"])
        lb.ajustar(ws, 4 + i, zip(textos, (col.ancho for col in columnas), strict=True))
    if not c.excluidos:
        ws.write_string(4, 0, "Todos los archivos de la carpeta se consolidaron.", lb.f["nota"])
