"""Las hojas de la evaluación trimestral en el libro consolidado (Directiva 003-2016-MPH/17, art. 12):
informe por unidad, avance por OEI y AEI, actividades en ámbar y rojo y unidades sin presentar o tarde.
"""

from collections import defaultdict
from datetime import datetime

from libro.nucleo.textos import fecha_texto
from libro.poi.consolidacion.calculo import ActividadEvaluada, Consolidacion, oei_de
from libro.poi.consolidacion.libro import LibroConsolidado
from libro.poi.evaluacion.calculo import conteo_semaforos, promedio
from libro.poi.perfiles import suma


def hojas_de_evaluacion(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
    """Las cuatro hojas del trimestre `c.trimestre`, en este orden."""
    _informe_trimestral(lb, c, subtitulo)
    _avance_por_aei(lb, c, subtitulo)
    _ambar_y_rojo(lb, c, subtitulo)
    _pendientes_hoja(lb, c, subtitulo)


def _informe_trimestral(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
    plazo = fecha_texto(c.plazo) or "—"
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
        lb.numero(ws, r, 8, avance / 100 if avance is not None else None, lb.f["pct"])
        lb.numero(ws, r, 9, prog, lb.f["soles"])
        lb.numero(ws, r, 10, ejec, lb.f["soles"])
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


def _avance_por_aei(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
    nombres_aei: dict[str, str] = {}
    oei_por_aei: dict[str, str] = {}
    for u in c.unidades:
        for k, v in u.nombres_aei.items():
            nombres_aei.setdefault(k, v)
        for a in u.actividades:
            oei_por_aei.setdefault(a.aei, a.oei)
    grupos: dict[tuple[str, str], list[ActividadEvaluada]] = defaultdict(list)
    for e in c.evaluaciones:
        for f in e.filas:
            grupos[(oei_por_aei.get(f.aei) or oei_de(f.aei, {}), f.aei)].append(f)
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
        lb.numero(ws, r, 7, avance / 100 if avance is not None else None, lb.f["pct"])
        lb.numero(ws, r, 8, prog, lb.f["soles"])
        lb.numero(ws, r, 9, ejec, lb.f["soles"])
        lb.formula(ws, r, 10, f'=IF(I{r + 1}>0,J{r + 1}/I{r + 1},"")', "pct", ejec / prog if prog else None)
    fila_total = primera + len(grupos)
    ws.write_string(fila_total, 0, "Total", lb.f["texto_total"])
    todas = [f for filas in grupos.values() for f in filas]
    conteo = conteo_semaforos(f.semaforo for f in todas)
    for j, valor in ((3, len(todas)), (4, conteo["Verde"]), (5, conteo["Ámbar"]), (6, conteo["Rojo"])):
        lb.total(ws, fila_total, j, primera, fila_total - 1, "entero", valor)
    lb.total(ws, fila_total, 8, primera, fila_total - 1, "soles", suma(f.soles_programados for f in todas))
    lb.total(ws, fila_total, 9, primera, fila_total - 1, "soles", suma(f.soles_ejecutados for f in todas))


def _ambar_y_rojo(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
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
            lb.numero(
                ws, r, 6, f.avance_trimestral / 100 if f.avance_trimestral is not None else None, lb.f["pct"]
            )
            ws.write_string(r, 7, f.factores_desfavorables, lb.f["largo"])
            ws.write_string(r, 8, f.medidas_correctivas, lb.f["largo"])
            r += 1
    if r == 4:
        ws.write_string(r, 0, "Ninguna actividad en ámbar ni en rojo.", lb.f["nota"])


def _pendientes_hoja(lb: LibroConsolidado, c: Consolidacion, subtitulo: str) -> None:
    plazo = fecha_texto(c.plazo) or "—"
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
