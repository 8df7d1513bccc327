"""Tailoring the provincial rubric with an overlay instead of forking it."""

from __future__ import annotations

from datetime import date

import pytest

from wenming.model.tailoring import Overlay
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder

RUBRIC = "provincial-18"
AS_OF = date(2021, 12, 31)


def in_2021_h1(day: date) -> bool:
    return date(2021, 1, 1) <= day <= date(2021, 6, 30)


def test_reweighting_an_item_changes_the_total(scorer: Scorer, ledger, build_dataset,
                                               drop) -> None:
    note = "道德讲堂加权至10分"
    builder = DatasetBuilder(window="2020.01-2021.12").with_overlay(
        Overlay(RUBRIC, points={"6": 10}, note=note))
    dataset = build_dataset(drop(ledger, "moral-lecture", in_2021_h1), builder=builder)
    card = scorer.score(dataset, RUBRIC, as_of=AS_OF)
    # 100 − 6 + 10 = 104; item 6 keeps 3 of its 4 half-years: 10 × 3/4.
    assert card.nominal == pytest.approx(104)
    assert card.maximum == pytest.approx(104)
    assert card.item("6").maximum == pytest.approx(10)
    assert card.item("6").points == pytest.approx(7.5)
    assert card.total == pytest.approx(101.5)
    assert card.overlay == note


def test_dropping_an_item_and_rescaling_to_100(scorer: Scorer, ledger, build_dataset) -> None:
    builder = DatasetBuilder(window="2020.01-2021.12").with_overlay(
        Overlay(RUBRIC, drop=("17",), total=100, note="无定点扶贫村，第17项不适用"))
    card = scorer.score(build_dataset(ledger, builder=builder), RUBRIC, as_of=AS_OF)
    assert "17" not in card.items
    assert card.maximum == pytest.approx(100)
    assert card.total == pytest.approx(100)
    # The 97 remaining points stretch to 100; a full item earns exactly its new maximum.
    assert card.item("16").maximum == pytest.approx(4 * 100 / 97)
    assert card.total <= card.maximum + 1e-9
    assert all(i.points <= i.maximum + 1e-9 for i in card.items.values())
    area_six = next(a for a in card.areas if a.code == "六")
    assert area_six.maximum == pytest.approx(15 * 100 / 97)


def test_an_overlay_pass_line_can_change_the_verdict(scorer: Scorer, ledger, build_dataset,
                                                     drop) -> None:
    records = drop(ledger, "moral-lecture", in_2021_h1)
    plain = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert (plain.total, plain.verdict) == (pytest.approx(98.5), "pass")

    builder = DatasetBuilder(window="2020.01-2021.12").with_overlay(
        Overlay(RUBRIC, drop=("17",), total=100, pass_line=99, note="从严"))
    card = scorer.score(build_dataset(records, builder=builder), RUBRIC, as_of=AS_OF)
    # Item 6 loses a quarter of its 6 × 100/97 points.
    assert card.total == pytest.approx(100 - 1.5 * 100 / 97)
    assert card.verdict == "fail"


def test_rescaling_the_festival_item_rescales_its_deduction(scorer: Scorer, ledger,
                                                            build_dataset, drop) -> None:
    builder = DatasetBuilder(window="2020.01-2021.12").with_overlay(
        Overlay(RUBRIC, points={"12": 4}, note="节日活动减半"))
    records = drop(ledger, "festival-activity", lambda d: d == date(2021, 4, 14))
    card = scorer.score(build_dataset(records, builder=builder), RUBRIC, as_of=AS_OF)
    # Halved: plan 1, festivals 3 with 0.5 per miss; one 三月三 missed → 1 + 2.5.
    assert card.item("12").points == pytest.approx(3.5)
    assert card.maximum == pytest.approx(96)
