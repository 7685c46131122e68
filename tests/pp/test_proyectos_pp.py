"""Libro de proyectos del PP (formato proyectos-pp): reglas PRY-NNN, priorización, acta, reemplazo y
botones, sobre libros reales escritos con la plantilla y leídos sin Excel."""

import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import Modificar, calcular_copia, cambiar, filas_con, hallazgos_de, hoja_de, mensaje_de

from libro.demo.pp import datos_proyectos
from libro.pp.proyectos.formato import PROYECTOS_PP, PuntajeFila, VotoDesempate
from libro.procesos import validar_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from macros_py import proyectos_pp


@pytest.fixture
def libro_proyectos(tmp_path: Path) -> Callable[..., Path]:
    def crear(modificar: Modificar | None = None, nombre: str = "proyectos.xlsx") -> Path:
        datos = datos_proyectos()
        if modificar:
            modificar(datos)
        return escribir_plantilla(PROYECTOS_PP, tmp_path / nombre, datos)

    return crear


def _parametros(**cambios) -> Modificar:
    return lambda d: cambiar(d, "Parámetros", 0, **cambios)


def _seccion(acta: list[list], titulo: str) -> list[list]:
    """Filas de una sección numerada del acta («1. PROYECTOS PRIORIZADOS»…) hasta la siguiente."""
    inicio = next(i for i, f in enumerate(acta) if str(f[0]).startswith(titulo))
    fin = next((i for i in range(inicio + 1, len(acta)) if str(acta[i][0]).startswith(("2. ", "3. ", "4. "))),
               len(acta))
    return acta[inicio + 1 : fin]


def _priorizados(ruta: Path) -> list[str]:
    """Códigos del acta, en orden de prelación."""
    filas = _seccion(hoja_de(ruta, "Acta"), "1. PROYECTOS PRIORIZADOS")
    return [f[1] for f in filas if isinstance(f[0], float) and f[1].startswith("PP-")]


def _saldo(ruta: Path) -> float:
    return next(f[5] for f in hoja_de(ruta, "Acta") if f[2] == "Saldo no asignado")


def _sin_desempate(d: dict[str, list]) -> None:
    d["Votación de desempate"] = []


# ---------------------------------------------------------------- libro de ejemplo


def test_libro_de_ejemplo_sin_observaciones(libro_proyectos) -> None:
    assert hallazgos_de(libro_proyectos()) == []


def test_puntajes_calculados_en_fichas_y_puntajes(libro_proyectos) -> None:
    ruta = calcular_copia(libro_proyectos())
    fichas = {f[0]: f for f in hoja_de(ruta, "Fichas")[5:13]}
    assert fichas["PP-01"][11] == 95.0 and fichas["PP-01"][12] == "Priorizado"
    assert fichas["PP-04"][11] == fichas["PP-06"][11] == 67.5
    assert fichas["PP-07"][12] == "No viable"
    puntajes = hoja_de(ruta, "Puntajes")
    assert puntajes[5][7:9] == [100.0, 30.0]  # PP-01 · BRECHA · ALTA: 100 puntos × 30 %
    assert puntajes[12][7:9] == [70.0, 17.5]  # PP-02 · POBLACION · 5001_10000: 70 × 25 %


def test_presupuesto_que_se_agota_a_media_lista_saltando(libro_proyectos) -> None:
    ruta = calcular_copia(libro_proyectos())
    # PP-04 gana el desempate 7 a 4; PP-06 y PP-05 no caben; PP-08 sí (se salta al siguiente)
    assert _priorizados(ruta) == ["PP-01", "PP-03", "PP-02", "PP-04", "PP-08"]
    assert _saldo(ruta) == 30_000.0
    priorizacion = hoja_de(ruta, "Priorización")
    assert filas_con(priorizacion, "Desempate por votación entre PP-04, PP-06 (PP-04: 7, PP-06: 4)")
    assert filas_con(priorizacion, "Asignación resuelta")


def test_politica_detener_corta_en_el_primero_que_no_cabe(libro_proyectos) -> None:
    ruta = calcular_copia(libro_proyectos(_parametros(politica="Detener en el primero que no cabe")))
    assert _priorizados(ruta) == ["PP-01", "PP-03", "PP-02", "PP-04"]
    assert _saldo(ruta) == 180_000.0
    assert filas_con(hoja_de(ruta, "Priorización"), "detener en el primero que no cabe")


