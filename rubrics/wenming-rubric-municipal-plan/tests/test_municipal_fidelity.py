"""Issue #23, fidelity third pass: readings checked in a campaign cycle no fixture uses.

The 2029–30 cycle keeps the plan's phases, nine years on: preparation 2029.04–05,
mobilisation 2029.05–06, full creation 2029.06–2030.07, self-check 2030.08–09,
rectification 2030.09–11, inspection 2030.11–12. Each test removes, moves or re-dates
evidence and works out by hand what the scorecard must say.
"""

from __future__ import annotations

from datetime import date

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming import Dataset
from wenming.calendar import parse_window
from wenming.model import Phase
from wenming.scoring import Scorecard
from wenming.testing import MUNICIPAL_PHASES, DatasetBuilder, score

APPLICANTS = ("hq", "east", "west")


def cycle_2029() -> DatasetBuilder:
    phases = [Phase(p.id, p.name, parse_window(
        f"{p.start.year + 9}.{p.start.month:02d}-{p.end.year + 9}.{p.end.month:02d}"),
        p.deliverables) for p in MUNICIPAL_PHASES]
    return DatasetBuilder("2029.04-2030.12").with_phases(phases)


def card(dataset: Dataset, as_of: str = "2030-12-31") -> Scorecard:
    return score(dataset, "municipal-plan", as_of, plugin)


def criterion(scorecard: Scorecard, cid: str):  # type: ignore[no-untyped-def]
    return next(c for item in scorecard.items.values() for c in item.criteria if c.id == cid)


# -- 5. 年终有总结: the year-end window, at each edge -------------------------------------------

def _summaries(*days: str) -> dict[int, int]:
    builder = cycle_2029()
    for day in days:
        for unit in APPLICANTS:
            builder.add("annual-summary", day, unit)
    result = criterion(card(builder.build()), "S3.summaries")
    by_year: dict[int, int] = {}
    for check in result.checks:
        year = int(check.label.zh[:4])
        by_year[year] = by_year.get(year, 0) + check.found
    return by_year


@pytest.mark.parametrize(("day", "expected"), [
    ("2029-10-31", {2029: 0, 2030: 0}),   # before the year's end: no year
    ("2029-11-01", {2029: 3, 2030: 0}),   # the year's last two months open it
    ("2029-11-30", {2029: 3, 2030: 0}),   # was counted for no year before #23
    ("2030-01-31", {2029: 3, 2030: 0}),   # January still closes the year before
    ("2030-02-01", {2029: 0, 2030: 0}),   # ... February does not
    ("2030-10-31", {2029: 0, 2030: 0}),
    ("2030-11-01", {2029: 0, 2030: 3}),   # the campaign's last year: its inspection phase
    ("2030-12-31", {2029: 0, 2030: 3}),   # the campaign's last day
])
def test_a_year_end_summary_counts_from_november_to_january(day: str,
                                                            expected: dict[int, int]) -> None:
    assert _summaries(day) == expected
