"""The rubric document loads, adds up, and a complete archive earns every point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming import RubricError
from wenming.plugins import RubricSource, hookimpl
from wenming.scoring import State
from wenming.testing import make_host

TASKS = [f"T{n}" for n in range(1, 14)]
PHASES = [f"P{n}" for n in range(1, 7)]
SAFEGUARDS = [f"S{n}" for n in range(1, 5)]


def test_rubric_header_and_allocation() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    assert (rubric.version, rubric.level, rubric.model) == ("3.0.0", "municipal", "points")
    assert rubric.total == 100
    assert rubric.pass_line == 85
    assert [(a.code, a.points) for a in rubric.areas] == [("任务", 52), ("阶段", 24), ("保障", 24)]
    assert [i.code for i in rubric.areas[0].items] == TASKS
    assert [i.code for i in rubric.areas[1].items] == PHASES
    assert [i.code for i in rubric.areas[2].items] == SAFEGUARDS
    # The README's table, item by item.
    expected = {"T1": 4, "T2": 3, "T3": 4, "T4": 4, "T5": 6, "T6": 6, "T7": 5, "T8": 3,
                "T9": 3, "T10": 3, "T11": 3, "T12": 4, "T13": 4, "P1": 5, "P2": 4, "P3": 4,
                "P4": 4, "P5": 3, "P6": 4, "S1": 6, "S2": 3, "S3": 8, "S4": 7}
    assert {i.code: i.points for i in rubric.items()} == expected


def test_every_label_is_bilingual() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    for item in rubric.items():
        assert item.title.zh and item.title.en and item.title.zh != item.title.en, item.code
        assert item.remediation.zh and item.remediation.en, item.code
        for criterion in item.criteria:
            assert criterion.label is not None, item.code
            assert criterion.label.zh != criterion.label.en, item.code


def test_plugin_adds_the_leading_group_type() -> None:
    types = make_host(plugin).criterion_types()
    assert "leading-group" in types and "yearly" in types
    assert types["leading-group"].kinds_param is None
    assert types["yearly"].kinds_param == "kinds"
    # Only the built-ins are there without the plugin.
    assert "leading-group" not in make_host().criterion_types()
    assert "yearly" not in make_host().criterion_types()


def test_phase_items_read_the_phase_ids_of_the_plan() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    phases = {i.code: {c.params.phase for c in i.criteria} for i in rubric.items()
              if i.code in PHASES}
    assert phases == {"P1": {"preparation"}, "P2": {"mobilisation"}, "P3": {"full-creation"},
                      "P4": {"self-check"}, "P5": {"rectification"}, "P6": {"inspection"}}


def test_complete_archive_scores_full_marks(records: list[Any], build: Callable[..., Any],
                                            card_of: Callable[..., Any]) -> None:
    card = card_of(build(records))
    assert card.rubric_id == "municipal-plan"
    assert card.rubric_version == "3.0.0"
    assert {code: item.state for code, item in card.items.items()} == {
        code: State.MET for code in TASKS + PHASES + SAFEGUARDS}
    assert card.total == pytest.approx(100)
    assert card.maximum == pytest.approx(100)
    assert card.verdict == "pass"
    assert [(a.code, a.points) for a in card.areas] == [("任务", 52), ("阶段", 24), ("保障", 24)]


class _BadRubric:
    """A plugin shipping a rubric that misuses the leading-group type."""

    @hookimpl
    def wenming_rubrics(self) -> list[RubricSource]:
        return [RubricSource("""
schema = 1
id = "bad-group"
version = "0.0.1"
title = { zh = "坏", en = "Bad" }
level = "other"
total = 1
[[areas]]
code = "A"
title = { zh = "甲", en = "A" }
points = 1
[[areas.items]]
code = "1"
title = { zh = "一", en = "One" }
points = 1
[[areas.items.criteria]]
type = "leading-group"
points = 1
roles = ["leader", "boss"]
""", "test:bad-group")]


def test_unknown_role_is_reported_when_the_rubric_loads() -> None:
    host = make_host(plugin, _BadRubric())
    with pytest.raises(RubricError) as caught:
        host.rubrics()
    message = str(caught.value)
    assert "bad-group" in message
    assert "parameter error for type 'leading-group'" in message
    assert "items[0](code 1).criteria[0]" in message
    assert "unknown leading-group role 'boss'" in message
    assert "office-director" in message  # the accepted roles are listed
