"""The archive database: open (and migrate) it, store a run, read runs back.

One code path for SQLite and PostgreSQL: SQLAlchemy Core builds the SQL, and
Alembic migrations (shipped in ``migrations/``) create and upgrade the
schema. What differs between the two is only how a connection is set up:
SQLite gets WAL mode, a busy timeout and ``BEGIN IMMEDIATE`` for writes, so
that two processes recording into one file wait for each other instead of
failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from attrs import frozen

from wenming.archive import schema as t
from wenming.archive.snapshot import GapRow, ItemRow, RubricRow, Snapshot
from wenming.archive.target import (
    ArchiveError,
    check_sqlite_file,
    create_sqlite_file,
    looks_like_url,
    parse_url,
    scrub,
    shown,
)
from wenming.model.labels import Label

__all__ = ["DB_ENV", "VERSION_TABLE", "Archive", "ArchiveError", "RecordState", "RunInfo",
           "archive_url", "default_path", "migrations_config", "open_archive"]

#: The environment variable naming the archive (a file path or a database URL).
DB_ENV = "WENMING_DB"
#: Alembic's revision table, named so that a shared PostgreSQL database can hold it.
VERSION_TABLE = "wenming_schema_version"
#: How long (ms) a SQLite writer waits for another one before giving up.
SQLITE_BUSY_MS = 60_000
#: Rows per INSERT batch for the record fingerprints.
_CHUNK = 20_000


@frozen
class RunInfo:
    """One recorded run and its rubric totals."""

    id: int
    recorded_at: datetime
    as_of: date
    campaign_id: str
    campaign_title: Label
    dataset_path: str
    dataset_hash: str
    record_count: int
    wenming_version: str
    #: ``None`` for runs recorded before fingerprints were archived (schema revision 0001).
    digest_version: int | None
    rubrics: tuple[RubricRow, ...]

    def rubric(self, rubric_id: str) -> RubricRow | None:
        return next((r for r in self.rubrics if r.rubric_id == rubric_id), None)


@frozen
class RecordState:
    """A record as one run saw it."""

    kind: str
    unit: str
    digest: int


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/wenming/archive.sqlite`` (``~/.local/share/…`` when unset)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wenming" / "archive.sqlite"


def archive_url(target: str | os.PathLike[str] | None = None,
                environ: Mapping[str, str] | None = None) -> sa.URL:
    """The database URL for ``target``: a URL, a SQLite file path, or ``$WENMING_DB``.

    A value with a scheme-like prefix must parse as a URL (see
    :mod:`wenming.archive.target`); only a value without one is a file path.
    """
    env = os.environ if environ is None else environ
    if isinstance(target, os.PathLike):
        value = os.fspath(target)
        is_path = True
    else:
        value = target or env.get(DB_ENV) or ""
        is_path = not value
        value = value or str(default_path(env))
    if not value.strip():
        raise ArchiveError("--db is empty / --db 为空; " + "give a file path or a database URL")
    if is_path or not looks_like_url(value):
        return sa.URL.create("sqlite+pysqlite", database=str(Path(value).expanduser().absolute()))
    url = parse_url(value)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not SQLAlchemy's default
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ArchiveError(f"unsupported database / 不支持的数据库: {url.get_backend_name()!r}; "
                           "expected a SQLite file or a postgresql:// URL")
    return url


def migrations_config() -> Config:
    """An Alembic configuration pointing at the migrations shipped in this package."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("version_table", VERSION_TABLE)
    return config


def _engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        # pysqlite's own BEGIN is deferred: two writers would both read, then one
        # fail to upgrade its lock without waiting. BEGIN is emitted below instead.
        dbapi.isolation_level = None
        cursor = dbapi.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        # Switching a new file to WAL takes an exclusive lock that the busy timeout does
        # not wait for: two processes opening a new archive at once retry it briefly.
        for attempt in range(100):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or attempt == 99:
                    raise
                time.sleep(0.05)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("wenming_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def open_archive(target: str | os.PathLike[str] | None = None, *, create: bool = True,
                 init: bool = False) -> Archive:
    """Open the archive at ``target`` (see :func:`archive_url`), migrating an older schema.

    A SQLite file is created on first use unless ``create`` is false; an
    existing empty file becomes an archive only with ``init``. A file that is not
    a SQLite database, or fails its integrity check, is refused untouched. A
    database written by a newer wenming (a schema revision this one does not
    know) is refused with :class:`ArchiveError`, never read.
    """
    url = archive_url(target)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.exists() and not path.is_symlink():
            if not create:
                raise ArchiveError(f"no archive at {path} yet / 档案库尚不存在; record a run "
                                   "first with `wenming archive record DIR`, or give --db")
            create_sqlite_file(path)
        check_sqlite_file(path, init=init)
    archive = Archive(_engine(url), url)
    try:
        archive.migrate()
    except BaseException:
        archive.close()
        raise
    return archive


