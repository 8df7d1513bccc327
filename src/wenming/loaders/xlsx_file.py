"""XLSX ledgers: one table per worksheet, read with openpyxl in read-only mode.

The archive is checked against the inflation limits before any part is parsed,
and a formula stored without its value is reported, never read as text.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Final

from wenming.errors import DataIssue, bi
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import HeaderMap, column_letter
from wenming.loaders.isolated import sniff
from wenming.loaders.limits import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS_BYTES,
    MAX_XLSX_TOTAL_BYTES,
    XLSX_RATIO_GRACE_BYTES,
)
from wenming.loaders.table_header import SETUP_SHEETS, Row, SkippedSheets, Table

__all__ = ["archive_problem", "unreadable", "xlsx_tables"]


_FORMULA_EXPECTED: Final = (
    "a value: the workbook was written by a program that stores formulas without their "
    "results — open it in Excel or WPS and save it again (that stores the values), or type "
    "the values instead of formulas")


def archive_problem(file: Path, name: str) -> DataIssue | None:
    """A workbook whose zip directory promises more than any ledger holds (a zip bomb).

    Checked before any XML is parsed. Python's zipfile never inflates a member past the
    size its directory declares (it stops there and the CRC check fails), so the declared
    sizes checked here bound what openpyxl can read.
    """
    try:
        # the entry count from the end record, before ZipFile builds an object per entry
        with open(file, "rb") as handle:
            end = getattr(zipfile, "_EndRecData", lambda _: None)(handle)
        entries = end[getattr(zipfile, "_ECD_ENTRIES_TOTAL", 4)] if end else 0
        if entries > MAX_XLSX_MEMBERS:
            return _bomb(name, f"{entries:,} files inside", "files", MAX_XLSX_MEMBERS)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except Exception:  # openpyxl reports an unreadable archive with its own words
        return None
    if len(members) > MAX_XLSX_MEMBERS:
        return _bomb(name, f"{len(members):,} files inside", "files", MAX_XLSX_MEMBERS)
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > MAX_XLSX_MEMBER_BYTES:
            return _bomb(name, f"{member.filename} inflates to {size:,} bytes",
                         "bytes in one part", MAX_XLSX_MEMBER_BYTES)
        if member.filename.lower().endswith("sharedstrings.xml") and \
                size > MAX_XLSX_SHARED_STRINGS_BYTES:
            return _bomb(name, f"{member.filename} inflates to {size:,} bytes",
                         "bytes of shared strings", MAX_XLSX_SHARED_STRINGS_BYTES)
        if size > XLSX_RATIO_GRACE_BYTES and size > MAX_XLSX_RATIO * max(member.compress_size, 1):
            ratio = size // max(member.compress_size, 1)
            return _bomb(name, f"{member.filename} inflates {ratio:,} times "
                         f"({member.compress_size:,} to {size:,} bytes)",
                         "times compression", MAX_XLSX_RATIO)
    if total > MAX_XLSX_TOTAL_BYTES:
        return _bomb(name, f"its parts inflate to {total:,} bytes", "bytes in all",
                     MAX_XLSX_TOTAL_BYTES)
    return None


def _bomb(name: str, what: str, unit: str, limit: int) -> DataIssue:
    return DataIssue(name, "the workbook is far larger inside than any ledger; not read "
                     "(a damaged file or a zip bomb) / 工作簿解压后过大，未读取", value=what,
                     expected=f"at most {limit:,} {unit} (save the ledger again in Excel or WPS, "
                              "or split it)")


def unreadable(where: str, exc: BaseException, line: int | None = None,
                suffix: str = ".xlsx") -> DataIssue:
    return DataIssue(where, f"not a readable {suffix} workbook / 无法读取的工作簿: "
                     f"{type(exc).__name__}: {str(exc)[:200]}", line=line,
                     expected=f"a workbook saved by Excel, WPS or LibreOffice as {suffix}")


def xlsx_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector, *, only: frozenset[str] | None = None,
) -> Iterator[Table]:
    """One table per sheet with a header; instruction sheets without one are skipped.

    With ``only``, just the sheets so named (a missing one is no issue); without it,
    every sheet but the :data:`SETUP_SHEETS` that their own readers read.
    """
    import openpyxl  # deferred: importing it costs more than reading a small CSV

    try:
        with open(file, "rb") as handle:
            problem = sniff(handle.read(4096), ".xlsx", name)
    except OSError:
        problem = None  # openpyxl below says what is wrong with the file
    problem = problem or archive_problem(file, name)
    if problem is not None:
        issues.add(problem)
        return
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles);
            # they do not matter for reading values.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl's own errors alike: all mean unreadable
        issues.add(unreadable(name, exc))
        return
    skipped = SkippedSheets(name)
    try:
        for sheet in book.worksheets:
            if (sheet.title not in only) if only is not None else sheet.title in SETUP_SHEETS:
                continue
            where = f"{name}[{sheet.title}]"
            reading = _SheetReading(book, sheet, where, issues)
            with closing(reading.rows()) as rows:
                found = skipped.header(sheet.title, rows, columns, required, issues)
                if found is None:
                    continue
                reading.header = found[1]
                yield Table(name, sheet.title, found[1], found[0], rows)
        skipped.note(issues)
    finally:
        book.close()


class _Formula(str):
    """A formula cell without a saved value (its text, for the message)."""


def _parser_class() -> type[Any]:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = _Formula("=" + (formula.text or ""))
            return cell

    return Parser


#: Sheets larger than this (uncompressed XML) are not scanned for merged cells: a ledger a
#: clerk merges cells in is small, and the scan reads the sheet twice.
MERGE_SCAN_BYTES: Final = 64 * 1024 * 1024
_MERGE_REF: Final = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_MAX_MERGES: Final = 10_000


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def merged_ranges(book: Any, sheet: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges spanning rows, as (first row, last row, first col, last col).

    read-only openpyxl does not expose merged cells, and the XML lists them after the
    rows; so the sheet's XML is scanned once for them first. A range within one row (a
    title across columns) is left alone: only a cell merged down over rows stands for
    the rows below it.
    """
    try:
        size = book._archive.getinfo(sheet._worksheet_path).file_size
    except (AttributeError, KeyError):
        return []
    if size > MERGE_SCAN_BYTES:
        return []
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            if b"mergeCell" in text:
                for match in _MERGE_REF.finditer(text):
                    first, last = int(match[2]), int(match[4])
                    if last > first:
                        found.append((first, last, _column_number(match[1]),
                                      _column_number(match[3])))
                    if len(found) >= _MAX_MERGES:
                        return found
            tail = text[-200:]
    return sorted(set(found))


