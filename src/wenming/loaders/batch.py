"""Reading ledger rows a batch at a time, column by column.

:meth:`EvidenceReader.read <wenming.loaders.rows.EvidenceReader.read>` is the
definition of a valid row: it checks every cell and says exactly what is wrong.
It costs several microseconds a row, most of it in the row's bookkeeping. A
real ledger is overwhelmingly clean and repetitive — a few hundred units,
kinds and days repeated a million times — so rows are gathered into batches
and each column is converted in one tight loop with the *same* cell parsers,
resolving each distinct unit, kind, festival and date once.

Anything unusual in a batch (a cell a parser refuses, an attachment, a
duplicate id, a filing date before the event) sends the whole batch back
through ``read`` row by row, which then reports every problem with its row and
column. The fast path therefore never decides what is valid; it only skips
work when nothing can be wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Final

from wenming.errors import DataIssue
from wenming.loaders.cells import (
    REF_SEPARATORS,
    TAG_SEPARATORS,
    CellError,
    amount_cell,
    count_cell,
    date_cell,
    list_cell,
    percent_cell,
    title_cell,
)
from wenming.loaders.limits import MAX_NAME_CHARS
from wenming.loaders.measures import read_measures
from wenming.loaders.rows import EvidenceReader
from wenming.store import Measures

__all__ = ["BATCH_ROWS", "RowBatch"]

#: Rows gathered before a batch is converted; small enough that one odd row sends
#: little back to the row-by-row path, large enough to amortise the per-batch work.
BATCH_ROWS: Final = 2048
#: Where the kind sits in a row's cells (the order of EVIDENCE_FIELDS: id, unit, kind, …).
_KIND_COLUMN: Final = 2


class _Slow(Exception):
    """Something in the batch needs the row-by-row reader."""


def _blank(value: object) -> bool:
    return value is None or value == ""


class RowBatch:
    """Rows of one table (or JSONL file) waiting to be read; call :meth:`flush` at the end."""

    def __init__(self, reader: EvidenceReader, names: Sequence[str], where: str, file: str,
                 sheet: str | None) -> None:
        self.reader = reader
        self.names = names
        self.where = where
        reader.id_headers.setdefault(where, names[0])  # EVIDENCE_FIELDS starts with the id
        self.file = file
        self.sheet = sheet
        self.rows: list[Sequence[object]] = []
        self.numbers: list[int] = []
        self.count = 0

    def add(self, cells: Sequence[object], number: int) -> None:
        self.numbers.append(number)
        rows = self.rows
        rows.append(cells)
        if len(rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> int:
        """Read what is gathered; returns the number of records read in total so far."""
        if self.rows:
            try:
                self.count += self._fast()
            except _Slow:
                read = self.reader.read
                for cells, number in zip(self.rows, self.numbers, strict=True):
                    self.count += read(cells, self.names, self.where, self.file, number,
                                       self.sheet)
            if self.reader.moved_pending:
                self._note_moved()
            self.rows = []
            self.numbers = []
        return self.count

    def _note_moved(self) -> None:
        """A note at the first row of this batch that names a kind by a name that moved."""
        pending = self.reader.moved_pending
        for cells, number in zip(self.rows, self.numbers, strict=True):
            raw = cells[_KIND_COLUMN]
            move = pending.pop(raw, None) if isinstance(raw, str) else None
            if move is not None:
                self.reader.issues.warn(DataIssue(
                    self.where, f"“{raw}” is read as {move.to}, no longer as {move.old}: the "
                    "seeds separate the two / 该类别名称现按新类别读取", line=number,
                    field=self.names[_KIND_COLUMN], value=raw,
                    expected=f"{move.to} if that is what the record shows; otherwise "
                             f"{move.old} by its id"))
            if not pending:
                break
        pending.clear()

    # -- the column-wise path --------------------------------------------------------------
    def _fast(self) -> int:
        reader = self.reader
        (raw_id, raw_unit, raw_kind, raw_date, raw_end, raw_title, raw_filed, raw_amount,
         raw_participants, raw_festival, raw_score, raw_tags, raw_refs,
         raw_attachments, raw_rate, raw_sample, raw_numerator, raw_denominator) = \
            zip(*self.rows, strict=True)
        if not all(a is None or a == "" for a in raw_attachments):
            raise _Slow
        if not all(type(i) is str and len(i) <= MAX_NAME_CHARS and i.isprintable()
                   for i in raw_id):
            raise _Slow
        ids = [i.strip() for i in raw_id]
        if not all(ids):
            raise _Slow
        units = _resolve(raw_unit, reader.unit_cache, reader.resolve_unit)
        kinds = _resolve(raw_kind, reader.kind_cache, reader.resolve_kind)
        days = _days(raw_date, reader.date_cache)
        ends = _optional_days(raw_end, reader.date_cache)
        filed = _optional_days(raw_filed, reader.date_cache)
        if any(f and f < d for f, d in zip(filed, days, strict=True)):
            raise _Slow
        if any(e and e < d for e, d in zip(ends, days, strict=True)):
            raise _Slow  # reported by Dataset.build with the row; keep its order of reports
        try:
            amounts = [None if v is None or v == "" else amount_cell(v) for v in raw_amount]
            people = [None if v is None or v == "" else count_cell(v) for v in raw_participants]
            scores = [None if v is None or v == "" else percent_cell(v) for v in raw_score]
            titles = [title_cell(t) if type(t) is not str or not t.isprintable()
                      or len(t) >= 1000 else t.strip() for t in raw_title]
        except CellError:
            raise _Slow from None
        festivals = _resolve_optional(raw_festival, reader.festival_cache,
                                      reader.resolve_festival)
        tags = _lists(raw_tags, TAG_SEPARATORS, reader.list_cache)
        refs = _lists(raw_refs, REF_SEPARATORS, reader.list_cache)
        measures = _measures(raw_rate, raw_sample, raw_numerator, raw_denominator)
        _claim(reader, ids, self.where, self.numbers)
        reader.columns.append_many(ids, units, kinds, days, titles, ends, filed, amounts,
                                   people, festivals, scores, tags, refs, self.file,
                                   self.sheet, self.numbers, measures=measures)
        return len(ids)


def _measures(*raw: Sequence[object]) -> list[Measures | None] | None:
    """Each row's survey result; ``None`` for a batch with none (nearly every batch)."""
    if all(all(v is None or v == "" for v in column) for column in raw):
        return None
    out: list[Measures | None] = []
    errors: list[tuple[int, CellError, object]] = []
    for rate, sample, numerator, denominator in zip(*raw, strict=True):
        out.append(read_measures(rate, sample, numerator, denominator, errors, 0))
        if errors:
            raise _Slow
    return out


