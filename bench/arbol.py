"""Para medir un comando con todos sus descendientes: su CPU y los procesos de su árbol.

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


def descendientes(raiz: int) -> list[int]:
    """El proceso y todos sus descendientes vivos, según /proc (Linux)."""
    hijos: dict[int, list[int]] = {}
    for entrada in os.listdir("/proc"):
        if not entrada.isdigit():
            continue
        try:
            with open(f"/proc/{entrada}/stat") as stat:
                padre = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        hijos.setdefault(padre, []).append(int(entrada))
    arbol, pendientes = [], [raiz]
    while pendientes:
        pid = pendientes.pop()
        arbol.append(pid)
        pendientes += hijos.get(pid, [])
    return arbol