class Archive:
    """An open archive database. Use :func:`open_archive`; close it (or use ``with``)."""

    def __init__(self, engine: sa.Engine, url: sa.URL) -> None:
        self.engine = engine
        self.url = url

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def where(self) -> str:
        return shown(self.url)

    @contextmanager
    def _connection(self, write: bool = False) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(wenming_write=write)
                with conn.begin():
                    yield conn
        except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
            raise  # a race that migrate() retries, or a bug: not the user's to fix
        except sa.exc.DBAPIError as err:
            raise ArchiveError(_explain(self.url, err)) from None

    # -- schema -------------------------------------------------------------------------------
    def revision(self) -> str | None:
        with self._connection() as conn:
            return _current(conn)

    def migrate(self) -> None:
        """Bring the schema to the newest revision this wenming ships (or refuse a newer one)."""
        config = migrations_config()
        script = ScriptDirectory.from_config(config)
        heads = set(script.get_heads())
        # Two processes opening a new database at once both try to create it; the
        # loser's transaction fails, and on the second look the schema is there.
        for attempt in range(3):
            try:
                with self._connection(write=True) as conn:
                    current = _current(conn)
                    if current in heads:
                        return
                    if current is not None and not _known(script, current):
                        raise ArchiveError(
                            f"the archive {self.where} was written by a newer wenming (schema "
                            f"revision {current}; this wenming knows up to "
                            f"{', '.join(sorted(heads))}) / 档案库由更新版本的 wenming 写入，"
                            "请升级 wenming 后再打开")
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                return
            except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
                if attempt == 2:
                    raise

    # -- writing ------------------------------------------------------------------------------
    def record(self, snapshot: Snapshot) -> int:
        """Store ``snapshot`` in one transaction; its new run id."""
        with self._connection(write=True) as conn:
            return _write(conn, snapshot)

    # -- reading ------------------------------------------------------------------------------
    def runs(self, campaign_id: str | None = None) -> list[RunInfo]:
        """Every run (of one campaign), oldest first."""
        query = sa.select(t.runs).order_by(t.runs.c.id)
        if campaign_id is not None:
            query = query.where(t.runs.c.campaign_id == campaign_id)
        with self._connection() as conn:
            heads = conn.execute(query).mappings().all()
            ids = [row["id"] for row in heads]
            by_run: dict[int, list[RubricRow]] = {}
            for chunk in _chunks(ids, 500):
                rows = conn.execute(sa.select(t.rubrics).where(t.rubrics.c.run_id.in_(chunk))
                                    .order_by(t.rubrics.c.run_id, t.rubrics.c.rubric_id))
                for r in rows.mappings():
                    by_run.setdefault(r["run_id"], []).append(_rubric(r))
        return [_run(row, by_run.get(row["id"], [])) for row in heads]

    def run(self, run_id: int) -> RunInfo:
        found = [r for r in self._select_runs(t.runs.c.id == run_id)]
        if not found:
            raise ArchiveError(f"no run {run_id} in the archive {self.where} / 档案库中没有运行 "
                               f"{run_id}")
        return found[0]

    def _select_runs(self, condition: sa.ColumnElement[bool]) -> list[RunInfo]:
        with self._connection() as conn:
            heads = conn.execute(sa.select(t.runs).where(condition).order_by(t.runs.c.id)
                                 ).mappings().all()
            out = []
            for row in heads:
                rubrics = conn.execute(sa.select(t.rubrics).where(t.rubrics.c.run_id == row["id"])
                                       .order_by(t.rubrics.c.rubric_id)).mappings()
                out.append(_run(row, [_rubric(r) for r in rubrics]))
        return out

    def resolve(self, ref: str, campaign_id: str | None = None) -> RunInfo:
        """The run ``ref`` names: a run id, or an as-of date (its latest run)."""
        text = ref.strip()
        if text.isdigit():
            return self.run(int(text))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ArchiveError(f"not a run id or a date / 不是运行编号或日期: {ref!r}; expected a "
                               "run id from `wenming history` or an as-of date such as "
                               "2021-06-30") from None
        condition = t.runs.c.as_of == day
        if campaign_id is not None:
            condition = condition & (t.runs.c.campaign_id == campaign_id)
        found = self._select_runs(condition)
        if not found:
            raise ArchiveError(f"no run as of {day} in the archive {self.where} / 档案库中没有"
                               f"基准日为 {day} 的运行")
        campaigns = sorted({r.campaign_id for r in found})
        if len(campaigns) > 1:
            raise ArchiveError(f"runs as of {day} belong to several campaigns / 多个创建活动有该"
                               f"基准日的运行: {', '.join(campaigns)}; give --campaign ID "
                               "or run ids")
        return found[-1]

    def items(self, run_ids: Sequence[int], code: str | None = None) -> list[tuple[int, ItemRow]]:
        """The items of ``run_ids`` (only item ``code`` if given), as (run id, item)."""
        out: list[tuple[int, ItemRow]] = []
        with self._connection() as conn:
            for chunk in _chunks(list(run_ids), 500):
                query = sa.select(t.items).where(t.items.c.run_id.in_(chunk))
                if code is not None:
                    query = query.where(t.items.c.code == code)
                query = query.order_by(t.items.c.run_id, t.items.c.rubric_id, t.items.c.code)
                out += [(r["run_id"], _item(r)) for r in conn.execute(query).mappings()]
        return out

    def gaps(self, run_id: int) -> list[GapRow]:
        with self._connection() as conn:
            gains: dict[int, dict[str, float]] = {}
            for r in conn.execute(sa.select(t.gap_gains).where(t.gap_gains.c.run_id == run_id)
                                  .order_by(t.gap_gains.c.rank, t.gap_gains.c.rubric_id)):
                gains.setdefault(r.rank, {})[r.rubric_id] = r.gain
            rows = conn.execute(sa.select(t.gaps).where(t.gaps.c.run_id == run_id)
                                .order_by(t.gaps.c.rank)).mappings().all()
        return [GapRow(r["rank"], r["unit"], Label(r["finding_zh"], r["finding_en"]),
                       r["deadline"], gains.get(r["rank"], {})) for r in rows]

    def records(self, run_id: int) -> dict[str, RecordState]:
        """Each record of the run's fingerprint, by id."""
        c = t.records.c
        with self._connection() as conn:
            rows = conn.execute(sa.select(c.record_id, c.kind, c.unit, c.digest)
                                .where(c.run_id == run_id))
            return {rid: RecordState(kind, unit, digest) for rid, kind, unit, digest in rows}


