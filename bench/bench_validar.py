"""Benchmark de la base (issue 2). Imprime cifras; no es una prueba.

1. Validar sin Excel un POI de 500 actividades (meta: < 1 s).
2. Validar una carpeta de 200 libros de 300 actividades frente a la sola lectura con
   python-calamine de los mismos archivos, en la misma corrida (meta: ≤ 1,5 × esa lectura).
3. Acciones que devuelven los botones POI por xlwings (motor remoto) con 50 y 500 actividades.

Uso: `make bench` o `python bench/bench_validar.py [--libros 200] [--actividades 300]`.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from python_calamine import CalamineWorkbook

from libro.demo.poi import unidad
from libro.lote import validar_lote
from libro.nucleo.contexto import Contexto
from libro.poi.formato import POI
from libro.procesos import calcular_archivo, validar_archivo
from libro.salida.plantilla import escribir_plantilla


def leer_solo_calamine(ruta: Path) -> int:
    """La lectura desnuda: todas las hojas del libro a listas de Python."""
    libro = CalamineWorkbook.from_path(str(ruta))
    return sum(len(libro.get_sheet_by_name(n).to_python()) for n in libro.sheet_names)


def libro_calculado(carpeta: Path, nombre: str, actividades: int, semilla: int) -> Path:
    crudo = escribir_plantilla(
        POI,
        carpeta / f"crudo_{nombre}",
        unidad(codigo=f"U-{semilla:03d}", actividades=actividades, semilla=semilla),
    )
    destino = carpeta / nombre
    calcular_archivo(crudo, destino)
    crudo.unlink()
    return destino


def medir(funcion, repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--libros", type=int, default=200)
    parser.add_argument("--actividades", type=int, default=300)
    args = parser.parse_args()
    contexto = Contexto(anio_fiscal=2027)
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        grande = libro_calculado(carpeta, "poi_500.xlsx", 500, 1)
        t = medir(lambda: validar_archivo(grande, contexto), 7)
        print(f"1. Validar un POI de 500 actividades: {t * 1000:.1f} ms (meta < 1000 ms)")

        lote = carpeta / "lote"
        lote.mkdir()
        modelo = libro_calculado(carpeta, "modelo.xlsx", args.actividades, 2)
        for i in range(args.libros):
            (lote / f"unidad_{i:03d}.xlsx").write_bytes(modelo.read_bytes())
        archivos = sorted(lote.glob("*.xlsx"))
        nucleos = os.cpu_count() or 1
        print(f"2. Carpeta de {len(archivos)} libros de {args.actividades} actividades; {nucleos} núcleos")
        for ronda in (1, 2):
            inicio = time.perf_counter()
            filas = sum(leer_solo_calamine(r) for r in archivos)
            desnuda = time.perf_counter() - inicio
            inicio = time.perf_counter()
            with ProcessPoolExecutor(nucleos) as grupo:
                list(grupo.map(leer_solo_calamine, archivos, chunksize=8))
            desnuda_paralela = time.perf_counter() - inicio
            inicio = time.perf_counter()
            resultados = list(validar_lote(archivos, contexto))
            validacion = time.perf_counter() - inicio
            estados = {r.estado for r in resultados}
            print(
                f"   ronda {ronda}: solo calamine {desnuda * 1000:.0f} ms ({filas} filas; "
                f"{desnuda_paralela * 1000:.0f} ms en {nucleos} procesos) · libro validar "
                f"{validacion * 1000:.0f} ms → {validacion / desnuda:.2f} × la lectura desnuda "
                f"(meta ≤ 1,5 ×; estados {sorted(estados)})"
            )

        os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
        import xlwings as xw

        from libro.servidor.remoto import payload_desde_archivo
        from macros_py import poi

        print("3. Acciones devueltas por los botones (motor remoto de xlwings):")
        for n in (50, 500):
            ruta = escribir_plantilla(POI, carpeta / f"botones_{n}.xlsx", unidad(actividades=n))
            for accion in (poi.validar, poi.calcular_metas, poi.generar_resumen):
                book = xw.Book(json=payload_desde_archivo(ruta))
                inicio = time.perf_counter()
                accion(book)
                duracion = time.perf_counter() - inicio
                acciones = len(book.json()["actions"])
                nombre = accion.__name__
                milisegundos = duracion * 1000
                print(f"   {n:>3} actividades · {nombre:<16} {acciones:>3} acciones ({milisegundos:.0f} ms)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
