"""Why a record did not count: the reasons on unmet checks (#19)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import attrs

from tests.scoring.conftest import one_item_rubric, score_card
from wenming.dataset import Dataset
from wenming.scoring import Check, Scorecard
from wenming.scoring.checks import CAUSES
from wenming.scoring.reasons import MAX_REASONS, NEAR_DAYS
from wenming.testing import DatasetBuilder, RubricPlugin, score

VOLUNTEER = {"type": "frequency", "kinds": ["volunteer-service"], "per": "quarter",
             "tags": ["志愿服务"], "points": 4, "window": "2021.01-2021.06"}


def tagged(builder: DatasetBuilder, tags: dict[str, Iterable[str]]) -> Dataset:
    """The builder's dataset with ``tags`` given to the records of those ids."""
    data = builder.build()
    records = [attrs.evolve(r, tags=tuple(tags.get(r.id, r.tags))) for r in data.evidence]
    return Dataset.build(data.campaign, data.units, records, data.vocabulary)


def checks_of(card: Scorecard) -> list[Check]:
    return [c for r in card.item("1").criteria for c in r.checks]


def only_reasons(card: Scorecard) -> dict[str, tuple[str, ...]]:
    """Each listed record's causes, over the item's checks."""
    return {r.evidence: r.causes for c in checks_of(card) for r in c.reasons}


def test_a_record_without_the_required_tag_is_named_with_the_tag():
    data = tagged(DatasetBuilder().add("volunteer-service", "2021-02-10", id="V1")
                  .add("volunteer-service", "2021-05-10", id="V2"), {"V2": ["志愿服务"]})
    card = score_card(data, "2021-07-31", VOLUNTEER)
    q1, q2 = checks_of(card)
    assert not q1.passed and q2.passed
    (reason,) = q1.reasons
    assert reason.evidence == "V1" and reason.causes == ("lacks-tag",)
    assert "志愿服务" in reason.text.zh and "lacks the tag 志愿服务" in reason.text.en
    assert q2.reasons == ()  # met checks carry none


def test_a_record_just_outside_the_window_says_by_how_many_days():
    data = DatasetBuilder().add("self-scoring-sheet", "2021-10-08", id="S1").build()
    card = score_card(data, "2021-12-31", {"type": "in-phase", "kinds": ["self-scoring-sheet"],
                                           "phase": "self-check", "points": 2})
    (check,) = checks_of(card)
    (reason,) = check.reasons
    assert reason.causes == ("outside-window",) and reason.days == 8
    assert "8 days after the window (2021-08-01..2021-09-30)" in reason.text.en
    assert "之后 8 天" in reason.text.zh


def test_a_record_counted_by_the_next_period_is_not_a_reason_and_far_ones_are_left_out():
    data = (DatasetBuilder().add("moral-lecture", "2020-12-28", id="L0")
            .add("moral-lecture", "2021-07-02", id="L1")
            .add("moral-lecture", "2020-10-01", id="FAR").build())
    card = score_card(data, "2021-12-31", {"type": "frequency", "kinds": ["moral-lecture"],
                                           "per": "half-year", "window": "2021.01-2021.12",
                                           "points": 4})
    h1, h2 = checks_of(card)
    assert not h1.passed and h2.passed
    # L1 counts for H2, so it is no reason for H1's shortfall (a record counts once);
    # FAR lies 92 days before the window, beyond the near margin.
    assert only_reasons(card) == {"L0": ("outside-window",)}
    assert h1.reasons[0].days == 4


def test_a_record_of_a_unit_outside_the_items_scope_is_named():
    data = DatasetBuilder().add("work-plan", "2020-05-10", unit="office", id="W1").build()
    plugin = RubricPlugin(one_item_rubric(
        [{"type": "present", "kinds": ["work-plan"], "window": "phase:preparation",
          "points": 2}], head='[defaults]\nscope = "applicant"'))
    card = score(data, "t", "2021-12-31", plugin)
    (check,) = checks_of(card)
    assert check.found == 0
    (reason,) = check.reasons
    assert reason.causes == ("unit-not-in-scope",)
    assert "General office" in reason.text.en and "办公室" in reason.text.zh


def test_below_the_participant_minimum_of_a_plugin_type():
    import wenming_rubric_example.plugin as example

    data = DatasetBuilder().add("volunteer-service", "2021-03-01", id="V1",
                                participants=12).build()
    plugin = RubricPlugin(one_item_rubric([{"type": "min-participants",
                                            "kinds": ["volunteer-service"],
                                            "participants": 20, "points": 3}]))
    card = score(data, "t", "2021-12-31", plugin, example)
    (check,) = checks_of(card)
    (reason,) = check.reasons
    assert reason.causes == ("few-participants",)
    assert "12 participants, fewer than 20" in reason.text.en


