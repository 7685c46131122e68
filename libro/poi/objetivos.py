"""Anexo 01: objetivos estratégicos institucionales (OEI) y acciones estratégicas (AEI)."""

from typing import Annotated

from libro.nucleo.codecs import Codigo, Numero, Referencia, Texto
from libro.nucleo.declaracion import Col, Fila, Formato, Tabla

PATRON_OEI = r"OEI\.\d{2}"
PATRON_AEI = r"AEI\.\d{2}\.\d{2}"


class Oei(Fila):
    codigo: Annotated[
        str | None,
        Col("Código OEI", Codigo(PATRON_OEI, "OEI.01", "Código del objetivo, p. ej. OEI.01"),
            requerido=True, ancho=11, alias=("Código", "N°", "OEI")),
    ] = None
    objetivo: Annotated[
        str | None,
        Col("Objetivo estratégico institucional", Texto(), requerido=True, ancho=60,
            alias=("Objetivo estratégico", "Objetivo")),
    ] = None
    estrategias: Annotated[
        str | None,
        Col("Estrategias", Texto(1000, "Cómo se logrará el objetivo, p. ej. «Medir la satisfacción de los "
                                       "usuarios»"), ancho=34, alias=("Estrategia",)),
    ] = None
    actividades_claves: Annotated[
        str | None,
        Col("Actividades claves", Texto(1000, "Las actividades principales de la estrategia"), ancho=40,
            alias=("Actividades clave", "Actividades principales")),
    ] = None
    indicador: Annotated[
        str | None, Col("Indicador", Texto(), requerido=True, ancho=34)
    ] = None
    meta: Annotated[
        str | None,
        Col("Meta", Texto(ayuda="Meta del periodo del plan, p. ej. «60 % como mínimo»"),
            requerido=True, ancho=22, alias=("Meta 2015-2018",)),
    ] = None


class Aei(Fila):
    codigo: Annotated[
        str | None,
        Col("Código AEI", Codigo(PATRON_AEI, "AEI.01.02", "Código de la acción, p. ej. AEI.01.02"),
            requerido=True, ancho=12, alias=("Código",)),
    ] = None
    oei: Annotated[
        str | None,
        Col("Código OEI", Referencia("OEI", "codigo", "OEI al que contribuye la acción"),
            requerido=True, ancho=11, alias=("OEI",)),
    ] = None
    accion: Annotated[
        str | None,
        Col("Acción estratégica institucional", Texto(), requerido=True, ancho=55,
            alias=("Acción estratégica", "Acción")),
    ] = None
    indicador: Annotated[str | None, Col("Indicador", Texto(), requerido=True, ancho=34)] = None
    unidad_medida: Annotated[
        str | None, Col("Unidad de medida", Texto(), requerido=True, ancho=16)
    ] = None
    meta: Annotated[
        float | None, Col("Meta anual", Numero(), requerido=True, ancho=11)
    ] = None


HOJA_OEI = Tabla(
    nombre="OEI",
    titulo="ANEXO N° 01: OBJETIVOS ESTRATÉGICOS INSTITUCIONALES E INDICADORES",
    modelo=Oei,
    filas_plantilla=200,
    alias=("Anexo 01", "Anexo01", "Objetivos"),
    instrucciones=(
        "Un objetivo por fila, como en el Anexo N° 01: código OEI.NN, objetivo, estrategias, actividades "
        "claves, indicador y meta."
    ),
)
HOJA_AEI = Tabla(
    nombre="AEI",
    titulo="ACCIONES ESTRATÉGICAS INSTITUCIONALES POR OBJETIVO",
    modelo=Aei,
    filas_plantilla=400,
    alias=("Acciones estratégicas",),
    instrucciones="Cada acción AEI.NN.MM cuelga del objetivo OEI.NN que la antecede en su código.",
)

OBJETIVOS_PEI = Formato(
    id="objetivos-pei",
    version=1,
    titulo="Anexo 01: objetivos y acciones estratégicas institucionales",
    hojas=(HOJA_OEI, HOJA_AEI),
    descripcion=(
        "Lista oficial de objetivos (OEI) y acciones estratégicas (AEI) del plan institucional. "
        "La Oficina de Planeamiento y Presupuesto la llena una vez y la copia en cada libro POI."
    ),
)
