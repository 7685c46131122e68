"""Cálculos del Presupuesto Participativo (Reglamento PP 2026 de San Juan de Lurigancho)."""

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libro.pp.agentes import acreditacion as acr
from libro.pp.agentes import comite, faltas
from libro.pp.proyectos import pabulib
from libro.pp.proyectos import priorizacion as pri

# ============================================================== acreditación

DOCS_OSB = frozenset(acr.DOCUMENTOS_REQUERIDOS[acr.TipoPostulante.ORGANIZACION_SOCIAL])
DOCS_INST = frozenset({acr.Documento.CARTA_PRESENTACION, acr.Documento.DNI})


def osb(codigo: str = "EXP-001", **cambios) -> acr.Solicitud:
    datos = dict(
        codigo=codigo,
        tipo=acr.TipoPostulante.ORGANIZACION_SOCIAL,
        organizacion="Comedor Popular Virgen de Fátima",
        representante="Rosa Quispe Huamán",
        dni="07654321",
        eje_zonal="Zona 3 – Canto Grande",
        fecha_solicitud=date(2025, 5, 12),
        documentos=DOCS_OSB,
        inicio_vida_institucional=date(2019, 3, 8),
    )
    datos.update(cambios)
    return acr.Solicitud(**datos)


def test_documentos_requeridos_por_tipo_segun_articulo_13_3():
    req = acr.DOCUMENTOS_REQUERIDOS
    assert set(req[acr.TipoPostulante.ORGANIZACION_SOCIAL]) == {
        acr.Documento.SOLICITUD,
        acr.Documento.RESOLUCION_RUOS,
        acr.Documento.ACTA_ASAMBLEA,
        acr.Documento.LIBRO_ACTAS,
        acr.Documento.DNI,
    }
    assert set(req[acr.TipoPostulante.INSTITUCION_PRIVADA]) == set(DOCS_INST)
    assert set(req[acr.TipoPostulante.INSTITUCION_PUBLICA]) == set(DOCS_INST)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("07654321", True),
        ("00000001", True),
        ("7654321", False),  # perdió el cero inicial
        ("076543210", False),
        ("0765 4321", False),
        ("07654321 ", False),
        ("O7654321", False),  # letra O
        ("０７６５４３２１", False),  # dígitos de ancho completo
        (7654321, False),
        (None, False),
    ],
)
def test_dni_valido(texto, esperado):
    assert acr.dni_valido(texto) is esperado


def test_organizacion_social_completa_es_apta():
    ev = acr.evaluar(osb(), date(2025, 5, 12))
    assert ev.estado is acr.Estado.APTO
    assert ev.faltantes == ()


def test_observacion_que_cruza_fin_de_semana_con_calendario_peruano():
    # Observada el viernes 16/05/2025: 2 días hábiles → martes 20/05/2025.
    s = osb(
        documentos=DOCS_OSB - {acr.Documento.LIBRO_ACTAS},
        fecha_observacion=date(2025, 5, 16),
    )
    lunes = acr.evaluar(s, date(2025, 5, 19))
    assert lunes.estado is acr.Estado.OBSERVADO
    assert lunes.faltantes == (acr.Documento.LIBRO_ACTAS,)
    assert lunes.vence_subsanacion == date(2025, 5, 20)
    assert acr.evaluar(s, date(2025, 5, 20)).estado is acr.Estado.OBSERVADO
    miercoles = acr.evaluar(s, date(2025, 5, 21))
    assert miercoles.estado is acr.Estado.NO_APTO
    assert any("venció el plazo" in m for m in miercoles.motivos)

    a_tiempo = s.model_copy(
        update={"subsanaciones": (acr.Subsanacion(documento=acr.Documento.LIBRO_ACTAS,
                                                  fecha=date(2025, 5, 20)),)}
    )
    assert acr.evaluar(a_tiempo, date(2025, 5, 21)).estado is acr.Estado.APTO

    tarde = s.model_copy(
        update={"subsanaciones": (acr.Subsanacion(documento=acr.Documento.LIBRO_ACTAS,
                                                  fecha=date(2025, 5, 21)),)}
    )
    ev = acr.evaluar(tarde, date(2025, 5, 22))
    assert ev.estado is acr.Estado.NO_APTO
    assert any("fuera de plazo" in m for m in ev.motivos)


def test_observacion_en_fiestas_patrias_salta_feriados():
    # Viernes 25/07/2025; 28 y 29 de julio son feriados: vence el jueves 31/07/2025.
    s = osb(documentos=DOCS_OSB - {acr.Documento.DNI}, fecha_observacion=date(2025, 7, 25))
    assert acr.evaluar(s, date(2025, 7, 30)).vence_subsanacion == date(2025, 7, 31)


def test_plazo_de_subsanacion_se_puede_inyectar():
    s = osb(documentos=DOCS_OSB - {acr.Documento.DNI}, fecha_observacion=date(2025, 5, 16))
    corridos = acr.evaluar(s, date(2025, 5, 19), plazo_subsanacion=lambda d: d + timedelta(2))
    assert corridos.vence_subsanacion == date(2025, 5, 18)
    assert corridos.estado is acr.Estado.NO_APTO
    assert acr.evaluar(s, date(2025, 5, 19)).estado is acr.Estado.OBSERVADO


