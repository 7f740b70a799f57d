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
	@# build, then validate the same graph in-process; the findings about the source are
	@# results to show, not a failed build: --fail-on none
	$(BIN)/iso20000-prm build --output $(OUTPUT) --validate --fail-on none

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	sh scripts/ensure-debian-package.sh java default-jre-headless
	sh scripts/ensure-debian-package.sh chromium chromium fonts-dejavu-core
	sh scripts/ensure-debian-package.sh apache2ctl apache2
	sh scripts/ensure-debian-package.sh nginx nginx
	sh scripts/ensure-debian-package.sh virtuoso-t virtuoso-opensource
	sh scripts/ensure-debian-package.sh rapper raptor2-utils
	[ -f /usr/share/java/jena-arq.jar ] || sh scripts/ensure-debian-package.sh jena-jars libapache-jena-java
	sh scripts/ensure-debian-package.sh soffice libreoffice-calc-nogui
	$(BIN)/python -m pytest

# one run of the harness: shipped PRM, synthetic scales, then the topic scripts bench/bench_*.py.
# Knobs (BENCH_SCALES=1,10,100, BENCH_RUNS, BENCH_SCRIPT_RUNS, BENCH_PARTS, ...): bench/run.py, bench/README.md
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build .pytest_cache