# -- helpers ------------------------------------------------------------------------------------

def _current(conn: sa.Connection) -> str | None:
    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    heads = context.get_current_heads()
    if len(heads) > 1:
        raise ArchiveError(
            f"the archive's {VERSION_TABLE} table holds {len(heads)} schema revisions "
            f"({', '.join(sorted(heads))}); an archive has exactly one. It was edited by hand "
            "or by another tool; restore it from a backup / 档案库的版本表有多行，已被手工或其他"
            "工具改动，请从备份恢复")
    return heads[0] if heads else None


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _reason(err: sa.exc.DBAPIError) -> str:
    text = str(err.orig).strip() if err.orig is not None else ""
    return text.splitlines()[0] if text else type(err.orig).__name__


def _explain(url: sa.URL, err: sa.exc.DBAPIError) -> str:
    """wenming's own message for a driver's error: what happened, then what to do."""
    reason = scrub(_reason(err), url)
    where = shown(url)
    if url.get_backend_name() == "sqlite":
        if "unable to open" in reason:
            path = Path(where)
            return (f"SQLite cannot open the archive {where} ({reason}) / 无法打开档案库. "
                    f"SQLite keeps {path.name}-wal and {path.name}-shm beside the file: the "
                    f"file and its folder {path.parent} must be writable by you (check the "
                    "permissions, or copy the archive to a folder of yours)")
        if "readonly" in reason.replace("-", "").replace(" ", ""):
            return (f"the archive {where} is read-only ({reason}) / 档案库只读; make the file "
                    "and its folder writable, or copy the archive to a folder of yours")
        if isinstance(err.orig, sqlite3.DatabaseError) and not isinstance(
                err.orig, sqlite3.OperationalError):
            return (f"the archive {where} is damaged ({reason}) / 档案库已损坏; restore it "
                    "from a backup, or give a new file name to start another archive")
        return f"archive {where}: {reason}"
    if "connection" in reason.lower() or "resolve host" in reason.lower():
        return (f"cannot reach the PostgreSQL server of {where} / 无法连接 PostgreSQL 服务器: "
                f"{reason}. Check that the server is running and that the URL's host, port, "
                "user and password are right")
    return f"archive {where}: {reason}"


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _insert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), list(rows))


