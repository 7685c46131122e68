"""Reglas del POI de una unidad orgánica (Directiva 003-2016-MPH/17)."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any

from libro.nucleo.catalogo import Catalogo, Definicion
from libro.nucleo.codecs import al_centimo
from libro.nucleo.contexto import Contexto
from libro.nucleo.lector import Lectura, LibroLeido
from libro.nucleo.observacion import Observacion, Severidad
from libro.nucleo.textos import MESES_LARGOS, fecha_texto, mayuscula_inicial
from libro.poi.formato import NO_ACUMULABLE, PLAZO_PRESENTACION, Actividad, costo_insumo
from libro.poi.perfiles import PerfilInvalido, pesos_de_perfil, suma, ultimo_programado

E, A = Severidad.ERROR, Severidad.ADVERTENCIA
CATALOGO = Catalogo(
    Definicion(
        "POI-001",
        E,
        "AEI que no está en el Anexo 01",
        "el código AEI «{valor}» no está en la hoja «AEI». Elíjalo de la lista "
        "desplegable o pida a OPP que lo agregue al Anexo 01.",
    ),
    Definicion(
        "POI-002",
        E,
        "Metas mensuales que no suman la meta anual",
        "la meta anual es {meta} pero los meses suman {suma} (actividad acumulable). "
        "Corrija los meses o la meta anual, o elija un perfil y pulse «Calcular metas».",
    ),
    Definicion(
        "POI-003",
        E,
        "Meta no acumulable distinta del último mes",
        "la meta anual no acumulable es {meta} pero el último mes programado ({mes}) "
        "tiene {ultimo}. En porcentajes, tasas e índices la meta anual es el valor del "
        "último mes programado.",
    ),
    Definicion(
        "POI-004",
        E,
        "Meta no acumulable sin meses",
        "la actividad no acumulable no tiene ningún mes programado. Escriba la meta en "
        "los meses en que se mide.",
    ),
    Definicion(
        "POI-005",
        A,
        "Valorizada sin meta",
        "{detalle} valorización pero meta física cero o vacía. Programe la meta o quite el monto.",
    ),
    Definicion(
        "POI-006",
        A,
        "Meta sin valorización",
        "la actividad tiene meta física pero ningún monto programado. Valorícela si usa recursos.",
    ),
    Definicion(
        "POI-007",
        E,
        "Insumos que no cuadran con la valorización",
        "los insumos de la actividad «{actividad}» suman S/ {insumos} y {valorizacion}. Ajuste los "
        "insumos o la valorización.",
    ),
    Definicion(
        "POI-008",
        E,
        "Código de actividad repetido",
        "el código «{valor}» ya se usó en la fila {otra}. Cada actividad lleva un código único.",
    ),
    Definicion(
        "POI-009",
        E,
        "Año fiscal distinto del esperado",
        "el año fiscal es {valor} y OPP consolida el año {esperado}. Corrija el año o "
        "use la plantilla del año correcto.",
    ),
    Definicion(
        "POI-010",
        A,
        "Presentado fuera de plazo",
        "el POI se presentó el {valor}, después del plazo del {plazo} (art. 6 de la "
        "Directiva: hasta el 30 de marzo del año previo).",
    ),
    Definicion(
        "POI-011",
        A,
        "Fecha de presentación en otro año",
        "la fecha de presentación {valor} no es del año {previo}, previo al año fiscal "
        "{anio}. Revise la fecha o el año fiscal.",
    ),
    Definicion(
        "POI-012",
        E,
        "Insumo de una actividad inexistente",
        "el insumo es de la actividad «{valor}», que no está en la hoja «Actividades». "
        "Use un código de actividad existente.",
    ),
    Definicion(
        "POI-013",
        E,
        "Montos mensuales que no suman la valorización anual",
        "la valorización anual es S/ {anual} y los meses suman S/ {suma}. Corrija los "
        "montos, o elija un perfil y pulse «Calcular metas».",
    ),
    Definicion("POI-014", E, "Perfil de distribución incompleto", "{detalle}."),
    Definicion(
        "POI-015",
        A,
        "Tipo de insumo y clasificador no coinciden",
        "el clasificador «{valor}» corresponde a {esperado} pero el tipo dice «{tipo}».",
    ),
    Definicion(
        "POI-016",
        A,
        "Meses por calcular",
        "la actividad tiene perfil «{valor}» pero sus meses están vacíos. Pulse "
        "«Calcular metas» (o ejecute «libro calcular»).",
    ),
    Definicion(
        "POI-017",
        E,
        "Valorización mayor que el marco presupuestal",
        "las actividades suman S/ {total} de valorización anual y el marco presupuestal de la "
        "unidad es S/ {valor}. Reduzca la programación o solicite a OPP la ampliación del marco.",
    ),
)


def _celda(lectura: Lectura, campo: str, mes: int | None = None) -> int | None:
    return lectura.columna(campo, mes)


def _ilegible_en(lectura: Lectura | None, *campos: str) -> Callable[[Any], bool]:
    """Si en una fila alguna celda de esos campos no se pudo leer (LIB-005) o, en un campo mensual, falta
    la columna de algún mes (o quedó en duda, LIB-008): ninguna regla habla de una suma que no pudo
    hacer. Se pregunta por cada fila de varias reglas: si la hoja se leyó entera, no mira ninguna."""
    if lectura is None:
        return _nunca
    mensuales = [c for c in campos if c in _MENSUALES]
    if not all(lectura.meses_completos(c) for c in mensuales):
        return _siempre
    if not lectura.ilegibles:
        return _nunca
    return lambda a: any(lectura.ilegible(a.fila, c, c in _MENSUALES) for c in campos)


_MENSUALES = ("metas", "montos")


def _siempre(a: Any) -> bool:
    return True


def _nunca(a: Any) -> bool:
    return False


def _vacios(valores: list[Any]) -> bool:
    """Todos los meses vacíos (sin recorrerlos en Python: se mira en cada fila de cada regla)."""
    return valores.count(None) == len(valores)


def _cribadas(
    actividades: list[Actividad], sumas: list[float], revisar: list[int]
) -> Iterator[tuple[Actividad, float]]:
    """Las actividades que una criba de columnas dejó para revisar una por una, con la suma de sus meses.
    La criba solo ahorra trabajo: deja pasar toda fila que la revisión completa podría observar, así que
    lo observado es lo mismo que revisando todas, en el mismo orden."""
    return ((actividades[k], sumas[k]) for k in revisar)


def _actividades(libro: LibroLeido) -> tuple[Lectura | None, list[Actividad]]:
    lectura = libro.hojas.get("Actividades")
    return lectura, (lectura.filas if lectura else [])


def aei_existe(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, actividades = _actividades(libro)
    if lectura is None or "AEI" not in libro.hojas:
        return
    aei = {f.codigo for f in libro.filas("AEI") if f.codigo}
    for a in actividades:
        if a.aei and a.aei not in aei:
            yield CATALOGO.obs("POI-001", lectura.hoja, a.fila, _celda(lectura, "aei"), a.aei)


def codigos_unicos(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, actividades = _actividades(libro)
    vistos: dict[str, int] = {}
    for a in actividades:
        if a.codigo is None:
            continue
        if a.codigo in vistos:
            yield CATALOGO.obs(
                "POI-008",
                lectura.hoja,
                a.fila,
                _celda(lectura, "codigo"),
                a.codigo,
                otra=vistos[a.codigo] + 1,
            )
        else:
            vistos[a.codigo] = a.fila


def metas_mensuales(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Acumulables: los meses suman la meta anual. No acumulables: el último mes la iguala."""
    lectura, actividades = _actividades(libro)
    if lectura is None:
        return
    j = _celda(lectura, "meta_anual")
    ilegible = _ilegible_en(lectura, "metas")
    sumas = lectura.sumas_de_meses("metas")
    # Criba de columnas: se revisan las filas con meta anual que sus meses no suman, las no acumulables
    # y las que tienen perfil y ningún mes.
    criba = zip(map(attrgetter("meta_anual", "tipo_meta", "perfil"), actividades), sumas, strict=True)
    revisar = [
        k for k, ((meta, tipo, perfil), total) in enumerate(criba)
        if meta is not None and (abs(total - meta) > 1e-6 or tipo == NO_ACUMULABLE or perfil and not total)
    ]
    for a, total in _cribadas(actividades, sumas, revisar):
        if a.meta_anual is None or ilegible(a):
            continue
        metas = a.metas or [None] * 12
        if a.perfil and _vacios(metas):
            yield CATALOGO.obs("POI-016", lectura.hoja, a.fila, _celda(lectura, "perfil"), a.perfil)
            continue
        if a.es_acumulable:
            if abs(total - a.meta_anual) > 1e-6:
                yield CATALOGO.obs(
                    "POI-002",
                    lectura.hoja,
                    a.fila,
                    j,
                    a.meta_anual,
                    meta=f"{a.meta_anual:g}",
                    suma=f"{total:g}",
                )
            continue
        ultimo = ultimo_programado(metas)
        if ultimo is None:
            if a.meta_anual:
                yield CATALOGO.obs("POI-004", lectura.hoja, a.fila, j, a.meta_anual)
        elif abs(ultimo[1] - a.meta_anual) > 1e-6:
            mes, valor = ultimo
            yield CATALOGO.obs(
                "POI-003",
                lectura.hoja,
                a.fila,
                _celda(lectura, "metas", mes),
                valor,
                meta=f"{a.meta_anual:g}",
                mes=MESES_LARGOS[mes],
                ultimo=f"{valor:g}",
            )


