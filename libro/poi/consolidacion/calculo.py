"""Consolidación institucional de OPP: qué se consolida de cada libro y qué se excluye, y por qué.

Directiva 003-2016-MPH/17, art. 10 y 12: OPP consolida la programación de actividades por unidad
orgánica, el presupuesto por unidad orgánica y el cuadro resumen (bienes, servicios, total) y,
cada trimestre, analiza y consolida las evaluaciones de las unidades en un informe.

Cada archivo se lee y valida en un proceso aparte (`libro.consolidar`), que devuelve solo lo que se
consolida en columnas compactas (una lista por campo de texto y un `array` de números), nunca un
objeto por actividad. Las columnas salen de la declaración del POI (`COLUMNAS`). Las tablas con
pandas están en `libro.poi.consolidacion.agregados`; el libro, en `libro.poi.consolidacion.hojas`.
"""

from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from libro.nucleo.codecs import Numero
from libro.nucleo.declaracion import Columna
from libro.nucleo.lector import LibroLeido
from libro.nucleo.resultado import Resultado
from libro.poi.evaluacion.calculo import plazo_de_presentacion, soles_de_fila
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.formato import PLAZO_PRESENTACION, POI
from libro.poi.objetivos import HOJA_AEI
from libro.poi.perfiles import cuadro_presupuesto

NO_SE_CONSOLIDAN = ("perfil", "mes_unico", "pesos")
"""Cómo repartió la unidad sus metas: se consolida lo programado, no el método."""
TOTAL_DE_FILA = ("valorizacion_anual", "montos")
"""La valorización anual de cada fila es la suma de sus montos mensuales (una fórmula en el libro)."""

IDENTIFICACION: tuple[Columna, ...] = (
    *(c for c in POI.hoja("Datos").columnas if c.campo in ("codigo_unidad", "nombre_unidad")),
    *(c for c in HOJA_AEI.columnas if c.campo == "oei"),
)
"""Las columnas que el consolidado antepone a las de la unidad: quién programó y bajo qué OEI."""
COLUMNAS: tuple[Columna, ...] = IDENTIFICACION + tuple(
    c for c in POI.hoja("Actividades").columnas if not c.col.calculada and c.campo not in NO_SE_CONSOLIDAN
)
"""Las columnas del «POI institucional», en orden, tal como las declara el POI."""
TEXTOS = tuple(c.campo for c in COLUMNAS if not isinstance(c.codec, Numero))
POR_UNIDAD = ("codigo_unidad", "nombre_unidad")
"""Textos de la unidad, iguales en todas sus filas: no viajan por actividad."""
TEXTOS_ACTIVIDAD = tuple(campo for campo in TEXTOS if campo not in POR_UNIDAD and campo != "oei")
NUMEROS = tuple(c for c in COLUMNAS if isinstance(c.codec, Numero) and c.campo != TOTAL_DE_FILA[0])
"""Las columnas numéricas que se leen (la valorización anual es la suma de los meses)."""
CAMPOS_NUMERICOS = tuple(dict.fromkeys((c.campo, c.mes is not None) for c in NUMEROS))

EVALUADAS: tuple[Columna, ...] = tuple(
    c
    for campo in (
        "codigo",
        "actividad",
        "aei",
        "semaforo",
        "avance_trimestral",
        "soles_trimestre",
        "ejecutado_soles_trimestre",
        "factores_desfavorables",
        "medidas_correctivas",
    )
    for c in EVALUACION_POI.hoja("Evaluación").columnas
    if c.campo == campo
)
"""Las columnas de la evaluación que se consolidan, tal como las declara la evaluación."""
TEXTOS_EVALUACION = tuple(c.campo for c in EVALUADAS if not isinstance(c.codec, Numero))
NUMEROS_EVALUACION = tuple(c.campo for c in EVALUADAS if isinstance(c.codec, Numero))
SIN_CALCULO = "Sin cálculo"
"""Semáforo de una actividad sin porcentaje (ejecutado vacío o programado en cero)."""

MOTIVOS = {
    "ilegible": "Archivo ilegible",
    "desconocido": "Libro no reconocido como POI ni evaluación",
    "omitido": "No es un libro que se lea",
    "formato": "Libro de otro formato",
    "version": "Otra versión de la plantilla",
    "errores": "Presentó con errores",
    "anio": "Otro año fiscal",
    "duplicado": "Código de unidad repetido",
    "trimestre": "Evaluación de otro trimestre",
    "sin_trimestre": "Evaluación sin trimestre pedido",
}
OMITIDOS = ("omitido", "formato")
"""Archivos que no son POI ni evaluaciones: se omiten; los demás no consolidados se excluyen."""
NADA = float("nan")


