"""``gaps``, ``compare`` and ``timeline`` run directly with click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.reports import support
from wenming.cli import reports as cli_reports
from wenming.errors import DataIssue, DatasetError


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset folder whose loading is replaced by the support dataset."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setattr(cli_reports, "_load_dataset", lambda host, directory: support.dataset())
    return root


def _run(command, *args: str, lang: str = "en"):
    obj = {"host": support.host(), "lang": lang}
    return CliRunner().invoke(command, list(args), obj=obj, catch_exceptions=False)


def test_gaps_as_a_table_in_chinese(folder):
    result = _run(cli_reports.gaps_command, str(folder), "--as-of", "2021-10-15", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "整改清单" in result.stdout
    assert "机关党委 (party)" in result.stdout
    assert "已失 " in result.stdout and "责任依据" in result.stdout
    assert "待人工评定" in result.stdout


def test_gaps_as_json_for_one_rubric(folder):
    result = _run(cli_reports.gaps_command, str(folder), "--as-of", "2021-10-15",
                  "--rubric", "city", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "wenming.gaps/1"
    assert list(data["rubrics"]) == ["city"]
    assert data["gaps"][0]["gains"] == {"city": 10.0}


def test_binary_format_needs_output_and_files_are_not_overwritten(folder, tmp_path):
    result = _run(cli_reports.gaps_command, str(folder), "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr and "Traceback" not in result.stderr
    target = tmp_path / "gaps.xlsx"
    target.write_text("keep me")
    args = [str(folder), "--as-of", "2021-10-15", "--format", "xlsx", "--output", str(target)]
    refused = _run(cli_reports.gaps_command, *args)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text() == "keep me"
    forced = _run(cli_reports.gaps_command, *args, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes()[:2] == b"PK"  # a zip container, i.e. a workbook


def test_refuses_to_write_over_a_file_in_the_dataset_folder(folder):
    ledger = folder / "ledger.csv"
    ledger.write_text("id,kind\n")
    result = _run(cli_reports.timeline_command, str(folder), "-o", str(ledger), "--force")
    assert result.exit_code == 2
    assert ledger.read_text() == "id,kind\n"


def test_unknown_rubric_and_bad_date_are_input_errors(folder):
    result = _run(cli_reports.compare_command, str(folder), "--rubric", "nope")
    assert result.exit_code == 2 and "nope" in result.stderr
    result = _run(cli_reports.gaps_command, str(folder), "--as-of", "31/02/2021")
    assert result.exit_code == 2


def test_dataset_errors_are_a_message_not_a_traceback(tmp_path, monkeypatch):
    def broken(host, directory):
        raise DatasetError([DataIssue("evidence.csv", "unknown unit", line=3, field="unit",
                                      value="north")])

    monkeypatch.setattr(cli_reports, "_load_dataset", broken)
    result = _run(cli_reports.gaps_command, str(tmp_path))
    assert result.exit_code == 2
    assert "evidence.csv:3" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_compare_in_markdown(folder):
    result = _run(cli_reports.compare_command, str(folder), "--as-of", "2021-10-15",
                  "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "# Rubric comparison" in result.stdout
    assert "| Moral lecture (moral-lecture) | Partial | Met |" in result.stdout


def test_timeline_to_a_file_and_csv_refused(folder, tmp_path):
    out = tmp_path / "timeline.html"
    result = _run(cli_reports.timeline_command, str(folder), "--as-of", "2021-10-15",
                  "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "<svg" in out.read_text(encoding="utf-8")
    assert str(out) in result.stderr
    refused = _run(cli_reports.timeline_command, str(folder), "--format", "csv")
    assert refused.exit_code == 2
    assert "csv" in refused.stderr and "Timeline" in refused.stderr


def test_runs_under_the_main_groups_state(folder):
    from wenming.cli.main import CliState

    state = CliState(host_factory=support.host, lang="zh")
    result = CliRunner().invoke(cli_reports.timeline_command,
                                [str(folder), "--as-of", "2021-09-15"], obj=state)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("进行中") == 2


def test_gaps_on_the_bundled_example_with_the_real_loader(tmp_path):
    loaders = pytest.importorskip("wenming.loaders")
    if not hasattr(loaders, "load_dataset"):
        pytest.skip("wenming.loaders.load_dataset is not available yet")
    from wenming.plugins import PluginHost

    example = Path(__file__).parents[2] / "examples" / "ecology-bureau"
    if not example.is_dir():
        pytest.skip("examples/ecology-bureau is not in this checkout")
    host = PluginHost()
    if not host.rubrics():
        pytest.skip("no rubric plugin is installed")
    result = CliRunner().invoke(cli_reports.gaps_command,
                                [str(example), "--as-of", "2021-10-15", "--format", "json"],
                                obj={"host": host})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "wenming.gaps/1"
    # every installed rubric but the examples (示例), which are scored only when named
    assert set(data["rubrics"]) == {"municipal-plan", "provincial-18"} <= set(host.rubrics())
    scored = {s["rubric_id"] for row in data["gaps"] for s in row["shortfalls"]}
    assert scored and scored <= {"municipal-plan", "provincial-18"}


def test_progress_on_a_terminal_only_and_erased_when_done(folder, monkeypatch):
    from wenming.cli import output as out

    class Tty:
        def isatty(self) -> bool:
            return True

    assert out.progress_enabled(Tty())
    assert not out.progress_enabled()  # the test runner's stderr is no TTY
    monkeypatch.setenv("TERM", "dumb")
    assert not out.progress_enabled(Tty())
    monkeypatch.setattr(out, "progress_enabled", lambda stream=None: True)
    monkeypatch.setattr(out.Progress, "DELAY", 0.0)
    result = _run(cli_reports.compare_command, str(folder), "--as-of", "2021-10-15")
    assert result.exit_code == 0, result.stderr
    for step in ("Loading the dataset", "Scoring 1/2", "Comparing the rubrics"):
        assert step in result.stderr
    assert result.stderr.endswith("\r\x1b[K")  # the last line drawn is erased
    assert result.stdout.startswith("== Rubric comparison")
    assert "\x1b" not in result.stdout
