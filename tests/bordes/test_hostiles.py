"""El corpus hostil (`tests/hostiles.py`) por `validar_lote` y por la CLI, y los trabajadores acotados.

Ningún archivo tumba el lote ni se queda sin estado; cada libro válido da su resultado verdadero; un
trabajador que muere, se cuelga o se queda sin memoria solo afecta a su archivo.
"""

import ctypes
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostiles
import pytest
from python_calamine import CalamineWorkbook

from libro.lote import detalle_memoria, detalle_tiempo, ejecutar_acotado, expandir, validar_lote
from libro.nucleo.contexto import Contexto
from libro.nucleo.resultado import ESTADOS, Resultado
from libro.procesos import validar_archivo
from libro.salida.informe import ESTADOS_EN_PALABRAS

RAIZ = Path(__file__).resolve().parents[2]
RUTAS = os.pathsep.join(map(str, (RAIZ, RAIZ / "tests", Path(__file__).parent)))
ENTORNO = {**os.environ, "PYTHONPATH": RUTAS}
MIB = 1024**2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, hostiles.Caso]]:
    carpeta = tmp_path_factory.mktemp("hostil") / "recibidos"
    carpeta.mkdir()
    return carpeta, hostiles.corpus(carpeta)


def _verdadero(ruta: Path) -> tuple:
    r = validar_archivo(ruta, Contexto())
    return r.estado, r.formato, [o.como_dict() for o in r.observaciones]


def _comprobar(nombre: str, caso: hostiles.Caso, estado: str, detalle: str, verdadero: tuple | None) -> None:
    if caso.estado is None:
        assert verdadero is not None and estado == verdadero[0], (nombre, estado, detalle)
        return
    assert (estado, caso.fragmento in detalle) == (caso.estado, True), (nombre, detalle)
    assert detalle.startswith(f"«{nombre}»: "), detalle


# ------------------------------------------------------------------ el corpus


def test_expandir_lista_todo_lo_que_hay(corpus: tuple[Path, dict[str, hostiles.Caso]]) -> None:
    carpeta, casos = corpus
    rutas = expandir([carpeta])
    assert sorted(p.name for p in rutas) == sorted(casos)  # «carpeta.xlsx» se lista, no se recorre
    assert expandir([carpeta, carpeta / "poi_limpio.xlsx"]) == rutas


def test_validar_lote_con_el_corpus(corpus: tuple[Path, dict[str, hostiles.Caso]]) -> None:
    carpeta, casos = corpus
    rutas = expandir([carpeta])
    inicio = time.monotonic()
    resultados = list(validar_lote(rutas, Contexto(), procesos=2))
    assert time.monotonic() - inicio < 120
    assert [r.archivo for r in resultados] == [str(p) for p in rutas]
    for r in resultados:
        nombre = Path(r.archivo).name
        caso = casos[nombre]
        verdadero = _verdadero(caso.ruta) if caso.estado is None else None
        _comprobar(nombre, caso, r.estado, r.detalle, verdadero)
        if verdadero:
            assert (r.estado, r.formato, [o.como_dict() for o in r.observaciones]) == verdadero


