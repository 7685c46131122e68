"""`libro demo`: plantillas, libros de ejemplo, validación y cálculo, todo en una carpeta."""

from dataclasses import dataclass, field
from pathlib import Path

from libro.ejemplos import objetivos, unidad, unidad_con_errores
from libro.formatos import FORMATOS, OBJETIVOS_PEI, POI
from libro.informe import escribir_atomico, informe_json, informe_xlsx
from libro.lote import validar_lote
from libro.plantilla import escribir_plantilla
from libro.procesos import Resultado, calcular_archivo
from validadores.contexto import Contexto


@dataclass
class Demo:
    carpeta: Path
    archivos: dict[str, Path] = field(default_factory=dict)
    validacion: list[Resultado] = field(default_factory=list)
    calculos: list[Resultado] = field(default_factory=list)


def ejecutar_demo(carpeta: Path) -> Demo:
    demo = Demo(carpeta)
    plantillas = carpeta / "plantillas"
    for formato in FORMATOS.values():
        demo.archivos[f"plantilla {formato.id}"] = escribir_plantilla(formato, plantillas / f"{formato.id}.xlsx")
    recibidos = carpeta / "recibidos"
    oei, aei = objetivos()
    demo.archivos["Anexo 01 (Huamanga)"] = escribir_plantilla(
        OBJETIVOS_PEI, recibidos / "anexo01_huamanga.xlsx", {"OEI": oei, "AEI": aei})
    demo.archivos["POI limpio"] = escribir_plantilla(POI, recibidos / "poi_GPP-01.xlsx", unidad())
    demo.archivos["POI con errores"] = escribir_plantilla(POI, recibidos / "poi_SGLSC-02.xlsx",
                                                          unidad_con_errores())
    contexto = Contexto(anio_fiscal=2027)
    calculados = carpeta / "calculados"
    for nombre in ("poi_GPP-01.xlsx", "poi_SGLSC-02.xlsx"):
        demo.calculos.append(calcular_archivo(recibidos / nombre, calculados / nombre, contexto))
        demo.archivos[f"calculado {nombre}"] = calculados / nombre
    demo.validacion = list(validar_lote(sorted(calculados.glob("*.xlsx")), contexto))
    escribir_atomico(carpeta / "validacion.json", informe_json(demo.validacion))
    informe_xlsx(demo.validacion, carpeta / "validacion.xlsx")
    demo.archivos["informe JSON"] = carpeta / "validacion.json"
    demo.archivos["informe Excel"] = carpeta / "validacion.xlsx"
    return demo