def test_sin_fecha_de_observacion_se_observa_en_la_fecha_de_evaluacion():
    s = osb(documentos=DOCS_OSB - {acr.Documento.ACTA_ASAMBLEA})
    ev = acr.evaluar(s, date(2025, 5, 16))
    assert ev.estado is acr.Estado.OBSERVADO
    assert ev.vence_subsanacion == date(2025, 5, 20)


def test_vida_institucional_menor_de_un_anio_no_es_subsanable():
    joven = osb(inicio_vida_institucional=date(2024, 5, 13))  # un día menos de un año
    ev = acr.evaluar(joven, date(2025, 5, 12))
    assert ev.estado is acr.Estado.NO_APTO
    assert "vida institucional" in ev.motivos[0]
    justo = osb(inicio_vida_institucional=date(2024, 5, 12))  # exactamente un año
    assert acr.evaluar(justo, date(2025, 5, 12)).estado is acr.Estado.APTO


def test_libro_de_actas_sin_fecha_de_inicio_queda_observado():
    ev = acr.evaluar(osb(inicio_vida_institucional=None), date(2025, 5, 12))
    assert ev.estado is acr.Estado.OBSERVADO
    assert ev.faltantes == (acr.Documento.LIBRO_ACTAS,)


def test_dni_invalido_y_ruos_vencida_se_observan():
    ev = acr.evaluar(osb(dni="7654321", vigencia_ruos_hasta=date(2025, 3, 31)), date(2025, 5, 12))
    assert ev.estado is acr.Estado.OBSERVADO
    assert set(ev.faltantes) == {acr.Documento.DNI, acr.Documento.RESOLUCION_RUOS}
    assert any("7654321" in m for m in ev.motivos)


def test_institucion_privada_y_publica_solo_carta_y_dni():
    privada = acr.Solicitud(
        codigo="EXP-010",
        tipo=acr.TipoPostulante.INSTITUCION_PRIVADA,
        organizacion="Universidad César Vallejo – Filial Lima Este",
        representante="Jorge Paredes Llanos",
        dni="41234567",
        eje_zonal="Zona 1 – Zárate",
        fecha_solicitud=date(2025, 5, 12),
        documentos=DOCS_INST,
    )
    assert acr.evaluar(privada, date(2025, 5, 12)).estado is acr.Estado.APTO
    publica = privada.model_copy(
        update={"codigo": "EXP-011", "tipo": acr.TipoPostulante.INSTITUCION_PUBLICA,
                "organizacion": "UGEL 05 San Juan de Lurigancho"}
    )
    assert acr.evaluar(publica, date(2025, 5, 12)).estado is acr.Estado.APTO

    # Una pública que trae documentos de organización social pero no la carta: observada.
    sin_carta = publica.model_copy(update={"documentos": DOCS_OSB})
    ev = acr.evaluar(sin_carta, date(2025, 5, 12))
    assert ev.estado is acr.Estado.OBSERVADO
    assert ev.faltantes == (acr.Documento.CARTA_PRESENTACION,)

    # Una organización social no puede acreditarse solo con carta y DNI.
    osb_con_carta = osb(documentos=DOCS_INST)
    assert set(acr.evaluar(osb_con_carta, date(2025, 5, 12)).faltantes) == {
        acr.Documento.SOLICITUD,
        acr.Documento.RESOLUCION_RUOS,
        acr.Documento.ACTA_ASAMBLEA,
        acr.Documento.LIBRO_ACTAS,
    }

    fuera = privada.model_copy(update={"en_el_distrito": False})
    assert acr.evaluar(fuera, date(2025, 5, 12)).estado is acr.Estado.NO_APTO


def test_duplicados_por_organizacion_y_por_dni():
    s1 = osb("EXP-001", fecha_solicitud=date(2025, 5, 12))
    s2 = osb(
        "EXP-002",
        organizacion="COMEDOR POPULAR VIRGEN DE FATIMA",
        representante="Juana Ccori",
        dni="09876543",
        fecha_solicitud=date(2025, 5, 13),
    )
    s3 = osb("EXP-003", organizacion="Vaso de Leche Los Jardines", fecha_solicitud=date(2025, 5, 14))
    s4 = osb("EXP-004", organizacion="Club de Madres Santa Rosa", dni="44556677")
    dups = acr.duplicados([s3, s2, s1, s4])
    assert set(dups) == {
        acr.Duplicado(tipo=acr.TipoDuplicado.MISMA_ORGANIZACION, primera="EXP-001",
                      segunda="EXP-002"),
        acr.Duplicado(tipo=acr.TipoDuplicado.MISMO_DNI, primera="EXP-001", segunda="EXP-003"),
    }


