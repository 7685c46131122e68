"""Presupuesto Participativo: cálculos puros.

- `acreditacion`: requisitos por tipo (art. 13.3), estado apto/observado/no apto (art. 13.4),
  DNI, duplicados y lista definitiva por eje zonal.
- `faltas`: faltas y sanciones (art. 20 y 21), carta de sustitución.
- `comite`: elección del Comité de Vigilancia (art. 5 y 18).
- `priorizacion`: matriz de criterios, viabilidad, ranking, asignación y reemplazo (art. 14 y 16).
- `pabulib`: exportación .pb y comparación greedy / Method of Equal Shares con `pabutools`.
"""
