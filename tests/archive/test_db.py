"""The archive database on SQLite and on a real PostgreSQL server: store, read, migrate, refuse."""

# ruff: noqa: E402  (imports after the skip when the archive extra is missing)
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

for _name in ("sqlalchemy", "alembic"):
    pytest.importorskip(_name, reason="the archive extra is not installed: "
                               "pip install 'wenming[archive]'")
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.archive.conftest import EXAMPLE
from wenming.archive import ArchiveError, Snapshot, open_archive
from wenming.archive import db as archive_db
from wenming.archive.db import VERSION_TABLE, archive_url, migrations_config
from wenming.archive.schema import metadata

DAY = date(2021, 12, 31)
Snap = Callable[[Path, date], Snapshot]


def _count(target: str, table: str) -> int:
    engine = sa.create_engine(archive_url(target))
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
    finally:
        engine.dispose()


def test_a_run_is_stored_and_read_back(db: str, snap: Snap) -> None:
    snapshot = snap(EXAMPLE, DAY)
    with open_archive(db) as archive:
        run_id = archive.record(snapshot)
        run = archive.run(run_id)
        assert (run.as_of, run.campaign_id, run.record_count) == (DAY, "eco-2020", 776)
        assert run.dataset_hash == snapshot.dataset_hash
        assert run.recorded_at == snapshot.recorded_at.replace(microsecond=run.recorded_at
                                                               .microsecond)
        assert {(r.rubric_id, r.version, r.hash, r.total, r.verdict) for r in run.rubrics} == \
            {(r.rubric_id, r.version, r.hash, r.total, r.verdict) for r in snapshot.rubrics}
        assert sorted((i for _, i in archive.items([run_id])),
                      key=lambda i: (i.rubric_id, i.code)) == \
            sorted(snapshot.items, key=lambda i: (i.rubric_id, i.code))
        assert archive.gaps(run_id) == list(snapshot.gaps)
        records = archive.records(run_id)
        fp = snapshot.fingerprint
        assert {k: v.digest for k, v in records.items()} == \
            dict(zip(fp.ids, fp.digests.tolist(), strict=True))
        assert archive.resolve("2021-12-31").id == archive.resolve(str(run_id)).id == run_id


def test_a_failure_mid_write_stores_nothing(db: str, snap: Snap,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = archive_db._insert
    written: list[str] = []

    def failing(conn: sa.Connection, table: sa.Table, rows: object) -> None:
        if table.name == "wenming_run_records" and written.count(table.name) == 0 and written:
            written.append(table.name)
            real(conn, table, rows)  # type: ignore[arg-type]
            raise RuntimeError("disk full (injected)")
        written.append(table.name)
        real(conn, table, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_db, "_insert", failing)
    with open_archive(db) as archive, pytest.raises(RuntimeError, match="injected"):
        archive.record(snap(EXAMPLE, DAY))
    # rubrics, items, gaps and a first batch of records were written, then rolled back
    assert {"wenming_run_items", "wenming_run_gaps", "wenming_run_records"} <= set(written)
    for table in ("wenming_runs", "wenming_run_rubrics", "wenming_run_items",
                  "wenming_run_gaps", "wenming_run_gap_gains", "wenming_run_records"):
        assert _count(db, table) == 0, table
    monkeypatch.undo()
    with open_archive(db) as archive:
        assert archive.record(snap(EXAMPLE, DAY)) >= 1
        assert len(archive.runs()) == 1


def test_the_migrations_build_exactly_the_schema_the_code_reads(db: str) -> None:
    open_archive(db).close()
    engine = sa.create_engine(archive_url(db))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_an_older_archive_is_migrated_and_its_runs_kept(db: str) -> None:
    # An archive left at revision 0001 (no fingerprints yet), holding one run.
    engine = sa.create_engine(archive_url(db))
    config = migrations_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(sa.text(
            "INSERT INTO wenming_runs (id, recorded_at, as_of, campaign_id, campaign_title_zh, "
            "campaign_title_en, dataset_path, dataset_hash, record_count, wenming_version) "
            "VALUES (1, :at, :day, 'eco-2020', '甲', 'A', '/old', 'abc', 776, '0.0.9')"),
            {"at": "2021-07-01 00:00:00", "day": date(2021, 6, 30)})
        conn.execute(sa.text(
            "INSERT INTO wenming_run_items (run_id, rubric_id, code, area, title_zh, title_en, "
            "state, points, maximum, bonus) VALUES (1, 'example', '1', 'a', '甲', 'A', 'met', "
            "4, 4, false)"))
    engine.dispose()

    with open_archive(db) as archive:
        assert archive.revision() == "0002"
        old = archive.run(1)
        assert (old.as_of, old.record_count, old.digest_version) == (date(2021, 6, 30), 776,
                                                                     None)
        assert [i.kinds for _, i in archive.items([1])] == [()]
        assert archive.records(1) == {}


def test_an_archive_from_a_newer_wenming_is_refused(db: str) -> None:
    open_archive(db).close()
    engine = sa.create_engine(archive_url(db))
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(ArchiveError, match=r"newer wenming \(schema revision 0099"):
        open_archive(db)
    assert _count(db, "wenming_runs") == 0  # and nothing was touched


def test_a_missing_sqlite_archive_is_not_created_for_reading(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive at"):
        open_archive(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_targets_name_the_backend(tmp_path: Path) -> None:
    assert archive_url(tmp_path / "a.db").get_backend_name() == "sqlite"
    url = archive_url("postgresql://u:secret@h/db")
    assert url.drivername == "postgresql+psycopg"
    with pytest.raises(ArchiveError, match="unsupported database"):
        archive_url("mysql://h/db")
    assert archive_url(None, {"WENMING_DB": str(tmp_path / "e.db")}).database == \
        str(tmp_path / "e.db")
    assert archive_url(None, {"XDG_DATA_HOME": str(tmp_path)}).database == \
        str(tmp_path / "wenming" / "archive.sqlite")


_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from wenming import PluginHost, Scorer, load_dataset
    from wenming.archive import open_archive, take_snapshot
    from datetime import date
    db, folder, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    host = PluginHost()
    data = load_dataset(folder, vocabulary=host.vocabulary())
    day = date(2021, 12, 31)
    snapshot = take_snapshot(Scorer(host).score_all(data, as_of=day), data, day)
    while not go.exists():
        time.sleep(0.01)
    with open_archive(db) as archive:
        for _ in range(3):
            print(archive.record(snapshot))
""")


def test_two_processes_recording_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(EXAMPLE), str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env) for _ in range(2)]
    go.touch()  # both open (and create) the new archive at the same moment
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [err for _, err in results]
    ids = sorted(int(line) for out, _ in results for line in out.split())
    assert ids == [1, 2, 3, 4, 5, 6]
    with open_archive(db) as archive:
        assert [len(archive.records(i)) for i in ids] == [776] * 6
