"""Datos de ejemplo: el Anexo 01 de la Directiva de Huamanga y unidades orgánicas ficticias."""

import random
from datetime import date

from libro.poi.formato import Actividad, DatosUnidad, Insumo
from libro.poi.objetivos import Aei, Oei

OEI_HUAMANGA = (
    (
        "Lograr que los usuarios reciban una atención adecuada y sin discriminación.",
        "Atención adecuada de usuarios",
        "60 % como mínimo",
    ),
    (
        "Desarrollar servicios que se adapten y respondan a las necesidades de la población.",
        "Servicios efectivos",
        "100%",
    ),
    (
        "Consolidar el liderazgo de la municipalidad en el desarrollo de la Provincia basada en una "
        "gestión de procesos y resultados.",
        "Liderazgo municipal",
        "4 por año",
    ),
    (
        "Modernizar la gestión con tecnologías de información y comunicación con la participación de "
        "la población.",
        "Modernización de la gestión",
        "20 % cada año",
    ),
    (
        "Mejorar la productividad de puestos de trabajo y de los trabajadores.",
        "Productividad del trabajo",
        "100% al 2018 1 al año como mínimo",
    ),
    (
        "Incrementar los recursos financieros de la municipalidad y utilizarlos con eficiencia y "
        "transparencia.",
        "Recursos financieros",
        "10 2 por año como mínimo.",
    ),
    (
        "Promover el aprovechamiento de oportunidades y emprendimiento empresarial.",
        "Emprendimiento empresarial",
        "4 como mínimo",
    ),
    (
        "Contribuir de manera efectiva en el clima de negocios de la provincia.",
        "Clima de negocios de la provincia",
        "5 como mínimo al año",
    ),
    (
        "Gestionar la cultura organizacional de manera participativa, motivadora y que promueva la "
        "seguridad ciudadana.",
        "Cultura organizacional",
        "1 al año como mínimo 2 como mínimo por año",
    ),
    (
        "Desarrollar una infraestructura vial adecuada, articulada y policéntrica.",
        "Infraestructura vial",
        "2 como mínimo por año",
    ),
    ("Implementar la gestión ambiental en todos sus programas y proyectos.", "Gestión ambiental", "10%"),
    ("Desarrollar la Gestión municipal de Riesgo de Desastres.", "Gestión de Riesgos de Desastre", "4%"),
)

AEI_HUAMANGA = (
    ("Encuestas semestrales de satisfacción de usuarios", "Encuestas aplicadas", "Encuesta", 2),
    ("Análisis y mejora de procesos de servicios públicos", "Procesos mejorados", "Proceso", 4),
    ("Agenda de trabajo interinstitucional concertada", "Reuniones de concertación", "Reunión", 4),
    ("Trámites disponibles por Internet", "Trámites en línea", "Trámite", 10),
    ("Capacitación de trabajadores municipales", "Trabajadores capacitados", "Trabajador", 120),
    ("Proyectos concursables formulados", "Proyectos presentados", "Proyecto", 2),
    ("Formalización de MYPES", "MYPES formalizadas", "MYPE", 40),
    ("Convenios con el sector empresarial", "Convenios suscritos", "Convenio", 5),
    ("Patrullaje integrado con la Policía Nacional", "Patrullajes realizados", "Patrullaje", 48),
    ("Mantenimiento de vías urbanas", "Vías mantenidas", "Kilómetro", 12),
    ("Gestión integral de residuos sólidos", "Toneladas de residuos dispuestos", "Tonelada", 9000),
    ("Prevención de desastres con la sociedad organizada", "Simulacros realizados", "Simulacro", 4),
)


def objetivos() -> tuple[list[Oei], list[Aei]]:
    """Los 12 OEI del Anexo 01 y una AEI de ejemplo por objetivo."""
    oei = [
        Oei(codigo=f"OEI.{i:02d}", objetivo=o, indicador=ind, meta=meta)
        for i, (o, ind, meta) in enumerate(OEI_HUAMANGA, start=1)
    ]
    aei = [
        Aei(codigo=f"AEI.{i:02d}.01", oei=f"OEI.{i:02d}", accion=a, indicador=ind, unidad_medida=u, meta=m)
        for i, (a, ind, u, m) in enumerate(AEI_HUAMANGA, start=1)
    ]
    return oei, aei


