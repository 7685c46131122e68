# libro — tareas de desarrollo. Solo necesita Python ≥ 3.11 y make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LISTO  := $(VENV)/.instalado

.PHONY: demo test plantillas bench lint limpiar

$(LISTO): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(LISTO)

demo: $(LISTO)
	$(BIN)/libro demo --salida salida/demo

test: $(LISTO)
	$(BIN)/lint-imports
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m pytest

plantillas: $(LISTO)
	$(BIN)/libro plantilla todos --salida plantillas_xlsx

bench: $(LISTO)
	$(BIN)/python bench/bench_validar.py
	$(BIN)/python bench/bench_arranque.py
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python bench/bench_acciones.py
	$(BIN)/python bench/bench_consolidar.py
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python bench/bench_servidor.py
	$(BIN)/python bench/bench_hostiles.py

lint: $(LISTO)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

limpiar:
	rm -rf $(VENV) salida .pytest_cache
