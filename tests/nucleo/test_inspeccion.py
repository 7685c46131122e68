"""`libro.nucleo.inspeccion`: qué se rechaza antes de leer, con qué mensaje, y que nada válido se rechace."""

import os
import zipfile
from pathlib import Path

import hostiles
import pytest

from libro.nucleo.inspeccion import LIMITES, Hallazgo, Limites, revisar_contenido, revisar_ruta
from libro.procesos import calcular_archivo
from libro.registro import FORMATOS
from libro.salida.plantilla import escribir_plantilla


def _revisar(ruta: Path, limites: Limites = LIMITES) -> Hallazgo | None:
    return revisar_ruta(ruta, limites) or revisar_contenido(ruta, limites)


def test_plantillas_y_libros_de_libro_pasan(tmp_path: Path) -> None:
    """Sin falsos positivos: cada plantilla, un POI con datos y su copia calculada (escrita con lxml)."""
    rutas = [escribir_plantilla(f, tmp_path / f"{f.id}.xlsx") for f in FORMATOS.values()]
    poi = hostiles.poi(tmp_path / "poi_datos.xlsx", actividades=300)
    calculado = tmp_path / "poi_calculado.xlsx"
    assert calcular_archivo(poi, calculado).estado in ("ok", "observado")
    for ruta in [*rutas, poi, calculado]:
        assert _revisar(ruta) is None, ruta.name