TAREAS = (
    ("Elaborar informe técnico", "Informe", "N° de informes elaborados"),
    ("Realizar taller de capacitación", "Taller", "N° de talleres realizados"),
    ("Supervisar servicio", "Supervisión", "N° de supervisiones"),
    ("Atender expedientes", "Expediente", "N° de expedientes atendidos"),
    ("Ejecutar mantenimiento", "Mantenimiento", "N° de mantenimientos"),
)
PERFILES_EJEMPLO = ("Uniforme", "Trimestral", "Semestral", "Uniforme", "Personalizada")
INSUMOS = (
    ("2.3.1.5.1", "Papel bond A4 (millar)", "Bien"),
    ("2.3.2.7.11", "Servicio de impresión", "Servicio"),
)


def unidad(
    codigo: str = "GPP-01",
    nombre: str = "Gerencia de Planeamiento y Presupuesto",
    anio: int = 2027,
    actividades: int = 12,
    semilla: int = 1,
) -> dict[str, list]:
    """Un POI limpio de una unidad: cada actividad con perfil y dos insumos que la cuadran."""
    azar = random.Random(semilla)
    oei, aei = objetivos()
    filas: list[Actividad] = []
    insumos: list[Insumo] = []
    for n in range(1, actividades + 1):
        tarea, medida, indicador = TAREAS[n % len(TAREAS)]
        perfil = PERFILES_EJEMPLO[n % len(PERFILES_EJEMPLO)]
        meta = float(azar.choice((12, 24, 36, 120, 240)))
        bien = round(azar.randint(10, 400) * 10.0, 2)
        servicio = round(azar.randint(5, 300) * 25.0, 2)
        codigo_actividad = f"AO.{n:03d}"
        filas.append(
            Actividad(
                codigo=codigo_actividad,
                actividad=f"{tarea} {n}",
                aei=aei[n % len(aei)].codigo,
                unidad_medida=medida,
                indicador=indicador,
                tipo_meta="Acumulable",
                categoria=("Programa presupuestal", "APNOP", "Acciones centrales")[n % 3],
                meta_anual=meta,
                perfil=perfil,
                pesos="1;1;2;2;2;1;1;1;2;2;2;1" if perfil == "Personalizada" else None,
                valorizacion_anual=round(bien + servicio, 2),
            )
        )
        insumos.append(
            Insumo(
                clasificador=INSUMOS[0][0],
                detalle=INSUMOS[0][1],
                tipo="Bien",
                cantidad=bien / 10,
                costo_unitario=10.0,
                actividad=codigo_actividad,
            )
        )
        insumos.append(
            Insumo(
                clasificador=INSUMOS[1][0],
                detalle=INSUMOS[1][1],
                tipo="Servicio",
                cantidad=servicio / 25,
                costo_unitario=25.0,
                actividad=codigo_actividad,
            )
        )
    datos = DatosUnidad(
        codigo_unidad=codigo,
        nombre_unidad=nombre,
        responsable="CPC. María Quispe Huamán",
        anio_fiscal=anio,
        fecha_presentacion=date(anio - 1, 3, 20),
    )
    return {"Datos": [datos], "Actividades": filas, "Insumos": insumos, "OEI": oei, "AEI": aei}


def unidad_con_errores() -> dict[str, list]:
    """Un POI con los errores típicos que OPP encuentra al revisar."""
    datos = unidad("SGLSC-02", "Subgerencia de Limpieza y Salud Ambiental", actividades=8, semilla=7)
    a = datos["Actividades"]
    a[0] = a[0].model_copy(update={"perfil": None, "metas": [1.0] * 11 + [None]})  # no suma
    a[1] = a[1].model_copy(update={"aei": "AEI.99.01"})  # AEI inexistente
    a[2] = a[2].model_copy(update={"codigo": a[3].codigo})  # código repetido
    a[4] = a[4].model_copy(
        update={
            "tipo_meta": "No acumulable",
            "meta_anual": 80.0,
            "perfil": None,
            "metas": [None, None, 60.0, None, None, 70.0, None, None, None, None, None, 75.0],
        }
    )  # último ≠ anual
    a[5] = a[5].model_copy(update={"perfil": "Única en un mes", "mes_unico": None})  # perfil incompleto
    a[6] = a[6].model_copy(update={"valorizacion_anual": a[6].valorizacion_anual + 500})  # insumos no cuadran
    a[7] = a[7].model_copy(update={"unidad_medida": None})  # obligatorio vacío
    datos["Insumos"][0] = datos["Insumos"][0].model_copy(update={"tipo": "Servicio"})  # clasificador vs tipo
    datos["Datos"][0] = datos["Datos"][0].model_copy(update={"fecha_presentacion": date(2026, 4, 8)})
    return datos
