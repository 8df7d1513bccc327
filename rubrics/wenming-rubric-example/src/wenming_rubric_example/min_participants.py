"""The ``min-participants`` criterion type: enough records of a kind that drew a crowd.

"Hold volunteer service with at least 20 staff taking part" is a rule about
the size of an activity, which no built-in type reads: ``present`` counts
records whatever their size. This type counts only the records of ``kinds``
whose ``participants`` field reaches ``participants``.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from wenming.model import Label
from wenming.plugins import CriterionType
from wenming.scoring import Check, EvalContext

__all__ = ["MIN_PARTICIPANTS", "MinParticipantsParams", "evaluate"]


def _at_least_one(_: object, attribute: object, value: int) -> None:
    # attrs passes the attribute; its name makes the loader's message exact.
    if value < 1:
        name = getattr(attribute, "name", "value")
        raise ValueError(f"{name} must be at least 1, got {value}")


@frozen
class MinParticipantsParams:
    """Parameters of a ``min-participants`` criterion, as written in the rubric.

    ``kinds``: evidence kinds that count; ``participants``: the smallest
    turnout that counts; ``min``: how many such records are needed;
    ``window``: where they must fall (any window spec, default the campaign).
    """

    kinds: tuple[str, ...]
    participants: int = field(validator=_at_least_one)
    min: int = field(default=1, validator=_at_least_one)
    window: str = "campaign"


def evaluate(params: MinParticipantsParams, ctx: EvalContext) -> Sequence[Check]:
    """One check over the window: records reaching the turnout, out of ``min`` required."""
    window = ctx.window(params.window)
    records = ctx.records(params.kinds, window)
    large = [r for r in records if (r.participants or 0) >= params.participants]
    note = None
    if len(large) < params.min and len(records) > len(large):
        # Say why records of the right kind did not count, or the finding
        # "0 of 1" would send the user looking for records that exist.
        biggest = max((r.participants or 0) for r in records)
        small = len(records) - len(large)
        note = Label(
            f"{len(large)}/{params.min}；另有 {small} 条记录参与人数不足 {params.participants} 人"
            f"（最多 {biggest} 人）",
            f"{len(large)} of {params.min} required; {small} more record(s) had fewer than "
            f"{params.participants} participants (largest: {biggest})")
    return [Check(
        label=Label(f"参与人数不少于 {params.participants} 人的活动",
                    f"Activities with at least {params.participants} participants"),
        required=params.min, found=len(large), due=ctx.is_due(window),
        evidence=tuple(r.id for r in large), deadline=window.end, note=note)]


MIN_PARTICIPANTS = CriterionType(
    name="min-participants",
    params=MinParticipantsParams,
    evaluate=evaluate,
    summary=Label("参与人数达到要求的活动", "Activities with enough participants"),
)