def test_la_dimension_declarada_no_cuenta(tmp_path: Path) -> None:
    """Excel estira <dimension> hasta celdas que solo tienen formato; calamine no las lee: se aceptan."""
    poi = hostiles.poi(tmp_path / "poi.xlsx")
    assert _revisar(hostiles.dimension_enorme(poi, tmp_path / "dim.xlsx")) is None
    vacias = hostiles.hoja('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                           '<c r="XFD1048576" s="3"/><c r="XFC1048576" t="s"></c></row>')
    assert _revisar(hostiles.libro_xlsx(tmp_path / "formato.xlsx", {"Hoja1": vacias})) is None


def test_celda_lejana_dice_hoja_celda_limite_y_arreglo(tmp_path: Path) -> None:
    hallazgo = _revisar(hostiles.celda_lejana(tmp_path / "lejana.xlsx"))
    assert hallazgo is not None and hallazgo.estado == "ilegible"
    for texto in ("«Actividades»", "1.048.576", "XFD1048576", "200.000 filas", "borre las filas"):
        assert texto in hallazgo.detalle


@pytest.mark.parametrize(
    ("celda", "limites", "fragmento"),
    [
        ("BXZ1", Limites(), "columna 2.002 (celda BXZ1)"),
        ("J300", Limites(filas=1000, columnas=100, celdas=2000), "300 filas por 10 columnas"),
        ("A1001", Limites(filas=1000), "fila 1.001"),
    ],
)
def test_limites_de_extension(tmp_path: Path, celda: str, limites: Limites, fragmento: str) -> None:
    fila = "".join(c for c in celda if c.isdigit())
    xml = hostiles.hoja(f'<row r="{fila}"><c s="1" t="n" r="{celda}"><v>1</v></c></row>')
    hallazgo = _revisar(hostiles.libro_xlsx(tmp_path / "x.xlsx", {"Datos": xml}), limites)
    assert hallazgo is not None and fragmento in hallazgo.detalle, hallazgo


def test_celda_cortada_entre_trozos(tmp_path: Path) -> None:
    """La celda lejana cae justo en el borde de un trozo de 1 MiB: se ve igual."""
    relleno = '<row r="1"><c r="A1"><v>1</v></c></row>'
    inicio = len(hostiles.INICIO_HOJA) + len(relleno) * 30000
    for corte in range(0, 30, 3):
        lejana = '<row r="5"><c r="ZZ5"><v>1</v></c></row>'
        hueco = 1024**2 - inicio % 1024**2 - corte
        xml = hostiles.hoja(relleno * 30000 + "<p/>" * (hueco // 4) + " " * (hueco % 4) + lejana)
        libro = hostiles.libro_xlsx(tmp_path / f"c{corte}.xlsx", {"H": xml})
        hallazgo = _revisar(libro, Limites(columnas=100))
        assert hallazgo is not None and "ZZ5" in hallazgo.detalle, corte


def test_zip_que_no_es_libro_y_ods(tmp_path: Path) -> None:
    docx = tmp_path / "informe.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    hallazgo = _revisar(docx)
    assert hallazgo is not None and "ZIP de otro tipo" in hallazgo.detalle
    ods = tmp_path / "hoja.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert _revisar(ods) is None


def test_ole_sin_libro_y_pagina_web(tmp_path: Path) -> None:
    word = hostiles.contenedor_ole(tmp_path / "carta.xls", {"WordDocument": b"x" * 5000})
    hallazgo = _revisar(word)
    assert hallazgo is not None and "otro documento de Office" in hallazgo.detalle
    web = tmp_path / "reporte.xls"
    web.write_text("<html><table><tr><td>1</td></tr></table></html>")
    hallazgo = _revisar(web)
    assert hallazgo is not None and "página web" in hallazgo.detalle


def test_demasiado_pesado(tmp_path: Path) -> None:
    grande = tmp_path / "grande.xlsx"
    with open(grande, "wb") as archivo:
        archivo.truncate(2 * 1024**2)
    hallazgo = revisar_ruta(grande, Limites(bytes_archivo=1024**2))
    assert hallazgo is not None and "pesa 2 MB" in hallazgo.detalle and "hasta 1 MB" in hallazgo.detalle


def test_no_abre_una_tuberia(tmp_path: Path) -> None:
    """`revisar_contenido` abre sin bloquear: ante una tubería responde en vez de colgarse."""
    os.mkfifo(tmp_path / "fifo.xlsx")
    hallazgo = revisar_contenido(tmp_path / "fifo.xlsx")
    assert hallazgo is not None and hallazgo.estado == "omitido"


def test_mensajes_en_espanol_sin_trazas(tmp_path: Path) -> None:
    carpeta = tmp_path / "corpus"
    carpeta.mkdir()
    casos = hostiles.corpus(carpeta)
    for nombre, caso in casos.items():
        if caso.estado is None or caso.estado == "desconocido":
            continue
        hallazgo = _revisar(caso.ruta)
        assert hallazgo is not None, nombre
        assert (hallazgo.estado, True) == (caso.estado, caso.fragmento in hallazgo.detalle), hallazgo
        assert not any(ingles in hallazgo.detalle for ingles in ("Error", "error:", "No such", "denied"))


def test_antes_de_leer_no_se_recorren_las_hojas(tmp_path: Path) -> None:
    """La revisión previa a cada lectura (`hojas=False`) no descomprime las hojas —de ellas se encarga la
    lectura, y la revisión completa explica después por qué falló—, pero sí la tabla de textos."""
    lejana = hostiles.celda_lejana(tmp_path / "lejana.xlsx")
    assert revisar_contenido(lejana, hojas=False) is None
    assert revisar_contenido(lejana) is not None
    largo = revisar_contenido(hostiles.texto_largo(tmp_path / "largo.xlsx"), hojas=False)
    assert largo is not None and "32.767 caracteres" in largo.detalle


def test_la_lectura_mide_cada_hoja_antes_de_pasarla_a_python(tmp_path: Path) -> None:
    """Sin revisión previa de las hojas, la lectura misma rechaza una hoja que pasa los límites, antes
    de convertirla en objetos de Python (calamine ya la leyó: 250.000 filas de una celda)."""
    from libro.nucleo.fuentes import LibroIlegible, grillas_de_archivo

    xml = hostiles.hoja('<row r="1"><c r="A1"><v>1</v></c></row>'
                        '<row r="250000"><c r="A250000"><v>2</v></c></row>')
    ruta = hostiles.libro_xlsx(tmp_path / "largo.xlsx", {"Datos": xml})
    assert revisar_contenido(ruta, hojas=False) is None
    with pytest.raises(LibroIlegible, match="«Datos» tiene datos en la fila 250.000; libro lee hasta"):
        grillas_de_archivo(ruta)
