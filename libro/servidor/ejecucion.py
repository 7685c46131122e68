"""Dónde corre cada acción: nunca en el bucle de eventos, para que el servidor siga atendiendo.

- 1 proceso: en un hilo, una acción a la vez (son de CPU; dos hilos no irían más rápido).
- N procesos: en N procesos de cálculo con una sola cola, detrás del proceso que atiende HTTP. La cola
  única reparte el trabajo parejo aunque cada Excel mantenga abierta su conexión (con N procesos de
  uvicorn, un proceso con más conexiones acumularía más espera).
"""

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from libro.servidor.pedidos import Rechazo

_R = TypeVar("_R")

registro = logging.getLogger("libro.servidor")


class Ejecutor:
    """Corre funciones de CPU fuera del bucle de eventos: en un hilo (1) o en `procesos` procesos."""

    def __init__(self, procesos: int) -> None:
        self.procesos = procesos
        self._turno: Any = None
        self._grupo: ProcessPoolExecutor | None = None

    def _procesos(self) -> ProcessPoolExecutor:
        if self._grupo is None:
            self._grupo = ProcessPoolExecutor(self.procesos, mp_context=multiprocessing.get_context("spawn"))
        return self._grupo

    def calentar(self, preparar: Callable[[], None]) -> None:
        """Arranca ya los procesos de cálculo (cada uno importa libro una vez), sin esperar el primer clic."""
        if self.procesos > 1:
            for _ in range(self.procesos):
                self._procesos().submit(preparar)

    async def correr(self, funcion: Callable[..., _R], *argumentos: Any) -> _R:
        if self.procesos <= 1:
            import anyio

            self._turno = self._turno or anyio.CapacityLimiter(1)
            return await anyio.to_thread.run_sync(funcion, *argumentos, limiter=self._turno)
        grupo = self._procesos()
        try:
            return await asyncio.get_running_loop().run_in_executor(grupo, funcion, *argumentos)
        except BrokenProcessPool:
            if grupo is self._grupo:       # el primero que lo nota lo reemplaza; el siguiente pedido usa otro
                registro.error("Un proceso de cálculo terminó de golpe (¿memoria?); se reinician.")
                self.cerrar()
            raise Rechazo(503, "El servidor de libro tuvo que reiniciar un proceso de cálculo mientras "
                               "atendía su pedido. Vuelva a intentarlo; si se repite, avise a "
                               "Informática.") from None

    @property
    def con_procesos_vivos(self) -> bool:
        return self._grupo is not None

    def cerrar(self) -> None:
        if self._grupo is not None:
            self._grupo.shutdown(wait=False, cancel_futures=True)
            self._grupo = None
