"""Validación por lotes: cada archivo en un proceso aparte, con tiempo y memoria acotados.

Un archivo que falla (o que tumba su proceso) queda «ilegible» y el lote sigue.
"""

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from libro.nucleo.contexto import Contexto
from libro.nucleo.resultado import Resultado
from libro.procesos import NO_ES_LIBRO, es_candidato, validar_archivo

SEGUNDOS_POR_ARCHIVO = 120
MEMORIA_POR_PROCESO = 2 * 1024**3

R = TypeVar("R", bound=Resultado)


class _TiempoAgotado(Exception):
    pass


def _limitar() -> None:
    """Al iniciar cada proceso: tope de memoria (donde el sistema lo permite)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORIA_POR_PROCESO, MEMORIA_POR_PROCESO))
    except (ImportError, ValueError, OSError):
        pass


def _alarma(*_: object) -> None:
    raise _TiempoAgotado


def acotado(
    trabajo: Callable[[Path, Contexto], R],
    ruta: Path,
    contexto: Contexto,
    como_ilegible: Callable[[Path, str], R],
) -> R:
    """`trabajo(ruta, contexto)` con tiempo acotado; cualquier falla se vuelve `como_ilegible(ruta, detalle)`.

    Lo usa cada función que un lote corre en un proceso aparte (validar, consolidar...)."""
    con_alarma = hasattr(signal, "SIGALRM")
    if con_alarma:
        signal.signal(signal.SIGALRM, _alarma)
        signal.alarm(SEGUNDOS_POR_ARCHIVO)
    try:
        return trabajo(ruta, contexto)
    except _TiempoAgotado:
        return como_ilegible(ruta, f"la lectura pasó de {SEGUNDOS_POR_ARCHIVO} s y se abandonó")
    except MemoryError:
        return como_ilegible(ruta, "el libro es demasiado grande para leerlo")
    except Exception as error:  # noqa: BLE001 - un archivo dañado no debe detener el lote
        return como_ilegible(ruta, f"no se pudo leer ({error})")
    finally:
        if con_alarma:
            signal.alarm(0)


def _ilegible(ruta: Path, detalle: str) -> Resultado:
    return Resultado(str(ruta), "ilegible", detalle=f"«{ruta.name}»: {detalle}")


def _validar_acotado(ruta: Path, contexto: Contexto) -> Resultado:
    """Valida un archivo; cualquier falla se vuelve un resultado «ilegible» con mensaje."""
    return acotado(validar_archivo, ruta, contexto, _ilegible)


def expandir(rutas: list[Path]) -> list[Path]:
    """Archivos dados más los de las carpetas dadas (recorridas en orden), sin repetir."""
    archivos: list[Path] = []
    for ruta in rutas:
        if ruta.is_dir():
            archivos.extend(sorted(p for p in ruta.rglob("*") if p.is_file() and not p.name.startswith("~$")))
        else:
            archivos.append(ruta)
    unicos: dict[Path, Path] = {}
    for a in archivos:
        unicos.setdefault(a.resolve(), a)
    return list(unicos.values())


def validar_lote(
    rutas: list[Path],
    contexto: Contexto,
    procesos: int | None = None,
    trabajo: Callable[[Path, Contexto], Resultado] = _validar_acotado,
) -> Iterator[Resultado]:
    """Resultados en el orden de `rutas`; usa todos los núcleos salvo que se diga otra cosa."""
    procesos = procesos or os.cpu_count() or 1
    candidatos = [r for r in rutas if r.exists() and es_candidato(r)]
    if procesos == 1 or len(candidatos) <= 1:
        for ruta in rutas:
            yield _previo(ruta) or trabajo(ruta, contexto)
        return
    with ProcessPoolExecutor(max_workers=procesos, initializer=_limitar) as grupo:
        futuros = {r: grupo.submit(trabajo, r, contexto) for r in candidatos}
        for ruta in rutas:
            previo = _previo(ruta)
            if previo:
                yield previo
                continue
            try:
                yield futuros[ruta].result()
            except BrokenProcessPool:
                yield Resultado(
                    str(ruta),
                    "ilegible",
                    detalle=f"«{ruta.name}»: el proceso que lo leía terminó de forma anormal",
                )


def _previo(ruta: Path) -> Resultado | None:
    if not ruta.exists():
        return Resultado(str(ruta), "ilegible", detalle=f"«{ruta}» no existe")
    if not es_candidato(ruta):
        return Resultado(str(ruta), "omitido", detalle=NO_ES_LIBRO)
    return None
