"""Lo que calcula el libro de proyectos del PP: matriz de criterios, veredictos, priorización y puntajes."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from libro.nucleo.contexto import Contexto
from libro.nucleo.flujo import Calculado
from libro.nucleo.lector import LibroLeido
from libro.pp.proyectos import priorizacion as pri
from libro.pp.proyectos.formato import (
    POLITICAS,
    CriterioFila,
    FichaProyecto,
    PuntajeFila,
)


def _decimal(valor: float) -> Decimal:
    return Decimal(str(round(valor, 2)))


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


_LIMITES = {
    "less_than_equal": "no puede pasar de {le}",
    "less_than": "debe ser menor que {lt}",
    "greater_than_equal": "no puede ser menor que {ge}",
    "greater_than": "debe ser mayor que {gt}",
    "too_short": "necesita al menos {min_length}",
}


class MatrizInvalida(ValueError):
    """La hoja «Criterios» no forma una matriz válida; `fila` y `campo` dicen dónde, si se sabe."""

    def __init__(self, mensaje: str, fila: int | None = None, campo: str | None = None) -> None:
        super().__init__(mensaje)
        self.fila, self.campo = fila, campo


def _mensaje_validacion(error: ValidationError) -> str:
    """Los errores de pydantic en español: los límites de los campos y los mensajes propios."""
    partes = []
    for e in error.errors():
        plantilla = _LIMITES.get(e["type"])
        if plantilla is None:
            partes.append(e["msg"].removeprefix("Value error, "))
            continue
        campo = next((str(x) for x in reversed(e["loc"]) if isinstance(x, str)), "el valor")
        partes.append(f"«{campo}» {plantilla.format(**e.get('ctx', {}))} (se escribió {e.get('input')})")
    return "; ".join(partes)


def _campo_del_error(error: ValidationError) -> str | None:
    """El campo del primer error («puntos», «peso»), si el error es de un campo."""
    loc = error.errors()[0]["loc"]
    return str(loc[-1]) if loc and isinstance(loc[-1], str) else None


def _nivel(codigo: str, f: CriterioFila) -> pri.Nivel:
    try:
        return pri.Nivel(codigo=f.nivel, descripcion=f.descripcion or "", puntos=_decimal(f.puntos))
    except ValidationError as error:
        mensaje = f"criterio {codigo}, nivel {f.nivel}: {_mensaje_validacion(error)}"
        raise MatrizInvalida(mensaje, f.fila, _campo_del_error(error)) from None


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
            raise MatrizInvalida(f"el criterio {codigo} no tiene peso", grupo[0].fila, "peso")
        try:
            criterios.append(
                pri.Criterio(
                    codigo=codigo,
                    nombre=next((f.nombre for f in grupo if f.nombre), codigo),
                    peso=_decimal(peso),
                    niveles=tuple(_nivel(codigo, f) for f in grupo if f.nivel and f.puntos is not None),
                )
            )
        except ValidationError as error:
            campo = _campo_del_error(error)
            con_campo = (f.fila for f in grupo if campo and getattr(f, campo, None) is not None)
            fila = next(con_campo, grupo[0].fila)
            raise MatrizInvalida(f"criterio {codigo}: {_mensaje_validacion(error)}", fila, campo) from None
    try:
        return pri.Matriz(criterios=tuple(criterios))
    except ValidationError as error:
        raise MatrizInvalida(_mensaje_validacion(error)) from None


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
    error_matriz: MatrizInvalida | None
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
    def motivo_matriz(self) -> str | None:
        """Por qué la hoja «Criterios» no sirve, en palabras (o None si sirve)."""
        return str(self.error_matriz) if self.error_matriz else None

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


def priorizar(libro: LibroLeido, hoy: date) -> Priorizacion:
    """Matriz, puntajes, viabilidad, asignación (con desempates) y reemplazo pedido en «Parámetros»."""
    parametros = libro.ficha("Parámetros")
    fichas: dict[str, FichaProyecto] = {}
    for f in libro.filas("Fichas"):
        if f.codigo:
            fichas.setdefault(f.codigo, f)
    try:
        matriz, error_matriz = matriz_de(libro.filas("Criterios")), None
    except MatrizInvalida as error:
        matriz, error_matriz = None, error
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
                parametros.fecha_reemplazo or hoy,
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


def con_puntajes(libro: LibroLeido, p: Priorizacion) -> LibroLeido:
    """El libro con las celdas calculadas: puntos y aporte en «Puntajes»; puntaje y resultado en «Fichas»."""
    criterios = {c.codigo: c for c in p.matriz.criterios} if p.matriz else {}
    nuevas_puntajes = []
    for f in libro.filas("Puntajes"):
        c = criterios.get(f.criterio or "")
        valor = None
        if c is not None and f.nivel in {n.codigo for n in c.niveles}:
            valor = c.puntos(f.nivel)
        puntos = float(valor) if valor is not None else None
        aporte = float(c.peso * valor / 100) if valor is not None else None
        nuevas_puntajes.append(f.model_copy(update={"puntos": puntos, "aporte": aporte}))
    por_codigo = {e.codigo: e for e in p.evaluaciones}
    nuevas_fichas = []
    for f in libro.filas("Fichas"):
        e = por_codigo.get(f.codigo or "") if p.fichas.get(f.codigo or "") is f else None
        puntaje = float(e.puntaje) if e else None
        resultado = resultado_de(p, f.codigo) if e or f.codigo in p.sin_evaluar else None
        nuevas_fichas.append(f.model_copy(update={"puntaje": puntaje, "resultado": resultado}))
    return libro.con_filas("Puntajes", nuevas_puntajes).con_filas("Fichas", nuevas_fichas)


@dataclass(frozen=True)
class ProyectosCalculado(Calculado):
    priorizacion: Priorizacion


def calcular(libro: LibroLeido, contexto: Contexto) -> ProyectosCalculado:
    """Priorización (con puntajes, desempates y reemplazo) y el libro con sus celdas calculadas."""
    p = priorizar(libro, contexto.hoy)
    return ProyectosCalculado(con_puntajes(libro, p), p)