def _write(conn: sa.Connection, s: Snapshot) -> int:
    fp = s.fingerprint
    key = conn.execute(t.runs.insert().values(
        recorded_at=s.recorded_at, as_of=s.as_of, campaign_id=s.campaign_id,
        campaign_title_zh=s.campaign_title.zh, campaign_title_en=s.campaign_title.en,
        dataset_path=s.dataset_path, dataset_hash=s.dataset_hash, record_count=len(fp),
        wenming_version=s.wenming_version, digest_version=fp.version)).inserted_primary_key
    if key is None:
        raise ArchiveError("the database gave the new run no id / 数据库未返回运行编号")
    run_id = int(key[0])
    _insert(conn, t.rubrics, [
        {"run_id": run_id, "rubric_id": r.rubric_id, "version": r.version, "hash": r.hash,
         "title_zh": r.title.zh, "title_en": r.title.en, "total": r.total,
         "maximum": r.maximum, "nominal": r.nominal, "pass_line": r.pass_line,
         "verdict": r.verdict} for r in s.rubrics])
    _insert(conn, t.items, [
        {"run_id": run_id, "rubric_id": i.rubric_id, "code": i.code, "area": i.area,
         "title_zh": i.title.zh, "title_en": i.title.en, "state": i.state, "points": i.points,
         "maximum": i.maximum, "bonus": i.bonus, "kinds": " ".join(i.kinds)}
        for i in s.items])
    _insert(conn, t.gaps, [
        {"run_id": run_id, "rank": g.rank, "unit": g.unit, "finding_zh": g.finding.zh,
         "finding_en": g.finding.en, "deadline": g.deadline} for g in s.gaps])
    _insert(conn, t.gap_gains, [
        {"run_id": run_id, "rank": g.rank, "rubric_id": rubric, "gain": gain}
        for g in s.gaps for rubric, gain in g.gains.items()])
    digests = fp.digests.tolist()
    for start in range(0, len(fp), _CHUNK):
        stop = start + _CHUNK
        _insert(conn, t.records, [
            {"run_id": run_id, "record_id": i, "kind": k, "unit": u, "digest": d}
            for i, k, u, d in zip(fp.ids[start:stop], fp.kinds[start:stop],
                                  fp.units[start:stop], digests[start:stop], strict=True)])
    return run_id


def _utc(value: datetime) -> datetime:
    # SQLite keeps no zone; every stamp wenming writes is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _run(row: sa.RowMapping, rubrics: Iterable[RubricRow]) -> RunInfo:
    return RunInfo(
        id=row["id"], recorded_at=_utc(row["recorded_at"]), as_of=row["as_of"],
        campaign_id=row["campaign_id"],
        campaign_title=Label(row["campaign_title_zh"], row["campaign_title_en"]),
        dataset_path=row["dataset_path"], dataset_hash=row["dataset_hash"],
        record_count=row["record_count"], wenming_version=row["wenming_version"],
        digest_version=row["digest_version"], rubrics=tuple(rubrics))


def _rubric(r: sa.RowMapping) -> RubricRow:
    return RubricRow(r["rubric_id"], r["version"], r["hash"], Label(r["title_zh"], r["title_en"]),
                     r["total"], r["maximum"], r["nominal"], r["pass_line"], r["verdict"])


def _item(r: sa.RowMapping) -> ItemRow:
    return ItemRow(r["rubric_id"], r["code"], r["area"], Label(r["title_zh"], r["title_en"]),
                   r["state"], r["points"], r["maximum"], bool(r["bonus"]),
                   tuple(r["kinds"].split()) if r["kinds"] else ())
