"""Lectura tolerante: encabezados con otras tildes, mayúsculas, espacios y orden; celdas mal escritas."""

import random
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from libro.nucleo import fuentes, lector
from libro.nucleo.codecs import Codec
from libro.nucleo.fuentes import filas_por_llegada, grillas_de_archivo
from libro.nucleo.lector import LibroLeido, leer_libro, leer_libro_por_llegada
from libro.nucleo.observacion import Observacion
from libro.nucleo.textos import MESES_LARGOS
from libro.poi.formato import HOJA_ACTIVIDADES, HOJA_INSUMOS, POI
from libro.poi.objetivos import HOJA_AEI, HOJA_OEI


def _libro_ajeno(ruta: Path) -> Path:
    """Un POI tipeado a mano: encabezado en la fila 3, columnas en otro orden y otra escritura."""
    libro = xlsxwriter.Workbook(str(ruta))
    datos = libro.add_worksheet("DATOS DE LA UNIDAD")
    for i, (etiqueta, valor) in enumerate(
        [
            ("CODIGO DE LA UNIDAD ORGANICA", "gpp-01"),
            ("Unidad Orgánica", "Gerencia de Planeamiento"),
            ("responsable", "Ana Ccori"),
            ("AÑO FISCAL", 2027),
        ]
    ):
        datos.write_row(i + 2, 0, [etiqueta, valor])
    hoja = libro.add_worksheet("ACTIVIDADES")
    hoja.write(0, 0, "POI 2027 - Gerencia de Planeamiento")
    encabezados = [
        "  actividad   operativa ",
        "CODIGO",
        "Codigo  AEI",
        "UNIDAD DE MEDIDA",
        "indicador",
        "Tipo de Meta",
        "Categoria Presupuestal",
        "Meta Fisica Anual",
        *[f"Meta {m}" for m in MESES_LARGOS],
        *[f"S/ {m.upper()}" for m in MESES_LARGOS],
    ]
    hoja.write_row(2, 0, encabezados)
    hoja.write_row(
        3,
        0,
        [
            "Informe mensual",
            "ao.001",
            "aei.01.01",
            "Informe",
            "N° informes",
            "acumulable",
            "APNOP",
            12,
            *[1] * 12,
            *["1.234,50"] + [100] * 11,
        ],
    )
    hoja.write_row(4, 0, [""] * 5)
    hoja.write_row(5, 0, ["Taller", "AO.002", "AEI.01.01", "", "N° talleres", "quizás", "APNOP", -2])
    libro.close()
    return ruta


def test_lee_encabezados_y_orden_ajenos(tmp_path: Path) -> None:
    ruta = _libro_ajeno(tmp_path / "ajeno.xlsx")
    libro = leer_libro(POI, grillas_de_archivo(ruta))
    actividades = libro.hojas["Actividades"]
    assert actividades.hoja == "ACTIVIDADES"
    assert actividades.fila_encabezado == 2
    assert actividades.columna("codigo") == 1 and actividades.columna("actividad") == 0
    assert actividades.columna("metas", 0) == 8 and actividades.columna("montos", 11) == 31
    primera, segunda = actividades.filas
    assert (primera.fila, primera.codigo, primera.aei, primera.tipo_meta) == (
        3,
        "AO.001",
        "AEI.01.01",
        "Acumulable",
    )
    assert primera.metas == [1.0] * 12
    assert primera.montos == [1234.5] + [100.0] * 11
    assert segunda.fila == 5 and segunda.tipo_meta is None and segunda.meta_anual is None
    datos = libro.hojas["Datos"].filas[0]
    assert (datos.codigo_unidad, datos.anio_fiscal) == ("GPP-01", 2027)
    hallazgos = sorted((o.codigo, o.hoja, o.celda) for o in libro.observaciones)
    assert ("LIB-006", "ACTIVIDADES", "U4") in hallazgos  # «1.234,50» escrito como texto
    assert ("LIB-004", "ACTIVIDADES", "D6") in hallazgos  # unidad de medida vacía
    assert ("LIB-005", "ACTIVIDADES", "F6") in hallazgos  # «quizás» no es un tipo de meta
    assert ("LIB-005", "ACTIVIDADES", "H6") in hallazgos  # meta negativa
    assert ("LIB-001", "Insumos", "") in hallazgos  # hoja faltante
    assert ("LIB-001", "Modificaciones", "") not in hallazgos  # hoja opcional
    negativa = next(o for o in libro.observaciones if o.celda == "H6")
    assert (
        "ACTIVIDADES" in negativa.mensaje and "H6" in negativa.mensaje and "menor que 0" in negativa.mensaje
    )


