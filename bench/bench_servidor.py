"""Carga del servidor de botones: pedidos por segundo y latencias p50/p95/p99 con 1, 8 y 32 clientes a la vez.

Arranca `libro servidor` solo en 127.0.0.1, con claves de acceso como en producción, con 1 y con 2
procesos de cálculo (`--procesos`), y le manda el POI de una unidad con 300 actividades (los tres
botones, por turno). Informa también la memoria máxima del servidor (suma del máximo de cada uno de sus
procesos) y el peor tiempo del chequeo de salud (`GET /`) mientras el servidor está cargado. La máquina
es compartida: por eso cada fila trae la CPU que el servidor gastó por pedido (no depende de la carga
ajena) y la carga de la máquina (load average de 1 minuto) al terminar.

Uso: `XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python bench/bench_servidor.py [--procesos 1 2]`
Meta en esta máquina de 2 núcleos: 0 errores; p95 ≤ 2 s con 32 clientes y 2 procesos.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import httpx

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from libro.demo.poi import unidad  # noqa: E402
from libro.poi.formato import POI  # noqa: E402
from libro.salida.plantilla import escribir_plantilla  # noqa: E402
from libro.servidor.autenticacion import nueva_clave  # noqa: E402
from libro.servidor.remoto import payload_desde_archivo  # noqa: E402

ACTIVIDADES = 300
CLIENTES = (1, 8, 32)
PEDIDOS_POR_CLIENTE = {1: 24, 8: 10, 32: 6}   # acotado: 24, 80 y 192 pedidos
SCRIPTS = ("poi__validar", "poi__calcular_metas", "poi__generar_resumen")
META_P95 = 2.0


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _arbol(pid: int) -> list[int]:
    """El proceso y sus descendientes (los procesos de uvicorn), leídos de /proc."""
    hijos: dict[int, list[int]] = {}
    for entrada in Path("/proc").iterdir():
        if entrada.name.isdigit():
            try:
                padre = int((entrada / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            hijos.setdefault(padre, []).append(int(entrada.name))
    arbol, pendientes = [], [pid]
    while pendientes:
        actual = pendientes.pop()
        arbol.append(actual)
        pendientes.extend(hijos.get(actual, []))
    return arbol


def _cpu_segundos(pid: int) -> float:
    """Tiempo de CPU (usuario + sistema) gastado hasta ahora por los procesos del servidor."""
    ticks = 0
    for p in _arbol(pid):
        try:
            campos = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(campos[11]) + int(campos[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _memoria_maxima_mb(pid: int) -> float:
    """Suma de VmHWM (máximo de memoria residente) de cada proceso del servidor."""
    total = 0
    for p in _arbol(pid):
        try:
            lineas = Path(f"/proc/{p}/status").read_text().splitlines()
        except OSError:
            continue
        total += next((int(x.split()[1]) for x in lineas if x.startswith("VmHWM:")), 0)
    return total / 1024


@contextmanager
def servidor(procesos: int, claves: Path):
    puerto = _puerto_libre()
    codigo = "import sys; sys.argv[0] = 'libro'; from libro.cli import main; main()"
    proceso = subprocess.Popen(
        [sys.executable, "-c", codigo, "servidor", "--host", "127.0.0.1", "--puerto", str(puerto),
         "--procesos", str(procesos), "--claves-acceso", str(claves)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{puerto}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("el servidor no arrancó")
        yield base, proceso.pid
    finally:
        proceso.terminate()
        proceso.wait(timeout=30)


async def carga(base: str, cuerpo: bytes, clave: str, clientes: int, pedidos: int) -> dict:
    """`clientes` a la vez, cada uno pide apenas recibe; y un chequeo de salud cada 0,2 s."""
    latencias, errores, salud = [], [], []
    turno = count()
    cabeceras = {"Authorization": clave, "Content-Type": "application/json"}
    limites = httpx.Limits(max_connections=clientes + 1)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limites) as http:
        async def cliente() -> None:
            while (i := next(turno)) < pedidos:
                inicio = time.perf_counter()
                try:
                    r = await http.post(f"/xlwings/custom-scripts-call/{SCRIPTS[i % len(SCRIPTS)]}",
                                        content=cuerpo, headers=cabeceras)
                    if r.status_code != 200 or r.json()["actions"][-1]["func"] != "alert":
                        errores.append(f"{r.status_code}: {r.text[:120]}")
                except httpx.HTTPError as error:
                    errores.append(repr(error))
                latencias.append(time.perf_counter() - inicio)

        async def chequeo(terminado: asyncio.Event) -> None:
            while not terminado.is_set():
                inicio = time.perf_counter()
                await http.get("/")
                salud.append(time.perf_counter() - inicio)
                await asyncio.sleep(0.2)

        terminado = asyncio.Event()
        vigia = asyncio.create_task(chequeo(terminado))
        inicio = time.perf_counter()
        await asyncio.gather(*(cliente() for _ in range(clientes)))
        segundos = time.perf_counter() - inicio
        terminado.set()
        await vigia
    q = statistics.quantiles(latencias, n=100, method="inclusive")
    return {"pedidos": pedidos, "errores": errores, "por_segundo": pedidos / segundos,
            "p50": q[49], "p95": q[94], "p99": q[98], "salud": max(salud)}


def main() -> int:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--procesos", type=int, nargs="+", default=[1, 2])
    opciones = argumentos.parse_args()
    with tempfile.TemporaryDirectory() as carpeta:
        ruta = escribir_plantilla(POI, Path(carpeta) / "poi.xlsx", datos=unidad(actividades=ACTIVIDADES))
        cuerpo = json.dumps(payload_desde_archivo(ruta)).encode()
        claves = Path(carpeta) / "claves_acceso.toml"
        clave = nueva_clave(claves, "bench", roles=["opp"])
        print(f"POI de {ACTIVIDADES} actividades: {len(cuerpo) / 1024:.0f} KB por pedido; "
              f"botones: {', '.join(SCRIPTS)}; {os.cpu_count()} núcleos, carga previa de la máquina "
              f"{os.getloadavg()[0]:.1f}")
        print(f"{'procesos':>8}{'clientes':>9}{'pedidos':>8}{'errores':>8}{'ped/s':>8}{'p50 s':>8}"
              f"{'p95 s':>8}{'p99 s':>8}{'salud máx s':>13}{'CPU ms/ped':>12}{'cliente':>9}{'carga':>7}")
        fallas, p95_meta = 0, None
        for procesos in opciones.procesos:
            with servidor(procesos, claves) as (base, pid):
                asyncio.run(carga(base, cuerpo, clave, procesos * 2, procesos * 2))   # calentar cada proceso
                for clientes in CLIENTES:
                    pedidos = clientes * PEDIDOS_POR_CLIENTE[clientes]
                    cpu, propia = _cpu_segundos(pid), time.process_time()
                    r = asyncio.run(carga(base, cuerpo, clave, clientes, pedidos))
                    cpu_ms = (_cpu_segundos(pid) - cpu) / pedidos * 1000
                    cliente_ms = (time.process_time() - propia) / pedidos * 1000
                    fallas += len(r["errores"])
                    print(f"{procesos:>8}{clientes:>9}{r['pedidos']:>8}{len(r['errores']):>8}"
                          f"{r['por_segundo']:>8.1f}{r['p50']:>8.2f}{r['p95']:>8.2f}{r['p99']:>8.2f}"
                          f"{r['salud']:>13.3f}{cpu_ms:>12.0f}{cliente_ms:>9.0f}{os.getloadavg()[0]:>7.1f}")
                    for error in r["errores"][:3]:
                        print(f"        error: {error}")
                    if procesos == 2 and clientes == 32:
                        p95_meta = r["p95"]
                print(f"{'':>8}memoria máxima del servidor ({procesos} proceso(s) de cálculo): "
                      f"{_memoria_maxima_mb(pid):.0f} MB")
    if p95_meta is not None:
        estado = "cumple" if p95_meta <= META_P95 else "NO cumple"
        print(f"Meta p95 ≤ {META_P95:.0f} s con 32 clientes y 2 procesos: {estado} ({p95_meta:.2f} s).")
    print(f"Errores: {fallas}.")
    return 1 if fallas or (p95_meta is not None and p95_meta > META_P95) else 0


if __name__ == "__main__":
    sys.exit(main())