def test_empate_en_el_corte_sin_votacion_se_informa_y_no_se_asigna(libro_proyectos) -> None:
    ruta = libro_proyectos(_sin_desempate)
    assert ("PRY-011", "") in hallazgos_de(ruta)
    assert "PP-04, PP-06" in mensaje_de(ruta, "PRY-011")
    calculado = calcular_copia(ruta)
    assert _priorizados(calculado) == ["PP-01", "PP-03", "PP-02"]
    acta = hoja_de(calculado, "Acta")
    assert filas_con(acta, "BORRADOR, NO FIRMAR: Empate en el corte entre PP-04, PP-06")
    priorizacion = hoja_de(calculado, "Priorización")
    assert len(filas_con(priorizacion, "Empate en el corte (igual puntaje)")) == 2
    assert len(filas_con(priorizacion, "Pendiente del desempate")) == 2  # PP-05 y PP-08


def test_votacion_empatada_sigue_sin_resolver(libro_proyectos) -> None:
    def modificar(d):
        d["Votación de desempate"] = [
            VotoDesempate(dni="07654321", proyecto="PP-04"),
            VotoDesempate(dni="10234567", proyecto="PP-06"),
        ]

    ruta = libro_proyectos(modificar)
    assert "la votación también quedó empatada" in mensaje_de(ruta, "PRY-011")


def test_votacion_que_no_corresponde_a_ningun_empate(libro_proyectos) -> None:
    def modificar(d):
        d["Votación de desempate"] = [VotoDesempate(dni="07654321", proyecto="PP-01")]

    ruta = libro_proyectos(modificar)
    assert "sin empate en el corte" in mensaje_de(ruta, "PRY-012")
    assert ("PRY-011", "") in hallazgos_de(ruta)  # el empate real sigue pendiente


