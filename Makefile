# mmlkit — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test test-all bench lint venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

venv: $(BIN)/python

demo: venv
	$(PIP) -e ".[ml,plot]"
	$(BIN)/mmlkit tour

test: venv
	$(PIP) -e ".[test]"
	$(BIN)/python -m pytest -q -m "not slow"

test-all: venv
	$(PIP) -e ".[test]"
	$(BIN)/python -m pytest -q

# `make bench` runs every area; `make bench AREAS="linalg decomp"` runs some.
bench: venv
	$(PIP) -e ".[bench]"
	$(BIN)/python -m benchmarks $(AREAS)

lint: venv
	$(PIP) ruff
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
