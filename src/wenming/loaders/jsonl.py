"""Evidence as JSON Lines: one object per line, keyed by the English field names.

Meant for exports from other systems; the same cell rules as the ledgers
apply, and issues name the 1-based line. A key written twice in one object is
reported (orjson, like json, would silently keep the last value).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from wenming.errors import DataIssue
from wenming.loaders.batch import RowBatch
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_FIELDS
from wenming.loaders.limits import MAX_JSONL_LINE_BYTES
from wenming.loaders.rows import EvidenceReader

__all__ = ["read_jsonl"]

# orjson is several times faster than json on large machine exports.
_loads: Callable[[bytes], Any] = orjson.loads


def read_jsonl(file: Path, name: str, reader: EvidenceReader,
               issues: IssueCollector) -> int:
    """Read every record of a JSONL file into the reader's columns; returns how many."""
    fields = EVIDENCE_FIELDS
    batch = RowBatch(reader, fields, name, name, None)
    add = batch.add
    with open(file, "rb") as handle:
        # a limited readline keeps a file without line breaks from being read whole
        for number, line in enumerate(iter(partial(handle.readline, MAX_JSONL_LINE_BYTES), b""),
                                      start=1):
            if len(line) == MAX_JSONL_LINE_BYTES and not line.endswith(b"\n"):
                issues.add(DataIssue(name, "a line of the file is too long; the rest is not read "
                                     "/ 文件中有一行过长", line=number,
                                     expected=f"one record per line, at most "
                                              f"{MAX_JSONL_LINE_BYTES:,} bytes"))
                break
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
            # Every key needs a colon, so a line with no more colons than keys has no key
            # twice; only the rare other line (nested objects, colons in text) is parsed again.
            if line.count(b":") > len(record) and _repeated(line, record, name, number, issues):
                continue
            get = record.get
            add([get(f) for f in fields], number)
    return batch.flush()


def _count_keys(value: object) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_count_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_keys(v) for v in value)
    return 0


def _repeated(line: bytes, record: dict[str, Any], name: str, number: int,
              issues: IssueCollector) -> bool:
    """Report keys written twice in one object of ``line``; ``True`` if there were any."""
    if line.count(b":") <= _count_keys(record):
        return False
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(line, object_pairs_hook=pairs)
    except (ValueError, RecursionError):  # orjson read it; json's stricter limits do not matter
        return False
    for key in dict.fromkeys(repeated):
        issues.add(DataIssue(name, "a key is written twice in one object / 同一对象中键重复",
                             line=number, field=key, value=key,
                             expected="each key once per record (the values differ or repeat; "
                                      "which one is meant?)"))
    return bool(repeated)


def _short(value: object) -> object:
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "…"
