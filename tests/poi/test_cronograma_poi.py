"""Anexo 02 (formato cronograma-poi): fechas de la directiva por año, reglas CPO, la hoja del anexo, los
plazos que toma la evaluación trimestral, el calendario .ics y los botones."""

import json
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import hallazgos_de, hoja_de, mensaje_de
from test_evaluacion import fila, libro_evaluacion
from test_ics import _eventos
from typer.testing import CliRunner

from libro.cli import app
from libro.nucleo.contexto import Contexto
from libro.poi.anexo02.calculo import cierres_mensuales, filas_del_anio, meses_marcados, plazo_evaluacion
from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.procesos import validar_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from libro.trabajos import plantilla_del_anio, plazos_de_cronograma_poi
from macros_py import cronograma_poi

# Filas de la plantilla del año: 6 cuadro, 7 propuesta, 8 presupuesto, 9 aprobación, 10 a 13 evaluaciones
# (1.ª, 2.ª, 3.ª y anual), 14 seguimiento mensual, 15 evaluación del PDI. Columnas: D Desde, E Hasta.
PROPUESTA, APROBACION, PRIMERA, SEGUNDA, TERCERA, SEGUIMIENTO, PDI = 1, 3, 4, 5, 6, 8, 9


def anexo(tmp_path: Path, nombre: str = "anexo.xlsx", quitar: tuple[int, ...] = (), **cambios: dict) -> Path:
    """La plantilla de 2027 con cambios por fila («f4»: campos de la fila 4) y sin las filas `quitar`."""
    datos = filas_del_anio(2027)
    filas = datos["Cronograma POI"]
    for clave, campos in cambios.items():
        i = int(clave.removeprefix("f"))
        filas[i] = filas[i].model_copy(update=campos)
    datos["Cronograma POI"] = [f for i, f in enumerate(filas) if i not in quitar]
    return escribir_plantilla(CRONOGRAMA_POI, tmp_path / nombre, datos)


# ------------------------------------------------------------------ fechas de la directiva


def test_plazos_con_el_calendario_peruano() -> None:
    assert plazo_evaluacion(2027, 1) == date(2027, 4, 12)  # el 10/04 es sábado: lunes 12
    assert plazo_evaluacion(2027, 2) == date(2027, 7, 12)  # sábado 10/07
    assert plazo_evaluacion(2027, 3) == date(2027, 10, 11)  # domingo 10/10
    assert plazo_evaluacion(2027, 4) == date(2028, 1, 10)  # la anual, en enero siguiente
    assert plazo_evaluacion(2026, 1) == date(2026, 4, 10)  # viernes: no se mueve
    # Propuesta del POI 2030: el 30/03/2029 es Viernes Santo (feriado); vale el lunes 2 de abril.
    propuesta = filas_del_anio(2030)["Cronograma POI"][PROPUESTA]
    assert propuesta.hasta == date(2029, 4, 2)


def test_meses_marcados_y_cierres_mensuales() -> None:
    assert meses_marcados(date(2027, 4, 1), date(2027, 4, 12), 2027) == [m == 3 for m in range(13)]
    assert meses_marcados(date(2028, 1, 1), date(2028, 1, 10), 2027)[12]  # enero siguiente
    assert meses_marcados(date(2027, 5, 1), date(2027, 4, 1), 2027) == [False] * 13  # invertidas
    cierres = cierres_mensuales(date(2027, 1, 1), date(2027, 12, 31))
    assert len(cierres) == 12 and cierres[0] == date(2027, 1, 29)  # el 31/01/2027 es domingo


def test_plantilla_del_anio_sin_observaciones_y_con_el_anexo(tmp_path: Path) -> None:
    resultado = plantilla_del_anio(CRONOGRAMA_POI, 2027, tmp_path / "cpo.xlsx")
    assert resultado.estado == "ok" and resultado.observaciones == []
    hoja = hoja_de(tmp_path / "cpo.xlsx", "Anexo 02")
    textos = [f[1] for f in hoja]
    primera = hoja[textos.index("Primera evaluación de cumplimiento del POI")]
    assert primera[2] == date(2027, 4, 1) and primera[3] == date(2027, 4, 12)
    assert primera[5:] == ["", "", "", "→", *[""] * 9]  # abril
    anual = hoja[textos.index("Evaluación anual de cumplimiento del POI")]
    assert anual[5:] == [*[""] * 12, "→"]  # enero de 2028, la columna 13
    seguimiento = next(f for f in hoja if str(f[1]).startswith("Seguimiento mensual"))
    assert seguimiento[5:17] == ["→"] * 12
    assert any("Meses de 2026" in f for f in hoja) and any("Meses de 2027" in f for f in hoja)


