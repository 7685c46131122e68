"""Los formatos del cronograma: Anexo I del Presupuesto Participativo y plan de trabajo (MCLCP)."""

from libro.cronograma import calculo, hojas
from libro.cronograma.formato import CRONOGRAMA_PP
from libro.cronograma.importar import leer_ajeno
from libro.cronograma.plan_trabajo import PLAN_TRABAJO
from libro.nucleo.flujo import VALIDAR, Accion, Entrada

_ACCIONES = {
    "validar": VALIDAR,
    "generar_resumen": Accion(
        valida=False, mensaje="Inicio y Fin, «Gantt», «Vencimientos» y «Carga por responsable» actualizados."
    ),
}
ENTRADA_CRONOGRAMA_PP, ENTRADA_PLAN_TRABAJO = (
    Entrada(
        formato,
        calcular=calculo.calcular,
        hojas=hojas.hojas,
        acciones=_ACCIONES,
        importar=leer_ajeno,
        adornos={hojas.HOJA_GANTT: hojas.adorno_gantt},
    )
    for formato in (CRONOGRAMA_PP, PLAN_TRABAJO)
)
