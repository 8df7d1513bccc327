"""Workbooks in the other formats — .xls, .xlsb, .ods — read with python-calamine."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from wenming.errors import DataIssue
from wenming.loaders.collector import IssueCollector
from wenming.loaders.limits import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
)
from wenming.loaders.table_header import (
    SKIPPED_SHEET,
    Row,
    Table,
    find_header,
    is_blank_row,
    no_header,
)
from wenming.loaders.xlsx_file import archive_problem, unreadable

__all__ = ["calamine_tables"]

# zip archives, so held to the same inflation limits as .xlsx before any part is parsed
_ZIPPED: Final = frozenset({".xlsb", ".ods"})


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
        problem = archive_problem(file, name)
        if problem is not None:
            issues.add(problem)
            return
    try:
        book = CalamineWorkbook.from_path(str(file))
    except Exception as exc:  # calamine's own errors, zip and XML alike: all mean unreadable
        issues.add(unreadable(name, exc, suffix=suffix))
        return
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no rows
                continue
            where = f"{name}[{meta.name}]"
            try:
                grid = _calamine_grid(book.get_sheet_by_name(meta.name), where, issues)
            except Exception as exc:  # a damaged sheet
                issues.add(unreadable(where, exc, suffix=suffix))
                continue
            rows = iter(grid)
            found = find_header(rows, columns, required)
            if isinstance(found, bool):
                if found and not SKIPPED_SHEET.search(meta.name):
                    issues.add(no_header(where, columns, required))
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
