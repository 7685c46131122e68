"""Las hojas de la evaluación trimestral en el libro consolidado (Directiva 003-2016-MPH/17, art. 12):
informe por unidad, avance por OEI y AEI, cada actividad evaluada, las actividades en ámbar y rojo y
las unidades que no presentaron, presentaron con errores o tarde.

Los resúmenes son fórmulas (COUNTIFS, SUMIFS, AVERAGEIFS) sobre «Evaluación por actividad».
"""

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.celdas import letra
from libro.nucleo.textos import fecha_texto
from libro.poi.consolidacion.agregados import COLORES, CONTEOS, Tablas, financiera
from libro.poi.consolidacion.calculo import EVALUADAS, IDENTIFICACION, Consolidacion
from libro.poi.consolidacion.libro import Detalle, Encabezado, LibroConsolidado

DETALLE = "Evaluación por actividad"
LARGOS = ("factores_desfavorables", "medidas_correctivas")
"""Columnas de análisis que se leen con el texto ajustado a la celda."""
AVANCE = (
    Encabezado("Actividades", 11),
    *(Encabezado(color, 8) for color in COLORES),
    Encabezado("% avance físico (promedio)", 11),
    Encabezado("S/ programado", 14),
    Encabezado("S/ ejecutado", 14),
    Encabezado("% ejecución financiera", 11),
)
"""Las columnas de avance de «Informe trimestral» y «Avance por OEI-AEI», en este orden."""


def hojas_de_evaluacion(lb: LibroConsolidado, c: Consolidacion, t: Tablas, subtitulo: str) -> None:
    """Las hojas del trimestre `c.trimestre`, en este orden."""
    detalle = Detalle(DETALLE, 4, len(t.evaluacion), {k: j for j, k in enumerate(t.evaluacion.columns)})
    plazo = fecha_texto(c.plazo) or "—"
    _informe_trimestral(lb, c, t, detalle, f"{subtitulo} Plazo de presentación: {plazo} (art. 12).")
    _avance_por_aei(lb, c, t, detalle, subtitulo)
    _detalle(lb, c, t, subtitulo)
    _ambar_y_rojo(lb, c, t, subtitulo)
    _pendientes(lb, c, f"{subtitulo} Plazo de presentación: {plazo}.")


def _avance(
    lb: LibroConsolidado,
    ws: Worksheet,
    tabla: pd.DataFrame,
    primera: int,
    desde: int,
    d: Detalle,
    criterios: list[tuple[str, str]],
    avance_total: float,
) -> int:
    """Las columnas `AVANCE` desde `desde`, fila por fila de `tabla`: conteos por semáforo (su
    encabezado, en la fila de Excel `primera`, es el criterio), promedio del % de avance, soles y % de
    ejecución; y la fila de totales. `criterios` lleva (campo, columna de la hoja con el valor).
    Devuelve el número de la fila de totales."""
    letras = [letra(desde + k) for k in range(len(AVANCE))]
    prog, ejec = letras[-3], letras[-2]
    for i, fila in enumerate(tabla.itertuples(index=False)):
        r = primera + i
        refs = [(campo, f"${col}{r + 1}") for campo, col in criterios]
        lb.formula(ws, r, desde, "=" + d.funcion("COUNTIFS", None, refs), "entero", fila.actividades)
        for k, columna in enumerate(CONTEOS, start=1):
            condiciones = [*refs, ("semaforo", f"{letras[k]}${primera}")]
            lb.formula(
                ws,
                r,
                desde + k,
                "=" + d.funcion("COUNTIFS", None, condiciones),
                "entero",
                getattr(fila, columna),
            )
        promedio = d.funcion("AVERAGEIFS", "avance_trimestral", refs)
        lb.formula(ws, r, desde + 6, f'=IFERROR({promedio},"")', "pct", fila.avance_promedio)
        lb.formula(
            ws,
            r,
            desde + 7,
            "=" + d.funcion("SUMIFS", "soles_trimestre", refs),
            "soles",
            fila.soles_programados,
        )
        soles = d.funcion("SUMIFS", "ejecutado_soles_trimestre", refs)
        lb.formula(ws, r, desde + 8, "=" + soles, "soles", fila.soles_ejecutados)
        formula = f'=IF({prog}{r + 1}>0,100*{ejec}{r + 1}/{prog}{r + 1},"")'
        lb.formula(ws, r, desde + 9, formula, "pct", fila.ejecucion_financiera)
    fila_total = primera + len(tabla)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    for k, columna in enumerate(("actividades", *CONTEOS)):
        lb.total(ws, fila_total, desde + k, primera, fila_total - 1, "entero", int(tabla[columna].sum()))
    promedio = f"AVERAGE({d.rango('avance_trimestral')})" if d.n else '""'
    lb.formula(ws, fila_total, desde + 6, f'=IFERROR({promedio},"")', "pct_total", avance_total)
    programado, ejecutado = (
        round(tabla["soles_programados"].sum(), 2),
        round(tabla["soles_ejecutados"].sum(), 2),
    )
    lb.total(ws, fila_total, desde + 7, primera, fila_total - 1, "soles", programado)
    lb.total(ws, fila_total, desde + 8, primera, fila_total - 1, "soles", ejecutado)
    r = fila_total + 1
    formula = f'=IF({prog}{r}>0,100*{ejec}{r}/{prog}{r},"")'
    lb.formula(ws, fila_total, desde + 9, formula, "pct_total", financiera(ejecutado, programado))
    return fila_total


