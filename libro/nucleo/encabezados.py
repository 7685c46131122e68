"""Reconocer el encabezado de una tabla tal como lo escribieron las personas.

Cada columna esperada llega como una `Candidata`; `ubicar` busca en las primeras filas de una
grilla el bloque de una a tres filas de encabezado que reconoce más candidatas y dice qué columna
es cada una, cuáles quedaron en duda, cuáles sobran y cuáles faltan. Nunca adivina: si dos
columnas empatan para una candidata (o dos candidatas para una columna), lo informa.

Comparación de textos: sin tildes, mayúsculas, signos ni espacios de más; sin palabras vacías
(«de», «la», «y»…); singular y plural iguales («metas» = «meta», «actividades» = «actividad»);
«Nº», «N°», «Nro.», «No.» y «Núm.» son «número», «Cód.» es «código», «S/» es «soles» y
«Responsable(s)» es «Responsable». Un encabezado compuesto se parte en «/», «-», «y», «o», comas,
paréntesis y saltos de línea: «FECHA / PLAZO» vale como «fecha» y como «plazo».

Puntaje de una columna para una candidata (gana el mayor; «declarado» es el encabezado oficial o
un alias; «sinónimo», uno de la tabla de sinónimos):

    COMPLETO  todo el texto es el nombre («PLAZO»; «ENE» bajo «PROGRAMACIÓN FÍSICA»)
    PARTE     una parte del texto compuesto es el nombre («PRODUCTO / META»)
    PALABRAS  el texto (de hasta 6 palabras) contiene las del nombre («RESPONSABLE DEL ÁREA»);
              también un mes sin título que diga de qué campo es
    PARECIDO  el nombre con un error de tipeo («Responsalbe»): mismo número de palabras, las de
              menos de 6 letras idénticas y a lo más 1 letra distinta (nombres de menos de 9
              letras) o 2 (9 o más), contando trasposiciones

En cada forma, un nombre declarado gana a un sinónimo. PALABRAS solo se prueba en columnas sin
coincidencia COMPLETO ni PARTE, y PARECIDO solo en las que no tienen ninguna otra.

Asignación: de mayor a menor puntaje, cada columna es de una sola candidata y cada candidata de
una sola columna. En cada nivel, lo que empata (una candidata con dos columnas, o una columna con
dos candidatas) queda en `ambiguas` con todas sus columnas y candidatas, que ya no se usan en
niveles menores. Así «PLAZO» (declarado) gana a «FECHA» (sinónimo) sin duda, pero «FECHA» y
«PLAZO» ambos declarados quedan en duda.

Columnas mensuales: el mes sale del texto («ENE», «Enero», «Setiembre», «Septiembre», «Meta
Ene»), de una corrida de 12 letras «E F M A M J J A S O N D» de izquierda a derecha, o de un
título agrupador con un mes («ENERO» sobre «Meta | S/»). Qué campo mensual es lo decide el resto
del texto y los títulos agrupadores de encima («PROGRAMACIÓN FÍSICA» → metas): si contienen una
frase del `grupo` de la candidata o de su encabezado sin el mes, es COMPLETO; si no dicen nada
(vacío, «MESES», «PROGRAMACIÓN MENSUAL», un año), el mes vale PALABRAS para todo campo mensual;
si dicen otra cosa, no coincide.

Bloque de encabezado: la última fila lleva los subtítulos y hasta dos filas de encima llevan títulos
agrupadores, salvo que estén vacías o sean un título suelto (una sola celda, a la izquierda de la
tabla); una fila con una sola celda llena no lleva títulos encima: es una fila de sección («PRIMERA
FASE: PREPARACIÓN» combinada sobre la tabla), no la de subtítulos. El texto propio de una columna es
su celda llena más baja del bloque (se prueba con 1 a 3 filas, por los encabezados combinados en
vertical) y las celdas de encima son sus títulos agrupadores: una celda combinada llega con su valor
en la primera celda y vacías a su derecha, así que su texto se extiende hasta la siguiente celda
llena de esa fila. Los títulos solo cuentan para las columnas mensuales. Gana el bloque con más
candidatas reconocidas (asignadas o en duda), luego el de más puntaje; ante empate, el que termina
más arriba y, entre esos, el de menos filas.
"""

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from libro.nucleo.textos import MESES, MESES_LARGOS, limpiar

