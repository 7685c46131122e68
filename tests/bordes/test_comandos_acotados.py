"""Cada comando que lee un archivo, como lo usa una persona (`python -m libro.cli …` en otro proceso), con
el corpus hostil (`tests/hostiles.py`) y libros válidos: cada libro válido da su resultado verdadero (el
de la biblioteca en el proceso de la prueba), cada archivo hostil un mensaje en español que lo nombra y
el código 2, nunca una traza ni un texto de click en inglés, las entradas intactas y ninguna salida a
medias. `validar` (el lote) con el mismo corpus está en `test_hostiles.py`.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import hostiles
import pytest
from conftest import hallazgos_de, hoja_de

from libro.demo.cronograma import huayopata
from libro.demo.pp import datos_proyectos
from libro.nucleo.contexto import Contexto
from libro.pp.proyectos.formato import PROYECTOS_PP
from libro.procesos import calcular_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.trabajos import (
    exportar_calendario,
    exportar_pabulib_archivo,
    generar_evaluacion,
    generar_rendicion,
    importar_a_plantilla,
)

RAIZ = Path(__file__).resolve().parents[2]
RUTAS = os.pathsep.join(map(str, (RAIZ, RAIZ / "tests", Path(__file__).parent)))
ENTORNO = {**os.environ, "PYTHONPATH": RUTAS, "COLUMNS": "1000"}
"""Con COLUMNS, rich no parte los mensajes en líneas de 80 caracteres."""
EN_INGLES = ("Traceback", "Usage:", "Missing argument", "Missing option", "No such", "Invalid value",
             "Try '", "Got unexpected", "Aborted", "requires an argument")
"""Lo que el usuario nunca debe leer: trazas y los textos de click."""
ANTES_DEL_TRABAJADOR = {("evaluacion", "bucle_a.xlsx"): "no existe", ("evaluacion", "roto.xlsx"): "no existe"}
"""`evaluacion generar` (libro/cli/poi.py) pregunta `Path.exists()` antes de llamar a la biblioteca: un
enlace en bucle o roto «no existe» (en español, sin traza)."""
DE_OTRO_FORMATO = {(c, n): "no tiene la hoja «Fichas»" for c in ("pabulib", "rendicion")
                   for n in ("entidades.xlsx", "celda_lejana.xlsx")}
"""Los archivos hostiles con forma de POI no llegan a leerse donde se pide un libro del PP: el comando
responde que no es de su formato (sin abrir las hojas, donde está lo hostil)."""
MUESTRA = ("fifo.xlsx", "bucle_a.xlsx", "roto.xlsx", "carpeta.xlsx", "bomba.xlsx", "entidades.xlsx",
           "celda_lejana.xlsx", "cifrado.xlsx")
"""Un caso de cada revisión (ruta, enlaces, carpeta, ZIP, XML, hoja, OLE) para los comandos que no son
`calcular` (que recorre el corpus entero): todos pasan por el mismo `trabajos.en_trabajador`."""

Argumentos = Callable[[Path, Path], list]
COMANDOS: dict[str, tuple[Argumentos, str]] = {
    "calcular": (lambda e, s: ["calcular", e, "--salida", s], ".xlsx"),
    "evaluacion": (lambda e, s: ["evaluacion", "generar", e, "--trimestre", "1", "--salida", s], ".xlsx"),
    "importar": (lambda e, s: ["importar", "cronograma", e, "--salida", s], ".xlsx"),
    "calendario": (lambda e, s: ["calendario", e, "--salida", s, "--anio", "2025"], ".ics"),
    "pabulib": (lambda e, s: ["exportar", "pabulib", e, "--salida", s], ".pb"),
    "rendicion": (lambda e, s: ["rendicion", "generar", e, "--salida", s], ".xlsx"),
}


def libro_cli(*argumentos: object, **opciones: object) -> subprocess.CompletedProcess:
    proceso = subprocess.run([sys.executable, "-m", "libro.cli", *map(str, argumentos)], env=ENTORNO,
                             capture_output=True, text=True, timeout=300, **opciones)
    salida = proceso.stdout + proceso.stderr
    assert not [t for t in EN_INGLES if t in salida], (argumentos, salida)
    return proceso


def texto(proceso: subprocess.CompletedProcess) -> str:
    """Lo que se vio, sin los saltos de línea que rich agrega al ancho de la terminal."""
    return " ".join((proceso.stdout + proceso.stderr).split())


def _huellas(carpeta: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in carpeta.iterdir() if p.is_file() and not p.is_symlink()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, hostiles.Caso]]:
    carpeta = tmp_path_factory.mktemp("hostil") / "recibidos"
    carpeta.mkdir()
    return carpeta, hostiles.corpus(carpeta)


@pytest.fixture(scope="module")
def validos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Una entrada válida de cada comando."""
    carpeta = tmp_path_factory.mktemp("validos")
    poi = hostiles.poi(carpeta / "poi.xlsx")
    cronograma, _ = huayopata(carpeta, "cronograma.xlsx")
    proyectos = escribir_plantilla(PROYECTOS_PP, carpeta / "proyectos.xlsx", datos_proyectos())
    return {"calcular": poi, "evaluacion": poi, "importar": cronograma, "calendario": cronograma,
            "pabulib": proyectos, "rendicion": proyectos}


