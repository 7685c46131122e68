"""Los libros se imprimen como el anexo: papel, orientación, escala (≥ 7 puntos), títulos y pie; las
cifras son fórmulas vivas que LibreOffice recalcula igual que Libro; el acta sale de los datos del libro.
"""

import re
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlwings as xw
from conftest import acciones_macros, cambiar, hoja_de
from libreoffice import SOFFICE, convertir, diferencias, formulas, sin_cache

from libro.demo import ejecutar_demo
from libro.demo.pp import datos_proyectos
from libro.nucleo.generadas import NO_VALIDADO
from libro.nucleo.impresion import ESCALA_MINIMA, FUENTE_MINIMA, elegir_pagina
from libro.nucleo.resultado import Resultado
from libro.pp.proyectos.formato import PROYECTOS_PP, MiembroEquipo
from libro.procesos import calcular_archivo
from libro.registro import FORMATOS
from libro.salida.informe import informe_xlsx
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo

con_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice no está instalado")
ALTO_POR_PUNTO = 1.3
"""pdftotext mide cada palabra con 1,3 veces el tamaño de su letra (Carlito/DejaVu)."""
A4, A3 = (595, 842), (842, 1191)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    carpeta = tmp_path_factory.mktemp("demo")
    ejecutar_demo(carpeta)
    return carpeta


def _libros_de_unidad(demo: Path) -> list[Path]:
    """Plantillas y libros de `make demo` que una unidad u OPP imprime (el consolidado es aparte)."""
    return [
        *sorted((demo / "plantillas").glob("*.xlsx")),
        *sorted((demo / "poi" / "calculados").glob("*.xlsx")),
        demo / "poi" / "validacion.xlsx",
        demo / "pp" / "cronograma" / "cronograma_huayopata.xlsx",
        *sorted((demo / "pp" / "proceso" / "calculados").glob("*.xlsx")),
        demo / "pp" / "proceso" / "proyectos_pp_2026_comparacion.xlsx",
    ]


