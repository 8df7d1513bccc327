"""Festivals added as data through ``wenming_festivals``, checked like the built-in ones."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from wenming.calendar import get_festival
from wenming.calendar.festivals import (
    Festival,
    FestivalError,
    _forget_added_festivals,
    festival_date,
    festivals_from_toml,
)
from wenming.errors import PluginConflictError, PluginError
from wenming.plugins import PluginHost, hookimpl
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, RubricPlugin

SHARED_CSV = Path("/work/shared/data/festivals-2020-2030.csv")

NATIONAL_DAYS = """
[[festival]]
id = "new-year"
zh = "元旦"
en = "New Year's Day"
date = "01-01"

[[festival]]
id = "labour-day"
zh = "劳动节"
en = "Labour Day"
date = "05-01"
aliases = ["五一", "五一劳动节"]

[[festival]]
id = "national-day"
zh = "国庆节"
en = "National Day"
date = "10-01"
aliases = ["国庆"]

[[festival]]
id = "moon-fair"
zh = "中秋灯会"
en = "Moon fair"
rule = "lunar"
date = "08-15"

[[festival]]
id = "winter-solstice-day"
zh = "冬至节"
en = "Winter solstice"
rule = "solar-term"
term = "冬至"
"""


class NationalDays:
    @hookimpl
    def wenming_festivals(self) -> list[Festival]:
        return festivals_from_toml(__import__("tomllib").loads(NATIONAL_DAYS), "national-days")


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    _forget_added_festivals()
    yield
    _forget_added_festivals()


def test_festivals_from_a_plugin_are_known_once_the_host_is_used() -> None:
    host = PluginHost(autoload=False, plugins=[NationalDays()])
    host.vocabulary()
    assert festival_date("国庆", 2021) == date(2021, 10, 1)
    assert festival_date("五一", 2022) == date(2022, 5, 1)
    assert festival_date("元旦", 2030) == date(2030, 1, 1)
    assert festival_date("冬至节", 2021) == date(2021, 12, 21)
    assert get_festival("national day").id == "national-day"
    assert [f.id for f, _ in host.festivals()][:2] == ["new-year", "labour-day"]
    # The built-in 植树节 stays the built-in one; adding the same again is harmless.
    assert festival_date("植树节", 2021) == date(2021, 3, 12)
    PluginHost(autoload=False, plugins=[NationalDays()]).vocabulary()


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="the shared festival table is not here")
def test_a_lunar_festival_from_data_matches_the_published_table() -> None:
    PluginHost(autoload=False, plugins=[NationalDays()]).vocabulary()
    with SHARED_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 11
    for row in rows:
        year = int(row["year"])
        assert festival_date("moon-fair", year).isoformat() == row["zhongqiu"]


def test_a_festivals_criterion_scores_a_plugin_festival() -> None:
    from tests.plugins.support import rubric_toml

    text = rubric_toml("days").replace(
        'type = "present"\npoints = 10\nkinds = ["leading-group-establishment"]',
        'type = "festivals"\npoints = 10\nfestivals = ["国庆"]\ncredit = "proportional"')
    host = PluginHost(autoload=False, plugins=[NationalDays(), RubricPlugin(text)], strict=True)
    data = (DatasetBuilder().with_vocabulary(host.vocabulary())
            .add("festival-activity", "2020-09-28").build())
    card = Scorer(host).score(data, "days", date(2021, 12, 31))
    assert card.items["1"].points == 5  # 2020 met, 2021 missed


@pytest.mark.parametrize(("table", "message"), [
    ('id = "leap"\nzh = "闰日"\nen = "Leap"\ndate = "02-29"', "not a date in every year"),
    ('id = "late"\nzh = "晦日"\nen = "Late"\nrule = "lunar"\ndate = "12-30"',
     "not in every lunar month"),
    ('id = "term"\nzh = "节气"\nen = "Term"\nrule = "solar-term"\nterm = "大暑天"',
     "unknown solar term"),
    ('id = "Bad Id"\nzh = "甲"\nen = "A"\ndate = "01-02"', "not lowercase"),
    ('id = "x"\nzh = "甲"\nen = "A"\ndate = "1/2"', "not MM-DD"),
])
def test_festivals_that_do_not_fit_the_calendar_are_refused(table: str, message: str) -> None:
    import tomllib

    with pytest.raises(FestivalError, match=message):
        festivals_from_toml(tomllib.loads("[[festival]]\n" + table), "mine")


def test_a_broken_festival_plugin_is_left_out_and_strict_raises() -> None:
    class Leap:
        @hookimpl
        def wenming_festivals(self) -> list[Festival]:
            return [Festival("leap-day", "闰日", "Leap day", "fixed", 2, 29)]

    host = PluginHost(autoload=False, plugins=[Leap()])
    host.vocabulary()
    assert host.broken()[0].problems[0].stage == "hook wenming_festivals"
    with pytest.raises(PluginError, match="not a date in every year"):
        PluginHost(autoload=False, plugins=[Leap()], strict=True).vocabulary()


def test_a_festival_name_taken_by_another_is_a_conflict_naming_both() -> None:
    class Rival:
        @hookimpl
        def wenming_festivals(self) -> list[Festival]:
            return [Festival("my-national-day", "国庆", "National Day (mine)", "fixed", 10, 2)]

    host = PluginHost(autoload=False, plugins=[NationalDays(), Rival()])
    with pytest.raises(PluginConflictError) as caught:
        host.vocabulary()
    assert "national-days" in str(caught.value) or "NationalDays" in str(caught.value)
    assert "Rival" in str(caught.value)
