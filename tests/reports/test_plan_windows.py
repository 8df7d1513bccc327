"""The planner's windows, its least plans and the attributes of its records (#19)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import attrs
import pytest

from tests.reports.progress_support import RUBRICS, example
from wenming.calendar import get_festival
from wenming.dataset import Dataset
from wenming.model import Evidence
from wenming.reports.plan import Plan, build_plan, known_by, with_records
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, RubricPlugin, make_host


def _done_on(plan: Plan, when: str) -> list[Evidence]:
    """Every proposed record, done on the first (or last) day of its activity's window."""
    return [attrs.evolve(r, date=getattr(a, when), filed=getattr(a, when))
            for a in plan.activities for r in a.records]


@pytest.mark.parametrize("rubrics", [RUBRICS, ("provincial-18",), ("municipal-plan",)])
@pytest.mark.parametrize(("as_of", "by"), [(date(2020, 9, 30), date(2021, 12, 31)),
                                           (date(2021, 3, 31), date(2021, 12, 31)),
                                           (date(2021, 6, 30), date(2021, 12, 31))])
def test_each_step_done_at_the_start_of_its_window_reaches_the_projection(as_of, by, rubrics):
    scorer, dataset = example()
    plan = build_plan(scorer, dataset, as_of, by, "full", rubrics)
    assert plan.activities
    base = known_by(dataset, as_of)
    for when in ("opens", "deadline"):
        cards = scorer.score_all(with_records(base, _done_on(plan, when)), rubrics, by)
        assert [(c.rubric_id, round(c.total, 6), c.verdict) for c in cards] == \
            [(c.rubric_id, round(c.total, 6), c.verdict) for c in plan.after], when
    for activity in plan.activities:
        assert as_of <= activity.opens <= activity.deadline <= by
    # Windows start inside their period, not at the as-of date: a quarter's activity
    # proposed in July for Q4 opens on 1 October.
    assert any(a.opens > as_of for a in plan.activities)


def test_the_examples_pass_plan_is_one_activity_for_the_rubric_below_the_bar():
    scorer, dataset = example()
    ids = ("county-example", *RUBRICS)
    if "county-example" not in scorer.rubrics:
        pytest.skip("the county rubric is not installed")
    plan = build_plan(scorer, dataset, date(2021, 9, 1), date(2021, 12, 31), "pass", ids)
    failing = {c.rubric_id for c in plan.before if c.verdict == "fail"}
    assert failing == {"municipal-plan"}
    (activity,) = plan.activities
    assert set(activity.gains) == {"municipal-plan"}
    assert plan.reached()


# -- least plans, proved by exhaustive search on small cases -------------------------
def _rubric(items: Sequence[tuple[str, dict[str, object]]], pass_line: float) -> str:
    total = sum(int(c["points"]) for _, c in items)  # type: ignore[call-overload]
    lines = ['schema = 1', 'id = "small"', 'version = "1"', 'title = "Small"',
             'level = "test"', f"total = {total}", f"pass_line = {pass_line}",
             "[[areas]]", 'code = "A"', 'title = "Area"', f"points = {total}"]
    for code, criterion in items:
        lines += ["[[areas.items]]", f'code = "{code}"', f'title = "Item {code}"',
                  f"points = {criterion['points']}", "[[areas.items.criteria]]"]
        for key, value in criterion.items():
            shown = (f'"{value}"' if isinstance(value, str)
                     else "[" + ", ".join(f'"{v}"' for v in value) + "]"
                     if isinstance(value, list) else str(value))
            lines.append(f"{key} = {shown}")
    return "\n".join(lines)


def _quarterly(kind: str, points: int, credit: str = "proportional") -> dict[str, object]:
    return {"type": "frequency", "kinds": [kind], "per": "quarter", "points": points,
            "window": "2021.01-2021.12", "credit": credit}


CASES = {
    # Item 1 needs two quarters for its points (all-or-nothing): gains that add up only
    # together. Item 2's quarters are worth a little each, item 3 a lot in one go.
    "all-or-nothing pairs": ([("1", _quarterly("moral-lecture", 8, "all-or-nothing")),
                              ("2", _quarterly("volunteer-service", 4)),
                              ("3", {"type": "present", "kinds": ["work-plan"], "points": 3,
                                     "window": "2021.07-2021.12"})], 9.0),
    "many small steps": ([("1", _quarterly("moral-lecture", 4)),
                          ("2", _quarterly("volunteer-service", 4)),
                          ("3", _quarterly("central-group-study", 4))], 9.0),
    "one big step": ([("1", _quarterly("moral-lecture", 2)),
                      ("2", {"type": "present", "kinds": ["work-plan"], "points": 6,
                             "window": "2021.07-2021.12"}),
                      ("3", _quarterly("volunteer-service", 4))], 8.0),
}


