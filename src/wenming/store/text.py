"""Strings held as one UTF-8 buffer: the titles of a million records at a third of the cost."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from wenming.store.indexes import IntArray

__all__ = ["TextColumn"]


class TextColumn(Sequence[str]):
    """Strings held as one UTF-8 buffer with end offsets; a ``str`` is made when read.

    ``rows`` maps each position to the string's place in the buffer, so that the
    buffer is kept in the order it was written and never copied to be sorted.
    """

    __slots__ = ("_data", "_ends", "_rows", "_starts")

    def __init__(self, data: bytes | bytearray, ends: npt.NDArray[np.int64],
                 rows: IntArray | None = None) -> None:
        self._data = data
        self._ends = ends
        self._starts = np.concatenate(([0], ends[:-1])).astype(np.int64) if ends.size else ends
        self._rows = rows

    @classmethod
    def of(cls, data: bytearray, ends: array[int], rows: IntArray | None = None) -> TextColumn:
        stops = np.frombuffer(ends, dtype=np.int64) if len(ends) else np.empty(0, np.int64)
        return cls(data, stops, rows)

    def __len__(self) -> int:
        return len(self._ends) if self._rows is None else len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        place = int(self._rows[index]) if self._rows is not None else index
        return self._data[int(self._starts[place]):int(self._ends[place])].decode(
            "utf-8", "surrogatepass")

    def encoded(self, indices: IntArray) -> tuple[bytes, npt.NDArray[np.int64]]:
        """The strings at ``indices`` as one UTF-8 buffer and its end offsets."""
        places = self._rows[indices] if self._rows is not None else indices
        parts: list[bytes] = []
        # In chunks, so that the slices of a million titles never exist all at once.
        for first in range(0, len(places), 65536):
            chunk = places[first:first + 65536]
            parts.append(b"".join([self._data[a:b] for a, b in zip(
                self._starts[chunk].tolist(), self._ends[chunk].tolist(), strict=True)]))
        lengths = self._ends[places] - self._starts[places]
        return b"".join(parts), np.cumsum(lengths, dtype=np.int64)

    def digest(self, into: Any) -> None:
        """Feed the strings, in this column's order and NUL-separated, into a hash object."""
        data = self._data
        places = self._rows if self._rows is not None else np.arange(len(self))
        # In chunks, so that the slices of a million titles never exist all at once.
        for first in range(0, len(places), 65536):
            chunk = places[first:first + 65536]
            into.update(b"\x00".join([data[a:b] for a, b in zip(
                self._starts[chunk].tolist(), self._ends[chunk].tolist(), strict=True)]))
            into.update(b"\x00")
