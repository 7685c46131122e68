"""Trabajos sobre archivos que combinan formatos: la evaluación desde el POI, el cronograma ajeno a la
plantilla, su calendario, la exportación Pabulib, la plantilla de un año, los plazos del Anexo 02, el
Resumen del POA y la rendición de cuentas. La entrada nunca se modifica; las salidas son archivos nuevos.
"""

import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from libro.cronograma.importar import ImportacionFallida, LibroAjeno, importar_archivo
from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import Formato
from libro.nucleo.fuentes import etiqueta_formato
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion
from libro.nucleo.resultado import Resultado
from libro.poi.anexo02 import calculo as anexo02
from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.poi.consolidacion.calculo import Consolidacion
from libro.poi.evaluacion.calculo import meses_del_trimestre
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.evaluacion.hojas import datos_desde_poi
from libro.poi.formato import POI
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.poi.resumen_poa.desde_consolidacion import resumen_poa
from libro.poi.resumen_poa.formato import RESUMEN_POA
from libro.pp.proyectos import pabulib
from libro.pp.proyectos.calculo import priorizar
from libro.pp.proyectos.exportar import Exportacion, ExportacionImposible, escritura_comparacion, exportar
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.pp.rendicion.calculo import desde_priorizacion
from libro.pp.rendicion.formato import RENDICION_PP
from libro.procesos import calcular_archivo, leer_archivo, observaciones_de
from libro.registro import entrada
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
    datos_plantilla = {"Datos": [datos] if datos else [], hoja: lectura.filas}
    resultado = plantilla_calculada(ajeno.formato, datos_plantilla, salida)
    if resultado.estado not in ("ok", "observado"):
        raise ImportacionFallida(f"no se pudo escribir «{salida.name}»: {resultado.detalle}")
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


class ArchivoInadecuado(ValueError):
    """El archivo dado no sirve para el trabajo pedido (mensaje en español)."""


def plantilla_calculada(
    formato: Formato, datos: dict[str, list], salida: Path, contexto: Contexto | None = None
) -> Resultado:
    """La plantilla del formato llena con `datos`, ya calculada y validada, escrita en `salida`."""
    salida.parent.mkdir(parents=True, exist_ok=True)
    descriptor, nombre = tempfile.mkstemp(prefix="libro_plantilla_", suffix=".xlsx", dir=salida.parent)
    os.close(descriptor)
    temporal = Path(nombre)
    try:
        escribir_plantilla(formato, temporal, datos)
        resultado = calcular_archivo(temporal, salida, contexto)
    finally:
        temporal.unlink(missing_ok=True)
    resultado.archivo = str(salida)
    return resultado


def plantilla_del_anio(formato: Formato, anio: int, salida: Path) -> Resultado:
    """La plantilla llena con lo que el formato implica para ese año (p. ej. las fechas del Anexo 02)."""
    llenar = entrada(formato.id).plantilla_anual
    if llenar is None:
        raise ArchivoInadecuado(f"la plantilla «{formato.id}» no se llena por año")
    return plantilla_calculada(formato, llenar(anio), salida, Contexto(anio_fiscal=anio))


def _leer_como(ruta: Path, formato: Formato, hoja: str) -> LibroLeido:
    """El libro leído con la declaración dada; `ArchivoInadecuado` si no se puede o no tiene la hoja."""
    libro, resultado = leer_archivo(ruta, formato)
    if libro is None:
        raise ArchivoInadecuado(f"«{ruta.name}»: {resultado.detalle}")
    if hoja not in libro.hojas:
        raise ArchivoInadecuado(f"«{ruta.name}» no tiene la hoja «{hoja}» de {formato.titulo.lower()}")
    return libro


def plazos_de_cronograma_poi(ruta: Path) -> dict[tuple[int, int], date]:
    """(año fiscal, trimestre) → plazo de la evaluación, tomados del Anexo 02 (para `Contexto`)."""
    libro = _leer_como(ruta, CRONOGRAMA_POI, "Cronograma POI")
    plazos = anexo02.plazos_evaluacion(anexo02.calcular(libro, Contexto()))
    if not plazos:
        raise ArchivoInadecuado(
            f"«{ruta.name}» no tiene fechas de evaluación (o le falta el año fiscal en «Datos»)"
        )
    return plazos


def escribir_resumen_poa(
    consolidacion: Consolidacion, salida: Path, anexo01: Path | None = None
) -> Resultado:
    """El Resumen del POA lleno con lo consolidado; `anexo01` (libro con «OEI» y «AEI») da los indicadores."""
    objetivos = _leer_como(anexo01, OBJETIVOS_PEI, "AEI") if anexo01 else None
    return plantilla_calculada(RESUMEN_POA, resumen_poa(consolidacion, objetivos), salida,
                               Contexto(anio_fiscal=consolidacion.anio))


def generar_rendicion(proyectos: Path, salida: Path, contexto: Contexto | None = None) -> Resultado:
    """El libro de rendición de cuentas desde el `proyectos-pp` del año anterior; este no se modifica."""
    if salida.resolve() == proyectos.resolve():
        raise ArchivoInadecuado("la salida debe ser un archivo distinto del libro de proyectos")
    libro = _leer_como(proyectos, PROYECTOS_PP, "Fichas")
    try:
        datos = desde_priorizacion(priorizar(libro, (contexto or Contexto()).hoy))
    except ValueError as error:
        raise ArchivoInadecuado(f"«{proyectos.name}»: {error}") from None
    return plantilla_calculada(RENDICION_PP, datos, salida, contexto)
