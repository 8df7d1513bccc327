"""``per-record``: so many points for each record, capped (加分 每条 N 分，最多加 M 分).

A commendation at national level adds 5 points, at provincial level 3, at
municipal level 2; the same honour counts once, at its highest level; the
criterion's ``points`` are the cap. The level is a tag of the record
(``levels = { "国家级" = 5, "省级" = 3 }``); records with no level tag earn
``each`` (0 unless given). Records of one matter are those with the same title
(``same = "title"``), the same refs (``"refs"``), or every record is its own
(``"record"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check, Earned
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered

_SAME = ("title", "refs", "record")


def _same(value: str) -> str:
    if value not in _SAME:
        raise ValueError(f"same must be one of {', '.join(_SAME)}, got {value!r}")
    return value


def _levels(value: Mapping[str, Any]) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of tag = points, got {value!r}")
    out: dict[str, float] = {}
    for tag, points in value.items():
        if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
            raise ValueError(f"level {tag!r}: points must be a number ≥ 0, got {points!r}")
        out[str(tag)] = float(points)
    return out


def _each(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"each must be a number ≥ 0, got {value!r}")
    return float(value)


@frozen
class PerRecordParams:
    kinds: tuple[str, ...]
    each: float = field(default=0.0, converter=_each, metadata={
        "help": Label("无级别标签的记录每条得分", "points for a record without a level tag")})
    levels: Mapping[str, float] = field(factory=dict, converter=_levels, metadata={
        "help": Label("按标签的级别分值，同一事项取最高一次",
                      "points by level tag; one matter counts once, at its highest level")})
    same: str = field(default="title", converter=_same, metadata={
        "help": Label("同一事项的判断：title、refs 或 record",
                      "what makes records one matter: title, refs or record")})
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")
    #: Tells the loader this type earns points itself (``points`` is the cap).
    EARNS = True


def evaluate_per_record(params: PerRecordParams, ctx: EvalContext) -> Sequence[Check]:
    window = ctx.window(params.window)
    store = ctx.dataset.store
    rows = store.in_order(filtered(ctx, params).rows(params.kinds, window)).tolist()
    best: dict[object, tuple[float, str, str]] = {}
    for row in rows:
        held = store.tag_sets[int(store.tags[row])]
        levels = [(params.levels[t], t) for t in held if t in params.levels]
        points, level = max(levels) if levels else (params.each, "")
        if points <= 0:
            continue
        key: object = {"title": store.titles[row], "refs": store.ref_sets[int(store.refs[row])],
                       "record": row}[params.same]
        if key not in best or points > best[key][0]:
            best[key] = (points, store.ids[row], level)
    earned = sum(points for points, _, _ in best.values())
    ids = tuple(record for _, record, _ in best.values())
    parts_zh = "；".join(f"{r} {lv or '每条'} {p:g} 分" for p, r, lv in best.values())
    parts_en = "; ".join(f"{r} {lv or 'each'} {p:g}" for p, r, lv in best.values())
    note = (Label(f"{parts_zh}；合计 {earned:g} 分", f"{parts_en}; {earned:g} points in all")
            if best else Label("无可计分记录", "no record that earns points"))
    return [Earned(Label("逐条计分", "Points per record"), 1, 1 if best else 0,
                   evidence=ids, note=note, value=earned)]


PER_RECORD = CriterionType(
    "per-record", PerRecordParams, evaluate_per_record,
    Label("每条记录计分，同一事项取最高级别一次，以本项分值为限",
          "Points per record, one matter once at its highest level, up to the points"))
