"""Tables of a ledger: a CSV file or each sheet of an XLSX workbook, header found and mapped.

A table may have some title rows a clerk put on top, then one header row naming
the columns, then one record per row. This module finds and maps the header and
hands the rows on unread; :mod:`wenming.loaders.ledgers` reads evidence from them
and :mod:`wenming.loaders.units` reads units. Files are only ever opened for
reading (``openpyxl`` in read-only mode, closed when done).
"""

from __future__ import annotations

import csv
import re
import warnings
import zipfile
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from wenming.errors import DataIssue
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import HeaderMap, column_letter, describe_aliases, map_header

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

