"""Evaluación trimestral del POI de una unidad orgánica (Directiva 003-2016-MPH/17, art. 12).

Cada unidad informa, por actividad, la meta física alcanzada y lo ejecutado en soles frente a
lo programado en su POI, los factores que contribuyeron o dificultaron y las medidas
correctivas; lo presenta a OPP hasta 10 días calendario después de culminado el trimestre.
"""

from datetime import date
from typing import Annotated, Any

from libro.nucleo.codecs import PORCENTAJE, Codigo, Entero, Fecha, Monto, Numero, Opcion, Texto, ValorInvalido
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.poi.formato import NO_ACUMULABLE, TIPOS_META

SENTIDOS = ("Creciente", "Decreciente")
SEMAFOROS = ("Verde", "Ámbar", "Rojo")
DIAS_PLAZO = 10
"""Art. 12: plazo máximo de 10 días calendario de culminado el trimestre."""
UMBRAL_VERDE = 90.0
UMBRAL_AMBAR = 60.0


class Porcentaje(Numero):
    """Porcentaje escrito como 90, «90 %» o 90 % con formato de Excel (que guarda 0,9): → 90.0."""

    def __init__(self, ayuda: str = "") -> None:
        super().__init__(formato='0.00" %"', minimo=0, ayuda=ayuda)

    def leer(self, valor: Any) -> float:
        numero = super().leer(valor)
        if 0 < numero <= 1:
            numero *= 100
        if numero > 1000:
            raise ValorInvalido("se esperaba un porcentaje como 90 (90 %)")
        return numero


class DatosEvaluacion(Fila):
    codigo_unidad: Annotated[
        str | None,
        Col(
            "Código de la unidad orgánica",
            Codigo(r"[A-Z0-9][A-Z0-9.\-]{1,19}", "GPP-01", "Código que OPP asignó a la unidad"),
            requerido=True,
            alias=("Código de unidad", "Código"),
        ),
    ] = None
    nombre_unidad: Annotated[
        str | None,
        Col(
            "Unidad orgánica", Texto(), requerido=True, alias=("Nombre de la unidad orgánica", "Dependencia")
        ),
    ] = None
    anio_fiscal: Annotated[
        int | None,
        Col(
            "Año fiscal",
            Entero(2000, 2100, "Año del POI que se evalúa, p. ej. 2027"),
            requerido=True,
            alias=("Año", "Ejercicio"),
        ),
    ] = None
    trimestre: Annotated[
        int | None,
        Col(
            "Trimestre",
            Entero(1, 4, "Trimestre evaluado: 1 (ene-mar), 2 (abr-jun), 3 (jul-set), 4 (oct-dic)"),
            requerido=True,
            alias=("Trimestre evaluado",),
        ),
    ] = None
    fecha_presentacion: Annotated[
        date | None,
        Col(
            "Fecha de presentación",
            Fecha(
                "Fecha en que la unidad remite la evaluación a OPP (plazo: 10 días calendario "
                "después del trimestre)"
            ),
            alias=("Fecha de envío",),
        ),
    ] = None


class Parametros(Fila):
    umbral_verde: Annotated[
        float | None,
        Col(
            "Verde desde (% de avance)",
            Porcentaje(f"Avance desde el cual la actividad va en verde; vacío = {UMBRAL_VERDE:g} %"),
            alias=("Umbral verde", "Verde"),
        ),
    ] = None
    umbral_ambar: Annotated[
        float | None,
        Col(
            "Ámbar desde (% de avance)",
            Porcentaje(f"Avance desde el cual va en ámbar (debajo: rojo); vacío = {UMBRAL_AMBAR:g} %"),
            alias=("Umbral ámbar", "Ámbar", "Amarillo desde (% de avance)"),
        ),
    ] = None


