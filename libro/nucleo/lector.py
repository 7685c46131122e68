"""De una grilla de valores (calamine o xlwings) a filas tipadas que recuerdan su celda.

La grilla es la frontera: una lista de filas, cada una lista de valores, desde A1. El mismo
código lee un archivo sin Excel y un libro abierto a través de xlwings.
"""

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, islice, repeat
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.celdas import celda
from libro.nucleo.codecs import PENDIENTE, ValorComoTexto, ValorInvalido, al_centimo
from libro.nucleo.declaracion import Columna, Ficha, Fila, Formato, Hoja, Tabla
from libro.nucleo.encabezados import FILAS_BUSQUEDA, Ambiguedad, Candidata, Ubicacion, candidatas_de, ubicar
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.resultado import ColumnaLeida
from libro.nucleo.textos import clave, mayuscula_inicial

Grilla = Sequence[Sequence[Any]]
Filas = Iterable[Sequence[Any]]
"""Las filas de una hoja desde la 1, quizá todavía por pasar a Python (`CalamineSheet.iter_rows`)."""
FILAS_FICHA = 60
"""Filas de una hoja de ficha donde se buscan las etiquetas."""
DOCUMENTO_ENCABEZADOS = "docs/encabezados.md"

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "LIB-001",
        E,
        "Falta una hoja",
        "el libro no tiene la hoja «{esperada}». Use la plantilla de libro o restaure la "
        "hoja con ese nombre.",
    ),
    Definicion(
        "LIB-002",
        E,
        "Falta una columna",
        "no se encontró la columna «{campo}» en la fila de encabezados {fila_excel}{otros}. "
        "Agréguela con ese título.",
    ),
    Definicion(
        "LIB-003",
        E,
        "No se encontró el encabezado",
        f"no se encontró la fila de encabezados (se buscó en las primeras {FILAS_BUSQUEDA} filas): "
        f"{{faltan}}. Escriba los títulos en una fila (los que libro reconoce están en "
        f"{DOCUMENTO_ENCABEZADOS}).",
    ),
    Definicion("LIB-004", E, "Dato obligatorio vacío", "falta «{campo}». Complete este dato."),
    Definicion("LIB-005", E, "Valor no válido", "«{campo}» tiene «{valor}»: {detalle}."),
    Definicion(
        "LIB-006",
        A,
        "Número escrito como texto",
        "«{campo}»: {detalle}. Vuelva a escribirlo como número ({numero}).",
    ),
    Definicion(
        "LIB-007",
        E,
        "Falta un dato de la ficha",
        "no se encontró la etiqueta «{campo}» en la columna A{otros}. Agréguela con su valor en la "
        "columna B.",
    ),
    Definicion(
        "LIB-008",
        E,
        "Encabezado ambiguo",
        "{detalle}; libro no adivina, así que no lee {cuales}. {arreglo}",
    ),
)


