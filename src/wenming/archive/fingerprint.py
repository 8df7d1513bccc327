"""A content hash per evidence record, computed from the columnar store.

A later run compares these to say which records were added, changed or
removed. Building a million :class:`~wenming.model.Evidence` objects to hash
them would take longer than scoring, so the hash is taken from the store's
columns instead: every coded column (kind, unit, festival, tag and ref sets)
is replaced by a hash of the *value* it codes — codes depend on which other
records a dataset holds, values do not — and the fixed-width columns are laid
out as one packed numpy record per row. Each row's 8-byte BLAKE2b digest is
then taken over that packed record, its id and its title.

The digest covers what scoring reads (as :attr:`Dataset.content_hash
<wenming.Dataset.content_hash>` does) and not where a record was read from:
moving a record to another ledger file does not change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from attrs import frozen

if TYPE_CHECKING:
    from wenming.dataset import Dataset

__all__ = ["DIGEST_VERSION", "Fingerprint", "fingerprint"]

#: Bumped when what a digest covers changes, so old and new digests are never compared.
DIGEST_VERSION = 1

_ROW = np.dtype([
    ("kind", "<u8"), ("unit", "<u8"), ("day", "<i4"), ("end", "<i4"), ("filed", "<i4"),
    ("amount", "<f8"), ("participants", "<i8"), ("festival", "<u8"), ("score", "<f8"),
    ("tags", "<u8"), ("refs", "<u8"), ("attachments", "<u8"),
])


@frozen
class Fingerprint:
    """Each record's id, kind, unit and signed 64-bit content digest, in store order."""

    ids: Sequence[str]
    kinds: Sequence[str]
    units: Sequence[str]
    digests: npt.NDArray[np.int64]
    version: int = DIGEST_VERSION

    def __len__(self) -> int:
        return len(self.ids)


def _value_hashes(values: Iterable[Any]) -> npt.NDArray[np.uint64]:
    """One 64-bit hash per coded value (a string or a tuple of strings)."""
    out = [
        blake2b(("\x1e".join(v) if isinstance(v, tuple) else str(v)).encode(
            "utf-8", "surrogatepass") + (b"\x1d" if isinstance(v, tuple) else b""),
            digest_size=8).digest()
        for v in values
    ]
    return np.frombuffer(b"".join(out), dtype="<u8") if out else np.empty(0, "<u8")


def _lookup(table: npt.NDArray[np.uint64], codes: npt.NDArray[Any]) -> npt.NDArray[np.uint64]:
    """``table[codes]``, with 0 for the "none" code -1."""
    if not len(table):
        return np.zeros(len(codes), dtype="<u8")
    return np.where(codes >= 0, table[np.maximum(codes, 0)], np.uint64(0))


def _floats(column: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    # Every NaN ("no value") gets one bit pattern, and -0.0 is 0.0.
    return np.where(np.isnan(column), np.nan, column + 0.0)


def fingerprint(dataset: Dataset) -> Fingerprint:
    """The per-record fingerprint of ``dataset`` (about 1 s per million records)."""
    store = dataset.store
    n = len(store)
    rows = np.zeros(n, dtype=_ROW)
    rows["kind"] = _value_hashes(store.kinds)[store.kind] if n else 0
    rows["unit"] = _value_hashes(store.units.order)[store.unit] if n else 0
    rows["day"] = store.day
    rows["end"] = store.end
    rows["filed"] = store.filed
    rows["amount"] = _floats(store.amount)
    rows["participants"] = store.participants
    rows["festival"] = _lookup(_value_hashes(store.festivals), store.festival)
    rows["score"] = _floats(store.score)
    rows["tags"] = _value_hashes(store.tag_sets)[store.tags] if n else 0
    rows["refs"] = _value_hashes(store.ref_sets)[store.refs] if n else 0
    for row, found in store.attachments.items():
        rows["attachments"][row] = _value_hashes(
            [tuple(f"{a.path}\x1f{a.sha256 or ''}" for a in found)])[0]
    packed = rows.tobytes()
    width = _ROW.itemsize
    ids, titles = store.ids, store.titles
    view = memoryview(packed)
    digests = b"".join([
        blake2b(view[i * width:(i + 1) * width].tobytes()
                + f"{ids[i]}\x1f{titles[i]}".encode("utf-8", "surrogatepass"),
                digest_size=8).digest()
        for i in range(n)
    ])
    kind_names, unit_names = store.kinds, store.units.order
    return Fingerprint(
        ids=ids,
        kinds=[kind_names[k] for k in store.kind.tolist()],
        units=[unit_names[u] for u in store.unit.tolist()],
        digests=np.frombuffer(digests, dtype="<i8").astype(np.int64) if n
        else np.empty(0, np.int64),
    )
