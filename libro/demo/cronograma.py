# ruff: noqa: E501  (texto transcrito de las semillas, fila por fila)
"""Los libros de las semillas tal como los escribe una municipalidad (XlsxWriter).

- `huayopata`: Anexo I del PP 2024 de Huayopata (semilla 000): «ANEXO I» y el título arriba, el
  encabezado con sus palabras, filas de fase en negrita (solo la primera celda) o combinadas
  sobre todas las columnas, objetivos combinados sobre sus actividades o dejados en blanco,
  texto ajustado y plazos escritos como texto («13,14,15,16 Y 17 DE MARZO»).
- `mclcp`: plan de trabajo de la Agenda Regional 2023-2026 (semilla 001), con objetivo, acciones
  y subactividades combinadas y filas en blanco entre objetivos.

Cada función devuelve la ruta y un mapa «clave → fila de Excel» para que las pruebas nombren
celdas sin contarlas a mano.
"""

from datetime import date
from pathlib import Path

import xlsxwriter

from libro.cronograma.ics import escribir_ics
from libro.cronograma.importar import importar_archivo
from libro.trabajos import importar_a_plantilla

# (objetivo, metas, [(actividad, indicador, plazo, responsable)], combinar)
# combinar=True: objetivo, metas y celdas vacías bajo un valor se combinan hacia abajo;
# False: se dejan en blanco como hace quien no combina.
Grupo = tuple[str, str | None, list[tuple[str, str | None, str | None, str | None]], bool]

GP = "Gerencia de Planeamiento, Presupuesto y Modernización"
ST = "Secretario Técnico PP-2024"
SGA = "Secretaría General / Alcaldía"
ETG = "Equipo Técnico Gerencia de Planeamiento, Presupuesto y Modernización."

