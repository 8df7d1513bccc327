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
from wenming.rubric.document import OVERLAY_BASIS, Criterion, Item, Rubric

__all__ = ["BASIS_LABELS", "TraceRow", "describe_params", "requirement", "trace_rows"]

BASIS_LABELS: dict[str, Label] = {
    "seed": Label("原文要求", "seed"),
    "choice": Label("细则自定", "rubric choice"),
    OVERLAY_BASIS: Label("本地调整", "overlay"),
}

CREDIT_LABELS: dict[str, Label] = {
    "all-or-nothing": Label("全部达到才得分", "all or nothing"),
    "proportional": Label("按达到比例得分", "in proportion"),
    "deduct": Label("每缺一项扣分", "deduct per miss"),
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
        label = CREDIT_LABELS.get(criterion.credit)
        text = label.text(lang) if label else criterion.credit
        if criterion.credit == "deduct" and criterion.deduct is not None:
            text += (f"，每项扣 {criterion.deduct:g} 分" if lang == "zh"
                     else f", {criterion.deduct:g} per miss")
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
    details = describe_params(criterion.params, vocabulary)
    if not details:
        return head
    return Label(f"{head.zh}：" + "；".join(d.zh for d in details),
                 f"{head.en}: " + "; ".join(d.en for d in details))


def describe_params(params: Any, vocabulary: Vocabulary) -> list[Label]:
    """Each parameter of a criterion in words; a parameter wenming has no words for is
    shown as ``key = value``, so third-party types are described too."""
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
