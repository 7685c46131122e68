"""Corpus hostil generado en una carpeta temporal: nada binario vive en el repositorio.

`corpus(carpeta)` escribe cada caso (libros que tumban a calamine, cosas que no son archivos, libros
cifrados o de texto) junto con libros válidos, y devuelve `{nombre: Caso}` con el estado que libro
debe darle y un fragmento de su detalle. Los libros válidos (`estado=None`) deben dar su resultado
verdadero: el mismo que `validar_archivo` en el proceso de la prueba.

Las bombas se escriben en flujo: un bloque desinflado con vaciado completo (Z_FULL_FLUSH) no
depende de lo anterior, así que repetirlo N veces da una parte válida de N × 1 MiB sin comprimir
nada más. La parte de 2 GiB pesa unos 6 MB y se genera en un segundo.
"""

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from libro.demo.poi import unidad, unidad_con_errores
from libro.poi.formato import POI
from libro.salida.plantilla import escribir_plantilla

MIB = 1024**2


@dataclass(frozen=True)
class Caso:
    ruta: Path
    estado: str | None
    """Estado esperado; None en un libro válido (se compara con su resultado verdadero)."""
    fragmento: str = ""
    """Texto que el detalle debe contener."""


# ------------------------------------------------------------------ SpreadsheetML mínimo

_TIPOS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_RAIZ = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_HOJA_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
INICIO_HOJA = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {_NS}><sheetData>'.encode()
FIN_HOJA = b"</sheetData></worksheet>"


def partes_de_libro(hojas: list[str]) -> dict[str, str]:
    """Las partes fijas de un libro con esas hojas (sus XML van en xl/worksheets/sheetN.xml)."""
    etiquetas = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(hojas, 1))
    relaciones = "".join(
        f'<Relationship Id="rId{i}" Type="{_HOJA_REL}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(hojas) + 1)
    )
    return {
        "[Content_Types].xml": _TIPOS,
        "_rels/.rels": _RAIZ,
        "xl/workbook.xml": (
            f'<?xml version="1.0"?>\n<workbook {_NS} {_NS_R}><sheets>{etiquetas}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?>\n<Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relaciones}</Relationships>'
        ),
    }


def libro_xlsx(destino: Path, hojas: dict[str, bytes | Iterable[bytes]], textos: bytes = b"") -> Path:
    """Un .xlsx con esas hojas; el XML de cada una entero o en trozos (se escribe en flujo). `textos`:
    los `<si>` de la tabla de textos compartidos (xl/sharedStrings.xml), donde Excel guarda los textos."""
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for nombre, texto in partes_de_libro(list(hojas)).items():
            z.writestr(nombre, texto)
        if textos:
            encabezado = f'<?xml version="1.0"?>\n<sst {_NS}>'.encode()
            z.writestr("xl/sharedStrings.xml", encabezado + textos + b"</sst>")
        for i, xml in enumerate(hojas.values(), 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as parte:
                for trozo in [xml] if isinstance(xml, bytes) else xml:
                    parte.write(trozo)
    return destino


def hoja(celdas: str) -> bytes:
    return INICIO_HOJA + celdas.encode() + FIN_HOJA


# ------------------------------------------------------------------ ZIP escrito a mano (bombas)


@dataclass
class _Parte:
    nombre: str
    trozos: list[bytes]
    """Datos desinflados (deflate crudo), ya en su orden."""
    crc: int
    tamano: int
    """Tamaño descomprimido que se declara."""


def _desinflar(datos: bytes, final: bool) -> bytes:
    compresor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compresor.compress(datos) + compresor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def _parte(nombre: str, texto: str | bytes) -> _Parte:
    datos = texto.encode() if isinstance(texto, str) else texto
    return _Parte(nombre, [_desinflar(datos, final=True)], zlib.crc32(datos), len(datos))


def _parte_repetida(nombre: str, bloque: bytes, veces: int, declarado: int | None = None) -> _Parte:
    """INICIO_HOJA + bloque × veces + FIN_HOJA, sin comprimir más que el bloque una vez."""
    crc = zlib.crc32(INICIO_HOJA)
    for _ in range(veces):
        crc = zlib.crc32(bloque, crc)
    crc = zlib.crc32(FIN_HOJA, crc)
    desinflado = _desinflar(bloque, final=False)
    trozos = [_desinflar(INICIO_HOJA, final=False), *([desinflado] * veces), _desinflar(FIN_HOJA, final=True)]
    tamano = len(INICIO_HOJA) + veces * len(bloque) + len(FIN_HOJA)
    return _Parte(nombre, trozos, crc, tamano if declarado is None else declarado)


def _zip_crudo(destino: Path, partes: list[_Parte]) -> Path:
    central = b""
    with open(destino, "wb") as archivo:
        for p in partes:
            desplazamiento = archivo.tell()
            nombre = p.nombre.encode()
            comprimido = sum(len(t) for t in p.trozos)
            campos = (20, 0, 8, 0, 0x21, p.crc, comprimido, p.tamano, len(nombre), 0)
            archivo.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *campos) + nombre)
            for trozo in p.trozos:
                archivo.write(trozo)
            central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *campos)
            central += struct.pack("<HHHII", 0, 0, 0, 0, desplazamiento) + nombre
        inicio = archivo.tell()
        archivo.write(central)
        cuantas = len(partes)
        archivo.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, cuantas, cuantas, len(central), inicio, 0))
    return destino


