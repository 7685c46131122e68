"""Exportación al formato Pabulib (.pb) y comparación con reglas de votación de `pabutools`.

Formato: secciones META, PROJECTS y VOTES separadas por «;» (Faliszewski et al., «Participatory
Budgeting: Data, Tools and Analysis», 2023). La lectura usa
`pabutools.election.parse_pabulib_from_string`, el mismo lector de `parse_pabulib`.

El .pb lo escribe libro y no `pabutools.election.write_pabulib`, porque el escritor de pabutools
(1.2) no relee lo que escribe con los datos de un PP real: junta cada campo con «;» sin comillas, de
modo que un nombre como «Pistas; veredas "Jr. Lima"» parte la fila y su propio lector falla; y escribe
los costos y el presupuesto como fracciones («761/2»), que Pabulib no define. Aquí cada fila pasa por
`csv.writer` (comillas cuando hacen falta) y los montos van en decimal; `pabutools` lo lee tal cual
(`tests/pp/test_pp_calculos.py` lo comprueba, y también que el escritor de pabutools sigue fallando).
"""

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

_PROHIBIDOS = (",", ";", "\n", "\r", '"')


class ProyectoPB(BaseModel):
    model_config = ConfigDict(frozen=True)

    codigo: str = Field(min_length=1)
    """project_id: sin comas ni «;» (los votos son listas separadas por comas)."""
    costo: Decimal = Field(gt=0)
    nombre: str = ""
    categoria: str = ""
    """Eje de desarrollo; sin comas (Pabulib separa varias categorías con comas)."""


def _monto(valor: Decimal) -> str:
    return format(Decimal(valor).normalize(), "f")


def _validar_id(texto: str, que: str) -> None:
    if (
        not texto
        or texto != texto.strip()
        or texto.lower() == "none"
        or any(c in texto for c in _PROHIBIDOS)
    ):
        raise ValueError(f"{que} «{texto}» no sirve para Pabulib (sin comas, «;», comillas)")


def _fecha_pb(fecha: date) -> str:
    return fecha.strftime("%d.%m.%Y")


def escribir_pabulib(
    proyectos: Iterable[ProyectoPB],
    presupuesto: Decimal,
    votos: Mapping[str, Collection[str]],
    descripcion: str,
    instancia: str,
    unidad: str = "",
    pais: str = "Peru",
    regla: str = "unknown",
    fecha_inicio: date | None = None,
    fecha_fin: date | None = None,
    seleccionados: Collection[str] | None = None,
) -> str:
    """Texto .pb con votos de aprobación: {id del votante (DNI): códigos aprobados}.

    PROJECTS lleva project_id, cost, votes (aprobaciones contadas), name, category y, si se da
    `seleccionados` (p. ej. el resultado oficial), selected con 1/0. `regla` es la regla que
    decidió el proceso real («unknown» por defecto: el reglamento prioriza por puntaje técnico, que
    no es una regla de Pabulib).
    """
    proyectos = list(proyectos)
    codigos = [p.codigo for p in proyectos]
    for p in proyectos:
        _validar_id(p.codigo, "Código de proyecto")
        if "," in p.categoria or ";" in p.categoria:
            raise ValueError(f"Categoría «{p.categoria}»: sin comas ni «;»")
    if len(set(codigos)) != len(codigos):
        raise ValueError("Códigos de proyecto repetidos")
    aprobaciones = {c: 0 for c in codigos}
    for votante, aprobados in votos.items():
        _validar_id(votante, "Votante")
        for c in dict.fromkeys(aprobados):
            if c not in aprobaciones:
                raise ValueError(f"El votante {votante} aprueba un proyecto inexistente: {c}")
            aprobaciones[c] += 1
    if seleccionados is not None and not set(seleccionados) <= set(codigos):
        raise ValueError("Hay seleccionados que no están entre los proyectos")

    meta: list[tuple[str, str]] = [
        ("description", descripcion),
        ("country", pais),
        ("unit", unidad),
        ("instance", instancia),
        ("num_projects", str(len(proyectos))),
        ("num_votes", str(len(votos))),
        ("budget", _monto(presupuesto)),
        ("vote_type", "approval"),
        ("rule", regla),
        ("language", "spanish"),
        ("currency", "PEN"),
    ]
    if fecha_inicio is not None:
        meta.append(("date_begin", _fecha_pb(fecha_inicio)))
    if fecha_fin is not None:
        meta.append(("date_end", _fecha_pb(fecha_fin)))

    salida = io.StringIO()
    w = csv.writer(salida, delimiter=";", lineterminator="\n")
    w.writerow(["META"])
    w.writerow(["key", "value"])
    w.writerows(meta)
    w.writerow(["PROJECTS"])
    columnas = ["project_id", "cost", "votes", "name", "category"]
    if seleccionados is not None:
        columnas.append("selected")
    w.writerow(columnas)
    for p in proyectos:
        fila = [p.codigo, _monto(p.costo), str(aprobaciones[p.codigo]), p.nombre or "None",
                p.categoria or "None"]
        if seleccionados is not None:
            fila.append("1" if p.codigo in seleccionados else "0")
        w.writerow(fila)
    w.writerow(["VOTES"])
    w.writerow(["voter_id", "vote"])
    for votante, aprobados in votos.items():
        w.writerow([votante, ",".join(dict.fromkeys(aprobados))])
    return salida.getvalue()


