"""Criteria carry a stable id, a source clause and seed/choice, validated with located errors."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.scoring.conftest import one_item_rubric
from wenming.errors import RubricError
from wenming.plugins import RubricSource
from wenming.rubric import load_rubric
from wenming.scoring.scorecard import CriterionResult, Scorecard
from wenming.testing import make_host


def _load(text: str):
    host = make_host()
    return load_rubric(RubricSource(text, "r.toml"), criterion_types=host.criterion_types(),
                       vocabulary=host.vocabulary())


def test_trace_keys_are_read_and_are_not_taken_for_parameters():
    rubric = _load(one_item_rubric([
        {"type": "present", "kinds": ["work-plan"], "points": 2, "id": "1.1",
         "source": "《方案》三、(二)2"},
        {"type": "frequency", "kinds": ["moral-lecture"], "per": "quarter", "points": 1,
         "id": "1.2", "source": "二、5（3）", "basis": "choice", "interprets": "定期"},
    ]))
    first, second = rubric.item("1").criteria
    assert (first.id, first.source, first.basis, first.interprets) == (
        "1.1", "《方案》三、(二)2", "seed", None)
    assert (second.id, second.basis, second.interprets) == ("1.2", "choice", "定期")
    assert second.params.per == "quarter"
    assert rubric.criterion("1.2") == (rubric.item("1"), second)


def test_criteria_without_ids_get_stable_defaults_from_item_and_position():
    rubric = _load(one_item_rubric([
        {"type": "present", "kinds": ["work-plan"], "points": 1},
        {"type": "present", "kinds": ["moral-lecture"], "points": 1},
    ]))
    assert [c.id for c in rubric.item("1").criteria] == ["1.c1", "1.c2"]
    assert all(c.basis == "seed" and c.source is None for c in rubric.item("1").criteria)


def test_item_source_is_read():
    text = one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 1}])
    text = text.replace('points = 1\n[[areas.items.criteria]]',
                        'points = 1\nsource = "三、(一)"\n[[areas.items.criteria]]', 1)
    assert _load(text).item("1").source == "三、(一)"


def test_a_duplicate_criterion_id_is_refused_at_the_second_use_naming_the_first():
    with pytest.raises(RubricError) as caught:
        _load(one_item_rubric([
            {"type": "present", "kinds": ["work-plan"], "points": 1, "id": "T2.c1"},
            {"type": "present", "kinds": ["moral-lecture"], "points": 1, "id": "T2.c1"},
        ]))
    [issue] = caught.value.issues
    assert issue.where == "r.toml"
    assert issue.field == "areas[0](code A).items[0](code 1).criteria[1].id"
    assert issue.value == "T2.c1"
    assert "criteria[0]" in (issue.expected or "")
    assert "评分细则编号重复" in issue.message


def test_an_explicit_id_that_collides_with_a_default_id_is_refused():
    with pytest.raises(RubricError) as caught:
        _load(one_item_rubric([
            {"type": "present", "kinds": ["work-plan"], "points": 1, "id": "1.c2"},
            {"type": "present", "kinds": ["moral-lecture"], "points": 1},
        ]))
    [issue] = caught.value.issues
    assert issue.value == "1.c2" and "default id" in issue.message


@pytest.mark.parametrize(("key", "value", "field"), [
    ("basis", "rubric", "basis"),
    ("id", 1.3, "id"),
    ("id", "T2 c1", "id"),
    ("source", "", "source"),
    ("interprets", "定期", "interprets"),  # on a seed criterion
])
def test_bad_trace_values_are_located(key, value, field):
    with pytest.raises(RubricError) as caught:
        _load(one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 1,
                                key: value}]))
    [issue] = caught.value.issues
    assert issue.field == f"areas[0](code A).items[0](code 1).criteria[0].{field}"
    assert issue.value == value


def test_old_scorecard_json_without_trace_fields_still_loads():
    from tests.scoring.conftest import score_card
    from wenming.testing import DatasetBuilder

    data = DatasetBuilder().build()
    card = score_card(data, date(2021, 12, 31),
                      {"type": "present", "kinds": ["work-plan"], "points": 1, "id": "X.1",
                       "source": "一、1", "basis": "choice", "interprets": "定期"})
    result = card.item("1").criteria[0]
    assert (result.id, result.source, result.basis, result.interprets) == (
        "X.1", "一、1", "choice", "定期")
    payload = card.to_dict()
    assert payload["items"][0]["criteria"][0]["id"] == "X.1"
    assert Scorecard.from_dict(payload) == card
    for criterion in payload["items"][0]["criteria"]:
        for key in ("id", "source", "basis", "interprets"):
            del criterion[key]
    old = Scorecard.from_json(json.dumps(payload))
    assert old.item("1").criteria[0] == CriterionResult(
        **{**_fields(result), "id": "", "source": None, "basis": "seed", "interprets": None})


def _fields(result: CriterionResult) -> dict[str, object]:
    import attrs

    return {f.name: getattr(result, f.name) for f in attrs.fields(CriterionResult)}
