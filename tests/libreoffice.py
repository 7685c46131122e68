"""LibreOffice en las pruebas: recalcular libros y convertirlos a PDF, con un perfil propio."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

SOFFICE = shutil.which("soffice")
_RECALCULAR = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
_CELDA = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f>(?:<v>(.*?)</v>|<v/>)?</c>', re.S)


def _perfil(carpeta: Path) -> str:
    """Perfil de LibreOffice que recalcula todas las fórmulas al abrir un .xlsx."""
    usuario = carpeta / "perfil" / "user"
    usuario.mkdir(parents=True, exist_ok=True)
    (usuario / "registrymodifications.xcu").write_text(_RECALCULAR)
    return f"-env:UserInstallation=file://{carpeta / 'perfil'}"


def convertir(archivos: list[Path], formato: str, destino: Path) -> list[Path]:
    """Convierte con LibreOffice (xlsx recalculado o pdf) y devuelve las salidas, en orden."""
    destino.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            _perfil(destino),
            "--headless",
            "--calc",
            "--convert-to",
            formato,
            "--outdir",
            str(destino),
            *map(str, archivos),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    salidas = [destino / f"{a.stem}.{formato}" for a in archivos]
    faltan = [s.name for s in salidas if not s.exists()]
    assert not faltan, f"LibreOffice no convirtió {faltan}"
    return salidas


def formulas(ruta: Path) -> dict[str, dict[str, object]]:
    """Hoja → celda → valor en caché que Libro escribió con cada fórmula."""
    libro = CalamineWorkbook.from_path(str(ruta))
    resultado: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(ruta) as z:
        partes = _partes(z)
        for hoja in libro.sheet_names:
            xml = z.read(partes[hoja])
            celdas = {}
            for m in _CELDA.finditer(xml):
                atributos, valor = m.group(2), m.group(4)
                texto = (valor or b"").decode()
                if b't="str"' in atributos or b't="s"' in atributos or not texto:
                    celdas[m.group(1).decode()] = _desescapar(texto)
                else:
                    celdas[m.group(1).decode()] = float(texto)
            if celdas:
                resultado[hoja] = celdas
    return resultado


def sin_cache(origen: Path, destino: Path) -> Path:
    """Copia del libro sin los valores en caché de sus fórmulas: LibreOffice debe calcularlas todas."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(origen) as entrada, zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as salida:
        for info in entrada.infolist():
            datos = entrada.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                datos = _CELDA.sub(
                    lambda m: (
                        b'<c r="'
                        + m.group(1)
                        + b'"'
                        + re.sub(rb' t="[a-z]+"', b"", m.group(2))
                        + b"><f>"
                        + m.group(3)
                        + b"</f></c>"
                    ),
                    datos,
                )
            salida.writestr(info, datos)
    return destino


def _desescapar(texto: str) -> str:
    return texto.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _partes(z: zipfile.ZipFile) -> dict[str, str]:
    libro = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    destinos = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    destinos |= {i: t for t, i in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
    partes = {}
    for nombre, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', libro):
        destino = destinos[rid].lstrip("/")
        partes[_desescapar(nombre)] = destino if destino.startswith("xl/") else "xl/" + destino
    return partes


def diferencias(original: Path, recalculado: Path) -> list[str]:
    """Cada fórmula cuyo valor recalculado por LibreOffice no es el que Libro escribió, o da error."""
    from libro.nucleo.celdas import posicion

    esperadas = formulas(original)
    libro = CalamineWorkbook.from_path(str(recalculado))
    problemas = []
    for hoja, celdas in esperadas.items():
        grilla = libro.get_sheet_by_name(hoja).to_python(skip_empty_area=False)
        for a1, esperado in celdas.items():
            r, c = posicion(a1)
            obtenido = grilla[r][c] if r < len(grilla) and c < len(grilla[r]) else ""
            if not _iguales(esperado, obtenido):
                problemas.append(
                    f"{original.name} › {hoja}!{a1}: Libro {esperado!r}, LibreOffice {obtenido!r}"
                )
    return problemas


def _iguales(esperado: object, obtenido: object) -> bool:
    if isinstance(obtenido, str) and obtenido.startswith("#"):
        return False
    if isinstance(esperado, float) or isinstance(obtenido, int | float) and not isinstance(obtenido, bool):
        try:
            return abs(float(esperado) - float(obtenido)) < 1e-6  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    return str(esperado) == str(obtenido)