def test_lista_definitiva_por_eje_zonal():
    solicitudes = [
        osb("EXP-001", organizacion="Vaso de Leche Los Jardines", dni="10000001"),
        osb("EXP-002", organizacion="Asociación de Vivienda Las Flores", dni="10000002",
            eje_zonal="Zona 1 – Zárate"),
        osb("EXP-003", organizacion="Comedor Popular Virgen de Fátima", dni="10000003"),
        # segundo representante del comedor: queda fuera
        osb("EXP-004", organizacion="Comedor Popular Virgen de Fátima", dni="10000004",
            fecha_solicitud=date(2025, 5, 13)),
        # no apto: faltó el acta y venció el plazo
        osb("EXP-005", organizacion="Junta Vecinal Mariscal Cáceres", dni="10000005",
            documentos=DOCS_OSB - {acr.Documento.ACTA_ASAMBLEA},
            fecha_observacion=date(2025, 5, 12)),
    ]
    lista = acr.lista_definitiva(solicitudes, date(2025, 5, 20))
    assert lista.es_definitiva
    assert {eje: [s.codigo for s in ss] for eje, ss in lista.por_eje.items()} == {
        "Zona 1 – Zárate": ["EXP-002"],
        "Zona 3 – Canto Grande": ["EXP-003", "EXP-001"],  # por organización
    }
    assert [d.segunda for d in lista.excluidos_por_duplicado] == ["EXP-004"]
    assert lista.evaluaciones["EXP-005"].estado is acr.Estado.NO_APTO

    temprana = acr.lista_definitiva(solicitudes, date(2025, 5, 13))
    assert not temprana.es_definitiva
    assert temprana.observados == ("EXP-005",)


# ============================================================== faltas


def _falta(dni, nombre, dia, tipo, taller="Taller de identificación de problemas"):
    return faltas.Falta(
        dni=dni,
        nombre=nombre,
        organizacion="Asociación de Mototaxistas Bayóvar" if dni == "42424242" else "AA.HH. Huáscar",
        fecha=date(2025, 5, dia),
        tipo=tipo,
        taller=taller,
    )


def test_tercera_falta_lleva_a_retiro_y_carta():
    T = faltas.TipoFalta
    registro = [
        _falta("42424242", "Pedro Mamani Ríos", 22, T.ALTERACION_VIOLENTA, "Taller de priorización"),
        _falta("42424242", "Pedro Mamani Ríos", 8, T.INTERRUPCION),
        _falta("31313131", "Lucía Torres Vega", 8, T.INTERRUPCION),
        _falta("42424242", "Pedro Mamani Ríos", 15, T.AGRESION),
        _falta("31313131", "Lucía Torres Vega", 15, T.INTERRUPCION),
    ]
    sanciones = faltas.sancionar(registro)
    pedro = [s for s in sanciones if s.falta.dni == "42424242"]
    assert [s.falta.fecha.day for s in pedro] == [8, 15, 22]
    assert [s.sancion for s in pedro] == [
        faltas.Sancion.INVOCACION, faltas.Sancion.ORDEN_DE_CESE, faltas.Sancion.RETIRO,
    ]
    assert faltas.sancion_por_reiteracion(5) is faltas.Sancion.RETIRO

    retiros = faltas.retiros(registro)
    assert [(r.dni, r.fecha) for r in retiros] == [("42424242", date(2025, 5, 22))]
    assert len(retiros[0].faltas) == 3

    # Contando por taller, Pedro no llega a tres en ninguno.
    assert faltas.retiros(registro, por_taller=True) == []

    carta = faltas.carta_sustitucion(
        retiros[0], date(2025, 5, 23), firmante="CPC Ana Salazar Ruiz", numero="015-2025-ET-PP",
        lugar="Villa El Salvador",
    )
    assert "Asociación de Mototaxistas Bayóvar" in carta
    assert "DNI N° 42424242" in carta
    assert carta.startswith("Villa El Salvador, 23 de mayo de 2025")
    assert "Lurigancho" not in carta
    sin_lugar = faltas.carta_sustitucion(retiros[0], date(2025, 5, 23), firmante="CPC Ana Salazar Ruiz")
    assert sin_lugar.startswith("________________, 23 de mayo de 2025")
    assert "22 de mayo de 2025, Taller de priorización" in carta
    assert "numeral 3 del artículo 21" in carta
    assert "sustitución" in carta
    assert "CARTA N° 015-2025-ET-PP" in carta


# ============================================================== comité de vigilancia


def _agentes_y_papeletas():
    candidatos = [
        comite.Agente(dni=f"4500000{i}", nombre=n, categoria=comite.CategoriaAgente.ORGANIZACION_SOCIAL)
        for i, n in enumerate(
            ["Alicia Rojas", "Benito Cruz", "Carmen Soto", "Dante Flores", "Elsa Paucar",
             "Fredy Chávez", "Gloria Inga", "Hugo Lazo", "Irma Nina"]
        )
    ]
    candidatos.append(
        comite.Agente(dni="46000000", nombre="Julio Vera", organizacion="Colegio de Ingenieros CD Lima",
                      categoria=comite.CategoriaAgente.INSTITUCION_PRIVADA)
    )
    publico = comite.Agente(dni="47000000", nombre="Karla Ynga", organizacion="Comisaría Canto Rey",
                            categoria=comite.CategoriaAgente.INSTITUCION_PUBLICA)
    regidor = comite.Agente(dni="48000000", nombre="Luis Ordaz",
                            categoria=comite.CategoriaAgente.AUTORIDAD)
    funcionario = comite.Agente(dni="49000000", nombre="Marta Díaz",
                                categoria=comite.CategoriaAgente.ORGANIZACION_SOCIAL,
                                funcionario_publico=True)
    votantes = [
        comite.Agente(dni=f"{n:08d}", nombre=f"Agente {n}",
                      categoria=comite.CategoriaAgente.ORGANIZACION_SOCIAL)
        for n in range(1, 81)
    ]
    agentes = [*candidatos, publico, regidor, funcionario, *votantes]
    # votos deseados: Alicia 10, Benito 9, Carmen 8, Dante 7, Elsa 6, Fredy 5, Gloria 4,
    # Hugo 3, Irma 3, Julio 3; la comisaría 12, el regidor 2, la funcionaria 2.
    deseados = [10, 9, 8, 7, 6, 5, 4, 3, 3, 3]
    objetivos = [c.dni for c, k in zip(candidatos, deseados, strict=True) for _ in range(k)]
    objetivos += [publico.dni] * 12 + [regidor.dni] * 2 + [funcionario.dni] * 2
    papeletas = [
        comite.Papeleta(elector=v.dni, candidatos=(dni,))
        for v, dni in zip(votantes, objetivos, strict=False)
    ]
    return agentes, papeletas


