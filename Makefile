# The two commands of the README. Both are idempotent.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out/demo
STAMP := $(VENV)/.installed

.PHONY: demo test install clean-demo browser

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[embed,bench,test]'
	touch $(STAMP)

install: $(STAMP)

## Main job: analyse the bundled demo corpus and write the results to out/demo/
demo: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	$(BIN)/unspun analyze $(OUT)/demo.db demo/corpus
	$(BIN)/unspun export $(OUT)/demo.db -o $(OUT)/export.json
	$(BIN)/unspun export $(OUT)/demo.db --format csv -o $(OUT)/relations.csv
	$(BIN)/unspun export $(OUT)/demo.db --format graphml -o $(OUT)/provenance.graphml
	$(BIN)/unspun candidates $(OUT)/demo.db --json > $(OUT)/candidates.jsonl
	$(BIN)/unspun stories $(OUT)/demo.db
	$(BIN)/unspun quotes $(OUT)/demo.db --altered
	$(BIN)/unspun spin $(OUT)/demo.db
	$(BIN)/unspun report $(OUT)/demo.db $(OUT)/site
	@echo "results written to $(OUT)/: demo.db, export.json (unspun.export/1 with quotes and spin), relations.csv, provenance.graphml, candidates.jsonl, site/index.html (the HTML report)"

## Debian's Chromium for the report's browser test (skipped when it is already there)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install Debian's chromium: the report's browser test will fail under CI, skip elsewhere"
	@command -v chromium >/dev/null 2>&1 && echo "browser: $$(command -v chromium)" || true

## The whole test suite (what .ci/run calls)
test: $(STAMP) browser
	$(BIN)/python -m pytest -q
	@echo "test report above (pytest); nothing else is written"
