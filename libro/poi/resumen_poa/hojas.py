"""La hoja «Resumen del POA»: las diez secciones, una por bloque, la aprobación del Concejo y el
pronunciamiento del Comité de Vigilancia, lista para imprimir en A4 (`libro.nucleo.documento`)."""

from typing import Any

from libro.nucleo.celdas import celda
from libro.nucleo.codecs import ENTERO, MILES, NUMERO, SOLES
from libro.nucleo.documento import Documento
from libro.nucleo.escritura import Escritura
from libro.nucleo.textos import MESES, fecha_texto
from libro.poi.perfiles import suma
from libro.poi.resumen_poa.calculo import ResumenPoaCalculado
from libro.poi.resumen_poa.formato import HOJA_RESUMEN_POA

COLUMNAS = 16
TOTAL = COLUMNAS - 1
"""Columna P: los montos en soles de cada tabla."""
ANCHO_LINEA = 190
ANCHOS_TEXTO = {1: 42, 2: 23}
"""Caracteres por línea en las columnas B y C."""
SECCIONES = (
    "RESUMEN EJECUTIVO",
    "BASE LEGAL DE CREACIÓN Y MODIFICACIONES VIGENTES",
    "RESUMEN DEL ANÁLISIS DE SITUACIÓN Y ENTORNO",
    "PRODUCCIÓN QUE GENERA LA MUNICIPALIDAD (BIENES Y SERVICIOS)",
    "OBJETIVOS DE DESARROLLO E INSTITUCIONALES DE MEDIANO PLAZO Y SUS INDICADORES",
    "PLANIFICACIÓN DE CORTO PLAZO: METAS POR ACCIÓN ESTRATÉGICA Y SUS INDICADORES",
    "RECURSOS PRESUPUESTARIOS REQUERIDOS",
    "PROGRAMACIÓN DE OPERACIONES POR UNIDAD ORGÁNICA Y MES (S/)",
    "RESULTADOS INSTITUCIONALES ESTIMADOS Y PROPUESTOS",
    "UNIDADES EJECUTORAS DE CADA PROGRAMA (OBJETIVO ESTRATÉGICO INSTITUCIONAL)",
)
NARRATIVAS = {
    1: "resumen_ejecutivo",
    2: "base_legal",
    3: "analisis_situacion",
    4: "produccion",
    9: "resultados",
}
"""Sección → campo de «Presentación» que la escribe."""


def _en_total(fila: list[Any], monto: Any) -> list[Any]:
    """La fila completada hasta la columna P, con el monto allí."""
    return [*fila, *([None] * (TOTAL - len(fila))), monto]


def _pendiente(c: ResumenPoaCalculado, hoja: str, campo: str, que: str) -> str:
    lectura = c.libro.hojas.get(hoja)
    lugar = lectura.ubicaciones.get(campo) if lectura else None
    donde = f"«{hoja}», celda {celda(*lugar)}" if lugar else f"la hoja «{hoja}»"
    return f"Pendiente: {que} en {donde}."


def _narrativa(d: Documento, c: ResumenPoaCalculado, numero: int) -> None:
    campo = NARRATIVAS[numero]
    texto = getattr(c.presentacion, campo, None) if c.presentacion else None
    d.parrafo(texto or _pendiente(c, "Presentación", campo, "escriba esta sección"))


def _objetivos(d: Documento, c: ResumenPoaCalculado) -> None:
    filas = [[o.codigo, o.objetivo, o.indicador, o.meta] for o in c.oei]
    d.tabla(["Código", "Objetivo estratégico institucional", "Indicador", "Meta"], filas, ())


def _metas(d: Documento, c: ResumenPoaCalculado) -> None:
    filas = []
    for codigo, x in c.por_aei.items():
        indicador = x.aei.indicador or ""
        if x.aei.unidad_medida:
            indicador += f" ({x.aei.unidad_medida})"
        filas.append(
            _en_total(
                [
                    codigo,
                    x.aei.accion,
                    indicador,
                    x.aei.meta,
                    x.meta_programada,
                    len(x.unidades),
                    x.actividades,
                ],
                x.soles,
            )
        )
    encabezado = _en_total(
        [
            "Código AEI",
            "Acción estratégica institucional",
            "Indicador (unidad)",
            "Meta anual",
            "Programado",
            "Unidades",
            "Actividades",
        ],
        "Valorización S/",
    )
    total = _en_total(
        ["Total", "", "", None, None, None, sum(x.actividades for x in c.por_aei.values())],
        suma(x.soles for x in c.por_aei.values()),
    )
    d.tabla(encabezado, filas, _en_total([None, None, None, NUMERO, NUMERO, ENTERO, ENTERO], SOLES), total)


