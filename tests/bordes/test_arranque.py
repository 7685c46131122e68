"""Arranque de `libro`: cada comando carga solo lo que usa (los tiempos están en bench/bench_arranque.py)."""

import json
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
CARGADOS = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
    "from libro.cli import main; sys.argv[0] = 'libro'; main()"
)


def _libro(*argumentos: str) -> tuple[str, set[str]]:
    """Salida de `libro ARGUMENTOS` en un proceso nuevo y los módulos que cargó."""
    hecho = subprocess.run(
        [sys.executable, "-c", CARGADOS, *argumentos], cwd=RAIZ, capture_output=True, text=True, check=False
    )
    return hecho.stdout, set(json.loads(hecho.stderr.strip().splitlines()[-1]))


def test_ayuda_en_espanol_sin_markdown_ni_formatos() -> None:
    salida, cargados = _libro("--help")
    assert "Opciones" in salida and "Comandos" in salida and "validar" in salida
    assert not {"markdown_it", "pygments", "holidays", "pydantic", "libro.registro"} & cargados


def test_validar_no_carga_lo_que_no_usa(tmp_path: Path) -> None:
    notas = tmp_path / "notas.txt"
    notas.write_text("no es un libro")
    salida, cargados = _libro("validar", str(notas))
    assert "omitido" in salida
    assert not {"markdown_it", "pygments", "holidays", "xlsxwriter", "lxml", "openpyxl"} & cargados


def test_rich_markdown_sigue_funcionando_tras_la_ayuda() -> None:
    codigo = (
        "import sys; from libro.cli import main; sys.argv = ['libro', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from rich.markdown import Heading, Markdown\nfrom rich.traceback import Traceback\n"
        "print(type(Markdown('# hola')).__module__, Heading.__module__, Traceback.from_exception.__name__)"
    )
    hecho = subprocess.run(
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True
    )
    assert hecho.stdout.split()[-3:] == ["rich.markdown", "rich.markdown", "from_exception"]
