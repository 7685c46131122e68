"""El parche del zip escribe lo que se le pide y el resultado es un paquete válido."""

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from libro.nucleo.escritura import AsegurarHoja, Bloque, Escritura, Formula, Limpiar
from libro.nucleo.estilos import PROPIEDADES, Estilos
from libro.salida.parche_zip import aplicar

texto = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30
)
valor = st.one_of(st.none(), st.integers(-(10**9), 10**9), st.floats(-1e9, 1e9, allow_nan=False), texto)


def _base(ruta: Path) -> Path:
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Datos")
    hoja.set_column(2, 2, 12, libro.add_format({"num_format": "0.00"}))
    hoja.write_row(0, 0, ["a", "b", "c"])
    hoja.write_row(3, 0, [1, 2, 3])
    hoja.data_validation(1, 0, 50, 0, {"validate": "list", "source": ["x", "y"]})
    libro.close()
    return ruta


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fila=st.integers(0, 40),
    columna=st.integers(0, 30),
    valores=st.lists(st.lists(valor, min_size=1, max_size=4), min_size=1, max_size=4),
)
def test_lo_escrito_se_lee_igual(tmp_path: Path, fila: int, columna: int, valores: list[list]) -> None:
    entrada = _base(tmp_path / "base.xlsx")
    salida = tmp_path / "salida.xlsx"
    bloque = Bloque("Datos", fila, columna, valores)
    aplicar(entrada, salida, Escritura().agregar(bloque))
    grilla = (
        CalamineWorkbook.from_path(str(salida)).get_sheet_by_name("Datos").to_python(skip_empty_area=False)
    )
    for i, fila_valores in enumerate(bloque.rectangular()):
        for j, esperado in enumerate(fila_valores):
            r, c = fila + i, columna + j
            leido = grilla[r][c] if r < len(grilla) and c < len(grilla[r]) else ""
            if isinstance(esperado, str):
                assert leido == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", esperado)
            else:
                assert leido == ("" if esperado is None else esperado)
    openpyxl.load_workbook(salida)  # el paquete sigue siendo válido


def test_hoja_nueva_limpiar_y_formula(tmp_path: Path) -> None:
    entrada = _base(tmp_path / "base.xlsx")
    salida = tmp_path / "salida.xlsx"
    escritura = Escritura().agregar(
        AsegurarHoja("Nueva", oculta=True),
        Bloque(
            "Nueva",
            0,
            0,
            [["  con espacios  ", Formula('=HYPERLINK("#Datos!A1","A1")')]],
            formatos=(None, None),
            estilos={0: "encabezado"},
        ),
        Limpiar("Datos", 3),
        Bloque("Datos", 5, 2, [[2.5]]),
    )
    aplicar(entrada, salida, escritura)
    aplicar(salida, tmp_path / "otra.xlsx", escritura)
    libro = CalamineWorkbook.from_path(str(salida))
    assert libro.sheet_names == ["Datos", "Nueva"]
    assert libro.get_sheet_by_name("Nueva").to_python() == [["  con espacios  ", "A1"]]
    datos = libro.get_sheet_by_name("Datos").to_python(skip_empty_area=False)
    assert datos[3] == ["", "", ""] and datos[5][2] == 2.5
    abierto = openpyxl.load_workbook(salida)
    assert abierto["Nueva"].sheet_state == "hidden"
    assert abierto["Nueva"]["B1"].value == '=HYPERLINK("#Datos!A1","A1")'
    assert abierto["Nueva"]["A1"].font.b is True
    assert abierto["Datos"]["C6"].number_format == "0.00"  # hereda el formato de la columna
    assert len(abierto["Datos"].data_validations.dataValidation) == 1
    estilos = zipfile.ZipFile(salida).read("xl/styles.xml")
    assert zipfile.ZipFile(tmp_path / "otra.xlsx").read("xl/styles.xml") == estilos  # no agrega estilos


def _con_sistema_1904(ruta: Path) -> Path:
    """El libro base, marcado como del sistema de fechas 1904 (Excel para Mac antiguo)."""
    libro = xlsxwriter.Workbook(str(ruta), {"date_1904": True})
    libro.add_worksheet("Datos").write(0, 0, "fecha")
    libro.close()
    return ruta


@pytest.mark.parametrize(("crear", "serial"), [(_base, 46101.5), (_con_sistema_1904, 44639.5)])
def test_fechas_en_el_sistema_del_libro(tmp_path: Path, crear, serial) -> None:
    salida = tmp_path / "salida.xlsx"
    momento = datetime(2026, 3, 20, 12)
    escritura = Escritura().agregar(
        Bloque("Datos", 1, 0, [[momento, date(1850, 7, 28)]], formatos=("dd/mm/yyyy", None))
    )
    aplicar(crear(tmp_path / "base.xlsx"), salida, escritura)
    hoja = zipfile.ZipFile(salida).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A2"[^>]*><v>([^<]+)</v>', hoja).group(1) == repr(serial)
    abierto = openpyxl.load_workbook(salida)["Datos"]
    assert abierto["A2"].value == momento
    assert abierto["B2"].value == "28/07/1850"  # Excel no muestra fechas anteriores a 1900: va como texto


def _apariencia(celda) -> tuple:
    """Lo que se ve de una celda: fuente, relleno, bordes, alineación y formato de número."""
    f, b, a = celda.font, celda.border, celda.alignment
    color = f.color.rgb if f.color is not None and f.color.type == "rgb" else None  # sin color: el del tema
    return (
        (bool(f.b), bool(f.i), f.sz, color, f.name),
        (celda.fill.fill_type, celda.fill.fgColor.rgb if celda.fill.fill_type else None),
        tuple(getattr(b, lado).style for lado in ("left", "right", "top", "bottom")),
        (a.horizontal, a.vertical, bool(a.wrap_text)),
        celda.number_format,
    )


def test_parche_y_xlsxwriter_pintan_igual_cada_estilo_de_la_tabla(tmp_path: Path) -> None:
    nombres = list(PROPIEDADES)
    formatos = ("dd/mm/yyyy", '"S/ "#,##0.00')
    directo = tmp_path / "xlsxwriter.xlsx"
    libro = xlsxwriter.Workbook(str(directo))
    hoja = libro.add_worksheet("Datos")
    estilos = Estilos(libro, arriba=False)
    for i, nombre in enumerate(nombres):
        for j, numero in enumerate(formatos):
            hoja.write(i, j, 1, estilos(nombre, numero))
    libro.close()
    parchado = tmp_path / "parche.xlsx"
    bloques = [Bloque("Datos", i, 0, [[1, 1]], formatos, estilos={0: n}) for i, n in enumerate(nombres)]
    aplicar(_base(tmp_path / "base.xlsx"), parchado, Escritura().agregar(*bloques))
    esperado, obtenido = openpyxl.load_workbook(directo)["Datos"], openpyxl.load_workbook(parchado)["Datos"]
    for i, nombre in enumerate(nombres):
        for c in range(1, len(formatos) + 1):
            assert _apariencia(obtenido.cell(i + 1, c)) == _apariencia(esperado.cell(i + 1, c)), nombre
