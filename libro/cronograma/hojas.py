"""Lo que el cronograma del PP y el plan de trabajo calculan y generan.

- Inicio y Fin de cada actividad (columnas grises de la plantilla), desde el plazo escrito.
- «Gantt»: una columna por semana (lunes a domingo) sobre los meses del proceso; cada celda lleva
  cuántos días de la actividad caen en esa semana y el formato condicional de la plantilla la
  pinta; la semana de hoy se marca con otro formato condicional (con HOY(), siempre al día).
- «Vencimientos»: lo que vence en los próximos N días desde una fecha, por responsable.
- «Carga por responsable»: cuántas actividades tiene cada responsable, por fase, y sus fechas.
"""

import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from libro.cronograma.calculo import (
    HOJA_DE,
    SIN_FASE,
    CronogramaCalculado,
    Programada,
    actividades,
    descripcion,
    etapa,
    grupo,
    responsables,
)
from libro.cronograma.formato import DIAS_VENCIMIENTO, FASES
from libro.cronograma.importar import datos_proceso
from libro.cronograma.plazos import Plazo
from libro.nucleo.celdas import celda
from libro.nucleo.codecs import FECHA
from libro.nucleo.escritura import AsegurarHoja, Bloque, Escritura, Limpiar, bloques_por_filas
from libro.nucleo.estilos import AZUL
from libro.nucleo.lector import Lectura
from libro.nucleo.textos import MESES, clave

HOJA_GANTT, HOJA_VENCIMIENTOS, HOJA_CARGA = "Gantt", "Vencimientos", "Carga por responsable"
FILA_MESES = 3
"""0-based: fila con el nombre del mes sobre su primera semana."""
FILA_SEMANAS = 4
"""0-based: fila con el lunes de cada semana; las actividades empiezan debajo."""
COLUMNA_SEMANAS = 5
MAX_SEMANAS = 60
"""Columnas de semana que cubre el formato condicional de la plantilla."""
FILAS_GANTT = 1000
OCULTO = ";;;"




















def dias_en_semana(plazo: Plazo, lunes: date) -> int:
    """Días del plazo que caen en la semana que empieza ese lunes."""
    domingo = lunes + timedelta(days=6)
    if plazo.fechas:
        return sum(lunes <= d <= domingo for d in plazo.fechas)
    desde, hasta = max(plazo.inicio, lunes), min(plazo.fin, domingo)
    return max(0, (hasta - desde).days + 1)


