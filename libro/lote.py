"""Trabajos por archivo en procesos acotados: nada que mande un usuario se lee en el proceso principal.

Cada archivo (uno o diez mil) se procesa en un proceso trabajador con tope de memoria (RLIMIT_AS,
puesto en el hijo antes de trabajar) y con un plazo que vigila el proceso principal: al vencer mata
al trabajador (SIGKILL), sin señales dentro del lector, así que corta también una lectura bloqueada
fuera de Python (abrir una tubería). Hay hasta `procesos` trabajadores; cada uno toma un archivo a la
vez por una tubería y el principal espera con `multiprocessing.connection.wait` respuestas, muertes y
plazos.

La muerte de un trabajador solo es el resultado de su archivo («ilegible», diciendo si fue el
tiempo, la memoria o un fin anormal) y otro trabajador nuevo lo reemplaza. Si murió (o se quedó sin
memoria) uno que ya había leído otros archivos, el archivo se reintenta una vez en un trabajador
nuevo: la culpa pudo ser de la memoria que dejaron los anteriores. Un trabajador que ocupa más de la
mitad del tope, o que ya leyó `TRABAJOS_POR_PROCESO` archivos, se renueva.

Los trabajadores nacen de un servidor `forkserver` que ya importó libro (donde lo hay; si no, `spawn`).
Medido aquí: ~30 ms por trabajador (más ~0,35 s una vez, al iniciar el servidor), frente a ~500 ms
con `spawn`; `fork` (~15 ms) copiaría los hilos del principal (la barra de progreso de rich) y su
tamaño, que contaría contra el tope. Como con todo `multiprocessing` que no usa `fork`, un script
que llame a estas funciones debe hacerlo bajo `if __name__ == "__main__":`. La salida de errores de
cada trabajador va a un archivo propio: de ahí se sabe si calamine abortó por falta de memoria, y el
usuario no ve mensajes en inglés.
"""

import gc
import math
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Generic, TypeVar

from libro.nucleo.contexto import Contexto
from libro.nucleo.inspeccion import (
    LIMITES,
    Hallazgo,
    Limites,
    es_carpeta_que_no_se_recorre,
    revisar_contenido,
    revisar_ruta,
)
from libro.nucleo.resultado import Resultado

MEMORIA = 1024**3
"""Tope de memoria (espacio de direcciones) de cada trabajador, en bytes."""
SEGUNDOS = 120.0
"""Plazo de cada archivo, contado desde que un trabajador lo recibe."""
TRABAJOS_POR_PROCESO = 200
ARRANQUES_FALLIDOS = 3
"""Trabajadores seguidos que mueren antes de estar listos: entonces el lote no puede seguir."""


@dataclass(frozen=True)
class Topes:
    """Lo que puede usar el trabajador de un archivo: memoria (bytes) y plazo (segundos)."""

    memoria: int = MEMORIA
    segundos: float = SEGUNDOS


TOPES = Topes()

C = TypeVar("C")
R = TypeVar("R")
_LISTO = "listo"


# ------------------------------------------------------------------ en el trabajador


