"""Libros ajenos (como los tiene la municipalidad) leídos como cronograma o plan de trabajo."""

from datetime import datetime
from pathlib import Path

import pytest
import typer
import xlsxwriter
from conftest import observar
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.cli.cronograma import importar_app
from libro.cronograma.importar import (
    ImportacionFallida,
    anio_de_titulo,
    clasificar_seccion,
    importar_archivo,
    leer_ajeno,
)
from libro.demo.cronograma import huayopata, mclcp
from libro.procesos import leer_archivo, validar_archivo

app = typer.Typer()
app.add_typer(importar_app, name="importar")

PREP, CONC, COOR, FORM = (
    "Preparación",
    "Concertación",
    "Coordinación entre niveles de gobierno",
    "Formalización",
)
B_COMUNICACION = "COMUNICACION, SENSIBILIZACION, CONVOCATORIA Y REGISTRO DE AGENTES PARTICIPANTES"
C_CAPACITACION = "CAPACITACION DE AGENTES PARTICIPANTES"


def _filas(libro) -> list:
    (lectura,) = libro.hojas.values()
    return lectura.filas


def test_huayopata_se_lee_entera_con_fases_y_año_del_título(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path)
    libro = importar_archivo(ruta)
    assert libro.formato.id == "cronograma-pp"
    assert libro.nombres_reales == {"Cronograma": "ANEXO I"}
    assert (libro.datos.anio, libro.origen_anio) == (2024, "título")
    assert libro.datos.titulo.endswith("BASADO EN RESULTADOS HUAYOPATA 2024")
    assert libro.observaciones == []
    filas = _filas(libro)
    # Fila de Excel, fase, sub-etapa y plazo tal como se escribió, de las 26 actividades.
    assert [(f.fila + 1, f.fase, f.sub_etapa, f.plazo) for f in filas] == [
        (7, PREP, "PREPARACION", "07 DE MARZO"),
        (8, PREP, "PREPARACION", "11 DE MARZO"),
        (9, PREP, "PREPARACION", "12 DE MARZO"),
        (10, PREP, "PREPARACION", "11 DE MARZO"),
        (11, PREP, "PREPARACION", "12 DE MARZO"),
        (12, PREP, "PREPARACION", "11 DE MARZO"),
        (13, PREP, "PREPARACION", "12 DE MARZO"),
        (14, PREP, "PREPARACION", "15 DE MARZO"),
        (15, PREP, "PREPARACION", "18 DE MARZO"),
        (16, PREP, "PREPARACION", "18 DE MARZO"),
        (17, PREP, "PREPARACION", "11 DE MARZO"),
        (18, PREP, "PREPARACION", "13 DE MARZO"),
        (19, PREP, "PREPARACION", "13 DE MARZO"),
        (21, PREP, B_COMUNICACION, "13,14,15,16 Y 17 DE MARZO"),
        (22, PREP, B_COMUNICACION, "13 DE MARZO"),
        (23, PREP, B_COMUNICACION, "15 y 18 DE MARZO"),
        (25, PREP, C_CAPACITACION, "22 DE MARZO"),
        (26, PREP, C_CAPACITACION, "22 DE MARZO"),
        (28, CONC, None, "22 DE MARZO"),
        (29, CONC, None, "29 DE MARZO"),
        (30, CONC, None, "22 DE MARZO"),
        (31, CONC, None, "22 DE MARZO"),
        (33, COOR, None, "GOBIERNO REGIONAL"),
        (35, FORM, None, "22 DE MARZO"),
        (36, FORM, None, "22 DE MARZO"),
        (37, FORM, None, "27 AL 31 DE MARZO"),
    ]
    assert sorted(libro.secciones) == [4, 5, 19, 23, 26, 31, 33]


