"""Reports built once per test module from the shared two-rubric dataset."""

from __future__ import annotations

import pytest

from tests.reports import support
from wenming.reports import (
    Comparison,
    GapList,
    ScoreReport,
    Timeline,
    build_comparison,
    build_gaps,
    build_timeline,
)


@pytest.fixture(scope="session")
def score_report() -> ScoreReport:
    return ScoreReport.of(support.cards(), support.dataset())


@pytest.fixture(scope="session")
def gap_list() -> GapList:
    return build_gaps(support.cards(), support.dataset(), support.AS_OF)


@pytest.fixture(scope="session")
def comparison() -> Comparison:
    return build_comparison(support.cards(), support.dataset())


@pytest.fixture(scope="session")
def timeline() -> Timeline:
    return build_timeline(support.dataset(), support.AS_OF)


@pytest.fixture(scope="session")
def all_reports(score_report, gap_list, comparison, timeline):
    return {"score": score_report, "gaps": gap_list, "comparison": comparison,
            "timeline": timeline}
