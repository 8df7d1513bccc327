"""Evidence ledgers: CSV files and XLSX workbooks a clerk keeps, row by row.

A file (or each sheet of a workbook) is a table: some title rows a clerk
may put on top, one header row naming the columns, then one record per row.
The header is mapped once per table; each row then goes through
:class:`EvidenceReader`, which checks every cell and builds the
:class:`~wenming.model.Evidence` directly. Files are only ever opened for
reading (``openpyxl`` in read-only mode, closed when done).
"""

from __future__ import annotations

import csv
import hashlib
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from wenming.calendar import UnknownFestivalError, get_festival
from wenming.errors import DataIssue, UnknownKindError
from wenming.loaders.cells import (
    EMPTY,
    REF_SEPARATORS,
    TAG_SEPARATORS,
    CellError,
    amount_cell,
    count_cell,
    date_cell,
    id_cell,
    list_cell,
    percent_cell,
    text_cell,
)
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import (
    EVIDENCE_COLUMNS,
    EVIDENCE_FIELDS,
    EVIDENCE_REQUIRED,
    HeaderMap,
    column_letter,
    describe_aliases,
    map_header,
)
from wenming.model import Attachment, Evidence, Origin, Vocabulary

if TYPE_CHECKING:
    from wenming.loaders.units import UnitLookup

__all__ = [
    "HEADER_SEARCH_ROWS",
    "SKIPPED_SHEET",
    "EvidenceReader",
    "Table",
    "csv_tables",
    "read_evidence_table",
    "xlsx_tables",
]

#: How many non-blank rows above the header (titles, notes) a table may have.
HEADER_SEARCH_ROWS: Final = 10
#: Sheets named like this are instructions; skipped when no header is found on them.
SKIPPED_SHEET: Final = re.compile(
    r"说明|须知|备注|示例|readme|read\s*me|instruction|notes?\b|example|help", re.IGNORECASE)
_HEX64: Final = re.compile(r"[0-9a-fA-F]{64}")
_HEXISH: Final = re.compile(r"[0-9a-fA-F]{6,}")
_ABSOLUTE: Final = re.compile(r"^(?:/|[A-Za-z]:|\\\\)")
_ATTACHMENT_SEPARATORS: Final = ";；"

Row = Sequence[object]


@frozen
class Table:
    """A header-mapped table of a CSV file or an XLSX sheet, rows not yet read."""

    file: str
    sheet: str | None
    header: HeaderMap
    header_row: int
    rows: Iterator[tuple[int, Row]]

    @property
    def where(self) -> str:
        return f"{self.file}[{self.sheet}]" if self.sheet else self.file


def _is_blank_row(row: Row) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in row)


def _find_header(
    rows: Iterator[tuple[int, Row]], columns: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
) -> tuple[int, HeaderMap] | bool:
    """The header row and its mapping; ``False`` if the table is empty, ``True`` if none found."""
    seen = 0
    for number, row in rows:
        if _is_blank_row(row):
            continue
        header = map_header(row, columns)
        if header.recognisable(required):
            return number, header
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return seen > 0


def _no_header(where: str, columns: Mapping[str, tuple[str, ...]],
               required: Sequence[str]) -> DataIssue:
    wanted = ", ".join("/".join(columns[f][:3]) for f in required)
    return DataIssue(where, "no header row found / 找不到表头行",
                     expected=f"a header row within the first {HEADER_SEARCH_ROWS} non-blank "
                              f"rows naming the columns {wanted}")


def _check_header(table: Table, columns: Mapping[str, tuple[str, ...]],
                  required: Sequence[str], issues: IssueCollector) -> bool:
    """Report missing and repeated columns; ``False`` if rows cannot be read."""
    for name in table.header.missing(required):
        issues.add(DataIssue(table.where, "missing required column / 缺少必需的列",
                             line=table.header_row, field=name,
                             expected=describe_aliases(name, columns)))
    for name, (first, second) in table.header.repeated.items():
        issues.add(DataIssue(table.where, "two columns have the same header / 表头重复",
                             line=table.header_row, field=table.header.names[name],
                             value=f"columns {column_letter(first)} and {column_letter(second)}",
                             expected="each header once"))
    return not table.header.missing(required)


# -- CSV ------------------------------------------------------------------------------------

