"""Reading the rule-shape keys of a rubric document (docs/rubric-format.md, "Rule shapes").

Kept apart from :mod:`wenming.rubric.loader` so that the loader only calls one
function per key: ``applies_if``, ``methods``, ``bands``, ``slope`` and a
veto's ``subject``. Each reports problems through the loader's reader, with
the key path and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise
from typing import Any, Protocol

from wenming.model.labels import Label
from wenming.rubric.conditions import EXPECTED, Condition, ConditionError, parse_condition
from wenming.rubric.document import ASSESSMENT_METHODS, Slope, method_id

__all__ = ["read_applies_if", "read_bands", "read_methods", "read_slope", "read_subject"]


class _Reader(Protocol):
    def issue(self, path: str, message: str, value: object = None,
              expected: str | None = None) -> None: ...


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and math.isfinite(value)


def read_applies_if(reader: _Reader, raw: Mapping[str, Any], path: str) -> Condition | None:
    """``applies_if = "window"`` or ``{ when = "window", reason = { zh = …, en = … } }``."""
    value = raw.get("applies_if")
    if value is None:
        return None
    where = f"{path}.applies_if"
    reason: Label | None = None
    text = value
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"when", "reason"})
        if unknown or "when" not in value:
            reader.issue(where, "expected when and an optional reason / 应为 when 与可选的 reason",
                         value, '{ when = "window", reason = { zh = "无窗口单位", en = "the unit '
                         'has no service window" } }')
            return None
        text = value["when"]
        try:
            reason = Label.of(value["reason"]) if "reason" in value else None
        except TypeError:
            reader.issue(f"{where}.reason", "not a label", value["reason"],
                         "a string or { zh = …, en = … }")
            return None
    try:
        return parse_condition(text, reason)
    except ConditionError as error:
        reader.issue(where, f"not a condition / 不是有效的适用条件: {error}", text, EXPECTED)
        return None


def read_methods(reader: _Reader, raw: Mapping[str, Any], path: str) -> tuple[str, ...]:
    """``methods = ["材料审核", "实地考察"]`` as method ids, each known."""
    value = raw.get("methods")
    if value is None:
        return ()
    where = f"{path}.methods"
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        reader.issue(where, "expected a list of assessment methods / 应为评估方法列表", value,
                     '["材料审核", "实地考察"]')
        return ()
    out: list[str] = []
    for name in names:
        found = method_id(name) if isinstance(name, str) else None
        if found is None:
            known = ", ".join(f"{k} ({v.zh})" for k, v in ASSESSMENT_METHODS.items())
            reader.issue(where, "unknown assessment method / 未知的评估方法", name,
                         f"one of {known}")
        elif found not in out:
            out.append(found)
    return tuple(out)


def read_bands(reader: _Reader, raw: Mapping[str, Any], path: str
               ) -> tuple[tuple[float, float], ...]:
    """``bands = [[95, 1.0], [80, 0.66]]``: thresholds falling, shares in [0, 1]."""
    value = raw.get("bands")
    if value is None:
        return ()
    where = f"{path}.bands"
    expected = ("[[threshold, share], …] with thresholds falling and shares from 0 to 1, e.g. "
                "[[95, 1.0], [80, 0.66], [60, 0.33]]")
    if not isinstance(value, list) or not value or not all(
            isinstance(b, list) and len(b) == 2 and _number(b[0]) and _number(b[1])
            for b in value):
        reader.issue(where, "not a table of bands / 不是有效的分档表", value, expected)
        return ()
    bands = tuple((float(t), float(s)) for t, s in value)
    if any(not 0 <= s <= 1 for _, s in bands) or any(
            a[0] <= b[0] for a, b in pairwise(bands)):
        reader.issue(where, "bands must fall, shares from 0 to 1 / 分档须从高到低，比例在0到1之间",
                     value, expected)
        return ()
    return bands


def read_slope(reader: _Reader, raw: Mapping[str, Any], path: str) -> Slope | None:
    """``slope = { from = 80, per = 1, deduct = 1 }`` (每低1个百分点扣1分)."""
    value = raw.get("slope")
    if value is None:
        return None
    where = f"{path}.slope"
    expected = "{ from = 80, per = 1, deduct = 1 }: per and deduct above zero"
    if not isinstance(value, dict) or set(value) - {"from", "per", "deduct"} \
            or "from" not in value or not all(_number(v) for v in value.values()) \
            or value.get("per", 1) <= 0 or value.get("deduct", 1) <= 0:
        reader.issue(where, "not a slope / 不是有效的线性扣分规则", value, expected)
        return None
    return Slope(float(value["from"]), float(value.get("per", 1)),
                 float(value.get("deduct", 1)))


def read_subject(reader: _Reader, raw: Mapping[str, Any], path: str
                 ) -> tuple[tuple[str, ...], Condition | None]:
    """A veto's ``subject = { tags = ["领导班子成员"], unit = "<condition>" }``."""
    value = raw.get("subject")
    if value is None:
        return (), None
    where = f"{path}.subject"
    expected = ('{ tags = ["领导班子成员"] } and/or { unit = "<condition on unit attributes>" }')
    if not isinstance(value, dict) or not value or set(value) - {"tags", "unit"}:
        reader.issue(where, "not a subject / 不是有效的适用对象", value, expected)
        return (), None
    tags = value.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        reader.issue(f"{where}.tags", "expected a list of tags / 应为标签列表", tags,
                     '["领导班子成员"]')
        tags = []
    unit: Condition | None = None
    if "unit" in value:
        try:
            unit = parse_condition(value["unit"])
        except ConditionError as error:
            reader.issue(f"{where}.unit", f"not a condition / 不是有效的适用条件: {error}",
                         value["unit"], EXPECTED)
    return tuple(t.strip() for t in tags), unit
