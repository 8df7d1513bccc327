"""``frequency`` and ``count-range``: so many records in every period."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from wenming.calendar import Granularity
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import clipped_periods, filter_field, filtered, period_label


def _granularity(value: str) -> str:
    return Granularity.parse(value).value


@frozen
class FrequencyParams:
    kinds: tuple[str, ...]
    per: str = field(converter=_granularity)
    min: int = 1
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


@frozen
class CountRangeParams:
    kinds: tuple[str, ...]
    per: str = field(converter=_granularity)
    min: int = 1
    max: int | None = None

    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")

    def __attrs_post_init__(self) -> None:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")


def _per_period(kinds: tuple[str, ...], per: str, window_spec: str, minimum: int,
                maximum: int | None, ctx: EvalContext) -> list[Check]:
    window = ctx.window(window_spec)
    checks: list[Check] = []
    for period, part in clipped_periods(ctx, per, window):
        found = ctx.ids(kinds, part)
        over = maximum is not None and len(found) > maximum
        checks.append(Check(period_label(period), minimum, len(found),
                            due=ctx.is_due(part) or over, maximum=maximum,
                            evidence=found, deadline=part.end, start=part.start))
    return checks


def evaluate_frequency(params: FrequencyParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    return _per_period(params.kinds, params.per, params.window, params.min, None, ctx)


def evaluate_count_range(params: CountRangeParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    return _per_period(params.kinds, params.per, params.window, params.min, params.max, ctx)


FREQUENCY = CriterionType(
    "frequency", FrequencyParams, evaluate_frequency,
    Label("每个周期至少若干条记录", "At least n records in every period"))
COUNT_RANGE = CriterionType(
    "count-range", CountRangeParams, evaluate_count_range,
    Label("每个周期记录数在范围内", "Between min and max records in every period"))
