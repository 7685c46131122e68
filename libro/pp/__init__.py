"""Presupuesto Participativo: cálculos puros."""
