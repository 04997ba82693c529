# psamap: every target creates .venv and installs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench screenshots lint venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/psamap --demo

# Two workers (pytest-xdist): half the suite's wall time is pty, process and sandbox
# waits, which overlap; every test keeps its own temp, home and cache folders.
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

# The suite minus the tests marked slow: for a quick check while working.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 -m "not slow"

bench: $(STAMP)
	$(BIN)/python -m bench

screenshots: $(STAMP)
	$(BIN)/python -m scripts.screenshots

# ruff, then mypy (strict on tui/core and tui/psa; what it checks is in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check tui tests bench scripts
	$(BIN)/ruff format --check tui tests bench scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