def test_a_festival_activity_labelled_for_another_festival():
    data = DatasetBuilder().add("festival-activity", "2021-06-14", id="F1",
                                festival="端午节").build()
    card = score_card(data, "2021-12-31", {"type": "festivals", "festivals": ["端午节", "中秋节"],
                                           "window": "2021.06-2021.09", "points": 2})
    dragon, autumn = checks_of(card)
    assert dragon.passed and not autumn.passed
    assert only_reasons(card) == {}  # F1 counted for 端午, and 中秋 is far away
    data = DatasetBuilder().add("festival-activity", "2021-09-20", id="F2",
                                festival="端午节").build()
    card = score_card(data, "2021-12-31", {"type": "festivals", "festivals": ["端午节", "中秋节"],
                                           "window": "2021.06-2021.09", "points": 2})
    _, autumn = checks_of(card)
    (reason,) = autumn.reasons
    assert reason.causes == ("other-festival",)
    assert "Dragon Boat" in reason.text.en


def test_a_late_filed_record_carries_its_reason():
    data = DatasetBuilder().add("moral-lecture", "2021-03-01", id="L1",
                                filed="2021-05-10").build()
    card = score_card(data, "2021-12-31", {"type": "timeliness", "kinds": ["moral-lecture"],
                                           "within_days": 30, "points": 2})
    (check,) = [c for c in checks_of(card) if not c.passed]
    (reason,) = check.reasons
    assert reason.causes == ("filed-late",) and reason.days == 70


def test_reasons_are_bounded_with_a_count_of_the_rest():
    builder = DatasetBuilder()
    for n in range(MAX_REASONS + 3):
        builder.add("volunteer-service", f"2021-02-{n + 1:02d}", id=f"V{n}")
    card = score_card(tagged(builder, {}), "2021-07-31", VOLUNTEER)
    q1 = checks_of(card)[0]
    assert len(q1.reasons) == MAX_REASONS and q1.reasons_more == 3
    # The nearest first: all are inside the window, so by date.
    assert [r.evidence for r in q1.reasons] == [f"V{n}" for n in range(MAX_REASONS)]


def test_records_beyond_the_near_margin_or_after_the_as_of_date_are_not_listed():
    data = (DatasetBuilder().add("self-scoring-sheet", "2021-07-01", id="EARLY")
            .add("self-scoring-sheet", "2021-10-05", id="LATER").build())
    card = score_card(data, "2021-10-01", {"type": "in-phase", "kinds": ["self-scoring-sheet"],
                                           "phase": "self-check", "points": 2})
    (check,) = checks_of(card)
    assert check.reasons == ()  # EARLY is 31 days before; LATER is after the as-of date
    assert NEAR_DAYS == 30


def test_the_json_scorecard_has_the_field_only_where_it_says_something():
    data = tagged(DatasetBuilder().add("volunteer-service", "2021-02-10", id="V1")
                  .add("volunteer-service", "2021-05-10", id="V2"), {"V2": ["志愿服务"]})
    card = score_card(data, "2021-07-31", VOLUNTEER)
    text = card.to_json()
    checks: list[dict[str, Any]] = json.loads(text)["items"][0]["criteria"][0]["checks"]
    assert checks[0]["reasons"] == [{
        "evidence": "V1", "date": "2021-02-10", "causes": ["lacks-tag"],
        "text": {"zh": "缺少标签「志愿服务」", "en": "lacks the tag 志愿服务"}, "days": None}]
    assert checks[0]["reasons_more"] == 0
    assert "reasons" not in checks[1] and "reasons_more" not in checks[1]
    assert "start" not in checks[0]
    assert Scorecard.from_json(text) == card


def test_every_cause_a_reason_can_give_is_documented():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "scoring.md").read_text("utf-8")
    for code in CAUSES:
        assert f"`{code}`" in doc
    assert f"at most {MAX_REASONS} reasons" in doc.lower() and f"within {NEAR_DAYS} days" in doc


def test_the_terminal_and_html_findings_say_why_under_the_item():
    from html.parser import HTMLParser

    from wenming.reporters import HTML, TABLE
    from wenming.reports.score import ScoreReport

    data = tagged(DatasetBuilder().add("volunteer-service", "2021-02-10", id="V1")
                  .add("volunteer-service", "2021-05-10", id="V2"), {"V2": ["志愿服务"]})
    card = score_card(data, "2021-07-31", VOLUNTEER)
    report = ScoreReport.of([card], data)
    text = TABLE.render(report, lang="en", width=400)
    lines = [line.strip() for line in text.splitlines()]
    # Right under the check's own line.
    at = next(i for i, line in enumerate(lines) if "2021 Q1: 0 of 1 required" in line)
    assert "not counted: V1 (2021-02-10): lacks the tag 志愿服务" in lines[at + 1]
    assert "未计入：V1（2021-02-10）：缺少标签「志愿服务」" in \
        TABLE.render(report, lang="zh", width=400)

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.chunks: list[str] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    parser = Text()
    parser.feed(HTML.render(report, lang="en"))
    assert any("not counted: V1 (2021-02-10): lacks the tag 志愿服务" in c
               for c in parser.chunks)