class FilaEvaluacion(Fila):
    codigo: Annotated[
        str | None,
        Col(
            "Código",
            Codigo(r"[A-Z0-9][A-Z0-9.\-]{0,19}", "AO.001", "Código de la actividad en el POI"),
            requerido=True,
            ancho=9,
            alias=("Código actividad", "N°"),
        ),
    ] = None
    actividad: Annotated[
        str | None,
        Col("Actividad operativa", Texto(), requerido=True, ancho=36, alias=("Actividad",)),
    ] = None
    aei: Annotated[
        str | None,
        Col(
            "Código AEI", Codigo(r"AEI\.\d{2}\.\d{2}", "AEI.01.02"), requerido=True, ancho=11, alias=("AEI",)
        ),
    ] = None
    unidad_medida: Annotated[str | None, Col("Unidad de medida", Texto(), ancho=12)] = None
    tipo_meta: Annotated[str | None, Col("Tipo de meta", Opcion(TIPOS_META), ancho=12)] = None
    sentido: Annotated[
        str | None,
        Col(
            "Sentido del indicador",
            Opcion(
                SENTIDOS,
                "Creciente: más es mejor (ejecutado/programado). Decreciente: menos "
                "es mejor (programado/ejecutado)",
            ),
            requerido=True,
            ancho=12,
            alias=("Sentido",),
        ),
    ] = None
    meta_m1: Annotated[float | None, Col("Meta mes 1", Numero(), ancho=8)] = None
    meta_m2: Annotated[float | None, Col("Meta mes 2", Numero(), ancho=8)] = None
    meta_m3: Annotated[float | None, Col("Meta mes 3", Numero(), ancho=8)] = None
    programado_trimestre: Annotated[
        float | None,
        Col(
            "Meta programada del trimestre",
            Numero(ayuda="Viene del POI; no la cambie"),
            ancho=11,
            alias=("Programado trimestre",),
        ),
    ] = None
    programado_acumulado: Annotated[
        float | None,
        Col(
            "Meta programada acumulada",
            Numero(ayuda="De enero al fin del trimestre; viene del POI"),
            ancho=11,
            alias=("Programado acumulado",),
        ),
    ] = None
    monto_m1: Annotated[float | None, Col("S/ mes 1", Monto(), ancho=11)] = None
    monto_m2: Annotated[float | None, Col("S/ mes 2", Monto(), ancho=11)] = None
    monto_m3: Annotated[float | None, Col("S/ mes 3", Monto(), ancho=11)] = None
    soles_trimestre: Annotated[
        float | None,
        Col(
            "S/ programado del trimestre",
            Monto("Viene del POI; no lo cambie"),
            ancho=13,
            alias=("Programado S/ trimestre",),
        ),
    ] = None
    soles_acumulado: Annotated[
        float | None,
        Col(
            "S/ programado acumulado",
            Monto("De enero al fin del trimestre; viene del POI"),
            ancho=13,
            alias=("Programado S/ acumulado",),
        ),
    ] = None
    ejecutado_trimestre: Annotated[
        float | None,
        Col(
            "Meta ejecutada del trimestre",
            Numero(ayuda="Meta física alcanzada en el trimestre (escriba 0 si no hubo avance)"),
            ancho=11,
            alias=("Ejecutado trimestre", "Meta física alcanzada"),
        ),
    ] = None
    ejecutado_acumulado: Annotated[
        float | None,
        Col(
            "Meta ejecutada acumulada",
            Numero(ayuda="De enero al fin del trimestre; en el 1.er trimestre puede dejarla vacía"),
            ancho=11,
            alias=("Ejecutado acumulado",),
        ),
    ] = None
    ejecutado_soles_trimestre: Annotated[
        float | None,
        Col(
            "S/ ejecutado del trimestre",
            Monto("Gasto devengado de la actividad en el trimestre"),
            ancho=13,
            alias=("Ejecutado S/ trimestre",),
        ),
    ] = None
    ejecutado_soles_acumulado: Annotated[
        float | None,
        Col(
            "S/ ejecutado acumulado",
            Monto("De enero al fin del trimestre"),
            ancho=13,
            alias=("Ejecutado S/ acumulado",),
        ),
    ] = None
    factores_favorables: Annotated[
        str | None,
        Col("Factores que contribuyeron", Texto(1000), ancho=28, alias=("Factores favorables",)),
    ] = None
    factores_desfavorables: Annotated[
        str | None,
        Col("Factores que dificultaron", Texto(1000), ancho=28, alias=("Factores desfavorables",)),
    ] = None
    medidas_correctivas: Annotated[
        str | None,
        Col(
            "Medidas correctivas",
            Texto(1000, "Obligatorias si la actividad queda en ámbar o rojo"),
            ancho=30,
            alias=("Medidas correctivas a adoptar",),
        ),
    ] = None
    avance_trimestral: Annotated[
        float | None,
        Col("% avance físico del trimestre", Numero(PORCENTAJE, minimo=None), ancho=10, calculada=True),
    ] = None
    avance_acumulado: Annotated[
        float | None,
        Col("% avance físico acumulado", Numero(PORCENTAJE, minimo=None), ancho=10, calculada=True),
    ] = None
    ejecucion_financiera: Annotated[
        float | None,
        Col(
            "% ejecución financiera del trimestre", Numero(PORCENTAJE, minimo=None), ancho=11, calculada=True
        ),
    ] = None
    semaforo: Annotated[
        str | None,
        Col("Semáforo", Texto(), ancho=10, calculada=True,
            colores=(("Verde", "#C6EFCE"), ("Ámbar", "#FFE699"), ("Rojo", "#F8CBAD"))),
    ] = None

    @property
    def es_acumulable(self) -> bool:
        return self.tipo_meta != NO_ACUMULABLE


