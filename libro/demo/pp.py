"""Un Presupuesto Participativo completo de ejemplo: de las solicitudes de inscripción al acta.

`demo_pp(carpeta)` escribe las plantillas, dos libros de ejemplo llenos (agentes y proyectos), sus
copias calculadas y la exportación Pabulib con la comparación de reglas. Los datos son ficticios.
"""

from datetime import date
from pathlib import Path
from typing import Any

from libro.pp.agentes.formato import (
    AGENTES_PP,
    DatosProceso,
    FaltaFila,
    SolicitudFila,
    SubsanacionFila,
    VotoComiteFila,
)
from libro.pp.proyectos.calculo import criterios_por_defecto
from libro.pp.proyectos.formato import (
    PROYECTOS_PP,
    FichaProyecto,
    MiembroEquipo,
    ParametrosPP,
    PuntajeFila,
    VotoAprobacion,
    VotoDesempate,
)
from libro.procesos import calcular_archivo
from libro.salida.plantilla import escribir_plantilla

OSB = "Organización social de base"
PRIVADA = "Persona jurídica / institución privada"
PUBLICA = "Institución pública"
_DOCS_OSB = dict(doc_solicitud="Sí", doc_ruos="Sí", doc_acta="Sí", doc_libro_actas="Sí", doc_dni="Sí")
_DOCS_INST = dict(doc_carta="Sí", doc_dni="Sí")

AGENTES = (
    # expediente, organización, tipo, representante, DNI, eje zonal
    ("EXP-001", "Comedor Popular Virgen de Fátima", OSB, "Rosa Quispe Huamán", "07654321", "Zona 3"),
    ("EXP-002", "Vaso de Leche Los Jardines", OSB, "Juana Mamani Cruz", "10234567", "Zona 3"),
    ("EXP-003", "Junta Vecinal Mariscal Cáceres", OSB, "Pedro Huamán Soto", "41234567", "Zona 5"),
    ("EXP-004", "Asociación de Comerciantes Santa Rosa", PRIVADA, "Luis Torres Vega", "09876543", "Zona 1"),
    ("EXP-005", "Club de Madres Nueva Esperanza", OSB, "Carmen Flores Ríos", "43210987", "Zona 5"),
    ("EXP-006", "Colegio de Ingenieros, CD Lima", PRIVADA, "Jorge Salazar Paz", "06543210", "Zona 1"),
    ("EXP-007", "Junta Vecinal Huiracocha", OSB, "Ana Ccori Yupanqui", "45678901", "Zona 3"),
    ("EXP-008", "Asociación Juvenil Canto Grande", OSB, "Miguel Rojas León", "70123456", "Zona 4"),
    ("EXP-009", "Comité de Seguridad Ciudadana Zona 4", OSB, "Elena Vargas Díaz", "40987654", "Zona 4"),
    ("EXP-010", "Universidad César Vallejo, filial SJL", PRIVADA, "Raúl Medina Chávez", "08765432", "Zona 2"),
    ("EXP-011", "Red de Salud San Juan de Lurigancho", PUBLICA, "Silvia Paredes Luna", "25467890", "Zona 2"),
    ("EXP-012", "Asociación de Recicladores Bayóvar", OSB, "Teodoro Inga Chumpitaz", "46543210", "Zona 5"),
    ("EXP-013", "Comedor Popular Virgen de Fátima", OSB, "Marta Quispe Huamán", "07111222", "Zona 3"),
    ("EXP-014", "Club Deportivo Los Pinos", OSB, "Óscar Cárdenas Ruiz", "7345678", "Zona 2"),
    ("EXP-015", "Vaso de Leche Santa María", OSB, "Lucía Ramos Poma", "42345678", "Zona 1"),
    ("EXP-016", "Asociación de Vivienda Las Flores", OSB, "Hugo Ticona Apaza", "44556677", "Zona 4"),
)