# ------------------------------------------------------------------ lo que devuelve cada proceso


@dataclass
class UnidadPoi:
    codigo: str
    nombre: str
    anio: int | None
    fecha_presentacion: date | None
    marco: float | None
    modificado: float | None
    """Presupuesto tras las modificaciones; None si la unidad no registró ninguna."""
    bienes: float
    servicios: float
    textos: dict[str, list[str]]
    """Campo de `TEXTOS` (salvo los de la unidad) → su valor en cada actividad."""
    numeros: array
    """Los `NUMEROS` de cada actividad, fila tras fila; NaN es una celda vacía."""
    nombres_aei: dict[str, str]

    @property
    def actividades(self) -> int:
        return len(self.numeros) // len(NUMEROS)


@dataclass
class EvaluacionUnidad:
    codigo: str
    nombre: str
    anio: int | None
    trimestre: int | None
    fecha_presentacion: date | None
    textos: dict[str, list[str]]
    numeros: array
    """Los `NUMEROS_EVALUACION` de cada actividad, fila tras fila; NaN es una celda vacía."""


@dataclass
class Leido(Resultado):
    """El `Resultado` del lote más lo que la consolidación necesita del libro."""

    motivo: str = ""
    unidad: UnidadPoi | None = None
    evaluacion: EvaluacionUnidad | None = None
    codigo: str = ""
    """Código de la unidad, si se pudo leer (también de un libro con errores)."""
    nombre: str = ""


def oei_de(aei: str | None, mapa: dict[str, str]) -> str:
    if not aei:
        return "(sin OEI)"
    if aei in mapa:
        return mapa[aei]
    partes = aei.split(".")
    return f"OEI.{partes[1]}" if len(partes) == 3 else "(sin OEI)"


def _numeros(filas: list[Any], campos: tuple[tuple[str, bool], ...]) -> array:
    """Los números de cada fila, fila tras fila: (campo, mensual) en orden; None y vacíos son NaN."""
    doce = (None,) * 12
    valores = [
        v
        for fila in filas
        for campo, mensual in campos
        for v in ((getattr(fila, campo) or doce) if mensual else (getattr(fila, campo),))
    ]
    return array("d", [NADA if v is None else v for v in valores])


def unidad_poi(libro: LibroLeido, modificado: float | None) -> UnidadPoi:
    """Lo que se consolida de un POI ya calculado y sin errores."""
    d = libro.ficha("Datos")
    aei_oei = {a.codigo: a.oei for a in libro.filas("AEI") if a.codigo and a.oei}
    filas = libro.filas("Actividades")
    textos = {campo: [getattr(a, campo) or "" for a in filas] for campo in TEXTOS_ACTIVIDAD}
    textos["oei"] = [oei_de(a.aei, aei_oei) for a in filas]
    textos["aei"] = [a.aei or "(sin AEI)" for a in filas]
    cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in libro.filas("Insumos"))
    return UnidadPoi(
        d.codigo_unidad or "",
        d.nombre_unidad or "",
        d.anio_fiscal,
        d.fecha_presentacion,
        d.marco_presupuestal,
        modificado,
        cuadro.bienes,
        cuadro.servicios,
        textos,
        _numeros(filas, CAMPOS_NUMERICOS),
        {a.codigo: a.accion or "" for a in libro.filas("AEI") if a.codigo},
    )


def evaluacion_unidad(libro: LibroLeido) -> EvaluacionUnidad:
    """Lo que se consolida de una evaluación ya calculada y sin errores."""
    d = libro.ficha("Datos")
    filas = libro.filas("Evaluación")
    textos = {campo: [getattr(f, campo) or "" for f in filas] for campo in TEXTOS_EVALUACION}
    textos["aei"] = [f.aei or "(sin AEI)" for f in filas]
    textos["semaforo"] = [f.semaforo or SIN_CALCULO for f in filas]
    lectores: dict[str, Callable[[Any], float | None]] = {
        "soles_trimestre": soles_de_fila,
        "ejecutado_soles_trimestre": lambda f: f.ejecutado_soles_trimestre or 0.0,
    }
    leer = [lectores.get(campo, lambda f, campo=campo: getattr(f, campo)) for campo in NUMEROS_EVALUACION]
    numeros = array("d", [NADA if (v := lector(f)) is None else v for f in filas for lector in leer])
    return EvaluacionUnidad(
        d.codigo_unidad or "",
        d.nombre_unidad or "",
        d.anio_fiscal,
        d.trimestre,
        d.fecha_presentacion,
        textos,
        numeros,
    )


# ------------------------------------------------------------------ clasificación


