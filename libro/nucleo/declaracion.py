"""Cómo se declara un formato de anexo: modelos pydantic cuyas columnas dicen su disposición.

Cada campo de una `Fila` lleva en su anotación una `Col` (encabezado, codec, ancho, ayuda…).
De esa única declaración salen la plantilla, la lectura, la validación y la escritura.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from libro.nucleo.codecs import Codec
from libro.nucleo.textos import MESES, clave


@dataclass(frozen=True)
class Col:
    """Disposición de un campo en la hoja."""

    encabezado: str
    codec: Codec
    requerido: bool = False
    ancho: float = 14
    alias: tuple[str, ...] = ()
    """Otros títulos que la nombran tal cual («Plazos» para «Plazo»)."""
    sinonimos: tuple[str, ...] = ()
    """Palabras con que la nombran los libros ajenos («Periodo de ejecución»); pierden ante el
    encabezado y los alias si dos columnas compiten (ver `libro.nucleo.encabezados`)."""
    grupo: tuple[str, ...] = ()
    """Columnas mensuales: títulos agrupadores que dicen de qué campo son los meses de debajo
    («Programación física» sobre «ENE … DIC»)."""
    mensual: bool = False
    """El campo es una lista de 12 valores, una columna por mes («{mes}» en el encabezado)."""
    calculada: bool = False
    """La llena libro (botón o `calcular`); nunca se lee como dato de la persona."""
    colores: tuple[tuple[str, str], ...] = ()
    """(texto, color de fondo): la plantilla pinta la celda según su texto (p. ej. el semáforo)."""

    def encabezados(self) -> list[str]:
        if self.mensual:
            return [self.encabezado.format(mes=m) for m in MESES]
        return [self.encabezado]


class Fila(BaseModel):
    """Una fila leída de una hoja; recuerda de qué fila vino (0-based)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    fila: int = -1


@dataclass(frozen=True)
class Columna:
    """Una columna física de la hoja (un campo mensual ocupa 12)."""

    campo: str
    encabezado: str
    col: Col
    mes: int | None = None
    """0..11 para columnas mensuales."""

    @property
    def codec(self) -> Codec:
        return self.col.codec


def columnas_de(modelo: type[Fila]) -> list[Columna]:
    """Las columnas físicas, en orden, según las anotaciones del modelo."""
    columnas: list[Columna] = []
    for nombre, info in modelo.model_fields.items():
        col = next((m for m in info.metadata if isinstance(m, Col)), None)
        if col is None:
            continue
        for mes, encabezado in enumerate(col.encabezados()):
            columnas.append(Columna(nombre, encabezado, col, mes if col.mensual else None))
    return columnas


@dataclass(frozen=True)
class Grupo:
    """Título agrupador sobre varias columnas (fila encima del encabezado)."""

    titulo: str
    desde: str
    hasta: str


@dataclass(frozen=True)
class Tabla:
    """Hoja con una fila de encabezados y una fila por registro."""

    nombre: str
    titulo: str
    modelo: type[Fila]
    fila_encabezado: int = 4
    """0-based: la fila 5 de Excel."""
    filas_plantilla: int = 1000
    """Filas con validación y formato en la plantilla."""
    grupos: tuple[Grupo, ...] = ()
    alias: tuple[str, ...] = ()
    instrucciones: str = ""
    opcional: bool = False
    """Si el libro no la tiene, no es un error (p. ej. «Modificaciones» antes de ejecutar el POI)."""

    @cached_property
    def columnas(self) -> list[Columna]:
        return columnas_de(self.modelo)

    def columna(self, campo: str, mes: int | None = None) -> int:
        """Posición 0-based de un campo en la plantilla."""
        for i, c in enumerate(self.columnas):
            if c.campo == campo and (mes is None or c.mes == mes):
                return i
        raise KeyError(campo)

    @property
    def primera_fila(self) -> int:
        return self.fila_encabezado + 1


@dataclass(frozen=True)
class Ficha:
    """Hoja de datos generales: etiqueta en la columna A, valor en la B."""

    nombre: str
    titulo: str
    modelo: type[Fila]
    fila_inicial: int = 3
    alias: tuple[str, ...] = ()
    opcional: bool = False

    @cached_property
    def columnas(self) -> list[Columna]:
        return columnas_de(self.modelo)

    def fila_de(self, campo: str) -> int:
        for i, c in enumerate(self.columnas):
            if c.campo == campo:
                return self.fila_inicial + i
        raise KeyError(campo)


@dataclass(frozen=True)
class Generada:
    """Hoja que escribe libro (Resumen, Observaciones); la plantilla la trae vacía."""

    nombre: str
    titulo: str
    anchos: tuple[float, ...] = ()


Hoja = Tabla | Ficha
HOJA_BOTONES = "Instrucciones"
"""Hoja de la plantilla donde están los botones."""


def accion_de_boton(texto: str) -> str:
    """«Calcular metas» → «calcular_metas»: la función de `macros_py` que el botón ejecuta.

    Es la misma regla que aplica `LibroCodigo` en libro/vba/libro.bas.
    """
    return texto.strip().lower().replace(" ", "_")


@dataclass(frozen=True)
class Boton:
    """Un botón de la hoja «Instrucciones»: forma con nombre propio enlazada a una celda.

    xlwings Server corre la acción cuando esa celda queda seleccionada (al hacer clic en la
    forma); el .xlsm la cambia por un botón de formulario con macro.
    """

    texto: str
    accion: str
    forma: str
    celda: str


@dataclass(frozen=True)
class Formato:
    """Un formato de anexo: identificador, versión y hojas."""

    id: str
    version: int
    titulo: str
    hojas: tuple[Hoja, ...]
    generadas: tuple[Generada, ...] = ()
    descripcion: str = ""
    identifican: tuple[str, ...] = ()
    """Hojas que reconocen al formato en un libro sin etiqueta (por defecto, todas las suyas)."""
    botones: tuple[str, ...] = ()
    """Acciones que la plantilla ofrece como botones (las define `macros_py/<formato>.py`)."""

    NOMBRE_DEFINIDO: ClassVar[str] = "LIBRO_FORMATO"

    @property
    def etiqueta(self) -> str:
        """«poi@1»: lo que la plantilla guarda en el nombre definido LIBRO_FORMATO."""
        return f"{self.id}@{self.version}"

    @property
    def botones_en_hoja(self) -> list[Boton]:
        prefijo = "xw_" + self.id.replace("-", "_") + "_"
        return [
            Boton(texto, accion_de_boton(texto), prefijo + accion_de_boton(texto), f"D{i + 1}")
            for i, texto in enumerate(self.botones)
        ]

    @property
    def hojas_que_identifican(self) -> tuple[Hoja, ...]:
        return tuple(h for h in self.hojas if not self.identifican or h.nombre in self.identifican)

    def hoja(self, nombre: str) -> Hoja:
        for h in self.hojas:
            if h.nombre == nombre:
                return h
        raise KeyError(nombre)

    def buscar_hoja(self, nombres: list[str], hojas: tuple[Hoja, ...] | None = None) -> dict[str, str]:
        """Declaración → nombre real de la hoja en el libro (tolerante a tildes y mayúsculas)."""
        por_clave = {clave(n): n for n in nombres}
        encontradas = {}
        for h in self.hojas if hojas is None else hojas:
            for candidato in (h.nombre, *h.alias):
                real = por_clave.get(clave(candidato))
                if real is not None:
                    encontradas[h.nombre] = real
                    break
        return encontradas
