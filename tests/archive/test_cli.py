"""``wenming archive record``, ``history`` and ``diff`` through the command line."""

# ruff: noqa: E402  (imports after the skip when the archive extra is missing)
from __future__ import annotations

import json
from pathlib import Path

import pytest

for _name in ("sqlalchemy", "alembic"):
    pytest.importorskip(_name, reason="the archive extra is not installed: "
                               "pip install 'wenming[archive]'")
from click.testing import CliRunner, Result

from tests.archive.conftest import EXAMPLE
from wenming.cli.main import CliState, cli


def _run(*args: str, db: str | None = None) -> Result:
    extra = ["--db", db] if db else []
    result = CliRunner().invoke(cli, [*args, *extra], obj=CliState(), catch_exceptions=False)
    return result


def _edit(folder: Path) -> None:
    """Change E-2020-0002, drop N-2020-0001, add E-2021-9999 (a moral lecture)."""
    ledger = folder / "evidence" / "派出局活动.csv"
    lines = ledger.read_text("utf-8").splitlines(keepends=True)
    assert lines[2].startswith("E-2020-0002,") and lines[3].startswith("N-2020-0001,")
    lines[2] = lines[2].replace(",56,", ",57,")
    removed = lines.pop(3)
    added = "E-2021-9999,东湖区分局,道德讲堂,2021-11-20,,东湖区分局道德讲堂,2021-11-25,,40,,,,,\n"
    ledger.write_text("".join([*lines, added]), "utf-8")
    assert removed


def test_record_history_and_diff(example_copy: Path, db: str) -> None:
    first = _run("archive", "record", str(example_copy), "--as-of", "2021-12-31", db=db)
    assert first.exit_code == 0, first.output
    assert "Recorded run 1" in first.output and "776 records" in first.output
    _edit(example_copy)
    second = _run("archive", "record", str(example_copy), "--as-of", "2021-12-31",
                  "--format", "json", db=db)
    assert second.exit_code == 0, second.output
    stored = json.loads(second.output)
    assert stored["schema"] == "wenming.archive-record/1" and stored["run"]["id"] == 2

    history = json.loads(_run("history", str(example_copy), "--format", "json", db=db).output)
    assert [r["id"] for r in history["runs"]] == [1, 2]
    assert {r["id"] for r in history["runs"][0]["rubrics"]} >= {"municipal-plan",
                                                                 "provincial-18"}
    table = _run("history", str(example_copy), db=db).output
    assert "eco-2020" in table and "municipal-plan" in table

    diff = json.loads(_run("diff", "1", "2", "--format", "json", db=db).output)
    records = diff["records"]
    assert [r["id"] for r in records["added"]] == ["E-2021-9999"]
    assert [r["id"] for r in records["changed"]] == ["E-2020-0002"]
    assert [r["id"] for r in records["removed"]] == ["N-2020-0001"]
    assert diff["items"], "a new moral lecture and a dropped record change some item"
    lecture_items = [i for i in diff["items"] if "E-2021-9999" in {r["id"] for r in i["records"]}]
    assert lecture_items
    for item in lecture_items:
        assert (item["before"]["state"], item["before"]["points"]) != \
            (item["after"]["state"], item["after"]["points"])
    markdown = _run("diff", "1", "2", "--format", "markdown", db=db).output
    assert markdown.startswith("# What changed") and "+E-2021-9999" in markdown
    assert "added 1, changed 1, removed 1" in markdown


def test_history_of_one_item_in_chinese(example_copy: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    for day in ("2021-06-30", "2021-12-31"):
        assert _run("archive", "record", str(example_copy), "--as-of", day, db=db).exit_code == 0
    result = _run("history", str(example_copy), "--item", "P5", "--lang", "zh", db=db)
    assert result.exit_code == 0, result.output
    assert "未到期" in result.output and "达标" in result.output  # not yet due, then met
    by_date = _run("diff", "2021-06-30", "2021-12-31", db=db)
    assert "the as-of date moved from 2021-06-30 to 2021-12-31" in by_date.output
    assert "both runs scored the same data" in by_date.output
    assert "P5" in by_date.output


def test_errors_are_messages(example_copy: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    missing = _run("history", str(example_copy), db=db)
    assert missing.exit_code == 2 and "no archive at" in missing.output
    assert not Path(db).exists()
    assert _run("archive", "record", str(example_copy), "--as-of", "2021-12-31",
                db=db).exit_code == 0
    for args, expected in [
        (("diff", "1", "7"), "no run 7"),
        (("diff", "1", "last-week"), "not a run id or a date"),
        (("diff", "1", "2020-01-01"), "no run as of 2020-01-01"),
        (("history", str(example_copy), "--item", "T55"), "did you mean"),
    ]:
        result = _run(*args, db=db)
        assert result.exit_code == 2, result.output
        assert expected in result.output and "Traceback" not in result.output
    other = tmp_path / "other"
    other.mkdir()
    (other / "campaign.toml").write_text('[campaign]\nid = "elsewhere"\n', "utf-8")
    result = _run("history", str(other), db=db)
    assert result.exit_code == 2 and "no run of campaign 'elsewhere'" in result.output


def test_the_database_comes_from_the_environment(example_copy: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("WENMING_DB", str(target))
    assert _run("archive", "record", str(EXAMPLE), "--as-of", "2021-12-31").exit_code == 0
    assert target.exists()
    assert "eco-2020" in _run("history", str(example_copy)).output


def test_a_password_never_reaches_a_report(postgres_db: str, example_copy: Path) -> None:
    # A server that trusts local users ignores the password: it must still never be printed.
    import sqlalchemy as sa

    secret = "Zq7S3cretPw"
    url = sa.make_url(postgres_db).set(password=secret).render_as_string(hide_password=False)
    record = ["archive", "record", str(example_copy), "--as-of", "2021-12-31"]
    outputs = []
    for args in ([*record], [*record, "--format", "json"], ["history", str(example_copy)],
                 ["history", str(example_copy), "--format", "html", "-o", "-"],
                 ["diff", "1", "2", "--format", "json"]):
        result = _run(*args, db=url)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    joined = "\n".join(outputs)
    assert secret not in joined and ":***@" in joined
