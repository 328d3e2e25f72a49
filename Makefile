# jiedu: the two commands a new user needs, and a few more.
#   make site   build content/ into site/ (creates .venv on first use)
#   make test   run the whole test suite (what CI runs)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve clean benchmark

site: $(STAMP)
	$(BIN)/python build.py build

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/python build.py serve

benchmark: $(STAMP)
	$(BIN)/python scripts/bench_pinyin.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site .cache .pytest_cache .hypothesis
