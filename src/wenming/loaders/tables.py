"""Tables of a ledger: a CSV file or each sheet of a workbook, header found and mapped.

A table may have some title rows a clerk put on top, then one header row naming
the columns, then one record per row. This module finds and maps the header and
hands the rows on unread; :mod:`wenming.loaders.ledgers` reads evidence from them
and :mod:`wenming.loaders.units` reads units. Files are only ever opened for
reading (``openpyxl`` in read-only mode for .xlsx, python-calamine for .xls,
.xlsb and .ods; closed when done).

One module per format reads its files (:mod:`~wenming.loaders.csv_file`,
:mod:`~wenming.loaders.xlsx_file`, :mod:`~wenming.loaders.calamine_file`);
:mod:`~wenming.loaders.table_header` finds and checks the header row for all of
them. This module gathers their public names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

from wenming.loaders.calamine_file import calamine_tables
from wenming.loaders.collector import IssueCollector
from wenming.loaders.csv_file import csv_encoding, csv_tables
from wenming.loaders.table_header import (
    HEADER_SEARCH_ROWS,
    SKIPPED_SHEET,
    Row,
    Table,
    check_header,
    is_blank_row,
)
from wenming.loaders.xlsx_file import xlsx_tables

__all__ = [
    "HEADER_SEARCH_ROWS",
    "SKIPPED_SHEET",
    "WORKBOOK_SUFFIXES",
    "Row",
    "Table",
    "calamine_tables",
    "check_header",
    "csv_encoding",
    "csv_tables",
    "is_blank_row",
    "workbook_tables",
    "xlsx_tables",
]

#: Workbook formats read, by suffix: .xlsx by openpyxl, the others by python-calamine.
WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xls", ".xlsb", ".ods"})


def workbook_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """The tables of a workbook of any supported format (see :data:`WORKBOOK_SUFFIXES`)."""
    if file.suffix.lower() == ".xlsx":
        # openpyxl, not calamine: the formula and zip-bomb checks of xlsx_file read its parser
        return xlsx_tables(file, name, columns, required, issues)
    return calamine_tables(file, name, columns, required, issues)
