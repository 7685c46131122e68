"""Lo que la evaluación trimestral genera: el libro desde un POI y el cálculo del avance.

`datos_desde_poi` arma, desde el POI de la unidad (con sus meses calculados por perfil), las filas
del libro de evaluación con lo programado ya puesto. `calcular` llena los porcentajes y el semáforo;
`hojas`, las columnas calculadas y la hoja «Resumen».
"""

from collections import defaultdict

from libro.nucleo.codecs import SOLES
from libro.nucleo.escritura import Bloque, Escritura, Limpiar
from libro.nucleo.lector import LibroLeido
from libro.nucleo.textos import MESES_LARGOS, fecha_texto
from libro.poi.calculo import aplicar_perfiles
from libro.poi.evaluacion.calculo import (
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
    PORCENTAJE,
    UMBRAL_AMBAR,
    UMBRAL_VERDE,
    DatosEvaluacion,
    FilaEvaluacion,
    Parametros,
)
from libro.poi.formato import Actividad
from libro.poi.hojas import _columna_por_filas

HOJA_RESUMEN = "Resumen"






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


# ------------------------------------------------------------------ cálculo del avance


def escritura_resumen(libro: LibroLeido, filas: list[FilaEvaluacion]) -> Escritura:
    """Hoja «Resumen»: unidad, plazo, conteo por semáforo y avance por AEI."""
    datos = libro.filas("Datos")
    d = datos[0] if datos else None
    trimestre = trimestre_de(libro)
    unidad = " — ".join(
        str(x) for x in (getattr(d, "codigo_unidad", None), getattr(d, "nombre_unidad", None)) if x
    )
    plazo = ""
    if d is not None and d.anio_fiscal and trimestre:
        plazo = fecha_texto(plazo_de_presentacion(d.anio_fiscal, trimestre))
    conteo = conteo_semaforos(f.semaforo for f in filas)
    umbrales = umbrales_de(libro)
    por_aei: dict[str, list[FilaEvaluacion]] = defaultdict(list)
    for f in filas:
        por_aei[f.aei or "(sin AEI)"].append(f)
    filas_aei = []
    for aei, grupo in por_aei.items():
        prog = sum(f.soles_trimestre or 0 for f in grupo)
        ejec = sum(f.ejecutado_soles_trimestre or 0 for f in grupo)
        filas_aei.append(
            [
                aei,
                len(grupo),
                promedio(f.avance_trimestral for f in grupo),
                promedio(f.avance_acumulado for f in grupo),
                round(prog, 2),
                round(ejec, 2),
                razon(ejec, prog),
            ]
        )
    meses = ", ".join(MESES_LARGOS[m] for m in meses_del_trimestre(trimestre)) if trimestre else ""
    cabecera = [
        ["Unidad orgánica:", unidad],
        ["Trimestre:", f"{trimestre or '—'} ({meses})" if meses else "—"],
        ["Plazo de presentación:", plazo or "—"],
        ["Semáforo:", f"verde desde {umbrales.verde:g} %, ámbar desde {umbrales.ambar:g} %, rojo debajo"],
    ]
    fila_aei = 9 + len(conteo)
    return Escritura().agregar(
        Limpiar(HOJA_RESUMEN, 1),
        Bloque(HOJA_RESUMEN, 1, 0, cabecera, estilos={0: "subtitulo"}),
        Bloque(
            HOJA_RESUMEN,
            6,
            0,
            [
                ["ACTIVIDADES POR SEMÁFORO"],
                ["Semáforo", "Actividades"],
                *[[k, v] for k, v in conteo.items()],
                ["Total", len(filas)],
            ],
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
                *filas_aei,
            ],
            formatos=(None, "0", PORCENTAJE, PORCENTAJE, SOLES, SOLES, PORCENTAJE),
            estilos={0: "subtitulo", 1: "encabezado"},
        ),
    )






def hojas(c: EvaluacionCalculada) -> dict[str, Escritura]:
    """Columnas calculadas de «Evaluación» y la hoja «Resumen»."""
    celdas = Escritura()
    lectura = c.libro.hojas.get("Evaluación")
    if lectura is not None:
        for campo in ("avance_trimestral", "avance_acumulado", "ejecucion_financiera", "semaforo"):
            celdas.agregar(*_columna_por_filas(lectura, c.filas, campo))
    return {"celdas": celdas, HOJA_RESUMEN: escritura_resumen(c.libro, c.filas)}


