"""Cálculos puros de la evaluación trimestral del POI: programado, % de avance, semáforo y plazo.

Directiva 003-2016-MPH/17, art. 12: informes trimestrales de avance de metas físicas, con un
plazo máximo de 10 días calendario de culminado el trimestre.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.poi.evaluacion.formato import DIAS_PLAZO, UMBRAL_AMBAR, UMBRAL_VERDE, FilaEvaluacion
from libro.poi.perfiles import suma

SIN_PROGRAMACION = "Sin meta"
"""Semáforo de una actividad sin meta programada en el trimestre (no hay porcentaje)."""


def meses_del_trimestre(trimestre: int) -> range:
    """Meses 0-based del trimestre 1..4 (1 → enero a marzo)."""
    if trimestre not in (1, 2, 3, 4):
        raise ValueError(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre})")
    return range(3 * (trimestre - 1), 3 * trimestre)


def fin_del_trimestre(anio: int, trimestre: int) -> date:
    mes = meses_del_trimestre(trimestre)[-1] + 1
    return date(anio, mes, calendar.monthrange(anio, mes)[1])


def plazo_de_presentacion(anio: int, trimestre: int) -> date:
    """Último día para presentar: 10 días calendario después del fin del trimestre."""
    return fin_del_trimestre(anio, trimestre) + timedelta(days=DIAS_PLAZO)


def programado(valores: list[float | None] | None, acumulable: bool, meses: Iterable[int]) -> float:
    """Lo programado en esos meses: la suma (acumulable) o el último valor programado (no acumulable)."""
    valores = list(valores or [None] * 12)
    elegidos = [valores[m] for m in meses]
    if acumulable:
        return suma(elegidos)
    return next((v for v in reversed(elegidos) if v), 0.0)


def programado_trimestre(valores: list[float | None] | None, acumulable: bool, trimestre: int) -> float:
    return programado(valores, acumulable, meses_del_trimestre(trimestre))


def programado_acumulado(valores: list[float | None] | None, acumulable: bool, trimestre: int) -> float:
    """De enero al último mes del trimestre."""
    return programado(valores, acumulable, range(meses_del_trimestre(trimestre)[-1] + 1))


@dataclass(frozen=True)
class Avance:
    """% de avance, o por qué no se puede calcular."""

    porcentaje: float | None
    motivo: str | None = None
    """«sin_programacion» (0 y 0), «ejecutado_sin_programacion» (0 programado, algo ejecutado),
    «decreciente_en_cero» (indicador decreciente con ejecutado 0), «sin_ejecutado» (vacío)."""


def avance(programado_: float | None, ejecutado: float | None, sentido: str | None = "Creciente") -> Avance:
    """Creciente: ejecutado / programado. Decreciente: programado / ejecutado. Nunca divide entre 0."""
    if ejecutado is None:
        return Avance(None, "sin_ejecutado")
    prog = programado_ or 0.0
    if sentido == "Decreciente":
        if ejecutado == 0:
            return Avance(None, "decreciente_en_cero" if prog else "sin_programacion")
        return Avance(round(100 * prog / ejecutado, 2))
    if prog == 0:
        return Avance(None, "ejecutado_sin_programacion" if ejecutado else "sin_programacion")
    return Avance(round(100 * ejecutado / prog, 2))


@dataclass(frozen=True)
class Umbrales:
    verde: float = UMBRAL_VERDE
    ambar: float = UMBRAL_AMBAR

    @property
    def validos(self) -> bool:
        return 0 <= self.ambar < self.verde

    @classmethod
    def desde(cls, verde: float | None, ambar: float | None) -> "Umbrales":
        """Los de «Parámetros», con los valores por defecto donde falten o no sean coherentes."""
        leidos = cls(UMBRAL_VERDE if verde is None else verde, UMBRAL_AMBAR if ambar is None else ambar)
        return leidos if leidos.validos else cls()


def semaforo(porcentaje: float | None, umbrales: Umbrales = Umbrales()) -> str | None:
    """Verde ≥ verde; Ámbar ≥ ámbar; Rojo debajo; None sin porcentaje."""
    if porcentaje is None:
        return None
    if porcentaje >= umbrales.verde:
        return "Verde"
    if porcentaje >= umbrales.ambar:
        return "Ámbar"
    return "Rojo"


def ejecutado_acumulado(fila: FilaEvaluacion, trimestre: int | None) -> float | None:
    """El acumulado escrito; en el 1.er trimestre, si falta, es el del trimestre."""
    if fila.ejecutado_acumulado is not None:
        return fila.ejecutado_acumulado
    return fila.ejecutado_trimestre if trimestre == 1 else None


def soles_acumulado(fila: FilaEvaluacion, trimestre: int | None) -> float | None:
    if fila.ejecutado_soles_acumulado is not None:
        return fila.ejecutado_soles_acumulado
    return fila.ejecutado_soles_trimestre if trimestre == 1 else None


def programado_de_fila(fila: FilaEvaluacion) -> float:
    """La meta del trimestre escrita, o la que dan sus tres meses."""
    if fila.programado_trimestre is not None:
        return fila.programado_trimestre
    meses = [fila.meta_m1, fila.meta_m2, fila.meta_m3]
    return programado(meses, fila.es_acumulable, range(3))


def soles_de_fila(fila: FilaEvaluacion) -> float:
    if fila.soles_trimestre is not None:
        return fila.soles_trimestre
    return suma([fila.monto_m1, fila.monto_m2, fila.monto_m3])


@dataclass(frozen=True)
class Evaluada:
    """Resultado de una actividad: los tres porcentajes y el semáforo (del avance del trimestre)."""

    trimestral: Avance
    acumulado: Avance
    financiera: Avance
    semaforo: str | None

    @property
    def requiere_medidas(self) -> bool:
        return self.semaforo in ("Ámbar", "Rojo")


def evaluar(fila: FilaEvaluacion, trimestre: int | None, umbrales: Umbrales = Umbrales()) -> Evaluada:
    trimestral = avance(programado_de_fila(fila), fila.ejecutado_trimestre, fila.sentido)
    prog_acum = fila.programado_acumulado
    acumulado = (
        avance(prog_acum, ejecutado_acumulado(fila, trimestre), fila.sentido)
        if prog_acum is not None
        else Avance(None, "sin_programacion")
    )
    financiera = avance(soles_de_fila(fila), fila.ejecutado_soles_trimestre)
    color = semaforo(trimestral.porcentaje, umbrales)
    if color is None and trimestral.motivo == "sin_programacion":
        color = SIN_PROGRAMACION
    return Evaluada(trimestral, acumulado, financiera, color)


def con_resultados(
    filas: list[FilaEvaluacion], trimestre: int | None, umbrales: Umbrales
) -> list[FilaEvaluacion]:
    """Las filas con sus columnas calculadas llenas."""
    resultado = []
    for f in filas:
        e = evaluar(f, trimestre, umbrales)
        resultado.append(
            f.model_copy(
                update={
                    "avance_trimestral": e.trimestral.porcentaje,
                    "avance_acumulado": e.acumulado.porcentaje,
                    "ejecucion_financiera": e.financiera.porcentaje,
                    "semaforo": e.semaforo,
                }
            )
        )
    return resultado


def conteo_semaforos(colores: Iterable[str | None]) -> dict[str, int]:
    """Cuántas actividades en cada color (y sin meta / sin cálculo)."""
    conteo = {"Verde": 0, "Ámbar": 0, "Rojo": 0, SIN_PROGRAMACION: 0, "Sin cálculo": 0}
    for c in colores:
        conteo[c if c in conteo else "Sin cálculo"] += 1
    return conteo


def promedio(valores: Iterable[float | None]) -> float | None:
    """Promedio simple de los porcentajes calculables (las metas físicas no se suman entre sí)."""
    presentes = [v for v in valores if v is not None]
    return round(sum(presentes) / len(presentes), 2) if presentes else None


def razon(ejecutado: float, programado_: float) -> float | None:
    """% ejecutado/programado de totales en soles; None si no hay programado."""
    return round(100 * ejecutado / programado_, 2) if programado_ else None


def umbrales_de(libro: LibroLeido) -> Umbrales:
    parametros = libro.filas("Parámetros")
    if not parametros:
        return Umbrales()
    p = parametros[0]
    return Umbrales.desde(p.umbral_verde, p.umbral_ambar)


def trimestre_de(libro: LibroLeido) -> int | None:
    datos = libro.filas("Datos")
    return datos[0].trimestre if datos and datos[0].trimestre in (1, 2, 3, 4) else None


@dataclass(frozen=True)
class EvaluacionCalculada(Calculado):
    filas: list[FilaEvaluacion]


def calcular(libro: LibroLeido, contexto: Contexto) -> EvaluacionCalculada:
    """Porcentajes de avance, ejecución financiera y semáforo de cada actividad."""
    filas = con_resultados(libro.filas("Evaluación"), trimestre_de(libro), umbrales_de(libro))
    return EvaluacionCalculada(libro.con_filas("Evaluación", filas), filas)
