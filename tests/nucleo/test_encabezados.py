"""Reconocimiento de encabezados escritos a mano: variantes, grupos mensuales, dudas y faltantes."""

from types import SimpleNamespace

import pytest

from libro.cronograma.formato import HOJA_CRONOGRAMA
from libro.nucleo.declaracion import Tabla
from libro.nucleo.encabezados import (
    MES_CON_TITULO,
    MES_SOLO,
    Ambiguedad,
    Candidata,
    Forma,
    Puntaje,
    candidatas_de,
    ubicar,
)
from libro.poi.formato import HOJA_ACTIVIDADES
from libro.registro import FORMATOS

SINONIMOS = {
    "plazo": ("fecha", "plazo", "periodo", "cronograma", "fecha programada", "fecha de ejecución",
              "periodo de ejecución"),
    "responsable": ("área responsable", "encargado", "unidad responsable", "responsables"),
    "actividad": ("acciones", "tareas", "acciones/actividades"),
    "metas": ("producto", "metas"),
    "objetivo": ("objetivo específico",),
    "fase": ("etapa",),
    "indicador": ("indicadores", "indicador de producto", "indicador de desempeño"),
    "inicio": ("fecha de inicio", "inicio", "desde", "fecha inicial"),
    "fin": ("fecha de término", "fecha de fin", "término", "fin", "hasta", "fecha final"),
}
GRUPOS = {
    "metas": ("programación física", "meta física", "metas físicas"),
    "montos": ("programación financiera", "valorización", "presupuesto", "soles"),
}
MESES_CORTOS = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SET", "OCT", "NOV", "DIC"]
MESES_LARGOS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
                "Octubre", "Noviembre", "Diciembre"]
LETRAS = list("EFMAMJJASOND")
CRONOGRAMA = candidatas_de(HOJA_CRONOGRAMA.columnas, SINONIMOS)
POI = candidatas_de(HOJA_ACTIVIDADES.columnas, SINONIMOS, GRUPOS)
TITULOS = [["ANEXO I"], [], ["CRONOGRAMA DE TRABAJO DEL PRESUPUESTO PARTICIPATIVO HUAYOPATA 2024"], []]


def k(campo: str, mes: int | None = None) -> tuple[str, int | None]:
    return (campo, mes)


def _una(texto: str, nombres: tuple[str, ...], sinonimos: tuple[str, ...] = ()) -> Puntaje | None:
    """Puntaje con que un encabezado solo reconoce a una candidata sola, o None."""
    ubicacion = ubicar([[texto]], [Candidata("x", nombres, sinonimos)], minimo=1)
    return ubicacion.puntajes["x"] if ubicacion else None


