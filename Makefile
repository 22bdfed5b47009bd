# The two commands of the README. Both are idempotent.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out/demo
STAMP := $(VENV)/.installed

.PHONY: demo test install clean-demo

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
	$(BIN)/unspun ingest $(OUT)/demo.db demo/corpus
	$(BIN)/unspun articles $(OUT)/demo.db --json > $(OUT)/articles.jsonl
	$(BIN)/unspun candidates $(OUT)/demo.db --json > $(OUT)/candidates.jsonl
	$(BIN)/unspun candidates $(OUT)/demo.db
	@echo "results written to $(OUT)/: demo.db, articles.jsonl, candidates.jsonl"

## The whole test suite (what .ci/run calls)
test: $(STAMP)
	$(BIN)/python -m pytest -q
	@echo "test report above (pytest); nothing else is written"
