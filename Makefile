# Two commands on a fresh machine: `make site` builds both sites, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site public internal test test-fast serve bench lint clean

site: public internal

public: $(STAMP)
	$(BIN)/coursegen build --audience public

internal: $(STAMP)
	$(BIN)/coursegen build --audience internal

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,zensical]'
	touch $(STAMP)

test: $(STAMP) lint
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/coursegen serve

# Figures, not a test: synthetic data of 1,000 and 10,000 announcements; BENCH_ARGS="--sizes 1000
# --runs 3" for a quicker run. Prints the table and saves JSON under benchmarks/results/.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf site site-internal .pytest_cache
