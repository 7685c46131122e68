"""Mide `libro consolidar` sobre N libros POI de M actividades (no es una prueba; imprime cifras).

    .venv/bin/python bench/bench_consolidar.py                  # 100 unidades × 300 actividades
    .venv/bin/python bench/bench_consolidar.py -n 20 -a 50 --procesos 1

Corre, como procesos aparte y en la misma corrida, el comando entero (`python -m libro.cli
consolidar`) y la base de comparación: leer las mismas hojas de los mismos archivos con
python-calamine, sin hacer nada más, con el mismo número de procesos. De cada uno imprime el tiempo
de reloj y de CPU (medianas; la CPU, con la de todos sus descendientes, también los trabajadores de
libro) y la memoria máxima del árbol de procesos (padre + hijos: suma de su RSS leída de /proc cada
50 ms), junto a las metas: ≤ 4 s y ≤ 300 MB para 100 unidades × 300 actividades, y la carga de la
máquina (en una máquina compartida, el reloj depende de lo que corra a la vez).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ))

from arbol import adoptar_descendientes, descendientes, esperar_huerfanos  # noqa: E402

from libro.demo.poi import unidad  # noqa: E402
from libro.poi.formato import POI  # noqa: E402
from libro.salida.plantilla import escribir_plantilla  # noqa: E402

META_SEGUNDOS = 4.0
META_MIB = 300
PAGINA = os.sysconf("SC_PAGE_SIZE")
BASE = """
import sys
from multiprocessing import Pool
from pathlib import Path
from python_calamine import CalamineWorkbook

def leer(ruta):
    libro = CalamineWorkbook.from_path(ruta)
    return sum(len(libro.get_sheet_by_name(n).to_python()) for n in libro.sheet_names)

archivos = sorted(str(p) for p in Path(sys.argv[1]).glob("*.xlsx"))
procesos = int(sys.argv[2])
if procesos == 1:
    filas = sum(map(leer, archivos))
else:
    with Pool(procesos) as grupo:
        filas = sum(grupo.map(leer, archivos, chunksize=1))
print(filas)
"""


def rss_arbol(raiz: int) -> int:
    """Suma del RSS (bytes) del proceso `raiz` y de todos sus descendientes."""
    total = 0
    for pid in descendientes(raiz):
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGINA
        except OSError:
            continue
    return total


def _cpu_hijos() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def medir(comando: list[str]) -> tuple[float, float, float]:
    """(segundos de reloj, segundos de CPU, MiB máximos) del árbol de procesos de un comando."""
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    cpu = _cpu_hijos()
    inicio = time.perf_counter()
    proceso = subprocess.Popen(comando, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=entorno)
    maximo = 0

    def muestrear() -> None:
        nonlocal maximo
        while proceso.poll() is None:
            maximo = max(maximo, rss_arbol(proceso.pid))
            time.sleep(0.05)

    hilo = threading.Thread(target=muestrear)
    hilo.start()
    _, error = proceso.communicate()
    segundos = time.perf_counter() - inicio
    hilo.join()
    esperar_huerfanos()
    if proceso.returncode != 0:
        raise SystemExit(f"{' '.join(comando)} terminó con {proceso.returncode}:\n{error.decode()}")
    return segundos, _cpu_hijos() - cpu, maximo / 1024**2


def generar(carpeta: Path, unidades: int, actividades: int) -> None:
    for i in range(unidades):
        codigo = f"UO-{i + 1:03d}"
        datos = unidad(codigo, f"Unidad orgánica {i + 1}", actividades=actividades, semilla=i)
        escribir_plantilla(POI, carpeta / f"poi_{codigo}.xlsx", datos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--unidades", type=int, default=100)
    parser.add_argument("-a", "--actividades", type=int, default=300)
    parser.add_argument("--procesos", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--carpeta", type=Path, help="carpeta de libros a reutilizar (se crea si no existe)")
    args = parser.parse_args()
    adoptar_descendientes()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench_consolidar_") as tmp:
        carpeta = args.carpeta or Path(tmp) / "recibidos"
        inicio = time.perf_counter()
        if not carpeta.is_dir():
            generar(carpeta, args.unidades, args.actividades)
        tamano = sum(p.stat().st_size for p in carpeta.iterdir()) / 1024**2
        print(
            f"{args.unidades} libros POI × {args.actividades} actividades ({tamano:.1f} MiB), listos en"
            f" {time.perf_counter() - inicio:.1f} s; {args.procesos} procesos, mediana de {args.repeticiones}"
        )
        salida = Path(tmp) / "consolidado.xlsx"
        libro = [python, "-c", "from libro.cli import main; main()", "consolidar", str(carpeta)]
        libro += ["--salida", str(salida)]
        libro += ["--procesos", str(args.procesos)]
        base = [python, "-c", BASE, str(carpeta), str(args.procesos)]
        medidas = {"libro consolidar": [], "calamine (solo leer)": []}
        for _ in range(args.repeticiones):
            medidas["libro consolidar"].append(medir(libro))
            medidas["calamine (solo leer)"].append(medir(base))
        (t_libro, c_libro, m_libro), (t_base, c_base, m_base) = (
            (
                statistics.median(s for s, _, _ in v),
                statistics.median(c for _, c, _ in v),
                max(m for *_, m in v),
            )
            for v in medidas.values()
        )
        print(f"{'':24}{'reloj':>9}{'CPU':>9}{'memoria (árbol)':>18}")
        print(f"{'libro consolidar':24}{t_libro:>8.2f}s{c_libro:>8.2f}s{m_libro:>14.0f} MiB")
        print(f"{'calamine (solo leer)':24}{t_base:>8.2f}s{c_base:>8.2f}s{m_base:>14.0f} MiB")
        razones = f"{t_libro / t_base:>8.2f}×{c_libro / c_base:>8.2f}×{m_libro / m_base:>15.2f}×"
        print(f"{'razón libro / calamine':24}{razones}")
        print(f"{'meta (100 × 300)':24}{META_SEGUNDOS:>8.2f}s{'':>9}{META_MIB:>14.0f} MiB")
        print(f"carga de la máquina (1 min): {os.getloadavg()[0]:.1f} en {os.cpu_count()} núcleos")
        print(f"consolidado: {salida.stat().st_size / 1024**2:.1f} MiB")


if __name__ == "__main__":
    main()
