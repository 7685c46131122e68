"""Reglas CRO del cronograma del PP y del plan de trabajo, sus hojas generadas y sus botones."""

import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import calculo, observar
from python_calamine import CalamineWorkbook

from libro.cronograma.calculo import programar
from libro.cronograma.formato import CRONOGRAMA_PP, Actividad, DatosProceso
from libro.cronograma.hojas import (
    COLUMNA_SEMANAS,
    FILA_SEMANAS,
    adorno_gantt,
    semanas,
    vencimientos,
)
from libro.cronograma.importar import importar_archivo
from libro.demo.cronograma import demo_cronograma, huayopata, mclcp
from libro.procesos import calcular_archivo, validar_archivo
from libro.registro import entrada
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from macros_py import cronograma_pp


def _obs(libro) -> list[tuple[str, str]]:
    return [(o.codigo, o.celda) for o in observar(libro)]


def test_observaciones_de_huayopata(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path)
    observaciones = observar(importar_archivo(ruta))
    assert [(o.codigo, o.severidad.value, o.celda) for o in observaciones] == [
        ("CRO-001", "error", "E33"),  # «GOBIERNO REGIONAL» no es un plazo
        ("CRO-004", "error", "E35"),  # Formalización el 22/03, antes de la rendición de cuentas del 29/03
        ("CRO-004", "error", "E36"),
        ("CRO-008", "advertencia", "E21"),  # 17/03/2024 es domingo
        ("CRO-005", "advertencia", "E29"),  # la rendición de cuentas es posterior a E35 y E36
        ("CRO-008", "advertencia", "E29"),  # 29/03/2024, Viernes Santo
        ("CRO-008", "advertencia", "E37"),  # 31/03/2024, Domingo de Resurrección
    ]
    mensajes = {(o.codigo, o.celda): o.mensaje for o in observaciones}
    assert mensajes[("CRO-004", "E35")] == (
        "Hoja «ANEXO I», celda E35: la actividad de Formalización termina el 22/03/2024, antes de que "
        "empiece (29/03/2024) la actividad de Concertación de la celda E29. Las fases van en orden "
        "(Preparación, Concertación, Coordinación, Formalización): corrija uno de los dos plazos o la fase."
    )
    assert "(celdas E35, E36)" in mensajes[("CRO-005", "E29")]
    assert "«GOBIERNO REGIONAL»" in mensajes[("CRO-001", "E33")]
    assert "el 17/03/2024 (domingo)" in mensajes[("CRO-008", "E21")]
    assert "(feriado: Viernes Santo)" in mensajes[("CRO-008", "E29")]


def test_observaciones_del_plan_de_trabajo_mclcp(tmp_path: Path) -> None:
    ruta, _ = mclcp(tmp_path)
    observaciones = observar(importar_archivo(ruta))
    assert [(o.codigo, o.celda) for o in observaciones] == [("CRO-007", "F22"), ("CRO-003", "E25")]
    assert "«ene-23» cae en 2023 y el proceso es del año 2022" in observaciones[1].mensaje


def test_publicar_antes_de_aprobar(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path, cambios={"3. Publicar Ordenanza Municipal": {"plazo": "08 DE MARZO"}})
    libro = importar_archivo(ruta)
    secuencia = [o for o in observar(libro) if o.codigo == "CRO-006"]
    assert [o.celda for o in secuencia] == ["E9"]
    assert secuencia[0].mensaje == (
        "Hoja «ANEXO I», celda E9: «3. Publicar Ordenanza Municipal» (08/03/2024) va antes que «2. Aprobar "
        "Ordenanza Municipal» (11/03/2024, celda E8) en el mismo objetivo, y solo se publica lo ya aprobado. "
        "Corrija el orden de los plazos."
    )


def test_aprobar_antes_de_elaborar_en_otro_objetivo_no_cuenta(tmp_path: Path) -> None:
    # «Aprobar» de b) el 09/03 es anterior a «Elaborar» de c) el 11/03, pero son objetivos distintos.
    cambios = {
        "Aprobar Resolución de Alcaldía": {"plazo": "12 DE MARZO"},
        "1. Elaborar Resolución de Alcaldía": {"plazo": "13 DE MARZO"},
        "2. Aprobar Resolución de Alcaldía": {"plazo": "12 DE MARZO"},
    }
    ruta, _ = huayopata(tmp_path, cambios=cambios)
    assert [c for c in _obs(importar_archivo(ruta)) if c[0] == "CRO-006"] == [("CRO-006", "E13")]


