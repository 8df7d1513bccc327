"""Period rules: half-yearly moral lectures and yearly inspections (funding has its own file)."""

from __future__ import annotations

from datetime import date

import pytest

from wenming.scoring import Scorer, State

RUBRIC = "provincial-18"


def english(findings) -> str:
    return "\n".join(f.en for f in findings)


def chinese(findings) -> str:
    return "\n".join(f.zh for f in findings)


def in_2021_h1(day: date) -> bool:
    return date(2021, 1, 1) <= day <= date(2021, 6, 30)


class TestMoralLectureEveryHalfYear:
    """Item 6: 6 points, one check per half-year, proportional credit."""

    def test_a_missed_half_year_costs_its_share(self, scorer: Scorer, ledger, build_dataset,
                                               drop) -> None:
        dataset = build_dataset(drop(ledger, "moral-lecture", in_2021_h1))
        card = scorer.score(dataset, RUBRIC, as_of=date(2021, 12, 31))
        item = card.item("6")
        # Four half-years due, three held: 6 × 3/4.
        assert item.state is State.PARTIAL
        assert item.points == pytest.approx(4.5)
        assert item.maximum == 6
        assert "2021 H1: 0 of 1 required" in english(item.findings)
        assert "2021年上半年" in chinese(item.findings)
        assert "2020 H1" not in english(item.findings)
        assert card.total == pytest.approx(98.5)

    def test_the_same_half_year_is_not_yet_due_while_it_runs(
            self, scorer: Scorer, ledger, build_dataset, drop) -> None:
        dataset = build_dataset(drop(ledger, "moral-lecture", in_2021_h1))
        card = scorer.score(dataset, RUBRIC, as_of=date(2021, 6, 15))
        item = card.item("6")
        # 2020 H1 and H2 held; 2021 H1 still running, so it leaves the denominator.
        assert item.state is State.MET
        assert item.points == pytest.approx(6)
        assert "2021 H1: 0 of 1 so far, not yet due" in english(item.findings)

    def test_it_falls_due_the_day_after_the_half_year_ends(
            self, scorer: Scorer, ledger, build_dataset, drop) -> None:
        dataset = build_dataset(drop(ledger, "moral-lecture", in_2021_h1))
        card = scorer.score(dataset, RUBRIC, as_of=date(2021, 7, 1))
        item = card.item("6")
        # Due: 2020 H1, 2020 H2 (held), 2021 H1 (missed); 2021 H2 still runs: 6 × 2/3.
        assert item.state is State.PARTIAL
        assert item.points == pytest.approx(4.0)


class TestInspectionsOneOrTwoAYear:
    """Item 2, section 四: count-range per year, min 1, max 2, 2 points proportional."""

    def test_three_inspections_in_a_year_fail_that_year(self, scorer: Scorer, ledger,
                                                       build_dataset) -> None:
        extra = [dict(kind="creation-inspection", day=d) for d in ("2021-03-01", "2021-10-09")]
        dataset = build_dataset([*ledger, *extra])
        card = scorer.score(dataset, RUBRIC, as_of=date(2021, 12, 31))
        item = card.item("2")
        # 2020 (one inspection) passes, 2021 (three) fails: 2 × 1/2 lost 1 point of 14.
        assert item.state is State.PARTIAL
        assert item.points == pytest.approx(13)
        assert "2021: 3, at most 2 allowed" in english(item.findings)
        assert "2021年：3 次，最多 2 次" in chinese(item.findings)

    def test_a_third_inspection_fails_before_the_year_is_out(self, scorer: Scorer, ledger,
                                                             build_dataset) -> None:
        # By mid-2021 the ledger already holds three 2021 inspections (one on 07-08).
        extra = [dict(kind="creation-inspection", day=d) for d in ("2021-03-01", "2021-05-09")]
        dataset = build_dataset([*ledger, *extra])
        card = scorer.score(dataset, RUBRIC, as_of=date(2021, 8, 31))
        assert "2021: 3, at most 2 allowed" in english(card.item("2").findings)

    def test_a_year_without_inspection_fails_too(self, scorer: Scorer, ledger, build_dataset,
                                                 drop) -> None:
        records = drop(ledger, "creation-inspection", lambda d: d.year == 2020)
        card = scorer.score(build_dataset(records), RUBRIC, as_of=date(2021, 12, 31))
        assert card.item("2").points == pytest.approx(13)
        assert "2020: 0 of 1–2 required" in english(card.item("2").findings)
