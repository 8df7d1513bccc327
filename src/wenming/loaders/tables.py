"""Tables of a ledger: a CSV file or each sheet of an XLSX workbook, header found and mapped.

A table may have some title rows a clerk put on top, then one header row naming
the columns, then one record per row. This module finds and maps the header and
hands the rows on unread; :mod:`wenming.loaders.ledgers` reads evidence from them
and :mod:`wenming.loaders.units` reads units. Files are only ever opened for
reading (``openpyxl`` in read-only mode, closed when done).
"""

from __future__ import annotations

import codecs
import csv
import re
import warnings
import zipfile
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Final, TextIO

from attrs import frozen

from wenming.errors import DataIssue
from wenming.loaders.cells import visible
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import HeaderMap, column_letter, describe_aliases, map_header
from wenming.loaders.limits import (
    MAX_CSV_LINE_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_STRINGS_BYTES,
    MAX_XLSX_TOTAL_BYTES,
    XLSX_RATIO_GRACE_BYTES,
)

__all__ = [
    "HEADER_SEARCH_ROWS",
    "SKIPPED_SHEET",
    "Row",
    "Table",
    "check_header",
    "csv_tables",
    "is_blank_row",
    "xlsx_tables",
]

#: How many non-blank rows above the header (titles, notes) a table may have.
HEADER_SEARCH_ROWS: Final = 10
#: Sheets named like this are instructions; skipped when no header is found on them.
SKIPPED_SHEET: Final = re.compile(
    r"说明|须知|备注|示例|readme|read\s*me|instruction|notes?\b|example|help", re.IGNORECASE)

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


def is_blank_row(row: Row) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in row)


def _find_header(
    rows: Iterator[tuple[int, Row]], columns: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
) -> tuple[int, HeaderMap] | bool:
    """The header row and its mapping; ``False`` if the table is empty, ``True`` if none found."""
    seen = 0
    for number, row in rows:
        if is_blank_row(row):
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


