"""The row reader: one ledger row's cells checked and turned into a record, or into issues.

:class:`EvidenceReader` is the definition of a valid row, and holds what every
reader of a load shares: the columns being filled, the ids seen and the caches of
resolved units, kinds, festivals, dates and lists. The batch reader
(:mod:`wenming.loaders.batch`) builds on it; :mod:`wenming.loaders.ledgers` feeds
it tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from wenming.calendar import UnknownFestivalError, get_festival
from wenming.errors import Bilingual, DataIssue, UnknownKindError, bi, did_you_mean
from wenming.loaders.attachments import AttachmentReader
from wenming.loaders.cells import (
    CONTROL_EXPECTED,
    CONTROL_MESSAGE,
    EMPTY,
    REF_SEPARATORS,
    TAG_SEPARATORS,
    CellError,
    amount_cell,
    count_cell,
    date_cell,
    id_cell,
    list_cell,
    name_cell,
    percent_cell,
    replace_controls,
    text_cell,
    title_cell,
)
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_FIELDS
from wenming.loaders.limits import MAX_NAME_CHARS
from wenming.loaders.measures import read_measures
from wenming.loaders.tables import Row
from wenming.model import Attachment, Vocabulary
from wenming.model.vocabulary import MovedName
from wenming.store import EvidenceColumns, Measures

if TYPE_CHECKING:
    from wenming.loaders.units import UnitLookup

__all__ = ["DUPLICATE_ID", "EvidenceReader", "unique_id"]


# -- records --------------------------------------------------------------------------------

_ID, _UNIT, _KIND, _DATE, _END, _TITLE, _FILED, _AMOUNT, _PARTICIPANTS, _FESTIVAL, _SCORE, \
    _TAGS, _REFS, _ATTACHMENTS, _RATE, _SAMPLE, _NUMERATOR, _DENOMINATOR = \
    range(len(EVIDENCE_FIELDS))


class EvidenceReader:
    """Turns the cells of one row into an :class:`Evidence`, or into issues.

    Units, kinds, festivals and attachment hashes are resolved once per
    distinct value and cached, because ledgers repeat them on every row.
    """

    def __init__(
        self,
        root: Path,
        vocabulary: Vocabulary,
        units: UnitLookup | None,
        issues: IssueCollector,
    ) -> None:
        self.root = root
        self.vocabulary = vocabulary
        self.units = units
        self.issues = issues
        self.unit_cache: dict[object, str | CellError] = {}
        self.kind_cache: dict[object, str | CellError] = {}
        self.festival_cache: dict[object, str | CellError] = {}
        self._files = AttachmentReader(root)
        #: Every valid row, as plain values in compact buffers (never a list of objects).
        self.columns = EvidenceColumns()
        # Every id seen, valid row or not, packed as (row, file, valid) in one int to stay
        # small at a million rows. Dataset.build reports duplicates among valid records;
        # this catches those involving a row that had other problems, in the same run.
        self.seen: dict[str, int] = {}
        #: The id column's header as written in each table ("编号"), so that messages name
        #: the column as the clerk sees it.
        self.id_headers: dict[str, str] = {}
        self._wheres: list[str] = []
        self._where_index: dict[str, int] = {}
        # Shared with the batch reader (loaders/batch.py): resolved dates and lists.
        self.date_cache: dict[object, int] = {}
        self.list_cache: dict[tuple[str, object], tuple[str, ...]] = {}
        #: Kind names read for the first time that once named another kind (Vocabulary.moved);
        #: the batch reader notes each at its first row, then empties this.
        self.moved_pending: dict[object, MovedName] = {}

    def finish(self) -> None:
        """Report ids of rejected rows that a later-checked valid row shares.

        The row reader reports a duplicate at once when it has seen the id; rows
        read in batches are not remembered one by one, so a rejected row whose id
        a batch row used earlier is matched here, at the end of the load.
        """
        rejected = {i: code for i, code in self.seen.items() if not code & 1}
        if not rejected:
            return
        columns = self.columns
        for position, record_id in enumerate(columns.ids):
            code = rejected.get(record_id)
            if code is None or self.seen.get(record_id, 0) & 1:
                continue
            where, line = columns.where(position)
            rejected_where = self._wheres[(code >> 1) & 0xFFFFF]
            self.issues.add(DataIssue(
                rejected_where, DUPLICATE_ID, line=code >> 21,
                field=self.id_headers.get(rejected_where, "id"), value=record_id,
                expected=unique_id(where, line)))

    def with_id_headers(self, issues: Iterable[DataIssue]) -> list[DataIssue]:
        """``issues`` with an ``id`` field named by the table's header as written."""
        return [attrs.evolve(issue, field=self.id_headers[issue.where])
                if issue.field == "id" and issue.where in self.id_headers else issue
                for issue in issues]

    def where_code(self, where: str) -> int:
        index = self._where_index.get(where)
        if index is None:
            index = self._where_index[where] = len(self._wheres)
            self._wheres.append(where)
        return index

    def _check_unique(self, record_id: str, where: str, row: int, valid: bool,
                      errors: list[tuple[int, CellError, object]]) -> None:
        index = self.where_code(where)
        code = self.seen.get(record_id)
        if code is None:
            self.seen[record_id] = (((row << 20) | index) << 1) | valid
        elif not (valid and code & 1):
            errors.append((_ID, CellError(DUPLICATE_ID, unique_id(
                self._wheres[(code >> 1) & 0xFFFFF], code >> 21)), record_id))

    def read(
        self, cells: Row, names: Sequence[str], where: str, file: str, row: int,
        sheet: str | None,
    ) -> bool:
        """Check one row and add it to :attr:`columns`; ``False`` if it had problems.

        ``cells`` hold the raw values in :data:`EVIDENCE_FIELDS` order.
        """
        errors: list[tuple[int, CellError, object]] = []
        (raw_id, raw_unit, raw_kind, raw_date, raw_end, raw_title, raw_filed, raw_amount,
         raw_participants, raw_festival, raw_score, raw_tags, raw_refs,
         raw_attachments, raw_rate, raw_sample, raw_numerator, raw_denominator) = cells

        # Fast paths first: plain text ids, a cached unit and kind, an ISO date.
        record_id = raw_id.strip() if type(raw_id) is str and len(raw_id) <= MAX_NAME_CHARS \
            and raw_id.isprintable() else ""
        if not record_id:
            try:
                record_id = id_cell(raw_id)
            except CellError as exc:
                errors.append((_ID, exc, raw_id))
        unit = self.unit_cache.get(raw_unit) if type(raw_unit) is str else None
        if type(unit) is not str:
            unit = self._cached(self.unit_cache, raw_unit, self.resolve_unit, errors, _UNIT)
        kind = self.kind_cache.get(raw_kind) if type(raw_kind) is str else None
        if type(kind) is not str:
            kind = self._cached(self.kind_cache, raw_kind, self.resolve_kind, errors, _KIND)
        day = _NO_DATE
        try:
            if type(raw_date) is str and len(raw_date) == 10 and raw_date[4] == "-" \
                    and raw_date[7] == "-":
                try:
                    day = _fromisoformat(raw_date)
                except ValueError:
                    day = date_cell(raw_date)
            else:
                day = date_cell(raw_date)
        except CellError as exc:
            errors.append((_DATE, exc, raw_date))

        end = filed = None
        amount = score = None
        participants = None
        festival = None
        tags: tuple[str, ...] = ()
        refs: tuple[str, ...] = ()
        attachments: tuple[Attachment, ...] = ()
        try:
            if raw_end is not None and raw_end != "":
                end = date_cell(raw_end)
        except CellError as exc:
            errors.append((_END, exc, raw_end))
        try:
            if raw_filed is not None and raw_filed != "":
                filed = date_cell(raw_filed)
        except CellError as exc:
            errors.append((_FILED, exc, raw_filed))
        try:
            if raw_amount is not None and raw_amount != "":
                amount = amount_cell(raw_amount)
        except CellError as exc:
            errors.append((_AMOUNT, exc, raw_amount))
        try:
            if raw_participants is not None and raw_participants != "":
                participants = count_cell(raw_participants)
        except CellError as exc:
            errors.append((_PARTICIPANTS, exc, raw_participants))
        if raw_festival is not None and raw_festival != "":
            festival = self._cached(self.festival_cache, raw_festival,
                                    self.resolve_festival, errors, _FESTIVAL) or None
        try:
            if raw_score is not None and raw_score != "":
                score = percent_cell(raw_score)
        except CellError as exc:
            errors.append((_SCORE, exc, raw_score))
        try:
            if raw_tags is not None and raw_tags != "":
                tags = list_cell(raw_tags, TAG_SEPARATORS)
        except CellError as exc:
            errors.append((_TAGS, exc, raw_tags))
        try:
            if raw_refs is not None and raw_refs != "":
                refs = list_cell(raw_refs, REF_SEPARATORS)
        except CellError as exc:
            errors.append((_REFS, exc, raw_refs))
        if raw_attachments is not None and raw_attachments != "":
            attachments = self._files.read(raw_attachments, errors, _ATTACHMENTS)
        rate, sample, numerator, denominator = read_measures(
            raw_rate, raw_sample, raw_numerator, raw_denominator, errors, _RATE) or _NO_MEASURES

        title = ""
        try:
            title = raw_title.strip() if type(raw_title) is str and raw_title.isprintable() \
                and len(raw_title) < 1000 else title_cell(raw_title)
        except CellError as exc:
            if exc.message != CONTROL_MESSAGE:
                errors.append((_TITLE, exc, raw_title))
            else:  # a clerk should not lose a ledger to an invisible character
                title, replaced = replace_controls(text_cell(raw_title))
                self.issues.warn(DataIssue(
                    where, f"control characters in the title replaced / 标题中的控制字符已替换: "
                    f"{replaced}", line=row, field=names[_TITLE], value=exc.value,
                    expected=CONTROL_EXPECTED))

        if filed is not None and day is not _NO_DATE and filed < day:
            errors.append((_FILED, CellError(
                "filed before the effective date / 归档日期早于活动日期",
                bi(f"a filing date on or after the effective date {day.isoformat()}",
                   f"不早于活动日期 {day.isoformat()} 的归档日期")),
                filed.isoformat()))
        if record_id:
            self._check_unique(record_id, where, row, not errors, errors)
        if errors:
            for index, problem, raw in errors:
                value = problem.value if problem.value is not None else (
                    None if raw is None or (isinstance(raw, str) and not raw.strip()) else raw)
                self.issues.add(DataIssue(where, problem.message, line=row, field=names[index],
                                          value=value, expected=problem.expected))
            return False
        self.columns.append(
            record_id, unit, kind, day.toordinal(), title,
            end.toordinal() if end is not None else 0,
            filed.toordinal() if filed is not None else 0, amount, participants, festival,
            score, tags, refs, attachments, file, sheet, row, rate=rate, sample=sample,
            numerator=numerator, denominator=denominator)
        return True

    @staticmethod
    def _cached(
        cache: dict[object, str | CellError], raw: object,
        resolve: Callable[[object], str], errors: list[tuple[int, CellError, object]],
        index: int,
    ) -> str:
        try:
            found = cache[raw]
        except KeyError:
            found = _attempt(resolve, raw)
            cache[raw] = found
        except TypeError:  # unhashable JSON value (a list or object)
            found = _attempt(resolve, raw)
        if isinstance(found, CellError):
            errors.append((index, found, raw))
            return ""
        return found

    # -- resolvers (run once per distinct value) --------------------------------------------
    def resolve_unit(self, raw: object) -> str:
        text = name_cell(raw) if isinstance(raw, str | int | float) else ""
        if not text:
            if raw is None or isinstance(raw, str):
                raise CellError(EMPTY, _UNIT_EXPECTED)
            raise CellError("expected a unit id or name / 应为单位编号或名称",
                            _UNIT_EXPECTED, raw)
        if self.units is None:  # the units file is broken; that is reported already
            return text
        return self.units.resolve(text)

    def resolve_kind(self, raw: object) -> str:
        text = name_cell(raw) if isinstance(raw, str) else ""
        if not text:
            if raw is None or isinstance(raw, str):
                raise CellError(EMPTY, _KIND_EXPECTED)
            raise CellError("expected an evidence kind / 应为证据类别", _KIND_EXPECTED, raw)
        try:
            kind = self.vocabulary.resolve(text)
        except UnknownKindError as exc:
            raise CellError("unknown evidence kind / 未知的证据类别",
                            _KIND_FROM_VOCABULARY + did_you_mean(exc.suggestions),
                            raw) from None
        moved = self.vocabulary.moved(text)
        if moved is not None:
            self.moved_pending[raw] = moved
        return kind

    def resolve_festival(self, raw: object) -> str:
        text = name_cell(raw) if isinstance(raw, str) else ""
        if not text:
            raise CellError("expected a festival name / 应为节日名称",
                            bi("a festival name such as 春节, 端午 or 中秋",
                               "节日名称，如 春节、端午、中秋"), raw)
        try:
            return get_festival(text).id
        except UnknownFestivalError as exc:
            raise CellError("unknown festival / 未知节日",
                            bi("a festival id or name such as 春节, 元宵, 清明, 端午, 中秋, 重阳, "
                               "世界环境日", "节日名称，如 春节、元宵、清明、端午、中秋、重阳、"
                               "世界环境日") + did_you_mean(exc.suggestions), raw) from None


