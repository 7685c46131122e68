"""Plazos tal como se escriben en cronogramas y planes de trabajo.

«07 DE MARZO», «13,14 Y 15 DE MARZO», «27 AL 31 DE MARZO», «15/05/2026», «hasta el 15 de junio»,
«Abril-Mayo-Junio», «ene-23», «1er trimestre»… Lo que no se entiende es `PlazoIlegible`: nunca
se adivina.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from numbers import Real
from typing import Literal

from libro.nucleo.fechas import SerialInvalido, fecha_de_serial
from libro.nucleo.textos import MESES as MESES_CORTOS
from libro.nucleo.textos import MESES_LARGOS, sin_acentos

MESES: dict[str, int] = {
    **{nombre: n for n, nombre in enumerate(MESES_LARGOS, 1)},
    **{abreviatura.lower(): n for n, abreviatura in enumerate(MESES_CORTOS, 1)},
    "septiembre": 9,
    "sep": 9,
    "sept": 9,
}
"""Nombres y abreviaturas de los meses (minúsculas, sin tildes) → número del mes."""

_TRIMESTRES = {
    "1": 1, "i": 1, "primer": 1,
    "2": 2, "ii": 2, "segundo": 2,
    "3": 3, "iii": 3, "tercer": 3,
    "4": 4, "iv": 4, "cuarto": 4,
}  # fmt: skip

_EJEMPLOS = (
    "escriba una fecha como «07 de marzo», «13, 14 y 15 de marzo», «27 al 31 de marzo», "
    "«15/05/2026» o «hasta el 15 de junio», o meses como «marzo» o «abril - mayo»"
)

# Un día: «07 de marzo», «1ro de marzo de 2024», «15/05/2026», «15.05.26» o el día suelto «27».
_DIA = re.compile(
    r"(?P<dia>\d{1,2})(?:°|o|ro|er|ero)?"
    r"(?:\s+(?:de\s+)?(?P<mes>[a-z]+)\.?(?:,?\s+(?:del?\s+)?(?P<anio>\d{4}))?"
    r"|(?P<sep>[/.-])(?P<mes_num>\d{1,2})(?:(?P=sep)(?P<anio_num>\d{4}|\d{2}))?)?"
)
# Un mes con su año opcional: «marzo», «marzo de 2024», «mar-24», «set.».
_MES = re.compile(
    r"(?P<mes>[a-z]+)\.?"
    r"(?:,?\s+(?:del?\s+)?(?P<anio>\d{4})|\s*[-/]\s*(?P<anio_guion>\d{4}|\d{2}))?"
)
_TRIMESTRE = re.compile(
    r"(?P<n>[1-4]|i{1,3}|iv|primer|segundo|tercer|cuarto)(?:°|o|er|do|ro|to)?\.?\s+trimestre"
    r"(?:\s+(?:del?\s+)?(?P<anio>\d{4}))?"
)
_SEP_LISTA = re.compile(r"\s*,\s*|\s+y\s+")
_SEP_RANGO = re.compile(r"\s+(?:al?|hasta(?: el)?)\s+|\s*-\s*")
_SEP_MESES = re.compile(r"\s*-\s*(?=[a-z])|\s+(?:al?|hasta)\s+")
_DESDE = re.compile(r"^(?:del?|desde(?: el)?)\s+")
_HASTA = re.compile(r"hasta(?: el)?\s+")

_Parcial = tuple[int, int | None, int | None]
"""(día, mes, año) tal como se escribieron; mes y año pueden faltar."""


TipoPlazo = Literal["dia", "dias", "rango", "meses", "hasta"]
"""Un día, una lista de días, un rango de días, un periodo de meses o una fecha límite."""


class PlazoIlegible(ValueError):
    """El plazo no se entiende; el mensaje dice qué no se reconoció y cómo escribirlo."""


@dataclass(frozen=True)
class Plazo:
    """Un plazo interpretado: los días que cubre."""

    texto: str
    """El texto original."""
    fechas: tuple[date, ...]
    """Cada día nombrado (en listas y rangos de días); vacío en periodos de meses."""
    inicio: date
    fin: date
    tipo: TipoPlazo


def nombre_mes(n: int) -> str:
    """Nombre del mes n (1 → «enero», 9 → «setiembre»)."""
    if not 1 <= n <= 12:
        raise ValueError(f"el mes {n} no existe: los meses van del 1 al 12")
    return MESES_LARGOS[n - 1]


def interpretar_plazo(valor: object, anio: int | None) -> Plazo:
    """Interpreta un plazo: texto, fecha de Excel (date/datetime) o número de serie de Excel.

    `anio` es el año del proceso, usado cuando el texto no escribe el año.
    """
    if isinstance(valor, datetime):
        return _un_solo_dia(str(valor), valor.date())
    if isinstance(valor, date):
        return _un_solo_dia(str(valor), valor)
    if isinstance(valor, Real) and not isinstance(valor, bool):
        return _un_solo_dia(str(valor), _serial_excel(float(valor)))
    if not isinstance(valor, str | None):
        raise PlazoIlegible(f"No se reconoce el plazo «{valor}»: " + _EJEMPLOS)
    texto = _normalizar(valor or "")
    if not texto:
        raise PlazoIlegible("El plazo está vacío: " + _EJEMPLOS)
    for forma in (_trimestre, _dia, _hasta, _lista, _rango, _meses):
        if (plazo := forma(texto, anio)) is not None:
            return replace(plazo, texto=valor)
    raise PlazoIlegible(f"No se reconoce el plazo «{valor.strip()}»: " + _EJEMPLOS)


# --- Formas del texto: cada una devuelve None si el texto no tiene su forma ---


def _dia(texto: str, anio: int | None) -> Plazo | None:
    """«07 de marzo», «1 de marzo de 2024», «15/05/2026»."""
    parcial = _parcial(texto)
    if parcial is None or parcial[1] is None:
        return None
    (fecha,) = _completar([parcial], anio)
    return _un_solo_dia(texto, fecha)


def _hasta(texto: str, anio: int | None) -> Plazo | None:
    """«hasta el 15 de junio»: vence ese día (inicio y fin son ese día)."""
    encontrado = _HASTA.match(texto)
    plazo = _dia(texto[encontrado.end() :], anio) if encontrado else None
    return replace(plazo, tipo="hasta") if plazo else None


def _lista(texto: str, anio: int | None) -> Plazo | None:
    """«13,14,15,16 y 17 de marzo», «15 y 18 de marzo», «30 de marzo y 2 de abril»."""
    partes = _SEP_LISTA.split(texto)
    parciales = [_parcial(parte) for parte in partes]
    if len(partes) < 2 or None in parciales or parciales[-1][1] is None:
        return None
    fechas = _completar(parciales, anio)
    for antes, despues in pairwise(fechas):
        if despues <= antes:
            raise PlazoIlegible(
                f"Las fechas no van en orden: el {_en_letras(despues)} no es posterior al "
                f"{_en_letras(antes)}; escríbalas de la primera a la última"
            )
    return Plazo(texto, tuple(fechas), fechas[0], fechas[-1], "dias")


def _rango(texto: str, anio: int | None) -> Plazo | None:
    """«27 al 31 de marzo», «del 28 de febrero al 3 de marzo», «15/05/2026 - 20/05/2026»."""
    cuerpo = _DESDE.sub("", texto, count=1)
    for separador in _SEP_RANGO.finditer(cuerpo):
        izquierda, derecha = cuerpo[: separador.start()], cuerpo[separador.end() :]
        desde, hasta = _parcial(izquierda), _parcial(derecha)
        if desde is None or hasta is None or hasta[1] is None:
            continue
        if separador[0] == "-" and desde[1] is not None:
            continue  # el guion pegado solo une un día suelto: «27-31 de marzo», no «10-11-12/03»
        inicio, fin = _completar([desde, hasta], anio)
        if fin < inicio:
            raise PlazoIlegible(
                f"El plazo termina ({_en_letras(fin)}) antes de empezar ({_en_letras(inicio)}); "
                "escriba primero la fecha de inicio"
            )
        dias = tuple(inicio + timedelta(days=i) for i in range((fin - inicio).days + 1))
        return Plazo(texto, dias, inicio, fin, "rango")
    return None


def _meses(texto: str, anio: int | None) -> Plazo | None:
    """«marzo», «marzo 2024», «mar-24», «Abril-Mayo-Junio», «noviembre-diciembre 2022».

    Dos meses son un periodo de uno a otro; tres o más deben ser seguidos.
    """
    cuerpo = _DESDE.sub("", texto, count=1)
    partes = [_MES.fullmatch(parte) for parte in _SEP_MESES.split(cuerpo)]
    if not all(partes) or not any(parte["mes"] in MESES for parte in partes):
        return None  # ninguna palabra es un mes: «GOBIERNO REGIONAL», «permanente»
    meses = [_mes(parte["mes"]) for parte in partes]
    escritos = [_anio(parte["anio"] or parte["anio_guion"]) for parte in partes]
    anios = _anios(meses, escritos, anio)
    orden = [a * 12 + mes for a, mes in zip(anios, meses, strict=True)]
    if len(orden) > 2 and any(b - a != 1 for a, b in pairwise(orden)):
        raise PlazoIlegible(
            f"Los meses de «{texto}» no son seguidos: escriba el primero y el último "
            "(«abril - julio») o todos en orden («abril-mayo-junio-julio»)"
        )
    if orden[-1] < orden[0]:
        raise PlazoIlegible(
            f"El periodo termina ({nombre_mes(meses[-1])} de {anios[-1]}) antes de empezar "
            f"({nombre_mes(meses[0])} de {anios[0]}); escriba primero el mes de inicio"
        )
    return _periodo(texto, anios[0], meses[0], anios[-1], meses[-1])


def _trimestre(texto: str, anio: int | None) -> Plazo | None:
    """«1er trimestre», «II trimestre 2024», «tercer trimestre»."""
    encontrado = _TRIMESTRE.fullmatch(texto)
    if encontrado is None:
        return None
    ultimo_mes = 3 * _TRIMESTRES[encontrado["n"]]
    (anio_trimestre,) = _anios([ultimo_mes], [_anio(encontrado["anio"])], anio)
    return _periodo(texto, anio_trimestre, ultimo_mes - 2, anio_trimestre, ultimo_mes)


# --- Piezas comunes ---


def _normalizar(texto: str) -> str:
    """Minúsculas, sin tildes, guiones simples, espacios colapsados, sin puntuación final."""
    plano = sin_acentos(texto).lower().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", plano).strip(" .,;:")


def _parcial(texto: str) -> _Parcial | None:
    """(día, mes, año) de «07 de marzo de 2024», «15/05/26» o el día suelto «27»."""
    encontrado = _DIA.fullmatch(texto)
    if encontrado is None:
        return None
    dia = int(encontrado["dia"])
    if encontrado["mes"]:
        return dia, _mes(encontrado["mes"]), _anio(encontrado["anio"])
    if encontrado["mes_num"]:
        return dia, int(encontrado["mes_num"]), _anio(encontrado["anio_num"])
    return dia, None, None


def _completar(parciales: list[_Parcial], anio: int | None) -> list[date]:
    """Fechas de días en orden; el día suelto toma mes y año del siguiente («13 y 14 de marzo»)."""
    completos = list(parciales)
    for i in range(len(completos) - 2, -1, -1):
        if completos[i][1] is None:
            completos[i] = (completos[i][0], *completos[i + 1][1:])
    meses = [mes for _, mes, _ in completos]
    anios = _anios(meses, [escrito for _, _, escrito in completos], anio)
    return [_fecha(dia, mes, a) for (dia, mes, _), a in zip(completos, anios, strict=True)]


def _anios(meses: list[int], escritos: list[int | None], anio: int | None) -> list[int]:
    """Año de cada mes de una secuencia en orden: el escrito o el deducido del vecino.

    Sin ningún año escrito, el primero es el del proceso («noviembre-enero» del proceso 2024
    termina en enero de 2025).
    """
    if all(escrito is None for escrito in escritos):
        if anio is None:
            raise PlazoIlegible(
                "Falta el año: el plazo no lo escribe y no se indicó el año del proceso; "
                "escríbalo, por ejemplo «07 de marzo de 2024»"
            )
        escritos = [anio, *escritos[1:]]
    anios = list(escritos)
    for i in range(len(anios) - 2, -1, -1):
        if anios[i] is None and anios[i + 1] is not None:
            anios[i] = anios[i + 1] - _cruza_el_anio(meses[i], meses[i + 1])
    for i in range(1, len(anios)):
        if anios[i] is None:
            anios[i] = anios[i - 1] + _cruza_el_anio(meses[i - 1], meses[i])
    return anios


def _cruza_el_anio(mes: int, mes_siguiente: int) -> int:
    """1 si pasar de `mes` a `mes_siguiente` cruza el fin de año (noviembre → enero), si no 0.

    Solo se cruza con un salto de hasta seis meses: «del 3 de abril al 28 de marzo» no es un
    plazo de casi un año sino un plazo al revés.
    """
    return int(mes_siguiente < mes and mes_siguiente + 12 - mes <= 6)


def _mes(palabra: str) -> int:
    if palabra not in MESES:
        raise PlazoIlegible(
            f"No se reconoce el mes «{palabra}»: escriba su nombre («marzo») o su abreviatura («mar»)"
        )
    return MESES[palabra]


def _anio(escrito: str | None) -> int | None:
    """Año escrito con cuatro cifras o con dos («26» es 2026)."""
    if escrito is None:
        return None
    return 2000 + int(escrito) if len(escrito) == 2 else int(escrito)


def _fecha(dia: int, mes: int, anio: int) -> date:
    if not 1 <= mes <= 12:
        raise PlazoIlegible(f"El mes {mes} no existe: los meses van del 1 al 12")
    try:
        return date(anio, mes, dia)
    except ValueError:
        raise PlazoIlegible(f"El {dia} de {nombre_mes(mes)} de {anio} no existe") from None


def _en_letras(fecha: date) -> str:
    return f"{fecha.day} de {nombre_mes(fecha.month)} de {fecha.year}"


def _un_solo_dia(texto: str, fecha: date) -> Plazo:
    return Plazo(texto, (fecha,), fecha, fecha, "dia")


def _periodo(texto: str, anio_inicio: int, mes_inicio: int, anio_fin: int, mes_fin: int) -> Plazo:
    """Del primer día de un mes al último de otro."""
    fin = date(anio_fin, mes_fin, calendar.monthrange(anio_fin, mes_fin)[1])
    return Plazo(texto, (), date(anio_inicio, mes_inicio, 1), fin, "meses")


def _serial_excel(serial: float) -> date:
    """Fecha de un número de serie de Excel (sistema 1900; ver `libro.nucleo.fechas`)."""
    try:
        return fecha_de_serial(serial)
    except SerialInvalido as error:
        raise PlazoIlegible(str(error)) from None
