"""Las hojas que genera la rendición de cuentas: «Resumen» (totales y ejecución por eje, que lee el gráfico
nativo de la plantilla) e «Informe del taller» (A4, para leer y firmar en el taller, art. 17)."""

from typing import Any

from libro.nucleo.codecs import ENTERO, PORCENTAJE, SOLES
from libro.nucleo.documento import Documento
from libro.nucleo.escritura import Bloque, Escritura, Limpiar
from libro.nucleo.estilos import AZUL, CELESTE
from libro.nucleo.textos import fecha_texto
from libro.pp.proyectos.formato import EJES
from libro.pp.rendicion.calculo import RendicionCalculado, Totales
from libro.pp.rendicion.formato import (
    ACTORES,
    CUMPLIMIENTOS,
    ESTADOS,
    HOJA_INFORME,
    HOJA_RESUMEN,
    NO_INICIADO,
    REEMPLAZADO,
    EjecucionProyecto,
)

FILA_TOTAL = 3
FILA_EJES = FILA_TOTAL + 3
"""0-based: encabezado de la ejecución por eje; el gráfico lee las 6 filas de abajo."""
FILA_ESTADOS = FILA_EJES + len(EJES) + 3
FILA_COMPROMISOS = FILA_ESTADOS + len(ESTADOS) + 3
COLUMNAS_TOTALES = ["Proyectos", "Priorizado (S/)", "Ejecutado (S/)", "Ejecución (%)", "Avance físico (%)"]
FORMATOS_TOTALES = (None, ENTERO, SOLES, SOLES, PORCENTAJE, PORCENTAJE)
ANCHO_LINEA = 150
COLUMNAS_INFORME = 9
ANCHOS_INFORME = {2: 48, 4: 24, 8: 38}
"""Caracteres por línea del proyecto o compromiso (C), del responsable (E) y del estado o la evidencia (I)."""


def _fila(nombre: str, t: Totales) -> list[Any]:
    return [nombre, t.proyectos, t.priorizado, t.ejecutado, t.ejecucion, t.avance]


def _tabla_totales(fila: int, titulo: str, primera: str, filas: list[list[Any]]) -> Bloque:
    return Bloque(
        HOJA_RESUMEN,
        fila,
        0,
        [[titulo], [primera, *COLUMNAS_TOTALES], *filas],
        formatos=FORMATOS_TOTALES,
        estilos={0: "subtitulo", 1: "encabezado"},
    )


def _cabecera(c: RendicionCalculado) -> str:
    d = c.datos
    partes = [
        d.entidad if d else None,
        f"Presupuesto Participativo del año fiscal {d.anio_fiscal}" if d and d.anio_fiscal else None,
        f"ejecución al {fecha_texto(d.fecha_corte)}" if d and d.fecha_corte else None,
    ]
    return " — ".join(p for p in partes if p) or "Complete la hoja «Proceso»."


def escritura_resumen(c: RendicionCalculado) -> Escritura:
    """Totales, ejecución por eje (filas fijas, las lee el gráfico), por estado y compromisos."""
    h = HOJA_RESUMEN
    compromisos = [
        [actor, *(c.cumplimiento.get(actor, {}).get(x, 0) for x in CUMPLIMIENTOS)] for actor in ACTORES
    ]
    return Escritura().agregar(
        Limpiar(h, 1),
        Bloque(h, 1, 0, [[_cabecera(c)]], estilos={0: "subtitulo"}),
        Bloque(
            h,
            FILA_TOTAL,
            0,
            [["Concepto", *COLUMNAS_TOTALES], _fila("Proyectos priorizados", c.total)],
            formatos=FORMATOS_TOTALES,
            estilos={0: "encabezado", 1: "total"},
        ),
        _tabla_totales(
            FILA_EJES - 1,
            "EJECUCIÓN POR EJE DE DESARROLLO",
            "Eje",
            [_fila(eje, t) for eje, t in c.por_eje.items()],
        ),
        _tabla_totales(
            FILA_ESTADOS - 1,
            "PROYECTOS POR ESTADO",
            "Estado",
            [_fila(estado, t) for estado, t in c.por_estado.items()],
        ),
        Bloque(
            h,
            FILA_COMPROMISOS - 1,
            0,
            [["CUMPLIMIENTO DE LOS COMPROMISOS"], ["Asumido por", *CUMPLIMIENTOS], *compromisos],
            formatos=(None, ENTERO, ENTERO, ENTERO),
            estilos={0: "subtitulo", 1: "encabezado"},
        ),
    )


