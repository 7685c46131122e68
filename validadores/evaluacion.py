"""Reglas de la evaluación trimestral del POI (Directiva 003-2016-MPH/17, art. 11 y 12)."""

from collections.abc import Iterator
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import fecha_texto
from libro.poi.evaluacion.calculo import (
    Umbrales,
    ejecutado_acumulado,
    evaluar,
    fin_del_trimestre,
    plazo_de_presentacion,
    trimestre_de,
    umbrales_de,
)
from libro.poi.evaluacion.formato import DIAS_PLAZO, UMBRAL_AMBAR, UMBRAL_VERDE

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "EVA-001",
        E,
        "Faltan medidas correctivas",
        "la actividad «{actividad}» queda en {semaforo} ({avance} % de avance) y no tiene medidas "
        "correctivas. Escriba las medidas que adoptará la unidad (art. 11 de la Directiva).",
    ),
    Definicion(
        "EVA-002",
        A,
        "Ejecutado sin meta programada",
        "la actividad «{actividad}» no tenía meta programada en el trimestre y se informa {valor} "
        "ejecutado: no hay porcentaje de avance. Revise lo ejecutado o registre la modificación "
        "del POI que programó la meta.",
    ),
    Definicion(
        "EVA-003",
        A,
        "Gasto sin monto programado",
        "la actividad «{actividad}» no tenía soles programados en el trimestre y se informa "
        "S/ {valor} ejecutado: no hay % de ejecución financiera. Revise el monto o registre la "
        "modificación del POI.",
    ),
    Definicion(
        "EVA-004",
        A,
        "Evaluación presentada fuera de plazo",
        "la evaluación se presentó el {valor}; el plazo vencía el {plazo} ({origen}).",
    ),
    Definicion(
        "EVA-005",
        E,
        "Acumulado menor que el trimestre",
        "lo ejecutado acumulado ({valor}) es menor que lo ejecutado en el trimestre ({trimestre}). "
        "El acumulado va de enero al fin del trimestre: corrija uno de los dos.",
    ),
    Definicion(
        "EVA-006",
        E,
        "Umbrales del semáforo incoherentes",
        "verde desde {verde} % y ámbar desde {ambar} %: el umbral ámbar debe ser menor que el verde. "
        f"Se usan los valores por defecto ({UMBRAL_VERDE:g} % y {UMBRAL_AMBAR:g} %) hasta que los "
        "corrija.",
    ),
    Definicion(
        "EVA-007",
        E,
        "Falta lo ejecutado",
        "la actividad «{actividad}» tenía {programado} programado en el trimestre y no se informó lo "
        "ejecutado. Escriba la meta física alcanzada (0 si no hubo avance).",
    ),
    Definicion(
        "EVA-008",
        A,
        "Avance no calculable (indicador decreciente en cero)",
        "el indicador de «{actividad}» es decreciente y lo ejecutado es 0: programado / ejecutado no "
        "se puede calcular. Si 0 es el resultado real, déjelo así y explíquelo en los factores.",
    ),
    Definicion(
        "EVA-009",
        A,
        "Faltan los factores que dificultaron",
        "la actividad «{actividad}» queda en {semaforo} y no se informan los factores que "
        "dificultaron su cumplimiento (art. 12 de la Directiva).",
    ),
    Definicion(
        "EVA-010",
        E,
        "Año fiscal distinto del esperado",
        "el año fiscal es {valor} y OPP evalúa el año {esperado}. Use la evaluación del año correcto.",
    ),
    Definicion(
        "EVA-011",
        A,
        "Presentada antes de culminar el trimestre",
        "la fecha de presentación {valor} es anterior al fin del trimestre ({fin}). Revise la fecha.",
    ),
    Definicion(
        "EVA-012",
        E,
        "Actividad repetida",
        "el código «{valor}» ya está en la fila {otra}. Cada actividad se evalúa una sola vez.",
    ),
)


def _evaluacion(libro: LibroLeido):
    lectura = libro.hojas.get("Evaluación")
    return lectura, (lectura.filas if lectura else [])


def _n(valor: float) -> str:
    return f"{valor:,.2f}".rstrip("0").rstrip(".")


