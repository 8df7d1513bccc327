# Two promises: `make demo` and `make test` work on a fresh clone with Python 3.11 and pip.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUBRICS := $(sort $(wildcard rubrics/*/pyproject.toml))
EXAMPLE := examples/ecology-bureau
AS_OF  ?= 2021-12-31

.PHONY: setup demo test lint typecheck unit docs bench clean

$(BIN)/wenming: pyproject.toml $(RUBRICS)
	@echo "[1/3] 创建虚拟环境 / creating $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "[2/3] 更新 pip / updating pip"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "[3/3] 安装 wenming 和 $(words $(RUBRICS)) 套测评细则（首次约需 1–2 分钟）/ installing wenming and $(words $(RUBRICS)) rubrics (a minute or two the first time)"
	$(BIN)/python -m pip install --quiet --progress-bar on -e ".[dev,dask]" $(foreach r,$(RUBRICS),-e $(dir $(r)))
	@touch $@

setup: $(BIN)/wenming

demo: setup
	$(BIN)/wenming rubrics
	@echo
	@echo "评分 $(EXAMPLE)，评估日 $(AS_OF)：用上面的正式测评细则；名称带“示例”的细则只在 --rubric 指定时使用。"
	@echo "Scoring $(EXAMPLE) as of $(AS_OF) with the real rubrics above; the examples only when named with --rubric."
	@mkdir -p build/demo
	$(BIN)/wenming score $(EXAMPLE) --as-of $(AS_OF) --brief -o build/demo/score.html --force
	@echo "逐项明细 / item by item: $(BIN)/wenming score $(EXAMPLE) --as-of $(AS_OF)"
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
	$(BIN)/python -m benchmarks.leading_group_depth
	$(BIN)/python -m benchmarks.reasons_cost
	$(BIN)/python -m benchmarks.serve
	$(BIN)/python -m benchmarks.startup

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
