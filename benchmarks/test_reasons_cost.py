"""The reasons benchmark runs and reports its ratio (a figure, not a timed assertion)."""

from __future__ import annotations

import json

import pytest
from benchmarks import reasons_cost


def test_the_reasons_benchmark_reports_its_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    assert reasons_cost.main(["--records", "2000", "--units", "40", "--repeat", "1"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["records"] == 2000 and figures["ratio"] > 0
    # Switching the generic reasons off leaves only those timeliness gives itself.
    assert figures["reasons"] >= figures["reasons_without"]
