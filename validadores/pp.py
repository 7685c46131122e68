"""Reglas de los libros del Presupuesto Participativo: agentes (AGE-NNN) y proyectos (PRY-NNN).

Reglamento PP 2026 de San Juan de Lurigancho, art. 13.3 y 13.4 (requisitos, un representante por
organización, subsanación en 2 días hábiles registrada en «Subsanaciones»), 18 (Comité de Vigilancia),
21 (faltas), 11.6 y 14.4 (criterios, puntajes, viabilidad), 14.5 (inspección in situ), 16.1.1
(desempate) y 16.2 (reemplazo).
Los estados, plazos y empates los calcula `libro.pp` a través de `libro.pp.agentes.hojas` y
`libro.pp.proyectos.hojas`.
"""

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import clave, fecha_texto, mayuscula_inicial
from libro.pp.agentes import acreditacion as acr
from libro.pp.agentes.calculo import (
    ANTERIOR,
    FUERA_DE_PLAZO,
    POSTERIOR,
    SIN_OBSERVACION,
    SIN_SOLICITUD,
    solicitud_de,
)
from libro.pp.agentes.formato import CAMPOS_DOCUMENTO, CANDIDATOS
from libro.pp.proyectos.formato import PATRON_CUI

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "AGE-001",
        E,
        "DNI que no tiene 8 dígitos",
        "el DNI «{valor}» {detalle}; se esperaban exactamente 8 dígitos. {pista}",
    ),
    Definicion(
        "AGE-002",
        E,
        "Más de un representante por organización",
        "la organización «{valor}» ya tiene representante en la solicitud {primera} (fila {otra}). "
        "El art. 13.3 admite un (01) representante por organización: queda la solicitud más antigua; "
        "retire esta o corrija el nombre de la organización.",
    ),
    Definicion(
        "AGE-003",
        E,
        "DNI registrado dos veces",
        "el DNI {valor} ya está en la solicitud {primera} (fila {otra}). Una persona representa a una "
        "sola organización: queda la solicitud más antigua; corrija el DNI o retire esta solicitud.",
    ),
    Definicion(
        "AGE-004",
        A,
        "Solicitud observada por documentos faltantes",
        "faltan: {faltantes}. La solicitud queda observada y puede subsanarse hasta el {vence} "
        "(2 días hábiles desde la observación del {observada}, art. 13.4). {accion}",
    ),
    Definicion(
        "AGE-005",
        A,
        "Solicitud no apta",
        "la solicitud {valor} no es apta: {motivos}. No entra en la lista definitiva.",
    ),
    Definicion(
        "AGE-006",
        E,
        "N° de expediente repetido",
        "el expediente «{valor}» ya está en la fila {otra}. Cada solicitud lleva un número único.",
    ),
    Definicion(
        "AGE-007",
        E,
        "Observación anterior a la solicitud",
        "la fecha de observación {valor} es anterior a la fecha de solicitud {solicitud}. Corrija "
        "una de las dos fechas.",
    ),
    Definicion(
        "AGE-008",
        E,
        "Falta de un DNI que no está en «Solicitudes»",
        "el DNI {valor} no corresponde a ninguna solicitud. Corrija el DNI: la carta de sustitución "
        "se dirige a la organización de la solicitud.",
    ),
    Definicion("AGE-009", A, "Papeleta o voto no contado", "{detalle}. Revise la papeleta."),
    Definicion(
        "AGE-010",
        A,
        "Empate en el corte del Comité de Vigilancia",
        "{detalle} empatan con {votos} voto(s) por {puestos} puesto(s) del Comité. El taller debe "
        "resolver el empate antes de la Resolución de Alcaldía (art. 18).",
    ),
    Definicion(
        "AGE-011",
        A,
        "Comité de Vigilancia incompleto",
        "solo {electos} candidato(s) elegible(s) recibieron votos: quedan {vacantes} puesto(s) "
        "vacante(s) de 8 (art. 18).",
    ),
    Definicion(
        "AGE-012",
        A,
        "Tercera falta: retiro del taller",
        "es la tercera falta de {nombre} (DNI {valor}): se le retira del taller y se pide a su "
        "organización sustituirlo (art. 21.3). La carta está en la hoja «Retiros».",
    ),
    Definicion(
        "AGE-013",
        E,
        "Subsanación de un expediente que no está en «Solicitudes»",
        "el expediente «{valor}» no está en «Solicitudes». Corrija el número: la entrega se suma a esa "
        "solicitud.",
    ),
    Definicion(
        "AGE-014",
        A,
        "Subsanación sin fecha de observación",
        "el expediente {valor} entregó un documento, pero su solicitud (fila {otra} de «Solicitudes») no "
        "tiene fecha de observación: sin ella no se sabe si llegó dentro de los 2 días hábiles (art. 13.4). "
        "Anótela.",
    ),
    Definicion(
        "AGE-015",
        A,
        "Subsanación fuera de plazo",
        "el documento se entregó el {valor} y el plazo vencía el {vence} (2 días hábiles desde la "
        "observación del {observada}, art. 13.4): no cuenta y la solicitud {expediente} queda no apta si "
        "le falta.",
    ),
    Definicion(
        "AGE-016",
        E,
        "Subsanación anterior a la observación",
        "la entrega del {valor} es anterior a la observación del {observada}. Si el documento vino con la "
        "solicitud, márquelo «Sí» en «Solicitudes»; si no, corrija la fecha.",
    ),
    Definicion(
        "AGE-017",
        A,
        "Subsanación posterior a la fecha de evaluación",
        "la entrega del {valor} es posterior a la evaluación del {evaluacion} y todavía no cuenta. "
        "Actualice la fecha de evaluación en «Proceso» y vuelva a acreditar.",
    ),
    Definicion(
        "PRY-001",
        E,
        "Pesos que no suman 100",
        "los pesos de los criterios suman {valor}; deben sumar 100. Ajuste la columna «Peso (%)».",
    ),
    Definicion(
        "PRY-002",
        E,
        "Nivel que no está en la escala del criterio",
        "el nivel «{valor}» no existe en el criterio {criterio}. Use uno de: {niveles}.",
    ),
    Definicion(
        "PRY-003",
        E,
        "Viable sin puntajes completos",
        "la propuesta {valor} está marcada como viable pero le falta calificar: {faltan}. Califíquela "
        "en todos los criterios (art. 14.4).",
    ),
    Definicion(
        "PRY-004",
        E,
        "CUI con formato incorrecto",
        "el CUI «{valor}» no tiene 7 dígitos. Escriba el Código Único de Inversiones de 7 dígitos, o "
        "deje la celda vacía si la inversión aún no lo tiene.",
    ),
    Definicion(
        "PRY-005",
        E,
        "Código de proyecto inexistente",
        "la propuesta «{valor}» no está en la hoja «Fichas». Use un código de la lista.",
    ),
    Definicion(
        "PRY-006",
        E,
        "Criterio inexistente",
        "el criterio «{valor}» no está en la hoja «Criterios». Use un código de criterio de esa hoja.",
    ),
    Definicion(
        "PRY-007",
        E,
        "Código de proyecto repetido",
        "el código «{valor}» ya está en la fila {otra}. Cada propuesta lleva un código único.",
    ),
    Definicion(
        "PRY-008",
        E,
        "No viable sin motivo",
        "la propuesta {valor} está marcada «No» viable sin motivo. Escriba el motivo en «Motivo de no "
        "viabilidad» (art. 14.4).",
    ),
    Definicion(
        "PRY-009",
        A,
        "Calificada sin inspección in situ",
        "la propuesta {valor} está calificada pero no tiene fecha de inspección in situ; el art. 14.5 "
        "manda inspeccionar antes de puntuar.",
    ),
    Definicion(
        "PRY-010", A, "Propuesta sin evaluar", "la propuesta {valor} no entra en la priorización: {motivo}."
    ),
    Definicion(
        "PRY-011",
        A,
        "Empate en el corte",
        "{detalle}. Registre los votos en «Votación de desempate» y vuelva a priorizar.",
    ),
    Definicion("PRY-012", E, "Votación de desempate que no corresponde", "{detalle}."),
    Definicion(
        "PRY-013",
        E,
        "Criterio calificado dos veces",
        "la propuesta {proyecto} ya tiene el criterio {valor} calificado en la fila {otra}. Deje una "
        "sola calificación por criterio.",
    ),
    Definicion(
        "PRY-014", E, "Reemplazo que no se puede registrar", "no se pudo reemplazar «{valor}»: {detalle}."
    ),
    Definicion(
        "PRY-015",
        E,
        "Matriz de criterios no válida",
        "{detalle}. Corrija la hoja «Criterios» (pesos mayores que 0, puntos de 0 a 100, niveles sin "
        "repetir).",
    ),
    Definicion(
        "PRY-016",
        E,
        "Datos de viabilidad contradictorios",
        "«{campo}» dice «{valor}» aquí y «{otro}» en la fila {otra} para la misma propuesta {proyecto}. "
        "Escríbalo una sola vez.",
    ),
    Definicion(
        "PRY-017",
        E,
        "Voto repetido",
        "el agente {valor} ya votó en la fila {otra} de la misma votación. Un voto por agente (art. 16.1.1).",
    ),
    Definicion(
        "PRY-018",
        E,
        "Falta el presupuesto asignado",
        "falta el presupuesto asignado al PP. Escríbalo para poder priorizar (art. 16.1.1).",
    ),
    Definicion(
        "PRY-019",
        E,
        "Equipo Técnico incompleto",
        "el Equipo Técnico no tiene {falta}. El reglamento (art. 10) lo conforma con un presidente, un "
        "secretario técnico, miembros y un representante de la sociedad civil: agréguelo en la hoja "
        "«Equipo Técnico».",
    ),
    Definicion(
        "PRY-020",
        E,
        "Equipo Técnico con menos miembros que el reglamento",
        "la hoja «Equipo Técnico» tiene {hay} miembro(s) y el reglamento nombra {valor} (según "
        "«Parámetros»). "
        "Registre a todos los designados.",
    ),
    Definicion(
        "PRY-021",
        E,
        "Miembro del Equipo Técnico sin nombre",
        "la fila tiene datos de un miembro pero no su nombre: firma el acta y las calificaciones. Escriba "
        "sus nombres y apellidos.",
    ),
    Definicion(
        "PRY-022",
        E,
        "Calificación sin firma",
        "la calificación de {proyecto} en {criterio} no dice qué miembro del Equipo Técnico la hizo. Escriba "
        "su DNI o nombre en «Evaluador».",
    ),
    Definicion(
        "PRY-023",
        E,
        "Evaluador que no es del Equipo Técnico",
        "«{valor}» no está en la hoja «Equipo Técnico». Solo sus miembros califican (art. 14.4): escriba el "
        "DNI o el nombre de un miembro, o agréguelo al equipo.",
    ),
)

