# `make demo` and `make test` work on a fresh machine with Python >= 3.11 and git:
# each makes the virtual environment and installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: test demo lint format bench soak clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

# the tests run on every core (pytest-xdist); `make soak` runs the long property tests
test: $(INSTALLED) lint
	$(BIN)/python -m pytest -n auto

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

demo: $(INSTALLED)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash examples/demo.sh

# Times mpl on generated portfolios of 1,000 to 50,000 records (several minutes);
# BENCH_ARGS="--sizes 1000 --runs 3" for a quick look.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The truth test (tests/test_truth.py) run long and random: mpl's views held to the files
# through many more interleavings of mpl, git by hand and folder copies (tens of minutes);
# SOAK_ARGS="--truth-examples 50 --truth-steps 30" for a shorter one.
SOAK_ARGS ?= --truth-examples 400 --truth-steps 60
soak: $(INSTALLED)
	MPL_TRUTH_RANDOM=1 $(BIN)/python -m pytest tests/test_truth.py tests/test_index_truth.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) demo .pytest_cache .ruff_cache .mypy_cache
