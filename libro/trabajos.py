"""Trabajos sobre archivos que combinan formatos: la evaluación desde el POI, el cronograma ajeno a la
plantilla, su calendario, la exportación Pabulib, la plantilla de un año, los plazos del Anexo 02, el
Resumen del POA y la rendición de cuentas. La entrada nunca se modifica; las salidas son archivos nuevos,
escritos de una vez (`libro.nucleo.atomico`).

Lo que lee un archivo que manda un usuario corre en un trabajador acotado: `en_trabajador(trabajo, ruta,
…)` revisa la ruta aquí (solo metadatos: una tubería no bloquea), y en el trabajador, con tope de memoria
y plazo vigilados desde aquí, revisa el contenido y hace el trabajo (leer, calcular y escribir la salida).
"""

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from libro.cronograma.calculo import HOJA_DE, descripcion
from libro.cronograma.ics import escribir_ics
from libro.cronograma.importar import ImportacionFallida, LibroAjeno, importar_archivo
from libro.lote import TOPES, Topes, con_revision, diagnosticar, ejecutar_acotado
from libro.nucleo.atomico import EscrituraFallida, escribir_bytes
from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import Formato
from libro.nucleo.fuentes import LibroIlegible, etiqueta_formato
from libro.nucleo.inspeccion import Hallazgo, revisar_ruta
from libro.nucleo.lector import LibroLeido
from libro.nucleo.limites import LIMITES
from libro.nucleo.observacion import Observacion
from libro.nucleo.resultado import ColumnaLeida, Resultado
from libro.nucleo.textos import acotar
from libro.poi.anexo02 import calculo as anexo02
from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.poi.anexo02.ics import escribir_ics as escribir_ics_anexo02
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
from libro.pp.proyectos.exportar import (
    DatosNoAdmitidos,
    Exportacion,
    ExportacionImposible,
    escritura_comparacion,
    exportar,
)
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.pp.rendicion.calculo import desde_priorizacion
from libro.pp.rendicion.formato import RENDICION_PP
from libro.procesos import calcular_archivo, columnas_de, leer_archivo, observaciones_de
from libro.registro import entrada
from libro.salida.parche_zip import aplicar
from libro.salida.plantilla import escribir_plantilla

R = TypeVar("R")


class ArchivoInadecuado(ValueError):
    """El archivo dado no sirve para el trabajo pedido, o no se pudo leer (mensaje en español)."""


FALLAS: tuple[type[Exception], ...] = (
    ArchivoInadecuado, EscrituraFallida, LibroIlegible, ImportacionFallida, ExportacionImposible,
)
"""Fallas de un trabajo sobre un archivo, con mensaje en español; viajan del trabajador al principal."""


@dataclass(frozen=True)
class _Falla:
    error: Exception


def en_trabajador(trabajo: Callable[..., R], ruta: Path, *argumentos: Any, topes: Topes = TOPES) -> R:
    """`trabajo(ruta, *argumentos)` en un trabajador acotado; la ruta se revisa antes, aquí y allá.

    `trabajo` es una función de módulo y sus argumentos y su resultado deben poder ir de un proceso a
    otro. Sus `FALLAS` llegan tal cual; un archivo que no se lee (no es un archivo regular, no pasa la
    revisión, agota la memoria o el plazo, o su trabajador muere) da `ArchivoInadecuado`, que lo nombra.
    """
    hallazgo = revisar_ruta(ruta)
    if hallazgo is not None:
        raise ArchivoInadecuado(f"«{ruta.name}»: {hallazgo.detalle}")
    (respuesta,) = ejecutar_acotado(
        partial(_revisado, trabajo), [ruta], argumentos, _fallido, 1, topes.memoria, topes.segundos,
        partial(diagnosticar, LIMITES, topes.memoria, topes.segundos),
    )
    if isinstance(respuesta, _Falla):
        raise respuesta.error
    return respuesta


def _revisado(trabajo: Callable[..., R], ruta: Path, argumentos: tuple[Any, ...]) -> R | _Falla:
    """En el trabajador: el trabajo con la revisión del archivo antes (y después, si resultó ilegible)."""
    revisado = con_revision(ruta, LIMITES, partial(_intentar, trabajo, ruta, argumentos), _ilegible)
    return _fallido(ruta, revisado.detalle) if isinstance(revisado, Hallazgo) else revisado


def _intentar(trabajo: Callable[..., R], ruta: Path, argumentos: tuple[Any, ...]) -> R | _Falla:
    try:
        return trabajo(ruta, *argumentos)
    except FALLAS as error:
        return _Falla(error)


def _ilegible(respuesta: object) -> bool:
    if isinstance(respuesta, _Falla):
        return isinstance(respuesta.error, LibroIlegible)
    return getattr(respuesta, "estado", None) == "ilegible"


def _fallido(ruta: Path, detalle: str) -> _Falla:
    return _Falla(ArchivoInadecuado(f"«{ruta.name}»: {detalle}"))


