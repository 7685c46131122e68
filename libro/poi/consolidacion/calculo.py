"""Consolidación institucional de OPP: los POI (y evaluaciones) de todas las unidades en un libro.

Directiva 003-2016-MPH/17, art. 10 y 12: OPP consolida la programación de actividades por unidad
orgánica, el presupuesto por unidad orgánica y el cuadro resumen (bienes, servicios, total) y,
cada trimestre, analiza y consolida las evaluaciones de las unidades en un informe.

Cada archivo se lee y valida en un proceso aparte (`libro.lote`); solo se consolidan los libros sin
errores. Aquí se lee y se clasifica; el libro consolidado lo escribe `libro.poi.consolidacion.hojas`.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from libro.nucleo.resultado import Resultado
from libro.poi.evaluacion.calculo import plazo_de_presentacion
from libro.poi.perfiles import suma

MOTIVOS = {
    "ilegible": "Archivo ilegible",
    "desconocido": "Formato no reconocido",
    "omitido": "No es un libro de Excel",
    "version": "Otra versión de la plantilla",
    "formato": "Otro formato",
    "errores": "Con errores de validación",
    "anio": "Otro año fiscal",
    "duplicado": "Código de unidad repetido",
    "trimestre": "Evaluación de otro trimestre",
    "sin_trimestre": "Evaluación sin --trimestre",
}


# ------------------------------------------------------------------ lo que devuelve cada proceso


@dataclass
class ActividadConsolidada:
    codigo: str
    actividad: str
    oei: str
    aei: str
    unidad_medida: str
    tipo_meta: str
    meta_anual: float | None
    metas: list[float | None]
    montos: list[float | None]


@dataclass
class UnidadPoi:
    codigo: str
    nombre: str
    anio: int | None
    fecha_presentacion: date | None
    marco: float | None
    modificado: float
    bienes: float
    servicios: float
    actividades: list[ActividadConsolidada]
    nombres_oei: dict[str, str]
    nombres_aei: dict[str, str]

    @property
    def valorizacion(self) -> float:
        return suma(suma(a.montos) for a in self.actividades)


@dataclass
class ActividadEvaluada:
    codigo: str
    actividad: str
    aei: str
    semaforo: str | None
    avance_trimestral: float | None
    avance_acumulado: float | None
    soles_programados: float
    soles_ejecutados: float
    factores_desfavorables: str
    medidas_correctivas: str


@dataclass
class EvaluacionUnidad:
    codigo: str
    nombre: str
    anio: int | None
    trimestre: int | None
    fecha_presentacion: date | None
    filas: list[ActividadEvaluada]


@dataclass
class Leido(Resultado):
    """El `Resultado` del lote más lo que la consolidación necesita del libro."""

    motivo: str = ""
    unidad: UnidadPoi | None = None
    evaluacion: EvaluacionUnidad | None = None




def oei_de(aei: str | None, mapa: dict[str, str]) -> str:
    if not aei:
        return "(sin OEI)"
    if aei in mapa:
        return mapa[aei]
    partes = aei.split(".")
    return f"OEI.{partes[1]}" if len(partes) == 3 else "(sin OEI)"












# ------------------------------------------------------------------ clasificación


@dataclass
class Excluido:
    archivo: str
    motivo: str
    detalle: str


@dataclass
class Pendiente:
    """Unidad con POI consolidado que no presentó su evaluación, o la presentó tarde."""

    codigo: str
    nombre: str
    situacion: str
    fecha: date | None = None


@dataclass
class Consolidacion:
    anio: int | None
    trimestre: int | None
    unidades: list[UnidadPoi] = field(default_factory=list)
    evaluaciones: list[EvaluacionUnidad] = field(default_factory=list)
    excluidos: list[Excluido] = field(default_factory=list)
    pendientes: list[Pendiente] = field(default_factory=list)
    archivos: int = 0

    @property
    def plazo(self) -> date | None:
        return plazo_de_presentacion(self.anio, self.trimestre) if self.anio and self.trimestre else None


def _motivo(leido: Resultado) -> str:
    return getattr(leido, "motivo", "") or {"omitido": "omitido", "ilegible": "ilegible"}.get(
        leido.estado, "desconocido"
    )


def clasificar(leidos: list[Resultado], anio: int | None, trimestre: int | None) -> Consolidacion:
    """Qué se consolida y qué se excluye (y por qué); quién no presentó la evaluación o lo hizo tarde."""
    excluidos: list[Excluido] = []
    pois: list[tuple[str, UnidadPoi]] = []
    evaluaciones: list[tuple[str, EvaluacionUnidad]] = []
    for r in leidos:
        unidad, evaluacion = getattr(r, "unidad", None), getattr(r, "evaluacion", None)
        if unidad is not None:
            pois.append((r.archivo, unidad))
        elif evaluacion is not None:
            evaluaciones.append((r.archivo, evaluacion))
        else:
            excluidos.append(Excluido(r.archivo, MOTIVOS[_motivo(r)], r.detalle))
    if anio is None:
        anios = Counter(u.anio for _, u in pois if u.anio)
        anio = max(anios, key=lambda a: (anios[a], a)) if anios else None
    resultado = Consolidacion(anio, trimestre, archivos=len(leidos))
    _admitir(pois, lambda u: _rechazo_poi(u, anio), "la unidad «{}»", resultado.unidades, excluidos)
    _admitir(
        evaluaciones,
        lambda e: _rechazo_evaluacion(e, anio, trimestre),
        "la evaluación de «{}»",
        resultado.evaluaciones,
        excluidos,
    )
    resultado.excluidos = sorted(excluidos, key=lambda x: Path(x.archivo).name)
    if trimestre:
        resultado.pendientes = _pendientes(resultado)
    return resultado


Admitido = TypeVar("Admitido", UnidadPoi, EvaluacionUnidad)


def _admitir(
    candidatos: list[tuple[str, Admitido]],
    rechazo: Callable[[Admitido], tuple[str, str] | None],
    quien: str,
    admitidos: list[Admitido],
    excluidos: list[Excluido],
) -> None:
    """Pasa a `admitidos` los que ni `rechazo` (motivo, detalle) ni un código ya admitido excluyen."""
    vistos: dict[str, str] = {}
    for archivo, candidato in candidatos:
        motivo = rechazo(candidato)
        if motivo is None and candidato.codigo in vistos:
            desde = Path(vistos[candidato.codigo]).name
            motivo = "duplicado", f"{quien.format(candidato.codigo)} ya se consolidó desde «{desde}»"
        if motivo:
            excluidos.append(Excluido(archivo, MOTIVOS[motivo[0]], motivo[1]))
        else:
            vistos[candidato.codigo] = archivo
            admitidos.append(candidato)


def _rechazo_poi(u: UnidadPoi, anio: int | None) -> tuple[str, str] | None:
    if anio and u.anio != anio:
        return "anio", f"el POI es del año fiscal {u.anio} y se consolida el año {anio}"
    return None


def _rechazo_evaluacion(
    e: EvaluacionUnidad, anio: int | None, trimestre: int | None
) -> tuple[str, str] | None:
    if trimestre is None:
        return "sin_trimestre", "las evaluaciones se consolidan solo con --trimestre N"
    if anio and e.anio != anio:
        return "anio", f"la evaluación es del año fiscal {e.anio} y se consolida el año {anio}"
    if e.trimestre != trimestre:
        return "trimestre", f"es la evaluación del trimestre {e.trimestre}; se consolida el {trimestre}"
    return None


def _pendientes(c: Consolidacion) -> list[Pendiente]:
    por_codigo = {e.codigo: e for e in c.evaluaciones}
    pendientes = []
    for u in c.unidades:
        e = por_codigo.get(u.codigo)
        if e is None:
            pendientes.append(Pendiente(u.codigo, u.nombre, "No presentó la evaluación (o fue excluida)"))
        elif e.fecha_presentacion is None:
            pendientes.append(Pendiente(u.codigo, u.nombre, "Sin fecha de presentación"))
        elif c.plazo and e.fecha_presentacion > c.plazo:
            pendientes.append(Pendiente(u.codigo, u.nombre, "Presentó fuera de plazo", e.fecha_presentacion))
    return pendientes