FILAS_BUSQUEDA = 25
FILAS_BLOQUE = 3
"""Filas que puede ocupar un encabezado (títulos agrupadores y subtítulos)."""
PALABRAS_CONTENCION = 6
"""Más palabras que esto no es un encabezado sino un dato: no se busca contención ni parecido."""
MEMORIA = 20000
"""Textos cuyo puntaje recuerda cada juego de candidatas (una hoja se mira con varios formatos)."""
LARGO_MAXIMO = 120
"""Un texto más largo (en caracteres) es un dato, no un encabezado: no se compara."""


class Forma(IntEnum):
    """Cómo coincidió el texto con un nombre (mayor es más seguro)."""

    PARECIDO = 1
    PALABRAS = 2
    PARTE = 3
    COMPLETO = 4


class Puntaje(NamedTuple):
    forma: Forma
    declarado: bool

    @property
    def valor(self) -> int:
        return 2 * self.forma + self.declarado


MES_CON_TITULO = Puntaje(Forma.COMPLETO, True)
MES_SOLO = Puntaje(Forma.PALABRAS, False)


@dataclass(frozen=True)
class Candidata:
    """Lo que la declaración dice de una columna."""

    clave: Hashable
    """P. ej. ("plazo", None) o ("metas", 3)."""
    nombres: tuple[str, ...]
    """Encabezado oficial y alias declarados."""
    sinonimos: tuple[str, ...] = ()
    """Otras frases con que se la reconoce; pierden ante un nombre declarado."""
    requerida: bool = False
    grupo: tuple[str, ...] = ()
    """Columnas mensuales: frases del título agrupador de encima («programación física»)."""
    mes: int | None = None
    """0..11 si es una columna mensual."""


@dataclass(frozen=True)
class Ambiguedad:
    """Candidatas y columnas que empatan: no se asigna ninguna."""

    claves: tuple[Hashable, ...]
    columnas: tuple[int, ...]
    textos: tuple[str, ...]
    """Texto leído de cada columna, en el orden de `columnas`."""


@dataclass
class Ubicacion:
    fila: int
    """Última fila del encabezado (0-based); los datos empiezan debajo."""
    filas_encabezado: tuple[int, ...]
    posiciones: dict[Hashable, int]
    """Clave → columna 0-based."""
    leidos: dict[Hashable, str]
    """Clave → texto del encabezado como se leyó (títulos agrupadores / texto propio)."""
    puntajes: dict[Hashable, Puntaje]
    ambiguas: list[Ambiguedad]
    ignoradas: list[tuple[int, str]]
    """Columnas con texto que no son ninguna candidata: (columna, texto)."""
    faltantes: list[Hashable]
    """Requeridas que no se encontraron (las que quedaron en duda no se cuentan aquí)."""
    filas_titulo: dict[int, int] = field(default_factory=dict)
    """Columna → fila 0-based de su texto propio (más arriba que `fila` si está combinado en vertical)."""


def candidatas_de(
    columnas: Iterable[Any],
    sinonimos: Mapping[str, Sequence[str]] | None = None,
    grupos: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Candidata, ...]:
    """Candidatas de las columnas de una declaración (con `.campo`, `.mes`, `.encabezado`, `.col`).

    Los sinónimos valen para columnas simples y los grupos para las mensuales; por omisión son los
    que declara cada `Col` (`sinonimos`, `grupo`), y un mapa por nombre de campo los reemplaza. La
    clave es (campo, mes), como en `Lectura.posiciones`.
    """
    return tuple(
        Candidata(
            (c.campo, c.mes),
            (c.encabezado,) if c.mes is not None else (c.encabezado, *c.col.alias),
            () if c.mes is not None else _declarado(c, sinonimos, "sinonimos"),
            c.col.requerido,
            _declarado(c, grupos, "grupo") if c.mes is not None else (),
            c.mes,
        )
        for c in columnas
    )