def test_acreditar_antes_de_registrar(tmp_path: Path) -> None:
    cambios = {
        "Invitación a Instituciones a participar del Presupuesto Participativo AF-2024": {
            "actividad": "Acreditación de agentes participantes",
            "plazo": "14 DE MARZO",
        }
    }
    ruta, _ = huayopata(tmp_path, cambios=cambios)
    secuencia = [o for o in observar(importar_archivo(ruta)) if o.codigo in ("CRO-006", "CRO-009")]
    assert [(o.codigo, o.celda) for o in secuencia] == [("CRO-006", "E22")]
    assert "solo se acredita a quien ya se registró" in secuencia[0].mensaje
    assert "celda E23" in secuencia[0].mensaje


@pytest.mark.parametrize(
    ("plazo", "hallado"), [("19 DE MARZO", True), ("20 DE MARZO", True), ("21 DE MARZO", False)]
)
def test_lista_definitiva_deja_dos_dias_hábiles(tmp_path: Path, plazo: str, hallado: bool) -> None:
    # La inscripción termina el lunes 18/03/2024; los dos días hábiles son el 19 y el 20.
    cambios = {
        "Invitación a Instituciones a participar del Presupuesto Participativo AF-2024": {
            "actividad": "Publicación de la lista definitiva de agentes participantes",
            "plazo": plazo,
        }
    }
    ruta, _ = huayopata(tmp_path, cambios=cambios)
    ventana = [o for o in observar(importar_archivo(ruta)) if o.codigo == "CRO-009"]
    assert [o.celda for o in ventana] == (["E22"] if hallado else [])
    if hallado:
        assert "vence el 20/03/2024. Prográmela desde el 21/03/2024" in ventana[0].mensaje
        assert (
            "después de «Inscripción de Instituciones de la Sociedad Civil.» (celda E23" in ventana[0].mensaje
        )


def test_responsable_vacío_y_año_ajeno(tmp_path: Path) -> None:
    cambios = {
        "Aprobar Resolución de Alcaldía": {"responsable": None},
        "El Acta de acuerdos y compromisos": {"plazo": "27/03/2025 al 31/03/2025"},
    }
    ruta, _ = huayopata(tmp_path, cambios=cambios)
    cambio = Counter(_obs(importar_archivo(ruta)))
    cambio.subtract(Counter(_obs(importar_archivo(huayopata(tmp_path / "base")[0]))))
    # el 31/03/2025 ya no es Domingo de Resurrección: sale CRO-008 y entra CRO-003
    assert sorted((c, n) for c, n in cambio.items() if n) == [
        (("CRO-003", "E37"), 1),
        (("CRO-007", "F11"), 1),
        (("CRO-008", "E37"), -1),
    ]


def test_cronograma_sin_filas_de_fase(tmp_path: Path) -> None:
    ruta, _ = huayopata(tmp_path)
    libro = importar_archivo(ruta)
    (lectura,) = libro.hojas.values()
    sin_fase = libro.con_filas("Cronograma", [f.model_copy(update={"fase": None}) for f in lectura.filas])
    codigos = Counter(c for c, _ in _obs(sin_fase))
    assert codigos["CRO-010"] == 26 and codigos["CRO-004"] == 0


def _datos(**cambios) -> DatosProceso:
    return DatosProceso(entidad="Municipalidad Distrital de Prueba", titulo="PP 2026", anio=2026, **cambios)


def _actividad(
    fase: str | None,
    actividad: str,
    plazo: str | None,
    responsable: str | None = "Equipo Técnico",
    objetivo: str = "Objetivo",
) -> Actividad:
    return Actividad(fase=fase, objetivo=objetivo, actividad=actividad, plazo=plazo, responsable=responsable)


def test_plantilla_propia_se_valida_y_calcula(tmp_path: Path) -> None:
    filas = [
        _actividad("Preparación", "Inscripción de agentes participantes", "02 al 06 de marzo"),
        _actividad("Preparación", "Publicación de la lista definitiva", "09 de marzo"),
        _actividad(None, "Taller de rendición de cuentas", "marzo 20"),
        _actividad("Concertación", "Taller de priorización", None),
        _actividad("Formalización", "Acta de acuerdos", "hasta el 30 de abril", responsable=None),
    ]
    ruta = escribir_plantilla(CRONOGRAMA_PP, tmp_path / "c.xlsx", {"Datos": [_datos()], "Cronograma": filas})
    resultado = validar_archivo(ruta)
    assert [(o.codigo, o.celda) for o in resultado.observaciones] == [
        ("CRO-009", "G7"),
        ("LIB-004", "A8"),
        ("CRO-001", "G8"),
        ("CRO-002", "G9"),
        ("CRO-007", "H10"),
    ]
    salida = tmp_path / "calculado.xlsx"
    calcular_archivo(ruta, salida)
    hoja = CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Cronograma").to_python()
    assert [fila[8:10] for fila in hoja[5:10]] == [
        [date(2026, 3, 2), date(2026, 3, 6)],
        [date(2026, 3, 9), date(2026, 3, 9)],
        ["", ""],
        ["", ""],
        [date(2026, 4, 30), date(2026, 4, 30)],
    ]


