"""Escrituras que no pueden dañar nada: o queda el archivo completo, o queda lo que había.

`escribir_atomico(destino, escribir)` hace que `escribir(ruta)` escriba en un temporal de la misma
carpeta del destino, lo baja a disco (fsync) y lo pone en su lugar con `os.replace` (atómico).

- El temporal es anónimo donde Linux lo permite (`O_TMPFILE`): no tiene nombre hasta el final, así
  que un proceso muerto a mitad de escritura (incluso con SIGKILL, donde no corre ninguna limpieza)
  no deja nada en la carpeta. `escribir` recibe entonces `/proc/self/fd/N` (sin extensión): debe
  abrir esa ruta y escribir en ella, en este mismo proceso, sin renombrar nada sobre ella.
- Si no (otro sistema, o un disco sin `O_TMPFILE`), un temporal con nombre único «.libro-….tmp». La
  política de restos: una escritura en una carpeta borra primero los «.libro-….tmp» propios de más
  de una hora, los que dejó un proceso muerto. Con `O_TMPFILE` ese resto solo puede quedar si el
  proceso muere entre darle nombre y reemplazar el destino (microsegundos).
- Nunca escribe a través de un enlace simbólico ni sobre algo que no sea un archivo regular.
- Cualquier falla (también Ctrl+C o `SystemExit`) borra el temporal. Las del sistema llegan como
  `EscrituraFallida`, con un mensaje en español que nombra la ruta de SALIDA y dice qué hacer.
"""

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PREFIJO = ".libro-"
SUFIJO = ".tmp"
RESTO_VIEJO = 3600.0
"""Segundos tras los que un temporal propio se da por abandonado."""

_barridas: set[str] = set()


class EscrituraFallida(Exception):
    """No se pudo escribir la salida; el mensaje nombra la ruta de salida."""

    def __init__(self, destino: Path, motivo: str) -> None:
        super().__init__(f"no se pudo escribir «{destino}»: {motivo}")
        self.destino = destino
        self.motivo = motivo

    def __reduce__(self) -> tuple[type["EscrituraFallida"], tuple[Path, str]]:
        """Viaja entera del trabajador que escribía al proceso principal."""
        return type(self), (self.destino, self.motivo)


def escribir_atomico(destino: Path, escribir: Callable[[Path], None]) -> Path:
    """Escribe `destino` de una vez con `escribir(ruta_temporal)`; devuelve `destino`."""
    destino = Path(destino)
    carpeta = destino.parent
    modo = _modo(destino)
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        _barrer(carpeta)
        temporal = _Temporal(carpeta)
    except OSError as error:
        raise EscrituraFallida(destino, motivo(error, carpeta)) from None
    try:
        escribir(temporal.ruta)
        temporal.publicar(destino, modo)
    except BaseException as error:
        temporal.descartar()
        sistema = _error_de_sistema(error) if isinstance(error, Exception) else None
        if sistema is None:
            raise
        raise EscrituraFallida(destino, motivo(sistema, carpeta)) from None
    return destino


def escribir_bytes(destino: Path, datos: bytes) -> Path:
    """`escribir_atomico` de unos bytes ya hechos (un informe JSON, p. ej.)."""
    return escribir_atomico(destino, lambda ruta: ruta.write_bytes(datos))


def _modo(destino: Path) -> int:
    """Permisos del archivo nuevo: los del que reemplaza, o los normales; rechaza enlaces y no-archivos."""
    try:
        actual = os.lstat(destino)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as error:
        raise EscrituraFallida(destino, motivo(error, destino.parent)) from None
    if stat.S_ISLNK(actual.st_mode):
        raise EscrituraFallida(
            destino, "es un enlace simbólico; libro no escribe a través de enlaces: elija otra ruta de salida"
        )
    if stat.S_ISDIR(actual.st_mode):
        raise EscrituraFallida(destino, "ya existe una carpeta con ese nombre: elija otro nombre de salida")
    if not stat.S_ISREG(actual.st_mode):
        raise EscrituraFallida(
            destino, "ya existe y no es un archivo común (¿una tubería o un dispositivo?): elija otra ruta"
        )
    return stat.S_IMODE(actual.st_mode) & 0o777


def _umask() -> int:
    try:
        with open("/proc/self/status") as estado:
            for linea in estado:
                if linea.startswith("Umask:"):
                    return int(linea.split()[1], 8)
    except (OSError, ValueError):
        pass
    actual = os.umask(0o022)
    os.umask(actual)
    return actual


