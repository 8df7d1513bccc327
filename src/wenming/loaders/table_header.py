"""A ledger table and its header row: found among the title rows, mapped and checked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from attrs import frozen

from wenming.errors import DataIssue
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import (
    HeaderMap,
    column_letter,
    describe_aliases,
    map_header,
    resembling,
)

__all__ = ["DUTY_SHEET", "HEADER_SEARCH_ROWS", "SETUP_SHEETS", "SKIPPED_SHEET", "Row",
           "SkippedSheets", "Table",
           "check_header", "find_header", "is_blank_row", "no_header"]

#: How many non-blank rows above the header (titles, notes) a table may have.
HEADER_SEARCH_ROWS: Final = 10
#: Sheets named like this are instructions; skipped when no header is found on them.
SKIPPED_SHEET: Final = re.compile(
    r"说明|须知|备注|示例|readme|read\s*me|instruction|notes?\b|example|help", re.IGNORECASE)
#: The ledger workbook's 任务分工 sheet: owners per task and rubric item, read by
#: :mod:`wenming.loaders.duty_sheet`, never as a ledger.
DUTY_SHEET: Final = "任务分工"
#: Sheets of a ledger workbook that their own readers read; the evidence reader passes them
#: by. (Sheets for the campaign, units or leading group join this set as they are added.)
SETUP_SHEETS: Final = frozenset({DUTY_SHEET})

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


class _Span:
    """Passes rows on, noting the first and last non-blank row and how many there are."""

    __slots__ = ("count", "first", "last", "rows")

    def __init__(self, rows: Iterator[tuple[int, Row]]) -> None:
        self.rows = rows
        self.first = self.last = self.count = 0

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        for number, row in self.rows:
            if not is_blank_row(row):
                self.first = self.first or number
                self.last = number
                self.count += 1
            yield number, row


class SkippedSheets:
    """The sheets of one workbook skipped as instructions, said in one warning line.

    A sheet named like instructions (说明, 备注, notes …) without a header row is not
    read; a clerk may still have typed records there, so the warning names each such
    sheet with the rows it holds.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.sheets: list[str] = []

    def header(self, sheet: str, rows: Iterator[tuple[int, Row]],
               columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
               issues: IssueCollector) -> tuple[int, HeaderMap] | None:
        """The header of ``sheet``; else None, with the sheet reported or noted as skipped."""
        span = _Span(rows)
        found = find_header(iter(span), columns, required)
        if not isinstance(found, bool):
            return found
        if found and not SKIPPED_SHEET.search(sheet):
            issues.add(no_header(f"{self.name}[{sheet}]", columns, required))
        elif found:
            for _ in span:  # the rest of the sheet, to say which rows are not read
                pass
            lines = f"row {span.first}" if span.first == span.last else \
                f"rows {span.first}–{span.last}"
            self.sheets.append(f"{sheet} ({lines}, {span.count} non-blank)")
        return None

    def note(self, issues: IssueCollector) -> None:
        if self.sheets:
            issues.note(DataIssue(
                self.name, f"sheets not read, named like instructions and without a header row "
                f"in their first {HEADER_SEARCH_ROWS} non-blank rows: {'; '.join(self.sheets)} "
                "/ 未读取的说明类工作表", expected="records on a sheet with a header row; rename "
                "the sheet if it holds records"))


def find_header(
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


def no_header(where: str, columns: Mapping[str, tuple[str, ...]],
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