@dataclass
class Excluido:
    """Un archivo que no se consolidó: excluido (un POI o evaluación que no pasa) u omitido."""

    archivo: str
    motivo: str
    """Clave de `MOTIVOS`."""
    detalle: str
    codigo: str = ""
    nombre: str = ""
    evaluacion: bool = False

    @property
    def omitido(self) -> bool:
        return self.motivo in OMITIDOS

    @property
    def situacion(self) -> str:
        """«Presentó con errores: excluido», «No es un libro que se lea: omitido»…"""
        return f"{MOTIVOS[self.motivo]}: {'omitido' if self.omitido else 'excluido'}"

    @property
    def unidad(self) -> str:
        return " ".join(p for p in (self.codigo, self.nombre) if p)


@dataclass
class Pendiente:
    """Unidad con POI consolidado que no presentó su evaluación, la presentó con errores o tarde."""

    codigo: str
    nombre: str
    situacion: str
    fecha: date | None = None


NO_PRESENTO = "No presentó"
CON_ERRORES = "Presentó con errores: excluida"
FUERA_DE_PLAZO = "Fuera de plazo"
A_TIEMPO = "A tiempo"
SIN_FECHA = "Sin fecha de presentación"


@dataclass
class Consolidacion:
    anio: int | None
    trimestre: int | None
    hoy: date
    """Fecha de la consolidación (la fija quien consolida; el cálculo no lee el reloj)."""
    carpeta: Path | None = None
    """Carpeta consolidada: las rutas de los archivos se muestran relativas a ella."""
    unidades: list[UnidadPoi] = field(default_factory=list)
    evaluaciones: list[EvaluacionUnidad] = field(default_factory=list)
    excluidos: list[Excluido] = field(default_factory=list)
    pendientes: list[Pendiente] = field(default_factory=list)
    archivos: int = 0
    plazos: dict[tuple[int, int], date] = field(default_factory=dict)
    """(año, trimestre) → plazo de la evaluación según el Anexo 02, cuando OPP lo da."""

    @property
    def plazo(self) -> date | None:
        """Último día para presentar la evaluación del trimestre: el del Anexo 02 o el del art. 12."""
        if not (self.anio and self.trimestre):
            return None
        directiva = plazo_de_presentacion(self.anio, self.trimestre)
        return self.plazos.get((self.anio, self.trimestre)) or directiva

    @property
    def plazo_poi(self) -> date | None:
        """Último día para presentar el POI: 30 de marzo del año anterior (art. 6)."""
        return date(self.anio - 1, *PLAZO_PRESENTACION) if self.anio else None

    def ruta(self, archivo: str) -> str:
        """La ruta como la lee OPP: relativa a la carpeta consolidada."""
        ruta = Path(archivo)
        if self.carpeta is not None and ruta.is_relative_to(self.carpeta):
            return ruta.relative_to(self.carpeta).as_posix()
        return ruta.name

    @property
    def recuento(self) -> str:
        """«10 archivos: 5 consolidados (3 POI y 2 evaluaciones), 4 excluidos y 1 omitido»: suma."""
        omitidos = sum(x.omitido for x in self.excluidos)
        excluidos = len(self.excluidos) - omitidos
        pois, evaluaciones = len(self.unidades), len(self.evaluaciones)
        consolidados = _cuenta(pois + evaluaciones, "consolidado")
        if evaluaciones:
            consolidados += f" ({_cuenta(pois, 'POI', 'POI')} y {_cuenta(evaluaciones, 'evaluación')})"
        partes = [consolidados]
        partes += [_cuenta(n, nombre) for n, nombre in ((excluidos, "excluido"), (omitidos, "omitido")) if n]
        lista = partes[0] if len(partes) == 1 else f"{', '.join(partes[:-1])} y {partes[-1]}"
        return f"{_cuenta(self.archivos, 'archivo')}: {lista}"

    def situacion_poi(self, u: UnidadPoi) -> str:
        if u.fecha_presentacion is None:
            return SIN_FECHA
        return FUERA_DE_PLAZO if self.plazo_poi and u.fecha_presentacion > self.plazo_poi else A_TIEMPO

    def situacion_evaluacion(self, e: EvaluacionUnidad) -> str:
        if e.fecha_presentacion is None:
            return SIN_FECHA
        return FUERA_DE_PLAZO if self.plazo and e.fecha_presentacion > self.plazo else A_TIEMPO


def _cuenta(n: int, singular: str, plural: str | None = None) -> str:
    if n == 1:
        return f"1 {singular}"
    return f"{n} {plural or (singular[:-3] + 'iones' if singular.endswith('ión') else singular + 's')}"


def _motivo(leido: Resultado) -> str:
    return getattr(leido, "motivo", "") or {"omitido": "omitido", "ilegible": "ilegible"}.get(
        leido.estado, "desconocido"
    )


