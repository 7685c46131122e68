"""Lo que calcula la rendición de cuentas: totales, ejecución por eje y por estado, y cumplimiento de los
compromisos; y, desde la priorización del año anterior, las filas con que empieza el libro."""

from dataclasses import dataclass, field

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.pp.proyectos.calculo import Priorizacion
from libro.pp.proyectos.formato import EJES
from libro.pp.proyectos.priorizacion import Evaluacion
from libro.pp.rendicion.formato import (
    CUMPLIMIENTOS,
    ESTADOS,
    REEMPLAZADO,
    Compromiso,
    DatosRendicion,
    EjecucionProyecto,
)


@dataclass
class Totales:
    proyectos: int = 0
    priorizado: float = 0.0
    ejecutado: float = 0.0
    avance_ponderado: float = 0.0
    """Σ avance físico × monto priorizado (para el promedio ponderado)."""

    def sumar(self, p: EjecucionProyecto) -> None:
        self.proyectos += 1
        self.priorizado = round(self.priorizado + (p.priorizado or 0), 2)
        self.ejecutado = round(self.ejecutado + (p.ejecutado or 0), 2)
        self.avance_ponderado += (p.avance_fisico or 0) * (p.priorizado or 0)

    @property
    def ejecucion(self) -> float | None:
        """% de ejecución financiera (ejecutado ÷ priorizado)."""
        return round(100 * self.ejecutado / self.priorizado, 1) if self.priorizado else None

    @property
    def avance(self) -> float | None:
        """Avance físico promedio, ponderado por el monto priorizado."""
        return round(self.avance_ponderado / self.priorizado, 1) if self.priorizado else None


@dataclass(frozen=True)
class RendicionCalculado(Calculado):
    datos: DatosRendicion | None
    proyectos: list[EjecucionProyecto]
    compromisos: list[Compromiso]
    total: Totales
    por_eje: dict[str, Totales]
    """Los seis ejes del art. 14.2 b, siempre en el mismo orden (el gráfico lee filas fijas)."""
    por_estado: dict[str, Totales]
    cumplimiento: dict[str, dict[str, int]] = field(default_factory=dict)
    """Quién asumió el compromiso → cumplimiento → cuántos."""


def calcular(libro: LibroLeido, contexto: Contexto) -> RendicionCalculado:
    proyectos = [p for p in libro.filas("Ejecución") if p.codigo]
    compromisos = [c for c in libro.filas("Compromisos") if c.compromiso]
    total = Totales()
    por_eje = {eje: Totales() for eje in EJES}
    por_estado = {estado: Totales() for estado in ESTADOS}
    for p in proyectos:
        total.sumar(p)
        if p.eje in por_eje:
            por_eje[p.eje].sumar(p)
        if p.estado in por_estado:
            por_estado[p.estado].sumar(p)
    cumplimiento: dict[str, dict[str, int]] = {}
    for c in compromisos:
        if c.asumido_por and c.cumplimiento:
            conteo = cumplimiento.setdefault(c.asumido_por, dict.fromkeys(CUMPLIMIENTOS, 0))
            conteo[c.cumplimiento] += 1
    return RendicionCalculado(
        libro, libro.ficha("Proceso"), proyectos, compromisos, total, por_eje, por_estado, cumplimiento
    )


def _fila(e: Evaluacion, p: Priorizacion) -> EjecucionProyecto:
    ficha = p.fichas.get(e.codigo)
    return EjecucionProyecto(
        codigo=e.codigo,
        nombre=e.nombre,
        eje=e.eje,
        cui=ficha.cui if ficha else None,
        priorizado=float(e.costo),
    )


def desde_priorizacion(p: Priorizacion) -> dict[str, list]:
    """Las hojas con que empieza la rendición: los priorizados del año anterior (y su reemplazo, art. 16.2).

    `ValueError` en español si el libro de proyectos no tiene priorizados.
    """
    a = p.asignacion
    if a is None or not a.financiados:
        motivo = p.error_asignacion or p.motivo_matriz or "ningún proyecto quedó priorizado"
        raise ValueError(f"el libro de proyectos no tiene una priorización: {motivo}")
    filas = [_fila(e, p) for e in a.financiados]
    r = p.reemplazo
    if r is not None:
        n = r.reemplazante
        filas = [
            f.model_copy(
                update={
                    "estado": REEMPLAZADO,
                    "motivo": r.motivo,
                    "reemplazo": f"{n.codigo} – {n.nombre}" if n else None,
                }
            )
            if f.codigo == r.retirado.codigo
            else f
            for f in filas
        ]
        if n is not None:
            filas.append(_fila(n, p))
    anio = p.parametros.anio_fiscal if p.parametros else None
    return {"Proceso": [DatosRendicion(anio_fiscal=anio)], "Ejecución": filas, "Compromisos": []}
