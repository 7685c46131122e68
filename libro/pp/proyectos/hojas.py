"""Lo que calcula el libro de proyectos del Presupuesto Participativo (formato `proyectos-pp`).

Traduce las filas leídas a las entradas de `libro.pp.proyectos.priorizacion` (proyectos, matriz de criterios,
votaciones de desempate), llama a esos cálculos puros y arma las celdas calculadas de «Puntajes» y
«Fichas» y los bloques de las hojas generadas «Priorización», «Acta» y «Reemplazos». Aquí no hay
Excel ni archivos.
"""

import textwrap
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import Bloque, Encabezado, Escritura, Limpiar, bloques_por_filas
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.textos import MESES_LARGOS, clave, mayuscula_inicial
from libro.pp.agentes.comite import MIEMBROS_COMITE
from libro.pp.proyectos import priorizacion as pri
from libro.pp.proyectos.calculo import MATRIZ_LIBRO, Priorizacion, ProyectosCalculado, resultado_de
from libro.pp.proyectos.formato import (
    COLUMNAS_ACTA,
    POLITICAS,
    MiembroEquipo,
)

PUNTOS = "0.00"
HOJA_PRIORIZACION = "Priorización"
HOJA_ACTA = "Acta"
HOJA_REEMPLAZOS = "Reemplazos"




def _columna(
    lectura: Lectura | None, campo: str, valores: dict[int, Any], formato: str | None
) -> list[Bloque]:
    """Un bloque por tramo contiguo de filas para una columna calculada de una hoja de datos."""
    j = lectura.columna(campo) if lectura else None
    if j is None:
        return []
    return bloques_por_filas(lectura.hoja, j, {r: [v] for r, v in valores.items()}, (formato,))






























def escritura_puntajes(libro: LibroLeido) -> Escritura:
    """Las columnas calculadas de «Puntajes» y «Fichas», desde el libro ya calculado."""
    puntajes, fichas = libro.hojas.get("Puntajes"), libro.hojas.get("Fichas")

    def valores(hoja: str, campo: str) -> dict[int, Any]:
        return {f.fila: getattr(f, campo) for f in libro.filas(hoja)}

    return Escritura().agregar(
        *_columna(puntajes, "puntos", valores("Puntajes", "puntos"), "0.##"),
        *_columna(puntajes, "aporte", valores("Puntajes", "aporte"), PUNTOS),
        *_columna(fichas, "puntaje", valores("Fichas", "puntaje"), PUNTOS),
        *_columna(fichas, "resultado", valores("Fichas", "resultado"), None),
    )


def _soles(valor: Decimal) -> str:
    return f"S/ {valor:,.2f}"


def _politica_texto(politica: str) -> str:
    return next(k for k, v in POLITICAS.items() if v == politica).lower()


