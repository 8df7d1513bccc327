"""The bundled example, loaded once, and the rubrics the progress tests score it under."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from wenming import PluginHost, load_dataset
from wenming.dataset import Dataset
from wenming.scoring import Scorer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
#: The rubrics shipped in rubrics/ and the example's own; other installed ones are left out.
RUBRICS = ("example", "provincial-18", "municipal-plan")


@cache
def _loaded() -> tuple[Scorer, Dataset]:
    host = PluginHost()
    return Scorer(host), load_dataset(EXAMPLE, vocabulary=host.vocabulary())


def example() -> tuple[Scorer, Dataset]:
    """The scorer of the installed plugins and the example dataset; skips without them."""
    if not EXAMPLE.is_dir():
        pytest.skip("examples/ecology-bureau is not in this checkout")
    scorer, dataset = _loaded()
    missing = [r for r in RUBRICS if r not in scorer.rubrics]
    if missing:
        pytest.skip(f"rubrics not installed: {', '.join(missing)} (make demo installs them)")
    return scorer, dataset