def _trabajar(conexion: Connection, trabajo: Callable[[Path, Any], Any], contexto: Any, memoria: int,
              errores: str) -> None:
    """El ciclo del trabajador: tope de memoria, salida de errores propia y un archivo a la vez."""
    descriptor = os.open(errores, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    _morir_con_el_principal()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C lo atiende el principal, que mata a todos
    _acotar_memoria(memoria)
    gc.freeze()  # lo importado no vuelve a recorrerlo el recolector de ciclos
    conexion.send(_LISTO)
    while True:
        try:
            ruta = conexion.recv()
        except EOFError:
            return
        if ruta is None:
            return
        os.ftruncate(2, 0)
        try:
            respuesta: tuple[str, Any] = ("hecho", trabajo(ruta, contexto))
        except MemoryError:
            respuesta = ("memoria", None)
        except Exception as error:  # noqa: BLE001 - un archivo dañado no debe detener el lote
            respuesta = ("error", f"no se pudo leer ({type(error).__name__}: {error})")
        try:
            conexion.send((*respuesta, _ocupado()))
        except MemoryError:
            conexion.send(("memoria", None, 0))
        except Exception as error:  # noqa: BLE001 - un resultado que no se puede enviar
            conexion.send(("error", f"no se pudo devolver el resultado ({type(error).__name__})", 0))


def _acotar_memoria(memoria: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: sin tope; queda el plazo
        return
    _, duro = resource.getrlimit(resource.RLIMIT_AS)
    tope = memoria if duro == resource.RLIM_INFINITY else min(memoria, duro)
    resource.setrlimit(resource.RLIMIT_AS, (tope, duro))


def _morir_con_el_principal() -> None:
    """Que el trabajador no sobreviva al principal aunque esté bloqueado fuera de Python.

    Linux manda SIGKILL al trabajador si muere su padre, el servidor `forkserver` (PR_SET_PDEATHSIG).
    El servidor termina cuando se cierran todas las copias de su «tubería de vida»: el principal tiene
    una y cada hijo hereda otra (para crear nietos, que un trabajador no crea); se cierra aquí.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    from multiprocessing import forkserver

    servidor = getattr(forkserver, "_forkserver", None)
    vida = getattr(servidor, "_forkserver_alive_fd", None)
    if isinstance(vida, int):
        os.close(vida)
        servidor._forkserver_alive_fd = None  # type: ignore[union-attr]
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _ocupado() -> int:
    """Bytes de memoria virtual del proceso (0 si el sistema no lo dice)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


# ------------------------------------------------------------------ en el proceso principal


def _contexto_mp() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        contexto = multiprocessing.get_context("forkserver")
        contexto.set_forkserver_preload(["libro.lote", "libro.procesos"])
        return contexto
    return multiprocessing.get_context("spawn")


def preparar() -> None:
    """Pone en marcha el servidor de trabajadores (que importa libro) sin esperarlo: así esa importación
    corre mientras el principal recorre las carpetas. Sin `forkserver`, no hace nada."""
    if _contexto_mp().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _nucleos() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _legible(memoria: int) -> str:
    if memoria % 1024**3 == 0:
        return f"{memoria // 1024**3} GB"
    return f"{max(1, memoria // 1024**2)} MB"


def detalle_memoria(memoria: int) -> str:
    return (
        f"leerlo necesitó más de {_legible(memoria)} de memoria, el tope por archivo, y se detuvo: el libro "
        "es demasiado grande (¿datos muy lejos en alguna hoja, o muchísimas filas?); borre lo sobrante o "
        "copie los datos a una plantilla nueva"
    )


def detalle_tiempo(segundos: float) -> str:
    plazo = f"{segundos:g}".replace(".", ",")
    return (
        f"leerlo tomó más de {plazo} s, el plazo por archivo, y se detuvo: el libro es demasiado pesado o no "
        "responde (¿está en una unidad de red lenta, o no es un archivo común?)"
    )


def _detalle_muerte(codigo: int | None, errores: str, memoria: int) -> str:
    if any(marca in errores for marca in ("memory allocation", "MemoryError", "out of memory")):
        return detalle_memoria(memoria)
    if codigo == -getattr(signal, "SIGKILL", 9):
        return (
            "el sistema terminó el proceso que lo leía (¿se quedó sin memoria el equipo?): cierre otros "
            "programas o use menos --procesos y repita"
        )
    if codigo is not None and codigo < 0:
        try:
            como = f"por la señal {signal.Signals(-codigo).name}"
        except ValueError:
            como = f"por la señal {-codigo}"
    else:
        como = f"con el código {codigo}"
    return (
        f"el proceso que lo leía terminó de forma anormal ({como}): el archivo puede estar dañado; ábralo "
        "en Excel, guárdelo de nuevo y repita"
    )


@dataclass
class _Trabajador:
    proceso: BaseProcess
    conexion: Connection
    errores: Path
    listo: bool = False
    hechos: int = 0
    indice: int | None = None
    plazo: float = math.inf

    @property
    def libre(self) -> bool:
        return self.listo and self.indice is None


class _Grupo(Generic[C, R]):
    """Los trabajadores de una ejecución y el estado de cada archivo."""

    def __init__(self, trabajo: Callable[[Path, C], R], rutas: list[Path], contexto: C,
                 como_fallido: Callable[[Path, str], R], procesos: int, memoria: int, segundos: float,
                 carpeta: Path, diagnostico: Callable[[Path], str | None] | None = None) -> None:
        self.trabajo, self.rutas, self.contexto, self.como_fallido = trabajo, rutas, contexto, como_fallido
        self.diagnostico = diagnostico
        self.procesos, self.memoria, self.segundos, self.carpeta = procesos, memoria, segundos, carpeta
        self.mp = _contexto_mp()
        self.trabajadores: list[_Trabajador] = []
        self.pendientes: deque[int] = deque(range(len(rutas)))
        self.reintentados: set[int] = set()
        self.resultados: dict[int, R] = {}
        self.creados = 0
        self.arranques_fallidos = 0

    def ejecutar(self) -> Iterator[R]:
        siguiente = 0
        while siguiente < len(self.rutas):
            if siguiente in self.resultados:
                yield self.resultados.pop(siguiente)
                siguiente += 1
                continue
            self._repartir()
            self._esperar()

    # -- reparto

    def _repartir(self) -> None:
        for t in [t for t in self.trabajadores if t.libre]:
            if not self.pendientes:
                break
            indice = next((i for i in self.pendientes if not (t.hechos and i in self.reintentados)), None)
            if indice is None:  # solo quedan reintentos, que van a un trabajador nuevo
                self._retirar(t)
                continue
            self.pendientes.remove(indice)
            t.indice, t.plazo = indice, time.monotonic() + self.segundos
            try:
                t.conexion.send(self.rutas[indice])
            except OSError:
                self._murio(t)
        sin_trabajo = sum(t.indice is None for t in self.trabajadores)
        while len(self.trabajadores) < self.procesos and len(self.pendientes) > sin_trabajo:
            self._crear()
            sin_trabajo += 1

    def _crear(self) -> None:
        self.creados += 1
        errores = self.carpeta / f"trabajador-{self.creados}.txt"
        principal, hijo = self.mp.Pipe()
        proceso = self.mp.Process(
            target=_trabajar,
            args=(hijo, self.trabajo, self.contexto, self.memoria, str(errores)),
            name=f"libro-trabajador-{self.creados}",
            daemon=True,
        )
        proceso.start()
        hijo.close()
        self.trabajadores.append(_Trabajador(proceso, principal, errores))

    # -- espera

    def _esperar(self) -> None:
        plazo = min((t.plazo for t in self.trabajadores), default=math.inf)
        espera = None if plazo == math.inf else max(0.0, plazo - time.monotonic())
        vigilados: list[Any] = [t.conexion for t in self.trabajadores]
        vigilados += [t.proceso.sentinel for t in self.trabajadores]
        listos = set(wait(vigilados, espera))
        for t in list(self.trabajadores):
            if t.conexion in listos:
                self._recibir(t)
            elif t.proceso.sentinel in listos:
                self._murio(t)
            elif time.monotonic() >= t.plazo:
                self._vencio(t)

    def _recibir(self, t: _Trabajador) -> None:
        try:
            mensaje = t.conexion.recv()
        except (EOFError, OSError):
            self._murio(t)
            return
        except Exception as error:  # noqa: BLE001 - un resultado que no se puede recibir
            mensaje = ("error", f"no se pudo recibir el resultado ({type(error).__name__})", 0)
        if mensaje == _LISTO:
            t.listo = True
            self.arranques_fallidos = 0
            return
        tipo, valor, ocupado = mensaje
        indice, t.indice, t.plazo = t.indice, None, math.inf
        if indice is None:
            return
        t.hechos += 1
        if tipo == "hecho":
            self.resultados[indice] = valor
        elif tipo == "memoria":
            self._fallo(indice, t.hechos > 1, detalle_memoria(self.memoria))
        else:
            self.resultados[indice] = self.como_fallido(self.rutas[indice], valor)
        if tipo == "memoria" or t.hechos >= TRABAJOS_POR_PROCESO or ocupado > self.memoria // 2:
            self._retirar(t)

    def _murio(self, t: _Trabajador) -> None:
        self._quitar(t)
        codigo = t.proceso.exitcode
        errores = _cola(t.errores)
        if t.indice is not None:
            self._fallo(t.indice, t.hechos > 0, _detalle_muerte(codigo, errores, self.memoria))
        elif not t.listo:
            self.arranques_fallidos += 1
            if self.arranques_fallidos >= ARRANQUES_FALLIDOS:
                detalle = (
                    f"no se pudo iniciar el proceso que lo leería (terminó con el código {codigo} antes de "
                    "empezar): revise la instalación de libro y que el tope de memoria no sea muy bajo"
                )
                while self.pendientes:
                    indice = self.pendientes.popleft()
                    self.resultados[indice] = self.como_fallido(self.rutas[indice], detalle)

    def _vencio(self, t: _Trabajador) -> None:
        t.proceso.kill()
        self._quitar(t)
        if t.indice is not None:
            self._fallido(t.indice, detalle_tiempo(self.segundos))

    def _fallo(self, indice: int, con_historia: bool, detalle: str) -> None:
        """Un trabajador con archivos previos: se reintenta una vez en uno nuevo; si no, es el resultado."""
        if con_historia and indice not in self.reintentados:
            self.reintentados.add(indice)
            self.pendientes.appendleft(indice)
        else:
            self._fallido(indice, detalle)

    def _fallido(self, indice: int, detalle: str) -> None:
        """El archivo acabó con su trabajador: si hay diagnóstico y encuentra la causa, esa es el detalle."""
        ruta = self.rutas[indice]
        causa = self.diagnostico(ruta) if self.diagnostico else None
        self.resultados[indice] = self.como_fallido(ruta, causa or detalle)

    # -- fin de trabajadores

    def _retirar(self, t: _Trabajador) -> None:
        try:
            t.conexion.send(None)
        except OSError:
            pass
        self._quitar(t)

    def _quitar(self, t: _Trabajador) -> None:
        self.trabajadores.remove(t)
        t.conexion.close()
        t.proceso.join(timeout=5)
        if t.proceso.is_alive():
            t.proceso.kill()
            t.proceso.join()

    def cerrar(self) -> None:
        for t in self.trabajadores:
            t.proceso.kill()
        for t in list(self.trabajadores):
            self._quitar(t)


def _cola(ruta: Path, tope: int = 8192) -> str:
    try:
        with open(ruta, "rb") as archivo:
            archivo.seek(max(0, os.path.getsize(ruta) - tope))
            return archivo.read().decode("utf-8", "replace")
    except OSError:
        return ""


def ejecutar_acotado(
    trabajo: Callable[[Path, C], R],
    rutas: Iterable[Path],
    contexto: C,
    como_fallido: Callable[[Path, str], R],
    procesos: int | None = None,
    memoria: int = MEMORIA,
    segundos: float = SEGUNDOS,
    diagnostico: Callable[[Path], str | None] | None = None,
) -> Iterator[R]:
    """`trabajo(ruta, contexto)` de cada ruta en un trabajador acotado; resultados en el orden de `rutas`.

    `trabajo` y `contexto` deben poder enviarse a otro proceso (una función de módulo, un `partial`)
    y los resultados también (las dataclasses pueden). Una excepción, el plazo vencido, la memoria
    agotada o la muerte del trabajador dan `como_fallido(ruta, detalle en español)`; si el trabajador
    murió o venció su plazo, `diagnostico(ruta)`, si se da, puede decir la causa en su lugar.
    """
    rutas = list(rutas)
    if not rutas:
        return
    procesos = max(1, min(procesos or _nucleos(), len(rutas)))
    with tempfile.TemporaryDirectory(prefix="libro-lote-") as carpeta:
        grupo = _Grupo(
            trabajo, rutas, contexto, como_fallido, procesos, memoria, segundos, Path(carpeta), diagnostico
        )
        try:
            yield from grupo.ejecutar()
        finally:
            grupo.cerrar()


# ------------------------------------------------------------------ validar (y consolidar) por lotes


def acotado(
    trabajo: Callable[[Path, Contexto], R],
    ruta: Path,
    contexto: Contexto,
    como_ilegible: Callable[[Path, str], R],
) -> R:
    """`trabajo(ruta, contexto)`; una excepción se vuelve `como_ilegible(ruta, detalle)`.

    Ya no pone plazo: el plazo y la memoria los vigila `ejecutar_acotado` desde el proceso principal.
    Un `MemoryError` sigue de largo para que el trabajador lo informe (y reintente si corresponde).
    """
    try:
        return trabajo(ruta, contexto)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - un archivo dañado no debe detener el lote
        return como_ilegible(ruta, f"no se pudo leer ({error})")


def _resultado(ruta: Path, hallazgo: Hallazgo) -> Resultado:
    return Resultado(str(ruta), hallazgo.estado, detalle=f"«{ruta.name}»: {hallazgo.detalle}")


def _ilegible(ruta: Path, detalle: str) -> Resultado:
    return _resultado(ruta, Hallazgo("ilegible", detalle))


def con_revision(
    ruta: Path, limites: Limites, trabajar: Callable[[], R], ilegible: Callable[[R], bool]
) -> R | Hallazgo:
    """En el trabajador: la revisión previa (sin recorrer las hojas) y, si pasa, `trabajar()`. Si lo que
    devuelve es `ilegible`, la revisión completa dice por qué: su `Hallazgo`, si encuentra la causa."""
    hallazgo = revisar_contenido(ruta, limites, hojas=False)
    if hallazgo is None:
        respuesta = trabajar()
        if not ilegible(respuesta) or (hallazgo := revisar_contenido(ruta, limites)) is None:
            return respuesta
    return hallazgo


def _revisado(
    trabajo: Callable[[Path, Contexto], Resultado], limites: Limites, ruta: Path, contexto: Contexto
) -> Resultado:
    revisado = con_revision(ruta, limites, partial(trabajo, ruta, contexto), _es_ilegible)
    return _resultado(ruta, revisado) if isinstance(revisado, Hallazgo) else revisado


def _es_ilegible(resultado: Resultado) -> bool:
    return resultado.estado == "ilegible"


def validar_archivo(ruta: Path, contexto: Contexto) -> Resultado:
    """`libro.procesos.validar_archivo`, importado en el trabajador (que ya lo tiene cargado): el
    principal que solo reparte archivos no carga los formatos ni las reglas."""
    from libro.procesos import validar_archivo as validar

    return validar(ruta, contexto)


def diagnosticar(limites: Limites, memoria: int, segundos: float, ruta: Path) -> str | None:
    """Tras la muerte de un trabajador (o su plazo vencido): la revisión completa del archivo, en un
    trabajador acotado propio. Dice la causa en español si la encuentra (la celda lejana, la parte que
    miente sobre su tamaño…); si no, None."""
    revision = ejecutar_acotado(revisar_contenido, [ruta], limites, _sin_diagnostico, 1, memoria, segundos)
    (hallazgo,) = revision
    return hallazgo.detalle if hallazgo else None


def _sin_diagnostico(ruta: Path, detalle: str) -> None:
    return None


def _previos(rutas: list[Path], limites: Limites) -> list[Resultado | None]:
    """En el principal, solo con metadatos: lo que no se lee y por qué (también un archivo repetido)."""
    previos: list[Resultado | None] = []
    vistos: dict[tuple[int, int], Path] = {}
    for ruta in rutas:
        hallazgo = revisar_ruta(ruta, limites)
        if hallazgo is None:
            datos = os.stat(ruta)
            primera = vistos.setdefault((datos.st_dev, datos.st_ino), ruta)
            if primera != ruta:
                hallazgo = Hallazgo("omitido", f"es el mismo archivo que «{primera}»; se revisa una sola vez")
        previos.append(_resultado(ruta, hallazgo) if hallazgo else None)
    return previos


def validar_lote(
    rutas: list[Path],
    contexto: Contexto,
    procesos: int | None = None,
    trabajo: Callable[[Path, Contexto], Resultado] = validar_archivo,
    memoria: int = MEMORIA,
    segundos: float = SEGUNDOS,
    limites: Limites = LIMITES,
) -> Iterator[Resultado]:
    """Un resultado por ruta, en su orden; cada archivo revisado y leído en un trabajador acotado.

    Lo que no es un archivo regular candidato queda «omitido» o «ilegible» con su motivo sin abrirse;
    lo demás pasa por `revisar_contenido` y luego por `trabajo` (validar, o leer para consolidar).
    """
    previos = _previos(rutas, limites)
    leer = [r for r, previo in zip(rutas, previos, strict=True) if previo is None]
    leidos = ejecutar_acotado(
        partial(_revisado, trabajo, limites), leer, contexto, _ilegible, procesos, memoria, segundos,
        partial(diagnosticar, limites, memoria, segundos),
    )
    try:
        for previo in previos:
            yield previo or next(leidos)
    finally:
        leidos.close()


def expandir(rutas: list[Path]) -> list[Path]:
    """Los archivos dados y todo lo que hay en las carpetas dadas (recorridas en orden), sin repetir.

    Nada se descarta en silencio: dentro de una carpeta, las subcarpetas ocultas, con nombre de libro
    o enlazadas, las tuberías, los enlaces rotos y los archivos de bloqueo se listan como una ruta más,
    y `validar_lote` dice por qué se omiten.
    """
    vistas: dict[str, Path] = {}
    for ruta in rutas:
        for encontrada in sorted(_recorrer(ruta)) if ruta.is_dir() else [ruta]:
            vistas.setdefault(os.path.abspath(encontrada), encontrada)
    return list(vistas.values())


def _recorrer(carpeta: Path) -> list[Path]:
    """Todo lo que hay bajo `carpeta` (sin recursión: una carpeta muy anidada no agota la pila)."""
    encontradas: list[Path] = []
    pendientes = [carpeta]
    while pendientes:
        actual = pendientes.pop()
        try:
            with os.scandir(actual) as entradas:
                lista = list(entradas)
        except OSError:
            encontradas.append(actual)
            continue
        for entrada in lista:
            ruta = Path(entrada.path)
            try:
                recorrer = entrada.is_dir(follow_symlinks=False) and not es_carpeta_que_no_se_recorre(ruta)
            except OSError:
                recorrer = False
            (pendientes if recorrer else encontradas).append(ruta)
    return encontradas
