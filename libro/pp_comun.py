"""Ayudas pequeñas que comparten los cálculos del Presupuesto Participativo
(`libro.agentes_salidas`, `libro.proyectos_salidas`) y sus reglas (`validadores.pp`)."""

from datetime import date
from typing import Any

from libro.lector import LibroLeido


def fecha_texto(f: date | None) -> str:
    """La fecha como la escribe una persona («31/12/2026»); vacío si no hay fecha."""
    return f.strftime("%d/%m/%Y") if f else ""


def mayuscula_inicial(texto: str) -> str:
    """El texto con la primera letra en mayúscula y el resto tal como está."""
    return texto[:1].upper() + texto[1:]


def primera_fila(libro: LibroLeido, hoja: str) -> Any:
    """La fila de una ficha («Proceso», «Parámetros»): la primera de la hoja, o None si no hay."""
    filas = libro.filas(hoja)
    return filas[0] if filas else None