HUAYOPATA: list[tuple[str, str] | Grupo] = [
    ("negrita", "PRIMERA FASE: PREPARACION"),
    ("negrita", "A) PREPARACION"),
    ("a) Aprobar Ordenanza Municipal y Reglamento del Presupuesto Participativo 2024",
     "OI Proyecto de Ordenanza Municipal y su Reglamento", [
         ("Ordenanza Municipal y Reglamento del Presupuesto Participativo",
          "OI Informe y Proyecto de Ordenanza y Reglamento", "07 DE MARZO", GP),
         ("2. Aprobar Ordenanza Municipal", "Ordenanza Municipal aprobada", "11 DE MARZO", "Concejo Municipal"),
         ("3. Publicar Ordenanza Municipal", "Ordenanza Municipal publicada", "12 DE MARZO",
          "Oficina de Secretaría General"),
     ], True),
    ("b) Designar Secretario Técnico", "Resolución de Alcaldía", [
        ("Elaborar Proyecto de Resolución de Alcaldía", "OI Oficio y Proyecto de Resolución de Alcaldía",
         "11 DE MARZO", GP),
        ("Aprobar Resolución de Alcaldía", "Resolución de Alcaldía Aprobada", "12 DE MARZO", SGA),
    ], False),
    ("c).Designación del Equipo Técnico del Proceso de Presupuesto Participativo.", "Resolución de Alcaldía", [
        ("1. Elaborar Resolución de Alcaldía", "OI Oficio y Proyecto de Resolución de Alcaldía", "11 DE MARZO", GP),
        ("2. Aprobar Resolución de Alcaldía", "Resolución de Alcaldía Aprobada", "12 DE MARZO", SGA),
    ], True),
    ("d).Designar a los Miembros de la Sociedad Civil al Equipo Técnico del Proceso de Presupuesto "
     "Participativo", "Resolución de Alcaldía", [
         ("1. Convocatoria a Reunión del CCLP para elección y designación de los miembros de la Sociedad "
          "Civil que integran el Equipo Técnico",
          "Incorporación de la Sociedad Civil al Equipo Técnico del PP-2024.", "15 DE MARZO", ST),
         ("2. Elaborar Oficio adjuntado proyecto de Resolución de Alcaldía para reconocer a los miembros "
          "del Equipo Técnico.", "Oficio y Proyecto de Resolución de Alcaldía", "18 DE MARZO", ST),
         ("3. Aprobar Resolución de Alcaldía para reconocer a los miembros del Equipo Técnico "
          "representante de la Sociedad Civil.", "Resolución de Alcaldía Aprobada", "18 DE MARZO", SGA),
     ], True),
    ("e) Plan de Trabajo", None, [
        ("1. Elaboración del Proyecto de Plan de Trabajo", "Proyecto de Plan de Trabajo.", "11 DE MARZO", ST),
        ("2. Elaboración de oficio y Proyecto de Resolución de Alcaldía",
         "Elaboración de Oficio y Proyecto de Resolución de Alcaldía", "13 DE MARZO", ST),
        ("3. Aprobar la Resolución de Alcaldía", "Resolución de Alcaldía Aprobada", "13 DE MARZO", SGA),
    ], True),
    ("negrita", "B) COMUNICACION, SENSIBILIZACION, CONVOCATORIA Y REGISTRO DE AGENTES PARTICIPANTES"),
    ("a). Invitación a la Instituciones a participar y a inscribirse en el Proceso del Presupuesto "
     "Participativo AF 2024.", "Instituciones Inscritas", [
         ("Convocatoria y difusión pública del Presupuesto Participativo AF-2024",
          "Convocatoria Publicada en el Diario. Portal Institucional y en otros locales públicos.",
          "13,14,15,16 Y 17 DE MARZO",
          "Oficina de Relaciones Publicas e Imagen Institucional, " + GP),
         ("Invitación a Instituciones a participar del Presupuesto Participativo AF-2024",
          "Oficios elaborados y entregados", "13 DE MARZO", ST),
         ("Inscripción de Instituciones de la Sociedad Civil.",
          "100% de Organizaciones civiles e instituciones invitadas inscritas.", "15 y 18 DE MARZO", ST),
     ], False),
    ("combinada", "C) CAPACITACION DE AGENTES PARTICIPANTES"),
    ("Capacitación de Agentes Participantes", "OI Taller de Capacitación", [
        ("1. Presupuesto Público, Presupuesto Participativo, Gestión y Políticas Públicas, Planeamiento y "
         "Desarrollo Regional y Local.", "Primer Taller / Registro Asistencia", "22 DE MARZO",
         "Secretario Técnico Plandet\nOficina de Presupuesto\nOficina de Planeamiento"),
        ("2. Sistema Nacional de Programación Multianual y Gestión de Inversiones Invierte PE y la "
         "vigilancia el PP.", None, None, None),
    ], True),
    ("combinada", "SEGUNDA FASE: CONCERTACION"),
    ("a). Reuniones de Trabajo", "Reuniones", [
        ("a. Actualización del diagnóstico situacional.\nb. Selección de una cartera de proyectos viables y "
         "que estén orientados al logro de los resultados priorizados.\nc. Recopilación y Preparación de la "
         "siguiente información.\nd. Plan de Desarrollo Concertado - Avance en su ejecución.\ne. Plan de "
         "Estratégico Institucional - Avance.\nf. Detalle de los Proyectos Priorizados en los Procesos "
         "Participativos Años anteriores. Avances\ng. Ejecución del Programa de Inversiones aprobados en los "
         "presupuestos institucionales.", "01 Reunion", "22 DE MARZO", "Equipo Técnico"),
    ], True),
    ("b) Taller de Rendición de Cuentas", "01 Reunión", [
        ("01 Taller de Rendición de Cuentas", "Acta de Reunión", "29 DE MARZO", "Alcalde y funcionarios"),
    ], True),
    ("c. Taller de identificación y priorización de resultados", "01 Reunion", [
        ("- Taller de identificación y priorización de Resultados\n- Evaluación Técnica de Proyectos de "
         "Inversión\n- Validación y Priorización de proyectos.", "Convocatoria - Acta de Reunión.",
         "22 DE MARZO", ETG),
    ], True),
    ("c) Reunión de Formalización de Acuerdos y Compromisos del Presupuesto Participativo y elección del "
     "Comité de Vigilancia y Control.", None, [
         ("Reunión con los Agentes Participantes donde se presenta lo resultados del Presupuesto Participativo "
          "(Actividades y Proyectos), consolidados", "Convocatoria - Acta de Reunión", "22 DE MARZO", ETG),
     ], True),
    ("negrita", "TERCERA FASE: COORDINACIONES ENTRE NIVELES DE GOBIERNO"),
    ("Reuniones de Coordinación", "01 Reunion", [
        ("Los Gobiernos Regionales efectuaran las coordinaciones necesarias para definir las acciones de "
         "intervención en el ámbito de sus competencias a fin de armonizar políticas en base a intereses de "
         "desarrollo de la población.", "Reunión", "GOBIERNO REGIONAL", "Alcalde"),
    ], True),
    ("combinada", "CUARTA FASE: FORMALIZACION"),
    ("a). Aprobación de acuerdos y compromisos", "Sesión de Concejo", [
        ("Aprobación de los acuerdos formalizados en el Presupuesto Participativo.", "Sesión de Concejo",
         "22 DE MARZO", "Concejo Municipal"),
    ], True),
    ("b) Elaborar Documento del Presupuesto Participativo AF 2024", "01 Documento", [
        ("Elaboración del Documento del Presupuesto Participativo 2024", "Documento Elaborado", "22 DE MARZO",
         "Equipo Técnico / " + GP),
    ], True),
    ("c) Incorporar información al Aplicativo Informático del Presupuesto Participativo.", None, [
        ("El Acta de acuerdos y compromisos, así como los documentos del Presupuesto Participativo, se adjuntan "
         "al PIA e ingresan al aplicativo informático del presupuesto participativo MEF.",
         "Información incorporada al aplicativo", "27 AL 31 DE MARZO", "Equipo Técnico / " + GP),
    ], True),
]
"""Semilla 000, fila por fila."""


