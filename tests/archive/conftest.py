"""Fixtures: the example dataset scored into snapshots, and archives on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.archive import postgres
from wenming import PluginHost, Scorer, load_dataset

if TYPE_CHECKING:
    from wenming.archive import Snapshot

# The archive needs the optional `archive` extra; each test module skips without it.
NEEDS = ("sqlalchemy", "alembic")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="session")
def snap(host: PluginHost) -> Callable[[Path, date], Snapshot]:
    """Score a dataset folder as of a day into a snapshot."""

    from wenming.archive import take_snapshot

    def make(folder: Path, day: date) -> Snapshot:
        dataset = load_dataset(folder, vocabulary=host.vocabulary())
        cards = Scorer(host).score_all(dataset, as_of=day)
        return take_snapshot(cards, dataset, day, path=folder)

    return make


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """``WENMING_TEST_POSTGRES_URL``, else a throwaway server; skips with the reason if neither."""
    import os

    given = os.environ.get(postgres.URL_ENV)
    if given:
        postgres.wait_for(given)
        yield given
        return
    try:
        with postgres.throwaway_server() as url:
            postgres.wait_for(url)
            yield url
    except postgres.Unavailable as err:
        pytest.skip(str(err))


@pytest.fixture
def postgres_db(postgres_server: str) -> Iterator[str]:
    """A fresh database on the server for one test, dropped afterwards."""
    import sqlalchemy as sa

    from wenming.archive.db import archive_url

    name = f"wenming_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(archive_url(postgres_server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield archive_url(postgres_server).set(database=name).render_as_string(
            hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An archive target on each backend: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.sqlite")
    return str(request.getfixturevalue("postgres_db"))
