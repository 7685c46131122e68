"""Lo que calcula el libro de agentes del PP: acreditación, lista definitiva, Comité de Vigilancia y
retiros."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.pp.agentes import acreditacion as acr
from libro.pp.agentes import comite, faltas
from libro.pp.agentes.formato import CAMPOS_DOCUMENTO, FALTAS, TIPOS, SolicitudFila


def solicitud_de(f: SolicitudFila) -> acr.Solicitud | None:
    """La solicitud de `libro.pp` para una fila, o None si le falta un dato obligatorio."""
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
    )


def solicitudes(libro: LibroLeido) -> list[tuple[SolicitudFila, acr.Solicitud]]:
    """Filas completas con su solicitud; un expediente repetido cuenta una vez (la primera fila)."""
    vistos: set[str] = set()
    pares = []
    for f in libro.filas("Solicitudes"):
        s = solicitud_de(f)
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
    )


@dataclass(frozen=True)
class AgentesCalculado(Calculado):
    acreditacion: Acreditacion


def calcular(libro: LibroLeido, contexto: Contexto) -> AgentesCalculado:
    """Acreditación, Comité de Vigilancia y retiros (el libro no tiene celdas calculadas)."""
    return AgentesCalculado(libro, acreditar(libro, contexto.hoy))
