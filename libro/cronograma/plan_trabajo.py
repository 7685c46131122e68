"""Plan de trabajo: objetivo, acciones, subactividades, estrategias, fecha y responsable.

Tomado del plan de trabajo de la Agenda Regional de Gobernabilidad 2023-2026 (Mesa de
Concertación para la Lucha contra la Pobreza): fechas como periodos de meses («Abril-Mayo-Junio»,
«ene-23»). Comparte la ficha «Datos» y el codec de plazo con el cronograma del PP.
"""

from datetime import date
from typing import Annotated

from libro.cronograma.formato import (
    DIAS_VENCIMIENTO,
    GENERADAS,
    SINONIMOS_FIN,
    SINONIMOS_INICIO,
    SINONIMOS_PLAZO,
    SINONIMOS_RESPONSABLE,
    PlazoTexto,
)
from libro.nucleo.codecs import Entero, Fecha, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Grupo, Tabla


class DatosPlan(Fila):
    entidad: Annotated[
        str | None,
        Col("Entidad u organización", Texto(ayuda="Quién aprueba y ejecuta el plan"),
            alias=("Entidad", "Organización", "Institución")),
    ] = None
    titulo: Annotated[
        str | None,
        Col("Título del plan", Texto(ayuda="P. ej. Plan de trabajo de la Agenda Regional 2023-2026"),
            alias=("Título", "Plan")),
    ] = None
    anio: Annotated[
        int | None,
        Col("Año del plan", Entero(2000, 2100, "Año en que corren las fechas que no escriben el año"),
            requerido=True, alias=("Año", "Año del proceso")),
    ] = None
    responsable: Annotated[
        str | None,
        Col("Responsable del plan", Texto(ayuda="Equipo o persona que hace el seguimiento"),
            alias=("Coordinador",)),
    ] = None
    fecha_referencia: Annotated[
        date | None,
        Col(
            "Fecha de referencia de vencimientos",
            Fecha("Desde qué día se listan los vencimientos; vacía: hoy"),
            alias=("Fecha de referencia",),
        ),
    ] = None
    dias_vencimiento: Annotated[
        int | None,
        Col(
            "Días hacia adelante",
            Entero(1, 366, f"Vencimientos de los próximos N días; vacío: {DIAS_VENCIMIENTO}"),
            alias=("Días de vencimiento",),
        ),
    ] = None


HOJA_DATOS = Ficha(nombre="Datos", titulo="PLAN DE TRABAJO — DATOS GENERALES", modelo=DatosPlan)


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
    grupos=(Grupo("PLAN", "objetivo", "responsable"), Grupo("FECHAS (calcula Libro)", "inicio", "fin")),
    alias=("Plan", "Plan de actividades"),
    instrucciones=(
        "Una subactividad por fila; repita el objetivo y la acción en cada fila (al importar un plan con "
        "celdas combinadas, Libro los copia). La fecha puede ser un día, un rango o un periodo de meses "
        "(«Abril-Mayo-Junio», «ene-23»); Libro calcula Inicio y Fin con el año de la hoja «Datos»."
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
        "Plan de trabajo por objetivos, acciones, subactividades y estrategias, con su fecha y "
        "responsable (como el plan de trabajo de la Mesa de Concertación). El complemento Libro revisa "
        "que cada fecha se entienda y tenga responsable, genera el Gantt por semanas, los vencimientos "
        "y la carga por responsable, y exporta las fechas a un calendario (.ics)."
    ),
)
