"""Los formatos que libro conoce: una línea por formato, con su entrada (de su dominio) y sus reglas.

Agregar un formato: su carpeta de dominio con la `Entrada`, una línea aquí y `macros_py/<formato>.py`.
"""

from dataclasses import replace

from libro.cronograma.entradas import ENTRADA_CRONOGRAMA_PP, ENTRADA_PLAN_TRABAJO
from libro.nucleo.declaracion import Formato
from libro.nucleo.flujo import Entrada, Importador
from libro.poi.entradas import (
    ENTRADA_CRONOGRAMA_POI,
    ENTRADA_EVALUACION_POI,
    ENTRADA_OBJETIVOS_PEI,
    ENTRADA_POI,
    ENTRADA_RESUMEN_POA,
)
from libro.pp.entradas import ENTRADA_AGENTES_PP, ENTRADA_PROYECTOS_PP, ENTRADA_RENDICION_PP
from validadores import (
    cronograma,
    cronograma_poi,
    evaluacion,
    modificaciones,
    objetivos,
    poi,
    pp,
    rendicion,
    resumen_poa,
)

REGISTRO: dict[str, Entrada] = {
    e.formato.id: e
    for e in (
        replace(ENTRADA_OBJETIVOS_PEI, reglas=objetivos.REGLAS),
        replace(ENTRADA_POI, reglas=objetivos.REGLAS + poi.REGLAS + modificaciones.REGLAS),
        replace(ENTRADA_EVALUACION_POI, reglas=evaluacion.REGLAS),
        replace(ENTRADA_CRONOGRAMA_POI, reglas=cronograma_poi.REGLAS),
        replace(ENTRADA_RESUMEN_POA, reglas=objetivos.REGLAS + resumen_poa.REGLAS),
        replace(ENTRADA_AGENTES_PP, reglas=pp.REGLAS_AGENTES),
        replace(ENTRADA_PROYECTOS_PP, reglas=pp.REGLAS_PROYECTOS),
        replace(ENTRADA_RENDICION_PP, reglas=rendicion.REGLAS),
        replace(ENTRADA_CRONOGRAMA_PP, reglas=cronograma.REGLAS),
        replace(ENTRADA_PLAN_TRABAJO, reglas=cronograma.REGLAS_PLAN),
    )
}
FORMATOS: dict[str, Formato] = {id_formato: e.formato for id_formato, e in REGISTRO.items()}


def entrada(id_formato: str) -> Entrada:
    """La entrada por id («poi») o etiqueta («poi@1»)."""
    return REGISTRO[id_formato.split("@")[0]]


def formato(id_formato: str) -> Formato:
    return entrada(id_formato).formato


def importadores() -> list[Importador]:
    """Los lectores de libros ajenos, cada uno una vez, en el orden del registro."""
    vistos: list[Importador] = []
    for e in REGISTRO.values():
        if e.importar is not None and e.importar not in vistos:
            vistos.append(e.importar)
    return vistos


def identificar(etiqueta: str | None, hojas: list[str]) -> tuple[Formato | None, str]:
    """El formato del libro y cómo se supo; por etiqueta o, si falta, por sus hojas."""
    if etiqueta:
        id_formato, _, version = etiqueta.partition("@")
        conocido = FORMATOS.get(id_formato)
        if conocido is None:
            return None, f"el libro dice ser «{etiqueta}», un formato que libro no conoce"
        if version and version != str(conocido.version):
            return None, (
                f"el libro es de la versión {version} del formato «{id_formato}» y libro usa "
                f"la versión {conocido.version}: pida la plantilla vigente"
            )
        return conocido, "etiqueta"
    candidatos = []
    for f in FORMATOS.values():
        propias = f.hojas_que_identifican
        candidatos.append((len(f.buscar_hoja(hojas, propias)) / len(propias), len(propias), f))
    cobertura, _, mejor = max(candidatos, key=lambda c: (c[0], c[1]))
    if cobertura < 0.6:
        return None, "no tiene las hojas de ningún formato conocido"
    return mejor, "hojas"
