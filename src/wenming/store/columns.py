"""The records as columns: the buffers loaders append to, and the sorted, typed store."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import accumulate
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from wenming.model import Attachment, Evidence, Origin
from wenming.store.indexes import (
    IntArray,
    UnitRanges,
    canonical,
    int_column,
    no_rows,
    string_ranks,
)
from wenming.store.queries import RangeQueries
from wenming.store.text import TextColumn

__all__ = ["EvidenceColumns", "EvidenceStore", "EvidenceView", "Measures"]

#: A survey result: rate (%), sample size, numerator, denominator; ``None`` where not given.
Measures = tuple[float | None, int | None, float | None, float | None]
_NONE = 0  # the ordinal standing for "no date" (date.min is ordinal 1)
_fromordinal = date.fromordinal


class _Codes:
    """Strings (or tuples of strings) numbered in the order first seen."""

    __slots__ = ("codes", "values")

    def __init__(self) -> None:
        self.codes: dict[Any, int] = {}
        self.values: list[Any] = []

    def code(self, value: Any) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


class EvidenceColumns:
    """Records appended one at a time as plain values, into compact buffers.

    ``None`` for an optional value is stored as a sentinel (day 0, NaN, -1), so
    a million rows cost a few tens of megabytes before the store is built.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        # Titles are shown, never computed on: one UTF-8 buffer with end offsets costs a
        # third of a million Python strings.
        self.title_bytes = bytearray()
        self.title_ends = array("q")
        self.unit = array("i")
        self.kind = array("i")
        self.day = array("i")
        self.end = array("i")
        self.filed = array("i")
        self.amount = array("d")
        self.participants = array("q")
        self.festival = array("i")
        self.score = array("d")
        self.tags = array("i")
        self.refs = array("i")
        self.file = array("i")
        self.row = array("i")
        self.attachments: dict[int, tuple[Attachment, ...]] = {}
        #: Survey results by position, (rate, sample, numerator, denominator): few records
        #: carry one, so they are kept apart like attachments rather than as four buffers.
        self.measures: dict[int, Measures] = {}
        self.units = _Codes()
        self.kinds = _Codes()
        self.festivals = _Codes()
        self.tag_sets = _Codes()
        self.ref_sets = _Codes()
        self.files = _Codes()

    @classmethod
    def of_store(cls, store: EvidenceStore, keep: npt.NDArray[np.bool_] | None = None
                 ) -> EvidenceColumns:
        """The records of ``store`` (those ``keep`` marks, by store row) as columns again,
        in the order they were read, ready to take more records and build a new store.

        Column by column: planning builds dozens of hypothetical datasets from a
        province's records, and an ``Evidence`` object each would cost seconds apiece.
        """
        rows = store.loaded if keep is None else store.loaded[keep[store.loaded]]
        cols = cls()
        for codes, values in ((cols.units, store.units.order), (cols.kinds, store.kinds),
                              (cols.festivals, store.festivals), (cols.tag_sets, store.tag_sets),
                              (cols.ref_sets, store.ref_sets), (cols.files, store.files)):
            for value in values:
                codes.code(value)
        ids = store.ids
        cols.ids = [ids[r] for r in rows.tolist()]
        if isinstance(store.titles, TextColumn):
            data, ends = store.titles.encoded(rows)
        else:
            encoded = [store.titles[r].encode("utf-8", "surrogatepass") for r in rows.tolist()]
            data, ends = b"".join(encoded), np.cumsum([len(e) for e in encoded], dtype=np.int64)
        cols.title_bytes = bytearray(data)
        cols.title_ends.frombytes(np.ascontiguousarray(ends, dtype=np.int64).tobytes())
        for name, dtype in (("unit", np.int32), ("kind", np.int32), ("day", np.int32),
                            ("end", np.int32), ("filed", np.int32), ("festival", np.int32),
                            ("tags", np.int32), ("refs", np.int32), ("file", np.int32),
                            ("row", np.int32), ("participants", np.int64),
                            ("amount", np.float64), ("score", np.float64)):
            getattr(cols, name).frombytes(
                np.ascontiguousarray(getattr(store, name)[rows], dtype=dtype).tobytes())
        position = np.full(len(store), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        cols.attachments = {int(position[r]): a for r, a in store.attachments.items()
                            if position[r] >= 0}
        if store.has_measures:
            with_values = ~np.isnan(store.rate) | (store.sample >= 0) \
                | ~np.isnan(store.numerator) | ~np.isnan(store.denominator)
            for r in np.flatnonzero(with_values & (position >= 0)).tolist():
                found = store.measures(r)
                cols.measures[int(position[r])] = (found["rate"], found["sample"],
                                                   found["numerator"], found["denominator"])
        return cols

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, id: str, unit: str, kind: str, day: int, title: str = "",
               end: int = _NONE, filed: int = _NONE, amount: float | None = None,
               participants: int | None = None, festival: str | None = None,
               score: float | None = None, tags: tuple[str, ...] = (),
               refs: tuple[str, ...] = (), attachments: tuple[Attachment, ...] = (),
               file: str | None = None, sheet: str | None = None, row: int = 0, *,
               rate: float | None = None, sample: int | None = None,
               numerator: float | None = None, denominator: float | None = None) -> None:
        """Add one record; dates are proleptic ordinals (``date.toordinal()``), 0 for none."""
        if attachments:
            self.attachments[len(self.ids)] = attachments
        if rate is not None or sample is not None or numerator is not None \
                or denominator is not None:
            self.measures[len(self.ids)] = (rate, sample, numerator, denominator)
        self.ids.append(id)
        self.title_bytes += title.encode("utf-8", "surrogatepass")
        self.title_ends.append(len(self.title_bytes))
        self.unit.append(self.units.code(unit))
        self.kind.append(self.kinds.code(kind))
        self.day.append(day)
        self.end.append(end)
        self.filed.append(filed)
        self.amount.append(np.nan if amount is None else amount)
        self.participants.append(-1 if participants is None else participants)
        self.festival.append(-1 if festival is None else self.festivals.code(festival))
        self.score.append(np.nan if score is None else score)
        self.tags.append(self.tag_sets.code(tags))
        self.refs.append(self.ref_sets.code(refs))
        self.file.append(-1 if file is None else self.files.code((file, sheet)))
        self.row.append(row)

    def append_many(self, ids: list[str], units: list[str], kinds: list[str], days: list[int],
                    titles: list[str], ends: list[int], filed: list[int],
                    amounts: list[float | None], participants: list[int | None],
                    festivals: list[str | None], scores: list[float | None],
                    tags: list[tuple[str, ...]], refs: list[tuple[str, ...]], file: str,
                    sheet: str | None, rows: list[int], *,
                    measures: list[Measures | None] | None = None) -> None:
        """Add many records at once (no attachments): :meth:`append`, column by column.

        ``measures`` gives each record's survey result, ``None`` for a record without.
        """
        nan = np.nan
        if measures is not None:
            base = len(self.ids)
            self.measures.update((base + i, m) for i, m in enumerate(measures) if m is not None)
        unit_code, kind_code = self.units.code, self.kinds.code
        self.ids.extend(ids)
        encoded = [t.encode("utf-8", "surrogatepass") for t in titles]
        start = len(self.title_bytes)
        self.title_bytes += b"".join(encoded)
        self.title_ends.extend(list(accumulate((len(e) for e in encoded), initial=start))[1:])
        self.unit.extend([unit_code(u) for u in units])
        self.kind.extend([kind_code(k) for k in kinds])
        self.day.extend(days)
        self.end.extend(ends)
        self.filed.extend(filed)
        self.amount.extend([nan if a is None else a for a in amounts])
        self.participants.extend([-1 if p is None else p for p in participants])
        festival_code = self.festivals.code
        self.festival.extend([-1 if f is None else festival_code(f) for f in festivals])
        self.score.extend([nan if s is None else s for s in scores])
        self.tags.extend([self.tag_sets.code(t) for t in tags])
        self.refs.extend([self.ref_sets.code(r) for r in refs])
        self.file.extend([self.files.code((file, sheet))] * len(ids))
        self.row.extend(rows)

    def extend(self, records: Iterable[Evidence]) -> EvidenceColumns:
        for r in records:
            origin = r.origin
            self.append(r.id, r.unit, r.kind, r.date.toordinal(), r.title,
                        r.end.toordinal() if r.end else _NONE,
                        r.filed.toordinal() if r.filed else _NONE, r.amount, r.participants,
                        r.festival, r.score, r.tags, r.refs, r.attachments,
                        origin.file if origin else None, origin.sheet if origin else None,
                        origin.row if origin else 0, rate=r.rate, sample=r.sample,
                        numerator=r.numerator, denominator=r.denominator)
        return self

    def where(self, position: int) -> tuple[str, int | None]:
        """The file (and sheet) and row of the record appended at ``position``."""
        code = self.file[position]
        if code < 0:
            return f"evidence {self.ids[position]!r}", None
        file, sheet = self.files.values[code]
        return (f"{file}[{sheet}]" if sheet else file), self.row[position]