def test_comite_empate_en_el_octavo_puesto_y_exclusion_de_publicos():
    agentes, papeletas = _agentes_y_papeletas()
    por_dni = {a.dni: a for a in agentes}
    assert not comite.es_elegible(por_dni["47000000"])  # institución pública
    assert not comite.es_elegible(por_dni["48000000"])  # regidor
    assert not comite.es_elegible(por_dni["49000000"])  # funcionario
    assert comite.es_elegible(por_dni["46000000"])  # institución privada: sociedad civil

    r = comite.elegir_comite(agentes, papeletas, fecha_eleccion=date(2025, 4, 10))
    nombres = [por_dni[d].nombre for d in r.electos]
    assert nombres == ["Alicia Rojas", "Benito Cruz", "Carmen Soto", "Dante Flores",
                       "Elsa Paucar", "Fredy Chávez", "Gloria Inga"]
    assert set(r.empatados) == {"45000007", "45000008", "46000000"}
    assert r.puestos_en_disputa == 1
    assert not r.completo
    assert "47000000" not in r.votos
    assert sum("47000000" in o for o in r.observaciones) == 12
    assert r.periodo == 2026
    assert (r.periodo_inicio, r.periodo_fin) == (date(2026, 1, 1), date(2026, 12, 31))


def test_comite_sin_empate_y_papeletas_invalidas():
    agentes, papeletas = _agentes_y_papeletas()
    # Un voto más para Hugo rompe el empate; votos repetidos o de no acreditados no cuentan.
    extra = comite.Agente(dni="00000099", nombre="Agente 99",
                          categoria=comite.CategoriaAgente.INSTITUCION_PRIVADA)
    no_acreditado = comite.Agente(dni="00000098", nombre="Agente 98", acreditado=False,
                                  categoria=comite.CategoriaAgente.ORGANIZACION_SOCIAL)
    papeletas = [
        *papeletas,
        comite.Papeleta(elector="00000099", candidatos=("45000007", "45000007")),
        comite.Papeleta(elector="00000099", candidatos=("45000008",)),  # segunda papeleta
        comite.Papeleta(elector="00000098", candidatos=("45000008",)),  # no acreditado
    ]
    r = comite.elegir_comite([*agentes, extra, no_acreditado], papeletas, date(2025, 4, 10))
    assert r.votos["45000007"] == 4
    assert r.votos["45000008"] == 3
    assert r.empatados == ()
    assert len(r.electos) == 8 and r.electos[-1] == "45000007"
    assert r.completo
    assert any("ya votó" in o for o in r.observaciones)
    assert any("no es agente acreditado" in o for o in r.observaciones)


def test_comite_con_pocos_candidatos_deja_vacantes():
    a = [comite.Agente(dni=f"5000000{i}", nombre=f"C{i}",
                       categoria=comite.CategoriaAgente.ORGANIZACION_SOCIAL) for i in range(3)]
    p = [comite.Papeleta(elector=x.dni, candidatos=(a[0].dni, a[1].dni)) for x in a]
    r = comite.elegir_comite(a, p, date(2025, 4, 10))
    assert r.electos == ("50000000", "50000001")
    assert r.vacantes == 6


# ============================================================== priorización

CRITERIOS = ("brecha", "poblacion", "vulnerabilidad", "pdc", "sostenibilidad", "cofinanciamiento")
# Pesos 30/25/15/15/10/5; puntos de la escala entre paréntesis.
P95 = ("alta", "mas_10000", "alta", "directo", "garantizada", "ninguno")  # 30+25+15+15+10+0
P87_5 = ("alta", "5001_10000", "alta", "directo", "garantizada", "ninguno")  # 30+17.5+15+15+10
P80 = ("alta", "1001_5000", "alta", "directo", "garantizada", "ninguno")  # 30+10+15+15+10
P63 = ("media", "mas_10000", "media", "indirecto", "parcial", "ninguno")  # 18+25+7.5+7.5+5
P51 = ("baja", "5001_10000", "media", "directo", "parcial", "ninguno")  # 6+17.5+7.5+15+5
P50_5 = ("media", "1001_5000", "media", "indirecto", "parcial", "hasta_10")  # 18+10+7.5+7.5+5+2.5


def proyecto(codigo, nombre, costo, niveles, eje="urbano", **extra) -> pri.Proyecto:
    return pri.Proyecto(
        codigo=codigo, nombre=nombre, eje=eje, costo=D(costo),
        calificaciones=dict(zip(CRITERIOS, niveles, strict=True)), **extra,
    )


