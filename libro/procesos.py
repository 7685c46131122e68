"""Los trabajos de libro sobre un libro ya leído o un archivo: validar y calcular.

Los usan igual la CLI, el lote y los botones (`macros_py`): aquí no hay Excel ni consola.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from libro.agentes_salidas import calculo_agentes
from libro.cronograma_salidas import calculo_cronograma
from libro.declaracion import Formato
from libro.escritura import Escritura
from libro.evaluacion_salidas import calculo_evaluacion
from libro.fuentes import EXTENSIONES, LibroIlegible, abrir, etiqueta_formato, grillas_de_archivo, identificar
from libro.generadas import escritura_marcas, escritura_observaciones
from libro.importar import leer_ajeno
from libro.lector import Grilla, LibroLeido, leer_libro
from libro.observacion import Observacion
from libro.poi_salidas import calculo_poi
from libro.proyectos_salidas import calculo_proyectos
from validadores import validar
from validadores.contexto import Contexto

ESTADOS = ("ok", "observado", "ilegible", "desconocido", "omitido")
NO_ES_LIBRO = "no es un libro de Excel (.xlsx, .xlsm, .xls, .ods)"


@dataclass
class Resultado:
    """Lo que pasó con un archivo."""

    archivo: str
    estado: str
    formato: str | None = None
    observaciones: list[Observacion] = field(default_factory=list)
    detalle: str = ""

    @property
    def errores(self) -> int:
        return sum(o.es_error for o in self.observaciones)

    @property
    def advertencias(self) -> int:
        return len(self.observaciones) - self.errores

    def como_dict(self) -> dict[str, Any]:
        return {
            "archivo": self.archivo,
            "formato": self.formato,
            "estado": self.estado,
            "detalle": self.detalle,
            "observaciones": [o.como_dict() for o in self.observaciones],
        }


def hojas_de_datos(libro: LibroLeido) -> list[str]:
    return [lectura.hoja for lectura in libro.hojas.values()]


def plan_validacion(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    """Observaciones del libro y lo que se escribe: hoja «Observaciones» y marcas."""
    observaciones = validar(libro, contexto)
    escritura = escritura_observaciones(observaciones)
    escritura.agregar(*escritura_marcas(observaciones, hojas_de_datos(libro)).operaciones)
    return escritura, observaciones


Calculo = Callable[[LibroLeido], tuple[LibroLeido, Escritura]]
CALCULOS: dict[str, Calculo] = {"poi": calculo_poi, "evaluacion-poi": calculo_evaluacion,
                             "agentes-pp": calculo_agentes, "proyectos-pp": calculo_proyectos,
                             "cronograma-pp": calculo_cronograma, "plan-trabajo": calculo_cronograma}
"""Por formato: el libro con lo calculado y la escritura de celdas calculadas y hojas generadas."""


def calcular(libro: LibroLeido) -> tuple[LibroLeido, Escritura]:
    """Lo que el formato calcula (nada, si el formato no calcula)."""
    calculo = CALCULOS.get(libro.formato.id)
    return calculo(libro) if calculo else (libro, Escritura())


def plan_calculo(libro: LibroLeido, contexto: Contexto) -> tuple[Escritura, list[Observacion]]:
    """Celdas calculadas, hojas generadas, «Observaciones» y marcas, validando lo ya calculado."""
    calculado, escritura = calcular(libro)
    validacion, observaciones = plan_validacion(calculado, contexto)
    escritura.agregar(*validacion.operaciones)
    return escritura, observaciones


def es_candidato(ruta: Path) -> bool:
    """Archivos de Excel que no son temporales de bloqueo («~$…») ni ocultos."""
    return ruta.suffix.lower() in EXTENSIONES and not ruta.name.startswith(("~$", "."))


def leer_archivo(ruta: Path, formato: Formato | None = None) -> tuple[LibroLeido | None, Resultado]:
    """Abre e identifica el archivo; devuelve el libro leído o un resultado ilegible/desconocido."""
    nombre = str(ruta)
    if not es_candidato(ruta):
        return None, Resultado(nombre, "omitido", detalle=NO_ES_LIBRO)
    try:
        abierto = abrir(ruta)
        if formato is None:
            formato, como = identificar(etiqueta_formato(ruta), abierto.sheet_names)
            if como != "etiqueta" and (ajeno := leer_ajeno(ruta, abierto, formato)) is not None:
                return ajeno, Resultado(nombre, "ok", ajeno.formato.etiqueta)
            if formato is None:
                return None, Resultado(nombre, "desconocido", detalle=f"«{ruta.name}»: {como}")
        hojas = list(formato.buscar_hoja(abierto.sheet_names).values())
        grillas: dict[str, Grilla] = grillas_de_archivo(ruta, hojas, abierto)
    except LibroIlegible as error:
        return None, Resultado(nombre, "ilegible", detalle=str(error))
    libro = leer_libro(formato, grillas)
    return libro, Resultado(nombre, "ok", formato.etiqueta)


def validar_archivo(ruta: Path, contexto: Contexto | None = None) -> Resultado:
    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return resultado
    resultado.observaciones = validar(libro, contexto or Contexto())
    resultado.estado = "observado" if resultado.errores else "ok"
    return resultado


def calcular_archivo(ruta: Path, salida: Path, contexto: Contexto | None = None) -> Resultado:
    """Escribe en `salida` una copia calculada del libro; la entrada no se modifica."""
    from libro.xlsx_parche import aplicar

    libro, resultado = leer_archivo(ruta)
    if libro is None:
        return resultado
    if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
        resultado.estado = "ilegible"
        resultado.detalle = "«calcular» escribe solo libros .xlsx o .xlsm; guarde el archivo en ese formato"
        return resultado
    escritura, observaciones = plan_calculo(libro, contexto or Contexto())
    try:
        aplicar(ruta, salida, escritura)
    except PermissionError:
        resultado.estado = "ilegible"
        resultado.detalle = f"no se pudo escribir «{salida}»: ¿está abierto en Excel? Ciérrelo y repita"
        return resultado
    except Exception as error:  # noqa: BLE001 - un paquete raro no debe terminar en una traza
        resultado.estado = "ilegible"
        resultado.detalle = f"no se pudo escribir la copia calculada de «{ruta.name}»: {error}"
        return resultado
    resultado.observaciones = observaciones
    resultado.estado = "observado" if resultado.errores else "ok"
    return resultado
