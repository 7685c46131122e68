"""Los trabajos de libro sobre un libro leído o un archivo: leer → calcular (una vez) → validar →
hojas generadas → un plan de escritura.

Los usan igual la CLI, el lote y los botones: aquí no hay Excel ni consola.
"""

from dataclasses import replace
from functools import partial
from pathlib import Path

from libro.nucleo.atomico import EscrituraFallida
from libro.nucleo.contexto import Contexto
from libro.nucleo.declaracion import Formato
from libro.nucleo.escritura import Escritura
from libro.nucleo.flujo import CALCULAR, Accion, Calculado, Perezoso
from libro.nucleo.fuentes import (
    LibroIlegible,
    abrir,
    etiqueta_formato,
    filas_por_llegada,
)
from libro.nucleo.generadas import escritura_marcas, escritura_observaciones
from libro.nucleo.lector import LibroLeido, columnas_leidas, leer_libro_por_llegada, sin_recolector
from libro.nucleo.limites import EXTENSIONES, NO_ES_LIBRO
from libro.nucleo.observacion import Observacion
from libro.nucleo.resultado import ColumnaLeida, Resultado, resumen_columnas
from libro.nucleo.textos import acotar
from libro.registro import entrada, identificar, importadores
from validadores import validar


def procesar(
    libro: LibroLeido, contexto: Contexto, accion: Accion = CALCULAR
) -> tuple[Escritura, list[Observacion]]:
    """Calcula una vez, escribe las partes que pide la acción y, si valida, «Observaciones» y marcas.

    Valida el libro tal como está si la acción no escribe nada (y calcula solo si una regla mira lo
    calculado); si escribe, el libro ya calculado.
    """
    if accion.partes == ():
        validado, escritura = libro, Escritura()
        observar = partial(observaciones_de, libro, contexto)
    else:
        registrado = entrada(libro.formato.id)
        calculado = registrado.calcular(libro, contexto)
        validado, escritura = calculado.libro, registrado.escritura(calculado, accion.partes)
        observar = partial(validar, validado, calculado, contexto, registrado.reglas)
    if not accion.valida:
        return escritura, []
    observaciones = observar()
    escritura.agregar(*escritura_observaciones(observaciones, contexto.momento).operaciones)
    hojas = [lectura.hoja for lectura in validado.hojas.values()]
    escritura.agregar(*escritura_marcas(observaciones, hojas).operaciones)
    return escritura, observaciones


def calcular_y_validar(libro: LibroLeido, contexto: Contexto) -> tuple[Calculado, list[Observacion]]:
    """Calcula una vez y valida el libro ya calculado, sin armar escritura (consolidación).

    Lo mismo que `procesar(..., CALCULAR)` observa, sin las hojas que este escribe."""
    registrado = entrada(libro.formato.id)
    calculado = registrado.calcular(libro, contexto)
    return calculado, validar(calculado.libro, calculado, contexto, registrado.reglas)


def observaciones_de(libro: LibroLeido, contexto: Contexto | None = None) -> list[Observacion]:
    """Lo que la lectura y las reglas observan en el libro tal como está, sin plan de escritura.

    Se calcula solo si alguna regla mira lo calculado.
    """
    registrado = entrada(libro.formato.id)
    contexto = contexto or Contexto()
    calculado = Perezoso(lambda: registrado.calcular(libro, contexto))
    return validar(libro, calculado, contexto, registrado.reglas)


def es_candidato(ruta: Path) -> bool:
    """Archivos de Excel que no son temporales de bloqueo («~$…») ni ocultos."""
    return ruta.suffix.lower() in EXTENSIONES and not ruta.name.startswith(("~$", "."))


