"""Rendición de cuentas del PP (formato rendicion-pp): generada desde el libro de proyectos del año anterior,
reglas REN, resumen con gráfico por eje, informe para el taller, comando y botones."""

import zipfile
from pathlib import Path

import pytest
import xlwings as xw
from conftest import filas_con, hallazgos_de, hoja_de
from typer.testing import CliRunner

from libro.cli import app
from libro.demo.directivas import COMPROMISOS, EJECUCION
from libro.demo.pp import datos_proyectos
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.pp.rendicion.formato import RENDICION_PP, Compromiso, DatosRendicion
from libro.procesos import leer_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from libro.trabajos import ArchivoInadecuado, generar_rendicion, plantilla_calculada
from macros_py import rendicion_pp

# Ejecución: A código, B proyecto, C eje, D CUI, E priorizado, F ejecutado, G avance, H estado, I motivo,
# J reemplazo, K modificación. Filas 6 a 10: PP-01, PP-03, PP-02, PP-04, PP-08 (orden de prelación).


@pytest.fixture
def proyectos(tmp_path: Path) -> Path:
    return escribir_plantilla(PROYECTOS_PP, tmp_path / "proyectos_2026.xlsx", datos_proyectos())


def llenado(proyectos: Path, tmp_path: Path, **cambios) -> dict[str, list]:
    """La rendición generada y completada como en la demo; `cambios`: «PP-01»={campos} o «c2»={campos}."""
    generar_rendicion(proyectos, tmp_path / "generada.xlsx")
    libro, _ = leer_archivo(tmp_path / "generada.xlsx")
    campos = ("ejecutado", "avance_fisico", "estado", "motivo", "reemplazo", "modificacion")
    filas = [
        f.model_copy(update=dict(zip(campos, EJECUCION[f.codigo], strict=True)))
        for f in libro.filas("Ejecución")
    ]
    compromisos = [
        Compromiso(asumido_por=a, responsable=r, compromiso=c, cumplimiento=x, evidencia=e or "Acta")
        for a, r, c, x, e in COMPROMISOS
    ]
    for clave, cambio in cambios.items():
        if clave.startswith("c"):
            compromisos[int(clave[1:])] = compromisos[int(clave[1:])].model_copy(update=cambio)
        else:
            i = next(i for i, f in enumerate(filas) if f.codigo == clave.replace("_", "-"))
            filas[i] = filas[i].model_copy(update=cambio)
    return {
        "Proceso": [DatosRendicion(entidad="Municipalidad de prueba", anio_fiscal=2026)],
        "Ejecución": filas,
        "Compromisos": compromisos,
    }


# ------------------------------------------------------------------ generar


def test_generar_desde_el_libro_de_proyectos(proyectos: Path, tmp_path: Path) -> None:
    resultado = generar_rendicion(proyectos, tmp_path / "r.xlsx")
    filas = hoja_de(tmp_path / "r.xlsx", "Ejecución")[5:]
    assert [f[0] for f in filas] == ["PP-01", "PP-03", "PP-02", "PP-04", "PP-08"]
    assert filas[0][1:5] == [
        "Mejoramiento de pistas y veredas en la Av. Los Jardines",
        "Urbano",
        "2456789",
        850_000,
    ]
    assert {(o.codigo, o.celda) for o in resultado.observaciones} == {
        ("LIB-004", f"H{r}") for r in range(6, 11)
    }


def test_generar_con_un_reemplazo(tmp_path: Path) -> None:
    datos = datos_proyectos()
    datos["Parámetros"][0] = datos["Parámetros"][0].model_copy(
        update={"reemplazar": "PP-02", "motivo_reemplazo": "Terreno en litigio"}
    )
    ruta = escribir_plantilla(PROYECTOS_PP, tmp_path / "p.xlsx", datos)
    generar_rendicion(ruta, tmp_path / "r.xlsx")
    filas = {f[0]: f for f in hoja_de(tmp_path / "r.xlsx", "Ejecución")[5:]}
    assert filas["PP-02"][7:10] == ["Reemplazado", "Terreno en litigio", filas["PP-02"][9]]
    reemplazante = filas["PP-02"][9].split(" – ")[0]
    assert reemplazante in filas and filas[reemplazante][7] == ""


def test_comando_generar(proyectos: Path, tmp_path: Path) -> None:
    salida = tmp_path / "r.xlsx"
    ok = CliRunner().invoke(app, ["rendicion", "generar", str(proyectos), "--salida", str(salida)])
    assert ok.exit_code == 0, ok.output
    assert salida.exists() and "Generar informe" in ok.output
    falta = CliRunner().invoke(
        app, ["rendicion", "generar", str(tmp_path / "no.xlsx"), "--salida", str(salida)]
    )
    assert falta.exit_code == 2 and "no existe" in falta.output
    otro = CliRunner().invoke(
        app, ["rendicion", "generar", str(salida), "--salida", str(tmp_path / "x.xlsx")]
    )
    assert otro.exit_code == 2 and "no tiene la hoja «Fichas»" in " ".join(otro.output.split())
    with pytest.raises(ArchivoInadecuado, match="distinto"):
        generar_rendicion(proyectos, proyectos)


