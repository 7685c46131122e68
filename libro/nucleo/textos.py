"""Texto tal como lo escriben las personas: normalización y escritura segura."""

import re
import unicodedata
from datetime import date
from functools import lru_cache

MESES = ("Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Set", "Oct", "Nov", "Dic")
MESES_LARGOS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

_ESPACIOS = re.compile(r"\s+")
_NO_ALFANUM = re.compile(r"[^a-z0-9/%]+")


def sin_acentos(texto: str) -> str:
    """Quita tildes y diéresis (la ñ se vuelve n)."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _clave(texto: str) -> str:
    plano = sin_acentos(texto).lower()
    return _ESPACIOS.sub(" ", _NO_ALFANUM.sub(" ", plano)).strip()


def clave(texto: object) -> str:
    """Clave de comparación tolerante: sin tildes, minúsculas, sin signos ni espacios extra."""
    return _clave(str(texto))


def limpiar(texto: str) -> str:
    """Recorta y colapsa espacios (incluidos saltos de línea y espacios duros)."""
    return _ESPACIOS.sub(" ", texto.replace("\xa0", " ")).strip()


def mayuscula_inicial(texto: str) -> str:
    """El texto con la primera letra en mayúscula y el resto tal como está."""
    return texto[:1].upper() + texto[1:]


def fecha_texto(fecha: date | None) -> str:
    """La fecha como la escribe una persona («31/12/2026»); vacío si no hay fecha."""
    return fecha.strftime("%d/%m/%Y") if fecha else ""


def es_formula_aparente(texto: str) -> bool:
    """Un texto que Excel tomaría por fórmula si se escribiera tal cual."""
    return texto[:1] in ("=", "+", "-", "@")


def texto_seguro(valor: object) -> object:
    """Valor listo para escribir por xlwings: el texto que parece fórmula va como texto."""
    if isinstance(valor, str) and es_formula_aparente(valor):
        return "'" + valor
    return valor


LARGO_CITA = 80
"""Caracteres que un mensaje cita de un valor; lo que sigue se cambia por «…»."""
LARGO_CELDA = 32_767
"""Lo más que Excel guarda en una celda."""
_CITA = re.compile(rf"«([^«»]{{{LARGO_CITA}}})[^«»]+»")


def acotar(texto: str, largo: int = LARGO_CITA) -> str:
    """Los primeros `largo` caracteres y «…» si había más: un valor citado nunca agranda un mensaje."""
    return texto if len(texto) <= largo else texto[:largo] + "…"


def acotar_citas(texto: str) -> str:
    """Cada cita «…» del texto, acotada a `LARGO_CITA` caracteres."""
    return _CITA.sub(r"«\1…»", texto)


def cabe_en_celda(texto: str) -> str:
    """El texto recortado para que quepa en una celda de Excel (32.767 caracteres)."""
    return acotar(texto, LARGO_CELDA - 1)