def escritura_priorizacion(p: Priorizacion) -> Escritura:
    h = HOJA_PRIORIZACION
    escritura = Escritura().agregar(Limpiar(h, 1))
    if p.matriz is None:
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [
                    [
                        f"No se puede priorizar: la hoja «Criterios» no vale "
                        f"({p.error_matriz}). Corríjala y vuelva a priorizar."
                    ]
                ],
                estilos={0: "subtitulo"},
            )
        )
    a = p.asignacion
    notas: list[list[Any]] = []
    if a is None:
        notas.append([f"No se puede asignar: {p.error_asignacion}."])
    else:
        notas.append(
            [
                f"Presupuesto asignado al PP: {_soles(a.presupuesto)} · priorizado: "
                f"{_soles(a.monto_asignado)} · saldo: {_soles(a.saldo)} · si el siguiente no cabe: "
                f"{_politica_texto(a.politica)}."
            ]
        )
        if a.empate is not None:
            notas.append(
                [a.empate.mensaje() + ". Registre los votos en «Votación de desempate» y vuelva a priorizar."]
            )
        else:
            notas.append(["Asignación resuelta en orden de prelación (art. 16.1.1)."])
        for d in a.desempates:
            votos = ", ".join(f"{c}: {n}" for c, n in d.votos.items())
            notas.append([f"Desempate por votación entre {', '.join(d.proyectos)} ({votos})."])
        if p.matriz_propuesta:
            pesos = ", ".join(f"{c.codigo} {c.peso}" for c in MATRIZ_LIBRO.criterios)
            notas.append([f"La hoja «Criterios» está vacía: se usó la matriz propuesta por libro ({pesos})."])
        if p.error_asignacion:
            notas.append([mayuscula_inicial(p.error_asignacion) + "."])
    escritura.agregar(Bloque(h, 1, 0, notas, estilos={0: "subtitulo"}))
    fila = 1 + len(notas) + 1
    puestos = {x.evaluacion.codigo: x for x in pri.ranking(p.evaluaciones)}
    tabla: list[list[Any]] = [
        ["Puesto", "Código", "Propuesta", "Eje", "Puntaje", "Costo (S/)", "Asignación", "Observación"]
    ]
    orden = list(a.escala) if a else [x.evaluacion for x in puestos.values()]
    for e in orden:
        x = puestos[e.codigo]
        asignado = e.costo if a and any(f.codigo == e.codigo for f in a.financiados) else None
        tabla.append(
            [
                x.puesto,
                e.codigo,
                e.nombre,
                e.eje,
                float(e.puntaje),
                float(e.costo),
                float(asignado) if asignado is not None else None,
                resultado_de(p, e.codigo) + (" (igual puntaje)" if x.empatado else ""),
            ]
        )
    if a:
        tabla.append(["", "", "Total priorizado", "", None, None, float(a.monto_asignado), ""])
    estilos: dict[int, Any] = {0: "encabezado"}
    if a:
        estilos[len(tabla) - 1] = "total"
    escritura.agregar(
        Bloque(
            h, fila, 0, tabla, formatos=("0", None, None, None, PUNTOS, SOLES, SOLES, None), estilos=estilos
        )
    )
    fila += len(tabla) + 1
    no_viables = [e for e in p.evaluaciones if not e.viable]
    if no_viables or p.sin_evaluar:
        bloque: list[list[Any]] = [["NO VIABLES Y SIN EVALUAR"], ["Código", "Propuesta", "Puntaje", "Motivo"]]
        bloque.extend([e.codigo, e.nombre, float(e.puntaje), "; ".join(e.motivos)] for e in no_viables)
        bloque.extend([c, p.fichas[c].nombre, None, mayuscula_inicial(m)] for c, m in p.sin_evaluar.items())
        escritura.agregar(
            Bloque(
                h,
                fila,
                0,
                bloque,
                formatos=(None, None, PUNTOS, None),
                estilos={0: "subtitulo", 1: "encabezado"},
            )
        )
        fila += len(bloque) + 1
    por_eje: list[list[Any]] = [["ORDEN POR EJE DE DESARROLLO (ART. 14.4)"]]
    estilos = {0: "subtitulo"}
    for eje, posiciones in pri.ranking_por_eje(p.evaluaciones).items():
        if not posiciones:
            continue
        estilos[len(por_eje)] = "encabezado"
        por_eje.append([f"Eje {eje}", "Código", "Propuesta", "", "Puntaje", "Costo (S/)", "Asignación"])
        for x in posiciones:
            e = x.evaluacion
            asignado = e.costo if a and any(f.codigo == e.codigo for f in a.financiados) else None
            por_eje.append(
                [
                    x.puesto,
                    e.codigo,
                    e.nombre,
                    "",
                    float(e.puntaje),
                    float(e.costo),
                    float(asignado) if asignado is not None else None,
                ]
            )
    escritura.agregar(
        Bloque(h, fila, 0, por_eje, formatos=("0", None, None, None, PUNTOS, SOLES, SOLES), estilos=estilos)
    )
    return escritura


ANCHO_TEXTO = 100
"""Caracteres por línea del acta (columnas A:G en A4 vertical): las líneas largas se parten, nada se corta."""
ANCHO_FIRMA = 50
LINEA_FIRMA = "_" * 34
FILAS_PARA_FIRMAR = 3


def fecha_larga(fecha: date) -> str:
    """«19 de julio de 2025»."""
    return f"{fecha.day} de {MESES_LARGOS[fecha.month - 1]} de {fecha.year}"


def _lineas(texto: str, ancho: int = ANCHO_TEXTO) -> list[list[Any]]:
    return [[linea] for linea in textwrap.wrap(texto, ancho)] or [[""]]


