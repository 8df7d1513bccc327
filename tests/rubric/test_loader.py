"""Rubric documents are validated with the rubric id, item code and field named."""

from __future__ import annotations

import pytest

from tests.scoring.conftest import one_item_rubric
from wenming.errors import RubricError
from wenming.plugins import RubricSource
from wenming.rubric import load_rubric
from wenming.testing import make_host


def _load(text: str):
    host = make_host()
    return load_rubric(RubricSource(text, "r.toml"), criterion_types=host.criterion_types(),
                       vocabulary=host.vocabulary())


def test_a_valid_document_loads_with_hash_and_resolved_kinds():
    rubric = _load(one_item_rubric([{"type": "present", "kinds": ["道德讲堂"], "points": 3}]))
    assert rubric.id == "t"
    assert rubric.total == 3
    assert rubric.item("1").criteria[0].params.kinds == ("moral-lecture",)
    assert len(rubric.content_hash) == 64


def test_points_that_do_not_add_up_name_item_and_values():
    text = one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 3}])
    text = text.replace("points = 3\n[[areas.items.criteria]]",
                        "points = 4\n[[areas.items.criteria]]")
    with pytest.raises(RubricError) as caught:
        _load(text)
    message = str(caught.value)
    assert "rubric 't' is invalid" in message
    assert "items[0](code 1)" in message
    assert "sum to 3" in message


def test_unknown_type_and_kind_are_reported_together_with_suggestions():
    text = one_item_rubric([
        {"type": "presence", "kinds": ["work-plan"], "points": 1},
        {"type": "present", "kinds": ["moral-lectur"], "points": 1},
    ])
    with pytest.raises(RubricError) as caught:
        _load(text)
    issues = caught.value.issues
    assert len(issues) == 2
    assert issues[0].value == "presence" and "present" in (issues[0].expected or "")
    assert issues[1].value == "moral-lectur" and "moral-lecture" in (issues[1].expected or "")
    assert issues[1].field == "areas[0](code A).items[0](code 1).criteria[1].kinds"


def test_bad_parameters_are_reported_with_their_path():
    text = one_item_rubric([{"type": "frequency", "kinds": ["work-plan"], "per": "fortnight",
                             "points": 1}])
    with pytest.raises(RubricError) as caught:
        _load(text)
    message = str(caught.value)
    assert "frequency" in message
    assert "fortnight" in message
    extra = one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 1,
                              "colour": "red"}])
    with pytest.raises(RubricError, match="colour"):
        _load(extra)


def test_unknown_festival_is_a_rubric_error():
    text = one_item_rubric([{"type": "festivals", "festivals": ["圣诞节"], "points": 1}])
    with pytest.raises(RubricError, match="圣诞节"):
        _load(text)


def test_deduct_requires_a_deduction_and_credit_is_checked():
    text = one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 1,
                             "credit": "deduct"}])
    with pytest.raises(RubricError, match="deduct"):
        _load(text)
    text = one_item_rubric([{"type": "present", "kinds": ["work-plan"], "points": 1,
                             "credit": "half"}])
    with pytest.raises(RubricError, match="all-or-nothing"):
        _load(text)


def test_rubric_error_is_a_value_error():
    with pytest.raises(ValueError):
        _load("id = 'x'\nthis is not toml")
