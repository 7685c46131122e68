"""Lo que el POI calcula y genera: meses por perfil, totales vivos y la hoja «Resumen».

Los totales de «Actividades» e «Insumos» y todas las cifras de «Resumen» son fórmulas de Excel con
el valor que Libro calculó en caché: el libro sigue correcto si alguien cambia un mes sin el
complemento, y quien no recalcula igual ve la cifra. Python reparte los meses y valida.
"""

from collections.abc import Callable
from typing import Any

from libro.nucleo.codecs import NUMERO as METAS
from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import (
    AsegurarHoja,
    Bloque,
    Encabezado,
    Escritura,
    Formula,
    Limpiar,
    bloques_por_filas,
    columnas_contiguas,
    filas_contiguas,
)
from libro.nucleo.estilos import AZUL
from libro.nucleo.formulas import Rejilla, celdas, ref, texto
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.textos import MESES
from libro.poi.calculo import PoiCalculado, _perfil_valido
from libro.poi.formato import HOJA_ACTIVIDADES, HOJA_INSUMOS, NO_ACUMULABLE, Actividad, Insumo
from libro.poi.perfiles import cuadro_presupuesto, suma, sumar_por_mes

HOJA_RESUMEN = "Resumen"
FILA_MENSUAL = 4
"""Fila 0-based del encabezado de meses; el gráfico lee las dos filas siguientes."""
FILA_CUADRO = 9
FILA_POR_AEI = 15
COLUMNA_MES = 3
"""Columna 0-based de enero en «Resumen» (A código, B descripción, C unidad de medida)."""
SIN_AEI = "(sin AEI)"
SIN_UNIDAD = "(sin unidad de medida)"


def _columna_por_filas(lectura: Lectura, filas: list, campo: str, mes: int | None = None) -> list[Bloque]:
    """Un bloque por tramo contiguo de filas para un campo (columna)."""
    j = lectura.columna(campo, mes)
    if j is None:
        return []
    valores = {f.fila: getattr(f, campo) for f in filas}
    if mes is not None:
        valores = {r: v[mes] if v else v for r, v in valores.items()}
    return bloques_por_filas(lectura.hoja, j, {r: [v] for r, v in valores.items()})


def _formulas_por_filas(
    lectura: Lectura, filas: list, campo: str, formula: Callable[[Any], Formula | Any]
) -> list[Bloque]:
    """La columna calculada `campo` como fórmulas (una por fila), en bloques por tramo de filas."""
    return _columna_por_filas(lectura, [f.model_copy(update={campo: formula(f)}) for f in filas], campo)


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


def _vacio(valor: Any) -> Any:
    return "" if valor is None else valor


def _formula_total_metas(lectura: Lectura) -> Callable[[Actividad], Any]:
    """Acumulable: suma de los meses; no acumulable: la meta anual (el último mes debe igualarla)."""
    meses = [lectura.columna("metas", m) for m in range(12)]
    tipo, anual = lectura.columna("tipo_meta"), lectura.columna("meta_anual")

    def formula(a: Actividad) -> Any:
        if None in meses:
            return a.total_metas
        total = f"ROUND(SUM({celdas(a.fila, meses)}),2)"
        if tipo is not None and anual is not None:
            m = ref(a.fila, anual)
            total = f'IF({ref(a.fila, tipo)}={texto(NO_ACUMULABLE)},IF(ISNUMBER({m}),{m},""),{total})'
        return Formula("=" + total, _vacio(a.total_metas))

    return formula


def _formula_suma_meses(lectura: Lectura, campo: str, total: str) -> Callable[[Any], Any]:
    meses = [lectura.columna(campo, m) for m in range(12)]

    def formula(a: Any) -> Any:
        if None in meses:
            return getattr(a, total)
        return Formula(f"=ROUND(SUM({celdas(a.fila, meses)}),2)", _vacio(getattr(a, total)))

    return formula


def _formula_costo(lectura: Lectura) -> Callable[[Insumo], Any]:
    cantidad, unitario = lectura.columna("cantidad"), lectura.columna("costo_unitario")

    def formula(i: Insumo) -> Any:
        if cantidad is None or unitario is None:
            return i.costo_total
        c, u = ref(i.fila, cantidad), ref(i.fila, unitario)
        return Formula(f'=IF(AND(ISNUMBER({c}),ISNUMBER({u})),ROUND({c}*{u},2),"")', _vacio(i.costo_total))

    return formula


