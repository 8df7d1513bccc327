"""One ledger file — CSV, a workbook or JSON Lines — read the one way wenming reads ledgers.

The dataset loader reads each file below ``evidence/`` with :func:`read_ledger`;
:func:`load_records` reads a single file against a dataset already loaded (the
what-if records, a filled-in template, an uploaded ledger). Both go through the
same tables, cell checks and batch reader, so a file loads the same wherever it
comes in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from wenming.dataset import Dataset
from wenming.errors import DataIssue, bi
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_COLUMNS, EVIDENCE_REQUIRED
from wenming.loaders.jsonl import read_jsonl
from wenming.loaders.ledgers import EvidenceReader, read_evidence_table
from wenming.loaders.tables import WORKBOOK_SUFFIXES, csv_tables, workbook_tables
from wenming.loaders.units import UnitLookup
from wenming.model import Evidence

__all__ = ["LEDGER_SUFFIXES", "load_records", "read_ledger"]

#: The file suffixes read as ledgers (compared in lower case).
LEDGER_SUFFIXES: Final = frozenset({".csv", ".jsonl"}) | WORKBOOK_SUFFIXES


def read_ledger(file: Path, name: str, reader: EvidenceReader, issues: IssueCollector) -> int:
    """Stream the rows of one ledger file into ``reader.columns``; returns how many records.

    ``name`` is how issues name the file (its path relative to the dataset folder).
    """
    if file.suffix.lower() == ".jsonl":
        return read_jsonl(file, name, reader, issues)
    count = 0
    tables = csv_tables if file.suffix.lower() == ".csv" else workbook_tables
    # each table's rows must be read before the generator moves on (files close after)
    for table in tables(file, name, EVIDENCE_COLUMNS, EVIDENCE_REQUIRED, issues):
        count += read_evidence_table(table, reader, issues)
    return count


def load_records(path: str | os.PathLike[str], dataset: Dataset, *, name: str | None = None,
                 subject: str | None = None) -> list[Evidence]:
    """The records of one ledger file (CSV, XLSX/XLS/ODS or JSONL), read as the dataset's own.

    Units and kinds resolve against ``dataset`` (ids, names, aliases), every
    cell is checked as in a dataset folder, and all problems are raised
    together as one :class:`~wenming.errors.DatasetError` naming the file,
    row and column — including an id the dataset already uses. The records do
    not join ``dataset``; nothing is written.

    ``name`` is how issues name the file (an upload's own name, say; by default
    the file's name); ``subject`` is what the error says was read.
    """
    file = Path(path)
    name = name or file.name
    issues = IssueCollector()
    subject = subject or bi(f"the records in {file}", f"{file} 的记录")
    suffix = file.suffix.lower()
    if not file.is_file():
        issues.add(DataIssue(str(file), "not a file / 不是文件",
                             expected="a ledger file: .csv, .xlsx, .xls, .ods or .jsonl"))
        raise issues.error(subject)
    if suffix not in LEDGER_SUFFIXES:
        issues.add(DataIssue(name, "unsupported ledger format / 不支持的台账格式", value=suffix,
                             expected="a ledger file: .csv, .xlsx, .xls, .ods or .jsonl"))
        raise issues.error(subject)
    reader = EvidenceReader(dataset.root or file.parent, dataset.vocabulary,
                            UnitLookup(dataset.units, "units"), issues)
    read_ledger(file, name, reader, issues)
    reader.finish()
    issues.raise_if_any(subject)
    taken = set(dataset.store.ids)
    for position, record_id in enumerate(reader.columns.ids):
        if record_id in taken:
            where, line = reader.columns.where(position)
            issues.add(DataIssue(where, "evidence id already in the dataset / 证据编号与数据集重复",
                                 line=line, field=reader.id_headers.get(where, "id"),
                                 value=record_id,
                                 expected="an id the dataset does not use"))
    issues.raise_if_any(subject)
    hypothetical = Dataset.build(dataset.campaign, dataset.units, reader.columns,
                                 dataset.vocabulary)
    return list(hypothetical.evidence)