def _informe_trimestral(
    lb: LibroConsolidado, c: Consolidacion, t: Tablas, d: Detalle, subtitulo: str
) -> None:
    hoja = "Informe trimestral"
    columnas = [
        Encabezado("Código", 12),
        Encabezado("Unidad orgánica", 30),
        *AVANCE,
        Encabezado("Situación", 16),
        Encabezado("Fecha de presentación", 12),
    ]
    ws = lb.hoja(
        hoja, f"INFORME DE EVALUACIÓN DEL POI — TRIMESTRE {c.trimestre} DE {c.anio}", subtitulo, columnas
    )
    tabla = t.avance_por_unidad
    primera = 4
    for i, fila in enumerate(tabla.itertuples(index=False)):
        r = primera + i
        ws.write_row(r, 0, [fila.codigo_unidad, fila.nombre_unidad], lb.f["texto"])
        ws.write_string(r, 12, fila.situacion, lb.f["texto"])
        if fila.fecha_presentacion:
            ws.write_datetime(r, 13, fila.fecha_presentacion, lb.f["fecha"])
    promedio = t.evaluacion["avance_trimestral"].mean()
    fila_total = _avance(lb, ws, tabla, primera, 2, d, [("codigo_unidad", "A")], promedio)
    ws.write_string(
        fila_total + 1,
        1,
        "% avance físico: promedio simple de los % de las actividades con porcentaje (las metas físicas "
        "de distintas unidades de medida no se suman).",
        lb.f["nota"],
    )
    if len(tabla):
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
        ws.insert_chart(fila_total + 3, 1, pastel)


def _avance_por_aei(lb: LibroConsolidado, c: Consolidacion, t: Tablas, d: Detalle, subtitulo: str) -> None:
    columnas = [Encabezado("OEI", 9), Encabezado("AEI", 11), Encabezado("Acción estratégica", 40), *AVANCE]
    ws = lb.hoja(
        "Avance por OEI-AEI",
        f"AVANCE POR OBJETIVO Y ACCIÓN ESTRATÉGICA — TRIMESTRE {c.trimestre}",
        subtitulo,
        columnas,
    )
    tabla = t.avance_por_aei
    for i, fila in enumerate(tabla.itertuples(index=False)):
        ws.write_row(4 + i, 0, [fila.oei, fila.aei], lb.f["texto"])
        ws.write_string(4 + i, 2, fila.accion, lb.f["largo"])
        lb.ajustar(ws, 4 + i, [(fila.accion, columnas[2].ancho)])
    _avance(lb, ws, tabla, 4, 3, d, [("oei", "A"), ("aei", "B")], t.evaluacion["avance_trimestral"].mean())


