"""Las tablas de la consolidación como DataFrames de pandas: para el libro de OPP y para analistas.

    from libro.consolidar import consolidar
    from libro.poi.consolidacion import tablas

    t = tablas(consolidar(carpeta, salida))
    t.por_unidad.set_index("codigo_unidad")["valorizacion_anual"]
    t.actividades.groupby(["oei", "categoria"])["valorizacion_anual"].sum()

Los nombres de columna son los campos de la declaración del POI (y de la evaluación); los meses,
`montos_ene` … `montos_dic` y `metas_ene` … `metas_dic`. Los soles se redondean al céntimo.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from libro.nucleo.declaracion import Columna
from libro.nucleo.textos import MESES, clave
from libro.poi.consolidacion.calculo import (
    COLUMNAS,
    EVALUADAS,
    NUMEROS,
    NUMEROS_EVALUACION,
    POR_UNIDAD,
    SIN_CALCULO,
    TOTAL_DE_FILA,
    Consolidacion,
    EvaluacionUnidad,
    UnidadPoi,
    oei_de,
)
from libro.poi.evaluacion.calculo import SIN_PROGRAMACION
from libro.poi.evaluacion.formato import SEMAFOROS

COLORES = (*SEMAFOROS, SIN_PROGRAMACION, SIN_CALCULO)
"""Los semáforos que se cuentan, con las actividades sin meta y sin porcentaje."""
CLAVES = ("codigo_unidad", "oei", "aei", "codigo")
"""Orden del POI institucional: unidad orgánica, OEI, AEI y código de actividad."""


def nombre(c: Columna) -> str:
    """Nombre de la columna en el DataFrame: el campo, y el mes en los campos mensuales."""
    return c.campo if c.mes is None else f"{c.campo}_{MESES[c.mes].lower()}"


def columna_de_color(color: str) -> str:
    """«Ámbar» → «ambar»; «Sin meta» → «sin_meta»."""
    return clave(color).replace(" ", "_")


MONTOS = tuple(nombre(c) for c in COLUMNAS if c.campo == TOTAL_DE_FILA[1])
CONTEOS = tuple(columna_de_color(c) for c in COLORES)


@dataclass(frozen=True)
class Tablas:
    actividades: pd.DataFrame
    """Una fila por actividad consolidada (columnas del POI institucional), en su orden."""
    por_unidad: pd.DataFrame
    """Una fila por unidad: bienes, servicios, valorización por mes y total, marco, situación."""
    por_oei_aei: pd.DataFrame
    """Una fila por (OEI, AEI): actividades, unidades, valorización por mes y total."""
    por_mes: pd.DataFrame
    """Una fila por mes: valorización institucional y actividades con monto programado."""
    evaluacion: pd.DataFrame
    """Una fila por actividad evaluada en el trimestre (vacía sin trimestre)."""
    avance_por_unidad: pd.DataFrame
    """Una fila por evaluación: semáforos, % de avance promedio, soles programados y ejecutados."""
    avance_por_aei: pd.DataFrame
    """Lo mismo por (OEI, AEI)."""


def tablas(c: Consolidacion) -> Tablas:
    """Las tablas de la consolidación, calculadas con pandas desde lo que devolvió cada libro."""
    actividades = _actividades(c)
    evaluacion = _evaluacion(c, actividades)
    return Tablas(
        actividades,
        _por_unidad(c, actividades),
        _por_oei_aei(c, actividades),
        _por_mes(actividades),
        evaluacion,
        _avance_por_unidad(c, evaluacion),
        _avance_por_aei(c, evaluacion),
    )


def _bloque(buffers: list, ancho: int) -> np.ndarray:
    """Los `array` de números de cada libro, uno tras otro, como una matriz de `ancho` columnas."""
    if not buffers:
        return np.empty((0, ancho))
    return np.concatenate([np.frombuffer(b, dtype=np.float64) for b in buffers]).reshape(-1, ancho)


def _por_fila(valores: list[str], veces: list[int]) -> list[str]:
    return list(chain.from_iterable([v] * n for v, n in zip(valores, veces, strict=True)))


def _tabla(
    libros: Sequence[UnidadPoi | EvaluacionUnidad], columnas: Iterable[Columna], numericas: list[str]
) -> pd.DataFrame:
    """Una fila por actividad de cada libro: el código y el nombre de la unidad y cada columna (las
    `numericas`, del bloque de números del libro; las demás, de sus textos)."""
    numeros = _bloque([x.numeros for x in libros], len(numericas))
    veces = [len(x.numeros) // len(numericas) for x in libros]
    datos: dict[str, object] = {
        "codigo_unidad": _por_fila([x.codigo for x in libros], veces),
        "nombre_unidad": _por_fila([x.nombre for x in libros], veces),
    }
    for col in columnas:
        if nombre(col) in numericas:
            datos[nombre(col)] = numeros[:, numericas.index(nombre(col))]
        else:
            datos[nombre(col)] = list(chain.from_iterable(x.textos[col.campo] for x in libros))
    return pd.DataFrame(datos)


def _actividades(c: Consolidacion) -> pd.DataFrame:
    propias = [col for col in COLUMNAS if col.campo not in (*POR_UNIDAD, TOTAL_DE_FILA[0])]
    tabla = _tabla(c.unidades, propias, [nombre(col) for col in NUMEROS])
    tabla[TOTAL_DE_FILA[0]] = tabla[list(MONTOS)].sum(axis=1).round(2)
    tabla = tabla[[nombre(col) for col in COLUMNAS]]
    return tabla.sort_values(list(CLAVES), kind="stable").reset_index(drop=True)


def _suma(tabla: pd.DataFrame) -> pd.DataFrame:
    return tabla.sum().round(2)


def _por_unidad(c: Consolidacion, actividades: pd.DataFrame) -> pd.DataFrame:
    unidades = pd.DataFrame(
        {
            "codigo_unidad": [u.codigo for u in c.unidades],
            "nombre_unidad": [u.nombre for u in c.unidades],
            "bienes": [u.bienes for u in c.unidades],
            "servicios": [u.servicios for u in c.unidades],
            "marco_presupuestal": pd.Series([u.marco for u in c.unidades], dtype="float64"),
            "presupuesto_modificado": pd.Series([u.modificado for u in c.unidades], dtype="float64"),
            "fecha_presentacion": [u.fecha_presentacion for u in c.unidades],
            "situacion": [c.situacion_poi(u) for u in c.unidades],
        }
    )
    unidades.insert(4, "total_insumos", (unidades["bienes"] + unidades["servicios"]).round(2))
    meses = _suma(actividades.groupby("codigo_unidad")[[*MONTOS, TOTAL_DE_FILA[0]]])
    unidades = unidades.join(meses, on="codigo_unidad").fillna({m: 0.0 for m in (*MONTOS, TOTAL_DE_FILA[0])})
    modificado = unidades["presupuesto_modificado"].fillna(unidades[TOTAL_DE_FILA[0]])
    unidades["presupuesto_modificado"] = modificado
    marco = unidades["marco_presupuestal"]
    unidades["porcentaje_del_marco"] = (100 * unidades["presupuesto_modificado"] / marco).where(marco > 0)
    return unidades


def _nombres_aei(c: Consolidacion) -> dict[str, str]:
    nombres: dict[str, str] = {}
    for u in c.unidades:
        for codigo, accion in u.nombres_aei.items():
            nombres.setdefault(codigo, accion)
    return nombres


def _por_oei_aei(c: Consolidacion, actividades: pd.DataFrame) -> pd.DataFrame:
    grupos = actividades.groupby(["oei", "aei"])
    tabla = _suma(grupos[list(MONTOS)])
    tabla.insert(0, "actividades", grupos.size())
    tabla.insert(1, "unidades", grupos["codigo_unidad"].nunique())
    tabla["total"] = tabla[list(MONTOS)].sum(axis=1).round(2)
    tabla = tabla.reset_index()
    tabla.insert(2, "accion", tabla["aei"].map(_nombres_aei(c)).fillna(""))
    return tabla


def _por_mes(actividades: pd.DataFrame) -> pd.DataFrame:
    montos = actividades[list(MONTOS)]
    return pd.DataFrame(
        {
            "mes": list(MESES),
            "montos": montos.sum().round(2).to_numpy(),
            "actividades": montos.notna().sum().to_numpy(),
        }
    )


def _evaluacion(c: Consolidacion, actividades: pd.DataFrame) -> pd.DataFrame:
    tabla = _tabla(c.evaluaciones, EVALUADAS, list(NUMEROS_EVALUACION))
    oei_por_aei = dict(zip(actividades["aei"], actividades["oei"], strict=True))
    tabla.insert(2, "oei", [oei_por_aei.get(aei) or oei_de(aei, {}) for aei in tabla["aei"]])
    return tabla


def _avance(evaluacion: pd.DataFrame, claves: list[str]) -> pd.DataFrame:
    """Semáforos, % de avance promedio (de las actividades con porcentaje) y soles, por `claves`."""
    grupos = evaluacion.groupby(claves)
    tabla = grupos.size().rename("actividades").to_frame()
    colores = evaluacion.groupby([*claves, "semaforo"]).size().unstack("semaforo")
    for color, columna in zip(COLORES, CONTEOS, strict=True):
        tabla[columna] = colores[color] if color in colores else 0
    tabla = tabla.fillna(0).astype("int64")
    tabla["avance_promedio"] = grupos["avance_trimestral"].mean()
    tabla["soles_programados"] = _suma(grupos["soles_trimestre"])
    tabla["soles_ejecutados"] = _suma(grupos["ejecutado_soles_trimestre"])
    tabla["ejecucion_financiera"] = financiera(tabla["soles_ejecutados"], tabla["soles_programados"])
    return tabla.reset_index()


def _avance_por_unidad(c: Consolidacion, evaluacion: pd.DataFrame) -> pd.DataFrame:
    """Una fila por evaluación consolidada (también las que no traen actividades)."""
    datos = pd.DataFrame(
        {
            "codigo_unidad": [e.codigo for e in c.evaluaciones],
            "nombre_unidad": [e.nombre for e in c.evaluaciones],
            "fecha_presentacion": [e.fecha_presentacion for e in c.evaluaciones],
            "situacion": [c.situacion_evaluacion(e) for e in c.evaluaciones],
        }
    )
    tabla = datos.merge(_avance(evaluacion, ["codigo_unidad"]), on="codigo_unidad", how="left")
    enteros = ["actividades", *CONTEOS]
    tabla[enteros] = tabla[enteros].fillna(0).astype("int64")
    return tabla.fillna({"soles_programados": 0.0, "soles_ejecutados": 0.0})


def _avance_por_aei(c: Consolidacion, evaluacion: pd.DataFrame) -> pd.DataFrame:
    tabla = _avance(evaluacion, ["oei", "aei"])
    tabla.insert(2, "accion", tabla["aei"].map(_nombres_aei(c)).fillna(""))
    return tabla


def financiera(ejecutado: pd.Series | float, programado: pd.Series | float) -> pd.Series | float:
    """% de ejecución financiera: ejecutado ÷ programado × 100; vacío (NaN) sin programado."""
    if isinstance(programado, pd.Series):
        return (100 * ejecutado / programado).where(programado > 0)
    return 100 * ejecutado / programado if programado > 0 else float("nan")
