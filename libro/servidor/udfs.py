"""Funciones de Excel de libro: `=LIBRO.META_MENSUAL(…)`, `=LIBRO.AVANCE(…)`, `=LIBRO.SEMAFORO(…)`,
`=LIBRO.PLAZO(…)` y `=LIBRO.DIAS_HABILES(…)`.

Son envoltorios delgados de `libro.poi.perfiles`, `libro.poi.evaluacion.calculo`,
`libro.cronograma.plazos`, `libro.nucleo.calendario` y `libro.nucleo.fechas`: aquí solo se convierten
los argumentos que llegan de la celda y se traducen los errores.

Registro: con xlwings Server (`libro.servidor.app`, Excel de escritorio, Mac y web) cada función lleva el
`@xw.func` del servidor (`xlwings.server.func`) y el prefijo LIBRO lo pone el manifiesto. En Excel de
escritorio para Windows con el complemento clásico de xlwings («Import Functions», `UDF Modules:
libro.servidor.udfs`) se registra con el `@xw.func` clásico y las funciones se llaman sin prefijo
(`=META_MENSUAL(…)`). Fuera de esos entornos, p. ej. en las pruebas sin licencia, las funciones
quedan como funciones Python comunes.

Las fechas se devuelven como número de serie de Excel: dé a la celda formato de fecha.
"""

import os
import sys
from collections.abc import Callable
from datetime import date
from numbers import Real
from typing import Any, TypeVar

import xlwings as xw

from libro.cronograma.plazos import interpretar_plazo
from libro.nucleo.calendario import sumar_dias_habiles
from libro.nucleo.fechas import SerialInvalido, serial_de_fecha
from libro.nucleo.textos import MESES_LARGOS, clave
from libro.poi.evaluacion import calculo as evaluacion
from libro.poi.perfiles import PerfilInvalido, metas_por_perfil, pesos_de_perfil

_F = TypeVar("_F", bound=Callable[..., Any])

FUNCIONES: list[Callable[..., Any]] = []
"""Las funciones de Excel, en el orden en que se declaran (el servidor las publica todas)."""

DOCUMENTACION: dict[str, dict[str, str]] = {}
"""función → {argumento: descripción}, la ayuda que Excel muestra al escribir la fórmula."""


class ErrorDeFormula(xw.XlwingsError):
    """Un argumento que la función no puede usar; Excel muestra el mensaje en la celda (#¡VALOR!)."""


def _clasico() -> bool:
    return sys.platform.startswith("win") and os.environ.get("XLWINGS_ON_SERVER") != "true"


def registrar_en_xlwings(f: Callable[..., Any]) -> Callable[..., Any]:
    """Aplica `@xw.func`/`@xw.arg` del entorno (servidor o complemento clásico), si lo hay."""
    if hasattr(f, "__xlfunc__"):
        return f
    if _clasico():
        decorar, argumento = xw.func, xw.arg
    else:
        try:
            from xlwings.server import arg as argumento
            from xlwings.server import func as decorar
        except xw.LicenseError:  # sin licencia de xlwings (p. ej. pruebas puras): queda como función común
            return f
    for nombre, texto in DOCUMENTACION.get(f.__name__, {}).items():
        f = argumento(nombre, doc=texto)(f)
    return decorar(f)


def formula(**documentacion: str) -> Callable[[_F], _F]:
    """Declara una función de Excel con la ayuda de cada argumento."""

    def decorar(f: _F) -> _F:
        DOCUMENTACION[f.__name__] = documentacion
        FUNCIONES.append(f)
        return registrar_en_xlwings(f)  # type: ignore[return-value]

    return decorar


# --- Conversión de lo que llega de la celda ---


def _numero(valor: Any, que: str) -> float:
    if isinstance(valor, bool):
        raise ErrorDeFormula(f"{que}: se esperaba un número y llegó VERDADERO/FALSO.")
    if isinstance(valor, Real):
        return float(valor)
    if isinstance(valor, str) and valor.strip():
        try:
            return float(valor.strip().replace(" ", "").replace(",", "."))
        except ValueError:
            pass
    raise ErrorDeFormula(f"{que}: se esperaba un número y llegó «{'' if valor is None else valor}».")


def _mes(valor: Any) -> int:
    if isinstance(valor, str) and not valor.strip().isdigit():
        meses = [clave(m) for m in MESES_LARGOS]
        nombre = clave(valor).replace("septiembre", "setiembre")
        if nombre in meses:
            return meses.index(nombre) + 1
        raise ErrorDeFormula(f"mes: «{valor}» no es un mes; escriba 1 a 12 o el nombre (p. ej. «marzo»).")
    numero = _numero(valor, "mes")
    if not numero.is_integer() or not 1 <= numero <= 12:
        raise ErrorDeFormula(f"mes: {numero:g} no es un mes; escriba un número del 1 al 12.")
    return int(numero)


def _fecha(valor: Any, que: str) -> date:
    """Fecha de Excel (número de serie), fecha de Python o texto como «15/05/2026»."""
    try:
        return interpretar_plazo(valor, None).inicio
    except ValueError as error:
        raise ErrorDeFormula(f"{que}: {error}") from None


