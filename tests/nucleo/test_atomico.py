"""`libro.nucleo.atomico`: o queda la salida completa o queda lo que había; nunca un temporal ni un
enlace pisado."""

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from libro.nucleo import atomico
from libro.nucleo.atomico import EscrituraFallida, escribir_atomico, escribir_bytes

RAIZ = Path(__file__).resolve().parents[2]


def _escritor_lento(carpeta: Path, destino: str, letra: str, trozos: int, senal: Path | None,
                    con_nombre: bool = False) -> subprocess.Popen:
    """Otro proceso que escribe `destino` de a 1 MiB con pausas; crea `senal` tras el primer trozo."""
    codigo = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from libro.nucleo import atomico
        if {con_nombre}:
            atomico._anonimo = lambda carpeta: None
        def escribir(ruta):
            with open(ruta, "wb") as f:
                for i in range({trozos}):
                    f.write({letra!r}.encode() * 1024 * 1024)
                    f.flush()
                    if i == 0 and {str(senal)!r} != "None":
                        Path({str(senal)!r}).touch()
                    time.sleep(0.02)
        atomico.escribir_atomico(Path({str(carpeta / destino)!r}), escribir)
    """)
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    return subprocess.Popen([sys.executable, "-c", codigo], env=entorno)


def _esperar(senal: Path, segundos: float = 60) -> None:
    limite = time.monotonic() + segundos
    while not senal.exists():
        assert time.monotonic() < limite, "el escritor no empezó"
        time.sleep(0.01)


@pytest.mark.parametrize("con_nombre", [False, True], ids=["O_TMPFILE", "temporal con nombre"])
def test_sigkill_a_mitad_no_deja_salida_a_medias(tmp_path: Path, con_nombre: bool) -> None:
    carpeta = tmp_path / "salida"
    carpeta.mkdir()
    (carpeta / "informe.json").write_text("viejo")
    senal = tmp_path / "empezo"
    escritor = _escritor_lento(carpeta, "informe.json", "x", 10_000, senal, con_nombre)
    _esperar(senal)
    escritor.send_signal(signal.SIGKILL)
    assert escritor.wait(timeout=30) == -signal.SIGKILL
    assert (carpeta / "informe.json").read_text() == "viejo"
    restos = sorted(p.name for p in carpeta.iterdir() if p.name != "informe.json")
    if not con_nombre:
        assert restos == []  # el temporal anónimo muere con el proceso
        return
    # Con nombre queda un «.libro-….tmp»; la próxima escritura en la carpeta lo borra si es viejo.
    (resto,) = restos
    assert resto.startswith(atomico.PREFIJO) and resto.endswith(atomico.SUFIJO)
    hace_dos_horas = time.time() - 2 * 3600
    os.utime(carpeta / resto, (hace_dos_horas, hace_dos_horas))
    reciente = carpeta / f"{atomico.PREFIJO}de_otro_proceso{atomico.SUFIJO}"
    reciente.write_bytes(b"escribiendo")
    escribir_bytes(carpeta / "otro.json", b"{}")
    assert sorted(p.name for p in carpeta.iterdir()) == sorted(["informe.json", "otro.json", reciente.name])


def test_dos_escrituras_a_la_vez_no_comparten_temporal(tmp_path: Path) -> None:
    escritores = [_escritor_lento(tmp_path, "informe.bin", letra, 20, None) for letra in "AB"]
    assert [e.wait(timeout=120) for e in escritores] == [0, 0]
    datos = (tmp_path / "informe.bin").read_bytes()
    assert len(datos) == 20 * 1024 * 1024 and datos in (b"A" * len(datos), b"B" * len(datos))
    assert [p.name for p in tmp_path.iterdir()] == ["informe.bin"]


def test_escribe_y_conserva_permisos(tmp_path: Path) -> None:
    destino = tmp_path / "nueva" / "sub" / "informe.json"
    assert escribir_bytes(destino, b"{}") == destino and destino.read_bytes() == b"{}"
    destino.chmod(0o640)
    escribir_atomico(destino, lambda ruta: ruta.write_text('{"a": 1}'))
    assert destino.read_text() == '{"a": 1}' and stat.S_IMODE(destino.stat().st_mode) == 0o640
    assert [p.name for p in destino.parent.iterdir()] == ["informe.json"]


def test_no_escribe_a_traves_de_un_enlace_ni_sobre_lo_que_no_es_archivo(tmp_path: Path) -> None:
    ajeno = tmp_path / "ajeno.txt"
    ajeno.write_text("no tocar")
    enlace = tmp_path / "informe.json"
    enlace.symlink_to(ajeno)
    with pytest.raises(EscrituraFallida, match="enlace simbólico") as error:
        escribir_bytes(enlace, b"{}")
    assert str(enlace) in str(error.value)
    assert enlace.is_symlink() and ajeno.read_text() == "no tocar"
    os.mkfifo(tmp_path / "tubo.json")
    with pytest.raises(EscrituraFallida, match="no es un archivo común"):
        escribir_bytes(tmp_path / "tubo.json", b"{}")
    (tmp_path / "carpeta.json").mkdir()
    with pytest.raises(EscrituraFallida, match="ya existe una carpeta"):
        escribir_bytes(tmp_path / "carpeta.json", b"{}")


def test_ruta_imposible_en_espanol(tmp_path: Path) -> None:
    (tmp_path / "archivo").write_text("x")
    destino = tmp_path / "archivo" / "informe.json"
    with pytest.raises(EscrituraFallida) as error:
        escribir_bytes(destino, b"{}")
    assert str(error.value).startswith(f"no se pudo escribir «{destino}»: parte de la ruta es un archivo")
    assert "Not a directory" not in str(error.value)


@pytest.mark.parametrize(
    ("codigo", "fragmento"),
    [
        (errno.EACCES, "no tiene permiso"),
        (errno.EROFS, "solo lectura"),
        (errno.ENOSPC, "disco está lleno"),
        (errno.EIO, "el disco falló"),
        (errno.EMLINK, "código EMLINK"),
    ],
)
def test_errores_del_sistema_nombran_la_salida(tmp_path: Path, codigo: int, fragmento: str) -> None:
    """Cada errno, en español y con la ruta de SALIDA; sin temporal; el destino anterior intacto."""
    destino = tmp_path / "calculado.xlsx"
    destino.write_bytes(b"anterior")

    def escribir(ruta: Path) -> None:
        ruta.write_bytes(b"a medias")
        raise OSError(codigo, os.strerror(codigo))

    with pytest.raises(EscrituraFallida) as error:
        escribir_atomico(destino, escribir)
    mensaje = str(error.value)
    assert mensaje.startswith(f"no se pudo escribir «{destino}»") and fragmento in mensaje
    assert os.strerror(codigo) not in mensaje
    assert destino.read_bytes() == b"anterior" and [p.name for p in tmp_path.iterdir()] == ["calculado.xlsx"]


def test_falla_al_reemplazar_no_deja_temporal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def sin_permiso(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomico.os, "replace", sin_permiso)
    with pytest.raises(EscrituraFallida, match="no tiene permiso"):
        escribir_bytes(tmp_path / "informe.json", b"{}")
    assert list(tmp_path.iterdir()) == []


def test_error_envuelto_por_la_biblioteca(tmp_path: Path) -> None:
    """XlsxWriter envuelve el OSError en su propia excepción: igual se traduce."""

    def escribir(ruta: Path) -> None:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as error:
            raise RuntimeError("FileCreateError") from error

    with pytest.raises(EscrituraFallida, match="disco está lleno"):
        escribir_atomico(tmp_path / "informe.xlsx", escribir)


@pytest.mark.parametrize("excepcion", [KeyboardInterrupt, SystemExit, ValueError])
def test_interrupcion_borra_el_temporal_y_sigue_de_largo(tmp_path: Path, excepcion: type) -> None:
    def escribir(ruta: Path) -> None:
        ruta.write_bytes(b"x" * 1000)
        raise excepcion()

    with pytest.raises(excepcion):
        escribir_atomico(tmp_path / "informe.json", escribir)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root escribe en carpetas de solo lectura")
def test_carpeta_de_solo_lectura_de_verdad(tmp_path: Path) -> None:
    carpeta = tmp_path / "solo_lectura"
    carpeta.mkdir()
    carpeta.chmod(0o555)
    try:
        with pytest.raises(EscrituraFallida, match="no tiene permiso"):
            escribir_bytes(carpeta / "informe.json", b"{}")
    finally:
        carpeta.chmod(0o755)
