"""Lo que libro escribe, como bloques: el mismo plan lo aplican xlwings, XlsxWriter o el parche zip."""

from dataclasses import dataclass, field
from typing import Any, Literal

from libro.nucleo.impresion import Pagina

Estilo = Literal["titulo", "subtitulo", "encabezado", "total", "nota"]


class Formula(str):
    """Fórmula que libro escribe a propósito; cualquier otro texto se escribe como texto.

    `valor` es lo que libro calculó para esa celda: se guarda como valor en caché, así un lector que
    no recalcula (o Excel antes de recalcular) ve la cifra. Debe coincidir con lo que la fórmula da.
    """

    valor: Any

    def __new__(cls, texto: str, valor: Any = None) -> "Formula":
        formula = super().__new__(cls, texto)
        formula.valor = valor
        return formula

    @property
    def resultado(self) -> Any:
        """Valor en caché: el calculado, o el último argumento de texto (p. ej. de HYPERLINK); "" si nada."""
        if self.valor is not None:
            return self.valor
        if self.startswith("=HYPERLINK("):
            return self.rsplit(",", 1)[-1].strip('")')
        return ""


@dataclass(frozen=True)
class Bloque:
    """Un rectángulo de valores que se escribe de una vez (fila y columna 0-based)."""

    hoja: str
    fila: int
    columna: int
    valores: list[list[Any]]
    formatos: tuple[str | None, ...] = ()
    """Formato de número por columna del bloque (solo hojas generadas)."""
    estilos: dict[int, Estilo] = field(default_factory=dict)
    """Estilo por fila del bloque (solo hojas generadas)."""

    @property
    def filas(self) -> int:
        return len(self.valores)

    @property
    def columnas(self) -> int:
        return max((len(f) for f in self.valores), default=0)

    def rectangular(self) -> list[list[Any]]:
        ancho = self.columnas
        return [list(f) + [None] * (ancho - len(f)) for f in self.valores]


@dataclass(frozen=True)
class Limpiar:
    """Borra el contenido (y el formato, en hojas generadas) desde `desde_fila` hasta el final."""

    hoja: str
    desde_fila: int
    formatos: bool = True


@dataclass(frozen=True)
class AsegurarHoja:
    """Crea la hoja si el libro no la tiene (al final, oculta si se pide)."""

    hoja: str
    oculta: bool = False


@dataclass(frozen=True)
class Encabezado:
    """Lo que dice el encabezado de página de todas las hojas (la unidad orgánica, el proceso…)."""

    texto: str


@dataclass(frozen=True)
class Disposicion:
    """Anchos de columna y configuración de página de una hoja que libro crea (p. ej. una comparación)."""

    hoja: str
    anchos: tuple[float, ...]
    pagina: Pagina
    encabezado: str = ""


Operacion = Bloque | Limpiar | AsegurarHoja | Encabezado | Disposicion


@dataclass
class Escritura:
    """Plan de escritura ordenado; aplicarlo dos veces da el mismo libro."""

    operaciones: list[Operacion] = field(default_factory=list)

    def agregar(self, *operaciones: Operacion) -> "Escritura":
        self.operaciones.extend(operaciones)
        return self

    def bloques(self, hoja: str) -> list[Bloque]:
        return [o for o in self.operaciones if isinstance(o, Bloque) and o.hoja == hoja]


def columnas_contiguas(columnas: list[int]) -> list[list[int]]:
    """Agrupa posiciones de columna en tramos contiguos (para escribir cada tramo de una vez)."""
    tramos: list[list[int]] = []
    for c in sorted(set(columnas)):
        if tramos and c == tramos[-1][-1] + 1:
            tramos[-1].append(c)
        else:
            tramos.append([c])
    return tramos


def filas_contiguas(filas: list[int]) -> list[list[int]]:
    return columnas_contiguas(filas)


def bloques_por_filas(
    hoja: str, columna: int, por_fila: dict[int, list[Any]], formatos: tuple[str | None, ...] = ()
) -> list[Bloque]:
    """Valores por fila (fila 0-based → los de las columnas desde `columna`), en un bloque por tramo
    contiguo de filas: escribir las celdas calculadas de mil filas seguidas es una sola operación."""
    return [
        Bloque(hoja, tramo[0], columna, [por_fila[r] for r in tramo], formatos=formatos)
        for tramo in filas_contiguas(list(por_fila))
    ]