def test_puntaje_suma_ponderada_con_matriz_por_defecto():
    casos = {P95: D("95"), P87_5: D("87.5"), P80: D(80), P63: D(63), P51: D(51),
             P50_5: D("50.5")}
    for niveles, esperado in casos.items():
        assert pri.puntaje(proyecto("X", "X", 1, niveles)) == esperado
    ev = pri.evaluar(proyecto("X", "X", 1, P50_5))
    assert ev.aportes["brecha"] == D(18) and ev.aportes["cofinanciamiento"] == D("2.5")


def test_matriz_editable_y_validada():
    propia = pri.Matriz(criterios=(
        pri.Criterio(codigo="brecha", nombre="Brecha", peso=D(60), niveles=(
            pri.Nivel(codigo="si", descripcion="Cierra brecha", puntos=D(100)),
            pri.Nivel(codigo="no", descripcion="No", puntos=D(0)))),
        pri.Criterio(codigo="poblacion", nombre="Población", peso=D(40), niveles=(
            pri.Nivel(codigo="alta", descripcion="Mucha", puntos=D(100)),
            pri.Nivel(codigo="baja", descripcion="Poca", puntos=D(25)))),
    ))
    p = pri.Proyecto(codigo="A", nombre="A", eje="urbano", costo=D(1),
                     calificaciones={"brecha": "si", "poblacion": "baja"})
    assert pri.puntaje(p, propia) == D(70)  # 60 + 40 × 25 / 100
    with pytest.raises(ValueError, match="suman 90"):
        pri.Matriz(criterios=(propia.criterios[0].model_copy(update={"peso": D(50)}),
                              propia.criterios[1]))
    with pytest.raises(ValueError, match="falta calificar"):
        pri.puntaje(pri.Proyecto(codigo="B", nombre="B", eje="urbano", costo=D(1),
                                 calificaciones={"brecha": "si"}), propia)
    with pytest.raises(ValueError, match="nivel «media» no existe"):
        pri.puntaje(p.model_copy(update={"calificaciones": {"brecha": "media",
                                                            "poblacion": "alta"}}), propia)


def test_viabilidad_con_motivo():
    ok = pri.evaluar(proyecto("PI-01", "Muro de contención en AA.HH. Santa Fe", 400_000, P80))
    assert ok.viable and ok.motivos == ()
    inspeccion = pri.evaluar(proyecto("PI-02", "Losa deportiva", 300_000, P80,
                                      inspeccion_favorable=False))
    assert not inspeccion.viable and "in situ" in inspeccion.motivos[0]
    declarado = pri.evaluar(proyecto("PI-03", "Pistas en terreno de propiedad privada", 500_000,
                                     P95, motivo_no_viable="Sin saneamiento físico legal"))
    assert not declarado.viable and declarado.motivos == ("Sin saneamiento físico legal",)
    bajo = pri.evaluar(proyecto("PI-04", "Mobiliario urbano", 80_000, P51), puntaje_minimo=D(55))
    assert not bajo.viable and "menor que el mínimo 55" in bajo.motivos[0]


def test_ranking_general_y_por_eje_con_empates():
    evs = pri.evaluar_todos([
        proyecto("PI-05", "Parque zonal Huiracocha", 900_000, P80, eje="ambiental"),
        proyecto("PI-01", "Pistas y veredas Jicamarca", 800_000, P95),
        proyecto("PI-03", "Muro de contención Mariscal Cáceres", 600_000, P80),
        proyecto("PI-04", "Cámaras de videovigilancia Bayóvar", 300_000, P63, eje="seguridad"),
        proyecto("PI-02", "Losa deportiva Huanta II", 250_000, P80, eje="social",
                 inspeccion_favorable=False),
    ])
    r = pri.ranking(evs)
    assert [(p.puesto, p.evaluacion.codigo, p.empatado) for p in r] == [
        (1, "PI-01", False), (2, "PI-03", True), (2, "PI-05", True), (4, "PI-04", False),
    ]
    por_eje = pri.ranking_por_eje(evs)
    assert list(por_eje) == ["ambiental", "seguridad", "social", "urbano"]
    assert [p.evaluacion.codigo for p in por_eje["urbano"]] == ["PI-01", "PI-03"]
    assert por_eje["social"] == []
    assert not por_eje["urbano"][1].empatado


def _cartera_lineal():
    return pri.evaluar_todos([
        proyecto("PI-01", "Pistas y veredas Jicamarca", 800_000, P95),
        proyecto("PI-02", "Muro de contención Mariscal Cáceres", 700_000, P87_5),
        proyecto("PI-03", "Parque zonal Huiracocha", 900_000, P80, eje="ambiental"),
        proyecto("PI-04", "Cámaras de videovigilancia Bayóvar", 300_000, P63, eje="seguridad"),
        proyecto("PI-05", "Losa deportiva Huanta II", 250_000, P51, eje="social"),
        proyecto("PI-06", "Escaleras en Cerro Sur", 100_000, P95,
                 motivo_no_viable="Duplica una inversión en ejecución"),
    ])


def _codigos(evs):
    return [e.codigo for e in evs]


