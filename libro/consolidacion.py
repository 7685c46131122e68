"""Consolidación institucional de OPP: los POI (y evaluaciones) de todas las unidades en un libro.

Directiva 003-2016-MPH/17, art. 10 y 12: OPP consolida la programación de actividades por unidad
orgánica, el presupuesto por unidad orgánica y el cuadro resumen (bienes, servicios, total) y,
cada trimestre, analiza y consolida las evaluaciones de las unidades en un informe.

Cada archivo se lee y valida en un proceso aparte (`libro.lote`); solo se consolidan los libros sin
errores. Aquí se lee y se clasifica; el libro consolidado lo escribe `libro.consolidado_xlsx`.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from libro.calculos import cuadro_presupuesto, suma
from libro.evaluacion import plazo_de_presentacion
from libro.fuentes import etiqueta_formato
from libro.lote import acotado, expandir, validar_lote
from libro.procesos import Resultado, calcular, leer_archivo
from validadores import validar
from validadores.contexto import Contexto

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


def _version_distinta(ruta: Path) -> str | None:
    from libro.formatos import FORMATOS

    etiqueta = etiqueta_formato(ruta)
    if not etiqueta:
        return None
    id_formato, _, version = etiqueta.partition("@")
    formato = FORMATOS.get(id_formato)
    if formato is not None and version and version != str(formato.version):
        return (
            f"el libro es de la versión {version} de la plantilla «{id_formato}» y OPP consolida la "
            f"versión {formato.version}: pida a la unidad que use la plantilla vigente"
        )
    return None


def oei_de(aei: str | None, mapa: dict[str, str]) -> str:
    if not aei:
        return "(sin OEI)"
    if aei in mapa:
        return mapa[aei]
    partes = aei.split(".")
    return f"OEI.{partes[1]}" if len(partes) == 3 else "(sin OEI)"


def _unidad_poi(libro: Any) -> UnidadPoi:
    from validadores.modificaciones import presupuesto_modificado

    d = libro.filas("Datos")[0]
    aei_oei = {a.codigo: a.oei for a in libro.filas("AEI") if a.codigo and a.oei}
    actividades = [
        ActividadConsolidada(
            a.codigo or "",
            a.actividad or "",
            oei_de(a.aei, aei_oei),
            a.aei or "(sin AEI)",
            a.unidad_medida or "",
            a.tipo_meta or "",
            a.meta_anual,
            list(a.metas or [None] * 12),
            list(a.montos or [None] * 12),
        )
        for a in libro.filas("Actividades")
    ]
    cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in libro.filas("Insumos"))
    return UnidadPoi(
        d.codigo_unidad or "",
        d.nombre_unidad or "",
        d.anio_fiscal,
        d.fecha_presentacion,
        d.marco_presupuestal,
        presupuesto_modificado(libro),
        cuadro.bienes,
        cuadro.servicios,
        actividades,
        {o.codigo: o.objetivo or "" for o in libro.filas("OEI") if o.codigo},
        {a.codigo: a.accion or "" for a in libro.filas("AEI") if a.codigo},
    )


def _evaluacion_unidad(libro: Any) -> EvaluacionUnidad:
    d = libro.filas("Datos")[0]
    filas = [
        ActividadEvaluada(
            f.codigo or "",
            f.actividad or "",
            f.aei or "(sin AEI)",
            f.semaforo,
            f.avance_trimestral,
            f.avance_acumulado,
            f.soles_trimestre or 0.0,
            f.ejecutado_soles_trimestre or 0.0,
            f.factores_desfavorables or "",
            f.medidas_correctivas or "",
        )
        for f in libro.filas("Evaluación")
    ]
    return EvaluacionUnidad(
        d.codigo_unidad or "", d.nombre_unidad or "", d.anio_fiscal, d.trimestre, d.fecha_presentacion, filas
    )


def leer_para_consolidar(ruta: Path, contexto: Contexto) -> Leido:
    """En el proceso hijo: abre, calcula y valida; devuelve solo lo que se consolida."""
    nombre = str(ruta)
    version = _version_distinta(ruta)
    if version:
        return Leido(nombre, "desconocido", detalle=version, motivo="version")
    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return Leido(nombre, resultado.estado, detalle=resultado.detalle, motivo=resultado.estado)
    formato = libro.formato.id
    if formato not in ("poi", "evaluacion-poi"):
        return Leido(
            nombre,
            "omitido",
            formato=libro.formato.etiqueta,
            motivo="formato",
            detalle=f"es un libro «{libro.formato.titulo}», no un POI ni una evaluación del POI",
        )
    calculado, _ = calcular(libro)
    observaciones = validar(calculado, contexto)
    errores = [o for o in observaciones if o.es_error]
    if errores:
        primeros = " | ".join(f"{o.codigo}: {o.mensaje}" for o in errores[:3])
        mas = f" (y {len(errores) - 3} más)" if len(errores) > 3 else ""
        return Leido(
            nombre,
            "observado",
            libro.formato.etiqueta,
            observaciones,
            motivo="errores",
            detalle=f"{len(errores)} error(es): {primeros}{mas}",
        )
    leido = Leido(nombre, "ok", libro.formato.etiqueta, observaciones)
    if formato == "poi":
        leido.unidad = _unidad_poi(calculado)
    else:
        leido.evaluacion = _evaluacion_unidad(calculado)
    return leido


def _ilegible(ruta: Path, detalle: str) -> Leido:
    return Leido(str(ruta), "ilegible", motivo="ilegible", detalle=detalle)


def _leer_acotado(ruta: Path, contexto: Contexto) -> Leido:
    """Como `lote`: tiempo acotado; cualquier falla deja el archivo «ilegible» y el lote sigue."""
    return acotado(leer_para_consolidar, ruta, contexto, _ilegible)


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


def archivos_de(carpeta: Path, salida: Path | None = None) -> list[Path]:
    """Los archivos de la carpeta (recursiva), sin la salida ni temporales."""
    excluir = salida.resolve() if salida else None
    return [p for p in expandir([carpeta]) if p.resolve() != excluir and not p.name.startswith(".")]


def consolidar(
    carpeta: Path,
    salida: Path,
    trimestre: int | None = None,
    anio: int | None = None,
    procesos: int | None = None,
    cache: bool = True,
) -> Consolidacion:
    """Lee y valida cada libro de la carpeta en paralelo, clasifica y escribe el consolidado."""
    if trimestre is not None and trimestre not in (1, 2, 3, 4):
        raise ValueError(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre})")
    from libro.consolidado_xlsx import escribir_consolidado  # aquí: ese módulo importa este

    archivos = archivos_de(carpeta, salida)
    leidos = list(validar_lote(archivos, Contexto(), procesos, trabajo=_leer_acotado))
    consolidacion = clasificar(leidos, anio, trimestre)
    escribir_consolidado(consolidacion, salida, cache)
    return consolidacion
