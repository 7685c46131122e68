"""Libro de agentes del PP (formato agentes-pp): reglas AGE-NNN, hojas generadas y botones, sobre
libros reales escritos con la plantilla y leídos sin Excel."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import Modificar, calcular_copia, cambiar, filas_con, hallazgos_de, hoja_de, mensaje_de

from libro.demo.pp import datos_agentes
from libro.nucleo.codecs import Dni
from libro.pp.agentes.formato import AGENTES_PP, FaltaFila, SubsanacionFila, VotoComiteFila
from libro.procesos import validar_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from macros_py import agentes_pp


@pytest.fixture
def libro_agentes(tmp_path: Path) -> Callable[..., Path]:
    def crear(modificar: Modificar | None = None, nombre: str = "agentes.xlsx") -> Path:
        datos = datos_agentes()
        if modificar:
            modificar(datos)
        return escribir_plantilla(AGENTES_PP, tmp_path / nombre, datos)

    return crear


# ---------------------------------------------------------------- DNI


def test_codec_dni_conserva_el_texto_y_no_inventa_ceros() -> None:
    assert Dni().leer(" 07654321 ") == "07654321"
    assert Dni().leer(7654321.0) == "7654321"  # Excel ya borró el cero: lo dirá la regla
    assert Dni().formato == "@"


def test_dni_con_cero_inicial_sobrevive_al_archivo(libro_agentes) -> None:
    ruta = libro_agentes()
    solicitudes = hoja_de(ruta, "Solicitudes")
    assert solicitudes[5][4] == "07654321"  # E6: texto, con su cero


EJEMPLO = [
    ("AGE-001", "E19"),  # DNI de 7 dígitos
    ("AGE-002", "B18"),  # segundo representante del comedor
    ("AGE-004", "J20"),  # observada: falta el acta de asamblea
    ("AGE-004", "M19"),  # observada por el DNI
    ("AGE-005", "A21"),  # venció el plazo de subsanación
    ("AGE-012", "D8"),  # tercera falta: retiro
    ("AGE-015", "C7"),  # subsanación de EXP-016 fuera de plazo
]
"""Lo que observa el libro de ejemplo, en orden."""


def test_libro_de_ejemplo_observa_lo_esperado(libro_agentes) -> None:
    assert sorted(hallazgos_de(libro_agentes())) == EJEMPLO


def test_dni_de_siete_digitos_dice_como_corregirlo(libro_agentes) -> None:
    mensaje = mensaje_de(libro_agentes(), "AGE-001")
    assert "celda E19" in mensaje and "7 dígito(s)" in mensaje and "«07345678»" in mensaje


def test_dni_como_numero_en_el_archivo_pierde_el_cero_y_se_observa(tmp_path: Path) -> None:
    import xlsxwriter

    ruta = tmp_path / "a_mano.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    ws = libro.add_worksheet("Solicitudes")
    ws.write_row(
        4,
        0,
        [
            "N° de expediente",
            "Organización",
            "Tipo",
            "Representante",
            "DNI",
            "Eje zonal",
            "Fecha de solicitud",
            "Carta de presentación (1 representante)",
            "Copia del DNI",
        ],
    )
    ws.write_row(5, 0, ["EXP-1", "Colegio de Ingenieros", "Institución pública", "Ana", 7654321, "Zona 1"])
    ws.write_datetime(5, 6, __import__("datetime").datetime(2025, 5, 5))
    ws.write_row(5, 7, ["Sí", "Sí"])
    for hoja in ("Proceso", "Faltas", "Votos Comité"):
        libro.add_worksheet(hoja)
    libro.close()
    assert ("AGE-001", "E6") in hallazgos_de(ruta)


def test_caracteres_que_no_son_digitos(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 1, dni="1023 4567"))
    assert ("AGE-001", "E7") in hallazgos_de(ruta)
    assert "no son dígitos" in mensaje_de(ruta, "AGE-001")


# ---------------------------------------------------------------- duplicados y documentos


def test_mismo_dni_en_dos_solicitudes(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 4, dni="41234567"))  # el de EXP-003
    assert ("AGE-003", "E10") in hallazgos_de(ruta)
    assert "EXP-003 (fila 8)" in mensaje_de(ruta, "AGE-003")


def test_expediente_repetido(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 5, codigo="EXP-001"))
    assert ("AGE-006", "A11") in hallazgos_de(ruta)
    calcular_copia(ruta)  # el cálculo no se cae: cuenta la primera fila


def test_observacion_con_fecha_limite_en_dias_habiles(libro_agentes) -> None:
    # Observada el viernes 16/05/2025: dos días hábiles → martes 20/05; se evalúa ese mismo día.
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 14, fecha_observacion=date(2025, 5, 16)))
    mensaje = next(
        o.mensaje for o in validar_archivo(ruta).observaciones if o.codigo == "AGE-004" and o.celda == "J20"
    )
    assert "hasta el 20/05/2025" in mensaje and "observación del 16/05/2025" in mensaje


def test_feriados_alargan_el_plazo(libro_agentes) -> None:
    def modificar(d):
        cambiar(d, "Proceso", 0, fecha_evaluacion=date(2025, 7, 30))
        cambiar(d, "Solicitudes", 14, fecha_observacion=date(2025, 7, 25))  # 28 y 29 de julio: feriados

    ruta = libro_agentes(modificar)
    mensaje = next(
        o.mensaje for o in validar_archivo(ruta).observaciones if o.codigo == "AGE-004" and o.celda == "J20"
    )
    assert "hasta el 31/07/2025" in mensaje


def test_vencido_el_plazo_la_solicitud_no_es_apta(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Proceso", 0, fecha_evaluacion=date(2025, 5, 22)))
    hallazgos = hallazgos_de(ruta)
    assert ("AGE-005", "A20") in hallazgos and ("AGE-004", "J20") not in hallazgos
    assert "venció el plazo de subsanación el 21/05/2025" in next(
        o.mensaje for o in validar_archivo(ruta).observaciones if o.celda == "A20"
    )


def test_sin_fecha_de_observacion_pide_anotarla(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 14, fecha_observacion=None))
    mensaje = next(o.mensaje for o in validar_archivo(ruta).observaciones if o.celda == "J20")
    assert "Anote la fecha de observación" in mensaje


def test_observacion_anterior_a_la_solicitud(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 14, fecha_observacion=date(2025, 5, 1)))
    assert ("AGE-007", "R20") in hallazgos_de(ruta)


def test_vida_institucional_menor_de_un_anio(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Solicitudes", 0, inicio_vida_institucional=date(2025, 1, 10)))
    assert ("AGE-005", "A6") in hallazgos_de(ruta)
    assert "vida institucional menor de un año" in mensaje_de(ruta, "AGE-005")


# ---------------------------------------------------------------- subsanaciones (art. 13.4)
# «Subsanaciones»: fila 6 EXP-010 (carta, 14/05, a tiempo), fila 7 EXP-016 (RUOS, 16/05, tarde).
# Columnas: A expediente, B documento, C fecha de entrega, D registro.


def _estados(ruta: Path) -> dict[str, str]:
    hoja = hoja_de(calcular_copia(ruta), "Acreditación")
    return {f[0]: f[5] for f in hoja[5:21]}


def test_subsanacion_a_tiempo_deja_apta(libro_agentes) -> None:
    ruta = libro_agentes()
    assert _estados(ruta)["EXP-010"] == "apto"
    assert not [h for h in hallazgos_de(ruta) if h[1] in ("A15", "H15") or h[0] in ("AGE-013", "AGE-014")]
    sin_entrega = libro_agentes(lambda d: d["Subsanaciones"].pop(0), "sin.xlsx")
    assert ("AGE-005", "A15") in hallazgos_de(sin_entrega)
    assert _estados(sin_entrega)["EXP-010"] == "no apto"


def test_subsanacion_tarde_no_cuenta(libro_agentes) -> None:
    ruta = libro_agentes()
    assert [h for h in hallazgos_de(ruta) if h[0] == "AGE-015"] == [("AGE-015", "C7")]
    mensaje = mensaje_de(ruta, "AGE-015")
    assert "16/05/2025" in mensaje and "vencía el 14/05/2025" in mensaje
    assert "observación del 12/05/2025" in mensaje
    hoja = hoja_de(calcular_copia(ruta), "Acreditación")
    fila = next(f for f in hoja[5:21] if f[0] == "EXP-016")
    assert fila[5] == "no apto" and "entregado fuera de plazo (16/05/2025)" in fila[7]
    situaciones = {f[0]: f[7] for f in hoja if f[0] in ("EXP-010", "EXP-016") and f[5] == date(2025, 5, 14)}
    assert situaciones == {"EXP-010": "A tiempo"}
    assert next(f for f in hoja if f[0] == "EXP-016" and f[5] == date(2025, 5, 16))[6:8] == [
        date(2025, 5, 14), "Fuera de plazo"]


def test_subsanacion_a_tiempo_actualiza_la_lista_definitiva(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Subsanaciones", 1, fecha=date(2025, 5, 14)))
    assert "AGE-015" not in {h[0] for h in hallazgos_de(ruta)}
    hoja = hoja_de(calcular_copia(ruta), "Acreditación")
    assert next(f for f in hoja[5:21] if f[0] == "EXP-016")[5] == "apto"
    assert filas_con(hoja, "Asociación de Vivienda Las Flores")  # ya en la lista por eje


def test_subsanacion_posterior_a_la_evaluacion(libro_agentes) -> None:
    def entrega_el_21(d):
        acta = SubsanacionFila(expediente="EXP-015", documento="Acta de asamblea (1 representante)",
                               fecha=date(2025, 5, 21))
        d["Subsanaciones"].append(acta)

    ruta = libro_agentes(entrega_el_21)
    assert ("AGE-017", "C8") in hallazgos_de(ruta) and _estados(ruta)["EXP-015"] == "observado"

    def y_se_evalua_el_21(d):
        entrega_el_21(d)
        cambiar(d, "Proceso", 0, fecha_evaluacion=date(2025, 5, 21))

    al_21 = libro_agentes(y_se_evalua_el_21, "al21.xlsx")
    assert "AGE-017" not in {h[0] for h in hallazgos_de(al_21)} and _estados(al_21)["EXP-015"] == "apto"


@pytest.mark.parametrize(
    ("modificar", "esperado"),
    [
        (lambda d: cambiar(d, "Subsanaciones", 0, expediente="EXP-099"), ("AGE-013", "A6")),
        (lambda d: cambiar(d, "Solicitudes", 9, fecha_observacion=None), ("AGE-014", "A6")),
        (lambda d: cambiar(d, "Subsanaciones", 0, fecha=date(2025, 5, 12)), ("AGE-016", "C6")),
    ],
    ids=["AGE-013", "AGE-014", "AGE-016"],
)
def test_subsanacion_que_no_corresponde(libro_agentes, modificar, esperado) -> None:
    hallazgos = hallazgos_de(libro_agentes(modificar))
    assert [h for h in hallazgos if h[0] == esperado[0]] == [esperado]


def test_libro_sin_hoja_de_subsanaciones_sigue_valiendo(tmp_path: Path) -> None:
    from dataclasses import replace

    from libro.pp.agentes.formato import HOJA_SUBSANACIONES

    sin_hoja = replace(AGENTES_PP, hojas=tuple(h for h in AGENTES_PP.hojas if h is not HOJA_SUBSANACIONES))
    datos = datos_agentes()
    del datos["Subsanaciones"]
    ruta = escribir_plantilla(sin_hoja, tmp_path / "antiguo.xlsx", datos)
    hallazgos = hallazgos_de(ruta)
    assert ("AGE-005", "A15") in hallazgos and not [h for h in hallazgos if h[0] == "LIB-001"]


# ---------------------------------------------------------------- hoja «Acreditación»


def test_acreditacion_estado_plazo_y_lista_por_eje(libro_agentes) -> None:
    hoja = hoja_de(calcular_copia(libro_agentes()), "Acreditación")
    estados = {f[0]: f[5] for f in hoja[5:21]}
    assert estados["EXP-001"] == "apto" and estados["EXP-013"] == "no apto"
    assert estados["EXP-015"] == "observado" and estados["EXP-016"] == "no apto"
    fila_015 = next(f for f in hoja if f[0] == "EXP-015")
    assert fila_015[6] == date(2025, 5, 21)
    assert "se mantiene la solicitud EXP-001" in next(f for f in hoja if f[0] == "EXP-013")[7]
    assert filas_con(hoja, "LISTA PRELIMINAR")  # quedan observadas dentro del plazo
    assert filas_con(hoja, "Eje zonal: Zona 3 (3)")


def test_lista_definitiva_cuando_nadie_esta_en_plazo(libro_agentes) -> None:
    def modificar(d):
        cambiar(d, "Solicitudes", 13, dni="07345678")
        cambiar(d, "Solicitudes", 14, doc_acta="Sí")

    hoja = hoja_de(calcular_copia(libro_agentes(modificar)), "Acreditación")
    assert filas_con(hoja, "LISTA DEFINITIVA DE AGENTES PARTICIPANTES POR EJE ZONAL (20/05/2025)")
    assert filas_con(hoja, "14 agente(s) acreditado(s) en 5 eje(s) zonal(es).")


# ---------------------------------------------------------------- Comité de Vigilancia


def test_comite_ocho_electos_para_el_anio_siguiente(libro_agentes) -> None:
    hoja = hoja_de(calcular_copia(libro_agentes()), "Comité de Vigilancia")
    assert filas_con(hoja, "año fiscal 2026 (01/01/2026 al 31/12/2026)")
    assert filas_con(hoja, "Comité completo: 8 miembros electos.")
    inicio = hoja.index(filas_con(hoja, "RELACIÓN PARA LA RESOLUCIÓN DE ALCALDÍA")[0])
    relacion = [f for f in hoja[inicio + 2 : inicio + 12] if f[0] != ""]
    assert len(relacion) == 8
    assert "41234567" in [f[2] for f in relacion]


def test_empate_en_el_corte_del_comite(libro_agentes) -> None:
    def modificar(d):  # dos papeletas menos para los dos primeros: empatan con los dos últimos
        d["Votos Comité"] = [v for i, v in enumerate(d["Votos Comité"]) if i not in (0, 1)]

    ruta = libro_agentes(modificar)
    hoja = hoja_de(calcular_copia(ruta), "Comité de Vigilancia")
    empate = filas_con(hoja, "Empate en el corte")[0][0]
    assert "Rosa Quispe Huamán (07654321)" in empate and "por 2 puesto(s)" in empate
    assert len(filas_con(hoja, "Empatado en el corte")) == 4
    assert filas_con(hoja, "Relación incompleta")
    assert ("AGE-010", "") in hallazgos_de(ruta)


def _una_papeleta_con_tres(d: dict[str, list]) -> None:
    """Una sola papeleta, con tres candidatos elegibles: quedan cinco puestos vacantes."""
    candidatos = {"candidato_1": "07654321", "candidato_2": "41234567", "candidato_3": "09876543"}
    d["Votos Comité"] = [VotoComiteFila(elector="07654321", **candidatos)]


@pytest.mark.parametrize(
    ("modificar", "esperado"),
    [(None, []), (_una_papeleta_con_tres, [("AGE-011", "")])],
    ids=["completo", "incompleto"],
)
def test_comite_incompleto_deja_puestos_vacantes(libro_agentes, modificar, esperado) -> None:
    ruta = libro_agentes(modificar)
    assert sorted(hallazgos_de(ruta)) == sorted(EJEMPLO + esperado)  # AGE-011 es de toda la hoja
    if esperado:
        (o,) = [o for o in validar_archivo(ruta).observaciones if o.codigo == "AGE-011"]
        assert (o.hoja, o.es_error) == ("Votos Comité", False)
        assert "solo 3 candidato(s) elegible(s) recibieron votos: quedan 5 puesto(s) vacante(s)" in o.mensaje


def test_voto_por_funcionario_o_institucion_publica_no_cuenta(libro_agentes) -> None:
    def modificar(d):
        cambiar(d, "Solicitudes", 3, funcionario="Sí")  # Luis Torres Vega, institución privada
        d["Votos Comité"][0] = VotoComiteFila(elector="07654321", candidato_1="25467890")  # Red de Salud

    ruta = libro_agentes(modificar)
    mensajes = [o.mensaje for o in validar_archivo(ruta).observaciones if o.codigo == "AGE-009"]
    assert any("celda A6" in m and "25467890" in m and "sociedad civil" in m for m in mensajes)
    assert any("09876543" in m and "funcionario" in m for m in mensajes)
    hoja = hoja_de(calcular_copia(ruta), "Comité de Vigilancia")
    assert not filas_con(hoja, "Luis Torres Vega")


def test_segunda_papeleta_del_mismo_elector(libro_agentes) -> None:
    ruta = libro_agentes(lambda d: cambiar(d, "Votos Comité", 3, elector="07654321"))
    assert ("AGE-009", "A9") in hallazgos_de(ruta)
    assert "ya votó" in mensaje_de(ruta, "AGE-009")


# ---------------------------------------------------------------- faltas y retiros


def test_tercera_falta_genera_retiro_y_carta(libro_agentes) -> None:
    hoja = hoja_de(calcular_copia(libro_agentes()), "Retiros")
    assert filas_con(hoja, "RETIRO: Miguel Rojas León (DNI 70123456), Asociación Juvenil Canto Grande")
    assert filas_con(hoja, "incurrió por tercera vez")
    assert filas_con(hoja, "Ing. Carlos Mendoza Ríos")
    sanciones = [f[6] for f in hoja[4:8]]
    assert sanciones[-1].startswith("Retiro del taller")


def test_falta_de_un_dni_desconocido(libro_agentes) -> None:
    def modificar(d):
        d["Faltas"].append(
            FaltaFila(dni="12345678", fecha=date(2025, 6, 7), falta=d["Faltas"][0].falta, taller="Taller 1")
        )

    assert ("AGE-008", "A10") in hallazgos_de(libro_agentes(modificar))


def test_la_entrada_no_se_modifica(libro_agentes) -> None:
    ruta = libro_agentes()
    antes = ruta.read_bytes()
    calcular_copia(ruta)
    assert ruta.read_bytes() == antes


# ---------------------------------------------------------------- botones por el motor remoto


def _book(ruta: Path) -> xw.Book:
    return xw.Book(json=payload_desde_archivo(ruta))


def _escritas(book: xw.Book) -> set[str]:
    nombres = [s.name for s in book.sheets]
    return {nombres[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}


def test_boton_validar_no_toca_los_datos(libro_agentes) -> None:
    book = _book(libro_agentes())
    observaciones = agentes_pp.validar(book)
    esperados = {"AGE-001", "AGE-002", "AGE-004", "AGE-005", "AGE-012", "AGE-015"}
    assert {o.codigo for o in observaciones} == esperados
    assert _escritas(book) <= {
        "Observaciones",
        "_marcas_Solicitudes",
        "_marcas_Subsanaciones",
        "_marcas_Faltas",
        "_marcas_Proceso",
        "_marcas_Votos Comité",
    }


def test_boton_acreditar_escribe_las_hojas_generadas(libro_agentes) -> None:
    book = _book(libro_agentes())
    agentes_pp.acreditar(book)
    escritas = _escritas(book)
    assert {"Acreditación", "Comité de Vigilancia", "Retiros", "Observaciones"} <= escritas
    assert not escritas & {"Solicitudes", "Faltas", "Votos Comité", "Proceso"}
    acciones = book.json()["actions"]
    assert acciones[-1]["func"] == "alert"


def test_plantilla_da_formato_de_texto_a_la_columna_dni(tmp_path: Path) -> None:
    import re
    import zipfile

    ruta = escribir_plantilla(AGENTES_PP, tmp_path / "plantilla.xlsx")
    with zipfile.ZipFile(ruta) as z:
        hojas = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        hoja = z.read(f"xl/worksheets/sheet{hojas.index('Solicitudes') + 1}.xml").decode()
        estilos = z.read("xl/styles.xml").decode()
    estilo = int(re.search(r'<col min="5" max="5"[^>]*style="(\d+)"', hoja).group(1))
    xfs = re.findall(r"<xf [^>]*>", estilos.split("<cellXfs")[1])
    formato = int(re.search(r'numFmtId="(\d+)"', xfs[estilo]).group(1))
    codigos = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', estilos))
    assert formato == 49 or codigos.get(str(formato)) == "@"
