"""Lo que calcula el libro de agentes del Presupuesto Participativo (formato `agentes-pp`).

Traduce las filas leídas a las entradas de `libro.pp` (solicitudes, faltas, papeletas), llama a esos
cálculos puros y arma los bloques de las hojas generadas «Acreditación», «Comité de Vigilancia» y
«Retiros». Aquí no hay Excel ni archivos.
"""

from typing import Any

from libro.nucleo.codecs import FECHA
from libro.nucleo.escritura import Bloque, Escritura, Limpiar
from libro.nucleo.textos import fecha_texto, mayuscula_inicial
from libro.pp.agentes import acreditacion as acr
from libro.pp.agentes import comite, faltas
from libro.pp.agentes.calculo import Acreditacion, AgentesCalculado

HOJA_ACREDITACION = "Acreditación"
HOJA_COMITE = "Comité de Vigilancia"
HOJA_RETIROS = "Retiros"




















def _detalle_evaluacion(a: Acreditacion, codigo: str) -> str:
    e = a.lista.evaluaciones[codigo]
    partes = []
    if e.faltantes:
        partes.append("faltan: " + "; ".join(str(d) for d in e.faltantes))
    partes.extend(e.motivos)
    dup = a.excluidas.get(codigo)
    if dup is not None:
        partes.append(f"excluida: {dup.tipo} (se mantiene la solicitud {dup.primera}, más antigua)")
    return ". ".join(mayuscula_inicial(p) for p in partes)


def _pendiente(hoja: str, texto: str) -> Escritura:
    return Escritura().agregar(Limpiar(hoja, 1), Bloque(hoja, 1, 0, [[texto]], estilos={0: "nota"}))


def escritura_acreditacion(a: Acreditacion) -> Escritura:
    h = HOJA_ACREDITACION
    if not a.pares:
        return _pendiente(
            h,
            "Registre las solicitudes en «Solicitudes» y la fecha de evaluación en "
            "«Proceso»; luego pulse «Acreditar».",
        )
    conteo = {estado: 0 for estado in acr.Estado}
    for _, s in a.pares:
        conteo[acr.Estado(a.estado(s.codigo))] += 1
    origen = "«Proceso»" if a.fecha_del_libro else "fecha de hoy; escriba la fecha de evaluación en «Proceso»"
    cabecera = [
        [
            f"Evaluación al {fecha_texto(a.fecha)} ({origen}). Plazo de subsanación: 2 días hábiles desde la "
            "observación (art. 13.4)."
        ],
        [
            f"Aptos: {conteo[acr.Estado.APTO]} · Observados: {conteo[acr.Estado.OBSERVADO]} · "
            f"No aptos: {conteo[acr.Estado.NO_APTO]} (de ellos, {len(a.excluidas)} por duplicado)."
        ],
    ]
    tabla = [
        [
            "N° de expediente",
            "Organización",
            "Representante",
            "DNI",
            "Eje zonal",
            "Estado",
            "Vence subsanación",
            "Faltantes y motivos",
        ]
    ]
    for _, s in a.pares:
        e = a.lista.evaluaciones[s.codigo]
        tabla.append(
            [
                s.codigo,
                s.organizacion,
                s.representante,
                s.dni,
                s.eje_zonal,
                a.estado(s.codigo),
                e.vence_subsanacion if e.estado is acr.Estado.OBSERVADO else None,
                _detalle_evaluacion(a, s.codigo),
            ]
        )
    fila = 4
    escritura = Escritura().agregar(
        Limpiar(h, 1),
        Bloque(h, 1, 0, cabecera, estilos={0: "subtitulo", 1: "nota"}),
        Bloque(
            h,
            fila,
            0,
            tabla,
            formatos=(None, None, None, "@", None, None, FECHA, None),
            estilos={0: "encabezado"},
        ),
    )
    fila += len(tabla) + 1
    if a.entregas:
        entregas = [
            ["SUBSANACIONES: DOCUMENTOS ENTREGADOS DESPUÉS DE LA OBSERVACIÓN (ART. 13.4)"],
            ["N° de expediente", "Organización", "Documento", "", "", "Entregado", "Vencía", "Situación"],
        ]
        entregas.extend(
            [e.fila.expediente, e.solicitud.organizacion if e.solicitud else "", e.fila.documento, None, None,
             e.fila.fecha, e.vence, e.situacion]
            for e in a.entregas
        )
        formatos = (None, None, None, None, None, FECHA, FECHA, None)
        escritura.agregar(Bloque(h, fila, 0, entregas, formatos, {0: "subtitulo", 1: "encabezado"}))
        fila += len(entregas) + 1
    if a.lista.es_definitiva:
        titulo = f"LISTA DEFINITIVA DE AGENTES PARTICIPANTES POR EJE ZONAL ({fecha_texto(a.fecha)})"
    else:
        vence = max(a.lista.evaluaciones[c].vence_subsanacion for c in a.lista.observados)
        titulo = (
            f"LISTA PRELIMINAR: {len(a.lista.observados)} solicitud(es) dentro del plazo de "
            f"subsanación, que vence el {fecha_texto(vence)}; la lista definitiva se publica después"
        )
    lista: list[list[Any]] = [[titulo]]
    estilos: dict[int, Any] = {0: "subtitulo"}
    total = sum(len(g) for g in a.lista.por_eje.values())
    lista.append([f"{total} agente(s) acreditado(s) en {len(a.lista.por_eje)} eje(s) zonal(es)."])
    estilos[1] = "nota"
    for eje, grupo in a.lista.por_eje.items():
        lista.append([])
        estilos[len(lista)] = "subtitulo"
        lista.append([f"Eje zonal: {eje} ({len(grupo)})"])
        estilos[len(lista)] = "encabezado"
        lista.append(["N°", "Organización", "Representante", "DNI", "Tipo"])
        lista.extend(
            [i, s.organizacion, s.representante, s.dni, mayuscula_inicial(s.tipo.value)]
            for i, s in enumerate(grupo, start=1)
        )
    escritura.agregar(Bloque(h, fila, 0, lista, formatos=(None, None, None, "@", None), estilos=estilos))
    return escritura


