"""Consolidación institucional de OPP sobre una carpeta: cada libro se lee, calcula y valida en un
proceso aparte (`libro.lote`), se clasifica (`libro.poi.consolidacion`) y se escribe el consolidado.
"""

from pathlib import Path
from typing import Any

from libro.lote import acotado, expandir, validar_lote
from libro.nucleo.contexto import Contexto
from libro.nucleo.fuentes import etiqueta_formato
from libro.poi.consolidacion.calculo import (
    ActividadConsolidada,
    ActividadEvaluada,
    Consolidacion,
    EvaluacionUnidad,
    Leido,
    UnidadPoi,
    clasificar,
    oei_de,
)
from libro.poi.consolidacion.hojas import escribir_consolidado
from libro.poi.perfiles import cuadro_presupuesto
from libro.procesos import calcular_y_validar, leer_archivo
from libro.registro import FORMATOS
from validadores.modificaciones import presupuesto_modificado


def _version_distinta(ruta: Path) -> str | None:
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


def _unidad_poi(libro: Any) -> UnidadPoi:
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
    calculado, observaciones = calcular_y_validar(libro, contexto)
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
        leido.unidad = _unidad_poi(calculado.libro)
    else:
        leido.evaluacion = _evaluacion_unidad(calculado.libro)
    return leido


def _ilegible(ruta: Path, detalle: str) -> Leido:
    return Leido(str(ruta), "ilegible", motivo="ilegible", detalle=detalle)


def _leer_acotado(ruta: Path, contexto: Contexto) -> Leido:
    """Como `lote`: tiempo acotado; cualquier falla deja el archivo «ilegible» y el lote sigue."""
    return acotado(leer_para_consolidar, ruta, contexto, _ilegible)


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
    archivos = archivos_de(carpeta, salida)
    leidos = list(validar_lote(archivos, Contexto(), procesos, trabajo=_leer_acotado))
    consolidacion = clasificar(leidos, anio, trimestre)
    escribir_consolidado(consolidacion, salida, cache)
    return consolidacion
