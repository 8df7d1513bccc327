"""Shared fixtures: the county rubric's host, the bundled example and the variant folders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from wenming_rubric_county.variant import LEADERSHIP_VIOLATION, LEDGER_ROWS, build_variant

from wenming import load_dataset
from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost
from wenming.scoring import Scorecard, Scorer

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "ecology-bureau"

#: name -> how to make the dataset folder (the README's scorecard markers use these names)
FOLDERS: dict[str, Callable[[Path], Path]] = {
    "example": lambda _: EXAMPLE,
    "variant": lambda out: build_variant(out, EXAMPLE),
    "variant-leadership": lambda out: build_variant(
        out, EXAMPLE, rows=(*LEDGER_ROWS, LEADERSHIP_VIOLATION)),
    "variant-leadership-no-declaration": lambda out: build_variant(
        out, EXAMPLE, rows=(*LEDGER_ROWS, LEADERSHIP_VIOLATION), declaration=None),
}


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """Every installed plugin, as ``wenming`` loads them.

    The bundled example's waivers name the provincial rubric, and a dataset
    whose tailoring names a rubric that is not installed is refused, so the
    other rubrics of this repository must be installed too (``make`` does).
    """
    host = PluginHost(strict=True)
    assert "county-example" in host.rubrics(), "pip install -e rubrics/wenming-rubric-county"
    return host


@pytest.fixture(scope="session")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            made[name] = FOLDERS[name](tmp_path_factory.mktemp("county") / name)
        return made[name]

    return get


@pytest.fixture(scope="session")
def card(host: PluginHost, folder: Callable[[str], Path]) -> Callable[[str, str], Scorecard]:
    def score(name: str, as_of: str = "2021-12-31") -> Scorecard:
        dataset = load_dataset(folder(name), vocabulary=host.vocabulary())
        return Scorer(host).score(dataset, "county-example", date.fromisoformat(as_of))

    return score


@pytest.fixture(scope="session")
def markdown(host: PluginHost, folder: Callable[[str], Path]) -> Callable[[str, str], str]:
    """``wenming score DIR --rubric county-example --format markdown``, as a user runs it."""
    def render(name: str, as_of: str = "2021-12-31") -> str:
        result = CliRunner().invoke(
            cli, ["score", str(folder(name)), "--rubric", "county-example", "--as-of", as_of,
                  "--format", "markdown", "-o", "-", "--lang", "en"],
            obj=CliState(host_factory=lambda: host))
        assert result.exit_code == 0, result.output
        return result.output

    return render
