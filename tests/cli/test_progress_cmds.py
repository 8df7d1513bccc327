"""``wenming trend``, ``agenda``, ``what-if`` and ``plan`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from tests.reports.progress_support import example
from wenming.cli.main import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
RUBRIC_ARGS = ["--rubric", "example", "--rubric", "provincial-18", "--rubric",
               "municipal-plan"]


@pytest.fixture(autouse=True)
def _needs_example() -> None:
    example()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_trend_json():
    code, out, _ = run("trend", str(EXAMPLE), "--every", "quarter", "--as-of", "2021-06-30",
                       "--rubric", "example", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["every"] == "quarter" and data["dates"][-1] == "2021-06-30"
    assert [r["rubric_id"] for r in data["rubrics"]] == ["example"]


def test_trend_html_file(tmp_path):
    target = tmp_path / "trend.html"
    code, _, err = run("trend", str(EXAMPLE), "--as-of", "2021-03-31", "--rubric", "example",
                       "-o", str(target))
    assert code == 0 and "trend.html" in err
    page = target.read_text(encoding="utf-8")
    assert '<svg class="chart trend"' in page and "<script" not in page


def test_agenda_table_and_ics(tmp_path):
    code, out, _ = run("--lang", "zh", "agenda", str(EXAMPLE), "--as-of", "2021-04-15",
                       "--days", "90", *RUBRIC_ARGS)
    assert code == 0 and "道德讲堂" in out and "2021-06-30" in out
    target = tmp_path / "agenda.ics"
    code, _, _ = run("agenda", str(EXAMPLE), "--as-of", "2021-04-15", *RUBRIC_ARGS,
                     "-o", str(target))
    assert code == 0
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events and all(e.get("dtstart").params.get("VALUE") == "DATE" for e in events)
    # iCalendar is a file format: standard output is refused with a message, not bytes.
    code, _, err = run("agenda", str(EXAMPLE), "--as-of", "2021-04-15", "--format", "ics")
    assert code != 0 and "--output" in err


def test_what_if_command(tmp_path):
    ledger = tmp_path / "hypothetical.csv"
    ledger.write_text("编号,单位,类别,日期,标题,归档日期\n"
                      "WI-1,办公室,道德讲堂,2021-12-10,补开道德讲堂,2021-12-11\n",
                      encoding="utf-8")
    before = sorted(p.name for p in (EXAMPLE / "evidence").rglob("*"))
    code, out, _ = run("what-if", str(EXAMPLE), str(ledger), "--as-of", "2021-12-31",
                       *RUBRIC_ARGS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {r["rubric_id"]: r["delta"] for r in data["rubrics"]} == {
        "example": 1.0, "provincial-18": 1.5, "municipal-plan": 0.0}
    assert sorted(p.name for p in (EXAMPLE / "evidence").rglob("*")) == before


def test_what_if_bad_ledger_is_one_message(tmp_path):
    ledger = tmp_path / "bad.csv"
    ledger.write_text("编号,单位,类别,日期\nWI-1,nobody,道德讲堂,2021-02-30\n", encoding="utf-8")
    code, _, err = run("what-if", str(EXAMPLE), str(ledger), "--as-of", "2021-12-31")
    assert code == 2 and "bad.csv" in err and "Traceback" not in err


def test_plan_command():
    code, out, _ = run("plan", str(EXAMPLE), "--as-of", "2021-09-01", "--by", "2021-12-31",
                       *RUBRIC_ARGS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["reached"] is True and data["activities"]
    assert all(r["after"]["verdict"] == "pass" for r in data["rubrics"])
    code, _, err = run("plan", str(EXAMPLE), "--as-of", "2021-09-01", "--by", "2021-08-01")
    assert code == 2 and "2021-08-01" in err
    code, out, _ = run("--lang", "zh", "plan", str(EXAMPLE), "--as-of", "2021-09-01",
                       "--by", "2021-12-31", "--target", "full", "--format", "markdown",
                       *RUBRIC_ARGS)
    assert code == 0 and "## 建议开展的活动" in out and "## 已无法挽回" in out


def test_unknown_extension_is_refused(tmp_path):
    code, _, err = run("trend", str(EXAMPLE), "--as-of", "2021-03-31", "-o",
                       str(tmp_path / "trend.csv"))
    assert code == 2 and ".csv" in err
