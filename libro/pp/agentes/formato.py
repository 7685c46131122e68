"""Presupuesto Participativo: inscripción y acreditación de agentes, faltas y Comité de Vigilancia.

Reglamento del PP 2026 de San Juan de Lurigancho: art. 13.3 y 13.4 (requisitos, observación con
dos días hábiles para subsanar, lista definitiva por eje zonal), art. 18 (Comité de Vigilancia:
ocho agentes acreditados, por el año fiscal siguiente) y art. 20 y 21 (faltas y sanciones).
Las subsanaciones (art. 13.4) se registran en su propia hoja, con la fecha de entrega.
Los cálculos son los de `libro.pp`; este módulo solo declara las hojas.
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import Codigo, Dni, Entero, Fecha, Opcion, Referencia, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla
from libro.pp.agentes.acreditacion import Documento, TipoPostulante
from libro.pp.agentes.faltas import TipoFalta

SI_NO = ("Sí", "No")


def _etiqueta(texto: str) -> str:
    return texto[:1].upper() + texto[1:]


TIPOS = {_etiqueta(t.value): t for t in TipoPostulante}
"""Etiqueta de la lista desplegable → tipo de postulante del art. 13.3."""
FALTAS = {_etiqueta(t.value): t for t in TipoFalta}
"""Etiqueta de la lista desplegable → falta del art. 20."""
CAMPOS_DOCUMENTO: dict[str, Documento] = {
    "doc_solicitud": Documento.SOLICITUD,
    "doc_ruos": Documento.RESOLUCION_RUOS,
    "doc_acta": Documento.ACTA_ASAMBLEA,
    "doc_libro_actas": Documento.LIBRO_ACTAS,
    "doc_carta": Documento.CARTA_PRESENTACION,
    "doc_dni": Documento.DNI,
}
"""Columna de la lista de verificación → documento del art. 13.3."""
CANDIDATOS = tuple(f"candidato_{i}" for i in range(1, 9))


def _doc(encabezado: str, ayuda: str) -> Col:
    return Col(encabezado, Opcion(SI_NO, ayuda), ancho=11)


class DatosProceso(Fila):
    anio_fiscal: Annotated[
        int | None,
        Col(
            "Año fiscal del proceso",
            Entero(2000, 2100, "Año que se programa, p. ej. 2026"),
            requerido=True,
            alias=("Año fiscal", "Año"),
        ),
    ] = None
    fecha_evaluacion: Annotated[
        date | None,
        Col(
            "Fecha de evaluación o publicación",
            Fecha("Fecha a la que se evalúan las solicitudes; vacía: la fecha de hoy"),
            alias=("Fecha de publicación", "Fecha de evaluación"),
        ),
    ] = None
    fecha_eleccion: Annotated[
        date | None,
        Col(
            "Fecha de elección del Comité de Vigilancia",
            Fecha("Primer taller (art. 18); el Comité ejerce el año siguiente"),
            alias=("Fecha de elección",),
        ),
    ] = None
    lugar: Annotated[
        str | None,
        Col(
            "Lugar (distrito)",
            Texto(ayuda="Distrito o ciudad con que se fechan las cartas, p. ej. «Ate»"),
            alias=("Lugar", "Distrito"),
        ),
    ] = None
    firmante: Annotated[
        str | None,
        Col(
            "Firmante de las cartas",
            Texto(ayuda="Nombre de quien firma las cartas de sustitución"),
            alias=("Firmante",),
        ),
    ] = None
    cargo_firmante: Annotated[
        str | None,
        Col(
            "Cargo del firmante", Texto(ayuda="Vacío: Presidente del Equipo Técnico del PP"), alias=("Cargo",)
        ),
    ] = None


class SolicitudFila(Fila):
    codigo: Annotated[
        str | None,
        Col(
            "N° de expediente",
            Codigo(r"[A-Z0-9][A-Z0-9.\-/]{0,29}", "EXP-001", "Número de expediente o de registro"),
            requerido=True,
            ancho=11,
            alias=("Expediente", "N° de registro", "Código"),
        ),
    ] = None
    organizacion: Annotated[
        str | None,
        Col(
            "Organización o institución",
            Texto(),
            requerido=True,
            ancho=34,
            alias=("Organización", "Institución"),
        ),
    ] = None
    tipo: Annotated[
        str | None,
        Col(
            "Tipo",
            Opcion(tuple(TIPOS), "Literal a), b) o c) del art. 13.3"),
            requerido=True,
            ancho=24,
            alias=("Tipo de organización",),
        ),
    ] = None
    representante: Annotated[
        str | None,
        Col(
            "Representante",
            Texto(),
            requerido=True,
            ancho=28,
            alias=("Representante designado", "Nombre del representante"),
        ),
    ] = None
    dni: Annotated[
        str | None,
        Col("DNI", Dni(), requerido=True, ancho=11, alias=("DNI del representante",)),
    ] = None
    eje_zonal: Annotated[
        str | None,
        Col(
            "Eje zonal",
            Texto(largo_maximo=80, ayuda="Eje zonal del distrito, p. ej. «Zona 3»"),
            requerido=True,
            ancho=18,
            alias=("Zona",),
        ),
    ] = None
    fecha_solicitud: Annotated[
        date | None,
        Col("Fecha de solicitud", Fecha(), requerido=True, ancho=12, alias=("Fecha",)),
    ] = None
    doc_solicitud: Annotated[
        str | None, _doc("Solicitud de registro", "Organizaciones sociales (13.3 a)")
    ] = None
    doc_ruos: Annotated[str | None, _doc("Resolución RUOS vigente", "Organizaciones sociales (13.3 a)")] = (
        None
    )
    doc_acta: Annotated[
        str | None, _doc("Acta de asamblea (1 representante)", "Organizaciones sociales (13.3 a)")
    ] = None
    doc_libro_actas: Annotated[
        str | None, _doc("Copia del libro de actas", "Organizaciones sociales (13.3 a)")
    ] = None
    doc_carta: Annotated[
        str | None, _doc("Carta de presentación (1 representante)", "Instituciones (13.3 b y c)")
    ] = None
    doc_dni: Annotated[str | None, _doc("Copia del DNI", "Todos los tipos")] = None
    inicio_vida_institucional: Annotated[
        date | None,
        Col(
            "Primera acta del libro",
            Fecha("Fecha de la primera acta: acredita un año de vida institucional"),
            ancho=12,
            alias=("Inicio de vida institucional",),
        ),
    ] = None
    vigencia_ruos: Annotated[
        date | None,
        Col("RUOS vigente hasta", Fecha("Fin de vigencia de la resolución RUOS, si la indica"), ancho=12),
    ] = None
    en_el_distrito: Annotated[
        str | None,
        Col(
            "Domicilio o acciones en el distrito",
            Opcion(SI_NO, "Vacío: Sí (art. 13.3 b y c)"),
            ancho=12,
            alias=("En el distrito",),
        ),
    ] = None
    funcionario: Annotated[
        str | None,
        Col(
            "Funcionario público",
            Opcion(SI_NO, "Sí: no puede integrar el Comité de Vigilancia (art. 5)"),
            ancho=11,
        ),
    ] = None
    fecha_observacion: Annotated[
        date | None,
        Col(
            "Fecha de observación",
            Fecha("Fecha en que se observó la solicitud; corre el plazo de 2 días hábiles"),
            ancho=12,
            alias=("Observada el",),
        ),
    ] = None


DOCUMENTOS = {
    SolicitudFila.model_fields[campo].metadata[0].encabezado: doc for campo, doc in CAMPOS_DOCUMENTO.items()
}
"""Encabezado de la columna del documento en «Solicitudes» → documento del art. 13.3 (lista desplegable)."""


class SubsanacionFila(Fila):
    expediente: Annotated[
        str | None,
        Col(
            "N° de expediente",
            Referencia("Solicitudes", "codigo", "Expediente de la solicitud observada"),
            requerido=True,
            ancho=11,
            alias=("Expediente",),
        ),
    ] = None
    documento: Annotated[
        str | None,
        Col(
            "Documento entregado",
            Opcion(tuple(DOCUMENTOS), "Documento que absuelve la observación"),
            requerido=True,
            ancho=44,
            alias=("Documento",),
        ),
    ] = None
    fecha: Annotated[
        date | None,
        Col(
            "Fecha de entrega",
            Fecha("Fecha de recepción: cuenta si cae dentro de los 2 días hábiles (art. 13.4)"),
            requerido=True,
            ancho=12,
            alias=("Fecha",),
        ),
    ] = None
    registro: Annotated[
        str | None,
        Col("Registro de entrega", Texto(ayuda="N° de registro de mesa de partes o documento"), ancho=24,
            alias=("Registro",)),
    ] = None


class FaltaFila(Fila):
    dni: Annotated[str | None, Col("DNI del agente", Dni(), requerido=True, ancho=11, alias=("DNI",))] = None
    agente: Annotated[
        str | None,
        Col(
            "Agente participante",
            Texto(ayuda="Vacío: se toma de «Solicitudes»"),
            ancho=28,
            alias=("Agente", "Nombre"),
        ),
    ] = None
    fecha: Annotated[date | None, Col("Fecha", Fecha(), requerido=True, ancho=12)] = None
    falta: Annotated[
        str | None,
        Col("Falta", Opcion(tuple(FALTAS), "Una de las faltas del art. 20"), requerido=True, ancho=44),
    ] = None
    taller: Annotated[str | None, Col("Taller", Texto(largo_maximo=120), requerido=True, ancho=28)] = None
    detalle: Annotated[str | None, Col("Detalle", Texto(), ancho=36)] = None


def _candidato(n: int) -> Col:
    return Col(f"Candidato {n} (DNI)", Dni(f"DNI del candidato {n}"), ancho=11, alias=(f"Candidato {n}",))


class VotoComiteFila(Fila):
    elector: Annotated[
        str | None,
        Col("DNI del elector", Dni(), requerido=True, ancho=11, alias=("Elector", "DNI")),
    ] = None
    candidato_1: Annotated[str | None, _candidato(1)] = None
    candidato_2: Annotated[str | None, _candidato(2)] = None
    candidato_3: Annotated[str | None, _candidato(3)] = None
    candidato_4: Annotated[str | None, _candidato(4)] = None
    candidato_5: Annotated[str | None, _candidato(5)] = None
    candidato_6: Annotated[str | None, _candidato(6)] = None
    candidato_7: Annotated[str | None, _candidato(7)] = None
    candidato_8: Annotated[str | None, _candidato(8)] = None

    @property
    def candidatos(self) -> tuple[str, ...]:
        return tuple(v for v in (getattr(self, c) for c in CANDIDATOS) if v)


HOJA_PROCESO = Ficha(
    nombre="Proceso",
    titulo="PRESUPUESTO PARTICIPATIVO — DATOS DEL PROCESO",
    modelo=DatosProceso,
    alias=("Datos", "Datos del proceso"),
)
HOJA_SOLICITUDES = Tabla(
    nombre="Solicitudes",
    titulo="SOLICITUDES DE INSCRIPCIÓN DE AGENTES PARTICIPANTES (ART. 13.3)",
    modelo=SolicitudFila,
    filas_plantilla=2000,
    grupos=(
        Grupo("SOLICITANTE", "codigo", "fecha_solicitud"),
        Grupo("DOCUMENTOS PRESENTADOS (Sí / No)", "doc_solicitud", "doc_dni"),
        Grupo("VERIFICACIÓN", "inicio_vida_institucional", "fecha_observacion"),
    ),
    alias=("Inscripción", "Agentes"),
    instrucciones=(
        "Una solicitud por fila. Marque «Sí» en cada documento presentado. Organizaciones sociales: "
        "solicitud, RUOS, acta de asamblea, libro de actas y DNI; instituciones privadas o públicas: "
        "carta de presentación y DNI. Si falta algo, anote la fecha de observación: hay 2 días hábiles "
        "para subsanar (art. 13.4). Escriba el DNI como texto para no perder el cero inicial."
    ),
)
HOJA_SUBSANACIONES = Tabla(
    nombre="Subsanaciones",
    titulo="DOCUMENTOS ENTREGADOS PARA SUBSANAR UNA OBSERVACIÓN (ART. 13.4)",
    modelo=SubsanacionFila,
    filas_plantilla=1000,
    opcional=True,
    instrucciones=(
        "Un documento por fila, con la fecha en que se entregó. Dentro de los 2 días hábiles desde la fecha "
        "de "
        "observación (hoja «Solicitudes»), el documento cuenta y la solicitud puede quedar apta; después, no "
        "cuenta y la solicitud queda no apta. «Acreditar» vuelve a evaluar y actualiza la lista definitiva."
    ),
)
HOJA_FALTAS = Tabla(
    nombre="Faltas",
    titulo="FALTAS A LAS NORMAS DE CONVIVENCIA (ART. 20 Y 21)",
    modelo=FaltaFila,
    filas_plantilla=500,
    instrucciones=(
        "Una falta por fila. 1.ª vez: invocación al cese; 2.ª: orden de cese; 3.ª: retiro del taller y "
        "carta a la organización para sustituir al representante (art. 21)."
    ),
)
HOJA_VOTOS = Tabla(
    nombre="Votos Comité",
    titulo="ELECCIÓN DEL COMITÉ DE VIGILANCIA: UNA FILA POR PAPELETA (ART. 18)",
    modelo=VotoComiteFila,
    filas_plantilla=2000,
    alias=("Votos Comite", "Votos"),
    instrucciones=(
        "Una papeleta por fila: el DNI del agente que vota y los DNI de los candidatos que marcó (hasta 8). "
        "Solo cuentan los votos por agentes acreditados de la sociedad civil que no son funcionarios."
    ),
)

AGENTES_PP = Formato(
    id="agentes-pp",
    version=1,
    titulo="Presupuesto Participativo: agentes participantes y Comité de Vigilancia",
    hojas=(HOJA_PROCESO, HOJA_SOLICITUDES, HOJA_SUBSANACIONES, HOJA_FALTAS, HOJA_VOTOS),
    generadas=(
        Generada(
            "Acreditación",
            "ACREDITACIÓN DE AGENTES PARTICIPANTES (ART. 13.4)",
            anchos=(11, 34, 28, 11, 18, 11, 14, 60),
        ),
        Generada(
            "Comité de Vigilancia",
            "COMITÉ DE VIGILANCIA DEL PRESUPUESTO PARTICIPATIVO (ART. 18)",
            anchos=(6, 30, 11, 34, 9, 40),
        ),
        Generada(
            "Retiros",
            "RETIROS POR TERCERA FALTA Y CARTAS DE SUSTITUCIÓN (ART. 21.3)",
            anchos=(12, 11, 28, 30, 8, 50, 30),
        ),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    botones=("Validar", "Acreditar"),
    descripcion=(
        "Libro de la Subgerencia de Participación Vecinal y del Equipo Técnico: solicitudes de "
        "inscripción con su lista de documentos, documentos entregados para subsanar una observación, "
        "faltas en los talleres y papeletas de la elección del "
        "Comité de Vigilancia. «Acreditar» genera el estado de cada solicitud, la lista definitiva por "
        "eje zonal, el Comité electo y las cartas de sustitución (Reglamento PP 2026, art. 13, 18 y 21)."
    ),
)
