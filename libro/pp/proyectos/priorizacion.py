"""Evaluación técnica, priorización y asignación del presupuesto participativo.

Reglamento PP 2026: art. 11.6 (criterios del Equipo Técnico en el marco del PMI), 14.4
(puntaje, viables y no viables, orden por eje de mayor a menor), 14.5 (inspección in situ),
16.1.1 (prelación, tope presupuestal y desempate por votación) y 16.2 (reemplazo).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# ---------------------------------------------------------------- criterios y matriz


class Nivel(BaseModel):
    """Un escalón de la escala de un criterio."""

    model_config = ConfigDict(frozen=True)

    codigo: str
    descripcion: str
    puntos: Decimal = Field(ge=0, le=100)


class Criterio(BaseModel):
    """Criterio con su peso (en %) y su escala de niveles."""

    model_config = ConfigDict(frozen=True)

    codigo: str
    nombre: str
    peso: Decimal = Field(gt=0, le=100)
    niveles: tuple[Nivel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _niveles_unicos(self) -> "Criterio":
        codigos = [n.codigo for n in self.niveles]
        if len(set(codigos)) != len(codigos):
            raise ValueError(f"Criterio {self.codigo}: niveles repetidos")
        return self

    def puntos(self, nivel: str) -> Decimal:
        """Puntos del nivel dado por su código."""
        for n in self.niveles:
            if n.codigo == nivel:
                return n.puntos
        validos = ", ".join(n.codigo for n in self.niveles)
        raise ValueError(f"Criterio {self.codigo}: nivel «{nivel}» no existe (use: {validos})")


class Matriz(BaseModel):
    """Matriz de criterios: los pesos suman 100; el puntaje resultante va de 0 a 100."""

    model_config = ConfigDict(frozen=True)

    criterios: tuple[Criterio, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _pesos(self) -> "Matriz":
        codigos = [c.codigo for c in self.criterios]
        if len(set(codigos)) != len(codigos):
            raise ValueError("Criterios repetidos en la matriz")
        total = sum((c.peso for c in self.criterios), Decimal(0))
        if total != 100:
            raise ValueError(f"Los pesos de la matriz suman {total}, deben sumar 100")
        return self


def _escala(*niveles: tuple[str, str, int]) -> tuple[Nivel, ...]:
    return tuple(Nivel(codigo=c, descripcion=d, puntos=Decimal(p)) for c, d, p in niveles)


MATRIZ_POR_DEFECTO = Matriz(
    criterios=(
        Criterio(
            codigo="brecha",
            nombre="Contribución al cierre de brechas priorizadas en el PMI",
            peso=Decimal(30),
            niveles=_escala(
                ("alta", "Atiende una brecha priorizada del PMI con indicador definido", 100),
                ("media", "Atiende una brecha del PMI no priorizada", 60),
                ("baja", "Relación indirecta con las brechas del PMI", 20),
            ),
        ),
        Criterio(
            codigo="poblacion",
            nombre="Población beneficiaria directa",
            peso=Decimal(25),
            niveles=_escala(
                ("mas_10000", "Más de 10 000 habitantes", 100),
                ("5001_10000", "De 5 001 a 10 000 habitantes", 70),
                ("1001_5000", "De 1 001 a 5 000 habitantes", 40),
                ("hasta_1000", "Hasta 1 000 habitantes", 10),
            ),
        ),
        Criterio(
            codigo="vulnerabilidad",
            nombre="Población en pobreza o situación de vulnerabilidad",
            peso=Decimal(15),
            niveles=_escala(
                ("alta", "Zona de pobreza o riesgo alto", 100),
                ("media", "Zona de pobreza o riesgo medio", 50),
                ("baja", "Sin condición de vulnerabilidad relevante", 0),
            ),
        ),
        Criterio(
            codigo="pdc",
            nombre="Alineamiento con los objetivos estratégicos del PDC Local",
            peso=Decimal(15),
            niveles=_escala(
                ("directo", "Contribuye directamente a un objetivo estratégico", 100),
                ("indirecto", "Contribuye indirectamente", 50),
                ("ninguno", "Sin alineamiento", 0),
            ),
        ),
        Criterio(
            codigo="sostenibilidad",
            nombre="Sostenibilidad: operación y mantenimiento garantizados",
            peso=Decimal(10),
            niveles=_escala(
                ("garantizada", "Compromiso formal de operación y mantenimiento", 100),
                ("parcial", "Compromiso parcial o en trámite", 50),
                ("sin_compromiso", "Sin compromiso", 0),
            ),
        ),
        Criterio(
            codigo="cofinanciamiento",
            nombre="Cofinanciamiento de la sociedad civil o terceros",
            peso=Decimal(5),
            niveles=_escala(
                ("mas_10", "Más del 10 % del costo", 100),
                ("hasta_10", "Hasta el 10 % del costo", 50),
                ("ninguno", "Sin cofinanciamiento", 0),
            ),
        ),
    )
)
"""Matriz propuesta (el reglamento no fija criterios: los presenta el Equipo Técnico, art. 11.6).

