"""Reglas del cronograma del PP (Anexo I) y del plan de trabajo.

Reglamento del PP 2026 de San Juan de Lurigancho: art. 12 (las fases, en su orden), art. 13.4
(dos días hábiles para absolver la observación a la inscripción y luego la lista definitiva) y
13.6 (la acreditación sigue al registro). Los plazos se interpretan con `libro.cronograma.plazos` y el año
del proceso; los días hábiles y feriados, con `libro.nucleo.calendario`.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from libro.cronograma.calculo import (
    HOJA_DE,
    CronogramaCalculado,
    Programada,
    actividades,
    anio_del_proceso,
    descripcion,
)
from libro.cronograma.formato import DIAS_OBSERVACION, FASES
from libro.cronograma.importar import datos_proceso
from libro.nucleo.calendario import motivo_no_laborable, sumar_dias_habiles
from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import Lectura, LibroLeido, columna_faltante
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import clave

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion("CRO-001", E, "Plazo que no se entiende",
               "{detalle}. Mientras no se entienda, la actividad no entra al Gantt ni al calendario."),
    Definicion("CRO-002", E, "Actividad sin plazo",
               "la actividad «{actividad}» no tiene plazo. Escriba cuándo se realiza, p. ej. «07 de "
               "marzo» o «27 al 31 de marzo»."),
    Definicion("CRO-003", A, "Plazo fuera del año del proceso",
               "el plazo «{valor}» cae {cuando} y el proceso es del año {anio}. Revise el año escrito "
               "o el año del proceso (hoja «Datos», o la opción --anio al importar)."),
    Definicion("CRO-004", E, "Fase antes que la anterior",
               "la actividad de {fase} termina el {fin}, antes de que empiece ({inicio_otra}) la "
               "actividad de {fase_otra} de la celda {otra}. Las fases van en orden (Preparación, "
               "Concertación, Coordinación, Formalización): corrija uno de los dos plazos o la fase."),
    Definicion("CRO-005", A, "Fase después que la siguiente",
               "la actividad de {fase} empieza el {inicio}, después de actividades de fases "
               "siguientes (celdas {otras}). Revise este plazo o los de esas celdas."),
    Definicion("CRO-006", E, "Secuencia al revés",
               "«{actividad}» ({fecha}) va antes que «{previa}» ({fecha_previa}, celda {otra}) en el "
               "mismo objetivo, y {regla}. Corrija el orden de los plazos."),
    Definicion("CRO-007", E, "Actividad sin responsable",
               "la actividad «{actividad}» no tiene responsable. Escriba el área o el cargo que la "
               "ejecuta (p. ej. «Equipo Técnico»)."),
    Definicion("CRO-008", A, "Plazo en domingo o feriado",
               "el plazo «{valor}» cae {dias}. Confirme que la actividad se hace ese día o muévala a "
               "un día hábil."),
    Definicion("CRO-009", E, "Sin plazo para subsanar observaciones",
               "«{actividad}» empieza el {inicio} y no deja los {n} días hábiles para subsanar "
               "observaciones después de «{previa}» (celda {otra}, hasta el {base}): ese plazo "
               "vence el {vence}. Prográmela desde el {desde} (reglamento del PP, art. 13.4)."),
    Definicion("CRO-010", A, "Actividad sin fase",
               "la actividad «{actividad}» no está bajo ninguna fila de fase («PRIMERA FASE: "
               "PREPARACIÓN»…). Agregue la fila de la fase encima o use la plantilla con la "
               "columna «Fase»."),
)

# Verbos con los que empieza una actividad → (cadena, paso). En cada cadena, un paso mayor va después.
PASOS: dict[str, tuple[str, int]] = {
    "elabor": ("norma", 0), "formul": ("norma", 0), "redact": ("norma", 0),
    "aprob": ("norma", 1),
    "public": ("norma", 2),
    "inscrip": ("agentes", 0), "inscrib": ("agentes", 0), "registr": ("agentes", 0),
    "acredit": ("agentes", 1),
}
REGLA_CADENA = {
    ("norma", 0, 1): "solo se aprueba lo ya elaborado",
    ("norma", 1, 2): "solo se publica lo ya aprobado",
    ("norma", 0, 2): "solo se publica lo ya elaborado",
    ("agentes", 0, 1): "solo se acredita a quien ya se registró",
}
_ORDEN = re.compile(r"^\s*(?:(?:[A-Za-z]|[IVXivx]+|\d{1,2})\s*[).\-]+\s*|[-•*·]+\s*)+")
_OBSERVACION = ("observ", "subsan", "absol")


def _fecha(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def _corto(texto: str, largo: int = 60) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def _verbo(texto: str) -> str:
    """La primera palabra de la actividad, sin su número de orden, sin tildes y en minúsculas."""
    palabras = clave(_ORDEN.sub("", texto)).split()
    return palabras[0] if palabras else ""


def _paso(texto: str) -> tuple[str, int] | None:
    verbo = _verbo(texto)
    return next((paso for raiz, paso in PASOS.items() if verbo.startswith(raiz)), None)


def _celda(lectura: Lectura, fila: int, campo: str) -> tuple[int, int | None]:
    return fila, lectura.columna(campo)


def _programadas(
    libro: LibroLeido, calculado: CronogramaCalculado
) -> tuple[Lectura | None, list[Programada], int | None]:
    lectura, _ = actividades(libro)
    return lectura, calculado.programadas, anio_del_proceso(libro)


def _a1(lectura: Lectura, fila: int, campo: str) -> str:
    from libro.nucleo.celdas import celda

    return celda(fila, lectura.columna(campo) or 0)


def _sin_columna(libro: LibroLeido, campo: str) -> Iterator[Observacion]:
    """Una sola observación (LIB-002) por la columna que falta, no una por actividad en la columna A."""
    observacion = columna_faltante(libro, HOJA_DE[libro.formato.id], campo)
    if observacion is not None:
        yield observacion


def plazos_legibles(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-001 y CRO-002: cada actividad tiene un plazo que se entiende (LIB-002 si no hay columna)."""
    lectura, programadas, _ = _programadas(libro, calculado)
    if lectura is None:
        return
    if lectura.columna("plazo") is None:
        yield from _sin_columna(libro, "plazo") if programadas else ()
        return
    for p in programadas:
        fila, columna = _celda(lectura, p.fila.fila, p.campo)
        if p.problema == "sin plazo":
            yield CATALOGO.obs("CRO-002", lectura.hoja, fila, columna, actividad=_corto(descripcion(p.fila)))
        elif p.problema:
            yield CATALOGO.obs("CRO-001", lectura.hoja, fila, columna, p.fila.plazo, detalle=p.problema)


