"""Resumen del Programa de Operaciones Anual (POA): el documento que la municipalidad presenta aprobado por
el Concejo Municipal y con el pronunciamiento del Comité de Vigilancia.

Sus diez secciones (presentación del POA): 1. resumen ejecutivo; 2. base legal de creación y
modificaciones vigentes; 3. resumen del análisis de situación y entorno; 4. producción de bienes y
servicios; 5. objetivos de mediano plazo e indicadores; 6. metas de corto plazo e indicadores; 7. recursos
presupuestarios; 8. programación de operaciones; 9. resultados institucionales estimados y propuestos;
10. unidades ejecutoras de cada programa. Las secciones 5 a 8 y 10 salen del POI consolidado por OPP
(`libro consolidar … --resumen-poa`); 1 a 4 y 9 las escribe la persona en «Presentación».
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import Codigo, Entero, Fecha, Monto, Numero, Opcion, Referencia, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.poi.objetivos import HOJA_AEI, HOJA_OEI

PRONUNCIAMIENTOS = ("Favorable", "Favorable con observaciones", "Desfavorable")
LARGO_NARRATIVA = 6000
PATRON_UNIDAD = r"[A-Z0-9][A-Z0-9.\-]{1,19}"


def _narrativa(encabezado: str, ayuda: str) -> Col:
    return Col(encabezado, Texto(LARGO_NARRATIVA, ayuda))


class Presentacion(Fila):
    entidad: Annotated[
        str | None, Col("Entidad", Texto(ayuda="Nombre de la municipalidad"), alias=("Municipalidad",))
    ] = None
    anio_fiscal: Annotated[
        int | None,
        Col("Año fiscal", Entero(2000, 2100, "Año que programa el POA"), requerido=True, alias=("Año",)),
    ] = None
    resumen_ejecutivo: Annotated[
        str | None,
        _narrativa(
            "1. Resumen ejecutivo",
            "En un párrafo: qué se propone lograr la municipalidad en el año, con cuánto y con qué unidades.",
        ),
    ] = None
    base_legal: Annotated[
        str | None,
        _narrativa(
            "2. Base legal de creación y modificaciones vigentes",
            "Norma de creación de la municipalidad, sus modificaciones vigentes y leyes que rigen el POA.",
        ),
    ] = None
    analisis_situacion: Annotated[
        str | None,
        _narrativa(
            "3. Resumen del análisis de situación y entorno",
            "Problemas, potencialidades y limitaciones del municipio y de la institución (del diagnóstico).",
        ),
    ] = None
    produccion: Annotated[
        str | None,
        _narrativa(
            "4. Producción de bienes y servicios",
            "Bienes y servicios que entrega la municipalidad según sus competencias y objetivos del plan.",
        ),
    ] = None
    resultados: Annotated[
        str | None,
        _narrativa(
            "9. Resultados institucionales estimados y propuestos",
            "Resultados estimados para el año en curso y propuestos para el año del POA.",
        ),
    ] = None


class Aprobacion(Fila):
    fecha_sesion: Annotated[
        date | None,
        Col(
            "Fecha de la sesión de Concejo",
            Fecha("Sesión del Concejo Municipal que aprueba el POA"),
            alias=("Sesión de Concejo",),
        ),
    ] = None
    acuerdo: Annotated[
        str | None,
        Col(
            "Acuerdo de Concejo", Texto(ayuda="P. ej. Acuerdo de Concejo N° 045-2026-MP"), alias=("Acuerdo",)
        ),
    ] = None
    resolucion: Annotated[
        str | None,
        Col(
            "Resolución de Alcaldía",
            Texto(ayuda="Resolución que promulga el POA aprobado"),
            alias=("Resolución",),
        ),
    ] = None
    pronunciamiento: Annotated[
        str | None,
        Col("Pronunciamiento del Comité de Vigilancia", Opcion(PRONUNCIAMIENTOS), alias=("Pronunciamiento",)),
    ] = None
    fecha_pronunciamiento: Annotated[
        date | None, Col("Fecha del pronunciamiento", Fecha(), alias=("Fecha del comité",))
    ] = None
    presidente_comite: Annotated[
        str | None, Col("Presidente(a) del Comité de Vigilancia", Texto(), alias=("Presidente del comité",))
    ] = None
    texto_pronunciamiento: Annotated[
        str | None,
        Col(
            "Texto del pronunciamiento",
            Texto(LARGO_NARRATIVA, "Lo que dice el Comité, con sus observaciones"),
            alias=("Observaciones del comité",),
        ),
    ] = None


_CODIGO_UNIDAD = Col(
    "Código de la unidad orgánica",
    Codigo(PATRON_UNIDAD, "GPP-01"),
    requerido=True,
    ancho=12,
    alias=("Código UO", "Código"),
)
_NOMBRE_UNIDAD = Col("Unidad orgánica", Texto(), requerido=True, ancho=36)


class Operacion(Fila):
    codigo_unidad: Annotated[str | None, _CODIGO_UNIDAD] = None
    unidad: Annotated[str | None, _NOMBRE_UNIDAD] = None
    aei: Annotated[
        str | None,
        Col(
            "Código AEI",
            Referencia("AEI", "codigo", "Acción estratégica a la que contribuyen las actividades"),
            requerido=True,
            ancho=11,
            alias=("AEI",),
        ),
    ] = None
    actividades: Annotated[
        int | None,
        Col("Actividades", Entero(0, None, "Actividades operativas de la unidad en la AEI"), ancho=10),
    ] = None
    meta_fisica: Annotated[
        float | None,
        Col(
            "Meta física programada",
            Numero(ayuda="Suma de las metas anuales acumulables"),
            ancho=11,
            alias=("Meta física",),
        ),
    ] = None
    montos: Annotated[list[float | None] | None, Col("S/ {mes}", Monto(), ancho=11, mensual=True)] = None


class PresupuestoUnidad(Fila):
    codigo_unidad: Annotated[str | None, _CODIGO_UNIDAD] = None
    unidad: Annotated[str | None, _NOMBRE_UNIDAD] = None
    bienes: Annotated[float | None, Col("Bienes (2.3.1) S/", Monto(), ancho=15, alias=("Bienes",))] = None
    servicios: Annotated[
        float | None, Col("Servicios (2.3.2) S/", Monto(), ancho=15, alias=("Servicios",))
    ] = None
    marco: Annotated[
        float | None,
        Col("Marco presupuestal S/", Monto("Techo asignado por OPP"), ancho=15, alias=("Marco",)),
    ] = None


HOJA_PRESENTACION = Ficha(
    nombre="Presentación",
    titulo="RESUMEN DEL POA — PRESENTACIÓN (SECCIONES 1 A 4 Y 9)",
    modelo=Presentacion,
    alias=("Presentacion",),
)
HOJA_APROBACION = Ficha(
    nombre="Aprobación",
    titulo="RESUMEN DEL POA — APROBACIÓN Y PRONUNCIAMIENTO",
    modelo=Aprobacion,
    alias=("Aprobacion",),
)
HOJA_OPERACIONES = Tabla(
    nombre="Operaciones",
    titulo="PROGRAMACIÓN DE OPERACIONES POR UNIDAD ORGÁNICA Y AEI (SECCIONES 6, 8 Y 10)",
    modelo=Operacion,
    filas_plantilla=1000,
    grupos=(
        Grupo("UNIDAD Y ACCIÓN ESTRATÉGICA", "codigo_unidad", "meta_fisica"),
        Grupo("VALORIZACIÓN MENSUAL (S/)", "montos", "montos"),
    ),
    alias=("Programación de operaciones",),
    instrucciones=(
        "Una fila por unidad orgánica y AEI, como la deja «libro consolidar … --resumen-poa»: número de "
        "actividades, metas físicas acumulables y valorización por mes."
    ),
)
HOJA_PRESUPUESTO = Tabla(
    nombre="Presupuesto",
    titulo="RECURSOS PRESUPUESTARIOS POR UNIDAD ORGÁNICA (SECCIÓN 7)",
    modelo=PresupuestoUnidad,
    filas_plantilla=300,
    alias=("Recursos presupuestarios",),
    instrucciones="Cuadro resumen de cada unidad orgánica: bienes, servicios y su marco presupuestal.",
)
HOJA_RESUMEN_POA = "Resumen del POA"

RESUMEN_POA = Formato(
    id="resumen-poa",
    version=1,
    titulo="Resumen del Programa de Operaciones Anual (POA)",
    hojas=(HOJA_PRESENTACION, HOJA_OEI, HOJA_AEI, HOJA_OPERACIONES, HOJA_PRESUPUESTO, HOJA_APROBACION),
    generadas=(
        Generada(
            HOJA_RESUMEN_POA,
            "RESUMEN DEL PROGRAMA DE OPERACIONES ANUAL",
            anchos=(11, 36, 20, *([11] * 12), 14),
        ),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    identifican=("Presentación", "Operaciones", "Presupuesto"),
    botones=("Validar", "Generar resumen"),
    descripcion=(
        "Resumen del POA para el Concejo Municipal y el Comité de Vigilancia: diez secciones en una hoja "
        "para imprimir (A4). OPP lo obtiene con «libro consolidar CARPETA --resumen-poa ARCHIVO»: los "
        "objetivos e indicadores (Anexo 01), las metas por AEI, los recursos, la programación por unidad y "
        "mes y las unidades ejecutoras salen del POI consolidado; la persona escribe la presentación "
        "(secciones 1 a 4 y 9), la aprobación del Concejo y el pronunciamiento del Comité."
    ),
)
