"""Lo que el POI calcula y genera: meses por perfil, totales y la hoja «Resumen»."""

from typing import Any

from libro.nucleo.codecs import NUMERO as METAS
from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import (
    AsegurarHoja,
    Bloque,
    Escritura,
    Limpiar,
    columnas_contiguas,
    filas_contiguas,
)
from libro.nucleo.estilos import AZUL
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.textos import MESES
from libro.poi.calculo import PoiCalculado, _perfil_valido
from libro.poi.formato import Actividad, Insumo
from libro.poi.perfiles import (
    cuadro_presupuesto,
    suma,
    sumar_por_mes,
)

HOJA_RESUMEN = "Resumen"
FILA_MENSUAL = 4
"""Fila 0-based del encabezado de meses; el gráfico lee las dos filas siguientes."""
FILA_CUADRO = 9
FILA_POR_AEI = 15






def _columna_por_filas(lectura: Lectura, filas: list, campo: str, mes: int | None = None) -> list[Bloque]:
    """Un bloque por tramo contiguo de filas para un campo (columna)."""
    j = lectura.columna(campo, mes)
    if j is None or not filas:
        return []
    por_fila = {f.fila: f for f in filas}
    bloques = []
    for tramo in filas_contiguas(list(por_fila)):
        valores = []
        for r in tramo:
            v = getattr(por_fila[r], campo)
            valores.append([v[mes] if mes is not None and v else v])
        bloques.append(Bloque(lectura.hoja, tramo[0], j, valores))
    return bloques


def _meses_por_filas(lectura: Lectura, filas: list[Actividad], campo: str) -> list[Bloque]:
    """Los 12 meses de `campo` de las filas dadas, en bloques por tramo de filas y de columnas."""
    posiciones = {m: lectura.columna(campo, m) for m in range(12)}
    if not filas or any(j is None for j in posiciones.values()):
        return []
    por_fila = {f.fila: f for f in filas}
    bloques = []
    for tramo_filas in filas_contiguas(list(por_fila)):
        for tramo_cols in columnas_contiguas(list(posiciones.values())):
            meses = [m for m in range(12) if posiciones[m] in tramo_cols]
            meses.sort(key=lambda m: posiciones[m])
            valores = [[getattr(por_fila[r], campo)[m] for m in meses] for r in tramo_filas]
            bloques.append(Bloque(lectura.hoja, tramo_filas[0], tramo_cols[0], valores))
    return bloques


def escritura_calculo(libro: LibroLeido, actividades: list[Actividad], insumos: list[Insumo]) -> Escritura:
    """Celdas calculadas: meses de las actividades con perfil, totales y costo de insumos."""
    escritura = Escritura()
    lectura = libro.hojas.get("Actividades")
    if lectura is not None:
        con_metas = [a for a in actividades if a.perfil and a.metas and a.meta_anual is not None]
        con_montos = [a for a in actividades if a.perfil and a.valorizacion_anual is not None]
        validas = [a for a in con_metas if _perfil_valido(a)]
        escritura.agregar(*_meses_por_filas(lectura, validas, "metas"))
        escritura.agregar(*_meses_por_filas(lectura, [a for a in con_montos if _perfil_valido(a)], "montos"))
        escritura.agregar(*_columna_por_filas(lectura, actividades, "total_metas"))
        escritura.agregar(*_columna_por_filas(lectura, actividades, "total_montos"))
    hoja_insumos = libro.hojas.get("Insumos")
    if hoja_insumos is not None:
        escritura.agregar(*_columna_por_filas(hoja_insumos, insumos, "costo_total"))
    return escritura