def _declarado(columna: Any, mapa: Mapping[str, Sequence[str]] | None, atributo: str) -> tuple[str, ...]:
    if mapa is not None:
        return tuple(mapa.get(columna.campo, ()))
    return tuple(getattr(columna.col, atributo, ()))


# --- Normalización ---------------------------------------------------------------------------

_MONEDA = re.compile(r"(?<!\w)S/\.?(?![^\W\d_])", re.IGNORECASE)
_PLURAL = re.compile(r"(?<=\w)\((?:e?s|as|os)\)", re.IGNORECASE)
_ABREVIATURA = re.compile(
    r"(?<!\w)(?:(n\s*\.?\s*[°º]\.?|nro\b\.?|n[uú]m\b\.?|no\.)|c[oó]d\b\.?)", re.IGNORECASE
)
_GUIONES = str.maketrans("–—", "--")
_PIEZA = re.compile(r"[a-z0-9]+|%|[/\n\r\t,;:()\[\]-]")
_CORTES = frozenset("/\n\r\t,;:()[]-") | {"y", "e", "o", "u"}
"""Lo que parte un encabezado compuesto: signos y las conjunciones «y», «e», «o», «u»."""
_NUMERO_ESCRITO = re.compile(r"[-+]?[\d.,]+%?")
_VACIAS = frozenset("de del la las el los y e o u a al en por para con su sus".split())
_MESES: dict[str, int] = {
    **{m.lower(): i for i, m in enumerate(MESES)},
    **{m: i for i, m in enumerate(MESES_LARGOS)},
    "sep": 8,
    "sept": 8,
    "septiembre": 8,
}
_LETRAS = tuple("efmamjjasond")


_RAICES: dict[str, str] = {}


def _raiz(palabra: str) -> str:
    """Singular aproximado: «metas» → «meta», «responsables» → «responsabl», «acciones» → «accion»."""
    raiz = _RAICES.get(palabra)
    if raiz is None:
        raiz = palabra
        if len(raiz) > 3 and raiz.endswith("s"):
            raiz = raiz[:-1]
        if len(raiz) > 3 and raiz.endswith("e") and raiz[-2] in "lrndzjs":
            raiz = raiz[:-1]
        if len(_RAICES) < 65536:
            _RAICES[palabra] = raiz
    return raiz


def _preparar(texto: str) -> str:
    """Signos que son palabras: «S/» → soles, «Nº» → número, «Cód.» → código; «(s)» de plural fuera."""
    if "/" in texto:
        texto = _MONEDA.sub(" soles ", texto)
    if "(" in texto:
        texto = _PLURAL.sub("", texto)
    return _ABREVIATURA.sub(lambda m: " número " if m.group(1) else " código ", texto)


@dataclass(frozen=True)
class _Analisis:
    """Lo que se compara de un texto."""

    todo: tuple[str, ...]
    partes: tuple[tuple[str, ...], ...]
    """Las palabras de cada parte de un texto compuesto («FECHA / PLAZO»)."""
    meses: tuple[int, ...]
    resto: frozenset[str]
    """Las palabras que no son meses."""


_NADA = _Analisis((), (), (), frozenset())


