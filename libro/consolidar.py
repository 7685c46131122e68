"""Consolidación institucional de OPP sobre una carpeta: cada libro se lee, calcula y valida en un
proceso aparte (`libro.lote`), que devuelve solo lo que se consolida; luego se clasifica
(`libro.poi.consolidacion.calculo`) y se escribe el consolidado (`libro.poi.consolidacion.hojas`).
"""

import os
from datetime import date
from pathlib import Path

from libro.lote import acotado, expandir, preparar, validar_lote
from libro.nucleo.contexto import Contexto
from libro.nucleo.fuentes import etiqueta_formato
from libro.nucleo.lector import LibroLeido, sin_recolector
from libro.poi.consolidacion.calculo import Consolidacion, Leido, clasificar, evaluacion_unidad, unidad_poi
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


def _unidad(libro: LibroLeido) -> tuple[str, str]:
    """Código y nombre de la unidad según «Datos», si se pudieron leer."""
    datos = libro.ficha("Datos")
    return (datos.codigo_unidad or "", datos.nombre_unidad or "") if datos else ("", "")


@sin_recolector()
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
    codigo, nombre_unidad = _unidad(libro)
    errores = [o for o in observaciones if o.es_error]
    if errores:
        primeros = " | ".join(f"{o.codigo}: {o.mensaje}" for o in errores[:3])
        mas = f" (y {len(errores) - 3} más)" if len(errores) > 3 else ""
        return Leido(
            nombre,
            "observado",
            libro.formato.etiqueta,
            motivo="errores",
            detalle=f"{len(errores)} error(es): {primeros}{mas}",
            codigo=codigo,
            nombre=nombre_unidad,
        )
    leido = Leido(nombre, "ok", libro.formato.etiqueta, codigo=codigo, nombre=nombre_unidad)
    if formato == "poi":
        modificaciones = calculado.libro.filas("Modificaciones")
        modificado = presupuesto_modificado(calculado.libro) if modificaciones else None
        leido.unidad = unidad_poi(calculado.libro, modificado)
    else:
        leido.evaluacion = evaluacion_unidad(calculado.libro)
    return leido


def _ilegible(ruta: Path, detalle: str) -> Leido:
    return Leido(str(ruta), "ilegible", motivo="ilegible", detalle=detalle)


def _leer_acotado(ruta: Path, contexto: Contexto) -> Leido:
    """Como `lote`: tiempo acotado; cualquier falla deja el archivo «ilegible» y el lote sigue."""
    return acotado(leer_para_consolidar, ruta, contexto, _ilegible)


def archivos_de(carpeta: Path, salida: Path | None = None) -> list[Path]:
    """Cada entrada de la carpeta salvo la salida (las que no son libros quedan «omitido», con su motivo).

    Las rutas se comparan con `os.path.realpath`: `Path.resolve()` falla ante un enlace en bucle."""
    excluir = os.path.realpath(salida) if salida else None
    return [p for p in expandir([carpeta]) if os.path.realpath(p) != excluir]


def consolidar(
    carpeta: Path,
    salida: Path,
    trimestre: int | None = None,
    anio: int | None = None,
    procesos: int | None = None,
    cache: bool = True,
    hoy: date | None = None,
    plazos_evaluacion: dict[tuple[int, int], date] | None = None,
) -> Consolidacion:
    """Lee y valida cada libro de la carpeta en paralelo, clasifica y escribe el consolidado.

    Cada proceso devuelve solo lo que se consolida (columnas compactas); `hoy` (por defecto, la fecha
    del día) va en los encabezados de página. `cache=False` deja en 0 los resultados guardados de las
    fórmulas (para comprobar que Excel o LibreOffice las recalculan igual). `plazos_evaluacion` son los
    plazos del Anexo 02 (`libro.trabajos.plazos_de_cronograma_poi`), si OPP lo da."""
    if trimestre is not None and trimestre not in (1, 2, 3, 4):
        raise ValueError(f"el trimestre debe ser 1, 2, 3 o 4 (se recibió {trimestre})")
    plazos = dict(plazos_evaluacion or {})
    contexto = Contexto(**({} if hoy is None else {"hoy": hoy}), plazos_evaluacion=plazos)
    archivos = archivos_de(carpeta, salida)
    preparar()
    # pandas (para escribir) se carga aquí, mientras el servidor de trabajadores importa libro: los
    # trabajadores no lo cargan
    from libro.poi.consolidacion.hojas import escribir_consolidado

    leidos = list(validar_lote(archivos, contexto, procesos, trabajo=_leer_acotado))
    consolidacion = clasificar(leidos, anio, trimestre, contexto.hoy, carpeta, plazos)
    escribir_consolidado(consolidacion, salida, cache)
    return consolidacion