def datos_agentes() -> dict[str, list[Any]]:
    """Libro de agentes de ejemplo: 16 solicitudes, dos subsanaciones, faltas y las papeletas del Comité."""
    solicitudes = []
    for i, (codigo, org, tipo, rep, dni, eje) in enumerate(AGENTES):
        docs = _DOCS_OSB if tipo == OSB else _DOCS_INST
        extra: dict[str, Any] = {}
        if tipo == OSB:
            extra["inicio_vida_institucional"] = date(2015 + i % 6, 3, 8)
        solicitudes.append(
            SolicitudFila(
                codigo=codigo,
                organizacion=org,
                tipo=tipo,
                representante=rep,
                dni=dni,
                eje_zonal=eje,
                fecha_solicitud=date(2025, 5, 5 + i % 5),
                **docs,
                **extra,
            )
        )
    # Observada el 19/05: falta el acta de asamblea; vence el 21/05 y se evalúa el 20/05.
    solicitudes[14] = solicitudes[14].model_copy(
        update={"doc_acta": "No", "fecha_observacion": date(2025, 5, 19)}
    )
    # Observada el 12/05 sin subsanar: al 20/05 el plazo venció (no apta).
    solicitudes[15] = solicitudes[15].model_copy(
        update={"doc_ruos": "No", "fecha_observacion": date(2025, 5, 12)}
    )
    # Observada el 13/05 por la carta de presentación; la entrega el 14/05, dentro de plazo: apta.
    solicitudes[9] = solicitudes[9].model_copy(
        update={"doc_carta": "No", "fecha_observacion": date(2025, 5, 13)}
    )
    subsanaciones = [
        SubsanacionFila(expediente="EXP-010", documento="Carta de presentación (1 representante)",
                        fecha=date(2025, 5, 14), registro="Mesa de partes 4512"),
        # EXP-016 entrega la resolución RUOS el 16/05: el plazo venció el 14/05, no cuenta.
        SubsanacionFila(expediente="EXP-016", documento="Resolución RUOS vigente",
                        fecha=date(2025, 5, 16), registro="Mesa de partes 4630"),
    ]
    # La Red de Salud es institución pública y su representante, funcionaria.
    solicitudes[10] = solicitudes[10].model_copy(update={"funcionario": "Sí"})
    faltas = [
        FaltaFila(dni="70123456", fecha=date(2025, 6, 7), falta=_falta(3), taller="Taller de identificación"),
        FaltaFila(
            dni="70123456",
            fecha=date(2025, 6, 21),
            falta=_falta(0),
            taller="Taller de trabajo 1",
            detalle="Insultos a otro agente",
        ),
        FaltaFila(dni="70123456", fecha=date(2025, 7, 5), falta=_falta(2), taller="Taller de priorización"),
        FaltaFila(dni="09876543", fecha=date(2025, 6, 21), falta=_falta(3), taller="Taller de trabajo 1"),
    ]
    electores = [a[4] for a in AGENTES[:12]]
    candidatos = [
        "07654321",
        "41234567",
        "09876543",
        "45678901",
        "70123456",
        "40987654",
        "08765432",
        "46543210",
        "10234567",
        "43210987",
    ]
    votos = []
    for i, elector in enumerate(electores):
        marcados = candidatos[:8] if i < 7 else candidatos[2:10]
        votos.append(
            VotoComiteFila(elector=elector, **{f"candidato_{j}": d for j, d in enumerate(marcados, 1)})
        )
    return {
        "Proceso": [
            DatosProceso(
                anio_fiscal=2026,
                fecha_evaluacion=date(2025, 5, 20),
                fecha_eleccion=date(2025, 6, 7),
                lugar="San Juan de Lurigancho",
                firmante="Ing. Carlos Mendoza Ríos",
            )
        ],
        "Solicitudes": solicitudes,
        "Subsanaciones": subsanaciones,
        "Faltas": faltas,
        "Votos Comité": votos,
    }


def _falta(i: int) -> str:
    from libro.pp.agentes.formato import FALTAS

    return list(FALTAS)[i]


