# Two commands set everything up on a fresh machine:
#   make demo   -- venv, install, extract the samples, build the embedded graph, show a summary
#   make test   -- the test extras, then the whole suite (CI runs this through .ci/run)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
STORE  ?= .kg
PIP    := $(BIN)/python -m pip install -q --disable-pip-version-check

.PHONY: demo test install install-test lint-deps bench screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip "setuptools<81" wheel

# torch first, from the local wheel, so nothing later resolves another (multi-GB CUDA) build.
$(VENV)/.torch: | $(BIN)/python
	$(PIP) torch==2.13.0
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(PIP) -e ".[viz]"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) -e ".[test]"
	touch $@

tests/cypher_lint/node_modules/.installed: tests/cypher_lint/package.json tests/cypher_lint/package-lock.json
	npm ci --prefix tests/cypher_lint --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
lint-deps: tests/cypher_lint/node_modules/.installed

demo: install
	$(KG) extract samples -o out/samples.jsonl
	$(KG) rebuild samples --full --store $(STORE)
	$(KG) stats --store $(STORE)
	$(KG) query --store $(STORE) "MATCH (i)-[r:INVESTS_IN]->(c:Company) RETURN i.name AS investor, r.round AS round, r.amount_text AS amount, r.lead AS lead, c.name AS company ORDER BY company, lead DESC LIMIT 25"

test: install-test lint-deps
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/load_falkordb.py
	$(BIN)/python benchmarks/ner_speed.py
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/curation.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/contention.py

# A PNG of the investor network from the samples (needs Debian's chromium; see docs/viz.md).
screenshot: install
	$(KG) --quiet build samples --store out/.kg-shot
	$(KG) viz investors --store out/.kg-shot -o out/investors.html
	scripts/screenshot.sh out/investors.html out/investors.png

clean:
	rm -rf $(VENV) out .kg .pytest_cache tests/cypher_lint/node_modules
