"""Los formatos del POI: Anexo 01, POI de la unidad orgánica y evaluación trimestral."""

from libro.nucleo.flujo import CALCULAR, VALIDAR, Accion, Entrada
from libro.poi import calculo, hojas
from libro.poi.evaluacion import calculo as calculo_evaluacion
from libro.poi.evaluacion import hojas as evaluacion
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.formato import POI
from libro.poi.objetivos import OBJETIVOS_PEI

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
