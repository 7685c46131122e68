"""Presupuesto Participativo: fichas de proyecto, evaluación técnica, priorización y acta.

Reglamento del PP 2026 de San Juan de Lurigancho: art. 11.6 (criterios del Equipo Técnico), 14.2 b
(ejes de desarrollo), 14.3 a 14.5 (fichas, puntaje, viables y no viables, inspección in situ), 16.1
(prelación, tope presupuestal, desempate por votación, acta) y 16.2 (reemplazo). Los cálculos son
los de `libro.pp.proyectos.priorizacion`; este módulo solo declara las hojas.
"""

from datetime import date
from typing import Annotated

from libro.nucleo.codecs import Codigo, Dni, Entero, Fecha, Monto, Numero, Opcion, Referencia, Texto
from libro.nucleo.declaracion import Col, Ficha, Fila, Formato, Generada, Grupo, Tabla

SI_NO = ("Sí", "No")
CARGOS_AUTORIDAD = ("Alcalde", "Alcaldesa", "Presidente del CCLD", "Presidenta del CCLD")
EJES = ("Ambiental", "Urbano", "Desarrollo económico", "Seguridad ciudadana", "Social", "Otros")
"""Ejes de desarrollo del art. 14.2 b («eje ambiental, eje urbano, eje desarrollo económico, eje de
seguridad ciudadana, eje social, entre otros»)."""
POLITICAS = {
    "Saltar al siguiente que cabe": "saltar",
    "Detener en el primero que no cabe": "detener",
}
"""Etiqueta de la lista → política de `libro.pp.proyectos.priorizacion.asignar`
(ver `POLITICA_POR_DEFECTO`)."""
PARA = ("Priorización", "Reemplazo")
PATRON_PROYECTO = r"[A-Z0-9][A-Z0-9.\-]{0,19}"
PATRON_CUI = r"[0-9]{7}"


class FichaProyecto(Fila):
    codigo: Annotated[
        str | None,
        Col(
            "Código",
            Codigo(PATRON_PROYECTO, "PP-01", "Código único de la propuesta, p. ej. PP-01"),
            requerido=True,
            ancho=9,
            alias=("Código del proyecto", "N°"),
        ),
    ] = None
    agente: Annotated[
        str | None,
        Col(
            "Agente proponente",
            Texto(ayuda="Agente u organización que presenta la ficha"),
            requerido=True,
            ancho=28,
            alias=("Proponente", "Agente participante"),
        ),
    ] = None
    dni_agente: Annotated[str | None, Col("DNI del proponente", Dni(), ancho=11, alias=("DNI",))] = None
    nombre: Annotated[
        str | None,
        Col(
            "Nombre de la propuesta de inversión",
            Texto(),
            requerido=True,
            ancho=48,
            alias=("Nombre del proyecto", "Proyecto", "Nombre"),
        ),
    ] = None
    eje: Annotated[
        str | None,
        Col(
            "Eje de desarrollo", Opcion(EJES, "Eje del art. 14.2 b"), requerido=True, ancho=18, alias=("Eje",)
        ),
    ] = None
    ubicacion: Annotated[
        str | None, Col("Ubicación", Texto(), requerido=True, ancho=26, alias=("Lugar",))
    ] = None
    beneficiarios: Annotated[
        int | None,
        Col(
            "Beneficiarios",
            Entero(0, None, "Población beneficiaria directa"),
            requerido=True,
            ancho=12,
            alias=("Población beneficiaria",),
        ),
    ] = None
    costo: Annotated[
        float | None,
        Col("Costo estimado (S/)", Monto(), requerido=True, ancho=14, alias=("Costo estimado", "Costo")),
    ] = None
    cui: Annotated[
        str | None,
        Col(
            "CUI",
            Texto(largo_maximo=20, ayuda="Código Único de Inversiones (7 dígitos), si ya lo tiene"),
            ancho=10,
            alias=("Código único de inversiones",),
        ),
    ] = None
    brecha: Annotated[
        str | None,
        Col("Brecha que atiende", Texto(ayuda="Indicador de brecha del PMI"), ancho=30, alias=("Brecha",)),
    ] = None
    organizacion: Annotated[
        str | None,
        Col(
            "Organización del proponente",
            Texto(ayuda="Organización que representa el agente; sale en su firma del acta"),
            ancho=28,
            alias=("Organización",),
        ),
    ] = None
    puntaje: Annotated[float | None, Col("Puntaje", Numero(formato="0.00"), ancho=9, calculada=True)] = None
    resultado: Annotated[str | None, Col("Resultado de la evaluación", Texto(), ancho=22, calculada=True)] = (
        None
    )


