"""Tables of a ledger: a CSV file or each sheet of a workbook, header found and mapped.

A table may have some title rows a clerk put on top, then one header row naming
the columns, then one record per row. This module finds and maps the header and
hands the rows on unread; :mod:`wenming.loaders.ledgers` reads evidence from them
and :mod:`wenming.loaders.units` reads units. Files are only ever opened for
reading (``openpyxl`` in read-only mode for .xlsx, python-calamine for .xls,
.xlsb and .ods; closed when done).

CSV files are UTF-8 or GB18030 (which contains GBK and GB2312: what Excel's
"CSV" writes on Chinese Windows). The encoding is decided by the first line
holding a non-ASCII byte, and the whole file is then decoded strictly in it, so
no file is ever read half in one encoding and half in another:

* that line is valid UTF-8 → UTF-8. Text that is valid in both is taken as
  UTF-8 because valid UTF-8 is unambiguous in practice: its multi-byte
  sequences follow a strict lead/continuation pattern that GBK text of any
  length almost never happens to follow, while almost every UTF-8 Chinese text
  is *also* valid GB18030 (as mojibake) — so "decodes as GB18030" means
  nothing, and "decodes as UTF-8" means UTF-8;
* else it is valid GB18030 → GB18030, and a note says so;
* any later line that does not decode in the chosen encoding is an error at
  that line (a file that mixes encodings is refused, never guessed).
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
from wenming.loaders.headers import (
    HeaderMap,
    column_letter,
    describe_aliases,
    map_header,
    resembling,
)
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
    "WORKBOOK_SUFFIXES",
    "Row",
    "Table",
    "calamine_tables",
    "check_header",
    "csv_tables",
    "is_blank_row",
    "workbook_tables",
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
    _warn_unread(table, columns, issues)
    return not table.header.missing(required)


def _warn_unread(table: Table, columns: Mapping[str, tuple[str, ...]],
                 issues: IssueCollector) -> None:
    """A warning per headed column that is not read (an error under ``strict``)."""
    for index, (text, field) in sorted(table.header.unread.items()):
        letter = column_letter(index)
        if field is not None:
            used = table.header.names.get(field, field)
            where = column_letter(table.header.columns[field])
            issues.warn(DataIssue(
                table.where, "a second column for the same field is not read / "
                "同一字段的第二列不会被读取", line=table.header_row, field=f"column {letter}",
                value=text, expected=f"one column per field: column {where} ({used}) is "
                f"read as {field}; remove or rename this one"))
            continue
        like = resembling(text, columns)
        hint = (f"a known header — did you mean {like[0]} (the {like[1]} field)?" if like else
                "a known header (see docs/dataset-format.md)")
        issues.warn(DataIssue(
            table.where, "a column wenming does not know is not read / 无法识别的列，不会被读取",
            line=table.header_row, field=f"column {letter}", value=text,
            expected=f"{hint}; or delete the column if it is only for people "
                     "(wenming validate --strict refuses it)"))


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


_UTF8: Final = "utf-8-sig"  # drops the BOM Excel writes with "CSV UTF-8"
_GB18030: Final = "gb18030"
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
_UTF8_BOM: Final = codecs.BOM_UTF8


def csv_encoding(file: Path) -> str:
    """``utf-8-sig`` or ``gb18030``, decided by the first line with a non-ASCII byte.

    Reads up to that line only (a whole file only when it is all ASCII, which
    both encodings read alike). See the module's docstring for why UTF-8 wins
    when both decode.
    """
    block_size = 1 << 20
    with open(file, "rb") as handle:
        head = handle.read(len(_UTF8_BOM))
        if head == _UTF8_BOM:
            return _UTF8
        block = head + handle.read(block_size)
        while block:
            found = _NON_ASCII.search(block)
            if found is not None:
                start = found.start()
                end = block.find(b"\n", start)
                while end < 0 and len(block) - start < MAX_CSV_LINE_CHARS * 4:
                    more = handle.read(block_size)
                    if not more:
                        break
                    block += more
                    end = block.find(b"\n", start)
                line = block[start:end if end >= 0 else len(block)]
                return _UTF8 if _decodes(line, "utf-8") or not _decodes(line, _GB18030) \
                    else _GB18030
            block = handle.read(block_size)
    return _UTF8


def _decodes(data: bytes, encoding: str) -> bool:
    try:  # not final: a line cut at the read limit may end inside a character
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(
    file: Path, name: str, issues: IssueCollector
) -> Generator[tuple[int, Row], None, None]:
    """Records numbered as a spreadsheet numbers rows (a cell may span lines)."""
    encoding = csv_encoding(file)
    if encoding == _GB18030:
        issues.note(DataIssue(name, "read as GB18030/GBK, not UTF-8 (Excel's “CSV” on Chinese "
                              "Windows) / 按GB18030（GBK）编码读取"))
    # newline="" lets the csv module handle line breaks inside quoted cells.
    with open(file, encoding=encoding, newline="") as handle:
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
            issues.add(_not_utf8(file, name) if encoding == _UTF8 else _not_gb18030(file, name))
        except _LineTooLong:
            issues.add(DataIssue(name, "a line of the file is too long / 文件中有一行过长",
                                 line=reader.line_num + 1,
                                 expected=f"lines of at most {MAX_CSV_LINE_CHARS:,} characters "
                                          "(is it really a CSV file?)"))
        except csv.Error as exc:
            issues.add(DataIssue(name, f"malformed CSV / CSV格式错误: {exc}",
                                 line=reader.line_num, expected=_QUOTE_EXPECTED))


def _first_bad_byte(file: Path, encoding: str = "utf-8") -> tuple[int, bytes, bytes] | None:
    """The physical line of the first byte not in ``encoding``, that byte on, and its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
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
    if found is not None and _decodes(found[2], _GB18030):
        # UTF-8 was chosen from an earlier line, so this one cannot be read as GB18030
        hint = (" (this line looks like GBK/GB18030 but earlier lines are UTF-8: the file "
                "mixes two encodings)")
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码" + hint, line=line,
                     value=value,
                     expected="CSV saved as UTF-8 — in Excel: 另存为 → “CSV UTF-8(逗号分隔)”")