def escritura_calculo(libro: LibroLeido, actividades: list[Actividad], insumos: list[Insumo]) -> Escritura:
    """Celdas calculadas: meses de las actividades con perfil, totales y costo de insumos (fórmulas)."""
    escritura = Escritura()
    lectura = libro.hojas.get("Actividades")
    if lectura is not None:
        con_metas = [a for a in actividades if a.perfil and a.metas and a.meta_anual is not None]
        con_montos = [a for a in actividades if a.perfil and a.valorizacion_anual is not None]
        validas = [a for a in con_metas if _perfil_valido(a)]
        escritura.agregar(*_meses_por_filas(lectura, validas, "metas"))
        escritura.agregar(*_meses_por_filas(lectura, [a for a in con_montos if _perfil_valido(a)], "montos"))
        total_metas = _formula_total_metas(lectura)
        escritura.agregar(*_formulas_por_filas(lectura, actividades, "total_metas", total_metas))
        total_montos = _formula_suma_meses(lectura, "montos", "total_montos")
        escritura.agregar(*_formulas_por_filas(lectura, actividades, "total_montos", total_montos))
    hoja_insumos = libro.hojas.get("Insumos")
    if hoja_insumos is not None:
        escritura.agregar(
            *_formulas_por_filas(hoja_insumos, insumos, "costo_total", _formula_costo(hoja_insumos))
        )
    return escritura


def unidad_de(libro: LibroLeido) -> str:
    """«GPP-01 — Gerencia de Planeamiento y Presupuesto — 2027», desde la hoja «Datos»."""
    d = libro.ficha("Datos")
    if d is None:
        return ""
    return " — ".join(str(x) for x in (d.codigo_unidad, d.nombre_unidad, d.anio_fiscal) if x)


def _formula(texto_: str | None, valor: Any) -> Any:
    """La fórmula con su valor, o el valor solo si falta alguna columna que la fórmula necesita."""
    return valor if texto_ is None else Formula(texto_, valor)


def _suma_fila(fila: int, valores: list[float]) -> Formula:
    desde, hasta = ref(fila, COLUMNA_MES), ref(fila, COLUMNA_MES + 11)
    return Formula(f"=ROUND(SUM({desde}:{hasta}),2)", round(sum(valores), 2))


def _sumas_si(rangos: list[tuple[str | None, str]], mes_rango: str | None) -> str | None:
    """SUMIFS de una columna de meses con sus criterios; None si falta alguna columna."""
    if mes_rango is None or any(r is None for r, _ in rangos):
        return None
    criterios = ",".join(f"{r},{c}" for r, c in rangos)
    return f"=ROUND(SUMIFS({mes_rango},{criterios}),2)"


def _bloque_metas(libro: LibroLeido, actividades: list[Actividad], fila: int) -> Bloque:
    """Metas físicas por AEI, unidad de medida y mes, y sus totales por unidad de medida: las metas de
    unidades distintas (talleres, supervisiones, expedientes) no se suman entre sí."""
    act = Rejilla(libro, HOJA_ACTIVIDADES)
    nombres_aei = {f.codigo: f.accion for f in libro.filas("AEI") if f.codigo}
    unidades: dict[str, str] = {}
    for a in actividades:
        if a.unidad_medida:
            unidades.setdefault(a.unidad_medida.lower(), a.unidad_medida)
    acumulables = [a for a in actividades if a.es_acumulable]
    metas = sumar_por_mes(
        (f"{a.aei or SIN_AEI}\t{a.unidad_medida.lower() if a.unidad_medida else SIN_UNIDAD}", a.metas)
        for a in acumulables
    )
    primera = fila + 2
    cuerpo: list[list[Any]] = []
    for i, (llave, meses) in enumerate(metas.items()):
        aei, unidad = llave.split("\t")
        r = primera + i
        vivo = aei != SIN_AEI and unidad != SIN_UNIDAD
        celdas_mes = []
        for m, valor in enumerate(meses):
            criterios = [
                (act.rango("aei"), f"$A{r + 1}"),
                (act.rango("unidad_medida"), f"$C{r + 1}"),
                (act.rango("tipo_meta"), texto("<>" + NO_ACUMULABLE)),
            ]
            celdas_mes.append(_formula(_sumas_si(criterios, act.rango("metas", m)) if vivo else None, valor))
        cuerpo.append(
            [aei, nombres_aei.get(aei, ""), unidades.get(unidad, unidad), *celdas_mes, _suma_fila(r, meses)]
        )
    fin = primera + len(cuerpo) - 1
    totales: list[list[Any]] = []
    por_unidad: dict[str, list[float]] = {}
    for llave, meses in metas.items():
        unidad = llave.split("\t")[1]
        fila_u = por_unidad.setdefault(unidad, [0.0] * 12)
        for m, v in enumerate(meses):
            fila_u[m] = round(fila_u[m] + v, 2)
    for k, (unidad, meses) in enumerate(por_unidad.items()):
        r = fin + 1 + k
        celdas_mes = [
            Formula(
                f"=ROUND(SUMIF($C${primera + 1}:$C${fin + 1},$C{r + 1},"
                f"{ref(primera, COLUMNA_MES + m)}:{ref(fin, COLUMNA_MES + m)}),2)",
                v,
            )
            for m, v in enumerate(meses)
        ]
        totales.append(
            [
                "",
                "Total por unidad de medida",
                unidades.get(unidad, unidad),
                *celdas_mes,
                _suma_fila(r, meses),
            ]
        )
    return Bloque(
        HOJA_RESUMEN,
        fila,
        0,
        [
            ["METAS FÍSICAS POR AEI, UNIDAD DE MEDIDA Y MES (actividades acumulables)"],
            ["Código AEI", "Acción estratégica", "Unidad de medida", *MESES, "Total"],
            *cuerpo,
            *totales,
        ],
        formatos=(None, None, None, *([METAS] * 13)),
        estilos={
            0: "subtitulo",
            1: "encabezado",
            **{2 + len(cuerpo) + k: "total" for k in range(len(totales))},
        },
    )


