"""Benchmark del corpus hostil. Imprime cifras; no es una prueba.

Escribe el corpus de `tests/hostiles.py` (bombas, celda lejana, un millón de filas, 5.000 hojas, tubería,
enlaces rotos y en bucle, cifrado, CSV, .xls antiguo…) mezclado con POI válidos, corre
`python -m libro.cli validar carpeta --json` como lo haría un usuario y mide el tiempo de reloj y el
pico de memoria del árbol de procesos (principal, servidor y trabajadores), sumando cada ~50 ms lo
que dice /proc de cada uno: RSS (cota superior: cuenta dos veces lo compartido) y PSS.

Metas: ≤ 60 s y ≤ 1,5 GiB.

Uso: `python bench/bench_hostiles.py [--validos 40] [--actividades 300] [--procesos N]`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RAIZ), str(RAIZ / "tests")]

import hostiles  # noqa: E402
from arbol import descendientes  # noqa: E402

GIB = 1024**3
META_SEGUNDOS = 60
META_MEMORIA = 1.5 * GIB


def _memoria(pid: int) -> tuple[int, int]:
    """(RSS, PSS) en bytes; ceros si el proceso ya terminó."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as smaps:
            for linea in smaps:
                if linea.startswith("Rss:"):
                    rss = int(linea.split()[1]) * 1024
                elif linea.startswith("Pss:"):
                    pss = int(linea.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def medir(comando: list[str], entorno: dict[str, str], salida: Path) -> tuple[float, int, int, int]:
    """Corre el comando (su salida a `salida`); da segundos, picos de RSS y PSS del árbol y el código."""
    inicio = time.perf_counter()
    with open(salida, "w") as archivo:
        proceso = subprocess.Popen(comando, env=entorno, stdout=archivo, stderr=subprocess.STDOUT)
        pico_rss = pico_pss = 0
        while proceso.poll() is None:
            muestras = [_memoria(pid) for pid in descendientes(proceso.pid)]
            pico_rss = max(pico_rss, sum(m[0] for m in muestras))
            pico_pss = max(pico_pss, sum(m[1] for m in muestras))
            time.sleep(0.05)
    return time.perf_counter() - inicio, pico_rss, pico_pss, proceso.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--validos", type=int, default=40, help="POI válidos extra en la carpeta.")
    parser.add_argument("--actividades", type=int, default=300)
    parser.add_argument("--procesos", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp) / "recibidos"
        carpeta.mkdir()
        inicio = time.perf_counter()
        casos = hostiles.corpus(carpeta)
        modelo = hostiles.poi(Path(tmp) / "modelo.xlsx", actividades=args.actividades, semilla=5)
        for i in range(args.validos):
            shutil.copyfile(modelo, carpeta / f"poi_unidad_{i:03d}.xlsx")
        generacion = time.perf_counter() - inicio
        peso = sum(p.stat().st_size for p in carpeta.iterdir() if p.is_file() and not p.is_symlink())
        print(
            f"Carpeta mixta: {len(casos)} casos del corpus + {args.validos} POI de {args.actividades} "
            f"actividades ({peso / 1024**2:.0f} MB en disco; generada en {generacion:.1f} s)"
        )
        informe = Path(tmp) / "informe.json"
        comando = [sys.executable, "-m", "libro.cli", "validar", str(carpeta), "--json", str(informe)]
        if args.procesos:
            comando += ["--procesos", str(args.procesos)]
        entorno = {**os.environ, "PYTHONPATH": os.pathsep.join([str(RAIZ), os.environ.get("PYTHONPATH", "")])}
        salida = Path(tmp) / "salida.txt"
        segundos, rss, pss, codigo = medir(comando, entorno, salida)
        archivos = json.loads(informe.read_text())["archivos"]
        estados = dict(Counter(a["estado"] for a in archivos))
        traza = "Traceback" in salida.read_text()
        print(f"libro validar: código de salida {codigo}; {len(archivos)} rutas → {estados}")
        print(f"  tiempo de reloj: {segundos:.1f} s (meta ≤ {META_SEGUNDOS} s)")
        print(
            f"  pico de memoria del árbol de procesos: RSS {rss / GIB:.2f} GiB, PSS {pss / GIB:.2f} GiB "
            f"(meta ≤ {META_MEMORIA / GIB:.1f} GiB)"
        )
        print(f"  trazas en la salida: {'sí' if traza else 'no'}")


if __name__ == "__main__":
    main()
