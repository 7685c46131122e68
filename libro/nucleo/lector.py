"""De una grilla de valores (calamine o xlwings) a filas tipadas que recuerdan su celda.

La grilla es la frontera: una lista de filas, cada una lista de valores, desde A1. El mismo
código lee un archivo sin Excel y un libro abierto a través de xlwings.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.codecs import ValorComoTexto, ValorInvalido
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


def construir(modelo: type[Fila], fila: int, datos: dict[str, Any]) -> Any:
    """Fila ya convertida por los codecs (con todos sus campos): se arma sin volver a validar.

    Equivale a `model_construct` sin su recorrido de valores por defecto, que en un lote de
    cientos de libros pesa más que la lectura misma.
    """
    datos["fila"] = fila
    objeto = modelo.__new__(modelo)
    object.__setattr__(objeto, "__dict__", datos)
    object.__setattr__(objeto, "__pydantic_fields_set__", set(datos))
    object.__setattr__(objeto, "__pydantic_extra__", None)
    object.__setattr__(objeto, "__pydantic_private__", None)
    return objeto


class _Conversor:
    """Convierte celdas con el codec de su columna y anota lo que no se pudo leer."""

    def __init__(self, hoja: str, observaciones: list[Observacion]) -> None:
        self.hoja = hoja
        self.observaciones = observaciones

    def convertir(self, c: Columna, valor: Any, r: int, j: int) -> Any:
        if valor is None or valor == "" or (type(valor) is str and not valor.strip()):
            return self.vacio(c, r, j)
        try:
            return c.codec.leer(valor)
        except ValueError as problema:
            return self.problema(c, valor, r, j, problema)

    def vacio(self, c: Columna, r: int, j: int) -> None:
        if c.col.requerido:
            self.observaciones.append(CATALOGO.obs("LIB-004", self.hoja, r, j, campo=c.encabezado))

    def problema(self, c: Columna, valor: Any, r: int, j: int, problema: ValueError) -> Any:
        """Anota por qué no se pudo leer la celda; devuelve el valor rescatado, si lo hay."""
        if isinstance(problema, ValorComoTexto):
            self.observaciones.append(
                CATALOGO.obs(
                    "LIB-006",
                    self.hoja,
                    r,
                    j,
                    valor,
                    campo=c.encabezado,
                    detalle=str(problema),
                    numero=f"{problema.valor:g}",
                )
            )
            return problema.valor
        if isinstance(problema, ValorInvalido):
            self.observaciones.append(
                CATALOGO.obs("LIB-005", self.hoja, r, j, valor, campo=c.encabezado, detalle=str(problema))
            )
            return None
        raise problema


def leer_tabla(tabla: Tabla, grilla: Grilla, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de tabla: detecta el encabezado y convierte cada fila no vacía."""
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
    indices = [j for _, j in entradas]
    ancho_minimo = max(indices, default=-1) + 1
    plantilla_fila = {c.campo: None for c in tabla.columnas}
    mensuales = {c.campo for c, _ in entradas if c.mes is not None}
    conversor = _Conversor(nombre, observaciones)
    rapidas = [(c.campo, c.mes, j, c.codec.leer, c) for c, j in entradas]
    filas = []
    for r in range(r_enc + 1, len(grilla)):
        fila = grilla[r]
        if len(fila) < ancho_minimo:
            fila = list(fila) + [None] * (ancho_minimo - len(fila))
        if all(fila[j] is None or fila[j] == "" or _vacio(fila[j]) for j in indices):
            continue
        datos = dict(plantilla_fila)
        for campo in mensuales:
            datos[campo] = [None] * 12
        for campo, mes, j, leer, c in rapidas:
            v = fila[j]
            if v is None or v == "" or (type(v) is str and not v.strip()):
                leido = conversor.vacio(c, r, j)
            else:
                try:
                    leido = leer(v)
                except ValueError as problema:
                    leido = conversor.problema(c, v, r, j, problema)
            if mes is None:
                datos[campo] = leido
            else:
                datos[campo][mes] = leido
        filas.append(construir(tabla.modelo, r, datos))
    return Lectura(nombre, filas, posiciones, r_enc), observaciones


def leer_ficha(ficha: Ficha, grilla: Grilla, nombre: str) -> tuple[Lectura, list[Observacion]]:
    """Lee una hoja de datos generales: cada etiqueta en la columna A, su valor a la derecha."""
    observaciones: list[Observacion] = []
    etiquetas: dict[str, int] = {}
    for r, fila in enumerate(grilla[:60]):
        if fila and isinstance(fila[0], str):
            etiquetas.setdefault(clave(fila[0]), r)
    conversor = _Conversor(nombre, observaciones)
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
        datos[c.campo] = conversor.convertir(c, valor, r, j)
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
