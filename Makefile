# Two commands on a fresh machine:  make demo   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(PIP) install -e ".[dev]"
	touch $@

## demo: create .venv, install winset, analyse the default case (the Ukraine negotiation as reported up to its latest snapshot) and write report.html
demo: $(VENV)/.installed
	$(BIN)/winset analyze ukraine-2025
	$(BIN)/winset report ukraine-2025 -o report.html

## test: install dev dependencies and the services the tests need, then run every test
test: $(VENV)/.dev-installed
	bash scripts/prepare-test-env.sh $(VENV)
	$(BIN)/python -m pytest

## test-fast: the unit tier only, without tests marked slow (under 30 s; no services needed)
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest tests/unit -m "not slow" -q

## lint: formatting, lint rules, types, and the layer contracts of docs/architecture.md (CI runs it first)
lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/winset
	$(BIN)/lint-imports

bench: $(VENV)/.dev-installed
	$(PIP) install -e ".[bench]"
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache report.html