def _resolve(raw: Sequence[object], cache: dict[object, str | CellError],
             resolve: Callable[[object], str]) -> list[str]:
    out: list[str] = []
    append = out.append
    for value in raw:
        try:
            found = cache[value]
        except KeyError:
            try:
                found = cache[value] = resolve(value)
            except CellError as exc:
                cache[value] = exc
                raise _Slow from None
        except TypeError:  # unhashable (a JSON list where a name belongs)
            raise _Slow from None
        if type(found) is not str:
            raise _Slow
        append(found)
    return out


def _resolve_optional(raw: Sequence[object], cache: dict[object, str | CellError],
                      resolve: Callable[[object], str]) -> list[str | None]:
    filled = [v for v in raw if not _blank(v)]
    if not filled:
        return [None] * len(raw)
    resolved = iter(_resolve(filled, cache, resolve))
    return [None if _blank(v) else next(resolved) for v in raw]


def _day(value: object, cache: dict[object, int]) -> int:
    try:
        return cache[value]
    except KeyError:
        pass
    except TypeError:
        raise _Slow from None
    try:
        if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                day = date_cell(value)
        else:
            day = date_cell(value)
    except CellError:
        raise _Slow from None
    ordinal = cache[value] = day.toordinal()
    return ordinal


def _days(raw: Sequence[object], cache: dict[object, int]) -> list[int]:
    get = cache.get
    out = [get(v) if type(v) is str else None for v in raw]
    if None in out:
        out = [_day(v, cache) for v in raw]
    return out  # type: ignore[return-value]


def _optional_days(raw: Sequence[object], cache: dict[object, int]) -> list[int]:
    if all(v is None for v in raw):
        return [0] * len(raw)
    return [0 if _blank(v) else _day(v, cache) for v in raw]


def _lists(raw: Sequence[object], separators: str,
           cache: dict[tuple[str, object], tuple[str, ...]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    append = out.append
    for value in raw:
        if value is None or value == "" or value == []:
            append(())
            continue
        key = (separators, tuple(value) if type(value) is list else value)
        try:
            found = cache.get(key)
        except TypeError:  # a list holding unhashable values: let the row reader say why
            raise _Slow from None
        if found is None:
            try:
                found = cache[key] = list_cell(value, separators)
            except CellError:
                raise _Slow from None
        append(found)
    return out


def _claim(reader: EvidenceReader, ids: list[str], where: str, numbers: list[int]) -> None:
    """Hand the batch back if one of its ids was seen before by the row reader.

    The batch's own ids are not remembered here (a million of them would cost more
    memory than the records): duplicates among valid records are found when the
    dataset is built, and :meth:`EvidenceReader.finish` matches the few ids of
    rejected rows against them.
    """
    if len(set(ids)) != len(ids) or not reader.seen.keys().isdisjoint(ids):
        raise _Slow
