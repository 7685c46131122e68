"""Botones del POI por el motor remoto de xlwings: libro real → JSON → macro → acciones."""

from collections import Counter
from pathlib import Path

import pytest
import xlwings as xw
from conftest import cambiar

from libro.poi import hojas as hojas_poi
from libro.servidor.remoto import payload_desde_archivo
from macros_py import poi


def _book(ruta: Path) -> xw.Book:
    return xw.Book(json=payload_desde_archivo(ruta))


def _acciones(book: xw.Book) -> list[dict]:
    return book.json()["actions"]


def _valores_escritos(acciones: list[dict], hoja: int) -> dict[tuple[int, int], object]:
    celdas = {}
    for a in acciones:
        if a["func"] == "setValues" and a["sheet_position"] == hoja:
            for i, fila in enumerate(a["values"]):
                for j, v in enumerate(fila):
                    celdas[(a["start_row"] + i, a["start_column"] + j)] = v
    return celdas


def _posicion(book: xw.Book, nombre: str) -> int:
    return [s.name for s in book.sheets].index(nombre)


def test_validar_escribe_observaciones_y_marcas(libro_poi) -> None:
    book = _book(libro_poi(lambda d: cambiar(d, "Actividades", 1, aei="AEI.77.01")))
    observaciones = poi.validar(book)
    assert [(o.codigo, o.celda) for o in observaciones] == [("POI-001", "C7")]
    acciones = _acciones(book)
    obs = _valores_escritos(acciones, _posicion(book, "Observaciones"))
    assert obs[(4, 2)] == "POI-001"
    assert obs[(4, 4)] == '=HYPERLINK("#\'Actividades\'!C7","C7")'
    marcas = _valores_escritos(acciones, _posicion(book, "_marcas_Actividades"))
    assert marcas[(6, 2)] == "E"
    assert [v for v in marcas.values() if v] == ["E"]
    assert acciones[-1]["func"] == "alert" and "1 error(es)" in acciones[-1]["args"][0]
    escritas = {a["sheet_position"] for a in acciones if a["func"] == "setValues"}
    assert _posicion(book, "Actividades") not in escritas  # validar no toca datos


def test_calcular_metas_solo_escribe_celdas_calculadas(libro_poi) -> None:
    def modificar(d):
        cambiar(d, "Actividades", 0, perfil=None, metas=[1.0] * 12, meta_anual=12.0)

    book = _book(libro_poi(modificar, calculado=False))
    poi.calcular_metas(book)
    acciones = _acciones(book)
    actividades = _valores_escritos(acciones, _posicion(book, "Actividades"))
    columnas = {c for (_, c) in actividades}
    assert columnas == set(range(11, 23)) | set(range(24, 36)) | {36, 37}  # meses y totales
    filas_meses = {f for (f, c) in actividades if 11 <= c < 23}
    assert 5 not in filas_meses and 6 in filas_meses  # la fila sin perfil conserva sus meses
    assert "SUM(L6:W6)" in actividades[(5, 36)]  # pero recibe su total, como fórmula viva
    semestral = [actividades[(6, c)] for c in range(11, 23)]
    assert (
        semestral[5]
        and semestral[11]
        and sum(v for v in semestral if v) == book.sheets["Actividades"]["H7"].value
    )


def test_generar_resumen_solo_toca_resumen(libro_poi) -> None:
    book = _book(libro_poi())
    poi.generar_resumen(book)
    hojas = {a["sheet_position"] for a in _acciones(book) if a["sheet_position"] is not None}
    assert hojas == {_posicion(book, "Resumen")}
    resumen = _valores_escritos(_acciones(book), _posicion(book, "Resumen"))
    assert resumen[(1, 1)].startswith("GPP-01")


def test_texto_que_parece_formula_va_como_texto(libro_poi) -> None:
    book = _book(libro_poi(lambda d: cambiar(d, "AEI", 1, accion="=1+1")))
    poi.generar_resumen(book)
    valores = _valores_escritos(_acciones(book), _posicion(book, "Resumen")).values()
    assert "'=1+1" in valores and "=1+1" not in valores


@pytest.mark.parametrize("accion", [poi.validar, poi.calcular_metas, poi.generar_resumen])
def test_acciones_no_crecen_con_las_filas(libro_poi, accion) -> None:
    conteos = []
    for n in (50, 500):
        book = _book(libro_poi(actividades=n, nombre=f"poi_{n}.xlsx"))
        accion(book)
        conteos.append(Counter(a["func"] for a in _acciones(book)))
    assert conteos[0] == conteos[1]
    assert sum(conteos[1].values()) < 60


def test_error_se_muestra_como_mensaje(libro_poi, monkeypatch) -> None:
    def falla(*_):
        raise ValueError("la hoja «AEI» está protegida")

    book = _book(libro_poi())
    monkeypatch.setattr(hojas_poi, "escritura_resumen", falla)
    assert poi.generar_resumen(book) == []
    (alerta,) = [a for a in _acciones(book) if a["func"] == "alert"]
    assert alerta["args"][0] == "libro no pudo completar la acción: la hoja «AEI» está protegida"
    assert [a["func"] for a in _acciones(book)] == ["alert"]


def test_resumen_avisa_sin_hablar_de_validacion(libro_poi) -> None:
    book = _book(libro_poi())
    poi.generar_resumen(book)
    (alerta,) = [a for a in _acciones(book) if a["func"] == "alert"]
    assert alerta["args"][0] == "Hoja «Resumen» actualizada."