def test_comando_plantilla_con_anio(tmp_path: Path) -> None:
    resultado = CliRunner().invoke(
        app, ["plantilla", "cronograma-poi", "--anio", "2027", "--salida", str(tmp_path)]
    )
    assert resultado.exit_code == 0, resultado.output
    assert validar_archivo(tmp_path / "cronograma-poi_2027.xlsx").observaciones == []
    otro = CliRunner().invoke(app, ["plantilla", "poi", "--anio", "2027", "--salida", str(tmp_path)])
    assert otro.exit_code == 2 and "cronograma-poi" in otro.output


# ------------------------------------------------------------------ reglas CPO


def test_plantilla_del_anio_pasa_todas_las_reglas(tmp_path: Path) -> None:
    assert hallazgos_de(anexo(tmp_path)) == []


@pytest.mark.parametrize(
    ("cambios", "esperado"),
    [
        ({f"f{PRIMERA}": {"desde": date(2027, 3, 31)}}, ("CPO-001", "D10")),
        ({f"f{PRIMERA}": {"hasta": date(2027, 7, 2)}}, ("CPO-002", "D11")),
        ({f"f{APROBACION}": {"hasta": date(2027, 1, 5)}}, ("CPO-003", "E9")),
        ({"f0": {"hasta": date(2026, 1, 1)}}, ("CPO-004", "E6")),
        ({f"f{TERCERA}": {"hasta": date(2027, 10, 20)}}, ("CPO-005", "E12")),
        ({f"f{PROPUESTA}": {"hasta": date(2026, 4, 15)}}, ("CPO-006", "E7")),
        ({"quitar": (SEGUNDA,)}, ("CPO-007", "")),
        ({f"f{PDI}": {"hito": "Cuadro de necesidades"}}, ("CPO-008", "B15")),
    ],
    ids=["CPO-001", "CPO-002", "CPO-003", "CPO-004", "CPO-005", "CPO-006", "CPO-007", "CPO-008"],
)
def test_cada_regla_en_su_celda(tmp_path: Path, cambios: dict, esperado: tuple[str, str]) -> None:
    hallazgos = hallazgos_de(anexo(tmp_path, **cambios))
    assert esperado in hallazgos
    codigo = esperado[0]
    assert [h for h in hallazgos if h[0] == codigo] == [esperado]


def test_mensajes_dicen_que_corregir(tmp_path: Path) -> None:
    ruta = anexo(tmp_path, **{f"f{PRIMERA}": {"desde": date(2027, 3, 31)}})
    mensaje = mensaje_de(ruta, "CPO-001")
    assert "celda D10" in mensaje and "31/03/2027" in mensaje and "desde el 01/04/2027" in mensaje
    ruta = anexo(tmp_path, "a2.xlsx", **{f"f{APROBACION}": {"hasta": date(2027, 1, 5)}})
    assert "antes del 01/01/2027" in mensaje_de(ruta, "CPO-003")
    ruta = anexo(tmp_path, "a3.xlsx", quitar=(SEGUNDA,))
    assert "«2.ª evaluación»" in mensaje_de(ruta, "CPO-007")


# ------------------------------------------------------------------ plazos para la evaluación trimestral


