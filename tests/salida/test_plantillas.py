"""Las plantillas de `plantillas_xlsx/` salen de las declaraciones; LibreOffice las abre y calcula."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from libro.nucleo.fuentes import etiqueta_formato
from libro.procesos import calcular_archivo
from libro.registro import FORMATOS
from libro.salida.plantilla import escribir_plantilla

PLANTILLAS = Path(__file__).parents[2] / "plantillas_xlsx"


def _miembros(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("formato", list(FORMATOS.values()), ids=list(FORMATOS))
def test_plantilla_guardada_coincide_con_la_declaracion(formato, tmp_path: Path) -> None:
    nueva = escribir_plantilla(formato, tmp_path / f"{formato.id}.xlsx")
    guardada = PLANTILLAS / f"{formato.id}.xlsx"
    assert guardada.exists(), f"falta {guardada}: ejecute «make plantillas»"
    assert _miembros(guardada) == _miembros(nueva), (
        f"{guardada.name} está desactualizada: ejecute «make plantillas»"
    )


@pytest.mark.parametrize("formato", list(FORMATOS.values()), ids=list(FORMATOS))
def test_plantilla_lleva_su_declaracion(formato, tmp_path: Path) -> None:
    ruta = escribir_plantilla(formato, tmp_path / "p.xlsx")
    assert etiqueta_formato(ruta) == formato.etiqueta
    libro = CalamineWorkbook.from_path(str(ruta))
    for hoja in formato.hojas:
        assert hoja.nombre in libro.sheet_names
        grilla = libro.get_sheet_by_name(hoja.nombre).to_python(skip_empty_area=False)
        if hasattr(hoja, "fila_encabezado"):
            encabezados = [c for c in grilla[hoja.fila_encabezado] if c != ""]
            assert encabezados == [c.encabezado for c in hoja.columnas]
    miembros = _miembros(ruta)
    for hoja_xml in (n for n in miembros if n.startswith("xl/worksheets/sheet")):
        texto = miembros[hoja_xml].decode()
        if "<autoFilter" in texto:
            assert "<dataValidations" in texto and "<conditionalFormatting" in texto


def test_plantilla_poi_tiene_lista_de_aei_grafico_y_botones(tmp_path: Path) -> None:
    ruta = escribir_plantilla(FORMATOS["poi"], tmp_path / "poi.xlsx")
    miembros = _miembros(ruta)
    assert any(n.startswith("xl/charts/chart") for n in miembros)
    dibujos = b"".join(v for n, v in miembros.items() if n.startswith("xl/drawings/drawing"))
    assert dibujos.count(b"<xdr:sp ") >= 3 and b"Calcular metas" in dibujos
    hojas = b"".join(v for n, v in miembros.items() if n.startswith("xl/worksheets/sheet"))
    assert b"<formula1>'AEI'!$A$6:$A$405</formula1>" in hojas
    assert b'<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' in hojas


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice no está instalado (apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_abre_y_calcula_el_libro_calculado(libro_poi, tmp_path: Path) -> None:
    from conftest import cambiar

    entrada = libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01"), calculado=False)
    salida = tmp_path / "calculado.xlsx"
    resultado = calcular_archivo(entrada, salida)
    assert resultado.estado == "observado", resultado.detalle
    assert [(o.codigo, o.celda) for o in resultado.observaciones] == [("POI-001", "C7")]
    assert salida.is_file()
    destino = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/perfil",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(destino),
            str(salida),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    recalculado = CalamineWorkbook.from_path(str(destino / "calculado.xlsx"))
    observaciones = recalculado.get_sheet_by_name("Observaciones").to_python()
    fila = next(f for f in observaciones if "POI-001" in f)
    assert fila[4] == "C7"  # HYPERLINK calculado por LibreOffice
    resumen = recalculado.get_sheet_by_name("Resumen").to_python(skip_empty_area=False)
    assert resumen[5][0] == "Valorización (S/)" and resumen[5][14] > 0


def test_colores_por_texto_en_la_plantilla(tmp_path: Path) -> None:
    """El semáforo de la evaluación se pinta solo: formato condicional por texto en su columna."""
    formato = FORMATOS["evaluacion-poi"]
    ruta = escribir_plantilla(formato, tmp_path / "e.xlsx")
    hoja = next(h for h in formato.hojas if any(c.col.colores for c in getattr(h, "columnas", [])))
    j = next(i for i, c in enumerate(hoja.columnas) if c.col.colores)
    from libro.nucleo.celdas import letra

    xml = b"".join(v for n, v in _miembros(ruta).items() if n.startswith("xl/worksheets/sheet")).decode()
    rango = f"{letra(j)}{hoja.primera_fila + 1}:{letra(j)}{hoja.primera_fila + hoja.filas_plantilla}"
    bloque = xml[xml.index(f'<conditionalFormatting sqref="{rango}">'):]
    bloque = bloque[: bloque.index("</conditionalFormatting>")]
    assert [t for t, _ in hoja.columnas[j].col.colores] == ["Verde", "Ámbar", "Rojo"]
    for texto in ("Verde", "Ámbar", "Rojo"):
        assert f"<formula>\"{texto}\"</formula>" in bloque
