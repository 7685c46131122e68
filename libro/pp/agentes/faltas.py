"""Faltas a las normas de convivencia y sanciones (Reglamento PP 2026, art. 20 y 21)."""

from collections.abc import Iterable
from datetime import date
from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict

from libro.nucleo.textos import MESES_LARGOS


class TipoFalta(StrEnum):
    """Art. 20, numerales 1 a 4."""

    AGRESION = "agresión física y/o verbal entre agentes participantes"
    ESTADO_ETILICO = "asistir en estado etílico y/o habiendo consumido drogas"
    ALTERACION_VIOLENTA = "alterar de manera violenta el normal desarrollo del taller"
    INTERRUPCION = "interrupción constante de los agentes participantes en el taller"


class Sancion(IntEnum):
    """Art. 21: la sanción depende de la reiteración (1.ª, 2.ª, 3.ª vez)."""

    INVOCACION = 1
    """Se invoca al agente el cese de la falta."""
    ORDEN_DE_CESE = 2
    """Se ordena al agente el cese de la falta reiterada."""
    RETIRO = 3
    """Retiro del taller y solicitud de sustitución a la organización."""

    @property
    def descripcion(self) -> str:
        return _DESCRIPCION[self]


_DESCRIPCION = {
    Sancion.INVOCACION: "invocación al cese de la falta (art. 21.1)",
    Sancion.ORDEN_DE_CESE: "orden de cese de la falta reiterada (art. 21.2)",
    Sancion.RETIRO: "retiro del taller y solicitud de sustitución del representante (art. 21.3)",
}


class Falta(BaseModel):
    """Una falta anotada por el Equipo Técnico."""

    model_config = ConfigDict(frozen=True)

    dni: str
    nombre: str
    organizacion: str
    fecha: date
    tipo: TipoFalta
    taller: str
    detalle: str = ""


class FaltaSancionada(BaseModel):
    model_config = ConfigDict(frozen=True)

    falta: Falta
    reiteracion: int
    """1 para la primera falta del agente, 2 para la segunda, etc."""
    sancion: Sancion


class Retiro(BaseModel):
    """Agente que llegó a la tercera falta: se retira y se pide su sustitución."""

    model_config = ConfigDict(frozen=True)

    dni: str
    nombre: str
    organizacion: str
    fecha: date
    """Fecha de la tercera falta."""
    faltas: tuple[Falta, ...]
    """Las faltas hasta la tercera, en orden."""


def sancion_por_reiteracion(reiteracion: int) -> Sancion:
    """Sanción que corresponde a la n-ésima falta del agente (n ≥ 3 → retiro)."""
    if reiteracion < 1:
        raise ValueError(f"la reiteración empieza en 1, no {reiteracion}")
    return Sancion(min(reiteracion, Sancion.RETIRO))


def sancionar(registro: Iterable[Falta], por_taller: bool = False) -> list[FaltaSancionada]:
    """Cada falta con su sanción, en orden de fecha (a igual fecha, en el orden del registro).

    Las faltas se cuentan por agente (DNI) en todo el proceso; con `por_taller=True` el conteo
    vuelve a empezar en cada taller. El art. 21 no precisa cuál de los dos: por defecto se cuenta
    en todo el proceso.
    """
    cuenta: dict[tuple[str, str], int] = {}
    resultado: list[FaltaSancionada] = []
    for f in sorted(registro, key=lambda f: f.fecha):
        llave = (f.dni, f.taller if por_taller else "")
        cuenta[llave] = cuenta.get(llave, 0) + 1
        n = cuenta[llave]
        resultado.append(FaltaSancionada(falta=f, reiteracion=n, sancion=sancion_por_reiteracion(n)))
    return resultado


def retiros(registro: Iterable[Falta], por_taller: bool = False) -> list[Retiro]:
    """Agentes que llegan a la tercera falta (art. 21.3), en el orden en que llegaron."""
    sancionadas = sancionar(registro, por_taller)
    resultado: list[Retiro] = []
    for s in sancionadas:
        if s.reiteracion != Sancion.RETIRO:
            continue
        previas = tuple(
            o.falta
            for o in sancionadas
            if o.falta.dni == s.falta.dni
            and (not por_taller or o.falta.taller == s.falta.taller)
            and o.reiteracion <= s.reiteracion
        )
        resultado.append(
            Retiro(
                dni=s.falta.dni,
                nombre=s.falta.nombre,
                organizacion=s.falta.organizacion,
                fecha=s.falta.fecha,
                faltas=previas,
            )
        )
    return resultado


def fecha_larga(fecha: date) -> str:
    """«5 de mayo de 2025»."""
    return f"{fecha.day} de {MESES_LARGOS[fecha.month - 1]} de {fecha.year}"


def carta_sustitucion(
    retiro: Retiro,
    fecha: date,
    firmante: str,
    cargo: str = "Presidente del Equipo Técnico del Presupuesto Participativo",
    anio_fiscal: int = 2026,
    numero: str | None = None,
    lugar: str = "",
) -> str:
    """Carta a la organización pidiendo sustituir a su representante (art. 21.3).

    `lugar` (el distrito) sale del libro; vacío, queda una línea para escribirlo a mano."""
    titulo = f"CARTA N° {numero}" if numero else "CARTA"
    detalle = "\n".join(
        f"  {i}. {fecha_larga(f.fecha)}, {f.taller}: {f.tipo}"
        + (f" ({f.detalle})" if f.detalle else "")
        for i, f in enumerate(retiro.faltas, start=1)
    )
    return f"""{lugar or "________________"}, {fecha_larga(fecha)}

{titulo}

Señores
{retiro.organizacion}
Presente.-

Asunto: Solicitud de sustitución de representante ante el Proceso del Presupuesto \
Participativo Basado en Resultados para el año fiscal {anio_fiscal}

De nuestra consideración:

Nos dirigimos a ustedes para comunicarles que el(la) señor(a) {retiro.nombre}, identificado(a) \
con DNI N° {retiro.dni}, agente participante acreditado(a) en representación de su \
organización, incurrió por tercera vez en faltas a las normas de convivencia previstas en el \
artículo 20 del Reglamento del Proceso del Presupuesto Participativo:

{detalle}

En aplicación del numeral 3 del artículo 21 del Reglamento, el Equipo Técnico dispuso su retiro \
del taller de trabajo. En tal sentido, solicitamos a su organización la sustitución de su \
representante, designando a un(a) nuevo(a) representante conforme a los requisitos del numeral 3 \
del artículo 13 del Reglamento.

Atentamente,


{firmante}
{cargo}
"""