class CriterioFila(Fila):
    criterio: Annotated[
        str | None,
        Col(
            "Código del criterio",
            Codigo(r"[A-Z0-9_\-]{1,30}", "BRECHA", "Código corto, p. ej. BRECHA"),
            requerido=True,
            ancho=16,
            alias=("Criterio",),
        ),
    ] = None
    nombre: Annotated[
        str | None, Col("Nombre del criterio", Texto(), ancho=44, alias=("Descripción del criterio",))
    ] = None
    peso: Annotated[
        float | None,
        Col(
            "Peso (%)",
            Numero(minimo=0, ayuda="En la primera fila del criterio; los pesos suman 100"),
            ancho=9,
            alias=("Peso",),
        ),
    ] = None
    nivel: Annotated[
        str | None,
        Col(
            "Nivel",
            Codigo(r"[A-Z0-9_\-]{1,30}", "ALTA", "Código del nivel, p. ej. ALTA"),
            requerido=True,
            ancho=14,
            alias=("Código del nivel",),
        ),
    ] = None
    descripcion: Annotated[
        str | None, Col("Descripción del nivel", Texto(), ancho=50, alias=("Descripción",))
    ] = None
    puntos: Annotated[
        float | None,
        Col("Puntos", Numero(minimo=0, ayuda="De 0 a 100"), requerido=True, ancho=8),
    ] = None


class PuntajeFila(Fila):
    proyecto: Annotated[
        str | None,
        Col(
            "Código del proyecto",
            Referencia("Fichas", "codigo"),
            requerido=True,
            ancho=11,
            alias=("Proyecto", "Código"),
        ),
    ] = None
    criterio: Annotated[
        str | None,
        Col(
            "Criterio",
            Referencia("Criterios", "criterio"),
            requerido=True,
            ancho=16,
            alias=("Código del criterio",),
        ),
    ] = None
    nivel: Annotated[
        str | None,
        Col(
            "Nivel asignado",
            Codigo(r"[A-Z0-9_\-]{1,30}", "ALTA", "Código del nivel de la hoja «Criterios»"),
            requerido=True,
            ancho=14,
            alias=("Nivel",),
        ),
    ] = None
    fecha_inspeccion: Annotated[
        date | None,
        Col(
            "Fecha de inspección in situ",
            Fecha("Art. 14.5: antes de puntuar"),
            ancho=12,
            alias=("Inspección in situ",),
        ),
    ] = None
    inspeccion_favorable: Annotated[
        str | None,
        Col("Inspección favorable", Opcion(SI_NO, "Vacío: Sí"), ancho=11),
    ] = None
    viable: Annotated[
        str | None,
        Col("Viable", Opcion(SI_NO, "«No» declara la propuesta no viable; escriba el motivo"), ancho=8),
    ] = None
    motivo: Annotated[
        str | None,
        Col("Motivo de no viabilidad", Texto(), ancho=36, alias=("Motivo",)),
    ] = None
    puntos: Annotated[float | None, Col("Puntos", Numero(), ancho=8, calculada=True)] = None
    aporte: Annotated[
        float | None, Col("Aporte al puntaje", Numero(formato="0.00"), ancho=9, calculada=True)
    ] = None
    evaluador: Annotated[
        str | None,
        Col(
            "Evaluador (miembro del Equipo Técnico)",
            Texto(ayuda="DNI o nombre del miembro del Equipo Técnico que califica y firma"),
            ancho=24,
            alias=("Evaluador", "Firma"),
        ),
    ] = None


