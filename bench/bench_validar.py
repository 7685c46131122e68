"""Validar frente a leer: libro validar contra la sola lectura con python-calamine de los mismos archivos.

Todo se mide en la misma corrida, sobre los mismos archivos (no es una prueba; imprime cifras):

1. Un lote de libros POI calculados (200 × 300 actividades): CPU por libro de validar frente a solo
   leer con python-calamine cada hoja, en un mismo proceso (meta ≤ 1,5 ×); y procesos enteros, con su
   arranque: `libro validar --procesos 1` frente a leer en un proceso, y con N procesos frente a leer
   con N procesos (reloj y CPU).
2. Un POI de 500, 5 000 y 20 000 actividades, cada medida en un proceso nuevo: tiempo y memoria
   residente máxima de validar frente a solo leer (meta con 20 000: ≤ 1 s y ≤ 150 MB), y el reloj
   del comando `libro validar` entero sobre el mismo archivo.

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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from arbol import adoptar_descendientes, esperar_huerfanos

RAIZ = Path(__file__).resolve().parents[1]
SERIE = (500, 5_000, 20_000)
LIBRO = "import sys; from libro.cli import main; sys.argv[0] = 'libro'; main()"


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


def _cpu_alternando(archivos: list[Path], rondas: int) -> tuple[float, float]:
    """CPU por libro de leer y de validar, midiendo las dos cosas archivo por archivo, alternadas (así
    la carga de la máquina pesa igual en ambas)."""
    validar(archivos[0])  # la primera vez llena cachés: no se cuenta
    leer = cpu_validar = 0.0
    for _ in range(rondas):
        for ruta in archivos:
            inicio = time.process_time()
            leer_solo_calamine(ruta)
            medio = time.process_time()
            validar(ruta)  # en este proceso: el lote lo haría en un trabajador, cuya CPU no se ve aquí
            cpu_validar += time.process_time() - medio
            leer += medio - inicio
    veces = rondas * len(archivos)
    return leer / veces, cpu_validar / veces


def _proceso(orden: list[str]) -> tuple[float, float]:
    """(segundos de reloj, segundos de CPU) de un proceso entero, con todos sus descendientes."""
    antes = resource.getrusage(resource.RUSAGE_CHILDREN)
    inicio = time.perf_counter()
    subprocess.run(orden, cwd=RAIZ, capture_output=True, check=False)
    reloj = time.perf_counter() - inicio
    esperar_huerfanos()
    despues = resource.getrusage(resource.RUSAGE_CHILDREN)
    return reloj, despues.ru_utime + despues.ru_stime - antes.ru_utime - antes.ru_stime


def _leer_carpeta(carpeta: Path, procesos: int) -> None:
    """Leer con python-calamine cada libro de la carpeta, repartidos en `procesos` procesos."""
    archivos = sorted(carpeta.glob("*.xlsx"))
    if procesos == 1:
        for ruta in archivos:
            leer_solo_calamine(ruta)
        return
    with ProcessPoolExecutor(procesos) as grupo:
        for futuro in [grupo.submit(leer_solo_calamine, r) for r in archivos]:
            futuro.result()


def generar_lote(carpeta: Path, libros: int, actividades: int) -> None:
    """Los libros del lote: copias de 10 POI distintos, en la carpeta «recibidos»."""
    modelos = [libro_calculado(carpeta / f"modelo_{i}.xlsx", actividades, i) for i in range(10)]
    recibidos = carpeta / "recibidos"
    recibidos.mkdir()
    for i in range(libros):
        shutil.copyfile(modelos[i % len(modelos)], recibidos / f"unidad_{i:03d}.xlsx")


def lote(carpeta: Path, libros: int, actividades: int, rondas: int) -> None:
    generar = [sys.executable, __file__, "--generar-lote", str(carpeta), str(libros), str(actividades)]
    subprocess.run(generar, cwd=RAIZ, check=True)  # aparte: este proceso solo lee y valida
    recibidos = carpeta / "recibidos"
    archivos = sorted(recibidos.glob("*.xlsx"))
    procesos = os.cpu_count() or 1
    print(f"1. Lote de {libros} POI de {actividades} actividades ({procesos} núcleos)")
    leer, validar = _cpu_alternando(archivos, rondas)
    print(f"   en este proceso, CPU por libro (leer y validar alternados, {rondas} rondas): leer "
          f"{leer * 1000:.1f} ms · validar {validar * 1000:.1f} ms → {validar / leer:.2f} × la lectura "
          "(meta ≤ 1,5 ×)")
    libro = [sys.executable, "-c", LIBRO, "validar", str(recibidos), "--anio", "2027", "--procesos"]
    desnuda = [sys.executable, __file__, "--leer-carpeta", str(recibidos), "--procesos"]
    for n in sorted({1, procesos}):
        medidas = {"leer": [], "validar": []}
        for _ in range(rondas):
            medidas["leer"].append(_proceso([*desnuda, str(n)]))
            medidas["validar"].append(_proceso([*libro, str(n)]))
        reloj = {k: statistics.median(m[0] for m in v) for k, v in medidas.items()}
        cpu = {k: statistics.median(m[1] for m in v) for k, v in medidas.items()}
        print(f"   procesos enteros (arranque incluido), {n} proceso{'s' if n > 1 else ''}: leer "
              f"{reloj['leer']:.2f} s reloj, {cpu['leer']:.2f} s CPU · libro validar "
              f"{reloj['validar']:.2f} s reloj, {cpu['validar']:.2f} s CPU → "
              f"{reloj['validar'] / reloj['leer']:.2f} × en reloj, "
              f"{cpu['validar'] / cpu['leer']:.2f} × en CPU")


def _hijo(tarea: str, ruta: Path) -> None:
    """En un proceso nuevo: importa, mide la tarea y dice segundos, CPU y memoria máxima (JSON)."""
    import python_calamine  # noqa: F401 - lo importado no cuenta en el tiempo de la tarea

    if tarea == "validar":
        import libro.procesos  # noqa: F401
    trabajo = {"leer": leer_solo_calamine, "validar": validar}[tarea]
    base = _memoria_maxima_mb()
    reloj, cpu = time.perf_counter(), time.process_time()
    trabajo(ruta)
    medida = {
        "segundos": time.perf_counter() - reloj,
        "cpu": time.process_time() - cpu,
        "mb": _memoria_maxima_mb(),
        "mb_base": base,
    }
    print(json.dumps(medida))


def _memoria_maxima_mb() -> float:
    """Memoria residente máxima de este proceso. En Linux, VmHWM: `ru_maxrss` de un proceso recién
    lanzado arrastra la del proceso que lo lanzó (la guarda al hacer exec)."""
    try:
        estado = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return next(int(linea.split()[1]) for linea in estado.splitlines() if linea.startswith("VmHWM")) / 1024


def _en_hijo(tarea: str, ruta: Path) -> dict[str, float]:
    orden = [sys.executable, __file__, "--hijo", tarea, str(ruta)]
    hecho = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True, check=True)
    return json.loads(hecho.stdout.strip().splitlines()[-1])


def serie(carpeta: Path, rondas: int) -> None:
    print("2. Un POI por tamaño, cada medida en un proceso nuevo (mediana de "
          f"{rondas}; memoria: la máxima residente del proceso, con lo importado)")
    columnas = (
        ("leer s", 8), ("validar s", 10), ("×", 6), ("leer MB", 9), ("validar MB", 11),
        ("libro validar s", 16),
    )
    print(f"   {'actividades':>11}" + "".join(f" {titulo:>{ancho}}" for titulo, ancho in columnas))
    for n in SERIE:
        ruta = carpeta / f"poi_{n}.xlsx"
        generar = [sys.executable, __file__, "--generar", str(ruta), str(n)]
        subprocess.run(generar, cwd=RAIZ, check=True)
        medidas = {t: [_en_hijo(t, ruta) for _ in range(rondas)] for t in ("leer", "validar")}
        s = {t: statistics.median(m["segundos"] for m in v) for t, v in medidas.items()}
        mb = {t: max(m["mb"] for m in v) for t, v in medidas.items()}
        orden = [sys.executable, "-c", LIBRO, "validar", str(ruta), "--anio", "2027"]
        comando = statistics.median(_proceso(orden)[0] for _ in range(rondas))
        print(f"   {n:>11,} {s['leer']:>8.2f} {s['validar']:>10.2f} {s['validar'] / s['leer']:>6.2f} "
              f"{mb['leer']:>9.0f} {mb['validar']:>11.0f} {comando:>16.2f}")
    print("   (meta con 20 000 actividades: validar ≤ 1 s y ≤ 150 MB; «libro validar s» es el comando")
    print("   entero: arranque, revisión del archivo y trabajador acotado incluidos)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libros", type=int, default=200)
    parser.add_argument("--actividades", type=int, default=300)
    parser.add_argument("--rondas", type=int, default=3)
    parser.add_argument("--sin-serie", action="store_true", help="solo el lote")
    parser.add_argument("--procesos", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--hijo", nargs=2, metavar=("TAREA", "RUTA"), help=argparse.SUPPRESS)
    parser.add_argument("--leer-carpeta", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generar-lote", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--generar", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generar:
        libro_calculado(Path(args.generar[0]), int(args.generar[1]), int(args.generar[1]))
        return
    if args.generar_lote:
        carpeta, libros, actividades = args.generar_lote
        generar_lote(Path(carpeta), int(libros), int(actividades))
        return
    if args.hijo:
        _hijo(args.hijo[0], Path(args.hijo[1]))
        return
    if args.leer_carpeta:
        _leer_carpeta(args.leer_carpeta, args.procesos)
        return
    adoptar_descendientes()
    with tempfile.TemporaryDirectory(prefix="bench_validar_") as tmp:
        lote(Path(tmp), args.libros, args.actividades, args.rondas)
        if not args.sin_serie:
            serie(Path(tmp), args.rondas)


if __name__ == "__main__":
    sys.path.insert(0, str(RAIZ))
    main()
