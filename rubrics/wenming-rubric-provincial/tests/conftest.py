"""Fixtures for the provincial rubric's tests.

``complete_ledger`` lists records that satisfy every one of the 18 items for
whole campaign years, worked out from the rubric by hand: each test removes or
adds exactly the records its rule is about, so the expected points follow from
that one change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest
import wenming_rubric_provincial.plugin as provincial_plugin

from wenming.calendar import festival_date
from wenming.plugins import PluginHost
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, make_host

RUBRIC = "provincial-18"

FESTIVAL_IDS = ("chunjie", "yuanxiao", "sanyuesan", "qingming", "duanwu", "zhongqiu",
                "chongyang")

# One record over the whole campaign is enough for these.
ONCE = (
    "leader-civilization-lecture",
    "leading-group-establishment", "person-in-charge-designation", "work-plan",
    "target-decomposition", "mobilisation-meeting", "leader-mobilisation-speech",
    "website-column", "theme-education", "education-venue", "party-oath-ceremony",
    "party-political-birthday", "role-model-selection", "grassroots-eco-worker",
    "messaging-group-publicity", "etiquette-education", "frugality-rules",
    "resource-saving-campaign", "clean-plate-campaign", "frugal-person-selection",
    "civilized-customs-plan", "moral-signage", "online-volunteer-group",
    "network-civilization", "most-beautiful-family", "family-values-activity",
    "lei-feng-team-establishment", "lead-the-way-culture-activity",
    "fitness-facility-addition", "song-dance-gathering", "photography-contest",
    "calligraphy-contest", "office-environment-plan", "corridor-culture",
    "quality-service-plan", "service-norms", "satisfied-civil-servant", "commendation",
    "pairing-assistance-plan", "village-pairing-visit", "micro-wish",
    "integrity-service-activity", "integrity-mechanism",
)
# Once in every calendar year.
YEARLY = (
    "party-group-civilization-study", "concurrent-deployment", "theory-lecture",
    "target-assessment-inclusion", "creation-inspection", "inspection-circular",
    "lei-feng-plan", "lei-feng-activity", "lead-the-way-culture-plan", "festival-plan",
    "culture-sports-plan", "tree-planting",
)
QUARTERLY = ("central-group-study", "sports-activity")
HALF_YEARLY = ("moral-lecture",)
ATTESTED_REFS = ("office-tidiness", "no-smoking", "orderly-parking")


class Record(dict[str, Any]):
    """Keyword arguments for ``DatasetBuilder.add``: kind, day and the optional fields."""

    @property
    def kind(self) -> str:
        return str(self["kind"])

    @property
    def day(self) -> date:
        return date.fromisoformat(str(self["day"]))


def _rec(kind: str, day: str, **fields: Any) -> Record:
    return Record(kind=kind, day=day, **fields)


def complete_ledger(years: Iterable[int]) -> list[Record]:
    """Records earning all 100 points for campaigns made of the given whole years."""
    years = sorted(years)
    first = years[0]
    records = [_rec(kind, f"{first}-06-10") for kind in ONCE]
    for year in years:
        records += [_rec(kind, f"{year}-07-08") for kind in YEARLY]
        records += [_rec(kind, f"{year}-{month:02d}-15")
                    for kind in QUARTERLY for month in (2, 5, 8, 11)]
        records += [_rec(kind, f"{year}-{month:02d}-20")
                    for kind in HALF_YEARLY for month in (3, 9)]
        # Strictly rising: 100 000, 120 000, …
        records.append(_rec("creation-spending", f"{year}-12-01",
                            amount=100_000.0 + 20_000.0 * (year - first)))
        records += [_rec("festival-activity", festival_date(f, year).isoformat(), festival=f)
                    for f in FESTIVAL_IDS]
    records += [_rec("onsite-assessment", f"{years[-1]}-11-20", score=100.0, refs=(ref,))
                for ref in ATTESTED_REFS]
    return records


def build(records: Iterable[Record], window: str = "2020.01-2021.12",
          builder: DatasetBuilder | None = None) -> Any:
    builder = builder or DatasetBuilder(window=window)
    for record in records:
        fields = dict(record)
        builder.add(fields.pop("kind"), fields.pop("day"), **fields)
    return builder.build()


def without(records: Iterable[Record], kind: str,
            when: Callable[[date], bool] = lambda _: True) -> list[Record]:
    """``records`` less those of ``kind`` whose day satisfies ``when``."""
    return [r for r in records if not (r.kind == kind and when(r.day))]


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return make_host(provincial_plugin)


@pytest.fixture(scope="session")
def scorer(host: PluginHost) -> Scorer:
    return Scorer(host)


@pytest.fixture
def ledger() -> list[Record]:
    """A complete ledger for the two-year campaign 2020.01–2021.12."""
    return complete_ledger((2020, 2021))


# Test modules are imported with --import-mode=importlib and cannot import this
# conftest by name, so the helpers travel as fixtures.
@pytest.fixture(scope="session")
def ledger_for() -> Callable[[Iterable[int]], list[Record]]:
    return complete_ledger


@pytest.fixture(scope="session")
def build_dataset() -> Callable[..., Any]:
    return build


@pytest.fixture(scope="session")
def drop() -> Callable[..., list[Record]]:
    return without