@dataclass
class Lectura:
    """Lo leído de una hoja: filas tipadas y dónde está cada columna."""

    hoja: str
    filas: list[Any]
    posiciones: dict[tuple[str, int | None], int] = field(default_factory=dict)
    """(campo, mes) → columna 0-based en la hoja real."""
    fila_encabezado: int = 0
    ubicaciones: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Ficha: campo → (fila, columna) 0-based de su valor."""
    leidos: dict[tuple[str, int | None], str] = field(default_factory=dict)
    """(campo, mes) → título tal como está en el libro; vacío si la hoja trae el de la plantilla."""
    ignoradas: list[tuple[int, str]] = field(default_factory=list)
    """Columnas con título que no son de la declaración: (columna 0-based, título)."""
    filas_titulo: dict[int, int] = field(default_factory=dict)
    """Columna → fila 0-based de su título, si no es `fila_encabezado` (títulos combinados en vertical)."""
    ilegibles: frozenset[tuple[int, int]] = frozenset()
    """(fila, columna) 0-based de las celdas con un valor que no se pudo leer (LIB-005)."""
    en_duda: frozenset[tuple[str, int | None]] = frozenset()
    """(campo, mes) de las columnas que no se leyeron porque dos títulos podían serlas (LIB-008)."""
    datos_sin_tabla: bool = False
    """La hoja tiene valores pero no se encontró el encabezado de su tabla (LIB-003)."""
    _completos: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _sumas: dict[str, list[float]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def columna(self, campo: str, mes: int | None = None) -> int | None:
        return self.posiciones.get((campo, mes))

    def ilegible(self, fila: int, campo: str, meses: bool = False) -> bool:
        """La celda del campo en esa fila (o alguno de sus 12 meses) tenía un valor que no se pudo leer."""
        if not self.ilegibles:
            return False
        columnas = [self.columna(campo, m) for m in range(12)] if meses else [self.columna(campo)]
        return any((fila, j) in self.ilegibles for j in columnas if j is not None)

    def meses_completos(self, campo: str) -> bool:
        """Se leyó la columna de cada uno de los 12 meses del campo (ninguna falta ni quedó en duda)."""
        completo = self._completos.get(campo)
        if completo is None:
            completo = self._completos[campo] = all((campo, m) in self.posiciones for m in range(12))
        return completo

    def sumas_de_meses(self, campo: str) -> list[float]:
        """La suma de los meses del campo en cada fila, al céntimo (los vacíos no cuentan; sin meses da 0).
        Se calcula una vez por lectura: varias reglas miran las mismas sumas."""
        sumas = self._sumas.get(campo)
        if sumas is None:
            meses = map(attrgetter(campo), self.filas)
            sumas = self._sumas[campo] = [al_centimo(sum(filter(None, m))) if m else 0 for m in meses]
        return sumas


@dataclass
class LibroLeido:
    formato: Formato
    hojas: dict[str, Lectura]
    nombres_reales: dict[str, str]
    observaciones: list[Observacion]

    def filas(self, hoja: str) -> list[Any]:
        lectura = self.hojas.get(hoja)
        return lectura.filas if lectura else []

    def ficha(self, hoja: str) -> Any:
        """La fila única de una hoja de ficha («Datos», «Parámetros»), o None si no se leyó."""
        filas = self.filas(hoja)
        return filas[0] if filas else None

    def con_filas(self, hoja: str, filas: list[Any]) -> "LibroLeido":
        """Copia con otras filas en una hoja (p. ej. tras calcular)."""
        if hoja not in self.hojas:
            return self
        nuevas = {**self.hojas, hoja: replace(self.hojas[hoja], filas=filas)}
        return replace(self, hojas=nuevas)


def libro_vacio(formato: Formato) -> LibroLeido:
    """Un libro sin hojas leídas: lo que las hojas generadas muestran en la plantilla."""
    return LibroLeido(formato, {}, {}, [])


def _vacio(valor: Any) -> bool:
    return valor is None or valor == "" or (isinstance(valor, str) and not valor.strip())


# --- Encabezados ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _candidatas(hoja: Hoja) -> tuple[Candidata, ...]:
    return candidatas_de(hoja.columnas)


def _plantilla(tabla: Tabla, grilla: Grilla) -> Ubicacion | None:
    """El encabezado tal como lo escribe la plantilla, en su fila y sin columnas de más (camino rápido)."""
    r = tabla.fila_encabezado
    columnas = tabla.columnas
    if r >= len(grilla) or len(grilla[r]) < len(columnas):
        return None
    fila = grilla[r]
    for j, c in enumerate(columnas):
        valor = fila[j]
        if valor != c.encabezado and not (isinstance(valor, str) and clave(valor) == clave(c.encabezado)):
            return None
    if any(not _vacio(v) for v in fila[len(columnas):]):
        return None
    posiciones = {(c.campo, c.mes): j for j, c in enumerate(columnas)}
    return Ubicacion(fila=r, filas_encabezado=(r,), posiciones=posiciones, leidos={}, puntajes={},
                     ambiguas=[], ignoradas=[], faltantes=[])


def _reconocidas(ubicacion: Ubicacion) -> int:
    return len(ubicacion.posiciones) + sum(len(a.claves) for a in ubicacion.ambiguas)


def _suficiente(tabla: Tabla, ubicacion: Ubicacion) -> bool:
    """Reconoce al menos 2 columnas y la mitad de las obligatorias: no es una fila de datos al azar."""
    requeridas = sum(c.col.requerido for c in tabla.columnas)
    return _reconocidas(ubicacion) >= max(2, requeridas // 2)


def ubicar_encabezado(tabla: Tabla, grilla: Grilla) -> Ubicacion | None:
    """Fila de encabezados y columna de cada campo.

    Si la hoja trae el encabezado de la plantilla, se toma tal cual; si no, se reconoce con
    `libro.nucleo.encabezados` (otras palabras, orden, títulos de varias filas, errores de tipeo).
    """
    ubicacion = _plantilla(tabla, grilla) or ubicar(grilla, _candidatas(tabla), minimo=1)
    return ubicacion if ubicacion is not None and _suficiente(tabla, ubicacion) else None


def _otros_titulos(c: Columna, largo: int = 4) -> str:
    """« (libro también reconoce «Fecha», «Periodo»…)» para el mensaje de una columna que falta."""
    otros = [mayuscula_inicial(t) for t in (*c.col.alias, *c.col.sinonimos) if c.mes is None]
    if not otros:
        return ""
    lista = ", ".join(f"«{t}»" for t in otros[:largo]) + ("…" if len(otros) > largo else "")
    return f" (libro también reconoce {lista})"


def _falta_columna(c: Columna, hoja: str, fila: int) -> Observacion:
    return CATALOGO.obs("LIB-002", hoja, fila, None, campo=c.encabezado, fila_excel=fila + 1,
                        otros=_otros_titulos(c))


def columna_faltante(libro: LibroLeido, hoja: str, campo: str) -> Observacion | None:
    """LIB-002 de una columna que las reglas necesitan y la hoja leída no trae (None si quedó en duda:
    eso ya lo dice LIB-008)."""
    lectura = libro.hojas[hoja]
    if (campo, None) in lectura.en_duda:
        return None
    columna = next(c for c in libro.formato.hoja(hoja).columnas if c.campo == campo)
    return _falta_columna(columna, lectura.hoja, lectura.fila_encabezado)


def _nombre(c: Columna) -> str:
    return f"«{c.encabezado if c.mes is None else c.col.encabezado.replace('{mes}', '(mes)')}»"


def _y(partes: Sequence[str], conjuncion: str = "y") -> str:
    return partes[0] if len(partes) == 1 else f"{', '.join(partes[:-1])} {conjuncion} {partes[-1]}"


def _ambiguedades(hoja: Hoja, ambiguas: Iterable[Ambiguedad], nombre: str,
                  lugar: Callable[[int], tuple[int, int]], sobre: str = "columna") -> list[Observacion]:
    """LIB-008: una por duda, en la celda del primer título; las de meses sin título agrupador del
    mismo par de campos van juntas. `lugar`: posición (columna o fila de la etiqueta) → (fila, columna)."""
    por_clave = {(c.campo, c.mes): c for c in hoja.columnas}
    juntas: dict[object, list[Ambiguedad]] = {}
    for a in ambiguas:
        meses = all(mes is not None for _, mes in a.claves)
        juntas.setdefault(tuple(sorted({campo for campo, _ in a.claves})) if meses else id(a), []).append(a)
    observaciones = []
    for grupo in juntas.values():
        posiciones = sorted({j for a in grupo for j in a.columnas})
        textos = {j: t for a in grupo for j, t in zip(a.columnas, a.textos, strict=True)}
        campos = [por_clave[k] for k in dict.fromkeys(k for a in grupo for k in a.claves)]
        nombres = list(dict.fromkeys(_nombre(c) for c in campos))
        vistas = [f"{celda(*lugar(j))} («{textos[j]}»)" for j in posiciones]
        if len(grupo) > 1:
            detalle = (f"las {len(posiciones)} columnas de meses de {celda(*lugar(posiciones[0]))} a "
                       f"{celda(*lugar(posiciones[-1]))} pueden ser {_y(nombres, 'o')}")
            titulos = list(dict.fromkeys(f"«{mayuscula_inicial(c.col.grupo[0])}»"
                                         for c in campos if c.col.grupo))
            arreglo = "Escriba encima de cada grupo de meses su título"
            arreglo += f" ({_y(titulos)})." if titulos else "."
            cuales = "esas columnas"
        elif len(nombres) == 1:
            detalle = f"{nombres[0]} puede estar en {_y(vistas, 'o en')}"
            arreglo = f"Deje el título {nombres[0]} solo en la {sobre} que lo es."
            cuales = "ninguna de ellas"
        else:
            varias = len(posiciones) > 1
            detalle = f"{'las' if varias else 'la'} {sobre}{'s' if varias else ''} {_y(vistas)} " \
                      f"puede{'n' if varias else ''} ser {_y(nombres, 'o')}"
            arreglo = "Escriba el título exacto del dato que es."
            cuales = f"esas {sobre}s" if varias else f"esa {sobre}"
        observaciones.append(CATALOGO.obs("LIB-008", nombre, *lugar(posiciones[0]), detalle=detalle,
                                          cuales=cuales, arreglo=arreglo))
    return observaciones


def observar_encabezado(tabla: Tabla, ubicacion: Ubicacion | None, grilla: Grilla,
                        nombre: str) -> list[Observacion]:
    """LIB-003 si no hay encabezado (nombra las obligatorias que no aparecen); si lo hay, LIB-002 por
    cada obligatoria que falta y LIB-008 por cada duda."""
    if ubicacion is None:
        parcial = ubicar(grilla, _candidatas(tabla), minimo=1)
        halladas = set(parcial.posiciones) if parcial else set()
        faltan = [f"«{c.encabezado}»" for c in tabla.columnas
                  if c.col.requerido and (c.campo, c.mes) not in halladas]
        texto = ("no aparecen las columnas obligatorias " + _y(faltan)) if faltan else \
            "los títulos que se reconocen no bastan para saber dónde empieza la tabla"
        return [CATALOGO.obs("LIB-003", nombre, faltan=texto)]
    por_clave = {(c.campo, c.mes): c for c in tabla.columnas}
    return [
        *(_falta_columna(por_clave[k], nombre, ubicacion.fila) for k in ubicacion.faltantes),
        *_ambiguedades(tabla, ubicacion.ambiguas, nombre,
                       lambda j: (ubicacion.filas_titulo.get(j, ubicacion.fila), j)),
    ]


def columnas_leidas(libro: LibroLeido) -> list[ColumnaLeida]:
    """Qué título del libro se leyó como cada columna, en las hojas leídas sin el encabezado de la
    plantilla; las columnas con título que no se usan van sin `leida_como`."""
    resultado: list[ColumnaLeida] = []
    for nombre, lectura in libro.hojas.items():
        if not lectura.leidos:
            continue
        declaradas = {(c.campo, c.mes): c.encabezado for c in libro.formato.hoja(nombre).columnas}
        lugares: list[tuple[int, int, str, str | None]] = [
            (*_lugar_del_titulo(lectura, k), texto, declaradas[k]) for k, texto in lectura.leidos.items()
        ]
        lugares += [(lectura.filas_titulo.get(j, lectura.fila_encabezado), j, texto, None)
                    for j, texto in lectura.ignoradas]
        resultado += [ColumnaLeida(lectura.hoja, celda(r, j), texto, como)
                      for r, j, texto, como in sorted(lugares, key=lambda x: (x[1], x[0]))]
    return resultado


def _lugar_del_titulo(lectura: Lectura, k: tuple[str, int | None]) -> tuple[int, int]:
    """(fila, columna) del título: en la fila de encabezados de una tabla, o la etiqueta de una ficha."""
    if k in lectura.posiciones:
        j = lectura.posiciones[k]
        return lectura.filas_titulo.get(j, lectura.fila_encabezado), j
    return lectura.ubicaciones[k[0]][0], 0


def construir_filas(
    modelo: type[Fila], filas: Iterable[tuple[int, dict[str, Any]]], fijados: set[str] | None = None
) -> list[Any]:
    """Filas ya convertidas por los codecs (fila, datos con todos sus campos): se arman sin volver a validar.

    Equivale a `model_construct` sin su recorrido de valores por defecto, que en un lote de cientos de
    libros pesa más que la lectura misma. `fijados` (los campos de `datos` más «fila») puede ser el mismo
    conjunto para todas las filas de una hoja: pydantic lo copia antes de cambiarlo.
    """
    nuevo = modelo.__new__
    poner_datos, poner_fijados, poner_extra, poner_privado = _RANURAS
    objetos = []
    for fila, datos in filas:
        datos["fila"] = fila
        objeto = nuevo(modelo)
        poner_datos(objeto, datos)
        poner_fijados(objeto, set(datos) if fijados is None else fijados)
        poner_extra(objeto, None)
        poner_privado(objeto, None)
        objetos.append(objeto)
    return objetos


def con_cambios(fila: Any, **cambios: Any) -> Any:
    """`fila.model_copy(update=cambios)` sin su copia genérica (que pesa en cada fila de un cálculo):
    una fila nueva de la misma clase, con los cambios sin validar y marcados como fijados."""
    poner_datos, poner_fijados, poner_extra, poner_privado = _RANURAS
    objeto = type(fila).__new__(type(fila))
    poner_datos(objeto, fila.__dict__ | cambios)
    poner_fijados(objeto, fila.__pydantic_fields_set__ | cambios.keys())
    poner_extra(objeto, None if fila.__pydantic_extra__ is None else dict(fila.__pydantic_extra__))
    poner_privado(objeto, None if fila.__pydantic_private__ is None else dict(fila.__pydantic_private__))
    return objeto


_RANURAS = tuple(
    BaseModel.__dict__[ranura].__set__
    for ranura in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
)
"""Las ranuras de un modelo pydantic, puestas directamente (como `object.__setattr__`, sin buscarlas)."""


def construir(modelo: type[Fila], fila: int, datos: dict[str, Any]) -> Any:
    """Una fila ya convertida (ver `construir_filas`)."""
    return construir_filas(modelo, [(fila, datos)])[0]


class _Conversor:
    """Convierte celdas con el codec de su columna y dice lo que no se pudo leer."""

    def __init__(self, hoja: str) -> None:
        self.hoja = hoja

    def convertir(self, c: Columna, valor: Any, r: int, j: int) -> tuple[Any, Observacion | None]:
        """(valor leído, observación si la celda está vacía siendo obligatoria o no se leyó limpia)."""
        if _vacio(valor):
            return None, self.vacio(c, r, j)
        return self.leer(c, valor, r, j)

    def vacio(self, c: Columna, r: int, j: int) -> Observacion | None:
        if c.col.requerido:
            return CATALOGO.obs("LIB-004", self.hoja, r, j, campo=c.encabezado)
        return None

    def leer(self, c: Columna, valor: Any, r: int, j: int) -> tuple[Any, Observacion | None]:
        """Una celda no vacía: su valor, o el rescatado (si lo hay) y por qué no se leyó limpia."""
        try:
            return c.codec.leer(valor), None
        except ValorComoTexto as aviso:
            numero = f"{aviso.valor:g}"
            observacion = CATALOGO.obs(
                "LIB-006", self.hoja, r, j, valor, campo=c.encabezado, detalle=str(aviso), numero=numero
            )
            return aviso.valor, observacion
        except ValorInvalido as problema:
            observacion = CATALOGO.obs(
                "LIB-005", self.hoja, r, j, valor, campo=c.encabezado, detalle=str(problema)
            )
            return None, observacion

    def columna(
        self, c: Columna, valores: Sequence[Any], primera: int, j: int
    ) -> tuple[list[Any], list[tuple[int, Observacion]], set[int]]:
        """La columna entera con su codec; las celdas que deja pendientes, una por una.

        Devuelve los valores (None en las vacías), lo observado por fila (0 = `primera`) y las filas
        cuya celda no estaba vacía aunque su valor haya quedado en None.
        """
        leidos = c.codec.leer_columna(valores)
        observadas: list[tuple[int, Observacion]] = []
        escritas: set[int] = set()
        if PENDIENTE not in leidos:
            return leidos, observadas, escritas
        for i, leido in enumerate(leidos):
            if leido is not PENDIENTE:
                continue
            if _vacio(valores[i]):
                leidos[i] = None
                continue
            escritas.add(i)
            leidos[i], observacion = self.leer(c, valores[i], primera + i, j)
            if observacion is not None:
                observadas.append((i, observacion))
        return leidos, observadas, escritas


def valor_leido(c: Columna, valor: Any) -> Any:
    """Lo que el lector saca de una celda, sin observarla: su valor, el rescatado o None."""
    return _Conversor("").convertir(c, valor, 0, 0)[0]


def _columnas(filas: Grilla, indices: list[int]) -> list[Sequence[Any]]:
    """Las columnas pedidas de las filas (las filas cortas se completan con vacíos)."""
    ancho = max(indices, default=-1) + 1
    if filas and min(map(len, filas)) < ancho:
        filas = [list(f) + [None] * (ancho - len(f)) if len(f) < ancho else f for f in filas]
    todas = list(zip(*filas, strict=True))
    return [todas[j] if todas else () for j in indices]


def _por_campo(entradas: list[tuple[Columna, int]], leidas: list[list[Any]]) -> dict[str, Iterable[Any]]:
    """Campo leído → sus valores fila por fila: la columna leída o, si es mensual, listas de 12 meses."""
    simples: dict[str, Iterable[Any]] = {}
    meses: dict[str, list[Iterable[Any]]] = {}
    for (c, _), leidos in zip(entradas, leidas, strict=True):
        if c.mes is None:
            simples[c.campo] = leidos
        else:
            meses.setdefault(c.campo, [repeat(None)] * 12)[c.mes] = leidos
    return simples | {campo: map(list, zip(*columnas, strict=False)) for campo, columnas in meses.items()}


@contextmanager
def sin_recolector() -> Iterator[None]:
    """Sin el recolector de ciclos mientras se leen y validan miles de filas, que no forman ciclos: en
    un libro grande sus pasadas sobre todo lo vivo costaban más que armar las filas. Lo que se libera
    antes de salir ya no le cuesta nada; lo que queda, lo ve en su próxima pasada. Sirve también
    como decorador."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def leer_tabla(tabla: Tabla, grilla: Filas, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de tabla: detecta el encabezado y convierte, columna por columna, cada fila no vacía.

    Cada codec lee su columna entera (`Codec.leer_columna`) y lo que deja pendiente se lee celda por
    celda; las observaciones nombran su celda y salen en el orden de las filas, como si se hubiera
    leído fila por fila. Las filas se recorren una sola vez, de a bloques: de una hoja grande leída con
    `iter_rows` nunca está entera en Python.
    """
    with sin_recolector():
        return _leer_tabla(tabla, grilla, nombre)


def _leer_tabla(tabla: Tabla, grilla: Filas, nombre: str) -> tuple[Lectura, list[Observacion]]:
    resto = iter(grilla)
    cabeza = list(islice(resto, max(FILAS_BUSQUEDA, tabla.fila_encabezado + 1)))
    ubicado = ubicar_encabezado(tabla, cabeza)
    observaciones = observar_encabezado(tabla, ubicado, cabeza, nombre)
    if ubicado is None:
        con_datos = any(v not in (None, "") for fila in chain(cabeza, resto) for v in fila)
        return Lectura(nombre, [], datos_sin_tabla=con_datos), observaciones
    r_enc, posiciones = ubicado.fila, ubicado.posiciones
    entradas = [
        (c, posiciones[(c.campo, c.mes)])
        for c in tabla.columnas
        if not c.col.calculada and (c.campo, c.mes) in posiciones
    ]
    bloques = _Bloques(tabla, entradas, _Conversor(nombre))
    filas: list[Any] = []
    hallazgos: list[tuple[int, int, Observacion]] = []
    datos = chain(cabeza[r_enc + 1 :], resto)
    desde = r_enc + 1
    while bloque := list(islice(datos, FILAS_POR_BLOQUE)):
        bloques.leer(bloque, desde, filas, hallazgos)
        desde += len(bloque)
    hallazgos.sort(key=lambda h: h[:2])
    observaciones.extend(o for _, _, o in hallazgos)
    lectura = Lectura(nombre, filas, posiciones, r_enc, leidos=ubicado.leidos, ignoradas=ubicado.ignoradas,
                      filas_titulo=ubicado.filas_titulo,
                      en_duda=frozenset(k for a in ubicado.ambiguas for k in a.claves))
    return _con_ilegibles(lectura, observaciones), observaciones


def _con_ilegibles(lectura: Lectura, observaciones: list[Observacion]) -> Lectura:
    """La lectura con las celdas que no se pudieron leer (LIB-005), para que ninguna regla las sume."""
    lectura.ilegibles = frozenset((o.fila, o.columna) for o in observaciones if o.codigo == "LIB-005")
    return lectura


def _etiquetas(ficha: Ficha, grilla: Grilla) -> tuple[dict[str, int], Ubicacion | None]:
    """Campo → fila de su etiqueta en la columna A: exacta si es la de la plantilla; si faltan
    campos, también con otras palabras (las del encabezado de una tabla)."""
    por_clave: dict[str, int] = {}
    for r, fila in enumerate(grilla[:FILAS_FICHA]):
        if fila and isinstance(fila[0], str):
            por_clave.setdefault(clave(fila[0]), r)
    filas: dict[str, int] = {}
    for c in ficha.columnas:
        r = next((por_clave[k] for k in (clave(c.encabezado), *map(clave, c.col.alias)) if k in por_clave),
                 None)
        if r is not None:
            filas[c.campo] = r
    if len(filas) == len(ficha.columnas):
        return filas, None
    columna_a = [[fila[0] if fila else None for fila in grilla[:FILAS_FICHA]]]
    ubicacion = ubicar(columna_a, _candidatas(ficha), filas_busqueda=1, minimo=1)
    if ubicacion is None:
        return filas, None
    usadas = set(filas.values())
    for (campo, _), r in ubicacion.posiciones.items():
        if campo not in filas and r not in usadas:
            filas[campo] = r
    return filas, ubicacion


FILAS_POR_BLOQUE = 512
"""Las filas se convierten de a bloques: lo que se está convirtiendo cabe en la caché del procesador
(en un libro de 20 000 filas, leer todo de una vez era un tercio más lento)."""


class _Bloques:
    """Convierte bloques de filas de datos de una tabla: cada columna del bloque con su codec."""

    def __init__(self, tabla: Tabla, entradas: list[tuple[Columna, int]], conversor: _Conversor) -> None:
        self.modelo = tabla.modelo
        self.entradas = entradas
        self.conversor = conversor
        self.campos = list(dict.fromkeys(c.campo for c in tabla.columnas))
        self.fijados = {*self.campos, "fila"}

    def leer(
        self, grilla: Grilla, primera: int, filas: list[Any], hallazgos: list[tuple[int, int, Observacion]]
    ) -> None:
        """Agrega las filas no vacías del bloque (que empieza en la fila `primera` de la hoja) y lo
        observado, como (fila, entrada, observación) para ordenarlo como si se leyera fila por fila."""
        entradas, conversor = self.entradas, self.conversor
        leidas: list[list[Any]] = []
        escritas: list[set[int]] = []
        columnas = _columnas(grilla, [j for _, j in entradas])
        for k, ((c, j), valores) in enumerate(zip(entradas, columnas, strict=True)):
            leidos, observadas, no_vacias = conversor.columna(c, valores, primera, j)
            leidas.append(leidos)
            hallazgos.extend((primera + i, k, o) for i, o in observadas)
            escritas.append(no_vacias)
        con_dato = set().union(*escritas)
        vacias = {i for i in _sin_ningun_valor(leidas) if i not in con_dato}
        por_campo = _por_campo(entradas, leidas)
        valores = zip(*(por_campo.get(campo, repeat(None)) for campo in self.campos), strict=False)
        datos_por_fila = enumerate(map(dict, map(zip, repeat(self.campos), valores)))
        if vacias:
            no_vacias = [(i, datos) for i, datos in datos_por_fila if i not in vacias]
        else:
            no_vacias = list(datos_por_fila)
        filas.extend(construir_filas(self.modelo, ((primera + i, d) for i, d in no_vacias), self.fijados))
        for k, (c, j) in enumerate(entradas):
            if c.col.requerido and None in leidas[k]:
                columna, escritas_k = leidas[k], escritas[k]
                hallazgos.extend(
                    (primera + i, k, conversor.vacio(c, primera + i, j))
                    for i, _ in no_vacias
                    if columna[i] is None and i not in escritas_k
                )


def _sin_ningun_valor(columnas: list[list[Any]]) -> list[int]:
    """Las filas en que ninguna columna leyó un valor (todas None): se descartan columna por columna, y
    casi todas las filas con datos salen en la primera."""
    if not columnas:
        return []
    quedan = [i for i, v in enumerate(columnas[0]) if v is None]
    for columna in columnas[1:]:
        if not quedan:
            break
        quedan = [i for i in quedan if columna[i] is None]
    return quedan


def leer_ficha(ficha: Ficha, grilla: Filas, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de datos generales: cada etiqueta en la columna A, su valor a la derecha."""
    grilla = grilla if isinstance(grilla, Sequence) else list(grilla)
    observaciones: list[Observacion] = []
    filas, ubicacion = _etiquetas(ficha, grilla)
    en_duda = {campo for a in ubicacion.ambiguas for campo, _ in a.claves} if ubicacion else set()
    if ubicacion is not None:
        observaciones += _ambiguedades(ficha, ubicacion.ambiguas, nombre, lambda r: (r, 0), "etiqueta")
    conversor = _Conversor(nombre)
    datos: dict[str, Any] = {}
    ubicaciones: dict[str, tuple[int, int]] = {}
    leidos: dict[tuple[str, int | None], str] = {}
    for c in ficha.columnas:
        r = filas.get(c.campo)
        if r is None:
            if c.col.requerido and c.campo not in en_duda:
                observaciones.append(
                    CATALOGO.obs("LIB-007", nombre, campo=c.encabezado, otros=_otros_titulos(c)))
            continue
        fila, j = grilla[r], 1
        valor = fila[j] if j < len(fila) else None
        datos[c.campo], observacion = conversor.convertir(c, valor, r, j)
        if observacion is not None:
            observaciones.append(observacion)
        ubicaciones[c.campo] = (r, j)
        if ubicacion is not None:
            leidos[(c.campo, None)] = str(fila[0]).strip()
    fila_unica = ficha.modelo.model_construct(fila=0, **datos)
    lectura = Lectura(nombre, [fila_unica], ubicaciones=ubicaciones, leidos=leidos)
    return _con_ilegibles(lectura, observaciones), observaciones


