"""``timeliness``: records filed within N days of the event (及时归档)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext


@frozen
class TimelinessParams:
    kinds: tuple[str, ...] = ()
    within_days: int = 30
    window: str = "campaign"


def evaluate_timeliness(params: TimelinessParams, ctx: EvalContext) -> Sequence[Check]:
    """One check per record; the criterion's ``threshold`` sets the share required."""
    window = ctx.window(params.window)
    kinds = params.kinds or tuple(ctx.dataset.vocabulary.kinds)
    checks: list[Check] = []
    for record in ctx.records(kinds, window):
        # What was filed after the as-of date was not in the archive yet on that date.
        delay = record.filing_delay() if record.filed and record.filed <= ctx.as_of else None
        on_time = delay is not None and delay <= params.within_days
        if delay is None:
            note = Label("无归档日期", "no filing date")
        else:
            note = Label(f"事后 {delay} 天归档（限 {params.within_days} 天）",
                         f"filed {delay} days after (limit {params.within_days})")
        # A record not yet filed is not late until its allowance has run out.
        due = on_time or (record.last_day.toordinal() + params.within_days
                          <= ctx.as_of.toordinal())
        checks.append(Check(Label(f"{record.id} {record.title}".strip(),
                                  f"{record.id} {record.title}".strip()),
                            1, 1 if on_time else 0, due=due, evidence=(record.id,),
                            unit=record.unit, note=note))
    return checks


TIMELINESS = CriterionType(
    "timeliness", TimelinessParams, evaluate_timeliness,
    Label("记录按时归档", "Records filed within N days of the event"))
