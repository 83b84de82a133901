# Two commands: `make ingest` (set up .venv, ingest seeds/ into db/corpus.db) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= db/corpus.db

.PHONY: ingest test serve lint format cog bench eval train clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

ingest: $(STAMP)
	$(BIN)/ingest run seeds --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	test -f $(DB) || $(MAKE) ingest
	$(BIN)/datasette serve -i $(DB) --metadata db/metadata.yml --plugins-dir db/plugins \
		--template-dir db/templates --host 127.0.0.1 --port 8001

lint: $(STAMP)
	$(BIN)/ruff check ingest tests scripts
	$(BIN)/ruff format --check ingest tests scripts
	$(BIN)/cog --check README.md

format: $(STAMP)
	$(BIN)/ruff check --fix ingest tests scripts
	$(BIN)/ruff format ingest tests scripts

bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(wildcard ../shared/eval/wcxb-dev),--html ../shared/eval/wcxb-dev/html --text ../shared/eval/wcxb-dev/text) $(BENCH_ARGS)

# Retrain the line models (ingest/data/line-model*.npz) on the WCXB dev tuning pages (and, for
# text dumps, our annotated Arabic pages); held-out pages and tests/fixtures/arabic_heldout stay unseen.
# Then print the text-dump title weights fitted on the same pages (textdump.TITLE_WEIGHTS, pasted by hand).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/fit_title.py ../shared/eval/wcxb-dev
	$(BIN)/python scripts/train_line_model.py ../shared/eval/wcxb-dev --mode text --annotated tests/fixtures/arabic
	$(BIN)/python scripts/train_line_model.py ../shared/eval/wcxb-dev --mode html --pipeline-cv

cog: $(STAMP)
	$(BIN)/cog -r README.md

clean:
	rm -rf $(VENV) db/*.db db/*.db-* db/*.lock
