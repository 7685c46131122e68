"""Trabajos sobre archivos que combinan formatos: la evaluación desde el POI, el cronograma ajeno a la
plantilla, su calendario y la exportación Pabulib. La entrada nunca se modifica; las salidas son
archivos nuevos.
"""

import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from libro.cronograma.importar import ImportacionFallida, LibroAjeno, importar_archivo
from libro.nucleo.contexto import Contexto
from libro.nucleo.fuentes import etiqueta_formato
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion
from libro.nucleo.resultado import Resultado
from libro.poi.evaluacion.calculo import meses_del_trimestre
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.evaluacion.hojas import datos_desde_poi
from libro.poi.formato import POI
from libro.pp.proyectos import pabulib
from libro.pp.proyectos.calculo import priorizar
from libro.pp.proyectos.exportar import Exportacion, ExportacionImposible, escritura_comparacion, exportar
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.procesos import calcular_archivo, leer_archivo, observaciones_de
from libro.salida.informe import escribir_atomico
from libro.salida.parche_zip import aplicar
from libro.salida.plantilla import escribir_plantilla


@dataclass
class Generacion:
    salida: Path | None
    actividades: int = 0
    observaciones_poi: list[Observacion] = field(default_factory=list)
    detalle: str = ""


def generar_evaluacion(
    poi: Path, trimestre: int, salida: Path, contexto: Contexto | None = None
) -> Generacion:
    """Escribe el libro de evaluación del trimestre desde el POI; el POI no se modifica."""
    meses_del_trimestre(trimestre)
    libro, resultado = leer_archivo(poi, POI)
    if libro is None:
        return Generacion(None, detalle=resultado.detalle)
    if "Actividades" not in libro.hojas:
        return Generacion(None, detalle=f"«{poi.name}» no tiene la hoja «Actividades» de un POI")
    datos = datos_desde_poi(libro, trimestre)
    escribir_plantilla(EVALUACION_POI, salida, datos=datos)
    return Generacion(salida, len(datos["Evaluación"]), observaciones_de(libro, contexto))


def importar_a_plantilla(
    original: Path, salida: Path, anio: int | None = None, fecha_referencia: date | None = None
) -> tuple[LibroAjeno, Resultado]:
    """Lee el libro ajeno y escribe `salida`: la plantilla de libro llena, calculada y validada."""
    ajeno = importar_archivo(original, anio)
    datos = ajeno.datos
    if datos is not None and fecha_referencia is not None:
        datos = datos.model_copy(update={"fecha_referencia": fecha_referencia})
    (hoja, lectura), = ajeno.hojas.items()
    salida.parent.mkdir(parents=True, exist_ok=True)
    descriptor, nombre = tempfile.mkstemp(prefix="libro_importando_", suffix=".xlsx", dir=salida.parent)
    os.close(descriptor)
    temporal = Path(nombre)
    try:
        escribir_plantilla(ajeno.formato, temporal, {"Datos": [datos] if datos else [], hoja: lectura.filas})
        resultado = calcular_archivo(temporal, salida)
    finally:
        temporal.unlink(missing_ok=True)
    if resultado.estado not in ("ok", "observado"):
        raise ImportacionFallida(f"no se pudo escribir «{salida.name}»: {resultado.detalle}")
    resultado.archivo = str(salida)
    return ajeno, resultado


def leer_para_calendario(archivo: Path, anio: int | None = None) -> LibroLeido:
    """El libro con sus plazos: la plantilla de libro o un libro ajeno; `anio` reemplaza al escrito."""
    if etiqueta_formato(archivo) is None:
        return importar_archivo(archivo, anio)
    libro, resultado = leer_archivo(archivo)
    if libro is None:
        raise ImportacionFallida(f"«{archivo.name}»: {resultado.detalle}")
    if anio is not None:
        filas = libro.filas("Datos")
        if filas:
            libro = libro.con_filas("Datos", [filas[0].model_copy(update={"anio": anio})])
        if isinstance(libro, LibroAjeno) and libro.datos:
            libro = replace(libro, datos=libro.datos.model_copy(update={"anio": anio}))
    return libro


def exportar_pabulib_archivo(
    origen: Path, salida: Path, comparacion: Path | None = None, contexto: Contexto | None = None
) -> Exportacion:
    """Escribe el .pb (atómico) y, si se pide, una copia del libro con la hoja de comparación.

    Las reglas se comparan antes de escribir: si pabutools falla, no queda ningún archivo a medias.
    """
    for destino in (salida, comparacion):
        if destino is not None and destino.resolve() == origen.resolve():
            raise ExportacionImposible("la salida debe ser un archivo distinto de la entrada")
    libro, resultado = leer_archivo(origen, PROYECTOS_PP)
    if libro is None:
        raise ExportacionImposible(resultado.detalle)
    exportacion = exportar(libro, priorizar(libro, (contexto or Contexto()).hoy))
    reglas = None
    if comparacion is not None:
        if origen.suffix.lower() not in (".xlsx", ".xlsm"):
            raise ExportacionImposible("la comparación se escribe solo sobre libros .xlsx o .xlsm")
        try:
            reglas = pabulib.comparar_reglas(exportacion.texto)
        except pabulib.ComparacionImposible as error:
            raise ExportacionImposible(str(error)) from error
    escribir_atomico(salida, exportacion.texto.encode("utf-8"))
    if reglas is not None:
        aplicar(origen, comparacion, escritura_comparacion(exportacion, reglas))
    return exportacion