@lru_cache(maxsize=16384)
def _analizar(texto: str) -> _Analisis:
    if len(texto) > LARGO_MAXIMO:
        return _NADA
    plano = unicodedata.normalize("NFKD", _preparar(texto).translate(_GUIONES))
    todo: list[str] = []
    partes: list[tuple[str, ...]] = []
    parte: list[str] = []
    meses: list[int] = []
    resto: set[str] = set()
    for pieza in _PIEZA.findall(plano.encode("ascii", "ignore").decode().lower()):
        if pieza in _CORTES:
            if parte and tuple(parte) not in partes:
                partes.append(tuple(parte))
            parte = []
        if pieza in _VACIAS or pieza in _CORTES:
            continue
        raiz = _raiz(pieza)
        todo.append(raiz)
        parte.append(raiz)
        if pieza in _MESES:
            meses.append(_MESES[pieza])
        else:
            resto.add(raiz)
    if parte and tuple(parte) not in partes:
        partes.append(tuple(parte))
    completo = tuple(todo)
    return _Analisis(completo, tuple(p for p in partes if p != completo), tuple(meses), frozenset(resto))


_GENERICAS = frozenset(
    _raiz(p) for p in ("mes", "meses", "mensual", "programacion", "cronograma", "calendario")
)
"""Palabras de un título que no dicen de qué campo mensual se trata."""


def _tolerancia(llave: str) -> int:
    return 0 if len(llave) < 6 else 1 if len(llave) < 9 else 2


def _contiene(texto: tuple[str, ...], nombre: tuple[str, ...]) -> bool:
    """Las palabras del nombre aparecen en el texto, en su orden."""
    resto = iter(texto)
    return all(p in resto for p in nombre)


# --- Índice de candidatas ----------------------------------------------------------------------


_Columna = tuple[str, tuple[str, ...], int | None]
"""(texto propio, títulos agrupadores, mes de la corrida de letras)."""