@dataclass(frozen=True)
class Firmante:
    nombre: str
    detalle: str


def _agentes(p: Priorizacion) -> list[Firmante]:
    """Agentes proponentes (con su organización), una vez cada uno."""
    vistos: dict[str, Firmante] = {}
    for f in p.fichas.values():
        if f.agente and clave(f.agente) not in vistos:
            partes = [f"DNI {f.dni_agente}" if f.dni_agente else "", f.organizacion or ""]
            vistos[clave(f.agente)] = Firmante(f.agente, " · ".join(x for x in partes if x))
    return list(vistos.values())


def _equipo(equipo: list[MiembroEquipo]) -> list[Firmante]:
    return [
        Firmante(m.nombre, " · ".join(x for x in (m.cargo, m.unidad) if x))
        for m in equipo
        if m.nombre
    ]


def _firmas(titulo: str, firmantes: list[Firmante]) -> list[list[Any]]:
    """Bloques de firma de dos en dos: espacio para firmar, línea, nombre y cargo u organización."""
    filas: list[list[Any]] = [[titulo]]
    for par in range(0, len(firmantes), 2):
        izquierda, derecha = firmantes[par], firmantes[par + 1] if par + 1 < len(firmantes) else None
        pares = [f for f in (izquierda, derecha) if f]
        lineas = [[LINEA_FIRMA, f.nombre or "Nombre:", *(textwrap.wrap(f.detalle, ANCHO_FIRMA) or [""])]
                  for f in pares]
        filas += [[""]] * FILAS_PARA_FIRMAR
        for k in range(max(len(x) for x in lineas)):
            textos = [x[k] if k < len(x) else "" for x in lineas]
            filas.append([textos[0], "", "", textos[1]] if len(textos) > 1 else [textos[0]])
    return filas


def _tabla_proyectos(p: Priorizacion, lista: list[pri.Evaluacion], con_cui: bool) -> list[list[Any]]:
    """Una fila por proyecto; el nombre largo sigue en las filas de abajo (nada se corta al imprimir)."""
    filas: list[list[Any]] = []
    for n, e in enumerate(lista, start=1):
        nombre = textwrap.wrap(e.nombre, 40) or [""]
        cui = [p.fichas[e.codigo].cui or ""] if con_cui else []
        filas.append([n, e.codigo, nombre[0], e.eje, float(e.puntaje), float(e.costo), *cui])
        filas.extend(["", "", resto] for resto in nombre[1:])
    return filas


def _empates(p: Priorizacion) -> list[str]:
    """Cada empate en el corte y cómo se resolvió (o que sigue abierto)."""
    a = p.asignacion
    if a is None:
        return []
    puntajes = {e.codigo: e.puntaje for e in p.evaluaciones}
    textos = []
    for d in a.desempates:
        votos = "; ".join(f"{c}: {n} voto(s)" for c, n in d.votos.items())
        ganador = max(d.votos, key=lambda c: d.votos[c])
        textos.append(
            f"Empate a {puntajes[d.proyectos[0]]} puntos entre {', '.join(d.proyectos)} por S/ "
            f"{d.monto_disponible:,.2f} restantes: se resolvió por votación de los agentes participantes, un "
            f"voto por agente ({votos}); se prioriza primero {ganador}."
        )
    if a.empate is not None:
        textos.append(a.empate.mensaje() + ". Sigue abierto: el acta es un borrador hasta la votación.")
    return textos or ["No hubo empates en el corte."]


