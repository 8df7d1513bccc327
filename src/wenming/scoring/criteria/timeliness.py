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
    """One check per late or unfiled record, and per unit one weighted check for those in time.

    The criterion's ``threshold`` sets the share of records required in time.
    """
    window = ctx.window(params.window)
    kinds = params.kinds or tuple(ctx.dataset.vocabulary.kinds)
    as_of = ctx.as_of
    limit = params.within_days
    checks: list[Check] = []
    on_time: dict[str, list[str]] = {}
    for record in ctx.records(kinds, window):
        # What was filed after the as-of date was not in the archive yet on that date.
        filed = record.filed if record.filed is not None and record.filed <= as_of else None
        last_day = record.end or record.date
        delay = (filed - last_day).days if filed is not None else None
        if delay is not None and delay <= limit:
            on_time.setdefault(record.unit, []).append(record.id)
            continue
        if delay is None:
            note = Label("无归档日期", "no filing date")
        else:
            note = Label(f"事后 {delay} 天归档（限 {limit} 天）",
                         f"filed {delay} days after (limit {limit})")
        # A record not yet filed is not late until its allowance has run out.
        due = last_day.toordinal() + limit <= as_of.toordinal()
        name = f"{record.id} {record.title}".strip()
        checks.append(Check(Label(name, name), 1, 0, due=due, evidence=(record.id,),
                            unit=record.unit, note=note))
    label = Label(f"{limit} 天内归档的记录", f"Records filed within {limit} days")
    in_time = [Check(label, 1, 1, evidence=tuple(ids), unit=unit, weight=len(ids))
               for unit, ids in on_time.items()]
    return in_time + checks


TIMELINESS = CriterionType(
    "timeliness", TimelinessParams, evaluate_timeliness,
    Label("记录按时归档", "Records filed within N days of the event"))
