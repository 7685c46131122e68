"""Rendición de cuentas del Presupuesto Participativo (Reglamento del PP 2026, art. 17 y 14.2 a).

En la fase de concertación, el titular del pliego informa a los agentes participantes sobre el
cumplimiento de los acuerdos y compromisos asumidos el año anterior por la municipalidad, otras
entidades del Estado y la sociedad civil. El libro parte del `proyectos-pp` de ese año (`libro rendicion
generar`): una fila por proyecto priorizado con su CUI y monto, que la persona completa con lo ejecutado,
el avance físico y el estado; y los compromisos con su cumplimiento. Genera el resumen con el gráfico de
ejecución por eje y el informe para el taller (A4).
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import PORCENTAJE, Codigo, Entero, Fecha, Monto, Numero, Opcion, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.pp.proyectos.formato import EJES, PATRON_PROYECTO

EJECUTADO, EN_EJECUCION, NO_INICIADO, REEMPLAZADO = "Ejecutado", "En ejecución", "No iniciado", "Reemplazado"
ESTADOS = (EJECUTADO, EN_EJECUCION, NO_INICIADO, REEMPLAZADO)
CUMPLIDO, EN_PROCESO, NO_CUMPLIDO = "Cumplido", "En proceso", "No cumplido"
CUMPLIMIENTOS = (CUMPLIDO, EN_PROCESO, NO_CUMPLIDO)
ACTORES = ("Municipalidad", "Sociedad civil", "Otra entidad del Estado")
"""Quién asumió el compromiso (art. 17: «las entidades del Estado y la Sociedad Civil»)."""


class DatosRendicion(Fila):
    entidad: Annotated[str | None, Col("Entidad", Texto(ayuda="Municipalidad que rinde cuentas"))] = None
    anio_fiscal: Annotated[
        int | None,
        Col(
            "Año fiscal que se rinde",
            Entero(2000, 2100, "Año del PP cuyos acuerdos se informan"),
            requerido=True,
            alias=("Año fiscal", "Año"),
        ),
    ] = None
    fecha_corte: Annotated[
        date | None,
        Col("Ejecución al", Fecha("Fecha de corte de la ejecución informada"), alias=("Fecha de corte",)),
    ] = None
    fecha_taller: Annotated[
        date | None, Col("Fecha del taller", Fecha("Taller de rendición de cuentas"), alias=("Fecha",))
    ] = None
    lugar: Annotated[str | None, Col("Lugar del taller", Texto(), alias=("Lugar",))] = None
    titular: Annotated[
        str | None,
        Col("Titular del pliego", Texto(ayuda="Quien informa: el alcalde o alcaldesa"), alias=("Alcalde",)),
    ] = None


class EjecucionProyecto(Fila):
    codigo: Annotated[
        str | None,
        Col(
            "Código",
            Codigo(PATRON_PROYECTO, "PP-01", "Código del proyecto en el PP"),
            requerido=True,
            ancho=9,
        ),
    ] = None
    nombre: Annotated[
        str | None,
        Col("Proyecto priorizado", Texto(), requerido=True, ancho=44, alias=("Proyecto", "Nombre")),
    ] = None
    eje: Annotated[
        str | None, Col("Eje de desarrollo", Opcion(EJES), requerido=True, ancho=16, alias=("Eje",))
    ] = None
    cui: Annotated[
        str | None,
        Col("CUI", Texto(largo_maximo=20, ayuda="Código Único de Inversiones, 7 dígitos"), ancho=10),
    ] = None
    priorizado: Annotated[
        float | None,
        Col(
            "Monto priorizado (S/)",
            Monto(),
            requerido=True,
            ancho=14,
            alias=("Priorizado", "Monto priorizado"),
        ),
    ] = None
    ejecutado: Annotated[
        float | None,
        Col(
            "Monto ejecutado (S/)",
            Monto("Devengado a la fecha de corte"),
            ancho=14,
            alias=("Ejecutado", "Monto ejecutado"),
        ),
    ] = None
    avance_fisico: Annotated[
        float | None,
        Col("Avance físico (%)", Numero(PORCENTAJE, 0, "De 0 a 100"), ancho=9, alias=("Avance físico",)),
    ] = None
    estado: Annotated[str | None, Col("Estado", Opcion(ESTADOS), requerido=True, ancho=13)] = None
    motivo: Annotated[
        str | None,
        Col("Motivo", Texto(ayuda="Por qué no se inició o por qué se reemplazó (art. 16.2)"), ancho=30),
    ] = None
    reemplazo: Annotated[
        str | None,
        Col(
            "Proyecto que lo reemplaza",
            Texto(ayuda="Código y nombre del proyecto de reemplazo"),
            ancho=28,
            alias=("Reemplazo",),
        ),
    ] = None
    modificacion: Annotated[
        str | None,
        Col(
            "Documento de modificación",
            Texto(ayuda="Si lo ejecutado supera lo priorizado: la resolución que modificó el monto"),
            ancho=24,
            alias=("Modificación",),
        ),
    ] = None


class Compromiso(Fila):
    asumido_por: Annotated[str | None, Col("Asumido por", Opcion(ACTORES), requerido=True, ancho=20)] = None
    responsable: Annotated[
        str | None, Col("Responsable", Texto(ayuda="Organización, unidad o entidad"), ancho=30)
    ] = None
    compromiso: Annotated[str | None, Col("Compromiso", Texto(), requerido=True, ancho=50)] = None
    cumplimiento: Annotated[
        str | None, Col("Cumplimiento", Opcion(CUMPLIMIENTOS), requerido=True, ancho=13)
    ] = None
    evidencia: Annotated[
        str | None,
        Col(
            "Evidencia o explicación",
            Texto(ayuda="Documento que lo acredita o por qué no se cumplió"),
            ancho=40,
        ),
    ] = None


HOJA_PROCESO = Ficha(
    nombre="Proceso",
    titulo="RENDICIÓN DE CUENTAS DEL PRESUPUESTO PARTICIPATIVO — DATOS",
    modelo=DatosRendicion,
    alias=("Datos",),
)
HOJA_EJECUCION = Tabla(
    nombre="Ejecución",
    titulo="EJECUCIÓN DE LOS PROYECTOS PRIORIZADOS EL AÑO ANTERIOR (ART. 17)",
    modelo=EjecucionProyecto,
    filas_plantilla=300,
    grupos=(
        Grupo("PROYECTO PRIORIZADO", "codigo", "priorizado"),
        Grupo("EJECUCIÓN", "ejecutado", "modificacion"),
    ),
    alias=("Ejecucion", "Proyectos"),
    instrucciones=(
        "Una fila por proyecto priorizado («libro rendicion generar» la llena desde el libro de proyectos "
        "del "
        "año anterior). Complete lo ejecutado, el avance físico y el estado. Reemplazado: motivo y "
        "proyecto que "
        "lo reemplaza (art. 16.2). Si lo ejecutado supera lo priorizado, anote el documento de modificación."
    ),
)
HOJA_COMPROMISOS = Tabla(
    nombre="Compromisos",
    titulo="ACUERDOS Y COMPROMISOS DEL AÑO ANTERIOR Y SU CUMPLIMIENTO",
    modelo=Compromiso,
    filas_plantilla=300,
    instrucciones="Un compromiso por fila: quién lo asumió, qué, si se cumplió y con qué evidencia.",
)
HOJA_RESUMEN, HOJA_INFORME = "Resumen", "Informe del taller"

RENDICION_PP = Formato(
    id="rendicion-pp",
    version=1,
    titulo="Presupuesto Participativo: rendición de cuentas",
    hojas=(HOJA_PROCESO, HOJA_EJECUCION, HOJA_COMPROMISOS),
    generadas=(
        Generada(
            HOJA_RESUMEN,
            "RENDICIÓN DE CUENTAS: EJECUCIÓN DEL PRESUPUESTO PARTICIPATIVO",
            anchos=(26, 10, 16, 16, 13, 15),
        ),
        Generada(
            HOJA_INFORME,
            "RENDICIÓN DE CUENTAS DEL PRESUPUESTO PARTICIPATIVO",
            anchos=(5, 9, 44, 20, 14, 14, 11, 13, 34),
        ),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    identifican=("Ejecución", "Compromisos"),
    botones=("Validar", "Generar informe"),
    descripcion=(
        "Libro del taller de rendición de cuentas (Reglamento del PP, art. 17): lo ejecutado de cada "
        "proyecto "
        "priorizado el año anterior y el cumplimiento de los compromisos de la municipalidad y de la "
        "sociedad "
        "civil. Genera el resumen con totales y el gráfico de ejecución por eje, y el informe para el taller "
        "(A4). Se crea con «libro rendicion generar PROYECTOS.xlsx --salida RENDICION.xlsx»."
    ),
)
