"""Errors an author meets, located at the key they wrote (#24, points 10, 11, 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authors import plugin
from wenming.testing import check_rubric

CLAUSES = (Path(__file__).resolve().parents[1] / "authors" / "clauses.toml").read_text("utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    # 10: an impossible date in a literal window fails check-rubric, not scoring
    ('window = "2021.01-2021.12"\n\n[[areas.items]]\ncode = "三.2"',
     'window = "2021.02.30-2021.12"\n\n[[areas.items]]\ncode = "三.2"',
     "criteria[0].window]", "not a real date"),
    # 11: a custom parameter's error at its own key, with the value and what it takes
    ('levels = { "国家级" = 5,', 'levels = { "国家级" = "five",',
     "criteria[0].levels.国家级]", "expected levels: Mapping[str, float] — points by level"),
    ("within_days = 10", 'within_days = "ten"', "criteria[0].within_days]",
     "(got 'ten'); expected within_days: int"),
    ('per = "year"\n\n[[areas.items]]\ncode = "一.3"',
     'per = "yaer"\n\n[[areas.items]]\ncode = "一.3"', "criteria[0].per]",
     "unknown granularity 'yaer'"),
    # 22: a typo inside an inline table gets a did-you-mean
    ("slope = { from = 10,", "slope = { form = 10,", "slope.form]", "您是否指: from"),
    ("subject = { tags", "subject = { tag", "subject.tag]", "您是否指: tags"),
    ('{ when = "window", reason', '{ whn = "window", reason', "applies_if.whn]",
     "您是否指: when"),
    ('caps = [{ criteria = [', 'caps = [{ criterias = [', "caps[0].criterias]",
     "您是否指: criteria"),
])
def test_the_problem_is_at_the_authors_key(old: str, new: str, field: str, says: str) -> None:
    assert old in CLAUSES
    text = CLAUSES.replace(old, new)
    (problem,) = check_rubric(text, plugin)
    assert field in problem and says in problem, problem
    key_line = _line_of(text, new.split("\n")[0])
    assert problem.startswith(f"<rubric text>:{key_line}:"), problem
