"""libro: herramientas Python para los libros Excel de planeamiento municipal."""

__version__ = "0.1.0"
