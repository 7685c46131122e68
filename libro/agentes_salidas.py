"""Lo que calcula el libro de agentes del Presupuesto Participativo (formato `agentes-pp`).

Traduce las filas leídas a las entradas de `libro.pp` (solicitudes, faltas, papeletas), llama a esos
cálculos puros y arma los bloques de las hojas generadas «Acreditación», «Comité de Vigilancia» y
«Retiros». Aquí no hay Excel ni archivos.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from libro.codecs import Fecha
from libro.escritura import Bloque, Escritura, Limpiar
from libro.formatos.agentes_pp import CAMPOS_DOCUMENTO, FALTAS, TIPOS, SolicitudFila
from libro.lector import LibroLeido
from libro.pp import acreditacion as acr
from libro.pp import comite, faltas
from libro.textos import fecha_texto, mayuscula_inicial

FECHA = Fecha.formato
HOJA_ACREDITACION = "Acreditación"
HOJA_COMITE = "Comité de Vigilancia"
HOJA_RETIROS = "Retiros"


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


def fecha_evaluacion(libro: LibroLeido, hoy: date | None = None) -> tuple[date, bool]:
    """Fecha a la que se evalúa (la de «Proceso» o la de hoy) y si vino del libro."""
    datos = libro.ficha("Proceso")
    if datos is not None and datos.fecha_evaluacion:
        return datos.fecha_evaluacion, True
    return hoy or date.today(), False


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


def acreditar(libro: LibroLeido, hoy: date | None = None) -> Acreditacion:
    """Estado de cada solicitud, lista definitiva, Comité de Vigilancia y retiros.

    Sin `hoy`, se calcula una vez por libro leído: el cálculo y las reglas comparten el resultado.
    """
    if hoy is None:
        return libro.derivado("acreditacion", lambda: _acreditar(libro, None))
    return _acreditar(libro, hoy)


def _acreditar(libro: LibroLeido, hoy: date | None) -> Acreditacion:
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
        cargo=(datos.cargo_firmante if datos else None)
        or "Presidente del Equipo Técnico del Presupuesto Participativo",
    )


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
                r, r.fecha, a.firmante or "________________________", a.cargo, a.anio_fiscal
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


def calculo_agentes(libro: LibroLeido) -> tuple[LibroLeido, Escritura]:
    """Cálculo del formato `agentes-pp`: las tres hojas generadas (sin celdas calculadas)."""
    a = acreditar(libro)
    escritura = escritura_acreditacion(a)
    escritura.agregar(*escritura_comite(a).operaciones, *escritura_retiros(a).operaciones)
    return libro, escritura