def _huayopata_calculado(tmp_path: Path, referencia: date = date(2024, 3, 11), dias: int = 7):
    libro = importar_archivo(huayopata(tmp_path)[0])
    libro.datos = libro.datos.model_copy(update={"fecha_referencia": referencia, "dias_vencimiento": dias})
    return calculo(libro)


def test_gantt_por_semanas(tmp_path: Path) -> None:
    calculado, escritura = _huayopata_calculado(tmp_path)
    (encabezado,) = [b for b in escritura.bloques("Gantt") if b.fila == FILA_SEMANAS]
    assert encabezado.valores[0][COLUMNA_SEMANAS:] == [
        date(2024, 2, 26),
        date(2024, 3, 4),
        date(2024, 3, 11),
        date(2024, 3, 18),
        date(2024, 3, 25),
    ]
    (cuerpo,) = [b for b in escritura.bloques("Gantt") if b.fila == FILA_SEMANAS + 1]
    grupos = [fila[0] for i, fila in enumerate(cuerpo.valores) if cuerpo.estilos.get(i) == "subtitulo"]
    assert grupos == [
        "Preparación",
        "Concertación",
        "Coordinación entre niveles de gobierno",
        "Formalización",
    ]
    por_actividad = {fila[1][:30]: fila[COLUMNA_SEMANAS:] for fila in cuerpo.valores if len(fila) > 1}
    assert por_actividad["Convocatoria y difusión públic"] == [None, None, 5, None, None]
    assert por_actividad["Inscripción de Instituciones d"] == [None, None, 1, 1, None]
    assert por_actividad["El Acta de acuerdos y compromi"] == [None, None, None, None, 5]
    assert por_actividad["Los Gobiernos Regionales efect"] == [None] * 5
    assert len(por_actividad) == 26
    assert cuerpo.formatos[COLUMNA_SEMANAS:] == (";;;",) * 5


def test_vencimientos_por_responsable(tmp_path: Path) -> None:
    _, escritura = _huayopata_calculado(tmp_path, date(2024, 3, 14), 4)
    (tabla,) = [b for b in escritura.bloques("Vencimientos") if b.fila == 4]
    assert [(f[0], f[1], f[2], f[6]) for f in tabla.valores[1:]] == [
        ("Alcaldía", date(2024, 3, 18), 4, 16),
        (
            "Oficina de Relaciones Publicas e Imagen Institucional, Gerencia de Planeamiento, Presupuesto y "
            "Modernización",
            date(2024, 3, 17),
            3,
            21,
        ),
        ("Secretaría General", date(2024, 3, 18), 4, 16),
        ("Secretario Técnico PP-2024", date(2024, 3, 15), 1, 14),
        ("Secretario Técnico PP-2024", date(2024, 3, 18), 4, 15),
        ("Secretario Técnico PP-2024", date(2024, 3, 18), 4, 23),
    ]
    (resumen,) = [b for b in escritura.bloques("Vencimientos") if b.fila == 1]
    assert resumen.valores[0] == ["Del 14/03/2024 al 18/03/2024 (4 días): 5 actividad(es) vencen."]


def test_carga_por_responsable(tmp_path: Path) -> None:
    _, escritura = _huayopata_calculado(tmp_path)
    (tabla,) = [b for b in escritura.bloques("Carga por responsable") if b.fila == 3]
    por_nombre = {f[0]: f[1:] for f in tabla.valores[1:]}
    assert por_nombre["Secretario Técnico PP-2024"] == [
        6,
        6,
        0,
        0,
        0,
        0,
        date(2024, 3, 11),
        date(2024, 3, 18),
        date(2024, 3, 11),
    ]
    assert por_nombre["Equipo Técnico"][:6] == [3, 0, 1, 0, 2, 0]
    assert por_nombre["Alcalde"] == [1, 0, 0, 1, 0, 0, None, None, None]
    assert por_nombre["Total"] == [26, 18, 4, 1, 3, 0]