def escritura_comite(a: Acreditacion) -> Escritura:
    h = HOJA_COMITE
    if not a.papeletas:
        return _pendiente(
            h,
            "Registre las papeletas en «Votos Comité» y la fecha de elección en «Proceso»; "
            "luego pulse «Acreditar». Se eligen 8 agentes acreditados de la sociedad civil "
            "para el año fiscal siguiente (art. 18).",
        )
    r = a.eleccion
    nombres = {ag.dni: ag for ag in a.agentes}
    if r.empatados:
        quienes = ", ".join(f"{nombres[d].nombre} ({d})" for d in r.empatados)
        estado = (
            f"Empate en el corte: {quienes} empatan con {r.votos[r.empatados[0]]} voto(s) por "
            f"{r.puestos_en_disputa} puesto(s). El taller debe resolverlo antes de la Resolución de "
            "Alcaldía."
        )
    elif r.vacantes:
        estado = (
            f"Faltan candidatos con votos: {r.vacantes} puesto(s) vacante(s) de {comite.MIEMBROS_COMITE}."
        )
    else:
        estado = f"Comité completo: {len(r.electos)} miembros electos."
    cabecera = [
        [
            f"Elección del {fecha_texto(a.fecha_eleccion)}. Periodo de funciones: año fiscal {r.periodo} "
            f"({fecha_texto(r.periodo_inicio)} al {fecha_texto(r.periodo_fin)}), el siguiente al de la "
            "elección (art. 18)."
        ],
        [estado],
    ]
    electos, empatados = set(r.electos), set(r.empatados)
    tabla: list[list[Any]] = [["N°", "Agente", "DNI", "Organización", "Votos", "Resultado"]]
    con_votos = sorted(
        (d for d, n in r.votos.items() if n), key=lambda d: (-r.votos[d], nombres[d].nombre, d)
    )
    for i, dni in enumerate(con_votos, start=1):
        resultado = (
            "Electo" if dni in electos else "Empatado en el corte" if dni in empatados else "No electo"
        )
        tabla.append([i, nombres[dni].nombre, dni, nombres[dni].organizacion, r.votos[dni], resultado])
    escritura = Escritura().agregar(
        Limpiar(h, 1),
        Bloque(h, 1, 0, cabecera, estilos={0: "subtitulo", 1: "nota"}),
        Bloque(h, 4, 0, tabla, formatos=("0", None, "@", None, "0", None), estilos={0: "encabezado"}),
    )
    fila = 4 + len(tabla) + 1
    resolucion: list[list[Any]] = [
        [
            f"RELACIÓN PARA LA RESOLUCIÓN DE ALCALDÍA: COMITÉ DE VIGILANCIA DEL PRESUPUESTO PARTICIPATIVO, "
            f"AÑO FISCAL {r.periodo}"
        ],
        ["N°", "Nombres y apellidos", "DNI", "Organización que representa"],
    ]
    resolucion.extend([i, nombres[d].nombre, d, nombres[d].organizacion] for i, d in enumerate(r.electos, 1))
    if not r.completo:
        resolucion.append(["", "Relación incompleta: " + estado])
    escritura.agregar(
        Bloque(
            h, fila, 0, resolucion, formatos=("0", None, "@", None), estilos={0: "subtitulo", 1: "encabezado"}
        )
    )
    fila += len(resolucion) + 1
    if r.observaciones:
        notas = [["PAPELETAS Y VOTOS NO CONTADOS"], *([o] for o in r.observaciones)]
        escritura.agregar(Bloque(h, fila, 0, notas, estilos={0: "subtitulo"}))
    return escritura


