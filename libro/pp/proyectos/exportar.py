"""El libro de proyectos del PP en formato Pabulib (.pb) y la hoja «Comparación de reglas»
(puntaje técnico oficial, voraz —greedy— y método de partes iguales —Method of Equal Shares—)."""

import textwrap
from dataclasses import dataclass
from typing import Any

from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import AsegurarHoja, Bloque, Disposicion, Escritura, Limpiar
from libro.nucleo.impresion import elegir_pagina
from libro.nucleo.lector import LibroLeido
from libro.pp.proyectos import pabulib
from libro.pp.proyectos.calculo import Priorizacion

HOJA_COMPARACION = "Comparación de reglas"


class ExportacionImposible(ValueError):
    """El libro no se puede exportar (mensaje en español)."""


class DatosNoAdmitidos(ExportacionImposible):
    """Datos del libro que el formato Pabulib no admite (una coma en un código, un voto a un proyecto
    inexistente…)."""


@dataclass
class Exportacion:
    texto: str
    priorizacion: Priorizacion
    votos: dict[str, tuple[str, ...]]
    descartados: int
    """Aprobaciones a propuestas no viables o inexistentes que no se exportan."""


def votos_de(libro: LibroLeido, codigos: set[str]) -> tuple[dict[str, tuple[str, ...]], int]:
    """{DNI: aprobados} de la hoja «Votos» (la primera fila de cada DNI), solo propuestas de `codigos`."""
    votos: dict[str, tuple[str, ...]] = {}
    descartados = 0
    for f in libro.filas("Votos"):
        if not f.dni or f.dni in votos:
            continue
        aprobados = tuple(c for c in f.codigos if c in codigos)
        descartados += len(f.codigos) - len(aprobados)
        votos[f.dni] = aprobados
    return votos, descartados


def exportar(libro: LibroLeido, p: Priorizacion) -> Exportacion:
    """Texto .pb con las propuestas viables, los votos de aprobación y los priorizados como «selected»."""
    if p.matriz is None:
        raise ExportacionImposible(f"la hoja «Criterios» no es válida: {p.error_matriz}")
    if p.asignacion is None:
        raise ExportacionImposible(p.error_asignacion or "no hay asignación")
    viables = [e for e in p.evaluaciones if e.viable]
    if not viables:
        raise ExportacionImposible("no hay propuestas viables evaluadas")
    votos, descartados = votos_de(libro, {e.codigo for e in viables})
    if not votos:
        raise ExportacionImposible("la hoja «Votos» no tiene votos de agentes: Pabulib necesita al menos uno")
    params = p.parametros
    anio = params.anio_fiscal if params and params.anio_fiscal else ""
    lugar = (params.distrito or params.municipalidad or "") if params else ""
    titulo = f"Presupuesto Participativo Basado en Resultados {anio}".strip()
    descripcion = ", ".join(x for x in (titulo, lugar) if x)
    try:
        texto = pabulib.escribir_pabulib(
            [
                pabulib.ProyectoPB(
                    codigo=e.codigo, costo=e.costo, nombre=e.nombre, categoria=e.eje.replace(",", " ")
                )
                for e in viables
            ],
            p.asignacion.presupuesto,
            votos,
            descripcion=descripcion,
            instancia=str(anio),
            unidad=lugar or "desconocida",
            seleccionados=[e.codigo for e in p.asignacion.financiados],
            fecha_inicio=p.parametros.fecha_taller if p.parametros else None,
            fecha_fin=p.parametros.fecha_taller if p.parametros else None,
        )
    except ValueError as error:  # lo que `escribir_pabulib` rechaza
        raise DatosNoAdmitidos(str(error)) from None
    return Exportacion(texto, p, votos, descartados)


ANCHOS_COMPARACION = (10, 44, 15, 13, 12, 14, 16)


def escritura_comparacion(exportacion: Exportacion, comparacion: pabulib.Comparacion) -> Escritura:
    """Hoja «Comparación de reglas»: qué elige cada regla y en qué orden, y cuánto gasta."""
    p = exportacion.priorizacion
    a = p.asignacion
    assert a is not None
    oficial = [e.codigo for e in a.escala if any(f.codigo == e.codigo for f in a.financiados)]
    aprobaciones = {c: 0 for c in comparacion.costos}
    for aprobados in exportacion.votos.values():
        for c in aprobados:
            aprobaciones[c] += 1
    h = HOJA_COMPARACION
    nota = (
        f"Presupuesto: S/ {comparacion.presupuesto:,.2f}; {len(exportacion.votos)} agente(s) votaron. "
        "El número "
        "es el orden en que cada regla elige. Voraz (greedy): por número de aprobaciones, saltando lo que no "
        "cabe. Método de partes iguales (MES, Method of Equal Shares): reparte el presupuesto por igual "
        "entre quienes votaron. Solo el puntaje técnico es oficial (art. 16.1.1); las otras columnas son "
        "referencia."
    )
    cabecera: list[list[Any]] = [
        ["COMPARACIÓN DE REGLAS: PUNTAJE TÉCNICO (OFICIAL), VORAZ Y MÉTODO DE PARTES IGUALES"],
        *([linea] for linea in textwrap.wrap(nota, 125)),
    ]
    tabla: list[list[Any]] = [
        [
            "Código",
            "Propuesta",
            "Costo (S/)",
            "Aprobaciones",
            "Puntaje técnico",
            "Voraz (greedy)",
            "Partes iguales (MES)",
        ]
    ]
    nombres = {e.codigo: e.nombre for e in p.evaluaciones}

    def orden(seleccion: list[str] | tuple[str, ...], codigo: str) -> int | None:
        return seleccion.index(codigo) + 1 if codigo in seleccion else None

    for codigo, costo in sorted(comparacion.costos.items()):
        tabla.append(
            [
                codigo,
                nombres.get(codigo, ""),
                float(costo),
                aprobaciones[codigo],
                orden(oficial, codigo),
                orden(comparacion.greedy, codigo),
                orden(comparacion.mes, codigo),
            ]
        )
    gastos = [comparacion.gasto(s) for s in (oficial, comparacion.greedy, comparacion.mes)]
    totales = [
        ["Gasto (S/)", None, None, *(float(g) for g in gastos)],
        ["Saldo (S/)", None, None, *(float(comparacion.presupuesto - g) for g in gastos)],
    ]
    fila = len(cabecera) + 1
    params = p.parametros
    titulo = " — ".join(x for x in ((params.municipalidad if params else None), "Comparación de reglas") if x)
    return Escritura().agregar(
        AsegurarHoja(h),
        Limpiar(h, 0),
        Disposicion(h, ANCHOS_COMPARACION, elegir_pagina(ANCHOS_COMPARACION), titulo),
        Bloque(h, 0, 0, cabecera, estilos={0: "titulo", **{k: "nota" for k in range(1, len(cabecera))}}),
        Bloque(
            h, fila, 0, tabla, formatos=(None, None, SOLES, "0", "0", "0", "0"), estilos={0: "encabezado"}
        ),
        Bloque(
            h,
            fila + len(tabla),
            1,
            totales,
            formatos=(None, None, None, SOLES, SOLES, SOLES),
            estilos={0: "total", 1: "total"},
        ),
    )
