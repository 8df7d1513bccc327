"""Rubrics side by side: totals, areas, evidence use and disagreements by kind."""

from __future__ import annotations

import pytest

from tests.reports import support
from wenming.reports import Comparison, build_comparison
from wenming.scoring import Scorer, State
from wenming.testing import DatasetBuilder


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return build_comparison(support.cards(), support.dataset())


def test_totals_and_verdicts_per_rubric(comparison):
    by_id = {r.rubric_id: r for r in comparison.rubrics}
    assert comparison.rubric_ids == ("prov", "city")
    # prov: 0 + 6 + 2 + 2 of 20; city: 0 + 0 + 5 of 20 due (the manual item leaves the maximum)
    assert (by_id["prov"].total, by_id["prov"].maximum, by_id["prov"].nominal) == (10, 20, 20)
    assert (by_id["city"].total, by_id["city"].maximum, by_id["city"].nominal) == (5, 20, 30)
    assert by_id["prov"].verdict == by_id["city"].verdict == "fail"
    assert [(a.code, a.points, a.maximum) for a in by_id["prov"].areas] == [
        ("A", 6, 10), ("B", 4, 10)]


def test_which_records_count_in_which_rubric(comparison):
    # city's timeliness item counts every record; prov only lectures and the festival
    assert comparison.evidence_use["F1"] == ("prov", "city")
    assert comparison.evidence_use["L2"] == ("prov", "city")
    assert comparison.evidence_use["G1"] == ("city",)
    assert comparison.single_use() == {"G1": "city", "M1": "city"}
    assert set(comparison.shared()) == {"L1", "L2", "L3", "F1"}
    assert comparison.evidence_kinds["G1"] == "leading-group-establishment"
    assert comparison.unused == ()


def test_kinds_met_in_one_rubric_but_not_another(comparison):
    kinds = {k.kind: k for k in comparison.kinds}
    lecture = kinds["moral-lecture"]
    # prov: frequency met + coverage partial; city: the 2020 lecture is present
    assert lecture.states == {"prov": State.PARTIAL, "city": State.MET}
    assert lecture.divergent and lecture.met_in == ("city",) and lecture.short_in == ("prov",)
    festival = kinds["festival-activity"]
    assert festival.states == {"prov": State.PARTIAL, "city": State.UNMET}
    assert not festival.divergent
    assert kinds["work-plan"].states == {"prov": State.UNMET}
    assert [k.kind for k in comparison.divergent()] == ["moral-lecture"]


def test_records_after_the_as_of_date_are_unused():
    data = (DatasetBuilder()
            .add("moral-lecture", "2020-05-10", id="L1")
            .add("moral-lecture", "2021-11-20", id="LATE")
            .build())
    cards = Scorer(support.host()).score_all(data, ["prov", "city"], support.AS_OF)
    comparison = build_comparison(cards, data)
    assert comparison.unused == ("LATE",)
    assert "LATE" not in comparison.evidence_use


def test_a_kind_met_only_by_other_kinds_is_not_shown_as_met():
    # municipal-plan's volunteer criterion takes volunteer service or eco outreach: the west
    # sub-bureau's card is met by kinds it has, not by those it never recorded.
    from datetime import date
    from pathlib import Path

    from wenming import PluginHost, load_dataset
    from wenming.reports.compare import NO_RECORD

    host = PluginHost()
    example = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
    data = load_dataset(example, vocabulary=host.vocabulary())
    cards = Scorer(host).score_all(data, ["municipal-plan"], date(2021, 12, 31), unit="west")
    comparison = build_comparison(cards, data)
    kinds = {k.kind: k for k in comparison.kinds}
    counted = set(comparison.evidence_kinds.values())
    unrecorded = [k for k in comparison.kinds if k.unrecorded("municipal-plan")]
    assert len(unrecorded) >= 3
    for entry in unrecorded:
        assert entry.kind not in counted and entry.records["municipal-plan"] == 0
        assert entry.states["municipal-plan"] is State.MET  # the criterion is met …
        assert entry.shown("municipal-plan") == NO_RECORD  # … but not by this kind
        assert "municipal-plan" not in entry.met_in and not entry.divergent
    met = next(k for k in comparison.kinds if k.shown("municipal-plan") == State.MET.label)
    assert met.kind in counted and met.records["municipal-plan"] > 0
    assert kinds[unrecorded[0].kind].shown("provincial-18") is None