def _bloque_montos(libro: LibroLeido, actividades: list[Actividad], fila: int) -> Bloque:
    """Valorización por AEI y mes (S/), con su total."""
    act = Rejilla(libro, HOJA_ACTIVIDADES)
    nombres_aei = {f.codigo: f.accion for f in libro.filas("AEI") if f.codigo}
    montos = sumar_por_mes((a.aei or SIN_AEI, a.montos) for a in actividades)
    primera = fila + 2
    cuerpo: list[list[Any]] = []
    for i, (aei, meses) in enumerate(montos.items()):
        r = primera + i
        celdas_mes = []
        for m, valor in enumerate(meses):
            formula = _sumas_si([(act.rango("aei"), f"$A{r + 1}")], act.rango("montos", m))
            celdas_mes.append(_formula(formula if aei != SIN_AEI else None, valor))
        cuerpo.append([aei, nombres_aei.get(aei, ""), "S/", *celdas_mes, _suma_fila(r, meses)])
    r_total = primera + len(cuerpo)
    columnas = [[f[3 + m] for f in cuerpo] for m in range(13)]
    totales = [
        Formula(
            f"=ROUND(SUM({ref(primera, COLUMNA_MES + m)}:{ref(r_total - 1, COLUMNA_MES + m)}),2)",
            round(sum(getattr(v, "valor", v) for v in valores), 2),
        )
        if cuerpo
        else 0.0
        for m, valores in enumerate(columnas)
    ]
    return Bloque(
        HOJA_RESUMEN,
        fila,
        0,
        [
            ["VALORIZACIÓN POR AEI Y MES (S/)"],
            ["Código AEI", "Acción estratégica", "Unidad", *MESES, "Total"],
            *cuerpo,
            ["Total", "", "S/", *totales],
        ],
        formatos=(None, None, None, *([SOLES] * 13)),
        estilos={0: "subtitulo", 1: "encabezado", len(cuerpo) + 2: "total"},
    )


def _mensual(libro: LibroLeido, actividades: list[Actividad]) -> list[Bloque]:
    """Valorización del mes y actividades con meta en el mes: lo que lee el gráfico."""
    act = Rejilla(libro, HOJA_ACTIVIDADES)
    montos_mes = [suma(a.montos[m] for a in actividades if a.montos) for m in range(12)]
    con_meta = [sum(1 for a in actividades if a.metas and a.metas[m]) for m in range(12)]
    r = FILA_MENSUAL + 1
    valorizacion = [
        _formula(f"=ROUND(SUM({rango}),2)" if (rango := act.rango("montos", m)) else None, montos_mes[m])
        for m in range(12)
    ]
    conteo = [
        _formula(
            f'=COUNTIF({rango},">0")+COUNTIF({rango},"<0")' if (rango := act.rango("metas", m)) else None,
            con_meta[m],
        )
        for m in range(12)
    ]
    return [
        Bloque(
            HOJA_RESUMEN,
            FILA_MENSUAL - 1,
            0,
            [
                ["PROGRAMACIÓN MENSUAL DE LA UNIDAD"],
                ["Concepto", "", "", *MESES, "Total"],
                ["Valorización (S/)", "", "", *valorizacion, _suma_fila(r, montos_mes)],
            ],
            formatos=(None, None, None, *([SOLES] * 13)),
            estilos={0: "subtitulo", 1: "encabezado"},
        ),
        Bloque(
            HOJA_RESUMEN,
            FILA_MENSUAL + 2,
            0,
            [["Actividades con meta en el mes", "", "", *conteo]],
            formatos=(None, None, None, *(["0"] * 12)),
        ),
    ]


