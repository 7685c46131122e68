"""Los botones como scripts de xlwings-server: sus nombres, sus módulos y cómo se corre uno.

Cada acción de cada formato del registro (`libro.registro`) es un script `formato__accion` (p. ej.
`poi__validar`), con `script` de `xlwings.server` (el `xw.script` de `import xlwings` no registra nada
si xlwings se importó antes de activar el modo servidor). Al cliente VBA (`RunRemotePython`) solo le
llegan las acciones que sabe ejecutar.
"""

import asyncio
import json
import re
import types
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from libro.botones import ejecutar
from libro.nucleo.declaracion import HOJA_BOTONES, Boton, accion_de_boton
from libro.registro import REGISTRO
from libro.servidor.pedidos import PedidoLibro, Rechazo, leer_pedido

SEPARADOR = "__"


def nombre_script(formato_id: str, accion: str) -> str:
    """`poi` + `validar` → `poi__validar` (identificador válido; el guion del formato va como «_»)."""
    return formato_id.replace("-", "_") + SEPARADOR + accion


def acciones() -> dict[str, list[str]]:
    """formato → sus botones, en el orden de la entrada del registro."""
    return {fid: list(e.acciones) for fid, e in REGISTRO.items() if e.acciones}


def etiqueta(formato_id: str, accion: str) -> str:
    """Texto del botón: el de `Formato.botones` que corresponde a la acción, o la acción legible."""
    registrado = REGISTRO.get(formato_id)
    for texto in registrado.formato.botones if registrado else ():
        if accion_de_boton(texto) == accion:
            return texto
    return accion.replace("_", " ").capitalize()


def _como_script(formato_id: str, accion: str, boton: Boton | None) -> Callable[..., Any]:
    """Script de xlwings Server; con `boton`, también corre al hacer clic en la forma de la hoja."""
    import xlwings as xw
    import xlwings.server

    def correr(book: xw.Book) -> None:
        ejecutar(book, formato_id, accion)

    correr.__name__ = correr.__qualname__ = nombre_script(formato_id, accion)
    texto = etiqueta(formato_id, accion)
    if boton is None:
        return xlwings.server.script(correr, name=texto)
    return xlwings.server.script(correr, name=texto, button=f"[{boton.forma}]{HOJA_BOTONES}!{boton.celda}")


@cache
def modulo_scripts() -> types.ModuleType:
    """Los scripts de libro, uno por botón; uno por proceso (también en cada proceso de cálculo)."""
    modulo = types.ModuleType("custom_scripts", "Scripts de libro: uno por botón de cada formato.")
    for formato_id, nombres in acciones().items():
        botones = {b.accion: b for b in REGISTRO[formato_id].formato.botones_en_hoja}
        for accion in nombres:
            script = _como_script(formato_id, accion, botones.get(accion))
            setattr(modulo, nombre_script(formato_id, accion), script)
    return modulo


def modulo_funciones() -> types.ModuleType:
    from libro.servidor import udfs

    modulo = types.ModuleType("custom_functions", "Funciones de Excel de libro (libro.servidor.udfs).")
    for funcion in udfs.FUNCIONES:
        setattr(modulo, funcion.__name__, udfs.registrar_en_xlwings(funcion))
    return modulo


# --- Cliente VBA (RunRemotePython) ---


@cache
def acciones_cliente_vba() -> frozenset[str]:
    """Las acciones que el cliente VBA de xlwings sabe ejecutar: sus `Sub x(wb, action)` en Remote.bas."""
    import xlwings as xw

    fuente = Path(xw.__file__).parent / "addin" / "Remote.bas"
    texto = fuente.read_text(encoding="latin-1")
    return frozenset(re.findall(r"^Sub (\w+)\(wb As Workbook, action As Dictionary\)", texto, re.M))


OMITIBLES_VBA = frozenset({"setFontProperty", "setSheetVisibility", "setColumnWidth", "setRowHeight"})
"""Acciones solo de formato visual: si el cliente VBA no las conoce, se omiten sin avisar."""


def para_cliente(respuesta: dict[str, Any], cliente: str) -> dict[str, Any]:
    """Deja solo lo que el cliente sabe ejecutar; lo esencial que no sepa se vuelve un aviso."""
    if cliente != "VBA":
        return respuesta
    conocidas = acciones_cliente_vba()
    acciones, faltan = [], []
    for a in respuesta["actions"]:
        if a["func"] in conocidas:
            acciones.append(a)
        elif a["func"] not in OMITIBLES_VBA:
            faltan.append(a["func"])
    if faltan:
        acciones = [{
            "func": "alert", "args": [
                "Esta acción necesita el complemento de Office de libro (Excel con Office.js): el cliente "
                f"VBA no sabe hacer {', '.join(sorted(set(faltan)))}. No se cambió nada.",
                "libro: error", "ok", "critical", ""],
            "values": None, "sheet_position": None, "start_row": None, "start_column": None,
            "row_count": None, "column_count": None, "charts": [], "notes": [], "tables": [],
            "print_area": None,
        }]
    return {**respuesta, "actions": acciones}


def preparar() -> None:
    """En cada proceso de cálculo, al arrancar: importa libro y arma los scripts."""
    modulo_scripts()


def correr_script(nombre: str, usuario: Any, cuerpo: bytes) -> bytes:
    """Fuera del bucle de eventos: revisa el pedido, arma el libro, corre el script y da la respuesta JSON."""
    import xlwings as xw
    import xlwings.server

    datos = leer_pedido(cuerpo, PedidoLibro, "el libro")
    argumentos = datos.pop("args", [])
    try:
        book = xw.Book(json=datos)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise Rechazo(422, f"El libro que llegó no se pudo interpretar ({error!r}). Recargue el panel "
                           "de libro y vuelva a intentarlo.") from None
    try:
        asyncio.run(xlwings.server.custom_scripts_call(
            modulo_scripts(), nombre, usuario, typehint_to_value={xw.Book: book}, args=argumentos))
        respuesta = para_cliente(book.json(), datos["client"])
        return json.dumps(respuesta, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    finally:
        book.close()