def _csv_rows(
    file: Path, name: str, issues: IssueCollector
) -> Generator[tuple[int, Row], None, None]:
    # utf-8-sig drops the BOM Excel writes with "CSV UTF-8"; newline="" lets
    # the csv module handle line breaks inside quoted cells.
    with open(file, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        number = 0
        try:
            for row in reader:
                number += 1
                yield number, row
        except UnicodeDecodeError:
            issues.add(_not_utf8(file, name, number + 1))
        except csv.Error as exc:
            issues.add(DataIssue(name, f"malformed CSV / CSV格式错误: {exc}", line=number + 1,
                                 expected="comma-separated values, quotes balanced"))


def _not_utf8(file: Path, name: str, row: int) -> DataIssue:
    hint = ""
    try:
        file.read_bytes().decode("gb18030")
        hint = " (it looks like GBK/GB18030, Excel's default “CSV” on Chinese Windows)"
    except (UnicodeDecodeError, OSError):
        pass
    return DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码" + hint, line=row,
                     expected="CSV saved as UTF-8 — in Excel: 另存为 → “CSV UTF-8(逗号分隔)”")


def csv_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """The one table of a CSV file (none if it is empty or has no header)."""
    with closing(_csv_rows(file, name, issues)) as rows:
        found = _find_header(rows, columns, required)
        if isinstance(found, bool):
            if found:
                issues.add(_no_header(name, columns, required))
            return
        yield Table(name, None, found[1], found[0], rows)


# -- XLSX -----------------------------------------------------------------------------------

def xlsx_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """One table per sheet with a header; instruction sheets without one are skipped."""
    import openpyxl  # deferred: importing it costs more than reading a small CSV

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles);
            # they do not matter for reading values.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        issues.add(DataIssue(name, f"not a readable .xlsx workbook / 无法读取的工作簿: {exc}",
                             expected="a workbook saved by Excel or WPS as .xlsx"))
        return
    try:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                # Some writers store wrong dimensions; forgetting them makes
                # openpyxl read every row and column actually present.
                sheet.reset_dimensions()
            with closing(_sheet_rows(sheet)) as rows:
                found = _find_header(rows, columns, required)
                if isinstance(found, bool):
                    if found and not SKIPPED_SHEET.search(sheet.title):
                        issues.add(_no_header(f"{name}[{sheet.title}]", columns, required))
                    continue
                yield Table(name, sheet.title, found[1], found[0], rows)
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Generator[tuple[int, Row], None, None]:
    # read-only sheets yield empty tuples for missing rows, so the count is the row number
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


# -- records --------------------------------------------------------------------------------

