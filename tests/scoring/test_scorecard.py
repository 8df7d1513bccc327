"""Scorecards: models, verdicts, waivers, vetoes, overlays and JSON round trips."""

from __future__ import annotations

import json

import pytest

from tests.scoring.conftest import score_card
from wenming.model.tailoring import Overlay, Waiver
from wenming.scoring import SCHEMA, Scorecard, State
from wenming.testing import DatasetBuilder

PLAN = {"type": "present", "kinds": ["work-plan"], "points": 6}
LECTURE = {"type": "frequency", "kinds": ["moral-lecture"], "per": "year", "points": 4}


def _data() -> DatasetBuilder:
    return DatasetBuilder().add("work-plan", "2020-04-20").add("moral-lecture", "2020-06-01")


def test_points_model_states_its_arithmetic():
    card = score_card(_data().build(), "2021-12-31", PLAN, LECTURE, head="pass_line = 8")
    assert card.total == 6 and card.maximum == 10 and card.nominal == 10
    assert card.arithmetic.model == "points"
    assert card.arithmetic.numerator == 6 and card.arithmetic.denominator == 10
    assert card.verdict == "fail"
    assert card.item("1").state is State.PARTIAL


@pytest.mark.parametrize(("model", "total", "maximum"), [
    ("xccdf-default", 60.0, 100.0),
    ("flat", 0.0, 10.0),
    ("flat-unweighted", 0.0, 1.0),
    ("absolute", 0.0, 1.0),
])
def test_xccdf_models(model, total, maximum):
    card = score_card(_data().build(), "2021-12-31", PLAN, LECTURE, head=f'model = "{model}"')
    assert (card.total, card.maximum) == (total, maximum)
    assert card.arithmetic.model == model


def test_verdict_scales_the_pass_line_to_what_is_due():
    data = _data().add("moral-lecture", "2021-02-01").build()
    card = score_card(data, "2021-06-30", PLAN, LECTURE, head="pass_line = 9")
    # 2021 is not over: only 2020's lecture check and the plan count (maximum 10 → all met).
    assert card.total == card.maximum == 10
    assert card.verdict == "pass"


def test_waiver_takes_the_item_out_and_says_who_and_why():
    data = DatasetBuilder().with_waiver(
        Waiver("t", "1", "文明办 某某", "no village this cycle", until=None)).build()
    item = score_card(data, "2021-12-31", PLAN).item("1")
    assert item.state is State.WAIVED
    assert item.waiver is not None and item.waiver.by == "文明办 某某"
    assert "no village" in item.findings[0].en


def test_expired_waiver_no_longer_applies():
    from datetime import date

    data = DatasetBuilder().with_waiver(
        Waiver("t", "1", "x", "y", until=date(2021, 6, 30))).build()
    assert score_card(data, "2021-12-31", PLAN).item("1").state is State.UNMET


def test_overlay_changes_weights_and_is_named():
    data = _data().with_overlay(Overlay("t", points={"1": 20}, note="local weights")).build()
    card = score_card(data, "2021-12-31", PLAN, LECTURE)
    assert card.nominal == 20
    assert card.item("1").points == 12  # 6 of 10 scaled to 20
    assert card.overlay == "local weights"


def test_veto_in_lookback_window_disqualifies():
    tail = ('[[vetoes]]\ncode = "V1"\ntitle = "违纪"\nkinds = ["discipline-violation"]\n'
            'lookback_months = 12\nconsequence = "disqualify"')
    data = _data().add("discipline-violation", "2021-03-01").build()
    card = score_card(data, "2021-12-31", PLAN, tail=tail, head="pass_line = 1")
    assert card.verdict == "fail"
    assert card.vetoes[0].evidence
    later = score_card(data, "2022-06-01", PLAN, tail=tail, head="pass_line = 1")
    assert later.vetoes == () and later.verdict == "pass"


def test_bonus_is_capped():
    tail = ('bonus_cap = 1\n' if False else '') + (
        '[[bonuses]]\ncode = "B1"\ntitle = "表彰"\npoints = 3\n'
        '[[bonuses.criteria]]\ntype = "present"\nkinds = ["commendation"]\npoints = 3')
    data = _data().add("commendation", "2021-01-05").build()
    card = score_card(data, "2021-12-31", PLAN, head="bonus_cap = 2", tail=tail)
    assert card.bonus == 2
    assert card.total == 8


def test_json_round_trip_and_schema():
    card = score_card(_data().build(), "2021-12-31", PLAN, LECTURE)
    text = card.to_json()
    data = json.loads(text)
    assert data["schema"] == SCHEMA
    assert data["items"][0]["state"] == "partial"
    assert Scorecard.from_json(text) == card
    with pytest.raises(ValueError, match="schema"):
        Scorecard.from_dict({**data, "schema": "other/9"})


def test_scorecard_names_rubric_and_data_hashes():
    card = score_card(_data().build(), "2021-12-31", PLAN)
    assert len(card.rubric_hash) == 64 and len(card.dataset_hash) == 64
    again = score_card(_data().build(), "2021-12-31", PLAN)
    assert again.dataset_hash == card.dataset_hash
    other = score_card(_data().add("work-plan", "2021-01-01").build(), "2021-12-31", PLAN)
    assert other.dataset_hash != card.dataset_hash


def test_gain_if_fixed_reapplies_the_credit_rule():
    data = DatasetBuilder().add("moral-lecture", "2020-06-01").build()
    crit = {"type": "frequency", "kinds": ["moral-lecture"], "per": "half-year", "points": 4,
            "credit": "proportional"}
    item = score_card(data, "2021-12-31", crit).item("1")
    result = item.criteria[0]
    failed = [c for c in result.checks if c.failed]
    assert len(failed) == 3 and item.points == 1
    assert result.gain_if_fixed(failed[:1]) == 1
    assert result.gain_if_fixed(failed) == 3
    all_or_nothing = score_card(data, "2021-12-31", {**crit, "credit": "all-or-nothing"})
    strict = all_or_nothing.item("1").criteria[0]
    strict_failed = [c for c in strict.checks if c.failed]
    assert strict.gain_if_fixed(strict_failed[:1]) == 0  # honest: one fix alone earns nothing
    assert strict.gain_if_fixed(strict_failed) == 4
    assert result.kinds == ("moral-lecture",)