def leer_libro(formato: Formato, grillas: dict[str, Grilla]) -> LibroLeido:
    """Lee todas las hojas del formato desde las grillas del libro (nombre real → grilla)."""
    return leer_libro_por_llegada(formato, list(grillas), grillas.items())


def leer_libro_por_llegada(
    formato: Formato, nombres: list[str], llegadas: Iterable[tuple[str, Filas]]
) -> LibroLeido:
    """Como `leer_libro`, convirtiendo cada hoja apenas llegan sus filas (`fuentes.filas_por_llegada`):
    la conversión de una hoja se hace mientras calamine sigue leyendo otra, y las filas pasan a Python
    de a bloques mientras se convierten. `nombres` son las hojas del libro; el resultado no depende del
    orden."""
    reales = formato.buscar_hoja(nombres)
    declaradas = {real: formato.hoja(nombre) for nombre, real in reales.items()}
    leidas: dict[str, tuple[Lectura, list[Observacion]]] = {}
    for real, grilla in llegadas:
        h = declaradas.get(real)
        if h is not None:
            leer = leer_tabla if isinstance(h, Tabla) else leer_ficha
            leidas[h.nombre] = leer(h, grilla, real)
    hojas: dict[str, Lectura] = {}
    observaciones: list[Observacion] = []
    for h in formato.hojas:
        if h.nombre in leidas:
            hojas[h.nombre], obs = leidas[h.nombre]
            observaciones.extend(obs)
        elif not h.opcional:
            observaciones.append(CATALOGO.obs("LIB-001", h.nombre, esperada=h.nombre))
    return LibroLeido(formato, hojas, reales, observaciones)