def _recursos(d: Documento, c: ResumenPoaCalculado) -> None:
    cuadro = c.cuadro
    d.tabla(
        _en_total(["Código", "Detalle de insumos o servicios"], "Costo S/"),
        [_en_total(["2.3.1", "Bienes"], cuadro.bienes), _en_total(["2.3.2", "Servicios"], cuadro.servicios)],
        _en_total([], SOLES),
        _en_total(["", "Total"], cuadro.total),
    )
    unidades = list(c.por_unidad.values())
    filas = [
        _en_total([u.codigo, u.nombre, "", u.bienes, u.servicios, u.marco], u.presupuesto) for u in unidades
    ]
    marcos = [u.marco for u in unidades if u.marco is not None]
    total = _en_total(
        [
            "Total",
            f"{len(unidades)} unidades orgánicas",
            "",
            cuadro.bienes,
            cuadro.servicios,
            suma(marcos) if marcos else None,
        ],
        cuadro.total,
    )
    d.tabla(
        _en_total(["Código", "Unidad orgánica", "", "Bienes S/", "Servicios S/", "Marco S/"], "Total S/"),
        filas,
        _en_total([None, None, None, MILES, MILES, MILES], SOLES),
        total,
    )


def _programacion(d: Documento, c: ResumenPoaCalculado) -> None:
    unidades = list(c.por_unidad.values())
    filas = [[u.codigo, u.nombre, u.actividades, *u.montos, u.programado] for u in unidades]
    meses = [suma(u.montos[m] for u in unidades) for m in range(12)]
    total = ["Total", "", sum(u.actividades for u in unidades), *meses, suma(meses)]
    d.tabla(
        ["Código", "Unidad orgánica", "Actividades", *MESES, "Total S/"],
        filas,
        (None, None, ENTERO, *([MILES] * 12), SOLES),
        total,
    )


def _ejecutoras(d: Documento, c: ResumenPoaCalculado) -> None:
    nombres = {o.codigo: o.objetivo for o in c.oei}
    filas: list[list[Any]] = []
    for oei, ejecutoras in c.ejecutoras.items():
        filas.append([oei, nombres.get(oei) or ""])
        filas.extend(
            _en_total([e.unidad.codigo, e.unidad.nombre, ", ".join(e.aeis), e.actividades], e.soles)
            for e in ejecutoras
        )
    d.tabla(
        _en_total(
            ["Código", "Programa (OEI) y unidad ejecutora", "Acciones estratégicas", "Actividades"],
            "Valorización S/",
        ),
        filas,
        _en_total([None, None, None, ENTERO], SOLES),
    )


def _aprobacion(d: Documento, c: ResumenPoaCalculado) -> None:
    a = c.aprobacion
    d.titulo("APROBACIÓN DEL CONCEJO MUNICIPAL")
    if a and a.fecha_sesion and a.acuerdo:
        texto = f"Aprobado por el Concejo Municipal en sesión del {fecha_texto(a.fecha_sesion)}, {a.acuerdo}"
        d.parrafo(texto + (f"; promulgado mediante {a.resolucion}." if a.resolucion else "."))
    else:
        d.parrafo(_pendiente(c, "Aprobación", "fecha_sesion", "fecha de la sesión y acuerdo de Concejo"))
    d.firmas((1, "", "Alcalde(sa)"), (2, "", "Jefe(a) de la Oficina de Planeamiento y Presupuesto"))
    d.titulo("PRONUNCIAMIENTO DEL COMITÉ DE VIGILANCIA")
    if a and a.pronunciamiento:
        texto = f"Pronunciamiento {a.pronunciamiento.lower()}"
        texto += f" del {fecha_texto(a.fecha_pronunciamiento)}" if a.fecha_pronunciamiento else ""
        d.parrafo(texto + (f": {a.texto_pronunciamiento}" if a.texto_pronunciamiento else "."))
    else:
        d.parrafo(_pendiente(c, "Aprobación", "pronunciamiento", "pronunciamiento del Comité"))
    d.firmas((1, (a.presidente_comite if a else None) or "", "Presidente(a) del Comité de Vigilancia"))


def escritura_resumen(c: ResumenPoaCalculado) -> Escritura:
    """La hoja para imprimir: cabecera, las diez secciones en su orden, aprobación y pronunciamiento."""
    d = Documento(HOJA_RESUMEN_POA, ANCHO_LINEA, ANCHOS_TEXTO)
    p = c.presentacion
    partes = [p.entidad, f"año fiscal {p.anio_fiscal}" if p.anio_fiscal else None] if p else []
    cabecera = " — ".join(x for x in partes if x)
    d.bloque(
        [[cabecera or _pendiente(c, "Presentación", "entidad", "entidad y año fiscal")]],
        estilos={0: "subtitulo"},
    )
    tablas = {5: _objetivos, 6: _metas, 7: _recursos, 8: _programacion, 10: _ejecutoras}
    for numero, titulo in enumerate(SECCIONES, start=1):
        d.titulo(f"{numero}. {titulo}")
        if numero in NARRATIVAS:
            _narrativa(d, c, numero)
        else:
            tablas[numero](d, c)
    _aprobacion(d, c)
    return d.escritura


def hojas(c: ResumenPoaCalculado) -> dict[str, Escritura]:
    return {HOJA_RESUMEN_POA: escritura_resumen(c)}


def adorno_resumen(libro: Any, ws: Any) -> None:
    """Plantilla: A4 horizontal al ancho de la página, columnas A:P, centrado y márgenes de documento."""
    ws.print_area(0, 0, 1048575, COLUMNAS - 1)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