def check_header(table: Table, columns: Mapping[str, tuple[str, ...]],
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

_QUOTE_EXPECTED: Final = ('every quote closed: a cell that starts with " ends with ", and a quote '
                          'inside a cell is written twice ("") — Excel saves it so')


class _LineTooLong(Exception):
    pass


def _physical_lines(handle: TextIO, eof: list[bool]) -> Iterator[str]:
    # readline with a limit keeps a file without line breaks from being read whole;
    # ``eof`` tells the reader that the csv module asked for more than the file had.
    readline = handle.readline
    limit = MAX_CSV_LINE_CHARS
    while line := readline(limit):
        if len(line) == limit and line[-1] not in "\r\n":
            raise _LineTooLong
        yield line
    eof[0] = True


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _looks_like_rows(cell: str, width: int) -> bool:
    """A multi-line cell whose later lines hold as many commas as a row has cells."""
    wanted = max(2, width // 2)
    return any(line.count(",") >= wanted for line in cell.splitlines()[1:])


def _swallowed(
    row: list[str], first: int, last: int, at_eof: bool, width: int, name: str,
) -> DataIssue | None:
    """The issue for a record whose quoted cell ran over later rows, if it did."""
    line = first
    for index, cell in enumerate(row):
        breaks = _breaks(cell)
        if breaks and (_looks_like_rows(cell, width) or
                       (at_eof and not any(_breaks(c) for c in row[index + 1:]))):
            if at_eof:
                message = ("a quote opened on this line is never closed, so the rest of the "
                           "file was read as one cell / "
                           "引号未闭合，文件的其余部分被读成了一个单元格")
            else:
                message = (f"a quote opened on this line closes only on line {last}, so the "
                           "rows between were read as one cell / "
                           "引号未闭合，其后的行被读成了一个单元格")
            return DataIssue(name, message, line=line, field=f"column {column_letter(index)}",
                             value=visible(cell, 60), expected=_QUOTE_EXPECTED)
        line += breaks
    return None


def _csv_rows(
    file: Path, name: str, issues: IssueCollector
) -> Generator[tuple[int, Row], None, None]:
    """Records numbered as a spreadsheet numbers rows (a cell may span lines)."""
    # utf-8-sig drops the BOM Excel writes with "CSV UTF-8"; newline="" lets
    # the csv module handle line breaks inside quoted cells.
    with open(file, encoding="utf-8-sig", newline="") as handle:
        eof = [False]
        reader = csv.reader(_physical_lines(handle, eof))
        number = 0
        last = 0  # physical lines read so far
        width = 0
        try:
            for row in reader:
                number += 1
                line = reader.line_num
                if line - last > 1 or eof[0]:
                    problem = _swallowed(row, last + 1, line, eof[0], width, name)
                    last = line
                    if problem is not None:
                        issues.add(problem)
                        continue
                last = line
                if not width:
                    width = len(row) if len(row) > 1 else 0
                yield number, row
        except UnicodeDecodeError:
            issues.add(_not_utf8(file, name))
        except _LineTooLong:
            issues.add(DataIssue(name, "a line of the file is too long / 文件中有一行过长",
                                 line=reader.line_num + 1,
                                 expected=f"lines of at most {MAX_CSV_LINE_CHARS:,} characters "
                                          "(is it really a CSV file?)"))
        except csv.Error as exc:
            issues.add(DataIssue(name, f"malformed CSV / CSV格式错误: {exc}",
                                 line=reader.line_num, expected=_QUOTE_EXPECTED))


def _first_bad_byte(file: Path) -> tuple[int, bytes, bytes] | None:
    """The physical line of the first byte that is not UTF-8, that byte on, and its line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(file, "rb") as handle:
        # b"\n" never occurs inside a UTF-8, GBK or GB18030 character, so lines split safely;
        # a very long line is fed in pieces, the decoder keeping a split character.
        while piece := handle.readline(1 << 20):
            try:
                decoder.decode(piece, final=piece.endswith(b"\n"))
            except UnicodeDecodeError as exc:
                return line, exc.object[exc.start:exc.start + 4], piece
            if piece.endswith(b"\n"):
                line += 1
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return line, exc.object[exc.start:exc.start + 4], exc.object
    return None


def _not_utf8(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file)
    hint = ""
    if found is not None:
        try:
            found[2].decode("gb18030")
            hint = " (it looks like GBK/GB18030, Excel's default “CSV” on Chinese Windows)"
        except UnicodeDecodeError:
            pass
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码" + hint, line=line,
                     value=value,
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

_XLSX_EXPECTED: Final = "a workbook saved by Excel or WPS as .xlsx"
_FORMULA_EXPECTED: Final = (
    "a value: the workbook was written by a program that stores formulas without their "
    "results — open it in Excel or WPS and save it again (that stores the values), or type "
    "the values instead of formulas")


def _archive_problem(file: Path, name: str) -> DataIssue | None:
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


def _unreadable(where: str, exc: BaseException, line: int | None = None) -> DataIssue:
    return DataIssue(where, "not a readable .xlsx workbook / 无法读取的工作簿: "
                     f"{type(exc).__name__}: {str(exc)[:200]}", line=line,
                     expected=_XLSX_EXPECTED)


def xlsx_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """One table per sheet with a header; instruction sheets without one are skipped."""
    import openpyxl  # deferred: importing it costs more than reading a small CSV

    problem = _archive_problem(file, name)
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
        issues.add(_unreadable(name, exc))
        return
    try:
        for sheet in book.worksheets:
            where = f"{name}[{sheet.title}]"
            reading = _SheetReading(book, sheet, where, issues)
            with closing(reading.rows()) as rows:
                found = _find_header(rows, columns, required)
                if isinstance(found, bool):
                    if found and not SKIPPED_SHEET.search(sheet.title):
                        issues.add(_no_header(where, columns, required))
                    continue
                reading.header = found[1]
                yield Table(name, sheet.title, found[1], found[0], rows)
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
                    if formulas:
                        for index, formula in formulas:
                            self.issues.add(DataIssue(
                                self.where, "a formula without a saved value / "
                                "公式没有保存计算结果", line=number, field=mapped[index],
                                value=formula, expected=_FORMULA_EXPECTED))
                        continue
                    yield number, row
        except Exception as exc:  # a damaged sheet: XML, numbers, shared-string indexes
            self.issues.add(_unreadable(self.where, exc, number + 1))

    def _limit(self, number: int, what: str, limit: int) -> DataIssue:
        zh = "行" if what == "row" else "列"
        return DataIssue(self.where, f"the sheet has a {what} beyond Excel's limit; the rest of "
                         f"the sheet is not read / 工作表超出了Excel的{zh}数上限",
                         line=number if what == "column" else None,
                         value=number if what == "row" else None,
                         expected=f"at most {limit:,} {what}s")
