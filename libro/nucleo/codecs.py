"""Un codec por tipo de campo: lee la celda, la valida y dice cómo se presenta en la plantilla.

Cada codec sabe, en un solo lugar: leer lo que la persona escribió (`leer`), el formato de
número de Excel (`formato`), la validación de datos de la plantilla (`validacion`) y la nota de
ayuda que aparece al seleccionar la celda (`ayuda`).
"""

import re
from contextlib import suppress
from datetime import date, datetime
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


class Codec:
    """Tipo de campo. Las subclases redefinen `leer` y, si hace falta, lo demás."""

    formato: str | None = None
    ayuda: str = ""

    def leer(self, valor: Any) -> Any:
        """Valor de la celda (ya no vacío) → valor tipado; `ValorInvalido` si no se puede."""
        return valor

    def validacion(self) -> dict[str, Any] | None:
        """Opciones de `data_validation` de XlsxWriter para la plantilla."""
        return None


class Texto(Codec):
    def __init__(self, largo_maximo: int = 500, ayuda: str = "") -> None:
        self.largo_maximo = largo_maximo
        self.ayuda = ayuda

    def leer(self, valor: Any) -> str:
        if type(valor) is str:
            texto = valor.strip()
            if "  " in texto or "\n" in texto or "\xa0" in texto or "\t" in texto:
                texto = limpiar(texto)
        else:
            if isinstance(valor, float) and valor.is_integer():
                valor = int(valor)
            texto = limpiar(str(valor))
        if len(texto) > self.largo_maximo:
            raise ValorInvalido(f"el texto tiene {len(texto)} caracteres; el máximo es {self.largo_maximo}")
        return texto


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


class Monto(Numero):
    """Importe en soles, redondeado al céntimo."""

    def __init__(self, ayuda: str = "") -> None:
        super().__init__(formato=SOLES, minimo=0, ayuda=ayuda)

    def leer(self, valor: Any) -> float:
        try:
            return round(super().leer(valor), 2)
        except ValorComoTexto as aviso:
            raise ValorComoTexto(round(aviso.valor, 2), str(aviso)) from None


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
