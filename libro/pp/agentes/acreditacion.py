"""Inscripción y acreditación de agentes participantes (Reglamento PP 2026, art. 13.3 y 13.4).

Funciones puras: reciben solicitudes ya digitadas y devuelven su estado («apto», «observado»,
«no apto»), los duplicados y la lista definitiva por eje zonal.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from libro.nucleo.textos import clave, fecha_texto

DIAS_HABILES_SUBSANACION = 2
"""Art. 13.4: plazo «no mayor de Dos (02) días hábiles, contados a partir de la fecha de realizada
la observación»."""


class TipoPostulante(StrEnum):
    """Los tres literales del art. 13.3."""

    ORGANIZACION_SOCIAL = "organización social de base"
    """13.3 a): organización social inscrita en el RUOS."""
    INSTITUCION_PRIVADA = "persona jurídica / institución privada"
    """13.3 b): personas jurídicas privadas, asociaciones, universidades, colegios profesionales."""
    INSTITUCION_PUBLICA = "institución pública"
    """13.3 c): instituciones públicas que actúan en el distrito."""


class Documento(StrEnum):
    SOLICITUD = "solicitud de registro"
    RESOLUCION_RUOS = "resolución vigente de reconocimiento en el RUOS"
    ACTA_ASAMBLEA = "acta de asamblea general que designa un (01) representante"
    LIBRO_ACTAS = "copia del libro de actas (vida institucional no menor de un año)"
    CARTA_PRESENTACION = "carta de presentación que designa un (01) representante"
    DNI = "DNI del representante"


DOCUMENTOS_REQUERIDOS: Mapping[TipoPostulante, tuple[Documento, ...]] = {
    TipoPostulante.ORGANIZACION_SOCIAL: (
        Documento.SOLICITUD,
        Documento.RESOLUCION_RUOS,
        Documento.ACTA_ASAMBLEA,
        Documento.LIBRO_ACTAS,
        Documento.DNI,
    ),
    TipoPostulante.INSTITUCION_PRIVADA: (Documento.CARTA_PRESENTACION, Documento.DNI),
    TipoPostulante.INSTITUCION_PUBLICA: (Documento.CARTA_PRESENTACION, Documento.DNI),
}
"""Documentos obligatorios por tipo (art. 13.3 a, b y c; el 13.4 los declara obligatorios)."""


class Estado(StrEnum):
    APTO = "apto"
    OBSERVADO = "observado"
    NO_APTO = "no apto"


class Subsanacion(BaseModel):
    """Un documento entregado después de la observación."""

    model_config = ConfigDict(frozen=True)

    documento: Documento
    fecha: date


class Solicitud(BaseModel):
    """Una solicitud de inscripción tal como la registra la Subgerencia de Participación Vecinal."""

    model_config = ConfigDict(frozen=True)

    codigo: str = Field(min_length=1)
    """N° de expediente o de registro; identifica la solicitud."""
    tipo: TipoPostulante
    organizacion: str = Field(min_length=1)
    representante: str
    dni: str
    """Como texto: conserva los ceros iniciales."""
    eje_zonal: str
    fecha_solicitud: date
    documentos: frozenset[Documento] = frozenset()
    """Documentos entregados con la solicitud."""
    inicio_vida_institucional: date | None = None
    """Fecha de la primera acta que muestra el libro de actas (solo organizaciones sociales)."""
    vigencia_ruos_hasta: date | None = None
    """Fin de vigencia de la resolución RUOS, si la resolución la indica."""
    en_el_distrito: bool = True
    """Domicilio (privadas) o acciones (públicas) en el distrito (art. 13.3 b y c)."""
    fecha_observacion: date | None = None
    subsanaciones: tuple[Subsanacion, ...] = ()


class Evaluacion(BaseModel):
    model_config = ConfigDict(frozen=True)

    codigo: str
    estado: Estado
    faltantes: tuple[Documento, ...] = ()
    motivos: tuple[str, ...] = ()
    vence_subsanacion: date | None = None


_DNI = re.compile(r"[0-9]{8}")


def dni_valido(texto: object) -> bool:
    """Exactamente 8 dígitos, como texto («01234567» es válido; 1234567 como número, no)."""
    return isinstance(texto, str) and _DNI.fullmatch(texto) is not None


def _hace_un_anio(fecha: date) -> date:
    try:
        return fecha.replace(year=fecha.year - 1)
    except ValueError:  # 29 de febrero
        return fecha.replace(year=fecha.year - 1, day=28)


def vence_subsanacion(fecha_observacion: date) -> date:
    """Último día para absolver la observación: dos días hábiles después (art. 13.4)."""
    from libro.nucleo.calendario import sumar_dias_habiles

    return sumar_dias_habiles(fecha_observacion, DIAS_HABILES_SUBSANACION)


def evaluar(
    solicitud: Solicitud,
    fecha_evaluacion: date,
    plazo_subsanacion: Callable[[date], date] | None = None,
) -> Evaluacion:
    """Estado de una solicitud a la fecha de evaluación (art. 13.3 y 13.4).

    - «no apto» sin remedio si la institución no está en el distrito o el libro de actas muestra
      menos de un año de vida institucional antes de la solicitud.
    - «apto» si están todos los documentos del tipo (el DNI solo cuenta si es válido; la resolución
      RUOS, si está vigente a la fecha de la solicitud; el libro de actas, si se conoce la fecha de
      inicio de vida institucional).
    - Si faltan documentos: «observado» hasta el vencimiento del plazo de subsanación, «no apto»
      después. Sin fecha de observación se toma la de evaluación. El plazo por defecto es de dos
      días hábiles (`libro.nucleo.calendario.sumar_dias_habiles`); `plazo_subsanacion` lo reemplaza.
    """
    plazo = plazo_subsanacion or vence_subsanacion
    requeridos = DOCUMENTOS_REQUERIDOS[solicitud.tipo]
    motivos: list[str] = []

    if not solicitud.en_el_distrito:
        motivos.append(
            "la entidad no acredita domicilio ni acciones en el distrito (art. 13.3)"
        )
    if (
        solicitud.tipo is TipoPostulante.ORGANIZACION_SOCIAL
        and solicitud.inicio_vida_institucional is not None
        and solicitud.inicio_vida_institucional > _hace_un_anio(solicitud.fecha_solicitud)
    ):
        motivos.append(
            "vida institucional menor de un año a la fecha de la solicitud "
            f"(primera acta: {fecha_texto(solicitud.inicio_vida_institucional)}; art. 13.3 a)"
        )
    if motivos:
        return Evaluacion(codigo=solicitud.codigo, estado=Estado.NO_APTO, motivos=tuple(motivos))

    fecha_obs = solicitud.fecha_observacion or fecha_evaluacion
    vence = plazo(fecha_obs)
    entregados = set(solicitud.documentos)
    for s in solicitud.subsanaciones:
        if s.fecha > fecha_evaluacion:
            continue
        if solicitud.fecha_observacion is not None and s.fecha > vence:
            motivos.append(f"{s.documento} entregado fuera de plazo ({fecha_texto(s.fecha)})")
            continue
        entregados.add(s.documento)
    ruos_subsanada = any(
        s.documento is Documento.RESOLUCION_RUOS and s.fecha <= vence
        for s in solicitud.subsanaciones
        if s.fecha <= fecha_evaluacion
    )

    faltantes: list[Documento] = []
    for doc in requeridos:
        if doc not in entregados:
            faltantes.append(doc)
        elif doc is Documento.DNI and not dni_valido(solicitud.dni):
            faltantes.append(doc)
            motivos.append(f"DNI no válido: «{solicitud.dni}» (deben ser 8 dígitos)")
        elif (
            doc is Documento.RESOLUCION_RUOS
            and not ruos_subsanada
            and solicitud.vigencia_ruos_hasta is not None
            and solicitud.vigencia_ruos_hasta < solicitud.fecha_solicitud
        ):
            faltantes.append(doc)
            motivos.append(
                f"resolución RUOS vencida el {fecha_texto(solicitud.vigencia_ruos_hasta)}"
            )
        elif doc is Documento.LIBRO_ACTAS and solicitud.inicio_vida_institucional is None:
            faltantes.append(doc)
            motivos.append("el libro de actas no acredita la fecha de inicio de vida institucional")

    if not faltantes:
        return Evaluacion(codigo=solicitud.codigo, estado=Estado.APTO, motivos=tuple(motivos))
    if fecha_evaluacion <= vence:
        return Evaluacion(
            codigo=solicitud.codigo,
            estado=Estado.OBSERVADO,
            faltantes=tuple(faltantes),
            motivos=tuple(motivos),
            vence_subsanacion=vence,
        )
    motivos.append(f"venció el plazo de subsanación el {fecha_texto(vence)} (art. 13.4)")
    return Evaluacion(
        codigo=solicitud.codigo,
        estado=Estado.NO_APTO,
        faltantes=tuple(faltantes),
        motivos=tuple(motivos),
        vence_subsanacion=vence,
    )


class TipoDuplicado(StrEnum):
    MISMA_ORGANIZACION = "más de un representante para la misma organización"
    MISMO_DNI = "el mismo DNI registrado dos veces"


class Duplicado(BaseModel):
    """Un par de solicitudes en conflicto: `primera` es la más antigua (o la primera digitada)."""

    model_config = ConfigDict(frozen=True)

    tipo: TipoDuplicado
    primera: str
    segunda: str


def _en_orden(solicitudes: Iterable[Solicitud]) -> list[Solicitud]:
    return sorted(solicitudes, key=lambda s: s.fecha_solicitud)  # estable: respeta el orden dado


def duplicados(solicitudes: Iterable[Solicitud]) -> list[Duplicado]:
    """Pares que violan «un (01) representante» por organización o repiten un DNI (art. 13.3).

    Cada solicitud repetida se empareja con la primera de su grupo. La organización se compara
    sin tildes, mayúsculas ni signos.
    """
    resultado: list[Duplicado] = []
    primeras: dict[tuple[TipoDuplicado, str], str] = {}
    for s in _en_orden(solicitudes):
        for tipo, llave in (
            (TipoDuplicado.MISMA_ORGANIZACION, clave(s.organizacion)),
            (TipoDuplicado.MISMO_DNI, s.dni.strip()),
        ):
            if (tipo, llave) in primeras:
                resultado.append(
                    Duplicado(tipo=tipo, primera=primeras[(tipo, llave)], segunda=s.codigo)
                )
            else:
                primeras[(tipo, llave)] = s.codigo
    return resultado


class ListaDefinitiva(BaseModel):
    """Resultado de la inscripción a la fecha de publicación (art. 13.4)."""

    model_config = ConfigDict(frozen=True)

    fecha: date
    por_eje: dict[str, tuple[Solicitud, ...]]
    """Agentes acreditados por eje zonal, ordenados por organización."""
    evaluaciones: dict[str, Evaluacion]
    excluidos_por_duplicado: tuple[Duplicado, ...]
    observados: tuple[str, ...]
    """Solicitudes aún dentro del plazo de subsanación: si hay, la lista no es definitiva."""

    @property
    def es_definitiva(self) -> bool:
        return not self.observados


def lista_definitiva(
    solicitudes: Iterable[Solicitud],
    fecha_publicacion: date,
    plazo_subsanacion: Callable[[date], date] | None = None,
) -> ListaDefinitiva:
    """Lista de agentes acreditados por eje zonal a la fecha de publicación.

    Entran las solicitudes «apto». Entre ellas, si una organización tiene dos representantes o un
    DNI se repite, queda la solicitud más antigua y la otra se informa en
    `excluidos_por_duplicado`.
    """
    todas = _en_orden(solicitudes)
    codigos = [s.codigo for s in todas]
    if len(set(codigos)) != len(codigos):
        raise ValueError("Hay códigos de solicitud repetidos")
    evaluaciones = {s.codigo: evaluar(s, fecha_publicacion, plazo_subsanacion) for s in todas}
    aptas = [s for s in todas if evaluaciones[s.codigo].estado is Estado.APTO]
    dups = duplicados(aptas)
    excluidas = {d.segunda for d in dups}
    por_eje: dict[str, list[Solicitud]] = {}
    for s in aptas:
        if s.codigo not in excluidas:
            por_eje.setdefault(s.eje_zonal, []).append(s)
    return ListaDefinitiva(
        fecha=fecha_publicacion,
        por_eje={
            eje: tuple(sorted(lista, key=lambda s: (clave(s.organizacion), s.codigo)))
            for eje, lista in sorted(por_eje.items())
        },
        evaluaciones=evaluaciones,
        excluidos_por_duplicado=tuple(dups),
        observados=tuple(
            c for c, e in evaluaciones.items() if e.estado is Estado.OBSERVADO
        ),
    )
