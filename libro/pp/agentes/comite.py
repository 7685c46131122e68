"""Elección del Comité de Vigilancia (Reglamento PP 2026, art. 5, 14.2 b y 18).

Art. 5: instancia «conformada exclusivamente por agentes participantes de la sociedad civil».
Art. 18: elegido «mediante voto por los Agentes Participantes en el primer taller»; «ocho (8)
agentes participantes acreditados, por un periodo de un año, correspondiente al ejercicio
presupuestal siguiente al de su elección».
"""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

MIEMBROS_COMITE = 8
"""Art. 18: ocho (8) agentes participantes acreditados."""


class CategoriaAgente(StrEnum):
    """Procedencia del agente participante (art. 7)."""

    ORGANIZACION_SOCIAL = "organización social de base"
    INSTITUCION_PRIVADA = "persona jurídica / institución privada"
    INSTITUCION_PUBLICA = "institución pública"
    AUTORIDAD = "autoridad o funcionario"
    """Miembros del Concejo Municipal y representantes del Estado en el CCLD (art. 7.1 y 7.2)."""


SOCIEDAD_CIVIL = frozenset({CategoriaAgente.ORGANIZACION_SOCIAL, CategoriaAgente.INSTITUCION_PRIVADA})
"""Art. 5, «Sociedad Civil»: organizaciones sociales de base y organismos e instituciones
privadas."""


class Agente(BaseModel):
    model_config = ConfigDict(frozen=True)

    dni: str
    nombre: str
    categoria: CategoriaAgente
    organizacion: str = ""
    acreditado: bool = True
    funcionario_publico: bool = False
    """Servidor o funcionario público aunque lo envíe una organización civil: no es elegible."""


class Papeleta(BaseModel):
    """Voto de un agente: uno o más candidatos (DNI)."""

    model_config = ConfigDict(frozen=True)

    elector: str
    candidatos: tuple[str, ...]


def es_elegible(agente: Agente) -> bool:
    """Agente acreditado de la sociedad civil que no es funcionario (art. 5 y 18)."""
    return (
        agente.acreditado
        and agente.categoria in SOCIEDAD_CIVIL
        and not agente.funcionario_publico
    )


def motivo_no_elegible(agente: Agente) -> str | None:
    """Por qué el agente no puede integrar el Comité, o None si puede."""
    if not agente.acreditado:
        return "no es agente participante acreditado (art. 18)"
    if agente.categoria not in SOCIEDAD_CIVIL:
        return f"{agente.categoria}: el comité es exclusivamente de la sociedad civil (art. 5)"
    if agente.funcionario_publico:
        return "es funcionario o servidor público: no representa a la sociedad civil (art. 5)"
    return None


class Conteo(BaseModel):
    model_config = ConfigDict(frozen=True)

    votos: dict[str, int]
    """Votos válidos por candidato elegible (DNI)."""
    observaciones: tuple[str, ...]
    """Papeletas o votos no contados y por qué."""


def contar_votos(
    agentes: Iterable[Agente],
    papeletas: Iterable[Papeleta],
    max_por_papeleta: int | None = None,
) -> Conteo:
    """Cuenta los votos válidos.

    Vota todo agente acreditado (art. 18), una sola papeleta; la segunda se anula. No se cuentan
    los votos a no elegibles, un candidato repetido en la misma papeleta cuenta una vez, y una
    papeleta con más de `max_por_papeleta` candidatos se anula.
    """
    por_dni = {a.dni: a for a in agentes}
    votos = {dni: 0 for dni, a in por_dni.items() if es_elegible(a)}
    observaciones: list[str] = []
    ya_votaron: set[str] = set()
    for i, p in enumerate(papeletas, start=1):
        elector = por_dni.get(p.elector)
        if elector is None or not elector.acreditado:
            observaciones.append(f"papeleta {i}: el elector {p.elector} no es agente acreditado")
            continue
        if p.elector in ya_votaron:
            observaciones.append(f"papeleta {i}: el elector {p.elector} ya votó")
            continue
        ya_votaron.add(p.elector)
        elegidos = list(dict.fromkeys(p.candidatos))
        if max_por_papeleta is not None and len(elegidos) > max_por_papeleta:
            observaciones.append(
                f"papeleta {i}: {len(elegidos)} candidatos, más de {max_por_papeleta}; anulada"
            )
            continue
        for dni in elegidos:
            if dni in votos:
                votos[dni] += 1
                continue
            candidato = por_dni.get(dni)
            motivo = "no es agente participante" if candidato is None else motivo_no_elegible(
                candidato
            )
            observaciones.append(f"papeleta {i}: voto por {dni} no contado ({motivo})")
    return Conteo(votos=votos, observaciones=tuple(observaciones))


class ResultadoComite(BaseModel):
    """Resultado de la elección; si hay empate en el corte, no se adivina: se informa."""

    model_config = ConfigDict(frozen=True)

    electos: tuple[str, ...]
    """DNI de los electos sin discusión, de más a menos votos."""
    empatados: tuple[str, ...]
    """Candidatos empatados en el corte que disputan los últimos puestos."""
    puestos_en_disputa: int
    vacantes: int
    """Puestos que quedan sin cubrir por falta de candidatos con votos."""
    votos: dict[str, int]
    observaciones: tuple[str, ...]
    periodo: int
    """Año fiscal de funciones: el siguiente al de la elección (art. 18)."""

    @property
    def completo(self) -> bool:
        return not self.empatados and not self.vacantes

    @property
    def periodo_inicio(self) -> date:
        return date(self.periodo, 1, 1)

    @property
    def periodo_fin(self) -> date:
        return date(self.periodo, 12, 31)


def elegir_comite(
    agentes: Iterable[Agente],
    papeletas: Iterable[Papeleta],
    fecha_eleccion: date,
    miembros: int = MIEMBROS_COMITE,
    max_por_papeleta: int | None = None,
) -> ResultadoComite:
    """Elige a los `miembros` candidatos elegibles más votados (solo con al menos un voto).

    Si varios empatan en el último voto que entra, los que quedan por encima son electos y los
    empatados se informan con los puestos que disputan, para que el taller lo resuelva.
    """
    agentes = list(agentes)
    conteo = contar_votos(agentes, papeletas, max_por_papeleta)
    nombres = {a.dni: a.nombre for a in agentes}
    con_votos = sorted(
        ((dni, n) for dni, n in conteo.votos.items() if n > 0),
        key=lambda par: (-par[1], nombres[par[0]], par[0]),
    )
    periodo = fecha_eleccion.year + 1
    if len(con_votos) <= miembros:
        return ResultadoComite(
            electos=tuple(dni for dni, _ in con_votos),
            empatados=(),
            puestos_en_disputa=0,
            vacantes=miembros - len(con_votos),
            votos=conteo.votos,
            observaciones=conteo.observaciones,
            periodo=periodo,
        )
    corte = con_votos[miembros - 1][1]
    arriba = tuple(dni for dni, n in con_votos if n > corte)
    en_corte = tuple(dni for dni, n in con_votos if n == corte)
    if len(arriba) + len(en_corte) <= miembros:
        electos, empatados = arriba + en_corte, ()
    else:
        electos, empatados = arriba, en_corte
    return ResultadoComite(
        electos=electos,
        empatados=empatados,
        puestos_en_disputa=miembros - len(electos) if empatados else 0,
        vacantes=0,
        votos=conteo.votos,
        observaciones=conteo.observaciones,
        periodo=periodo,
    )