def leer_archivo(ruta: Path, formato: Formato | None = None) -> tuple[LibroLeido | None, Resultado]:
    """Abre e identifica el archivo; devuelve el libro leído o un resultado ilegible/desconocido."""
    nombre = str(ruta)
    if not es_candidato(ruta):
        return None, Resultado(nombre, "omitido", detalle=NO_ES_LIBRO)
    como = "indicado"
    try:
        abierto = abrir(ruta)
        if formato is None:
            formato, como = identificar(etiqueta_formato(ruta), abierto.sheet_names)
            if como != "etiqueta":
                for importar in importadores():
                    ajeno = importar(ruta, abierto, formato)
                    if ajeno is not None:
                        return ajeno, _leido(nombre, ajeno)
            if formato is None:
                return None, Resultado(nombre, "desconocido", detalle=f"«{ruta.name}»: {como}")
        hojas = list(formato.buscar_hoja(abierto.sheet_names).values())
        libro = leer_libro_por_llegada(formato, hojas, filas_por_llegada(ruta, hojas, abierto))
    except LibroIlegible as error:
        return None, Resultado(nombre, "ilegible", detalle=str(error))
    sin_tabla = _sin_tabla(libro) if como == "hojas" else []
    if sin_tabla:
        detalle = f"«{ruta.name}» tiene las hojas de «{formato.titulo}» pero no sus tablas. "
        return None, Resultado(nombre, "desconocido", detalle=detalle + " ".join(sin_tabla))
    return libro, _leido(nombre, libro)


def _sin_tabla(libro: LibroLeido) -> list[str]:
    """LIB-003 de las hojas que identifican al formato y tienen datos pero no su tabla: un libro que
    solo se parece al formato por los nombres de sus hojas (una hoja vacía sigue siendo una observación)."""
    propias = {libro.hojas[h.nombre].hoja for h in libro.formato.hojas_que_identifican
               if h.nombre in libro.hojas and libro.hojas[h.nombre].datos_sin_tabla}
    return [o.mensaje for o in libro.observaciones if o.codigo == "LIB-003" and o.hoja in propias]


def columnas_de(libro: LibroLeido) -> list[ColumnaLeida]:
    """Qué título del libro se leyó como cada columna, con los títulos acotados (son valores de celdas)."""
    return [replace(c, encabezado=acotar(c.encabezado)) for c in columnas_leidas(libro)]


def _leido(nombre: str, libro: LibroLeido) -> Resultado:
    """Resultado de un libro leído: qué título se leyó como cada columna y su año fiscal, si lo declara."""
    columnas = columnas_de(libro)
    anio = getattr(libro.ficha("Datos"), "anio_fiscal", None)
    return Resultado(nombre, "ok", libro.formato.etiqueta, detalle=resumen_columnas(columnas),
                     columnas=columnas, anio_fiscal=anio if isinstance(anio, int) else None)


@sin_recolector()
def validar_archivo(ruta: Path, contexto: Contexto | None = None) -> Resultado:
    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return resultado
    resultado.observaciones = observaciones_de(libro, contexto)
    resultado.estado = "observado" if resultado.errores else "ok"
    return resultado


@sin_recolector()
def calcular_archivo(ruta: Path, salida: Path, contexto: Contexto | None = None) -> Resultado:
    """Escribe en `salida` una copia calculada del libro; la entrada no se modifica.

    Si la salida no se puede escribir, `EscrituraFallida` (con un mensaje que nombra la salida) sigue de
    largo: no es culpa de la entrada.
    """
    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return resultado
    if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
        resultado.estado = "ilegible"
        resultado.detalle = "«calcular» escribe solo libros .xlsx o .xlsm; guarde el archivo en ese formato"
        return resultado
    from libro.salida.parche_zip import aplicar  # lxml: solo quien escribe la copia lo carga

    escritura, observaciones = procesar(libro, contexto or Contexto(), CALCULAR)
    try:
        aplicar(ruta, salida, escritura)
    except (EscrituraFallida, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - una parte dañada del paquete no debe terminar en una traza
        resultado.estado = "ilegible"
        resultado.detalle = (
            f"«{ruta.name}»: una parte interna del libro está dañada y no se pudo copiar "
            f"({type(error).__name__}); ábralo en Excel, guárdelo de nuevo y repita"
        )
        return resultado
    resultado.observaciones = observaciones
    resultado.estado = "observado" if resultado.errores else "ok"
    return resultado
