"""Vetoes (否决项) as of a date: whose records, which records, counted from which day."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import numpy.typing as npt
import pendulum

from wenming.calendar import DateWindow
from wenming.dataset import Dataset
from wenming.rubric.document import Rubric, Veto
from wenming.scoring.scorecard import VetoResult
from wenming.store import IntArray

__all__ = ["evaluate_vetoes", "lookback_window"]


def lookback_window(veto: Veto, dataset: Dataset, as_of: date) -> DateWindow:
    """The days a veto reads: ``lookback_months`` before the declaration (or as-of date).

    申报前两年内: the look-back counts from the declaration when the campaign gives
    one, and what happened since then up to the as-of date counts as well.
    """
    anchor = min(dataset.campaign.declaration or as_of, as_of)
    start = pendulum.date(anchor.year, anchor.month, anchor.day).subtract(
        months=veto.lookback_months)
    return DateWindow(date(start.year, start.month, start.day), as_of)


def evaluate_vetoes(rubric: Rubric, dataset: Dataset, as_of: date, units: tuple[str, ...]
                    ) -> tuple[VetoResult, ...]:
    """The vetoes of ``rubric`` that records of ``units`` trigger as of ``as_of``."""
    triggered: list[VetoResult] = []
    attributes = _attributes(dataset)
    for veto in rubric.vetoes:
        window = lookback_window(veto, dataset, as_of)
        subject = units
        if veto.subject_units is not None:
            subject = veto.subject_units.units(units, attributes)
        rows = _rows(veto, dataset, subject, window)
        found = dataset.store.ids_of(dataset.store.in_order(rows)) if rows.size else ()
        if found:
            triggered.append(VetoResult(veto.code, veto.title, veto.consequence, veto.deduct,
                                        found, source=veto.source, basis=veto.basis))
    return tuple(triggered)


def _rows(veto: Veto, dataset: Dataset, units: tuple[str, ...], window: DateWindow
          ) -> IntArray:
    store = dataset.store
    if veto.counted_from == "closing":
        # 自结案之日起: a case closed inside the window counts, and so does one still open
        # (no closing date yet) that began by the as-of date.
        rows = dataset.rows(veto.kinds, units, DateWindow(date.min, window.end))
        if rows.size:
            end = store.end[rows]
            rows = rows[(end == 0) | (end >= window.start.toordinal())]
    else:
        rows = dataset.rows(veto.kinds, units, window)
    for wanted, column, sets in ((veto.subject_tags, store.tags, store.tag_sets),
                                 (veto.tags, store.tags, store.tag_sets),
                                 (veto.refs, store.refs, store.ref_sets)):
        if wanted and rows.size:
            names = set(wanted)
            codes = [c for c, held in enumerate(sets) if names.intersection(held)]
            rows = rows[np.isin(column[rows], codes)]
    if veto.rate_below is not None and rows.size:
        rows = rows[_rates(dataset, rows) < veto.rate_below]
    return rows


def _rates(dataset: Dataset, rows: IntArray) -> npt.NDArray[np.float64]:
    """Each row's measured rate in percent: ``rate``, else numerator / denominator; NaN if none."""
    store = dataset.store
    rate = store.rate[rows].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = store.numerator[rows] / store.denominator[rows] * 100.0
    # NaN < threshold is False: a record without a result never triggers the veto.
    out: npt.NDArray[np.float64] = np.where(np.isnan(rate), ratio, rate)
    return out


def _attributes(dataset: Dataset) -> Callable[[str], Mapping[str, float | bool | str]]:
    units = dataset.units
    return lambda unit: units[unit].attributes