@pytest.mark.parametrize(
    ("texto", "nombres", "forma"),
    [
        ("FECHA / PLAZO", ("Plazo",), Forma.PARTE),
        ("FECHA - PLAZO", ("Plazo",), Forma.PARTE),
        ("FECHA\nPLAZO", ("Plazo",), Forma.PARTE),
        ("ACCIONES / ACTIVIDADES", ("Actividad",), Forma.PARTE),
        ("Objetivo y meta", ("Meta",), Forma.PARTE),
        ("Meta (producto)", ("Producto",), Forma.PARTE),
        ("Fecha\nprogramada", ("Fecha programada",), Forma.COMPLETO),
        ("Fecha\nprogramada", ("Fecha",), Forma.PARTE),
        ("Responsable(s)", ("Responsable",), Forma.COMPLETO),
        ("RESPONSABLES", ("Responsable",), Forma.COMPLETO),
        ("METAS", ("Meta",), Forma.COMPLETO),
        ("Actividades", ("Actividad",), Forma.COMPLETO),
        ("Acción", ("Acciones",), Forma.COMPLETO),
        ("Indicadores", ("Indicador",), Forma.COMPLETO),
        ("Período", ("PERIODO",), Forma.COMPLETO),
        ("  código   de  ACTIVIDAD. ", ("Código de actividad",), Forma.COMPLETO),
        ("Nº", ("Número",), Forma.COMPLETO),
        ("N°", ("Número",), Forma.COMPLETO),
        ("Nro.", ("Número",), Forma.COMPLETO),
        ("No.", ("Número",), Forma.COMPLETO),
        ("N.º de orden", ("Número de orden",), Forma.COMPLETO),
        ("Cód.", ("Código",), Forma.COMPLETO),
        ("Cod. actividad", ("Código de actividad",), Forma.COMPLETO),
        ("Presupuesto S/.", ("Presupuesto (S/)",), Forma.COMPLETO),
        ("Monto (S/)", ("Monto en soles",), Forma.COMPLETO),
        ("Sub-actividades", ("Subactividad",), Forma.COMPLETO),
        ("ÁREA RESPONSABLE", ("Responsable",), Forma.PALABRAS),
        ("Fecha de inicio programada", ("Fecha de inicio",), Forma.PALABRAS),
        ("Responsalbe", ("Responsable",), Forma.PARECIDO),
        ("Actvidad", ("Actividad",), Forma.PARECIDO),
        ("Indicadro", ("Indicador",), Forma.PARECIDO),
        ("Objetvo especifico", ("Objetivo específico",), Forma.PARECIDO),
        ("Area responsalbe", ("Área responsable",), Forma.PARECIDO),
    ],
)
def test_variantes_que_coinciden(texto: str, nombres: tuple[str, ...], forma: Forma) -> None:
    assert _una(texto, nombres) == Puntaje(forma, True)


@pytest.mark.parametrize(
    ("texto", "nombres"),
    [
        ("Objeto", ("Objetivo",)),
        ("Proyecto", ("Producto",)),
        ("Plaza", ("Plazo",)),
        ("Mesa", ("Meta",)),
        ("Frase", ("Fase",)),
        ("Código OEI", ("Código AEI",)),
        ("Actitud", ("Actividad",)),
        ("Responsabilidad", ("Responsable",)),
        ("N", ("Número",)),
        ("No aplica", ("Número",)),
        ("Responsable", ("Área responsable",)),
        ("Descripción detallada de la actividad que cumple cada unidad orgánica", ("Actividad",)),
        ("Presupuesto (S/)", ("Plazo",)),
        ("Coordinar con la Gerencia de Planeamiento la revisión del documento final del plan antes de su "
         "aprobación en sesión de concejo / Responsable", ("Responsable",)),
    ],
)
def test_textos_que_no_coinciden(texto: str, nombres: tuple[str, ...]) -> None:
    assert _una(texto, nombres) is None


def test_sinonimo_pierde_ante_declarado_en_cada_forma() -> None:
    assert _una("Encargado", ("Responsable",), ("encargado",)) == Puntaje(Forma.COMPLETO, False)
    assert _una("Fecha / Plazo", ("Responsable",), ("fecha",)) == Puntaje(Forma.PARTE, False)
    assert _una("Encargdo", ("Responsable",), ("encargado",)) == Puntaje(Forma.PARECIDO, False)
    assert Puntaje(Forma.PARTE, True) > Puntaje(Forma.PARTE, False) > Puntaje(Forma.PALABRAS, True)


def test_cronograma_con_titulos_y_secciones() -> None:
    grilla = [
        *TITULOS,
        ["OBJETIVO ESPECIFICO", "METAS", "ACTIVIDADES", "INDICADORES", "PLAZO", "RESPONSABLE"],
        ["PRIMERA FASE: PREPARACION", None, None, None, None, None],
        ["a) Aprobar Ordenanza", "OI Proyecto", "Ordenanza Municipal", "OI Informe", "07 DE MARZO",
         "Gerencia de Planeamiento"],
    ]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None
    assert (u.fila, u.filas_encabezado) == (4, (4,))
    assert u.posiciones == {k("objetivo"): 0, k("metas"): 1, k("actividad"): 2, k("indicador"): 3,
                            k("plazo"): 4, k("responsable"): 5}
    assert u.faltantes == [k("fase")]
    assert (u.ambiguas, u.ignoradas) == ([], [])


