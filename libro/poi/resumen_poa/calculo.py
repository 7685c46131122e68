"""Lo que calcula el Resumen del POA desde sus hojas de datos: metas y valorización por AEI, programación
por unidad y mes, recursos por unidad y unidades ejecutoras por objetivo (programa)."""

from collections import defaultdict
from dataclasses import dataclass, field

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.poi.consolidacion.calculo import oei_de
from libro.poi.objetivos import Aei, Oei
from libro.poi.perfiles import CuadroPresupuesto, suma
from libro.poi.resumen_poa.formato import Aprobacion, Operacion, Presentacion


@dataclass
class PorAei:
    aei: Aei
    meta_programada: float = 0.0
    actividades: int = 0
    soles: float = 0.0
    unidades: set[str] = field(default_factory=set)


@dataclass
class PorUnidad:
    codigo: str
    nombre: str
    actividades: int = 0
    montos: list[float] = field(default_factory=lambda: [0.0] * 12)
    bienes: float = 0.0
    servicios: float = 0.0
    marco: float | None = None

    @property
    def programado(self) -> float:
        return suma(self.montos)

    @property
    def presupuesto(self) -> float:
        return round(self.bienes + self.servicios, 2)


@dataclass(frozen=True)
class Ejecutora:
    """Una unidad orgánica que ejecuta acciones de un objetivo (el «programa»)."""

    unidad: PorUnidad
    aeis: list[str]
    actividades: int
    soles: float


@dataclass(frozen=True)
class ResumenPoaCalculado(Calculado):
    presentacion: Presentacion | None
    aprobacion: Aprobacion | None
    oei: list[Oei]
    por_aei: dict[str, PorAei]
    por_unidad: dict[str, PorUnidad]
    ejecutoras: dict[str, list[Ejecutora]]
    """OEI → unidades que ejecutan sus acciones, en el orden del Anexo 01."""

    @property
    def cuadro(self) -> CuadroPresupuesto:
        return CuadroPresupuesto(
            suma(u.bienes for u in self.por_unidad.values()),
            suma(u.servicios for u in self.por_unidad.values()),
        )


def _unidad(por_unidad: dict[str, PorUnidad], codigo: str, nombre: str | None) -> PorUnidad:
    if codigo not in por_unidad:
        por_unidad[codigo] = PorUnidad(codigo, nombre or "")
    return por_unidad[codigo]


def _sumar(
    operaciones: list[Operacion], por_aei: dict[str, PorAei], por_unidad: dict[str, PorUnidad]
) -> None:
    for o in operaciones:
        if not (o.codigo_unidad and o.aei):
            continue
        u = _unidad(por_unidad, o.codigo_unidad, o.unidad)
        soles = suma(o.montos or ())
        u.actividades += o.actividades or 0
        u.montos = [round(a + (b or 0), 2) for a, b in zip(u.montos, o.montos or [None] * 12, strict=True)]
        a = por_aei.setdefault(o.aei, PorAei(Aei(codigo=o.aei)))
        a.meta_programada = round(a.meta_programada + (o.meta_fisica or 0), 2)
        a.actividades += o.actividades or 0
        a.soles = round(a.soles + soles, 2)
        a.unidades.add(o.codigo_unidad)


def _ejecutoras(
    oei: list[Oei], por_aei: dict[str, PorAei], por_unidad: dict[str, PorUnidad], operaciones: list[Operacion]
) -> dict[str, list[Ejecutora]]:
    aei_oei = {codigo: a.aei.oei for codigo, a in por_aei.items() if a.aei.oei}
    grupos: dict[str, dict[str, list[Operacion]]] = defaultdict(lambda: defaultdict(list))
    for o in operaciones:
        if o.codigo_unidad and o.aei:
            grupos[oei_de(o.aei, aei_oei)][o.codigo_unidad].append(o)
    orden = [o.codigo for o in oei if o.codigo] + sorted(set(grupos) - {o.codigo for o in oei})
    return {
        codigo: [
            Ejecutora(
                por_unidad[u],
                sorted({o.aei for o in ops}),
                sum(o.actividades or 0 for o in ops),
                suma(suma(o.montos or ()) for o in ops),
            )
            for u, ops in grupos[codigo].items()
        ]
        for codigo in orden
        if codigo in grupos
    }


def calcular(libro: LibroLeido, contexto: Contexto) -> ResumenPoaCalculado:
    """Totales por AEI, por unidad y por objetivo desde «Operaciones» y «Presupuesto»."""
    por_aei = {a.codigo: PorAei(a) for a in libro.filas("AEI") if a.codigo}
    por_unidad: dict[str, PorUnidad] = {}
    for p in libro.filas("Presupuesto"):
        if p.codigo_unidad:
            u = _unidad(por_unidad, p.codigo_unidad, p.unidad)
            u.bienes, u.servicios, u.marco = p.bienes or 0.0, p.servicios or 0.0, p.marco
    operaciones = libro.filas("Operaciones")
    _sumar(operaciones, por_aei, por_unidad)
    oei = [o for o in libro.filas("OEI") if o.codigo]
    return ResumenPoaCalculado(
        libro,
        libro.ficha("Presentación"),
        libro.ficha("Aprobación"),
        oei,
        por_aei,
        por_unidad,
        _ejecutoras(oei, por_aei, por_unidad, operaciones),
    )
