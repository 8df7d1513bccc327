"""Item 2's funding: spending rising year on year (1 point) and funding assured (1 point).

``funding-rising`` compares like months of neighbouring campaign years;
``funding-every-year`` wants more than ¥0 in every campaign year. Both are
proportional: one check per year pair, one per year.
"""

from __future__ import annotations

from datetime import date

import pytest

from wenming.scoring import Scorer, State
from wenming.scoring.scorecard import CriterionResult
from wenming.testing import DatasetBuilder

RUBRIC = "provincial-18"
AS_OF = date(2021, 12, 31)


def english(findings) -> str:
    return "\n".join(f.en for f in findings)


def spending(*rows: tuple[str, float | None]) -> list[dict[str, object]]:
    return [dict(kind="creation-spending", day=day,
                 **({} if amount is None else {"amount": amount})) for day, amount in rows]


def criterion(card, type_name: str) -> CriterionResult:
    return next(c for c in card.item("2").criteria if c.type == type_name)


def score(scorer: Scorer, ledger, build_dataset, drop, *rows: tuple[str, float | None],
          window: str = "2020.01-2021.12", as_of: date = AS_OF):
    records = [*drop(ledger, "creation-spending"), *spending(*rows)]
    builder = DatasetBuilder(window=window)
    return scorer.score(build_dataset(records, builder=builder), RUBRIC, as_of=as_of)


class TestRising:
    def test_spending_that_falls_loses_the_rising_point(self, scorer, ledger, build_dataset,
                                                        drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", 120_000.0),
                     ("2021-05-01", 50_000.0), ("2021-11-01", 40_000.0))
        item = card.item("2")
        # 120 000 in 2020, 90 000 in 2021: the only pair falls; funding is assured both years.
        assert (item.state, item.points) == (State.PARTIAL, pytest.approx(13))
        assert criterion(card, "funding-rising").points == 0
        assert ("2020→2021: whole years: ¥120,000.00 → ¥90,000.00, not rising"
                in english(item.findings))

    def test_equal_spending_is_not_rising(self, scorer, ledger, build_dataset, drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", 80_000.0),
                     ("2021-05-01", 80_000.0))
        assert card.item("2").points == pytest.approx(13)

    def test_rising_spending_earns_the_point(self, scorer, ledger, build_dataset, drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", 80_000.0),
                     ("2021-05-01", 80_000.5))
        assert card.item("2").points == pytest.approx(14)

    def test_a_short_first_year_is_compared_on_like_months(self, scorer, ledger,
                                                           build_dataset, drop) -> None:
        # Campaign from April 2020: 2020 has April–December only. 2021's January–March
        # money is left out of the comparison, so 90 000 → 80 000 is falling even though
        # the whole of 2021 (130 000) beats 2020's nine months.
        card = score(scorer, ledger, build_dataset, drop, ("2020-06-01", 90_000.0),
                     ("2021-02-01", 50_000.0), ("2021-06-01", 80_000.0),
                     window="2020.04-2021.12")
        rising = criterion(card, "funding-rising")
        assert rising.points == 0
        assert ("2020→2021: like months (Apr–Dec): ¥90,000.00 → ¥80,000.00, not rising"
                in english(card.item("2").findings))
        assert any("同期（4–12月）比较" in f.zh for f in card.item("2").findings)

    def test_like_months_are_not_annualised(self, scorer, ledger, build_dataset,
                                            drop) -> None:
        # 90 000 over nine months would annualise to 120 000 and fail against 110 000;
        # compared month for month, April–December 2021 spent more than 2020 did.
        card = score(scorer, ledger, build_dataset, drop, ("2020-12-01", 90_000.0),
                     ("2021-12-01", 110_000.0), window="2020.04-2021.12")
        assert criterion(card, "funding-rising").state is State.MET
        assert criterion(card, "funding-every-year").state is State.MET

    def test_a_short_last_year_is_compared_on_its_own_months(self, scorer, ledger,
                                                             build_dataset, drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-03-01", 10_000.0),
                     ("2021-03-01", 20_000.0), ("2021-10-01", 90_000.0),
                     ("2022-03-01", 25_000.0), window="2020.01-2022.06",
                     as_of=date(2022, 6, 30))
        rising = criterion(card, "funding-rising")
        # 2020→2021 whole years rise; 2021→2022 compares January–June: 20 000 → 25 000.
        assert (rising.passed, rising.due) == (2, 2)
        notes = english(card.item("2").findings)
        assert "2021→2022" not in notes  # passed checks are not spelled out
        check = rising.checks[-1]
        assert check.note is not None
        assert check.note.en == "like months (Jan–Jun): ¥20,000.00 → ¥25,000.00, rising"


class TestFundingAssured:
    def test_nothing_in_one_year_then_one_yuan_is_not_full_marks(
            self, scorer, ledger, build_dataset, drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", 0.0),
                     ("2021-05-01", 1.0))
        item = card.item("2")
        # ¥0 → ¥1 is rising (the seed sets no floor on growth), but 2020 had no funding:
        # half of the funding point (one year of two) is lost.
        assert item.points == pytest.approx(13.5)
        assert criterion(card, "funding-rising").state is State.MET
        assert criterion(card, "funding-every-year").points == pytest.approx(0.5)
        assert "2020: ¥0.00 spent, no creation funding" in english(item.findings)
        assert any("2020年：经费 ¥0.00，无创建经费投入" in f.zh for f in item.findings)

    def test_no_spending_record_at_all_loses_both_points(self, scorer, ledger, build_dataset,
                                                         drop) -> None:
        card = score(scorer, ledger, build_dataset, drop)
        assert card.item("2").points == pytest.approx(12)
        assert criterion(card, "funding-every-year").state is State.UNMET

    def test_a_record_without_an_amount_is_not_funding(self, scorer, ledger, build_dataset,
                                                       drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", None),
                     ("2021-05-01", 5_000.0))
        assert criterion(card, "funding-every-year").points == pytest.approx(0.5)
        assert ("2020: ¥0.00 spent, no creation funding; 1 record(s) without an amount"
                in english(card.item("2").findings))

    def test_the_running_year_is_not_yet_due(self, scorer, ledger, build_dataset,
                                             drop) -> None:
        card = score(scorer, ledger, build_dataset, drop, ("2020-05-01", 5_000.0),
                     ("2021-09-01", 9_000.0), as_of=date(2021, 6, 30))
        funded = criterion(card, "funding-every-year")
        # 2021 has nothing yet and half a year to go: not a failure.
        assert (funded.state, funded.passed, funded.due) == (State.MET, 1, 1)
        assert "2021: ¥0.00 spent, no creation funding" in english(card.item("2").findings)