class ParametrosPP(Fila):
    anio_fiscal: Annotated[
        int | None,
        Col(
            "Año fiscal",
            Entero(2000, 2100, "Año que se presupuesta, p. ej. 2026"),
            requerido=True,
            alias=("Año",),
        ),
    ] = None
    presupuesto: Annotated[
        float | None,
        Col(
            "Presupuesto asignado al PP (S/)",
            Monto("Monto que la municipalidad destina a los proyectos"),
            requerido=True,
            alias=("Presupuesto asignado", "Presupuesto"),
        ),
    ] = None
    politica: Annotated[
        str | None,
        Col(
            "Si el siguiente no cabe",
            Opcion(tuple(POLITICAS), "Vacío: saltar al siguiente que cabe"),
            alias=("Política",),
        ),
    ] = None
    puntaje_minimo: Annotated[
        float | None,
        Col(
            "Puntaje mínimo para ser viable",
            Numero(ayuda="Opcional: debajo de este puntaje, no viable"),
            alias=("Puntaje mínimo",),
        ),
    ] = None
    fecha_taller: Annotated[
        date | None,
        Col("Fecha del taller de priorización", Fecha(), alias=("Fecha del taller",)),
    ] = None
    lugar: Annotated[str | None, Col("Lugar del taller", Texto(), alias=("Lugar",))] = None
    reemplazar: Annotated[
        str | None,
        Col(
            "Proyecto a reemplazar",
            Texto(largo_maximo=20, ayuda="Código de un priorizado que no puede ejecutarse (art. 16.2)"),
            alias=("Proyecto que no puede ejecutarse",),
        ),
    ] = None
    motivo_reemplazo: Annotated[str | None, Col("Motivo", Texto(), alias=("Motivo del reemplazo",))] = None
    fecha_reemplazo: Annotated[
        date | None, Col("Fecha del reemplazo", Fecha(), alias=("Fecha de reemplazo",))
    ] = None
    municipalidad: Annotated[
        str | None,
        Col(
            "Municipalidad",
            Texto(ayuda="Nombre completo, p. ej. Municipalidad Distrital de …; encabeza el acta"),
            alias=("Entidad", "Nombre de la municipalidad"),
        ),
    ] = None
    distrito: Annotated[
        str | None,
        Col("Distrito", Texto(ayuda="Distrito donde se firma el acta"), alias=("Localidad",)),
    ] = None
    autoridad: Annotated[
        str | None,
        Col(
            "Alcalde o presidente del CCLD",
            Texto(ayuda="Quien firma el acta por la municipalidad"),
            alias=("Alcalde", "Autoridad"),
        ),
    ] = None
    cargo_autoridad: Annotated[
        str | None,
        Col(
            "Cargo de quien firma",
            Opcion(CARGOS_AUTORIDAD, "Vacío: Alcalde"),
            alias=("Cargo de la autoridad",),
        ),
    ] = None
    miembros_equipo: Annotated[
        int | None,
        Col(
            "Miembros del Equipo Técnico según el reglamento",
            Entero(
                1,
                60,
                "Cuántos cargos nombra el reglamento (art. 10); la hoja «Equipo Técnico» no puede "
                "tener menos",
            ),
            alias=("Miembros del Equipo Técnico",),
        ),
    ] = None


CARGOS_EQUIPO = ("Presidente", "Secretario técnico", "Miembro")
"""Cargos del Equipo Técnico (art. 10: un presidente, un secretario técnico y miembros)."""
REPRESENTA = ("Municipalidad", "Sociedad civil")
ROLES_EVALUACION = ("Califica y firma puntajes", "Inspección in situ", "Califica e inspecciona", "Sin rol")


class MiembroEquipo(Fila):
    nombre: Annotated[
        str | None,
        Col("Nombres y apellidos", Texto(), requerido=True, ancho=30, alias=("Nombre", "Miembro")),
    ] = None
    dni: Annotated[str | None, Col("DNI", Dni(), ancho=11)] = None
    cargo: Annotated[
        str | None,
        Col("Cargo en el Equipo Técnico", Opcion(CARGOS_EQUIPO), requerido=True, ancho=18, alias=("Cargo",)),
    ] = None
    unidad: Annotated[
        str | None,
        Col(
            "Unidad orgánica u organización",
            Texto(
                ayuda="P. ej. Oficina de Planeamiento y Presupuesto, o la organización de la sociedad civil"
            ),
            requerido=True,
            ancho=38,
            alias=("Unidad orgánica", "Organización", "Dependencia"),
        ),
    ] = None
    representa: Annotated[
        str | None,
        Col("Representa a", Opcion(REPRESENTA, "Vacío: Municipalidad"), ancho=15),
    ] = None
    rol: Annotated[
        str | None,
        Col("Rol en la evaluación técnica", Opcion(ROLES_EVALUACION), ancho=24, alias=("Rol",)),
    ] = None


