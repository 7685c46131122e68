"""`libro exportar pabulib`: el .pb se relee con pabutools y la comparación va en una copia nueva."""

import sys
from pathlib import Path

import pytest
from pabutools.election import parse_pabulib
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from libro.cli.pp import app
from libro.demo.pp import datos_proyectos, demo_pp
from libro.pp.proyectos.exportar import ExportacionImposible
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.salida.plantilla import escribir_plantilla
from libro.trabajos import exportar_pabulib_archivo

runner = CliRunner()


def _texto(resultado) -> str:
    """La salida sin los saltos de línea que rich agrega al ancho de la terminal."""
    return " ".join(resultado.output.split())


@pytest.fixture
def proyectos(tmp_path: Path) -> Path:
    return escribir_plantilla(PROYECTOS_PP, tmp_path / "proyectos.xlsx", datos_proyectos())


def test_exporta_y_pabutools_lo_lee(proyectos: Path, tmp_path: Path) -> None:
    salida = tmp_path / "pp.pb"
    resultado = runner.invoke(app, ["pabulib", str(proyectos), "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    assert "1 aprobación(es) a propuestas no viables" in _texto(resultado)  # PP-07 no es viable
    instancia, perfil = parse_pabulib(str(salida))
    assert instancia.budget_limit == 2_000_000
    assert sorted(p.name for p in instancia) == [
        "PP-01",
        "PP-02",
        "PP-03",
        "PP-04",
        "PP-05",
        "PP-06",
        "PP-08",
    ]
    assert {p.name: p.cost for p in instancia}["PP-06"] == 380_000
    assert len(perfil) == 12
    assert instancia.meta["currency"] == "PEN" and instancia.meta["num_votes"] == "12"
    seleccionados = {p.name: instancia.project_meta[p]["selected"] for p in instancia}
    assert {n for n, s in seleccionados.items() if s == "1"} == {"PP-01", "PP-02", "PP-03", "PP-04", "PP-08"}


def test_comparacion_en_una_copia_nueva(proyectos: Path, tmp_path: Path) -> None:
    antes = proyectos.read_bytes()
    comparacion = tmp_path / "comparacion.xlsx"
    resultado = runner.invoke(
        app,
        ["pabulib", str(proyectos), "--salida", str(tmp_path / "pp.pb"), "--comparacion", str(comparacion)],
    )
    assert resultado.exit_code == 0, resultado.output
    assert proyectos.read_bytes() == antes
    libro = CalamineWorkbook.from_path(str(comparacion))
    assert "Fichas" in libro.sheet_names and "Comparación de reglas" in libro.sheet_names
    hoja = libro.get_sheet_by_name("Comparación de reglas").to_python()
    encabezado = next(i for i, f in enumerate(hoja) if f[0] == "Código")
    assert hoja[encabezado] == [
        "Código",
        "Propuesta",
        "Costo (S/)",
        "Aprobaciones",
        "Puntaje técnico",
        "Voraz (greedy)",
        "Partes iguales (MES)",
    ]
    filas = {f[0]: f for f in hoja[encabezado + 1 : encabezado + 8]}
    assert list(filas) == ["PP-01", "PP-02", "PP-03", "PP-04", "PP-05", "PP-06", "PP-08"]
    assert filas["PP-01"][3] == 5 and filas["PP-01"][4] == 1  # más aprobado y primero por puntaje
    assert filas["PP-05"][4] == ""  # sin presupuesto por puntaje
    gasto = next(f for f in hoja if f[1] == "Gasto (S/)")
    assert gasto[4] == 1_970_000.0
    assert all(0 < g <= 2_000_000 for g in gasto[4:7])


def _falla(*_args, **_kwargs):
    raise RuntimeError("gmpy2: división inválida")


@pytest.mark.parametrize(
    ("simular", "mensaje"),
    [
        (lambda mp: mp.setattr("pabutools.rules.method_of_equal_shares", _falla),
         "pabutools no pudo comparar las reglas (RuntimeError: gmpy2: división inválida)"),
        (lambda mp: mp.setitem(sys.modules, "pabutools.rules", None),
         "falta la biblioteca pabutools"),
    ],
    ids=["falla", "no instalada"],
)
def test_si_pabutools_falla_avisa_en_espanol_y_no_escribe_nada(proyectos, tmp_path, monkeypatch, simular,
                                                                mensaje) -> None:
    """En el proceso de la prueba (el comando exporta en un trabajador, donde no llega `monkeypatch`)."""
    simular(monkeypatch)
    salida, comparacion = tmp_path / "pp.pb", tmp_path / "comparacion.xlsx"
    with pytest.raises(ExportacionImposible) as error:
        exportar_pabulib_archivo(proyectos, salida, comparacion)
    assert str(error.value).startswith(f"no se pudo exportar «proyectos.xlsx»: {mensaje}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proyectos.xlsx"]  # ni salidas ni temporales


def test_sin_votos_no_exporta(tmp_path: Path) -> None:
    datos = datos_proyectos()
    datos["Votos"] = []
    ruta = escribir_plantilla(PROYECTOS_PP, tmp_path / "sin_votos.xlsx", datos)
    salida = tmp_path / "pp.pb"
    resultado = runner.invoke(app, ["pabulib", str(ruta), "--salida", str(salida)])
    assert resultado.exit_code == 2
    assert "«Votos» no tiene votos" in _texto(resultado)
    assert not salida.exists()


def test_la_salida_no_puede_ser_la_entrada(proyectos: Path) -> None:
    antes = proyectos.read_bytes()
    resultado = runner.invoke(app, ["pabulib", str(proyectos), "--salida", str(proyectos)])
    assert resultado.exit_code == 2 and "distinto de la entrada" in _texto(resultado)
    assert proyectos.read_bytes() == antes


def test_archivo_inexistente(tmp_path: Path) -> None:
    resultado = runner.invoke(app, ["pabulib", str(tmp_path / "no.xlsx"), "--salida", str(tmp_path / "x.pb")])
    assert resultado.exit_code == 2 and "no existe" in _texto(resultado)


def test_demo_completa(tmp_path: Path) -> None:
    archivos = demo_pp(tmp_path / "demo")
    assert all(a.exists() for a in archivos)
    nombres = {a.name for a in archivos}
    assert {"agentes_pp_2026.xlsx", "proyectos_pp_2026.xlsx", "proyectos_pp_2026.pb"} <= nombres
    acta = CalamineWorkbook.from_path(str(tmp_path / "demo" / "calculados" / "proyectos_pp_2026.xlsx"))
    assert any(f[1] == "PP-08" for f in acta.get_sheet_by_name("Acta").to_python())