class _SheetReading:
    """Rows of one read-only sheet, within Excel's limits, formulas without values reported.

    openpyxl's own row iterator reads formulas without a saved value as empty cells and
    pads to any row or column number a file names; this one reads the same parser's cells
    and numbers rows as the sheet does, so the consumer sees each row once.
    """

    _parser: type[Any] | None = None

    def __init__(self, book: Any, sheet: Any, where: str, issues: IssueCollector) -> None:
        self.book, self.sheet, self.where, self.issues = book, sheet, where, issues
        self.header: HeaderMap | None = None  # set once found: then rows keep only its columns

    def rows(self) -> Generator[tuple[int, Row], None, None]:
        if _SheetReading._parser is None:
            _SheetReading._parser = _parser_class()
        book, sheet = self.book, self.sheet
        merges = merged_ranges(book, sheet)
        #: row → [(column index, top-left row)] of the cells a merge above stands for
        below: dict[int, list[tuple[int, int]]] = {}
        top_rows: dict[int, list[int]] = {}
        tops: dict[tuple[int, int], object] = {}
        for first, last, column, _ in merges:
            top_rows.setdefault(first, []).append(column - 1)
            for covered in range(first + 1, last + 1):
                below.setdefault(covered, []).append((column - 1, first))
        if merges:
            shown = ", ".join(f"{column_letter(c - 1)}{f}:{column_letter(c - 1)}{last}"
                              for f, last, c, _ in merges[:5])
            more = f" (+{len(merges) - 5})" if len(merges) > 5 else ""
            self.issues.note(DataIssue(self.where, bi(
                f"merged cells read as their top-left value in every row they span: "
                f"{shown}{more}", f"合并单元格在其覆盖的每一行都按左上角的值读取：{shown}{more}")))
        number = 0
        width = MAX_SHEET_COLUMNS
        mapped: dict[int, str] = {}
        try:
            with sheet._get_source() as source:
                parser = _SheetReading._parser(
                    source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                    date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
                for number, cells in parser.parse():
                    if number > MAX_SHEET_ROWS or number < 1:
                        self.issues.add(self._limit(number, "row", MAX_SHEET_ROWS))
                        return
                    if self.header is not None and not mapped:
                        mapped = {i: self.header.names.get(f, f)
                                  for f, i in self.header.columns.items()}
                        width = max(mapped) + 1
                    if not cells:
                        continue
                    last = max(cell["column"] for cell in cells)
                    if last > MAX_SHEET_COLUMNS:
                        self.issues.add(self._limit(number, "column", MAX_SHEET_COLUMNS))
                        return
                    row: list[object] = [None] * min(width, last)
                    formulas: list[tuple[int, str]] = []
                    for cell in cells:
                        index = cell["column"] - 1
                        if index < len(row):
                            value = cell["value"]
                            if type(value) is _Formula:
                                if index in mapped:
                                    formulas.append((index, value))
                                value = None
                            row[index] = value
                    if merges:
                        row = self._merged(number, row, top_rows, tops, below)
                    if formulas:
                        for index, formula in formulas:
                            self.issues.add(DataIssue(
                                self.where, "a formula without a saved value / "
                                "公式没有保存计算结果", line=number, field=mapped[index],
                                value=formula, expected=_FORMULA_EXPECTED))
                        continue
                    yield number, row
        except Exception as exc:  # a damaged sheet: XML, numbers, shared-string indexes
            self.issues.add(unreadable(self.where, exc, number + 1))

    @staticmethod
    def _merged(number: int, row: list[object], top_rows: dict[int, list[int]],
                tops: dict[tuple[int, int], object],
                below: dict[int, list[tuple[int, int]]]) -> list[object]:
        """``row`` with each cell a merge covers holding the merge's top-left value."""
        for index in top_rows.get(number, ()):
            if index < len(row):
                tops[(number, index)] = row[index]
        for index, top in below.get(number, ()):
            value = tops.get((top, index))
            if value is None:
                continue
            if index >= len(row):
                row.extend([None] * (index + 1 - len(row)))
            if row[index] is None:
                row[index] = value
        return row

    def _limit(self, number: int, what: str, limit: int) -> DataIssue:
        zh = "行" if what == "row" else "列"
        return DataIssue(self.where, f"the sheet has a {what} beyond Excel's limit; the rest of "
                         f"the sheet is not read / 工作表超出了Excel的{zh}数上限",
                         line=number if what == "column" else None,
                         value=number if what == "row" else None,
                         expected=f"at most {limit:,} {what}s")
