"""Mide `libro consolidar`: N libros POI de unidades con M actividades cada uno (no es una prueba).

    .venv/bin/python bench/bench_consolidar.py                 # 100 unidades × 300 actividades
    .venv/bin/python bench/bench_consolidar.py -n 20 -a 50 --procesos 1

Imprime el tiempo de generar los libros, el de consolidarlos y la memoria máxima (del proceso
principal y de los procesos hijos que leen los libros, según `resource.getrusage`).
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libro.demo.poi import unidad  # noqa: E402
from libro.poi.consolidacion.calculo import consolidar  # noqa: E402
from libro.poi.formato import POI  # noqa: E402
from libro.salida.plantilla import escribir_plantilla  # noqa: E402


def _mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss viene en KiB en Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--unidades", type=int, default=100)
    parser.add_argument("-a", "--actividades", type=int, default=300)
    parser.add_argument(
        "--procesos", type=int, default=None, help="procesos en paralelo (por defecto, todos)"
    )
    parser.add_argument("--trimestre", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_consolidar_") as tmp:
        carpeta = Path(tmp) / "recibidos"
        inicio = time.perf_counter()
        for i in range(args.unidades):
            codigo = f"UO-{i + 1:03d}"
            escribir_plantilla(
                POI,
                carpeta / f"poi_{codigo}.xlsx",
                unidad(codigo, f"Unidad orgánica {i + 1}", actividades=args.actividades, semilla=i),
            )
        generar = time.perf_counter() - inicio
        tamano = sum(p.stat().st_size for p in carpeta.iterdir())
        memoria_previa = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        salida = Path(tmp) / "consolidado.xlsx"
        inicio = time.perf_counter()
        resultado = consolidar(carpeta, salida, trimestre=args.trimestre, procesos=args.procesos)
        consolidar_s = time.perf_counter() - inicio
        propio = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        hijos = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        actividades = sum(len(u.actividades) for u in resultado.unidades)
        print(
            f"libros: {args.unidades} × {args.actividades} actividades "
            f"({tamano / 1024**2:.1f} MiB en disco), generados en {generar:.1f} s"
        )
        print(
            f"consolidación: {consolidar_s:.2f} s ({consolidar_s / args.unidades * 1000:.0f} ms por libro); "
            f"{len(resultado.unidades)} unidades, {actividades} actividades, "
            f"{len(resultado.excluidos)} excluidos"
        )
        print(f"consolidado: {salida.stat().st_size / 1024**2:.1f} MiB")
        print(
            f"memoria máxima: proceso principal {_mib(propio):.0f} MiB (antes de consolidar "
            f"{_mib(memoria_previa):.0f} MiB); mayor proceso hijo {_mib(hijos):.0f} MiB"
        )


if __name__ == "__main__":
    main()