def _serial(fecha: date) -> int:
    """Número de serie de Excel (sistema 1900) de una fecha; fuera de lo que Excel muestra, #¡VALOR!."""
    try:
        return int(serial_de_fecha(fecha))
    except SerialInvalido as error:
        raise ErrorDeFormula(str(error)) from None


# --- Funciones de Excel ---
# Sin anotaciones de tipo a propósito: xlwings las tomaría como convertidores de argumentos y resultado.


@formula(
    meta_anual="Meta física anual de la actividad (número).",
    perfil="Perfil de distribución: Uniforme, Trimestral, Semestral, Única en un mes o Personalizada.",
    mes="Mes a consultar: 1 a 12 o su nombre («marzo»).",
    detalle="Solo para «Única en un mes» (el mes) o «Personalizada» (12 pesos separados por «;»).",
)
def meta_mensual(meta_anual, perfil, mes, detalle=None):
    """Meta del mes según el perfil de distribución, repartida como la reparte libro (suma exacta)."""
    anual = _numero(meta_anual, "meta_anual")
    texto = "" if detalle is None else str(detalle)
    try:
        pesos = pesos_de_perfil(str(perfil or ""), mes_unico=texto, pesos=texto)
    except PerfilInvalido as error:
        raise ErrorDeFormula(str(error)) from None
    metas = metas_por_perfil(anual, acumulable=True, pesos=pesos)
    return metas[_mes(mes) - 1] or 0.0


_MOTIVOS = {
    "sin_programacion": "Sin meta",
    "ejecutado_sin_programacion": "Ejecutado sin meta programada",
    "decreciente_en_cero": "Indicador decreciente con ejecutado 0",
    "sin_ejecutado": "Sin ejecutado",
}


@formula(
    programado="Meta programada del periodo.",
    ejecutado="Meta ejecutada del periodo.",
    sentido="«Creciente» (por defecto) o «Decreciente» (p. ej. un indicador que debe bajar).",
)
def avance(programado, ejecutado, sentido="Creciente"):
    """% de avance: ejecutado / programado (decreciente: programado / ejecutado); nunca divide entre 0.

    Sin porcentaje posible devuelve el motivo en palabras («Sin meta», «Sin ejecutado»…).
    """
    sentido_ = "Decreciente" if clave(sentido or "") == "decreciente" else "Creciente"
    if sentido and clave(sentido) not in ("creciente", "decreciente"):
        raise ErrorDeFormula(f"sentido: «{sentido}» no vale; escriba «Creciente» o «Decreciente».")
    prog = None if programado in (None, "") else _numero(programado, "programado")
    ejec = None if ejecutado in (None, "") else _numero(ejecutado, "ejecutado")
    resultado = evaluacion.avance(prog, ejec, sentido_)
    if resultado.porcentaje is None:
        return _MOTIVOS.get(resultado.motivo or "", "Sin cálculo")
    return resultado.porcentaje



@formula(
    avance="% de avance (el que da LIBRO.AVANCE).",
    verde="Desde qué % es verde (por defecto, el de la directiva).",
    ambar="Desde qué % es ámbar (por defecto, el de la directiva).",
)
def semaforo(avance, verde=None, ambar=None):
    """Color del avance: «Verde», «Ámbar» o «Rojo»; vacío si no hay porcentaje."""
    if avance in (None, "") or (isinstance(avance, str) and not avance.strip()[:1].isdigit()):
        return ""
    umbrales = evaluacion.Umbrales.desde(
        None if verde in (None, "") else _numero(verde, "verde"),
        None if ambar in (None, "") else _numero(ambar, "ambar"),
    )
    return evaluacion.semaforo(_numero(avance, "avance"), umbrales) or ""


@formula(
    texto="Plazo como lo escribe la directiva: «07 de marzo», «del 1 al 15 de abril», «abril - junio»…",
    anio="Año del proceso, para los plazos que no lo escriben.",
)
def plazo(texto, anio=None):
    """Inicio y fin del plazo, en dos celdas (números de serie: déles formato de fecha)."""
    anio_ = None if anio in (None, "") else int(_numero(anio, "anio"))
    try:
        interpretado = interpretar_plazo(texto, anio_)
    except ValueError as error:
        raise ErrorDeFormula(str(error)) from None
    return [[_serial(interpretado.inicio), _serial(interpretado.fin)]]


@formula(
    desde="Fecha de partida (no se cuenta).",
    n="Cuántos días hábiles sumar (0 o más).",
)
def dias_habiles(desde, n):
    """La fecha que cumple n días hábiles después de «desde», sin sábados, domingos ni feriados del Perú."""
    dias = _numero(n, "n")
    if not dias.is_integer() or dias < 0:
        raise ErrorDeFormula(f"n: {dias:g} no vale; escriba un número entero de días, 0 o más.")
    return _serial(sumar_dias_habiles(_fecha(desde, "desde"), int(dias)))
