"""docs/encabezados.md: los títulos de columna que libro reconoce en cada formato.

Sale de las declaraciones (`Col(encabezado, alias=…, sinonimos=…, grupo=…)`), las mismas que usa
el lector; una prueba comprueba que el documento está al día.
"""

from collections.abc import Iterable

from libro.nucleo.declaracion import Columna, Formato, Tabla
from libro.nucleo.encabezados import FILAS_BUSQUEDA
from libro.nucleo.textos import mayuscula_inicial

REGENERAR = (
    'python -c "from libro.registro import FORMATOS; from libro.nucleo.glosario import glosario; '
    "print(glosario(FORMATOS.values()), end='')\" > docs/encabezados.md"
)

INTRODUCCION = f"""# Títulos de columna que libro reconoce

Generado desde las declaraciones de cada formato; una prueba comprueba que está al día. Para
regenerarlo: `{REGENERAR}`.

Un libro hecho con la plantilla de libro se lee tal cual. En un libro propio o de una versión
anterior, libro busca en las primeras {FILAS_BUSQUEDA} filas el encabezado que reconoce más columnas y
compara cada título sin tildes, mayúsculas, signos ni espacios de más:

- **Títulos compuestos**: «FECHA / PLAZO», «ACCIONES / ACTIVIDADES», «Meta (producto)» o
  «Fecha programada» en dos líneas valen si alguna de sus partes (separadas por «/», «-», «y», «o», comas,
  paréntesis o saltos de línea) es un título reconocido.
- **Plural y abreviaturas**: «Metas» = «Meta», «Responsable(s)» = «Responsable»; «Nº», «N°», «Nro.»
  son «número», «Cód.» es «código» y «S/» es «soles».
- **Errores de tipeo**: «Responsalbe» o «Actvidad» se reconocen (una letra distinta en títulos
  cortos, dos en los largos).
- **Varias filas**: un título agrupador combinado sobre los meses («PROGRAMACIÓN FÍSICA» sobre
  «ENE … DIC») dice de qué campo son; los meses pueden escribirse «ENE», «Enero», «Setiembre» o
  «Septiembre», o como la corrida de letras «E F M A M J J A S O N D».
- **Precedencia**: el título de la plantilla y los que se leen igual ganan a los sinónimos; si dos
  columnas empatan para un mismo dato (o una columna sirve a dos), libro no adivina: lo informa con
  **LIB-008** nombrando las celdas y no lee esas columnas.
- **Columnas de más**: se ignoran; `libro validar --json` las lista en `columnas` (con
  `leida_como: null`) junto con el título que se leyó como cada columna de la plantilla, y
  `libro importar cronograma` las muestra en pantalla.
- **Columnas que faltan**: cada obligatoria que no aparece es un **LIB-002** que la nombra; si no
  aparece el encabezado, **LIB-003** lista las obligatorias no encontradas (y `libro validar`
  informa el libro como `desconocido` si lo reconoció solo por sus hojas).
- **Dos columnas de fechas**: en cronogramas y planes de trabajo sin columna de plazo, «Inicio» y
  «Fin» (o sus sinónimos: «Fecha de inicio» y «Fecha de término», «Desde» y «Hasta») se leen como
  un solo plazo, de lo que empieza la primera a lo que termina la segunda; cada una puede ser una
  fecha de Excel o un texto («07 de abril», «junio»).
"""

CABECERA = (
    "| Título de la plantilla | Obligatoria | También | Sinónimos (ceden ante los anteriores) |\n"
    "|---|---|---|---|\n"
)


def _lista(textos: Iterable[str]) -> str:
    return ", ".join(f"«{mayuscula_inicial(t)}»" for t in textos) or "—"


def _mensual(columnas: list[Columna]) -> str:
    """Una fila para los 12 meses de un campo mensual."""
    c = columnas[0]
    prefijo = c.col.encabezado.split("{mes}")[0].strip()
    titulo = " o ".join(f"«{mayuscula_inicial(g)}»" for g in c.col.grupo)
    como = f"«{prefijo}» y el mes («{prefijo} Enero»)"
    if titulo:
        como = f"el mes bajo un título {titulo}; o {como}"
    obligatoria = "sí" if c.col.requerido else ""
    return f"| «{columnas[0].encabezado}» … «{columnas[-1].encabezado}» | {obligatoria} | {como} | — |"


def _filas(columnas: list[Columna]) -> list[str]:
    filas, mensuales = [], {}
    for c in columnas:
        if c.mes is not None:
            if c.campo not in mensuales:
                mensuales[c.campo] = [x for x in columnas if x.campo == c.campo]
                filas.append(_mensual(mensuales[c.campo]))
            continue
        filas.append(f"| «{c.encabezado}» | {'sí' if c.col.requerido else ''} | {_lista(c.col.alias)} | "
                     f"{_lista(c.col.sinonimos)} |")
    return filas


def glosario(formatos: Iterable[Formato]) -> str:
    """El documento en Markdown, un apartado por formato y una tabla por hoja."""
    partes = [INTRODUCCION]
    for formato in formatos:
        partes.append(f"\n## {formato.titulo} (`{formato.id}`)\n")
        for hoja in formato.hojas:
            otros = f" (o {_lista(hoja.alias)})" if hoja.alias else ""
            donde = "" if isinstance(hoja, Tabla) else ", etiquetas en la columna A"
            partes.append(f"\n### Hoja «{hoja.nombre}»{otros}{donde}\n\n{CABECERA}"
                          + "\n".join(_filas(hoja.columnas)) + "\n")
    return "".join(partes)
