"""Resumen del POA (formato resumen-poa): desde el POI consolidado, las diez secciones para imprimir, la
aprobación y el pronunciamiento, reglas POA y botones."""

import re
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import filas_con, hallazgos_de, hoja_de

from libro.consolidar import consolidar
from libro.demo.directivas import PRESENTACION
from libro.demo.poi import objetivos, unidad
from libro.nucleo.contexto import Contexto
from libro.poi.consolidacion.calculo import ActividadConsolidada, Consolidacion, UnidadPoi
from libro.poi.formato import POI
from libro.poi.objetivos import OBJETIVOS_PEI
from libro.poi.perfiles import suma
from libro.poi.resumen_poa.desde_consolidacion import resumen_poa
from libro.poi.resumen_poa.formato import RESUMEN_POA, Aprobacion, Presentacion
from libro.poi.resumen_poa.hojas import SECCIONES
from libro.procesos import leer_archivo, validar_archivo
from libro.salida.plantilla import escribir_plantilla
from libro.servidor.remoto import payload_desde_archivo
from libro.trabajos import escribir_resumen_poa
from macros_py import resumen_poa as botones

HOJA = "Resumen del POA"


def _actividad(codigo: str, aei: str, meta: float, mensual: float) -> ActividadConsolidada:
    return ActividadConsolidada(
        codigo,
        f"Actividad {codigo}",
        "OEI." + aei[4:6],
        aei,
        "Informe",
        "Acumulable",
        meta,
        [meta / 12] * 12,
        [mensual] * 12,
    )


def consolidacion() -> Consolidacion:
    """GPP-01 con dos actividades (S/ 24 000) y GDU-03 con una (S/ 6 000); presupuestos que cuadran."""
    gpp = UnidadPoi(
        "GPP-01",
        "Gerencia de Planeamiento y Presupuesto",
        2027,
        None,
        30_000.0,
        24_000.0,
        14_000.0,
        10_000.0,
        [_actividad("AO.001", "AEI.01.01", 12, 1000.0), _actividad("AO.002", "AEI.04.01", 24, 1000.0)],
        {"OEI.01": "Objetivo 1", "OEI.04": "Objetivo 4"},
        {"AEI.01.01": "Acción 1", "AEI.04.01": "Acción 4"},
    )
    gdu = UnidadPoi(
        "GDU-03",
        "Gerencia de Desarrollo Urbano",
        2027,
        None,
        None,
        6_000.0,
        6_000.0,
        0.0,
        [_actividad("AO.001", "AEI.01.01", 6, 500.0)],
        {"OEI.01": "Objetivo 1"},
        {"AEI.01.01": "Acción 1"},
    )
    return Consolidacion(2027, None, unidades=[gpp, gdu], archivos=2)


@pytest.fixture
def anexo01(tmp_path: Path):
    oei, aei = objetivos()
    ruta = escribir_plantilla(OBJETIVOS_PEI, tmp_path / "anexo01.xlsx", {"OEI": oei, "AEI": aei})
    return ruta, leer_archivo(ruta)[0]


def completo(anexo01, **cambios) -> dict[str, list]:
    """Las hojas del resumen completas: secciones escritas, aprobación y pronunciamiento."""
    datos = resumen_poa(consolidacion(), anexo01[1])
    datos["Presentación"] = [Presentacion(anio_fiscal=2027, **PRESENTACION)]
    datos["Aprobación"] = [
        Aprobacion(
            fecha_sesion=date(2026, 12, 18),
            acuerdo="Acuerdo de Concejo N° 1",
            pronunciamiento="Favorable",
            fecha_pronunciamiento=date(2026, 12, 15),
        )
    ]
    for hoja, (indice, campos) in cambios.items():
        datos[hoja][indice] = datos[hoja][indice].model_copy(update=campos)
    return datos


# ------------------------------------------------------------------ desde la consolidación


def test_hojas_desde_la_consolidacion(anexo01) -> None:
    datos = resumen_poa(consolidacion(), anexo01[1])
    operaciones = {(o.codigo_unidad, o.aei): o for o in datos["Operaciones"]}
    assert set(operaciones) == {("GPP-01", "AEI.01.01"), ("GPP-01", "AEI.04.01"), ("GDU-03", "AEI.01.01")}
    gpp = operaciones[("GPP-01", "AEI.04.01")]
    assert (gpp.actividades, gpp.meta_fisica, gpp.montos) == (1, 24, [1000.0] * 12)
    assert [(p.codigo_unidad, p.bienes, p.servicios, p.marco) for p in datos["Presupuesto"]] == [
        ("GPP-01", 14_000.0, 10_000.0, 30_000.0),
        ("GDU-03", 6_000.0, 0.0, None),
    ]
    assert len(datos["OEI"]) == 12 and datos["AEI"][0].indicador  # del Anexo 01
    sin_anexo = resumen_poa(consolidacion())
    assert [o.codigo for o in sin_anexo["OEI"]] == ["OEI.01", "OEI.04"] and sin_anexo["OEI"][
        0
    ].indicador is None
    assert sin_anexo["AEI"][1].oei == "OEI.04"