def test_presupuesto_se_acaba_a_mitad_de_la_lista_ambas_politicas():
    evs = _cartera_lineal()
    assert pri.POLITICA_POR_DEFECTO == "saltar"
    saltar = pri.asignar(evs, D(2_000_000))
    assert saltar.politica == "saltar"
    assert _codigos(saltar.financiados) == ["PI-01", "PI-02", "PI-04"]
    assert _codigos(saltar.sin_financiar) == ["PI-03", "PI-05"]
    assert saltar.saldo == D(200_000)
    assert _codigos(saltar.no_viables) == ["PI-06"]
    assert saltar.resuelta

    detener = pri.asignar(evs, D(2_000_000), politica="detener")
    assert _codigos(detener.financiados) == ["PI-01", "PI-02"]
    assert _codigos(detener.sin_financiar) == ["PI-03", "PI-04", "PI-05"]
    assert detener.saldo == D(500_000)

    todo = pri.asignar(evs, D(3_000_000), politica="detener")
    assert _codigos(todo.financiados) == ["PI-01", "PI-02", "PI-03", "PI-04", "PI-05"]
    assert todo.saldo == D(50_000)


def _cartera_empatada():
    return pri.evaluar_todos([
        proyecto("PI-01", "Pistas y veredas Jicamarca", 1_000_000, P95),
        proyecto("PI-02", "Muro de contención Mariscal Cáceres", 600_000, P80),
        proyecto("PI-03", "Parque zonal Huiracocha", 500_000, P80, eje="ambiental"),
        proyecto("PI-04", "Cámaras de videovigilancia Bayóvar", 200_000, P63, eje="seguridad"),
    ])


def test_empate_en_el_corte_sin_votos_queda_sin_asignar():
    a = pri.asignar(_cartera_empatada(), D(1_800_000))
    assert not a.resuelta
    assert a.empate is not None
    assert a.empate.proyectos == ("PI-02", "PI-03")
    assert a.empate.monto_disponible == D(800_000)
    assert "votación" in a.empate.mensaje()
    assert _codigos(a.financiados) == ["PI-01"]
    assert _codigos(a.pendientes) == ["PI-04"]
    assert a.sin_financiar == ()
    with pytest.raises(ValueError, match="empate"):
        pri.reemplazar(a, "PI-01", "x", date(2026, 3, 2))


def test_empate_en_el_corte_resuelto_por_votacion():
    votacion = {"07654321": "PI-03", "41234567": "PI-03", "10000001": "PI-02",
                "10000002": "PI-03", "10000003": "PI-02"}
    a = pri.asignar(_cartera_empatada(), D(1_800_000), votaciones=[votacion])
    assert a.resuelta
    assert _codigos(a.financiados) == ["PI-01", "PI-03", "PI-04"]
    assert _codigos(a.sin_financiar) == ["PI-02"]
    assert a.saldo == D(100_000)
    assert a.desempates[0].votos == {"PI-02": 2, "PI-03": 3}
    assert _codigos(a.escala) == ["PI-01", "PI-03", "PI-02", "PI-04"]


def test_votacion_empatada_sigue_sin_resolver():
    votacion = {"07654321": "PI-03", "41234567": "PI-02"}
    a = pri.asignar(_cartera_empatada(), D(1_800_000), votaciones=[votacion])
    assert a.empate is not None and a.empate.votos == {"PI-02": 1, "PI-03": 1}
    assert "también quedó empatada" in a.empate.mensaje()
    assert _codigos(a.financiados) == ["PI-01"]


def test_empate_que_cabe_entero_o_que_no_depende_del_orden_no_es_empate_en_el_corte():
    evs = _cartera_empatada()
    holgado = pri.asignar(evs, D(2_400_000))
    assert holgado.resuelta and _codigos(holgado.financiados) == ["PI-01", "PI-02", "PI-03",
                                                                  "PI-04"]
    # Con 600 000 de saldo tras PI-01 solo cabe uno de los empatados si el otro cuesta más:
    caro = [e.model_copy(update={"costo": D(900_000)}) if e.codigo == "PI-03" else e for e in evs]
    saltar = pri.asignar(caro, D(1_600_000))
    assert saltar.resuelta
    assert _codigos(saltar.financiados) == ["PI-01", "PI-02"]
    # …pero con «detener» el orden decide si se corta antes o después de PI-02.
    detener = pri.asignar(caro, D(1_600_000), politica="detener")
    assert detener.empate is not None
    assert detener.empate.proyectos == ("PI-02", "PI-03")


def test_votacion_que_no_corresponde_a_un_empate_es_error():
    with pytest.raises(ValueError, match="sin empate"):
        pri.asignar(_cartera_lineal(), D(2_000_000), votaciones=[{"07654321": "PI-03"}])


def test_reemplazo_toma_el_siguiente_de_la_escala_que_cabe():
    a = pri.asignar(_cartera_lineal(), D(2_000_000))  # PI-01, PI-02, PI-04; saldo 200 000
    r = pri.reemplazar(a, "PI-02", "Terreno con litigio de propiedad", date(2026, 3, 2))
    assert r.recursos_liberados == D(700_000)
    assert r.recursos_disponibles == D(900_000)
    assert r.reemplazante is not None and r.reemplazante.codigo == "PI-03"  # 900 000: cabe justo
    assert r.saldo_resultante == D(0)
    assert _codigos(r.asignacion.financiados) == ["PI-01", "PI-04", "PI-03"]
    assert _codigos(r.asignacion.retirados) == ["PI-02"]
    assert _codigos(r.asignacion.sin_financiar) == ["PI-05"]
    texto = r.texto()
    assert "Consejo de Coordinación Local Distrital" in texto
    assert "Comité de Vigilancia" in texto
    assert "PI-03" in texto and "Terreno con litigio" in texto

    # Un segundo reemplazo no vuelve a tomar el retirado.
    r2 = pri.reemplazar(r.asignacion, "PI-04", "Interferencia con obra de Sedapal",
                        date(2026, 4, 6))
    assert r2.recursos_disponibles == D(300_000)
    assert r2.reemplazante is not None and r2.reemplazante.codigo == "PI-05"