def avance_y_medidas(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Lo ejecutado frente a lo programado: faltantes, divisiones imposibles y medidas correctivas."""
    lectura, filas = _evaluacion(libro)
    trimestre, umbrales = trimestre_de(libro), umbrales_de(libro)
    for f in filas:
        nombre = f.codigo or f.actividad or f"fila {f.fila + 1}"
        e = evaluar(f, trimestre, umbrales)
        col_ejecutado = lectura.columna("ejecutado_trimestre")
        motivo = e.trimestral.motivo
        if motivo == "sin_ejecutado":
            programado = f.programado_trimestre or 0
            if programado:
                yield CATALOGO.obs(
                    "EVA-007",
                    lectura.hoja,
                    f.fila,
                    col_ejecutado,
                    actividad=nombre,
                    programado=_n(programado),
                )
        elif motivo == "ejecutado_sin_programacion":
            yield CATALOGO.obs(
                "EVA-002", lectura.hoja, f.fila, col_ejecutado, f.ejecutado_trimestre, actividad=nombre
            )
        elif motivo == "decreciente_en_cero":
            yield CATALOGO.obs("EVA-008", lectura.hoja, f.fila, col_ejecutado, 0, actividad=nombre)
        if e.financiera.motivo == "ejecutado_sin_programacion":
            yield CATALOGO.obs(
                "EVA-003",
                lectura.hoja,
                f.fila,
                lectura.columna("ejecutado_soles_trimestre"),
                f.ejecutado_soles_trimestre,
                actividad=nombre,
            )
        if e.requiere_medidas:
            color = e.semaforo.lower()
            if not f.medidas_correctivas:
                yield CATALOGO.obs(
                    "EVA-001",
                    lectura.hoja,
                    f.fila,
                    lectura.columna("medidas_correctivas"),
                    actividad=nombre,
                    semaforo=color,
                    avance=_n(e.trimestral.porcentaje),
                )
            if not f.factores_desfavorables:
                yield CATALOGO.obs(
                    "EVA-009",
                    lectura.hoja,
                    f.fila,
                    lectura.columna("factores_desfavorables"),
                    actividad=nombre,
                    semaforo=color,
                )


def acumulado_coherente(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, filas = _evaluacion(libro)
    trimestre = trimestre_de(libro)
    for f in filas:
        acumulado = ejecutado_acumulado(f, trimestre)
        if (
            f.es_acumulable
            and acumulado is not None
            and f.ejecutado_trimestre is not None
            and acumulado + 1e-9 < f.ejecutado_trimestre
        ):
            yield CATALOGO.obs(
                "EVA-005",
                lectura.hoja,
                f.fila,
                lectura.columna("ejecutado_acumulado"),
                acumulado,
                trimestre=_n(f.ejecutado_trimestre),
            )


def codigos_unicos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, filas = _evaluacion(libro)
    vistos: dict[str, int] = {}
    for f in filas:
        if f.codigo is None:
            continue
        if f.codigo in vistos:
            yield CATALOGO.obs(
                "EVA-012",
                lectura.hoja,
                f.fila,
                lectura.columna("codigo"),
                f.codigo,
                otra=vistos[f.codigo] + 1,
            )
        else:
            vistos[f.codigo] = f.fila


def parametros(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura = libro.hojas.get("Parámetros")
    if lectura is None or not lectura.filas:
        return
    p = lectura.filas[0]
    leidos = Umbrales(
        p.umbral_verde if p.umbral_verde is not None else UMBRAL_VERDE,
        p.umbral_ambar if p.umbral_ambar is not None else UMBRAL_AMBAR,
    )
    if not leidos.validos:
        lugar = lectura.ubicaciones.get("umbral_ambar", (None, None))
        yield CATALOGO.obs("EVA-006", lectura.hoja, *lugar, verde=_n(leidos.verde), ambar=_n(leidos.ambar))


def datos_y_plazo(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Año esperado y plazo de 10 días calendario desde el fin del trimestre (art. 12), o el del Anexo 02."""
    lectura = libro.hojas.get("Datos")
    if lectura is None or not lectura.filas:
        return
    d = lectura.filas[0]
    lugar = lectura.ubicaciones
    if d.anio_fiscal and contexto.anio_fiscal and d.anio_fiscal != contexto.anio_fiscal:
        yield CATALOGO.obs(
            "EVA-010", lectura.hoja, *lugar["anio_fiscal"], d.anio_fiscal, esperado=contexto.anio_fiscal
        )
    trimestre = trimestre_de(libro)
    if not (d.fecha_presentacion and d.anio_fiscal and trimestre):
        return
    fin = fin_del_trimestre(d.anio_fiscal, trimestre)
    plazo = contexto.plazos_evaluacion.get((d.anio_fiscal, trimestre))
    origen = "según el cronograma de evaluación del POI, Anexo 02"
    if plazo is None:
        plazo = plazo_de_presentacion(d.anio_fiscal, trimestre)
        origen = f"{DIAS_PLAZO} días calendario después del {fecha_texto(fin)}, fin del trimestre {trimestre}"
    texto = fecha_texto(d.fecha_presentacion)
    if d.fecha_presentacion > plazo:
        yield CATALOGO.obs(
            "EVA-004", lectura.hoja, *lugar["fecha_presentacion"], texto, plazo=fecha_texto(plazo),
            origen=origen,
        )
    elif d.fecha_presentacion < fin:
        yield CATALOGO.obs(
            "EVA-011", lectura.hoja, *lugar["fecha_presentacion"], texto, fin=fecha_texto(fin)
        )


REGLAS = (codigos_unicos, avance_y_medidas, acumulado_coherente, parametros, datos_y_plazo)
