# Two commands on a fresh machine (Python 3.11 and make):
#   make build   -> .venv, install, build the graph, validate it
#   make test    -> .venv, install, run the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUTPUT ?= build/iso20000-prm.ttl

.PHONY: build test venv clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/iso20000-prm build --output $(OUTPUT)
	@# findings about the source are results to show, not a failed build: --fail-on none
	$(BIN)/iso20000-prm validate $(OUTPUT) --fail-on none

test: $(STAMP)
	sh scripts/ensure-debian-package.sh java default-jre-headless
	sh scripts/ensure-debian-package.sh chromium chromium fonts-dejavu-core
	$(BIN)/python -m pytest

# BENCH_SCALES=1,10,100 (default 1,10) and more knobs: see bench/run.py
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_validation.py
	$(BIN)/python bench/bench_docs.py
	$(BIN)/python bench/bench_linking.py
	$(BIN)/python bench/bench_store_reload.py
	$(BIN)/python bench/bench_release.py

clean:
	rm -rf build .pytest_cache
