"""What a criterion sees when it is evaluated: the data, the date and the scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np
from attrs import frozen

from wenming.calendar import (
    DateWindow,
    FestivalWindow,
    Granularity,
    Period,
    parse_window,
    periods_between,
)
from wenming.dataset import Dataset
from wenming.model import Campaign, Evidence
from wenming.model.labels import Label
from wenming.store import EvidenceView, IntArray

EMPTY_ROWS: IntArray = np.empty(0, dtype=np.int64)


class WindowSpecError(ValueError):
    """A criterion names a window that cannot be resolved for this campaign."""


@frozen
class EvalContext:
    """The inputs of one criterion evaluation.

    ``units`` is the unit scope (already expanded to every unit under the
    scope's root when the rubric says so). ``defaults`` holds the rubric's
    ``[defaults]`` table.
    """

    dataset: Dataset
    as_of: date
    units: tuple[str, ...]
    defaults: Mapping[str, object]

    @property
    def campaign(self) -> Campaign:
        return self.dataset.campaign

    @property
    def festival_window(self) -> FestivalWindow:
        raw = self.defaults.get("festival_window")
        if isinstance(raw, Mapping):
            return FestivalWindow(int(raw.get("before", 7)), int(raw.get("after", 7)))
        return FestivalWindow()

    def window(self, spec: str | None) -> DateWindow:
        """Resolve a window spec: ``campaign``, ``phase:ID``, ``phase:FIRST..LAST`` (from the
        first phase's start to the last one's end), ``by-phase-end:ID`` or a literal."""
        campaign = self.campaign
        if spec is None or spec == "campaign":
            return campaign.window
        if spec.startswith(("phase:", "by-phase-end:")):
            prefix, _, named = spec.partition(":")
            first_id, span, last_id = named.partition("..")
            if span and prefix != "phase":
                raise WindowSpecError(f"window {spec!r}: a span of phases is written "
                                      "phase:FIRST..LAST")
            ids = (first_id, last_id) if span else (first_id,)
            for phase_id in ids:
                if not campaign.has_phase(phase_id):
                    known = ", ".join(p.id for p in campaign.phases) or "none"
                    raise WindowSpecError(
                        f"window {spec!r} names phase {phase_id!r}, which campaign "
                        f"{campaign.id!r} does not declare (phases: {known})")
            phase = campaign.phase(first_id)
            if span:
                last = campaign.phase(last_id)
                if last.end < phase.start:
                    raise WindowSpecError(f"window {spec!r}: phase {last_id!r} ends before "
                                          f"phase {first_id!r} starts")
                return DateWindow(phase.start, last.end)
            if prefix == "phase":
                return phase.window
            return DateWindow(min(campaign.start, phase.end), phase.end)
        try:
            return parse_window(spec)
        except ValueError as error:
            raise WindowSpecError(str(error)) from None

    def periods(self, granularity: Granularity, window: DateWindow) -> tuple[Period, ...]:
        return periods_between(window, granularity)

    def is_due(self, window: DateWindow) -> bool:
        """A window is due once its last day has passed (or is today)."""
        return window.end <= self.as_of

    def _clip(self, window: DateWindow | None) -> DateWindow | None:
        """``window`` (default: the campaign's) cut at the as-of date; None if it starts later."""
        window = window or self.campaign.window
        if window.start > self.as_of:
            return None
        if window.end > self.as_of:
            window = DateWindow(window.start, self.as_of)
        return window

    def rows(self, kinds: Iterable[str], window: DateWindow | None = None,
             units: Iterable[str] | None = None) -> IntArray:
        """Store rows (see :class:`wenming.store.EvidenceStore`) of ``kinds`` in scope.

        The cheapest question a criterion can ask; the rows index the store's
        columns, in no particular order.
        """
        clipped = self._clip(window)
        if clipped is None:
            return EMPTY_ROWS
        return self.dataset.rows(kinds, self.units if units is None else units, clipped)

    def count(self, kinds: Iterable[str], window: DateWindow | None = None,
              units: Iterable[str] | None = None) -> int:
        """How many records :meth:`records` would return, without building them."""
        return int(self.rows(kinds, window, units).size)

    def ids(self, kinds: Iterable[str], window: DateWindow | None = None,
            units: Iterable[str] | None = None) -> tuple[str, ...]:
        """The ids :meth:`records` would return, in the same (date, id) order."""
        return self.dataset.store.ids_of(self.rows(kinds, window, units))

    def records(self, kinds: Iterable[str], window: DateWindow | None = None,
                units: Iterable[str] | None = None) -> Sequence[Evidence]:
        """Records of ``kinds`` in scope, never past the as-of date, by date then id.

        A lazy sequence: each :class:`Evidence` is built when it is read. Prefer
        :meth:`count` and :meth:`ids` where the records themselves are not needed.
        """
        store = self.dataset.store
        return EvidenceView(store, store.in_order(self.rows(kinds, window, units)))

    def unit_label(self, unit_id: str) -> Label:
        return self.dataset.units[unit_id].name
