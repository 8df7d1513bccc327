"""The columnar evidence store behind :class:`~wenming.Dataset`.

A province keeps about a million records. Held as one Python object each they
cost about 1.5 GB; held here as typed numpy columns they cost tens of bytes
each. Records are sorted once by (kind, unit, day, id), and units are numbered
in depth-first pre-order, so the records of one kind for a subtree are one
contiguous range and a date window inside one unit is two binary searches.
Python objects — ids as ``str``, :class:`~wenming.model.Evidence` — are built
only for what a criterion cites or a report shows.

Loaders append plain values row by row to an :class:`EvidenceColumns` (compact
``array`` buffers, never a list of dicts); :meth:`EvidenceStore.build` turns
those into the sorted columns.

:mod:`~wenming.store.columns` holds both forms of the records — the buffers loaders
fill and the sorted, typed store; :mod:`~wenming.store.indexes` numbers units and
ranks strings so that the sort is one ``lexsort``; :mod:`~wenming.store.queries` answers
range questions on the sorted columns; :mod:`~wenming.store.text` keeps titles as one
buffer.
"""

from wenming.store.columns import EvidenceColumns, EvidenceStore, EvidenceView, Measures
from wenming.store.indexes import IntArray, UnitRanges, string_order
from wenming.store.text import TextColumn

__all__ = [
    "EvidenceColumns",
    "EvidenceStore",
    "EvidenceView",
    "IntArray",
    "Measures",
    "TextColumn",
    "UnitRanges",
    "string_order",
]