class ComparacionImposible(RuntimeError):
    """pabutools falta o falló al aplicar las reglas (mensaje en español)."""


class Comparacion(BaseModel):
    """Proyectos elegidos por cada regla, en el orden en que los eligió."""

    model_config = ConfigDict(frozen=True)

    presupuesto: Decimal
    costos: dict[str, Decimal]
    greedy: tuple[str, ...]
    """Greedy utilitario con satisfacción de costo: por número de aprobaciones, saltando los
    que no caben (la regla «greedy» de Pabulib)."""
    mes: tuple[str, ...]
    """Method of Equal Shares con satisfacción de costo (como en equalshares.net), sin
    completar: puede dejar presupuesto sin usar."""

    def gasto(self, seleccion: Iterable[str]) -> Decimal:
        return sum((self.costos[c] for c in seleccion), Decimal(0))


def _decimal(valor: object) -> Decimal:
    num = int(valor.numerator)  # type: ignore[attr-defined]
    den = int(valor.denominator)  # type: ignore[attr-defined]
    return Decimal(num) / Decimal(den)


def comparar_reglas(texto: str) -> Comparacion:
    """Lee el texto .pb con pabutools y aplica greedy utilitario y Method of Equal Shares.

    Los empates los rompe pabutools por orden alfabético del project_id (use códigos con ceros:
    «PP-01», no «PP-1»). Si pabutools no está instalado o falla, `ComparacionImposible`.
    """
    try:
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    except ImportError as error:
        raise ComparacionImposible(
            "falta la biblioteca pabutools, que compara las reglas; reinstale libro (pip install libro)"
        ) from error
    try:
        instancia, perfil = parse_pabulib_from_string(texto)
        greedy = greedy_utilitarian_welfare(instancia, perfil, sat_class=Cost_Sat)
        mes = method_of_equal_shares(instancia, perfil, sat_class=Cost_Sat)
    except Exception as error:  # biblioteca externa: cualquier falla suya se explica, nunca como traza
        raise ComparacionImposible(
            f"pabutools no pudo comparar las reglas ({type(error).__name__}: {error})"
        ) from error
    return Comparacion(
        presupuesto=_decimal(instancia.budget_limit),
        costos={p.name: _decimal(p.cost) for p in instancia},
        greedy=tuple(p.name for p in greedy),
        mes=tuple(p.name for p in mes),
    )