def test_objetivo_combinado_o_en_blanco_baja_a_cada_actividad(tmp_path: Path) -> None:
    ruta, filas_excel = huayopata(tmp_path)
    por_fila = {f.fila + 1: f for f in _filas(importar_archivo(ruta))}
    # a) combinado sobre tres actividades
    assert {por_fila[r].objetivo for r in (7, 8, 9)} == {
        "a) Aprobar Ordenanza Municipal y Reglamento del Presupuesto Participativo 2024"
    }
    assert por_fila[9].metas == "OI Proyecto de Ordenanza Municipal y su Reglamento"
    # b) escrito solo en la primera fila, con la celda de abajo en blanco
    assert por_fila[11].objetivo == "b) Designar Secretario Técnico"
    assert por_fila[11].metas == "Resolución de Alcaldía"
    # capacitación: indicador, plazo y responsable combinados sobre las dos actividades
    segunda = por_fila[next(r for k, r in filas_excel.items() if k.startswith("2. Sistema Nacional"))]
    assert segunda.fila + 1 == 26
    assert (segunda.indicador, segunda.plazo) == ("Primer Taller / Registro Asistencia", "22 DE MARZO")
    assert segunda.responsable == "Secretario Técnico Plandet Oficina de Presupuesto Oficina de Planeamiento"
    # el texto ajustado en varias líneas se lee en una sola
    assert por_fila[28].actividad.startswith("a. Actualización del diagnóstico situacional. b. Selección")


def test_plan_de_trabajo_mclcp(tmp_path: Path) -> None:
    ruta, _ = mclcp(tmp_path)
    libro = importar_archivo(ruta)
    assert libro.formato.id == "plan-trabajo"
    # «2023-2026» del título es un periodo, no el año: el año sale de las fechas completas
    assert (libro.datos.anio, libro.origen_anio) == (2022, "fechas")
    filas = _filas(libro)
    assert [f.fila + 1 for f in filas] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19, 21, 22, 24, 25]
    por_fila = {f.fila + 1: f for f in filas}
    assert por_fila[5].acciones == por_fila[4].acciones
    assert por_fila[7].acciones == "ELABORACIÓN DE REPORTE DEL ENDES 2021"
    assert {por_fila[r].subactividades[:22] for r in (17, 18, 19)} == {"Campaña comunicacional"}
    assert por_fila[19].estrategias == "encuestas, entrevistas sobre la valoración del voto"
    assert por_fila[22].responsable is None
    assert [por_fila[r].plazo for r in (12, 17, 25)] == [
        "Abril-Mayo-Junio-Julio",
        "Julio-agosto- setiembre",
        "ene-23",
    ]


def test_año_indicado_manda(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path)
    libro = importar_archivo(ruta, anio=2023)
    assert (libro.datos.anio, libro.origen_anio) == (2023, "indicado")


@pytest.mark.parametrize(
    ("titulos", "anio"),
    [
        (["CRONOGRAMA … HUAYOPATA 2024"], 2024),
        (["AGENDA REGIONAL GOBERNABILIDAD 2023-2026"], None),
        (["PERIODO 2023 al 2026"], None),
        (["PP 2024", "AÑO FISCAL 2025"], None),
        (["ANEXO I", "sin año"], None),
    ],
)
def test_año_del_título(titulos: list[str], anio: int | None) -> None:
    assert anio_de_titulo(titulos) == anio


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("PRIMERA FASE: PREPARACION", ("Preparación", None)),
        ("SEGUNDA FASE: CONCERTACIÓN", ("Concertación", None)),
        (
            "TERCERA FASE: COORDINACIONES ENTRE NIVELES DE GOBIERNO",
            ("Coordinación entre niveles de gobierno", None),
        ),
        ("FORMALIZACION", ("Formalización", None)),
        ("A) PREPARACION", (None, "PREPARACION")),
        ("B) COMUNICACION, SENSIBILIZACION…", (None, "COMUNICACION, SENSIBILIZACION…")),
        ("3. TALLERES DE TRABAJO", (None, "TALLERES DE TRABAJO")),
    ],
)
def test_filas_de_fase_y_de_etapa(texto: str, esperado: tuple) -> None:
    assert clasificar_seccion(texto) == esperado