def test_columna_obligatoria_faltante(tmp_path: Path) -> None:
    ruta = tmp_path / "sin_indicador.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Actividades")
    hoja.write_row(
        0,
        0,
        [
            "Código",
            "Actividad operativa",
            "Código AEI",
            "Unidad de medida",
            "Tipo de meta",
            "Categoría presupuestal",
            "Meta física anual",
        ],
    )
    hoja.write_row(1, 0, ["AO.001", "Algo", "AEI.01.01", "Informe", "Acumulable", "APNOP", 3])
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    faltantes = [o for o in leido.observaciones if o.codigo == "LIB-002"]
    assert [(o.hoja, o.celda) for o in faltantes] == [("Actividades", "A1")]
    assert "«Indicador»" in faltantes[0].mensaje


def test_sin_encabezado(tmp_path: Path) -> None:
    ruta = tmp_path / "vacio.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    libro.add_worksheet("Actividades").write(0, 0, "nada que ver")
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    assert "LIB-003" in {o.codigo for o in leido.observaciones}


FICHA_COMPLETA = [
    ("Código de la unidad orgánica", "GPP-01"),
    ("Unidad orgánica", "Gerencia de Planeamiento"),
    ("Responsable", "Ana Ccori"),
    ("Año fiscal", 2027),
]


@pytest.mark.parametrize(
    ("quitar", "esperado"),
    [(None, []), ("Responsable", [("LIB-007", "Datos", "")]), ("Año fiscal", [("LIB-007", "Datos", "")])],
    ids=["completa", "sin responsable", "sin año"],
)
def test_ficha_sin_una_etiqueta_obligatoria(tmp_path: Path, quitar: str | None, esperado: list) -> None:
    ruta = tmp_path / "datos.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Datos")
    for i, fila in enumerate(f for f in FICHA_COMPLETA if f[0] != quitar):
        hoja.write_row(i + 2, 0, fila)
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    faltantes = [o for o in leido.observaciones if o.codigo == "LIB-007"]
    assert [(o.codigo, o.hoja, o.celda) for o in faltantes] == esperado  # de toda la hoja: no hay celda
    if quitar:
        assert f"no se encontró la etiqueta «{quitar}» en la columna A" in faltantes[0].mensaje
        assert faltantes[0].es_error


def test_la_plantilla_se_lee_por_el_camino_rapido(libro_poi) -> None:
    """El encabezado de la plantilla no pasa por el reconocimiento tolerante ni se informa."""
    libro = leer_libro(POI, grillas_de_archivo(libro_poi()))
    assert all(not lectura.leidos and not lectura.ignoradas for lectura in libro.hojas.values())
    assert libro.hojas["Actividades"].columna("montos", 11) == 35


def test_una_columna_agregada_a_la_plantilla_se_lista_y_no_cambia_las_demas(tmp_path: Path) -> None:
    from libro.nucleo.lector import columnas_leidas

    columnas = [c.encabezado for c in POI.hoja("Actividades").columnas]
    ruta = tmp_path / "con_columna.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    hoja = libro.add_worksheet("Actividades")
    hoja.write_row(4, 0, [*columnas, "Comentario de la unidad"])
    hoja.write_row(5, 0, ["AO.001", "Algo", "AEI.01.01", "Informe", "Informes", "Acumulable", "APNOP", 12])
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    assert leido.hojas["Actividades"].columna("meta_anual") == 7
    sobrantes = [(c.celda, c.encabezado) for c in columnas_leidas(leido) if c.leida_como is None]
    assert sobrantes == [("AM5", "Comentario de la unidad")]


def test_etiquetas_de_la_ficha_con_otras_palabras_y_en_duda(tmp_path: Path) -> None:
    ruta = tmp_path / "datos.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    datos = libro.add_worksheet("Datos")
    for i, (etiqueta, valor) in enumerate([
        ("Código de la dependencia:", "GPP-01"),
        ("Nombre de la unidad orgánica", "Gerencia de Planeamiento"),
        ("Jefe", "Ana Quispe"),
        ("Ejercicio fiscal", 2027),
        ("Año", 2026),
    ]):
        datos.write_row(i + 2, 0, [etiqueta, valor])
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    ficha = leido.ficha("Datos")
    assert (ficha.codigo_unidad, ficha.nombre_unidad, ficha.responsable) == (
        "GPP-01", "Gerencia de Planeamiento", "Ana Quispe")
    assert ficha.anio_fiscal == 2026  # «Año» es un título de la plantilla: gana a «Ejercicio fiscal»
    assert not [o for o in leido.observaciones if o.hoja == "Datos"]


