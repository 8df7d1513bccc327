"""Loaders: a dataset folder a clerk edits → a validated, immutable :class:`~wenming.Dataset`.

>>> from wenming.loaders import load_dataset
>>> dataset = load_dataset("examples/eco-2020")          # doctest: +SKIP

The folder layout is :data:`DATASET_LAYOUT`; the accepted ledger headers are
:data:`EVIDENCE_COLUMNS` and :data:`UNIT_COLUMNS`. :func:`load_records` reads one more
ledger file against a loaded dataset, the way the folder's own are read. docs/dataset-format.md
describes every file, key and column.
"""

from wenming.loaders.folder import DATASET_LAYOUT, EVIDENCE_FOLDER, KINDS_FILE, load_dataset
from wenming.loaders.headers import (
    EVIDENCE_COLUMNS,
    EVIDENCE_FIELDS,
    EVIDENCE_REQUIRED,
    UNIT_COLUMNS,
    UNIT_REQUIRED,
)
from wenming.loaders.ledger_file import LEDGER_SUFFIXES, load_records

__all__ = [
    "DATASET_LAYOUT",
    "EVIDENCE_COLUMNS",
    "EVIDENCE_FIELDS",
    "EVIDENCE_FOLDER",
    "EVIDENCE_REQUIRED",
    "KINDS_FILE",
    "LEDGER_SUFFIXES",
    "UNIT_COLUMNS",
    "UNIT_REQUIRED",
    "load_dataset",
    "load_records",
]