def escritura_acta(p: Priorizacion, equipo: list[MiembroEquipo]) -> Escritura:
    """Acta de acuerdos y compromisos con los datos del libro, lista para imprimir en A4 y firmar."""
    h = HOJA_ACTA
    params = p.parametros
    a = p.asignacion
    anio = params.anio_fiscal if params and params.anio_fiscal else "____"
    municipalidad = (params.municipalidad if params else None) or "Municipalidad ____________________"
    lugar = ", ".join(
        x for x in ((params.lugar if params else None), f"distrito de {params.distrito}" if params and
                    params.distrito else None) if x
    ) or "____________________"
    fecha = fecha_larga(params.fecha_taller) if params and params.fecha_taller else "___ de ________ de ____"
    presupuesto = _soles(a.presupuesto) if a else "(falta en «Parámetros»)"
    texto = (
        f"En {lugar}, el {fecha}, en el taller de priorización del Proceso del Presupuesto Participativo "
        f"Basado en Resultados para el año fiscal {anio}, los agentes participantes acreditados, el Equipo "
        f"Técnico y el Comité de Vigilancia acuerdan priorizar los proyectos de inversión que siguen, "
        f"declarados viables y calificados por el Equipo Técnico, de mayor a menor puntaje y en orden de "
        f"prelación, hasta el presupuesto asignado al Presupuesto Participativo de {presupuesto}."
    )
    cabecera: list[list[Any]] = [
        [municipalidad.upper()],
        [f"Presupuesto Participativo Basado en Resultados — año fiscal {anio}"],
        [""],
        *_lineas(texto),
    ]
    estilos: dict[int, Any] = {0: "subtitulo", 1: "subtitulo"}
    faltan = [n for n, v in (("la municipalidad", params and params.municipalidad),
                             ("la fecha del taller", params and params.fecha_taller)) if not v]
    if a is None or a.empate is not None or p.matriz is None or faltan:
        motivo = a.empate.mensaje() if a and a.empate else p.error_asignacion or p.motivo_matriz or ""
        if faltan:
            motivo = (motivo + "; " if motivo else "") + "falta " + " y ".join(faltan) + " en «Parámetros»"
        estilos[len(cabecera)] = "total"
        cabecera += _lineas(f"BORRADOR, NO FIRMAR: {motivo}.")
    escritura = Escritura().agregar(Limpiar(h, 1), Bloque(h, 1, 0, cabecera, estilos=estilos))
    fila = 1 + len(cabecera) + 1

    financiados = {e.codigo for e in a.financiados} if a else set()
    priorizados = [e for e in (a.escala if a else ()) if e.codigo in financiados]
    tabla = _tabla_proyectos(p, priorizados, con_cui=True)
    total = a.monto_asignado if a else Decimal(0)
    bloque: list[list[Any]] = [
        ["1. PROYECTOS PRIORIZADOS"],
        ["N°", "Código", "Proyecto", "Eje", "Puntaje", "Monto (S/)", "CUI"],
        *tabla,
        ["", "", "Total priorizado", "", None, float(total), ""],
        ["", "", "Saldo no asignado", "", None, float(a.saldo) if a else None, ""],
    ]
    estilos = {0: "subtitulo", 1: "encabezado", len(bloque) - 2: "total", len(bloque) - 1: "total"}
    escritura.agregar(Bloque(h, fila, 0, bloque, formatos=("0", None, None, None, PUNTOS, SOLES, "@"),
                             estilos=estilos))
    fila += len(bloque) + 1

    sin_presupuesto = [e for e in (a.escala if a else ()) if e.codigo not in financiados]
    tabla = _tabla_proyectos(p, sin_presupuesto, con_cui=False)
    nota = _lineas(
        "Si un proyecto priorizado no puede ejecutarse, lo reemplaza el siguiente de esta lista que quepa en "
        "los recursos disponibles (art. 16.2)."
    )
    bloque = [
        ["2. PROYECTOS VIABLES SIN PRESUPUESTO, EN ORDEN DE PRELACIÓN"],
        *nota,
        ["N°", "Código", "Proyecto", "Eje", "Puntaje", "Monto (S/)"] if tabla else ["Ninguno."],
        *tabla,
    ]
    encabezado = 1 + len(nota)
    escritura.agregar(Bloque(h, fila, 0, bloque, formatos=("0", None, None, None, PUNTOS, SOLES),
                             estilos={0: "subtitulo", **({encabezado: "encabezado"} if tabla else {})}))
    fila += len(bloque) + 1

    empates = [linea for t in _empates(p) for linea in _lineas(t)]
    escritura.agregar(Bloque(h, fila, 0, [["3. EMPATES Y CÓMO SE RESOLVIERON"], *empates],
                             estilos={0: "subtitulo"}))
    fila += len(empates) + 2

    cargo = (params.cargo_autoridad if params else None) or "Alcalde"
    autoridad = [Firmante((params.autoridad if params else None) or "", cargo)]
    comite = [Firmante("", "Miembro del Comité de Vigilancia · DNI:")] * MIEMBROS_COMITE
    agentes = _agentes(p) + [Firmante("", "Agente participante · DNI: · Organización:")] * 4
    firmas = [
        ["4. FIRMAS"],
        *_lineas("Los abajo firmantes suscriben la presente acta en señal de conformidad."),
        *_firmas(f"{cargo} (por la municipalidad)", autoridad),
        *_firmas("Equipo Técnico", _equipo(equipo) or [Firmante("", "Equipo Técnico")] * 4),
        *_firmas("Comité de Vigilancia", comite),
        *_firmas("Agentes participantes", agentes),
    ]
    subtitulos = {k: "subtitulo" for k, f in enumerate(firmas) if f and f[0] in (
        "4. FIRMAS", f"{cargo} (por la municipalidad)", "Equipo Técnico", "Comité de Vigilancia",
        "Agentes participantes")}
    escritura.agregar(Bloque(h, fila, 0, firmas, estilos=subtitulos))
    return escritura


