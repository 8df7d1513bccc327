"""The bundled example, scored by every installed rubric from the very same files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wenming import PluginHost, Scorer, State, load_dataset
from wenming.scoring import Scorecard

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
RUBRICS = ("municipal-plan", "provincial-18")


@pytest.fixture(scope="module")
def host() -> PluginHost:
    host = PluginHost()
    missing = [r for r in RUBRICS if r not in host.rubrics()]
    if missing:
        pytest.skip(f"rubric plugins not installed: {missing} (run `make setup`)")
    return host


@pytest.fixture(scope="module")
def cards(host: PluginHost) -> dict[str, Scorecard]:
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    return {c.rubric_id: c for c in Scorer(host).score_all(data, as_of=date(2021, 12, 31))}


def test_both_rubrics_score_the_same_files(cards):
    assert set(cards) >= set(RUBRICS)
    assert cards["municipal-plan"].dataset_hash == cards["provincial-18"].dataset_hash


def test_one_duanwu_record_counts_in_both_scorecards(cards, host):
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    duanwu = {r.id for r in data.evidence if r.festival == "duanwu"}
    assert duanwu
    municipal = set(cards["municipal-plan"].item("T6").evidence)
    provincial = set(cards["provincial-18"].item("12").evidence)
    assert duanwu & municipal & provincial


def test_every_item_shows_findings(cards):
    for card in cards.values():
        for item in card.items.values():
            assert item.findings, (card.rubric_id, item.code)


def test_the_documented_shortfalls_show(cards):
    provincial, municipal = cards["provincial-18"], cards["municipal-plan"]
    assert any("2021 H2" in f.en for f in provincial.item("6").findings)
    assert any("Sanyuesan 2021" in f.en for f in provincial.item("12").findings)
    # No no-smoking assessment: its 1 point is pending, apart from the item's scored part.
    assert provincial.item("14").manual_points == 1
    assert provincial.item("14").state is State.PARTIAL
    assert provincial.item("17").state is State.WAIVED
    failed_units = {c.unit for r in municipal.item("T5").criteria for c in r.checks if c.failed}
    assert "north" in failed_units
    assert municipal.item("P4").state is not State.MET  # self-scoring sheet a week late
    assert municipal.item("S3").state is State.PARTIAL  # west's 2021 summary missing


def test_mid_campaign_later_phases_are_not_yet_due(host):
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    card = Scorer(host).score(data, "municipal-plan", as_of=date(2021, 3, 31))
    for code in ("P4", "P5", "P6"):
        assert card.item(code).state is State.NOT_YET_DUE
    assert card.maximum < card.nominal