def _libro(ruta: Path, filas: list[list], combinar: list[tuple[int, int, int, int]] = ()) -> Path:
    libro = xlsxwriter.Workbook(str(ruta))
    ws = libro.add_worksheet("Hoja1")
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    for r, fila in enumerate(filas):
        for j, v in enumerate(fila):
            if isinstance(v, datetime):
                ws.write_datetime(r, j, v, fecha)
            elif v is not None:
                ws.write(r, j, v)
    for r0, c0, r1, c1 in combinar:
        ws.merge_range(r0, c0, r1, c1, filas[r0][c0])
    libro.close()
    return ruta


ENCABEZADO = ["Objetivo específico", "Meta", "Actividad", "Indicador", "Fecha", "Responsables"]


def test_fila_con_solo_el_objetivo_no_se_pierde(tmp_path: Path) -> None:
    ruta = _libro(
        tmp_path / "c.xlsx",
        [
            ["Cronograma PP 2025"],
            [],
            ENCABEZADO,
            ["Primera fase: Preparación"],
            ["Designar al Equipo Técnico"],
            [None, "1 RA", "Aprobar resolución", "RA", "10/03/2025", "Alcaldía"],
            ["Objetivo que quedó sin actividades"],
            ["Convocar", "1", "Publicar convocatoria", "Aviso", "12 de marzo", "Imagen"],
        ],
    )
    libro = importar_archivo(ruta)
    filas = _filas(libro)
    assert [(f.fila + 1, f.fase, f.objetivo, f.actividad) for f in filas] == [
        (6, "Preparación", "Designar al Equipo Técnico", "Aprobar resolución"),
        (7, "Preparación", "Objetivo que quedó sin actividades", None),
        (8, "Preparación", "Convocar", "Publicar convocatoria"),
    ]
    assert [(o.codigo, o.celda) for o in libro.observaciones] == [("LIB-004", "C7")]
    assert (libro.datos.anio, libro.origen_anio) == (2025, "título")


def test_fechas_de_excel_se_guardan_como_texto_y_dan_el_año(tmp_path: Path) -> None:
    ruta = _libro(
        tmp_path / "f.xlsx",
        [
            ["Cronograma del PP"],
            ENCABEZADO,
            ["SEGUNDA FASE: CONCERTACIÓN", None, None, None, None, None],
            ["Talleres", "2", "Taller de rendición de cuentas", "Acta", datetime(2025, 4, 7), "Alcalde"],
            [None, None, "Taller de priorización", "Acta", datetime(2025, 4, 14), "Equipo Técnico"],
        ],
        combinar=[(2, 0, 2, 5)],
    )
    libro = importar_archivo(ruta)
    assert [(f.fase, f.objetivo, f.plazo) for f in _filas(libro)] == [
        ("Concertación", "Talleres", "07/04/2025"),
        ("Concertación", "Talleres", "14/04/2025"),
    ]
    assert (libro.datos.anio, libro.origen_anio) == (2025, "fechas")


def test_libro_que_no_es_cronograma(tmp_path: Path) -> None:
    ruta = _libro(tmp_path / "otro.xlsx", [["Nombre", "DNI"], ["Ana", "07654321"]])
    with pytest.raises(ImportacionFallida, match="no tiene una fila de encabezados de cronograma"):
        importar_archivo(ruta)
    assert leer_ajeno(ruta) is None


