"""Small helpers shared by the built-in criterion types."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from attrs import field, frozen

from wenming.calendar import DateWindow, Granularity, Period, periods_between
from wenming.model import Evidence
from wenming.model.labels import Label
from wenming.scoring.context import EMPTY_ROWS, EvalContext
from wenming.store import IntArray


def ids(records: Iterable[Evidence]) -> tuple[str, ...]:
    return tuple(r.id for r in records)


def period_label(period: Period) -> Label:
    return Label(period.label_zh, period.label_en)


def phase_name(name: Label) -> Label:
    """A phase's name with 阶段 / "phase" once: a campaign may name it "全面创建" or
    "全面创建阶段" (``wenming init`` names phases after rubric items)."""
    zh = name.zh if name.zh.endswith("阶段") else f"{name.zh}阶段"
    en = name.en if name.en.lower().endswith("phase") else f"{name.en} phase"
    return Label(zh, en)


def window_label(ctx: EvalContext, spec: str | None, window: DateWindow) -> Label:
    if spec is None or spec == "campaign":
        return Label("创建期内", "During the campaign")
    prefix, _, phase_id = spec.partition(":")
    first_id, span, last_id = phase_id.partition("..")
    if prefix == "phase" and span and ctx.campaign.has_phase(first_id) \
            and ctx.campaign.has_phase(last_id):
        first, last = ctx.campaign.phase(first_id).name, ctx.campaign.phase(last_id).name
        bare = [re.sub(r"\s*phase$", "", n.en, flags=re.IGNORECASE) for n in (first, last)]
        return Label(f"{first.zh}至{phase_name(last).zh}（{window}）",
                     f"{bare[0]} to {bare[1]} phases ({window})")
    if prefix == "phase" and ctx.campaign.has_phase(phase_id):
        name = phase_name(ctx.campaign.phase(phase_id).name)
        return Label(f"{name.zh}（{window}）", f"{name.en} ({window})")
    if prefix == "by-phase-end" and ctx.campaign.has_phase(phase_id):
        raw = ctx.campaign.phase(phase_id).name
        return Label(f"{phase_name(raw).zh}结束前（{window.end}）", f"By the end of {raw.en} "
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


@frozen
class FilteredContext(EvalContext):
    """A context whose queries keep only records naming one of ``refs`` or ``tags``.

    Every built-in type asks for records through :meth:`EvalContext.rows`, so
    filtering there gives each of them the ``refs``/``tags`` parameters at the
    cost of one ``isin`` over the rows' set codes.
    """

    refs: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    def rows(self, kinds: Iterable[str], window: DateWindow | None = None,
             units: Iterable[str] | None = None) -> IntArray:
        rows = super().rows(kinds, window, units)
        store = self.dataset.store
        if self.refs and rows.size:
            codes = [c for c, names in enumerate(store.ref_sets) if self.refs.intersection(names)]
            rows = rows[np.isin(store.refs[rows], codes)] if codes else EMPTY_ROWS
        if self.tags and rows.size:
            codes = [c for c, names in enumerate(store.tag_sets) if self.tags.intersection(names)]
            rows = rows[np.isin(store.tags[rows], codes)] if codes else EMPTY_ROWS
        return rows


def filtered(ctx: EvalContext, params: object) -> EvalContext:
    """``ctx`` narrowed to the records carrying one of ``params.refs`` / ``params.tags``."""
    refs = frozenset(getattr(params, "refs", ()) or ())
    tags = frozenset(getattr(params, "tags", ()) or ())
    if not refs and not tags:
        return ctx
    if isinstance(ctx, FilteredContext):  # a filter inside a filter keeps both
        refs, tags = refs or ctx.refs, tags or ctx.tags
    return FilteredContext(ctx.dataset, ctx.as_of, ctx.units, ctx.defaults, refs, tags)


def filter_field(what: str) -> Any:
    """The optional ``refs``/``tags`` parameter every built-in criterion type takes."""
    return field(default=(), converter=_names, metadata={
        "help": Label(f"只计入带有其中任一{what}的记录",
                      f"count only records carrying one of these {what}")})


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"expected a list of names, got {value!r}")
    return tuple(value)
