"""Lo que faltaba de las directivas, sobre los libros de la demo: Anexo 02 del POI con su calendario,
Resumen del POA desde el consolidado de OPP y rendición de cuentas del PP del año anterior.

Los textos y cifras de ejecución son ficticios.
"""

from datetime import date
from pathlib import Path

from libro.poi.anexo02.formato import CRONOGRAMA_POI
from libro.poi.anexo02.ics import escribir_ics
from libro.poi.consolidacion.calculo import Consolidacion
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.poi.resumen_poa.desde_consolidacion import resumen_poa
from libro.poi.resumen_poa.formato import RESUMEN_POA, Aprobacion, Presentacion
from libro.pp.rendicion.formato import RENDICION_PP, Compromiso, DatosRendicion
from libro.procesos import leer_archivo
from libro.trabajos import escribir_resumen_poa, generar_rendicion, plantilla_calculada, plantilla_del_anio

ENTIDAD_POI = "Municipalidad Provincial de Huamanga"
ENTIDAD_PP = "Municipalidad Distrital de San Juan de Lurigancho"


def demo_anexo02(carpeta: Path, anio: int) -> tuple[Path, Path]:
    """`libro plantilla cronograma-poi --anio` y su calendario .ics."""
    anexo = plantilla_del_anio(CRONOGRAMA_POI, anio, carpeta / f"anexo02_cronograma_poi_{anio}.xlsx")
    libro, _ = leer_archivo(Path(anexo.archivo))
    calendario = carpeta / f"anexo02_cronograma_poi_{anio}.ics"
    escribir_ics(libro, calendario)
    return Path(anexo.archivo), calendario


PRESENTACION = dict(
    entidad=ENTIDAD_POI,
    resumen_ejecutivo=(
        "El POA articula las actividades de las unidades orgánicas con los objetivos estratégicos del plan "
        "institucional: atención adecuada a los usuarios, servicios que respondan a la población, "
        "modernización de la gestión y gestión del riesgo de desastres. Se financia con el marco "
        "presupuestal asignado por la Oficina de Planeamiento y Presupuesto y se evalúa cada trimestre."
    ),
    base_legal=(
        "Ley N° 27972, Ley Orgánica de Municipalidades; Ley N° 28411, Ley General del Sistema Nacional de "
        "Presupuesto; Decreto Legislativo N° 1088; Directiva N° 003-2016-MPH/17 para la formulación, "
        "monitoreo y evaluación del Plan Operativo Institucional."
    ),
    analisis_situacion=(
        "La demanda de servicios crece más rápido que los recursos propios; la recaudación depende de "
        "transferencias. Hay capacidades para la modernización (intranet, trámites en línea) y "
        "limitaciones en "
        "infraestructura vial y gestión ambiental."
    ),
    produccion=(
        "Atención al ciudadano, licencias y autorizaciones, mantenimiento vial, limpieza pública, "
        "promoción del emprendimiento y prevención de desastres, según las competencias municipales."
    ),
    resultados=(
        "Se estima cumplir el 85 % de las metas físicas del año en curso y se propone elevar la satisfacción "
        "de los usuarios al 60 % y digitalizar el 20 % de los trámites."
    ),
)