class _Indice:
    """Los nombres de un juego de candidatas, listos para comparar."""

    def __init__(self, candidatas: tuple[Candidata, ...]) -> None:
        self.candidatas = candidatas
        self.memoria: dict[str, dict[int, Puntaje]] = {}
        self.por_llave: dict[str, dict[int, bool]] = {}
        self.palabras: dict[str, tuple[str, ...]] = {}
        self.mensuales: dict[int, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for i, c in enumerate(candidatas):
            if c.mes is not None:
                frases = {_analizar(t).resto for t in (*c.grupo, *c.nombres)} - {frozenset()}
                self.mensuales.setdefault(c.mes, []).append((i, tuple(frases)))
                continue
            for nombres, declarado in ((c.nombres, True), (c.sinonimos, False)):
                for nombre in nombres:
                    palabras = _analizar(nombre).todo
                    if not palabras:
                        continue
                    llave = "".join(palabras)
                    self.palabras.setdefault(llave, palabras)
                    por_candidata = self.por_llave.setdefault(llave, {})
                    por_candidata[i] = por_candidata.get(i, False) or declarado
        self.por_largo: dict[int, list[str]] = {}
        """Largo de la llave → llaves: el parecido solo se mide con las de largo cercano."""
        for llave in self.por_llave:
            self.por_largo.setdefault(len(llave), []).append(llave)
        self.por_primera: dict[str, list[str]] = {}
        """Primera palabra de un nombre → sus llaves (para buscar contención sin recorrerlos todos)."""
        for llave, palabras in self.palabras.items():
            self.por_primera.setdefault(palabras[0], []).append(llave)

    def puntuar(self, columna: _Columna) -> dict[int, Puntaje]:
        """Puntaje de cada candidata que coincide con una columna (índice de candidata → puntaje).

        Lo de una columna sin mes depende solo de su texto y queda en memoria.
        """
        propio, grupos, mes_letra = columna
        mes, contexto = _mes_de_columna(propio, grupos, mes_letra)
        if mes is None:
            puntajes = self.memoria.get(propio)
            if puntajes is None:
                puntajes = {} if _NUMERO_ESCRITO.fullmatch(propio) else self._por_nombre(_analizar(propio))
                if len(self.memoria) >= MEMORIA:
                    self.memoria.clear()
                self.memoria[propio] = puntajes
            return puntajes
        puntajes = self._exactas(_analizar(propio))
        generico = all(p in _GENERICAS or p.isdigit() for p in contexto)
        for i, frases in self.mensuales.get(mes, ()):
            if any(f <= contexto for f in frases):
                puntajes[i] = MES_CON_TITULO
            elif generico and i not in puntajes:
                puntajes[i] = MES_SOLO
        return puntajes

    def _exactas(self, analisis: _Analisis) -> dict[int, Puntaje]:
        puntajes: dict[int, Puntaje] = {}
        variantes = ((analisis.todo, Forma.COMPLETO), *((p, Forma.PARTE) for p in analisis.partes))
        for palabras, forma in variantes:
            for i, declarado in self.por_llave.get("".join(palabras), {}).items():
                puntajes[i] = max(puntajes.get(i, Puntaje(forma, declarado)), Puntaje(forma, declarado))
        return puntajes

    def _por_nombre(self, analisis: _Analisis) -> dict[int, Puntaje]:
        puntajes = self._exactas(analisis)
        if puntajes or len(analisis.todo) > PALABRAS_CONTENCION:
            return puntajes
        variantes = (analisis.todo, *analisis.partes)
        for variante in variantes:
            for llave in {ll for p in variante for ll in self.por_primera.get(p, ())}:
                palabras = self.palabras[llave]
                if len(variante) > len(palabras) and _contiene(variante, palabras):
                    for i, declarado in self.por_llave[llave].items():
                        puntajes[i] = max(puntajes.get(i, Puntaje(Forma.PALABRAS, declarado)),
                                          Puntaje(Forma.PALABRAS, declarado))
        if not puntajes:
            for variante in variantes:
                self._parecidos(variante, puntajes)
        return puntajes

    def _parecidos(self, variante: tuple[str, ...], puntajes: dict[int, Puntaje]) -> None:
        consulta = "".join(variante)
        llaves = [ll for n in range(len(consulta) - 2, len(consulta) + 3) for ll in self.por_largo.get(n, ())]
        if not llaves:
            return
        for llave, distancia, _ in process.extract(consulta, llaves, scorer=OSA.distance, score_cutoff=2,
                                                   limit=None):
            palabras = self.palabras[llave]
            if (
                0 < distancia <= _tolerancia(llave)
                and len(palabras) == len(variante)
                and all(a == b for a, b in zip(variante, palabras, strict=True) if len(b) < 6)
            ):
                for i, declarado in self.por_llave[llave].items():
                    puntajes[i] = max(puntajes.get(i, Puntaje(Forma.PARECIDO, declarado)),
                                      Puntaje(Forma.PARECIDO, declarado))


@lru_cache(maxsize=64)
def _indice(candidatas: tuple[Candidata, ...]) -> _Indice:
    return _Indice(candidatas)


def _mes_de_columna(
    propio: str, grupos: tuple[str, ...], mes_letra: int | None
) -> tuple[int | None, frozenset[str]]:
    """El mes de una columna (de su texto, de la corrida de letras o de un título) y su contexto."""
    analisis = _analizar(propio)
    if mes_letra is None and not analisis.meses and not grupos:
        return None, frozenset()
    de_grupos = [_analizar(g) for g in grupos]
    if mes_letra is not None:
        meses, contexto = (mes_letra,), frozenset()
    elif analisis.meses:
        meses, contexto = analisis.meses, analisis.resto
    else:
        meses, contexto = tuple({m for g in de_grupos for m in g.meses}), analisis.resto
    if len(meses) != 1:
        return None, frozenset()
    return meses[0], contexto.union(*(g.resto for g in de_grupos))


# --- Bloques de encabezado ---------------------------------------------------------------------


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    return str(valor).strip()


@dataclass(frozen=True)
class _Fila:
    textos: tuple[str, ...]
    rellenos: tuple[str, ...]
    """Cada celda vacía con el texto de la última llena a su izquierda (celdas combinadas)."""
    letras: dict[int, int]
    """Columna → mes de las corridas «E F M A M J J A S O N D»."""
    llenas: int
    primera: int

    @classmethod
    def de(cls, fila: Sequence[Any], ancho: int) -> "_Fila":
        textos = tuple(_texto(v) for v in fila) + ("",) * (ancho - len(fila))
        rellenos, anterior = [], ""
        for t in textos:
            anterior = t or anterior
            rellenos.append(anterior)
        claves = [t.lower() if len(t) == 1 else "" for t in textos]
        letras: dict[int, int] = {}
        j = 0
        while j + 12 <= len(claves):
            if tuple(claves[j:j + 12]) == _LETRAS:
                letras.update({j + m: m for m in range(12)})
                j += 12
            else:
                j += 1
        llenas = [j for j, t in enumerate(textos) if t]
        return cls(textos, tuple(rellenos), letras, len(llenas), llenas[0] if llenas else -1)

    def sirve_de_grupo(self, ultima: "_Fila") -> bool:
        """Puede ir encima de la última fila del bloque: no está vacía ni es un título suelto."""
        return self.llenas >= 2 or (self.llenas == 1 and self.primera > ultima.primera)


def _columnas(filas: Sequence[_Fila], desde: int) -> dict[int, _Columna]:
    """Texto propio (en las filas desde `desde`) y títulos agrupadores (las de encima) de cada columna."""
    columnas: dict[int, _Columna] = {}
    for j in range(len(filas[0].textos)):
        for k in range(len(filas) - 1, desde - 1, -1):
            if texto := filas[k].textos[j]:
                grupos = tuple(g for f in filas[:k] if (g := f.rellenos[j]))
                columnas[j] = (texto, grupos, filas[k].letras.get(j))
                break
    return columnas


def _es_mensual(columna: _Columna) -> bool:
    return _mes_de_columna(*columna)[0] is not None


def _leido(columna: _Columna) -> str:
    """El texto propio; en una columna mensual, precedido de sus títulos agrupadores."""
    propio, grupos, _ = columna
    return " / ".join(limpiar(t) for t in (*(grupos if _es_mensual(columna) else ()), propio))


def _resolver(
    puntajes: dict[int, dict[int, Puntaje]],
) -> tuple[dict[int, tuple[int, Puntaje]], list[tuple[list[int], list[int]]]]:
    """Candidata → (columna, puntaje) y los grupos empatados (candidatas, columnas)."""
    asignadas: dict[int, tuple[int, Puntaje]] = {}
    empates: list[tuple[list[int], list[int]]] = []
    ocupadas: set[int] = set()
    resueltas: set[int] = set()
    niveles = sorted({p for por_candidata in puntajes.values() for p in por_candidata.values()}, reverse=True)
    for nivel in niveles:
        de_candidata: dict[int, set[int]] = {}
        de_columna: dict[int, set[int]] = {}
        for j, por_candidata in puntajes.items():
            if j in ocupadas:
                continue
            for i, p in por_candidata.items():
                if p == nivel and i not in resueltas:
                    de_candidata.setdefault(i, set()).add(j)
                    de_columna.setdefault(j, set()).add(i)
        for inicio in sorted(de_candidata):
            if inicio in resueltas:
                continue
            candidatas, columnas, pendientes = {inicio}, set(), [inicio]
            while pendientes:
                for j in de_candidata[pendientes.pop()] - columnas:
                    columnas.add(j)
                    nuevas = de_columna[j] - candidatas
                    candidatas |= nuevas
                    pendientes.extend(nuevas)
            resueltas |= candidatas
            ocupadas |= columnas
            if len(candidatas) == 1 and len(columnas) == 1:
                asignadas[inicio] = (columnas.pop(), nivel)
            else:
                empates.append((sorted(candidatas), sorted(columnas)))
    return asignadas, empates


@dataclass
class _Bloque:
    filas: Sequence[_Fila]
    """Desde la primera fila de títulos agrupadores hasta la última del encabezado."""
    desde: int
    """Primera fila (absoluta) que da texto propio a alguna columna."""
    hasta: int
    columnas: dict[int, _Columna]
    asignadas: dict[int, tuple[int, Puntaje]]
    empates: list[tuple[list[int], list[int]]]

    @property
    def reconocidas(self) -> int:
        return len(self.asignadas) + sum(len(candidatas) for candidatas, _ in self.empates)

    @property
    def orden(self) -> tuple[int, int]:
        return self.reconocidas, sum(p.valor for _, p in self.asignadas.values())


def ubicar(
    grilla: Sequence[Sequence[Any]],
    candidatas: Sequence[Candidata],
    filas_busqueda: int = FILAS_BUSQUEDA,
    minimo: int = 2,
) -> Ubicacion | None:
    """El encabezado de la tabla en las primeras filas de la grilla, o None si reconoce menos de `minimo`."""
    indice = _indice(tuple(candidatas))
    ancho = max((len(f) for f in grilla[:filas_busqueda]), default=0)
    filas = [_Fila.de(f, ancho) for f in grilla[:filas_busqueda]]
    mejor: _Bloque | None = None
    for hasta, ultima in enumerate(filas):
        if not ultima.llenas:
            continue
        tope = hasta
        minimo_tope = max(0, hasta - FILAS_BLOQUE + 1) if ultima.llenas > 1 else hasta
        while tope > minimo_tope and filas[tope - 1].sirve_de_grupo(ultima):
            tope -= 1
        cubiertas: set[int] = set()
        for desde in range(hasta, tope - 1, -1):
            llenas = {j for j, t in enumerate(filas[desde].textos) if t}
            if desde < hasta and llenas <= cubiertas:
                continue
            cubiertas |= llenas
            columnas = _columnas(filas[tope:hasta + 1], desde - tope)
            puntajes = {}
            for j, columna in columnas.items():
                if por_candidata := indice.puntuar(columna):
                    puntajes[j] = por_candidata
            bloque = _Bloque(filas[tope:hasta + 1], desde, hasta, columnas, *_resolver(puntajes))
            if mejor is None or bloque.orden > mejor.orden:
                mejor = bloque
    if mejor is None or mejor.reconocidas < minimo:
        return None
    return _ubicacion(mejor, indice.candidatas)


def _ubicacion(bloque: _Bloque, candidatas: tuple[Candidata, ...]) -> Ubicacion:
    leidos = {j: _leido(c) for j, c in bloque.columnas.items()}
    ambiguas = [
        Ambiguedad(tuple(candidatas[i].clave for i in cands), tuple(cols), tuple(leidos[j] for j in cols))
        for cands, cols in bloque.empates
    ]
    en_duda = {i for cands, _ in bloque.empates for i in cands}
    usadas = {j for _, cols in bloque.empates for j in cols} | {j for j, _ in bloque.asignadas.values()}
    asignadas = sorted(bloque.asignadas.items(), key=lambda a: a[1][0])
    tope = bloque.hasta - len(bloque.filas) + 1
    abajo_arriba = range(len(bloque.filas) - 1, -1, -1)
    filas_titulo = {j: tope + next(k for k in abajo_arriba if bloque.filas[k].textos[j])
                    for j in bloque.columnas}
    primera = min(
        [bloque.desde]
        + [tope + next(r for r, f in enumerate(bloque.filas) if f.rellenos[j])
           for j in usadas if _es_mensual(bloque.columnas[j])]
    )
    return Ubicacion(
        fila=bloque.hasta,
        filas_encabezado=tuple(range(primera, bloque.hasta + 1)),
        posiciones={candidatas[i].clave: j for i, (j, _) in asignadas},
        leidos={candidatas[i].clave: leidos[j] for i, (j, _) in asignadas},
        puntajes={candidatas[i].clave: p for i, (_, p) in asignadas},
        ambiguas=ambiguas,
        ignoradas=[(j, leidos[j]) for j in sorted(bloque.columnas) if j not in usadas],
        faltantes=[
            c.clave for i, c in enumerate(candidatas)
            if c.requerida and i not in bloque.asignadas and i not in en_duda
        ],
        filas_titulo=filas_titulo,
    )
