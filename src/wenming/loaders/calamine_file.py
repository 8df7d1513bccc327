"""Workbooks in the other formats — .xls, .xlsb, .ods — read with python-calamine.

calamine is native code, so it runs in a child process with memory and time
limits (:mod:`wenming.loaders.isolated`): a hostile file costs a located
problem, never the caller's process.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

from wenming.loaders.collector import IssueCollector
from wenming.loaders.isolated import read_workbook
from wenming.loaders.table_header import SETUP_SHEETS, SkippedSheets, Table
from wenming.loaders.xlsx_file import archive_problem

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
    suffix = file.suffix.lower()
    if suffix in _ZIPPED:
        problem = archive_problem(file, name)
        if problem is not None:
            issues.add(problem)
            return
    sheets = read_workbook(file, name)
    if not isinstance(sheets, Iterator):
        issues.add(sheets)
        return
    skipped = SkippedSheets(name)
    for sheet in sheets:
        if sheet.name in SETUP_SHEETS:  # read by their own readers (.xlsx only)
            continue
        if sheet.problem is not None:
            issues.add(sheet.problem)
            continue
        rows = iter(sheet.rows)
        found = skipped.header(sheet.name, rows, columns, required, issues)
        if found is not None:
            yield Table(name, sheet.name, found[1], found[0], rows)
    skipped.note(issues)