def demo_resumen_poa(consolidacion: Consolidacion, anexo01: Path, carpeta: Path) -> tuple[Path, Path]:
    """El resumen tal como lo deja `libro consolidar --resumen-poa` y el mismo, completado y aprobado."""
    borrador = carpeta / f"resumen_poa_{consolidacion.anio}.xlsx"
    escribir_resumen_poa(consolidacion, borrador, anexo01)
    objetivos, _ = leer_archivo(anexo01, OBJETIVOS_PEI)
    datos = resumen_poa(consolidacion, objetivos)
    datos["Presentación"] = [Presentacion(anio_fiscal=consolidacion.anio, **PRESENTACION)]
    datos["Aprobación"] = [
        Aprobacion(
            fecha_sesion=date(consolidacion.anio - 1, 12, 18),
            acuerdo=f"Acuerdo de Concejo N° 112-{consolidacion.anio - 1}-MPH",
            resolucion=f"Resolución de Alcaldía N° 845-{consolidacion.anio - 1}-MPH/A",
            pronunciamiento="Favorable con observaciones",
            fecha_pronunciamiento=date(consolidacion.anio - 1, 12, 15),
            presidente_comite="Julia Ccahuana Pérez",
            texto_pronunciamiento="Recomienda priorizar el mantenimiento vial en los distritos rurales.",
        )
    ]
    aprobado = carpeta / f"resumen_poa_{consolidacion.anio}_aprobado.xlsx"
    plantilla_calculada(RESUMEN_POA, datos, aprobado)
    return borrador, aprobado


EJECUCION = {
    # código: (ejecutado, avance físico, estado, motivo, reemplazo, modificación)
    "PP-01": (850_000.0, 100.0, "Ejecutado", None, None, None),
    "PP-03": (180_000.0, 60.0, "En ejecución", None, None, None),
    "PP-02": (
        0.0,
        0.0,
        "Reemplazado",
        "El terreno no tiene saneamiento físico legal",
        "PP-06 – Escaleras y muros de contención en el A.H. Mariscal Cáceres",
        None,
    ),
    "PP-04": (0.0, 0.0, "No iniciado", "Expediente técnico en elaboración", None, None),
    "PP-08": (158_500.0, 100.0, "Ejecutado", None, None, "Resolución de Gerencia Municipal N° 231-2026-GM"),
}
COMPROMISOS = (
    (
        "Municipalidad",
        "Gerencia de Obras",
        "Publicar el avance de las obras cada trimestre en el portal",
        "Cumplido",
        "Portal de transparencia, sección Presupuesto Participativo",
    ),
    (
        "Sociedad civil",
        "Junta Vecinal Mariscal Cáceres",
        "Aportar mano de obra no calificada en las escaleras",
        "En proceso",
        "Acta de compromiso vecinal",
    ),
    (
        "Sociedad civil",
        "Comité de Vigilancia",
        "Informar a las organizaciones sobre los avances",
        "No cumplido",
        None,
    ),
    (
        "Otra entidad del Estado",
        "Red de Salud",
        "Dar mantenimiento a los equipos del comedor popular",
        "Cumplido",
        "Oficio de conformidad",
    ),
)


def demo_rendicion(proyectos: Path, carpeta: Path) -> tuple[Path, Path]:
    """`libro rendicion generar` sobre el libro de proyectos, y el mismo libro llenado para el taller."""
    generado = carpeta / "rendicion_pp_2026.xlsx"
    generar_rendicion(proyectos, generado)
    libro, _ = leer_archivo(generado)
    filas = []
    for f in libro.filas("Ejecución"):
        ejecutado, avance, estado, motivo, reemplazo, modificacion = EJECUCION[f.codigo]
        filas.append(
            f.model_copy(
                update=dict(
                    ejecutado=ejecutado,
                    avance_fisico=avance,
                    estado=estado,
                    motivo=motivo,
                    reemplazo=reemplazo,
                    modificacion=modificacion,
                )
            )
        )
    datos = {
        "Proceso": [
            DatosRendicion(
                entidad=ENTIDAD_PP,
                anio_fiscal=2026,
                fecha_corte=date(2026, 12, 31),
                fecha_taller=date(2027, 3, 29),
                lugar="Auditorio municipal",
                titular="Alcalde del distrito",
            )
        ],
        "Ejecución": filas,
        "Compromisos": [
            Compromiso(asumido_por=a, responsable=r, compromiso=c, cumplimiento=x, evidencia=e)
            for a, r, c, x, e in COMPROMISOS
        ],
    }
    taller = carpeta / "rendicion_pp_2026_taller.xlsx"
    plantilla_calculada(RENDICION_PP, datos, taller)
    return generado, taller