def misma_ruta(una: Path, otra: Path) -> bool:
    """Si dos rutas llevan al mismo archivo (sin fallar con enlaces en bucle)."""
    return os.path.realpath(una) == os.path.realpath(otra)


@dataclass
class Generacion:
    salida: Path | None
    actividades: int = 0
    observaciones_poi: list[Observacion] = field(default_factory=list)
    detalle: str = ""


def generar_evaluacion(
    poi: Path, trimestre: int, salida: Path, contexto: Contexto | None = None, topes: Topes = TOPES
) -> Generacion:
    """Escribe el libro de evaluación del trimestre desde el POI, leído en un trabajador acotado; el POI
    no se modifica. Si no se pudo, `salida` es None y `detalle` dice por qué (en español)."""
    meses_del_trimestre(trimestre)
    try:
        return en_trabajador(_evaluacion, poi, trimestre, salida, contexto, topes=topes)
    except FALLAS as error:
        return Generacion(None, detalle=str(error))


def _evaluacion(poi: Path, trimestre: int, salida: Path, contexto: Contexto | None) -> Generacion:
    libro = _leer_como(poi, POI, "Actividades")
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


@dataclass
class Importacion:
    """Lo que se muestra de una importación (el libro leído se queda en su trabajador)."""

    hoja: str
    formato: str
    """Título del formato con que se leyó («Cronograma del PP», «Plan de trabajo»)."""
    actividades: int
    secciones: int
    """Filas de fase o etapa."""
    anio: int | None
    origen_anio: str
    columnas: list[ColumnaLeida]
    resultado: Resultado


def importar_cronograma(original: Path, salida: Path, anio: int | None = None) -> Importacion:
    """`importar_a_plantilla` y lo que se muestra de ella; para correr en un trabajador (`en_trabajador`)."""
    ajeno, resultado = importar_a_plantilla(original, salida, anio)
    (lectura,) = ajeno.hojas.values()
    return Importacion(
        lectura.hoja, ajeno.formato.titulo, len(lectura.filas), len(ajeno.secciones),
        ajeno.datos.anio if ajeno.datos else None, ajeno.origen_anio, columnas_de(ajeno), resultado,
    )


def leer_para_calendario(archivo: Path, anio: int | None = None) -> LibroLeido:
    """El libro con sus plazos: la plantilla de libro o un libro ajeno; `anio` reemplaza al escrito."""
    if etiqueta_formato(archivo) is None:
        return importar_archivo(archivo, anio)
    libro, resultado = leer_archivo(archivo)
    if libro is None:
        falla = LibroIlegible if resultado.estado == "ilegible" else ImportacionFallida
        raise falla(f"«{archivo.name}»: {resultado.detalle}")
    if anio is not None:
        filas = libro.filas("Datos")
        if filas:
            libro = libro.con_filas("Datos", [filas[0].model_copy(update={"anio": anio})])
        if isinstance(libro, LibroAjeno) and libro.datos:
            libro = replace(libro, datos=libro.datos.model_copy(update={"anio": anio}))
    return libro


@dataclass(frozen=True)
class SinFecha:
    """Una actividad que no entró en el calendario."""

    fila: int
    """Fila en la hoja (desde 1)."""
    texto: str
    problema: str


@dataclass
class Calendario:
    anexo02: bool
    """Si es el Anexo 02 del POI (si no, un cronograma del PP o un plan de trabajo)."""
    actividades: int
    fuera: list[SinFecha]


def exportar_calendario(archivo: Path, salida: Path, anio: int | None = None) -> Calendario:
    """Escribe el .ics con los plazos del cronograma del PP, del plan de trabajo o del Anexo 02 del POI."""
    libro = leer_para_calendario(archivo, anio)
    if libro.formato.id == CRONOGRAMA_POI.id:
        fuera_poi = escribir_ics_anexo02(libro, salida)
        sin_fechas = "«Desde» o «Hasta» vacías o no válidas, o «Hasta» antes de «Desde»"
        return Calendario(True, 0, [SinFecha(f.fila + 1, acotar(f.actividad or f.hito or "", 60), sin_fechas)
                                    for f in fuera_poi])
    if libro.formato.id not in HOJA_DE:
        raise ArchivoInadecuado(
            f"«{archivo.name}» es un libro de «{libro.formato.titulo}», que no tiene plazos"
        )
    fuera = escribir_ics(libro, salida)
    return Calendario(False, len(libro.filas(HOJA_DE[libro.formato.id])),
                      [SinFecha(p.fila.fila + 1, acotar(descripcion(p.fila), 60), p.problema) for p in fuera])