def test_cli_validar_con_el_corpus(corpus: tuple[Path, dict[str, hostiles.Caso]], tmp_path: Path) -> None:
    """`python -m libro.cli validar carpeta --json`: código 2, cada ruta con estado y detalle, sin trazas."""
    carpeta, casos = corpus
    informe, excel = tmp_path / "informe.json", tmp_path / "informe.xlsx"
    proceso = subprocess.run(
        [sys.executable, "-m", "libro.cli", "validar", str(carpeta), "--json", str(informe),
         "--xlsx", str(excel), "--limite", "3"],
        env={**ENTORNO, "COLUMNS": "1000"}, capture_output=True, text=True, timeout=300,
    )
    assert proceso.returncode == 2, proceso.stderr
    assert "Traceback" not in proceso.stderr + proceso.stdout
    archivos = {Path(a["archivo"]).name: a for a in json.loads(informe.read_text())["archivos"]}
    assert set(archivos) == set(casos)
    for nombre, a in archivos.items():  # cada ruta, con su estado, también en pantalla y en el Excel
        assert f"{nombre} " in proceso.stdout and f" {a['estado']} " in proceso.stdout
    filas = CalamineWorkbook.from_path(str(excel)).get_sheet_by_name("Archivos").to_python()[4:]
    assert {f[0]: f[2] for f in filas} == {n: ESTADOS_EN_PALABRAS[a["estado"]] for n, a in archivos.items()}
    for nombre, a in archivos.items():
        assert a["estado"] in ESTADOS
        assert a["estado"] in ("ok", "observado") or a["detalle"], nombre
        caso = casos[nombre]
        verdadero = _verdadero(caso.ruta) if caso.estado is None else None
        _comprobar(nombre, caso, a["estado"], a["detalle"], verdadero)