class VotoDesempate(Fila):
    dni: Annotated[
        str | None, Col("DNI del agente", Dni(), requerido=True, ancho=11, alias=("DNI", "Agente"))
    ] = None
    proyecto: Annotated[
        str | None,
        Col("Proyecto votado", Referencia("Fichas", "codigo"), requerido=True, ancho=11, alias=("Proyecto",)),
    ] = None
    para: Annotated[
        str | None,
        Col("Votación para", Opcion(PARA, "Vacío: Priorización (empate en el corte)"), ancho=14),
    ] = None
    votacion: Annotated[
        int | None,
        Col("Votación N°", Entero(1, 99, "Vacío: 1. Otra numeración si hay más de un empate"), ancho=9),
    ] = None


class VotoAprobacion(Fila):
    dni: Annotated[
        str | None, Col("DNI del agente", Dni(), requerido=True, ancho=11, alias=("DNI", "Agente"))
    ] = None
    aprobados: Annotated[
        str | None,
        Col(
            "Proyectos que aprueba",
            Texto(ayuda="Códigos separados por punto y coma, p. ej. PP-01; PP-04"),
            requerido=True,
            ancho=40,
            alias=("Aprueba", "Proyectos"),
        ),
    ] = None

    @property
    def codigos(self) -> tuple[str, ...]:
        partes = (
            p.strip().upper().replace(" ", "") for p in (self.aprobados or "").replace(",", ";").split(";")
        )
        return tuple(dict.fromkeys(p for p in partes if p))


HOJA_FICHAS = Tabla(
    nombre="Fichas",
    titulo="FICHAS DE PROPUESTAS DE INVERSIÓN (ART. 14.3)",
    modelo=FichaProyecto,
    filas_plantilla=500,
    grupos=(
        Grupo("PROPUESTA", "codigo", "organizacion"),
        Grupo("EVALUACIÓN (calcula Libro)", "puntaje", "resultado"),
    ),
    alias=("Proyectos", "Propuestas"),
    instrucciones=(
        "Una propuesta por fila, con código único (PP-01, PP-02…). El CUI es de 7 dígitos y solo si la "
        "inversión ya está registrada en Invierte.pe. Puntaje y resultado los calcula Libro."
    ),
)
HOJA_CRITERIOS = Tabla(
    nombre="Criterios",
    titulo="CRITERIOS DE EVALUACIÓN DEL EQUIPO TÉCNICO (ART. 11.6)",
    modelo=CriterioFila,
    filas_plantilla=200,
    instrucciones=(
        "Un nivel por fila. El peso va en la primera fila de cada criterio; los pesos suman 100. Los "
        "puntos de cada nivel van de 0 a 100: puntaje = Σ peso × puntos / 100. Si la hoja queda vacía se "
        "usa la matriz propuesta de libro."
    ),
)
HOJA_PUNTAJES = Tabla(
    nombre="Puntajes",
    titulo="EVALUACIÓN TÉCNICA: NIVEL POR PROYECTO Y CRITERIO (ART. 14.4 Y 14.5)",
    modelo=PuntajeFila,
    filas_plantilla=3000,
    grupos=(
        Grupo("CALIFICACIÓN", "proyecto", "nivel"),
        Grupo("INSPECCIÓN Y VIABILIDAD (una vez por proyecto)", "fecha_inspeccion", "motivo"),
        Grupo("CALCULA LIBRO", "puntos", "aporte"),
        Grupo("FIRMA", "evaluador", "evaluador"),
    ),
    instrucciones=(
        "Una fila por proyecto y criterio con el nivel asignado. La inspección in situ, «Viable» y el "
        "motivo se escriben en cualquier fila del proyecto (una vez). Sin «No», la propuesta calificada en "
        "todos los criterios es viable. Cada calificación la firma un miembro del Equipo Técnico (su DNI o "
        "nombre en «Evaluador»)."
    ),
)
HOJA_PARAMETROS = Ficha(
    nombre="Parámetros",
    titulo="PRESUPUESTO PARTICIPATIVO — PARÁMETROS DE LA PRIORIZACIÓN",
    modelo=ParametrosPP,
    alias=("Parametros",),
)
HOJA_DESEMPATE = Tabla(
    nombre="Votación de desempate",
    titulo="VOTACIÓN DE DESEMPATE: UN VOTO POR AGENTE PARTICIPANTE (ART. 16.1.1)",
    modelo=VotoDesempate,
    filas_plantilla=2000,
    alias=("Votacion de desempate", "Desempate"),
    instrucciones=(
        "Solo si «Priorización» informa un empate en el corte: un voto por agente, por uno de los proyectos "
        "empatados. Para un empate al reemplazar (art. 16.2) elija «Reemplazo» en «Votación para»."
    ),
)
HOJA_VOTOS = Tabla(
    nombre="Votos",
    titulo="VOTOS DE LOS AGENTES PARTICIPANTES (APROBACIÓN, ART. 14.4)",
    modelo=VotoAprobacion,
    filas_plantilla=2000,
    alias=("Votos de los agentes",),
    instrucciones=(
        "Opcional: un agente por fila con los proyectos que aprueba. No cambia la priorización por puntaje; "
        "sirve para exportar a Pabulib y comparar reglas de votación («libro exportar pabulib»)."
    ),
)

