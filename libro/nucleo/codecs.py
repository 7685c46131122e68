"""Un codec por tipo de campo: lee la celda, la valida y dice cómo se presenta en la plantilla.

Cada codec sabe, en un solo lugar: leer lo que la persona escribió (`leer`), el formato de
número de Excel (`formato`), la validación de datos de la plantilla (`validacion`) y la nota de
ayuda que aparece al seleccionar la celda (`ayuda`).

`leer_columna` lee una columna entera de una vez: da lo mismo que `leer` en las celdas comunes
(números, textos limpios, opciones exactas) y deja `PENDIENTE` las demás, que el lector pasa por
`leer` una por una para observarlas con su código y su mensaje. Un codec que redefine `leer` sin
redefinir `leer_columna` lee toda columna celda por celda: la vía rápida nunca se desvía de `leer`.
"""

import re
from collections.abc import Sequence
from contextlib import suppress
from datetime import date, datetime
from math import inf
from typing import Any

from libro.nucleo.fechas import SerialInvalido, fecha_de_serial
from libro.nucleo.textos import clave, limpiar

SOLES = '"S/ "#,##0.00'
"""Formatos de número de Excel: los de los codecs, y los mismos para toda hoja que escribe libro."""
NUMERO = "#,##0.##"
ENTERO = "0"
FECHA = "dd/mm/yyyy"
PORCENTAJE = '0.0" %"'
MILES = "#,##0"
"""Soles sin céntimos ni símbolo, para columnas angostas de hojas para imprimir (el encabezado dice S/)."""

class ValorInvalido(ValueError):
    """La celda no se puede leer como el tipo esperado (mensaje en español)."""


class ValorComoTexto(ValueError):
    """Se leyó un número escrito como texto: vale, pero Excel no lo suma."""

    def __init__(self, valor: Any, mensaje: str) -> None:
        super().__init__(mensaje)
        self.valor = valor


class _Pendiente:
    __slots__ = ()

    def __repr__(self) -> str:
        return "PENDIENTE"


PENDIENTE: Any = _Pendiente()
"""En `leer_columna`: celda que hay que leer con `leer`, una por una."""


class Codec:
    """Tipo de campo. Las subclases redefinen `leer` y, si hace falta, lo demás."""

    formato: str | None = None
    ayuda: str = ""

    def __init_subclass__(cls, **opciones: Any) -> None:
        super().__init_subclass__(**opciones)
        if "leer" in vars(cls) and "leer_columna" not in vars(cls):
            cls.leer_columna = Codec.leer_columna  # type: ignore[method-assign]

    def leer(self, valor: Any) -> Any:
        """Valor de la celda (ya no vacío) → valor tipado; `ValorInvalido` si no se puede."""
        return valor

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        """Una columna: lo que `leer` da en cada celda común, None en las vacías (None o «») y
        `PENDIENTE` en las que hay que leer con `leer`, una por una."""
        return [None if v is None or v == "" else PENDIENTE for v in valores]

    def validacion(self) -> dict[str, Any] | None:
        """Opciones de `data_validation` de XlsxWriter para la plantilla."""
        return None


def _por_limpiar(texto: str) -> bool:
    """Lo que hace que `Texto.leer` limpie el texto: espacios dobles, saltos, espacios duros, tabs."""
    return "  " in texto or "\n" in texto or "\xa0" in texto or "\t" in texto


class Texto(Codec):
    def __init__(self, largo_maximo: int = 500, ayuda: str = "") -> None:
        self.largo_maximo = largo_maximo
        self.ayuda = ayuda

    def leer(self, valor: Any) -> str:
        if type(valor) is str:
            texto = valor.strip()
            if _por_limpiar(texto):
                texto = limpiar(texto)
        else:
            if isinstance(valor, float) and valor.is_integer():
                valor = int(valor)
            texto = limpiar(str(valor))
        if len(texto) > self.largo_maximo:
            raise ValorInvalido(f"el texto tiene {len(texto)} caracteres; el máximo es {self.largo_maximo}")
        return texto

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        """Textos recortados; si la columna tiene alguno por limpiar o muy largo, esos quedan pendientes."""
        try:
            textos: list[Any] = list(map(str.strip, valores))
            escritos = textos
        except TypeError:  # no todo es texto: números, fechas o vacíos None
            textos = [v.strip() if type(v) is str else v for v in valores]
            escritos = [t for t in textos if type(t) is str]
        largo = self.largo_maximo
        if escritos and (max(map(len, escritos)) > largo or _por_limpiar("\0".join(escritos))):
            return [
                t
                if type(t) is str and t and not (len(t) > largo or _por_limpiar(t))
                else None
                if t == "" or t is None
                else PENDIENTE
                for t in textos
            ]
        if escritos is textos:
            return [t or None for t in textos]
        return [t if type(t) is str and t else None if t == "" or t is None else PENDIENTE for t in textos]