def test_columna_faltante_nombra_los_titulos_que_tambien_valen(tmp_path: Path) -> None:
    ruta = tmp_path / "sin_meta.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    libro.add_worksheet("Actividades").write_row(
        0, 0, ["Código", "Actividad", "AEI", "Unidad de medida", "Indicador", "Tipo de meta", "Categoría"])
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    (falta,) = [o for o in leido.observaciones if o.codigo == "LIB-002"]
    assert "«Meta física anual»" in falta.mensaje and "«Meta anual»" in falta.mensaje


def test_dos_etiquetas_que_pueden_ser_el_mismo_dato(tmp_path: Path) -> None:
    ruta = tmp_path / "datos_dudosos.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    datos = libro.add_worksheet("Datos")
    for i, (etiqueta, valor) in enumerate([("Código", "GPP-01"), ("Unidad orgánica", "Gerencia"),
                                           ("Jefe", "Ana"), ("Gerente", "Luis"), ("Año fiscal", 2027)]):
        datos.write_row(i, 0, [etiqueta, valor])
    libro.close()
    leido = leer_libro(POI, grillas_de_archivo(ruta))
    (duda,) = [o for o in leido.observaciones if o.codigo == "LIB-008"]
    assert duda.celda == "A3"
    assert "«Responsable» puede estar en A3 («Jefe») o en A4 («Gerente»)" in duda.mensaje
    assert "LIB-007" not in {o.codigo for o in leido.observaciones}


# La lectura por columnas frente a la lectura celda por celda, en un libro desordenado.

RAROS = [
    None, "", "   ", "\xa0", True, datetime(2026, 3, 15), 5.0, 0.0, -3.0, 12.5, 2027.0, 0.1 + 0.2, 1e9,
    "1.234,50", "S/ 1,234.50", " 7 ", "60 %", "1.234", "doce", "-5", "Taller", "  Taller  ",
    "Taller  de  capacitación", "línea\nnueva", "duro\xa0espacio", "x" * 600, "acumulable", "NO ACUMULABLE",
    "quizás", "uniforme", "ÚNICA EN UN MES", "ao.002", "AO 003", "AO_004", "aei.01.01", "2.3.1.5.1",
    "servicio", "marzo", "1;1;2;2;2;1;1;1;2;2;2;1",
]


def _libro_desordenado(ruta: Path, semilla: int) -> Path:
    """Un POI con de todo en cada celda, columnas en otro orden, un mes sin columna y filas vacías.

    Más unas celdas fijas: un número escrito como texto, un obligatorio vacío, una opción que no está
    en la lista y un monto mensual negativo en la fila 7.
    """
    azar = random.Random(semilla)
    libro = xlsxwriter.Workbook(str(ruta))
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})

    def escribir(hoja: xlsxwriter.worksheet.Worksheet, r: int, j: int, valor: object) -> None:
        if isinstance(valor, datetime):
            hoja.write_datetime(r, j, valor, fecha)
        elif valor is not None:
            hoja.write(r, j, valor)

    datos = libro.add_worksheet("Datos")
    for r, c in enumerate(POI.hoja("Datos").columnas):
        datos.write(r + 2, 0, c.encabezado)
        escribir(datos, r + 2, 1, azar.choice(RAROS))
    for tabla in (HOJA_ACTIVIDADES, HOJA_INSUMOS, HOJA_OEI, HOJA_AEI):
        encabezados = [c.encabezado for c in tabla.columnas if c.encabezado != "S/ Jul"]
        azar.shuffle(encabezados)
        hoja = libro.add_worksheet(tabla.nombre)
        hoja.write_row(3, 0, encabezados)
        for r in range(4, 70):
            if azar.random() < 0.1:
                continue
            for j in range(len(encabezados)):
                if azar.random() < 0.5:
                    escribir(hoja, r, j, azar.choice(RAROS))
        if tabla is HOJA_ACTIVIDADES:
            fijas = {"Meta Ene": "1.234,50", "Indicador": "   ", "Tipo de meta": "quizás", "S/ Feb": -4.0}
            for encabezado, valor in fijas.items():
                hoja.write(6, encabezados.index(encabezado), valor)
    libro.close()
    return ruta


def _volcado(libro: LibroLeido) -> tuple[list, list]:
    filas = [
        (h, f.fila, sorted((k, repr(v)) for k, v in vars(f).items()))
        for h, lectura in libro.hojas.items()
        for f in lectura.filas
    ]
    observaciones = [(o.codigo, o.hoja, o.celda, o.mensaje, o.valor) for o in libro.observaciones]
    return filas, observaciones