def cartas(a: Acreditacion) -> list[tuple[faltas.Retiro, str]]:
    """Carta de sustitución de cada retiro (art. 21.3), fechada el día de la tercera falta."""
    return [
        (
            r,
            faltas.carta_sustitucion(
                r, r.fecha, a.firmante or "________________________", a.cargo, a.anio_fiscal, lugar=a.lugar
            ),
        )
        for r in a.retiros
    ]


def escritura_retiros(a: Acreditacion) -> Escritura:
    h = HOJA_RETIROS
    tabla: list[list[Any]] = [["Fecha", "DNI", "Agente", "Taller", "Vez", "Falta", "Sanción"]]
    tabla.extend(
        [
            s.falta.fecha,
            s.falta.dni,
            s.falta.nombre,
            s.falta.taller,
            s.reiteracion,
            mayuscula_inicial(s.falta.tipo.value),
            mayuscula_inicial(s.sancion.descripcion),
        ]
        for s in a.sancionadas
    )
    escritura = Escritura().agregar(
        Limpiar(h, 1),
        Bloque(
            h,
            1,
            0,
            [
                [
                    f"{len(a.retiros)} retiro(s) por tercera falta; {len(a.sancionadas)} falta(s) "
                    "registrada(s). Las faltas se cuentan por agente en todo el proceso."
                ]
            ],
            estilos={0: "nota"},
        ),
        Bloque(h, 3, 0, tabla, formatos=(FECHA, "@", None, None, "0", None, None), estilos={0: "encabezado"}),
    )
    fila = 3 + len(tabla) + 1
    for retiro, texto in cartas(a):
        lineas: list[list[Any]] = [
            [
                f"RETIRO: {retiro.nombre} (DNI {retiro.dni}), {retiro.organizacion}, "
                f"el {fecha_texto(retiro.fecha)}"
            ]
        ]
        lineas.extend([linea] for linea in texto.splitlines())
        escritura.agregar(Bloque(h, fila, 0, lineas, estilos={0: "subtitulo"}))
        fila += len(lineas) + 1
    return escritura






def hojas(c: AgentesCalculado) -> dict[str, Escritura]:
    """Las tres hojas generadas: «Acreditación», «Comité de Vigilancia» y «Retiros»."""
    a = c.acreditacion
    return {
        HOJA_ACREDITACION: escritura_acreditacion(a),
        HOJA_COMITE: escritura_comite(a),
        HOJA_RETIROS: escritura_retiros(a),
    }