_DIGITOS = re.compile(r"[0-9]+")
_CUI = re.compile(PATRON_CUI)


def _codigos_repetidos(lectura: Lectura, definicion: str) -> Iterator[Observacion]:
    """`definicion` en cada fila cuyo código (campo `codigo`) ya estaba en una fila anterior."""
    vistos: dict[str, int] = {}
    for f in lectura.filas:
        if f.codigo in vistos:
            columna = lectura.columna("codigo")
            yield CATALOGO.obs(definicion, lectura.hoja, f.fila, columna, f.codigo, otra=vistos[f.codigo] + 1)
        elif f.codigo:
            vistos[f.codigo] = f.fila


# ================================================================ agentes


def _obs_dni(hoja: str, fila: int, columna: int | None, dni: str) -> Observacion | None:
    if acr.dni_valido(dni):
        return None
    if _DIGITOS.fullmatch(dni):
        detalle = f"tiene {len(dni)} dígito(s)"
        pista = (
            "Si empezaba con 0, Excel lo borró: escriba la celda como texto, p. ej. "
            f"«{dni.zfill(8)}», sin adivinar los dígitos que falten."
            if len(dni) < 8
            else "Revise si sobra un dígito."
        )
    else:
        detalle = "tiene caracteres que no son dígitos (espacios, letras o signos)"
        pista = "Escriba solo los 8 dígitos."
    return CATALOGO.obs("AGE-001", hoja, fila, columna, dni, detalle=detalle, pista=pista)


