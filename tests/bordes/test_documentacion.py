"""La documentación no se queda atrás: cada comando en el README, cada código en docs/reglas.md."""

import re
from pathlib import Path

import typer

from libro.cli import app
from validadores import CATALOGO

RAIZ = Path(__file__).parents[2]


def _comandos(aplicacion: typer.Typer, prefijo: str = "") -> list[str]:
    nombres = [
        prefijo + (c.name or c.callback.__name__).replace("_", "-") for c in aplicacion.registered_commands
    ]
    for grupo in aplicacion.registered_groups:
        nombres += _comandos(grupo.typer_instance, prefijo + grupo.name + " ")
    return nombres


def test_cada_comando_en_el_readme() -> None:
    readme = (RAIZ / "README.md").read_text()
    faltan = [c for c in _comandos(app) if f"libro {c}" not in readme]
    assert not faltan, f"comandos sin línea en el README: {faltan}"


def test_readme_empieza_con_demo_y_test() -> None:
    inicio = (RAIZ / "README.md").read_text()[:300]
    assert "make demo" in inicio and "make test" in inicio


def test_cada_codigo_documentado_y_con_mensaje() -> None:
    reglas = (RAIZ / "docs" / "reglas.md").read_text()
    for codigo, definicion in CATALOGO.items():
        assert re.fullmatch(r"[A-Z]{3}-\d{3}", codigo)
        assert definicion.titulo and definicion.plantilla
        assert f"| {codigo} |" in reglas, (
            f"{codigo} falta en docs/reglas.md: ejecute «libro reglas --markdown»"
        )


def test_cada_codigo_usado_esta_en_el_catalogo() -> None:
    usados = set()
    for archivo in [*(RAIZ / "validadores").glob("*.py"), *(RAIZ / "libro").rglob("*.py")]:
        usados |= set(re.findall(r'obs\(\s*"([A-Z]{3}-\d{3})"', archivo.read_text()))
    assert usados <= set(CATALOGO), f"códigos sin definición: {usados - set(CATALOGO)}"