class Codigo(Texto):
    """Código con patrón fijo, p. ej. «AEI.01.02». Se normaliza a mayúsculas sin espacios."""

    def __init__(self, patron: str, ejemplo: str, ayuda: str = "") -> None:
        super().__init__(largo_maximo=40, ayuda=ayuda)
        self.patron = re.compile(patron)
        self.ejemplo = ejemplo

    def leer(self, valor: Any) -> str:
        texto = super().leer(valor).upper().replace(" ", "")
        if not self.patron.fullmatch(texto):
            raise ValorInvalido(f"se esperaba un código como «{self.ejemplo}»")
        return texto

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        codigos = _en_mayusculas(super().leer_columna(valores))
        validos = {c for c in set(codigos) if type(c) is str and self.patron.fullmatch(c)}
        return [c if c in validos or c is None else PENDIENTE for c in codigos]


def _en_mayusculas(textos: list[Any]) -> list[Any]:
    """Los textos en mayúsculas y sin espacios (códigos), una vez por texto distinto; lo demás tal cual."""
    codigos = {t: t.upper().replace(" ", "") for t in set(textos) if type(t) is str}
    return list(map(codigos.get, textos, textos))


_NUMERO_TEXTO = re.compile(r"^[+-]?[\d.,\s]+$")


def numero_desde_texto(texto: str) -> float:
    """Lee «1.234,50», «S/ 1,234.50», «1 234», «60 %» → float; `ValorInvalido` si es ambiguo."""
    t = texto.replace("\xa0", " ").strip()
    t = re.sub(r"^(s/\.?|s\.?/\.?)\s*", "", t, flags=re.IGNORECASE).rstrip("%").strip()
    if not t or not _NUMERO_TEXTO.match(t):
        raise ValorInvalido(f"«{texto}» no es un número")
    t = t.replace(" ", "")
    puntos, comas = t.count("."), t.count(",")
    if puntos and comas:
        decimal = "." if t.rfind(".") > t.rfind(",") else ","
        miles = "," if decimal == "." else "."
        if t.count(decimal) > 1:
            raise ValorInvalido(f"«{texto}» tiene separadores de miles y decimales mezclados")
        t = t.replace(miles, "").replace(decimal, ".")
    elif puntos + comas > 1:
        sep = "." if puntos else ","
        partes = t.split(sep)
        if any(len(p) != 3 for p in partes[1:]):
            raise ValorInvalido(f"«{texto}» no es un número bien escrito")
        t = t.replace(sep, "")
    elif puntos + comas == 1:
        sep = "." if puntos else ","
        entero, decimales = t.split(sep)
        if len(decimales) == 3 and entero.lstrip("+-") not in ("", "0"):
            raise ValorInvalido(
                f"«{texto}» es ambiguo (¿miles o decimales?): escríbalo como número, sin separador"
            )
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError as exc:
        raise ValorInvalido(f"«{texto}» no es un número") from exc