def _fila_repetida() -> bytes:
    fila = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    return (fila * (MIB // len(fila) + 1))[:MIB]


def bomba_zip(destino: Path, gib: int = 2) -> Path:
    """Una hoja que descomprime a `gib` GiB (declarados y reales) en un archivo de pocos MB."""
    fijas = [_parte(n, t) for n, t in partes_de_libro(["Hoja1"]).items()]
    hoja_enorme = _parte_repetida("xl/worksheets/sheet1.xml", _fila_repetida(), gib * 1024)
    return _zip_crudo(destino, [*fijas, hoja_enorme])


def bomba_mentirosa(destino: Path, mib: int = 300) -> Path:
    """Declara 1 KB y descomprime a `mib` MiB: el tope debe contar bytes reales, no declarados."""
    fijas = [_parte(n, t) for n, t in partes_de_libro(["Hoja1"]).items()]
    parte = _parte_repetida("xl/worksheets/sheet1.xml", _fila_repetida(), mib, declarado=1024)
    return _zip_crudo(destino, [*fijas, parte])


# ------------------------------------------------------------------ libros que tumban a calamine


def _como_poi(actividades: bytes | Iterable[bytes]) -> dict[str, bytes | Iterable[bytes]]:
    """Las hojas que identifican a un POI, con `actividades` en la suya: libro lo lee como POI."""
    return {"Datos": hoja(""), "Actividades": actividades, "Insumos": hoja("")}


def bomba_entidades(destino: Path) -> Path:
    """Entidades anidadas (mil millones de «jaja») en las «Actividades» de un POI."""
    entidades = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY l0 "jaja">{entidades}]>'
        f'<worksheet {_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return libro_xlsx(destino, _como_poi(xml.encode()))


def celda_lejana(destino: Path) -> Path:
    """15 KB que hacen a calamine reservar 512 GB: una celda en XFD1048576 (de un «POI»)."""
    return libro_xlsx(
        destino,
        _como_poi(hoja('<row r="1"><c r="A1"><v>1</v></c></row>'
                       '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')),
    )


def millon_de_filas(destino: Path) -> Path:
    """1.048.576 filas reales con un número cada una (≈ 40 MB de XML), en las «Actividades» de un POI."""

    def filas() -> Iterable[bytes]:
        yield INICIO_HOJA
        for inicio in range(1, 1_048_577, 8192):
            yield "".join(
                f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(inicio, inicio + 8192)
            ).encode()
        yield FIN_HOJA

    return libro_xlsx(destino, _como_poi(filas()))


def muchas_hojas(destino: Path, cuantas: int = 5000) -> Path:
    return libro_xlsx(destino, {f"H{i}": hoja("") for i in range(1, cuantas + 1)})


def texto_enorme(destino: Path, mib: int = 50) -> Path:
    """Una celda con un texto de `mib` MiB (Excel admite 32.767 caracteres)."""

    def partes() -> Iterable[bytes]:
        yield INICIO_HOJA + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        for _ in range(mib):
            yield b"a" * MIB
        yield b"</t></is></c></row>" + FIN_HOJA

    return libro_xlsx(destino, {"Hoja1": partes()})


def texto_largo(destino: Path, caracteres: int = 400_000) -> Path:
    """Un POI con un texto más largo de lo que Excel admite en su tabla de textos compartidos, donde
    Excel guarda los textos; poco comprimible (pasa la razón de compresión)."""
    texto = os.urandom(caracteres * 3 // 4).hex()[:caracteres].encode()
    celda = hoja('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return libro_xlsx(destino, _como_poi(celda), b"<si><t>" + texto + b"</t></si>")


def dimension_enorme(origen: Path, destino: Path) -> Path:
    """El libro válido `origen` con cada hoja declarando A1:XFD1048576: inofensivo, debe leerse igual."""
    with zipfile.ZipFile(origen) as entrada, zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as salida:
        for info in entrada.infolist():
            datos = entrada.read(info)
            if info.filename.startswith("xl/worksheets/"):
                datos = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', datos)
            salida.writestr(info, datos)
    return destino


# ------------------------------------------------------------------ OLE (.xls antiguo y libros cifrados)

_FIN_CADENA, _LIBRE, _SECTOR_FAT, _SIN = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def contenedor_ole(destino: Path, flujos: dict[str, bytes]) -> Path:
    """Un archivo compuesto (CFB v3) mínimo y válido: FAT en el sector 0, directorio en el 1.

    Cada flujo se rellena hasta 4096 bytes para ir en sectores normales (sin mini-flujo).
    """
    orden = sorted(flujos, key=lambda n: (len(n), n.upper()))
    datos = {n: flujos[n].ljust(4096, b"\0") for n in orden}
    fat = [_SECTOR_FAT, _FIN_CADENA]
    inicio: dict[str, int] = {}
    for nombre in orden:
        sectores = -(-len(datos[nombre]) // 512)
        inicio[nombre] = len(fat)
        fat += [len(fat) + i + 1 for i in range(sectores - 1)] + [_FIN_CADENA]
    assert len(fat) <= 128 and len(orden) <= 3
    fat += [_LIBRE] * (128 - len(fat))

    def entrada(nombre: str, tipo: int, derecha: int, hijo: int, sector: int, tamano: int) -> bytes:
        nombre_utf16 = (nombre + "\0").encode("utf-16-le") if nombre else b""
        return (
            nombre_utf16.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(nombre_utf16), tipo, 1, _SIN, derecha, hijo)
            + b"\0" * 36
            + struct.pack("<IQ", sector, tamano)
        )

    entradas = [entrada("Root Entry", 5, _SIN, 1, _FIN_CADENA, 0)]
    for i, nombre in enumerate(orden, 1):  # el árbol: la raíz apunta al primero, cada uno al siguiente
        derecha = i + 1 if i < len(orden) else _SIN
        entradas.append(entrada(nombre, 2, derecha, _SIN, inicio[nombre], len(datos[nombre])))
    entradas += [entrada("", 0, _SIN, _SIN, 0, 0)] * (3 - len(orden))
    directorio = b"".join(entradas)
    cabecera = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _FIN_CADENA, 0, _FIN_CADENA, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _LIBRE) * 108
    )
    with open(destino, "wb") as archivo:
        archivo.write(cabecera + struct.pack("<128I", *fat) + directorio)
        for nombre in orden:
            archivo.write(datos[nombre].ljust(-(-len(datos[nombre]) // 512) * 512, b"\0"))
    return destino


def _registro(tipo: int, datos: bytes = b"") -> bytes:
    return struct.pack("<HH", tipo, len(datos)) + datos


def biff8(hoja: str, numero: float) -> bytes:
    """El flujo «Workbook» de un .xls (BIFF8) con una hoja y un número en A1."""

    def bof(tipo: int) -> bytes:
        return _registro(0x0809, struct.pack("<HHHHII", 0x0600, tipo, 0x0DBB, 0x07CC, 0, 6))

    nombre = hoja.encode("latin-1")
    hoja_desde = len(bof(5)) + len(_registro(0x0042, b"\0\0")) + 4 + 8 + len(nombre) + len(_registro(0x000A))
    globales = (
        bof(5)
        + _registro(0x0042, struct.pack("<H", 1252))
        + _registro(0x0085, struct.pack("<IBBBB", hoja_desde, 0, 0, len(nombre), 0) + nombre)
        + _registro(0x000A)
    )
    assert len(globales) == hoja_desde
    celdas = (
        bof(0x10)
        + _registro(0x0200, struct.pack("<IIHHH", 0, 1, 0, 1, 0))
        + _registro(0x0203, struct.pack("<HHHd", 0, 0, 0, numero))
        + _registro(0x000A)
    )
    return globales + celdas


def xls_antiguo(destino: Path) -> Path:
    return contenedor_ole(destino, {"Workbook": biff8("Hoja1", 42.0)})


def cifrado(destino: Path) -> Path:
    """Un .xlsx con contraseña: contenedor OLE con EncryptionInfo y EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    return contenedor_ole(destino, {"EncryptionInfo": info, "EncryptedPackage": os.urandom(5000)})


# ------------------------------------------------------------------ el corpus


def poi(destino: Path, actividades: int = 12, semilla: int = 1, con_errores: bool = False) -> Path:
    datos = unidad_con_errores() if con_errores else unidad(actividades=actividades, semilla=semilla)
    return escribir_plantilla(POI, destino, datos)


def corpus(carpeta: Path) -> dict[str, Caso]:
    """Escribe el corpus en `carpeta` (que debe existir y estar vacía); fuera de ella, un POI enlazado."""
    fuera = carpeta.parent / f"{carpeta.name}-fuera"
    fuera.mkdir()
    limpio = poi(carpeta / "poi_limpio.xlsx")
    casos = {
        "poi_limpio.xlsx": Caso(limpio, None),
        "poi_con_errores.xlsx": Caso(poi(carpeta / "poi_con_errores.xlsx", con_errores=True), None),
        "poi_pesado.xlsx": Caso(poi(carpeta / "poi_pesado.xlsx", actividades=5000, semilla=3), None),
        "dimension_enorme.xlsx": Caso(dimension_enorme(limpio, carpeta / "dimension_enorme.xlsx"), None),
        "enlace_a_poi.xlsx": Caso(carpeta / "enlace_a_poi.xlsx", None),
        "bomba.xlsx": Caso(bomba_zip(carpeta / "bomba.xlsx"), "ilegible", "bomba de descompresión"),
        "bomba_mentirosa.xlsx": Caso(
            bomba_mentirosa(carpeta / "bomba_mentirosa.xlsx"), "ilegible", "más de lo que declara"
        ),
        "entidades.xlsx": Caso(bomba_entidades(carpeta / "entidades.xlsx"), "ilegible", "DOCTYPE"),
        "celda_lejana.xlsx": Caso(celda_lejana(carpeta / "celda_lejana.xlsx"), "ilegible", "XFD1048576"),
        "millon_de_filas.xlsx": Caso(
            millon_de_filas(carpeta / "millon_de_filas.xlsx"), "ilegible", "hasta 200.000 filas"
        ),
        "cinco_mil_hojas.xlsx": Caso(
            muchas_hojas(carpeta / "cinco_mil_hojas.xlsx"), "ilegible", "5.000 hojas"
        ),
        "texto_enorme.xlsx": Caso(texto_enorme(carpeta / "texto_enorme.xlsx"), "ilegible", "se comprime"),
        "texto_largo.xlsx": Caso(texto_largo(carpeta / "texto_largo.xlsx"), "ilegible", "32.767 caracteres"),
        "cifrado.xlsx": Caso(cifrado(carpeta / "cifrado.xlsx"), "ilegible", "contraseña"),
        "antiguo.xls": Caso(xls_antiguo(carpeta / "antiguo.xls"), "desconocido", "no tiene las hojas"),
        "truncado.xlsx": Caso(carpeta / "truncado.xlsx", "ilegible", "incompleto o dañado"),
        "datos.xlsx": Caso(carpeta / "datos.xlsx", "ilegible", "CSV"),
        "vacio.xlsx": Caso(carpeta / "vacio.xlsx", "ilegible", "vacío"),
        "fifo.xlsx": Caso(carpeta / "fifo.xlsx", "omitido", "tubería"),
        "carpeta.xlsx": Caso(carpeta / "carpeta.xlsx", "omitido", "carpeta con nombre de libro"),
        "bucle_a.xlsx": Caso(carpeta / "bucle_a.xlsx", "omitido", "bucle"),
        "bucle_b.xlsx": Caso(carpeta / "bucle_b.xlsx", "omitido", "bucle"),
        "roto.xlsx": Caso(carpeta / "roto.xlsx", "omitido", "enlace roto"),
        "~$poi_limpio.xlsx": Caso(carpeta / "~$poi_limpio.xlsx", "omitido", "bloqueo"),
        ".oculto.xlsx": Caso(carpeta / ".oculto.xlsx", "omitido", "oculto"),
        "notas.txt": Caso(carpeta / "notas.txt", "omitido", "no es un libro"),
    }
    os.symlink(poi(fuera / "poi_enlazado.xlsx", semilla=7).absolute(), carpeta / "enlace_a_poi.xlsx")
    completo = limpio.read_bytes()
    (carpeta / "truncado.xlsx").write_bytes(completo[: len(completo) // 2])
    (carpeta / "datos.xlsx").write_text("codigo;actividad;meta\nA-01;Capacitación;12\n", encoding="utf-8")
    (carpeta / "vacio.xlsx").touch()
    os.mkfifo(carpeta / "fifo.xlsx")
    (carpeta / "carpeta.xlsx").mkdir()
    (carpeta / "carpeta.xlsx" / "dentro.xlsx").write_bytes(completo)
    os.symlink("bucle_b.xlsx", carpeta / "bucle_a.xlsx")
    os.symlink("bucle_a.xlsx", carpeta / "bucle_b.xlsx")
    os.symlink("no_existe.xlsx", carpeta / "roto.xlsx")
    (carpeta / "~$poi_limpio.xlsx").write_bytes(b"\x06bloqueo de Excel".ljust(165, b" "))
    (carpeta / ".oculto.xlsx").write_bytes(completo)
    (carpeta / "notas.txt").write_text("pendiente: llamar a OPP\n", encoding="utf-8")
    return casos


def vive(pid: int) -> bool:
    """Si el proceso `pid` sigue vivo (un zombi ya terminó: solo falta que lo recojan)."""
    try:
        with open(f"/proc/{pid}/stat") as estado:
            return estado.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
