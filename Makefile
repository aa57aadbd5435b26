# vorort: two commands do all set-up on a fresh Debian 12 machine.
#   make demo  - virtual environment, install, migrate, demo data, serve on http://127.0.0.1:$(PORT)
#   make test  - virtual environment, test dependencies, the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export VORORT_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint install install-test messages browsers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	mkdir -p $(VORORT_DATA_DIR)
	$(BIN)/vorort migrate --no-input
	$(BIN)/vorort demo
	PORT=$(PORT) VORORT_DEMO_MODE=true $(BIN)/vorort serve

test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

messages: install-test
	cd src/vorort && ../../$(BIN)/vorort makemessages -l de --no-obsolete --no-location
	cd src/vorort && ../../$(BIN)/vorort compilemessages -l de

clean:
	rm -rf $(VENV) var