class Numero(Codec):
    """Número con mínimo opcional (metas físicas)."""

    def __init__(self, formato: str = NUMERO, minimo: float | None = 0, ayuda: str = "") -> None:
        self.formato = formato
        self.minimo = minimo
        self.ayuda = ayuda

    def leer(self, valor: Any) -> float:
        if type(valor) is float:
            if self.minimo is not None and valor < self.minimo:
                self._revisar_minimo(valor)
            return valor
        if isinstance(valor, bool):
            raise ValorInvalido("se esperaba un número, no VERDADERO/FALSO")
        if isinstance(valor, int | float):
            numero = float(valor)
        elif isinstance(valor, str):
            numero = numero_desde_texto(valor)
            self._revisar_minimo(numero)
            raise ValorComoTexto(numero, f"el número «{valor}» está escrito como texto y Excel no lo suma")
        else:
            raise ValorInvalido(f"se esperaba un número y se encontró {valor!r}")
        self._revisar_minimo(numero)
        return numero

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        minimo = -inf if self.minimo is None else self.minimo
        return [
            v if type(v) is float and v >= minimo else None if v == "" or v is None else PENDIENTE
            for v in valores
        ]

    def _revisar_minimo(self, numero: float) -> None:
        if self.minimo is not None and numero < self.minimo:
            raise ValorInvalido(f"no puede ser menor que {self.minimo:g}")

    def validacion(self) -> dict[str, Any] | None:
        if self.minimo is None:
            return None
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": self.minimo,
            "error_title": "Número no válido",
            "error_message": f"Escriba un número mayor o igual a {self.minimo:g}.",
        }


def al_centimo(valor: float) -> float:
    """`round(valor, 2)` sin redondear lo que ya está al céntimo (ver `Monto.leer_columna`); un entero
    queda tal cual."""
    if type(valor) is int or valor.is_integer():
        return valor
    return valor if abs(valor) < 1e12 and round(valor * 100) / 100 == valor else round(valor, 2)


class Monto(Numero):
    """Importe en soles, redondeado al céntimo."""

    def __init__(self, ayuda: str = "") -> None:
        super().__init__(formato=SOLES, minimo=0, ayuda=ayuda)

    def leer(self, valor: Any) -> float:
        try:
            return round(super().leer(valor), 2)
        except ValorComoTexto as aviso:
            raise ValorComoTexto(round(aviso.valor, 2), str(aviso)) from None

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        """Como `Numero`, y al céntimo: `round(v, 2)` solo donde cambia algo (es lo más caro de leer).

        `round(v, 2)` devuelve v mismo si v es entero (lo más común: se mira primero), o si v es el float
        más cercano a m/100 para algún entero m: basta probar m = round(v·100), porque la división de
        enteros de Python redondea bien, y v < 10¹² deja el error de v muy por debajo de medio céntimo
        (y deja fuera el infinito y NaN, que van a `round`).
        """
        minimo = self.minimo
        return [
            (v if v.is_integer() or v < 1e12 and round(v * 100) / 100 == v else round(v, 2))
            if type(v) is float and v >= minimo
            else None if v == "" or v is None else PENDIENTE
            for v in valores
        ]


class Entero(Numero):
    def __init__(self, minimo: int | None = 0, maximo: int | None = None, ayuda: str = "") -> None:
        super().__init__(formato=ENTERO, minimo=minimo, ayuda=ayuda)
        self.maximo = maximo

    def leer(self, valor: Any) -> int:
        try:
            numero = super().leer(valor)
        except ValorComoTexto as aviso:
            raise ValorComoTexto(self._entero(aviso.valor), str(aviso)) from None
        return self._entero(numero)

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        minimo = -inf if self.minimo is None else self.minimo
        maximo = inf if self.maximo is None else self.maximo
        return [
            int(v)
            if type(v) is float and minimo <= v <= maximo and v.is_integer()
            else None
            if v == "" or v is None
            else PENDIENTE
            for v in valores
        ]

    def _entero(self, numero: float) -> int:
        if not float(numero).is_integer():
            raise ValorInvalido(f"se esperaba un número entero y se encontró {numero:g}")
        if self.maximo is not None and numero > self.maximo:
            raise ValorInvalido(f"no puede ser mayor que {self.maximo}")
        return int(numero)

    def validacion(self) -> dict[str, Any] | None:
        opciones: dict[str, Any] = {"validate": "integer", "error_title": "Número entero"}
        if self.maximo is not None and self.minimo is not None:
            opciones |= {"criteria": "between", "minimum": self.minimo, "maximum": self.maximo}
            opciones["error_message"] = f"Escriba un entero entre {self.minimo} y {self.maximo}."
        else:
            opciones |= {"criteria": ">=", "value": self.minimo or 0}
            opciones["error_message"] = "Escriba un número entero."
        return opciones