| Criterio (código)   | Peso | Escala (puntos)                                              |
|---------------------|-----:|--------------------------------------------------------------|
| brecha              |  30  | alta 100 · media 60 · baja 20                                |
| poblacion           |  25  | >10 000: 100 · 5 001–10 000: 70 · 1 001–5 000: 40 · ≤1 000: 10 |
| vulnerabilidad      |  15  | alta 100 · media 50 · baja 0                                 |
| pdc                 |  15  | directo 100 · indirecto 50 · ninguno 0                       |
| sostenibilidad      |  10  | garantizada 100 · parcial 50 · sin_compromiso 0              |
| cofinanciamiento    |   5  | mas_10 100 · hasta_10 50 · ninguno 0                         |

Puntaje = Σ peso × puntos / 100 (de 0 a 100). Para otra matriz, pase `matriz=`.
"""

# ---------------------------------------------------------------- proyectos y evaluación


class Proyecto(BaseModel):
    """Propuesta de inversión presentada por los agentes (art. 14.3)."""

    model_config = ConfigDict(frozen=True)

    codigo: str = Field(min_length=1)
    nombre: str
    eje: str
    """Eje de desarrollo (art. 14.2 b): ambiental, urbano, económico, seguridad, social…"""
    costo: Decimal = Field(gt=0)
    calificaciones: dict[str, str]
    """Código de criterio → código de nivel asignado por el Equipo Técnico."""
    inspeccion_favorable: bool = True
    """Resultado de la inspección in situ (art. 14.5)."""
    motivo_no_viable: str | None = None
    """Si el Equipo Técnico la declara no viable, el porqué (art. 14.4)."""


class Evaluacion(BaseModel):
    model_config = ConfigDict(frozen=True)

    codigo: str
    nombre: str
    eje: str
    costo: Decimal
    puntaje: Decimal
    aportes: dict[str, Decimal]
    """Aporte de cada criterio al puntaje (peso × puntos / 100)."""
    viable: bool
    motivos: tuple[str, ...] = ()
    """Motivos de no viabilidad."""


def puntaje(proyecto: Proyecto, matriz: Matriz = MATRIZ_POR_DEFECTO) -> Decimal:
    """Suma ponderada de las calificaciones (0 a 100)."""
    return sum(_aportes(proyecto, matriz).values(), Decimal(0))


def _aportes(proyecto: Proyecto, matriz: Matriz) -> dict[str, Decimal]:
    codigos = {c.codigo for c in matriz.criterios}
    sobrantes = sorted(set(proyecto.calificaciones) - codigos)
    if sobrantes:
        raise ValueError(f"Proyecto {proyecto.codigo}: criterios desconocidos {sobrantes}")
    faltan = [c.codigo for c in matriz.criterios if c.codigo not in proyecto.calificaciones]
    if faltan:
        raise ValueError(f"Proyecto {proyecto.codigo}: falta calificar {faltan}")
    return {
        c.codigo: c.peso * c.puntos(proyecto.calificaciones[c.codigo]) / 100
        for c in matriz.criterios
    }


def evaluar(
    proyecto: Proyecto,
    matriz: Matriz = MATRIZ_POR_DEFECTO,
    puntaje_minimo: Decimal | None = None,
) -> Evaluacion:
    """Puntaje y viabilidad de un proyecto (art. 14.4 y 14.5).

    No viable si el Equipo Técnico lo declara con motivo, si la inspección in situ es
    desfavorable o si el puntaje no alcanza `puntaje_minimo` (cuando se fija uno).
    """
    aportes = _aportes(proyecto, matriz)
    total = sum(aportes.values(), Decimal(0))
    motivos: list[str] = []
    if proyecto.motivo_no_viable:
        motivos.append(proyecto.motivo_no_viable)
    if not proyecto.inspeccion_favorable:
        motivos.append("inspección in situ desfavorable (art. 14.5)")
    if puntaje_minimo is not None and total < puntaje_minimo:
        motivos.append(f"puntaje {total} menor que el mínimo {puntaje_minimo}")
    return Evaluacion(
        codigo=proyecto.codigo,
        nombre=proyecto.nombre,
        eje=proyecto.eje,
        costo=proyecto.costo,
        puntaje=total,
        aportes=aportes,
        viable=not motivos,
        motivos=tuple(motivos),
    )


def evaluar_todos(
    proyectos: Iterable[Proyecto],
    matriz: Matriz = MATRIZ_POR_DEFECTO,
    puntaje_minimo: Decimal | None = None,
) -> list[Evaluacion]:
    """Evalúa la cartera; los códigos deben ser únicos."""
    evaluaciones = [evaluar(p, matriz, puntaje_minimo) for p in proyectos]
    _codigos_unicos(evaluaciones)
    return evaluaciones


def _codigos_unicos(evaluaciones: Sequence[Evaluacion]) -> None:
    vistos: set[str] = set()
    for e in evaluaciones:
        if e.codigo in vistos:
            raise ValueError(f"Código de proyecto repetido: {e.codigo}")
        vistos.add(e.codigo)


# ---------------------------------------------------------------- ranking


class Posicion(BaseModel):
    model_config = ConfigDict(frozen=True)

    puesto: int
    """Puesto compartido en los empates (1, 2, 2, 4…)."""
    evaluacion: Evaluacion
    empatado: bool


def _orden(e: Evaluacion) -> tuple[Decimal, str]:
    return (-e.puntaje, e.codigo)


def ranking(evaluaciones: Iterable[Evaluacion]) -> list[Posicion]:
    """Proyectos viables de mayor a menor puntaje (art. 16.1.1); a igual puntaje, por código."""
    viables = sorted((e for e in evaluaciones if e.viable), key=_orden)
    cuenta: dict[Decimal, int] = {}
    for e in viables:
        cuenta[e.puntaje] = cuenta.get(e.puntaje, 0) + 1
    resultado: list[Posicion] = []
    for i, e in enumerate(viables):
        puesto = i + 1
        if i and e.puntaje == viables[i - 1].puntaje:
            puesto = resultado[-1].puesto
        resultado.append(Posicion(puesto=puesto, evaluacion=e, empatado=cuenta[e.puntaje] > 1))
    return resultado


def ranking_por_eje(evaluaciones: Iterable[Evaluacion]) -> dict[str, list[Posicion]]:
    """Ranking de viables dentro de cada eje de desarrollo (art. 14.4)."""
    por_eje: dict[str, list[Evaluacion]] = {}
    for e in evaluaciones:
        por_eje.setdefault(e.eje, []).append(e)
    return {eje: ranking(lista) for eje, lista in sorted(por_eje.items())}


# ---------------------------------------------------------------- asignación del presupuesto

Politica = Literal["detener", "saltar"]

POLITICA_POR_DEFECTO: Politica = "saltar"
"""Qué hacer cuando el siguiente proyecto de la prelación no cabe en el saldo.

