"""Lo que la evaluación trimestral genera: el libro desde un POI y el cálculo del avance.

`datos_desde_poi` arma, desde el POI de la unidad (con sus meses calculados por perfil), las filas
del libro de evaluación con lo programado ya puesto. `calcular` llena los porcentajes y el semáforo;
`hojas`, las columnas calculadas y la hoja «Resumen».
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import Bloque, Encabezado, Escritura, Formula, Limpiar
from libro.nucleo.formulas import Rejilla, celda_ficha, ref, texto
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.textos import MESES_LARGOS, fecha_texto
from libro.poi.calculo import aplicar_perfiles
from libro.poi.evaluacion.calculo import (
    SIN_PROGRAMACION,
    EvaluacionCalculada,
    conteo_semaforos,
    meses_del_trimestre,
    plazo_de_presentacion,
    programado_acumulado,
    programado_trimestre,
    promedio,
    razon,
    trimestre_de,
    umbrales_de,
)
from libro.poi.evaluacion.formato import (
    HOJA_DATOS,
    HOJA_EVALUACION,
    HOJA_PARAMETROS,
    PORCENTAJE,
    UMBRAL_AMBAR,
    UMBRAL_VERDE,
    DatosEvaluacion,
    FilaEvaluacion,
    Parametros,
)
from libro.poi.formato import Actividad
from libro.poi.hojas import SIN_AEI, _formulas_por_filas

HOJA_RESUMEN = "Resumen"
FILA_UMBRALES = 4
"""Fila 0-based de «Verde desde (%)» en «Resumen»; la siguiente, «Ámbar desde (%)». El semáforo de
cada actividad las lee: son los umbrales de «Parámetros» ya revisados."""
FILA_SEMAFOROS = 7






def fila_desde_actividad(a: Actividad, trimestre: int) -> FilaEvaluacion:
    """Lo programado de una actividad del POI (meses ya calculados) para el trimestre."""
    meses = meses_del_trimestre(trimestre)
    metas = a.metas or [None] * 12
    montos = a.montos or [None] * 12
    return FilaEvaluacion(
        codigo=a.codigo,
        actividad=a.actividad,
        aei=a.aei,
        unidad_medida=a.unidad_medida,
        tipo_meta=a.tipo_meta or "Acumulable",
        sentido="Creciente",
        meta_m1=metas[meses[0]],
        meta_m2=metas[meses[1]],
        meta_m3=metas[meses[2]],
        programado_trimestre=programado_trimestre(metas, a.es_acumulable, trimestre),
        programado_acumulado=programado_acumulado(metas, a.es_acumulable, trimestre),
        monto_m1=montos[meses[0]],
        monto_m2=montos[meses[1]],
        monto_m3=montos[meses[2]],
        soles_trimestre=programado_trimestre(montos, True, trimestre),
        soles_acumulado=programado_acumulado(montos, True, trimestre),
    )


def datos_desde_poi(poi: LibroLeido, trimestre: int) -> dict[str, list]:
    """Las hojas del libro de evaluación, prellenadas desde un POI ya leído."""
    actividades = aplicar_perfiles(poi.filas("Actividades"))
    unidad = poi.filas("Datos")[0] if poi.filas("Datos") else None
    datos = DatosEvaluacion(
        codigo_unidad=getattr(unidad, "codigo_unidad", None),
        nombre_unidad=getattr(unidad, "nombre_unidad", None),
        anio_fiscal=getattr(unidad, "anio_fiscal", None),
        trimestre=trimestre,
    )
    filas = [fila_desde_actividad(a, trimestre) for a in actividades if a.codigo]
    return {
        "Datos": [datos],
        "Evaluación": filas,
        "Parámetros": [Parametros(umbral_verde=UMBRAL_VERDE, umbral_ambar=UMBRAL_AMBAR)],
    }


# ------------------------------------------------------------------ fórmulas del avance


class _Fila:
    """Referencias de una fila de «Evaluación» para armar sus fórmulas (None si falta una columna)."""

    CAMPOS = (
        "tipo_meta", "sentido", "meta_m1", "meta_m2", "meta_m3", "programado_trimestre",
        "programado_acumulado", "monto_m1", "monto_m2", "monto_m3", "soles_trimestre",
        "ejecutado_trimestre", "ejecutado_acumulado", "ejecutado_soles_trimestre", "avance_trimestral",
    )

    def __init__(self, lectura: Lectura, fila: int) -> None:
        self.c: dict[str, str] = {}
        for campo in self.CAMPOS:
            j = lectura.columna(campo)
            if j is not None:
                self.c[campo] = ref(fila, j)

    def completa(self) -> bool:
        return len(self.c) == len(self.CAMPOS)

    def programado(self) -> str:
        """La meta del trimestre escrita, o la de sus tres meses (suma, o el último no nulo)."""
        c = self.c
        ultimo = f"IF({c['meta_m3']}<>0,{c['meta_m3']},IF({c['meta_m2']}<>0,{c['meta_m2']},"
        ultimo += f"IF({c['meta_m1']}<>0,{c['meta_m1']},0)))"
        suma = f"ROUND(SUM({c['meta_m1']},{c['meta_m2']},{c['meta_m3']}),2)"
        return (
            f"IF(ISNUMBER({c['programado_trimestre']}),{c['programado_trimestre']},"
            f"IF({c['tipo_meta']}={texto('No acumulable')},{ultimo},{suma}))"
        )

    def soles(self) -> str:
        c = self.c
        return (
            f"IF(ISNUMBER({c['soles_trimestre']}),{c['soles_trimestre']},"
            f"ROUND(SUM({c['monto_m1']},{c['monto_m2']},{c['monto_m3']}),2))"
        )

    def avance(self, programado: str, ejecutado: str) -> str:
        """% de avance: creciente ejecutado / programado; decreciente programado / ejecutado."""
        return (
            f"IF(ISNUMBER({ejecutado}),IF({self.c['sentido']}={texto('Decreciente')},"
            f'IF({ejecutado}=0,"",ROUND(100*{programado}/{ejecutado},2)),'
            f'IF({programado}=0,"",ROUND(100*{ejecutado}/{programado},2))),"")'
        )


def _formulas_avance(libro: LibroLeido, lectura: Lectura) -> dict[str, Callable[[FilaEvaluacion], Any]]:
    """Campo calculado → fórmula de cada fila, con el valor que calculó Libro."""
    trimestre = celda_ficha(libro, HOJA_DATOS, "trimestre")
    verde = ref(FILA_UMBRALES, 1, HOJA_RESUMEN, absoluta=True)
    ambar = ref(FILA_UMBRALES + 1, 1, HOJA_RESUMEN, absoluta=True)

    def con(campo: str, armar: Callable[[_Fila], str]) -> Callable[[FilaEvaluacion], Any]:
        def formula(f: FilaEvaluacion) -> Any:
            fila = _Fila(lectura, f.fila)
            valor = getattr(f, campo)
            return Formula("=" + armar(fila), "" if valor is None else valor) if fila.completa() else valor

        return formula

    def acumulado(x: _Fila) -> str:
        c = x.c
        ejecutado = (
            f'IF(ISNUMBER({c["ejecutado_acumulado"]}),{c["ejecutado_acumulado"]},'
            f'IF(AND({trimestre}=1,ISNUMBER({c["ejecutado_trimestre"]})),{c["ejecutado_trimestre"]},""))'
        )
        prog = c["programado_acumulado"]
        return f'IF(ISNUMBER({prog}),{x.avance(prog, ejecutado)},"")'

    def financiera(x: _Fila) -> str:
        ejecutado, soles = x.c["ejecutado_soles_trimestre"], x.soles()
        return f'IF(ISNUMBER({ejecutado}),IF({soles}=0,"",ROUND(100*{ejecutado}/{soles},2)),"")'

    def semaforo_(x: _Fila) -> str:
        avance_, ejecutado = x.c["avance_trimestral"], x.c["ejecutado_trimestre"]
        return (
            f'IF(ISNUMBER({avance_}),IF({avance_}>={verde},"Verde",IF({avance_}>={ambar},"Ámbar","Rojo")),'
            f'IF(AND(ISNUMBER({ejecutado}),{ejecutado}=0,{x.programado()}=0),{texto(SIN_PROGRAMACION)},""))'
        )

    return {
        "avance_trimestral": con(
            "avance_trimestral", lambda x: x.avance(x.programado(), x.c["ejecutado_trimestre"])
        ),
        "avance_acumulado": con("avance_acumulado", acumulado),
        "ejecucion_financiera": con("ejecucion_financiera", financiera),
        "semaforo": con("semaforo", semaforo_),
    }


def _umbral(libro: LibroLeido, campo: str, defecto: float, valor: float) -> Any:
    """El umbral de «Parámetros» como lo entiende Libro (0,9 es 90 %; vacío, el de la directiva)."""
    lectura = libro.hojas.get(HOJA_PARAMETROS.nombre)
    if lectura is None:
        return valor
    c = celda_ficha(libro, HOJA_PARAMETROS, campo)
    return f"IF(ISNUMBER({c}),IF(AND({c}>0,{c}<=1),{c}*100,{c}),{defecto:g})"


def _umbrales(libro: LibroLeido) -> list[list[Any]]:
    """«Verde desde» y «Ámbar desde» revisados; si no son coherentes (0 ≤ ámbar < verde), los por defecto."""
    u = umbrales_de(libro)
    verde = _umbral(libro, "umbral_verde", UMBRAL_VERDE, u.verde)
    ambar = _umbral(libro, "umbral_ambar", UMBRAL_AMBAR, u.ambar)
    if not isinstance(verde, str) or not isinstance(ambar, str):
        return [["Verde desde (%):", u.verde], ["Ámbar desde (%):", u.ambar]]
    valido = f"AND({ambar}>=0,{ambar}<{verde})"
    return [
        ["Verde desde (%):", Formula(f"=IF({valido},{verde},{UMBRAL_VERDE:g})", u.verde)],
        ["Ámbar desde (%):", Formula(f"=IF({valido},{ambar},{UMBRAL_AMBAR:g})", u.ambar)],
    ]


def _por_aei(libro: LibroLeido, filas: list[FilaEvaluacion], fila: int) -> list[list[Any]]:
    """Por AEI: actividades, promedio de sus % de avance, S/ programado y ejecutado, % financiero."""
    ev = Rejilla(libro, HOJA_EVALUACION)
    por_aei: dict[str, list[FilaEvaluacion]] = defaultdict(list)
    for f in filas:
        por_aei[f.aei or SIN_AEI].append(f)
    rangos = {
        c: ev.rango(c)
        for c in (
            "aei",
            "avance_trimestral",
            "avance_acumulado",
            "soles_trimestre",
            "ejecutado_soles_trimestre",
        )
    }
    resultado = []
    for i, (aei, grupo) in enumerate(por_aei.items()):
        r = fila + i
        prog = round(sum(f.soles_trimestre or 0 for f in grupo), 2)
        ejec = round(sum(f.ejecutado_soles_trimestre or 0 for f in grupo), 2)
        valores = [
            len(grupo),
            promedio(f.avance_trimestral for f in grupo),
            promedio(f.avance_acumulado for f in grupo),
            prog,
            ejec,
            razon(ejec, prog),
        ]
        if aei == SIN_AEI or None in rangos.values():
            resultado.append([aei, *valores])
            continue
        criterio = f"{rangos['aei']},$A{r + 1}"
        formulas = [
            f"=COUNTIF({criterio})",
            f'=IFERROR(ROUND(AVERAGEIF({criterio},{rangos["avance_trimestral"]}),2),"")',
            f'=IFERROR(ROUND(AVERAGEIF({criterio},{rangos["avance_acumulado"]}),2),"")',
            f"=ROUND(SUMIF({criterio},{rangos['soles_trimestre']}),2)",
            f"=ROUND(SUMIF({criterio},{rangos['ejecutado_soles_trimestre']}),2)",
            f'=IF(E{r + 1}=0,"",ROUND(100*F{r + 1}/E{r + 1},2))',
        ]
        resultado.append(
            [aei, *(Formula(t, "" if v is None else v) for t, v in zip(formulas, valores, strict=True))]
        )
    return resultado


def escritura_resumen(libro: LibroLeido, filas: list[FilaEvaluacion]) -> Escritura:
    """Hoja «Resumen»: unidad, plazo, umbrales del semáforo, conteo por semáforo y avance por AEI."""
    d = libro.ficha("Datos")
    trimestre = trimestre_de(libro)
    unidad = " — ".join(
        str(x) for x in (getattr(d, "codigo_unidad", None), getattr(d, "nombre_unidad", None)) if x
    )
    plazo = ""
    if d is not None and d.anio_fiscal and trimestre:
        plazo = fecha_texto(plazo_de_presentacion(d.anio_fiscal, trimestre))
    conteo = conteo_semaforos(f.semaforo for f in filas)
    meses = ", ".join(MESES_LARGOS[m] for m in meses_del_trimestre(trimestre)) if trimestre else ""
    cabecera = [
        ["Unidad orgánica:", unidad],
        ["Trimestre:", f"{trimestre or '—'} ({meses})" if meses else "—"],
        ["Plazo de presentación:", plazo or "—"],
    ]
    ev = Rejilla(libro, HOJA_EVALUACION)
    semaforos, codigos = ev.rango("semaforo"), ev.rango("codigo")
    colores = [k for k in conteo if k != "Sin cálculo"]
    fila_conteo = FILA_SEMAFOROS + 2
    filas_conteo: list[list[Any]] = []
    for k in conteo:
        if semaforos is None or codigos is None:
            filas_conteo.append([k, conteo[k]])
        elif k == "Sin cálculo":
            otras = f"B{fila_conteo + 1}:B{fila_conteo + len(colores)}"
            total = f"B{fila_conteo + len(conteo) + 1}"
            filas_conteo.append([k, Formula(f"={total}-SUM({otras})", conteo[k])])
        else:
            filas_conteo.append([k, Formula(f"=COUNTIF({semaforos},{texto(k)})", conteo[k])])
    total = Formula(f"=COUNTA({codigos})", len(filas)) if codigos else len(filas)
    fila_aei = FILA_SEMAFOROS + len(conteo) + 4
    escritura = Escritura().agregar(
        Limpiar(HOJA_RESUMEN, 1),
        Bloque(HOJA_RESUMEN, 1, 0, cabecera, estilos={0: "subtitulo"}),
        Bloque(HOJA_RESUMEN, FILA_UMBRALES, 0, _umbrales(libro), formatos=(None, PORCENTAJE)),
        Bloque(
            HOJA_RESUMEN,
            FILA_SEMAFOROS,
            0,
            [["ACTIVIDADES POR SEMÁFORO"], ["Semáforo", "Actividades"], *filas_conteo, ["Total", total]],
            formatos=(None, "0"),
            estilos={0: "subtitulo", 1: "encabezado", len(conteo) + 2: "total"},
        ),
        Bloque(
            HOJA_RESUMEN,
            fila_aei,
            0,
            [
                ["AVANCE POR ACCIÓN ESTRATÉGICA (promedio de los % de sus actividades)"],
                [
                    "Código AEI",
                    "Actividades",
                    "% avance trimestre",
                    "% avance acumulado",
                    "S/ programado",
                    "S/ ejecutado",
                    "% ejecución financiera",
                ],
                *_por_aei(libro, filas, fila_aei + 2),
            ],
            formatos=(None, "0", PORCENTAJE, PORCENTAJE, SOLES, SOLES, PORCENTAJE),
            estilos={0: "subtitulo", 1: "encabezado"},
        ),
    )
    if unidad:
        escritura.agregar(Encabezado(f"Evaluación del POI {unidad} — trimestre {trimestre or '—'}"))
    return escritura


def hojas(c: EvaluacionCalculada) -> dict[str, Escritura]:
    """Columnas calculadas de «Evaluación» (fórmulas vivas) y la hoja «Resumen»."""
    celdas = Escritura()
    lectura = c.libro.hojas.get("Evaluación")
    if lectura is not None:
        for campo, formula in _formulas_avance(c.libro, lectura).items():
            celdas.agregar(*_formulas_por_filas(lectura, c.filas, campo, formula))
    return {"celdas": celdas, HOJA_RESUMEN: escritura_resumen(c.libro, c.filas)}
