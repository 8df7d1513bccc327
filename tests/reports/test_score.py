"""The score report model and its unit × item heat map."""

from __future__ import annotations

from tests.reports import support
from wenming.model import Label
from wenming.reporters import as_report
from wenming.reports import ScoreReport, heat_map


def test_score_report_of_a_dataset_carries_names_and_gaps():
    report = ScoreReport.of(support.cards(), support.dataset())
    assert [c.rubric_id for c in report.cards] == ["prov", "city"]
    assert report.as_of == support.AS_OF
    assert report.dataset_title == Label("测试创建活动", "Test campaign")
    assert report.unit_name("west") == Label("西区分局", "West sub-bureau")
    assert report.gaps is not None and report.gaps.gaps[0].rubrics == ("prov", "city")


def test_plain_scorecards_become_a_score_report():
    cards = support.cards()
    report = as_report(cards)
    assert isinstance(report, ScoreReport)
    assert report.cards == tuple(cards) and report.gaps is None
    gaps = report.gap_list()
    assert gaps.total_gain() == {"prov": 0.0, "city": 0.0}  # every window has closed
    assert gaps.total_lost() == {"prov": 10.0, "city": 15.0}
    assert as_report(cards[0]).cards == (cards[0],)


def test_heat_map_counts_each_units_checks():
    prov, city = support.cards()
    coverage = heat_map(prov)
    assert [code for code, _ in coverage.items] == ["4"]  # the only per-unit item
    assert coverage.cells[("east", "4")] == (1, 1)
    assert coverage.cells[("west", "4")] == (0, 1)
    assert coverage.share("west", "4") == 0.0 and coverage.share("hq", "4") is None
    assert coverage.units[:3] == ("hq", "east", "west")
    filing = heat_map(city)
    # hq has five records (G1 M1 L1 L3 F1), L3 filed late; east has L2
    assert filing.cells[("hq", "2")] == (4, 5)
    assert filing.cells[("east", "2")] == (1, 1)


def test_heat_map_counts_an_assessed_check_by_its_score():
    from tests.scoring.conftest import one_item_rubric
    from wenming.reports.score import heat_map
    from wenming.testing import DatasetBuilder, RubricPlugin, score

    data = DatasetBuilder().add("onsite-assessment", "2021-05-01", unit="east", score=90,
                                refs=["tidy"]).build()
    card = score(data, "t", "2021-12-31", RubricPlugin(one_item_rubric(
        [{"type": "attested", "ref": "tidy", "points": 2}])))
    assert heat_map(card).share("east", "1") == 0.9
