"""The dataset's index answers window queries without scanning, and checks references."""

from __future__ import annotations

from datetime import date

import pytest

from wenming.calendar import parse_window
from wenming.errors import DatasetError, in_lang
from wenming.model import Evidence
from wenming.testing import DatasetBuilder


def _data():
    return (DatasetBuilder()
            .add("moral-lecture", "2020-05-10", id="A")
            .add("moral-lecture", "2020-12-31", unit="east", id="B")
            .add("moral-lecture", "2021-01-01", unit="east", id="C")
            .add("creation-spending", "2020-06-01", amount=1200.5, id="D")
            .add("creation-spending", "2021-06-01", amount=99.5, unit="west", id="E")
            .build())


def test_records_by_kind_unit_and_window_inclusive():
    data = _data()
    got = data.records(["moral-lecture"], ["hq", "east"], parse_window("2020.05-2020.12"))
    assert [r.id for r in got] == ["A", "B"]
    assert [r.id for r in data.records(["moral-lecture"], ["west"])] == []


def test_amount_by_year():
    data = _data()
    assert data.amount_by_year(["creation-spending"], data.participants()) == {
        2020: 1200.5, 2021: 99.5}


def test_participants_are_applicants_and_every_unit_under_them():
    data = _data()
    assert set(data.participants()) == {"hq", "east", "west", "office", "party", "centre"}


def test_content_hash_is_stable_and_sensitive():
    assert _data().content_hash == _data().content_hash
    other = DatasetBuilder().add("moral-lecture", "2020-05-11", id="A").build()
    assert other.content_hash != _data().content_hash


def test_bad_references_are_collected_together():
    data = _data()
    bad = [Evidence("A", "hq", "moral-lecture", date(2020, 6, 1)),
           Evidence("X", "nowhere", "moral-lecture", date(2020, 6, 1)),
           Evidence("Y", "hq", "no-such-kind", date(2020, 6, 1))]
    with pytest.raises(DatasetError) as caught:
        type(data).build(data.campaign, data.units, [*data.evidence, *bad], data.vocabulary)
    messages = [in_lang(i.message, "en") for i in caught.value.issues]
    assert "duplicate evidence id" in messages
    assert "evidence for an unknown unit" in messages
    assert "unknown evidence kind" in messages


def test_wide_queries_agree_with_narrow_ones():
    builder = DatasetBuilder()
    for n in range(60):
        builder.add_unit(f"u{n}", "division", "hq")
        builder.add("moral-lecture", date(2020, 5 + n % 6, 1 + n % 27), unit=f"u{n}")
        builder.add("work-plan", date(2021, 1 + n % 12, 2), unit=f"u{n}")
    data = builder.build()
    units = [f"u{n}" for n in range(0, 60, 2)]  # 30 units: the per-unit path
    window = parse_window("2020.06-2020.09")
    narrow = data.records(["moral-lecture", "work-plan"], units, window)
    wide = data.records(["moral-lecture", "work-plan"], [*units, *data.participants()], window)
    assert narrow and set(narrow) <= set(wide)
    everyone = [r for r in data.evidence if window.contains(r.date)
                and r.kind in ("moral-lecture", "work-plan")]
    assert sorted(wide, key=lambda r: r.id) == sorted(everyone, key=lambda r: r.id)
    assert wide == sorted(wide, key=lambda r: (r.date, r.id))


def test_records_come_back_in_date_order_whatever_the_file_order():
    data = (DatasetBuilder().add("moral-lecture", "2021-03-01", id="LATER")
            .add("moral-lecture", "2020-06-01", id="EARLIER").build())
    assert [r.id for r in data.records(["moral-lecture"], ["hq"])] == ["EARLIER", "LATER"]
