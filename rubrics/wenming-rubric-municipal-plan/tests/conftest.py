"""Fixtures: a campaign whose archive satisfies every item of the municipal plan.

Tests take the complete archive, remove, move or late-file a few records, and
work out by hand what the scorecard must then say. Every record is filed five
days after the event unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming import Dataset
from wenming.calendar import festival_date
from wenming.model import GroupMember, Role
from wenming.scoring import Scorecard
from wenming.testing import DatasetBuilder, score

RUBRIC = "municipal-plan"
FILING_DELAY = 5


class Rec(NamedTuple):
    id: str
    kind: str
    day: date
    unit: str = "hq"
    festival: str | None = None
    filed: date | None = None


def _d(text: str) -> date:
    return date.fromisoformat(text)


# (kind, day, unit) — one line per record; ids are derived from position.
_PLAIN: tuple[tuple[str, str, str], ...] = (
    # T1–T4, inside full creation (2020-06-01 .. 2021-07-31)
    ("staff-theory-study", "2020-09-15", "hq"),
    ("xuexi-qiangguo", "2020-10-15", "hq"),
    ("ideals-belief-education", "2020-09-22", "hq"),
    ("patriotic-education", "2021-04-20", "hq"),
    ("core-values-publicity", "2020-08-10", "hq"),
    ("xiaokang-theme-publicity", "2020-10-09", "hq"),
    ("eco-worker-selection", "2020-12-15", "hq"),
    ("civilized-staff-selection", "2021-01-20", "hq"),
    ("moral-model-nomination", "2020-09-08", "hq"),
    ("moral-model-exchange", "2020-10-27", "hq"),
    ("moral-lecture", "2020-07-10", "hq"),
    ("role-model-selection", "2021-01-11", "hq"),
    # T5: volunteer service at HQ and both sub-bureaus, away from the festival days
    ("volunteer-service", "2020-07-20", "hq"),
    ("eco-community-outreach", "2020-08-20", "east"),
    ("volunteer-service", "2020-09-25", "west"),
    ("medical-waste-guidance", "2020-06-20", "hq"),
    ("anti-epidemic-works", "2020-05-06", "hq"),
    ("volunteer-organisation-fostering", "2020-11-18", "hq"),
    # T6–T12
    ("civilized-community-participation", "2020-09-03", "hq"),
    ("civilized-traffic", "2020-11-10", "hq"),
    ("civilized-tourism", "2021-04-28", "hq"),
    ("blood-donation", "2020-07-28", "hq"),
    ("integrity-publicity", "2020-10-20", "hq"),
    ("integrity-essay", "2020-09-16", "hq"),
    ("integrity-star-selection", "2021-03-23", "hq"),
    ("family-values-activity", "2020-11-20", "hq"),
    ("civilized-family-creation", "2020-08-19", "hq"),
    ("most-beautiful-family", "2021-03-10", "hq"),
    ("six-nots-management", "2020-08-05", "hq"),
    ("complaint-handling", "2020-07-15", "hq"),
    ("network-civilization", "2020-12-04", "hq"),
    ("skills-contest", "2020-10-28", "hq"),
    ("service-window-improvement", "2021-05-06", "hq"),
    # T13
    ("online-platform-registration", "2020-04-25", "hq"),
    ("online-platform-user-info", "2020-04-28", "hq"),
    # P1–P6
    ("leading-group-establishment", "2020-04-08", "hq"),
    ("work-plan", "2020-04-20", "hq"),
    ("staff-consultation", "2020-05-08", "hq"),
    ("mobilisation-meeting", "2020-06-10", "hq"),
    ("deployment-meeting", "2020-06-18", "hq"),
    ("creation-inspection", "2020-12-10", "hq"),
    ("creation-inspection", "2021-06-15", "hq"),
    ("self-scoring-sheet", "2021-08-20", "hq"),
    ("rectification-list", "2021-09-08", "hq"),
    ("rectification-record", "2021-10-15", "hq"),
    ("materials-compilation", "2021-11-20", "hq"),
    ("video-materials", "2021-12-06", "hq"),
    ("inspection-reception", "2021-12-14", "hq"),
    # S3 people; S4 each unit's self-check
    ("person-in-charge-designation", "2020-04-14", "office"),
    ("person-in-charge-designation", "2020-04-21", "east"),
    ("person-in-charge-designation", "2020-04-22", "west"),
    ("self-check", "2021-08-25", "hq"),
    ("self-check", "2021-08-26", "east"),
    ("self-check", "2021-08-27", "west"),
)

#: One day in every quarter of the campaign (2020 Q2 .. 2021 Q4).
QUARTER_DAYS: tuple[str, ...] = (
    "2020-05-12", "2020-08-12", "2020-11-12", "2021-02-09", "2021-05-12", "2021-08-12",
    "2021-11-11",
)
QUARTERLY_KINDS = ("red-black-list", "online-platform-update", "publicity-item")
APPLICANTS = ("hq", "east", "west")
OUR_FESTIVALS = ("chunjie", "yuanxiao", "qingming", "duanwu", "zhongqiu")


#: The group as the plan sets it up: leader and deputy from the bureau's leadership,
#: a named head for each of HQ's divisions and its affiliated centre, a named office director.
NAMED_GROUP: tuple[GroupMember, ...] = (
    GroupMember("hq", Role.LEADER, "钱组长", "党组书记、局长"),
    GroupMember("hq", Role.DEPUTY, "张副组长", "副局长"),
    GroupMember("office", Role.MEMBER, "办公室主任甲", "办公室主任"),
    GroupMember("party", Role.MEMBER, "机关党委书记乙", "机关党委书记"),
    GroupMember("centre", Role.MEMBER, "监测中心主任丙", "监测中心主任"),
    GroupMember("office", Role.OFFICE_DIRECTOR, "潘主任", "办公室主任"),
)


def complete_records() -> list[Rec]:
    records: list[Rec] = []

    def add(kind: str, day: date, unit: str = "hq", festival: str | None = None) -> None:
        records.append(Rec(f"R{len(records) + 1:03d}", kind, day, unit, festival))

    for kind, day, unit in _PLAIN:
        add(kind, _d(day), unit)
    for kind in QUARTERLY_KINDS:
        for day in QUARTER_DAYS:
            add(kind, _d(day))
    for unit in APPLICANTS:
        add("annual-plan", _d("2020-04-15"), unit)
        add("annual-summary", _d("2020-12-18"), unit)
        add("annual-plan", _d("2021-01-15"), unit)
        add("annual-summary", _d("2021-12-08"), unit)
        add("creation-spending", _d("2020-07-07"), unit)
        add("creation-spending", _d("2021-07-07"), unit)
    for year in (2020, 2021):
        add("biodiversity-day", festival_date("biodiversity-day", year),
            festival="biodiversity-day")
        add("world-environment-day", festival_date("environment-day", year),
            festival="environment-day")
        for name in OUR_FESTIVALS:
            add("festival-activity", festival_date(name, year), festival=name)
    return records


def build_dataset(records: Iterable[Rec], builder: DatasetBuilder | None = None) -> Dataset:
    builder = builder or DatasetBuilder().with_leading_group(NAMED_GROUP)
    for r in records:
        filed = r.filed if r.filed is not None else r.day + timedelta(days=FILING_DELAY)
        builder.add(r.kind, r.day, r.unit, id=r.id, filed=filed, festival=r.festival)
    return builder.build()


def score_card(dataset: Dataset, as_of: str = "2021-12-31") -> Scorecard:
    return score(dataset, RUBRIC, as_of, plugin)


@pytest.fixture
def records() -> list[Rec]:
    return complete_records()


@pytest.fixture
def build() -> Callable[..., Dataset]:
    return build_dataset


@pytest.fixture
def named_group() -> tuple[GroupMember, ...]:
    return NAMED_GROUP


@pytest.fixture
def card_of() -> Callable[..., Scorecard]:
    return score_card
