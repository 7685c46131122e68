"""Revisión barata de un archivo antes de leerlo: qué es y si cabe en los límites de libro.

Dos pasos, para que calamine nunca reciba algo que lo haga reservar cientos de GB o colgarse:

- `revisar_ruta` mira solo metadatos (`os.lstat`/`os.stat`, nunca abre el archivo: una tubería no
  bloquea) y corre en el proceso principal: carpetas, tuberías, enlaces rotos o en bucle, archivos de
  bloqueo «~$…», ocultos, vacíos o demasiado pesados.
- `revisar_contenido` abre el archivo sin bloquear y mira su firma (ZIP, OLE o texto). En un libro ZIP
  revisa los tamaños declarados y la razón de compresión de cada parte, el número de hojas, que
  ninguna parte XML traiga `<!DOCTYPE`/`<!ENTITY` (bomba de entidades) y recorre cada parte en flujo,
  por trozos y con tope de bytes realmente descomprimidos, buscando en las hojas la fila y la columna
  más lejanas con contenido, y textos más largos que una celda de Excel. Corre en el proceso acotado.

Antes de cada lectura basta `revisar_contenido(..., hojas=False)`: de las partes XML solo recorre el
libro, sus relaciones y la tabla de textos (recorrer las hojas costaba tanto como leerlas). De lo que
calamine hace con lo demás se encarga la lectura misma: calamine no expande entidades (falla) y
respeta el tamaño declarado de cada parte (falla); `fuentes` mide cada hoja leída contra estos
límites antes de pasarla a Python; una celda lejanísima le hace pedir más memoria que el tope del
proceso, y el proceso muere. En esos casos, y solo entonces, la revisión completa dice en español qué
tiene el archivo (la celda, la entidad, la parte que miente).

La dimensión declarada (`<dimension ref>`) no se usa para rechazar: Excel la estira hasta celdas que
solo tienen formato y calamine no las lee (un libro que declara A1:XFD1048576 con una celda se lee
en milisegundos); lo que cuenta son las celdas con contenido, que calamine convierte en una grilla
densa desde A1 (unos 40 bytes por celda). Una celda sin `r=` (su posición se deduce de la anterior)
escapa a esta revisión: para eso queda el tope de memoria del proceso.
"""

import copy
import html
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from libro.nucleo.limites import (
    EXTENSIONES,
    LIMITES,
    MIB,
    NO_ES_LIBRO,
    Limites,
    exceso_de_extension,
    megas,
    numero,
)


@dataclass(frozen=True)
class Hallazgo:
    """Por qué no se lee: `omitido` (no es un libro) o `ilegible` (no se puede o no se debe leer)."""

    estado: str
    detalle: str


# ------------------------------------------------------------------ metadatos (proceso principal)


def es_bloqueo(ruta: Path) -> bool:
    return ruta.name.startswith("~$")


def es_carpeta_que_no_se_recorre(ruta: Path) -> bool:
    """Dentro de una carpeta, las subcarpetas ocultas o con nombre de libro se listan, no se recorren."""
    return ruta.name.startswith(".") or ruta.suffix.lower() in EXTENSIONES


def revisar_ruta(ruta: Path, limites: Limites = LIMITES) -> Hallazgo | None:
    """Qué es la ruta según sus metadatos; None si es un archivo regular candidato de tamaño aceptable."""
    try:
        propio = os.lstat(ruta)
    except FileNotFoundError:
        return Hallazgo("ilegible", "no existe")
    except OSError:
        return Hallazgo("ilegible", f"no se pudo consultar «{ruta}» (¿permiso de la carpeta?)")
    if es_bloqueo(ruta):
        return Hallazgo(
            "omitido", "es el archivo de bloqueo que Excel crea mientras el libro está abierto; se ignora"
        )
    enlace = stat.S_ISLNK(propio.st_mode)
    if enlace:
        try:
            modo = os.stat(ruta).st_mode
        except OSError as error:
            return Hallazgo("omitido", _enlace_fallido(ruta, error))
    else:
        modo = propio.st_mode
    if stat.S_ISDIR(modo):
        return Hallazgo("omitido", _carpeta(ruta, enlace))
    if not stat.S_ISREG(modo):
        return Hallazgo("omitido", f"no es un archivo sino {_tipo(modo)}; libro no lo abre")
    if ruta.name.startswith("."):
        return Hallazgo("omitido", "es un archivo oculto o temporal; se ignora")
    if ruta.suffix.lower() not in EXTENSIONES:
        return Hallazgo("omitido", NO_ES_LIBRO)
    tamano = os.stat(ruta).st_size
    if tamano == 0:
        return Hallazgo("ilegible", "el archivo está vacío (0 bytes): vuelva a copiarlo o a guardarlo")
    if tamano > limites.bytes_archivo:
        return Hallazgo(
            "ilegible",
            f"pesa {megas(tamano)}; libro lee libros de hasta {megas(limites.bytes_archivo)}: quite "
            "imágenes y hojas que no son de la plantilla, o copie los datos a una plantilla nueva",
        )
    return None


