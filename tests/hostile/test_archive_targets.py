"""Hostile ``--db`` values and archive files: refused with a named problem, never leaked.

Every archive command runs with each bad value; all of its output is searched
for the password, and the working folder must hold nothing new afterwards (a
URL with a typo once became a SQLite file, and folders, named with it).
"""

# ruff: noqa: E402  (imports after the skip when the archive extra is missing)
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

for _name in ("sqlalchemy", "alembic"):
    pytest.importorskip(_name, reason="the archive extra is not installed")

import sqlalchemy as sa
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.archive import ArchiveError, archive_url, open_archive
from wenming.archive.db import VERSION_TABLE
from wenming.archive.target import mask
from wenming.cli.main import CliState, cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
SECRET = "Zq7S3cretPw"

#: (value, words the refusal must hold): each one a typo or trap seen in the field.
BAD_URLS = [
    (f"postgresql:/clerk:{SECRET}@db.example/wenming", "two slashes"),
    (f"postgresql//clerk:{SECRET}@db.example/wenming", "colon is missing"),
    (f"postgre sql://clerk:{SECRET}@db.example/wenming", "holds a space"),
    (f"postgresql://clerk:{SECRET[:4]}@{SECRET[4:]}@db.example/wenming", "%40"),
    (f"postgresql://clerk:{SECRET}@db.example:port/wenming", "port is not a number"),
    (f"postgresql://clerk:{SECRET}@db.example:99999/wenming", "between 1 and 65535"),
    (f"clerk:{SECRET}@db.example/wenming", "no database scheme"),
    (f"mysql://clerk:{SECRET}@db.example/wenming", "unsupported database"),
    # Parses, but nobody listens on port 1: the driver's error, masked.
    (f"postgresql://clerk:{SECRET}@127.0.0.1:1/wenming", "cannot reach the PostgreSQL server"),
    (f"postgresql://clerk@127.0.0.1:1/wenming?password={SECRET}",
     "cannot reach the PostgreSQL server"),
]


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, obj=CliState(), catch_exceptions=False)


