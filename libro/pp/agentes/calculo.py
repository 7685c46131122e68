"""Lo que calcula el libro de agentes del PP: acreditación, lista definitiva, Comité de Vigilancia y
retiros."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.pp.agentes import acreditacion as acr
from libro.pp.agentes import comite, faltas
from libro.pp.agentes.formato import (
    CAMPOS_DOCUMENTO,
    DOCUMENTOS,
    FALTAS,
    TIPOS,
    SolicitudFila,
    SubsanacionFila,
)


def solicitud_de(f: SolicitudFila, subsanaciones: tuple[acr.Subsanacion, ...] = ()) -> acr.Solicitud | None:
    """La solicitud (con sus subsanaciones) de una fila, o None si le falta un dato obligatorio."""
    if not all((f.codigo, f.organizacion, f.tipo, f.dni, f.eje_zonal, f.fecha_solicitud)):
        return None
    return acr.Solicitud(
        codigo=f.codigo,
        tipo=TIPOS[f.tipo],
        organizacion=f.organizacion,
        representante=f.representante or "",
        dni=f.dni,
        eje_zonal=f.eje_zonal,
        fecha_solicitud=f.fecha_solicitud,
        documentos=frozenset(doc for campo, doc in CAMPOS_DOCUMENTO.items() if getattr(f, campo) == "Sí"),
        inicio_vida_institucional=f.inicio_vida_institucional,
        vigencia_ruos_hasta=f.vigencia_ruos,
        en_el_distrito=f.en_el_distrito != "No",
        fecha_observacion=f.fecha_observacion,
        subsanaciones=subsanaciones,
    )


def subsanaciones_de(libro: LibroLeido) -> dict[str, tuple[acr.Subsanacion, ...]]:
    """Expediente → documentos entregados después de la observación (hoja «Subsanaciones»)."""
    por_expediente: dict[str, list[acr.Subsanacion]] = defaultdict(list)
    for f in libro.filas("Subsanaciones"):
        if f.expediente and f.documento and f.fecha:
            entrega = acr.Subsanacion(documento=DOCUMENTOS[f.documento], fecha=f.fecha)
            por_expediente[f.expediente].append(entrega)
    return {k: tuple(v) for k, v in por_expediente.items()}


def solicitudes(libro: LibroLeido) -> list[tuple[SolicitudFila, acr.Solicitud]]:
    """Filas completas con su solicitud; un expediente repetido cuenta una vez (la primera fila)."""
    vistos: set[str] = set()
    pares = []
    entregas = subsanaciones_de(libro)
    for f in libro.filas("Solicitudes"):
        s = solicitud_de(f, entregas.get(f.codigo or "", ()))
        if s is not None and s.codigo not in vistos:
            vistos.add(s.codigo)
            pares.append((f, s))
    return pares


def fecha_evaluacion(libro: LibroLeido, hoy: date) -> tuple[date, bool]:
    """Fecha a la que se evalúa (la de «Proceso» o la de hoy) y si vino del libro."""
    datos = libro.ficha("Proceso")
    if datos is not None and datos.fecha_evaluacion:
        return datos.fecha_evaluacion, True
    return hoy, False


A_TIEMPO, FUERA_DE_PLAZO, POSTERIOR = "A tiempo", "Fuera de plazo", "Posterior a la evaluación"
SIN_OBSERVACION, ANTERIOR = "Sin fecha de observación", "Anterior a la observación"
SIN_SOLICITUD = "Sin solicitud"


@dataclass(frozen=True)
class Entrega:
    """Un documento de la hoja «Subsanaciones» y si cuenta para la acreditación (art. 13.4)."""

    fila: SubsanacionFila
    solicitud: SolicitudFila | None
    vence: date | None
    situacion: str


def entregas_de(
    libro: LibroLeido, pares: list[tuple[SolicitudFila, acr.Solicitud]], fecha: date
) -> list[Entrega]:
    """Cada entrega con su plazo y su situación a la fecha de evaluación."""
    por_codigo = {s.codigo: f for f, s in pares}
    resultado = []
    for e in libro.filas("Subsanaciones"):
        if not (e.expediente and e.fecha):
            continue
        f = por_codigo.get(e.expediente)
        observada = f.fecha_observacion if f else None
        vence = acr.vence_subsanacion(observada) if observada else None
        if f is None:
            situacion = SIN_SOLICITUD
        elif observada is None:
            situacion = SIN_OBSERVACION
        elif e.fecha < observada:
            situacion = ANTERIOR
        elif e.fecha > fecha:
            situacion = POSTERIOR
        else:
            situacion = A_TIEMPO if e.fecha <= vence else FUERA_DE_PLAZO
        resultado.append(Entrega(e, f, vence, situacion))
    return resultado


@dataclass(frozen=True)
class Acreditacion:
    fecha: date
    fecha_del_libro: bool
    pares: list[tuple[SolicitudFila, acr.Solicitud]]
    lista: acr.ListaDefinitiva
    excluidas: dict[str, acr.Duplicado]
    agentes: list[comite.Agente]
    papeletas: list[tuple[Any, comite.Papeleta]]
    eleccion: comite.ResultadoComite
    fecha_eleccion: date
    sancionadas: list[faltas.FaltaSancionada]
    retiros: list[faltas.Retiro]
    anio_fiscal: int
    firmante: str
    lugar: str
    cargo: str
    entregas: list[Entrega]

    @property
    def por_dni(self) -> dict[str, acr.Solicitud]:
        return {s.dni: s for _, s in self.pares}

    def estado(self, codigo: str) -> str:
        if codigo in self.excluidas:
            return acr.Estado.NO_APTO.value
        return self.lista.evaluaciones[codigo].estado.value


_CATEGORIA = {
    acr.TipoPostulante.ORGANIZACION_SOCIAL: comite.CategoriaAgente.ORGANIZACION_SOCIAL,
    acr.TipoPostulante.INSTITUCION_PRIVADA: comite.CategoriaAgente.INSTITUCION_PRIVADA,
    acr.TipoPostulante.INSTITUCION_PUBLICA: comite.CategoriaAgente.INSTITUCION_PUBLICA,
}


def agentes_de(
    pares: list[tuple[SolicitudFila, acr.Solicitud]], lista: acr.ListaDefinitiva
) -> list[comite.Agente]:
    """Agentes para la elección: los acreditados de la lista y, sin acreditar, el resto (un DNI, uno)."""
    acreditados = {s.codigo for grupo in lista.por_eje.values() for s in grupo}
    por_dni: dict[str, comite.Agente] = {}
    for f, s in pares:
        agente = comite.Agente(
            dni=s.dni,
            nombre=s.representante or s.organizacion,
            categoria=_CATEGORIA[s.tipo],
            organizacion=s.organizacion,
            acreditado=s.codigo in acreditados,
            funcionario_publico=f.funcionario == "Sí",
        )
        if s.dni not in por_dni or (agente.acreditado and not por_dni[s.dni].acreditado):
            por_dni[s.dni] = agente
    return list(por_dni.values())


def papeletas_de(libro: LibroLeido) -> list[tuple[Any, comite.Papeleta]]:
    return [
        (f, comite.Papeleta(elector=f.elector, candidatos=f.candidatos))
        for f in libro.filas("Votos Comité")
        if f.elector
    ]


def faltas_de(libro: LibroLeido, por_dni: dict[str, acr.Solicitud]) -> list[faltas.Falta]:
    registro = []
    for f in libro.filas("Faltas"):
        if not (f.dni and f.fecha and f.falta and f.taller):
            continue
        solicitud = por_dni.get(f.dni)
        registro.append(
            faltas.Falta(
                dni=f.dni,
                nombre=f.agente or (solicitud.representante if solicitud else ""),
                organizacion=solicitud.organizacion if solicitud else "",
                fecha=f.fecha,
                tipo=FALTAS[f.falta],
                taller=f.taller,
                detalle=f.detalle or "",
            )
        )
    return registro


def acreditar(libro: LibroLeido, hoy: date) -> Acreditacion:
    """Estado de cada solicitud, lista definitiva, Comité de Vigilancia y retiros."""
    fecha, del_libro = fecha_evaluacion(libro, hoy)
    pares = solicitudes(libro)
    lista = acr.lista_definitiva([s for _, s in pares], fecha)
    agentes = agentes_de(pares, lista)
    papeletas = papeletas_de(libro)
    datos = libro.ficha("Proceso")
    fecha_eleccion = (datos.fecha_eleccion if datos else None) or fecha
    eleccion = comite.elegir_comite(agentes, [p for _, p in papeletas], fecha_eleccion)
    por_dni = {s.dni: s for _, s in pares}
    registro = faltas_de(libro, por_dni)
    return Acreditacion(
        fecha=fecha,
        fecha_del_libro=del_libro,
        pares=pares,
        lista=lista,
        excluidas={d.segunda: d for d in lista.excluidos_por_duplicado},
        agentes=agentes,
        papeletas=papeletas,
        eleccion=eleccion,
        fecha_eleccion=fecha_eleccion,
        sancionadas=faltas.sancionar(registro),
        retiros=faltas.retiros(registro),
        anio_fiscal=(datos.anio_fiscal if datos else None) or fecha.year + 1,
        firmante=(datos.firmante if datos else None) or "",
        lugar=(datos.lugar if datos else None) or "",
        cargo=(datos.cargo_firmante if datos else None)
        or "Presidente del Equipo Técnico del Presupuesto Participativo",
        entregas=entregas_de(libro, pares, fecha),
    )


@dataclass(frozen=True)
class AgentesCalculado(Calculado):
    acreditacion: Acreditacion


def calcular(libro: LibroLeido, contexto: Contexto) -> AgentesCalculado:
    """Acreditación, Comité de Vigilancia y retiros (el libro no tiene celdas calculadas)."""
    return AgentesCalculado(libro, acreditar(libro, contexto.hoy))
