"""Reglas de la rendición de cuentas del PP (REN-NNN): Reglamento del PP 2026, art. 16.2 y 17."""

import re
from collections.abc import Iterator

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.pp.proyectos.formato import PATRON_CUI
from libro.pp.rendicion.calculo import RendicionCalculado
from libro.pp.rendicion.formato import (
    EJECUTADO,
    EN_EJECUCION,
    NO_CUMPLIDO,
    NO_INICIADO,
    REEMPLAZADO,
    EjecucionProyecto,
)

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "REN-001",
        E,
        "Ejecutado mayor que lo priorizado sin modificación",
        "el proyecto {proyecto} ejecutó S/ {valor}, más que lo priorizado (S/ {priorizado}), y no se anota "
        "el "
        "documento que modificó el monto. Escríbalo en «Documento de modificación» o corrija lo ejecutado.",
    ),
    Definicion(
        "REN-002",
        E,
        "Reemplazado sin proyecto de reemplazo",
        "el proyecto {valor} figura como reemplazado pero no dice qué proyecto lo reemplaza. Escriba su "
        "código "
        "y nombre (art. 16.2: se reemplaza según la escala de prioridades).",
    ),
    Definicion(
        "REN-003",
        E,
        "Reemplazado sin motivo",
        "el proyecto {valor} figura como reemplazado sin motivo. Escriba por qué no pudo ejecutarse (art. "
        "16.2).",
    ),
    Definicion(
        "REN-004",
        E,
        "Estado que no coincide con el avance o el gasto",
        "el proyecto {proyecto} está «{valor}» pero {detalle}. Corrija el estado, el avance físico o lo "
        "ejecutado.",
    ),
    Definicion(
        "REN-005",
        E,
        "Avance físico mayor que 100 %",
        "el avance físico es {valor} %; va de 0 a 100.",
    ),
    Definicion(
        "REN-006",
        E,
        "CUI con formato incorrecto",
        "el CUI «{valor}» no tiene 7 dígitos. Escriba el Código Único de Inversiones de 7 dígitos.",
    ),
    Definicion(
        "REN-007",
        E,
        "Proyecto repetido",
        "el código «{valor}» ya está en la fila {otra}. Cada proyecto priorizado va una sola vez.",
    ),
    Definicion(
        "REN-008",
        A,
        "No iniciado sin motivo",
        "el proyecto {valor} no se inició y no se dice por qué. Los agentes participantes esperan la "
        "explicación en el taller (art. 17).",
    ),
    Definicion(
        "REN-009",
        A,
        "Compromiso no cumplido sin explicación",
        "el compromiso «{valor}» no se cumplió y no tiene explicación. Escríbala en «Evidencia o "
        "explicación».",
    ),
)
_CUI = re.compile(PATRON_CUI)


def _n(valor: float) -> str:
    return f"{valor:,.2f}"


def _incoherencia(p: EjecucionProyecto) -> str | None:
    """Por qué el estado no coincide con el avance físico y lo ejecutado, o None si coincide."""
    avance, gasto = p.avance_fisico or 0, p.ejecutado or 0
    if p.estado == EJECUTADO and avance < 100:
        return f"su avance físico es {avance:g} %: un proyecto ejecutado llega al 100 %"
    if p.estado == EJECUTADO and not gasto:
        return "no tiene monto ejecutado"
    if p.estado == NO_INICIADO and (avance or gasto):
        return "tiene avance físico o gasto: un proyecto no iniciado no tiene ninguno de los dos"
    if p.estado == EN_EJECUCION and avance >= 100:
        return "su avance físico es 100 %: el proyecto está ejecutado"
    if p.estado == EN_EJECUCION and not (avance or gasto):
        return "no tiene avance físico ni gasto: ¿no se inició?"
    return None


def ejecucion(libro: LibroLeido, calculado: RendicionCalculado, contexto: Contexto) -> Iterator[Observacion]:
    """Montos, estados y reemplazos de cada proyecto priorizado."""
    lectura = libro.hojas.get("Ejecución")
    if lectura is None:
        return
    vistos: dict[str, int] = {}
    for p in lectura.filas:
        if p.codigo in vistos:
            yield CATALOGO.obs(
                "REN-007",
                lectura.hoja,
                p.fila,
                lectura.columna("codigo"),
                p.codigo,
                otra=vistos[p.codigo] + 1,
            )
        elif p.codigo:
            vistos[p.codigo] = p.fila
        if p.cui and not _CUI.fullmatch(p.cui):
            yield CATALOGO.obs("REN-006", lectura.hoja, p.fila, lectura.columna("cui"), p.cui)
        if p.avance_fisico is not None and p.avance_fisico > 100:
            yield CATALOGO.obs(
                "REN-005", lectura.hoja, p.fila, lectura.columna("avance_fisico"), p.avance_fisico
            )
        if p.ejecutado and p.priorizado and p.ejecutado > p.priorizado and not p.modificacion:
            yield CATALOGO.obs(
                "REN-001",
                lectura.hoja,
                p.fila,
                lectura.columna("ejecutado"),
                _n(p.ejecutado),
                proyecto=p.codigo,
                priorizado=_n(p.priorizado),
            )
        if p.estado == REEMPLAZADO and not p.reemplazo:
            yield CATALOGO.obs("REN-002", lectura.hoja, p.fila, lectura.columna("reemplazo"), p.codigo)
        if p.estado in (REEMPLAZADO, NO_INICIADO) and not p.motivo:
            codigo = "REN-003" if p.estado == REEMPLAZADO else "REN-008"
            yield CATALOGO.obs(codigo, lectura.hoja, p.fila, lectura.columna("motivo"), p.codigo)
        detalle = _incoherencia(p)
        if detalle:
            yield CATALOGO.obs(
                "REN-004",
                lectura.hoja,
                p.fila,
                lectura.columna("estado"),
                p.estado,
                proyecto=p.codigo,
                detalle=detalle,
            )


def compromisos(
    libro: LibroLeido, calculado: RendicionCalculado, contexto: Contexto
) -> Iterator[Observacion]:
    lectura = libro.hojas.get("Compromisos")
    if lectura is None:
        return
    for c in lectura.filas:
        if c.cumplimiento == NO_CUMPLIDO and not c.evidencia:
            yield CATALOGO.obs(
                "REN-009", lectura.hoja, c.fila, lectura.columna("evidencia"), (c.compromiso or "")[:60]
            )


REGLAS = (ejecucion, compromisos)
