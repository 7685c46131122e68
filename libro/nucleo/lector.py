"""De una grilla de valores (calamine o xlwings) a filas tipadas que recuerdan su celda.

La grilla es la frontera: una lista de filas, cada una lista de valores, desde A1. El mismo
código lee un archivo sin Excel y un libro abierto a través de xlwings.
"""

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import count, repeat
from typing import Any

from pydantic import BaseModel

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.codecs import PENDIENTE, ValorComoTexto, ValorInvalido
from libro.nucleo.declaracion import Columna, Ficha, Fila, Formato, Tabla
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import MESES_LARGOS, clave

Grilla = Sequence[Sequence[Any]]
FILAS_BUSQUEDA_ENCABEZADO = 25

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
        "no se encontró la columna «{campo}» en la fila de encabezados {fila_excel}. "
        "Agréguela con ese título.",
    ),
    Definicion(
        "LIB-003",
        E,
        "No se encontró el encabezado",
        "no se encontró la fila de encabezados (se buscó en las primeras "
        f"{FILAS_BUSQUEDA_ENCABEZADO} filas). Los títulos esperados son: {{esperados}}.",
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
        "no se encontró la etiqueta «{campo}» en la columna A. Agréguela con su valor en la columna B.",
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

    def columna(self, campo: str, mes: int | None = None) -> int | None:
        return self.posiciones.get((campo, mes))


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


def _claves_columna(c: Columna) -> set[str]:
    claves = {clave(c.encabezado)} | {clave(a) for a in c.col.alias if c.mes is None}
    if c.mes is not None:
        prefijo = c.col.encabezado.split("{mes}")[0]
        claves.add(clave(prefijo + MESES_LARGOS[c.mes]))
    return claves


def ubicar_encabezado(tabla: Tabla, grilla: Grilla) -> tuple[int, dict[tuple[str, int | None], int]] | None:
    """Fila de encabezados y columna de cada campo, tolerante a tildes, orden y espacios."""
    por_clave: dict[str, Columna] = {}
    for c in tabla.columnas:
        for k in _claves_columna(c):
            por_clave.setdefault(k, c)
    mejor: tuple[int, dict[tuple[str, int | None], int]] | None = None
    for r, fila in enumerate(grilla[:FILAS_BUSQUEDA_ENCABEZADO]):
        posiciones: dict[tuple[str, int | None], int] = {}
        for j, valor in enumerate(fila):
            if isinstance(valor, str) and valor:
                c = por_clave.get(clave(valor))
                if c is not None:
                    posiciones.setdefault((c.campo, c.mes), j)
        if posiciones and (mejor is None or len(posiciones) > len(mejor[1])):
            mejor = (r, posiciones)
    requeridas = [c for c in tabla.columnas if c.col.requerido]
    if mejor is None or len(mejor[1]) < max(2, len(requeridas) // 2):
        return None
    return mejor


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
def _sin_recolector() -> Iterator[None]:
    """Sin el recolector de ciclos mientras se arman miles de filas, que no forman ciclos: en un libro
    grande sus pasadas sobre todo lo vivo costaban más que armar las filas."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def leer_tabla(tabla: Tabla, grilla: Grilla, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de tabla: detecta el encabezado y convierte, columna por columna, cada fila no vacía.

    Cada codec lee su columna entera (`Codec.leer_columna`) y lo que deja pendiente se lee celda por
    celda; las observaciones nombran su celda y salen en el orden de las filas, como si se hubiera
    leído fila por fila.
    """
    with _sin_recolector():
        return _leer_tabla(tabla, grilla, nombre)


def _leer_tabla(tabla: Tabla, grilla: Grilla, nombre: str) -> tuple[Lectura, list[Observacion]]:
    observaciones: list[Observacion] = []
    ubicado = ubicar_encabezado(tabla, grilla)
    if ubicado is None:
        esperados = ", ".join(c.encabezado for c in tabla.columnas if c.col.requerido)
        observaciones.append(CATALOGO.obs("LIB-003", nombre, esperados=esperados))
        return Lectura(nombre, []), observaciones
    r_enc, posiciones = ubicado
    for c in tabla.columnas:
        if c.col.requerido and (c.campo, c.mes) not in posiciones:
            observaciones.append(
                CATALOGO.obs("LIB-002", nombre, r_enc, None, campo=c.encabezado, fila_excel=r_enc + 1)
            )
    entradas = [
        (c, posiciones[(c.campo, c.mes)])
        for c in tabla.columnas
        if not c.col.calculada and (c.campo, c.mes) in posiciones
    ]
    bloques = _Bloques(tabla, entradas, _Conversor(nombre))
    filas: list[Any] = []
    hallazgos: list[tuple[int, int, Observacion]] = []
    for desde in range(r_enc + 1, len(grilla), FILAS_POR_BLOQUE):
        bloques.leer(grilla[desde : desde + FILAS_POR_BLOQUE], desde, filas, hallazgos)
    hallazgos.sort(key=lambda h: h[:2])
    observaciones.extend(o for _, _, o in hallazgos)
    return Lectura(nombre, filas, posiciones, r_enc), observaciones


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

        def con_algo(i: int) -> bool:
            """Fila sin ningún valor verdadero: ¿tiene alguno (un cero) o una celda que no se pudo leer?"""
            return i in con_dato or any(leidos[i] is not None for leidos in leidas)

        por_campo = _por_campo(entradas, leidas)
        valores = zip(*(por_campo.get(campo, repeat(None)) for campo in self.campos), strict=False)
        datos_por_fila = map(dict, map(zip, repeat(self.campos), valores))
        llenas = map(any, zip(*leidas, strict=True))
        no_vacias = [
            (i, datos)
            for i, llena, datos in zip(count(), llenas, datos_por_fila, strict=False)
            if llena or con_algo(i)
        ]
        filas.extend(construir_filas(self.modelo, ((primera + i, d) for i, d in no_vacias), self.fijados))
        for k, (c, j) in enumerate(entradas):
            if c.col.requerido and None in leidas[k]:
                columna, escritas_k = leidas[k], escritas[k]
                hallazgos.extend(
                    (primera + i, k, conversor.vacio(c, primera + i, j))
                    for i, _ in no_vacias
                    if columna[i] is None and i not in escritas_k
                )


def leer_ficha(ficha: Ficha, grilla: Grilla, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de datos generales: cada etiqueta en la columna A, su valor a la derecha."""
    observaciones: list[Observacion] = []
    etiquetas: dict[str, int] = {}
    for r, fila in enumerate(grilla[:60]):
        if fila and isinstance(fila[0], str):
            etiquetas.setdefault(clave(fila[0]), r)
    conversor = _Conversor(nombre)
    datos: dict[str, Any] = {}
    ubicaciones: dict[str, tuple[int, int]] = {}
    for c in ficha.columnas:
        r = next((etiquetas[k] for k in _claves_columna(c) if k in etiquetas), None)
        if r is None:
            if c.col.requerido:
                observaciones.append(CATALOGO.obs("LIB-007", nombre, campo=c.encabezado))
            continue
        fila, j = grilla[r], 1
        valor = fila[j] if j < len(fila) else None
        datos[c.campo], observacion = conversor.convertir(c, valor, r, j)
        if observacion is not None:
            observaciones.append(observacion)
        ubicaciones[c.campo] = (r, j)
    fila_unica = ficha.modelo.model_construct(fila=0, **datos)
    return Lectura(nombre, [fila_unica], ubicaciones=ubicaciones), observaciones


def leer_libro(formato: Formato, grillas: dict[str, Grilla]) -> LibroLeido:
    """Lee todas las hojas del formato desde las grillas del libro (nombre real → grilla)."""
    reales = formato.buscar_hoja(list(grillas))
    hojas: dict[str, Lectura] = {}
    observaciones: list[Observacion] = []
    for h in formato.hojas:
        real = reales.get(h.nombre)
        if real is None and h.opcional:
            continue
        if real is None:
            observaciones.append(CATALOGO.obs("LIB-001", h.nombre, esperada=h.nombre))
            continue
        leer = leer_tabla if isinstance(h, Tabla) else leer_ficha
        lectura, obs = leer(h, grillas[real], real)
        hojas[h.nombre] = lectura
        observaciones.extend(obs)
    return LibroLeido(formato, hojas, reales, observaciones)
