"""Lo que la evaluación trimestral genera: el libro desde un POI y el cálculo del avance.

`generar_evaluacion` lee el POI de la unidad (con sus meses calculados por perfil) y escribe un
libro nuevo de evaluación con lo programado ya puesto. `calculo_evaluacion` llena los porcentajes,
el semáforo y la hoja «Resumen».
"""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from libro.escritura import Bloque, Escritura, Limpiar
from libro.evaluacion import (
    SIN_PROGRAMACION,
    Umbrales,
    con_resultados,
    conteo_semaforos,
    meses_del_trimestre,
    plazo_de_presentacion,
    programado_acumulado,
    programado_trimestre,
    promedio,
    razon,
)
from libro.formatos.evaluacion_poi import (
    EVALUACION_POI,
    PORCENTAJE,
    UMBRAL_AMBAR,
    UMBRAL_VERDE,
    DatosEvaluacion,
    FilaEvaluacion,
    Parametros,
)
from libro.formatos.poi import POI, Actividad
from libro.lector import LibroLeido
from libro.observacion import Observacion
from libro.poi_salidas import _columna_por_filas, aplicar_perfiles
from libro.textos import MESES_LARGOS, fecha_texto

HOJA_RESUMEN = "Resumen"
SOLES = '"S/ "#,##0.00'


def umbrales_de(libro: LibroLeido) -> Umbrales:
    parametros = libro.filas("Parámetros")
    if not parametros:
        return Umbrales()
    p = parametros[0]
    return Umbrales.desde(p.umbral_verde, p.umbral_ambar)


def trimestre_de(libro: LibroLeido) -> int | None:
    datos = libro.filas("Datos")
    return datos[0].trimestre if datos and datos[0].trimestre in (1, 2, 3, 4) else None


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


@dataclass
class Generacion:
    salida: Path | None
    actividades: int = 0
    observaciones_poi: list[Observacion] = field(default_factory=list)
    detalle: str = ""


def generar_evaluacion(poi: Path, trimestre: int, salida: Path) -> Generacion:
    """Escribe el libro de evaluación del trimestre desde el POI; el POI no se modifica."""
    from libro.plantilla import escribir_plantilla
    from libro.procesos import leer_archivo
    from validadores import validar

    meses_del_trimestre(trimestre)
    libro, resultado = leer_archivo(poi, POI)
    if libro is None:
        return Generacion(None, detalle=resultado.detalle)
    if "Actividades" not in libro.hojas:
        return Generacion(None, detalle=f"«{poi.name}» no tiene la hoja «Actividades» de un POI")
    datos = datos_desde_poi(libro, trimestre)
    escribir_plantilla(EVALUACION_POI, salida, datos=datos)
    return Generacion(salida, len(datos["Evaluación"]), validar(libro))


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


def calculo_evaluacion(libro: LibroLeido) -> tuple[LibroLeido, Escritura]:
    """Porcentajes de avance, semáforo y «Resumen»."""
    filas = con_resultados(libro.filas("Evaluación"), trimestre_de(libro), umbrales_de(libro))
    calculado = libro.con_filas("Evaluación", filas)
    escritura = Escritura()
    lectura = calculado.hojas.get("Evaluación")
    if lectura is not None:
        for campo in ("avance_trimestral", "avance_acumulado", "ejecucion_financiera", "semaforo"):
            escritura.agregar(*_columna_por_filas(lectura, filas, campo))
    escritura.agregar(*escritura_resumen(calculado, filas).operaciones)
    return calculado, escritura


__all__ = ["SIN_PROGRAMACION", "calculo_evaluacion", "datos_desde_poi", "generar_evaluacion"]