def test_plan_con_encabezados_propios_y_columnas_de_mas() -> None:
    grilla = [
        *TITULOS,
        ["Nº", "ACCIONES / ACTIVIDADES", "ÁREA RESPONSABLE", "PERIODO DE EJECUCIÓN", "OBJETIVO",
         "PRODUCTO / META", "PRESUPUESTO (S/)"],
        [1, "Convocar", "GPP", "Marzo", "Difundir", "Convocatoria", 1500],
    ]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None and u.fila == 4
    assert u.posiciones == {k("actividad"): 1, k("responsable"): 2, k("plazo"): 3, k("objetivo"): 4,
                            k("metas"): 5}
    assert u.leidos[k("plazo")] == "PERIODO DE EJECUCIÓN"
    assert u.puntajes[k("metas")] == Puntaje(Forma.PARTE, True)
    assert u.ignoradas == [(0, "Nº"), (6, "PRESUPUESTO (S/)")]


@pytest.mark.parametrize(
    "orden",
    [
        (0, 1, 2, 3, 4, 5),
        (5, 4, 3, 2, 1, 0),
        (2, 0, 5, 1, 3, 4),
    ],
)
def test_columnas_en_otro_orden(orden: tuple[int, ...]) -> None:
    encabezado = ["Objetivo", "Meta", "Actividad", "Indicador", "Fecha programada", "Responsables"]
    campos = ["objetivo", "metas", "actividad", "indicador", "plazo", "responsable"]
    grilla = [["PLAN DE TRABAJO 2025"], [encabezado[i] for i in orden]]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None
    assert u.posiciones == {k(campos[i]): j for j, i in enumerate(orden)}


def test_fecha_de_inicio_y_de_termino() -> None:
    grilla = [["N°", "ACTIVIDAD", "FECHA DE INICIO", "FECHA DE TÉRMINO", "RESPONSABLE"]]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None
    assert u.posiciones == {k("actividad"): 1, k("inicio"): 2, k("fin"): 3, k("responsable"): 4}
    assert u.ambiguas == [] and u.ignoradas == [(0, "N°")]


def test_dos_columnas_de_plazo_declaradas_quedan_en_duda() -> None:
    candidatas = [
        Candidata("actividad", ("Actividad",)),
        Candidata("plazo", ("Plazo", "Fecha"), requerida=True),
        Candidata("responsable", ("Responsable",)),
    ]
    u = ubicar([["ACTIVIDAD", "FECHA", "PLAZO", "RESPONSABLE"]], candidatas)
    assert u is not None
    assert u.ambiguas == [Ambiguedad(("plazo",), (1, 2), ("FECHA", "PLAZO"))]
    assert u.posiciones == {"actividad": 0, "responsable": 3}
    assert u.faltantes == [] and u.ignoradas == []


def test_el_nombre_declarado_gana_al_sinonimo_sin_duda() -> None:
    candidatas = [
        Candidata("actividad", ("Actividad",)),
        Candidata("plazo", ("Plazo",), ("fecha",)),
        Candidata("responsable", ("Responsable",)),
    ]
    u = ubicar([["ACTIVIDAD", "FECHA", "PLAZO", "RESPONSABLE"]], candidatas)
    assert u is not None
    assert u.posiciones == {"actividad": 0, "plazo": 2, "responsable": 3}
    assert u.ambiguas == [] and u.ignoradas == [(1, "FECHA")]


def test_una_columna_que_sirve_a_dos_candidatas_queda_en_duda() -> None:
    candidatas = [
        Candidata("clasificador", ("Clasificador", "Código")),
        Candidata("actividad", ("Código de actividad", "Código")),
        Candidata("detalle", ("Detalle",)),
        Candidata("cantidad", ("Cantidad",)),
    ]
    u = ubicar([["Código", "Detalle", "Cantidad"]], candidatas)
    assert u is not None
    assert u.ambiguas == [Ambiguedad(("clasificador", "actividad"), (0,), ("Código",))]
    assert u.posiciones == {"detalle": 1, "cantidad": 2}


