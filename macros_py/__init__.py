"""Botones de los libros: un módulo por formato (`macros_py/<formato>.py`, con «-» como «_»).

Cada acción es `def accion(book: xw.Book | None = None)`: la llaman el botón de Excel de escritorio
(`RunPython "import macros_py.poi; macros_py.poi.validar()"`), xlwings Server y las pruebas. Todas
delegan en `libro.botones.ejecutar`, que corre la acción declarada en la entrada del formato
(`libro.registro`). libro nunca importa este paquete.
"""