def exportar_pabulib_archivo(
    origen: Path, salida: Path, comparacion: Path | None = None, contexto: Contexto | None = None
) -> Exportacion:
    """Escribe el .pb (atómico) y, si se pide, una copia del libro con la hoja de comparación.

    Las reglas se comparan antes de escribir: si pabutools falla, no queda ningún archivo a medias. Lo
    que impide exportar llega como `ExportacionImposible`, con un mensaje que nombra el libro.
    """
    try:
        return _exportar_pabulib(origen, salida, comparacion, contexto)
    except DatosNoAdmitidos as error:
        raise ExportacionImposible(f"Pabulib no acepta los datos de «{origen.name}»: {error}") from None
    except ExportacionImposible as error:
        raise ExportacionImposible(f"no se pudo exportar «{origen.name}»: {error}") from None


def _exportar_pabulib(
    origen: Path, salida: Path, comparacion: Path | None, contexto: Contexto | None
) -> Exportacion:
    for destino in (salida, comparacion):
        if destino is not None and misma_ruta(destino, origen):
            raise ExportacionImposible("la salida debe ser un archivo distinto de la entrada")
    libro = _leer_como(origen, PROYECTOS_PP, "Fichas")
    exportacion = exportar(libro, priorizar(libro, (contexto or Contexto()).hoy))
    reglas = None
    if comparacion is not None:
        if origen.suffix.lower() not in (".xlsx", ".xlsm"):
            raise ExportacionImposible("la comparación se escribe solo sobre libros .xlsx o .xlsm")
        try:
            reglas = pabulib.comparar_reglas(exportacion.texto)
        except pabulib.ComparacionImposible as error:
            raise ExportacionImposible(str(error)) from error
    escribir_bytes(salida, exportacion.texto.encode("utf-8"))
    if reglas is not None:
        aplicar(origen, comparacion, escritura_comparacion(exportacion, reglas))
    return exportacion


def plantilla_calculada(
    formato: Formato, datos: dict[str, list], salida: Path, contexto: Contexto | None = None
) -> Resultado:
    """La plantilla del formato llena con `datos`, ya calculada y validada, escrita en `salida`.

    La plantilla sin calcular va a una carpeta temporal propia, nunca a la carpeta de la salida.
    """
    with tempfile.TemporaryDirectory(prefix="libro-plantilla-") as carpeta:
        temporal = escribir_plantilla(formato, Path(carpeta) / "plantilla.xlsx", datos)
        resultado = calcular_archivo(temporal, salida, contexto)
    resultado.archivo = str(salida)
    return resultado


def plantilla_del_anio(formato: Formato, anio: int, salida: Path) -> Resultado:
    """La plantilla llena con lo que el formato implica para ese año (p. ej. las fechas del Anexo 02)."""
    llenar = entrada(formato.id).plantilla_anual
    if llenar is None:
        raise ArchivoInadecuado(f"la plantilla «{formato.id}» no se llena por año")
    return plantilla_calculada(formato, llenar(anio), salida, Contexto(anio_fiscal=anio))


def _leer_como(ruta: Path, formato: Formato, hoja: str) -> LibroLeido:
    """El libro leído con la declaración dada; `LibroIlegible` si no se puede leer (en el trabajador, la
    revisión completa dirá por qué), `ArchivoInadecuado` si no es de ese formato o no tiene la hoja."""
    libro, resultado = leer_archivo(ruta, formato)
    if libro is None:
        falla = LibroIlegible if resultado.estado == "ilegible" else ArchivoInadecuado
        raise falla(f"«{ruta.name}»: {resultado.detalle}")
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
    consolidacion: Consolidacion, salida: Path, anexo01: Path | None = None, topes: Topes = TOPES
) -> Resultado:
    """El Resumen del POA lleno con lo consolidado; `anexo01` (libro con «OEI» y «AEI», que se lee en un
    trabajador acotado) da los indicadores."""
    if anexo01 is None:
        return _resumen_poa(None, consolidacion, salida)
    return en_trabajador(_resumen_poa, anexo01, consolidacion, salida, topes=topes)


def _resumen_poa(anexo01: Path | None, consolidacion: Consolidacion, salida: Path) -> Resultado:
    objetivos = _leer_como(anexo01, OBJETIVOS_PEI, "AEI") if anexo01 else None
    return plantilla_calculada(RESUMEN_POA, resumen_poa(consolidacion, objetivos), salida,
                               Contexto(anio_fiscal=consolidacion.anio))


def generar_rendicion(proyectos: Path, salida: Path, contexto: Contexto | None = None) -> Resultado:
    """El libro de rendición de cuentas desde el `proyectos-pp` del año anterior; este no se modifica."""
    if misma_ruta(salida, proyectos):
        raise ArchivoInadecuado("la salida debe ser un archivo distinto del libro de proyectos")
    libro = _leer_como(proyectos, PROYECTOS_PP, "Fichas")
    try:
        datos = desde_priorizacion(priorizar(libro, (contexto or Contexto()).hoy))
    except ValueError as error:
        raise ArchivoInadecuado(f"«{proyectos.name}»: {error}") from None
    return plantilla_calculada(RENDICION_PP, datos, salida, contexto)