def test_la_mejor_coincidencia_se_queda_con_la_columna() -> None:
    candidatas = [
        Candidata("codigo", ("Código",)),
        Candidata("aei", ("Código AEI",)),
        Candidata("actividad", ("Actividad",)),
    ]
    u = ubicar([["Código AEI", "Actividad", "Código de la unidad"]], candidatas)
    assert u is not None
    assert u.posiciones == {"aei": 0, "actividad": 1, "codigo": 2}
    assert u.puntajes["codigo"] == Puntaje(Forma.PALABRAS, True)


def _poi(fisica: list[str], financiera: list[str], grupos: tuple[str, str]) -> list[list]:
    return [
        ["MUNICIPALIDAD PROVINCIAL DE HUAMANGA"],
        ["PLAN OPERATIVO INSTITUCIONAL 2027"],
        [],
        ["Cód.", "Actividad operativa", "Código AEI", "Unidad de medida", "Indicador", "Tipo de meta",
         "Categoría presupuestal", "Meta física anual", grupos[0], *[None] * 11,
         "Valorización anual (S/)", grupos[1], *[None] * 11],
        [*[None] * 8, *fisica, None, *financiera],
        ["AO.001", "Capacitar", "AEI.01.01", "Taller", "Talleres", "Acumulable", "APNOP", 12,
         *[1] * 12, 1200, *[100] * 12],
    ]


POSICIONES_POI = {
    **{k(c): j for j, c in enumerate(["codigo", "actividad", "aei", "unidad_medida", "indicador",
                                      "tipo_meta", "categoria", "meta_anual"])},
    **{k("metas", m): 8 + m for m in range(12)},
    k("valorizacion_anual"): 20,
    **{k("montos", m): 21 + m for m in range(12)},
}


@pytest.mark.parametrize(
    ("fisica", "financiera", "grupos"),
    [
        (MESES_CORTOS, MESES_CORTOS, ("PROGRAMACIÓN FÍSICA", "PROGRAMACIÓN FINANCIERA")),
        (MESES_LARGOS, [m.replace("Septiembre", "Setiembre") for m in MESES_LARGOS],
         ("Programación física", "Programación financiera")),
        (LETRAS, LETRAS, ("PROGRAMACIÓN FÍSICA", "PROGRAMACIÓN FINANCIERA")),
        (MESES_CORTOS, LETRAS, ("META FÍSICA", "PRESUPUESTO (S/)")),
    ],
)
def test_poi_con_programacion_fisica_y_financiera(fisica: list[str], financiera: list[str],
                                                  grupos: tuple[str, str]) -> None:
    u = ubicar(_poi(fisica, financiera, grupos), POI)
    assert u is not None
    assert (u.fila, u.filas_encabezado) == (4, (3, 4))
    assert u.posiciones == POSICIONES_POI
    assert u.puntajes[k("metas", 8)] == u.puntajes[k("montos", 0)] == MES_CON_TITULO
    assert u.leidos[k("montos", 0)] == f"{grupos[1]} / {financiera[0]}"
    assert (u.ambiguas, u.ignoradas, u.faltantes) == ([], [], [])


def test_poi_con_encabezado_de_tres_filas() -> None:
    grilla = [
        ["POI 2027"],
        ["Código", "Actividad", "PROGRAMACIÓN", *[None] * 23],
        [None, None, "FÍSICA", *[None] * 11, "FINANCIERA", *[None] * 11],
        [None, None, *MESES_CORTOS, *MESES_CORTOS],
        ["AO.001", "Capacitar", *[1] * 24],
    ]
    u = ubicar(grilla, POI)
    assert u is not None
    assert (u.fila, u.filas_encabezado) == (3, (1, 2, 3))
    assert u.posiciones == {k("codigo"): 0, k("actividad"): 1, **{k("metas", m): 2 + m for m in range(12)},
                            **{k("montos", m): 14 + m for m in range(12)}}
    assert u.leidos[k("metas", 8)] == "PROGRAMACIÓN / FÍSICA / SET"