class EvidenceStore(RangeQueries):
    """Evidence as sorted, typed columns, with range queries.

    Rows are sorted by (kind code, unit code, day, id). ``rank`` gives each
    row's place in (day, id) order, the order every query returns.
    """

    def __init__(self, columns: Mapping[str, Any], *, ids: list[str], titles: Sequence[str],
                 kinds: tuple[str, ...], units: UnitRanges, festivals: tuple[str, ...],
                 tag_sets: tuple[tuple[str, ...], ...], ref_sets: tuple[tuple[str, ...], ...],
                 files: tuple[tuple[str, str | None], ...],
                 attachments: Mapping[int, tuple[Attachment, ...]]) -> None:
        self.kind: IntArray = columns["kind"]
        self.unit: IntArray = columns["unit"]
        self.day: IntArray = columns["day"]
        self.end: IntArray = columns["end"]
        self.filed: IntArray = columns["filed"]
        self.amount: npt.NDArray[np.float64] = columns["amount"]
        self.participants: IntArray = columns["participants"]
        self.festival: IntArray = columns["festival"]
        self.score: npt.NDArray[np.float64] = columns["score"]
        self.tags: IntArray = columns["tags"]
        self.refs: IntArray = columns["refs"]
        self.file: IntArray = columns["file"]
        self.row: IntArray = columns["row"]
        self.rank: IntArray = columns["rank"]
        self.loaded: IntArray = columns["loaded"]  # row of each record in load order
        # Survey results (NaN, or -1 for the sample, where a record has none). Without any
        # they are read-only views of one value, costing nothing at a million records.
        self.rate: npt.NDArray[np.float64] = columns["rate"]
        self.sample: IntArray = columns["sample"]
        self.numerator: npt.NDArray[np.float64] = columns["numerator"]
        self.denominator: npt.NDArray[np.float64] = columns["denominator"]
        self.has_measures: bool = bool(columns["has_measures"])
        self.ids = ids
        self.titles = titles
        self.kinds = kinds
        self.kind_code = {k: i for i, k in enumerate(kinds)}
        self.units = units
        self.festivals = festivals
        self.festival_code = {f: i for i, f in enumerate(festivals)}
        self.tag_sets = tag_sets
        self.ref_sets = ref_sets
        self.files = files
        self.attachments = attachments
        bounds = np.searchsorted(self.kind, np.arange(len(kinds) + 1), side="left")
        self._kind_bounds: list[int] = bounds.tolist()
        self._by_id: dict[str, int] | None = None
        self._sha256: str | None = None
        # rows sorted by unit, built on first use by _select_by_unit
        self._unit_order: IntArray | None = None
        self._unit_sorted: IntArray | None = None

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def build(cls, cols: EvidenceColumns, units: UnitRanges, kinds: Sequence[str],
              id_order: list[int] | None = None) -> EvidenceStore:
        """Sort and encode ``cols``; every unit and kind must be known (checked before)."""
        n = len(cols)
        kind_list = tuple(kinds)
        kind_code = {k: i for i, k in enumerate(kind_list)}
        unit_map = np.array([units.code[u] for u in cols.units.values], dtype=np.int64)
        kind_map = np.array([kind_code[k] for k in cols.kinds.values], dtype=np.int64)
        unit = unit_map[np.frombuffer(cols.unit, dtype=np.int32)] if n else no_rows()
        kind = kind_map[np.frombuffer(cols.kind, dtype=np.int32)] if n else no_rows()
        day = int_column(cols.day)
        id_rank = string_ranks(cols.ids, id_order)
        order = np.lexsort((id_rank, day, unit, kind)) if n else no_rows()

        # Canonical codes for festivals and tag/ref sets: sorted values, so that the
        # store (and its hash) does not depend on the order rows were read.
        festivals, festival_map = canonical(cols.festivals.values)
        tag_sets, tag_map = canonical(cols.tag_sets.values)
        ref_sets, ref_map = canonical(cols.ref_sets.values)
        festival = int_column(cols.festival)
        if n and festivals:
            festival = np.where(festival >= 0, festival_map[np.maximum(festival, 0)], -1)
        columns: dict[str, Any] = {
            "kind": kind[order], "unit": unit[order], "day": day[order],
            "end": int_column(cols.end)[order], "filed": int_column(cols.filed)[order],
            "amount": np.frombuffer(cols.amount, dtype=np.float64)[order] if n
            else np.empty(0, np.float64),
            "participants": int_column(cols.participants)[order],
            "festival": festival[order],
            "score": np.frombuffer(cols.score, dtype=np.float64)[order] if n
            else np.empty(0, np.float64),
            "tags": tag_map[int_column(cols.tags)][order] if n else no_rows(),
            "refs": ref_map[int_column(cols.refs)][order] if n else no_rows(),
            "file": int_column(cols.file)[order], "row": int_column(cols.row)[order],
        }
        sorted_rank = id_rank[order]
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((sorted_rank, columns["day"]))] = np.arange(n)
        columns["rank"] = rank
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.arange(n)
        columns["loaded"] = inverse
        columns.update(_measure_columns(cols.measures, n, order))
        # int32 halves the store: codes, day numbers and row numbers all fit.
        for name in ("kind", "unit", "day", "end", "filed", "festival", "tags", "refs", "file",
                     "row", "rank", "loaded"):
            columns[name] = columns[name].astype(np.int32)
        ids = cols.ids
        attachments = {int(inverse[p]): a for p, a in cols.attachments.items()}
        return cls(columns, ids=[ids[i] for i in order.tolist()],
                   titles=TextColumn.of(cols.title_bytes, cols.title_ends,
                                        order.astype(np.int32)),
                   kinds=kind_list, units=units,
                   festivals=tuple(festivals), tag_sets=tuple(tag_sets),
                   ref_sets=tuple(ref_sets), files=tuple(cols.files.values),
                   attachments=attachments)

    # -- size and rows ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def position(self, evidence_id: str) -> int:
        if self._by_id is None:
            self._by_id = {e: i for i, e in enumerate(self.ids)}
        return self._by_id[evidence_id]

    def origin(self, row: int) -> Origin | None:
        code = int(self.file[row])
        if code < 0:
            return None
        file, sheet = self.files[code]
        return Origin(file, int(self.row[row]), sheet)

    def record(self, row: int) -> Evidence:
        """The record at ``row`` as an :class:`Evidence` (built on demand)."""
        end, filed = int(self.end[row]), int(self.filed[row])
        amount, score = float(self.amount[row]), float(self.score[row])
        participants, festival = int(self.participants[row]), int(self.festival[row])
        return Evidence(
            id=self.ids[row], unit=self.units.order[int(self.unit[row])],
            kind=self.kinds[int(self.kind[row])], date=_fromordinal(int(self.day[row])),
            title=self.titles[row], end=_fromordinal(end) if end else None,
            filed=_fromordinal(filed) if filed else None,
            amount=None if amount != amount else amount,
            participants=None if participants < 0 else participants,
            festival=None if festival < 0 else self.festivals[festival],
            score=None if score != score else score, tags=self.tag_sets[int(self.tags[row])],
            refs=self.ref_sets[int(self.refs[row])], attachments=self.attachments.get(row, ()),
            origin=self.origin(row), **self.measures(row))

    def measures(self, row: int) -> dict[str, Any]:
        """The survey result of the record at ``row``, as :class:`Evidence` keywords."""
        if not self.has_measures:
            return {}
        rate, numerator, denominator = (float(self.rate[row]), float(self.numerator[row]),
                                        float(self.denominator[row]))
        sample = int(self.sample[row])
        return {"rate": None if rate != rate else rate,
                "sample": None if sample < 0 else sample,
                "numerator": None if numerator != numerator else numerator,
                "denominator": None if denominator != denominator else denominator}

    # -- hashing ------------------------------------------------------------------------------
    def sha256(self) -> str:
        """A SHA-256 of everything :meth:`digest` feeds; computed once."""
        if self._sha256 is None:
            digest = hashlib.sha256()
            self.digest(digest)
            self._sha256 = digest.hexdigest()
        return self._sha256

    def __eq__(self, other: object) -> bool:
        # Two stores are equal when they hold the same records: the digest covers every
        # column, and the columns are in a canonical order whatever order rows were read.
        if not isinstance(other, EvidenceStore):
            return NotImplemented
        return self is other or (len(self) == len(other) and self.sha256() == other.sha256())

    def __hash__(self) -> int:
        return hash(self.sha256())

    def digest(self, into: Any) -> None:
        """Feed everything scoring reads into the hash object ``into``, column by column."""
        into.update(repr((self.kinds, self.units.order, self.festivals, self.tag_sets,
                          self.ref_sets)).encode())
        for column in (self.kind, self.unit, self.day, self.end, self.filed, self.amount,
                       self.participants, self.festival, self.score, self.tags, self.refs):
            into.update(np.ascontiguousarray(column).tobytes())
        if self.has_measures:  # a dataset without survey results hashes as it always has
            for column in (self.rate, self.sample, self.numerator, self.denominator):
                into.update(np.ascontiguousarray(column).tobytes())
        into.update("\x00".join(self.ids).encode("utf-8", "surrogatepass"))
        self.titles.digest(into) if isinstance(self.titles, TextColumn) else into.update(
            "\x00".join(self.titles).encode("utf-8", "surrogatepass"))
        for row in sorted(self.attachments):
            into.update(repr((row, [(a.path, a.sha256) for a in self.attachments[row]]))
                        .encode())


