"""Score history in a database: ``wenming archive record``, ``history`` and ``diff``.

An archive is a SQLite file (the default) or a PostgreSQL database given by
URL, created and migrated by the Alembic migrations shipped here. Each
recorded run keeps when it was scored, the as-of date, the dataset's hash,
each rubric's id, version and hash, every item's state and points, the
rectification list, and a content hash per evidence record, so that two runs
can be compared record by record. Needs the ``archive`` extra
(``pip install 'wenming[archive]'``: SQLAlchemy, Alembic, psycopg).

    from wenming.archive import open_archive, take_snapshot

    with open_archive("archive.sqlite") as archive:
        run_id = archive.record(take_snapshot(cards, dataset, as_of, path=folder))
"""

from __future__ import annotations

from wenming.archive.db import (
    DB_ENV,
    Archive,
    ArchiveError,
    RunInfo,
    archive_url,
    default_path,
    open_archive,
)
from wenming.archive.fingerprint import Fingerprint, fingerprint
from wenming.archive.report import (
    History,
    ItemChange,
    RecordChange,
    RunDiff,
    build_diff,
    build_history,
)
from wenming.archive.snapshot import GapRow, ItemRow, RubricRow, Snapshot, take_snapshot

__all__ = [
    "DB_ENV",
    "Archive",
    "ArchiveError",
    "Fingerprint",
    "GapRow",
    "History",
    "ItemChange",
    "ItemRow",
    "RecordChange",
    "RubricRow",
    "RunDiff",
    "RunInfo",
    "Snapshot",
    "archive_url",
    "build_diff",
    "build_history",
    "default_path",
    "fingerprint",
    "open_archive",
    "take_snapshot",
]
