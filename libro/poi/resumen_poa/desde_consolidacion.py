"""Del POI consolidado por OPP (`Consolidacion`) a las hojas de datos del Resumen del POA.

Función pura: no lee archivos ni escribe; `libro.trabajos.escribir_resumen_poa` escribe el libro.
"""

from typing import Any

from libro.nucleo.lector import LibroLeido
from libro.poi.consolidacion.agregados import MONTOS, tablas
from libro.poi.consolidacion.calculo import Consolidacion
from libro.poi.formato import NO_ACUMULABLE
from libro.poi.objetivos import Aei, Oei
from libro.poi.perfiles import suma
from libro.poi.resumen_poa.formato import Aprobacion, Operacion, Presentacion, PresupuestoUnidad


def _objetivos(c: Consolidacion, actividades: Any, anexo01: LibroLeido | None) -> tuple[list[Oei], list[Aei]]:
    """El Anexo 01 dado y, detrás, los OEI y AEI que usan las actividades consolidadas y no están en él."""
    oei = list(anexo01.filas("OEI")) if anexo01 else []
    aei = list(anexo01.filas("AEI")) if anexo01 else []
    con_oei = {o.codigo for o in oei}
    con_aei = {a.codigo for a in aei}
    oei_de_aei = dict(zip(actividades["aei"], actividades["oei"], strict=True))
    for codigo in dict.fromkeys(actividades["oei"]):
        if codigo and codigo not in con_oei:
            con_oei.add(codigo)
            oei.append(Oei(codigo=codigo))
    for u in c.unidades:
        for codigo, nombre in u.nombres_aei.items():
            if codigo not in con_aei:
                con_aei.add(codigo)
                aei.append(Aei(codigo=codigo, oei=oei_de_aei.get(codigo), accion=nombre))
    return oei, aei


def _operaciones(actividades: Any) -> list[Operacion]:
    """Una operación por unidad y AEI: cuántas actividades, su meta física y sus montos por mes."""
    filas = []
    acumulables = actividades["tipo_meta"] != NO_ACUMULABLE
    for (codigo, nombre, aei), grupo in actividades.groupby(
        ["codigo_unidad", "nombre_unidad", "aei"], sort=False, dropna=False
    ):
        filas.append(
            Operacion(
                codigo_unidad=codigo,
                unidad=nombre,
                aei=aei,
                actividades=len(grupo),
                meta_fisica=suma(grupo.loc[acumulables[grupo.index], "meta_anual"].dropna()),
                montos=[suma(grupo[m].dropna()) for m in MONTOS],
            )
        )
    return filas


def resumen_poa(c: Consolidacion, anexo01: LibroLeido | None = None) -> dict[str, list[Any]]:
    """Las hojas del Resumen del POA llenas con lo consolidado; la presentación y la aprobación, vacías.

    `anexo01`: un libro con las hojas «OEI» y «AEI» (el Anexo 01 o cualquier POI) para los indicadores
    y metas; sin él, los objetivos y acciones llevan solo código y nombre.
    """
    actividades = tablas(c).actividades
    oei, aei = _objetivos(c, actividades, anexo01)
    return {
        "Presentación": [Presentacion(anio_fiscal=c.anio)],
        "OEI": oei,
        "AEI": aei,
        "Operaciones": _operaciones(actividades),
        "Presupuesto": [
            PresupuestoUnidad(
                codigo_unidad=u.codigo, unidad=u.nombre, bienes=u.bienes, servicios=u.servicios, marco=u.marco
            )
            for u in c.unidades
        ],
        "Aprobación": [Aprobacion()],
    }