HOJA_EQUIPO = Tabla(
    nombre="Equipo Técnico",
    titulo="EQUIPO TÉCNICO DEL PRESUPUESTO PARTICIPATIVO (ART. 10 Y 11)",
    modelo=MiembroEquipo,
    filas_plantilla=60,
    alias=("Equipo tecnico", "Equipo"),
    opcional=True,
    instrucciones=(
        "Un miembro por fila, como lo designa la resolución de alcaldía: presidente, secretario técnico, "
        "miembros y el representante de la sociedad civil. Firman el acta y cada calificación de «Puntajes»."
    ),
)
COLUMNAS_ACTA = 7

PROYECTOS_PP = Formato(
    id="proyectos-pp",
    version=1,
    titulo="Presupuesto Participativo: evaluación técnica, priorización y acta",
    hojas=(
        HOJA_PARAMETROS,
        HOJA_EQUIPO,
        HOJA_FICHAS,
        HOJA_CRITERIOS,
        HOJA_PUNTAJES,
        HOJA_DESEMPATE,
        HOJA_VOTOS,
    ),
    generadas=(
        Generada(
            "Priorización",
            "PRIORIZACIÓN DE PROPUESTAS DE INVERSIÓN (ART. 14.4 Y 16.1)",
            anchos=(8, 10, 46, 20, 10, 14, 16, 40),
        ),
        Generada(
            "Acta",
            "ACTA DE ACUERDOS Y COMPROMISOS DEL PRESUPUESTO PARTICIPATIVO",
            anchos=(5, 9, 40, 16, 8, 14, 11),
        ),
        Generada("Reemplazos", "REEMPLAZO DE PROYECTOS PRIORIZADOS (ART. 16.2)", anchos=(30, 100)),
        Generada("Observaciones", "OBSERVACIONES DE LA VALIDACIÓN", anchos=(5, 12, 10, 14, 9, 90)),
    ),
    botones=("Validar", "Calcular puntajes", "Priorizar", "Reemplazar"),
    descripcion=(
        "Libro del Equipo Técnico: fichas de propuestas, matriz de criterios, calificación por criterio, "
        "presupuesto del PP y votaciones. Genera el orden de prelación general y por eje, la asignación "
        "hasta agotar el presupuesto, el acta para firmar (A4) y la constancia de reemplazo para el "
        "Consejo de Coordinación Local Distrital y el Comité de Vigilancia (Reglamento PP 2026, art. 14 "
        "y 16)."
    ),
)