def test_meses_como_titulo_sobre_meta_y_soles() -> None:
    fila_meses = [x for m in MESES_LARGOS for x in (m.upper(), None)]
    grilla = [["Código", "Actividad", *fila_meses], [None, None, *["Meta", "S/"] * 12]]
    u = ubicar(grilla, POI)
    assert u is not None and u.filas_encabezado == (0, 1)
    assert u.posiciones[k("metas", 0)] == 2 and u.posiciones[k("montos", 0)] == 3
    assert u.posiciones[k("metas", 11)] == 24 and u.posiciones[k("montos", 11)] == 25


def test_titulos_solo_sobre_los_meses_son_parte_del_encabezado() -> None:
    grilla = [[None, None, "PROGRAMACIÓN FÍSICA", *[None] * 11, "PROGRAMACIÓN FINANCIERA", *[None] * 11],
              ["Código", "Actividad", *MESES_CORTOS, *MESES_CORTOS]]
    u = ubicar(grilla, POI)
    assert u is not None
    assert (u.fila, u.filas_encabezado) == (1, (0, 1))
    assert u.posiciones[k("metas", 0)] == 2 and u.posiciones[k("montos", 0)] == 14


def test_una_fila_de_datos_encima_no_es_parte_del_encabezado() -> None:
    grilla = [["Municipalidad:", "Huayopata"], ["Objetivo", "Actividad", "Plazo", "Responsable"]]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None
    assert u.filas_encabezado == (1,)
    assert u.leidos[k("plazo")] == "Plazo" and u.ignoradas == []


def test_meses_con_el_encabezado_de_la_plantilla() -> None:
    grilla = [["Código", "Actividad operativa",
               *[f"Meta {m}" for m in MESES_LARGOS], *[f"S/ {m}" for m in MESES_CORTOS]]]
    u = ubicar(grilla, POI)
    assert u is not None
    assert u.posiciones[k("metas", 8)] == 10 and u.posiciones[k("montos", 8)] == 22
    assert u.ambiguas == []


def test_meses_sin_titulo_con_un_solo_campo_mensual() -> None:
    candidatas = [Candidata("actividad", ("Actividad",)),
                  *(Candidata(("mes", m), (), mes=m) for m in range(12))]
    grilla = [
        ["ANEXO N° 02"],
        ["CRONOGRAMA DE FORMULACIÓN DEL PLAN OPERATIVO INSTITUCIONAL - AÑO ANTERIOR"],
        ["ACTIVIDAD", "MESES", *[None] * 11],
        [None, *LETRAS],
        ["Unidades orgánicas presentan Cuadro de necesidades", "→"],
    ]
    u = ubicar(grilla, candidatas)
    assert u is not None and (u.fila, u.filas_encabezado) == (3, (2, 3))
    assert u.posiciones == {"actividad": 0, **{("mes", m): 1 + m for m in range(12)}}
    assert u.puntajes[("mes", 0)] == MES_SOLO


def test_meses_sin_titulo_con_dos_campos_mensuales_quedan_en_duda() -> None:
    u = ubicar([["Código", "Actividad", *MESES_CORTOS, *MESES_CORTOS]], POI)
    assert u is not None
    assert u.posiciones == {k("codigo"): 0, k("actividad"): 1}
    assert len(u.ambiguas) == 12
    assert u.ambiguas[3] == Ambiguedad((k("metas", 3), k("montos", 3)), (5, 17), ("ABR", "ABR"))


def test_meses_bajo_un_titulo_de_otro_campo_no_se_toman() -> None:
    solo_metas = [c for c in POI if c.clave[0] != "montos"]
    grilla = [["Código", "Actividad", "PROGRAMACIÓN FINANCIERA", *[None] * 11],
              [None, None, *MESES_CORTOS]]
    u = ubicar(grilla, solo_metas)
    assert u is not None
    assert not any(campo == "metas" for campo, _ in u.posiciones)