def test_importar_cronograma_escribe_la_plantilla_sin_perder_filas(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path)
    antes = ruta.read_bytes()
    salida = tmp_path / "salida" / "cronograma.xlsx"
    resultado = CliRunner().invoke(app, ["importar", "cronograma", str(ruta), "--salida", str(salida)])
    assert resultado.exit_code == 1, resultado.output  # Huayopata tiene errores (fases, plazo ilegible)
    texto = " ".join(resultado.output.split())
    assert "26 actividad(es), 7 fila(s) de fase o etapa" in texto
    assert "Año del proceso: 2024 (escrito en el título)" in texto
    assert ruta.read_bytes() == antes
    assert [p.name for p in salida.parent.iterdir()] == ["cronograma.xlsx"]
    libro, leido = leer_archivo(salida)
    assert leido.formato == "cronograma-pp@1"
    original = _filas(importar_archivo(ruta))
    copiadas = libro.filas("Cronograma")
    campos = ("fase", "sub_etapa", "objetivo", "metas", "actividad", "indicador", "plazo", "responsable")
    assert [[getattr(f, c) for c in campos] for f in copiadas] == [
        [getattr(f, c) for c in campos] for f in original
    ]
    assert libro.filas("Datos")[0].anio == 2024
    hoja = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Cronograma").to_python()
    assert hoja[5][8:10] == [
        datetime(2024, 3, 7).date(),
        datetime(2024, 3, 7).date(),
    ]  # Inicio y Fin calculados
    assert [f.codigo for f in validar_archivo(salida).observaciones].count("CRO-004") == 2


def test_importar_cronograma_de_un_libro_que_no_lo_es(tmp_path: Path) -> None:
    ruta = _libro(tmp_path / "otro.xlsx", [["Nombre", "DNI"], ["Ana", "07654321"]])
    resultado = CliRunner().invoke(
        app, ["importar", "cronograma", str(ruta), "--salida", str(tmp_path / "s.xlsx")]
    )
    assert resultado.exit_code == 2
    assert not (tmp_path / "s.xlsx").exists()


def test_validar_lee_el_libro_ajeno_directamente(tmp_path: Path) -> None:
    """Necesita el enganche de `importar.leer_ajeno` en `procesos.leer_archivo`."""
    ruta, _ = huayopata(tmp_path)
    resultado = validar_archivo(ruta)
    assert resultado.formato == "cronograma-pp@1"
    assert [(o.codigo, o.celda) for o in resultado.observaciones] == [
        ("CRO-001", "E33"),
        ("CRO-004", "E35"),
        ("CRO-004", "E36"),
        ("CRO-008", "E21"),
        ("CRO-005", "E29"),
        ("CRO-008", "E29"),
        ("CRO-008", "E37"),
    ]


def test_filas_de_fase_en_minúsculas_y_etapas_conocidas(tmp_path: Path) -> None:
    ruta = _libro(
        tmp_path / "m.xlsx",
        [
            ["Cronograma del Presupuesto Participativo 2026"],
            ENCABEZADO,
            ["Preparación"],
            ["B) Comunicación y sensibilización"],
            ["Difundir", None, "Spot radial", "Spot", "02 de marzo", "Imagen"],
            ["Convocatoria y registro de agentes"],
            [
                "Inscribir",
                None,
                "Inscripción de agentes",
                "Fichas",
                "03 al 06 de marzo",
                "Participación Vecinal",
            ],
            ["Concertación"],
            ["Talleres de trabajo"],
            [
                "Taller",
                None,
                "Taller de identificación de problemas",
                "Acta",
                "20 de marzo",
                "Equipo Técnico",
            ],
        ],
    )
    libro = importar_archivo(ruta)
    assert [(f.fila + 1, f.fase, f.sub_etapa) for f in _filas(libro)] == [
        (5, "Preparación", "Comunicación y sensibilización"),
        (7, "Preparación", "Convocatoria y registro de agentes"),
        (10, "Concertación", "Talleres de trabajo"),
    ]
    assert libro.datos.anio == 2026


