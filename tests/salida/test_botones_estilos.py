"""Los botones (xlwings) pintan cada estilo con la misma tabla que XlsxWriter y el parche zip."""

from pathlib import Path

import xlsxwriter
import xlwings as xw

from libro.botones import aplicar_en_book
from libro.nucleo.escritura import Bloque, Escritura
from libro.nucleo.estilos import PROPIEDADES
from libro.servidor.remoto import payload_desde_archivo


def test_cada_estilo_de_la_tabla_llega_a_excel(tmp_path: Path) -> None:
    ruta = tmp_path / "libro.xlsx"
    libro = xlsxwriter.Workbook(str(ruta))
    libro.add_worksheet("Datos").write(0, 0, "x")
    libro.close()
    book = xw.Book(json=payload_desde_archivo(ruta))
    nombres = [n for n in PROPIEDADES if n is not None]
    bloques = [Bloque("Datos", i, 0, [["a", "b"]], estilos={0: n}) for i, n in enumerate(nombres)]
    aplicar_en_book(book, Escritura().agregar(*bloques))
    pintado: dict[int, dict[str, object]] = {}
    for a in book.json()["actions"]:
        if a["func"] == "setFontProperty":
            pintado.setdefault(a["start_row"], {})[a["args"][0]] = a["args"][1]
        elif a["func"] == "setRangeColor":
            pintado.setdefault(a["start_row"], {})["relleno"] = a["args"][0]
        if a["func"] != "setValues":
            assert (a["row_count"], a["column_count"]) == (1, 2)  # toda la fila del bloque, de una vez
    for i, nombre in enumerate(nombres):
        p = PROPIEDADES[nombre]
        esperado = {
            "bold": p.get("bold"),
            "italic": p.get("italic"),
            "size": p.get("font_size"),
            "color": p.get("font_color"),
            "relleno": p.get("bg_color"),
        }
        assert pintado.get(i, {}) == {k: v for k, v in esperado.items() if v is not None}, nombre
    assert pintado[0] == {"bold": True, "size": 14, "color": "#1F4E79"}  # «titulo»
