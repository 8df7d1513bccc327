"""One behavioural test per criterion: every requirement of the seed, taken away on its own.

Each case starts from the complete two-year ledger (100 points), removes, moves
or changes only the evidence of one criterion, and checks that exactly that
criterion's share is lost, that its finding says why, and that no other item
moves. The README's requirement table names these cases by criterion id
(``test_each_requirement_is_scored_on_its_own[<id>]``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import takewhile
from typing import Any

import pytest

from wenming.plugins import PluginHost
from wenming.scoring import Scorer

RUBRIC = "provincial-18"
AS_OF = date(2021, 12, 31)
Records = list[dict[str, Any]]


def move_out(kind: str) -> Callable[[Records], Records]:
    """The kind's records re-dated before the campaign began (December 2019)."""
    def change(records: Records) -> Records:
        return [{**r, "day": "2019-12-15"} if r["kind"] == kind else r for r in records]
    return change


def drop_where(kind: str, when: Callable[[date], bool]) -> Callable[[Records], Records]:
    def change(records: Records) -> Records:
        return [r for r in records
                if not (r["kind"] == kind and when(date.fromisoformat(str(r["day"]))))]
    return change


def in_year(year: int) -> Callable[[date], bool]:
    return lambda d: d.year == year


def add(*extra: dict[str, Any]) -> Callable[[Records], Records]:
    return lambda records: [*records, *extra]


def rescore(ref: str, score: float) -> Callable[[Records], Records]:
    def change(records: Records) -> Records:
        return [{**r, "score": score} if r.get("refs") == (ref,) else r for r in records]
    return change


def amount_in(year: int, amount: float) -> Callable[[Records], Records]:
    def change(records: Records) -> Records:
        return [{**r, "amount": amount}
                if r["kind"] == "creation-spending" and str(r["day"]).startswith(str(year))
                else r for r in records]
    return change


#: criterion id -> (change to the complete ledger, points lost, words in its finding)
CASES: dict[str, tuple[Callable[[Records], Records], float, str]] = {
    "1.c1": (drop_where("party-group-civilization-study", in_year(2020)), 1, "2020: 0 of 1"),
    "1.c2": (drop_where("concurrent-deployment", in_year(2021)), 1, "2021: 0 of 1"),
    "1.c3": (move_out("leader-civilization-lecture"), 2, "Unmet (0 of 1"),
    "2.c1": (move_out("leading-group-establishment"), 1, "Unmet (0 of 1"),
    "2.c2": (move_out("person-in-charge-designation"), 1, "Unmet (0 of 1"),
    "2.c3": (move_out("work-plan"), 1, "Unmet (0 of 1"),
    "2.c4": (move_out("target-decomposition"), 1, "Unmet (0 of 1"),
    "2.c5": (move_out("mobilisation-meeting"), 1, "Unmet (0 of 1"),
    "2.c6": (move_out("leader-mobilisation-speech"), 1, "Unmet (0 of 1"),
    "2.c7": (move_out("website-column"), 1, "Unmet (0 of 1"),
    "2.c8": (amount_in(2021, 99_999.0), 1, "¥100,000.00 → ¥99,999.00, not rising"),
    "2.c12": (amount_in(2020, 0.0), 0.5, "2020: ¥0.00 spent, no creation funding"),
    "2.c9": (drop_where("target-assessment-inclusion", in_year(2020)), 1, "2020: 0 of 1"),
    "2.c10": (add(dict(kind="creation-inspection", day="2021-03-01"),
                  dict(kind="creation-inspection", day="2021-10-09")),
              1, "2021: 3, at most 2 allowed"),
    "2.c11": (drop_where("inspection-circular", in_year(2021)), 0.5, "2021: 0 of 1"),
    "3.c1": (drop_where("central-group-study", lambda d: d == date(2021, 5, 15)),
             0.5, "2021 Q2: 0 of 1"),
    "3.c2": (drop_where("theory-lecture", in_year(2020)), 1, "2020: 0 of 1"),
    "3.c3": (move_out("theme-education"), 2, "Unmet (0 of 1"),
    "4.c1": (move_out("education-venue"), 1, "Unmet (0 of 1"),
    "4.c2": (move_out("party-oath-ceremony"), 2, "Unmet (0 of 1"),
    "4.c3": (move_out("party-political-birthday"), 2, "Unmet (0 of 1"),
    "5.c1": (move_out("role-model-selection"), 2, "Unmet (0 of 1"),
    "5.c2": (move_out("grassroots-eco-worker"), 1, "Unmet (0 of 1"),
    "5.c3": (move_out("messaging-group-publicity"), 2, "Unmet (0 of 1"),
    "6.c1": (drop_where("moral-lecture", lambda d: d == date(2020, 9, 20)),
             1.5, "2020 H2: 0 of 1"),
    "7.c1": (move_out("etiquette-education"), 2, "Unmet (0 of 1"),
    "8.c1": (move_out("frugality-rules"), 1, "Unmet (0 of 1"),
    "8.c2": (move_out("resource-saving-campaign"), 1, "Unmet (0 of 1"),
    "8.c3": (move_out("clean-plate-campaign"), 2, "Unmet (0 of 1"),
    "8.c4": (move_out("frugal-person-selection"), 1, "Unmet (0 of 1"),
    "9.c1": (move_out("civilized-customs-plan"), 1, "Unmet (0 of 1"),
    "9.c2": (move_out("moral-signage"), 1, "Unmet (0 of 1"),
    "9.c3": (move_out("online-volunteer-group"), 1, "Unmet (0 of 1"),
    "9.c4": (move_out("network-civilization"), 1, "Unmet (0 of 1"),
    "9.c5": (move_out("most-beautiful-family"), 1, "Unmet (0 of 1"),
    "9.c6": (move_out("family-values-activity"), 1, "Unmet (0 of 1"),
    "10.c1": (drop_where("lei-feng-plan", in_year(2021)), 1, "2021: 0 of 1"),
    "10.c2": (move_out("lei-feng-team-establishment"), 1, "Unmet (0 of 1"),
    "10.c3": (drop_where("lei-feng-activity", in_year(2020)), 1.5, "2020: 0 of 1"),
    "11.c1": (drop_where("lead-the-way-culture-plan", in_year(2020)), 1, "2020: 0 of 1"),
    "11.c2": (move_out("lead-the-way-culture-activity"), 2, "Unmet (0 of 1"),
    "12.c1": (drop_where("festival-plan", in_year(2021)), 1, "2021: 0 of 1"),
    "12.c2": (drop_where("festival-activity", lambda d: d == date(2020, 6, 25)),
              1, "Dragon Boat Festival 2020: 0 of 1"),
    "13.c1": (drop_where("culture-sports-plan", in_year(2020)), 0.5, "2020: 0 of 1"),
    "13.c2": (move_out("fitness-facility-addition"), 1, "Unmet (0 of 1"),
    "13.c3": (drop_where("sports-activity", lambda d: d == date(2020, 11, 15)),
              0.25, "2020 Q4: 0 of 1"),
    "13.c4": (move_out("song-dance-gathering"), 1, "Unmet (0 of 1"),
    "13.c5": (move_out("photography-contest"), 1, "Unmet (0 of 1"),
    "13.c6": (move_out("calligraphy-contest"), 1, "Unmet (0 of 1"),
    "14.c1": (move_out("office-environment-plan"), 1, "Unmet (0 of 1"),
    "14.c2": (move_out("corridor-culture"), 1, "Unmet (0 of 1"),
    "14.c3": (rescore("office-tidiness", 50.0), 1, "office-tidiness: assessed at 50%"),
    "14.c4": (rescore("no-smoking", 0.0), 1, "no-smoking: assessed at 0%"),
    "14.c5": (rescore("orderly-parking", 80.0), 0.2, "orderly-parking: assessed at 80%"),
    "15.c1": (drop_where("tree-planting", in_year(2021)), 1, "2021: 0 of 1"),
    "16.c1": (move_out("quality-service-plan"), 1, "Unmet (0 of 1"),
    "16.c2": (move_out("service-norms"), 1, "Unmet (0 of 1"),
    "16.c3": (move_out("satisfied-civil-servant"), 1, "Unmet (0 of 1"),
    "16.c4": (move_out("commendation"), 1, "Unmet (0 of 1"),
    "17.c1": (move_out("pairing-assistance-plan"), 1, "Unmet (0 of 1"),
    "17.c2": (move_out("village-pairing-visit"), 1, "Unmet (0 of 1"),
    "17.c3": (move_out("micro-wish"), 1, "Unmet (0 of 1"),
    "18.c1": (move_out("integrity-service-activity"), 2, "Unmet (0 of 1"),
    "18.c2": (move_out("integrity-mechanism"), 1, "Unmet (0 of 1"),
}


