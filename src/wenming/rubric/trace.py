"""A rubric as a reviewer reads it: one row per criterion, traced to its clause.

``wenming rubrics show`` prints these rows so that a 文明办 reviewer can
check a rubric line by line against the paper document: what each criterion
requires, in words, how many points it is worth and how they are earned,
which clause it encodes, and whether the document asks for exactly that or
the rubric chose a rule the document leaves open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
from attrs import frozen

from wenming.calendar import Granularity, get_festival
from wenming.model.labels import Label, Lang
from wenming.model.units import UnitKind
from wenming.model.vocabulary import Vocabulary
from wenming.plugin_types import CriterionType
from wenming.rubric.document import (
    ASSESSMENT_METHODS,
    OVERLAY_BASIS,
    Criterion,
    Item,
    Rubric,
    Veto,
)

__all__ = ["BASIS_LABELS", "TraceRow", "describe_params", "requirement", "shape_phrases",
           "trace_rows", "veto_requirement"]

BASIS_LABELS: dict[str, Label] = {
    "seed": Label("原文要求", "seed"),
    "choice": Label("细则自定", "rubric choice"),
    OVERLAY_BASIS: Label("本地调整", "overlay"),
}

CREDIT_LABELS: dict[str, Label] = {
    "all-or-nothing": Label("全部达到才得分", "all or nothing"),
    "proportional": Label("按达到比例得分", "in proportion"),
    "deduct": Label("每缺一项扣分", "deduct per miss"),
    "shortfall": Label("每少一条扣分", "deduct per record short"),
}


@frozen
class TraceRow:
    """One criterion of a rubric, with its item and the trace back to the document."""

    area: str
    area_title: Label
    item: str
    item_title: Label
    item_source: str | None
    bonus: bool
    criterion: Criterion
    requirement: Label

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def source(self) -> str | None:
        """The criterion's clause, else its item's."""
        return self.criterion.source or self.item_source

    def basis(self, lang: Lang) -> str:
        label = BASIS_LABELS.get(self.criterion.basis)
        text = label.text(lang) if label else self.criterion.basis
        if self.criterion.interprets:
            words = self.criterion.interprets
            text += f"（解释“{words}”）" if lang == "zh" else f" (interprets “{words}”)"
        return text

    def credit(self, lang: Lang) -> str:
        criterion = self.criterion
        shaped = _shaped_credit(criterion)
        if shaped is not None:  # bands, a slope or points per record decide, not the rule
            return shaped.text(lang)
        label = CREDIT_LABELS.get(criterion.credit)
        text = label.text(lang) if label else criterion.credit
        if criterion.credit == "deduct" and criterion.deduct is not None:
            text += (f"，每项扣 {criterion.deduct:g} 分" if lang == "zh"
                     else f", {criterion.deduct:g} per miss")
        if criterion.credit == "shortfall" and criterion.deduct is not None:
            text += (f"，每少一条扣 {criterion.deduct:g} 分" if lang == "zh"
                     else f", {criterion.deduct:g} per record")
        if criterion.threshold < 1:
            share = f"{criterion.threshold:.0%}"
            text += f"，达到 {share} 即满分" if lang == "zh" else f", full at {share}"
        return text

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        criterion = self.criterion
        params = criterion.params
        raw = attrs.asdict(params) if attrs.has(type(params)) else dict(params or {})
        return {
            "area": self.area, "item": self.item,
            "item_title": {"zh": self.item_title.zh, "en": self.item_title.en},
            "bonus": self.bonus, "id": criterion.id, "type": criterion.type,
            "label": ({"zh": criterion.label.zh, "en": criterion.label.en}
                      if criterion.label else None),
            "requirement": {"zh": self.requirement.zh, "en": self.requirement.en},
            "params": _plain(raw), "points": criterion.points, "credit": criterion.credit,
            "deduct": criterion.deduct, "threshold": criterion.threshold,
            "source": self.source, "basis": criterion.basis,
            "interprets": criterion.interprets,
        }


def trace_rows(rubric: Rubric, types: Mapping[str, CriterionType],
               vocabulary: Vocabulary) -> list[TraceRow]:
    """Every criterion of ``rubric`` (bonus items last) as a :class:`TraceRow`."""
    areas = {area.code: area.title for area in rubric.areas}
    bonus_title = Label("加分项", "Bonus")
    rows: list[TraceRow] = []
    for item, criterion in rubric.criteria():
        bonus = item in rubric.bonuses
        rows.append(TraceRow(
            area=item.area, area_title=bonus_title if bonus else areas.get(item.area, Label(
                item.area, item.area)),
            item=item.code, item_title=item.title, item_source=item.source, bonus=bonus,
            criterion=criterion, requirement=requirement(item, criterion, types, vocabulary)))
    return rows


def requirement(item: Item, criterion: Criterion, types: Mapping[str, CriterionType],
                vocabulary: Vocabulary) -> Label:
    """What ``criterion`` asks for in words: its label or type summary, then its parameters."""
    criterion_type = types.get(criterion.type)
    head = criterion.label or (criterion_type.summary if criterion_type else None)
    if head is None or not (head.zh or head.en):
        head = Label(criterion.type, criterion.type)
    details = describe_params(criterion.params, vocabulary) + shape_phrases(item, criterion)
    if not details:
        return head
    return Label(f"{head.zh}：" + "；".join(d.zh for d in details),
                 f"{head.en}: " + "; ".join(d.en for d in details))


def _shaped_credit(criterion: Criterion) -> Label | None:
    if criterion.bands:
        zh = "，".join(f"≥{t:g} 得 {share:.0%}" for t, share in criterion.bands)
        en = ", ".join(f"≥{t:g}: {share:.0%}" for t, share in criterion.bands)
        return Label(f"按分档：{zh}，以下不得分", f"by bands: {en}, below: none")
    if criterion.slope is not None:
        slope = criterion.slope
        return Label(f"按线性扣分：低于 {slope.start:g} 每 {slope.per:g} 扣 {slope.deduct:g} 分",
                     f"by slope: {slope.deduct:g} off per {slope.per:g} below "
                     f"{slope.start:g}")
    if getattr(criterion.params, "EARNS", False):
        return Label(f"逐条计分，最多 {criterion.points:g} 分",
                     f"points per record, at most {criterion.points:g}")
    return None


def shape_phrases(item: Item, criterion: Criterion) -> list[Label]:
    """The rule shapes around a criterion in words: where it applies, how it is assessed,
    and, on an item's first criterion, the item's pool, condition, methods and caps."""
    words: list[Label] = []
    first = bool(item.criteria) and item.criteria[0] is criterion
    conditions = [c for c in ((item.applies_if if first else None), criterion.applies_if) if c]
    for condition in conditions:
        reason = condition.reason
        zh = f"适用：{condition.text}" + (f"（否则：{reason.zh}）" if reason else "")
        en = f"applies if {condition.text}" + (f" (else: {reason.en})" if reason else "")
        words.append(Label(zh, en))
    methods = (*(item.methods if first else ()), *criterion.methods)
    if methods:
        names = [ASSESSMENT_METHODS[m] for m in dict.fromkeys(methods)]
        words.append(Label("评估方法：" + "、".join(n.zh for n in names),
                           "assessed by: " + ", ".join(n.en for n in names)))
    if first and item.pool:
        words.append(Label(f"各项共用本项 {item.points:g} 分扣分，扣完为止",
                           f"deductions share the item's {item.points:g} points"))
    for cap in item.caps if first else ():
        ids = "、".join(cap.criteria)
        words.append(Label(f"{ids} 合计最多扣 {cap.most:g} 分",
                           f"{', '.join(cap.criteria)} lose {cap.most:g} at most together"))
    return words


def describe_params(params: Any, vocabulary: Vocabulary) -> list[Label]:
    """Each parameter of a criterion in words; a parameter wenming has no words for is
    shown as ``key = value``, so third-party types are described too. A parameters class
    whose names mean something of its own (``before`` in months, not festival days) says
    so with a ``describe(vocabulary)`` method returning the labels."""
    describe = getattr(params, "describe", None)
    if callable(describe):
        described = describe(vocabulary)
        if isinstance(described, list | tuple) and all(isinstance(d, Label) for d in described):
            return list(described)
    if attrs.has(type(params)):
        values = {f.name: getattr(params, f.name) for f in attrs.fields(type(params))}
    elif isinstance(params, Mapping):
        values = dict(params)
    else:
        return []
    words: list[Label] = []
    for key, value in values.items():
        if value is None or value == () or value == []:
            continue
        phrase = _PHRASES.get(key)
        words.append(phrase(value, vocabulary) if phrase else Label(f"{key} = {value}",
                                                                    f"{key} = {value}"))
    return words


def _kinds(value: Any, vocabulary: Vocabulary) -> Label:
    names = [value] if isinstance(value, str) else list(value)
    zh: list[str] = []
    en: list[str] = []
    for name in names:
        kind = vocabulary.kinds.get(name)
        zh.append(f"{kind.label.zh}（{name}）" if kind else str(name))
        en.append(f"{kind.label.en} ({name})" if kind else str(name))
    return Label("记录类别：" + "、".join(zh), "kinds: " + ", ".join(en))


def _per(value: Any, _: Vocabulary) -> Label:
    try:
        label = Granularity.parse(str(value)).label
    except ValueError:
        return Label(f"周期：{value}", f"per {value}")
    return Label(f"每{label.zh}", f"every {label.en}")


def _window(value: Any, _: Vocabulary) -> Label:
    text = str(value)
    if text == "campaign":
        return Label("时间：整个创建周期", "window: the whole campaign")
    kind, _sep, phase = text.partition(":")
    first, span, last = phase.partition("..")
    if kind == "phase" and span:
        return Label(f"时间：{first} 至 {last} 阶段内", f"window: phases {first} to {last}")
    if kind == "phase":
        return Label(f"时间：{phase} 阶段内", f"window: inside phase {phase}")
    if kind == "by-phase-end":
        return Label(f"时间：截至 {phase} 阶段结束", f"window: by the end of phase {phase}")
    return Label(f"时间：{text}", f"window: {text}")


def _festivals(value: Any, _: Vocabulary) -> Label:
    names = [get_festival(name) for name in value]
    return Label("节日：" + "、".join(f.zh for f in names),
                 "festivals: " + ", ".join(f.en for f in names))


def _unit_kinds(value: Any, _: Vocabulary) -> Label:
    kinds = [UnitKind.parse(str(v)).label for v in value]
    return Label("单位类别：" + "、".join(k.zh for k in kinds),
                 "units: " + ", ".join(k.en for k in kinds))


def _simple(zh: str, en: str) -> Callable[[Any, Vocabulary], Label]:
    return lambda value, _: Label(zh.format(value), en.format(value))


def _flag(yes: Label, no: Label) -> Callable[[Any, Vocabulary], Label]:
    return lambda value, _: yes if value else no


_PHRASES: dict[str, Callable[[Any, Vocabulary], Label]] = {
    "kinds": _kinds,
    "per": _per,
    "min": _simple("至少 {} 条", "at least {}"),
    "max": _simple("至多 {} 条", "at most {}"),
    "window": _window,
    "within_days": _simple("事后 {} 天内归档", "filed within {} days"),
    "festivals": _festivals,
    "before": _simple("节前 {} 天起", "from {} days before"),
    "after": _simple("节后 {} 天止", "until {} days after"),
    "phase": _simple("阶段：{}", "phase: {}"),
    "by_end": _flag(Label("截至阶段结束即可", "on or before the phase's end"),
                    Label("须在阶段时间内", "inside the phase window")),
    "unit_kinds": _unit_kinds,
    "measure": _simple("比较：{}", "measure: {}"),
    "strict": _flag(Label("逐年严格递增", "strictly rising each year"),
                    Label("不低于上一年", "not below the year before")),
    "ref": _simple("考察项：{}", "assessed as: {}"),
    "refs": lambda value, _: Label("考察项：" + "、".join(value), "refs: " + ", ".join(value)),
    "tags": lambda value, _: Label("标签：" + "、".join(value), "tags: " + ", ".join(value)),
    "baseline_kinds": lambda value, vocabulary: Label(
        "检查记录" + _kinds(value, vocabulary).zh.removeprefix("记录类别"),
        "inspections: " + _kinds(value, vocabulary).en.removeprefix("kinds: ")),
    "levels": lambda value, _: Label(
        "级别：" + "、".join(f"{k} {v:g} 分" for k, v in value.items()),
        "levels: " + ", ".join(f"{k} {v:g}" for k, v in value.items())),
}


def _plain(value: Any) -> Any:
    """``value`` as JSON data: tuples become lists, anything else unknown its text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def veto_requirement(veto: Veto, vocabulary: Vocabulary) -> Label:
    """A veto in words: what records, whose, how far back, which filters."""
    parts = [_kinds(veto.kinds, vocabulary)]
    anchor = (Label("结案之日", "closing date") if veto.counted_from == "closing"
              else Label("发生之日", "date"))
    parts.append(Label(f"申报日（或评估日）前 {veto.lookback_months} 个月内（按{anchor.zh}计）",
                       f"within {veto.lookback_months} months before the declaration (or "
                       f"as-of date), by {anchor.en}"))
    if veto.subject_tags:
        parts.append(Label("对象标签：" + "、".join(veto.subject_tags),
                           "subject tags: " + ", ".join(veto.subject_tags)))
    if veto.subject_units is not None:
        parts.append(Label(f"对象单位：{veto.subject_units.text}",
                           f"subject units: {veto.subject_units.text}"))
    if veto.tags:
        parts.append(Label("标签：" + "、".join(veto.tags), "tags: " + ", ".join(veto.tags)))
    if veto.refs:
        parts.append(Label("考察项：" + "、".join(veto.refs), "refs: " + ", ".join(veto.refs)))
    if veto.rate_below is not None:
        parts.append(Label(f"测评结果低于 {veto.rate_below:g}%",
                           f"a survey result below {veto.rate_below:g}%"))
    return Label("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))
