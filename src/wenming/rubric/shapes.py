"""Reading the rule-shape keys of a rubric document (docs/rubric-format.md, "Rule shapes").

Kept apart from :mod:`wenming.rubric.loader` so that the loader only calls one
function per key: ``applies_if``, ``methods``, ``bands``, ``slope`` and a
veto's ``subject``. Each reports problems through the loader's reader, with
the key path and what was expected.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from itertools import pairwise
from typing import Any, Protocol

from wenming.model.labels import Label
from wenming.rubric.conditions import EXPECTED, Condition, ConditionError, parse_condition
from wenming.rubric.document import ASSESSMENT_METHODS, SharedCap, Slope, method_id

__all__ = ["read_applies_if", "read_bands", "read_caps", "read_methods", "read_slope",
           "read_subject"]


class _Reader(Protocol):
    def issue(self, path: str, message: str, value: object = None,
              expected: str | None = None) -> None: ...


def _typos(reader: _Reader, value: object, allowed: tuple[str, ...], where: str) -> bool:
    """Report each key of an inline table that ``allowed`` lacks, with the closest one;
    whether there was any (``slope = { form = 80 }`` → did you mean from)."""
    if not isinstance(value, dict):
        return False
    unknown = [k for k in value if k not in allowed]
    for key in unknown:
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
        hint = (f"did you mean / 您是否指: {close[0]}" if close
                else f"one of / 可用的键: {', '.join(allowed)}")
        reader.issue(f"{where}.{key}", "unknown key / 未知的键", key, hint)
    return bool(unknown)


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
        if _typos(reader, value, ("when", "reason"), where):
            return None
        if "when" not in value:
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
    if _typos(reader, value, ("from", "per", "deduct"), where):
        return None
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
    if _typos(reader, value, ("tags", "unit"), where):
        return (), None
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


def read_caps(reader: _Reader, raw: Mapping[str, Any], path: str,
              criterion_ids: tuple[str, ...]) -> tuple[SharedCap, ...]:
    """``caps = [{ criteria = ["四.3.1", "四.3.2"], most = 2 }]``: those criteria of the
    item lose at most ``most`` points together (准确或及时 扣2分，不重复扣分)."""
    value = raw.get("caps")
    if value is None:
        return ()
    where = f"{path}.caps"
    expected = ('[{ criteria = ["<criterion id>", "<criterion id>"], most = 2, '
                'label = { zh = "准确或及时", en = "Accuracy or timeliness" } }]')
    if not isinstance(value, list) or not value or not all(isinstance(c, dict) for c in value):
        reader.issue(where, "not a list of shared caps / 不是有效的共用扣分上限", value, expected)
        return ()
    caps: list[SharedCap] = []
    for index, cap in enumerate(value):
        at = f"{where}[{index}]"
        if _typos(reader, cap, ("criteria", "most", "label"), at):
            continue
        names = cap.get("criteria")
        most = cap.get("most")
        if not isinstance(names, list) or len(names) < 2 or not all(
                isinstance(n, str) for n in names):
            reader.issue(f"{at}.criteria",
                         "expected two or more criterion ids / 应为至少两个评分细则编号", names,
                         f"ids of this item's criteria: {', '.join(criterion_ids)}")
            continue
        missing = [n for n in names if n not in criterion_ids]
        if missing:
            reader.issue(f"{at}.criteria", "not a criterion of this item / 不是本项的评分细则",
                         missing[0], f"one of {', '.join(criterion_ids)}")
            continue
        if not _number(most) or most < 0:
            reader.issue(f"{at}.most", "not a number of points / 不是有效的分值", most,
                         "the most points these criteria lose together, e.g. 2")
            continue
        label: Label | None = None
        if "label" in cap:
            try:
                label = Label.of(cap["label"])
            except TypeError:
                reader.issue(f"{at}.label", "not a label", cap["label"],
                             "a string or { zh = …, en = … }")
                continue
        caps.append(SharedCap(tuple(names), float(most), label))
    return tuple(caps)