class Fecha(Codec):
    formato = FECHA

    def __init__(self, ayuda: str = "") -> None:
        self.ayuda = ayuda

    def leer(self, valor: Any) -> date:
        if isinstance(valor, datetime):
            return valor.date()
        if isinstance(valor, date):
            return valor
        if isinstance(valor, int | float) and not isinstance(valor, bool):
            with suppress(SerialInvalido):
                return fecha_de_serial(valor)
        if isinstance(valor, str):
            m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", valor)
            if m:
                try:
                    return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError as exc:
                    raise ValorInvalido(f"la fecha «{valor}» no existe") from exc
            m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?\s*", valor)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        raise ValorInvalido(f"se esperaba una fecha como 15/03/2026 y se encontró «{valor}»")

    def validacion(self) -> dict[str, Any] | None:
        return {
            "validate": "date",
            "criteria": ">=",
            "value": date(2000, 1, 1),
            "error_title": "Fecha no válida",
            "error_message": "Escriba una fecha como 15/03/2026.",
        }


class Opcion(Codec):
    """Uno de una lista cerrada; acepta mayúsculas, tildes y espacios distintos."""

    def __init__(self, opciones: tuple[str, ...], ayuda: str = "") -> None:
        self.opciones = opciones
        self.ayuda = ayuda
        self._por_clave = {clave(o): o for o in opciones}
        self._exactas = {o: o for o in opciones}

    def leer(self, valor: Any) -> str:
        opcion = self._exactas.get(valor) if type(valor) is str else None
        if opcion is not None:
            return opcion
        opcion = self._por_clave.get(clave(valor))
        if opcion is None:
            raise ValorInvalido("elija una de: " + ", ".join(self.opciones))
        return opcion

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        exactas = self._exactas
        return [exactas[v] if v in exactas else None if v == "" or v is None else PENDIENTE for v in valores]

    def validacion(self) -> dict[str, Any] | None:
        return {
            "validate": "list",
            "source": list(self.opciones),
            "error_title": "Opción no válida",
            "error_message": "Elija una opción de la lista.",
        }


class Referencia(Texto):
    """Código que debe existir en otra hoja del mismo libro (la lista desplegable apunta allí).

    La existencia la comprueba una regla; la plantilla arma la lista desde `hoja` y `campo`.
    """

    def __init__(self, hoja: str, campo: str, ayuda: str = "") -> None:
        super().__init__(largo_maximo=40, ayuda=ayuda)
        self.hoja = hoja
        self.campo = campo

    def leer(self, valor: Any) -> str:
        return super().leer(valor).upper().replace(" ", "")

    def leer_columna(self, valores: Sequence[Any]) -> list[Any]:
        return _en_mayusculas(super().leer_columna(valores))


class Dni(Texto):
    """DNI peruano como texto: conserva los ceros iniciales («07654321»).

    Lee lo escrito tal cual (sin espacios a los lados). Si Excel lo guardó como número, el cero
    inicial ya se perdió: se devuelve el número como texto y la regla del formato (8 dígitos)
    lo observa. La plantilla da formato de texto a la columna para que el cero no se pierda.
    """

    formato = "@"

    def __init__(self, ayuda: str = "DNI de 8 dígitos, escrito como texto (p. ej. 07654321)") -> None:
        super().__init__(largo_maximo=20, ayuda=ayuda)

    def leer(self, valor: Any) -> str:
        if isinstance(valor, bool):
            raise ValorInvalido("se esperaba un DNI, no VERDADERO/FALSO")
        if isinstance(valor, float) and valor.is_integer():
            return str(int(valor))
        return super().leer(valor)

    def validacion(self) -> dict[str, Any] | None:
        return {
            "validate": "length",
            "criteria": "==",
            "value": 8,
            "error_type": "warning",
            "error_title": "DNI de 8 dígitos",
            "error_message": "El DNI tiene 8 dígitos. Escríbalo como texto para conservar el cero inicial.",
        }
