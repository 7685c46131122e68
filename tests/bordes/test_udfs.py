"""Funciones de Excel de libro: directas y por el punto de llamada de funciones de xlwings Server."""

import importlib.util
from datetime import date

import pytest

from libro.nucleo.calendario import sumar_dias_habiles
from libro.poi.perfiles import metas_por_perfil, pesos_de_perfil
from libro.servidor import udfs


def serial(fecha: date) -> int:
    return (fecha - date(1899, 12, 30)).days


def test_meta_mensual_reparte_como_libro() -> None:
    esperado = metas_por_perfil(10.0, True, pesos_de_perfil("Uniforme"))
    assert [udfs.meta_mensual(10, "Uniforme", m) for m in range(1, 13)] == esperado
    assert sum(udfs.meta_mensual(10, "Uniforme", m) for m in range(1, 13)) == 10
    assert udfs.meta_mensual(12, "Trimestral", "marzo") == 3.0
    assert udfs.meta_mensual(12, "Trimestral", 2) == 0.0
    assert udfs.meta_mensual(7, "Única en un mes", "setiembre", "Septiembre") == 7.0
    assert udfs.meta_mensual("1,5", "Semestral", 6) == 0.75


@pytest.mark.parametrize(("args", "texto"), [
    ((12, "Trimestral", 13), "del 1 al 12"),
    ((12, "Trimestral", "marzito"), "no es un mes"),
    (("doce", "Uniforme", 1), "meta_anual: se esperaba un número"),
    ((12, "Mensualito", 1), "perfil desconocido «Mensualito»"),
    ((12, "Personalizada", 1, "1;2"), "12 pesos"),
])
def test_meta_mensual_explica_el_error(args, texto) -> None:
    with pytest.raises(udfs.ErrorDeFormula, match=texto):
        udfs.meta_mensual(*args)


def test_avance_y_semaforo() -> None:
    assert udfs.avance(10, 8) == 80.0
    assert udfs.avance(5, 10, "Decreciente") == 50.0
    assert udfs.avance(0, 0) == "Sin meta"
    assert udfs.avance(10, None) == "Sin ejecutado"
    assert udfs.avance(0, 3) == "Ejecutado sin meta programada"
    with pytest.raises(udfs.ErrorDeFormula, match="Creciente"):
        udfs.avance(10, 8, "hacia arriba")
    assert [udfs.semaforo(p) for p in (100, 95, 60, 10)] == ["Verde", "Verde", "Ámbar", "Rojo"]
    assert udfs.semaforo("Sin meta") == "" and udfs.semaforo(None) == ""
    assert udfs.semaforo(80, verde=80, ambar=50) == "Verde" and udfs.semaforo(79, 80, 50) == "Ámbar"


def test_plazo_y_dias_habiles() -> None:
    assert udfs.plazo("del 1 al 15 de abril", 2027) == [[serial(date(2027, 4, 1)), serial(date(2027, 4, 15))]]
    assert udfs.plazo("abril - junio", 2027) == [[serial(date(2027, 4, 1)), serial(date(2027, 6, 30))]]
    with pytest.raises(udfs.ErrorDeFormula, match="No se reconoce el plazo"):
        udfs.plazo("cuando se pueda", 2027)
    # 24/12/2027 es viernes; el 25 es sábado (Navidad): el siguiente hábil es el lunes 27
    assert udfs.dias_habiles("24/12/2027", 1) == serial(date(2027, 12, 27))
    assert udfs.dias_habiles(serial(date(2027, 7, 27)), 3) == serial(sumar_dias_habiles(date(2027, 7, 27), 3))
    assert udfs.dias_habiles(date(2027, 3, 1), 0) == serial(date(2027, 3, 1))
    with pytest.raises(udfs.ErrorDeFormula, match="número entero"):
        udfs.dias_habiles(date(2027, 3, 1), 1.5)


@pytest.mark.parametrize("serial_excel", [1, 59, 61, 46101])
def test_plazo_devuelve_el_mismo_serial_que_recibe(serial_excel) -> None:
    assert udfs.plazo(serial_excel) == [[serial_excel, serial_excel]]


def test_fechas_que_excel_no_muestra_son_error_de_formula() -> None:
    with pytest.raises(udfs.ErrorDeFormula, match="29 de febrero de 1900"):
        udfs.plazo(60)
    with pytest.raises(udfs.ErrorDeFormula, match="Excel no puede mostrar la fecha 01/01/1850"):
        udfs.plazo("1 de enero de 1850")


def test_cada_funcion_tiene_ayuda_en_espanol() -> None:
    nombres = [f.__name__ for f in udfs.FUNCIONES]
    assert nombres == ["meta_mensual", "avance", "semaforo", "plazo", "dias_habiles"]
    for f in udfs.FUNCIONES:
        assert f.__doc__ and set(udfs.DOCUMENTACION[f.__name__]) <= set(f.__code__.co_varnames)


# --- Por el servidor ---

servidor_disponible = pytest.mark.skipif(importlib.util.find_spec("xlwings_server") is None,
                                         reason="falta el paquete xlwings-server")


@pytest.fixture(scope="module")
def cliente():
    from fastapi.testclient import TestClient

    from libro.servidor import app as servidor
    from libro.servidor.configuracion import Ajustes

    return TestClient(servidor.crear_app(Ajustes(sin_autenticacion=True)))


def llamar(cliente, funcion: str, *args) -> object:
    import xlwings

    datos = {"func_name": funcion, "args": [[[a]] for a in args], "client": "Office.js",
             "version": xlwings.__version__, "runtime": "1.4", "culture_info_name": "es-PE",
             "date_format": "dd/mm/yyyy", "caller_address": "Actividades!AM7"}
    return cliente.post("/xlwings/custom-functions-call", json=datos)


@servidor_disponible
def test_funciones_publicadas(cliente) -> None:
    meta = cliente.get("/xlwings/custom-functions-meta").json()["functions"]
    por_nombre = {f["name"]: f for f in meta}
    assert set(por_nombre) == {"META_MENSUAL", "AVANCE", "SEMAFORO", "PLAZO", "DIAS_HABILES"}
    meta_mensual = por_nombre["META_MENSUAL"]
    assert meta_mensual["description"].startswith("Meta del mes según el perfil")
    assert [p["name"] for p in meta_mensual["parameters"]] == ["meta_anual", "perfil", "mes", "detalle"]
    assert meta_mensual["parameters"][3]["optional"] is True
    assert meta_mensual["parameters"][1]["description"].startswith("Perfil de distribución")


@servidor_disponible
def test_funciones_por_http(cliente) -> None:
    assert llamar(cliente, "meta_mensual", 12, "Trimestral", 3, None).json() == {"result": [[3.0]]}
    assert llamar(cliente, "avance", 10, 8, None).json() == {"result": [[80.0]]}
    assert llamar(cliente, "semaforo", 80.0, None, None).json() == {"result": [["Ámbar"]]}
    assert llamar(cliente, "plazo", "abril", 2027).json() == {
        "result": [[serial(date(2027, 4, 1)), serial(date(2027, 4, 30))]]}
    assert llamar(cliente, "dias_habiles", serial(date(2027, 12, 24)), 1).json() == {
        "result": [[serial(date(2027, 12, 27))]]}


@servidor_disponible
def test_error_de_formula_por_http(cliente) -> None:
    respuesta = llamar(cliente, "meta_mensual", 12, "Trimestral", 13, None)
    assert respuesta.status_code == 400     # error del usuario: Excel no reintenta y muestra el mensaje
    assert "escriba un número del 1 al 12" in respuesta.text
