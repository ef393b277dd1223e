# fedxl — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-lowest test-clock mutate lint bundle clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,excel,parquet,web,server]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf demo
	$(BIN)/fedxl demo demo

# fedxl's users are a public, noncommercial body: xlwings' remote engine (used by the Excel bridge
# tests) runs under its PolyForm Noncommercial licence key, here as in .ci/run.
test: $(STAMP)
	XLWINGS_LICENSE_KEY=$${XLWINGS_LICENSE_KEY:-noncommercial} $(BIN)/python -m pytest

# The suite on the lowest versions pyproject.toml allows (each `>=` floor pinned), in .venv-lowest
test-lowest:
	rm -rf .venv-lowest
	$(PYTHON) -m venv .venv-lowest
	$(PYTHON) .ci/lowest_constraints.py pyproject.toml > .venv-lowest/constraints.txt
	.venv-lowest/bin/python -m pip install --quiet -c .venv-lowest/constraints.txt -e '.[test,excel,parquet,web,server]'
	XLWINGS_LICENSE_KEY=$${XLWINGS_LICENSE_KEY:-noncommercial} .venv-lowest/bin/python -m pytest -p no:cacheprovider

# The suite with the machine's clock moved: the last second of a month, a later year, New Year's
# Eve (tests/clock/run.sh, libfaketime; LIBFAKETIME=/path/to/libfaketimeMT.so.1 when Debian's
# 0.9.10 is all there is, as it cannot run Python 3.11)
CLOCKS ?= "2027-03-31 23:59:59" "2028-01-02 00:00:00" "2026-12-31 23:59:59"
test-clock: $(STAMP)
	for when in $(CLOCKS); do \
		echo "clock: $$when"; \
		tests/clock/run.sh "$$when" $(BIN)/python -m pytest -p no:cacheprovider || exit 1; \
	done

# Mutation testing (mutmut) of the modules that decide figures and safety, for at most
# MUTATE_SECONDS (a run stopped there goes on from where it was the next time); the score and the
# survivors: bench/mutation.md
MUTATE_SECONDS ?= 1800
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutate]'
	$(BIN)/python -m bench.mutation --seconds $(MUTATE_SECONDS)

# dist/fedxl-offline-<version>-win_amd64.zip: everything a Windows PC without internet needs
bundle: $(STAMP)
	$(BIN)/python -m fedxl.jobs.bundle dist

# ruff (lines of 100 at most) and ruff format; mypy (strict on fedxl/); vulture: dead code
# (docs/tools/vulture_whitelist.txt names what it cannot see used)
lint: $(STAMP)
	$(BIN)/ruff check fedxl tests bench docs/tools
	$(BIN)/ruff format --check fedxl tests bench docs/tools
	$(BIN)/mypy fedxl docs/tools
	$(BIN)/vulture fedxl docs/tools/vulture_whitelist.txt --min-confidence 60

clean:
	rm -rf $(VENV) .venv-lowest demo mutants .pytest_cache build dist *.egg-info