def _cuadro(libro: LibroLeido, insumos: list[Insumo]) -> Bloque:
    """Cuadro resumen de presupuesto (bienes, servicios, total) desde los insumos."""
    ins = Rejilla(libro, HOJA_INSUMOS)
    cuadro = cuadro_presupuesto((i.tipo, i.costo_total) for i in insumos)
    tipo, cantidad, unitario = ins.rango("tipo"), ins.rango("cantidad"), ins.rango("costo_unitario")

    def por_tipo(nombre: str, valor: float) -> Any:
        if None in (tipo, cantidad, unitario):
            return valor
        return Formula(
            f"=ROUND(SUMPRODUCT(({tipo}={texto(nombre)})*ROUND({cantidad}*{unitario},2)),2)", valor
        )

    r = FILA_CUADRO + 1
    total = Formula(f"=ROUND({ref(r, 2)}+{ref(r + 1, 2)},2)", cuadro.total)
    return Bloque(
        HOJA_RESUMEN,
        FILA_CUADRO - 1,
        0,
        [
            ["CUADRO RESUMEN DE PRESUPUESTO DE LA UNIDAD ORGÁNICA"],
            ["Código", "Detalle de insumos o servicios", "Costo S/"],
            ["2.3.1", "Bienes", por_tipo("Bien", cuadro.bienes)],
            ["2.3.2", "Servicios", por_tipo("Servicio", cuadro.servicios)],
            ["", "Total", total],
        ],
        formatos=(None, None, SOLES),
        estilos={0: "subtitulo", 1: "encabezado", 4: "total"},
    )


def escritura_resumen(libro: LibroLeido, actividades: list[Actividad], insumos: list[Insumo]) -> Escritura:
    """La hoja «Resumen»: programación mensual (la lee el gráfico), cuadro de presupuesto y por AEI."""
    unidad = unidad_de(libro)
    metas = _bloque_metas(libro, actividades, FILA_POR_AEI)
    escritura = Escritura().agregar(
        AsegurarHoja(HOJA_RESUMEN),
        Limpiar(HOJA_RESUMEN, 1),
        Bloque(HOJA_RESUMEN, 1, 0, [["Unidad orgánica:", unidad]], estilos={0: "subtitulo"}),
        *_mensual(libro, actividades),
        _cuadro(libro, insumos),
        metas,
        _bloque_montos(libro, actividades, FILA_POR_AEI + metas.filas + 1),
    )
    if unidad:
        escritura.agregar(Encabezado(f"POI {unidad}"))
    return escritura


def hojas(c: PoiCalculado) -> dict[str, Escritura]:
    """Celdas calculadas de «Actividades» e «Insumos», y la hoja «Resumen»."""
    return {
        "celdas": escritura_calculo(c.libro, c.actividades, c.insumos),
        HOJA_RESUMEN: escritura_resumen(c.libro, c.actividades, c.insumos),
    }


def grafico_resumen(libro: Any, ws: Any) -> None:
    """Adorno de la plantilla: gráfico nativo de la programación mensual en «Resumen»."""
    hasta = COLUMNA_MES + 11
    cat = ["Resumen", FILA_MENSUAL, COLUMNA_MES, FILA_MENSUAL, hasta]
    grafico = libro.add_chart({"type": "column"})
    grafico.add_series(
        {
            "name": "Valorización (S/)",
            "categories": cat,
            "values": ["Resumen", FILA_MENSUAL + 1, COLUMNA_MES, FILA_MENSUAL + 1, hasta],
            "fill": {"color": AZUL},
        }
    )
    linea = libro.add_chart({"type": "line"})
    linea.add_series(
        {
            "name": "Actividades con meta",
            "categories": cat,
            "values": ["Resumen", FILA_MENSUAL + 2, COLUMNA_MES, FILA_MENSUAL + 2, hasta],
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
    ws.insert_chart("R2", grafico)
