"""Helpers for scoring tests: a one-item rubric around any criterion table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from wenming.dataset import Dataset
from wenming.scoring import ItemResult, Scorecard
from wenming.testing import RubricPlugin, score


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def one_item_rubric(criteria: list[dict[str, Any]], *, rubric_id: str = "t", head: str = "",
                    tail: str = "") -> str:
    points = sum(c["points"] for c in criteria)
    lines = [
        'schema = 1', f'id = "{rubric_id}"', 'version = "1"', 'title = "Test"',
        'level = "test"', f"total = {points}", head,
        "[[areas]]", 'code = "A"', 'title = "Area"', f"points = {points}",
        "[[areas.items]]", 'code = "1"', 'title = { zh = "项目", en = "Item" }',
        f"points = {points}",
    ]
    for criterion in criteria:
        lines.append("[[areas.items.criteria]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in criterion.items()]
    lines.append(tail)
    return "\n".join(lines)


@pytest.fixture
def score_item() -> Callable[..., ItemResult]:
    """Score one criterion (or several) on a dataset and return item "1"."""

    def run(dataset: Dataset, as_of: date | str, *criteria: dict[str, Any],
            head: str = "", tail: str = "") -> ItemResult:
        card = score_card(dataset, as_of, *criteria, head=head, tail=tail)
        return card.item("1")

    return run


def score_card(dataset: Dataset, as_of: date | str, *criteria: dict[str, Any], head: str = "",
               tail: str = "") -> Scorecard:
    plugin = RubricPlugin(one_item_rubric(list(criteria), head=head, tail=tail))
    return score(dataset, "t", as_of, plugin)