def _hostiles(comando: str, casos: dict[str, hostiles.Caso]) -> list[str]:
    elegidos = [n for n, c in casos.items() if c.estado is not None]
    return elegidos if comando == "calcular" else [n for n in elegidos if n in MUESTRA]


@pytest.mark.parametrize("comando", list(COMANDOS))
def test_cada_archivo_hostil_da_un_mensaje_que_lo_nombra(
    comando: str, corpus: tuple[Path, dict[str, hostiles.Caso]], tmp_path: Path
) -> None:
    carpeta, casos = corpus
    argumentos, extension = COMANDOS[comando]
    antes = _huellas(carpeta)
    fallas = []
    for nombre in _hostiles(comando, casos):
        caso = casos[nombre]
        proceso = libro_cli(*argumentos(caso.ruta, tmp_path / f"salida_{nombre}{extension}"))
        visto = texto(proceso)
        fragmento = caso.fragmento if caso.estado != "desconocido" else "no tiene las hojas"
        fragmento = ANTES_DEL_TRABAJADOR.get((comando, nombre), fragmento)
        fragmento = DE_OTRO_FORMATO.get((comando, nombre), fragmento)
        if proceso.returncode != 2 or f"{nombre}»" not in visto or fragmento not in visto:
            fallas.append((nombre, proceso.returncode, visto[-400:]))
    assert fallas == []
    assert list(tmp_path.iterdir()) == []  # ni salidas ni temporales
    assert _huellas(carpeta) == antes


def _sin_sello(calendario: str) -> list[str]:
    return [linea for linea in calendario.splitlines() if not linea.startswith("DTSTAMP")]


def _verdad(comando: str, entrada: Path, salida: Path) -> object:
    """Lo que la biblioteca da en el proceso de la prueba, para comparar con lo que escribió el comando."""
    if comando == "calcular":
        calcular_archivo(entrada, salida, Contexto())
        return hallazgos_de(salida)
    if comando == "evaluacion":
        generar_evaluacion(entrada, 1, salida)
        return hoja_de(salida, "Evaluación")
    if comando == "importar":
        importar_a_plantilla(entrada, salida)
        return hallazgos_de(salida)
    if comando == "calendario":
        exportar_calendario(entrada, salida, 2025)
        return _sin_sello(salida.read_text(encoding="utf-8"))
    if comando == "pabulib":
        exportar_pabulib_archivo(entrada, salida)
        return salida.read_text(encoding="utf-8")
    generar_rendicion(entrada, salida)
    return hoja_de(salida, "Ejecución")


def _lo_escrito(comando: str, salida: Path) -> object:
    return {
        "calcular": lambda: hallazgos_de(salida),
        "evaluacion": lambda: hoja_de(salida, "Evaluación"),
        "importar": lambda: hallazgos_de(salida),
        "calendario": lambda: _sin_sello(salida.read_text(encoding="utf-8")),
        "pabulib": lambda: salida.read_text(encoding="utf-8"),
        "rendicion": lambda: hoja_de(salida, "Ejecución"),
    }[comando]()


@pytest.mark.parametrize("comando", list(COMANDOS))
def test_un_libro_valido_da_su_resultado_verdadero(comando: str, validos: dict[str, Path],
                                                   tmp_path: Path) -> None:
    argumentos, extension = COMANDOS[comando]
    entrada = validos[comando]
    antes = entrada.read_bytes()
    salida = tmp_path / "comando" / f"salida{extension}"
    proceso = libro_cli(*argumentos(entrada, salida))
    esperado = 1 if comando == "importar" else 0  # el cronograma de Huayopata trae errores
    assert proceso.returncode == esperado, texto(proceso)
    assert _lo_escrito(comando, salida) == _verdad(comando, entrada, tmp_path / f"verdad{extension}")
    assert [p.name for p in salida.parent.iterdir()] == [salida.name]
    assert entrada.read_bytes() == antes


def test_calcular_con_cada_libro_valido_del_corpus(corpus: tuple[Path, dict[str, hostiles.Caso]],
                                                    tmp_path: Path) -> None:
    """Los POI válidos del corpus (también uno enlazado y uno que declara A1:XFD1048576) por `calcular`."""
    carpeta, casos = corpus
    for nombre in ("poi_limpio.xlsx", "poi_con_errores.xlsx", "dimension_enorme.xlsx", "enlace_a_poi.xlsx"):
        salida = tmp_path / f"calculado_{nombre}"
        proceso = libro_cli("calcular", carpeta / nombre, "--salida", salida)
        verdad = _verdad("calcular", carpeta / nombre, tmp_path / f"verdad_{nombre}")
        assert proceso.returncode == (1 if any(c.startswith("POI") for c, _ in verdad) else 0), nombre
        assert hallazgos_de(salida) == verdad, nombre