# ------------------------------------------------------------------ reglas REN


def test_completa_pasa_todas_las_reglas(proyectos: Path, tmp_path: Path) -> None:
    ruta = escribir_plantilla(RENDICION_PP, tmp_path / "r.xlsx", llenado(proyectos, tmp_path))
    assert hallazgos_de(ruta) == []  # PP-08 ejecutó más que lo priorizado, con documento de modificación


@pytest.mark.parametrize(
    ("cambios", "esperado"),
    [
        ({"PP_01": {"ejecutado": 900_000.0}}, ("REN-001", "F6")),
        ({"PP_08": {"modificacion": None}}, ("REN-001", "F10")),
        ({"PP_02": {"reemplazo": None}}, ("REN-002", "J8")),
        ({"PP_02": {"motivo": None}}, ("REN-003", "I8")),
        ({"PP_01": {"avance_fisico": 80.0}}, ("REN-004", "H6")),
        ({"PP_04": {"ejecutado": 1_000.0}}, ("REN-004", "H9")),
        ({"PP_03": {"avance_fisico": 100.0}}, ("REN-004", "H7")),
        ({"PP_01": {"avance_fisico": 120.0}}, ("REN-005", "G6")),
        ({"PP_01": {"cui": "12345"}}, ("REN-006", "D6")),
        ({"PP_03": {"codigo": "PP-01"}}, ("REN-007", "A7")),
        ({"PP_04": {"motivo": None}}, ("REN-008", "I9")),
        ({"c2": {"evidencia": None}}, ("REN-009", "E8")),
    ],
    ids=[
        "REN-001",
        "REN-001-doc",
        "REN-002",
        "REN-003",
        "REN-004-ejecutado",
        "REN-004-no-iniciado",
        "REN-004-en-ejecucion",
        "REN-005",
        "REN-006",
        "REN-007",
        "REN-008",
        "REN-009",
    ],
)
def test_cada_regla_en_su_celda(proyectos: Path, tmp_path: Path, cambios: dict, esperado: tuple) -> None:
    ruta = escribir_plantilla(RENDICION_PP, tmp_path / "r.xlsx", llenado(proyectos, tmp_path, **cambios))
    assert [h for h in hallazgos_de(ruta) if h[0] == esperado[0]] == [esperado]


# ------------------------------------------------------------------ hojas generadas


def test_resumen_informe_y_grafico(proyectos: Path, tmp_path: Path) -> None:
    ruta = tmp_path / "taller.xlsx"
    plantilla_calculada(RENDICION_PP, llenado(proyectos, tmp_path), ruta)
    resumen = hoja_de(ruta, "Resumen")
    assert resumen[4][:4] == ["Proyectos priorizados", 5, 1_970_000, 1_188_500]
    assert resumen[4][4] == pytest.approx(60.3)
    ejes = {f[0]: f for f in resumen[7:13]}
    assert list(ejes) == [
        "Ambiental",
        "Urbano",
        "Desarrollo económico",
        "Seguridad ciudadana",
        "Social",
        "Otros",
    ]
    assert ejes["Urbano"][1:5] == [1, 850_000, 850_000, 100]
    assert ejes["Desarrollo económico"][1:4] == [0, 0, 0]
    with zipfile.ZipFile(ruta) as z:
        grafico = next(z.read(n) for n in z.namelist() if n.startswith("xl/charts/chart")).decode()
    assert "Resumen!$A$8:$A$13" in grafico and "Resumen!$D$8:$D$13" in grafico  # las filas fijas por eje
    informe = hoja_de(ruta, "Informe del taller")
    assert filas_con(informe, "Reemplazado por PP-06 – Escaleras y")
    assert filas_con(informe, "No iniciado: Expediente técnico en")
    assert filas_con(informe, "Titular del pliego") and filas_con(
        informe, "Presidente(a) del Comité de Vigilancia"
    )
    total = next(f for f in informe if f[2] == "Total")
    assert total[4:8] == [1_970_000, 1_188_500, pytest.approx(60.3), pytest.approx(59.9, abs=0.05)]


def test_botones(proyectos: Path, tmp_path: Path) -> None:
    ruta = escribir_plantilla(
        RENDICION_PP, tmp_path / "r.xlsx", llenado(proyectos, tmp_path, PP_02={"motivo": None})
    )
    book = xw.Book(json=payload_desde_archivo(ruta))
    assert [(o.codigo, o.celda) for o in rendicion_pp.validar(book)] == [("REN-003", "I8")]
    book = xw.Book(json=payload_desde_archivo(ruta))
    rendicion_pp.generar_informe(book)
    nombres = [s.name for s in book.sheets]
    escritas = {nombres[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert {"Resumen", "Informe del taller", "Observaciones"} <= escritas and "Ejecución" not in escritas
