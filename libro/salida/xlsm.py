"""Variantes .xlsm de las plantillas: el mismo libro, con botones que ejecutan Python en Excel de escritorio.

Cada botón de la hoja «Instrucciones» (los que `libro.salida.plantilla` dibuja como cuadros `xw_…`) pasa
a ser un botón de formulario con la macro `LibroBoton` del proyecto VBA `libro/salida/vba/vbaProject.bin`,
cuya fuente es `libro/salida/vba/libro.bas`. `LibroBoton` arma, con el texto del botón y el nombre
definido LIBRO_MACROS,

    RunPython "import macros_py.poi; macros_py.poi.validar()"

y el complemento xlwings lo ejecuta; la acción toma el libro con `xw.Book.caller()` (el libro activo),
así que renombrar o mover el archivo no rompe nada. Un solo vbaProject.bin sirve a todos los formatos:
agregar un formato no toca el VBA.

El vbaProject.bin se genera desde libro.bas con `ms-ovba` (`python -m libro.salida.xlsm --regenerar-vba`, solo
para desarrollo) y se guarda en el repositorio; las pruebas comprueban con olevba que contiene
exactamente esa fuente.
"""

import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from libro.nucleo.atomico import escribir_atomico
from libro.nucleo.declaracion import Formato, accion_de_boton
from libro.registro import REGISTRO, entrada
from libro.salida import plantilla

CARPETA_VBA = Path(__file__).parent / "vba"
VBA_FUENTE = CARPETA_VBA / "libro.bas"
VBA_PROYECTO = CARPETA_VBA / "vbaProject.bin"
MACRO = "LibroBoton"
NOMBRE_MODULO = "LIBRO_MACROS"
PREFIJO_BOTON = "xw_"



class SinAcciones(ValueError):
    """El formato no tiene botones (su entrada en `libro.registro` no declara acciones)."""


def modulo_python(formato_id: str) -> str:
    """El módulo de las acciones del formato: `macros_py.<formato>` (con «-» como «_»)."""
    if not entrada(formato_id).acciones:
        con_botones = ", ".join(fid for fid, e in REGISTRO.items() if e.acciones)
        raise SinAcciones(f"el formato «{formato_id}» no tiene botones; formatos con botones: {con_botones}")
    return "macros_py." + formato_id.replace("-", "_")


def codigo_runpython(formato_id: str, texto_boton: str) -> str:
    """Lo que `LibroCodigo` (libro.bas) arma para un botón: `import M; M.accion()`."""
    modulo = modulo_python(formato_id)
    return f"import {modulo}; {modulo}.{accion_de_boton(texto_boton)}()"


def _clases(formato: Formato, vba: Path) -> type[xlsxwriter.Workbook]:
    modulo = modulo_python(formato.id)
    acciones = entrada(formato.id).acciones

    class HojaConBotones(Worksheet):
        def insert_textbox(self, row: int, col: int, text: str, options: dict[str, Any] | None = None) -> int:
            opciones = options or {}
            if str(opciones.get("name", "")).startswith(PREFIJO_BOTON) and accion_de_boton(text) in acciones:
                return self.insert_button(row, col, {
                    "macro": MACRO, "caption": text,
                    "width": opciones.get("width", 150), "height": opciones.get("height", 28),
                    "x_offset": opciones.get("x_offset", 0), "y_offset": opciones.get("y_offset", 0),
                    "description": f"Ejecuta «{text}» con libro (Python)",
                })
            return super().insert_textbox(row, col, text, options)

    class LibroXlsm(xlsxwriter.Workbook):
        def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Any:
            return super().add_worksheet(name, worksheet_class or HojaConBotones)

        def close(self) -> None:
            self.add_vba_project(str(vba))
            self.define_name(NOMBRE_MODULO, f'="{modulo}"')
            super().close()

    return LibroXlsm


def escribir_xlsm(formato: Formato, destino: Path, datos: dict[str, list[Any]] | None = None,
                  vba: Path = VBA_PROYECTO) -> Path:
    """Escribe la plantilla (o el libro de ejemplo) como .xlsm con los botones de escritorio."""
    if destino.suffix.lower() != ".xlsm":
        raise ValueError(f"«{destino.name}»: un libro con macros debe terminar en .xlsm")
    return plantilla.escribir_plantilla(formato, destino, datos, clase_libro=_clases(formato, vba))