def _celda_por_celda(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cada codec lee como antes de la lectura por columnas: toda celda no vacía pasa por `leer`."""
    pendientes = [Codec]
    while pendientes:
        clase = pendientes.pop()
        monkeypatch.setattr(clase, "leer_columna", Codec.leer_columna)
        pendientes.extend(clase.__subclasses__())


def _como_xlwings(grilla: list[list]) -> list[list]:
    """La misma grilla como la da xlwings: None en las vacías; aquí, además, filas cortas."""
    filas = [[None if v == "" else v for v in fila] for fila in grilla]
    return [fila[: max((j + 1 for j, v in enumerate(fila) if v is not None), default=0)] for fila in filas]


@pytest.mark.parametrize("semilla", [1, 2, 3])
def test_por_columnas_observa_lo_mismo_que_celda_por_celda(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, semilla: int
) -> None:
    ruta = _libro_desordenado(tmp_path / "desordenado.xlsx", semilla)
    grillas = grillas_de_archivo(ruta)
    por_columnas = _volcado(leer_libro(POI, grillas))
    por_llegada = _volcado(leer_libro_por_llegada(POI, list(grillas), filas_por_llegada(ruta)))
    de_xlwings = _volcado(leer_libro(POI, {h: _como_xlwings(g) for h, g in grillas.items()}))
    monkeypatch.setattr(lector, "FILAS_POR_BLOQUE", 7)
    en_bloques_cortos = _volcado(leer_libro(POI, grillas))
    _celda_por_celda(monkeypatch)
    por_celdas = _volcado(leer_libro(POI, grillas))
    assert por_columnas == por_celdas
    assert por_llegada == por_celdas
    assert de_xlwings == por_celdas
    assert en_bloques_cortos == por_celdas
    codigos = {o[0] for o in por_celdas[1]}
    assert {"LIB-004", "LIB-005", "LIB-006"} <= codigos


def test_por_columnas_nombra_la_celda_y_rescata_el_numero(tmp_path: Path) -> None:
    ruta = _libro_desordenado(tmp_path / "desordenado.xlsx", 1)
    libro = leer_libro(POI, grillas_de_archivo(ruta))
    actividades = libro.hojas["Actividades"]
    en_fila_7 = {o.columna: o for o in libro.observaciones if o.hoja == "Actividades" and o.fila == 6}

    def observada(campo: str, mes: int | None = None) -> Observacion:
        return en_fila_7[actividades.columna(campo, mes)]

    fila = next(f for f in actividades.filas if f.fila == 6)
    como_texto = observada("metas", 0)
    assert (como_texto.codigo, fila.metas[0]) == ("LIB-006", 1234.5)
    assert como_texto.mensaje == (
        f"Hoja «Actividades», celda {como_texto.celda}: «Meta Ene»: el número «1.234,50» está escrito "
        "como texto y Excel no lo suma. Vuelva a escribirlo como número (1234.5)."
    )
    vacio = observada("indicador")
    assert (vacio.codigo, fila.indicador) == ("LIB-004", None)
    assert vacio.mensaje == f"Hoja «Actividades», celda {vacio.celda}: falta «Indicador». Complete este dato."
    opcion = observada("tipo_meta")
    assert (opcion.codigo, opcion.valor, fila.tipo_meta) == ("LIB-005", "quizás", None)
    assert "elija una de: Acumulable, No acumulable" in opcion.mensaje
    negativo = observada("montos", 1)
    assert (negativo.codigo, fila.montos[1]) == ("LIB-005", None)
    assert "«S/ Feb» tiene «-4»: no puede ser menor que 0" in negativo.mensaje
    assert actividades.columna("montos", 6) is None and all(len(f.montos) == 12 for f in actividades.filas)
    assert all(f.montos[6] is None for f in actividades.filas)


def test_libro_grande_se_lee_igual_con_dos_hilos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruta = _libro_desordenado(tmp_path / "desordenado.xlsx", 1)
    de_a_una = grillas_de_archivo(ruta)
    monkeypatch.setattr(fuentes, "BYTES_EN_PARALELO", 0)
    assert grillas_de_archivo(ruta) == de_a_una
    assert list(grillas_de_archivo(ruta, ["Insumos", "Datos"])) == ["Datos", "Insumos"]


def test_las_filas_empiezan_en_a1_aunque_la_hoja_empiece_despues(tmp_path: Path) -> None:
    ruta = tmp_path / "corrida.xlsx"
    with xlsxwriter.Workbook(ruta) as libro:
        hoja = libro.add_worksheet("Datos")
        hoja.write("C3", "Unidad")
        hoja.write("D4", 7)
    vacia = ["", "", "", ""]
    assert grillas_de_archivo(ruta) == {"Datos": [vacia, vacia, ["", "", "Unidad", ""], ["", "", "", 7.0]]}