def test_cli_codigos_de_salida(corpus: tuple[Path, dict[str, hostiles.Caso]]) -> None:
    """0 sin errores (lo omitido no cuenta), 1 con errores de validación, 2 con algo ilegible."""
    carpeta, _ = corpus

    def codigo(*nombres: str) -> int:
        rutas = [str(carpeta / n) for n in nombres]
        proceso = subprocess.run([sys.executable, "-m", "libro.cli", "validar", *rutas],
                                 env=ENTORNO, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in proceso.stderr + proceso.stdout
        return proceso.returncode

    assert codigo("poi_limpio.xlsx", "fifo.xlsx", "~$poi_limpio.xlsx", "roto.xlsx") == 0
    assert codigo("poi_limpio.xlsx", "poi_con_errores.xlsx") == 1
    assert codigo("poi_limpio.xlsx", "celda_lejana.xlsx") == 2


def test_el_mismo_archivo_dos_veces(corpus: tuple[Path, dict[str, hostiles.Caso]], tmp_path: Path) -> None:
    carpeta, _ = corpus
    alias = tmp_path / "alias.xlsx"
    alias.symlink_to(carpeta / "poi_limpio.xlsx")
    primero, segundo = validar_lote([carpeta / "poi_limpio.xlsx", alias], Contexto())
    assert primero.estado == "ok"
    assert segundo.estado == "omitido" and "mismo archivo" in segundo.detalle


# ------------------------------------------------------------------ los trabajadores


_HECHOS = 0
"""Archivos que leyó este proceso (en un trabajador)."""


def _trabajo_hostil(ruta: Path, contexto: None) -> str:
    """Se porta según el nombre del archivo; si no, dice quién lo hizo y con qué tope de memoria."""
    import resource

    global _HECHOS
    _HECHOS += 1
    clase = ruta.stem.rstrip("0123456789")
    if clase == "aborta":
        os.abort()
    if clase == "segfault":
        ctypes.string_at(0)
    if clase == "duerme":
        time.sleep(600)
    if clase == "memoria":
        bytearray(8 * 1024**3)
    if clase == "excepcion":
        raise ValueError("celda rara")
    if clase == "fragil" and _HECHOS > 1:
        os.abort()
    return f"{ruta.name} {os.getpid()} {resource.getrlimit(resource.RLIMIT_AS)[0]}"


def _fallido(ruta: Path, detalle: str) -> str:
    return f"FALLÓ {ruta.name}: {detalle}"


def test_cada_falla_es_solo_de_su_archivo() -> None:
    nombres = ["ok0", "aborta", "ok1", "duerme", "ok2", "segfault", "ok3", "memoria", "ok4", "excepcion"]
    rutas = [Path(f"{n}.xlsx") for n in nombres]
    resultados = list(ejecutar_acotado(_trabajo_hostil, rutas, None, _fallido, 2, 512 * MIB, 3))
    esperado = {
        "aborta": "terminó de forma anormal (por la señal SIGABRT)",
        "segfault": "terminó de forma anormal (por la señal SIGSEGV)",
        "duerme": detalle_tiempo(3),
        "memoria": detalle_memoria(512 * MIB),
        "excepcion": "no se pudo leer (ValueError: celda rara)",
    }
    for nombre, resultado in zip(nombres, resultados, strict=True):
        if nombre.startswith("ok"):
            archivo, pid, tope = resultado.split()
            assert archivo == f"{nombre}.xlsx" and int(pid) != os.getpid() and int(tope) == 512 * MIB
        else:
            assert resultado.startswith(f"FALLÓ {nombre}.xlsx: ") and esperado[nombre] in resultado


def test_un_solo_archivo_tambien_va_a_un_trabajador() -> None:
    (resultado,) = ejecutar_acotado(_trabajo_hostil, [Path("solo.xlsx")], None, _fallido)
    _, pid, tope = resultado.split()
    assert int(pid) != os.getpid() and int(tope) == 1024**3


def test_se_reintenta_en_un_trabajador_nuevo() -> None:
    """«fragil» muere en un trabajador que ya leyó otro archivo; en uno nuevo se lee bien."""
    resultados = list(ejecutar_acotado(_trabajo_hostil, [Path("ok.xlsx"), Path("fragil.xlsx")], None,
                                       _fallido, procesos=1))
    assert resultados[1].startswith("fragil.xlsx ")


def test_calamine_sin_revision_muere_por_memoria_y_tuberia_por_tiempo(
    corpus: tuple[Path, dict[str, hostiles.Caso]]
) -> None:
    """Sin `revisar_contenido`: el tope y el plazo del trabajador bastan para que el lote siga."""
    from libro.nucleo.fuentes import grillas_de_archivo

    carpeta, _ = corpus
    rutas = [carpeta / "celda_lejana.xlsx", carpeta / "fifo.xlsx", carpeta / "poi_limpio.xlsx"]
    lejana, fifo, limpio = ejecutar_acotado(_leer_todo, rutas, None, _fallido, 2, segundos=5)
    assert detalle_memoria(1024**3) in lejana  # calamine pidió 512 GB y abortó
    assert detalle_tiempo(5) in fifo  # abrir la tubería se bloquea fuera de Python
    assert limpio == sorted(grillas_de_archivo(carpeta / "poi_limpio.xlsx"))


def _leer_todo(ruta: Path, contexto: None) -> list[str]:
    from libro.nucleo.fuentes import grillas_de_archivo

    return sorted(grillas_de_archivo(ruta))


def test_cerrar_a_medias_mata_a_los_trabajadores() -> None:
    leidos = ejecutar_acotado(_trabajo_hostil, [Path("ok.xlsx"), Path("duerme1.xlsx"), Path("duerme2.xlsx")],
                              None, _fallido, procesos=3)
    assert next(leidos).startswith("ok.xlsx ")
    trabajadores = [p for p in multiprocessing.active_children() if p.name.startswith("libro-trabajador")]
    assert len(trabajadores) >= 2
    leidos.close()
    assert all(not p.is_alive() for p in trabajadores)
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("libro-trabajador")]


def _anotar_y_dormir(ruta: Path, carpeta: Path) -> None:
    (carpeta / "pid").write_text(str(os.getpid()))
    time.sleep(600)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG es de Linux")
def test_si_muere_el_principal_no_quedan_trabajadores(tmp_path: Path) -> None:
    codigo = (
        "from pathlib import Path\nfrom libro.lote import ejecutar_acotado\n"
        "from test_hostiles import _anotar_y_dormir, _fallido\nif __name__ == '__main__':\n"
        f"    list(ejecutar_acotado(_anotar_y_dormir, [Path('x.xlsx')], Path({str(tmp_path)!r}), _fallido))\n"
    )
    principal = subprocess.Popen([sys.executable, "-c", codigo], env=ENTORNO)
    limite = time.monotonic() + 60
    while not (tmp_path / "pid").exists():
        assert time.monotonic() < limite and principal.poll() is None
        time.sleep(0.05)
    trabajador = int((tmp_path / "pid").read_text())
    principal.kill()
    principal.wait()
    limite = time.monotonic() + 20
    while hostiles.vive(trabajador):
        assert time.monotonic() < limite, "el trabajador quedó huérfano"
        time.sleep(0.05)


