"""Una sola tabla de estilos para todo lo que libro escribe: colores, fuentes y formatos por nombre.

`PROPIEDADES` usa los nombres de propiedad de XlsxWriter. `Estilos` crea con ella los formatos de
XlsxWriter una vez por libro; el parche zip (`libro.salida.parche_zip`) la traduce a styles.xml y los
botones (`libro.botones`) le piden a xlwings la fuente y el relleno. Los formatos de número vienen de
los codecs (`libro.nucleo.codecs`), no de aquí.
"""

from typing import Any

from libro.nucleo.escritura import Estilo

AZUL = "#1F4E79"
CELESTE = "#DDEBF7"
GRIS = "#EDEDED"
ROJO = "#F8CBAD"
AMBAR = "#FFE699"


FUENTE: dict[str, Any] = {"font_name": "Calibri", "font_size": 10}
LEYENDA: dict[str, Any] = {"italic": True, "font_color": "#595959"}
PROPIEDADES: dict[str | None, dict[str, Any]] = {
    "titulo": {"bold": True, "font_size": 14, "font_color": AZUL},
    "subtitulo": {"bold": True, "font_color": AZUL},
    "encabezado": {
        "bold": True,
        "bg_color": CELESTE,
        "border": 1,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
    },
    "total": {"bold": True, "top": 1},
    "nota": LEYENDA,  # una línea que sigue hacia la derecha (hojas generadas)
    "parrafo": LEYENDA | {"text_wrap": True},  # se ajusta a su celda (instrucciones y ayudas)
    # los que además usa el libro consolidado de OPP (`libro/poi/consolidacion/libro.py`)
    "leyenda": LEYENDA,
    "texto": {"valign": "top"},
    "largo": {"valign": "top", "text_wrap": True},
    "Rojo": {"bg_color": ROJO, "bold": True},
    "Ámbar": {"bg_color": AMBAR, "bold": True},
    None: {},
}


class Estilos:
    """Formatos de XlsxWriter creados una sola vez por libro.

    Con `arriba` (las plantillas) todas las celdas alinean el texto arriba; sin él, solo «texto» y «largo».
    """

    def __init__(self, libro: Any, arriba: bool = True) -> None:
        self.libro = libro
        self.base = FUENTE | ({"valign": "top"} if arriba else {})
        self._cache: dict[tuple[str | None, str | None, bool], Any] = {}

    def __call__(
        self, estilo: Estilo | str | None = None, numero: str | None = None, gris: bool = False
    ) -> Any:
        clave = (estilo, numero, gris)
        if clave not in self._cache:
            props: dict[str, Any] = dict(self.base)
            if numero:
                props["num_format"] = numero
            if gris:
                props["bg_color"] = GRIS
            props |= PROPIEDADES[estilo]
            self._cache[clave] = self.libro.add_format(props)
        return self._cache[clave]