def test_semanas_y_vencimientos_de_meses(tmp_path: Path) -> None:
    libro = importar_archivo(mclcp(tmp_path)[0])
    programadas = programar(libro.filas("Plan de trabajo"), 2022)
    lunes = semanas(programadas)
    assert (lunes[0], len(lunes)) == (date(2022, 2, 28), 49)  # de marzo de 2022 a enero de 2023
    vencen = vencimientos(programadas, date(2022, 4, 25), 10)
    assert {(r, v) for r, v, _ in vencen} == {
        ("Equipo de la MCLCP , Voluntarios", date(2022, 4, 30)),
        ("Equipo MCLCP", date(2022, 4, 30)),
        ("MCLCP", date(2022, 4, 30)),
        ("grupos de trabajo por dimensiones", date(2022, 4, 30)),
    }


def test_plantilla_con_formato_condicional_del_gantt(tmp_path: Path) -> None:
    assert entrada("cronograma-pp").adornos["Gantt"] is adorno_gantt
    ruta = escribir_plantilla(CRONOGRAMA_PP, tmp_path / "c.xlsx")
    with zipfile.ZipFile(ruta) as z:
        libro = CalamineWorkbook.from_path(str(ruta))
        indice = libro.sheet_names.index("Gantt") + 1
        xml = z.read(f"xl/worksheets/sheet{indice}.xml").decode()
    assert xml.count("<cfRule") == 3
    assert 'sqref="F6:BM1005"' in xml and "TODAY()" in xml


def test_demo_del_cronograma(tmp_path: Path) -> None:
    archivos = demo_cronograma(tmp_path)
    assert [a.name for a in archivos] == [
        "cronograma_huayopata_original.xlsx",
        "cronograma_huayopata.xlsx",
        "cronograma_huayopata.ics",
    ]
    libro = CalamineWorkbook.from_path(str(archivos[1]))
    gantt = libro.get_sheet_by_name("Gantt").to_python()
    assert gantt[FILA_SEMANAS][COLUMNA_SEMANAS] == date(2024, 2, 26)
    vencimientos_ = libro.get_sheet_by_name("Vencimientos").to_python()
    assert vencimientos_[1][0].startswith("Del 11/03/2024 al 26/03/2024 (15 días)")
    assert archivos[2].read_bytes().count(b"BEGIN:VEVENT") == 25


def test_botones_por_el_motor_remoto(tmp_path: Path) -> None:
    filas = [
        _actividad("Preparación", "Aprobar el reglamento", "10 de marzo"),
        _actividad("Preparación", "Publicar el reglamento", "06 de marzo"),
    ]
    ruta = escribir_plantilla(
        CRONOGRAMA_PP,
        tmp_path / "c.xlsx",
        {"Datos": [_datos(fecha_referencia=date(2026, 3, 1))], "Cronograma": filas},
    )
    book = xw.Book(json=payload_desde_archivo(ruta))
    assert [(o.codigo, o.celda) for o in cronograma_pp.validar(book)] == [("CRO-006", "G7")]
    hojas = [s.name for s in book.sheets]
    escritas = {hojas[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert {"Observaciones", "_marcas_Cronograma"} <= escritas
    book = xw.Book(json=payload_desde_archivo(ruta))
    assert cronograma_pp.generar_resumen(book) == []
    escritas = {hojas[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert escritas == {"Cronograma", "Gantt", "Vencimientos", "Carga por responsable"}


def test_fechas_de_cada_actividad_de_huayopata(tmp_path: Path) -> None:
    calculado, escritura = calculo(importar_archivo(huayopata(tmp_path)[0]))
    marzo = {d: date(2024, 3, d) for d in range(1, 32)}
    esperado = [
        (7, 7, 7),
        (8, 11, 11),
        (9, 12, 12),
        (10, 11, 11),
        (11, 12, 12),
        (12, 11, 11),
        (13, 12, 12),
        (14, 15, 15),
        (15, 18, 18),
        (16, 18, 18),
        (17, 11, 11),
        (18, 13, 13),
        (19, 13, 13),
        (21, 13, 17),
        (22, 13, 13),
        (23, 15, 18),
        (25, 22, 22),
        (26, 22, 22),
        (28, 22, 22),
        (29, 29, 29),
        (30, 22, 22),
        (31, 22, 22),
        (33, None, None),
        (35, 22, 22),
        (36, 22, 22),
        (37, 27, 31),
    ]
    assert [(f.fila + 1, f.inicio, f.fin) for f in calculado.filas("Cronograma")] == [
        (r, marzo.get(i), marzo.get(f)) for r, i, f in esperado
    ]
    # El libro ajeno no tiene columnas Inicio y Fin: solo se escriben las hojas generadas.
    assert {b.hoja for b in escritura.operaciones if hasattr(b, "valores")} == {
        "Gantt",
        "Vencimientos",
        "Carga por responsable",
    }