def test_reemplazo_con_empate_entre_candidatos():
    evs = pri.evaluar_todos([
        proyecto("PI-01", "Pistas y veredas Jicamarca", 1_000_000, P95),
        proyecto("PI-02", "Muro de contención Mariscal Cáceres", 600_000, P87_5),
        proyecto("PI-03", "Parque zonal Huiracocha", 500_000, P80, eje="ambiental"),
        proyecto("PI-04", "Losa deportiva Huanta II", 500_000, P80, eje="social"),
    ])
    a = pri.asignar(evs, D(1_700_000))  # PI-01 y PI-02; saldo 100 000
    assert _codigos(a.financiados) == ["PI-01", "PI-02"] and a.resuelta
    r = pri.reemplazar(a, "PI-02", "Sin libre disponibilidad del terreno", date(2026, 3, 2))
    assert r.reemplazante is None
    assert r.empate == ("PI-03", "PI-04")
    assert "votación" in r.texto()
    r = pri.reemplazar(a, "PI-02", "Sin libre disponibilidad del terreno", date(2026, 3, 2),
                       votacion={"07654321": "PI-04", "41234567": "PI-04", "10000001": "PI-03"})
    assert r.reemplazante is not None and r.reemplazante.codigo == "PI-04"
    assert r.saldo_resultante == D(200_000)
    with pytest.raises(ValueError, match="no está entre los financiados"):
        pri.reemplazar(a, "PI-03", "x", date(2026, 3, 2))


@st.composite
def _carteras(draw):
    n = draw(st.integers(1, 8))
    evs = [
        pri.Evaluacion(
            codigo=f"PI-{i:02d}", nombre=f"Proyecto {i}", eje="urbano",
            costo=D(draw(st.integers(1, 10)) * 100_000),
            puntaje=D(draw(st.sampled_from([50, 60, 70]))),
            aportes={}, viable=draw(st.booleans()) or i == 0,
        )
        for i in range(n)
    ]
    return evs, D(draw(st.integers(0, 40)) * 100_000), draw(st.sampled_from(["saltar",
                                                                              "detener"]))


def _particion(a: pri.Asignacion, evs) -> None:
    viables = sorted(e.codigo for e in evs if e.viable)
    partes = [*_codigos(a.financiados), *_codigos(a.sin_financiar), *_codigos(a.pendientes),
              *(a.empate.proyectos if a.empate else ())]
    assert sorted(partes) == viables
    assert sorted(_codigos(a.escala)) == viables
    assert sorted(c for g in a.grupos for c in g) == viables
    assert a.monto_asignado <= a.presupuesto


@settings(max_examples=300, deadline=None)
@given(_carteras(), st.randoms(use_true_random=False))
def test_asignacion_reparte_cada_viable_en_un_solo_lugar(cartera, azar):
    evs, presupuesto, politica = cartera
    a = pri.asignar(evs, presupuesto, politica)
    _particion(a, evs)
    if a.empate is not None:
        votacion = {f"{k:08d}": azar.choice(a.empate.proyectos) for k in range(5)}
        b = pri.asignar(evs, presupuesto, politica, votaciones=[votacion])
        _particion(b, evs)
        assert len(b.desempates) == 1


# ============================================================== pabulib


def _eleccion_pb():
    proyectos = [
        pabulib.ProyectoPB(codigo="PP-01", costo=D(600_000), categoria="urbano",
                           nombre='Pistas; veredas "Jicamarca"'),
        pabulib.ProyectoPB(codigo="PP-02", costo=D(300_000), categoria="urbano",
                           nombre="Muro de contención Mariscal Cáceres"),
        pabulib.ProyectoPB(codigo="PP-03", costo=D(300_000), categoria="ambiental",
                           nombre="Parque zonal Huiracocha"),
        pabulib.ProyectoPB(codigo="PP-04", costo=D(150_000), categoria="social",
                           nombre="Losa deportiva Huanta II"),
        pabulib.ProyectoPB(codigo="PP-05", costo=D("100000.50"), categoria="seguridad",
                           nombre="Módulo de serenazgo"),
    ]
    # v1–v5: PP-01, PP-02 · v6: PP-01, PP-05 · v7–v9: PP-03, PP-04 · v10: PP-03, PP-05
    votos = {}
    for i in range(1, 11):
        aprobados = []
        if i <= 6:
            aprobados.append("PP-01")
        if i <= 5:
            aprobados.append("PP-02")
        if i >= 7:
            aprobados.append("PP-03")
        if 7 <= i <= 9:
            aprobados.append("PP-04")
        if i in (6, 10):
            aprobados.append("PP-05")
        votos[f"0{i:07d}"] = aprobados
    return proyectos, votos