El art. 16.1.1 dice: «el total de inversiones a priorizar estará sujeto a la asignación
presupuestal que se destine a los proyectos de acuerdo a su orden de prelación», sin decir qué
pasa si uno no cabe. El art. 16.2, cuando un priorizado no puede ejecutarse, manda tomar «otro,
según la escala de prioridades establecida participativamente y el nivel de recursos disponibles
para su atención»: recorrer la escala y tomar el siguiente que cabe en los recursos. Se aplica
esa misma regla al asignar («saltar»): el proyecto que no cabe no pierde nada frente a uno menor
que sí cabe, y el saldo no queda ocioso. «detener» (cortar en el primero que no cabe) queda
como opción para una lectura estricta de la prelación.
"""


class Desempate(BaseModel):
    """Empate en el corte resuelto por votación, un voto por agente (art. 16.1.1)."""

    model_config = ConfigDict(frozen=True)

    proyectos: tuple[str, ...]
    votos: dict[str, int]
    monto_disponible: Decimal


class EmpateEnCorte(BaseModel):
    """Empate en el corte sin resolver: proyectos de igual puntaje (y, si hubo votación, igual
    número de votos) que compiten por el dinero restante; no se asignan."""

    model_config = ConfigDict(frozen=True)

    proyectos: tuple[str, ...]
    monto_disponible: Decimal
    votos: dict[str, int] | None = None

    def mensaje(self) -> str:
        lista = ", ".join(self.proyectos)
        base = (
            f"Empate en el corte entre {lista} por S/ {self.monto_disponible:,.2f} restantes: "
            "debe someterse a votación, un voto por agente participante (art. 16.1.1)"
        )
        if self.votos is not None:
            base += "; la votación también quedó empatada"
        return base


class Asignacion(BaseModel):
    """Resultado de llenar el presupuesto en orden de prelación."""

    model_config = ConfigDict(frozen=True)

    presupuesto: Decimal
    politica: Politica
    escala: tuple[Evaluacion, ...]
    """Viables en orden de prelación (con los desempates por votación aplicados)."""
    grupos: tuple[tuple[str, ...], ...]
    """La escala en grupos cuyo orden interno no está decidido (igual puntaje sin votación)."""
    financiados: tuple[Evaluacion, ...]
    sin_financiar: tuple[Evaluacion, ...]
    """Viables que no cupieron (o, con «detener», los que siguen al corte)."""
    empate: EmpateEnCorte | None = None
    pendientes: tuple[Evaluacion, ...] = ()
    """Viables debajo de un empate sin resolver: su suerte depende de la votación."""
    desempates: tuple[Desempate, ...] = ()
    no_viables: tuple[Evaluacion, ...] = ()
    retirados: tuple[Evaluacion, ...] = ()
    """Priorizados que luego no pudieron ejecutarse (art. 16.2)."""

    @property
    def monto_asignado(self) -> Decimal:
        return sum((e.costo for e in self.financiados), Decimal(0))

    @property
    def saldo(self) -> Decimal:
        return self.presupuesto - self.monto_asignado

    @property
    def resuelta(self) -> bool:
        return self.empate is None


def _conteo(votacion: Mapping[str, str], codigos: Sequence[str]) -> dict[str, int]:
    votos = {c: 0 for c in codigos}
    for proyecto in votacion.values():
        votos[proyecto] += 1
    return votos


def _total(grupo: Iterable[Evaluacion]) -> Decimal:
    return sum((e.costo for e in grupo), Decimal(0))


def _en_disputa(
    grupo: Sequence[Evaluacion], saldo: Decimal, politica: Politica
) -> list[Evaluacion]:
    """Proyectos de igual rango cuyo resultado depende del orden en que se tomen.

    Vacío si no hay empate en el corte: el grupo cabe entero, o el orden no cambia nada (con
    «saltar», los que caben individualmente caben juntos; con «detener», ninguno cabe).
    """
    if len(grupo) < 2 or _total(grupo) <= saldo:
        return []
    caben = [e for e in grupo if e.costo <= saldo]
    if politica == "saltar":
        return caben if _total(caben) > saldo else []
    return list(grupo) if caben else []


def asignar(
    evaluaciones: Iterable[Evaluacion],
    presupuesto: Decimal,
    politica: Politica = POLITICA_POR_DEFECTO,
    votaciones: Sequence[Mapping[str, str]] = (),
) -> Asignacion:
    """Llena el presupuesto con los viables en orden de prelación (art. 16.1.1).

    Si el siguiente no cabe: con «saltar» (por defecto, ver `POLITICA_POR_DEFECTO`) se prueba el
    que sigue; con «detener» se corta ahí.

    Empate en el corte: proyectos de igual puntaje que no caben todos y cuyo resultado depende
    del orden. Se resuelve con la votación de `votaciones` cuyos votos ({DNI del agente: código
    del proyecto}, un voto por agente) son todos para proyectos de ese empate. Sin ella, el
    empate se informa en `empate`, esos proyectos no se asignan y los de menor puntaje quedan
    `pendientes`. Una votación que no corresponde a ningún empate en el corte es un error.
    """
    evaluaciones = list(evaluaciones)
    _codigos_unicos(evaluaciones)
    presupuesto = Decimal(presupuesto)
    viables = sorted((e for e in evaluaciones if e.viable), key=_orden)
    no_viables = tuple(e for e in evaluaciones if not e.viable)

    por_puntaje: list[list[Evaluacion]] = []
    for e in viables:
        if por_puntaje and por_puntaje[-1][0].puntaje == e.puntaje:
            por_puntaje[-1].append(e)
        else:
            por_puntaje.append([e])

    usadas: set[int] = set()
    escala: list[Evaluacion] = []
    grupos: list[tuple[str, ...]] = []
    financiados: list[Evaluacion] = []
    sin_financiar: list[Evaluacion] = []
    pendientes: list[Evaluacion] = []
    desempates: list[Desempate] = []
    empate: EmpateEnCorte | None = None
    saldo = presupuesto
    detenido = False

    def ubicar(grupo: Sequence[Evaluacion], destino: list[Evaluacion]) -> None:
        if grupo:
            escala.extend(grupo)
            grupos.append(tuple(e.codigo for e in grupo))
            destino.extend(grupo)

    def procesar(grupo: Sequence[Evaluacion], votos: dict[str, int] | None = None) -> None:
        """Recorre un grupo de igual rango; si hay empate en el corte lo informa."""
        nonlocal saldo, detenido, empate
        if empate is not None:
            ubicar(grupo, pendientes)
            return
        if detenido:
            ubicar(grupo, sin_financiar)
            return
        disputa = _en_disputa(grupo, saldo, politica)
        if disputa:
            resto = [e for e in grupo if e not in disputa]
            empate = EmpateEnCorte(
                proyectos=tuple(e.codigo for e in disputa),
                monto_disponible=saldo,
                votos=None if votos is None else {e.codigo: votos[e.codigo] for e in disputa},
            )
            escala.extend(disputa)
            grupos.append(empate.proyectos)
            ubicar(resto, sin_financiar)
            return
        escala.extend(grupo)
        grupos.append(tuple(e.codigo for e in grupo))
        for e in grupo:
            if not detenido and e.costo <= saldo:
                financiados.append(e)
                saldo -= e.costo
            else:
                sin_financiar.append(e)
                detenido = detenido or politica == "detener"

    for grupo in por_puntaje:
        disputa = [] if empate or detenido else _en_disputa(grupo, saldo, politica)
        codigos = {e.codigo for e in disputa}
        indice = next(
            (
                j
                for j, v in enumerate(votaciones)
                if disputa and j not in usadas and v and set(v.values()) <= codigos
            ),
            None,
        )
        if indice is None:
            procesar(grupo)
            continue
        usadas.add(indice)
        votos = _conteo(votaciones[indice], sorted(codigos))
        desempates.append(
            Desempate(proyectos=tuple(sorted(codigos)), votos=votos, monto_disponible=saldo)
        )
        subgrupos: list[list[Evaluacion]] = []
        for e in sorted(disputa, key=lambda e: (-votos[e.codigo], e.codigo)):
            if subgrupos and votos[subgrupos[-1][0].codigo] == votos[e.codigo]:
                subgrupos[-1].append(e)
            else:
                subgrupos.append([e])
        for sub in subgrupos:
            procesar(sub, votos)
        resto = [e for e in grupo if e.codigo not in codigos]
        ubicar(resto, pendientes if empate is not None else sin_financiar)

    sobrantes = [j + 1 for j in range(len(votaciones)) if j not in usadas]
    if sobrantes:
        raise ValueError(
            f"Votación(es) {sobrantes} sin empate en el corte al que correspondan: revise los "
            "códigos votados"
        )
    return Asignacion(
        presupuesto=presupuesto,
        politica=politica,
        escala=tuple(escala),
        grupos=tuple(grupos),
        financiados=tuple(financiados),
        sin_financiar=tuple(sin_financiar),
        empate=empate,
        pendientes=tuple(pendientes),
        desempates=tuple(desempates),
        no_viables=no_viables,
    )


# ---------------------------------------------------------------- reemplazo (art. 16.2)

DESTINATARIOS_REEMPLAZO = (
    "Consejo de Coordinación Local Distrital",
    "Comité de Vigilancia del Presupuesto Participativo",
)
"""Art. 16.2: el reemplazo «debe hacerse de conocimiento» a ambos."""


class Reemplazo(BaseModel):
    """Constancia del cambio dispuesto por el Alcalde (art. 16.2)."""

    model_config = ConfigDict(frozen=True)

    fecha: date
    retirado: Evaluacion
    motivo: str
    reemplazante: Evaluacion | None
    """None si ninguno cabe o si hay un empate sin resolver."""
    recursos_liberados: Decimal
    saldo_previo: Decimal
    recursos_disponibles: Decimal
    saldo_resultante: Decimal
    empate: tuple[str, ...] = ()
    """Candidatos de igual prioridad que caben y compiten; sin votación no se elige."""
    votos: dict[str, int] | None = None
    asignacion: Asignacion
    """La asignación después del cambio."""
    destinatarios: tuple[str, ...] = DESTINATARIOS_REEMPLAZO

    def texto(self) -> str:
        """Texto de la constancia para el CCLD y el Comité de Vigilancia."""
        r = self.retirado
        lineas = [
            f"Fecha: {self.fecha.strftime('%d/%m/%Y')}",
            "Para: " + "; ".join(self.destinatarios),
            "Asunto: Reemplazo de proyecto priorizado (art. 16.2 del Reglamento del PP)",
            "",
            f"Proyecto que no puede ejecutarse: {r.codigo} – {r.nombre} "
            f"(S/ {r.costo:,.2f}; puntaje {r.puntaje}). Motivo: {self.motivo}.",
            f"Recursos liberados: S/ {self.recursos_liberados:,.2f}; saldo previo: "
            f"S/ {self.saldo_previo:,.2f}; recursos disponibles: "
            f"S/ {self.recursos_disponibles:,.2f}.",
        ]
        if self.reemplazante is not None:
            n = self.reemplazante
            lineas.append(
                f"Proyecto que lo reemplaza, según la escala de prioridades: {n.codigo} – "
                f"{n.nombre} (S/ {n.costo:,.2f}; puntaje {n.puntaje})."
            )
        elif self.empate:
            lineas.append(
                "Sin reemplazo: empatan " + ", ".join(self.empate)
                + "; debe decidirse por votación de los agentes participantes."
            )
        else:
            lineas.append("Sin reemplazo: ningún proyecto de la escala cabe en los recursos.")
        lineas.append(f"Saldo resultante: S/ {self.saldo_resultante:,.2f}.")
        return "\n".join(lineas)


def reemplazar(
    asignacion: Asignacion,
    codigo: str,
    motivo: str,
    fecha: date,
    votacion: Mapping[str, str] | None = None,
) -> Reemplazo:
    """Reemplaza un priorizado que no puede ejecutarse (art. 16.2).

    Recorre la escala de prioridades (sin financiados ni retirados) y toma el primer proyecto
    cuyo costo cabe en lo liberado más el saldo. Si ese proyecto comparte grupo (igual puntaje
    sin orden decidido) con otros que también caben, se decide con `votacion` ({DNI: código});
    sin ella, o si la votación empata, no hay reemplazante y se informa el empate.
    """
    if asignacion.empate is not None:
        raise ValueError("Resuelva primero el empate en el corte de la asignación")
    retirado = next((e for e in asignacion.financiados if e.codigo == codigo), None)
    if retirado is None:
        raise ValueError(f"El proyecto {codigo} no está entre los financiados")
    disponibles = asignacion.saldo + retirado.costo
    fuera = {e.codigo for e in asignacion.financiados} | {e.codigo for e in asignacion.retirados}
    por_codigo = {e.codigo: e for e in asignacion.escala}

    elegido: Evaluacion | None = None
    empatados: tuple[str, ...] = ()
    votos: dict[str, int] | None = None
    for grupo in asignacion.grupos:
        caben = [
            por_codigo[c]
            for c in grupo
            if c not in fuera and por_codigo[c].costo <= disponibles
        ]
        if not caben:
            continue
        if len(caben) == 1:
            elegido = caben[0]
        else:
            codigos = [e.codigo for e in caben]
            if votacion is not None:
                if not set(votacion.values()) <= set(codigos):
                    raise ValueError(f"La votación debe ser entre {codigos}")
                votos = _conteo(votacion, codigos)
                maximo = max(votos.values())
                primeros = [e for e in caben if votos[e.codigo] == maximo]
                if len(primeros) == 1:
                    elegido = primeros[0]
                else:
                    empatados = tuple(e.codigo for e in primeros)
            else:
                empatados = tuple(codigos)
        break

    financiados = [e for e in asignacion.financiados if e.codigo != codigo]
    sin_financiar = list(asignacion.sin_financiar)
    if elegido is not None:
        financiados.append(elegido)
        sin_financiar = [e for e in sin_financiar if e.codigo != elegido.codigo]
    nueva = asignacion.model_copy(
        update={
            "financiados": tuple(financiados),
            "sin_financiar": tuple(sin_financiar),
            "retirados": asignacion.retirados + (retirado,),
        }
    )
    return Reemplazo(
        fecha=fecha,
        retirado=retirado,
        motivo=motivo,
        reemplazante=elegido,
        recursos_liberados=retirado.costo,
        saldo_previo=asignacion.saldo,
        recursos_disponibles=disponibles,
        saldo_resultante=nueva.saldo,
        empate=empatados,
        votos=votos,
        asignacion=nueva,
    )
