"""Range questions on the sorted columns: rows of some kinds, for some units, within dates."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from wenming.store.indexes import IntArray, UnitRanges, no_rows

__all__ = ["RangeQueries"]

# Columns are int32; a search key must be int32 too, or numpy casts the whole column
# to int64 on every call (a Python int counts as int64 there).
_I32 = np.int32
# Above this many (kind, unit range) blocks, a query reads the units' rows instead.
_MANY_BLOCKS = 12


class RangeQueries:
    """The queries of :class:`~wenming.store.EvidenceStore`, over the columns it sorts.

    Rows are sorted by (kind code, unit code, day, id), so the rows of one kind are one
    block, and a unit range inside it two binary searches.
    """

    # Set by EvidenceStore; declared here for the type checker.
    kind: IntArray
    unit: IntArray
    day: IntArray
    rank: IntArray
    ids: list[str]
    kinds: tuple[str, ...]
    kind_code: dict[str, int]
    units: UnitRanges
    _kind_bounds: list[int]
    _unit_order: IntArray | None
    _unit_sorted: IntArray | None

    # -- queries ------------------------------------------------------------------------------
    def select(self, kinds: Iterable[str], units: Iterable[str] | None,
               lo: int | None = None, hi: int | None = None) -> IntArray:
        """Rows of any of ``kinds`` for ``units`` (None: every unit) with lo ≤ day ≤ hi.

        Unsorted; :meth:`in_order` puts rows in (day, id) order.
        """
        ranges = None if units is None else self.units.ranges(units)
        kinds = tuple(dict.fromkeys(kinds))
        if ranges is not None and len(kinds) * len(ranges) > _MANY_BLOCKS:
            return self._select_by_unit(kinds, ranges, lo, hi)
        parts: list[IntArray] = []
        bounds = self._kind_bounds
        unit, day = self.unit, self.day
        for kind in kinds:
            code = self.kind_code.get(kind)
            if code is None:
                continue
            start, stop = bounds[code], bounds[code + 1]
            if start == stop:
                continue
            if ranges is None:
                spans = [(start, stop, False)]
            else:
                block = unit[start:stop]
                spans = []
                for first, last in ranges:
                    a = start + int(block.searchsorted(_I32(first), "left"))
                    b = start + int(block.searchsorted(_I32(last), "left"))
                    if a < b:
                        spans.append((a, b, last - first == 1))
            for a, b, single in spans:
                if lo is None or hi is None:
                    parts.append(np.arange(a, b))
                elif single:
                    days = day[a:b]
                    a2 = a + int(days.searchsorted(_I32(lo), "left"))
                    b2 = a + int(days.searchsorted(_I32(hi), "right"))
                    if a2 < b2:
                        parts.append(np.arange(a2, b2))
                else:
                    days = day[a:b]
                    hits = np.flatnonzero((days >= lo) & (days <= hi))
                    if hits.size:
                        parts.append(hits + a)
        if not parts:
            return no_rows()
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _select_by_unit(self, kinds: tuple[str, ...], ranges: tuple[tuple[int, int], ...],
                        lo: int | None, hi: int | None) -> IntArray:
        """:meth:`select` for many kinds over few units: walk the units' rows once.

        Searching every kind's block costs a few numpy calls per kind; a question about
        all 110 kinds of one subtree (timeliness asks it) is cheaper read from the
        rows sorted by unit, filtered by a kind mask.
        """
        if self._unit_order is None or self._unit_sorted is None:
            self._unit_order = np.argsort(self.unit, kind="stable").astype(np.int32)
            self._unit_sorted = self.unit[self._unit_order]
        order, by_unit = self._unit_order, self._unit_sorted
        wanted = np.zeros(len(self.kinds) + 1, dtype=bool)
        wanted[[self.kind_code[k] for k in kinds if k in self.kind_code]] = True
        parts: list[IntArray] = []
        for first, last in ranges:
            a = int(by_unit.searchsorted(_I32(first), "left"))
            b = int(by_unit.searchsorted(_I32(last), "left"))
            if a < b:
                rows = order[a:b]
                keep = wanted[self.kind[rows]]
                if lo is not None and hi is not None:
                    days = self.day[rows]
                    keep &= (days >= lo) & (days <= hi)
                parts.append(rows[keep])
        if not parts:
            return no_rows()
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def in_order(self, rows: IntArray) -> IntArray:
        if rows.size < 2:
            return rows
        return rows[np.argsort(self.rank[rows], kind="stable")]

    def ids_of(self, rows: IntArray) -> tuple[str, ...]:
        ids = self.ids
        return tuple([ids[i] for i in self.in_order(rows).tolist()])