CAMPOS = {"actividad": 0, "indicador": 1, "plazo": 2, "responsable": 3}
Cambios = dict[str, dict[str, str | None]]


def huayopata(carpeta: Path, nombre: str = "cronograma_huayopata.xlsx",
              cambios: Cambios | None = None) -> tuple[Path, dict[str, int]]:
    """Escribe el Anexo I de Huayopata; `cambios` modifica actividades.

    `cambios` = {comienzo de la actividad: {"actividad"|"indicador"|"plazo"|"responsable": nuevo valor}}.

    El mapa devuelto da la fila de Excel (1-based) de cada actividad, por el comienzo de su texto.
    """
    return _escribir(carpeta / nombre, "ANEXO I", [
        "ANEXO I",
        "CRONOGRAMA DE TRABAJO PROCESO DEL PRESUPUESTO PARTICIPATIVO BASADO EN RESULTADOS HUAYOPATA 2024",
    ], ["OBJETIVO\nESPECIFICO", "METAS", "ACTIVIDADES", "INDICADORES", "PLAZO", "RESPONSABLE"],
        HUAYOPATA, cambios or {})


def _escribir(ruta: Path, hoja: str, titulos: list[str], encabezado: list[str],
              contenido: list, cambios: Cambios) -> tuple[Path, dict[str, int]]:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(ruta), {"strings_to_numbers": False})
    ws = libro.add_worksheet(hoja)
    ultima = len(encabezado) - 1
    negrita = libro.add_format({"bold": True, "font_size": 12, "align": "center"})
    cabecera = libro.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                                 "valign": "vcenter", "bg_color": "#D9D9D9"})
    celda = libro.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_size": 9})
    seccion = libro.add_format({"bold": True, "border": 1, "font_size": 10})
    for j, ancho in enumerate((30, 22, 48, 28, 16, 30)[: ultima + 1]):
        ws.set_column(j, j, ancho)
    for i, titulo in enumerate(titulos):
        ws.merge_range(i, 0, i, ultima, titulo, negrita)
    r = len(titulos) + 1
    ws.write_row(r, 0, encabezado, cabecera)
    filas: dict[str, int] = {}
    r += 1
    for item in contenido:
        if item == "blanco":
            r += 1
            continue
        if len(item) == 2:
            estilo, texto = item
            if estilo == "combinada":
                ws.merge_range(r, 0, r, ultima, texto, seccion)
            else:
                ws.write_string(r, 0, texto, seccion)
            r += 1
            continue
        cabeza, segundo, actividades, combinar = item
        actividades = [_cambiar(a, next((c for k, c in cambios.items() if (a[0] or "").startswith(k)), {}))
                       for a in actividades]
        n = len(actividades)
        columnas_grupo = [cabeza, segundo] if len(encabezado) == 6 and len(actividades[0]) == 4 else [cabeza]
        for j, valor in enumerate(columnas_grupo):
            if combinar and n > 1:
                ws.merge_range(r, j, r + n - 1, j, valor or "", celda)
            else:
                ws.write_string(r, j, valor or "", celda)
        desplazamiento = len(columnas_grupo)
        ancho = len(actividades[0])
        for k in range(ancho):
            j = desplazamiento + k
            i = 0
            while i < n:
                valor = actividades[i][k]
                fin = i
                while combinar and fin + 1 < n and actividades[fin + 1][k] is None:
                    fin += 1
                if fin > i and valor:
                    ws.merge_range(r + i, j, r + fin, j, valor, celda)
                elif valor:
                    ws.write_string(r + i, j, valor, celda)
                else:
                    ws.write_blank(r + i, j, None, celda)
                i = fin + 1
        for i, actividad in enumerate(actividades):
            clave = next((x for x in actividad if x), f"fila{r + i}")
            filas.setdefault(clave[:40], r + i + 1)
        r += n
    libro.close()
    return ruta, filas