def _enlace_fallido(ruta: Path, error: OSError) -> str:
    destino = os.readlink(ruta)
    if isinstance(error, FileNotFoundError):
        return f"es un enlace roto: apunta a «{destino}», que no existe"
    if error.errno == 40:  # ELOOP
        return f"es un enlace en bucle (apunta a «{destino}», que termina apuntando a sí mismo)"
    return f"es un enlace a «{destino}», que no se pudo consultar (¿permiso?)"


def _carpeta(ruta: Path, enlace: bool) -> str:
    if enlace:
        return "es un enlace a una carpeta; libro no sigue esos enlaces: pase la carpeta misma"
    if ruta.suffix.lower() in EXTENSIONES:
        return (
            f"es una carpeta con nombre de libro ({ruta.suffix}), no un libro; su contenido no se revisa: "
            "si trae libros, cámbiele el nombre"
        )
    if ruta.name.startswith("."):
        return "es una carpeta oculta; su contenido no se revisa"
    return "es una carpeta que no se pudo abrir (¿permiso?); su contenido no se revisó"


def _tipo(modo: int) -> str:
    if stat.S_ISFIFO(modo):
        return "una tubería (FIFO)"
    if stat.S_ISSOCK(modo):
        return "un socket"
    if stat.S_ISCHR(modo) or stat.S_ISBLK(modo):
        return "un dispositivo"
    return "un objeto especial del sistema"


# ------------------------------------------------------------------ contenido (proceso acotado)

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TROZO = 1 * MIB
_ARRASTRE = 64 * 1024
_CELDA = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"[^<>]*(?<!/)>(?!</)')
"""Una celda con contenido: en una hoja, solo `<c>` lleva `r="A1"`; `<c …/>` y `<c …></c>` están vacías."""
_ETIQUETA_HOJA = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_ATRIBUTO = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_RELACION = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_XML = (".xml", ".rels", ".vml")
_HOJA = re.compile(r"xl/worksheets/[^/]+\.xml")
_TEXTOS = "xl/sharedStrings.xml"


class _Rechazo(Exception):
    def __init__(self, hallazgo: Hallazgo) -> None:
        self.hallazgo = hallazgo


def _ilegible(detalle: str) -> _Rechazo:
    return _Rechazo(Hallazgo("ilegible", detalle))


