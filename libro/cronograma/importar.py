"""Leer cronogramas y planes de trabajo que las municipalidades ya tienen en su propio libro.

Un libro ajeno trae filas de título («ANEXO I», «CRONOGRAMA … HUAYOPATA 2024»), un encabezado con
sus propias palabras («OBJETIVO ESPECIFICO», «PLAZO»), filas de fase que solo llenan la primera
celda («PRIMERA FASE: PREPARACION», «B) COMUNICACION, SENSIBILIZACION…») y un objetivo combinado
sobre varias actividades. Aquí se ubica el encabezado con la misma tolerancia del lector, se
copian hacia abajo las celdas combinadas o en blanco, se reconocen las filas de fase y se lee el
resto con `libro.nucleo.lector.leer_tabla`, de modo que cada observación nombra la celda del libro
original. Ninguna fila con datos se pierde.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from libro.cronograma.formato import CRONOGRAMA_PP, SUB_ETAPAS, DatosProceso, PlazoTexto, fase_de
from libro.cronograma.plan_trabajo import PLAN_TRABAJO
from libro.cronograma.plazos import PlazoIlegible, interpretar_plazo
from libro.nucleo.declaracion import Formato, Tabla
from libro.nucleo.fuentes import abrir, grillas_de_archivo
from libro.nucleo.lector import Grilla, Lectura, LibroLeido, leer_tabla, ubicar_encabezado
from libro.nucleo.textos import clave, limpiar

IMPORTABLES: tuple[Formato, ...] = (CRONOGRAMA_PP, PLAN_TRABAJO)
"""Formatos que se pueden leer desde un libro ajeno, en orden de preferencia ante un empate."""
COLUMNAS_MINIMAS = 3
"""Títulos reconocidos que necesita una fila para tomarse como encabezado de un libro ajeno."""
ARRASTRE: dict[str, tuple[str, ...]] = {
    "cronograma-pp": ("objetivo", "metas"),
    "plan-trabajo": ("objetivo", "acciones", "subactividades"),
}
"""Campos que, en blanco, heredan el valor de la fila de arriba (en orden de jerarquía)."""

Rango = tuple[tuple[int, int], tuple[int, int]]
_ANIO = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_PERIODO = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:[-–/]|\bal\b|\ba\b)\s*(?:19|20)\d{2}(?!\d)", re.IGNORECASE)
_ORDEN_MAYUSCULA = re.compile(r"^\s*[A-Z]\s*\)")
_ENUMERADOR = re.compile(r"^\s*(?:[A-Za-z]|[IVXivx]+|\d{1,2})\s*[).\-]+\s*")


class ImportacionFallida(ValueError):
    """El libro no parece un cronograma ni un plan de trabajo (mensaje en español)."""


@dataclass
class LibroAjeno(LibroLeido):
    """Un libro ajeno leído como un formato de libro; los datos del proceso salen del título."""

    datos: DatosProceso | None = None
    origen_anio: str = ""
    """Cómo se supo el año: «indicado», «título», «fechas» o vacío si no se supo."""
    secciones: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    """Fila 0-based de cada fila de fase → (fase, sub-etapa) que abre."""
    rangos: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    """Si el plazo está en dos columnas (inicio y fin): fila 0-based → (inicio, fin) como se escribieron."""


def rangos_de(libro: LibroLeido) -> dict[int, tuple[str | None, str | None]]:
    """Fila → (inicio, fin) de los plazos escritos en dos columnas (solo en libros ajenos)."""
    return libro.rangos if isinstance(libro, LibroAjeno) else {}


def datos_proceso(libro: LibroLeido) -> DatosProceso | None:
    """Los datos del proceso: la ficha «Datos» del libro, o lo deducido del título de un libro ajeno."""
    if isinstance(libro, LibroAjeno):
        return libro.datos
    filas = libro.filas("Datos")
    return filas[0] if filas else None


def _vacio(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def rellenar_combinadas(grilla: Grilla, rangos: Sequence[Rango] | None, desde: int = 0) -> list[list[Any]]:
    """Copia de la grilla con cada celda combinada de varias filas llena con el valor de su primera fila.

    Solo se copia hacia abajo en la primera columna del rango: una combinación horizontal (una
    fila de fase sobre todas las columnas) no repite su texto en las demás columnas.
    """
    copia = [list(fila) for fila in grilla]
    for (r0, c0), (r1, _c1) in rangos or ():
        if r1 <= r0 or r0 < desde or r0 >= len(copia):
            continue
        valor = copia[r0][c0] if c0 < len(copia[r0]) else None
        for r in range(r0 + 1, min(r1, len(copia) - 1) + 1):
            if len(copia[r]) <= c0:
                copia[r].extend([None] * (c0 + 1 - len(copia[r])))
            if _vacio(copia[r][c0]):
                copia[r][c0] = valor
    return copia


def texto_de_seccion(fila: Sequence[Any], primera_columna: int) -> str | None:
    """El texto de una fila de fase o etapa: la única celda llena, en la primera columna de la tabla.

    Una fila con solo la primera celda llena es de fase o etapa si nombra una fase («PRIMERA FASE:
    PREPARACION», «Concertación»), si empieza con una letra mayúscula de orden («B) Comunicación…»),
    si empieza con una etapa conocida («Talleres de trabajo») o si está toda en mayúsculas. Si no,
    es un objetivo sin actividades en su fila (lo hereda la fila siguiente).
    """
    llenas = [(j, v) for j, v in enumerate(fila) if not _vacio(v)]
    if len(llenas) != 1 or llenas[0][0] > primera_columna or not isinstance(llenas[0][1], str):
        return None
    texto = limpiar(llenas[0][1])
    sin_orden = _ENUMERADOR.sub("", texto)
    letras = [c for c in sin_orden if c.isalpha()]
    mayusculas = bool(letras) and sum(c.isupper() for c in letras) >= 0.8 * len(letras)
    nombra_fase = fase_de(texto) is not None and ("fase" in texto.lower() or len(sin_orden.split()) <= 4)
    etapa = clave(sin_orden).startswith(tuple(clave(e) for e in SUB_ETAPAS))
    if nombra_fase or mayusculas or etapa or _ORDEN_MAYUSCULA.match(texto):
        return texto
    return None


def clasificar_seccion(texto: str) -> tuple[str | None, str | None]:
    """(fase, sub-etapa) que abre una fila de sección; una de las dos es None.

    «PRIMERA FASE: PREPARACION» y «CONCERTACIÓN» abren una fase; «A) PREPARACION» o
    «C) CAPACITACION DE AGENTES PARTICIPANTES» abren una sub-etapa dentro de la fase en curso.
    """
    sin_orden = _ENUMERADOR.sub("", texto).strip(" :.-")
    fase = fase_de(texto)
    if fase and ("fase" in texto.lower() or (sin_orden == texto and len(sin_orden.split()) <= 5)):
        return fase, None
    return None, sin_orden or texto


def anio_de_titulo(textos: Sequence[str]) -> int | None:
    """El año escrito en las filas de título, si hay uno solo («… HUAYOPATA 2024» → 2024).

    Un periodo («2023-2026») no es el año del proceso y no cuenta.
    """
    anios: set[int] = set()
    for texto in textos:
        sin_periodos = _PERIODO.sub(" ", texto)
        anios.update(int(a) for a in _ANIO.findall(sin_periodos))
    return anios.pop() if len(anios) == 1 else None


def anio_de_fechas(valores: Sequence[Any]) -> int | None:
    """El primer año entre las fechas completas: celdas de fecha o plazos que escriben su año."""
    anios = []
    for valor in valores:
        if isinstance(valor, date):
            anios.append(valor.year)
        elif isinstance(valor, str) and not _vacio(valor):
            try:
                anios.append(interpretar_plazo(valor, None).inicio.year)
            except PlazoIlegible:
                continue
    return min(anios, default=None)


def _tabla(formato: Formato) -> Tabla:
    return next(h for h in formato.hojas if isinstance(h, Tabla))


def elegir(grillas: dict[str, Grilla]) -> tuple[Formato, str, int] | None:
    """El formato y la hoja cuyo encabezado reconoce más columnas (y cuántas), o None.

    Cuentan también las columnas en duda (dos títulos que podrían ser el plazo): la hoja es de ese
    formato y la duda se informa al leerla. Ante un empate gana el que asignó más columnas sin duda
    («ACCIONES / ACTIVIDADES» es la actividad del cronograma, pero en el plan puede ser la acción o
    la subactividad).
    """
    mejor: tuple[tuple[int, int, int], Formato, str] | None = None
    for nombre, grilla in grillas.items():
        for preferencia, formato in enumerate(IMPORTABLES):
            ubicado = ubicar_encabezado(_tabla(formato), grilla)
            if ubicado is None:
                continue
            asignadas = len(ubicado.posiciones)
            puntos = (asignadas + sum(len(a.columnas) for a in ubicado.ambiguas), asignadas, -preferencia)
            if mejor is None or puntos > mejor[0]:
                mejor = (puntos, formato, nombre)
    if mejor is None or mejor[0][0] < COLUMNAS_MINIMAS:
        return None
    return mejor[1], mejor[2], mejor[0][0]


def importar_grilla(
    formato: Formato, nombre: str, grilla: Grilla, combinadas: Sequence[Rango] | None = None,
    anio: int | None = None,
) -> LibroAjeno:
    """Lee la hoja `nombre` de un libro ajeno como el formato dado."""
    tabla = _tabla(formato)
    ubicado = ubicar_encabezado(tabla, grilla)
    if ubicado is None:
        lectura, observaciones = leer_tabla(tabla, grilla, nombre)
        return LibroAjeno(formato, {tabla.nombre: lectura}, {tabla.nombre: nombre}, observaciones)
    r_enc = ubicado.fila
    rango = _columnas_de_rango(ubicado.posiciones)
    posiciones = ubicado.posiciones if rango is None else {**ubicado.posiciones, ("plazo", None): rango[0]}
    primera = min(posiciones.values())
    llena = rellenar_combinadas(grilla, combinadas, desde=r_enc + 1)
    secciones: dict[int, tuple[str | None, str | None]] = {}
    en_curso: tuple[str | None, str | None] = (None, None)
    por_fila: dict[int, tuple[str | None, str | None]] = {}
    arrastre = [(c, posiciones[(c, None)]) for c in ARRASTRE.get(formato.id, ()) if (c, None) in posiciones]
    anteriores: dict[str, Any] = {}
    pendiente: int | None = None
    columnas = sorted(posiciones.values())
    con_fase = "fase" in tabla.modelo.model_fields
    for r in range(r_enc + 1, len(llena)):
        fila = llena[r]
        seccion = texto_de_seccion(grilla[r], primera) if con_fase else None
        if seccion is not None:
            fase, sub_etapa = clasificar_seccion(seccion)
            en_curso = (fase, None) if fase else (en_curso[0], sub_etapa)
            secciones[r] = en_curso
            llena[r] = [None] * len(fila)
            anteriores, pendiente = {}, None
            continue
        if all(j >= len(fila) or _vacio(fila[j]) for j in columnas):
            continue
        heredando = True
        for campo, j in arrastre:
            if len(fila) <= j:
                fila.extend([None] * (j + 1 - len(fila)))
            if heredando and _vacio(fila[j]) and campo in anteriores:
                fila[j] = anteriores[campo]
                if pendiente is not None:
                    llena[pendiente] = [None] * len(llena[pendiente])
                    por_fila.pop(pendiente, None)
                    pendiente = None
            else:
                heredando = False
            anteriores[campo] = fila[j]
        pendiente = r if arrastre and _solo_en(fila, columnas, arrastre[0][1]) else None
        por_fila[r] = en_curso
    titulos = [limpiar(v) for fila in grilla[:r_enc] for v in fila if isinstance(v, str) and v.strip()]
    anio, origen = _anio(anio, titulos, grilla, r_enc, posiciones)
    lectura, observaciones = leer_tabla(tabla, llena, nombre)
    rangos: dict[int, tuple[str | None, str | None]] = {}
    if rango is not None:
        lectura, rangos = _plazos_de_rango(lectura, llena, rango)
    suplidas = {f"la columna «{c.encabezado}» " for c in tabla.columnas if c.campo in ("fase", "sub_etapa")}
    observaciones = [o for o in observaciones
                     if not (o.codigo == "LIB-002" and any(s in o.mensaje for s in suplidas))]
    if con_fase:
        filas = []
        for f in lectura.filas:
            fase, sub_etapa = por_fila.get(f.fila, (None, None))
            filas.append(f.model_copy(update={"fase": f.fase or fase, "sub_etapa": f.sub_etapa or sub_etapa}))
        lectura = replace(lectura, filas=filas)
    datos = DatosProceso(titulo=max(titulos, key=len, default="")[:500] or None, anio=anio)
    return LibroAjeno(formato, {tabla.nombre: lectura}, {tabla.nombre: nombre}, observaciones,
                      datos=datos, origen_anio=origen, secciones=secciones, rangos=rangos)


def _columnas_de_rango(posiciones: dict[tuple[str, int | None], int]) -> tuple[int, int, int] | None:
    """(columna del plazo, de inicio, de fin) cuando el plazo no tiene columna propia y sí la tienen
    su inicio o su fin («FECHA DE INICIO» y «FECHA DE TÉRMINO», «Desde» y «Hasta»); -1 si falta una."""
    if ("plazo", None) in posiciones:
        return None
    inicio, fin = posiciones.get(("inicio", None), -1), posiciones.get(("fin", None), -1)
    if inicio < 0 and fin < 0:
        return None
    return (inicio if inicio >= 0 else fin), inicio, fin


_PLAZO = PlazoTexto()


def _texto_de_plazo(fila: Sequence[Any], j: int) -> str | None:
    """Lo escrito en una celda de inicio o de fin: una fecha de Excel como «dd/mm/aaaa», o su texto."""
    valor = fila[j] if 0 <= j < len(fila) else None
    if _vacio(valor):
        return None
    try:
        return _PLAZO.leer(valor)
    except ValueError:  # un texto demasiado largo: se deja tal cual y el plazo lo observa
        return limpiar(str(valor))


def _plazos_de_rango(
    lectura: Lectura, grilla: Grilla, rango: tuple[int, int, int]
) -> tuple[Lectura, dict[int, tuple[str | None, str | None]]]:
    """Las filas con su plazo armado desde las dos columnas («07/04/2025 al 11/04/2025») y, por fila,
    lo escrito en cada una; el plazo se ubica en la celda de inicio para las observaciones."""
    _, j_inicio, j_fin = rango
    rangos = {f.fila: (_texto_de_plazo(grilla[f.fila], j_inicio), _texto_de_plazo(grilla[f.fila], j_fin))
              for f in lectura.filas}
    filas = [f.model_copy(update={"plazo": _unir(*rangos[f.fila])}) for f in lectura.filas]
    return replace(lectura, filas=filas, posiciones={**lectura.posiciones, ("plazo", None): rango[0]}), rangos


def _unir(inicio: str | None, fin: str | None) -> str | None:
    if inicio and fin and inicio != fin:
        return f"{inicio} al {fin}"
    return inicio or fin


def _solo_en(fila: Sequence[Any], columnas: list[int], columna: int) -> bool:
    """La fila solo tiene lleno el objetivo: lo hereda la fila siguiente si lo deja en blanco."""
    llenas = [j for j in columnas if j < len(fila) and not _vacio(fila[j])]
    return llenas == [columna]


def _anio(anio: int | None, titulos: list[str], grilla: Grilla, r_enc: int,
          posiciones: dict[tuple[str, int | None], int]) -> tuple[int | None, str]:
    """El año del proceso y de dónde salió: indicado, escrito en el título o de las fechas completas."""
    if anio is not None:
        return anio, "indicado"
    if (anio := anio_de_titulo(titulos)) is not None:
        return anio, "título"
    j = posiciones.get(("plazo", None))
    valores = [f[j] for f in grilla[r_enc + 1:] if j is not None and j < len(f)]
    if (anio := anio_de_fechas(valores)) is not None:
        return anio, "fechas"
    return None, ""


def _combinadas(libro: CalamineWorkbook, nombre: str) -> list[Rango]:
    try:
        return list(libro.get_sheet_by_name(nombre).merged_cell_ranges or ())
    except Exception:  # noqa: BLE001 - .xls y .ods pueden no informar celdas combinadas
        return []


def importar_archivo(
    ruta: Path, anio: int | None = None, abierto: CalamineWorkbook | None = None
) -> LibroAjeno:
    """Lee un libro ajeno (cronograma o plan de trabajo); `ImportacionFallida` si no lo parece."""
    libro = abierto or abrir(ruta)
    grillas = grillas_de_archivo(ruta, libro=libro)
    elegido = elegir(grillas)
    if elegido is None:
        raise ImportacionFallida(
            f"«{ruta.name}» no tiene una fila de encabezados de cronograma (Objetivo, Actividades, "
            "Plazo, Responsable…) ni de plan de trabajo (Objetivo, Acciones, Sub actividades, "
            "Fecha, Responsable) en sus primeras 25 filas. Revise que los títulos de las columnas "
            "estén en una sola fila."
        )
    formato, nombre, _ = elegido
    return importar_grilla(formato, nombre, grillas[nombre], _combinadas(libro, nombre), anio)


def leer_ajeno(
    ruta: Path, abierto: CalamineWorkbook | None = None, identificado: Formato | None = None
) -> LibroLeido | None:
    """Enganche de `procesos.leer_archivo` para un libro sin la etiqueta de libro.

    Devuelve el libro ajeno leído como cronograma o plan de trabajo, o None si no lo parece o si
    sus hojas ya lo identificaron como otro formato (`identificado`), que se lee como siempre.
    """
    if identificado is not None and identificado.id not in {f.id for f in IMPORTABLES}:
        return None
    try:
        return importar_archivo(ruta, None, abierto)
    except ImportacionFallida:
        return None