def dentro_del_anio(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-003: el plazo cae en el año del proceso."""
    lectura, programadas, anio = _programadas(libro, calculado)
    if lectura is None or anio is None:
        return
    for p in programadas:
        if p.plazo is None or p.plazo.inicio.year == p.plazo.fin.year == anio:
            continue
        anios = sorted({p.plazo.inicio.year, p.plazo.fin.year})
        cuando = f"en {anios[0]}" if len(anios) == 1 else f"entre {anios[0]} y {anios[1]}"
        fila, columna = _celda(lectura, p.fila.fila, "plazo")
        yield CATALOGO.obs("CRO-003", lectura.hoja, fila, columna, p.fila.plazo, cuando=cuando, anio=anio)


def fases_en_orden(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-004 y CRO-005: ninguna actividad de una fase termina antes de que empiece una de la anterior."""
    lectura, programadas, _ = _programadas(libro, calculado)
    if lectura is None:
        return
    orden = {fase: i for i, fase in enumerate(FASES)}
    con_fase = [p for p in programadas if p.plazo and getattr(p.fila, "fase", None) in orden]
    # Por fase: la actividad que más tarde empieza entre todas las fases anteriores a ella.
    ultimas: list[Programada | None] = []
    ultima: Programada | None = None
    for i in range(len(FASES)):
        ultimas.append(ultima)
        de_la_fase = [p for p in con_fase if orden[p.fila.fase] == i]
        ultima = max([x for x in (ultima, *de_la_fase) if x], key=lambda a: (a.plazo.inicio, -a.fila.fila),
                     default=None)
    posteriores: dict[int, list[Programada]] = defaultdict(list)
    previas_por_fila: dict[int, Programada] = {}
    for p in con_fase:
        ultima = ultimas[orden[p.fila.fase]]
        if ultima is not None and p.plazo.fin < ultima.plazo.inicio:
            fila, columna = _celda(lectura, p.fila.fila, "plazo")
            yield CATALOGO.obs("CRO-004", lectura.hoja, fila, columna, p.fila.plazo, fase=p.fila.fase,
                               fin=_fecha(p.plazo.fin), inicio_otra=_fecha(ultima.plazo.inicio),
                               fase_otra=ultima.fila.fase, otra=_a1(lectura, ultima.fila.fila, "plazo"))
            posteriores[ultima.fila.fila].append(p)
            previas_por_fila[ultima.fila.fila] = ultima
    for r, lista in sorted(posteriores.items()):
        previa = previas_por_fila[r]
        fila, columna = _celda(lectura, r, "plazo")
        otras = ", ".join(_a1(lectura, p.fila.fila, "plazo") for p in lista)
        yield CATALOGO.obs("CRO-005", lectura.hoja, fila, columna, previa.fila.plazo, fase=previa.fila.fase,
                           inicio=_fecha(previa.plazo.inicio), otras=otras)


def _grupo(fila: object) -> tuple[str, str]:
    return clave(getattr(fila, "fase", None) or ""), clave(getattr(fila, "objetivo", None) or "")


def secuencias(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-006: en un objetivo se aprueba lo elaborado, se publica lo aprobado, se acredita lo registrado."""
    lectura, programadas, _ = _programadas(libro, calculado)
    if lectura is None:
        return
    grupos: dict[tuple[str, str], list[tuple[Programada, tuple[str, int]]]] = defaultdict(list)
    for p in programadas:
        paso = _paso(descripcion(p.fila))
        if p.plazo and paso:
            grupos[_grupo(p.fila)].append((p, paso))
    for miembros in grupos.values():
        for p, (cadena, paso) in miembros:
            previas = [(a, pa) for a, (ca, pa) in miembros if ca == cadena and pa < paso
                       and p.plazo.fin < a.plazo.inicio]
            if not previas:
                continue
            a, paso_previo = min(previas, key=lambda x: (x[0].plazo.inicio, x[0].fila.fila))
            fila, columna = _celda(lectura, p.fila.fila, "plazo")
            yield CATALOGO.obs(
                "CRO-006", lectura.hoja, fila, columna, p.fila.plazo,
                actividad=_corto(descripcion(p.fila)), fecha=_fecha(p.plazo.fin),
                previa=_corto(descripcion(a.fila)), fecha_previa=_fecha(a.plazo.inicio),
                otra=_a1(lectura, a.fila.fila, "plazo"), regla=REGLA_CADENA[(cadena, paso_previo, paso)])


def con_responsable(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-007: cada actividad tiene responsable (LIB-002 si no hay columna de responsables)."""
    lectura, filas = actividades(libro)
    if lectura is not None and filas and lectura.columna("responsable") is None:
        yield from _sin_columna(libro, "responsable")
        return
    for f in filas:
        if not f.responsable:
            fila, columna = _celda(lectura, f.fila, "responsable")
            yield CATALOGO.obs("CRO-007", lectura.hoja, fila, columna, actividad=_corto(descripcion(f)))


def dias_laborables(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-008: días nombrados (o el inicio y fin de un rango) en domingo o feriado nacional."""
    lectura, programadas, _ = _programadas(libro, calculado)
    if lectura is None:
        return
    for p in programadas:
        if p.plazo is None or p.plazo.tipo == "meses":
            continue
        dias = p.plazo.fechas if p.plazo.tipo != "rango" else (p.plazo.inicio, p.plazo.fin)
        motivos = [(d, motivo_no_laborable(d)) for d in dict.fromkeys(dias)]
        malos = [f"el {_fecha(d)} ({m})" for d, m in motivos if m and m != "sábado"]
        if malos:
            fila, columna = _celda(lectura, p.fila.fila, "plazo")
            yield CATALOGO.obs("CRO-008", lectura.hoja, fila, columna, p.fila.plazo, dias=" y ".join(malos))


def plazo_para_subsanar(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-009: la lista definitiva o la acreditación dejan N días hábiles tras el registro (art. 13.4)."""
    lectura, programadas, _ = _programadas(libro, calculado)
    if lectura is None:
        return
    datos = datos_proceso(libro)
    n = datos.dias_observacion if datos and datos.dias_observacion is not None else DIAS_OBSERVACION
    bases: list[tuple[date, Programada]] = []
    finales: list[Programada] = []
    for p in programadas:
        if p.plazo is None:
            continue
        texto = descripcion(p.fila)
        verbo = _verbo(texto)
        if verbo.startswith(("inscrip", "inscrib", "registr")):
            bases.append((p.plazo.fin, p))
        elif verbo.startswith(_OBSERVACION):
            bases.append((p.plazo.inicio, p))
        elif verbo.startswith("acredit") or (verbo.startswith("public") and "lista" in clave(texto)):
            finales.append(p)
    for p in finales:
        previas = [(base, b) for base, b in bases if b.plazo.inicio <= p.plazo.inicio and b is not p
                   and _grupo(b.fila)[0] == _grupo(p.fila)[0]]
        if not previas:
            continue
        base, b = max(previas, key=lambda x: (x[0], x[1].fila.fila))
        vence = sumar_dias_habiles(base, n)
        if p.plazo.inicio <= vence:
            fila, columna = _celda(lectura, p.fila.fila, "plazo")
            yield CATALOGO.obs(
                "CRO-009", lectura.hoja, fila, columna, p.fila.plazo, actividad=_corto(descripcion(p.fila)),
                inicio=_fecha(p.plazo.inicio), n=n, previa=_corto(descripcion(b.fila)),
                otra=_a1(lectura, b.fila.fila, "plazo"), base=_fecha(base), vence=_fecha(vence),
                desde=_fecha(sumar_dias_habiles(vence, 1)))


def con_fase(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """CRO-010: en un libro sin columna «Fase», cada actividad está bajo una fila de fase."""
    lectura, filas = actividades(libro)
    if lectura is None or lectura.columna("fase") is not None:
        return
    for f in filas:
        if getattr(f, "fase", None) is None:
            fila, columna = _celda(lectura, f.fila, "actividad")
            yield CATALOGO.obs("CRO-010", lectura.hoja, fila, columna, actividad=_corto(descripcion(f)))


REGLAS_PLAN = (plazos_legibles, dentro_del_anio, secuencias, con_responsable, dias_laborables)
REGLAS = (*REGLAS_PLAN, fases_en_orden, plazo_para_subsanar, con_fase)
