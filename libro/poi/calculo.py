"""Lo que calcula el POI: meses por perfil, totales y costo de insumos."""

from dataclasses import dataclass

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido, con_cambios
from libro.poi.formato import Actividad, Insumo, costo_insumo
from libro.poi.perfiles import (
    PerfilInvalido,
    metas_por_perfil,
    montos_por_perfil,
    pesos_de_perfil,
    suma,
)


def aplicar_perfiles(actividades: list[Actividad]) -> list[Actividad]:
    """Actividades con los meses que su perfil calcula, y sus totales."""
    resultado = []
    for a in actividades:
        cambios: dict[str, object] = {}
        try:
            pesos = pesos_de_perfil(a.perfil, a.mes_unico, a.pesos) if a.perfil else None
        except PerfilInvalido:
            pesos = None
        if pesos and a.meta_anual is not None:
            cambios["metas"] = metas_por_perfil(a.meta_anual, a.es_acumulable, pesos)
        if pesos and a.valorizacion_anual is not None:
            cambios["montos"] = montos_por_perfil(a.valorizacion_anual, pesos)
        metas, montos = cambios.get("metas", a.metas), cambios.get("montos", a.montos)
        total_metas = suma(metas or ()) if a.es_acumulable else a.meta_anual
        resultado.append(con_cambios(a, **cambios, total_metas=total_metas, total_montos=suma(montos or ())))
    return resultado


def costos_insumos(insumos: list[Insumo]) -> list[Insumo]:
    return [
        con_cambios(i, costo_total=costo_insumo(i.cantidad, i.costo_unitario))
        if i.cantidad is not None and i.costo_unitario is not None
        else i
        for i in insumos
    ]


def _perfil_valido(a: Actividad) -> bool:
    try:
        pesos_de_perfil(a.perfil or "", a.mes_unico, a.pesos)
    except PerfilInvalido:
        return False
    return True


@dataclass(frozen=True)
class PoiCalculado(Calculado):
    """El POI con meses por perfil, totales y costo de insumos."""

    actividades: list[Actividad]
    insumos: list[Insumo]


def calcular(libro: LibroLeido, contexto: Contexto) -> PoiCalculado:
    """Meses por perfil, totales y costo de insumos."""
    calculado = libro.con_filas("Actividades", aplicar_perfiles(libro.filas("Actividades")))
    calculado = calculado.con_filas("Insumos", costos_insumos(calculado.filas("Insumos")))
    return PoiCalculado(calculado, calculado.filas("Actividades"), calculado.filas("Insumos"))