def _cambiar(actividad: tuple, cambios: dict[str, str | None]) -> tuple:
    nueva = list(actividad)
    for campo, valor in cambios.items():
        nueva[CAMPOS[campo]] = valor
    return tuple(nueva)


EM = "Equipo MCLCP, y comisiones , medios de comunicación"
# (objetivo, None, [(acciones, subactividades, estrategias, fecha, responsable)], combinar)
MCLCP: list = [
    ("CONSTRUCCION DE INFORMACION PRELIMINAR", None, [
        ("Análisis gasto público 2021, Seguimiento al presupuesto 2022, sectores estratégicos",
         "elaboración de reporte del avance del gasto 2021, comparación PIA y PIM 2021, 2022, nivel de gobierno "
         "regional, gobiernos provinciales, nivel sectores salud, educación, agricultura, saneamiento, programa "
         "de inversión, programas estratégicos",
         "fuentes de información Consulta amigable del MEF y el INEI", "Marzo - Abril",
         "Equipo de la MCLCP , Voluntarios"),
        (None, "socialización de reporte de análisis del gasto público ante el CER y grupos de trabajo",
         "PPT y Reporte", "Mayo", "Equipo MCLCP"),
        ("ELABORACIÓN DE REPORTE DEL ENDES 2021",
         "elaboración de reporte de los programas presupuestales estatregicos PPR 2021", "Fuente ENDES - INEI",
         "Abril", "Equipo MCLCP"),
        (None, "socialización de reporte de análisis del ENDES ante el CER y grupos de trabajo", "PPT y Reporte",
         "Mayo", "Equipo MCLCP"),
    ], True),
    ("TRABAJO EN GRUPOS POR DIMENSIONES", None, [
        ("Elaboración de Agenda Preliminar", "reuniones de grupos de trabajo",
         "cronograma de convocatoria a reuniones de grupos de trabajo", "Abril", "MCLCP"),
        (None, "Socialización de Instrumentos gestión, por dimensiones en los grupos de trabajo",
         "AG 2019-2022 , Agenda Apurímac, PDRC, reporte seguimiento gasto público 2021", "Abril",
         "grupos de trabajo por dimensiones"),
        (None, "Priorización demandas, productos, resultados y políticas",
         "reuniones de trabajo recojo de analisis, prioridades demandas de politicas", "Abril -Mayo",
         "grupos de trabajo por dimensiones"),
        (None, "elaboración preliminar de Agenda Regional", "Sistematización de reuniones", "Mayo-Junio",
         "comisión por dimensiones"),
        (None, "realización de Foros, conversatorios temas de coyuntura , con organizaiones sociales, sectores, "
         "sociedad civil, empresarios, autoridades, congreso, ejecutivo",
         "se analiza informacion, se recoje opiniones y propuestas temas regionales, Minería, corredor "
         "económico, inicio de clases, identidad cultural, desarrollo humano, alternancia electoral, etc",
         "Abril-Mayo-Junio-Julio", "CER Y grupos de trabajo por dimensiones"),
    ], True),
    "blanco",
    ("DIÁLOGO SOCIAL", None, [
        ("Validación de la Agenda de Gobernabilidad Regional periodo 2023-2026",
         "realización de conversatorios, con el CER, organizaciones sociales, sectores, sociedad civil, "
         "empresarios, autoridades, etc. Sobre la Agenda Regional preliminar",
         "se socializa documento preliminar, conclusiones de los conversatorios, se analiza, se recoge "
         "información, propuestas, demandas, en cada grupo de trabajo y espacios.", "Junio-Julio",
         "Equipo MCLCP, CER Y comisiones por dimensiones"),
        (None, "Validación del documento preliminar",
         "redacción de la Agenda Regional de Gobernabilidad preiminar , con aportes", "Junio-Julio",
         "Equipo MCLCP, y comisiones por dimensiones"),
    ], True),
    "blanco",
    ("CAMPAÑA EDUCACION CIUDADANA VALORACION DEL VOTO", None, [
        ("Socialización de la Agenda Regional 2023-2026",
         "Campaña comunicacional : ferias informativas virtual y presencial, Spots, infografías, entrevistas "
         "medios de comunicación",
         "elaboración del plan comunicacional : ferias informativas, virtuales presenciales , infografías, "
         "flayers, spots, entrevistas,etc", "Julio-agosto- setiembre", EM),
        (None, None, "publicaciones, de material informativo por las redes, medios de comunicación",
         "Julio-agosto- setiembre", EM),
        (None, None, "encuestas, entrevistas sobre la valoración del voto", "Julio-agosto- setiembre", EM),
    ], True),
    "blanco",
    ("COMPROMISO ETICO DE IMPLEMENTACION DE LA AGENDA REGIONAL DE GOBERNABILIDAD", None, [
        ("suscripción de compromisos",
         "Conversatorios Bilaterales con representantes por dimensiones con organizaciones politicas",
         "convocar a reuniones presenciales por organización politica con representantes de dimensiones de "
         "los grupos de trabajo, presentación de agenda regional, intercambio de propuestas", "setiembre",
         "Equipo MCLCP, Grupo Asesor, representante comisiones"),
        (None, None, "suscripcion ética de implementación de la Agenda Regional", "setiembre", ""),
    ], True),
    "blanco",
    ("SEGUIMIENTO CONCERTADO Y VIGILANCIA SOCIAL", None, [
        ("Difusión de los contenidos de la Agenda Regional de Gobernabilidad al 2026",
         "información de seguimiento presupuesto 2021 y 2022 2022, Balance de AG periodo 2019-2022",
         "elaboración de reporte", "noviembre-diciembre 2022", "MCLCP"),
        (None, "dialogo del CER de la MCLCP con nuevas autoridades",
         "se convoca a reunion del CER a nueva autoridad para ratificacion de compromiso", "ene-23", "MCLCP"),
    ], True),
]
"""Semilla 001: acciones y subactividades vacías continúan la celda combinada de arriba."""


