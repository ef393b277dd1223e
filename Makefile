# fedxl — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bundle clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,excel,parquet]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf demo
	$(BIN)/fedxl demo demo

# fedxl's users are a public, noncommercial body: xlwings' remote engine (used by the Excel bridge
# tests) runs under its PolyForm Noncommercial licence key, here as in .ci/run.
test: $(STAMP)
	XLWINGS_LICENSE_KEY=$${XLWINGS_LICENSE_KEY:-noncommercial} $(BIN)/python -m pytest

# dist/fedxl-offline-<version>-win_amd64.zip: everything a Windows PC without internet needs
bundle: $(STAMP)
	$(BIN)/python -m fedxl.jobs.bundle dist

lint: $(STAMP)
	$(BIN)/ruff check fedxl tests bench
	$(BIN)/mypy fedxl

clean:
	rm -rf $(VENV) demo .pytest_cache build dist *.egg-info
