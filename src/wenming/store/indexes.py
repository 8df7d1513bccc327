"""Indexes of the sorted store: units numbered so a subtree is one range, strings ranked."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from wenming.model import UnitTree

__all__ = ["IntArray", "UnitRanges", "canonical", "int_column", "no_rows", "string_order",
           "string_ranks"]

IntArray = npt.NDArray[np.integer[Any]]


class UnitRanges:
    """Units numbered in depth-first pre-order, so that a subtree is one range of codes."""

    def __init__(self, tree: UnitTree) -> None:
        order: list[str] = []
        size: dict[str, int] = {}
        for root in tree.roots():
            for unit in tree.descendants(root):
                order.append(unit)
        self.order: tuple[str, ...] = tuple(order)
        self.code: dict[str, int] = {u: i for i, u in enumerate(order)}
        for unit in reversed(order):
            size[unit] = 1 + sum(size[c] for c in tree.children(unit))
        self.size = size
        self._memo: dict[tuple[str, ...], tuple[tuple[int, int], ...]] = {}

    def ranges(self, units: Iterable[str]) -> tuple[tuple[int, int], ...]:
        """Half-open code ranges covering exactly ``units`` (unknown ids are ignored)."""
        key = units if isinstance(units, tuple) else tuple(units)
        found = self._memo.get(key)
        if found is not None:
            return found
        code = self.code
        codes = sorted({code[u] for u in key if u in code})
        out: list[tuple[int, int]] = []
        for c in codes:
            if out and out[-1][1] == c:
                out[-1] = (out[-1][0], c + 1)
            else:
                out.append((c, c + 1))
        result = tuple(out)
        if len(self._memo) > 4096:
            self._memo.clear()
        self._memo[key] = result
        return result


def no_rows() -> IntArray:
    return np.empty(0, dtype=np.int64)


def int_column(buffer: array[int]) -> IntArray:
    if not len(buffer):
        return no_rows()
    return np.frombuffer(buffer, dtype=np.int32 if buffer.typecode == "i" else np.int64) \
        .astype(np.int64)


def string_order(values: list[str]) -> list[int]:
    """Positions of ``values`` in sorted order (equal strings by position)."""
    return sorted(range(len(values)), key=values.__getitem__)


def string_ranks(values: list[str], order: list[int] | None = None) -> IntArray:
    """Each string's rank in sorted order (equal strings ranked by position)."""
    n = len(values)
    if not n:
        return no_rows()
    rank = np.empty(n, dtype=np.int64)
    rank[np.array(order if order is not None else string_order(values), dtype=np.int64)] = \
        np.arange(n)
    return rank


def canonical(values: list[Any]) -> tuple[list[Any], IntArray]:
    """``values`` sorted, and the map from each first-seen code to its sorted code."""
    ordered = sorted(range(len(values)), key=values.__getitem__)
    mapping = np.empty(len(values), dtype=np.int64)
    mapping[np.array(ordered, dtype=np.int64)] = np.arange(len(values))
    return [values[i] for i in ordered], mapping
