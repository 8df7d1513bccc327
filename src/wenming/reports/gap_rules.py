"""What a rectification row is and by when it is due: the row kinds (补做, 补档, 已失分) and
the rules that give each failed check its kind and deadline (see docs/reports.md)."""

from __future__ import annotations

import enum
from datetime import date, timedelta

from attrs import frozen

from wenming.model.labels import Label
from wenming.scoring.checks import Check

__all__ = ["FILING_DAYS", "RECTIFICATION_PHASE", "Action", "Rules", "classify", "gap_deadline"]

#: The phase by whose end the listed problems are to be fixed (整改提高).
RECTIFICATION_PHASE = "rectification"
#: The filing rule when no rubric states one: a record is completed within 30 days.
FILING_DAYS = 30


class Action(enum.Enum):
    """What kind of row a gap is: what can still be done about it."""

    REDO = "redo"
    REFILE = "refile"
    LOST = "lost"

    @property
    def label(self) -> Label:
        return _ACTION_LABELS[self]

    @property
    def note(self) -> Label:
        """What the row asks of its unit, in a sentence."""
        return _ACTION_NOTES[self]


_ACTION_LABELS = {
    Action.REDO: Label("补做", "Do now"),
    Action.REFILE: Label("补档", "Complete the record"),
    Action.LOST: Label("已失分", "Points lost"),
}
_ACTION_NOTES = {
    Action.REDO: Label("窗口仍开放，按期补做", "the window is open: do it before the deadline"),
    Action.REFILE: Label("活动已开展，按归档规则补全记录",
                         "the work was done: complete its record under the filing rule"),
    Action.LOST: Label("窗口已关闭，分数已失，只能向检查组说明情况",
                       "the window has closed: the points are lost and can only be explained "
                       "to the inspectors"),
}


def gap_deadline(check_deadline: date | None, rectification_end: date | None,
                 as_of: date) -> date | None:
    """When a shortfall must be fixed.

    The rule: the end of the campaign's ``rectification`` phase (整改提高) when
    the dataset declares one; but if the check's own deadline is sooner and
    still ahead of the as-of date (the period is running, or its record can
    still be made in time), that deadline. Without a rectification phase, the
    check's deadline if it is still ahead, else no date (as soon as possible).
    A deadline before the as-of date means the rectification window itself
    has passed: the gap is *overdue*.
    """
    ahead = check_deadline if check_deadline is not None and check_deadline >= as_of else None
    if rectification_end is None:
        return ahead
    if ahead is not None and ahead < rectification_end:
        return ahead
    return rectification_end


@frozen
class Rules:
    """What a row's deadline is measured against.

    ``standing_end`` is when a standing condition (an on-site score, a problem on
    record) must be put right: the end of the rectification phase while it is
    still ahead, else the campaign's end while that is ahead.
    """

    as_of: date
    by: date | None = None
    rectification_end: date | None = None
    campaign_end: date | None = None
    filing_days: int = FILING_DAYS

    @property
    def standing_end(self) -> date | None:
        for day in (self.rectification_end, self.campaign_end):
            if day is not None and day >= self.as_of:
                return day
        return None

    def capped(self, day: date) -> date:
        return min(day, self.by) if self.by is not None and self.by >= self.as_of else day


def classify(check: Check, criterion_type: str, rules: Rules
             ) -> tuple[Action, date | None, date | None]:
    """A failed check's row kind, deadline and the last day its action counts.

    - 已失分: the check's window closed before the as-of date (or a record's filing
      allowance has run out, which no later filing can undo): no deadline;
    - 补档: a record of the right kind exists but was not counted for something a
      clerk can put right (a missing tag, field or attachment): the filing rule
      gives ``filing_days`` from the as-of date, no later than the standing end;
    - 补做: the window is still open (it ends on the as-of date or later): its end,
      or ``--by`` if earlier; a check with no window is a standing condition, due
      by :attr:`Rules.standing_end`.
    """
    if criterion_type == "timeliness" and check.evidence and check.required == 1:
        return Action.LOST, None, None
    standing = rules.standing_end
    if _refile(check) and standing is not None:
        filed = rules.as_of + timedelta(days=rules.filing_days)
        return Action.REFILE, rules.capped(min(filed, standing)), standing
    if check.deadline is not None:
        if check.deadline >= rules.as_of:
            return Action.REDO, rules.capped(check.deadline), check.deadline
        return Action.LOST, None, None
    if standing is None:
        return Action.LOST, None, None
    return Action.REDO, rules.capped(standing), standing


#: Causes (see :data:`wenming.scoring.checks.CAUSES`) a clerk can put right in the record
#: itself: a tag or a reference added, a filing date written. A record dated outside the
#: window, of a unit out of scope or with too few participants is not a filing matter.
_FIXABLE = frozenset({"lacks-tag", "lacks-ref", "unfiled"})


def _refile(check: Check) -> bool:
    """Whether a record was left out only for things its record can be completed with."""
    return any(r.causes and set(r.causes) <= _FIXABLE for r in check.reasons)