class EvidenceView(Sequence[Evidence]):
    """Records at some store rows, as a read-only sequence; each is built when read.

    ``Dataset.evidence`` (every record, in the order read) and ``EvalContext.records``
    (a query's records, by date then id) are both views.
    """

    __slots__ = ("_rows", "_store")

    def __init__(self, store: EvidenceStore, rows: IntArray | None = None) -> None:
        self._store = store
        self._rows: list[int] = (store.loaded if rows is None else rows).tolist()

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Evidence: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Evidence]: ...

    def __getitem__(self, index: int | slice) -> Evidence | Sequence[Evidence]:
        if isinstance(index, slice):
            return tuple(self._store.record(r) for r in self._rows[index])
        return self._store.record(self._rows[index])

    def __iter__(self) -> Iterator[Evidence]:
        record = self._store.record
        for row in self._rows:
            yield record(row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                            strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<{len(self)} evidence records>"


def _measure_columns(measures: Mapping[int, Measures], n: int, order: IntArray
                     ) -> dict[str, Any]:
    """The four survey columns in sorted order, from the few positions that have values."""
    if not measures:
        nan = np.broadcast_to(np.float64(np.nan), (n,))
        return {"rate": nan, "sample": np.broadcast_to(np.int64(-1), (n,)), "numerator": nan,
                "denominator": nan, "has_measures": False}
    out: dict[str, Any] = {"has_measures": True}
    positions = np.fromiter(measures, dtype=np.int64, count=len(measures))
    values = list(measures.values())
    for index, name in enumerate(("rate", "sample", "numerator", "denominator")):
        column = np.full(n, -1 if name == "sample" else np.nan,
                         dtype=np.int64 if name == "sample" else np.float64)
        missing = -1 if name == "sample" else np.nan
        column[positions] = np.array([missing if v[index] is None else v[index]
                                      for v in values], dtype=column.dtype)
        out[name] = column[order]
    return out
