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

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/coursegen serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

clean:
	rm -rf site site-internal .pytest_cache