def test_voto_repetido_del_mismo_agente(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Votación de desempate", 1, dni="07654321"))
    assert ("PRY-017", "A7") in hallazgos_de(ruta)


def test_ranking_por_eje(libro_proyectos) -> None:
    priorizacion = hoja_de(calcular_copia(libro_proyectos()), "Priorización")
    inicio = priorizacion.index(filas_con(priorizacion, "Eje Urbano")[0])
    assert [f[1] for f in priorizacion[inicio + 1 : inicio + 3]] == ["PP-01", "PP-06"]


# ---------------------------------------------------------------- acta


def test_acta_con_montos_total_saldo_y_firmas(libro_proyectos) -> None:
    acta = hoja_de(calcular_copia(libro_proyectos()), "Acta")
    priorizados = _seccion(acta, "1. PROYECTOS PRIORIZADOS")
    assert priorizados[0] == ["N°", "Código", "Proyecto", "Eje", "Puntaje", "Monto (S/)", "CUI"]
    assert priorizados[1][:2] == [1.0, "PP-01"] and priorizados[1][5] == 850_000.0
    assert priorizados[1][6] == "2456789"
    total = next(f for f in acta if f[2] == "Total priorizado")
    assert total[5] == 1_970_000.0
    assert filas_con(acta, "S/ 2,000,000.00")
    sin_presupuesto = _seccion(acta, "2. PROYECTOS VIABLES SIN PRESUPUESTO")
    assert [f[1] for f in sin_presupuesto if isinstance(f[0], float)] == ["PP-06", "PP-05"]
    empates = " ".join(f[0] for f in _seccion(acta, "3. EMPATES"))
    assert "PP-04, PP-06" in empates and "PP-04: 7 voto(s); PP-06: 4 voto(s)" in empates
    nombres = [f[0] for f in acta] + [f[3] for f in acta if len(f) > 3]
    assert "Juana Mamani Cruz" in nombres and "Carlos Mendoza Ríos" in nombres  # agente y Equipo Técnico
    assert filas_con(acta, "DNI 10234567 · Vaso de Leche Los Jardines")
    assert filas_con(acta, "Presidente · Oficina General de Planeamiento")
    assert len(filas_con(acta, "Miembro del Comité de Vigilancia")) == 4  # 8 firmas, de dos en dos


def test_acta_lista_para_imprimir_en_a4(libro_proyectos) -> None:
    ruta = calcular_copia(libro_proyectos())
    with zipfile.ZipFile(ruta) as z:
        libro = z.read("xl/workbook.xml").decode()
        nombres = [s for s in re.findall(r'<sheet [^>]*name="([^"]+)"', libro)]
        indice = nombres.index("Acta") + 1
        hoja = z.read(f"xl/worksheets/sheet{indice}.xml").decode()
    assert 'paperSize="9"' in hoja and 'orientation="portrait"' in hoja and 'fitToHeight="0"' in hoja
    assert re.search(r'_xlnm\.Print_Area" localSheetId="\d+">Acta!\$A:\$G<', libro)


# ---------------------------------------------------------------- reglas de la evaluación técnica


def test_pesos_que_no_suman_100(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Criterios", 0, peso=35.0))
    assert ("PRY-001", "C6") in hallazgos_de(ruta)
    assert "suman 105" in mensaje_de(ruta, "PRY-001")
    assert filas_con(hoja_de(calcular_copia(ruta), "Priorización"), "No se puede priorizar")


def test_nivel_fuera_de_la_escala(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Puntajes", 1, nivel="ENORME"))
    hallazgos = hallazgos_de(ruta)
    assert ("PRY-002", "C7") in hallazgos
    assert "MAS_10000, 5001_10000, 1001_5000, HASTA_1000" in mensaje_de(ruta, "PRY-002")
    assert ("PRY-010", "A6") in hallazgos  # PP-01 queda sin evaluar
    assert "PP-01" not in _priorizados(calcular_copia(ruta))


def test_puntos_fuera_de_0_a_100(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Criterios", 0, puntos=120.0))
    # PRY-015 en la celda de los puntos del nivel que se pasa de 100, con el mensaje en español
    assert hallazgos_de(ruta) == [("PRY-015", "F6")]
    (o,) = validar_archivo(ruta).observaciones
    assert o.hoja == "Criterios" and "Criterio BRECHA, nivel " in o.mensaje
    assert "«puntos» no puede pasar de 100 (se escribió 120" in o.mensaje
    assert "Input should" not in o.mensaje


def test_viable_sin_puntajes(libro_proyectos) -> None:
    def modificar(d):
        d["Puntajes"] = [p for p in d["Puntajes"] if not (p.proyecto == "PP-02" and p.criterio == "PDC")]
        i = next(i for i, p in enumerate(d["Puntajes"]) if p.proyecto == "PP-02")
        cambiar(d, "Puntajes", i, viable="Sí")

    ruta = libro_proyectos(modificar)
    assert ("PRY-003", "F12") in hallazgos_de(ruta)
    assert "falta calificar: PDC" in mensaje_de(ruta, "PRY-003")


def test_sin_calificar_no_entra(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: d.update(Puntajes=[p for p in d["Puntajes"] if p.proyecto != "PP-08"]))
    assert ("PRY-010", "A13") in hallazgos_de(ruta)
    assert "sin calificar" in mensaje_de(ruta, "PRY-010")


def test_cui_de_siete_digitos(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Fichas", 1, cui="24567"))
    assert ("PRY-004", "I7") in hallazgos_de(ruta)


def test_codigo_de_proyecto_repetido_e_inexistente(libro_proyectos) -> None:
    def modificar(d):
        cambiar(d, "Fichas", 1, codigo="PP-01")
        d["Puntajes"].append(PuntajeFila(proyecto="PP-99", criterio="BRECHA", nivel="ALTA"))

    hallazgos = hallazgos_de(libro_proyectos(modificar))
    assert ("PRY-007", "A7") in hallazgos and ("PRY-005", "A54") in hallazgos


def test_criterio_inexistente_y_calificado_dos_veces(libro_proyectos) -> None:
    def modificar(d):
        d["Puntajes"].append(PuntajeFila(proyecto="PP-01", criterio="COSTO", nivel="ALTA"))
        d["Puntajes"].append(PuntajeFila(proyecto="PP-01", criterio="BRECHA", nivel="MEDIA"))

    hallazgos = hallazgos_de(libro_proyectos(modificar))
    assert ("PRY-006", "B54") in hallazgos and ("PRY-013", "B55") in hallazgos


def test_no_viable_sin_motivo(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Puntajes", 36, motivo=None))
    assert ("PRY-008", "G42") in hallazgos_de(ruta)


def test_datos_de_viabilidad_contradictorios(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Puntajes", 2, viable="No", motivo="Sin terreno"))
    hallazgos = hallazgos_de(ruta)
    assert ("PRY-016", "F8") not in hallazgos  # primera vez que se dice: no contradice
    ruta = libro_proyectos(
        lambda d: (
            cambiar(d, "Puntajes", 0, viable="Sí"),
            cambiar(d, "Puntajes", 2, viable="No", motivo="x"),
        ),
        nombre="otro.xlsx",
    )
    assert ("PRY-016", "F8") in hallazgos_de(ruta)


def test_calificada_sin_inspeccion_in_situ(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: cambiar(d, "Puntajes", 6, fecha_inspeccion=None))
    assert ("PRY-009", "D12") in hallazgos_de(ruta)


def test_inspeccion_desfavorable_vuelve_no_viable(libro_proyectos) -> None:
    ruta = calcular_copia(libro_proyectos(lambda d: cambiar(d, "Puntajes", 0, inspeccion_favorable="No")))
    assert "PP-01" not in _priorizados(ruta)
    assert filas_con(hoja_de(ruta, "Priorización"), "inspección in situ desfavorable (art. 14.5)")


def test_sin_presupuesto(libro_proyectos) -> None:
    ruta = libro_proyectos(_parametros(presupuesto=None))
    assert ("PRY-018", "B5") in hallazgos_de(ruta)


def test_criterios_vacios_usan_la_matriz_propuesta(libro_proyectos) -> None:
    ruta = libro_proyectos(lambda d: d.update(Criterios=[]))
    assert hallazgos_de(ruta) == []
    calculado = calcular_copia(ruta)
    assert _priorizados(calculado) == ["PP-01", "PP-03", "PP-02", "PP-04", "PP-08"]
    assert filas_con(hoja_de(calculado, "Priorización"), "se usó la matriz propuesta")


# ---------------------------------------------------------------- reemplazo (art. 16.2)


def test_reemplazo_toma_el_siguiente_que_cabe(libro_proyectos) -> None:
    ruta = libro_proyectos(
        _parametros(
            reemplazar="PP-02",
            motivo_reemplazo="Superposición con obra de Sedapal",
            fecha_reemplazo=date(2026, 3, 2),
        )
    )
    assert hallazgos_de(ruta) == []
    hoja = hoja_de(calcular_copia(ruta), "Reemplazos")
    texto = {f[0]: f[1] for f in hoja if f and f[0]}
    assert texto["Fecha"] == "02/03/2026"
    assert "Consejo de Coordinación Local Distrital" in texto["Para"]
    assert "Comité de Vigilancia" in texto["Para"]
    assert texto["Proyecto que lo reemplaza, según la escala de prioridades"].startswith("PP-06")
    assert texto["Saldo resultante"] == "S/ 70,000.00."
    despues = [f[0] for f in hoja if isinstance(f[0], str) and f[0].startswith("PP-")]
    assert despues == ["PP-01", "PP-03", "PP-04", "PP-08", "PP-06"]


def test_reemplazo_de_un_proyecto_no_priorizado(libro_proyectos) -> None:
    ruta = libro_proyectos(_parametros(reemplazar="PP-05", motivo_reemplazo="x"))
    assert ("PRY-014", "B10") in hallazgos_de(ruta)
    assert "no está entre los financiados" in mensaje_de(ruta, "PRY-014")


def test_reemplazo_con_empate_pendiente(libro_proyectos) -> None:
    def modificar(d):
        _sin_desempate(d)
        _parametros(reemplazar="PP-01", motivo_reemplazo="x")(d)

    ruta = libro_proyectos(modificar)
    assert "resuelva primero el empate en el corte" in mensaje_de(ruta, "PRY-014")


# ---------------------------------------------------------------- botones por el motor remoto


def _book(ruta: Path) -> xw.Book:
    return xw.Book(json=payload_desde_archivo(ruta))


def _escritas(book: xw.Book) -> dict[str, list[dict]]:
    nombres = [s.name for s in book.sheets]
    por_hoja: dict[str, list[dict]] = {}
    for a in book.json()["actions"]:
        if a["func"] == "setValues":
            por_hoja.setdefault(nombres[a["sheet_position"]], []).append(a)
    return por_hoja


def test_boton_calcular_puntajes_solo_escribe_columnas_calculadas(libro_proyectos) -> None:
    book = _book(libro_proyectos())
    proyectos_pp.calcular_puntajes(book)
    escritas = _escritas(book)
    assert set(escritas) <= {"Fichas", "Puntajes", "Observaciones"} | {
        n for n in escritas if n.startswith("_marcas")
    }
    assert {a["start_column"] for a in escritas["Fichas"]} == {11, 12}
    assert {a["start_column"] for a in escritas["Puntajes"]} == {7, 8}
    assert escritas["Fichas"][0]["values"][0] == [95]


def test_boton_priorizar_escribe_priorizacion_y_acta(libro_proyectos) -> None:
    book = _book(libro_proyectos())
    observaciones = proyectos_pp.priorizar(book)
    assert observaciones == []
    escritas = _escritas(book)
    assert {"Priorización", "Acta", "Reemplazos", "Fichas", "Puntajes"} <= set(escritas)
    assert not set(escritas) & {"Parámetros", "Criterios", "Votación de desempate", "Votos"}
    acta = [v for a in escritas["Acta"] for fila in a["values"] for v in fila]
    sin_presupuesto = acta.index("2. PROYECTOS VIABLES SIN PRESUPUESTO, EN ORDEN DE PRELACIÓN")
    assert "PP-08" in acta[:sin_presupuesto] and "PP-06" in acta[sin_presupuesto:]


def test_boton_reemplazar_solo_escribe_reemplazos(libro_proyectos) -> None:
    book = _book(
        libro_proyectos(
            _parametros(reemplazar="PP-02", motivo_reemplazo="Sin terreno", fecha_reemplazo=date(2026, 3, 2))
        )
    )
    proyectos_pp.reemplazar(book)
    escritas = _escritas(book)
    assert set(escritas) - {"Observaciones"} - {n for n in escritas if n.startswith("_marcas")} == {
        "Reemplazos"
    }
    valores = [v for a in escritas["Reemplazos"] for fila in a["values"] for v in fila]
    assert any(isinstance(v, str) and v.startswith("PP-06") for v in valores)


def test_boton_validar(libro_proyectos) -> None:
    book = _book(libro_proyectos(lambda d: cambiar(d, "Fichas", 1, cui="24567")))
    observaciones = proyectos_pp.validar(book)
    assert [(o.codigo, o.celda) for o in observaciones] == [("PRY-004", "I7")]


def _empate_para_reemplazo(votos: list[VotoDesempate]) -> Modificar:
    """PP-04, PP-05 y PP-06 con 67,5 puntos y ninguno cabe al asignar (saldo S/ 200 000): quedan en un
    mismo grupo sin orden; al retirar PP-02 caben PP-04 y PP-06 y hay que votar."""

    def modificar(d):
        niveles = ("ALTA", "1001_5000", "ALTA", "INDIRECTO", "PARCIAL", "NINGUNO")
        for k, nivel in enumerate(niveles):
            cambiar(d, "Puntajes", 24 + k, nivel=nivel)
        d["Votación de desempate"] = votos
        _parametros(presupuesto=1_770_000.0, reemplazar="PP-02", motivo_reemplazo="Sin terreno disponible",
                    fecha_reemplazo=date(2026, 4, 6))(d)

    return modificar


def test_reemplazo_con_empate_sin_votacion(libro_proyectos) -> None:
    ruta = libro_proyectos(_empate_para_reemplazo([]))
    assert hallazgos_de(ruta) == []
    calculado = calcular_copia(ruta)
    assert _priorizados(calculado) == ["PP-01", "PP-03", "PP-02", "PP-08"]
    reemplazos = hoja_de(calculado, "Reemplazos")
    texto = {f[0]: f[1] for f in reemplazos if f and f[0]}
    assert texto["Sin reemplazo"].startswith("empatan PP-04, PP-06; debe decidirse por votación")
    assert "Proyecto que lo reemplaza, según la escala de prioridades" not in texto


def test_reemplazo_con_empate_resuelto_por_votacion(libro_proyectos) -> None:
    votos = [VotoDesempate(dni=dni, proyecto=p, para="Reemplazo")
             for dni, p in (("07654321", "PP-06"), ("10234567", "PP-06"), ("41234567", "PP-04"))]
    hoja = hoja_de(calcular_copia(libro_proyectos(_empate_para_reemplazo(votos))), "Reemplazos")
    texto = {f[0]: f[1] for f in hoja if f and f[0]}
    assert texto["Proyecto que lo reemplaza, según la escala de prioridades"].startswith("PP-06")
    assert texto["Recursos liberados"].startswith("S/ 420,000.00; saldo previo: S/ 50,000.00")
    assert texto["Saldo resultante"] == "S/ 90,000.00."
