"""Lo que calcula el libro de proyectos del Presupuesto Participativo (formato `proyectos-pp`).

Traduce las filas leídas a las entradas de `libro.pp.priorizacion` (proyectos, matriz de criterios,
votaciones de desempate), llama a esos cálculos puros y arma las celdas calculadas de «Puntajes» y
«Fichas» y los bloques de las hojas generadas «Priorización», «Acta» y «Reemplazos». Aquí no hay
Excel ni archivos.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from libro.escritura import Bloque, Escritura, Limpiar, filas_contiguas
from libro.formatos.proyectos_pp import (
    COLUMNAS_ACTA,
    FILA_TABLA_ACTA,
    POLITICAS,
    CriterioFila,
    FichaProyecto,
    PuntajeFila,
)
from libro.lector import Lectura, LibroLeido
from libro.poi_salidas import SOLES
from libro.pp import priorizacion as pri
from libro.textos import clave, fecha_texto, mayuscula_inicial

PUNTOS = "0.00"
HOJA_PRIORIZACION = "Priorización"
HOJA_ACTA = "Acta"
HOJA_REEMPLAZOS = "Reemplazos"


def _decimal(valor: float) -> Decimal:
    return Decimal(str(round(valor, 2)))


def _columna(
    lectura: Lectura | None, campo: str, valores: dict[int, Any], formato: str | None
) -> list[Bloque]:
    """Un bloque por tramo contiguo de filas para una columna calculada de una hoja de datos."""
    j = lectura.columna(campo) if lectura else None
    if j is None or not valores:
        return []
    return [
        Bloque(lectura.hoja, tramo[0], j, [[valores[r]] for r in tramo], formatos=(formato,))
        for tramo in filas_contiguas(list(valores))
    ]


def _matriz_mayusculas(matriz: pri.Matriz) -> pri.Matriz:
    return pri.Matriz(
        criterios=tuple(
            c.model_copy(
                update={
                    "codigo": c.codigo.upper(),
                    "niveles": tuple(n.model_copy(update={"codigo": n.codigo.upper()}) for n in c.niveles),
                }
            )
            for c in matriz.criterios
        )
    )


MATRIZ_LIBRO = _matriz_mayusculas(pri.MATRIZ_POR_DEFECTO)
"""`MATRIZ_POR_DEFECTO` con los códigos en mayúsculas, como los lee la hoja «Criterios»."""


def criterios_por_defecto() -> list[CriterioFila]:
    """Filas de la hoja «Criterios» con la matriz propuesta (para plantillas y ejemplos)."""
    filas = []
    for c in MATRIZ_LIBRO.criterios:
        for i, n in enumerate(c.niveles):
            filas.append(
                CriterioFila(
                    criterio=c.codigo,
                    nombre=c.nombre if i == 0 else None,
                    peso=float(c.peso) if i == 0 else None,
                    nivel=n.codigo,
                    descripcion=n.descripcion,
                    puntos=float(n.puntos),
                )
            )
    return filas


def _mensaje_validacion(error: ValidationError) -> str:
    return "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())


def matriz_de(filas: Iterable[CriterioFila]) -> pri.Matriz:
    """La matriz de la hoja «Criterios» (vacía: la matriz propuesta). `ValueError` en español si no vale."""
    grupos: dict[str, list[CriterioFila]] = {}
    for f in filas:
        if f.criterio:
            grupos.setdefault(f.criterio, []).append(f)
    if not grupos:
        return MATRIZ_LIBRO
    criterios = []
    for codigo, grupo in grupos.items():
        peso = next((f.peso for f in grupo if f.peso is not None), None)
        if peso is None:
            raise ValueError(f"el criterio {codigo} no tiene peso")
        try:
            criterios.append(
                pri.Criterio(
                    codigo=codigo,
                    nombre=next((f.nombre for f in grupo if f.nombre), codigo),
                    peso=_decimal(peso),
                    niveles=tuple(
                        pri.Nivel(codigo=f.nivel, descripcion=f.descripcion or "", puntos=_decimal(f.puntos))
                        for f in grupo
                        if f.nivel and f.puntos is not None
                    ),
                )
            )
        except ValidationError as error:
            raise ValueError(f"criterio {codigo}: {_mensaje_validacion(error)}") from None
    try:
        return pri.Matriz(criterios=tuple(criterios))
    except ValidationError as error:
        raise ValueError(_mensaje_validacion(error)) from None


@dataclass
class Veredicto:
    """Lo que la hoja «Puntajes» dice de un proyecto, reunido de sus filas."""

    calificaciones: dict[str, str] = field(default_factory=dict)
    fecha_inspeccion: date | None = None
    inspeccion_favorable: str | None = None
    viable: str | None = None
    motivo: str | None = None
    filas: list[PuntajeFila] = field(default_factory=list)


def veredictos(filas: Iterable[PuntajeFila], matriz: pri.Matriz | None) -> dict[str, Veredicto]:
    """Por proyecto: niveles válidos por criterio (el primero que aparece) y datos de viabilidad."""
    criterios = {c.codigo: c for c in matriz.criterios} if matriz else {}
    resultado: dict[str, Veredicto] = {}
    for f in filas:
        if not f.proyecto:
            continue
        v = resultado.setdefault(f.proyecto, Veredicto())
        v.filas.append(f)
        c = criterios.get(f.criterio or "")
        if c is not None and f.nivel and f.nivel in {n.codigo for n in c.niveles}:
            v.calificaciones.setdefault(c.codigo, f.nivel)
        for campo in ("fecha_inspeccion", "inspeccion_favorable", "viable", "motivo"):
            if getattr(v, campo) is None and getattr(f, campo) is not None:
                setattr(v, campo, getattr(f, campo))
    return resultado


def politica_de(etiqueta: str | None) -> pri.Politica:
    return POLITICAS.get(etiqueta or "", pri.POLITICA_POR_DEFECTO)  # type: ignore[return-value]


def votaciones_de(libro: LibroLeido, para: str = "Priorización") -> list[dict[str, str]]:
    """Votaciones de desempate por número ({DNI: proyecto}); un DNI repetido vale su primer voto."""
    por_numero: dict[int, dict[str, str]] = {}
    for f in libro.filas("Votación de desempate"):
        if f.dni and f.proyecto and (f.para or "Priorización") == para:
            por_numero.setdefault(f.votacion or 1, {}).setdefault(f.dni, f.proyecto)
    return [por_numero[n] for n in sorted(por_numero)]


@dataclass
class Priorizacion:
    """Todo lo que la priorización calcula a partir del libro."""

    parametros: Any
    matriz: pri.Matriz | None
    error_matriz: str | None
    fichas: dict[str, FichaProyecto]
    veredictos: dict[str, Veredicto]
    evaluaciones: list[pri.Evaluacion]
    sin_evaluar: dict[str, str]
    """Código → por qué no se pudo evaluar (calificación incompleta, costo vacío…)."""
    asignacion: pri.Asignacion | None
    error_asignacion: str | None = None
    reemplazo: pri.Reemplazo | None = None
    error_reemplazo: str | None = None
    matriz_propuesta: bool = False
    """La hoja «Criterios» estaba vacía y se usó `MATRIZ_LIBRO`."""

    @property
    def presupuesto(self) -> Decimal | None:
        p = self.parametros.presupuesto if self.parametros else None
        return _decimal(p) if p is not None else None


def _evaluar(
    fichas: dict[str, FichaProyecto], vs: dict[str, Veredicto], matriz: pri.Matriz, minimo: float | None
) -> tuple[list[pri.Evaluacion], dict[str, str]]:
    evaluaciones: list[pri.Evaluacion] = []
    sin_evaluar: dict[str, str] = {}
    for codigo, ficha in fichas.items():
        v = vs.get(codigo)
        if v is None:
            sin_evaluar[codigo] = "sin calificar en «Puntajes»"
            continue
        faltan = [c.codigo for c in matriz.criterios if c.codigo not in v.calificaciones]
        if faltan:
            sin_evaluar[codigo] = "falta calificar: " + ", ".join(faltan)
            continue
        if not ficha.costo:
            sin_evaluar[codigo] = "sin costo estimado"
            continue
        motivo = None
        if v.viable == "No":
            motivo = v.motivo or "declarada no viable por el Equipo Técnico"
        proyecto = pri.Proyecto(
            codigo=codigo,
            nombre=ficha.nombre or "",
            eje=ficha.eje or "Otros",
            costo=_decimal(ficha.costo),
            calificaciones=v.calificaciones,
            inspeccion_favorable=v.inspeccion_favorable != "No",
            motivo_no_viable=motivo,
        )
        evaluaciones.append(pri.evaluar(proyecto, matriz, _decimal(minimo) if minimo is not None else None))
    return evaluaciones, sin_evaluar


def priorizar(libro: LibroLeido, hoy: date | None = None) -> Priorizacion:
    """Matriz, puntajes, viabilidad, asignación (con desempates) y reemplazo pedido en «Parámetros».

    Sin `hoy`, se calcula una vez por libro leído: el cálculo y las reglas comparten el resultado.
    """
    if hoy is None:
        return libro.derivado("priorizacion", lambda: _priorizar(libro, None))
    return _priorizar(libro, hoy)


def _priorizar(libro: LibroLeido, hoy: date | None) -> Priorizacion:
    parametros = libro.ficha("Parámetros")
    fichas: dict[str, FichaProyecto] = {}
    for f in libro.filas("Fichas"):
        if f.codigo:
            fichas.setdefault(f.codigo, f)
    try:
        matriz, error_matriz = matriz_de(libro.filas("Criterios")), None
    except ValueError as error:
        matriz, error_matriz = None, str(error)
    vs = veredictos(libro.filas("Puntajes"), matriz)
    if matriz is None:
        return Priorizacion(parametros, None, error_matriz, fichas, vs, [], {}, None)
    minimo = parametros.puntaje_minimo if parametros else None
    evaluaciones, sin_evaluar = _evaluar(fichas, vs, matriz, minimo)
    resultado = Priorizacion(parametros, matriz, None, fichas, vs, evaluaciones, sin_evaluar, None)
    resultado.matriz_propuesta = not any(f.criterio for f in libro.filas("Criterios"))
    presupuesto = resultado.presupuesto
    if presupuesto is None:
        resultado.error_asignacion = "falta el presupuesto asignado al PP en «Parámetros»"
        return resultado
    politica = politica_de(parametros.politica)
    try:
        resultado.asignacion = pri.asignar(evaluaciones, presupuesto, politica, votaciones_de(libro))
    except ValueError as error:
        resultado.error_asignacion = f"{error}; se asignó sin considerar la votación de desempate"
        resultado.asignacion = pri.asignar(evaluaciones, presupuesto, politica)
    if parametros.reemplazar:
        votos = votaciones_de(libro, "Reemplazo")
        try:
            resultado.reemplazo = pri.reemplazar(
                resultado.asignacion,
                parametros.reemplazar.strip().upper(),
                parametros.motivo_reemplazo or "no especificado",
                parametros.fecha_reemplazo or hoy or date.today(),
                votos[0] if votos else None,
            )
        except ValueError as error:
            resultado.error_reemplazo = str(error)
    return resultado


def resultado_de(p: Priorizacion, codigo: str) -> str:
    """Texto corto del resultado de un proyecto (columna calculada de «Fichas»)."""
    if codigo in p.sin_evaluar:
        return "Sin evaluar"
    e = next((e for e in p.evaluaciones if e.codigo == codigo), None)
    if e is None:
        return ""
    if not e.viable:
        return "No viable"
    a = p.asignacion
    if a is None:
        return "Viable"
    if any(x.codigo == codigo for x in a.financiados):
        return "Priorizado"
    if a.empate and codigo in a.empate.proyectos:
        return "Empate en el corte"
    if any(x.codigo == codigo for x in a.pendientes):
        return "Pendiente del desempate"
    return "Viable, sin presupuesto"


def escritura_puntajes(libro: LibroLeido, p: Priorizacion) -> tuple[LibroLeido, Escritura]:
    """Celdas calculadas: puntos y aporte en «Puntajes»; puntaje y resultado en «Fichas»."""
    escritura = Escritura()
    criterios = {c.codigo: c for c in p.matriz.criterios} if p.matriz else {}
    puntos: dict[int, Any] = {}
    aportes: dict[int, Any] = {}
    nuevas_puntajes = []
    for f in libro.filas("Puntajes"):
        c = criterios.get(f.criterio or "")
        valor = None
        if c is not None and f.nivel in {n.codigo for n in c.niveles}:
            valor = c.puntos(f.nivel)
        puntos[f.fila] = float(valor) if valor is not None else None
        aportes[f.fila] = float(c.peso * valor / 100) if valor is not None else None
        nuevas_puntajes.append(f.model_copy(update={"puntos": puntos[f.fila], "aporte": aportes[f.fila]}))
    lectura = libro.hojas.get("Puntajes")
    escritura.agregar(
        *_columna(lectura, "puntos", puntos, "0.##"), *_columna(lectura, "aporte", aportes, PUNTOS)
    )
    por_codigo = {e.codigo: e for e in p.evaluaciones}
    puntajes: dict[int, Any] = {}
    resultados: dict[int, Any] = {}
    nuevas_fichas = []
    for f in libro.filas("Fichas"):
        e = por_codigo.get(f.codigo or "") if p.fichas.get(f.codigo or "") is f else None
        puntajes[f.fila] = float(e.puntaje) if e else None
        resultados[f.fila] = resultado_de(p, f.codigo) if e or f.codigo in p.sin_evaluar else None
        nuevas_fichas.append(
            f.model_copy(update={"puntaje": puntajes[f.fila], "resultado": resultados[f.fila]})
        )
    fichas = libro.hojas.get("Fichas")
    escritura.agregar(
        *_columna(fichas, "puntaje", puntajes, PUNTOS), *_columna(fichas, "resultado", resultados, None)
    )
    return libro.con_filas("Puntajes", nuevas_puntajes).con_filas("Fichas", nuevas_fichas), escritura


def _soles(valor: Decimal) -> str:
    return f"S/ {valor:,.2f}"


def _politica_texto(politica: str) -> str:
    return next(k for k, v in POLITICAS.items() if v == politica).lower()


def escritura_priorizacion(p: Priorizacion) -> Escritura:
    h = HOJA_PRIORIZACION
    escritura = Escritura().agregar(Limpiar(h, 1))
    if p.matriz is None:
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [
                    [
                        f"No se puede priorizar: la hoja «Criterios» no vale "
                        f"({p.error_matriz}). Corríjala y vuelva a priorizar."
                    ]
                ],
                estilos={0: "subtitulo"},
            )
        )
    a = p.asignacion
    notas: list[list[Any]] = []
    if a is None:
        notas.append([f"No se puede asignar: {p.error_asignacion}."])
    else:
        notas.append(
            [
                f"Presupuesto asignado al PP: {_soles(a.presupuesto)} · priorizado: "
                f"{_soles(a.monto_asignado)} · saldo: {_soles(a.saldo)} · si el siguiente no cabe: "
                f"{_politica_texto(a.politica)}."
            ]
        )
        if a.empate is not None:
            notas.append(
                [a.empate.mensaje() + ". Registre los votos en «Votación de desempate» y vuelva a priorizar."]
            )
        else:
            notas.append(["Asignación resuelta en orden de prelación (art. 16.1.1)."])
        for d in a.desempates:
            votos = ", ".join(f"{c}: {n}" for c, n in d.votos.items())
            notas.append([f"Desempate por votación entre {', '.join(d.proyectos)} ({votos})."])
        if p.matriz_propuesta:
            pesos = ", ".join(f"{c.codigo} {c.peso}" for c in MATRIZ_LIBRO.criterios)
            notas.append([f"La hoja «Criterios» está vacía: se usó la matriz propuesta por libro ({pesos})."])
        if p.error_asignacion:
            notas.append([mayuscula_inicial(p.error_asignacion) + "."])
    escritura.agregar(Bloque(h, 1, 0, notas, estilos={0: "subtitulo"}))
    fila = 1 + len(notas) + 1
    puestos = {x.evaluacion.codigo: x for x in pri.ranking(p.evaluaciones)}
    tabla: list[list[Any]] = [
        ["Puesto", "Código", "Propuesta", "Eje", "Puntaje", "Costo (S/)", "Asignación", "Observación"]
    ]
    orden = list(a.escala) if a else [x.evaluacion for x in puestos.values()]
    for e in orden:
        x = puestos[e.codigo]
        asignado = e.costo if a and any(f.codigo == e.codigo for f in a.financiados) else None
        tabla.append(
            [
                x.puesto,
                e.codigo,
                e.nombre,
                e.eje,
                float(e.puntaje),
                float(e.costo),
                float(asignado) if asignado is not None else None,
                resultado_de(p, e.codigo) + (" (igual puntaje)" if x.empatado else ""),
            ]
        )
    if a:
        tabla.append(["", "", "Total priorizado", "", None, None, float(a.monto_asignado), ""])
    estilos: dict[int, Any] = {0: "encabezado"}
    if a:
        estilos[len(tabla) - 1] = "total"
    escritura.agregar(
        Bloque(
            h, fila, 0, tabla, formatos=("0", None, None, None, PUNTOS, SOLES, SOLES, None), estilos=estilos
        )
    )
    fila += len(tabla) + 1
    no_viables = [e for e in p.evaluaciones if not e.viable]
    if no_viables or p.sin_evaluar:
        bloque: list[list[Any]] = [["NO VIABLES Y SIN EVALUAR"], ["Código", "Propuesta", "Puntaje", "Motivo"]]
        bloque.extend([e.codigo, e.nombre, float(e.puntaje), "; ".join(e.motivos)] for e in no_viables)
        bloque.extend([c, p.fichas[c].nombre, None, mayuscula_inicial(m)] for c, m in p.sin_evaluar.items())
        escritura.agregar(
            Bloque(
                h,
                fila,
                0,
                bloque,
                formatos=(None, None, PUNTOS, None),
                estilos={0: "subtitulo", 1: "encabezado"},
            )
        )
        fila += len(bloque) + 1
    por_eje: list[list[Any]] = [["ORDEN POR EJE DE DESARROLLO (ART. 14.4)"]]
    estilos = {0: "subtitulo"}
    for eje, posiciones in pri.ranking_por_eje(p.evaluaciones).items():
        if not posiciones:
            continue
        estilos[len(por_eje)] = "encabezado"
        por_eje.append([f"Eje {eje}", "Código", "Propuesta", "", "Puntaje", "Costo (S/)", "Asignación"])
        for x in posiciones:
            e = x.evaluacion
            asignado = e.costo if a and any(f.codigo == e.codigo for f in a.financiados) else None
            por_eje.append(
                [
                    x.puesto,
                    e.codigo,
                    e.nombre,
                    "",
                    float(e.puntaje),
                    float(e.costo),
                    float(asignado) if asignado is not None else None,
                ]
            )
    escritura.agregar(
        Bloque(h, fila, 0, por_eje, formatos=("0", None, None, None, PUNTOS, SOLES, SOLES), estilos=estilos)
    )
    return escritura


def _firmantes(p: Priorizacion) -> list[tuple[str, str]]:
    vistos: dict[str, tuple[str, str]] = {}
    for f in p.fichas.values():
        if f.agente and clave(f.agente) not in vistos:
            vistos[clave(f.agente)] = (f.agente, f.dni_agente or "")
    return list(vistos.values())


def escritura_acta(p: Priorizacion) -> Escritura:
    """Acta imprimible (A4, la plantilla fija papel, área de impresión y filas que se repiten)."""
    h = HOJA_ACTA
    params = p.parametros
    a = p.asignacion
    anio = params.anio_fiscal if params and params.anio_fiscal else "____"
    taller = "Taller de priorización"
    if params and params.fecha_taller:
        taller += f" del {fecha_texto(params.fecha_taller)}"
    if params and params.lugar:
        taller += f", {params.lugar}"
    cabecera: list[list[Any]] = [
        [
            f"Proceso del Presupuesto Participativo Basado en Resultados para el año fiscal {anio} — "
            "Municipalidad Distrital de San Juan de Lurigancho"
        ],
        [
            f"{taller}. Proyectos priorizados de mayor a menor puntaje, en orden de prelación y hasta el "
            "presupuesto asignado (art. 16.1)."
        ],
        [
            f"Presupuesto asignado al PP: {_soles(a.presupuesto)}"
            if a
            else "Presupuesto asignado al PP: (falta)"
        ],
    ]
    if a is None or a.empate is not None or p.matriz is None:
        motivo = a.empate.mensaje() if a and a.empate else p.error_asignacion or p.error_matriz or ""
        cabecera.append([f"BORRADOR, NO FIRMAR: {motivo}."])
    escritura = Escritura().agregar(
        Limpiar(h, 1), Bloque(h, 1, 0, cabecera, estilos={0: "subtitulo", 3: "total"})
    )
    tabla: list[list[Any]] = [["N°", "Código", "Proyecto priorizado", "Eje", "Puntaje", "Monto (S/)", "CUI"]]
    financiados = {e.codigo for e in a.financiados} if a else set()
    orden = [e for e in (a.escala if a else ()) if e.codigo in financiados]
    for i, e in enumerate(orden, start=1):
        tabla.append(
            [i, e.codigo, e.nombre, e.eje, float(e.puntaje), float(e.costo), p.fichas[e.codigo].cui or ""]
        )
    total = a.monto_asignado if a else Decimal(0)
    tabla.append(["", "", "Total priorizado", "", None, float(total), ""])
    tabla.append(["", "", "Saldo no asignado", "", None, float(a.saldo) if a else None, ""])
    escritura.agregar(
        Bloque(
            h,
            FILA_TABLA_ACTA,
            0,
            tabla,
            formatos=("0", None, None, None, PUNTOS, SOLES, "@"),
            estilos={0: "encabezado", len(tabla) - 2: "total", len(tabla) - 1: "total"},
        )
    )
    fila = FILA_TABLA_ACTA + len(tabla) + 1
    firmas: list[list[Any]] = [
        ["Los agentes participantes y el Equipo Técnico suscriben la presente acta en señal de conformidad."],
        [],
        ["N°", "DNI", "Nombres y apellidos", "Organización", "", "Firma"],
    ]
    personas = _firmantes(p)
    personas += [("", "")] * max(0, 10 - len(personas))
    firmas.extend(
        [i, dni, nombre, "", "", "____________________"] for i, (nombre, dni) in enumerate(personas, 1)
    )
    escritura.agregar(
        Bloque(
            h,
            fila,
            0,
            firmas,
            formatos=("0", "@", None, None, None, None),
            estilos={0: "nota", 2: "encabezado"},
        )
    )
    assert len(tabla[0]) == COLUMNAS_ACTA
    return escritura


def escritura_reemplazos(p: Priorizacion) -> Escritura:
    h = HOJA_REEMPLAZOS
    escritura = Escritura().agregar(Limpiar(h, 1))
    params = p.parametros
    if not (params and params.reemplazar):
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [
                    [
                        "Sin reemplazos. Si un priorizado no puede ejecutarse, escriba en «Parámetros» su "
                        "código en «Proyecto a reemplazar», el motivo y la fecha, y pulse «Reemplazar» "
                        "(art. 16.2)."
                    ]
                ],
                estilos={0: "nota"},
            )
        )
    if p.reemplazo is None:
        motivo = p.error_reemplazo or p.error_asignacion or p.error_matriz or "no hay asignación"
        return escritura.agregar(
            Bloque(
                h,
                1,
                0,
                [[f"No se pudo registrar el reemplazo de {params.reemplazar}: {motivo}."]],
                estilos={0: "subtitulo"},
            )
        )
    r = p.reemplazo
    lineas: list[list[Any]] = [["CONSTANCIA DE REEMPLAZO (ART. 16.2)"]]
    for linea in r.texto().splitlines():
        etiqueta, _, valor = linea.partition(": ")
        lineas.append([etiqueta, valor] if valor else [linea])
    escritura.agregar(Bloque(h, 1, 0, lineas, estilos={0: "subtitulo"}))
    fila = 1 + len(lineas) + 1
    tabla: list[list[Any]] = [
        ["PROYECTOS PRIORIZADOS DESPUÉS DEL REEMPLAZO"],
        ["Código", "Proyecto", "Monto (S/)"],
    ]
    tabla.extend([e.codigo, e.nombre, float(e.costo)] for e in r.asignacion.financiados)
    tabla.append(["Total", "", float(r.asignacion.monto_asignado)])
    escritura.agregar(
        Bloque(
            h,
            fila,
            0,
            tabla,
            formatos=(None, None, SOLES),
            estilos={0: "subtitulo", 1: "encabezado", len(tabla) - 1: "total"},
        )
    )
    return escritura


def calculo_proyectos(libro: LibroLeido) -> tuple[LibroLeido, Escritura]:
    """Cálculo del formato `proyectos-pp`: puntajes, «Priorización», «Acta» y «Reemplazos»."""
    p = priorizar(libro)
    calculado, escritura = escritura_puntajes(libro, p)
    for parte in (escritura_priorizacion(p), escritura_acta(p), escritura_reemplazos(p)):
        escritura.agregar(*parte.operaciones)
    return calculado, escritura


def preparar_acta(libro: Any, hoja: Any) -> None:
    """Impresión del acta en la plantilla (XlsxWriter): A4 vertical, columnas A:G, encabezado repetido."""
    hoja.set_paper(9)
    hoja.set_portrait()
    hoja.print_area(0, 0, 1048575, COLUMNAS_ACTA - 1)
    hoja.repeat_rows(FILA_TABLA_ACTA)
    hoja.fit_to_pages(1, 0)
    hoja.set_margins(left=0.6, right=0.5, top=0.7, bottom=0.7)
    hoja.center_horizontally()
    hoja.set_footer("&CPágina &P de &N")