def comprimir_ovba(datos: bytes) -> bytes:
    """Compresión de MS-OVBA 2.4.1 (contenedor de trozos de 4096 bytes con fichas de copia LZ77).

    Propia porque la de `ms_ovba_compression` 1.0.1 corrompe fuentes de más de un trozo.
    """
    salida = bytearray(b"\x01")
    for inicio in range(0, len(datos), 4096):
        trozo = datos[inicio:inicio + 4096]
        comprimido = _comprimir_trozo(trozo)
        if len(comprimido) + 2 <= 4098:
            salida += (0xB000 | (len(comprimido) + 2 - 3)).to_bytes(2, "little") + comprimido
        elif len(trozo) == 4096:     # no gana nada: trozo sin comprimir
            salida += (0x3000 | 4095).to_bytes(2, "little") + trozo
        else:
            raise ValueError("el último trozo del código VBA no se puede comprimir; agregue una línea "
                             "en blanco")
    return bytes(salida)


def _comprimir_trozo(trozo: bytes) -> bytes:
    salida = bytearray()
    i = 0
    while i < len(trozo):
        posicion_bandera, bandera = len(salida), 0
        salida.append(0)
        for bit in range(8):
            if i >= len(trozo):
                break
            bits = max((i - 1).bit_length(), 4) if i > 1 else 4      # bits del desplazamiento
            maximo = (0xFFFF >> bits) + 3
            largo, distancia = 0, 0
            for j in range(i - 1, max(-1, i - (1 << bits) - 1), -1):
                n = 0
                while i + n < len(trozo) and n < maximo and trozo[j + n] == trozo[i + n]:
                    n += 1
                if n > largo:
                    largo, distancia = n, i - j
            if largo >= 3:
                ficha = ((distancia - 1) << (16 - bits)) | (largo - 3)
                salida += ficha.to_bytes(2, "little")
                bandera |= 1 << bit
                i += largo
            else:
                salida.append(trozo[i])
                i += 1
        salida[posicion_bandera] = bandera
    return bytes(salida)


def regenerar_vba(fuente: Path = VBA_FUENTE, destino: Path = VBA_PROYECTO) -> Path:
    """Compila el proyecto VBA (solo fuente, sin p-code: Excel lo compila al abrir) con `ms-ovba`.

    ms-ovba escribe archivos de trabajo en la carpeta actual y junto a sus plantillas: todo se hace en
    una carpeta temporal.
    """
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    texto = fuente.read_text(encoding="ascii")   # el VBA se guarda en cp1252: solo ASCII, sin sorpresas
    blancos = Path(sys.modules["ms_ovba"].__file__).parent / "blank_files"
    anterior, compresion = Path.cwd(), MsOvba.compress
    MsOvba.compress = lambda _self, datos: comprimir_ovba(datos)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as carpeta:
        trabajo = Path(carpeta)
        os.chdir(trabajo)
        try:
            proyecto = VbaProject()
            proyecto.project_id = "{6C1B9E2A-3F0D-4B7E-9A51-1B0C2D3E4F50}"
            for nombre, guid in (("ThisWorkbook", "0002081900000000C000000000000046"),
                                 ("Sheet1", "0002082000000000C000000000000046")):
                shutil.copy(blancos / f"{nombre}.cls", trabajo / f"{nombre}.cls")
                modulo = DocModule(nombre)
                modulo.add_file(str(trabajo / f"{nombre}.cls"))
                modulo.add_guid(uuid.UUID(guid))
                modulo.normalize_file()
                proyecto.add_module(modulo)
            (trabajo / "libro.bas").write_text(texto, encoding="ascii")
            estandar = StdModule("libro")
            estandar.add_file(str(trabajo / "libro.bas"))
            estandar.normalize_file()
            proyecto.add_module(estandar)
            stdole = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                                    "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
            proyecto.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
            ProjectOleFile.write_file(proyecto)
            escribir_atomico(destino, lambda ruta: shutil.copyfile(trabajo / "vbaProject.bin", ruta))
        finally:
            os.chdir(anterior)
            MsOvba.compress = compresion  # type: ignore[method-assign]
    return destino


if __name__ == "__main__":
    if sys.argv[1:] == ["--regenerar-vba"]:
        print(f"Proyecto VBA: {regenerar_vba()}")
    else:
        print("Uso: python -m libro.salida.xlsm --regenerar-vba")
        sys.exit(2)
