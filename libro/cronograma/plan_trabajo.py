"""Plan de trabajo: objetivo, acciones, subactividades, estrategias, fecha y responsable.

Tomado del plan de trabajo de la Agenda Regional de Gobernabilidad 2023-2026 (Mesa de
Concertación para la Lucha contra la Pobreza): fechas como periodos de meses («Abril-Mayo-Junio»,
«ene-23»). Comparte la ficha «Datos» y el codec de plazo con el cronograma del PP.
"""

from datetime import date
from typing import Annotated

from libro.cronograma.formato import (
    GENERADAS,
    HOJA_DATOS,
    SINONIMOS_FIN,
    SINONIMOS_INICIO,
    SINONIMOS_PLAZO,
    SINONIMOS_RESPONSABLE,
    PlazoTexto,
)
from libro.nucleo.codecs import Fecha, Texto
from libro.nucleo.declaracion import Col, Fila, Formato, Grupo, Tabla


class Accion(Fila):
    objetivo: Annotated[
        str | None, Col("Objetivo", Texto(), ancho=30, alias=("Objetivo específico",),
                        sinonimos=("objetivo estratégico",))
    ] = None
    acciones: Annotated[
        str | None, Col("Acciones", Texto(largo_maximo=1000), ancho=32, sinonimos=("líneas de acción",))
    ] = None
    subactividades: Annotated[
        str | None,
        Col("Subactividades", Texto(largo_maximo=1500), ancho=44, alias=("Actividades",),
            sinonimos=("tareas",)),
    ] = None
    estrategias: Annotated[
        str | None, Col("Estrategias", Texto(largo_maximo=1000), ancho=36, sinonimos=("metodología",))
    ] = None
    plazo: Annotated[
        str | None, Col("Fecha", PlazoTexto(), ancho=18, alias=("Plazo",), sinonimos=SINONIMOS_PLAZO)
    ] = None
    responsable: Annotated[
        str | None, Col("Responsable", Texto(), ancho=28, sinonimos=SINONIMOS_RESPONSABLE)
    ] = None
    inicio: Annotated[
        date | None, Col("Inicio", Fecha(), ancho=11, calculada=True, sinonimos=SINONIMOS_INICIO)
    ] = None
    fin: Annotated[date | None, Col("Fin", Fecha(), ancho=11, calculada=True, sinonimos=SINONIMOS_FIN)] = None


HOJA_PLAN = Tabla(
    nombre="Plan de trabajo",
    titulo="PLAN DE TRABAJO",
    modelo=Accion,
    filas_plantilla=500,
    grupos=(Grupo("PLAN", "objetivo", "responsable"), Grupo("FECHAS (libro)", "inicio", "fin")),
    alias=("Plan", "Plan de actividades"),
    instrucciones=(
        "Una subactividad por fila; repita el objetivo y la acción en cada fila (o deje que "
        "«libro importar» los copie desde las celdas combinadas). La fecha puede ser un día, un rango "
        "o un periodo de meses («Abril-Mayo-Junio», «ene-23»)."
    ),
)

PLAN_TRABAJO = Formato(
    id="plan-trabajo",
    version=1,
    titulo="Plan de trabajo",
    hojas=(HOJA_DATOS, HOJA_PLAN),
    generadas=GENERADAS,
    identifican=("Plan de trabajo",),
    botones=("Validar", "Generar resumen"),
    descripcion=(
        "Plan de trabajo por objetivos, acciones y subactividades con su fecha y responsable. libro "
        "revisa que cada fecha se entienda y tenga responsable, genera el Gantt por semanas, los "
        "vencimientos y la carga por responsable, y exporta las fechas a un calendario (.ics)."
    ),
)
