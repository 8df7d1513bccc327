"""The ratio benchmark runs and reports its growth (a figure, not a timed assertion)."""

from __future__ import annotations

import json

import pytest
from benchmarks import ratio_units


def test_the_ratio_benchmark_reports_its_growth(capsys: pytest.CaptureFixture[str]) -> None:
    assert ratio_units.main(["--units", "300", "--repeat", "1"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["units"] == 300 and figures["small_units"] == 30
    assert figures["per_unit_growth"] > 0
