"""Reglas de la hoja «Modificaciones» del POI (Directiva 003-2016-MPH/17, 8.2.3 y art. 11).

Las hojas «Actividades» e «Insumos» guardan lo aprobado; cada fila de «Modificaciones» registra un
cambio. El presupuesto tras los cambios = lo aprobado + (después − antes) de las valorizaciones
− lo que liberan las cancelaciones + las nuevas actividades; no puede superar el marco.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.codecs import ValorInvalido, numero_desde_texto
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.poi.formato import Modificacion
from validadores.poi import _valorizacion

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "MOD-001",
        E,
        "Modificación sin motivo",
        "la modificación de «{actividad}» ({campo}) no indica el motivo. Elija de la lista una de "
        "las causas del punto 8.2.3 de la Directiva.",
    ),
    Definicion(
        "MOD-002",
        E,
        "Modificaciones que superan el marco presupuestal",
        "tras las modificaciones el POI suma S/ {total} (aprobado S/ {aprobado}, cambios "
        "{cambios}) y el marco presupuestal es S/ {valor}. Los cambios de prioridades deben "
        "ceñirse al marco (art. 11): compense con reducciones o cancelaciones.",
    ),
    Definicion(
        "MOD-003",
        E,
        "Modificación de una actividad inexistente",
        "la actividad «{valor}» no está en la hoja «Actividades». Use un código existente o elija "
        "«Nueva actividad» en «Campo modificado».",
    ),
    Definicion(
        "MOD-004",
        E,
        "Valor no numérico",
        "«{titulo}» {encontrado} y para «{campo}» se espera {esperado}. Escríbalo como número.",
    ),
    Definicion(
        "MOD-005",
        A,
        "Modificación sin documento de aprobación",
        "la modificación de «{actividad}» ({campo}) no indica el documento que la aprueba.",
    ),
    Definicion(
        "MOD-006",
        A,
        "Valor antes distinto del vigente",
        "«Valor antes» es {valor} pero {campo} vigente de «{actividad}» es {vigente} (lo aprobado "
        "más las modificaciones anteriores). Revise el valor o el orden de las filas.",
    ),
    Definicion(
        "MOD-007",
        A,
        "Nueva actividad que ya está en «Actividades»",
        "«{valor}» ya está en la hoja «Actividades», que guarda lo aprobado; su valorización no se "
        "suma otra vez. Si es nueva, use un código que no esté en esa hoja.",
    ),
    Definicion(
        "MOD-008",
        E,
        "Modificación de una actividad cancelada",
        "la actividad «{valor}» se canceló en la fila {fila_cancelacion}; no puede modificarse "
        "después. Registre una «Nueva actividad» si se retoma.",
    ),
)

NUMERICOS = {
    "Meta anual": "una meta física",
    "Valorización": "un monto en soles",
    "Cancelación": "un monto en soles",
    "Nueva actividad": "un monto en soles",
}


@dataclass(frozen=True)
class Cambio:
    """Efecto de una fila en el presupuesto (soles) y lo observado al leerla."""

    delta: float
    observaciones: tuple[Observacion, ...] = ()


def _numero(texto: str | None) -> float | None:
    if texto is None:
        return None
    try:
        return numero_desde_texto(texto)
    except ValorInvalido:
        return None


def _n(valor: float) -> str:
    return f"{valor:,.2f}"


class _Recorrido:
    """Recorre las modificaciones en orden llevando la meta, la valorización y las cancelaciones."""

    def __init__(self, libro: LibroLeido, lectura: Lectura) -> None:
        self.lectura = lectura
        actividades = libro.filas("Actividades")
        self.aprobadas = {a.codigo for a in actividades if a.codigo}
        self.soles = {a.codigo: _valorizacion(a) for a in actividades if a.codigo}
        self.metas = {a.codigo: a.meta_anual for a in actividades if a.codigo}
        self.canceladas: dict[str, int] = {}

    def _obs(
        self, codigo: str, m: Modificacion, en: str, valor: object = None, **datos: object
    ) -> Observacion:
        """Observación en la celda del campo `en` de la fila de la modificación."""
        return CATALOGO.obs(codigo, self.lectura.hoja, m.fila, self.lectura.columna(en), valor, **datos)

    def _leer(self, m: Modificacion, campo: str, obs: list[Observacion]) -> float | None:
        texto = getattr(m, campo)
        numero = _numero(texto)
        if texto is not None and numero is None:
            columna = "Valor antes" if campo == "valor_antes" else "Valor después"
            obs.append(
                self._obs(
                    "MOD-004",
                    m,
                    campo,
                    texto,
                    titulo=columna,
                    campo=m.campo,
                    esperado=NUMERICOS[m.campo],
                    encontrado=f"tiene «{texto}»",
                )
            )
        return numero

    def cambio(self, m: Modificacion) -> Cambio:
        obs: list[Observacion] = []
        codigo, campo = m.actividad, m.campo
        if codigo is None or campo is None:
            return Cambio(0.0)
        nombre = {"actividad": codigo, "campo": campo.lower()}
        if not m.motivo:
            obs.append(self._obs("MOD-001", m, "motivo", **nombre))
        if not m.documento:
            obs.append(self._obs("MOD-005", m, "documento", **nombre))
        if codigo in self.canceladas:
            obs.append(
                self._obs("MOD-008", m, "actividad", codigo, fila_cancelacion=self.canceladas[codigo] + 1)
            )
            return Cambio(0.0, tuple(obs))
        if campo == "Nueva actividad":
            despues = self._leer(m, "valor_despues", obs)
            if codigo in self.aprobadas:
                obs.append(self._obs("MOD-007", m, "actividad", codigo))
                return Cambio(0.0, tuple(obs))
            self.soles[codigo] = despues or 0.0
            return Cambio(despues or 0.0, tuple(obs))
        if codigo not in self.soles:
            obs.append(self._obs("MOD-003", m, "actividad", codigo))
            return Cambio(0.0, tuple(obs))
        if campo == "Programación mensual":
            return Cambio(0.0, tuple(obs))
        antes = self._leer(m, "valor_antes", obs) if campo in NUMERICOS else None
        vigente = self.metas.get(codigo) if campo == "Meta anual" else self.soles[codigo]
        if antes is not None and vigente is not None and abs(antes - vigente) > 0.005:
            obs.append(
                self._obs(
                    "MOD-006",
                    m,
                    "valor_antes",
                    antes,
                    campo=campo.lower(),
                    actividad=codigo,
                    vigente=f"{vigente:,.2f}".rstrip("0").rstrip("."),
                )
            )
        if campo == "Cancelación":
            self.canceladas[codigo] = m.fila
            liberado = antes if antes is not None else self.soles[codigo]
            self.soles[codigo] = 0.0
            return Cambio(-liberado, tuple(obs))
        despues = self._leer(m, "valor_despues", obs)
        if despues is None:
            if m.valor_despues is None:
                obs.append(
                    self._obs(
                        "MOD-004",
                        m,
                        "valor_despues",
                        "",
                        titulo="Valor después",
                        encontrado="está vacío",
                        campo=campo,
                        esperado=NUMERICOS[campo],
                    )
                )
            return Cambio(0.0, tuple(obs))
        if campo == "Meta anual":
            self.metas[codigo] = despues
            return Cambio(0.0, tuple(obs))
        base = antes if antes is not None else self.soles[codigo]
        self.soles[codigo] = despues
        return Cambio(round(despues - base, 2), tuple(obs))


def recorrer(libro: LibroLeido) -> tuple[list[Observacion], float]:
    """Observaciones de cada fila y la suma de los cambios en soles."""
    lectura = libro.hojas.get("Modificaciones")
    if lectura is None or not lectura.filas:
        return [], 0.0
    recorrido = _Recorrido(libro, lectura)
    observaciones: list[Observacion] = []
    total = 0.0
    for m in lectura.filas:
        cambio = recorrido.cambio(m)
        observaciones.extend(cambio.observaciones)
        total += cambio.delta
    return observaciones, round(total, 2)


def presupuesto_modificado(libro: LibroLeido) -> float:
    """Lo aprobado en «Actividades» más los cambios en soles de «Modificaciones»."""
    aprobado = round(sum(_valorizacion(a) for a in libro.filas("Actividades")), 2)
    return round(aprobado + recorrer(libro)[1], 2)


def filas_de_modificaciones(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    yield from recorrer(libro)[0]


def dentro_del_marco(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Solo si hay modificaciones en soles: el marco sin cambios ya lo revisa POI-017."""
    datos = libro.hojas.get("Datos")
    if datos is None or not datos.filas or not libro.filas("Modificaciones"):
        return
    marco = datos.filas[0].marco_presupuestal
    _, cambios = recorrer(libro)
    if not marco or not cambios:
        return
    aprobado = round(sum(_valorizacion(a) for a in libro.filas("Actividades")), 2)
    total = round(aprobado + cambios, 2)
    if total > marco + 0.005:
        signo = "+" if cambios > 0 else "−"
        yield CATALOGO.obs(
            "MOD-002",
            datos.hoja,
            *datos.ubicaciones["marco_presupuestal"],
            _n(marco),
            total=_n(total),
            aprobado=_n(aprobado),
            cambios=f"{signo}S/ {_n(abs(cambios))}",
        )


REGLAS = (filas_de_modificaciones, dentro_del_marco)
