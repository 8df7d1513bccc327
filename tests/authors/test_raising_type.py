"""A criterion type that raises (#24): an error on that criterion only, at the author's line;
the traceback under ``--debug``; a failed command under ``--strict-plugins``."""

from __future__ import annotations

import inspect
import json
import logging
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from attrs import frozen
from click.testing import CliRunner, Result

from wenming.cli.main import CliState, cli
from wenming.model import Label
from wenming.plugins import CriterionType, PluginHost, hookimpl
from wenming.scoring import Check, EvalContext, State
from wenming.testing import DatasetBuilder, RubricPlugin, score

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"


@frozen
class _Params:
    kinds: tuple[str, ...]


def _evaluate(params: _Params, ctx: EvalContext) -> Sequence[Check]:
    raise ValueError("the author's bug")  # the line the error must point at


_RAISE_LINE = inspect.getsourcelines(_evaluate)[1] + 1


class RaisingType:
    @hookimpl
    def wenming_criterion_types(self) -> list[CriterionType]:
        return [CriterionType("authors-raises", _Params, _evaluate,
                              Label("出错的类型", "A type that raises"))]


RUBRIC = """
schema = 1
id = "raising"
version = "1"
title = "raising"
level = "county"
total = 2
[[areas]]
code = "A"
title = "a"
points = 2
[[areas.items]]
code = "1"
title = "broken"
points = 1
criteria = [{ id = "1.1", type = "authors-raises", points = 1, kinds = ["work-plan"] }]
[[areas.items]]
code = "2"
title = "sound"
points = 1
criteria = [{ type = "present", points = 1, kinds = ["work-plan"] }]
"""

PLUGINS = (RaisingType(), RubricPlugin(RUBRIC))


def _run(*args: str) -> Result:
    state = CliState(host_factory=lambda: PluginHost(autoload=False, plugins=PLUGINS))
    return CliRunner().invoke(cli, ["--lang", "en", *args], obj=state)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("WENMING_STRICT_PLUGINS", raising=False)
    logger = logging.getLogger("wenming.scoring")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers  # --debug adds a handler for the process; not for others
    logger.setLevel(level)


@pytest.fixture
def folder(tmp_path: Path) -> str:
    """The example without its tailoring, which names rubrics this host lacks."""
    copy = tmp_path / "data"
    shutil.copytree(EXAMPLE, copy)
    (copy / "waivers.toml").unlink(missing_ok=True)
    shutil.rmtree(copy / "overlays", ignore_errors=True)
    return str(copy)


def test_the_error_stays_on_its_criterion_and_names_the_authors_line() -> None:
    card = score(DatasetBuilder().add("work-plan", "2020-05-01").build(), "raising",
                 "2021-12-31", *PLUGINS)
    broken, sound = card.item("1"), card.item("2")
    assert broken.state is State.ERROR and sound.state is State.MET
    error = broken.criteria[0].error or ""
    assert error.startswith("ValueError: the author's bug")
    assert f"{Path(__file__).name}:{_RAISE_LINE} in _evaluate" in error
    assert any(f"{Path(__file__).name}:{_RAISE_LINE}" in f.en for f in broken.findings)


def test_the_cli_scores_on_without_a_traceback_unless_asked(folder: str) -> None:
    args = ("score", folder, "--as-of", "2021-12-31", "--rubric", "raising", "--format", "json")
    plain = _run(*args)
    assert plain.exit_code == 0, plain.output
    assert "Traceback" not in plain.stderr
    items = json.loads(plain.stdout)["cards"][0]["items"]
    assert [i["state"] for i in items] == ["error", "met"]
    debug = _run("--debug", *args)
    assert debug.exit_code == 0
    assert "Traceback" in debug.stderr and f"line {_RAISE_LINE}" in debug.stderr


def test_strict_plugins_fails_the_command_after_the_report(folder: str) -> None:
    result = _run("--strict-plugins", "score", folder, "--as-of", "2021-12-31",
                  "--rubric", "raising", "--format", "json")
    assert result.exit_code == 3
    assert "raising 1 1.1 (authors-raises): ValueError: the author's bug" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["cards"]  # the report was written first


# -- a custom type that measures, through the public API (#24, point 8) --------------------

@frozen
class _MeasureParams:
    MEASURES: ClassVar[bool] = True
    value: float


def _measure(params: _MeasureParams, ctx: EvalContext) -> Sequence[Check]:
    from wenming.scoring import Measured  # exported beside Check

    return [Measured(Label("测得", "Measured"), 1, 1, value=params.value)]


class MeasuringType:
    @hookimpl
    def wenming_criterion_types(self) -> list[CriterionType]:
        return [CriterionType("authors-measure", _MeasureParams, _measure, kinds_param=None)]


def test_a_custom_measured_type_takes_bands() -> None:
    text = RUBRIC.replace('id = "raising"', 'id = "measuring"').replace(
        'type = "authors-raises", points = 1, kinds = ["work-plan"]',
        'type = "authors-measure", points = 1, value = 82, bands = [[90, 1.0], [80, 0.5]]')
    card = score(DatasetBuilder().build(), "measuring", "2021-12-31", MeasuringType(),
                 RubricPlugin(text))
    assert card.item("1").points == pytest.approx(0.5)


# -- check-rubric on an installed package's own file lists each problem once (point 20) ----

def test_check_rubric_on_an_installed_rubric_lists_each_problem_once(tmp_path: Path) -> None:
    from wenming.plugins import RubricSource

    broken = tmp_path / "rubric.toml"
    broken.write_text(RUBRIC.replace('kinds = ["work-plan"] }]\n[[areas.items]]',
                                     'kinds = ["wrok-plan"] }]\n[[areas.items]]'), "utf-8")

    class Installed:
        @hookimpl
        def wenming_rubrics(self) -> list[RubricSource]:
            return [RubricSource.from_path(broken)]

    state = CliState(host_factory=lambda: PluginHost(autoload=False,
                                                     plugins=(RaisingType(), Installed())))
    result = CliRunner().invoke(cli, ["--lang", "en", "check-rubric", str(broken)], obj=state)
    assert result.exit_code != 0
    both = result.stdout + result.stderr
    assert both.count("unknown evidence kind") == 1, both
