"""El panel de libro en Excel: un botón por acción de cada formato y, con claves, dónde escribir la suya."""

from typing import Any

from libro.registro import REGISTRO
from libro.servidor.scripts import acciones, etiqueta, nombre_script

PANEL = """{% extends "base.html" %}
{% block head %}{{ super() }}<title>libro</title>{% endblock head %}
{% block content %}
  <div class="container-fluid pt-3 ps-3" lang="es">
    <h1 class="h5">libro</h1>
    <p class="small text-muted">Cada botón trabaja sobre el libro abierto; repetirlo da el mismo
      resultado. Solo escribe celdas calculadas y hojas generadas.</p>
    {% if libro_clave %}
      <form id="libro-clave" class="mb-3" autocomplete="off">
        <label class="form-label small" for="libro-clave-valor">
          Clave de acceso (la entrega Informática)</label>
        <div class="input-group input-group-sm">
          <input id="libro-clave-valor" class="form-control" type="password" placeholder="libro_…">
          <button class="btn btn-outline-secondary" type="submit">Guardar</button>
        </div>
        <div id="libro-clave-estado" class="form-text"></div>
      </form>
    {% endif %}
    {% for f in libro_formatos %}
      <section class="mb-3" data-formato="{{ f.id }}">
        <h2 class="h6">{{ f.titulo }} <span class="text-muted small">({{ f.etiqueta }})</span></h2>
        <div class="d-flex flex-column gap-2">
          {% for b in f.botones %}
            <button xw-click="{{ b.script }}" class="btn btn-primary btn-sm"
                    type="button">{{ b.texto }}</button>
          {% endfor %}
        </div>
      </section>
    {% endfor %}
  </div>
{% endblock content %}
"""


def formatos_del_panel(formato_id: str | None = None) -> list[dict[str, Any]]:
    todas = acciones()
    elegidos = [formato_id] if formato_id else list(todas)
    return [{
        "id": fid,
        "titulo": REGISTRO[fid].formato.titulo,
        "etiqueta": REGISTRO[fid].formato.etiqueta,
        "botones": [{"script": nombre_script(fid, a), "texto": etiqueta(fid, a)} for a in todas[fid]],
    } for fid in elegidos]
