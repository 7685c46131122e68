"""Cálculos puros del POI: reparto de metas y montos por perfil, y agregados del resumen."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from libro.nucleo.codecs import Opcion, ValorInvalido
from libro.nucleo.textos import MESES, MESES_LARGOS, clave

_MESES_ESCRITOS: dict[str, int] = {
    **{clave(m): i for i, m in enumerate(MESES_LARGOS)},
    **{clave(m): i for i, m in enumerate(MESES)},
    "septiembre": 8,
    "sep": 8,
    "sept": 8,
}
"""Cómo se escribe cada mes (sin tildes, minúsculas) → 0..11: «Setiembre», «Septiembre», «Set», «Sep»."""


def mes_de(texto: object) -> int | None:
    """El mes (0..11) que nombra un texto, o None."""
    return _MESES_ESCRITOS.get(clave(texto).rstrip(" ."))


class Mes(Opcion):
    """Un mes por su nombre: la lista de la plantilla, y también «Septiembre», «Sep.» o «SET»."""

    def __init__(self, ayuda: str = "") -> None:
        super().__init__(tuple(m.capitalize() for m in MESES_LARGOS), ayuda)

    def leer(self, valor: Any) -> str:
        try:
            return super().leer(valor)
        except ValorInvalido:
            mes = mes_de(valor)
            if mes is None:
                raise
            return self.opciones[mes]


class PerfilInvalido(ValueError):
    """El perfil o sus datos (mes, pesos) no permiten repartir (mensaje en español)."""


def pesos_de_perfil(perfil: str, mes_unico: str | None = None, pesos: str | None = None) -> list[float]:
    """Pesos de los 12 meses según el perfil de distribución.

    Uniforme: todos los meses. Trimestral: el último mes de cada trimestre (mar, jun, set, dic).
    Semestral: junio y diciembre. Única en un mes: el mes indicado. Personalizada: 12 pesos.
    """
    match clave(perfil):
        case "uniforme":
            return [1.0] * 12
        case "trimestral":
            return [1.0 if m % 3 == 2 else 0.0 for m in range(12)]
        case "semestral":
            return [1.0 if m in (5, 11) else 0.0 for m in range(12)]
        case "unica en un mes":
            mes = mes_de(mes_unico or "")
            if mes is None:
                raise PerfilInvalido("el perfil «Única en un mes» necesita el mes en «Mes (perfil única)»")
            return [1.0 if m == mes else 0.0 for m in range(12)]
        case "personalizada":
            return _pesos_personalizados(pesos)
    raise PerfilInvalido(f"perfil desconocido «{perfil}»")


def _pesos_personalizados(pesos: str | None) -> list[float]:
    partes = [p.strip() for p in (pesos or "").replace(",", ".").split(";")]
    try:
        valores = [float(p) for p in partes]
    except ValueError:
        valores = []
    if len(valores) != 12 or any(v < 0 for v in valores) or sum(valores) == 0:
        raise PerfilInvalido(
            "el perfil «Personalizada» necesita 12 pesos no negativos separados por «;» "
            "en «Pesos (perfil personalizada)», p. ej. 1;1;2;2;2;1;1;1;2;2;2;1"
        )
    return valores


def repartir(total: float, pesos: list[float], decimales: int) -> list[float]:
    """Reparte `total` según `pesos` en unidades de 10^-decimales, por el mayor residuo.

    La suma de las partes es exactamente `total` (redondeado a esos decimales).
    """
    escala = 10**decimales
    unidades = round(total * escala)
    suma_pesos = sum(pesos)
    exactas = [unidades * p / suma_pesos for p in pesos]
    partes = [int(x) for x in exactas]
    faltan = unidades - sum(partes)
    if faltan:
        residuos = [x - p for x, p in zip(exactas, partes, strict=True)]
        # mayor residuo primero; a igual residuo, el mes anterior (el orden es estable también al revés)
        for i in sorted(range(len(pesos)), key=residuos.__getitem__, reverse=True)[:faltan]:
            partes[i] += 1
    return [p / escala if decimales else float(p) for p in partes]


def metas_por_perfil(meta_anual: float, acumulable: bool, pesos: list[float]) -> list[float | None]:
    """Metas mensuales: acumulables se reparten (enteras si la meta es entera);
    no acumulables repiten la meta anual en cada mes programado."""
    if not acumulable:
        return [meta_anual if p > 0 else None for p in pesos]
    decimales = 0 if float(meta_anual).is_integer() else 2
    return [v if p > 0 else None for v, p in zip(repartir(meta_anual, pesos, decimales), pesos, strict=True)]


def montos_por_perfil(valorizacion_anual: float, pesos: list[float]) -> list[float | None]:
    """Montos mensuales al céntimo, que suman exactamente la valorización anual."""
    return [v if p > 0 else None for v, p in zip(repartir(valorizacion_anual, pesos, 2), pesos, strict=True)]


def suma(valores: Iterable[float | None]) -> float:
    return round(sum(v for v in valores if v is not None), 2)


def ultimo_programado(valores: list[float | None]) -> tuple[int, float] | None:
    """(mes, valor) del último mes con meta mayor que cero."""
    for mes in range(11, -1, -1):
        v = valores[mes]
        if v:
            return mes, v
    return None


@dataclass(frozen=True)
class CuadroPresupuesto:
    bienes: float
    servicios: float

    @property
    def total(self) -> float:
        return round(self.bienes + self.servicios, 2)


def cuadro_presupuesto(insumos: Iterable[tuple[str | None, float | None]]) -> CuadroPresupuesto:
    """Cuadro resumen de presupuesto desde (tipo, costo total) de cada insumo."""
    totales: dict[str, float] = defaultdict(float)
    for tipo, costo in insumos:
        if tipo and costo:
            totales[tipo] += costo
    return CuadroPresupuesto(round(totales["Bien"], 2), round(totales["Servicio"], 2))


def sumar_por_mes(
    grupos: Iterable[tuple[str, list[float | None] | None]],
) -> dict[str, list[float]]:
    """Suma mes a mes por clave (p. ej. por AEI), en el orden en que aparecen."""
    acumulado: dict[str, list[float]] = {}
    for clave_grupo, meses in grupos:
        fila = acumulado.setdefault(clave_grupo, [0.0] * 12)
        for m, v in enumerate(meses or ()):
            if v:
                fila[m] += v
    return {k: [round(v, 2) for v in fila] for k, fila in acumulado.items()}