PROYECTOS = (
    # código, proponente (índice en AGENTES), nombre, eje, ubicación, beneficiarios, costo, CUI, niveles
    (
        "PP-01",
        1,
        "Mejoramiento de pistas y veredas en la Av. Los Jardines",
        "Urbano",
        "Zona 3",
        12500,
        850_000,
        "2456789",
        ("ALTA", "MAS_10000", "ALTA", "DIRECTO", "GARANTIZADA", "NINGUNO"),
    ),
    (
        "PP-02",
        8,
        "Instalación de cámaras de videovigilancia en Canto Grande",
        "Seguridad ciudadana",
        "Zona 4",
        8000,
        420_000,
        None,
        ("ALTA", "5001_10000", "MEDIA", "DIRECTO", "PARCIAL", "HASTA_10"),
    ),
    (
        "PP-03",
        6,
        "Recuperación de áreas verdes del parque Huiracocha",
        "Ambiental",
        "Zona 3",
        6000,
        300_000,
        None,
        ("MEDIA", "5001_10000", "ALTA", "DIRECTO", "GARANTIZADA", "MAS_10"),
    ),
    (
        "PP-04",
        0,
        "Mejoramiento del servicio del comedor popular Virgen de Fátima",
        "Social",
        "Zona 3",
        1500,
        250_000,
        None,
        ("ALTA", "1001_5000", "ALTA", "INDIRECTO", "PARCIAL", "NINGUNO"),
    ),
    (
        "PP-05",
        3,
        "Centro de capacitación para emprendedores de Santa Rosa",
        "Desarrollo económico",
        "Zona 1",
        3000,
        500_000,
        None,
        ("MEDIA", "1001_5000", "MEDIA", "DIRECTO", "PARCIAL", "HASTA_10"),
    ),
    (
        "PP-06",
        2,
        "Escaleras y muros de contención en el A.H. Mariscal Cáceres",
        "Urbano",
        "Zona 5",
        2500,
        380_000,
        "2511223",
        ("ALTA", "1001_5000", "ALTA", "INDIRECTO", "PARCIAL", "NINGUNO"),
    ),
    (
        "PP-07",
        7,
        "Losa deportiva multiusos en Canto Grande",
        "Social",
        "Zona 4",
        4000,
        450_000,
        None,
        ("MEDIA", "1001_5000", "BAJA", "INDIRECTO", "SIN_COMPROMISO", "NINGUNO"),
    ),
    (
        "PP-08",
        11,
        "Señalización vial en la Av. Bayóvar",
        "Otros",
        "Zona 5",
        9000,
        150_000,
        None,
        ("BAJA", "5001_10000", "MEDIA", "INDIRECTO", "GARANTIZADA", "NINGUNO"),
    ),
)
CRITERIOS = ("BRECHA", "POBLACION", "VULNERABILIDAD", "PDC", "SOSTENIBILIDAD", "COFINANCIAMIENTO")
EQUIPO = (
    # nombre, DNI, cargo, unidad orgánica u organización, representa, rol (reglamento PP 2026, art. 10)
    (
        "Carlos Mendoza Ríos",
        "40111222",
        "Presidente",
        "Oficina General de Planeamiento, Presupuesto y Modernización",
        "Municipalidad",
        "Califica y firma puntajes",
    ),
    (
        "Patricia Salas Núñez",
        "40222333",
        "Secretario técnico",
        "Subgerencia de Obras Públicas (UF – UEI)",
        "Municipalidad",
        "Califica e inspecciona",
    ),
    (
        "Jorge Villanueva Poma",
        "40333444",
        "Miembro",
        "Oficina de Programación Multianual de Inversiones",
        "Municipalidad",
        "Califica y firma puntajes",
    ),
    (
        "Rocío Cárdenas Lazo",
        "40444555",
        "Miembro",
        "Oficina de Planeamiento y Presupuesto",
        "Municipalidad",
        "Califica y firma puntajes",
    ),
    (
        "Manuel Quispe Torres",
        "40555666",
        "Miembro",
        "Subgerencia de Participación Vecinal",
        "Municipalidad",
        "Inspección in situ",
    ),
    (
        "Verónica Huamán Ccasa",
        "40666777",
        "Miembro",
        "Gerencia de Desarrollo Urbano",
        "Municipalidad",
        "Inspección in situ",
    ),
    ("Julio Ramos Vilca", "40777888", "Miembro", "Gerencia de Orden Público", "Municipalidad", "Sin rol"),
    (
        "Sonia Paredes Meza",
        "40888999",
        "Miembro",
        "Gerencia de Desarrollo Ambiental",
        "Municipalidad",
        "Sin rol",
    ),
    (
        "Alberto Chávez Rojas",
        "40999000",
        "Miembro",
        "Gerencia de Desarrollo Económico",
        "Municipalidad",
        "Sin rol",
    ),
    (
        "Liliana Soto Aranda",
        "41000111",
        "Miembro",
        "Gerencia de Desarrollo Humano",
        "Municipalidad",
        "Sin rol",
    ),
    (
        "Rosa Quispe Huamán",
        "07654321",
        "Miembro",
        "Comedor Popular Virgen de Fátima",
        "Sociedad civil",
        "Califica e inspecciona",
    ),
)
EVALUADORES = tuple(m[1] for m in EQUIPO if m[5].startswith("Califica"))