def test_pabulib_ida_y_vuelta_con_pabutools(tmp_path):
    from pabutools.election import parse_pabulib

    proyectos, votos = _eleccion_pb()
    texto = pabulib.escribir_pabulib(
        proyectos, D("1000000.50"), votos, descripcion="Presupuesto Participativo 2026",
        instancia="2026", fecha_inicio=date(2025, 6, 2), seleccionados={"PP-01", "PP-03"},
    )
    assert texto.startswith("META\nkey;value\n")
    assert "\nPROJECTS\nproject_id;cost;votes;name;category;selected\n" in texto
    archivo = tmp_path / "sjl_2026.pb"
    archivo.write_text(texto, encoding="utf-8")
    instancia, perfil = parse_pabulib(str(archivo))
    assert Fraction(instancia.budget_limit) == Fraction("1000000.50")
    assert {p.name: Fraction(p.cost) for p in instancia} == {
        "PP-01": 600_000, "PP-02": 300_000, "PP-03": 300_000, "PP-04": 150_000,
        "PP-05": Fraction("100000.50"),
    }
    pp01 = instancia.get_project("PP-01")
    assert instancia.project_meta[pp01]["name"] == 'Pistas; veredas "Jicamarca"'
    assert instancia.project_meta[pp01]["votes"] == "6"
    assert instancia.project_meta[pp01]["selected"] == "1"
    assert pp01.categories == {"urbano"}
    assert instancia.meta["date_begin"] == "02.06.2025"
    assert perfil.num_ballots() == 10
    b = {ballot.meta["voter_id"]: sorted(p.name for p in ballot) for ballot in perfil}
    assert b["00000006"] == ["PP-01", "PP-05"]
    assert b["00000010"] == ["PP-03", "PP-05"]


def test_el_escritor_de_pabutools_no_relee_lo_que_libro_exporta():
    """Por qué libro escribe el .pb él mismo (ver `libro.pp.proyectos.pabulib`): si este test falla,
    pabutools ya escribe bien y `escribir_pabulib` podría usar `election_as_pabulib_string`."""
    from pabutools.election.pabulib import election_as_pabulib_string, parse_pabulib_from_string

    proyectos, votos = _eleccion_pb()
    texto = pabulib.escribir_pabulib(proyectos, D("1000000.50"), votos, descripcion="PP 2026",
                                     instancia="2026", seleccionados={"PP-01", "PP-03"})
    instancia, perfil = parse_pabulib_from_string(texto)  # lo de libro se relee completo
    assert instancia.project_meta[instancia.get_project("PP-01")]["name"] == 'Pistas; veredas "Jicamarca"'
    suyo = election_as_pabulib_string(instancia, perfil)
    assert "\nbudget;2000001/2\n" in suyo and "\nPP-05;200001/2;" in suyo  # montos como fracción
    with pytest.raises(IndexError):  # el «;» del nombre, sin comillas, parte la fila de PP-01
        parse_pabulib_from_string(suyo)


def test_greedy_y_mes_contra_calculo_a_mano():
    proyectos, votos = _eleccion_pb()
    texto = pabulib.escribir_pabulib(proyectos, D(1_000_000), votos,
                                     descripcion="PP 2026", instancia="2026")
    c = pabulib.comparar_reglas(texto)
    # Greedy por aprobaciones (6, 5, 4, 3, 2): PP-01 (queda 400 000), PP-02 (queda 100 000);
    # PP-03, PP-04 y PP-05 (100 000.50) ya no caben.
    assert c.greedy == ("PP-01", "PP-02")
    # MES: cada votante tiene 100 000. PP-01: 6 × 100 000 = 600 000 (ρ = 1/6) → v1–v6 en 0.
    # PP-02 ya no se paga; PP-03: v7–v10 pagan 75 000 c/u (ρ = 1/4) → les queda 25 000.
    # PP-04 (150 000) solo tiene 75 000 de v7–v9; PP-05 solo 25 000 de v10: fin.
    assert c.mes == ("PP-01", "PP-03")
    assert c.gasto(c.mes) == D(900_000)


def test_greedy_completa_con_proyecto_barato_y_mes_no():
    proyectos, votos = _eleccion_pb()
    proyectos[-1] = proyectos[-1].model_copy(update={"costo": D(100_000)})
    texto = pabulib.escribir_pabulib(proyectos, D(1_000_000), votos,
                                     descripcion="PP 2026", instancia="2026")
    c = pabulib.comparar_reglas(texto)
    assert c.greedy == ("PP-01", "PP-02", "PP-05")  # PP-05 cabe justo en los 100 000
    assert c.gasto(c.greedy) == D(1_000_000)
    assert c.mes == ("PP-01", "PP-03")


def test_pabulib_rechaza_datos_que_romperian_el_formato():
    proyectos, votos = _eleccion_pb()
    malo = [*proyectos, pabulib.ProyectoPB(codigo="PP-06,PP-07", costo=D(1))]
    with pytest.raises(ValueError, match="PP-06,PP-07"):
        pabulib.escribir_pabulib(malo, D(1), votos, descripcion="x", instancia="x")
    with pytest.raises(ValueError, match="inexistente: PP-99"):
        pabulib.escribir_pabulib(proyectos, D(1), {"00000001": ["PP-99"]},
                                 descripcion="x", instancia="x")