def test_trabajador_que_no_arranca_no_cuelga_el_lote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Un trabajo que los hijos no pueden importar: cada archivo lo dice y el lote termina."""
    (tmp_path / "efimero.py").write_text("def trabajo(ruta, contexto):\n    return 'hecho'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from efimero import trabajo

    (tmp_path / "efimero.py").unlink()
    rutas = [Path(f"ok{i}.xlsx") for i in range(4)]
    resultados = list(ejecutar_acotado(trabajo, rutas, None, _fallido, 2))
    assert len(resultados) == 4
    assert all(r.startswith("FALLÓ") and "no se pudo iniciar" in r for r in resultados), resultados


def test_resultados_en_orden_aunque_terminen_desordenados() -> None:
    rutas = [Path(f"duerme{i}.xlsx") if i == 0 else Path(f"ok{i}.xlsx") for i in range(8)]
    resultados = list(ejecutar_acotado(_trabajo_hostil, rutas, None, _fallido, 2, segundos=2))
    assert resultados[0].startswith("FALLÓ duerme0.xlsx")
    assert [r.split()[0] for r in resultados[1:]] == [p.name for p in rutas[1:]]


def test_validar_lote_sin_rutas() -> None:
    assert list(validar_lote([], Contexto())) == []
    assert isinstance(next(validar_lote([Path("no_existe.xlsx")], Contexto())), Resultado)


def test_senales_del_teclado_las_atiende_el_principal() -> None:
    """Los trabajadores ignoran SIGINT (Ctrl+C llega a todo el grupo): el principal decide y los mata."""
    (resultado,) = ejecutar_acotado(_ignora_sigint, [Path("x.xlsx")], None, _fallido)
    assert resultado == signal.SIG_IGN


def _ignora_sigint(ruta: Path, contexto: None) -> object:
    return signal.getsignal(signal.SIGINT)


def test_expandir_carpetas_muy_anidadas(tmp_path: Path) -> None:
    """Más niveles que el límite de recursión de Python: se recorren igual."""
    niveles = [tmp_path]
    for _ in range(1200):
        niveles.append(niveles[-1] / "d")
        niveles[-1].mkdir()
    (niveles[-1] / "poi.xlsx").write_bytes(b"x")
    try:
        assert expandir([tmp_path]) == [niveles[-1] / "poi.xlsx"]
    finally:  # también el borrado recursivo de pytest se ahogaría
        (niveles[-1] / "poi.xlsx").unlink()
        for carpeta in reversed(niveles[1:]):
            carpeta.rmdir()


def test_consolidar_con_enlace_en_bucle_y_ocultos_los_reporta(tmp_path: Path) -> None:
    """Un enlace en bucle no tumba `consolidar` y los archivos ocultos o temporales no desaparecen."""
    from libro.consolidar import consolidar

    carpeta = tmp_path / "recibidos"
    carpeta.mkdir()
    (carpeta / "bucle.xlsx").symlink_to(carpeta / "bucle.xlsx")
    (carpeta / ".oculto.xlsx").write_bytes(b"no es un libro")
    (carpeta / "~$poi.xlsx").write_bytes(b"bloqueo de Excel")
    c = consolidar(carpeta, tmp_path / "consolidado.xlsx", anio=2027, procesos=1)
    nombres = {Path(x.archivo).name: x.situacion for x in c.excluidos}
    assert set(nombres) == {"bucle.xlsx", ".oculto.xlsx", "~$poi.xlsx"}
    assert all(s.endswith("omitido") for s in nombres.values())
    assert (tmp_path / "consolidado.xlsx").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
