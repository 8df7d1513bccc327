"""Result states, kept apart so that missing data never silently passes."""

from __future__ import annotations

import enum

from wenming.model.labels import Label


class State(enum.Enum):
    """The state of a check, criterion or item as of a date."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    NOT_YET_DUE = "not-yet-due"
    NOT_APPLICABLE = "not-applicable"
    WAIVED = "waived"
    NEEDS_MANUAL = "needs-manual-assessment"
    ERROR = "error"

    @property
    def label(self) -> Label:
        return _LABELS[self]

    @property
    def scored(self) -> bool:
        """Whether the item's points count in the denominator."""
        return self in (State.MET, State.PARTIAL, State.UNMET)

    @property
    def shortfall(self) -> bool:
        return self in (State.PARTIAL, State.UNMET)


_LABELS = {
    State.MET: Label("达标", "Met"),
    State.PARTIAL: Label("部分达标", "Partial"),
    State.UNMET: Label("未达标", "Unmet"),
    State.NOT_YET_DUE: Label("未到期", "Not yet due"),
    State.NOT_APPLICABLE: Label("不适用", "Not applicable"),
    State.WAIVED: Label("已豁免", "Waived"),
    State.NEEDS_MANUAL: Label("待人工评定", "Needs manual assessment"),
    State.ERROR: Label("出错", "Error"),
}
