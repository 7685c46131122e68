"""Quién puede correr qué: un archivo TOML opcional que escribe Informática.

Sin el archivo, todo usuario autenticado corre todo. Con él, lo que no figura está prohibido (403):

    [permisos]
    opp = ["*"]                                   # un rol: todo
    unidad = ["poi", "evaluacion-poi", "funciones"]  # formatos enteros y las fórmulas =LIBRO.…
    "ana.quispe@munixyz.gob.pe" = ["poi.validar"]  # un usuario: una sola acción

A la izquierda, un rol (de la clave de acceso o de Entra ID) o un usuario (el de la clave, o el id o
correo de Microsoft 365). A la derecha, `*`, `funciones`, un formato (`poi`) o una acción (`poi.validar`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from libro.servidor.configuracion import ConfiguracionInvalida, leer_toml

TODO, FUNCIONES = "*", "funciones"


@dataclass(frozen=True)
class Permisos:
    """quién (en minúsculas) → lo que puede correr."""

    reglas: dict[str, frozenset[str]]

    def permite(self, quien: Iterable[str], objetivo: str) -> bool:
        """`objetivo`: `funciones` o `formato.accion`."""
        permitido = frozenset().union(*(self.reglas.get(q, frozenset()) for q in quien))
        return bool({TODO, objetivo, objetivo.split(".")[0]} & permitido)


def identidades(usuario: Any) -> set[str]:
    """Los nombres con que un usuario de xlwings-server puede figurar en el archivo: id, correo y roles."""
    nombres = [usuario.id, usuario.email, *usuario.roles]
    return {n.strip().lower() for n in nombres if n}


def leer_permisos(ruta: Path, acciones: dict[str, list[str]]) -> Permisos:
    """Lee y revisa el archivo contra las acciones que existen: un error de tipeo no niega en silencio."""
    datos = leer_toml(ruta, "permisos")
    tabla = datos.get("permisos")
    if not isinstance(tabla, dict):
        raise ConfiguracionInvalida(f"«{ruta}» no tiene la tabla [permisos] (quién = [lo que puede correr]).")
    validos = {TODO, FUNCIONES, *acciones, *(f"{f}.{a}" for f, nombres in acciones.items() for a in nombres)}
    reglas, problemas = {}, []
    for quien, lista in tabla.items():
        if not isinstance(lista, list) or not all(isinstance(x, str) for x in lista):
            problemas.append(f"«{quien}» debe tener una lista de textos, p. ej. [\"poi\"]")
            continue
        desconocidos = [x for x in lista if x not in validos]
        if desconocidos:
            problemas.append(f"«{quien}» nombra {', '.join(f'«{x}»' for x in desconocidos)}, que no existe")
        reglas[quien.strip().lower()] = frozenset(lista)
    if problemas:
        raise ConfiguracionInvalida(f"el archivo de permisos «{ruta}» tiene errores: {'; '.join(problemas)}. "
                                    f"Se puede nombrar: *, funciones, un formato ({', '.join(acciones)}) o "
                                    "formato.accion (p. ej. poi.validar).")
    return Permisos(reglas)
