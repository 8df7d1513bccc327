"""What a criterion sees when it is evaluated: the data, the date and the scope."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

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
        """Resolve a window spec: ``campaign``, ``phase:ID``, ``by-phase-end:ID`` or a literal."""
        campaign = self.campaign
        if spec is None or spec == "campaign":
            return campaign.window
        if spec.startswith(("phase:", "by-phase-end:")):
            prefix, _, phase_id = spec.partition(":")
            if not campaign.has_phase(phase_id):
                known = ", ".join(p.id for p in campaign.phases) or "none"
                raise WindowSpecError(
                    f"window {spec!r} names phase {phase_id!r}, which campaign "
                    f"{campaign.id!r} does not declare (phases: {known})")
            phase = campaign.phase(phase_id)
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

    def records(self, kinds: tuple[str, ...], window: DateWindow | None = None,
                units: tuple[str, ...] | None = None) -> list[Evidence]:
        """Records of ``kinds`` in scope, never past the as-of date."""
        window = window or self.campaign.window
        if window.start > self.as_of:
            return []
        if window.end > self.as_of:
            window = DateWindow(window.start, self.as_of)
        return self.dataset.records(kinds, self.units if units is None else units, window)

    def unit_label(self, unit_id: str) -> Label:
        return self.dataset.units[unit_id].name
