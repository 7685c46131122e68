"""Calendario iCalendar (RFC 5545) de los plazos del cronograma."""

import functools
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from libro.cronograma.ics import calendario, escribir_ics
from libro.cronograma.importar import importar_archivo
from libro.demo.cronograma import huayopata, mclcp
from libro.nucleo.lector import LibroLeido

MARCA = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def _desplegar(texto: str) -> list[str]:
    """Deshace el plegado (RFC 5545, 3.1): CRLF seguido de un espacio une las líneas."""
    assert texto.endswith("\r\n")
    return texto.replace("\r\n ", "").split("\r\n")[:-1]


def _eventos(texto: str) -> list[dict[str, str]]:
    eventos, actual = [], None
    for linea in _desplegar(texto):
        if linea == "BEGIN:VEVENT":
            actual = {}
        elif linea == "END:VEVENT":
            eventos.append(actual)
            actual = None
        elif actual is not None:
            nombre, _, valor = linea.partition(":")
            actual[nombre] = valor
    return eventos


def test_calendario_de_huayopata(tmp_path: Path) -> None:
    libro = importar_archivo(huayopata(tmp_path)[0])
    texto, fuera = calendario(libro, MARCA)
    assert [p.fila.plazo for p in fuera] == ["GOBIERNO REGIONAL"]
    crudo = texto.encode("utf-8")
    assert b"\n" not in crudo.replace(b"\r\n", b"")
    assert all(len(linea) <= 75 for linea in crudo.split(b"\r\n"))
    lineas = _desplegar(texto)
    assert lineas[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//libro//Cronograma del Presupuesto Participativo//ES",
    ]
    assert lineas[-1] == "END:VCALENDAR"
    eventos = _eventos(texto)
    assert len(eventos) == 25
    assert len({e["UID"] for e in eventos}) == 25
    assert {e["DTSTAMP"] for e in eventos} == {"20240301T120000Z"}
    por_resumen = {e["SUMMARY"]: e for e in eventos}
    ordenanza = por_resumen["Ordenanza Municipal y Reglamento del Presupuesto Participativo"]
    assert (ordenanza["DTSTART;VALUE=DATE"], ordenanza["DTEND;VALUE=DATE"]) == ("20240307", "20240308")
    assert ordenanza["CATEGORIES"] == "Preparación"
    assert "Responsable: Gerencia de Planeamiento\\, Presupuesto y Modernización" in ordenanza["DESCRIPTION"]
    assert "\\nPlazo escrito: 07 DE MARZO" in ordenanza["DESCRIPTION"]
    # días seguidos: un solo evento del 13 al 17 (DTEND es el día siguiente al último)
    difusion = por_resumen["Convocatoria y difusión pública del Presupuesto Participativo AF-2024"]
    assert (difusion["DTSTART;VALUE=DATE"], difusion["DTEND;VALUE=DATE"]) == ("20240313", "20240318")
    assert "RDATE;VALUE=DATE" not in difusion
    # días sueltos: el 15 y se repite el 18
    inscripcion = por_resumen["Inscripción de Instituciones de la Sociedad Civil."]
    assert (inscripcion["DTSTART;VALUE=DATE"], inscripcion["DTEND;VALUE=DATE"]) == ("20240315", "20240316")
    assert inscripcion["RDATE;VALUE=DATE"] == "20240318"
    acta = next(e for r, e in por_resumen.items() if r.startswith("El Acta de acuerdos"))
    assert (acta["DTSTART;VALUE=DATE"], acta["DTEND;VALUE=DATE"]) == ("20240327", "20240401")


def test_uid_estable_aunque_cambien_las_filas(tmp_path: Path) -> None:
    libro = importar_archivo(huayopata(tmp_path)[0])
    uids = {e["SUMMARY"]: e["UID"] for e in _eventos(calendario(libro, MARCA)[0])}
    (lectura,) = libro.hojas.values()
    movidas = libro.con_filas(
        "Cronograma", [f.model_copy(update={"fila": f.fila + 3}) for f in reversed(lectura.filas)]
    )
    otra_vez = {
        e["SUMMARY"]: e["UID"] for e in _eventos(calendario(movidas, datetime(2025, 1, 1, tzinfo=UTC))[0])
    }
    assert otra_vez == uids
    # Dos actividades iguales con el mismo plazo no comparten UID.
    repetidas = libro.con_filas(
        "Cronograma", [*lectura.filas, lectura.filas[0].model_copy(update={"fila": 99})]
    )
    eventos = _eventos(calendario(repetidas, MARCA)[0])
    assert len({e["UID"] for e in eventos}) == len(eventos) == 26


def test_plan_de_trabajo_por_meses(tmp_path: Path) -> None:
    destino = tmp_path / "cal" / "plan.ics"
    fuera = escribir_ics(importar_archivo(mclcp(tmp_path)[0]), destino, MARCA)
    assert fuera == []
    eventos = _eventos(destino.read_bytes().decode("utf-8"))
    assert len(eventos) == 18
    periodos = [(e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in eventos]
    assert periodos[0] == ("20220301", "20220501")  # «Marzo - Abril»
    assert periodos[4] == ("20220401", "20220501")  # «Abril»
    assert periodos[8] == ("20220401", "20220801")  # «Abril-Mayo-Junio-Julio»
    assert periodos[-1] == ("20230101", "20230201")  # «ene-23»
    assert eventos[0]["CATEGORIES"] == "CONSTRUCCION DE INFORMACION PRELIMINAR"
    assert list(destino.parent.iterdir()) == [destino]


@functools.cache
def _libro_huayopata() -> LibroLeido:
    return importar_archivo(huayopata(Path(tempfile.mkdtemp()))[0])


def _con_actividad(texto: str) -> str:
    """El calendario de Huayopata con la primera actividad renombrada a `texto`."""
    libro = _libro_huayopata()
    (lectura,) = libro.hojas.values()
    primera = lectura.filas[0].model_copy(update={"actividad": texto})
    return calendario(libro.con_filas("Cronograma", [primera, *lectura.filas[1:]]), MARCA)[0]


def test_escapar() -> None:
    eventos = _eventos(_con_actividad("a, b; c\\d\ne"))
    assert eventos[0]["SUMMARY"] == "a\\, b\\; c\\\\d\\ne"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400))
def test_plegar_no_pasa_de_75_octetos_y_se_deshace(texto: str) -> None:
    crudo = _con_actividad(texto).encode("utf-8")
    assert all(len(trozo) <= 75 for trozo in crudo.split(b"\r\n"))
    linea = "SUMMARY:" + texto.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert linea in _desplegar(crudo.decode("utf-8"))


def test_comando_calendario(tmp_path: Path) -> None:
    import typer

    from libro.cli.cronograma import calendario as comando

    app = typer.Typer()
    app.command()(comando)
    app.command("otro")(lambda: None)
    ruta = huayopata(tmp_path)[0]
    destino = tmp_path / "h.ics"
    resultado = CliRunner().invoke(app, ["calendario", str(ruta), "--salida", str(destino), "--anio", "2025"])
    assert resultado.exit_code == 0, resultado.output
    texto = " ".join(resultado.output.split())
    assert "25 de 26 actividad(es) en el calendario" in texto
    assert "Fila 33 sin fecha" in texto
    assert "DTSTART;VALUE=DATE:20250307" in destino.read_text(encoding="utf-8")
