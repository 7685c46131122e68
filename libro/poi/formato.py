"""POI de una unidad orgánica: datos, actividades operativas, insumos y resumen.

Directiva 003-2016-MPH/17, artículos 6, 8 y 10: actividades por AEI con indicador, metas
mensuales y valorización mensual; cuadro resumen de presupuesto (bienes, servicios, total).
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import Codigo, Entero, Fecha, Monto, Numero, Opcion, Referencia, Texto, al_centimo
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.poi.objetivos import HOJA_AEI, HOJA_OEI
from libro.poi.perfiles import Mes

NO_ACUMULABLE = "No acumulable"
TIPOS_META = ("Acumulable", NO_ACUMULABLE)
CATEGORIAS = ("Programa presupuestal", "APNOP", "Acciones centrales")
PERFILES = ("Uniforme", "Trimestral", "Semestral", "Única en un mes", "Personalizada")
TIPOS_INSUMO = ("Bien", "Servicio")
PLAZO_PRESENTACION = (3, 30)
"""Artículo 6: las unidades remiten su POI hasta el 30 de marzo."""


class DatosUnidad(Fila):
    codigo_unidad: Annotated[
        str | None,
        Col("Código de la unidad orgánica",
            Codigo(r"[A-Z0-9][A-Z0-9.\-]{1,19}", "GPP-01", "Código que OPP asignó a la unidad"),
            requerido=True, alias=("Código de unidad", "Código"), sinonimos=("código de la dependencia",)),
    ] = None
    nombre_unidad: Annotated[
        str | None,
        Col("Unidad orgánica", Texto(), requerido=True,
            alias=("Nombre de la unidad orgánica", "Nombre de la unidad", "Dependencia"),
            sinonimos=("órgano", "unidad ejecutora", "área")),
    ] = None
    responsable: Annotated[
        str | None, Col("Responsable", Texto(), requerido=True, alias=("Jefe de la unidad",),
                        sinonimos=("jefe", "gerente", "director", "responsable de la unidad"))
    ] = None
    anio_fiscal: Annotated[
        int | None,
        Col("Año fiscal", Entero(2000, 2100, "Año que programa este POI, p. ej. 2027"),
            requerido=True, alias=("Año", "Ejercicio"),
            sinonimos=("ejercicio fiscal", "año de programación")),
    ] = None
    fecha_presentacion: Annotated[
        date | None,
        Col("Fecha de presentación", Fecha("Fecha en que la unidad remite el POI a OPP"),
            alias=("Fecha de envío",), sinonimos=("fecha de remisión", "fecha")),
    ] = None
    marco_presupuestal: Annotated[
        float | None,
        Col("Marco presupuestal (S/)", Monto("Techo asignado por OPP, si ya se conoce"),
            alias=("Marco presupuestal", "Techo presupuestal"),
            sinonimos=("PIA", "presupuesto asignado", "techo asignado")),
    ] = None


class Actividad(Fila):
    codigo: Annotated[
        str | None,
        Col("Código", Codigo(r"[A-Z0-9][A-Z0-9.\-]{0,19}", "AO.001",
                             "Código único de la actividad en la unidad, p. ej. AO.001"),
            requerido=True, ancho=9, alias=("Código actividad",),
            sinonimos=("N°", "código de la actividad operativa", "código AO")),
    ] = None
    actividad: Annotated[
        str | None,
        Col("Actividad operativa", Texto(), requerido=True, ancho=42,
            alias=("Actividad",), sinonimos=("descripción de la actividad", "nombre de la actividad")),
    ] = None
    aei: Annotated[
        str | None,
        Col("Código AEI", Referencia("AEI", "codigo", "Acción estratégica a la que contribuye"),
            requerido=True, ancho=11, alias=("AEI", "Acción estratégica"),
            sinonimos=("acción estratégica institucional", "código de la AEI")),
    ] = None
    unidad_medida: Annotated[
        str | None, Col("Unidad de medida", Texto(), requerido=True, ancho=14,
                        sinonimos=("unidad", "medida", "U.M.", "UM"))
    ] = None
    indicador: Annotated[
        str | None,
        Col("Indicador", Texto(), requerido=True, ancho=28,
            sinonimos=("indicador de producto", "indicador de desempeño", "nombre del indicador")),
    ] = None
    tipo_meta: Annotated[
        str | None,
        Col("Tipo de meta", Opcion(TIPOS_META, "No acumulable: porcentaje, tasa o índice"),
            requerido=True, ancho=13, sinonimos=("tipo", "tipo de indicador")),
    ] = None
    categoria: Annotated[
        str | None,
        Col("Categoría presupuestal", Opcion(CATEGORIAS), requerido=True, ancho=18,
            sinonimos=("categoría", "categoría presupuestaria")),
    ] = None
    meta_anual: Annotated[
        float | None,
        Col("Meta física anual", Numero(), requerido=True, ancho=10,
            sinonimos=("meta anual", "meta física", "meta", "meta programada", "meta total"))
    ] = None
    perfil: Annotated[
        str | None,
        Col("Perfil de distribución",
            Opcion(PERFILES, "Con perfil, «Calcular metas» llena los meses; vacío: los escribe usted"),
            ancho=13, alias=("Perfil",)),
    ] = None
    mes_unico: Annotated[
        str | None,
        Col("Mes (perfil única)", Mes(), ancho=11,
            alias=("Mes único",)),
    ] = None
    pesos: Annotated[
        str | None,
        Col("Pesos (perfil personalizada)",
            Texto(ayuda="12 pesos separados por punto y coma, p. ej. 1;1;2;2;2;1;1;1;2;2;2;1"),
            ancho=14, alias=("Pesos",)),
    ] = None
    metas: Annotated[
        list[float | None] | None,
        Col("Meta {mes}", Numero(), ancho=7, mensual=True,
            grupo=("programación física", "meta física")),
    ] = None
    valorizacion_anual: Annotated[
        float | None,
        Col("Valorización anual (S/)", Monto("Con perfil, se reparte al céntimo entre los meses"),
            ancho=13, alias=("Valorización anual", "Costo anual"),
            sinonimos=("valorización", "presupuesto anual", "presupuesto", "monto anual", "costo total")),
    ] = None
    montos: Annotated[
        list[float | None] | None,
        Col("S/ {mes}", Monto(), ancho=11, mensual=True,
            grupo=("programación financiera", "valorización", "presupuesto", "monto")),
    ] = None
    total_metas: Annotated[
        float | None, Col("Total metas", Numero(), ancho=9, calculada=True)
    ] = None
    total_montos: Annotated[
        float | None, Col("Total S/", Monto(), ancho=13, calculada=True)
    ] = None

    @property
    def es_acumulable(self) -> bool:
        return self.tipo_meta != NO_ACUMULABLE


class Insumo(Fila):
    clasificador: Annotated[
        str | None,
        Col("Clasificador de gasto",
            Codigo(r"2\.3(\.\d{1,2}){1,4}", "2.3.1.5.1",
                   "2.3.1… para bienes, 2.3.2… para servicios"),
            ancho=14, alias=("Código", "Clasificador"), sinonimos=("clasificador de gastos", "partida")),
    ] = None
    detalle: Annotated[
        str | None,
        Col("Detalle del insumo o servicio", Texto(), requerido=True, ancho=40,
            alias=("Detalle de insumos o servicios", "Detalle"),
            sinonimos=("descripción", "insumo", "bien o servicio requerido")),
    ] = None
    tipo: Annotated[
        str | None,
        Col("Tipo", Opcion(TIPOS_INSUMO), requerido=True, ancho=10,
            sinonimos=("tipo de insumo", "bien o servicio")),
    ] = None
    cantidad: Annotated[
        float | None, Col("Cantidad", Numero(), requerido=True, ancho=10)
    ] = None
    costo_unitario: Annotated[
        float | None,
        Col("Costo unitario (S/)", Monto(), requerido=True, ancho=13,
            sinonimos=("precio unitario", "valor unitario")),
    ] = None
    actividad: Annotated[
        str | None,
        Col("Código de actividad", Referencia("Actividades", "codigo"), requerido=True, ancho=11,
            alias=("Actividad",), sinonimos=("actividad operativa", "código AO")),
    ] = None
    costo_total: Annotated[
        float | None, Col("Costo total (S/)", Monto(), ancho=14, calculada=True)
    ] = None


def costo_insumo(cantidad: float | None, costo_unitario: float | None) -> float:
    """El «Costo total» de un insumo: cantidad × costo unitario, al céntimo (lo vacío cuenta como cero)."""
    return al_centimo((cantidad or 0) * (costo_unitario or 0))


HOJA_DATOS = Ficha(
    nombre="Datos",
    titulo="PLAN OPERATIVO INSTITUCIONAL — DATOS DE LA UNIDAD ORGÁNICA",
    modelo=DatosUnidad,
    alias=("Datos de la unidad", "Unidad"),
)
HOJA_ACTIVIDADES = Tabla(
    nombre="Actividades",
    titulo="PROGRAMACIÓN DE ACTIVIDADES OPERATIVAS",
    modelo=Actividad,
    filas_plantilla=1000,
    grupos=(
        Grupo("ACTIVIDAD OPERATIVA", "codigo", "meta_anual"),
        Grupo("DISTRIBUCIÓN", "perfil", "pesos"),
        Grupo("PROGRAMACIÓN FÍSICA MENSUAL", "metas", "metas"),
        Grupo("VALORIZACIÓN MENSUAL (S/)", "valorizacion_anual", "montos"),
        Grupo("TOTALES (libro)", "total_metas", "total_montos"),
    ),
    alias=("Actividades operativas", "POI"),
    instrucciones=(
        "Una actividad por fila. Con «Perfil de distribución», el botón «Calcular metas» reparte "
        "la meta anual y la valorización anual entre los meses (enteros que suman exacto; soles "
        "al céntimo). Sin perfil, escriba usted los meses. Las metas no acumulables (porcentaje, "
        "tasa, índice) no se suman: el último mes programado debe igualar la meta anual."
    ),
)
HOJA_INSUMOS = Tabla(
    nombre="Insumos",
    titulo="INSUMOS Y SERVICIOS POR ACTIVIDAD (CUADRO DE NECESIDADES)",
    modelo=Insumo,
    filas_plantilla=3000,
    alias=("Cuadro de necesidades", "Necesidades"),
    instrucciones=(
        "Cada insumo indica la actividad que lo usa. La suma de sus costos debe igualar la "
        "valorización anual de la actividad."
    ),
)

CAMPOS_MODIFICADOS = ("Meta anual", "Programación mensual", "Valorización", "Cancelación", "Nueva actividad")
MOTIVOS_MODIFICACION = (
    "Cambio de prioridades por entorno o eventos no previstos",
    "Estrategias sin los resultados esperados",
    "Nuevas responsabilidades o reorganización",
    "Incremento o reducción del presupuesto",
    "Normas que afectan el techo presupuestal",
)
"""Directiva, 8.2.3: causas de modificación del POI durante su ejecución."""


class Modificacion(Fila):
    actividad: Annotated[
        str | None,
        Col("Código de actividad", Referencia("Actividades", "codigo",
                                              "Actividad que cambia (o el código de la nueva)"),
            requerido=True, ancho=11, alias=("Actividad",)),
    ] = None
    campo: Annotated[
        str | None,
        Col("Campo modificado", Opcion(CAMPOS_MODIFICADOS), requerido=True, ancho=16,
            alias=("Qué se modifica",)),
    ] = None
    valor_antes: Annotated[
        str | None,
        Col("Valor antes", Texto(ayuda="Número (meta o S/) o los 12 meses separados por «;»"), ancho=14,
            alias=("Antes",)),
    ] = None
    valor_despues: Annotated[
        str | None,
        Col("Valor después", Texto(ayuda="Número (meta o S/) o los 12 meses separados por «;»"), ancho=14,
            alias=("Después",)),
    ] = None
    motivo: Annotated[
        str | None,
        Col("Motivo", Opcion(MOTIVOS_MODIFICACION, "Causa de la modificación (Directiva, 8.2.3)"), ancho=34,
            alias=("Causa",)),
    ] = None
    documento: Annotated[
        str | None,
        Col("Documento de aprobación", Texto(ayuda="P. ej. Resolución de Alcaldía N° 123-2027-MPH/A"),
            ancho=26, alias=("Documento",)),
    ] = None


HOJA_MODIFICACIONES = Tabla(
    nombre="Modificaciones",
    titulo="MODIFICACIONES DEL POI DURANTE SU EJECUCIÓN",
    modelo=Modificacion,
    filas_plantilla=500,
    alias=("Modificaciones del POI", "Ajustes"),
    opcional=True,
    instrucciones=(
        "Una modificación por fila, en orden. Las hojas «Actividades» e «Insumos» guardan lo aprobado; "
        "aquí se registra cada cambio con su motivo y documento. Valorización: S/ antes y después; "
        "cancelación: S/ que se libera en «Valor antes»; nueva actividad: su S/ en «Valor después». "
        "Con marco presupuestal en «Datos», el total tras los cambios no puede superarlo."
    ),
)

POI = Formato(
    id="poi",
    version=1,
    titulo="Plan Operativo Institucional de la unidad orgánica",
    hojas=(HOJA_DATOS, HOJA_ACTIVIDADES, HOJA_INSUMOS, HOJA_OEI, HOJA_AEI, HOJA_MODIFICACIONES),
    generadas=(
        Generada("Resumen", "RESUMEN DEL POI DE LA UNIDAD ORGÁNICA",
                 anchos=(12, 30, 16, *([12] * 12), 14)),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN",
                 anchos=(5, 12, 10, 14, 9, 90)),
    ),
    identifican=("Datos", "Actividades", "Insumos"),
    botones=("Validar", "Calcular metas", "Generar resumen"),
    descripcion=(
        "Libro que cada unidad orgánica llena y remite a la Oficina de Planeamiento y "
        "Presupuesto hasta el 30 de marzo (Directiva 003-2016-MPH/17, art. 6). Las hojas OEI y "
        "AEI traen el Anexo 01 que entrega OPP."
    ),
)
