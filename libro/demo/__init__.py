"""`libro demo`: cada flujo de libro sobre libros de ejemplo, todo en una carpeta.

- POI: plantillas, POI recibidos de varias unidades (una con errores típicos), su cálculo y su
  validación por lotes, evaluaciones del primer trimestre y la consolidación institucional de OPP.
- Anexo 02 (cronograma de formulación y evaluación del POI) con su calendario, la validación de las
  evaluaciones con sus plazos y el Resumen del POA desde el consolidado.
- Presupuesto Participativo: el cronograma de Huayopata importado con su Gantt, un proceso completo
  desde los agentes participantes (con subsanaciones) hasta el acta, y la rendición de cuentas.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from libro.consolidar import consolidar
from libro.demo.cronograma import demo_cronograma
from libro.demo.directivas import demo_anexo02, demo_rendicion, demo_resumen_poa
from libro.demo.poi import objetivos, unidad, unidad_con_errores
from libro.demo.pp import demo_pp
from libro.lote import validar_lote
from libro.nucleo.atomico import escribir_bytes
from libro.nucleo.contexto import Contexto
from libro.nucleo.resultado import Resultado
from libro.poi.evaluacion.formato import EVALUACION_POI
from libro.poi.evaluacion.hojas import datos_desde_poi
from libro.poi.formato import POI
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.procesos import calcular_archivo, leer_archivo
from libro.registro import FORMATOS
from libro.salida.informe import informe_json, informe_xlsx
from libro.salida.plantilla import escribir_plantilla
from libro.trabajos import plazos_de_cronograma_poi

ANIO = 2027
UNIDADES = (
    ("GPP-01", "Gerencia de Planeamiento y Presupuesto", 1),
    ("GDU-03", "Gerencia de Desarrollo Urbano", 3),
    ("GDE-04", "Gerencia de Desarrollo Económico", 4),
)
AVANCES = (1.0, 0.95, 0.75, 0.4, 1.1)
"""Fracción ejecutada de lo programado, por actividad (verde, verde, ámbar, rojo, verde)."""


@dataclass
class Demo:
    carpeta: Path
    archivos: dict[str, Path] = field(default_factory=dict)
    validacion: list[Resultado] = field(default_factory=list)


def _evaluacion(poi: Path, destino: Path, presentada: date, olvida_una_medida: bool) -> Path:
    """Evaluación del primer trimestre como la llenaría la unidad: ejecutado, factores y medidas.

    Con `olvida_una_medida`, una actividad en rojo queda sin medida correctiva (error típico).
    """
    libro, _ = leer_archivo(poi, POI)
    datos = datos_desde_poi(libro, 1)
    datos["Datos"] = [datos["Datos"][0].model_copy(update={"fecha_presentacion": presentada})]
    filas = []
    for i, fila in enumerate(datos["Evaluación"]):
        fraccion = AVANCES[i % len(AVANCES)]
        fisico = round((fila.programado_trimestre or 0) * fraccion)
        soles = round((fila.soles_trimestre or 0) * min(fraccion, 1.0), 2)
        cambios = {
            "ejecutado_trimestre": fisico,
            "ejecutado_acumulado": fisico,
            "ejecutado_soles_trimestre": soles,
            "ejecutado_soles_acumulado": soles,
            "factores_favorables": "Personal capacitado y presupuesto oportuno" if fraccion >= 0.9 else None,
        }
        if fraccion < 0.9:
            cambios["factores_desfavorables"] = "Demora en el proceso de contratación"
            if not (olvida_una_medida and fraccion < 0.6):
                cambios["medidas_correctivas"] = "Reprogramar en el segundo trimestre con orden de servicio"
        filas.append(fila.model_copy(update=cambios))
    datos["Evaluación"] = filas
    return escribir_plantilla(EVALUACION_POI, destino, datos)


def _poi(demo: Demo) -> None:
    carpeta = demo.carpeta / "poi"
    for formato in FORMATOS.values():
        destino = escribir_plantilla(formato, demo.carpeta / "plantillas" / f"{formato.id}.xlsx")
        demo.archivos[f"plantilla {formato.id}"] = destino
    oei, aei = objetivos()
    demo.archivos["Anexo 01 (Huamanga)"] = escribir_plantilla(
        OBJETIVOS_PEI, carpeta / "anexo01_huamanga.xlsx", {"OEI": oei, "AEI": aei}
    )
    recibidos = carpeta / "recibidos"
    for codigo, nombre, semilla in UNIDADES:
        datos = unidad(codigo, nombre, ANIO, actividades=12, semilla=semilla)
        escribir_plantilla(POI, recibidos / f"poi_{codigo}.xlsx", datos)
    escribir_plantilla(POI, recibidos / "poi_SGLSC-02.xlsx", unidad_con_errores())
    demo.archivos["POI recibidos (uno con errores)"] = recibidos
    contexto = Contexto(anio_fiscal=ANIO)
    calculados = carpeta / "calculados"
    for ruta in sorted(recibidos.glob("*.xlsx")):
        calcular_archivo(ruta, calculados / ruta.name, contexto)
    demo.archivos["POI calculados (Resumen, Observaciones)"] = calculados
    demo.validacion = list(validar_lote(sorted(calculados.glob("*.xlsx")), contexto))
    escribir_bytes(carpeta / "validacion.json", informe_json(demo.validacion))
    informe_xlsx(demo.validacion, carpeta / "validacion.xlsx")
    demo.archivos["informe de validación (JSON)"] = carpeta / "validacion.json"
    demo.archivos["informe de validación (Excel)"] = carpeta / "validacion.xlsx"
    # GPP-01 presenta a tiempo; GDU-03 tarde y con un error; GDE-04 no presenta.
    entregas = (("GPP-01", date(ANIO, 4, 8), False), ("GDU-03", date(ANIO, 4, 14), True))
    for codigo, presentada, olvida in entregas:
        destino = carpeta / "evaluaciones" / f"eval_T1_{codigo}.xlsx"
        evaluacion = _evaluacion(calculados / f"poi_{codigo}.xlsx", destino, presentada, olvida)
        calcular_archivo(evaluacion, calculados / evaluacion.name, contexto)
    demo.archivos["evaluaciones del 1er trimestre"] = calculados
    consolidado = carpeta / f"consolidado_{ANIO}_T1.xlsx"
    consolidacion = consolidar(calculados, consolidado, trimestre=1, anio=ANIO, hoy=date(ANIO, 4, 20))
    demo.archivos["consolidado institucional (OPP)"] = consolidado
    anexo02, calendario = demo_anexo02(carpeta, ANIO)
    demo.archivos["Anexo 02: cronograma del POI"] = anexo02
    demo.archivos["Anexo 02 (.ics)"] = calendario
    con_anexo = Contexto(anio_fiscal=ANIO, plazos_evaluacion=plazos_de_cronograma_poi(anexo02))
    evaluadas = sorted(calculados.glob("eval_*.xlsx"))
    informe_xlsx(list(validar_lote(evaluadas, con_anexo)), carpeta / "validacion_evaluaciones_anexo02.xlsx")
    demo.archivos["evaluaciones validadas con el Anexo 02"] = carpeta / "validacion_evaluaciones_anexo02.xlsx"
    borrador, aprobado = demo_resumen_poa(consolidacion, carpeta / "anexo01_huamanga.xlsx", carpeta)
    demo.archivos["Resumen del POA (del consolidado)"] = borrador
    demo.archivos["Resumen del POA (completo y aprobado)"] = aprobado


def ejecutar_demo(carpeta: Path) -> Demo:
    demo = Demo(carpeta)
    _poi(demo)
    cronograma = demo_cronograma(carpeta / "pp" / "cronograma")
    demo.archivos["cronograma PP importado con Gantt"] = cronograma[1]
    demo.archivos["cronograma PP (.ics)"] = cronograma[-1]
    pp = demo_pp(carpeta / "pp" / "proceso")
    demo.archivos["PP: agentes, comité, proyectos y acta"] = pp[0].parent.parent / "calculados"
    demo.archivos["PP: exportación Pabulib"] = next(p for p in pp if p.suffix == ".pb")
    generada, taller = demo_rendicion(carpeta / "pp" / "proceso" / "proyectos_pp_2026.xlsx",
                                      carpeta / "pp" / "rendicion")
    demo.archivos["PP: rendición de cuentas (generada)"] = generada
    demo.archivos["PP: rendición de cuentas (para el taller)"] = taller
    return demo