def test_every_criterion_has_a_case(host: PluginHost) -> None:
    ids = [c.id for item in host.rubrics()[RUBRIC].items() for c in item.criteria]
    assert sorted(ids) == sorted(CASES)


@pytest.mark.parametrize("criterion_id", list(CASES))
def test_each_requirement_is_scored_on_its_own(criterion_id: str, scorer: Scorer, ledger,
                                               build_dataset) -> None:
    change, lost, words = CASES[criterion_id]
    card = scorer.score(build_dataset(change(ledger)), RUBRIC, as_of=AS_OF)
    code = criterion_id.partition(".")[0]
    item = card.item(code)
    result = next(c for c in item.criteria if c.id == criterion_id)
    assert result.points == pytest.approx(result.maximum - lost)
    assert item.points == pytest.approx(item.nominal - lost)
    assert card.total == pytest.approx(100 - lost)
    label = result.label.en if result.label else ""
    lines = [f.en for f in item.findings]
    start = lines.index(next(line for line in lines if line.startswith(label + ":")))
    # The words sit on the criterion's own line or on one of its open checks below it.
    own = [lines[start], *takewhile(lambda line: line.startswith("  · "), lines[start + 1:])]
    assert any(words in line for line in own), own
    others = {c: i.points for c, i in card.items.items() if c != code}
    assert all(points == pytest.approx(card.item(c).nominal) for c, points in others.items())


def test_a_grassroots_lecture_is_not_a_leaders_lead(scorer: Scorer, ledger, build_dataset,
                                                    drop) -> None:
    # The same day, the lecture filed as an ordinary theory lecture: item 3 is satisfied
    # already, and item 1's leader-led requirement is now missing.
    records = [*drop(ledger, "leader-civilization-lecture"),
               dict(kind="theory-lecture", day="2020-06-10")]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("1").points == pytest.approx(4)
    assert card.item("3").points == pytest.approx(8)
    assert any("Leaders lead study and lectures on civilization work: Unmet" in f.en
               for f in card.item("1").findings)


def test_a_leaders_lecture_is_not_a_grassroots_theory_lecture(scorer: Scorer, ledger,
                                                              build_dataset, drop) -> None:
    records = [*drop(ledger, "theory-lecture", lambda d: d.year == 2021),
               dict(kind="leader-civilization-lecture", day="2021-07-08")]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("1").points == pytest.approx(6)
    assert card.item("3").points == pytest.approx(7)
    assert any("2021: 0 of 1 required" in f.en for f in card.item("3").findings)
