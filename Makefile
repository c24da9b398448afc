# One command to set up and run on the examples, one to run the tests (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test bench docs

$(BIN)/noticelint: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch first: an unpinned torch pulls gigabytes of CUDA packages.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[embeddings,test]"
	touch $@

setup: $(BIN)/noticelint

run: setup
	$(BIN)/noticelint check examples/ ; test $$? -le 1

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/bench.py

docs: setup
	$(BIN)/python -m linter.docs