@pytest.fixture(scope="module")
def pdfs(demo: Path, tmp_path_factory) -> dict[Path, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice no está instalado")
    libros = _libros_de_unidad(demo)
    copias = []
    for i, libro in enumerate(libros):  # nombres únicos: hay plantillas y calculados con el mismo nombre
        copia = tmp_path_factory.mktemp("copias") / f"{i:02d}_{libro.name}"
        copia.write_bytes(libro.read_bytes())
        copias.append(copia)
    salidas = convertir(copias, "pdf", tmp_path_factory.mktemp("pdf"))
    return dict(zip(libros, salidas, strict=True))


def _paginas(pdf: Path) -> list[tuple[float, float]]:
    salida = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True
    ).stdout
    return [(float(a), float(b)) for a, b in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", salida)]


def _altos_de_palabras(pdf: Path) -> list[float]:
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    return [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', xml)]


def _hojas_xml(ruta: Path) -> dict[str, str]:
    """Nombre de hoja visible → XML de la hoja."""
    with zipfile.ZipFile(ruta) as z:
        libro = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        destinos = {i: t for i, t in re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)}
        destinos |= {i: t for t, i in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        hojas = {}
        for atributos in re.findall(r"<sheet ([^>]*)/>", libro):
            if 'state="hidden"' in atributos:
                continue
            nombre = re.search(r'name="([^"]+)"', atributos).group(1)
            rid = re.search(r'r:id="(rId\d+)"', atributos).group(1)
            hojas[nombre] = z.read("xl/" + destinos[rid].removeprefix("/xl/")).decode()
        return hojas


# ---------------------------------------------------------------- configuración de página


def test_hojas_anchas_en_bloques_con_columnas_repetidas() -> None:
    """«Actividades» (38 columnas) no cabe a 7 puntos ni en A3: se parte en bloques (física, financiera)."""
    actividades = FORMATOS["poi"].hoja("Actividades")
    anchos = [c.col.ancho for c in actividades.columnas]
    grupos = [
        (
            actividades.columna(g.desde),
            max(i for i, c in enumerate(actividades.columnas) if c.campo == g.hasta),
        )
        for g in actividades.grupos
    ]
    pagina = elegir_pagina(anchos, grupos, 2, (3, 4))
    assert pagina.papel == "A3" and pagina.horizontal and pagina.escala >= ESCALA_MINIMA
    inicios = {g[0] for g in grupos} | {2}
    assert set(pagina.cortes) <= inicios  # los cortes caen en el borde de un grupo
    assert actividades.columna("metas", 0) in pagina.cortes  # la programación física empieza página
    assert pagina.columnas_titulo == (0, 1) and pagina.filas_titulo == (3, 4)
    assert elegir_pagina((34, 44, 60)).papel == "A4"  # una ficha angosta: A4 ajustada al ancho


def test_cada_hoja_visible_tiene_pagina_elegida(demo: Path) -> None:
    for libro in _libros_de_unidad(demo):
        for nombre, xml in _hojas_xml(libro).items():
            donde = f"{libro.name} › {nombre}"
            configuracion = re.search(r"<pageSetup ([^>]*)/>", xml)
            assert configuracion, f"{donde}: sin configuración de página"
            atributos = configuracion.group(1)
            assert re.search(r'paperSize="(8|9)"', atributos), donde
            assert re.search(r'orientation="(landscape|portrait)"', atributos), donde
            escala = re.search(r'scale="(\d+)"', atributos)
            if escala:
                assert int(escala.group(1)) >= ESCALA_MINIMA, donde
            else:
                assert 'fitToHeight="0"' in atributos and 'fitToPage="1"' in xml, donde
            assert "Página &amp;P de &amp;N" in xml and "Impreso el &amp;D" in xml, donde


@con_libreoffice
def test_pdf_en_a4_o_a3_con_letra_de_al_menos_7_puntos(pdfs: dict[Path, Path]) -> None:
    for libro, pdf in pdfs.items():
        paginas = _paginas(pdf)
        assert paginas, libro.name
        for ancho, alto in paginas:
            tamano = tuple(sorted((round(ancho), round(alto))))
            assert tamano in (A4, A3), f"{libro.name}: página de {ancho} × {alto}"
        minimo = min(_altos_de_palabras(pdf)) / ALTO_POR_PUNTO
        assert minimo >= FUENTE_MINIMA - 0.1, f"{libro.name}: texto de {minimo:.1f} puntos"
        assert len(paginas) <= 30, f"{libro.name}: {len(paginas)} páginas"


@con_libreoffice
def test_actividades_en_a3_horizontal_en_tres_bloques(pdfs: dict[Path, Path], demo: Path) -> None:
    poi = demo / "poi" / "calculados" / "poi_GPP-01.xlsx"
    pdf = pdfs[poi]
    texto = [
        subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        for i in range(1, len(_paginas(pdf)) + 1)
    ]
    actividades = [i for i, t in enumerate(texto) if "PROGRAMACIÓN DE ACTIVIDADES OPERATIVAS" in t]
    assert len(actividades) == 3  # datos y distribución · programación física · financiera y totales
    for i in actividades:
        ancho, alto = _paginas(pdf)[i]
        assert ancho > alto and round(ancho) == A3[1]
        assert "Actividad operativa" in texto[i]  # columnas de identificación repetidas
    assert "PROGRAMACIÓN FÍSICA MENSUAL" in texto[actividades[1]]
    assert "VALORIZACIÓN MENSUAL" in texto[actividades[2]]


@con_libreoffice
def test_acta_en_a4_vertical_sin_cortes(pdfs: dict[Path, Path], demo: Path) -> None:
    pdf = pdfs[demo / "pp" / "proceso" / "calculados" / "proyectos_pp_2026.xlsx"]
    paginas = _paginas(pdf)
    for i, (ancho, alto) in enumerate(paginas, start=1):
        texto = subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        if "ACTA DE ACUERDOS" in texto:
            assert (round(ancho), round(alto)) == A4
            assert "(art. 16.2)." in texto.replace("\n", " ")  # la línea larga no se corta


# ---------------------------------------------------------------- fórmulas vivas


@con_libreoffice
def test_libreoffice_recalcula_cada_formula_igual_que_libro(demo: Path, tmp_path: Path) -> None:
    libros = [
        *sorted((demo / "plantillas").glob("*.xlsx")),
        *sorted((demo / "poi" / "calculados").glob("*.xlsx")),
        *sorted((demo / "pp" / "proceso" / "calculados").glob("*.xlsx")),
        demo / "pp" / "cronograma" / "cronograma_huayopata.xlsx",
    ]
    copias = [sin_cache(r, tmp_path / "sin_cache" / f"{i:02d}_{r.name}") for i, r in enumerate(libros)]
    recalculados = convertir(copias, "xlsx", tmp_path / "recalculados")
    problemas = [p for r, c in zip(libros, recalculados, strict=True) for p in diferencias(r, c)]
    assert problemas == []
    por_formato = {r.name: sum(len(v) for v in formulas(r).values()) for r in libros}
    assert por_formato["poi_GPP-01.xlsx"] > 300 and por_formato["eval_T1_GPP-01.xlsx"] > 100
    assert por_formato["poi.xlsx"] > 20  # la plantilla ya trae el «Resumen» vivo


def test_totales_del_poi_son_formulas_con_su_valor(demo: Path) -> None:
    poi = demo / "poi" / "calculados" / "poi_GPP-01.xlsx"
    celdas = formulas(poi)
    actividades = hoja_de(poi, "Actividades")
    assert celdas["Actividades"]["AL6"] == actividades[5][37] > 0  # Total S/ con su valor en caché
    resumen = hoja_de(poi, "Resumen")
    unidades = [f[2] for f in resumen if f[1] == "Total por unidad de medida"]
    assert len(unidades) == len(set(unidades)) > 1  # metas de unidades distintas no se suman


# ---------------------------------------------------------------- estado y complemento


def test_plantilla_y_libro_sin_validar_dicen_que_no_se_validaron(demo: Path, tmp_path: Path) -> None:
    for ruta in (demo / "plantillas" / "poi.xlsx", demo / "poi" / "recibidos" / "poi_SGLSC-02.xlsx"):
        assert hoja_de(ruta, "Observaciones")[1][0] == NO_VALIDADO
    momento = datetime(2027, 3, 20, 10, 45)
    from libro.nucleo.contexto import Contexto

    salida = tmp_path / "validado.xlsx"
    calcular_archivo(demo / "poi" / "recibidos" / "poi_SGLSC-02.xlsx", salida, Contexto(momento=momento))
    estado = hoja_de(salida, "Observaciones")[1][0]
    assert estado.startswith("Validado el 20/03/2027 a las 10:45.") and "listo para enviar" not in estado


def test_instrucciones_explican_el_complemento(demo: Path) -> None:
    texto = " ".join(str(v) for f in hoja_de(demo / "plantillas" / "poi.xlsx", "Instrucciones") for v in f)
    assert "complemento Libro" in texto and "Sin el complemento" in texto and "informática" in texto
    assert "--" not in texto and "libro evaluacion" not in texto


def test_celdas_calculadas_grises_con_nota_y_sin_proteccion(demo: Path) -> None:
    hojas = _hojas_xml(demo / "plantillas" / "poi.xlsx")
    assert "<sheetProtection" not in "".join(hojas.values())  # ver docs/impresion.md
    assert "Lo calcula Libro; no escriba aquí." in hojas["Actividades"]
    assert 'type="custom"' in hojas["Actividades"]  # escribir a mano se rechaza; los botones sí escriben


def test_cada_boton_escribe_con_el_motor_remoto(demo: Path) -> None:
    libros = {
        "poi": demo / "poi" / "recibidos" / "poi_GPP-01.xlsx",
        "evaluacion-poi": demo / "poi" / "evaluaciones" / "eval_T1_GPP-01.xlsx",
        "proyectos-pp": demo / "pp" / "proceso" / "proyectos_pp_2026.xlsx",
        "agentes-pp": demo / "pp" / "proceso" / "agentes_pp_2026.xlsx",
        "cronograma-pp": demo / "pp" / "cronograma" / "cronograma_huayopata.xlsx",
    }
    for formato, botones in acciones_macros().items():
        if formato not in libros:
            continue
        for nombre, boton in botones.items():
            book = xw.Book(json=payload_desde_archivo(libros[formato]))
            boton(book)
            escritas = [a for a in book.json()["actions"] if a["func"] == "setValues"]
            assert escritas, f"{formato} › {nombre} no escribió nada"


# ---------------------------------------------------------------- acta de otra municipalidad


def test_acta_de_otra_municipalidad_con_sus_datos_y_firmas(tmp_path: Path) -> None:
    datos = datos_proyectos()
    cambiar(
        datos,
        "Parámetros",
        0,
        municipalidad="Municipalidad Distrital de Santa Rosa de Quives",
        distrito="Santa Rosa de Quives",
        lugar="Local comunal de Yangas",
        fecha_taller=date(2026, 8, 14),
        autoridad="Ana Torres Vílchez",
        cargo_autoridad="Alcaldesa",
        miembros_equipo=3,
    )
    datos["Equipo Técnico"] = [
        MiembroEquipo(
            nombre="Luis Paz Ortiz",
            dni="20111222",
            cargo="Presidente",
            unidad="Gerencia Municipal",
            rol="Califica y firma puntajes",
        ),
        MiembroEquipo(
            nombre="Eva Ríos Cano",
            dni="20222333",
            cargo="Secretario técnico",
            unidad="Oficina de Presupuesto",
            rol="Califica e inspecciona",
        ),
        MiembroEquipo(
            nombre="Nora Vega Lima",
            dni="20333444",
            cargo="Miembro",
            unidad="Club de Madres Yangas",
            representa="Sociedad civil",
            rol="Califica y firma puntajes",
        ),
    ]
    datos["Puntajes"] = [p.model_copy(update={"evaluador": "20111222"}) for p in datos["Puntajes"]]
    datos["Fichas"] = [
        f.model_copy(update={"organizacion": f"Organización {f.codigo}"}) for f in datos["Fichas"]
    ]
    salida = tmp_path / "calculado.xlsx"
    resultado = calcular_archivo(escribir_plantilla(PROYECTOS_PP, tmp_path / "pp.xlsx", datos), salida)
    assert resultado.errores == 0, [o.mensaje for o in resultado.observaciones]
    acta = hoja_de(salida, "Acta")
    texto = " ".join(str(v) for f in acta for v in f if v != "")
    assert "MUNICIPALIDAD DISTRITAL DE SANTA ROSA DE QUIVES" in texto
    assert "Local comunal de Yangas, distrito de Santa Rosa de Quives, el 14 de agosto de 2026" in texto
    for firma in (
        "Ana Torres Vílchez",
        "Alcaldesa",
        "Luis Paz Ortiz",
        "Presidente · Gerencia Municipal",
        "Nora Vega Lima",
        "Comité de Vigilancia",
        "Organización PP-01",
    ):
        assert firma in texto, firma
    assert "BORRADOR" not in texto
    xml = _hojas_xml(salida)["Acta"]
    assert "Santa Rosa de Quives" in xml  # también en el encabezado de página
    assert "Lurigancho" not in texto + xml


def test_acta_borrador_mientras_hay_empate(tmp_path: Path) -> None:
    datos = datos_proyectos()
    datos["Votación de desempate"] = []
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(escribir_plantilla(PROYECTOS_PP, tmp_path / "pp.xlsx", datos), salida)
    texto = " ".join(str(v) for f in hoja_de(salida, "Acta") for v in f)
    assert "BORRADOR, NO FIRMAR" in texto and "Sigue abierto" in texto


# ---------------------------------------------------------------- informe de validación


def test_informe_de_validacion_imprimible_y_en_palabras(tmp_path: Path) -> None:
    resultados = [
        Resultado("/srv/opp/2027/poi_GPP-01.xlsx", "ok", "poi@1"),
        Resultado("/srv/opp/2027/otras/poi_X.xlsx", "observado", "poi@1"),
        Resultado("/srv/opp/2027/roto.xlsx", "ilegible", detalle="archivo dañado"),
    ]
    destino = tmp_path / "validacion.xlsx"
    informe_xlsx(resultados, destino, datetime(2027, 4, 2, 9, 30))
    archivos = hoja_de(destino, "Archivos")
    assert archivos[0][0] == "INFORME DE VALIDACIÓN DE LIBROS"
    assert archivos[1][0] == "Generado el 02/04/2027 a las 09:30."
    assert [f[0] for f in archivos[4:]] == ["poi_GPP-01.xlsx", "otras/poi_X.xlsx", "roto.xlsx"]
    assert [f[2] for f in archivos[4:]] == ["Correcto", "Con observaciones", "Ilegible"]
    xml = _hojas_xml(destino)["Archivos"]
    assert 'orientation="landscape"' in xml and "Página &amp;P de &amp;N" in xml
