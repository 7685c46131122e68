"""Para medir la CPU de un comando con todos sus descendientes.

El servidor `forkserver` de libro y sus trabajadores no son hijos del proceso medido; al terminar este
quedan huérfanos. Con `adoptar_descendientes()`, este proceso los adopta (Linux: PR_SET_CHILD_SUBREAPER)
y `esperar_huerfanos()` los espera, así su CPU entra en `getrusage(RUSAGE_CHILDREN)`.
"""

import os
import sys


def adoptar_descendientes() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def esperar_huerfanos() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
