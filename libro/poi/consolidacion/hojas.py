"""El libro consolidado de OPP: cuadro resumen, POI institucional, presupuesto por unidad orgánica,
valorización por OEI y AEI y archivos excluidos (más las hojas de evaluación, si hay trimestre).

Los totales son fórmulas SUM reales, con gráficos nativos, A4 horizontal, títulos repetidos al imprimir
y ajuste al ancho de la página (`libro.poi.consolidacion.libro`).
"""

import os
from collections import defaultdict
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from libro.nucleo.celdas import letra
from libro.nucleo.estilos import AZUL
from libro.nucleo.textos import MESES
from libro.poi.consolidacion.calculo import Consolidacion
from libro.poi.consolidacion.evaluacion import hojas_de_evaluacion
from libro.poi.consolidacion.libro import LibroConsolidado
from libro.poi.perfiles import suma


def _cuadro_resumen(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
        lb.texto(ws, r, 0, u.codigo, lb.f["texto"])
        lb.texto(ws, r, 1, u.nombre, lb.f["texto"])
        lb.numero(ws, r, 2, u.bienes, lb.f["soles"])
        lb.numero(ws, r, 3, u.servicios, lb.f["soles"])
        lb.formula(ws, r, 4, f"=C{r + 1}+D{r + 1}", "soles", round(u.bienes + u.servicios, 2))
        lb.numero(ws, r, 5, u.valorizacion, lb.f["soles"])
        lb.numero(ws, r, 6, u.marco, lb.f["soles"])
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


def _poi_institucional(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
        lb.numero(ws, r, 8, a.meta_anual, metas)
        for m in range(12):
            lb.numero(ws, r, 9 + m, a.metas[m], metas)
        lb.formula(
            ws,
            r,
            col_valor,
            f"=SUM({letra(col_valor + 1)}{r + 1}:{letra(col_valor + 12)}{r + 1})",
            "soles",
            suma(a.montos),
        )
        for m in range(12):
            lb.numero(ws, r, col_valor + 1 + m, a.montos[m], soles)
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


def _por_oei_y_aei(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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


def _presupuesto_por_unidad(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
            lb.numero(ws, r, 2 + m, meses_por_unidad[i][m], soles)
        lb.formula(ws, r, 14, f"=SUM(C{r + 1}:N{r + 1})", "soles", suma(meses_por_unidad[i]))
        lb.numero(ws, r, 15, u.marco, soles)
        lb.numero(ws, r, 16, u.modificado, soles)
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


def _excluidos(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
    lb = LibroConsolidado(temporal, cache)
    subtitulo = (
        f"Año fiscal {c.anio or '—'}. {len(c.unidades)} unidades consolidadas de {c.archivos} archivos; "
        f"{len(c.excluidos)} excluidos (hoja «Excluidos»)."
    )
    _cuadro_resumen(lb, c, subtitulo)
    _poi_institucional(lb, c, subtitulo)
    _presupuesto_por_unidad(lb, c, subtitulo)
    _por_oei_y_aei(lb, c, subtitulo)
    if c.trimestre:
        hojas_de_evaluacion(lb, c, subtitulo)
    _excluidos(lb, c, subtitulo)
    try:
        lb.wb.close()
        temporal.replace(destino)
    finally:
        temporal.unlink(missing_ok=True)
    return destino