DUPLICATE_ID: Final = bi("duplicate evidence id", "证据编号重复")
_UNIT_EXPECTED: Final = bi("a unit id or name", "单位编号或名称")
_KIND_EXPECTED: Final = bi("an evidence kind (id, Chinese name or alias)",
                           "证据类别（编号、中文名称或别名）")
_KIND_FROM_VOCABULARY: Final = bi(
    "a kind id, Chinese name or alias from the vocabulary (`wenming kinds` lists them; "
    "a kinds.toml in the dataset folder adds your own)",
    "证据类别的编号、中文名称或别名（`wenming kinds` 列出全部；数据集文件夹中的 kinds.toml "
    "可以添加自定义类别）")


def unique_id(where: str, line: int | None) -> Bilingual:
    """What a duplicate id should have been, naming where the id was first used."""
    return bi(f"a unique id (first used at {where}:{line})",
              f"唯一的编号（已在 {where} 第 {line} 行使用）")


_fromisoformat = date.fromisoformat
_NO_MEASURES: Final[Measures] = (None, None, None, None)
_NO_DATE = date.min  # stands in for a date cell that had a problem (reported already)


def _attempt(resolve: Callable[[object], str], raw: object) -> str | CellError:
    try:
        return resolve(raw)
    except CellError as exc:
        return exc