def montos_mensuales(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, actividades = _actividades(libro)
    if lectura is None:
        return
    ilegible = _ilegible_en(lectura, "montos")
    sumas = lectura.sumas_de_meses("montos")
    criba = zip(map(attrgetter("valorizacion_anual"), actividades), sumas, strict=True)
    revisar = [
        k for k, (anual, total) in enumerate(criba) if anual is not None and abs(total - anual) > 0.005
    ]
    for a, total in _cribadas(actividades, sumas, revisar):
        if a.valorizacion_anual is None or not a.montos or _vacios(a.montos) or ilegible(a):
            continue
        if abs(total - a.valorizacion_anual) <= 0.005:
            continue
        yield CATALOGO.obs(
            "POI-013",
            lectura.hoja,
            a.fila,
            _celda(lectura, "valorizacion_anual"),
            a.valorizacion_anual,
            anual=f"{a.valorizacion_anual:,.2f}",
            suma=f"{total:,.2f}",
        )


@lru_cache(maxsize=1024)
def _problema_de_perfil(perfil: str, mes_unico: str | None, pesos: str | None) -> str | None:
    """Por qué el perfil no permite repartir, o None (muchas actividades comparten perfil y datos)."""
    try:
        pesos_de_perfil(perfil, mes_unico, pesos)
    except PerfilInvalido as error:
        return str(error)
    return None


def perfil_completo(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, actividades = _actividades(libro)
    for a in actividades:
        if not a.perfil:
            continue
        problema = _problema_de_perfil(a.perfil, a.mes_unico, a.pesos)
        if problema is not None:
            campo = "pesos" if a.perfil == "Personalizada" else "mes_unico"
            yield CATALOGO.obs(
                "POI-014",
                lectura.hoja,
                a.fila,
                _celda(lectura, campo),
                a.perfil,
                detalle=mayuscula_inicial(problema),
            )


def meta_y_valorizacion(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Advertencias: monto sin meta (por mes o en el año) y meta sin ningún monto."""
    lectura, actividades = _actividades(libro)
    if lectura is None:
        return
    ilegible = _ilegible_en(lectura, "meta_anual", "valorizacion_anual", "metas", "montos")
    sumas = lectura.sumas_de_meses("montos")
    # Criba: nada que observar si la actividad tiene meta y valorización (o ninguna de las dos) y ningún
    # mes con monto le falta meta.
    campos = attrgetter("meta_anual", "valorizacion_anual", "metas", "montos")
    criba = zip(map(campos, actividades), sumas, strict=True)
    revisar = [
        k for k, ((meta, anual, metas, montos), total) in enumerate(criba)
        if (bool(anual) or total > 0) != bool(meta) or montos and any(montos) and not (metas and all(metas))
    ]
    for a, suma_montos in _cribadas(actividades, sumas, revisar):
        if ilegible(a):
            continue
        metas = a.metas or [None] * 12
        montos = a.montos or [None] * 12
        valorizado = bool(a.valorizacion_anual) or suma_montos > 0
        if valorizado and not a.meta_anual:
            yield CATALOGO.obs(
                "POI-005",
                lectura.hoja,
                a.fila,
                _celda(lectura, "meta_anual"),
                a.meta_anual or 0,
                detalle="la actividad tiene",
            )
            continue
        if a.meta_anual and not valorizado:
            yield CATALOGO.obs("POI-006", lectura.hoja, a.fila, _celda(lectura, "valorizacion_anual"))
            continue
        if not (a.es_acumulable and any(metas)):
            continue
        sin_meta = [m for m in range(12) if montos[m] and not metas[m]]
        if sin_meta:
            nombres = ", ".join(MESES_LARGOS[m] for m in sin_meta)
            yield CATALOGO.obs(
                "POI-005",
                lectura.hoja,
                a.fila,
                _celda(lectura, "montos", sin_meta[0]),
                montos[sin_meta[0]],
                detalle=f"el mes de {nombres} tiene" if len(sin_meta) == 1 else f"los meses {nombres} tienen",
            )


def _valorizacion(a: Actividad) -> float:
    """Los montos mensuales o, sin ellos, la valorización anual (lo usan las modificaciones)."""
    montos = suma(a.montos or ())
    return montos if montos else (a.valorizacion_anual or 0.0)


def _valorizaciones_anuales(lectura: Lectura) -> Callable[[Actividad], tuple[float, bool] | None]:
    """La valorización anual que escribió la unidad (True) o, si la dejó vacía, la suma de sus meses
    (False); None si alguna de esas celdas no se pudo leer."""
    anual_ilegible = _ilegible_en(lectura, "valorizacion_anual")
    meses_ilegibles = _ilegible_en(lectura, "valorizacion_anual", "montos")

    def valorizacion(a: Actividad) -> tuple[float, bool] | None:
        if a.valorizacion_anual is not None:
            return None if anual_ilegible(a) else (a.valorizacion_anual, True)
        return None if meses_ilegibles(a) else (suma(a.montos or ()), False)

    return valorizacion


def _como_se_valoriza(valor: float, escrita: bool) -> str:
    if escrita:
        return f"su valorización anual es S/ {valor:,.2f}"
    return f"sus montos mensuales suman S/ {valor:,.2f} (no tiene valorización anual)"


_INSUMO = attrgetter("fila", "actividad", "cantidad", "costo_unitario")


def insumos_cuadran(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    lectura, actividades = _actividades(libro)
    insumos = libro.hojas.get("Insumos")
    if lectura is None or insumos is None or not insumos.filas:
        return
    por_codigo = {a.codigo: a for a in actividades if a.codigo}
    filas = insumos.filas
    actividad_ilegible = _ilegible_en(insumos, "actividad")
    legibles = len(filas)
    if actividad_ilegible is not _nunca:
        legibles = next((k for k, i in enumerate(filas) if actividad_ilegible(i)), legibles)
    j = insumos.columna("actividad")
    costos: dict[str, float] = defaultdict(float)
    for fila, codigo, cantidad, unitario in map(_INSUMO, filas[:legibles]):
        if codigo in por_codigo:
            costos[codigo] += costo_insumo(cantidad, unitario)
        elif codigo is not None:
            yield CATALOGO.obs("POI-012", insumos.hoja, fila, j, codigo)
    if legibles < len(filas):
        return  # un insumo sin actividad legible: ninguna suma por actividad es segura
    costo_ilegible = _ilegible_en(insumos, "cantidad", "costo_unitario")
    sin_costo = {i.actividad for i in filas if costo_ilegible(i)} if costo_ilegible is not _nunca else set()
    valorizacion_de = _valorizaciones_anuales(lectura)
    for codigo, a in por_codigo.items():
        valorizacion = valorizacion_de(a)
        if valorizacion is None or codigo in sin_costo:
            continue
        esperado, escrita = valorizacion
        total = al_centimo(costos.get(codigo, 0.0))
        if abs(total - esperado) > 0.005:
            yield CATALOGO.obs(
                "POI-007",
                lectura.hoja,
                a.fila,
                _celda(lectura, "valorizacion_anual"),
                esperado,
                actividad=codigo,
                insumos=f"{total:,.2f}",
                valorizacion=_como_se_valoriza(esperado, escrita),
            )


_TIPO_POR_CLASIFICADOR = {"2.3.1": "Bien", "2.3.2": "Servicio"}


def clasificador_y_tipo(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    insumos = libro.hojas.get("Insumos")
    if insumos is None:
        return
    for i in insumos.filas:
        if not i.clasificador or not i.tipo:
            continue
        esperado = _TIPO_POR_CLASIFICADOR.get(i.clasificador[:5])
        if esperado and esperado != i.tipo:
            yield CATALOGO.obs(
                "POI-015",
                insumos.hoja,
                i.fila,
                insumos.columna("tipo"),
                i.clasificador,
                esperado=esperado.lower() + "es" if esperado == "Bien" else "servicios",
                tipo=i.tipo,
            )


def datos_de_la_unidad(libro: LibroLeido, calculado: Any, contexto: Contexto) -> Iterator[Observacion]:
    """Año fiscal esperado, fecha y plazo de presentación (art. 6), marco presupuestal."""
    lectura = libro.hojas.get("Datos")
    if lectura is None:
        return
    datos = lectura.filas[0]
    anio = datos.anio_fiscal
    lugar = lectura.ubicaciones
    if anio and contexto.anio_fiscal and anio != contexto.anio_fiscal:
        yield CATALOGO.obs(
            "POI-009", lectura.hoja, *lugar["anio_fiscal"], anio, esperado=contexto.anio_fiscal
        )
    fecha = datos.fecha_presentacion
    if fecha and anio:
        plazo = date(anio - 1, *PLAZO_PRESENTACION)
        texto = fecha_texto(fecha)
        if fecha.year != anio - 1:
            yield CATALOGO.obs(
                "POI-011", lectura.hoja, *lugar["fecha_presentacion"], texto, previo=anio - 1, anio=anio
            )
        elif fecha > plazo:
            yield CATALOGO.obs(
                "POI-010", lectura.hoja, *lugar["fecha_presentacion"], texto, plazo=fecha_texto(plazo)
            )
    actividades = libro.hojas.get("Actividades")
    if datos.marco_presupuestal and actividades is not None:
        valorizaciones = list(map(_valorizaciones_anuales(actividades), actividades.filas))
        if None in valorizaciones:
            return
        total = suma(v for v, _ in valorizaciones)
        if total > datos.marco_presupuestal + 0.005:
            yield CATALOGO.obs(
                "POI-017",
                lectura.hoja,
                *lugar["marco_presupuestal"],
                f"{datos.marco_presupuestal:,.2f}",
                total=f"{total:,.2f}",
            )


REGLAS = (
    aei_existe,
    codigos_unicos,
    perfil_completo,
    metas_mensuales,
    montos_mensuales,
    meta_y_valorizacion,
    insumos_cuadran,
    clasificador_y_tipo,
    datos_de_la_unidad,
)
