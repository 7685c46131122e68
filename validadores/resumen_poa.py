"""Reglas del Resumen del POA (POA-NNN): secciones completas, aprobación del Concejo Municipal,
pronunciamiento del Comité de Vigilancia y cifras que cuadran con el POI consolidado."""

from collections.abc import Iterator

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.poi.resumen_poa.calculo import ResumenPoaCalculado
from libro.poi.resumen_poa.formato import HOJA_PRESENTACION

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "POA-001",
        A,
        "Sección de la presentación sin escribir",
        "«{seccion}» no tiene texto: el resumen imprime «Pendiente» en su lugar. {guia}",
    ),
    Definicion(
        "POA-002",
        A,
        "Sin aprobación del Concejo Municipal",
        "falta {falta}. El resumen del POA se presenta aprobado por el Concejo Municipal: escriba la fecha "
        "de la sesión y el acuerdo.",
    ),
    Definicion(
        "POA-003",
        A,
        "Sin pronunciamiento del Comité de Vigilancia",
        "falta el pronunciamiento del Comité de Vigilancia, que acompaña al resumen del POA. Elija "
        "«Favorable», «Favorable con observaciones» o «Desfavorable» y anote su fecha.",
    ),
    Definicion(
        "POA-004",
        E,
        "AEI que no está en el Anexo 01",
        "la acción «{valor}» no está en la hoja «AEI». Agréguela con su indicador y meta, o corrija el "
        "código.",
    ),
    Definicion(
        "POA-005",
        A,
        "Unidad sin recursos presupuestarios",
        "la unidad «{valor}» programa operaciones pero no está en la hoja «Presupuesto». Agregue su fila "
        "con bienes, servicios y marco presupuestal.",
    ),
    Definicion(
        "POA-006",
        A,
        "Programación que no cuadra con el presupuesto",
        "la unidad «{valor}» programa S/ {programado} en «Operaciones» y su presupuesto (bienes + servicios) "
        "es S/ {presupuesto}. Revise una de las dos hojas: deben coincidir.",
    ),
    Definicion(
        "POA-007",
        E,
        "Presupuesto mayor que el marco",
        "el presupuesto de la unidad «{unidad}» (S/ {presupuesto}) supera su marco presupuestal (S/ "
        "{valor}). "
        "Ajuste el cuadro de necesidades al techo asignado.",
    ),
    Definicion(
        "POA-008",
        E,
        "Año fiscal distinto del esperado",
        "el año fiscal es {valor} y OPP presenta el POA del año {esperado}.",
    ),
)
SECCIONES = {
    "entidad": "Entidad",
    "resumen_ejecutivo": "1. Resumen ejecutivo",
    "base_legal": "2. Base legal",
    "analisis_situacion": "3. Análisis de situación y entorno",
    "produccion": "4. Producción de bienes y servicios",
    "resultados": "9. Resultados institucionales",
}


def _n(valor: float) -> str:
    return f"{valor:,.2f}"


def presentacion(
    libro: LibroLeido, calculado: ResumenPoaCalculado, contexto: Contexto
) -> Iterator[Observacion]:
    """Secciones narrativas escritas y año fiscal esperado."""
    lectura = libro.hojas.get("Presentación")
    p = calculado.presentacion
    if lectura is None or p is None:
        return
    ayudas = {c.campo: c.codec.ayuda for c in HOJA_PRESENTACION.columnas}
    for campo, seccion in SECCIONES.items():
        if not getattr(p, campo, None) and campo in lectura.ubicaciones:
            yield CATALOGO.obs(
                "POA-001", lectura.hoja, *lectura.ubicaciones[campo], seccion=seccion, guia=ayudas[campo]
            )
    if p.anio_fiscal and contexto.anio_fiscal and p.anio_fiscal != contexto.anio_fiscal:
        yield CATALOGO.obs(
            "POA-008",
            lectura.hoja,
            *lectura.ubicaciones["anio_fiscal"],
            p.anio_fiscal,
            esperado=contexto.anio_fiscal,
        )


def aprobacion(
    libro: LibroLeido, calculado: ResumenPoaCalculado, contexto: Contexto
) -> Iterator[Observacion]:
    """Aprobado por el Concejo Municipal y con pronunciamiento del Comité de Vigilancia."""
    lectura = libro.hojas.get("Aprobación")
    a = calculado.aprobacion
    if lectura is None or a is None:
        return
    faltan = [
        t
        for campo, t in (
            ("fecha_sesion", "la fecha de la sesión de Concejo"),
            ("acuerdo", "el acuerdo de Concejo"),
        )
        if not getattr(a, campo)
    ]
    if faltan:
        campo = "fecha_sesion" if not a.fecha_sesion else "acuerdo"
        yield CATALOGO.obs(
            "POA-002", lectura.hoja, *lectura.ubicaciones.get(campo, (None, None)), falta=" y ".join(faltan)
        )
    if not a.pronunciamiento:
        yield CATALOGO.obs("POA-003", lectura.hoja, *lectura.ubicaciones.get("pronunciamiento", (None, None)))


def cifras(libro: LibroLeido, calculado: ResumenPoaCalculado, contexto: Contexto) -> Iterator[Observacion]:
    """Operaciones con AEI del Anexo 01 y con presupuesto, igual a lo programado y bajo el marco."""
    operaciones = libro.hojas.get("Operaciones")
    presupuesto = libro.hojas.get("Presupuesto")
    con_presupuesto = {f.codigo_unidad for f in libro.filas("Presupuesto") if f.codigo_unidad}
    if operaciones is not None:
        aei = {f.codigo for f in libro.filas("AEI") if f.codigo}
        sin_presupuesto: set[str] = set()
        for f in operaciones.filas:
            if f.aei and f.aei not in aei:
                yield CATALOGO.obs("POA-004", operaciones.hoja, f.fila, operaciones.columna("aei"), f.aei)
            if (
                presupuesto is not None
                and f.codigo_unidad
                and f.codigo_unidad not in con_presupuesto | sin_presupuesto
            ):
                sin_presupuesto.add(f.codigo_unidad)
                yield CATALOGO.obs(
                    "POA-005", operaciones.hoja, f.fila, operaciones.columna("codigo_unidad"), f.codigo_unidad
                )
    if presupuesto is None:
        return
    for f in presupuesto.filas:
        u = calculado.por_unidad.get(f.codigo_unidad or "")
        if u is None:
            continue
        if u.actividades and abs(u.programado - u.presupuesto) > 0.005:
            yield CATALOGO.obs(
                "POA-006",
                presupuesto.hoja,
                f.fila,
                presupuesto.columna("bienes"),
                u.codigo,
                programado=_n(u.programado),
                presupuesto=_n(u.presupuesto),
            )
        if u.marco is not None and u.presupuesto > u.marco + 0.005:
            yield CATALOGO.obs(
                "POA-007",
                presupuesto.hoja,
                f.fila,
                presupuesto.columna("marco"),
                _n(u.marco),
                unidad=u.codigo,
                presupuesto=_n(u.presupuesto),
            )


REGLAS = (presentacion, aprobacion, cifras)
