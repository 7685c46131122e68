"""Cronograma del Presupuesto Participativo (Anexo I): fases, actividades, plazos y responsables.

Reglamento del PP 2026 de San Juan de Lurigancho, art. 12 a 16: cuatro fases (Preparación,
Concertación, Coordinación entre niveles de gobierno y Formalización) con sus etapas (comunicación,
sensibilización, convocatoria, registro, capacitación, talleres, rendición de cuentas…), aprobadas
por Decreto de Alcaldía; art. 13.4: dos días hábiles para subsanar observaciones a la inscripción.
El plazo se guarda como lo escribió la persona («13,14,15,16 Y 17 DE MARZO»); lo interpreta
`libro.cronograma.plazos` con el año del proceso.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from libro.nucleo.codecs import Entero, Fecha, Opcion, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.nucleo.textos import clave, fecha_texto

FASES = ("Preparación", "Concertación", "Coordinación entre niveles de gobierno", "Formalización")
"""Las fases del art. 12, en su orden."""
RAICES_FASE = {"prepar": FASES[0], "concert": FASES[1], "coordin": FASES[2], "formaliz": FASES[3]}
"""Raíz de la palabra (sin tildes, minúsculas) → fase."""
SUB_ETAPAS = (
    "comunicación", "sensibilización", "convocatoria", "registro", "capacitación", "talleres",
    "rendición de cuentas", "formalización de acuerdos",
)
DIAS_OBSERVACION = 2
"""Art. 13.4: días hábiles para absolver la observación a la inscripción."""
DIAS_VENCIMIENTO = 15
"""Días hacia adelante que muestra la hoja «Vencimientos» si la ficha no dice otro número."""

# Palabras con que los cronogramas y planes de otras municipalidades titulan sus columnas
# (las comparten el cronograma y el plan de trabajo; docs/encabezados.md las lista).
SINONIMOS_PLAZO = ("periodo", "cronograma", "fecha programada", "fecha de ejecución",
                   "periodo de ejecución", "plazo de ejecución", "fecha de realización")
SINONIMOS_RESPONSABLE = ("área responsable", "unidad responsable", "órgano responsable", "encargado",
                         "encargados", "a cargo de", "ejecutor")
SINONIMOS_INICIO = ("fecha de inicio", "desde", "fecha inicial", "comienzo")
SINONIMOS_FIN = ("fecha de término", "fecha de fin", "fecha final", "término", "fin", "hasta",
                 "fecha de culminación", "fecha de conclusión")


def fase_de(texto: object) -> str | None:
    """La fase que nombra un texto («SEGUNDA FASE: CONCERTACION» → «Concertación»), o None."""
    plano = clave(texto)
    for raiz, fase in RAICES_FASE.items():
        if re.search(rf"\b{raiz}", plano):
            return fase
    return None


class PlazoTexto(Texto):
    """Plazo tal como se escribió; una fecha de Excel se guarda como «dd/mm/aaaa».

    No se interpreta al leer: el año del proceso está en otra hoja. Lo interpretan las reglas y
    los cálculos con `libro.cronograma.plazos.interpretar_plazo`.
    """

    def __init__(self) -> None:
        super().__init__(
            largo_maximo=200,
            ayuda="Escriba el plazo como en el cronograma: «07 de marzo», «13, 14 y 15 de marzo», "
                  "«27 al 31 de marzo», «15/05/2026», «abril - mayo».",
        )

    def leer(self, valor: Any) -> str:
        if isinstance(valor, datetime):
            valor = valor.date()
        if isinstance(valor, date):
            return fecha_texto(valor)
        return super().leer(valor)


class DatosProceso(Fila):
    entidad: Annotated[
        str | None,
        Col("Entidad", Texto(ayuda="Municipalidad u organización que aprueba el cronograma"),
            alias=("Municipalidad", "Institución")),
    ] = None
    titulo: Annotated[
        str | None,
        Col("Título del cronograma", Texto(), alias=("Título", "Proceso")),
    ] = None
    anio: Annotated[
        int | None,
        Col("Año del proceso", Entero(2000, 2100, "Año en que corren los plazos que no escriben el año"),
            requerido=True, alias=("Año", "Año fiscal")),
    ] = None
    dias_observacion: Annotated[
        int | None,
        Col("Días hábiles para subsanar observaciones",
            Entero(0, 30, f"Art. 13.4 del reglamento; vacío: {DIAS_OBSERVACION}"),
            alias=("Días para subsanar",)),
    ] = None
    fecha_referencia: Annotated[
        date | None,
        Col("Fecha de referencia de vencimientos",
            Fecha("Desde qué día se listan los vencimientos; vacía: hoy"),
            alias=("Fecha de referencia",)),
    ] = None
    dias_vencimiento: Annotated[
        int | None,
        Col("Días hacia adelante",
            Entero(1, 366, f"Vencimientos de los próximos N días; vacío: {DIAS_VENCIMIENTO}"),
            alias=("Días de vencimiento",)),
    ] = None


class Actividad(Fila):
    fase: Annotated[
        str | None,
        Col("Fase", Opcion(FASES, "Fase del art. 12 del reglamento"), requerido=True, ancho=16),
    ] = None
    sub_etapa: Annotated[
        str | None,
        Col("Sub-etapa", Texto(ayuda="P. ej.: " + ", ".join(SUB_ETAPAS)), ancho=20,
            alias=("Etapa", "Subetapa")),
    ] = None
    objetivo: Annotated[
        str | None,
        Col("Objetivo específico", Texto(), ancho=34, alias=("Objetivo", "Objetivos específicos"),
            sinonimos=("objetivo estratégico",)),
    ] = None
    metas: Annotated[
        str | None, Col("Metas", Texto(), ancho=22, alias=("Meta",), sinonimos=("producto", "resultado"))
    ] = None
    actividad: Annotated[
        str | None,
        Col("Actividad", Texto(largo_maximo=1500), requerido=True, ancho=42, alias=("Actividades",),
            sinonimos=("acciones", "tareas", "descripción de la actividad")),
    ] = None
    indicador: Annotated[
        str | None,
        Col("Indicador", Texto(), ancho=28, alias=("Indicadores",),
            sinonimos=("indicador de producto", "indicador de desempeño")),
    ] = None
    plazo: Annotated[
        str | None, Col("Plazo", PlazoTexto(), ancho=18, alias=("Fecha",), sinonimos=SINONIMOS_PLAZO)
    ] = None
    responsable: Annotated[
        str | None, Col("Responsable", Texto(), ancho=28, sinonimos=SINONIMOS_RESPONSABLE)
    ] = None
    inicio: Annotated[
        date | None, Col("Inicio", Fecha(), ancho=11, calculada=True, sinonimos=SINONIMOS_INICIO)
    ] = None
    fin: Annotated[date | None, Col("Fin", Fecha(), ancho=11, calculada=True, sinonimos=SINONIMOS_FIN)] = None


HOJA_DATOS = Ficha(nombre="Datos", titulo="CRONOGRAMA DEL PRESUPUESTO PARTICIPATIVO — DATOS",
                   modelo=DatosProceso)
HOJA_CRONOGRAMA = Tabla(
    nombre="Cronograma",
    titulo="CRONOGRAMA DE TRABAJO DEL PRESUPUESTO PARTICIPATIVO (ANEXO I)",
    modelo=Actividad,
    filas_plantilla=500,
    grupos=(Grupo("ETAPA", "fase", "sub_etapa"), Grupo("ACTIVIDAD", "objetivo", "responsable"),
            Grupo("FECHAS (libro)", "inicio", "fin")),
    alias=("Anexo I", "Cronograma de trabajo"),
    instrucciones=(
        "Una actividad por fila, con su fase. Escriba el plazo como en el cronograma aprobado "
        "(«07 de marzo», «13, 14 y 15 de marzo», «27 al 31 de marzo»); libro calcula Inicio y Fin "
        "con el año de la hoja «Datos». Un cronograma que ya tiene en otro formato se convierte con "
        "«libro importar cronograma»."
    ),
)
GENERADAS = (
    Generada("Gantt", "DIAGRAMA DE GANTT POR SEMANAS", anchos=(22, 44, 26, 11, 11, *([5.6] * 60))),
    Generada("Vencimientos", "VENCIMIENTOS PRÓXIMOS POR RESPONSABLE", anchos=(30, 11, 9, 46, 22, 20, 8)),
    Generada("Carga por responsable", "CARGA DE ACTIVIDADES POR RESPONSABLE",
             anchos=(34, 11, 12, 12, 12, 12, 10, 11, 11, 11)),
    Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
)

CRONOGRAMA_PP = Formato(
    id="cronograma-pp",
    version=1,
    titulo="Cronograma del Presupuesto Participativo",
    hojas=(HOJA_DATOS, HOJA_CRONOGRAMA),
    generadas=GENERADAS,
    identifican=("Cronograma",),
    botones=("Validar", "Generar resumen"),
    descripcion=(
        "Cronograma de trabajo del proceso del Presupuesto Participativo (Anexo I), aprobado por "
        "Decreto de Alcaldía (reglamento del PP, art. 12). libro revisa que cada plazo se entienda y "
        "caiga en el año del proceso, que las fases vayan en orden, que lo aprobado se publique "
        "después, que cada actividad tenga responsable y los domingos y feriados; genera el Gantt "
        "por semanas, los vencimientos y la carga por responsable, y exporta los plazos a un "
        "calendario (.ics)."
    ),
)
