"""Los formatos del POI: Anexo 01, POI de la unidad, evaluación trimestral, Anexo 02 y Resumen del POA."""

from libro.nucleo.flujo import CALCULAR, VALIDAR, Accion, Entrada
from libro.poi import calculo, hojas
from libro.poi.anexo02 import calculo as calculo_anexo02
from libro.poi.anexo02 import hojas as anexo02
from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.poi.evaluacion import calculo as calculo_evaluacion
from libro.poi.evaluacion import hojas as evaluacion
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.formato import POI
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.poi.resumen_poa import calculo as calculo_resumen_poa
from libro.poi.resumen_poa import hojas as resumen_poa
from libro.poi.resumen_poa.formato import HOJA_RESUMEN_POA, RESUMEN_POA

ENTRADA_OBJETIVOS_PEI = Entrada(OBJETIVOS_PEI)
ENTRADA_POI = Entrada(
    POI,
    calcular=calculo.calcular,
    hojas=hojas.hojas,
    acciones={
        "validar": VALIDAR,
        "calcular_metas": CALCULAR,
        "generar_resumen": Accion((hojas.HOJA_RESUMEN,), valida=False, mensaje="Hoja «Resumen» actualizada."),
    },
    adornos={hojas.HOJA_RESUMEN: hojas.grafico_resumen},
)
ENTRADA_EVALUACION_POI = Entrada(
    EVALUACION_POI,
    calcular=calculo_evaluacion.calcular,
    hojas=evaluacion.hojas,
    acciones={"validar": VALIDAR, "calcular_avance": CALCULAR},
)
ENTRADA_CRONOGRAMA_POI = Entrada(
    CRONOGRAMA_POI,
    calcular=calculo_anexo02.calcular,
    hojas=anexo02.hojas,
    acciones={"validar": VALIDAR, "generar_anexo": CALCULAR},
    adornos={anexo02.HOJA_ANEXO: anexo02.adorno_anexo},
    plantilla_anual=calculo_anexo02.filas_del_anio,
)
ENTRADA_RESUMEN_POA = Entrada(
    RESUMEN_POA,
    calcular=calculo_resumen_poa.calcular,
    hojas=resumen_poa.hojas,
    acciones={
        "validar": VALIDAR,
        "generar_resumen": Accion(valida=False, mensaje=f"Hoja «{HOJA_RESUMEN_POA}» actualizada."),
    },
    adornos={HOJA_RESUMEN_POA: resumen_poa.adorno_resumen},
)
