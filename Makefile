# Two promises: `make demo` and `make test` work on a fresh clone with Python 3.11 and pip.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUBRICS := $(sort $(wildcard rubrics/*/pyproject.toml))
EXAMPLE := examples/ecology-bureau
AS_OF  ?= 2021-12-31

.PHONY: setup demo test lint typecheck unit docs bench clean

$(BIN)/wenming: pyproject.toml $(RUBRICS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,dask]" $(foreach r,$(RUBRICS),-e $(dir $(r)))
	@touch $@

setup: $(BIN)/wenming

demo: setup
	$(BIN)/wenming rubrics
	$(BIN)/wenming score $(EXAMPLE) --as-of $(AS_OF)
	@echo
	@echo "To open the example in the browser (pages in Chinese, English at the top right):"
	@echo "  $(BIN)/wenming serve $(EXAMPLE)"
	@echo "then open http://127.0.0.1:8765/ — uploads and set-up forms write into the folder,"
	@echo "so serve a copy to keep the example as it is: cp -r $(EXAMPLE) /tmp/eco && $(BIN)/wenming serve /tmp/eco"

lint: setup
	$(BIN)/ruff check $(wildcard src tests rubrics examples benchmarks)
	$(BIN)/lint-imports --no-cache

typecheck: setup
	$(BIN)/mypy
	$(BIN)/mypy --strict $(wildcard rubrics/*/src)

unit: setup
	$(BIN)/python -m pytest

test: lint typecheck unit

docs: setup
	$(BIN)/mkdocs build --strict -d build/site

bench: setup
	$(BIN)/python -m benchmarks.run --profile
	$(BIN)/python -m benchmarks.ratio_units
	$(BIN)/python -m benchmarks.reasons_cost
	$(BIN)/python -m benchmarks.serve
	$(BIN)/python -m benchmarks.startup

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
