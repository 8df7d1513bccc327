"""Evidence ledgers: CSV files and XLSX workbooks a clerk keeps, row by row.

:mod:`wenming.loaders.tables` finds each table's header; its rows then go a batch
at a time through :class:`~wenming.loaders.batch.RowBatch`, and any batch with
something unusual row by row through :class:`EvidenceReader`
(:mod:`wenming.loaders.rows`), which checks every cell and builds the record.
"""

from __future__ import annotations

from wenming.loaders.batch import RowBatch
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_COLUMNS, EVIDENCE_FIELDS, EVIDENCE_REQUIRED
from wenming.loaders.rows import EvidenceReader
from wenming.loaders.tables import Table, check_header, is_blank_row

__all__ = ["EvidenceReader", "read_evidence_table"]


def read_evidence_table(table: Table, reader: EvidenceReader,
                        issues: IssueCollector) -> int:
    """Read every record of a table into the reader's columns; returns how many.

    Rows with problems become issues instead.
    """
    if not check_header(table, EVIDENCE_COLUMNS, EVIDENCE_REQUIRED, issues):
        return 0
    positions = table.header.positions(EVIDENCE_FIELDS)
    names = tuple(table.header.names.get(f, f) for f in EVIDENCE_FIELDS)
    where, file, sheet = table.where, table.file, table.sheet
    batch = RowBatch(reader, names, where, file, sheet)
    add = batch.add
    for number, row in table.rows:
        width = len(row)
        cells = [row[i] if 0 <= i < width else None for i in positions]
        first = cells[0]  # a filled id column means the row is not blank; most rows stop here
        if (first is None or (type(first) is str and not first.strip())) and \
                is_blank_row(cells):
            continue
        add(cells, number)
    return batch.flush()
