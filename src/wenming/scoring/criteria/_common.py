"""Small helpers shared by the built-in criterion types."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from wenming.calendar import DateWindow, Granularity, Period, periods_between
from wenming.model import Evidence
from wenming.model.labels import Label
from wenming.scoring.context import EvalContext


def ids(records: Iterable[Evidence]) -> tuple[str, ...]:
    return tuple(r.id for r in records)


def period_label(period: Period) -> Label:
    return Label(period.label_zh, period.label_en)


def window_label(ctx: EvalContext, spec: str | None, window: DateWindow) -> Label:
    if spec is None or spec == "campaign":
        return Label("创建期内", "During the campaign")
    prefix, _, phase_id = spec.partition(":")
    if prefix == "phase" and ctx.campaign.has_phase(phase_id):
        name = ctx.campaign.phase(phase_id).name
        return Label(f"{name.zh}阶段（{window}）", f"{name.en} phase ({window})")
    if prefix == "by-phase-end" and ctx.campaign.has_phase(phase_id):
        name = ctx.campaign.phase(phase_id).name
        return Label(f"{name.zh}阶段结束前（{window.end}）", f"By the end of {name.en} "
                     f"({window.end})")
    return Label(str(window), str(window))


def clipped_periods(ctx: EvalContext, granularity: str, window: DateWindow
                    ) -> Sequence[tuple[Period, DateWindow]]:
    """The periods overlapping ``window``, each with the part inside it."""
    return _clipped_periods(granularity, window)


@functools.lru_cache(maxsize=1024)
def _clipped_periods(granularity: str, window: DateWindow
                     ) -> tuple[tuple[Period, DateWindow], ...]:
    # Every unit of every scoring asks for the same few calendars: compute each once.
    out: list[tuple[Period, DateWindow]] = []
    for period in periods_between(window, Granularity.parse(granularity)):
        part = period.window.clip(window)
        if part is not None:
            out.append((period, part))
    return tuple(out)