def test_importar_el_plan_de_trabajo(tmp_path: Path) -> None:
    ruta, _ = mclcp(tmp_path)
    salida = tmp_path / "plan.xlsx"
    resultado = CliRunner().invoke(app, ["importar", "cronograma", str(ruta), "-s", str(salida)])
    assert resultado.exit_code == 1, resultado.output
    assert "Año del proceso: 2022 (de las fechas)" in " ".join(resultado.output.split())
    libro, leido = leer_archivo(salida)
    assert leido.formato == "plan-trabajo@1"
    assert [f.plazo for f in libro.filas("Plan de trabajo")] == [
        f.plazo for f in _filas(importar_archivo(ruta))
    ]
    assert [(o.codigo, o.celda) for o in validar_archivo(salida).observaciones] == [
        ("CRO-007", "F21"),
        ("CRO-003", "E23"),
    ]
    gantt = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Gantt").to_python()
    assert gantt[5][0] == "CONSTRUCCION DE INFORMACION PRELIMINAR"
    carga = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Carga por responsable").to_python()
    assert carga[3][:5] == [
        "Responsable",
        "Actividades",
        "Primera fecha",
        "Última fecha",
        "Próximo vencimiento",
    ]


def test_columnas_en_otro_orden(tmp_path: Path) -> None:
    ruta = _libro(
        tmp_path / "o.xlsx",
        [
            ["CRONOGRAMA 2025"],
            ["N°", "Actividades", "Objetivo", "Plazo", "Responsable"],
            [1, "Aprobar el reglamento", "Reglamento", "10 de marzo", "Concejo"],
            [2, "Publicar el reglamento", None, "12 de marzo", "Secretaría General"],
            [None, "Difundir en radio", None, None, None],
        ],
    )
    libro = importar_archivo(ruta)
    assert [(f.fila + 1, f.actividad, f.objetivo, f.plazo) for f in _filas(libro)] == [
        (3, "Aprobar el reglamento", "Reglamento", "10 de marzo"),
        (4, "Publicar el reglamento", "Reglamento", "12 de marzo"),
        (5, "Difundir en radio", "Reglamento", None),
    ]
    assert [(o.codigo, o.celda) for o in observar(libro)] == [
        ("CRO-002", "D5"),
        ("CRO-007", "E5"),
        ("CRO-010", "B3"),
        ("CRO-010", "B4"),
        ("CRO-010", "B5"),
    ]


def test_importar_dos_columnas_de_fechas_dice_que_columna_leyo_y_escribe_los_plazos(tmp_path: Path) -> None:
    """«FECHA DE INICIO» y «FECHA DE TÉRMINO» con fechas de Excel: un plazo por actividad, con su
    Inicio y Fin calculados en la plantilla, y la tabla de qué título se leyó como cada columna."""
    ruta = _libro(
        tmp_path / "fechas.xlsx",
        [
            ["CRONOGRAMA DEL PRESUPUESTO PARTICIPATIVO 2025"],
            ["N°", "ACTIVIDAD", "FECHA DE INICIO", "FECHA DE TÉRMINO", "ÁREA RESPONSABLE"],
            ["PRIMERA FASE: PREPARACIÓN"],
            [1, "Aprobar la ordenanza", datetime(2025, 3, 3), datetime(2025, 3, 7), "Concejo"],
            [2, "Difundir el proceso", "10 de marzo", "14 de marzo", "Imagen"],
        ],
    )
    salida = tmp_path / "plantilla.xlsx"
    resultado = CliRunner().invoke(app, ["importar", "cronograma", str(ruta), "--salida", str(salida)])
    texto = " ".join(resultado.output.split())
    assert resultado.exit_code == 0, resultado.output
    assert "Columnas leídas" in texto
    filas = [linea.strip("│ ").split(" │ ") for linea in resultado.output.splitlines() if "│" in linea]
    assert [f.strip() for f in filas[2]] == ["C2", "FECHA DE INICIO", "Inicio"]
    assert [f.strip() for f in filas[0]] == ["A2", "N°", "(no se usa)"]
    hoja = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Cronograma").to_python()
    assert [(f[4], f[6], f[7], f[8], f[9]) for f in hoja[5:7]] == [
        ("Aprobar la ordenanza", "03/03/2025 al 07/03/2025", "Concejo",
         datetime(2025, 3, 3).date(), datetime(2025, 3, 7).date()),
        ("Difundir el proceso", "10 de marzo al 14 de marzo", "Imagen",
         datetime(2025, 3, 10).date(), datetime(2025, 3, 14).date()),
    ]
