"""What if and the planner: projections are re-scorings, never estimates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.reports.progress_support import RUBRICS, example
from wenming.dataset import Dataset
from wenming.errors import DatasetError
from wenming.reporters import JSON, MARKDOWN, TABLE
from wenming.reports.plan import (
    PlanError,
    build_plan,
    build_what_if,
    known_by,
    load_records,
    with_records,
)

HEADER = "编号,单位,类别,日期,标题,归档日期\n"


def _ledger(tmp_path: Path, rows: str, name: str = "extra.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_what_if_shows_the_difference_and_leaves_the_dataset_alone(tmp_path):
    scorer, dataset = example()
    before = len(dataset)
    ledger = _ledger(tmp_path, "WI-1,办公室,道德讲堂,2021-12-10,补开道德讲堂,2021-12-11\n")
    records = load_records(ledger, dataset)
    assert [(r.id, r.unit, r.kind) for r in records] == [("WI-1", "office", "moral-lecture")]
    report = build_what_if(scorer, dataset, records, date(2021, 12, 31), RUBRICS)
    assert len(dataset) == before
    changes = {c.rubric_id: c for c in report.rubrics}
    assert changes["example"].delta == 1 and changes["provincial-18"].delta == 1.5
    assert changes["municipal-plan"].delta == 0 and not changes["municipal-plan"].items
    item = changes["example"].items[0]
    assert (item.code, item.state_before.value, item.state_after.value) == ("2", "partial",
                                                                          "met")
    # The same as scoring the dataset with the records by hand.
    cards = scorer.score_all(with_records(dataset, records), RUBRICS, date(2021, 12, 31))
    assert [c.total for c in cards] == [c.after.total for c in report.rubrics]
    data = json.loads(JSON.render(report))
    assert data["schema"] == "wenming.what-if/1" and data["records"] == ["WI-1"]


def test_what_if_jsonl_records(tmp_path):
    _, dataset = example()
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "WI-2", "unit": "office", "kind": "moral-lecture", '
                    '"date": "2021-12-10", "filed": "2021-12-10"}\n', encoding="utf-8")
    assert [r.id for r in load_records(path, dataset)] == ["WI-2"]


def test_bad_hypothetical_records_are_located(tmp_path):
    _, dataset = example()
    ledger = _ledger(tmp_path, "WI-1,nobody,道德讲堂,2021-13-40,x,\n"
                               "E-2020-0001,办公室,道德讲堂,2021-12-10,dup,\n")
    with pytest.raises(DatasetError) as caught:
        load_records(ledger, dataset)
    text = str(caught.value)
    assert "extra.csv" in text and "2021-13-40" in text and "nobody" in text
    with pytest.raises(DatasetError) as caught:
        load_records(_ledger(tmp_path, "E-2020-0001,办公室,道德讲堂,2021-12-10,dup,\n",
                             "dup.csv"), dataset)
    assert "E-2020-0001" in str(caught.value) and "dup.csv" in str(caught.value)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a ledger", encoding="utf-8")
    with pytest.raises(DatasetError, match="unsupported"):
        load_records(text_file, dataset)


def _projection_is_exact(scorer, dataset: Dataset, plan) -> None:
    # Independent of the planner: the records known on the as-of date, the proposed ones,
    # one scoring as of the target date.
    known = [r for r in dataset.evidence if r.date <= plan.as_of]
    rebuilt = Dataset.build(dataset.campaign, dataset.units, [*known, *plan.records],
                            dataset.vocabulary, waivers=dataset.waivers,
                            overlays=dataset.overlays.values())
    cards = scorer.score_all(rebuilt, RUBRICS, plan.by)
    assert [(c.rubric_id, c.total, c.maximum, c.verdict) for c in cards] == \
        [(c.rubric_id, c.total, c.maximum, c.verdict) for c in plan.after]


@pytest.mark.parametrize(("as_of", "by"), [(date(2021, 4, 15), date(2021, 11, 15)),
                                           (date(2021, 9, 1), date(2021, 12, 31))])
def test_the_full_plan_projects_exactly_what_scoring_gives(as_of, by):
    scorer, dataset = example()
    plan = build_plan(scorer, dataset, as_of, by, "full", RUBRICS)
    assert plan.activities
    _projection_is_exact(scorer, dataset, plan)
    for before, after in zip(plan.before, plan.after, strict=True):
        assert after.total >= before.total
    assert sum(a.total for a in plan.after) > sum(b.total for b in plan.before)
    for activity in plan.activities:
        # Never a closed window: every record is dated between the as-of and target dates.
        assert as_of <= activity.deadline <= by
        assert all(as_of <= r.date <= by and r.filed == r.date for r in activity.records)
    ids = [r.id for r in plan.records]
    assert len(ids) == len(set(ids)) and not set(ids) & set(dataset.store.ids)


def test_the_pass_plan_stops_once_every_rubric_passes():
    scorer, dataset = example()
    as_of, by = date(2021, 9, 1), date(2021, 12, 31)
    plan = build_plan(scorer, dataset, as_of, by, "pass", RUBRICS)
    assert any(c.verdict == "fail" for c in plan.before)
    assert plan.reached() and all(c.verdict == "pass" for c in plan.after)
    full = build_plan(scorer, dataset, as_of, by, "full", RUBRICS)
    assert 0 < len(plan.activities) < len(full.activities)
    # Best combined gain first.
    gains = [a.combined_gain for a in full.activities]
    assert gains == sorted(gains, reverse=True)
    _projection_is_exact(scorer, dataset, plan)
    # One fewer activity would not pass: the plan is not padded.
    shorter = with_records(known_by(dataset, as_of),
                           [r for a in plan.activities[:-1] for r in a.records])
    assert any(c.verdict != "pass" for c in scorer.score_all(shorter, RUBRICS, by))


def test_closed_windows_are_lost_not_proposed():
    scorer, dataset = example()
    as_of = date(2021, 9, 1)
    plan = build_plan(scorer, dataset, as_of, date(2021, 12, 31), "full", RUBRICS)
    # The 2021 Sanyuesan window closed on 21 April: lost, with its point.
    sanyuesan = [e for e in plan.lost if "Sanyuesan" in e.what.en]
    assert sanyuesan and sanyuesan[0].gains == {"provincial-18": 1.0}
    assert sanyuesan[0].deadline is not None and sanyuesan[0].deadline < as_of
    assert not any("Sanyuesan" in a.what.en for a in plan.activities)
    assert all(e.combined > 0 for e in plan.lost)
    assert plan.lost_total()["provincial-18"] >= 1.0


def test_records_after_the_as_of_date_are_not_taken_as_done():
    scorer, dataset = example()
    as_of = date(2021, 4, 15)
    plan = build_plan(scorer, dataset, as_of, date(2021, 11, 15), "full", RUBRICS)
    # The real ledgers hold the 2021 H1 moral lecture; as of mid-April it is still to do.
    assert any(a.kind == "moral-lecture" and a.deadline == date(2021, 6, 30)
               for a in plan.activities)


def test_plan_errors_and_rendering():
    scorer, dataset = example()
    with pytest.raises(PlanError):
        build_plan(scorer, dataset, date(2021, 9, 1), date(2021, 8, 1))
    with pytest.raises(PlanError):
        build_plan(scorer, dataset, date(2021, 9, 1), date(2021, 12, 1), "perfect")
    plan = build_plan(scorer, dataset, date(2021, 9, 1), date(2021, 12, 31), "pass", RUBRICS)
    data = json.loads(JSON.render(plan))
    assert data["schema"] == "wenming.plan/1" and data["reached"] is True
    assert [a["rank"] for a in data["activities"]] == list(range(1, len(plan.activities) + 1))
    assert "## " in MARKDOWN.render(plan, lang="zh")
    assert "2021-12-31" in TABLE.render(plan, lang="en", width=140)