def _detalle(lb: LibroConsolidado, c: Consolidacion, t: Tablas, subtitulo: str) -> None:
    """Cada actividad evaluada, con la unidad y el OEI: la hoja a la que remiten los resúmenes."""
    columnas = [*IDENTIFICACION, *EVALUADAS]
    ws = lb.hoja(
        DETALLE,
        f"EVALUACIÓN DEL TRIMESTRE {c.trimestre} POR ACTIVIDAD OPERATIVA",
        subtitulo,
        [
            Encabezado(col.encabezado, 30 if col.campo == "nombre_unidad" else col.col.ancho)
            for col in columnas
        ],
    )
    n = len(t.evaluacion)
    celdas = [
        lb.celda("largo", texto=True, ajuste=col.col.ancho)
        if col.campo in LARGOS
        else lb.celda("texto", texto=True)
        if col.codec.formato is None
        else lb.celda(lb.de_numero[col.codec.formato])
        for col in columnas
    ]
    fila_total = 4 + n
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    for campo in ("soles_trimestre", "ejecutado_soles_trimestre"):
        j = list(t.evaluacion.columns).index(campo)
        lb.total(ws, fila_total, j, 4, fila_total - 1, "soles", round(t.evaluacion[campo].sum(), 2))
    ws.autofilter(3, 0, max(fila_total - 1, 4), len(columnas) - 1)
    lb.largas(ws, 4, celdas, t.evaluacion)


def _ambar_y_rojo(lb: LibroConsolidado, c: Consolidacion, t: Tablas, subtitulo: str) -> None:
    columnas = [
        Encabezado("Código UO", 10),
        Encabezado("Unidad orgánica", 26),
        Encabezado("Código", 8),
        Encabezado("Actividad operativa", 34),
        Encabezado("AEI", 10),
        Encabezado("Semáforo", 8),
        Encabezado("% avance físico", 9),
        Encabezado("Factores que dificultaron", 32),
        Encabezado("Medidas correctivas", 32),
    ]
    ws = lb.hoja(
        "Ámbar y rojo",
        f"ACTIVIDADES EN ÁMBAR Y ROJO Y SUS MEDIDAS CORRECTIVAS — TRIMESTRE {c.trimestre}",
        subtitulo,
        columnas,
    )
    e = t.evaluacion
    alertas = e[e["semaforo"].isin(("Ámbar", "Rojo"))].assign(orden=lambda x: x["semaforo"] != "Rojo")
    alertas = alertas.sort_values(["codigo_unidad", "orden", "codigo"], kind="stable")
    for i, f in enumerate(alertas.itertuples(index=False)):
        r = 4 + i
        textos = [f.codigo_unidad, f.nombre_unidad, f.codigo, f.actividad, f.aei]
        ws.write_row(r, 0, textos, lb.f["largo"])
        ws.write_string(r, 5, f.semaforo, lb.f[f.semaforo])
        if f.avance_trimestral == f.avance_trimestral:
            ws.write_number(r, 6, f.avance_trimestral, lb.f["pct"])
        ws.write_string(r, 7, f.factores_desfavorables, lb.f["largo"])
        ws.write_string(r, 8, f.medidas_correctivas, lb.f["largo"])
        textos += ["", "", f.factores_desfavorables, f.medidas_correctivas]
        lb.ajustar(ws, r, zip(textos, (col.ancho for col in columnas), strict=True))
    if alertas.empty:
        ws.write_string(4, 0, "Ninguna actividad en ámbar ni en rojo.", lb.f["nota"])


def _pendientes(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
    ws = lb.hoja(
        "Sin presentar o tarde",
        f"UNIDADES QUE NO PRESENTARON, PRESENTARON CON ERRORES O TARDE — TRIMESTRE {c.trimestre}",
        subtitulo,
        [
            Encabezado("Código", 12),
            Encabezado("Unidad orgánica", 40),
            Encabezado("Situación", 34),
            Encabezado("Fecha de presentación", 14),
        ],
    )
    for i, p in enumerate(c.pendientes):
        ws.write_row(4 + i, 0, [p.codigo, p.nombre, p.situacion], lb.f["texto"])
        if p.fecha:
            ws.write_datetime(4 + i, 3, p.fecha, lb.f["fecha"])
    if not c.pendientes:
        ws.write_string(
            4, 0, "Todas las unidades presentaron su evaluación a tiempo y sin errores.", lb.f["nota"]
        )