def estado_texto(p: EjecucionProyecto) -> str:
    if p.estado == REEMPLAZADO:
        return f"Reemplazado por {p.reemplazo or '(falta el reemplazo)'}" + (
            f": {p.motivo}" if p.motivo else ""
        )
    if p.estado == NO_INICIADO and p.motivo:
        return f"{p.estado}: {p.motivo}"
    return p.estado or ""


def escritura_informe(c: RendicionCalculado) -> Escritura:
    """El informe que el titular del pliego presenta a los agentes participantes (A4)."""
    d = Documento(HOJA_INFORME, ANCHO_LINEA, ANCHOS_INFORME)
    datos = c.datos
    d.bloque([[_cabecera(c)]], estilos={0: "subtitulo"}, separacion=0)
    taller = "Taller de rendición de cuentas"
    if datos and datos.fecha_taller:
        taller += f" del {fecha_texto(datos.fecha_taller)}"
    if datos and datos.lugar:
        taller += f", {datos.lugar}"
    anio = datos.anio_fiscal if datos and datos.anio_fiscal else "anterior"
    d.parrafo(
        f"{taller}. El titular del pliego informa a los agentes participantes sobre el cumplimiento de los "
        f"acuerdos y compromisos asumidos en el Presupuesto Participativo del año fiscal {anio} por la "
        "municipalidad, otras entidades del Estado y la sociedad civil (Reglamento del PP, art. 17)."
    )
    d.titulo("1. PROYECTOS PRIORIZADOS Y SU EJECUCIÓN")
    filas = [
        [
            i,
            p.codigo,
            p.nombre,
            p.eje,
            p.priorizado,
            p.ejecutado,
            round(100 * (p.ejecutado or 0) / p.priorizado, 1) if p.priorizado else None,
            p.avance_fisico,
            estado_texto(p),
        ]
        for i, p in enumerate(c.proyectos, start=1)
    ]
    t = c.total
    d.tabla(
        [
            "N°",
            "Código",
            "Proyecto",
            "Eje",
            "Priorizado (S/)",
            "Ejecutado (S/)",
            "Ejecución",
            "Avance físico",
            "Estado",
        ],
        filas,
        (ENTERO, None, None, None, SOLES, SOLES, PORCENTAJE, PORCENTAJE, None),
        ["", "", "Total", "", t.priorizado, t.ejecutado, t.ejecucion, t.avance, ""],
    )
    d.titulo("2. ACUERDOS Y COMPROMISOS DEL AÑO ANTERIOR")
    compromisos = [
        [i, None, x.compromiso, x.asumido_por, x.responsable, None, None, x.cumplimiento, x.evidencia]
        for i, x in enumerate(c.compromisos, start=1)
    ]
    if compromisos:
        d.tabla(
            [
                "N°",
                "",
                "Compromiso",
                "Asumido por",
                "Responsable",
                "",
                "",
                "Cumplimiento",
                "Evidencia o explicación",
            ],
            compromisos,
            (ENTERO,),
        )
    else:
        d.parrafo("Sin compromisos registrados en la hoja «Compromisos».")
    d.firmas(
        (2, (datos.titular if datos else None) or "", "Titular del pliego"),
        (8, "", "Presidente(a) del Comité de Vigilancia"),
    )
    return d.escritura


def hojas(c: RendicionCalculado) -> dict[str, Escritura]:
    return {HOJA_RESUMEN: escritura_resumen(c), HOJA_INFORME: escritura_informe(c)}


def grafico_ejes(libro: Any, ws: Any) -> None:
    """Plantilla: gráfico nativo de barras, priorizado frente a ejecutado por eje (filas fijas)."""
    primera, ultima = FILA_EJES + 1, FILA_EJES + len(EJES)
    grafico = libro.add_chart({"type": "bar"})
    for j, nombre, color in ((2, "Priorizado (S/)", CELESTE), (3, "Ejecutado (S/)", AZUL)):
        grafico.add_series(
            {
                "name": nombre,
                "categories": [HOJA_RESUMEN, primera, 0, ultima, 0],
                "values": [HOJA_RESUMEN, primera, j, ultima, j],
                "fill": {"color": color},
                "border": {"color": AZUL},
            }
        )
    grafico.set_title({"name": "Ejecución por eje de desarrollo"})
    grafico.set_x_axis({"name": "Miles de S/", "num_format": "#,##0,"})
    grafico.set_y_axis({"reverse": True})
    grafico.set_legend({"position": "bottom"})
    grafico.set_size({"width": 560, "height": 320})
    ws.insert_chart("H3", grafico)


def preparar_informe(libro: Any, ws: Any) -> None:
    """Plantilla: el informe en A4 horizontal, columnas A:I, centrado."""
    ws.print_area(0, 0, 1048575, COLUMNAS_INFORME - 1)
    ws.center_horizontally()