def _not_gb18030(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file, _GB18030)
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is neither UTF-8 nor GB18030/GBK text / "
                     "文件既不是UTF-8也不是GB18030（GBK）编码", line=line, value=value,
                     expected="a CSV file in one encoding — in Excel: 另存为 → "
                              "“CSV UTF-8(逗号分隔)”")


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


def _unreadable(where: str, exc: BaseException, line: int | None = None,
                suffix: str = ".xlsx") -> DataIssue:
    return DataIssue(where, f"not a readable {suffix} workbook / 无法读取的工作簿: "
                     f"{type(exc).__name__}: {str(exc)[:200]}", line=line,
                     expected=f"a workbook saved by Excel, WPS or LibreOffice as {suffix}")


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


# -- .xls, .xlsb, .ods (python-calamine) ----------------------------------------------------

#: Workbook formats read, by suffix: .xlsx by openpyxl, the others by python-calamine.
WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xls", ".xlsb", ".ods"})
# zip archives, so held to the same inflation limits as .xlsx before any part is parsed
_ZIPPED: Final = frozenset({".xlsb", ".ods"})


def workbook_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """The tables of a workbook of any supported format (see :data:`WORKBOOK_SUFFIXES`)."""
    if file.suffix.lower() == ".xlsx":
        # openpyxl, not calamine: the formula and zip-bomb checks above read its parser
        return xlsx_tables(file, name, columns, required, issues)
    return calamine_tables(file, name, columns, required, issues)


def calamine_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """One table per worksheet of an .xls, .xlsb or .ods workbook, as :func:`xlsx_tables`.

    Cells keep the types openpyxl gives an .xlsx: whole numbers as ``int`` (calamine
    reads every .ods and .xlsb number as a float), empty cells as ``None``, dates as
    ``date``/``datetime`` — so they go through the same cell parsers. Formulas are read
    as the value the file saved with them.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum  # deferred: a native module

    suffix = file.suffix.lower()
    if suffix in _ZIPPED:
        problem = _archive_problem(file, name)
        if problem is not None:
            issues.add(problem)
            return
    try:
        book = CalamineWorkbook.from_path(str(file))
    except Exception as exc:  # calamine's own errors, zip and XML alike: all mean unreadable
        issues.add(_unreadable(name, exc, suffix=suffix))
        return
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no rows
                continue
            where = f"{name}[{meta.name}]"
            try:
                grid = _calamine_grid(book.get_sheet_by_name(meta.name), where, issues)
            except Exception as exc:  # a damaged sheet
                issues.add(_unreadable(where, exc, suffix=suffix))
                continue
            rows = iter(grid)
            found = _find_header(rows, columns, required)
            if isinstance(found, bool):
                if found and not SKIPPED_SHEET.search(meta.name):
                    issues.add(_no_header(where, columns, required))
                continue
            yield Table(name, meta.name, found[1], found[0], rows)
    finally:
        book.close()


def _calamine_grid(sheet: Any, where: str, issues: IssueCollector) -> list[tuple[int, Row]]:
    """Numbered, non-blank rows of a sheet with openpyxl's cell types, within Excel's limits."""
    end = sheet.end
    if end is None:
        return []
    if end[0] + 1 > MAX_SHEET_ROWS or end[1] + 1 > MAX_SHEET_COLUMNS:
        what, limit = ("row", MAX_SHEET_ROWS) if end[0] + 1 > MAX_SHEET_ROWS else \
            ("column", MAX_SHEET_COLUMNS)
        zh = "行" if what == "row" else "列"
        issues.add(DataIssue(where, f"the sheet has a {what} beyond Excel's limit; the sheet "
                             f"is not read / 工作表超出了Excel的{zh}数上限",
                             value=(end[0] if what == "row" else end[1]) + 1,
                             expected=f"at most {limit:,} {what}s"))
        return []
    rows: list[tuple[int, Row]] = []
    # skip_empty_area=False: rows and columns counted from A1, as the sheet numbers them
    for index, values in enumerate(sheet.to_python(skip_empty_area=False)):
        row = [_calamine_cell(value) for value in values]
        if not is_blank_row(row):
            rows.append((index + 1, row))
    return rows


def _calamine_cell(value: object) -> object:
    if type(value) is float and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value