def dni_validos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    for hoja, campos in (
        ("Solicitudes", ("dni",)),
        ("Faltas", ("dni",)),
        ("Votos Comité", ("elector", *CANDIDATOS)),
    ):
        lectura = libro.hojas.get(hoja)
        if lectura is None:
            continue
        for f in lectura.filas:
            for campo in campos:
                valor = getattr(f, campo)
                if valor:
                    obs = _obs_dni(lectura.hoja, f.fila, lectura.columna(campo), valor)
                    if obs:
                        yield obs


def solicitudes_unicas(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Expediente único; una organización, un representante; un DNI, una solicitud (art. 13.3)."""
    lectura = libro.hojas.get("Solicitudes")
    if lectura is None:
        return
    yield from _codigos_repetidos(lectura, "AGE-006")
    unicas: dict[str, acr.Solicitud] = {}
    por_codigo = {}
    for f in lectura.filas:
        s = solicitud_de(f)
        if s is not None:
            unicas.setdefault(s.codigo, s)
            por_codigo.setdefault(s.codigo, f)
    for d in acr.duplicados(unicas.values()):
        f = por_codigo[d.segunda]
        if d.tipo is acr.TipoDuplicado.MISMA_ORGANIZACION:
            definicion, campo = "AGE-002", "organizacion"
        else:
            definicion, campo = "AGE-003", "dni"
        yield CATALOGO.obs(
            definicion,
            lectura.hoja,
            f.fila,
            lectura.columna(campo),
            getattr(f, campo),
            primera=d.primera,
            otra=por_codigo[d.primera].fila + 1,
        )


def estado_de_solicitudes(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Observadas (con la fecha límite de subsanación) y no aptas, según `libro.pp.agentes.acreditacion`."""
    lectura = libro.hojas.get("Solicitudes")
    if lectura is None:
        return
    a = calculado.acreditacion
    campo_de = {doc: campo for campo, doc in CAMPOS_DOCUMENTO.items()}
    for f, s in a.pares:
        if f.fecha_observacion and f.fecha_solicitud and f.fecha_observacion < f.fecha_solicitud:
            yield CATALOGO.obs(
                "AGE-007",
                lectura.hoja,
                f.fila,
                lectura.columna("fecha_observacion"),
                fecha_texto(f.fecha_observacion),
                solicitud=fecha_texto(f.fecha_solicitud),
            )
        e = a.lista.evaluaciones[s.codigo]
        if e.estado is acr.Estado.OBSERVADO:
            accion = (
                "Cuando entregue, registre el documento y su fecha en «Subsanaciones»."
                if f.fecha_observacion
                else "Anote la fecha de observación; sin ella el plazo corre desde el "
                f"{fecha_texto(a.fecha)}."
            )
            columna = lectura.columna(campo_de[e.faltantes[0]])
            yield CATALOGO.obs(
                "AGE-004",
                lectura.hoja,
                f.fila,
                columna,
                "No",
                faltantes="; ".join(str(d) for d in e.faltantes)
                + (" (" + "; ".join(e.motivos) + ")" if e.motivos else ""),
                vence=fecha_texto(e.vence_subsanacion),
                observada=fecha_texto(f.fecha_observacion or a.fecha),
                accion=accion,
            )
        elif e.estado is acr.Estado.NO_APTO:
            motivos = list(e.motivos)
            if e.faltantes:
                motivos.insert(0, "faltan " + "; ".join(str(d) for d in e.faltantes))
            yield CATALOGO.obs(
                "AGE-005",
                lectura.hoja,
                f.fila,
                lectura.columna("codigo"),
                s.codigo,
                motivos="; ".join(motivos),
            )


def faltas_y_votos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Faltas de DNI desconocidos, terceras faltas, papeletas no contadas y el resultado del Comité."""
    a = calculado.acreditacion
    conocidos = {s.dni for _, s in a.pares}
    faltas = libro.hojas.get("Faltas")
    if faltas is not None:
        for f in faltas.filas:
            if f.dni and acr.dni_valido(f.dni) and f.dni not in conocidos:
                yield CATALOGO.obs("AGE-008", faltas.hoja, f.fila, faltas.columna("dni"), f.dni)
        terceras = {(r.dni, r.fecha) for r in a.retiros}
        for f in faltas.filas:
            if (f.dni, f.fecha) in terceras:
                terceras.discard((f.dni, f.fecha))
                nombre = f.agente or (a.por_dni[f.dni].representante if f.dni in a.por_dni else f.dni)
                yield CATALOGO.obs(
                    "AGE-012", faltas.hoja, f.fila, faltas.columna("falta"), f.dni, nombre=nombre
                )
    votos = libro.hojas.get("Votos Comité")
    if votos is None or not a.papeletas:
        return
    for texto in a.eleccion.observaciones:
        m = re.match(r"papeleta (\d+): (.*)", texto)
        fila = a.papeletas[int(m.group(1)) - 1][0].fila if m else None
        yield CATALOGO.obs(
            "AGE-009",
            votos.hoja,
            fila,
            votos.columna("elector"),
            detalle=(m.group(2) if m else texto).capitalize(),
        )
    r = a.eleccion
    if r.empatados:
        yield CATALOGO.obs(
            "AGE-010",
            votos.hoja,
            detalle=", ".join(r.empatados),
            votos=r.votos[r.empatados[0]],
            puestos=r.puestos_en_disputa,
        )
    elif r.vacantes:
        yield CATALOGO.obs("AGE-011", votos.hoja, electos=len(r.electos), vacantes=r.vacantes)


def subsanaciones(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Cada entrega de «Subsanaciones»: de una solicitud que existe, observada y dentro del plazo (13.4)."""
    lectura = libro.hojas.get("Subsanaciones")
    if lectura is None:
        return
    a = calculado.acreditacion
    for e in a.entregas:
        f = e.fila
        fecha = fecha_texto(f.fecha)
        if e.situacion == SIN_SOLICITUD:
            yield CATALOGO.obs("AGE-013", lectura.hoja, f.fila, lectura.columna("expediente"), f.expediente)
        elif e.situacion == SIN_OBSERVACION:
            yield CATALOGO.obs("AGE-014", lectura.hoja, f.fila, lectura.columna("expediente"), f.expediente,
                               otra=e.solicitud.fila + 1)
        else:
            observada = fecha_texto(e.solicitud.fecha_observacion)
            columna = lectura.columna("fecha")
            if e.situacion == FUERA_DE_PLAZO:
                vence = fecha_texto(e.vence)
                yield CATALOGO.obs("AGE-015", lectura.hoja, f.fila, columna, fecha, vence=vence,
                                   observada=observada, expediente=f.expediente)
            elif e.situacion == ANTERIOR:
                yield CATALOGO.obs("AGE-016", lectura.hoja, f.fila, columna, fecha, observada=observada)
            elif e.situacion == POSTERIOR:
                evaluacion = fecha_texto(a.fecha)
                yield CATALOGO.obs("AGE-017", lectura.hoja, f.fila, columna, fecha, evaluacion=evaluacion)


REGLAS_AGENTES = (dni_validos, solicitudes_unicas, estado_de_solicitudes, subsanaciones, faltas_y_votos)


# ================================================================ proyectos


def fichas_validas(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura = libro.hojas.get("Fichas")
    if lectura is None:
        return
    yield from _codigos_repetidos(lectura, "PRY-007")
    for f in lectura.filas:
        if f.cui and not _CUI.fullmatch(f.cui):
            yield CATALOGO.obs("PRY-004", lectura.hoja, f.fila, lectura.columna("cui"), f.cui)
        if f.dni_agente:
            obs = _obs_dni(lectura.hoja, f.fila, lectura.columna("dni_agente"), f.dni_agente)
            if obs:
                yield obs


def criterios_validos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Pesos que suman 100 (uno por criterio) y matriz que `libro.pp.proyectos.priorizacion` acepta."""
    lectura = libro.hojas.get("Criterios")
    if lectura is None or not lectura.filas:
        return
    pesos: dict[str, Decimal] = {}
    for f in lectura.filas:
        if f.criterio and f.peso is not None and f.criterio not in pesos:
            pesos[f.criterio] = Decimal(str(f.peso))
    total = sum(pesos.values(), Decimal(0))
    if pesos and total != 100:
        primera = lectura.filas[0]
        yield CATALOGO.obs(
            "PRY-001", lectura.hoja, primera.fila, lectura.columna("peso"), f"{total.normalize():f}"
        )
        return
    p = calculado.priorizacion
    if p.error_matriz:
        e = p.error_matriz
        columna = lectura.columna(e.campo) if e.campo else None
        yield CATALOGO.obs("PRY-015", lectura.hoja, e.fila, columna, detalle=mayuscula_inicial(str(e)))


def puntajes_validos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Proyecto y criterio existentes, nivel dentro de la escala, una calificación por criterio,
    viabilidad escrita una vez, motivo de no viabilidad e inspección in situ."""
    lectura = libro.hojas.get("Puntajes")
    if lectura is None:
        return
    p = calculado.priorizacion
    criterios = {c.codigo: c for c in p.matriz.criterios} if p.matriz else None
    vistos: dict[tuple[str, str], int] = {}
    for f in lectura.filas:
        if f.proyecto and p.fichas and f.proyecto not in p.fichas:
            yield CATALOGO.obs("PRY-005", lectura.hoja, f.fila, lectura.columna("proyecto"), f.proyecto)
        if criterios is None or not f.criterio:
            continue
        c = criterios.get(f.criterio)
        if c is None:
            yield CATALOGO.obs("PRY-006", lectura.hoja, f.fila, lectura.columna("criterio"), f.criterio)
            continue
        if f.nivel and f.nivel not in {n.codigo for n in c.niveles}:
            yield CATALOGO.obs(
                "PRY-002",
                lectura.hoja,
                f.fila,
                lectura.columna("nivel"),
                f.nivel,
                criterio=c.codigo,
                niveles=", ".join(n.codigo for n in c.niveles),
            )
        if f.proyecto:
            if (f.proyecto, c.codigo) in vistos:
                yield CATALOGO.obs(
                    "PRY-013",
                    lectura.hoja,
                    f.fila,
                    lectura.columna("criterio"),
                    c.codigo,
                    proyecto=f.proyecto,
                    otra=vistos[(f.proyecto, c.codigo)] + 1,
                )
            else:
                vistos[(f.proyecto, c.codigo)] = f.fila
    etiquetas = {
        "fecha_inspeccion": "Fecha de inspección in situ",
        "inspeccion_favorable": "Inspección favorable",
        "viable": "Viable",
        "motivo": "Motivo de no viabilidad",
    }
    for codigo, v in p.veredictos.items():
        for campo, etiqueta in etiquetas.items():
            primera = next((f for f in v.filas if getattr(f, campo) is not None), None)
            for f in v.filas:
                valor = getattr(f, campo)
                if (
                    primera is not None
                    and f is not primera
                    and valor is not None
                    and valor != getattr(primera, campo)
                ):
                    yield CATALOGO.obs(
                        "PRY-016",
                        lectura.hoja,
                        f.fila,
                        lectura.columna(campo),
                        _texto(valor),
                        campo=etiqueta,
                        otro=_texto(getattr(primera, campo)),
                        otra=primera.fila + 1,
                        proyecto=codigo,
                    )
        ancla = v.filas[0]
        if v.viable == "No" and not v.motivo:
            yield CATALOGO.obs("PRY-008", lectura.hoja, ancla.fila, lectura.columna("motivo"), codigo)
        if v.calificaciones and not v.fecha_inspeccion:
            yield CATALOGO.obs(
                "PRY-009", lectura.hoja, ancla.fila, lectura.columna("fecha_inspeccion"), codigo
            )
        motivo = p.sin_evaluar.get(codigo, "")
        if v.viable == "Sí" and motivo.startswith("falta calificar"):
            yield CATALOGO.obs(
                "PRY-003",
                lectura.hoja,
                ancla.fila,
                lectura.columna("viable"),
                codigo,
                faltan=motivo.removeprefix("falta calificar: "),
            )


def _texto(valor: object) -> str:
    return fecha_texto(valor) if hasattr(valor, "strftime") else str(valor)


def priorizacion_resuelta(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Presupuesto, propuestas sin evaluar, empate en el corte, votaciones y reemplazo."""
    p = calculado.priorizacion
    if p.matriz is None:
        return
    parametros = libro.hojas.get("Parámetros")
    if parametros is not None and p.presupuesto is None:
        yield CATALOGO.obs(
            "PRY-018", parametros.hoja, *parametros.ubicaciones.get("presupuesto", (None, None))
        )
    fichas = libro.hojas.get("Fichas")
    if fichas is not None:
        for codigo, motivo in p.sin_evaluar.items():
            v = p.veredictos.get(codigo)
            if v is not None and v.viable == "Sí" and motivo.startswith("falta calificar"):
                continue  # ya lo dice PRY-003
            f = p.fichas[codigo]
            yield CATALOGO.obs(
                "PRY-010", fichas.hoja, f.fila, fichas.columna("codigo"), codigo, motivo=motivo
            )
    votos = libro.hojas.get("Votación de desempate")
    if votos is not None:
        vistos: dict[tuple[str, int, str], int] = {}
        for f in votos.filas:
            if not f.dni:
                continue
            llave = (f.para or "Priorización", f.votacion or 1, f.dni)
            if llave in vistos:
                yield CATALOGO.obs(
                    "PRY-017", votos.hoja, f.fila, votos.columna("dni"), f.dni, otra=vistos[llave] + 1
                )
            else:
                vistos[llave] = f.fila
            if f.proyecto and f.proyecto not in p.fichas:
                yield CATALOGO.obs("PRY-005", votos.hoja, f.fila, votos.columna("proyecto"), f.proyecto)
    hoja_votos = votos.hoja if votos is not None else "Votación de desempate"
    a = p.asignacion
    if a is not None and a.empate is not None:
        yield CATALOGO.obs("PRY-011", hoja_votos, detalle=a.empate.mensaje())
    if p.error_asignacion and a is not None:
        yield CATALOGO.obs("PRY-012", hoja_votos, detalle=mayuscula_inicial(p.error_asignacion))
    if p.error_reemplazo and parametros is not None:
        fila, columna = parametros.ubicaciones.get("reemplazar", (None, None))
        yield CATALOGO.obs(
            "PRY-014",
            parametros.hoja,
            fila,
            columna,
            p.parametros.reemplazar,
            detalle=p.error_reemplazo[:1].lower() + p.error_reemplazo[1:],
        )


def equipo_tecnico(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """El Equipo Técnico que nombra el reglamento, sin firmantes vacíos, y cada calificación firmada por
    uno de sus miembros (art. 10 y 14.4)."""
    lectura = libro.hojas.get("Equipo Técnico")
    hoja = lectura.hoja if lectura else "Equipo Técnico"
    miembros = lectura.filas if lectura else []
    for m in miembros:
        if not m.nombre:
            yield CATALOGO.obs("PRY-021", hoja, m.fila, lectura.columna("nombre"))
    con_nombre = [m for m in miembros if m.nombre]
    faltan = [
        texto
        for texto, presente in (
            ("presidente", any(m.cargo == "Presidente" for m in con_nombre)),
            ("secretario técnico", any(m.cargo == "Secretario técnico" for m in con_nombre)),
            ("representante de la sociedad civil", any(m.representa == "Sociedad civil" for m in con_nombre)),
        )
        if not presente
    ]
    if faltan:
        yield CATALOGO.obs(
            "PRY-019", hoja, falta=", ".join(faltan[:-1]) + (" ni " if len(faltan) > 1 else "") + faltan[-1]
        )
    parametros = libro.hojas.get("Parámetros")
    nombrados = libro.ficha("Parámetros").miembros_equipo if parametros else None
    if nombrados and len(con_nombre) < nombrados:
        fila, columna = parametros.ubicaciones.get("miembros_equipo", (None, None))
        yield CATALOGO.obs("PRY-020", parametros.hoja, fila, columna, nombrados, hay=len(con_nombre))
    puntajes = libro.hojas.get("Puntajes")
    if puntajes is None:
        return
    firmas = {clave(m.nombre) for m in con_nombre} | {m.dni for m in con_nombre if m.dni}
    for f in puntajes.filas:
        if not f.nivel:
            continue
        if not f.evaluador:
            yield CATALOGO.obs(
                "PRY-022",
                puntajes.hoja,
                f.fila,
                puntajes.columna("evaluador"),
                proyecto=f.proyecto or "(sin proyecto)",
                criterio=f.criterio or "(sin criterio)",
            )
        elif f.evaluador.strip() not in firmas and clave(f.evaluador) not in firmas:
            yield CATALOGO.obs("PRY-023", puntajes.hoja, f.fila, puntajes.columna("evaluador"), f.evaluador)


REGLAS_PROYECTOS = (
    fichas_validas,
    criterios_validos,
    puntajes_validos,
    priorizacion_resuelta,
    equipo_tecnico,
)
