"""Arranque en frío de `libro` frente a `python -c "import python_calamine"` (procesos enteros).

Uso: `make bench` o `python bench/bench_arranque.py [--veces 9]`. Imprime medianas; no es una prueba.
Meta: `libro --help` en ≤ 150 ms. También dice qué módulos pesados carga cada comando al arrancar.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
LIBRO = "import sys; from libro.cli import main; sys.argv[0] = 'libro'; main()"
PESADOS = ("markdown_it", "holidays", "xlsxwriter", "openpyxl", "pandas", "xlwings", "pydantic",
           "python_calamine", "libro.registro", "libro.poi.formato", "validadores")
"""Módulos cuya carga se informa: lo que un comando no usa no debería cargarse al arrancar."""
CARGADOS = (
    "import atexit, json, sys; atexit.register(lambda: print(json.dumps("
    f"[m for m in {PESADOS!r} if m in sys.modules]), file=sys.stderr)); "
)


def _proceso(argumentos: list[str], entorno_python: str = "") -> list[str]:
    return [sys.executable, "-c", entorno_python + (LIBRO if argumentos else "import python_calamine"),
            *argumentos]


def _mediana_ms(orden: list[str], veces: int) -> float:
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        subprocess.run(orden, cwd=RAIZ, capture_output=True, check=False)
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos) * 1000


def _cargados(argumentos: list[str]) -> list[str]:
    hecho = subprocess.run(_proceso(argumentos, CARGADOS), cwd=RAIZ, capture_output=True, text=True)
    return json.loads(hecho.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veces", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vacio = Path(tmp) / "notas.txt"
        vacio.write_text("no es un libro")
        casos = {
            'python -c "import python_calamine"': [],
            "libro --help": ["--help"],
            "libro validar --help": ["validar", "--help"],
            "libro validar notas.txt": ["validar", str(vacio)],
        }
        _mediana_ms(_proceso(["--help"]), 2)  # calienta el caché de disco y los .pyc
        base = None
        print(f"Arranque en frío, mediana de {args.veces} procesos (meta: libro --help ≤ 150 ms)")
        for nombre, argumentos in casos.items():
            ms = _mediana_ms(_proceso(argumentos), args.veces)
            base = base or ms
            cargados = ", ".join(_cargados(argumentos)) if argumentos else ""
            print(f"   {nombre:<36}{ms:7.0f} ms  {ms / base:5.2f} ×   {cargados}")


if __name__ == "__main__":
    main()
