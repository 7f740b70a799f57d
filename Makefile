# Two commands on a fresh machine (Python 3.11 and make):
#   make build   -> .venv, install, build the graph, validate it
#   make test    -> .venv, install, run the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUTPUT ?= build/iso20000-prm.ttl

.PHONY: build test venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/iso20000-prm build --output $(OUTPUT)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf build .pytest_cache