def test_la_evaluacion_toma_su_plazo_del_anexo(tmp_path: Path) -> None:
    ruta = libro_evaluacion(tmp_path, [fila()], trimestre=1, fecha_presentacion=date(2027, 4, 12))
    assert [o.codigo for o in validar_archivo(ruta).observaciones] == ["EVA-004"]  # 10 días: vencía el 10
    plazos = plazos_de_cronograma_poi(anexo(tmp_path))
    assert plazos[(2027, 1)] == date(2027, 4, 12)
    assert validar_archivo(ruta, Contexto(plazos_evaluacion=plazos)).observaciones == []
    movido = plazos_de_cronograma_poi(
        anexo(tmp_path, nombre="m.xlsx", **{f"f{PRIMERA}": {"hasta": date(2027, 4, 9)}})
    )
    (tarde,) = validar_archivo(ruta, Contexto(plazos_evaluacion=movido)).observaciones
    assert tarde.codigo == "EVA-004" and "vencía el 09/04/2027 (según el cronograma" in tarde.mensaje
    otro_anio = libro_evaluacion(
        tmp_path, [fila()], "e28.xlsx", anio_fiscal=2028, trimestre=1, fecha_presentacion=date(2028, 4, 12)
    )
    assert [
        o.codigo for o in validar_archivo(otro_anio, Contexto(plazos_evaluacion=plazos)).observaciones
    ] == [
        "EVA-004"  # el anexo es del POI 2027: para 2028 rige la directiva
    ]


def test_validar_con_cronograma_poi(tmp_path: Path) -> None:
    ruta = libro_evaluacion(tmp_path, [fila()], trimestre=1, fecha_presentacion=date(2027, 4, 12))
    informe = tmp_path / "v.json"
    comando = ["validar", str(ruta), "--json", str(informe), "--cronograma-poi", str(anexo(tmp_path))]
    resultado = CliRunner().invoke(app, comando)
    assert resultado.exit_code == 0, resultado.output
    assert json.loads(informe.read_text())["archivos"][0]["observaciones"] == []
    sin_anexo = CliRunner().invoke(app, ["validar", str(ruta)])
    assert "EVA-004" in sin_anexo.output
    malo = CliRunner().invoke(app, ["validar", str(ruta), "--cronograma-poi", str(ruta)])
    assert malo.exit_code == 2 and "no tiene la hoja «Cronograma POI»" in " ".join(malo.output.split())


# ------------------------------------------------------------------ calendario y botones


def test_calendario_del_anexo(tmp_path: Path) -> None:
    destino = tmp_path / "anexo.ics"
    resultado = CliRunner().invoke(app, ["calendario", str(anexo(tmp_path)), "--salida", str(destino)])
    assert resultado.exit_code == 0, resultado.output
    eventos = {e["SUMMARY"]: e for e in _eventos(destino.read_bytes().decode("utf-8"))}
    assert len(eventos) == 10
    primera = eventos["Primera evaluación de cumplimiento del POI"]
    assert (primera["DTSTART;VALUE=DATE"], primera["DTEND;VALUE=DATE"]) == ("20270401", "20270413")
    assert primera["CATEGORIES"] == "Evaluación y seguimiento"
    seguimiento = eventos["Seguimiento mensual a las acciones estratégicas del PDI"]
    assert seguimiento["DTSTART;VALUE=DATE"] == "20270129"
    assert len(seguimiento["RDATE;VALUE=DATE"].split(",")) == 11
    otra_vez = tmp_path / "otra.ics"
    movido = anexo(tmp_path, nombre="m.xlsx", **{f"f{PRIMERA}": {"hasta": date(2027, 4, 9)}})
    CliRunner().invoke(app, ["calendario", str(movido), "--salida", str(otra_vez)])
    uid = {e["SUMMARY"]: e["UID"] for e in _eventos(otra_vez.read_bytes().decode("utf-8"))}
    assert uid["Primera evaluación de cumplimiento del POI"] == primera["UID"]  # mover la fecha no duplica


def test_botones(tmp_path: Path) -> None:
    ruta = anexo(tmp_path, **{f"f{PRIMERA}": {"desde": date(2027, 3, 31)}})
    book = xw.Book(json=payload_desde_archivo(ruta))
    assert [(o.codigo, o.celda) for o in cronograma_poi.validar(book)] == [("CPO-001", "D10")]
    book = xw.Book(json=payload_desde_archivo(ruta))
    cronograma_poi.generar_anexo(book)
    nombres = [s.name for s in book.sheets]
    escritas = {nombres[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert "Anexo 02" in escritas and "Cronograma POI" not in escritas
