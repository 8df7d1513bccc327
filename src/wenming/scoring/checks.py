"""Checks: the unit of arithmetic every criterion reports.

A criterion is evaluated into checks — one per period, festival and year,
unit, … — each saying how many records were required, how many were found,
which ones, and whether its period had ended by the as-of date. Credit rules
and findings in words are derived from checks, so every type of criterion
explains itself the same way.
"""

from __future__ import annotations

from datetime import date

from attrs import field, frozen

from wenming.model.labels import Label


@frozen
class Reason:
    """Why one record of a counted kind, in or near a check's window, did not count.

    ``causes`` are machine-readable codes (see :data:`CAUSES`), ``text`` says
    the same in words (every cause, joined). ``days`` is how far outside the
    window the record lies, when that is a cause.
    """

    evidence: str
    date: date | None
    causes: tuple[str, ...]
    text: Label
    days: int | None = None

    def finding(self) -> Label:
        """The reason as one line: ``HQ-2021-0007（2021-04-02）：缺少标签「志愿服务」``."""
        when = f"（{self.date}）" if self.date else ""
        when_en = f" ({self.date})" if self.date else ""
        return Label(f"{self.evidence}{when}：{self.text.zh}",
                     f"{self.evidence}{when_en}: {self.text.en}")


#: The causes a :class:`Reason` can give, with their meaning.
CAUSES: dict[str, Label] = {
    "outside-window": Label("日期在窗口之外（前或后若干天）",
                            "dated outside the window, by so many days"),
    "unit-not-in-scope": Label("填报单位不在本条的单位范围内",
                               "its unit is not in the criterion's scope"),
    "lacks-tag": Label("缺少本条要求的标签", "lacks a tag the criterion requires"),
    "lacks-ref": Label("未关联本条要求的事项", "does not refer to what the criterion requires"),
    "few-participants": Label("参与人数低于下限", "below the participant minimum"),
    "filed-late": Label("归档超过时限", "filed later than the limit"),
    "unfiled": Label("无归档日期", "no filing date"),
    "other-festival": Label("计入另一个节日（已标注或离另一个节日更近）",
                            "counts for another festival (labelled so, or nearer to it)"),
}


@frozen
class Check:
    """One requirement of a criterion, e.g. "2021 H1: at least one 道德讲堂".

    ``due`` is False while the period is still running on the as-of date; a
    check that is not due and not yet satisfied is *not yet due*, never a
    failure. ``deadline`` is when the requirement had to be met. ``manual``
    marks a check only a person can settle (no assessor record yet).
    ``score`` carries an assessor's percentage for attested checks.
    ``weight`` lets one check stand for that many identical ones (the 700
    records filed in time, say), so large datasets do not need a check each.
    """

    label: Label
    required: int
    found: int
    due: bool = True
    maximum: int | None = None
    evidence: tuple[str, ...] = ()
    unit: str | None = None
    deadline: date | None = None
    note: Label | None = None
    manual: bool = False
    score: float | None = None
    weight: int = 1
    #: Why records near an unmet check did not count (at most MAX_REASONS, see
    #: :mod:`wenming.scoring.reasons`); ``reasons_more`` counts the rest.
    reasons: tuple[Reason, ...] = ()
    reasons_more: int = 0
    #: The first day of the check's window, when it is not the criterion's own
    #: (a period, a festival's days). Only reasons read it, so it is neither
    #: compared nor written to JSON.
    start: date | None = field(default=None, eq=False)

    @property
    def passed(self) -> bool:
        if self.manual:
            return False
        if self.score is not None:
            return self.score >= 100.0
        return self.found >= self.required and (self.maximum is None or self.found <= self.maximum)

    @property
    def pending(self) -> bool:
        """Not yet due: its period is running and it is not yet satisfied."""
        return not self.due and not self.passed and not self.manual

    @property
    def failed(self) -> bool:
        return self.due and not self.passed and not self.manual

    def finding(self) -> Label:
        """The check in words: ``2021 H1: 0 of 1 required``."""
        if self.note is not None:
            return Label(f"{self.label.zh}：{self.note.zh}", f"{self.label.en}: {self.note.en}")
        if self.manual:
            return Label(f"{self.label.zh}：无评定记录，需人工评定",
                         f"{self.label.en}: no assessor record, needs manual assessment")
        if self.score is not None:
            return Label(f"{self.label.zh}：评分 {self.score:g}%",
                         f"{self.label.en}: assessed at {self.score:g}%")
        if self.maximum is not None and self.found > self.maximum:
            return Label(f"{self.label.zh}：{self.found} 次，最多 {self.maximum} 次",
                         f"{self.label.en}: {self.found}, at most {self.maximum} allowed")
        if self.pending:
            return Label(f"{self.label.zh}：{self.found}/{self.required}，未到期",
                         f"{self.label.en}: {self.found} of {self.required} so far, not yet due")
        need = (f"{self.required}–{self.maximum}" if self.maximum is not None
                and self.maximum != self.required else str(self.required))
        return Label(f"{self.label.zh}：{self.found}/{need}",
                     f"{self.label.en}: {self.found} of {need} required")


@frozen
class Measured(Check):
    """A check that measured a value (a ratio, a survey's rate), in percent.

    Criteria with ``bands`` or a ``slope`` turn ``value`` into their share of
    the points; without them the check passes or fails on ``required`` and
    ``found`` like any other.
    """

    value: float = 0.0


@frozen
class Earned(Check):
    """A check that earned points itself (加分 每条 N 分): ``value`` points.

    The criterion earns the sum of its checks' values, up to its ``points``;
    the per-record type returns one. Its ``found``/``required`` say only
    whether anything earned points.
    """

    value: float = 0.0


class NotApplicable(Exception):
    """Raised by a criterion type when the criterion does not apply to the data in scope.

    The scorecard then shows the criterion as not applicable with ``reason``
    (e.g. "不适用：评估期内无检查记录 / not applicable: no inspection on record"),
    rather than the generic "nothing required yet".
    """

    def __init__(self, reason: Label) -> None:
        super().__init__(reason.en)
        self.reason = reason