def mclcp(carpeta: Path, nombre: str = "plan_trabajo_mclcp.xlsx") -> tuple[Path, dict[str, int]]:
    """Escribe el plan de trabajo de la Agenda Regional (semilla 001)."""
    return _escribir(carpeta / nombre, "PLAN DE TRABAJO", [
        "PLAN DE TRABAJO DE IMPLEMENTACION DE RUTA DE CONSTRUCCION AGENDA REGIONAL GOBERNABILIDAD 2023-2026",
    ], ["OBJETIVO", "ACCIONES", "SUB ACTIVIDADES", "ESTRATEGIAS", "FECHA", "RESPONSABLE"], MCLCP, {})


def demo_cronograma(carpeta: Path) -> list[Path]:
    """El Anexo I de Huayopata como lo tiene la municipalidad, importado a la plantilla y con su Gantt.

    Escribe `cronograma_huayopata_original.xlsx` (el libro ajeno), `cronograma_huayopata.xlsx`
    (la plantilla llena, calculada y validada) y `cronograma_huayopata.ics`.
    """
    carpeta.mkdir(parents=True, exist_ok=True)
    original, _ = huayopata(carpeta, "cronograma_huayopata_original.xlsx")
    plantilla = carpeta / "cronograma_huayopata.xlsx"
    importar_a_plantilla(original, plantilla, fecha_referencia=date(2024, 3, 11))
    calendario = carpeta / "cronograma_huayopata.ics"
    escribir_ics(importar_archivo(original), calendario)
    return [original, plantilla, calendario]