_ID, _UNIT, _KIND, _DATE, _END, _TITLE, _FILED, _AMOUNT, _PARTICIPANTS, _FESTIVAL, _SCORE, \
    _TAGS, _REFS, _ATTACHMENTS = range(len(EVIDENCE_FIELDS))


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
        self._unit_cache: dict[object, str | CellError] = {}
        self._kind_cache: dict[object, str | CellError] = {}
        self._festival_cache: dict[object, str | CellError] = {}
        self._hashes: dict[str, str | CellError | None] = {}
        # Every id seen, valid row or not, packed as (row, file, valid) in one int to stay
        # small at a million rows. Dataset.build reports duplicates among valid records;
        # this catches those involving a row that had other problems, in the same run.
        self._seen: dict[str, int] = {}
        self._wheres: list[str] = []
        self._where_index: dict[str, int] = {}

    def _check_unique(self, record_id: str, where: str, row: int, valid: bool,
                      errors: list[tuple[int, CellError, object]]) -> None:
        index = self._where_index.get(where)
        if index is None:
            index = self._where_index[where] = len(self._wheres)
            self._wheres.append(where)
        code = self._seen.get(record_id)
        if code is None:
            self._seen[record_id] = (((row << 20) | index) << 1) | valid
        elif not (valid and code & 1):
            first = f"{self._wheres[(code >> 1) & 0xFFFFF]}:{code >> 21}"
            errors.append((_ID, CellError("duplicate evidence id",
                                          f"a unique id (first used at {first})"), record_id))

    def read(
        self, cells: Row, names: Sequence[str], where: str, file: str, row: int,
        sheet: str | None,
    ) -> Evidence | None:
        """``cells`` hold the raw values in :data:`EVIDENCE_FIELDS` order."""
        errors: list[tuple[int, CellError, object]] = []
        (raw_id, raw_unit, raw_kind, raw_date, raw_end, raw_title, raw_filed, raw_amount,
         raw_participants, raw_festival, raw_score, raw_tags, raw_refs,
         raw_attachments) = cells

        # Fast paths first: plain text ids, a cached unit and kind, an ISO date.
        record_id = raw_id.strip() if type(raw_id) is str else ""
        if not record_id:
            try:
                record_id = id_cell(raw_id)
            except CellError as exc:
                errors.append((_ID, exc, raw_id))
        unit = self._unit_cache.get(raw_unit) if type(raw_unit) is str else None
        if type(unit) is not str:
            unit = self._cached(self._unit_cache, raw_unit, self._unit, errors, _UNIT)
        kind = self._kind_cache.get(raw_kind) if type(raw_kind) is str else None
        if type(kind) is not str:
            kind = self._cached(self._kind_cache, raw_kind, self._kind, errors, _KIND)
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
            festival = self._cached(self._festival_cache, raw_festival, self._festival, errors,
                                    _FESTIVAL) or None
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
            attachments = self._attachments(raw_attachments, errors)

        if filed is not None and day is not _NO_DATE and filed < day:
            errors.append((_FILED, CellError(
                "filed before the effective date / 归档日期早于活动日期",
                f"a filing date on or after the effective date {day.isoformat()}"),
                filed.isoformat()))
        if record_id:
            self._check_unique(record_id, where, row, not errors, errors)
        if errors:
            for index, problem, raw in errors:
                value = problem.value if problem.value is not None else (
                    None if raw is None or (isinstance(raw, str) and not raw.strip()) else raw)
                self.issues.add(DataIssue(where, problem.message, line=row, field=names[index],
                                          value=value, expected=problem.expected))
            return None
        title = raw_title.strip() if type(raw_title) is str else text_cell(raw_title)
        return Evidence(
            id=record_id, unit=unit, kind=kind, date=day, title=title, end=end,
            filed=filed, amount=amount, participants=participants, festival=festival,
            score=score, tags=tags, refs=refs, attachments=attachments,
            origin=Origin(file, row, sheet),
        )

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
    def _unit(self, raw: object) -> str:
        text = text_cell(raw) if isinstance(raw, str | int | float) else ""
        if not text:
            if raw is None or isinstance(raw, str):
                raise CellError(EMPTY, "a unit id or name")
            raise CellError("expected a unit id or name / 应为单位编号或名称",
                            "a unit id or name", raw)
        if self.units is None:  # the units file is broken; that is reported already
            return text
        return self.units.resolve(text)

    def _kind(self, raw: object) -> str:
        text = text_cell(raw) if isinstance(raw, str) else ""
        if not text:
            if raw is None or isinstance(raw, str):
                raise CellError(EMPTY, "an evidence kind (id, Chinese name or alias)")
            raise CellError("expected an evidence kind / 应为证据类别",
                            "an evidence kind (id, Chinese name or alias)", raw)
        try:
            return self.vocabulary.resolve(text)
        except UnknownKindError as exc:
            hint = ("; did you mean " + ", ".join(exc.suggestions) + "?"
                    if exc.suggestions else "")
            raise CellError("unknown evidence kind / 未知的证据类别",
                            "a kind id, Chinese name or alias from the vocabulary (see "
                            "src/wenming/model/kinds.toml, or add it to kinds.toml)" + hint,
                            raw) from None

    def _festival(self, raw: object) -> str:
        text = text_cell(raw) if isinstance(raw, str) else ""
        if not text:
            raise CellError("expected a festival name / 应为节日名称",
                            "a festival name such as 春节, 端午 or 中秋", raw)
        try:
            return get_festival(text).id
        except UnknownFestivalError as exc:
            hint = "; did you mean " + ", ".join(exc.suggestions) + "?" if exc.suggestions else ""
            raise CellError("unknown festival / 未知节日",
                            "a festival id or name such as 春节, 元宵, 清明, 端午, 中秋, 重阳, "
                            "世界环境日" + hint, raw) from None

    def _attachments(
        self, raw: object, errors: list[tuple[int, CellError, object]],
    ) -> tuple[Attachment, ...]:
        entries: list[tuple[str, str | None]] = []
        if isinstance(raw, list):  # JSON: strings or {"path": ..., "sha256": ...}
            for item in raw:
                if isinstance(item, dict) and isinstance(item.get("path"), str) and \
                        isinstance(item.get("sha256"), str | None) and \
                        set(item) <= {"path", "sha256"}:
                    entries.append((item["path"].strip(), item.get("sha256")))
                elif isinstance(item, str) and item.strip():
                    entries.append(_split_hash(item.strip()))
                else:
                    errors.append((_ATTACHMENTS, CellError(
                        "expected an attachment path / 应为附件路径",
                        'a path string or {"path": "…", "sha256": "…"}', item), raw))
        elif isinstance(raw, str):
            text = raw
            for sep in _ATTACHMENT_SEPARATORS[1:]:
                text = text.replace(sep, _ATTACHMENT_SEPARATORS[0])
            entries = [_split_hash(part.strip()) for part in
                       text.split(_ATTACHMENT_SEPARATORS[0]) if part.strip()]
        else:
            errors.append((_ATTACHMENTS, CellError(
                "expected attachment paths / 应为附件路径",
                "paths separated by ; each optionally followed by #sha256", raw), raw))
        out: list[Attachment] = []
        for path, given in entries:
            try:
                out.append(self._attachment(path, given))
            except CellError as exc:
                errors.append((_ATTACHMENTS, exc, raw))
        return tuple(out)

    def _attachment(self, path: str, given: str | None) -> Attachment:
        entry = path if given is None else f"{path}#{given}"
        if given is not None and not _HEX64.fullmatch(given):
            raise CellError("attachment hash is not a SHA-256 / 附件哈希不是SHA-256",
                            "64 hexadecimal digits after #", entry)
        given = given.lower() if given else None
        relative = path.replace("\\", "/")
        if _ABSOLUTE.match(path) or _ABSOLUTE.match(relative):
            raise CellError("attachment path must be relative to the dataset folder / "
                            "附件路径应相对于数据集文件夹", "a path such as files/会议纪要.pdf",
                            entry)
        relative = posixpath.normpath(relative)
        if relative == ".." or relative.startswith("../"):
            raise CellError("attachment path leaves the dataset folder / "
                            "附件路径超出了数据集文件夹", "a path inside the dataset folder", entry)
        if relative in self._hashes:
            actual = self._hashes[relative]
        else:
            actual = self._hashes[relative] = self._hash(relative)
        if isinstance(actual, CellError):
            raise CellError(actual.message, actual.expected, entry)
        if actual is None:  # not kept beside the ledgers (e.g. on paper); nothing to verify
            return Attachment(relative, given)
        if given is not None and given != actual:
            raise CellError("attachment does not match its SHA-256 / 附件内容与登记的SHA-256不符",
                            f"a file whose SHA-256 is {given}; the file's SHA-256 is {actual} "
                            "(the file changed, or the hash is wrong)", entry)
        return Attachment(relative, actual)

    def _hash(self, relative: str) -> str | CellError | None:
        file = self.root / relative
        if not file.exists():
            return None
        if not file.is_file():
            return CellError("attachment is not a file / 附件不是文件", "a path to a file")
        try:
            with open(file, "rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            return CellError(f"cannot read the attachment / 无法读取附件: {exc.strerror}",
                             "a readable file")


