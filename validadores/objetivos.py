"""Reglas del Anexo 01 (OEI y AEI), también cuando viene dentro de un libro POI."""

from collections.abc import Iterator
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, Severidad

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "PEI-001",
        E,
        "Código repetido",
        "el código «{valor}» ya está en la fila {otra}. Cada objetivo o acción lleva un código único.",
    ),
    Definicion(
        "PEI-002",
        E,
        "AEI con OEI inexistente",
        "la acción apunta al objetivo «{valor}», que no está en la hoja «OEI». Elija un "
        "código de la lista o agregue el objetivo.",
    ),
    Definicion(
        "PEI-003",
        A,
        "Código AEI que no corresponde a su OEI",
        "el código «{aei}» no empieza con el número de su objetivo «{valor}» (se esperaba AEI.{numero}.NN).",
    ),
)


def _repetidos(libro: LibroLeido, hoja: str) -> Iterator[Observacion]:
    lectura = libro.hojas.get(hoja)
    if lectura is None:
        return
    vistos: dict[str, int] = {}
    j = lectura.columna("codigo")
    for f in lectura.filas:
        if f.codigo is None:
            continue
        if f.codigo in vistos:
            yield CATALOGO.obs("PEI-001", lectura.hoja, f.fila, j, f.codigo, otra=vistos[f.codigo] + 1)
        else:
            vistos[f.codigo] = f.fila


def codigos_unicos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    yield from _repetidos(libro, "OEI")
    yield from _repetidos(libro, "AEI")


def aei_con_oei(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura = libro.hojas.get("AEI")
    if lectura is None or "OEI" not in libro.hojas:
        return
    oei = {f.codigo for f in libro.filas("OEI") if f.codigo}
    j = lectura.columna("oei")
    for f in lectura.filas:
        if f.oei is None:
            continue
        if f.oei not in oei:
            yield CATALOGO.obs("PEI-002", lectura.hoja, f.fila, j, f.oei)
        elif f.codigo and f.codigo.split(".")[1] != f.oei.split(".")[-1]:
            numero = f.oei.split(".")[-1]
            yield CATALOGO.obs(
                "PEI-003", lectura.hoja, f.fila, lectura.columna("codigo"), f.oei, aei=f.codigo, numero=numero
            )


REGLAS = (codigos_unicos, aei_con_oei)