def _commands(dataset: Path) -> list[list[str]]:
    return [["archive", "record", str(dataset), "--as-of", "2021-12-31"],
            ["archive", "record", str(dataset), "--as-of", "2021-12-31", "--format", "json"],
            ["history", str(dataset)], ["history", str(dataset), "--format", "json"],
            ["diff", "1", "2"], ["diff", "1", "2", "--format", "markdown"]]


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    target = tmp_path / "ds"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.mark.parametrize(("value", "problem"), BAD_URLS)
def test_a_bad_url_is_refused_by_every_command_and_never_shown(
        value: str, problem: str, dataset: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = _listing(tmp_path)
    for args in _commands(dataset):
        for how in ("option", "environment"):
            if how == "option":
                monkeypatch.delenv("WENMING_DB", raising=False)
                result = _run([*args, "--db", value])
            else:
                monkeypatch.setenv("WENMING_DB", value)
                result = _run(args)
            said = result.output  # standard output and error, as a terminal shows them
            assert result.exit_code == 2, (args, how, said)
            assert problem in said, (args, how, said)
            assert "Traceback" not in said and "internal error" not in said
            # wenming's own message first and only: no driver noise on lines of its own
            assert said.strip().startswith(("错误", "Error:")), said
            assert len(said.strip().splitlines()) == 1, said
            for part in (SECRET, SECRET[:4] + "@", SECRET[4:]):
                assert part not in said, (args, how, said)
    assert _listing(tmp_path) == before, "a refused --db wrote something"


@pytest.mark.parametrize(("value", "_problem"), BAD_URLS[:8])
def test_the_library_refuses_the_same_values(value: str, _problem: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        archive_url(value)
    chained: BaseException | None = caught.value
    while chained is not None:  # a traceback (--debug) prints the whole chain
        assert SECRET[4:] not in str(chained), repr(chained)
        chained = chained.__cause__ or chained.__context__


def test_plain_paths_stay_sqlite_files(tmp_path: Path) -> None:
    for value in ("archive.sqlite", "./odd:name.sqlite", "C:/data/archive.sqlite",
                  "postgresql/archive.sqlite", str(tmp_path / "a b" / "x.db")):
        assert archive_url(value).get_backend_name() == "sqlite", value
    url = archive_url(f"postgresql://clerk:{SECRET}@db.example:5432/wenming")
    assert url.port == 5432 and url.password == SECRET


def test_mask_hides_every_reading_of_a_password() -> None:
    assert mask("postgresql://u:p@ss@h/db") == "postgresql://u:***@h/db"
    assert mask("postgresql:/u:pw@h/db") == "postgresql:/u:***@h/db"
    assert mask("u:pw@h/db") == "u:***@h/db"
    assert mask("postgresql://u:pw/db") == "postgresql://u:***/db"  # no host: pw may be it
    assert mask("postgresql://u@h/db?sslmode=require&password=pw") == \
        "postgresql://u@h/db?sslmode=require&password=***"


# -- files that are not (sound) archives -------------------------------------------------------

def _foreign_files(folder: Path) -> dict[str, tuple[Path, str]]:
    csv = folder / "ledger.csv"
    shutil.copy(EXAMPLE / "evidence" / "派出局活动.csv", csv)
    xlsx = folder / "ledger.xlsx"
    shutil.copy(EXAMPLE / "evidence" / "2021-台账.xlsx", xlsx)
    html = folder / "export.sqlite"
    html.write_text("<!DOCTYPE html><html><body>台账</body></html>", "utf-8")
    return {"csv": (csv, "CSV ledger"), "xlsx": (xlsx, "XLSX workbook"),
            "html": (html, "web page")}


def _damaged(folder: Path, dataset: Path) -> Path:
    good = folder / "good.sqlite"
    assert _run(["archive", "record", str(dataset), "--as-of", "2021-12-31",
                 "--db", str(good)]).exit_code == 0
    bad = folder / "damaged.sqlite"
    data = bytearray(good.read_bytes())
    data[4096] = 13  # page 2 claims to be a leaf table page ...
    data[4097:4097 + 90] = b"\x00\xff\xff" * 30  # ... with nonsense cell offsets
    bad.write_bytes(bytes(data))
    return bad


def test_foreign_and_damaged_files_are_refused_untouched(dataset: Path, tmp_path: Path) -> None:
    cases = {name: (path, words) for name, (path, words) in _foreign_files(tmp_path).items()}
    cases["damaged"] = (_damaged(tmp_path, dataset), "damaged (SQLite integrity check")
    for name, (path, words) in cases.items():
        digest = _digest(path)
        before = _listing(tmp_path)
        for args in _commands(dataset):
            result = _run([*args, "--db", str(path)])
            assert result.exit_code == 2, (name, args, result.output)
            assert words in result.output and str(path) in result.output, result.output
            assert "internal error" not in result.output
        with pytest.raises(ArchiveError, match="untouched"):
            open_archive(path)
        assert _digest(path) == digest, f"{name} was modified"
        assert _listing(tmp_path) == before, f"{name}: something was written beside it"


def test_an_empty_file_becomes_an_archive_only_with_init(dataset: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    record = ["archive", "record", str(dataset), "--as-of", "2021-12-31", "--db", str(empty)]
    for args in (record, ["history", str(dataset), "--db", str(empty)]):
        result = _run(args)
        assert result.exit_code == 2 and "empty file" in result.output and "--init" in \
            result.output, result.output
    assert empty.stat().st_size == 0
    with pytest.raises(ArchiveError, match="empty file"):
        open_archive(empty)
    assert _run([*record, "--init"]).exit_code == 0
    assert "Recorded run 2" in _run(record).output  # an archive now: no --init needed


def test_two_schema_revisions_are_a_clean_error(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    open_archive(db).close()
    engine = sa.create_engine(archive_url(db))
    with engine.begin() as conn:
        conn.execute(sa.text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES ('0001')"))
    engine.dispose()
    with pytest.raises(ArchiveError, match="holds 2 schema revisions"):
        open_archive(db)
    result = _run(["diff", "1", "2", "--db", str(db)])
    assert result.exit_code == 2 and "holds 2 schema revisions" in result.output


def test_an_unopenable_archive_says_what_to_check(dataset: Path, tmp_path: Path) -> None:
    # Root ignores permissions, so SQLite's WAL file is made impossible to create instead.
    db = tmp_path / "a.sqlite"
    open_archive(db).close()
    Path(f"{db}-wal").mkdir()
    result = _run(["history", str(dataset), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "must be writable" in result.output and str(db.parent) in result.output



# -- properties (Hypothesis) -------------------------------------------------------------------

# Passwords as people choose them: letters, digits and the punctuation URLs trip on.
_PASSWORDS = st.text(alphabet=st.sampled_from(
    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789@:/?#%&=+!$*~._-"),
    min_size=6, max_size=24).map(lambda p: f"Zq{p}")
_SHAPES = st.sampled_from([
    "postgresql://clerk:{pw}@db.example:5432/wenming",
    "postgresql:/clerk:{pw}@db.example/wenming",
    "postgresql//clerk:{pw}@db.example/wenming",
    "postgre sql://clerk:{pw}@db.example/wenming",
    "postgresql://clerk:{pw}@db.example:port/wenming",
    "clerk:{pw}@db.example/wenming",
    "postgresql://clerk@db.example/wenming?password={pw}",
    "postgresql://clerk@db.example/wenming?sslmode=require&password={pw}&connect_timeout=5",
    "mysql://clerk:{pw}@db.example/wenming",
])


@settings(max_examples=300, deadline=None)
@given(password=_PASSWORDS, shape=_SHAPES)
def test_no_reading_of_a_db_value_shows_its_password(password: str, shape: str) -> None:
    """Whatever the password holds (an @, a slash, a colon), neither an error nor the place
    shown for a parsed URL gives it away; a value is never silently a file path."""
    from wenming.archive.target import shown

    value = shape.format(pw=password)
    try:
        url = archive_url(value)
    except ArchiveError as err:
        said = str(err)
    else:
        assert url.get_backend_name() == "postgresql", value  # never a SQLite file
        said = shown(url)
    secret = password[2:]  # what the user typed after the fixed prefix
    for size in (6, len(secret)):
        assert secret[:size] not in said or secret[:size] in value.replace(password, ""), said