def escritura_reemplazos(p: Priorizacion) -> Escritura:
    h = HOJA_REEMPLAZOS
    escritura = Escritura().agregar(Limpiar(h, 1))
    params = p.parametros
    if not (params and params.reemplazar):
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [
                    [
                        "Sin reemplazos. Si un priorizado no puede ejecutarse, escriba en «Parámetros» su "
                        "código en «Proyecto a reemplazar», el motivo y la fecha, y pulse «Reemplazar» "
                        "(art. 16.2)."
                    ]
                ],
                estilos={0: "nota"},
            )
        )
    if p.reemplazo is None:
        motivo = p.error_reemplazo or p.error_asignacion or p.motivo_matriz or "no hay asignación"
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [[f"No se pudo registrar el reemplazo de {params.reemplazar}: {motivo}."]],
                estilos={0: "subtitulo"},
            )
        )
    r = p.reemplazo
    lineas: list[list[Any]] = [["CONSTANCIA DE REEMPLAZO (ART. 16.2)"]]
    for linea in r.texto().splitlines():
        etiqueta, _, valor = linea.partition(": ")
        lineas.append([etiqueta, valor] if valor else [linea])
    escritura.agregar(Bloque(h, 1, 0, lineas, estilos={0: "subtitulo"}))
    fila = 1 + len(lineas) + 1
    tabla: list[list[Any]] = [
        ["PROYECTOS PRIORIZADOS DESPUÉS DEL REEMPLAZO"],
        ["Código", "Proyecto", "Monto (S/)"],
    ]
    tabla.extend([e.codigo, e.nombre, float(e.costo)] for e in r.asignacion.financiados)
    tabla.append(["Total", "", float(r.asignacion.monto_asignado)])
    escritura.agregar(
        Bloque(
            h,
            fila,
            0,
            tabla,
            formatos=(None, None, SOLES),
            estilos={0: "subtitulo", 1: "encabezado", len(tabla) - 1: "total"},
        )
    )
    return escritura






def hojas(c: ProyectosCalculado) -> dict[str, Escritura]:
    """Puntajes, «Priorización», «Acta» y «Reemplazos»."""
    p = c.priorizacion
    params = p.parametros
    encabezado = Escritura()
    if params and params.municipalidad:
        anio = f" {params.anio_fiscal}" if params.anio_fiscal else ""
        encabezado.agregar(Encabezado(f"{params.municipalidad} — Presupuesto Participativo{anio}"))
    return {
        "encabezado": encabezado,
        "puntajes": escritura_puntajes(c.libro),
        HOJA_PRIORIZACION: escritura_priorizacion(p),
        HOJA_ACTA: escritura_acta(p, c.libro.filas("Equipo Técnico")),
        HOJA_REEMPLAZOS: escritura_reemplazos(p),
    }


def preparar_acta(libro: Any, hoja: Any) -> None:
    """Impresión del acta en la plantilla (XlsxWriter): A4 vertical, solo las columnas A:G, centrada."""
    hoja.set_paper(9)
    hoja.set_portrait()
    hoja.print_area(0, 0, 1048575, COLUMNAS_ACTA - 1)
    hoja.fit_to_pages(1, 0)
    hoja.center_horizontally()
