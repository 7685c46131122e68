"""Las hojas para imprimir de las directivas (Anexo 02, Resumen del POA, informe de la rendición y la
acreditación con subsanaciones): configuración de página en el libro y LibreOffice las dibuja en A4
sin celdas con error."""

import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from test_rendicion import llenado
from test_resumen_poa import completo

from libro.demo.pp import datos_agentes, datos_proyectos
from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.poi.resumen_poa.formato import RESUMEN_POA
from libro.pp.agentes.formato import AGENTES_PP
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.pp.rendicion.formato import RENDICION_PP
from libro.procesos import leer_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.trabajos import plantilla_calculada, plantilla_del_anio

AREAS = {"Resumen del POA": "$A:$P", "Informe del taller": "$A:$I"}
HORIZONTAL = re.compile(
    rb"/MediaBox\s*\[\s*0\s+0\s+(?:841\.\d+\s+595|1190\.\d+\s+841|595\.\d+\s+841)\.\d+\s*\]"
)
"""Páginas A4 (vertical u horizontal) o A3 horizontal: las elige `libro.nucleo.impresion` por el ancho de
cada hoja (la configuración de las hojas de esta prueba se comprueba aparte: horizontal)."""
VALORES = (str, int, float, bool, date, datetime, time, timedelta)


@pytest.fixture
def libros(tmp_path: Path) -> dict[str, Path]:
    """Hoja para imprimir → libro calculado que la contiene."""
    from libro.demo.poi import objetivos

    oei, aei = objetivos()
    anexo01 = escribir_plantilla(OBJETIVOS_PEI, tmp_path / "anexo01.xlsx", {"OEI": oei, "AEI": aei})
    proyectos = escribir_plantilla(PROYECTOS_PP, tmp_path / "proyectos.xlsx", datos_proyectos())
    return {
        "Anexo 02": Path(plantilla_del_anio(CRONOGRAMA_POI, 2027, tmp_path / "anexo02.xlsx").archivo),
        "Resumen del POA": Path(
            plantilla_calculada(
                RESUMEN_POA, completo((anexo01, leer_archivo(anexo01)[0])), tmp_path / "resumen_poa.xlsx"
            ).archivo
        ),
        "Informe del taller": Path(
            plantilla_calculada(
                RENDICION_PP, llenado(proyectos, tmp_path), tmp_path / "rendicion.xlsx"
            ).archivo
        ),
        "Acreditación": Path(
            plantilla_calculada(AGENTES_PP, datos_agentes(), tmp_path / "agentes.xlsx").archivo
        ),
    }


@pytest.mark.filterwarnings("ignore:Print area cannot be set")  # openpyxl no lee áreas de columnas enteras
def test_configuracion_de_pagina(libros: dict[str, Path]) -> None:
    for hoja, ruta in libros.items():
        ws = openpyxl.load_workbook(ruta)[hoja]
        assert ws.page_setup.paperSize in (8, 9), hoja  # A3 o A4, según el ancho de la hoja
        assert ws.page_setup.orientation == "landscape", hoja
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), hoja
        assert ws.page_setup.fitToHeight == 0, hoja  # al ancho de la página, las hojas que haga falta
        areas = _areas_de_impresion(ruta)
        assert areas.get(hoja) is None or re.fullmatch(r"\$A:\$[A-Z]+", areas[hoja]), hoja
    for hoja, area in AREAS.items():
        assert _areas_de_impresion(libros[hoja])[hoja] == area
        assert openpyxl.load_workbook(libros[hoja])[hoja].print_options.horizontalCentered


def _areas_de_impresion(ruta: Path) -> dict[str, str]:
    """Hoja → área de impresión (nombre definido _xlnm.Print_Area), leída del workbook.xml."""
    with zipfile.ZipFile(ruta) as z:
        libro = z.read("xl/workbook.xml").decode()
    hojas = re.findall(r'<sheet name="([^"]+)"', libro)
    return {
        hojas[int(i)]: a.split("!", 1)[1]
        for i, a in re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]+)<', libro)
    }


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice no está instalado (apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_dibuja_en_a4_sin_celdas_con_error(libros: dict[str, Path], tmp_path: Path) -> None:
    perfil = f"-env:UserInstallation={(tmp_path / 'perfil').as_uri()}"
    rutas = [str(r) for r in libros.values()]
    for formato, carpeta in (("pdf", tmp_path / "pdf"), ("xlsx", tmp_path / "lo")):
        subprocess.run(
            ["soffice", perfil, "--headless", "--convert-to", formato, "--outdir", str(carpeta), *rutas],
            check=True,
            capture_output=True,
            timeout=300,
        )
    for hoja, ruta in libros.items():
        pdf = (tmp_path / "pdf" / ruta.with_suffix(".pdf").name).read_bytes()
        paginas = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert paginas and len(HORIZONTAL.findall(pdf)) == pdf.count(b"/MediaBox"), hoja
        recalculado = CalamineWorkbook.from_path(str(tmp_path / "lo" / ruta.name))
        assert hoja in recalculado.sheet_names
        for nombre in recalculado.sheet_names:
            for fila in recalculado.get_sheet_by_name(nombre).to_python():
                malas = [
                    v
                    for v in fila
                    if not isinstance(v, VALORES)
                    or (isinstance(v, str) and (v.startswith("#") or v.startswith("Err:")))
                ]
                assert not malas, (ruta.name, nombre, malas)