HOJA_DATOS = Ficha(
    nombre="Datos",
    titulo="EVALUACIÓN TRIMESTRAL DEL POI — DATOS DE LA UNIDAD ORGÁNICA",
    modelo=DatosEvaluacion,
    alias=("Datos de la unidad",),
)
HOJA_PARAMETROS = Ficha(
    nombre="Parámetros",
    titulo="PARÁMETROS DEL SEMÁFORO (% DE AVANCE FÍSICO DEL TRIMESTRE)",
    modelo=Parametros,
    alias=("Parametros", "Umbrales"),
)
HOJA_EVALUACION = Tabla(
    nombre="Evaluación",
    titulo="ESQUEMA DE EVALUACIÓN DEL POI: AVANCE Y CUMPLIMIENTO DE METAS DEL TRIMESTRE",
    modelo=FilaEvaluacion,
    filas_plantilla=1000,
    grupos=(
        Grupo("ACTIVIDAD OPERATIVA", "codigo", "sentido"),
        Grupo("PROGRAMADO FÍSICO (POI)", "meta_m1", "programado_acumulado"),
        Grupo("PROGRAMADO S/ (POI)", "monto_m1", "soles_acumulado"),
        Grupo("EJECUTADO (lo informa la unidad)", "ejecutado_trimestre", "ejecutado_soles_acumulado"),
        Grupo("ANÁLISIS", "factores_favorables", "medidas_correctivas"),
        Grupo("RESULTADO (libro)", "avance_trimestral", "semaforo"),
    ),
    alias=("Evaluacion", "Esquema de evaluación"),
    instrucciones=(
        "Una actividad por fila (las trae el POI). Mes 1, 2 y 3 son los meses del trimestre "
        "(1: ene-mar, 2: abr-jun, 3: jul-set, 4: oct-dic). Escriba lo ejecutado, los factores y, si "
        "la actividad queda en ámbar o rojo, las medidas correctivas. % de avance: indicador "
        "creciente = ejecutado / programado; decreciente (menos es mejor) = programado / ejecutado. "
        "Con programado 0 no hay porcentaje: libro lo observa. Semáforo según la hoja «Parámetros»."
    ),
)

EVALUACION_POI = Formato(
    id="evaluacion-poi",
    version=1,
    titulo="Evaluación trimestral del POI de la unidad orgánica",
    hojas=(HOJA_DATOS, HOJA_EVALUACION, HOJA_PARAMETROS),
    generadas=(
        Generada("Resumen", "RESUMEN DE LA EVALUACIÓN TRIMESTRAL", anchos=(16, 40, 12, 12, 12, 12, 14, 14)),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    botones=("Validar", "Calcular avance"),
    descripcion=(
        "Informe trimestral de avance y cumplimiento de metas del POI (Directiva 003-2016-MPH/17, "
        "art. 12): la unidad informa lo ejecutado y los factores que contribuyeron o dificultaron, y "
        "lo remite a OPP hasta 10 días calendario de culminado el trimestre. % de avance creciente = "
        "ejecutado / programado; decreciente = programado / ejecutado. Semáforo: verde desde 90 %, "
        "ámbar desde 60 %, rojo debajo (editable en «Parámetros»). Genérelo con "
        "«libro evaluacion generar POI.xlsx --trimestre N»."
    ),
)
