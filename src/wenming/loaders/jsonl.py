"""Evidence as JSON Lines: one object per line, keyed by the English field names.

Meant for exports from other systems; the same cell rules as the ledgers
apply, and issues name the 1-based line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from wenming.errors import DataIssue
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_FIELDS
from wenming.loaders.ledgers import EvidenceReader

__all__ = ["read_jsonl"]

# orjson is several times faster than json on large machine exports.
_loads: Callable[[bytes], Any] = orjson.loads


def read_jsonl(file: Path, name: str, reader: EvidenceReader,
               issues: IssueCollector) -> int:
    """Read every record of a JSONL file into the reader's columns; returns how many."""
    count = 0
    fields = EVIDENCE_FIELDS
    with open(file, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            try:
                record = _loads(line)
            except ValueError as exc:  # JSONDecodeError, orjson.JSONDecodeError, bad UTF-8
                issues.add(DataIssue(name, f"not valid JSON / 不是有效的JSON: {exc}",
                                     line=number, expected="one JSON object per line"))
                continue
            if not isinstance(record, dict):
                issues.add(DataIssue(name, "expected a JSON object / 应为JSON对象", line=number,
                                     value=_short(record),
                                     expected='{"id": …, "unit": …, "kind": …, "date": …}'))
                continue
            get = record.get
            count += reader.read([get(f) for f in fields], fields, name, name, number, None)
    return count


def _short(value: object) -> object:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "…"
