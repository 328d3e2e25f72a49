# jiedu: the two commands a new user needs, and a few more.
#   make site   build content/ into site/ (creates .venv on first use)
#   make test   run the whole test suite (what CI runs)
#   make serve  build, serve on http://127.0.0.1:8000/ and rebuild on change (PORT=8001 for another port)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The dev server's port: make serve PORT=8001
PORT ?= 8000
# axe-core, the accessibility checker the browser tests inject (from npm, when
# npm is on the machine; without it those tests skip and say so).
AXE := .cache/node/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.11.0

.PHONY: site test serve clean benchmark

site: $(STAMP)
	$(BIN)/python build.py build

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/python build.py serve --port $(PORT)

benchmark: $(STAMP)
	$(BIN)/python scripts/bench_pinyin.py

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# opencc-python-reimplemented (used before) and OpenCC's bindings are both the module `opencc`:
	@# remove both from an older venv, so that the bindings are installed whole.
	if $(BIN)/python -m pip show opencc-python-reimplemented >/dev/null 2>&1; then $(BIN)/python -m pip uninstall --quiet -y opencc-python-reimplemented opencc; fi
	@# The cluster extra too: tests/test_cluster.py builds on a local two-worker Dask cluster; and OCR for scanned PDFs.
	$(BIN)/python -m pip install --quiet -e '.[test,cluster,ocr]'
	touch $(STAMP)

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@$(AXE_VERSION) >/dev/null; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

clean:
	rm -rf site .cache .pytest_cache .hypothesis