def test_la_muerte_del_trabajador_es_solo_un_mensaje(corpus: tuple[Path, dict[str, hostiles.Caso]],
                                                     tmp_path: Path) -> None:
    """Sin memoria o sin tiempo, el trabajador muere (lo mata el principal) y se dice en español."""
    carpeta, _ = corpus
    pesado = carpeta / "poi_pesado.xlsx"
    memoria = libro_cli("calcular", pesado, "--salida", tmp_path / "a.xlsx", "--memoria", "128")
    assert memoria.returncode == 2
    assert "«poi_pesado.xlsx»: leerlo necesitó más de 128 MB de memoria" in texto(memoria)
    tiempo = libro_cli("calcular", pesado, "--salida", tmp_path / "b.xlsx", "--segundos", "1")
    assert tiempo.returncode == 2
    assert "«poi_pesado.xlsx»: leerlo tomó más de 1 s" in texto(tiempo)
    assert list(tmp_path.iterdir()) == []


def test_la_salida_que_no_se_puede_escribir_se_nombra(corpus: tuple[Path, dict[str, hostiles.Caso]],
                                                      tmp_path: Path) -> None:
    """Un enlace, una tubería o una carpeta de solo lectura como salida: se nombra la salida, no la
    entrada."""
    carpeta, _ = corpus
    limpio = carpeta / "poi_limpio.xlsx"
    enlace = tmp_path / "enlace.xlsx"
    enlace.symlink_to(tmp_path / "otro.xlsx")
    tuberia = tmp_path / "tuberia.xlsx"
    os.mkfifo(tuberia)
    motivos = {enlace: "es un enlace simbólico", tuberia: "ya existe y no es un archivo común"}
    for salida, motivo in motivos.items():
        proceso = libro_cli("calcular", limpio, "--salida", salida)
        assert proceso.returncode == 2
        assert f"no se pudo escribir «{salida}»: {motivo}" in texto(proceso)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["enlace.xlsx", "tuberia.xlsx"]
    if os.geteuid() != 0:  # root escribe igual en una carpeta de solo lectura
        solo_lectura = tmp_path / "solo_lectura"
        solo_lectura.mkdir(mode=0o555)
        proceso = libro_cli("calcular", limpio, "--salida", solo_lectura / "c.xlsx")
        assert proceso.returncode == 2 and "no tiene permiso para escribir" in texto(proceso)
        assert "ilegible" not in texto(proceso)


_GANCHO = '''
import os, time, zipfile
from pathlib import Path

_escribir = zipfile.ZipFile.writestr


def _lento(self, *argumentos, **opciones):
    _escribir(self, *argumentos, **opciones)
    if self.mode == "w":  # la salida, ya con una parte escrita: avisa y espera a que la maten
        Path(os.environ["LIBRO_PRUEBA_SENAL"]).write_text(str(os.getpid()))
        time.sleep(600)


zipfile.ZipFile.writestr = _lento
'''


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG y /proc son de Linux")
@pytest.mark.parametrize("habia", [False, True], ids=["salida nueva", "salida que ya existía"])
def test_matar_calcular_mientras_escribe_no_deja_nada_a_medias(
    corpus: tuple[Path, dict[str, hostiles.Caso]], tmp_path: Path, habia: bool
) -> None:
    """SIGKILL a `libro calcular` cuando su trabajador ya escribió parte de la salida.

    Un `sitecustomize` de la prueba hace que el trabajador, tras escribir la primera parte del ZIP de
    salida, avise y espere: así se lo mata justo a mitad de la escritura.
    """
    carpeta, _ = corpus
    gancho = tmp_path / "gancho"
    gancho.mkdir()
    (gancho / "sitecustomize.py").write_text(_GANCHO)
    senal = tmp_path / "escribiendo"
    salidas = tmp_path / "salidas"
    salidas.mkdir()
    destino = salidas / "calculado.xlsx"
    if habia:
        destino.write_bytes(b"el calculado de ayer")
    entorno = {**ENTORNO, "PYTHONPATH": os.pathsep.join([str(gancho), ENTORNO["PYTHONPATH"]]),
               "LIBRO_PRUEBA_SENAL": str(senal)}
    entrada = carpeta / "poi_limpio.xlsx"
    comando = [sys.executable, "-m", "libro.cli", "calcular", str(entrada), "--salida", str(destino)]
    proceso = subprocess.Popen(comando, env=entorno, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    limite = time.monotonic() + 120
    while not (senal.exists() and senal.read_text()):
        assert proceso.poll() is None and time.monotonic() < limite, "el trabajador no llegó a escribir"
        time.sleep(0.02)
    trabajador = int(senal.read_text())
    assert trabajador != proceso.pid  # escribe el trabajador, no el principal
    proceso.send_signal(signal.SIGKILL)
    assert proceso.wait(timeout=30) == -signal.SIGKILL
    limite = time.monotonic() + 30
    while hostiles.vive(trabajador):  # muere con el principal (PR_SET_PDEATHSIG), sin limpiar nada
        assert time.monotonic() < limite, "el trabajador sobrevivió al principal"
        time.sleep(0.02)
    assert [p.name for p in salidas.iterdir()] == (["calculado.xlsx"] if habia else [])
    if habia:
        assert destino.read_bytes() == b"el calculado de ayer"