def _excluido(r: Resultado, motivo: str | None = None, detalle: str | None = None) -> Excluido:
    return Excluido(
        r.archivo,
        motivo or _motivo(r),
        r.detalle if detalle is None else detalle,
        getattr(r, "codigo", ""),
        getattr(r, "nombre", ""),
        (r.formato or "").startswith(EVALUACION_POI.id + "@"),
    )


def clasificar(
    leidos: list[Resultado],
    anio: int | None,
    trimestre: int | None,
    hoy: date,
    carpeta: Path | None = None,
    plazos: dict[tuple[int, int], date] | None = None,
) -> Consolidacion:
    """Qué se consolida y qué se excluye (y por qué); quién no presentó la evaluación o lo hizo tarde."""
    excluidos: list[Excluido] = []
    pois: list[tuple[Resultado, UnidadPoi]] = []
    evaluaciones: list[tuple[Resultado, EvaluacionUnidad]] = []
    for r in leidos:
        unidad, evaluacion = getattr(r, "unidad", None), getattr(r, "evaluacion", None)
        if unidad is not None:
            pois.append((r, unidad))
        elif evaluacion is not None:
            evaluaciones.append((r, evaluacion))
        else:
            excluidos.append(_excluido(r))
    if anio is None:
        anios = Counter(u.anio for _, u in pois if u.anio)
        anio = max(anios, key=lambda a: (anios[a], a)) if anios else None
    resultado = Consolidacion(anio, trimestre, hoy, carpeta, archivos=len(leidos), plazos=dict(plazos or {}))
    _admitir(pois, lambda u: _rechazo_poi(u, anio), "la unidad «{}»", resultado.unidades, excluidos)
    _admitir(
        evaluaciones,
        lambda e: _rechazo_evaluacion(e, anio, trimestre),
        "la evaluación de «{}»",
        resultado.evaluaciones,
        excluidos,
    )
    resultado.unidades.sort(key=lambda u: u.codigo)
    resultado.evaluaciones.sort(key=lambda e: e.codigo)
    resultado.excluidos = sorted(excluidos, key=lambda x: resultado.ruta(x.archivo))
    if trimestre:
        resultado.pendientes = _pendientes(resultado)
    return resultado


Admitido = TypeVar("Admitido", UnidadPoi, EvaluacionUnidad)


def _admitir(
    candidatos: list[tuple[Resultado, Admitido]],
    rechazo: Callable[[Admitido], tuple[str, str] | None],
    quien: str,
    admitidos: list[Admitido],
    excluidos: list[Excluido],
) -> None:
    """Pasa a `admitidos` los que ni `rechazo` (motivo, detalle) ni un código ya admitido excluyen."""
    vistos: dict[str, str] = {}
    for leido, candidato in candidatos:
        motivo = rechazo(candidato)
        if motivo is None and candidato.codigo in vistos:
            desde = Path(vistos[candidato.codigo]).name
            motivo = "duplicado", f"{quien.format(candidato.codigo)} ya se consolidó desde «{desde}»"
        if motivo:
            excluidos.append(_excluido(leido, *motivo))
        else:
            vistos[candidato.codigo] = leido.archivo
            admitidos.append(candidato)


def _rechazo_poi(u: UnidadPoi, anio: int | None) -> tuple[str, str] | None:
    if anio and u.anio != anio:
        return "anio", f"el POI es del año fiscal {u.anio} y se consolida el año {anio}"
    return None


def _rechazo_evaluacion(
    e: EvaluacionUnidad, anio: int | None, trimestre: int | None
) -> tuple[str, str] | None:
    if trimestre is None:
        return "sin_trimestre", "las evaluaciones se consolidan solo cuando se pide un trimestre"
    if anio and e.anio != anio:
        return "anio", f"la evaluación es del año fiscal {e.anio} y se consolida el año {anio}"
    if e.trimestre != trimestre:
        return "trimestre", f"es la evaluación del trimestre {e.trimestre}; se consolida el {trimestre}"
    return None


def _pendientes(c: Consolidacion) -> list[Pendiente]:
    por_codigo = {e.codigo: e for e in c.evaluaciones}
    con_errores = {x.codigo for x in c.excluidos if x.evaluacion and x.motivo == "errores"}
    pendientes = []
    for u in c.unidades:
        e = por_codigo.get(u.codigo)
        if e is None:
            situacion = CON_ERRORES if u.codigo in con_errores else NO_PRESENTO
            pendientes.append(Pendiente(u.codigo, u.nombre, situacion))
        elif (situacion := c.situacion_evaluacion(e)) != A_TIEMPO:
            pendientes.append(Pendiente(u.codigo, u.nombre, situacion, e.fecha_presentacion))
    return pendientes
