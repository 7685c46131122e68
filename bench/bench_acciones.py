"""Ida y vuelta de cada botón del POI: cuántas acciones devuelve a Excel con 50 y 500 actividades.

Uso: `XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python bench/bench_acciones.py`
El número de acciones no debe crecer con las filas (cada bloque se escribe en una sola acción); el
tamaño de la respuesta y el tiempo sí crecen con los datos.
"""

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xlwings as xw  # noqa: E402

from libro.demo.poi import unidad  # noqa: E402
from libro.poi.formato import POI  # noqa: E402
from libro.registro import entrada  # noqa: E402
from libro.salida.plantilla import escribir_plantilla  # noqa: E402
from libro.servidor.remoto import payload_desde_archivo  # noqa: E402
from macros_py import poi  # noqa: E402

FILAS = (50, 500)


def main() -> int:
    crecen = []
    with tempfile.TemporaryDirectory() as carpeta:
        libros = {n: escribir_plantilla(POI, Path(carpeta) / f"poi_{n}.xlsx", datos=unidad(actividades=n))
                  for n in FILAS}
        print(f"{'acción':<18}{'actividades':>12}{'acciones':>10}{'KB respuesta':>14}{'segundos':>10}",
              " detalle")
        for nombre in entrada(POI.id).acciones:
            accion = getattr(poi, nombre)
            conteos = {}
            for n, ruta in libros.items():
                payload = payload_desde_archivo(ruta)
                inicio = time.perf_counter()
                book = xw.Book(json=payload)
                accion(book)
                respuesta = book.json()
                segundos = time.perf_counter() - inicio
                funcs = Counter(a["func"] for a in respuesta["actions"])
                conteos[n] = funcs
                detalle = ", ".join(f"{f}×{c}" for f, c in sorted(funcs.items()))
                print(f"{nombre:<18}{n:>12}{sum(funcs.values()):>10}"
                      f"{len(json.dumps(respuesta, default=str)) / 1024:>14.1f}{segundos:>10.2f}  {detalle}")
            if conteos[FILAS[0]] != conteos[FILAS[-1]]:
                crecen.append(nombre)
    if crecen:
        print(f"El número de acciones crece con las filas en: {', '.join(crecen)}")
        return 1
    print("El número de acciones no crece con las filas en ninguna acción.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