_fromisoformat = date.fromisoformat
_NO_DATE = date.min  # stands in for a date cell that had a problem (reported already)


def _attempt(resolve: Callable[[object], str], raw: object) -> str | CellError:
    try:
        return resolve(raw)
    except CellError as exc:
        return exc


def _split_hash(entry: str) -> tuple[str, str | None]:
    # A "#" starts a hash only when hex digits follow; otherwise it is part of the name.
    path, sep, tail = entry.rpartition("#")
    if sep and _HEXISH.fullmatch(tail.strip()):
        return path.strip(), tail.strip()
    return entry, None


def read_evidence_table(table: Table, reader: EvidenceReader,
                        issues: IssueCollector) -> list[Evidence]:
    """Every record of a table; rows with problems become issues instead."""
    if not _check_header(table, EVIDENCE_COLUMNS, EVIDENCE_REQUIRED, issues):
        return []
    positions = table.header.positions(EVIDENCE_FIELDS)
    names = tuple(table.header.names.get(f, f) for f in EVIDENCE_FIELDS)
    where, file, sheet = table.where, table.file, table.sheet
    out: list[Evidence] = []
    append = out.append
    read = reader.read
    for number, row in table.rows:
        width = len(row)
        cells = [row[i] if 0 <= i < width else None for i in positions]
        first = cells[0]  # a filled id column means the row is not blank; most rows stop here
        if (first is None or (type(first) is str and not first.strip())) and \
                _is_blank_row(cells):
            continue
        record = read(cells, names, where, file, number, sheet)
        if record is not None:
            append(record)
    return out