def semanas(programadas: list[Programada]) -> list[date]:
    """Los lunes de las semanas que cubren los meses del proceso (a lo sumo `MAX_SEMANAS`)."""
    plazos = [p.plazo for p in programadas if p.plazo]
    if not plazos:
        return []
    primero = min(p.inicio for p in plazos).replace(day=1)
    ultimo_mes = max(p.fin for p in plazos)
    siguiente = date(ultimo_mes.year + ultimo_mes.month // 12, ultimo_mes.month % 12 + 1, 1)
    lunes = primero - timedelta(days=primero.weekday())
    resultado = []
    while lunes < siguiente and len(resultado) < MAX_SEMANAS:
        resultado.append(lunes)
        lunes += timedelta(days=7)
    return resultado


def _ordenadas_por_grupo(programadas: list[Programada]) -> list[tuple[str, list[Programada]]]:
    orden = {fase: i for i, fase in enumerate(FASES)}
    grupos: dict[str, list[Programada]] = {}
    for p in programadas:
        grupos.setdefault(grupo(p.fila), []).append(p)
    return sorted(grupos.items(), key=lambda g: orden.get(g[0], len(orden)))


def escritura_gantt(programadas: list[Programada], titulo: str = "") -> Escritura:
    """La hoja «Gantt»: actividades agrupadas por fase (u objetivo) y una columna por semana."""
    lunes = semanas(programadas)
    meses: list[Any] = [None] * len(lunes)
    for i, dia in enumerate(lunes):
        domingo = dia + timedelta(days=6)
        if i == 0 or domingo.month != (lunes[i - 1] + timedelta(days=6)).month:
            meses[i] = f"{MESES[domingo.month - 1]} {domingo.year}"
    encabezado = ["Etapa", "Actividad", "Responsable", "Inicio", "Fin", *lunes]
    filas: list[list[Any]] = []
    estilos: dict[int, Any] = {}
    for nombre, grupo_ in _ordenadas_por_grupo(programadas):
        estilos[len(filas)] = "subtitulo"
        filas.append([nombre])
        for p in grupo_:
            dias = [dias_en_semana(p.plazo, d) or None for d in lunes] if p.plazo else [None] * len(lunes)
            inicio = p.plazo.inicio if p.plazo else None
            fin = p.plazo.fin if p.plazo else ("sin plazo" if p.problema == "sin plazo" else "plazo ilegible")
            filas.append([etapa(p.fila), descripcion(p.fila), p.fila.responsable or "", inicio, fin, *dias])
    aviso = "Cada semana va de lunes a domingo; la semana de hoy se marca en rojo."
    if len(lunes) == MAX_SEMANAS:
        aviso += f" Se muestran las primeras {MAX_SEMANAS} semanas."
    escritura = Escritura().agregar(
        AsegurarHoja(HOJA_GANTT),
        Limpiar(HOJA_GANTT, 1),
        Bloque(HOJA_GANTT, 1, 0, [[titulo or "Cronograma"], [aviso]], estilos={0: "subtitulo", 1: "nota"}),
        Bloque(HOJA_GANTT, FILA_SEMANAS, 0, [encabezado], formatos=(None,) * 5 + ("dd/mm",) * len(lunes),
               estilos={0: "encabezado"}),
    )
    if lunes:
        escritura.agregar(Bloque(HOJA_GANTT, FILA_MESES, COLUMNA_SEMANAS, [meses]))
    if filas:
        escritura.agregar(Bloque(HOJA_GANTT, FILA_SEMANAS + 1, 0, filas,
                                 formatos=(None, None, None, FECHA, FECHA, *([OCULTO] * len(lunes))),
                                 estilos=estilos))
    return escritura


def vencimientos(programadas: list[Programada], desde: date, dias: int) -> list[tuple[str, date, Programada]]:
    """(responsable, vence, actividad) de lo que vence entre `desde` y `desde + dias`, por responsable."""
    hasta = desde + timedelta(days=dias)
    resultado = []
    for p in programadas:
        if p.plazo is None or not desde <= p.plazo.fin <= hasta:
            continue
        for r in responsables(p.fila) or ["(sin responsable)"]:
            resultado.append((r, p.plazo.fin, p))
    return sorted(resultado, key=lambda v: (clave(v[0]), v[1], v[2].fila.fila))


def escritura_vencimientos(
    programadas: list[Programada], desde: date, dias: int, hoja_datos: str
) -> Escritura:
    """La hoja «Vencimientos»: qué vence en los próximos días, agrupado por responsable."""
    lista = vencimientos(programadas, desde, dias)
    hasta = desde + timedelta(days=dias)
    filas: list[list[Any]] = [
        ["Responsable", "Vence", "Faltan (días)", "Actividad", "Etapa o fase", "Plazo escrito", "Fila"]
    ]
    for responsable, vence, p in lista:
        filas.append([responsable, vence, (vence - desde).days, descripcion(p.fila), grupo(p.fila),
                      p.fila.plazo, p.fila.fila + 1])
    if not programadas:
        resumen = "Todavía no hay actividades: llene el cronograma y pulse «Generar resumen»."
    elif lista:
        resumen = (f"Del {desde:%d/%m/%Y} al {hasta:%d/%m/%Y} ({dias} días): "
                   f"{len({id(v[2]) for v in lista})} actividad(es) vencen.")
    else:
        resumen = f"Del {desde:%d/%m/%Y} al {hasta:%d/%m/%Y} ({dias} días) no vence ninguna actividad."
    return Escritura().agregar(
        AsegurarHoja(HOJA_VENCIMIENTOS),
        Limpiar(HOJA_VENCIMIENTOS, 1),
        Bloque(HOJA_VENCIMIENTOS, 1, 0, [[resumen], [f"Fila: fila de la hoja «{hoja_datos}»."]],
               estilos={0: "subtitulo", 1: "nota"}),
        Bloque(HOJA_VENCIMIENTOS, 4, 0, filas, formatos=(None, FECHA, "0", None, None, None, "0"),
               estilos={0: "encabezado"}),
    )


def carga(programadas: list[Programada], desde: date, con_fases: bool = True) -> list[list[Any]]:
    """Por responsable: actividades (y por fase), primera y última fecha y próximo vencimiento."""
    por_responsable: dict[str, list[Programada]] = defaultdict(list)
    nombres: dict[str, str] = {}
    for p in programadas:
        for r in responsables(p.fila) or ["(sin responsable)"]:
            nombres.setdefault(clave(r), r)
            por_responsable[clave(r)].append(p)
    filas = []
    for k, lista in sorted(por_responsable.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        fechas = [p.plazo for p in lista if p.plazo]
        proximos = [p.fin for p in fechas if p.fin >= desde]
        filas.append([nombres[k], len(lista), *(_por_fase(lista) if con_fases else ()),
                      min((p.inicio for p in fechas), default=None),
                      max((p.fin for p in fechas), default=None), min(proximos, default=None)])
    return filas


def _por_fase(programadas: list[Programada]) -> list[int]:
    """Actividades de cada fase, y al final las que no tienen fase."""
    por_fase = [sum(getattr(p.fila, "fase", None) == fase for p in programadas) for fase in FASES]
    return [*por_fase, len(programadas) - sum(por_fase)]


def escritura_carga(programadas: list[Programada], desde: date, con_fases: bool = True) -> Escritura:
    """La hoja «Carga por responsable»; el plan de trabajo no tiene fases y no lleva sus columnas."""
    filas = carga(programadas, desde, con_fases)
    fases = [*FASES, SIN_FASE] if con_fases else []
    total = ["Total", len(programadas), *(_por_fase(programadas) if con_fases else ())]
    encabezado = ["Responsable", "Actividades", *fases, "Primera fecha", "Última fecha",
                  "Próximo vencimiento"]
    return Escritura().agregar(
        AsegurarHoja(HOJA_CARGA),
        Limpiar(HOJA_CARGA, 1),
        Bloque(HOJA_CARGA, 1, 0, [["Una actividad con dos responsables («A / B») cuenta para ambos; el total "
                                   "cuenta cada actividad una vez."]], estilos={0: "nota"}),
        Bloque(HOJA_CARGA, 3, 0, [encabezado, *filas, total],
               formatos=("@", "0", *(["0"] * len(fases)), FECHA, FECHA, FECHA),
               estilos={0: "encabezado", len(filas) + 1: "total"}),
    )


def escritura_fechas(lectura: Lectura, programadas: list[Programada]) -> Escritura:
    """Inicio y Fin en las columnas grises de la hoja de actividades (si las tiene)."""
    escritura = Escritura()
    j_inicio, j_fin = lectura.columna("inicio"), lectura.columna("fin")
    if j_inicio is None or j_fin is None or j_fin != j_inicio + 1 or not programadas:
        return escritura
    por_fila = {p.fila.fila: [p.plazo.inicio, p.plazo.fin] if p.plazo else [None, None] for p in programadas}
    return escritura.agregar(*bloques_por_filas(lectura.hoja, j_inicio, por_fila, (FECHA, FECHA)))






def hojas(c: CronogramaCalculado) -> dict[str, Escritura]:
    """Inicio y Fin, «Gantt», «Vencimientos» y «Carga por responsable»."""
    libro, programadas = c.libro, c.programadas
    datos = datos_proceso(libro)
    dias = (datos.dias_vencimiento if datos else None) or DIAS_VENCIMIENTO
    titulo = (datos.titulo if datos else None) or libro.formato.titulo
    lectura, _ = actividades(libro)
    hoja = lectura.hoja if lectura else HOJA_DE.get(libro.formato.id, "")
    con_fases = libro.formato.id == "cronograma-pp"
    return {
        "celdas": escritura_fechas(lectura, programadas) if lectura else Escritura(),
        HOJA_GANTT: escritura_gantt(programadas, titulo),
        HOJA_VENCIMIENTOS: escritura_vencimientos(programadas, c.desde, dias, hoja),
        HOJA_CARGA: escritura_carga(programadas, c.desde, con_fases),
    }


def adorno_gantt(libro: Any, ws: Any) -> None:
    """Formato condicional del «Gantt» (XlsxWriter): semanas con días de la actividad y la semana de hoy."""
    primera, ultima = FILA_SEMANAS + 1, FILA_SEMANAS + FILAS_GANTT
    c0, c1 = COLUMNA_SEMANAS, COLUMNA_SEMANAS + MAX_SEMANAS - 1
    ws.conditional_format(primera, c0, ultima, c1, {
        "type": "cell", "criteria": ">", "value": 0,
        "format": libro.add_format({"bg_color": AZUL, "font_color": AZUL}),
    })
    lunes = celda(FILA_SEMANAS, c0)
    letra, fila = re.match(r"([A-Z]+)(\d+)", lunes).groups()
    hoy = f'=AND(ISNUMBER({letra}${fila}),{letra}${fila}<=TODAY(),TODAY()<{letra}${fila}+7)'
    ws.conditional_format(FILA_MESES, c0, FILA_SEMANAS, c1, {
        "type": "formula", "criteria": hoy,
        "format": libro.add_format({"bg_color": "#C00000", "font_color": "#FFFFFF", "bold": True}),
    })
    ws.conditional_format(primera, c0, ultima, c1, {
        "type": "formula", "criteria": hoy,
        "format": libro.add_format({"left": 2, "left_color": "#C00000",
                                    "right": 2, "right_color": "#C00000"}),
    })
    ws.freeze_panes(FILA_SEMANAS + 1, 2)