def _case(name: str) -> tuple[Scorer, Dataset]:
    items, line = CASES[name]
    builder = DatasetBuilder().with_phases(())
    # The first half of 2021 is done for every quarterly item; the rest is to plan.
    for kind in ("moral-lecture", "volunteer-service", "central-group-study"):
        builder.add(kind, "2021-02-01").add(kind, "2021-05-01")
    return Scorer(make_host(RubricPlugin(_rubric(items, line)))), builder.build()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_pass_plan_is_least_by_exhaustive_search(name):
    scorer, data = _case(name)
    as_of, by = date(2021, 7, 1), date(2021, 12, 31)
    full = build_plan(scorer, data, as_of, by, "full", ["small"])
    plan = build_plan(scorer, data, as_of, by, "pass", ["small"])
    assert plan.before[0].verdict == "fail" and plan.reached()
    steps = full.activities
    assert 3 <= len(steps) <= 8  # small enough to try every subset
    base = known_by(data, as_of)
    least = None
    for size in range(len(steps) + 1):
        for subset in itertools.combinations(steps, size):
            records = [r for a in subset for r in a.records]
            if scorer.score_all(with_records(base, records), ["small"], by)[0].verdict \
                    == "pass":
                least = size
                break
        if least is not None:
            break
    assert least is not None and len(plan.activities) == least


def test_the_pass_plan_spends_its_steps_on_the_rubrics_below_the_bar():
    # Two rubrics: "ahead" passes already and could gain most; "behind" needs one step.
    ahead = _rubric([("1", _quarterly("moral-lecture", 8))], 2.0).replace(
        'id = "small"', 'id = "ahead"')
    behind = _rubric([("1", _quarterly("volunteer-service", 4))], 3.0).replace(
        'id = "small"', 'id = "behind"')
    data = (DatasetBuilder().with_phases(()).add("moral-lecture", "2021-02-01")
            .add("volunteer-service", "2021-02-01").add("volunteer-service", "2021-05-01")
            .build())
    scorer = Scorer(make_host(RubricPlugin(ahead), RubricPlugin(behind)))
    plan = build_plan(scorer, data, date(2021, 7, 1), date(2021, 12, 31), "pass",
                      ["ahead", "behind"])
    assert [c.verdict for c in plan.before] == ["pass", "fail"]
    (activity,) = plan.activities
    assert set(activity.gains) == {"behind"} and plan.reached()


# -- what the proposed records carry ---------------------------------------------------
def test_proposed_records_carry_the_tag_participants_and_a_unit_in_scope():
    import wenming_rubric_example.plugin as example_plugin

    items = [("1", {"type": "frequency", "kinds": ["volunteer-service"], "per": "quarter",
                    "tags": ["志愿服务"], "points": 4, "window": "2021.07-2021.12"}),
             ("2", {"type": "min-participants", "kinds": ["volunteer-service"],
                    "participants": 20, "points": 2, "window": "2021.07-2021.12"}),
             ("3", {"type": "festivals", "festivals": ["中秋节"], "points": 2,
                    "window": "2021.07-2021.12"})]
    text = _rubric(items, 8.0).replace('pass_line = 8.0',
                                       'pass_line = 8.0\n[defaults]\nscope = "applicant"')
    data = DatasetBuilder().with_phases(()).build()
    scorer = Scorer(make_host(RubricPlugin(text), example_plugin))
    plan = build_plan(scorer, data, date(2021, 7, 1), date(2021, 12, 31), "full", ["small"])
    assert not plan.lost  # every point is recoverable, none listed as lost
    assert plan.after[0].total == pytest.approx(plan.after[0].maximum)
    records = plan.records
    assert any("志愿服务" in r.tags for r in records)
    assert any((r.participants or 0) >= 20 for r in records)
    assert any(r.festival == get_festival("中秋节").id for r in records)
    applicants = set(data.campaign.applicants)
    assert all(r.unit in applicants for r in records)
    # The reports say so: the activity's needs, the JSON's records.
    import json

    from wenming.reporters import JSON, TABLE

    needs = " ".join(a.needs.en for a in plan.activities)
    assert "tag 志愿服务" in needs and "at least 20 participants" in needs
    assert "festival Mid-Autumn" in needs
    assert "须：标签「志愿服务」" in TABLE.render(plan, lang="zh", width=400)
    data_json = json.loads(JSON.render(plan))
    shown = [r for a in data_json["activities"] for r in a["records"]]
    assert any(r["tags"] == ["志愿服务"] for r in shown)
    assert any(r["participants"] == 20 for r in shown)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_searchs_bound_never_falls_below_what_scoring_gives(name):
    from wenming.reports.plan_records import Bounds

    scorer, data = _case(name)
    as_of, by = date(2021, 7, 1), date(2021, 12, 31)
    full = build_plan(scorer, data, as_of, by, "full", ["small"])
    base = known_by(data, as_of)
    steps = full.activities
    bounds = Bounds(full.before, [a.records for a in steps], [a.kind for a in steps], base)
    before = full.before[0].total
    for size in range(1, len(steps) + 1):
        for subset in itertools.combinations(range(len(steps)), size):
            records = [r for i in subset for r in steps[i].records]
            after = scorer.score_all(with_records(base, records), ["small"], by)[0].total
            assert after - before <= bounds.of(subset)["small"] + 1e-9, subset
            for i in subset:  # no option adds more than its loose bound to a set
                rest = [j for j in subset if j != i]
                assert bounds.of(subset)["small"] <= bounds.of(rest)["small"] \
                    + bounds.loose[i].get("small", 0.0) + 1e-9
