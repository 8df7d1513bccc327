"""docs/architecture.md draws the layers the import contracts in pyproject.toml enforce.

The contracts themselves run in ``make lint`` (``lint-imports``); here they are
also shown to catch what they are for: an upward import, a circle.
"""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import configuration
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]


def _contract(contract_id: str) -> dict[str, Any]:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def _drawn_layers() -> list[str]:
    text = DOC.read_text("utf-8")
    section = text.split("## The layers", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None, "docs/architecture.md lost its layer diagram"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    configuration.configure()  # what lint-imports sets up before checking (its timer)
    return grimp.build_graph(*CONFIG["root_packages"])


def _check(kind: type[Any], contract_id: str, graph: grimp.ImportGraph) -> Any:
    options = {k: v for k, v in _contract(contract_id).items() if k not in {"id", "name", "type"}}
    options = {k: str(v).lower() if isinstance(v, bool) else v for k, v in options.items()}
    contract = kind(name=contract_id, session_options=dict(CONFIG), contract_options=options)
    return contract.check(graph, verbose=False)


def test_the_diagram_is_the_layers_contract() -> None:
    assert _drawn_layers() == _contract("layers")["layers"]


def test_every_top_level_module_is_drawn() -> None:
    drawn = {name.strip("() ") for line in _drawn_layers() for name in re.split(r"[|:]", line)}
    modules = {p.stem for p in (ROOT / "src" / "wenming").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__")
               or (p.is_dir() and (p / "__init__.py").exists())}
    assert modules - drawn <= set(_contract("layers")["exhaustive_ignores"])


def test_every_contract_is_explained_by_name() -> None:
    text = DOC.read_text("utf-8")
    assert [c["name"] for c in CONFIG["contracts"] if f"**{c['name']}**" not in text] == []


def test_every_path_the_page_names_exists() -> None:
    paths = re.findall(r"`((?:src|rubrics|benchmarks|tests)/[^`]+)`", DOC.read_text("utf-8"))
    assert len(paths) > 20
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_the_layers_hold_and_an_upward_import_breaks_them(graph: grimp.ImportGraph) -> None:
    assert _check(LayersContract, "layers", copy.deepcopy(graph)).kept
    upward = copy.deepcopy(graph)
    upward.add_import(importer="wenming.model.labels", imported="wenming.reporters.table")
    assert not _check(LayersContract, "layers", upward).kept


def test_no_circles_and_a_new_one_is_caught(graph: grimp.ImportGraph) -> None:
    assert _check(AcyclicSiblingsContract, "no-circles", copy.deepcopy(graph)).kept
    circle = copy.deepcopy(graph)
    # the batch reader builds on the row reader; the row reader must not need it back
    circle.add_import(importer="wenming.loaders.rows", imported="wenming.loaders.batch")
    assert not _check(AcyclicSiblingsContract, "no-circles", circle).kept


def test_only_the_serve_command_imports_the_web_server(graph: grimp.ImportGraph) -> None:
    # The package itself too, which the forbidden contract's module expression leaves out.
    served = {m for m in graph.modules if m == "wenming.serve" or m.startswith("wenming.serve.")}
    importers = {m for target in served for m in graph.find_modules_that_directly_import(target)
                 if m == "wenming.cli" or m.startswith("wenming.cli.")}
    assert importers <= {"wenming.cli.serve"}


def test_the_plugin_host_finds_the_builtins_it_never_imports(graph: grimp.ImportGraph) -> None:
    from wenming.plugins import PluginHost

    host = PluginHost(autoload=False)
    assert {"table", "json", "xlsx"} <= set(host.reporters())
    assert {"present", "coverage"} <= set(host.criterion_types())
    upward = {m for m in graph.modules if m.startswith("wenming.plugins")
              for imported in graph.find_modules_directly_imported_by(m)
              if imported.startswith(("wenming.reporters", "wenming.scoring"))}
    assert upward == set()
