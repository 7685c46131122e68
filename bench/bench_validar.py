"""Validar frente a leer: libro validar contra la sola lectura con python-calamine de los mismos archivos.

Todo se mide en la misma corrida, sobre los mismos archivos (no es una prueba; imprime cifras):

1. Un lote de libros POI calculados (200 × 300 actividades): CPU de validar en un proceso frente a la
   CPU de solo leer con python-calamine cada hoja en un proceso (meta ≤ 1,5 ×), y tiempo de reloj
   de validar con N procesos frente a leer con N procesos.
2. Un POI de 500, 5 000 y 20 000 actividades, cada uno en un proceso nuevo: tiempo y memoria máxima
   (ru_maxrss del proceso) de validar frente a solo leer (meta con 20 000: ≤ 1 s y ≤ 150 MB).

Uso: `make bench` o `python bench/bench_validar.py [--libros 200] [--actividades 300] [--rondas 3]`.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
SERIE = (500, 5_000, 20_000)


def leer_solo_calamine(ruta: Path) -> int:
    """La lectura desnuda: todas las hojas del libro a listas de Python, y nada más."""
    from python_calamine import CalamineWorkbook

    libro = CalamineWorkbook.from_path(str(ruta))
    return sum(len(libro.get_sheet_by_name(n).to_python()) for n in libro.sheet_names)


def validar(ruta: Path) -> int:
    from libro.nucleo.contexto import Contexto
    from libro.procesos import validar_archivo

    return len(validar_archivo(ruta, Contexto(anio_fiscal=2027)).observaciones)


def libro_calculado(destino: Path, actividades: int, semilla: int) -> Path:
    """Un POI como lo remite una unidad tras pulsar «Calcular metas»."""
    from libro.demo.poi import unidad
    from libro.poi.formato import POI
    from libro.procesos import calcular_archivo
    from libro.salida.plantilla import escribir_plantilla

    crudo = destino.with_name("crudo_" + destino.name)
    datos = unidad(codigo=f"U-{semilla:03d}", actividades=actividades, semilla=semilla)
    calcular_archivo(escribir_plantilla(POI, crudo, datos), destino)
    crudo.unlink()
    return destino


def _cpu(trabajo: Callable[[], object]) -> float:
    inicio = time.process_time()
    trabajo()
    return time.process_time() - inicio


def _reloj(trabajo: Callable[[], object]) -> float:
    inicio = time.perf_counter()
    trabajo()
    return time.perf_counter() - inicio


def _en_procesos(funcion: Callable[[Path], object], archivos: list[Path], procesos: int) -> None:
    """Cada archivo en un proceso del grupo, como lo reparte `libro.lote.validar_lote`."""
    with ProcessPoolExecutor(procesos) as grupo:
        for futuro in [grupo.submit(funcion, r) for r in archivos]:
            futuro.result()


def lote(carpeta: Path, libros: int, actividades: int, rondas: int) -> None:
    from libro.lote import validar_lote
    from libro.nucleo.contexto import Contexto

    modelos = [libro_calculado(carpeta / f"modelo_{i}.xlsx", actividades, i) for i in range(10)]
    archivos = []
    for i in range(libros):
        archivos.append(carpeta / f"unidad_{i:03d}.xlsx")
        shutil.copyfile(modelos[i % len(modelos)], archivos[-1])
    contexto = Contexto(anio_fiscal=2027)
    procesos = os.cpu_count() or 1
    medidas: dict[str, list[float]] = {"leer": [], "validar": [], "leer_n": [], "validar_n": []}
    estados: set[str] = set()
    for _ in range(rondas):
        medidas["leer"].append(_cpu(lambda: [leer_solo_calamine(r) for r in archivos]))
        medidas["validar"].append(
            _cpu(lambda: estados.update(r.estado for r in validar_lote(archivos, contexto, procesos=1)))
        )
        medidas["leer_n"].append(_reloj(lambda: _en_procesos(leer_solo_calamine, archivos, procesos)))
        medidas["validar_n"].append(_reloj(lambda: list(validar_lote(archivos, contexto, procesos=procesos))))
    m = {k: statistics.median(v) for k, v in medidas.items()}
    print(f"1. Lote de {libros} POI de {actividades} actividades (estados {sorted(estados)}); "
          f"medianas de {rondas} rondas")
    print(f"   un proceso, CPU: leer {m['leer']:.2f} s ({m['leer'] / libros * 1000:.1f} ms por libro) · "
          f"validar {m['validar']:.2f} s ({m['validar'] / libros * 1000:.1f} ms por libro) → "
          f"{m['validar'] / m['leer']:.2f} × la lectura (meta ≤ 1,5 ×)")
    print(f"   {procesos} procesos, reloj: leer {m['leer_n']:.2f} s · validar {m['validar_n']:.2f} s → "
          f"{m['validar_n'] / m['leer_n']:.2f} × la lectura")


def _hijo(tarea: str, ruta: Path) -> None:
    """En un proceso nuevo: importa, mide la tarea y dice segundos, CPU y memoria máxima (JSON)."""
    import python_calamine  # noqa: F401 - lo importado no cuenta en el tiempo de la tarea

    if tarea == "validar":
        import libro.procesos  # noqa: F401
    trabajo = {"leer": leer_solo_calamine, "validar": validar}[tarea]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reloj, cpu = time.perf_counter(), time.process_time()
    trabajo(ruta)
    medida = {
        "segundos": time.perf_counter() - reloj,
        "cpu": time.process_time() - cpu,
        "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mb_base": base,
    }
    print(json.dumps(medida))


def _en_hijo(tarea: str, ruta: Path) -> dict[str, float]:
    orden = [sys.executable, __file__, "--hijo", tarea, str(ruta)]
    hecho = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True, check=True)
    return json.loads(hecho.stdout.strip().splitlines()[-1])


def serie(carpeta: Path, rondas: int) -> None:
    print("2. Un POI por tamaño, cada medida en un proceso nuevo (mediana de "
          f"{rondas}; memoria: ru_maxrss del proceso, con lo importado)")
    print(f"   {'actividades':>11} {'leer s':>8} {'validar s':>10} {'×':>6} {'leer MB':>9} {'validar MB':>11}")
    for n in SERIE:
        ruta = libro_calculado(carpeta / f"poi_{n}.xlsx", n, n)
        medidas = {t: [_en_hijo(t, ruta) for _ in range(rondas)] for t in ("leer", "validar")}
        s = {t: statistics.median(m["segundos"] for m in v) for t, v in medidas.items()}
        mb = {t: max(m["mb"] for m in v) for t, v in medidas.items()}
        print(f"   {n:>11,} {s['leer']:>8.2f} {s['validar']:>10.2f} {s['validar'] / s['leer']:>6.2f} "
              f"{mb['leer']:>9.0f} {mb['validar']:>11.0f}")
    print("   (meta con 20 000 actividades: validar ≤ 1 s y ≤ 150 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libros", type=int, default=200)
    parser.add_argument("--actividades", type=int, default=300)
    parser.add_argument("--rondas", type=int, default=3)
    parser.add_argument("--sin-serie", action="store_true", help="solo el lote")
    parser.add_argument("--hijo", nargs=2, metavar=("TAREA", "RUTA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hijo:
        _hijo(args.hijo[0], Path(args.hijo[1]))
        return
    with tempfile.TemporaryDirectory(prefix="bench_validar_") as tmp:
        lote(Path(tmp), args.libros, args.actividades, args.rondas)
        if not args.sin_serie:
            serie(Path(tmp), args.rondas)


if __name__ == "__main__":
    sys.path.insert(0, str(RAIZ))
    main()