def revisar_contenido(ruta: Path, limites: Limites = LIMITES, hojas: bool = True) -> Hallazgo | None:
    """Lo que la firma y la estructura del archivo dicen; None si se puede leer con calamine.

    Con `hojas=False` no recorre las hojas: la revisión previa a una lectura (ver arriba)."""
    try:
        descriptor = os.open(ruta, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError:
        return Hallazgo("ilegible", "no tiene permiso para leer el archivo")
    except OSError:
        return Hallazgo("ilegible", "no se pudo abrir el archivo (¿se movió o borró mientras se revisaba?)")
    with os.fdopen(descriptor, "rb") as archivo:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return Hallazgo("omitido", "no es un archivo regular; libro no lo abre")
        try:
            firma = archivo.read(8)
            if firma.startswith(_ZIP):
                _revisar_zip(archivo, limites, hojas)
            elif firma == _OLE:
                _revisar_ole(archivo, limites)
            else:
                raise _ilegible(_no_es_libro(firma + archivo.read(504)))
        except _Rechazo as rechazo:
            return rechazo.hallazgo
    return None


def _no_es_libro(inicio: bytes) -> str:
    texto = inicio.lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ")
    guardar = "ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»"
    if texto.startswith(b"<"):
        return f"no es un libro de Excel sino una página web o un XML con extensión de libro: {guardar}"
    if b"\0" not in inicio:
        return f"no es un libro de Excel sino un texto (¿un CSV?) con extensión de libro: {guardar}"
    return "no es un libro de Excel: su contenido no es de ningún formato de Excel (¿dañado u otro archivo?)"


def _revisar_zip(archivo: IO[bytes], limites: Limites, recorrer_hojas: bool) -> None:
    try:
        paquete = zipfile.ZipFile(archivo)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _ilegible(
            "el archivo está incompleto o dañado (no se pudo abrir como ZIP): ¿se cortó la descarga o la "
            "copia? Pida que lo envíen de nuevo"
        ) from None
    with paquete:
        partes = paquete.infolist()
        if len(partes) > limites.partes:
            raise _ilegible(
                f"tiene {numero(len(partes))} partes internas; libro lee libros de hasta "
                f"{numero(limites.partes)}"
            )
        _tamanos_declarados(partes, limites)
        nombres = {p.filename for p in partes}
        if "xl/workbook.xml" not in nombres and not _libro_zip_sin_xml(paquete, nombres):
            raise _ilegible(
                "no es un libro de Excel: es un ZIP de otro tipo (¿un documento de Word o una carpeta "
                "comprimida?); ábralo y guarde los datos en un libro .xlsx"
            )
        hojas = _hojas(paquete, nombres, limites)
        leidos = 0
        for parte in partes:
            if not parte.filename.lower().endswith(_XML) or parte.is_dir():
                continue
            if recorrer_hojas or parte.filename == _TEXTOS:
                leidos += _recorrer_parte(paquete, parte, hojas.get(parte.filename), leidos, limites)


def _libro_zip_sin_xml(paquete: zipfile.ZipFile, nombres: set[str]) -> bool:
    """Libros ZIP que no son SpreadsheetML: binario (.xlsb) u OpenDocument (.ods)."""
    if "xl/workbook.bin" in nombres:
        return True
    if "mimetype" not in nombres:
        return False
    return _leer_acotado(paquete, "mimetype", 1024).startswith(b"application/vnd.oasis")


def _tamanos_declarados(partes: list[zipfile.ZipInfo], limites: Limites) -> None:
    total = 0
    for p in partes:
        total += p.file_size
        if p.file_size > limites.bytes_parte:
            raise _ilegible(
                f"la parte interna «{p.filename}» dice medir {megas(p.file_size)} al descomprimirse; libro "
                f"lee partes de hasta {megas(limites.bytes_parte)} (¿una bomba de descompresión?)"
            )
        if p.file_size > limites.razon_desde and p.file_size > limites.razon * max(p.compress_size, 1):
            razon = p.file_size // max(p.compress_size, 1)
            raise _ilegible(
                f"la parte interna «{p.filename}» se comprime {numero(razon)} veces (libro admite hasta "
                f"{numero(limites.razon)}): es una bomba de descompresión, no un libro de Excel normal"
            )
    if total > limites.bytes_total:
        raise _ilegible(
            f"sus partes internas suman {megas(total)} al descomprimirse; libro lee hasta "
            f"{megas(limites.bytes_total)} (¿una bomba de descompresión?)"
        )


def _leer_acotado(paquete: zipfile.ZipFile, nombre: str, tope: int) -> bytes:
    with _abrir_parte(paquete, paquete.getinfo(nombre), tope) as flujo:
        datos = flujo.read(tope + 1)
    if len(datos) > tope:
        raise _ilegible(f"la parte interna «{nombre}» pasa de {megas(tope)}")
    return datos


def _abrir_parte(paquete: zipfile.ZipFile, parte: zipfile.ZipInfo, tope: int) -> IO[bytes]:
    """La parte descomprimida hasta su fin real, no el declarado (quien lee corta al pasar `tope`)."""
    real = copy.copy(parte)
    real.file_size = max(parte.file_size, tope + _TROZO + 1)  # que el fin declarado no llegue antes
    return paquete.open(real)


def _hojas(paquete: zipfile.ZipFile, nombres: set[str], limites: Limites) -> dict[str, str]:
    """Parte → nombre de cada hoja del libro SpreadsheetML; rechaza si hay demasiadas."""
    if "xl/workbook.xml" not in nombres:
        return {}
    libro = _leer_acotado(paquete, "xl/workbook.xml", 16 * MIB)
    _sin_dtd(libro, "xl/workbook.xml")
    etiquetas = [dict(_ATRIBUTO.findall(e)) for e in _ETIQUETA_HOJA.findall(libro)]
    if len(etiquetas) > limites.hojas:
        raise _ilegible(
            f"tiene {numero(len(etiquetas))} hojas; libro lee libros de hasta {numero(limites.hojas)}: "
            "borre las hojas que no son de la plantilla"
        )
    destinos: dict[bytes, str] = {}
    if "xl/_rels/workbook.xml.rels" in nombres:
        relaciones = _leer_acotado(paquete, "xl/_rels/workbook.xml.rels", 16 * MIB)
        _sin_dtd(relaciones, "xl/_rels/workbook.xml.rels")
        for r in _RELACION.findall(relaciones):
            atributos = dict(_ATRIBUTO.findall(r))
            destino = atributos.get(b"Target", b"").decode("utf-8", "replace")
            parte = destino.lstrip("/") if destino.startswith("/") else posixpath.join("xl", destino)
            destinos[atributos.get(b"Id", b"")] = posixpath.normpath(parte)
    hojas = {}
    for atributos in etiquetas:
        rid = next((v for k, v in atributos.items() if k.endswith(b":id")), b"")
        if rid in destinos:
            hojas[destinos[rid]] = html.unescape(atributos.get(b"name", b"").decode("utf-8", "replace"))
    return hojas


def _sin_dtd(datos: bytes, parte: str) -> None:
    if any(marca in datos for marca in _DTD):
        raise _ilegible(
            f"la parte interna «{parte}» declara un DOCTYPE o entidades XML, que un libro de Excel nunca "
            "trae (¿una bomba de entidades?); libro no lo lee"
        )


@dataclass
class _Extension:
    fila: int = 0
    columna: int = 0
    celda_fila: str = ""
    celda_columna: str = ""

    def anotar(self, celdas: list[tuple[bytes, bytes]]) -> None:
        if not celdas:
            return
        letras = max({c for c, _ in celdas}, key=_columna)
        if _columna(letras) > self.columna:
            digitos = next(d for c, d in celdas if c == letras)
            self.columna, self.celda_columna = _columna(letras), (letras + digitos).decode()
        digitos = max({d for _, d in celdas}, key=int)
        if int(digitos) > self.fila:
            letras = next(c for c, d in celdas if d == digitos)
            self.fila, self.celda_fila = int(digitos), (letras + digitos).decode()

    def exceso(self, hoja: str, limites: Limites) -> str | None:
        return exceso_de_extension(
            hoja, self.fila, self.columna, limites, self.celda_fila, self.celda_columna
        )


def _columna(letras: bytes) -> int:
    valor = 0
    for letra in letras:
        valor = valor * 26 + letra - 64
    return valor


def _trozos(flujo: IO[bytes], tope: int, parte: zipfile.ZipInfo) -> Iterator[bytes]:
    """Los trozos de la parte; rechaza en cuanto pasa de lo que declara o de `tope`."""
    leidos = 0
    while trozo := flujo.read(_TROZO):
        leidos += len(trozo)
        if leidos > parte.file_size:
            raise _ilegible(
                f"la parte interna «{parte.filename}» descomprime a más de lo que declara "
                f"({numero(parte.file_size)} bytes): está dañada o es una bomba de descompresión"
            )
        if leidos > tope:
            raise _ilegible(
                f"sus partes internas descomprimen a más de {megas(tope)}, lo que libro lee: ¿una bomba de "
                "descompresión?"
            )
        yield trozo


def _recorrer_parte(
    paquete: zipfile.ZipFile, parte: zipfile.ZipInfo, hoja: str | None, leidos: int, limites: Limites
) -> int:
    """Recorre la parte XML en flujo; devuelve los bytes reales leídos. Rechaza en cuanto pasa un límite."""
    tope = min(limites.bytes_parte, limites.bytes_total - leidos)
    con_celdas = hoja is not None or _HOJA.fullmatch(parte.filename) is not None
    con_textos = con_celdas or parte.filename == _TEXTOS
    nombre = hoja or parte.filename
    extension = _Extension()
    tramo = _Tramo(limites.caracteres_celda * 10)  # en bytes: UTF-8 y entidades como &#x1F600;
    arrastre = b""
    total = 0
    try:
        with _abrir_parte(paquete, parte, tope) as flujo:
            for trozo in _trozos(flujo, tope, parte):
                total += len(trozo)
                if con_textos and tramo.excede(trozo):
                    raise _ilegible(_texto_excesivo(hoja, limites))
                datos = arrastre + trozo
                if any(marca in datos for marca in _DTD):
                    _sin_dtd(datos, parte.filename)
                corte = datos.rfind(b"<")  # la última etiqueta puede estar cortada: pasa al siguiente trozo
                if corte < len(datos) - _ARRASTRE:
                    corte = len(datos)
                arrastre = datos[corte:]
                if con_celdas:
                    extension.anotar(_CELDA.findall(datos, 0, min(corte + 2, len(datos))))
                    if exceso := extension.exceso(nombre, limites):
                        raise _ilegible(exceso)
            if con_celdas:
                extension.anotar(_CELDA.findall(arrastre))
                if exceso := extension.exceso(nombre, limites):
                    raise _ilegible(exceso)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise _ilegible(
            f"la parte interna «{parte.filename}» está dañada (no se pudo descomprimir): pida que envíen "
            "el libro de nuevo"
        ) from None
    except NotImplementedError:
        raise _ilegible(
            f"la parte interna «{parte.filename}» usa una compresión que Excel no usa; guarde el libro de "
            "nuevo desde Excel"
        ) from None
    return total


class _Tramo:
    """El tramo más largo sin «<» (el texto de una celda), contado a través de los trozos."""

    def __init__(self, maximo: int) -> None:
        self.maximo = maximo
        self.abierto = 0
        self.patron = re.compile(rb"(?<![^<])[^<]{%d}" % (maximo + 1))  # solo tras «<»: lineal

    def excede(self, trozo: bytes) -> bool:
        primera = trozo.find(b"<")
        if primera < 0:
            self.abierto += len(trozo)
            return self.abierto > self.maximo
        if self.abierto + primera > self.maximo or self.patron.search(trozo, primera) is not None:
            return True
        self.abierto = len(trozo) - trozo.rfind(b"<") - 1
        return False


def _texto_excesivo(hoja: str | None, limites: Limites) -> str:
    donde = f"la hoja «{hoja}»" if hoja else "la tabla de textos del libro"
    return (
        f"{donde} tiene un texto de más de {numero(limites.caracteres_celda)} caracteres, el máximo de una "
        "celda de Excel: el archivo no lo generó Excel o está dañado"
    )


# ------------------------------------------------------------------ OLE (.xls y libros cifrados)

_ENTRADA = 128


def _nombre_ole(nombre: str) -> bytes:
    return (nombre + "\0").encode("utf-16-le")


_CIFRADO = _nombre_ole("EncryptionInfo")
_LIBROS = (_nombre_ole("Workbook"), _nombre_ole("Book"))


def _revisar_ole(archivo: IO[bytes], limites: Limites) -> None:
    """Busca en el directorio del contenedor OLE (entradas de 128 bytes alineadas) sus flujos."""
    archivo.seek(0)
    flujos: set[bytes] = set()
    leidos = 0
    while trozo := archivo.read(_TROZO):
        leidos += len(trozo)
        if leidos > limites.bytes_archivo:
            break
        for nombre in (_CIFRADO, *_LIBROS):
            inicio = trozo.find(nombre)
            while inicio >= 0:
                entrada = trozo[inicio : inicio + _ENTRADA]
                if inicio % _ENTRADA == 0 and len(entrada) == _ENTRADA and _es_flujo(entrada, nombre):
                    flujos.add(nombre)
                inicio = trozo.find(nombre, inicio + 1)
    if _CIFRADO in flujos:
        raise _ilegible(
            "está protegido con contraseña: ábralo en Excel, quite la contraseña (Archivo → Información → "
            "Proteger libro) y envíelo de nuevo"
        )
    if not flujos:
        raise _ilegible(
            "no es un libro de Excel: es otro documento de Office (¿Word o PowerPoint?) con nombre de libro"
        )


def _es_flujo(entrada: bytes, nombre: bytes) -> bool:
    largo = int.from_bytes(entrada[64:66], "little")
    return largo == len(nombre) and entrada[66] == 2
