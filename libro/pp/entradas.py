"""Los formatos del Presupuesto Participativo: agentes participantes, proyectos y rendición de cuentas."""

from libro.nucleo.flujo import CALCULAR, VALIDAR, Accion, Entrada
from libro.pp.agentes import calculo as calculo_agentes
from libro.pp.agentes import hojas as agentes
from libro.pp.agentes.formato import AGENTES_PP
from libro.pp.proyectos import calculo as calculo_proyectos
from libro.pp.proyectos import hojas as proyectos
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.pp.rendicion import calculo as calculo_rendicion
from libro.pp.rendicion import hojas as rendicion
from libro.pp.rendicion.formato import HOJA_INFORME, HOJA_RESUMEN, RENDICION_PP

ENTRADA_AGENTES_PP = Entrada(
    AGENTES_PP,
    calcular=calculo_agentes.calcular,
    hojas=agentes.hojas,
    acciones={"validar": VALIDAR, "acreditar": CALCULAR},
)
ENTRADA_PROYECTOS_PP = Entrada(
    PROYECTOS_PP,
    calcular=calculo_proyectos.calcular,
    hojas=proyectos.hojas,
    acciones={
        "validar": VALIDAR,
        "calcular_puntajes": Accion(partes=("puntajes",)),
        "priorizar": CALCULAR,
        "reemplazar": Accion(partes=(proyectos.HOJA_REEMPLAZOS,)),
    },
    adornos={proyectos.HOJA_ACTA: proyectos.preparar_acta},
)
ENTRADA_RENDICION_PP = Entrada(
    RENDICION_PP,
    calcular=calculo_rendicion.calcular,
    hojas=rendicion.hojas,
    acciones={"validar": VALIDAR, "generar_informe": CALCULAR},
    adornos={HOJA_RESUMEN: rendicion.grafico_ejes, HOJA_INFORME: rendicion.preparar_informe},
)