def test_resumen_desde_una_carpeta_consolidada(tmp_path: Path, anexo01) -> None:
    carpeta = tmp_path / "recibidos"
    for codigo, semilla in (("GPP-01", 1), ("GDU-03", 3)):
        escribir_plantilla(
            POI, carpeta / f"poi_{codigo}.xlsx", unidad(codigo, f"Unidad {codigo}", semilla=semilla)
        )
    c = consolidar(carpeta, tmp_path / "consolidado.xlsx", anio=2027, procesos=1)
    resultado = escribir_resumen_poa(c, tmp_path / "resumen.xlsx", anexo01[0])
    assert resultado.errores == 0
    assert {o.codigo for o in resultado.observaciones} == {"POA-001", "POA-002", "POA-003"}
    hoja = hoja_de(tmp_path / "resumen.xlsx", HOJA)
    titulos = [f[0] for f in hoja if re.match(r"\d+\. [A-Z]", str(f[0]))]
    assert titulos == [f"{n}. {t}" for n, t in enumerate(SECCIONES, start=1)]
    assert next(f for f in hoja if f[0] == "OEI.01")[2] == "Atención adecuada de"  # indicador del Anexo 01
    bienes = suma(u.bienes for u in c.unidades)
    servicios = suma(u.servicios for u in c.unidades)
    assert next(f for f in hoja if f[1] == "Total" and f[0] == "")[15] == pytest.approx(bienes + servicios)
    for u in c.unidades:
        fila = next(f for f in hoja if f[0] == u.codigo and f[2] == len(u.actividades))
        assert fila[3:15] == pytest.approx([suma(a.montos[m] for a in u.actividades) for m in range(12)])
    assert filas_con(hoja, "Pendiente: escriba esta sección en «Presentación», celda B6.")
    assert filas_con(hoja, "Pendiente: pronunciamiento del Comité en «Aprobación», celda B7.")


def test_sin_anexo01_pide_los_indicadores(tmp_path: Path) -> None:
    escribir_resumen_poa(consolidacion(), tmp_path / "r.xlsx")
    hallazgos = hallazgos_de(tmp_path / "r.xlsx")
    assert ("LIB-004", "D6") in hallazgos  # indicador del primer AEI
    assert not [h for h in hallazgos if h[0] == "POA-004"]


def test_completo_imprime_aprobacion_y_pronunciamiento(tmp_path: Path, anexo01) -> None:
    ruta = tmp_path / "completo.xlsx"
    from libro.trabajos import plantilla_calculada

    resultado = plantilla_calculada(RESUMEN_POA, completo(anexo01), ruta)
    assert resultado.observaciones == []
    hoja = hoja_de(ruta, HOJA)
    assert hoja[1][0] == f"{PRESENTACION['entidad']} — año fiscal 2027"
    assert filas_con(
        hoja, "Aprobado por el Concejo Municipal en sesión del 18/12/2026, Acuerdo de Concejo N° 1."
    )
    assert filas_con(hoja, "Pronunciamiento favorable del 15/12/2026.")
    assert filas_con(hoja, "Presidente(a) del Comité de Vigilancia")
    assert not filas_con(hoja, "Pendiente")
    ejecutoras = next(i for i, f in enumerate(hoja) if str(f[0]).startswith("10."))
    assert hoja[ejecutoras + 2][:2] == ["OEI.01", objetivos()[0][0].objetivo[:41].rsplit(" ", 1)[0]]


# ------------------------------------------------------------------ reglas POA


def test_completo_pasa_todas_las_reglas(tmp_path: Path, anexo01) -> None:
    ruta = escribir_plantilla(RESUMEN_POA, tmp_path / "r.xlsx", completo(anexo01))
    assert hallazgos_de(ruta) == []


@pytest.mark.parametrize(
    ("cambios", "esperado"),
    [
        ({"Presentación": (0, {"resumen_ejecutivo": None})}, ("POA-001", "B6")),
        ({"Aprobación": (0, {"acuerdo": None})}, ("POA-002", "B5")),
        ({"Aprobación": (0, {"pronunciamiento": None})}, ("POA-003", "B7")),
        ({"Operaciones": (0, {"aei": "AEI.99.01"})}, ("POA-004", "C6")),
        ({"Operaciones": (0, {"codigo_unidad": "GXX-09"})}, ("POA-005", "A6")),
        ({"Presupuesto": (1, {"bienes": 9_000.0})}, ("POA-006", "C7")),
        ({"Presupuesto": (0, {"marco": 20_000.0})}, ("POA-007", "E6")),
    ],
    ids=["POA-001", "POA-002", "POA-003", "POA-004", "POA-005", "POA-006", "POA-007"],
)
def test_cada_regla_en_su_celda(tmp_path: Path, anexo01, cambios: dict, esperado: tuple[str, str]) -> None:
    ruta = escribir_plantilla(RESUMEN_POA, tmp_path / "r.xlsx", completo(anexo01, **cambios))
    hallazgos = hallazgos_de(ruta)
    assert [h for h in hallazgos if h[0] == esperado[0]] == [esperado]


def test_anio_fiscal_esperado(tmp_path: Path, anexo01) -> None:
    ruta = escribir_plantilla(RESUMEN_POA, tmp_path / "r.xlsx", completo(anexo01))
    assert [(o.codigo, o.celda) for o in validar_archivo(ruta, Contexto(anio_fiscal=2028)).observaciones] == [
        ("POA-008", "B5")
    ]
    assert validar_archivo(ruta, Contexto(anio_fiscal=2027)).observaciones == []


def test_boton_generar_resumen_solo_escribe_la_hoja(tmp_path: Path, anexo01) -> None:
    ruta = escribir_plantilla(RESUMEN_POA, tmp_path / "r.xlsx", completo(anexo01))
    book = xw.Book(json=payload_desde_archivo(ruta))
    assert botones.generar_resumen(book) == []
    nombres = [s.name for s in book.sheets]
    escritas = {nombres[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert escritas == {HOJA}
