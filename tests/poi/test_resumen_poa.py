"""Resumen del POA (formato resumen-poa): desde el POI consolidado, las diez secciones para imprimir, la
aprobación y el pronunciamiento, reglas POA y botones."""

import re
from array import array
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw
from conftest import filas_con, hallazgos_de, hoja_de
from python_calamine import CalamineWorkbook

from libro.consolidar import consolidar
from libro.demo.directivas import PRESENTACION
from libro.demo.poi import objetivos, unidad
from libro.nucleo.contexto import Contexto
from libro.poi.consolidacion import tablas
from libro.poi.consolidacion.agregados import MONTOS
from libro.poi.consolidacion.calculo import NUMEROS, TEXTOS_ACTIVIDAD, Consolidacion, UnidadPoi
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


def _actividad(codigo: str, aei: str, meta: float, mensual: float) -> dict:
    return {
        "codigo": codigo, "actividad": f"Actividad {codigo}", "oei": "OEI." + aei[4:6], "aei": aei,
        "unidad_medida": "Informe", "indicador": "", "tipo_meta": "Acumulable", "categoria": "",
        "meta_anual": meta, "metas": [meta / 12] * 12, "montos": [mensual] * 12,
    }


def _unidad(codigo: str, nombre: str, marco: float | None, presupuesto: tuple[float, float, float],
            actividades: list[dict], aei: dict[str, str]) -> UnidadPoi:
    """Una unidad como la devuelve el proceso que lee su POI: textos por campo y números fila tras fila."""
    textos = {campo: [a[campo] for a in actividades] for campo in (*TEXTOS_ACTIVIDAD, "oei")}
    numeros = array(
        "d", [a[c.campo] if c.mes is None else a[c.campo][c.mes] for a in actividades for c in NUMEROS]
    )
    return UnidadPoi(codigo, nombre, 2027, None, marco, *presupuesto, textos, numeros, aei)


def consolidacion() -> Consolidacion:
    """GPP-01 con dos actividades (S/ 24 000) y GDU-03 con una (S/ 6 000); presupuestos que cuadran."""
    gpp = _unidad(
        "GPP-01", "Gerencia de Planeamiento y Presupuesto", 30_000.0, (24_000.0, 14_000.0, 10_000.0),
        [_actividad("AO.001", "AEI.01.01", 12, 1000.0), _actividad("AO.002", "AEI.04.01", 24, 1000.0)],
        {"AEI.01.01": "Acción 1", "AEI.04.01": "Acción 4"},
    )
    gdu = _unidad(
        "GDU-03", "Gerencia de Desarrollo Urbano", None, (6_000.0, 6_000.0, 0.0),
        [_actividad("AO.001", "AEI.01.01", 6, 500.0)], {"AEI.01.01": "Acción 1"},
    )
    return Consolidacion(2027, None, date(2027, 1, 15), unidades=[gpp, gdu], archivos=2)


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
    actividades = tablas(c).actividades
    for u in c.unidades:
        fila = next(f for f in hoja if f[0] == u.codigo and f[2] == u.actividades)
        propias = actividades[actividades["codigo_unidad"] == u.codigo]
        assert fila[3:15] == pytest.approx([propias[m].sum() for m in MONTOS])
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


def test_consolidar_escribe_el_resumen_y_toma_los_plazos_del_anexo02(tmp_path: Path, anexo01) -> None:
    from typer.testing import CliRunner

    from libro.cli import app
    from libro.poi.anexo02.formato import CRONOGRAMA_POI
    from libro.trabajos import plantilla_del_anio, plazos_de_cronograma_poi

    carpeta = tmp_path / "recibidos"
    escribir_plantilla(POI, carpeta / "poi_GPP-01.xlsx", unidad("GPP-01", "Planeamiento", semilla=1))
    anexo02 = Path(plantilla_del_anio(CRONOGRAMA_POI, 2027, tmp_path / "anexo02.xlsx").archivo)
    plazos = plazos_de_cronograma_poi(anexo02)
    assert Consolidacion(2027, 1, date(2027, 4, 1), plazos={(2027, 1): date(2027, 4, 20)}).plazo == date(
        2027, 4, 20
    )
    assert Consolidacion(2027, 1, date(2027, 4, 1)).plazo == date(2027, 4, 10)  # el de la directiva
    r = CliRunner().invoke(app, [
        "consolidar", str(carpeta), "--salida", str(tmp_path / "c.xlsx"), "--trimestre", "1",
        "--cronograma-poi", str(anexo02), "--resumen-poa", str(tmp_path / "r.xlsx"),
        "--anexo01", str(anexo01[0]),
    ])
    assert r.exit_code == 0, r.output
    assert HOJA in CalamineWorkbook.from_path(str(tmp_path / "r.xlsx")).sheet_names
    informe = hoja_de(tmp_path / "c.xlsx", "Informe trimestral")
    assert filas_con(informe, plazos[(2027, 1)].strftime("%d/%m/%Y"))
