"""Lo que calcula el libro de proyectos del Presupuesto Participativo (formato `proyectos-pp`).

Traduce las filas leídas a las entradas de `libro.pp.proyectos.priorizacion` (proyectos, matriz de criterios,
votaciones de desempate), llama a esos cálculos puros y arma las celdas calculadas de «Puntajes» y
«Fichas» y los bloques de las hojas generadas «Priorización», «Acta» y «Reemplazos». Aquí no hay
Excel ni archivos.
"""

from decimal import Decimal
from typing import Any

from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import Bloque, Escritura, Limpiar, filas_contiguas
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.textos import clave, fecha_texto, mayuscula_inicial
from libro.pp.proyectos import priorizacion as pri
from libro.pp.proyectos.calculo import MATRIZ_LIBRO, Priorizacion, ProyectosCalculado, resultado_de
from libro.pp.proyectos.formato import (
    COLUMNAS_ACTA,
    FILA_TABLA_ACTA,
    POLITICAS,
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
    if j is None or not valores:
        return []
    return [
        Bloque(lectura.hoja, tramo[0], j, [[valores[r]] for r in tramo], formatos=(formato,))
        for tramo in filas_contiguas(list(valores))
    ]






























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


def _firmantes(p: Priorizacion) -> list[tuple[str, str]]:
    vistos: dict[str, tuple[str, str]] = {}
    for f in p.fichas.values():
        if f.agente and clave(f.agente) not in vistos:
            vistos[clave(f.agente)] = (f.agente, f.dni_agente or "")
    return list(vistos.values())


def escritura_acta(p: Priorizacion) -> Escritura:
    """Acta imprimible (A4, la plantilla fija papel, área de impresión y filas que se repiten)."""
    h = HOJA_ACTA
    params = p.parametros
    a = p.asignacion
    anio = params.anio_fiscal if params and params.anio_fiscal else "____"
    taller = "Taller de priorización"
    if params and params.fecha_taller:
        taller += f" del {fecha_texto(params.fecha_taller)}"
    if params and params.lugar:
        taller += f", {params.lugar}"
    cabecera: list[list[Any]] = [
        [
            f"Proceso del Presupuesto Participativo Basado en Resultados para el año fiscal {anio} — "
            "Municipalidad Distrital de San Juan de Lurigancho"
        ],
        [
            f"{taller}. Proyectos priorizados de mayor a menor puntaje, en orden de prelación y hasta el "
            "presupuesto asignado (art. 16.1)."
        ],
        [
            f"Presupuesto asignado al PP: {_soles(a.presupuesto)}"
            if a
            else "Presupuesto asignado al PP: (falta)"
        ],
    ]
    if a is None or a.empate is not None or p.matriz is None:
        motivo = a.empate.mensaje() if a and a.empate else p.error_asignacion or p.error_matriz or ""
        cabecera.append([f"BORRADOR, NO FIRMAR: {motivo}."])
    escritura = Escritura().agregar(
        Limpiar(h, 1), Bloque(h, 1, 0, cabecera, estilos={0: "subtitulo", 3: "total"})
    )
    tabla: list[list[Any]] = [["N°", "Código", "Proyecto priorizado", "Eje", "Puntaje", "Monto (S/)", "CUI"]]
    financiados = {e.codigo for e in a.financiados} if a else set()
    orden = [e for e in (a.escala if a else ()) if e.codigo in financiados]
    for i, e in enumerate(orden, start=1):
        tabla.append(
            [i, e.codigo, e.nombre, e.eje, float(e.puntaje), float(e.costo), p.fichas[e.codigo].cui or ""]
        )
    total = a.monto_asignado if a else Decimal(0)
    tabla.append(["", "", "Total priorizado", "", None, float(total), ""])
    tabla.append(["", "", "Saldo no asignado", "", None, float(a.saldo) if a else None, ""])
    escritura.agregar(
        Bloque(
            h,
            FILA_TABLA_ACTA,
            0,
            tabla,
            formatos=("0", None, None, None, PUNTOS, SOLES, "@"),
            estilos={0: "encabezado", len(tabla) - 2: "total", len(tabla) - 1: "total"},
        )
    )
    fila = FILA_TABLA_ACTA + len(tabla) + 1
    firmas: list[list[Any]] = [
        ["Los agentes participantes y el Equipo Técnico suscriben la presente acta en señal de conformidad."],
        [],
        ["N°", "DNI", "Nombres y apellidos", "Organización", "", "Firma"],
    ]
    personas = _firmantes(p)
    personas += [("", "")] * max(0, 10 - len(personas))
    firmas.extend(
        [i, dni, nombre, "", "", "____________________"] for i, (nombre, dni) in enumerate(personas, 1)
    )
    escritura.agregar(
        Bloque(
            h,
            fila,
            0,
            firmas,
            formatos=("0", "@", None, None, None, None),
            estilos={0: "nota", 2: "encabezado"},
        )
    )
    assert len(tabla[0]) == COLUMNAS_ACTA
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
        motivo = p.error_reemplazo or p.error_asignacion or p.error_matriz or "no hay asignación"
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
    return {
        "puntajes": escritura_puntajes(c.libro),
        HOJA_PRIORIZACION: escritura_priorizacion(p),
        HOJA_ACTA: escritura_acta(p),
        HOJA_REEMPLAZOS: escritura_reemplazos(p),
    }


def preparar_acta(libro: Any, hoja: Any) -> None:
    """Impresión del acta en la plantilla (XlsxWriter): A4 vertical, columnas A:G, encabezado repetido."""
    hoja.set_paper(9)
    hoja.set_portrait()
    hoja.print_area(0, 0, 1048575, COLUMNAS_ACTA - 1)
    hoja.repeat_rows(FILA_TABLA_ACTA)
    hoja.fit_to_pages(1, 0)
    hoja.set_margins(left=0.6, right=0.5, top=0.7, bottom=0.7)
    hoja.center_horizontally()
    hoja.set_footer("&CPágina &P de &N")