def escritura_resumen(libro: LibroLeido, actividades: list[Actividad], insumos: list[Insumo]) -> Escritura:
    """La hoja «Resumen»: programación mensual (la lee el gráfico), cuadro de presupuesto y por AEI."""
    datos = libro.filas("Datos")
    unidad = ""
    if datos:
        d = datos[0]
        unidad = " — ".join(str(x) for x in (d.codigo_unidad, d.nombre_unidad, d.anio_fiscal) if x)
    montos_mes = [suma(a.montos[m] for a in actividades if a.montos) for m in range(12)]
    con_meta = [sum(1 for a in actividades if a.metas and a.metas[m]) for m in range(12)]
    cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in insumos)
    nombres_aei = {f.codigo: f.accion for f in libro.filas("AEI") if f.codigo}
    metas_aei = sumar_por_mes((a.aei or "(sin AEI)", a.metas) for a in actividades if a.es_acumulable)
    montos_aei = sumar_por_mes((a.aei or "(sin AEI)", a.montos) for a in actividades)

    def por_aei(titulo: str, tabla: dict[str, list[float]], formato: str, fila: int) -> Bloque:
        filas = [[k, nombres_aei.get(k, ""), *v, round(sum(v), 2)] for k, v in tabla.items()]
        totales = [round(sum(f[2 + m] for f in filas), 2) for m in range(13)]
        return Bloque(
            HOJA_RESUMEN,
            fila,
            0,
            [
                [titulo],
                ["Código AEI", "Acción estratégica", *MESES, "Total"],
                *filas,
                ["Total", "", *totales],
            ],
            formatos=(None, None, *([formato] * 13)),
            estilos={0: "subtitulo", 1: "encabezado", len(filas) + 2: "total"},
        )

    bloque_metas = por_aei(
        "METAS FÍSICAS POR AEI Y MES (actividades acumulables)", metas_aei, METAS, FILA_POR_AEI
    )
    return Escritura().agregar(
        AsegurarHoja(HOJA_RESUMEN),
        Limpiar(HOJA_RESUMEN, 1),
        Bloque(HOJA_RESUMEN, 1, 0, [["Unidad orgánica:", unidad]], estilos={0: "subtitulo"}),
        Bloque(
            HOJA_RESUMEN,
            FILA_MENSUAL - 1,
            0,
            [
                ["PROGRAMACIÓN MENSUAL DE LA UNIDAD"],
                ["Concepto", "", *MESES, "Total"],
                ["Valorización (S/)", "", *montos_mes, suma(montos_mes)],
            ],
            formatos=(None, None, *([SOLES] * 13)),
            estilos={0: "subtitulo", 1: "encabezado"},
        ),
        Bloque(
            HOJA_RESUMEN,
            FILA_MENSUAL + 2,
            0,
            [["Actividades con meta en el mes", "", *con_meta]],
            formatos=(None, None, *(["0"] * 12)),
        ),
        Bloque(
            HOJA_RESUMEN,
            FILA_CUADRO - 1,
            0,
            [
                ["CUADRO RESUMEN DE PRESUPUESTO DE LA UNIDAD ORGÁNICA"],
                ["Código", "Detalle de insumos o servicios", "Costo S/"],
                ["2.3.1", "Bienes", cuadro.bienes],
                ["2.3.2", "Servicios", cuadro.servicios],
                ["", "Total", cuadro.total],
            ],
            formatos=(None, None, SOLES),
            estilos={0: "subtitulo", 1: "encabezado", 4: "total"},
        ),
        bloque_metas,
        por_aei("VALORIZACIÓN POR AEI Y MES (S/)", montos_aei, SOLES, FILA_POR_AEI + bloque_metas.filas + 1),
    )






def hojas(c: PoiCalculado) -> dict[str, Escritura]:
    """Celdas calculadas de «Actividades» e «Insumos», y la hoja «Resumen»."""
    return {
        "celdas": escritura_calculo(c.libro, c.actividades, c.insumos),
        HOJA_RESUMEN: escritura_resumen(c.libro, c.actividades, c.insumos),
    }


def grafico_resumen(libro: Any, ws: Any) -> None:
    """Adorno de la plantilla: gráfico nativo de la programación mensual en «Resumen»."""
    cat = ["Resumen", FILA_MENSUAL, 2, FILA_MENSUAL, 13]
    grafico = libro.add_chart({"type": "column"})
    grafico.add_series(
        {
            "name": "Valorización (S/)",
            "categories": cat,
            "values": ["Resumen", FILA_MENSUAL + 1, 2, FILA_MENSUAL + 1, 13],
            "fill": {"color": AZUL},
        }
    )
    linea = libro.add_chart({"type": "line"})
    linea.add_series(
        {
            "name": "Actividades con meta",
            "categories": cat,
            "values": ["Resumen", FILA_MENSUAL + 2, 2, FILA_MENSUAL + 2, 13],
            "y2_axis": True,
            "marker": {"type": "circle"},
        }
    )
    grafico.combine(linea)
    grafico.set_title({"name": "Programación mensual"})
    grafico.set_y_axis({"name": "S/", "num_format": "#,##0"})
    linea.set_y2_axis({"name": "Actividades"})
    grafico.set_legend({"position": "bottom"})
    grafico.set_size({"width": 620, "height": 300})
    ws.insert_chart("Q2", grafico)