def datos_proyectos() -> dict[str, list[Any]]:
    """Libro de proyectos de ejemplo: 8 fichas, la matriz propuesta, un no viable y un empate en el
    corte (PP-04 y PP-06, 67,5 puntos) resuelto por votación; el presupuesto se agota a media lista."""
    fichas, puntajes = [], []
    for codigo, i, nombre, eje, lugar, beneficiarios, costo, cui, niveles in PROYECTOS:
        agente = AGENTES[i]
        fichas.append(
            FichaProyecto(
                codigo=codigo,
                agente=agente[3],
                dni_agente=agente[4],
                nombre=nombre,
                eje=eje,
                ubicacion=lugar,
                beneficiarios=beneficiarios,
                costo=float(costo),
                cui=cui,
                brecha="Brecha priorizada del PMI",
                organizacion=agente[1],
            )
        )
        for j, (criterio, nivel) in enumerate(zip(CRITERIOS, niveles, strict=True)):
            extra: dict[str, Any] = {}
            if j == 0:
                extra = dict(fecha_inspeccion=date(2025, 7, 1 + len(fichas)), inspeccion_favorable="Sí")
                if codigo == "PP-07":
                    extra |= dict(viable="No", motivo="Terreno en litigio: no hay saneamiento físico legal")
            evaluador = EVALUADORES[len(puntajes) % len(EVALUADORES)]
            puntajes.append(
                PuntajeFila(proyecto=codigo, criterio=criterio, nivel=nivel, evaluador=evaluador, **extra)
            )
    desempate = [
        VotoDesempate(dni=a[4], proyecto="PP-04" if k < 7 else "PP-06") for k, a in enumerate(AGENTES[:11])
    ]
    aprobaciones = [
        ("07654321", "PP-01; PP-04; PP-03"),
        ("10234567", "PP-01; PP-04"),
        ("41234567", "PP-06; PP-01"),
        ("09876543", "PP-05; PP-02"),
        ("43210987", "PP-06; PP-04; PP-08"),
        ("06543210", "PP-01; PP-05"),
        ("45678901", "PP-03; PP-01"),
        ("70123456", "PP-02; PP-07"),
        ("40987654", "PP-02; PP-06"),
        ("08765432", "PP-05; PP-03"),
        ("46543210", "PP-08; PP-06"),
        ("42345678", "PP-04; PP-03"),
    ]
    return {
        "Parámetros": [
            ParametrosPP(
                anio_fiscal=2026,
                presupuesto=2_000_000.0,
                politica="Saltar al siguiente que cabe",
                fecha_taller=date(2025, 7, 19),
                lugar="Auditorio municipal",
                municipalidad="Municipalidad Distrital de San Juan de Lurigancho",
                distrito="San Juan de Lurigancho",
                autoridad="Jesús Maldonado Aguilar",
                cargo_autoridad="Alcalde",
                miembros_equipo=len(EQUIPO),
            )
        ],
        "Equipo Técnico": [
            MiembroEquipo(nombre=n, dni=d, cargo=c, unidad=u, representa=r, rol=rol)
            for n, d, c, u, r, rol in EQUIPO
        ],
        "Fichas": fichas,
        "Criterios": criterios_por_defecto(),
        "Puntajes": puntajes,
        "Votación de desempate": desempate,
        "Votos": [VotoAprobacion(dni=d, aprobados=t) for d, t in aprobaciones],
    }


def demo_pp(carpeta: Path) -> list[Path]:
    """Plantillas, libros de ejemplo, copias calculadas y exportación Pabulib, en `carpeta`."""
    from libro.trabajos import exportar_pabulib_archivo

    carpeta.mkdir(parents=True, exist_ok=True)
    archivos = [
        escribir_plantilla(AGENTES_PP, carpeta / "plantillas" / "agentes-pp.xlsx"),
        escribir_plantilla(PROYECTOS_PP, carpeta / "plantillas" / "proyectos-pp.xlsx"),
    ]
    agentes = escribir_plantilla(AGENTES_PP, carpeta / "agentes_pp_2026.xlsx", datos_agentes())
    proyectos = escribir_plantilla(PROYECTOS_PP, carpeta / "proyectos_pp_2026.xlsx", datos_proyectos())
    archivos += [agentes, proyectos]
    for origen in (agentes, proyectos):
        destino = carpeta / "calculados" / origen.name
        calcular_archivo(origen, destino)
        archivos.append(destino)
    pb, comparacion = carpeta / "proyectos_pp_2026.pb", carpeta / "proyectos_pp_2026_comparacion.xlsx"
    exportar_pabulib_archivo(proyectos, pb, comparacion)
    archivos += [pb, comparacion]
    return archivos
