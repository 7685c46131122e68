"""Libros como llegan de verdad: cronogramas, planes de trabajo y POI con otros títulos, dos columnas
de fechas, encabezados de varias filas, filas de título y de fase, columnas de más y en otro orden.

Cada libro se escribe aquí con XlsxWriter (ninguno sale de una plantilla de libro) con los mismos
errores sembrados; cada error debe aparecer en su celda del libro original y ninguna fila limpia
puede tener observaciones.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from libro.cronograma.ics import calendario
from libro.nucleo.celdas import celda
from libro.nucleo.contexto import Contexto
from libro.procesos import leer_archivo, validar_archivo
from libro.trabajos import leer_para_calendario

# --------------------------------------------------------------------------- escribir libros


@dataclass
class Hoja:
    """Una hoja a escribir: filas desde A1 (None deja la celda vacía) y rangos a combinar."""

    filas: list[list[Any]]
    combinar: Sequence[tuple[int, int, int, int]] = ()


def escribir(ruta: Path, hojas: dict[str, Hoja]) -> Path:
    libro = xlsxwriter.Workbook(str(ruta))
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    ajuste = libro.add_format({"text_wrap": True})
    for nombre, hoja in hojas.items():
        ws = libro.add_worksheet(nombre)
        for r, fila in enumerate(hoja.filas):
            for j, valor in enumerate(fila):
                if isinstance(valor, date):
                    ws.write_datetime(r, j, datetime(valor.year, valor.month, valor.day), fecha)
                elif isinstance(valor, str) and "\n" in valor:
                    ws.write_string(r, j, valor, ajuste)
                elif valor is not None:
                    ws.write(r, j, valor)
        for r0, c0, r1, c1 in hoja.combinar:
            ws.merge_range(r0, c0, r1, c1, hoja.filas[r0][c0])
    libro.close()
    return ruta


def hallazgos(ruta: Path, contexto: Contexto | None = None) -> list[tuple[str, str]]:
    return sorted((o.codigo, o.celda) for o in validar_archivo(ruta, contexto).observaciones)


# --------------------------------------------------------------------------- cronogramas

PREP, CONC, FORM = "PRIMERA FASE: PREPARACIÓN", "SEGUNDA FASE: CONCERTACIÓN", "CUARTA FASE: FORMALIZACIÓN"


@dataclass(frozen=True)
class Actividad:
    fase: str
    actividad: str
    plazo: str | None
    responsable: str | None
    inicio: Any = None
    """En los libros de dos columnas: lo que va en la de inicio (una fecha o un texto)."""
    fin: Any = None


D = date
ACTIVIDADES = [
    Actividad(PREP, "Elaborar el proyecto de ordenanza", "02 de marzo", "Gerencia de Planeamiento",
              D(2026, 3, 2), D(2026, 3, 2)),
    Actividad(PREP, "Aprobar la ordenanza", "05 de marzo", "Concejo Municipal", D(2026, 3, 5),
              D(2026, 3, 5)),
    Actividad(PREP, "Publicar la ordenanza", "04 de marzo", "Secretaría General", D(2026, 3, 4),
              D(2026, 3, 4)),
    Actividad(PREP, "Difundir el proceso en la radio", "13 de marzo", None, "13 de marzo", "13 de marzo"),
    Actividad(PREP, "Inscribir a los agentes participantes", "trece de marzo", "Participación Vecinal",
              D(2026, 3, 13), "trece de marzo"),
    Actividad(PREP, "Capacitar a los agentes participantes", None, "Equipo Técnico", None, None),
    Actividad(PREP, "Reunión de coordinación", "15 de marzo", "Equipo Técnico", D(2026, 3, 15),
              D(2026, 3, 15)),
    Actividad(CONC, "Taller de diagnóstico", "16 al 20 de marzo", "Equipo Técnico", D(2026, 3, 16),
              D(2026, 3, 20)),
    Actividad(CONC, "Taller de priorización de proyectos", "24 de marzo", "Equipo Técnico", "24 de marzo",
              "24 de marzo"),
    Actividad(FORM, "Formalizar los acuerdos", "10 de marzo", "Concejo Municipal", D(2026, 3, 10),
              D(2026, 3, 10)),
    Actividad(FORM, "Publicar el acta de acuerdos", "30 de abril de 2027", "Secretaría General",
              D(2027, 4, 30), D(2027, 4, 30)),
    Actividad(FORM, "Rendición de cuentas", "abril", "Alcaldía", "abril", "abril"),
]
"""Doce actividades del PP 2026 con siete errores sembrados (ver `SEMBRADOS`)."""

SEMBRADOS = [
    ("CRO-006", 2, "plazo"),  # se publica (4 de marzo) antes de aprobarse (5 de marzo)
    ("CRO-007", 3, "responsable"),  # sin responsable
    ("CRO-001", 4, "plazo"),  # «trece de marzo» no se entiende
    ("CRO-002", 5, "plazo"),  # sin plazo
    ("CRO-008", 6, "plazo"),  # domingo 15 de marzo
    ("CRO-005", 8, "plazo"),  # Concertación empieza después de una actividad de Formalización…
    ("CRO-004", 9, "plazo"),  # …que termina antes
    ("CRO-003", 10, "plazo"),  # 2027 en un proceso de 2026
]
TITULOS = [
    ["MUNICIPALIDAD DISTRITAL DE EJEMPLO"],
    [],
    ["CRONOGRAMA DEL PROCESO DEL PRESUPUESTO PARTICIPATIVO BASADO EN RESULTADOS 2026"],
    ["Aprobado por Decreto de Alcaldía N° 002-2026-MDE"],
    [],
]

Valor = Callable[[int, Actividad], Any]
"""El valor de una columna para la actividad i."""


def _campo(nombre: str) -> Valor:
    return lambda i, a: getattr(a, nombre)


def cronograma(
    ruta: Path,
    encabezado: list[list[Any]],
    columnas: list[tuple[str | None, Valor]],
    fases: str = "fila",
    titulos: list[list[Any]] = TITULOS,
    combinar_encabezado: Sequence[tuple[int, int, int, int]] = (),
    hoja: str = "Hoja1",
) -> tuple[Path, dict[tuple[int, str], str]]:
    """Escribe el cronograma con `columnas` (campo que la regla observa, valor) y devuelve la ruta y
    la celda de cada (actividad, campo). `fases`: «fila» (texto en la primera celda), «combinada»
    (sobre todas las columnas) o «columna» (la fase es una columna y no hay filas de fase)."""
    filas = [*titulos, *encabezado]
    combinar = [(r + len(titulos), c0, r1 + len(titulos), c1) for r, c0, r1, c1 in combinar_encabezado]
    celdas: dict[tuple[int, str], str] = {}
    fase_actual = None
    for i, a in enumerate(ACTIVIDADES):
        if fases != "columna" and a.fase != fase_actual:
            fase_actual = a.fase
            if fases == "combinada":
                combinar.append((len(filas), 0, len(filas), len(columnas) - 1))
            filas.append([a.fase])
        for j, (campo, _) in enumerate(columnas):
            if campo:
                celdas[(i, campo)] = celda(len(filas), j)
        filas.append([valor(i, a) for _, valor in columnas])
    return escribir(ruta, {hoja: Hoja(filas, combinar)}), celdas


def esperadas(celdas: dict[tuple[int, str], str], **campos: str) -> list[tuple[str, str]]:
    """Las observaciones sembradas en las celdas del libro; `campos` cambia el campo de un código."""
    return sorted((codigo, celdas[(i, campos.get(codigo, campo))]) for codigo, i, campo in SEMBRADOS)


def test_santa_ana_fecha_o_plazo_y_fases_combinadas(tmp_path: Path) -> None:
    """«FECHA / PLAZO» y «Responsable(s)», seis filas de título y fases combinadas sobre la fila."""
    ruta, celdas = cronograma(
        tmp_path / "santa_ana.xlsx",
        [["N°", "ACTIVIDADES", "METAS", "RESPONSABLE(S)", "FECHA / PLAZO"]],
        [(None, lambda i, a: i + 1), ("actividad", _campo("actividad")), (None, lambda i, a: "Acta"),
         ("responsable", _campo("responsable")), ("plazo", _campo("plazo"))],
        fases="combinada",
        titulos=[*TITULOS, []],
    )
    resultado = validar_archivo(ruta)
    assert resultado.formato == "cronograma-pp@1"
    assert hallazgos(ruta) == esperadas(celdas)
    assert ("CRO-002", "E14") in hallazgos(ruta)  # la celda del plazo en su fila, no la columna A
    plazo = next(c for c in resultado.columnas if c.leida_como == "Plazo")
    assert (plazo.celda, plazo.encabezado) == ("E7", "FECHA / PLAZO")
    assert [c.encabezado for c in resultado.columnas if c.leida_como is None] == ["N°"]
    texto, fuera = calendario(leer_para_calendario(ruta))
    assert texto.count("BEGIN:VEVENT") == 10  # todas menos «trece de marzo» y la que no tiene plazo
    assert sorted(p.fila.fila for p in fuera) == [12, 13]


def test_acciones_area_responsable_y_periodo_de_ejecucion(tmp_path: Path) -> None:
    """Títulos con otras palabras, en otro orden y con columnas de más."""
    ruta, celdas = cronograma(
        tmp_path / "otras_palabras.xlsx",
        [["Nº", "ACCIONES / ACTIVIDADES", "ÁREA RESPONSABLE", "PERIODO DE EJECUCIÓN", "OBJETIVO",
          "PRODUCTO / META", "PRESUPUESTO (S/)"]],
        [(None, lambda i, a: i + 1), ("actividad", _campo("actividad")),
         ("responsable", _campo("responsable")), ("plazo", _campo("plazo")),
         (None, lambda i, a: "Mejorar la participación" if i in (0, 7, 9) else None),
         (None, lambda i, a: "Acta"), (None, lambda i, a: 1500)],
    )
    resultado = validar_archivo(ruta)
    assert hallazgos(ruta) == esperadas(celdas)
    assert {c.encabezado: c.leida_como for c in resultado.columnas} == {
        "Nº": None,
        "ACCIONES / ACTIVIDADES": "Actividad",
        "ÁREA RESPONSABLE": "Responsable",
        "PERIODO DE EJECUCIÓN": "Plazo",
        "OBJETIVO": "Objetivo específico",
        "PRODUCTO / META": "Metas",
        "PRESUPUESTO (S/)": None,
    }
    assert "Plazo ← D6 «PERIODO DE EJECUCIÓN»" in resultado.detalle
    assert "columnas sin usar: A6 «Nº», G6 «PRESUPUESTO (S/)»" in resultado.detalle


def test_fecha_de_inicio_y_de_termino_con_fechas_de_excel(tmp_path: Path) -> None:
    """Dos columnas de fechas reales; lo que no se entiende se señala en su propia celda."""
    ruta, celdas = cronograma(
        tmp_path / "dos_fechas.xlsx",
        [["N°", "ACTIVIDAD", "FECHA DE INICIO", "FECHA DE TÉRMINO", "RESPONSABLE"]],
        [(None, lambda i, a: i + 1), ("actividad", _campo("actividad")), ("plazo", _campo("inicio")),
         ("fin", _campo("fin")), ("responsable", _campo("responsable"))],
    )
    assert hallazgos(ruta) == esperadas(celdas, **{"CRO-001": "fin"})
    libro, _ = leer_archivo(ruta)
    (lectura,) = libro.hojas.values()
    taller = lectura.filas[7]
    assert (taller.actividad, taller.plazo) == ("Taller de diagnóstico", "16/03/2026 al 20/03/2026")


def test_desde_y_hasta_escritos_como_texto_con_columna_de_fase(tmp_path: Path) -> None:
    """«Desde» y «Hasta» con texto, la fase en una columna y las columnas en otro orden."""
    ruta, celdas = cronograma(
        tmp_path / "desde_hasta.xlsx",
        [["Responsable", "Hasta", "Actividad", "Desde", "Fase"]],
        [("responsable", _campo("responsable")), ("fin", lambda i, a: _texto(a.fin)),
         ("actividad", _campo("actividad")), ("plazo", lambda i, a: _texto(a.inicio)),
         (None, lambda i, a: a.fase.split(": ")[1].capitalize())],
        fases="columna",
        titulos=[["Cronograma PP 2026"]],
    )
    assert hallazgos(ruta) == esperadas(celdas, **{"CRO-001": "fin"})


def _texto(valor: Any) -> Any:
    """Una fecha escrita como texto («13 de marzo»); lo demás, tal cual."""
    meses = ("enero", "febrero", "marzo", "abril", "mayo", "junio")
    if isinstance(valor, date):
        anio = "" if valor.year == 2026 else f" de {valor.year}"
        return f"{valor.day} de {meses[valor.month - 1]}{anio}"
    return valor


def test_encabezado_de_dos_filas_con_fechas_agrupadas(tmp_path: Path) -> None:
    """«FECHAS» combinado sobre «Inicio» y «Término»; los demás títulos combinados en vertical."""
    ruta, celdas = cronograma(
        tmp_path / "dos_filas.xlsx",
        [["ACTIVIDAD", "RESPONSABLE", "FECHAS", None, "OBSERVACIONES"],
         [None, None, "Inicio", "Término", None]],
        [("actividad", _campo("actividad")), ("responsable", _campo("responsable")),
         ("plazo", _campo("inicio")), ("fin", _campo("fin")), (None, lambda i, a: None)],
        combinar_encabezado=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)],
    )
    assert hallazgos(ruta) == esperadas(celdas, **{"CRO-001": "fin"})


def test_saltos_de_linea_y_objetivo_combinado(tmp_path: Path) -> None:
    """Títulos con saltos de línea («Fecha\\nprogramada») y un objetivo combinado sobre sus actividades."""
    objetivos = {0: "Aprobar el marco normativo", 7: "Concertar", 9: "Formalizar"}
    ruta, celdas = cronograma(
        tmp_path / "saltos.xlsx",
        [["Objetivo\nespecífico", "Actividad", "Fecha\nprogramada", "Unidad\nresponsable"]],
        [(None, lambda i, a: objetivos.get(i)), ("actividad", _campo("actividad")),
         ("plazo", _campo("plazo")), ("responsable", _campo("responsable"))],
        titulos=[["ANEXO I"], ["CRONOGRAMA DE ACTIVIDADES DEL PP 2026"], []],
    )
    assert hallazgos(ruta) == esperadas(celdas)
    libro, _ = leer_archivo(ruta)
    (lectura,) = libro.hojas.values()
    assert {f.objetivo for f in lectura.filas[:7]} == {"Aprobar el marco normativo"}


def test_errores_de_tipeo_y_columnas_de_mas(tmp_path: Path) -> None:
    ruta, celdas = cronograma(
        tmp_path / "tipeo.xlsx",
        [["Item", "Actvidad", "Observaciones", "Responsalbe", "Plazo", "Presupuesto"]],
        [(None, lambda i, a: i + 1), ("actividad", _campo("actividad")), (None, lambda i, a: "—"),
         ("responsable", _campo("responsable")), ("plazo", _campo("plazo")), (None, lambda i, a: 100)],
    )
    assert hallazgos(ruta) == esperadas(celdas)


def test_dos_columnas_que_pueden_ser_el_plazo_se_informan(tmp_path: Path) -> None:
    """«FECHA» y «PLAZO» (ambos títulos del plazo): LIB-008 nombra las dos celdas y no se adivina."""
    ruta, _ = cronograma(
        tmp_path / "dudoso.xlsx",
        [["ACTIVIDAD", "FECHA", "PLAZO", "RESPONSABLE"]],
        [("actividad", _campo("actividad")), (None, lambda i, a: "2026"), ("plazo", _campo("plazo")),
         ("responsable", _campo("responsable"))],
    )
    resultado = validar_archivo(ruta)
    dudas = [o for o in resultado.observaciones if o.codigo == "LIB-008"]
    assert [o.celda for o in dudas] == ["B6"]
    assert "B6 («FECHA»)" in dudas[0].mensaje and "C6 («PLAZO»)" in dudas[0].mensaje
    assert not any(o.codigo in ("CRO-001", "CRO-002", "LIB-002") for o in resultado.observaciones)


def test_sin_columna_de_plazo_una_sola_observacion(tmp_path: Path) -> None:
    ruta, _ = cronograma(
        tmp_path / "sin_plazo.xlsx",
        [["ACTIVIDAD", "META", "RESPONSABLE"]],
        [("actividad", _campo("actividad")), (None, lambda i, a: "Acta"),
         ("responsable", _campo("responsable"))],
    )
    resultado = validar_archivo(ruta)
    faltan = [o for o in resultado.observaciones if o.codigo == "LIB-002"]
    assert [o.celda for o in faltan] == ["A6"]
    assert "«Plazo»" in faltan[0].mensaje and "«Periodo»" in faltan[0].mensaje
    assert not any(o.codigo == "CRO-002" for o in resultado.observaciones)


# --------------------------------------------------------------------------- planes de trabajo

PLAN = [
    # (objetivo, acción, subactividad, fecha o (inicio, fin), responsable)
    ("Fortalecer la concertación", "Convocar a las instituciones", "Elaborar la convocatoria",
     ("02/03/2026", "06/03/2026"), "Secretaría técnica"),
    (None, None, "Aprobar la convocatoria", ("09/03/2026", "09/03/2026"), "Coordinación"),
    (None, None, "Publicar la convocatoria", ("05/03/2026", "05/03/2026"), "Imagen"),  # CRO-006
    (None, "Realizar los conversatorios", "Conversatorio con las juntas vecinales", ("abril", "mayo"),
     None),  # CRO-007
    (None, None, "Conversatorio con los gremios", ("junio", "julio"), "Secretaría técnica"),
    ("Hacer seguimiento a los acuerdos", "Informar a la población", "Reporte de seguimiento",
     ("1er trimestre", "xx de agosto"), "Coordinación"),  # CRO-001 (en la fecha de fin)
    (None, None, "Rendición de cuentas", ("29/03/2026", "29/03/2026"), "Alcaldía"),  # CRO-008 (domingo)
    (None, None, "Balance anual", ("diciembre", "enero 2027"), "Coordinación"),  # CRO-003
    (None, None, "Difusión de resultados", (None, None), "Imagen"),  # CRO-002
]
SEMBRADOS_PLAN = [("CRO-006", 2, "plazo"), ("CRO-007", 3, "responsable"), ("CRO-001", 5, "fin"),
                  ("CRO-008", 6, "plazo"), ("CRO-003", 7, "plazo"), ("CRO-002", 8, "plazo")]


def _plan(ruta: Path, encabezado: list[str], dos_fechas: bool,
          combinar: bool) -> tuple[Path, dict[tuple[int, str], str]]:
    """Plan de trabajo: objetivo | acción | subactividad | estrategia | fecha(s) | responsable."""
    filas: list[list[Any]] = [["PLAN DE TRABAJO DE LA MESA DE CONCERTACIÓN 2026"], [], encabezado]
    celdas: dict[tuple[int, str], str] = {}
    rangos: list[tuple[int, int, int, int]] = []
    for i, (objetivo, accion, sub, (inicio, fin), responsable) in enumerate(PLAN):
        r = len(filas)
        fechas = [inicio, fin] if dos_fechas else [_una_fecha(inicio, fin)]
        filas.append([objetivo, accion, sub, "Reuniones", *fechas, responsable])
        j_resp = 4 + len(fechas)
        celdas.update({(i, "plazo"): celda(r, 4), (i, "fin"): celda(r, 4 + len(fechas) - 1),
                       (i, "responsable"): celda(r, j_resp)})
    if combinar:
        rangos = [(3, 0, 7, 0), (3, 1, 4, 1), (8, 0, 11, 0), (8, 1, 11, 1)]
        for r0, c0, r1, _ in rangos:
            for r in range(r0 + 1, r1 + 1):
                filas[r][c0] = None
    escribir(ruta, {"PLAN": Hoja(filas, rangos)})
    return ruta, celdas


def _una_fecha(inicio: str | None, fin: str | None) -> str | None:
    """El plazo en una sola celda: «02/03/2026 al 06/03/2026», «abril - mayo» o un solo día."""
    if inicio == fin or not fin:
        return inicio
    return f"{inicio} al {fin}" if "/" in inicio else f"{inicio} - {fin}"


def test_plan_de_trabajo_con_fecha_o_plazo_y_celdas_combinadas(tmp_path: Path) -> None:
    ruta, celdas = _plan(tmp_path / "plan.xlsx",
                         ["OBJETIVO", "ACCIONES", "SUB ACTIVIDADES", "ESTRATEGIAS", "FECHA / PLAZO",
                          "RESPONSABLE(S)"], dos_fechas=False, combinar=True)
    resultado = validar_archivo(ruta)
    assert resultado.formato == "plan-trabajo@1"
    sembrados = [(c, i, "plazo" if campo == "fin" else campo) for c, i, campo in SEMBRADOS_PLAN]
    assert hallazgos(ruta) == sorted((c, celdas[(i, campo)]) for c, i, campo in sembrados)


def test_plan_de_trabajo_con_otras_palabras_y_dos_fechas(tmp_path: Path) -> None:
    ruta, celdas = _plan(tmp_path / "plan_fechas.xlsx",
                         ["Objetivo estratégico", "Líneas de acción", "Tareas", "Metodología",
                          "Fecha de inicio", "Fecha final", "Encargado"], dos_fechas=True, combinar=False)
    resultado = validar_archivo(ruta)
    assert resultado.formato == "plan-trabajo@1"
    assert hallazgos(ruta) == sorted((c, celdas[(i, campo)]) for c, i, campo in SEMBRADOS_PLAN)
    libro, _ = leer_archivo(ruta)
    (lectura,) = libro.hojas.values()
    assert [f.objetivo for f in lectura.filas][:3] == ["Fortalecer la concertación"] * 3  # heredado


# --------------------------------------------------------------------------- POI de las unidades

MESES = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SET", "OCT", "NOV", "DIC"]
NOMBRES_MES = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
               "Octubre", "Noviembre", "Diciembre"]


def _actividad(codigo: str, **cambios: Any) -> dict[str, Any]:
    fila = {"codigo": codigo, "actividad": f"Actividad {codigo}", "aei": "AEI.01.01",
            "unidad_medida": "Informe", "indicador": "N° de informes", "tipo_meta": "Acumulable",
            "categoria": "APNOP", "meta_anual": 12, "metas": [1] * 12, "valorizacion_anual": 1200,
            "montos": [100] * 12}
    return fila | cambios


ACTIVIDADES_POI = [
    _actividad("AO.001"),
    _actividad("AO.002", aei="AEI.09.09"),  # POI-001: la AEI no está en el Anexo 01
    _actividad("AO.003", metas=[2] + [1] * 11),  # POI-002: los meses suman 13
    _actividad("AO.002", actividad="Otra actividad"),  # POI-008: código repetido
    _actividad("AO.005", tipo_meta="quizás"),  # LIB-005: tipo de meta no válido
    _actividad("AO.006", indicador=None),  # LIB-004: indicador vacío
    _actividad("AO.007"),  # POI-007: sus insumos suman 1,000
]
SEMBRADOS_POI = [("POI-001", 1, "aei"), ("POI-002", 2, "meta_anual"), ("POI-008", 3, "codigo"),
                 ("LIB-005", 4, "tipo_meta"), ("LIB-004", 5, "indicador"),
                 ("POI-007", 6, "valorizacion_anual")]
INSUMOS = [  # clasificador, detalle, tipo, cantidad, costo unitario, actividad
    ("2.3.1.5.1", "Papel bond", "Bien", 5, 120, "AO.001"),
    ("2.3.2.7.11", "Impresión de afiches", "Bien", 1, 600, "AO.001"),  # POI-015: es un servicio
    ("2.3.1.5.1", "Papel bond", "Bien", 10, 120, "AO.002"),
    ("2.3.1.5.1", "Papel bond", "Bien", 10, 120, "AO.003"),
    ("2.3.1.5.1", "Papel bond", "Bien", 10, 120, "AO.005"),
    ("2.3.1.5.1", "Papel bond", "Bien", 10, 120, "AO.006"),
    ("2.3.1.5.1", "Papel bond", "Bien", 10, 100, "AO.007"),
    ("2.3.1.5.1", "Tóner", "Bien", 1, 90, "AO.999"),  # POI-012: actividad que no existe
]
SEMBRADOS_INSUMOS = [("POI-015", 1, "tipo"), ("POI-012", 7, "actividad")]
ANEXO = {
    "OEI": Hoja([["Código OEI", "Objetivo estratégico institucional", "Indicador", "Meta"],
                 ["OEI.01", "Mejorar la gestión", "Índice de gestión", "60 %"]]),
    "AEI": Hoja([["Código AEI", "Código OEI", "Acción estratégica institucional", "Indicador",
                  "Unidad de medida", "Meta anual"],
                 ["AEI.01.01", "OEI.01", "Planeamiento oportuno", "Documentos", "Documento", 4]]),
}
Clave = tuple[str, int | None] | None
"""(campo, mes) de una columna del POI ajeno; None para una columna de más."""


def _valor(actividad: dict[str, Any], clave_columna: Clave) -> Any:
    if clave_columna is None:
        return "—"
    campo, mes = clave_columna
    return actividad[campo] if mes is None else actividad[campo][mes]


def poi(
    ruta: Path,
    encabezado: list[list[Any]],
    columnas: list[Clave],
    combinar: Sequence[tuple[int, int, int, int]] = (),
    datos: Sequence[tuple[str, Any]] = (),
    insumos: tuple[str, list[str]] = ("Insumos", ["Clasificador", "Detalle", "Tipo", "Cantidad",
                                                  "Costo unitario (S/)", "Código de actividad"]),
    titulos: Sequence[list[Any]] = (["MUNICIPALIDAD PROVINCIAL"], ["PLAN OPERATIVO INSTITUCIONAL 2027"], []),
) -> tuple[Path, list[tuple[str, str, str]]]:
    """Escribe un POI ajeno y devuelve la ruta y las observaciones sembradas (código, hoja, celda)."""
    filas = [*titulos, *encabezado]
    primera = len(filas)
    filas += [[_valor(a, c) for c in columnas] for a in ACTIVIDADES_POI]
    combinadas = [(r0 + len(titulos), c0, r1 + len(titulos), c1) for r0, c0, r1, c1 in combinar]
    hoja_insumos, titulos_insumos = insumos
    datos = datos or [("Código de la unidad orgánica", "GPP-01"),
                      ("Unidad orgánica", "Gerencia de Planeamiento"), ("Responsable", "Ana Quispe"),
                      ("Año fiscal", 2027)]
    escribir(ruta, {
        "Datos": Hoja([["DATOS GENERALES"], [], *[list(d) for d in datos]]),
        "Actividades": Hoja(filas, combinadas),
        hoja_insumos: Hoja([titulos_insumos, *[list(i) for i in INSUMOS]]),
        **ANEXO,
    })
    columna = {c: j for j, c in enumerate(columnas) if c is not None}
    sembrados = [(codigo, "Actividades", celda(primera + i, columna[(campo, None)]))
                 for codigo, i, campo in SEMBRADOS_POI if (campo, None) in columna]
    orden_insumos = ["clasificador", "detalle", "tipo", "cantidad", "costo_unitario", "actividad"]
    sembrados += [(codigo, hoja_insumos, celda(1 + i, orden_insumos.index(campo)))
                  for codigo, i, campo in SEMBRADOS_INSUMOS]
    return ruta, sorted(sembrados)


def hallazgos_poi(ruta: Path) -> list[tuple[str, str, str]]:
    resultado = validar_archivo(ruta, Contexto(anio_fiscal=2027))
    assert resultado.formato == "poi@1", resultado.detalle
    return sorted((o.codigo, o.hoja, o.celda) for o in resultado.observaciones)


SIMPLES: list[Clave] = [("codigo", None), ("actividad", None), ("aei", None), ("unidad_medida", None),
                        ("indicador", None), ("tipo_meta", None), ("categoria", None), ("meta_anual", None)]
METAS: list[Clave] = [("metas", m) for m in range(12)]
MONTOS: list[Clave] = [("montos", m) for m in range(12)]


def test_poi_de_formato_anterior_con_programacion_fisica_y_financiera(tmp_path: Path) -> None:
    """Títulos combinados «PROGRAMACIÓN FÍSICA/FINANCIERA» sobre «ENE … DIC», los demás combinados
    en vertical, abreviaturas («Cód.», «U.M.») y una columna de más."""
    simples = ["Cód.", "Actividad operativa", "AEI", "U.M.", "Indicador", "Tipo de meta", "Categoría",
               "Meta anual"]
    encabezado = [[*simples, "PROGRAMACIÓN FÍSICA", *[None] * 11, "Valorización anual (S/)",
                   "PROGRAMACIÓN FINANCIERA", *[None] * 11, "Observaciones"],
                  [*[None] * 8, *MESES, None, *MESES, None]]
    verticales = [(0, j, 1, j) for j in (*range(8), 20, 33)]
    ruta, sembrados = poi(tmp_path / "poi_anterior.xlsx", encabezado,
                          [*SIMPLES, *METAS, ("valorizacion_anual", None), *MONTOS, None],
                          combinar=[*verticales, (0, 8, 0, 19), (0, 21, 0, 32)])
    assert hallazgos_poi(ruta) == sembrados
    resultado = validar_archivo(ruta, Contexto(anio_fiscal=2027))
    meses = [c for c in resultado.columnas if c.leida_como == "Meta Set"]
    assert [(c.celda, c.encabezado) for c in meses] == [("Q5", "PROGRAMACIÓN FÍSICA / SET")]
    assert ("Actividades", "AH4", "Observaciones", None) in [
        (c.hoja, c.celda, c.encabezado, c.leida_como) for c in resultado.columnas]


def test_poi_con_columnas_en_otro_orden_y_meses_con_nombre(tmp_path: Path) -> None:
    """Columnas reordenadas, «Meta Enero … Meta Septiembre…», etiquetas de «Datos» con otras palabras."""
    orden = [SIMPLES[i] for i in (1, 0, 4, 3, 2, 6, 5, 7)]
    titulos = {"codigo": "Código", "actividad": "Actividad", "aei": "Código AEI",
               "unidad_medida": "Unidad de medida", "indicador": "Indicador", "tipo_meta": "Tipo de meta",
               "categoria": "Categoría presupuestal", "meta_anual": "Meta física anual"}
    encabezado = [[*(titulos[c[0]] for c in orden), *(f"Meta {m}" for m in NOMBRES_MES), "Valorización anual",
                   *(f"S/ {m}" for m in NOMBRES_MES), "Responsable"]]
    datos = [("Código de unidad:", "GPP-01"), ("Nombre de la unidad orgánica:", "Gerencia de Planeamiento"),
             ("Jefe:", "Ana Quispe"), ("Ejercicio fiscal:", 2027)]
    ruta, sembrados = poi(tmp_path / "poi_reordenado.xlsx", encabezado,
                          [*orden, *METAS, ("valorizacion_anual", None), *MONTOS, None], datos=datos,
                          titulos=[["POI 2027 — Gerencia de Planeamiento"]])
    assert hallazgos_poi(ruta) == sembrados


def test_poi_con_tres_filas_de_encabezado_y_meses_en_letras(tmp_path: Path) -> None:
    """«PROGRAMACIÓN» sobre «META FÍSICA» y «PRESUPUESTO (S/)», y estos sobre «E F M A M J J A S O N D»."""
    simples = ["Código", "Actividad operativa", "Código AEI", "Unidad de medida", "Indicador", "Tipo de meta",
               "Categoría presupuestal", "Meta física anual", "Costo anual"]
    letras = list("EFMAMJJASOND")
    encabezado = [[*simples, "PROGRAMACIÓN", *[None] * 23],
                  [*[None] * 9, "META FÍSICA", *[None] * 11, "PRESUPUESTO (S/)", *[None] * 11],
                  [*[None] * 9, *letras, *letras]]
    verticales = [(0, j, 2, j) for j in range(9)]
    ruta, sembrados = poi(
        tmp_path / "poi_tres_filas.xlsx", encabezado,
        [*SIMPLES, ("valorizacion_anual", None), *METAS, *MONTOS],
        combinar=[*verticales, (0, 9, 0, 32), (1, 9, 1, 20), (1, 21, 1, 32)],
        insumos=("Cuadro de necesidades", ["Partida", "Descripción", "Bien/Servicio", "Cantidad",
                                           "Precio unitario", "Código de actividad"]),
    )
    assert hallazgos_poi(ruta) == sembrados


def test_poi_con_el_mes_encima_de_meta_y_soles(tmp_path: Path) -> None:
    """Cada mes combinado sobre «Meta | S/», como en los cuadros de programación mensual."""
    meses = [x for m in NOMBRES_MES for x in (m.upper(), None)]
    encabezado = [[*(t for t in ("N°", "Actividad operativa", "Código AEI", "Unidad de medida", "Indicador",
                                  "Tipo de meta", "Categoría presupuestal", "Meta física anual")),
                   "Valorización anual (S/)", *meses],
                  [*[None] * 9, *["Meta", "S/"] * 12]]
    por_mes = (c for m in range(12) for c in (METAS[m], MONTOS[m]))
    columnas = [*SIMPLES, ("valorizacion_anual", None), *por_mes]
    combinar = [(0, j, 1, j) for j in range(9)] + [(0, 9 + 2 * m, 0, 10 + 2 * m) for m in range(12)]
    ruta, sembrados = poi(tmp_path / "poi_mes_sobre.xlsx", encabezado, columnas, combinar=combinar)
    assert hallazgos_poi(ruta) == sembrados


def test_poi_sin_encabezado_reconocible_es_desconocido(tmp_path: Path) -> None:
    """Las hojas de un POI pero una tabla que no lo es: «desconocido», con las columnas que faltan."""
    encabezado = [["Nro", "Descripción", "Cantidad", "Precio"]]
    ruta, _ = poi(tmp_path / "poi_raro.xlsx", encabezado, [("codigo", None), ("actividad", None), None, None])
    resultado = validar_archivo(ruta)
    assert resultado.estado == "desconocido"
    assert "«Actividades»" in resultado.detalle
    for titulo in ("«Código AEI»", "«Unidad de medida»", "«Indicador»", "«Meta física anual»"):
        assert titulo in resultado.detalle


def test_poi_con_meses_sin_titulo_agrupador_no_suma_lo_que_no_leyo(tmp_path: Path) -> None:
    """«ENE … DIC» dos veces sin decir cuál es la meta y cuál el monto: una duda y ninguna suma."""
    encabezado = [["Código", "Actividad operativa", "Código AEI", "Unidad de medida", "Indicador",
                   "Tipo de meta", "Categoría presupuestal", "Meta física anual", "Valorización anual",
                   *MESES, *MESES]]
    ruta, sembrados = poi(tmp_path / "poi_meses_sin_titulo.xlsx", encabezado,
                          [*SIMPLES, ("valorizacion_anual", None), *METAS, *MONTOS])
    resultado = validar_archivo(ruta, Contexto(anio_fiscal=2027))
    (duda,) = [o for o in resultado.observaciones if o.codigo == "LIB-008"]
    assert duda.celda == "J4"
    assert "24 columnas de meses de J4 a AG4" in duda.mensaje and "«Programación física»" in duda.mensaje
    sin_meses = [s for s in sembrados if s[0] != "POI-002"]  # los meses no se leyeron: no hay suma
    assert hallazgos_poi(ruta) == sorted([*sin_meses, ("LIB-008", "Actividades", "J4")])


def test_validar_json_dice_que_titulo_se_leyo_como_cada_columna(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from libro.cli import app

    ruta, _ = cronograma(
        tmp_path / "json.xlsx",
        [["Nº", "ACCIONES / ACTIVIDADES", "ÁREA RESPONSABLE", "FECHA / PLAZO", "PRESUPUESTO (S/)"]],
        [(None, lambda i, a: i + 1), ("actividad", _campo("actividad")),
         ("responsable", _campo("responsable")), ("plazo", _campo("plazo")), (None, lambda i, a: 100)],
    )
    informe = tmp_path / "informe.json"
    CliRunner().invoke(app, ["validar", str(ruta), "--json", str(informe)])
    (archivo,) = json.loads(informe.read_text())["archivos"]
    assert archivo["columnas"] == [
        {"hoja": "Hoja1", "celda": "A6", "encabezado": "Nº", "leida_como": None},
        {"hoja": "Hoja1", "celda": "B6", "encabezado": "ACCIONES / ACTIVIDADES", "leida_como": "Actividad"},
        {"hoja": "Hoja1", "celda": "C6", "encabezado": "ÁREA RESPONSABLE", "leida_como": "Responsable"},
        {"hoja": "Hoja1", "celda": "D6", "encabezado": "FECHA / PLAZO", "leida_como": "Plazo"},
        {"hoja": "Hoja1", "celda": "E6", "encabezado": "PRESUPUESTO (S/)", "leida_como": None},
    ]


def test_docs_encabezados_al_dia() -> None:
    from libro.nucleo.glosario import REGENERAR, glosario
    from libro.registro import FORMATOS

    documento = (Path(__file__).parents[2] / "docs" / "encabezados.md").read_text()
    assert documento == glosario(FORMATOS.values()), f"docs/encabezados.md no está al día: {REGENERAR}"
    for palabra in ("«Periodo de ejecución»", "«Área responsable»", "«Fecha de término»",
                    "«Programación física»"):
        assert palabra in documento