class _Temporal:
    """Anónimo (`O_TMPFILE`) si se puede; si no, con nombre único «.libro-….tmp»."""

    def __init__(self, carpeta: Path) -> None:
        self.carpeta = carpeta
        self.nombre: Path | None = None
        self.descriptor = _anonimo(carpeta)
        if self.descriptor is None:
            self.descriptor, nombre = tempfile.mkstemp(dir=carpeta, prefix=PREFIJO, suffix=SUFIJO)
            self.nombre = self.ruta = Path(nombre)
        else:
            self.ruta = Path(f"/proc/self/fd/{self.descriptor}")

    def publicar(self, destino: Path, modo: int) -> None:
        if hasattr(os, "fchmod"):  # en Windows el archivo hereda los permisos de la carpeta
            os.fchmod(self.descriptor, modo)
        os.fsync(self.descriptor)
        if self.nombre is None:
            nombre = f"{PREFIJO}{os.urandom(8).hex()}{SUFIJO}"
            carpeta = os.open(self.carpeta, os.O_RDONLY)
            try:  # linkat(AT_SYMLINK_FOLLOW): el anónimo recibe nombre (con dst_dir_fd, os.link lo usa)
                os.link(self.ruta, nombre, dst_dir_fd=carpeta, follow_symlinks=True)
            finally:
                os.close(carpeta)
            self.nombre = self.carpeta / nombre
        os.replace(self.nombre, destino)
        self.nombre = None
        os.close(self.descriptor)
        self.descriptor = -1
        _sincronizar(self.carpeta)

    def descartar(self) -> None:
        if self.nombre is not None:
            try:
                os.unlink(self.nombre)
            except OSError:
                pass
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1


def _anonimo(carpeta: Path) -> int | None:
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(carpeta, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise


def _sincronizar(carpeta: Path) -> None:
    """Baja a disco la entrada de la carpeta (donde el sistema lo permite)."""
    try:
        descriptor = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _barrer(carpeta: Path) -> None:
    """Borra los temporales propios abandonados (más de `RESTO_VIEJO` s); una vez por carpeta y proceso."""
    clave = os.path.abspath(carpeta)
    if clave in _barridas:
        return
    _barridas.add(clave)
    limite = time.time() - RESTO_VIEJO
    with os.scandir(carpeta) as entradas:
        for entrada in entradas:
            if not (entrada.name.startswith(PREFIJO) and entrada.name.endswith(SUFIJO)):
                continue
            try:
                datos = entrada.stat(follow_symlinks=False)
                propio = not hasattr(os, "getuid") or datos.st_uid == os.getuid()
                if stat.S_ISREG(datos.st_mode) and propio and datos.st_mtime < limite:
                    os.unlink(entrada.path)
            except OSError:
                pass


def _error_de_sistema(error: BaseException) -> OSError | None:
    """El OSError detrás de la falla (algunas bibliotecas lo envuelven en su propia excepción)."""
    pendientes, vistos = [error], set()
    while pendientes:
        actual = pendientes.pop()
        if id(actual) in vistos:
            continue
        vistos.add(id(actual))
        if isinstance(actual, OSError) and actual.errno is not None:
            return actual
        relacionados = (actual.__cause__, actual.__context__, *actual.args)
        pendientes += [e for e in relacionados if isinstance(e, BaseException)]
    return None


def motivo(error: OSError, carpeta: Path) -> str:
    """El porqué de una falla del sistema al escribir, en español y con qué hacer."""
    codigo = error.errno
    if codigo in (errno.EACCES, errno.EPERM):
        return (
            f"no tiene permiso para escribir en la carpeta «{carpeta}» (o el archivo está abierto en otro "
            "programa, como Excel): ciérrelo o elija otra carpeta"
        )
    if codigo == errno.EROFS:
        return f"la carpeta «{carpeta}» está en un disco de solo lectura: elija otra carpeta"
    if codigo in (errno.ENOSPC, errno.EDQUOT):
        return "el disco está lleno (o se acabó su cuota): libere espacio y repita"
    if codigo == errno.ENOENT:
        return f"la carpeta «{carpeta}» no existe y no se pudo crear"
    if codigo == errno.ENOTDIR:
        return "parte de la ruta es un archivo y no una carpeta: revise la ruta de salida"
    if codigo == errno.EISDIR:
        return "es una carpeta: elija otro nombre de salida"
    if codigo == errno.ENAMETOOLONG:
        return "el nombre o la ruta son demasiado largos: acórtelos"
    if codigo in (errno.EBUSY, errno.ETXTBSY):
        return "está en uso por otro programa: ciérrelo y repita"
    if codigo == errno.EIO:
        return "el disco falló al escribir (¿se desconectó la memoria USB o la unidad de red?)"
    nombre = errno.errorcode.get(codigo, str(codigo)) if codigo is not None else "desconocido"
    return f"el sistema rechazó la escritura (código {nombre}); revise la carpeta y repita"
