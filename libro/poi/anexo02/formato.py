"""Anexo N° 02 de la Directiva 003-2016-MPH/17: cronograma de formulación y de evaluación del POI.

Dos tablas. La formulación, en el año anterior a la ejecución (art. 6): las unidades presentan su
cuadro de necesidades y su propuesta de POI hasta el 30 de marzo, culmina la formulación del
presupuesto institucional y se aprueba el POI (art. 9). La evaluación y el seguimiento, en el año de
ejecución: una evaluación por trimestre dentro de los 10 días calendario de culminado (art. 6 y 12),
la evaluación anual, el seguimiento mensual de las acciones estratégicas y la evaluación anual del PDI.
Cada actividad lleva sus fechas, que la persona puede mover; los meses E…D los marca libro.
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import Entero, Fecha, Opcion, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Tabla

FORMULACION, EVALUACION = "Formulación", "Evaluación y seguimiento"
TABLAS = (FORMULACION, EVALUACION)
CUADRO, PROPUESTA, PRESUPUESTO, APROBACION = (
    "Cuadro de necesidades",
    "Propuesta de POI",
    "Presupuesto institucional",
    "Aprobación del POI",
)
EVALUACIONES = ("1.ª evaluación", "2.ª evaluación", "3.ª evaluación", "Evaluación anual")
"""Hito → trimestre que evalúa (la anual cierra el cuarto)."""
SEGUIMIENTO, PDI, OTRA = "Seguimiento mensual", "Evaluación del PDI", "Otra"
HITOS = (CUADRO, PROPUESTA, PRESUPUESTO, APROBACION, *EVALUACIONES, SEGUIMIENTO, PDI, OTRA)
OBLIGATORIOS = (PROPUESTA, APROBACION, *EVALUACIONES)
"""Hitos que el cronograma no puede omitir: de ellos salen los plazos que usan las otras reglas."""
UNA_VEZ, MENSUAL = "Una vez", "Mensual"


def trimestre_de(hito: str | None) -> int | None:
    """1..4 para las evaluaciones trimestrales y la anual; None para los demás hitos."""
    return EVALUACIONES.index(hito) + 1 if hito in EVALUACIONES else None


class DatosCronograma(Fila):
    entidad: Annotated[
        str | None,
        Col("Entidad", Texto(ayuda="Municipalidad que aprueba el cronograma"), alias=("Municipalidad",)),
    ] = None
    anio_fiscal: Annotated[
        int | None,
        Col(
            "Año fiscal del POI",
            Entero(2000, 2100, "Año que ejecuta el POI; se formula el año anterior"),
            requerido=True,
            alias=("Año fiscal", "Año"),
        ),
    ] = None
    documento: Annotated[
        str | None,
        Col(
            "Aprobado con",
            Texto(ayuda="Documento que aprueba el cronograma, p. ej. una resolución"),
            alias=("Documento de aprobación",),
        ),
    ] = None


class ActividadCronograma(Fila):
    tabla: Annotated[
        str | None,
        Col(
            "Cronograma",
            Opcion(TABLAS, "Formulación (año anterior) o evaluación (año del POI)"),
            requerido=True,
            ancho=20,
            alias=("Tabla",),
        ),
    ] = None
    hito: Annotated[
        str | None,
        Col(
            "Hito",
            Opcion(HITOS, "Qué paso de la directiva es; «Otra» para actividades propias"),
            requerido=True,
            ancho=22,
        ),
    ] = None
    actividad: Annotated[
        str | None, Col("Actividad", Texto(), requerido=True, ancho=58, alias=("Actividades",))
    ] = None
    desde: Annotated[
        date | None,
        Col("Desde", Fecha("Primer día de la actividad"), requerido=True, ancho=12, alias=("Inicio",)),
    ] = None
    hasta: Annotated[
        date | None,
        Col(
            "Hasta",
            Fecha("Último día: para las evaluaciones, el plazo de presentación"),
            requerido=True,
            ancho=12,
            alias=("Fin", "Plazo"),
        ),
    ] = None
    periodicidad: Annotated[
        str | None,
        Col(
            "Periodicidad",
            Opcion((UNA_VEZ, MENSUAL), "Mensual: un aviso el último día hábil de cada mes"),
            ancho=12,
        ),
    ] = None
    responsable: Annotated[str | None, Col("Responsable", Texto(), ancho=34, alias=("Responsables",))] = None


HOJA_DATOS = Ficha(nombre="Datos", titulo="ANEXO N° 02: CRONOGRAMA DEL POI — DATOS", modelo=DatosCronograma)
HOJA_CRONOGRAMA = Tabla(
    nombre="Cronograma POI",
    titulo="ANEXO N° 02: CRONOGRAMA DE FORMULACIÓN Y DE EVALUACIÓN DEL POI",
    modelo=ActividadCronograma,
    filas_plantilla=100,
    alias=("Cronograma del POI", "Anexo 02 datos"),
    instrucciones=(
        "Una actividad por fila. «libro plantilla cronograma-poi --anio N» la llena con las fechas de la "
        "directiva: propuesta de POI hasta el 30 de marzo del año anterior (art. 6), aprobación antes del "
        "inicio del año fiscal (art. 9) y cada evaluación dentro de los 10 días calendario de culminado el "
        "trimestre (art. 12); si el último día es inhábil, el primer día hábil siguiente. Puede mover las "
        "fechas: la evaluación trimestral y la consolidación leen de aquí sus plazos."
    ),
)
HOJA_ANEXO = "Anexo 02"

CRONOGRAMA_POI = Formato(
    id="cronograma-poi",
    version=1,
    titulo="Anexo 02: cronograma de formulación y evaluación del POI",
    hojas=(HOJA_DATOS, HOJA_CRONOGRAMA),
    generadas=(
        Generada(HOJA_ANEXO, "ANEXO N° 02: CRONOGRAMA", anchos=(5, 58, 11, 11, 34, *([3.6] * 13))),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    identifican=("Cronograma POI",),
    botones=("Validar", "Generar anexo"),
    descripcion=(
        "Cronograma de formulación y de evaluación del Plan Operativo Institucional (Directiva "
        "003-2016-MPH/17, Anexo N° 02). libro revisa que cada evaluación vaya después de culminado su "
        "trimestre y en orden, y que el POI se apruebe antes del año fiscal; genera el anexo para imprimir "
        "con los meses marcados y exporta las fechas a un calendario (.ics). «libro validar "
        "--cronograma-poi» y la consolidación toman de aquí los plazos de la evaluación trimestral."
    ),
)