@pytest.mark.parametrize(
    "letras",
    [
        list("EFMAMJJASON"),
        list("EFMAMJJASODN"),
        ["E", "F", "M", "A", "M", "J", None, "J", "A", "S", "O", "N", "D"],
    ],
)
def test_letras_sueltas_no_son_meses(letras: list[str | None]) -> None:
    grilla = [["Código", "Actividad", "PROGRAMACIÓN FÍSICA", *[None] * 12], [None, None, *letras]]
    u = ubicar(grilla, POI)
    assert u is not None
    assert not any(campo == "metas" for campo, _ in u.posiciones)


def test_el_encabezado_es_la_fila_con_mas_coincidencias() -> None:
    grilla = [
        ["Actividad", "Responsable"],
        ["Objetivo", "Actividad", "Plazo", "Responsable"],
        ["Elaborar el plan de actividades", "Actividad 1", "Marzo", "Responsable de planeamiento"],
    ]
    u = ubicar(grilla, CRONOGRAMA)
    assert u is not None and u.fila == 1


def test_sin_suficientes_coincidencias_no_hay_encabezado() -> None:
    assert ubicar([["Actividad", "Otra cosa", "Monto"]], CRONOGRAMA) is None
    assert ubicar([["Actividad", "Otra cosa", "Monto"]], CRONOGRAMA, minimo=1) is not None
    assert ubicar([["ANEXO"], ["Otra cosa"]], CRONOGRAMA, minimo=1) is None


def test_solo_se_busca_en_las_primeras_filas() -> None:
    grilla = [[f"Nota {i}"] for i in range(30)] + [["Actividad", "Plazo", "Responsable"]]
    assert ubicar(grilla, CRONOGRAMA) is None
    assert ubicar(grilla, CRONOGRAMA, filas_busqueda=31) is not None


def test_faltantes_e_ignoradas() -> None:
    u = ubicar([["Actividad", "Plazo", "Observaciones", None, "Fase"]], CRONOGRAMA)
    assert u is not None
    assert u.faltantes == []
    assert u.ignoradas == [(2, "Observaciones")]
    u = ubicar([["Objetivo", "Plazo", "Responsable"]], CRONOGRAMA)
    assert u is not None
    assert u.faltantes == [k("fase"), k("actividad")]


def test_candidatas_de_columnas_sin_importar_la_declaracion() -> None:
    columnas = [
        SimpleNamespace(campo="plazo", mes=None, encabezado="Plazo",
                        col=SimpleNamespace(alias=("Fecha",), requerido=True)),
        SimpleNamespace(campo="metas", mes=2, encabezado="Meta Mar",
                        col=SimpleNamespace(alias=("Ignorado",), requerido=False)),
    ]
    plazo, meta_marzo = candidatas_de(columnas, {"plazo": ("periodo",), "metas": ("x",)},
                                      {"metas": ("física",), "plazo": ("y",)})
    assert plazo == Candidata(("plazo", None), ("Plazo", "Fecha"), ("periodo",), True)
    assert meta_marzo == Candidata(("metas", 2), ("Meta Mar",), (), False, ("física",), 2)


@pytest.mark.parametrize(
    "tabla",
    [h for f in FORMATOS.values() for h in f.hojas if isinstance(h, Tabla)],
    ids=lambda t: t.nombre,
)
def test_la_plantilla_de_cada_tabla_se_reconoce_entera(tabla: Tabla) -> None:
    columnas = tabla.columnas
    grupos: list = [None] * len(columnas)
    for g in tabla.grupos:
        grupos[tabla.columna(g.desde)] = g.titulo
    grilla = [[tabla.titulo], ["Formato."], [tabla.instrucciones], grupos, [c.encabezado for c in columnas]]
    u = ubicar(grilla, candidatas_de(columnas))
    assert u is not None and u.fila == 4
    assert u.posiciones == {(c.campo, c.mes): j for j, c in enumerate(columnas)}
    assert (u.ambiguas, u.ignoradas) == ([], [])
