"""The conventions every wenming command follows (issue 12, "CLI conventions").

Formats from the output's extension, ``-o -``, atomic writes, the evidence
folder kept clean, ``--format`` as a choice of the installed reporters, ``-h``,
``--format json`` for the listings, exit codes, the default as-of date, a
closed pipe, progress on a terminal, disabled plugins and ``--lang`` anywhere.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result

import wenming.cli.main as cli_main
from tests.cli.test_main import sample_dataset
from tests.plugins.support import FakeEntryPoint, ReporterPlugin, fake_entry_points, rubric_toml
from wenming.cli import output as out
from wenming.cli.main import CliState, cli, hoist_lang
from wenming.cli.reports import compare_command, gaps_command, timeline_command
from wenming.dataset import Dataset
from wenming.plugins import PluginHost
from wenming.plugins.manager import DISABLE_ENV
from wenming.plugins.types import Reporter
from wenming.testing import RubricPlugin

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ecology-bureau"

#: A rubric the sample dataset fails: it asks for a kind with no record, and has a pass line.
FAILING = rubric_toml("failing").replace(
    'kinds = ["leading-group-establishment"]', 'kinds = ["person-in-charge-designation"]'
).replace("total = 10\n", "total = 10\npass_line = 6\n", 1)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in (DISABLE_ENV, cli_main.LANG_ENV):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset folder with an evidence/ folder; loading yields the sample dataset."""
    folder = tmp_path / "data"
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "ledger.csv").write_text("original ledger", encoding="utf-8")

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        return sample_dataset(host.vocabulary(), directory, extra_origin="evidence/extra.csv")

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    from wenming.cli import reports

    monkeypatch.setattr(reports, "_load_dataset", load)
    return folder


def real_host(*rubrics: str, reporters: Sequence[Reporter] = ()) -> PluginHost:
    """wenming's built-ins (kinds, types and every real reporter) and the given rubrics."""
    plugins: list[object] = [RubricPlugin(*(rubrics or (rubric_toml("alpha"),)))]
    if reporters:
        plugins.append(ReporterPlugin(*reporters))
    return PluginHost(autoload=False, plugins=plugins)


def run(args: Sequence[str], host: PluginHost | None = None, **kwargs: Any) -> Result:
    chosen = host or real_host()
    state = CliState(host_factory=lambda: chosen)
    return CliRunner().invoke(cli, list(args), obj=state, **kwargs)


# -- -o picks the format, -o - is stdout --------------------------------------------
@pytest.mark.parametrize(("command", "name", "check"), [
    ("score", "s.xlsx", lambda p: openpyxl.load_workbook(p).sheetnames),
    ("score", "s.json", lambda p: json.loads(p.read_text("utf-8"))["schema"].startswith("wenming")),
    ("score", "s.md", lambda p: p.read_text("utf-8").startswith("#")),
    ("score", "s.HTML", lambda p: "<html" in p.read_text("utf-8").lower()),
    ("score", "s.txt", lambda p: "alpha" in p.read_text("utf-8")),
    ("gaps", "g.csv", lambda p: p.read_text("utf-8").startswith("\ufeff")),
    ("compare", "c.htm", lambda p: "<html" in p.read_text("utf-8").lower()),
    ("timeline", "t.xlsx", lambda p: openpyxl.load_workbook(p).sheetnames),
])
def test_the_output_extension_picks_the_format(
    data_dir: Path, tmp_path: Path, command: str, name: str, check: Any,
) -> None:
    target = tmp_path / name
    result = run([command, str(data_dir), "--as-of", "2021-06-30", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert check(target)


def test_format_wins_over_the_extension_with_a_note(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    result = run(["--lang", "en", "score", str(data_dir), "--as-of", "2021-06-30",
                  "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text("utf-8"))
    assert "writing json to" in result.stderr


def test_an_unknown_extension_asks_for_format(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = run(["--lang", "en", "score", str(data_dir), "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot tell the format from the extension '.pdf'" in result.stderr
    assert "xlsx" in result.stderr
    assert not target.exists()


def test_dash_is_standard_output(data_dir: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    state = CliState(host_factory=real_host)
    result = runner.invoke(cli, ["score", str(data_dir), "--as-of", "2021-06-30",
                                 "--format", "json", "-o", "-"], obj=state)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cards"][0]["rubric_id"] == "alpha"
    assert not (tmp_path / "-").exists()
    # a binary format goes to a pipe when asked for with -o -, never by default
    binary = runner.invoke(cli, ["score", str(data_dir), "--as-of", "2021-06-30",
                                 "--format", "xlsx", "-o", "-"], obj=state)
    assert binary.exit_code == 0, binary.output
    assert binary.stdout_bytes.startswith(b"PK")
    refused = runner.invoke(cli, ["score", str(data_dir), "--format", "xlsx"], obj=state)
    assert refused.exit_code == 2 and "--output" in refused.stderr


# -- atomic writes --------------------------------------------------------------
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old report")
    target.chmod(0o640)

    def half_then_fail(handle: Any) -> None:
        handle.write(b"half a rep")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        out.write_atomic(target, half_then_fail, replace=True)
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]

    out.write_atomic(target, lambda handle: handle.write(b"new report"), replace=True)
    assert target.read_text() == "new report"
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its permissions
    with pytest.raises(FileExistsError):
        out.write_atomic(target, lambda handle: handle.write(b"clobber"), replace=False)
    assert target.read_text() == "new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


# -- the evidence folder stays clean ---------------------------------------------------
@pytest.mark.parametrize("command", ["score", "gaps", "compare", "timeline"])
def test_no_output_inside_the_evidence_folder(data_dir: Path, command: str) -> None:
    target = data_dir / "evidence" / "整改清单.csv"
    args = [command, str(data_dir), "--as-of", "2021-06-30", "--format", "json", "-o",
            str(target), "--force"]
    result = run(["--lang", "en", *args])
    assert result.exit_code == 2
    assert "inside the evidence folder" in result.stderr
    assert "the next validate would read the report as a ledger" in result.stderr
    assert not target.exists()
    zh = run(["--lang", "zh", *args])
    assert "拒绝把报告" in zh.stderr and "证据文件夹" in zh.stderr


def test_a_linked_ledger_folder_is_guarded_too(data_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    archive = data_dir / "archive-2021"
    archive.mkdir()
    (data_dir / "evidence" / "2021").symlink_to(archive, target_is_directory=True)

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        return sample_dataset(host.vocabulary(), directory, extra_origin="evidence/2021/x.csv")

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    result = run(["score", str(data_dir), "--as-of", "2021-06-30", "-o",
                  str(archive / "report.json")])
    assert result.exit_code == 2, result.output
    assert "evidence folder" in result.stderr
    # beside the dataset's evidence/, a report is fine
    fine = run(["score", str(data_dir), "--as-of", "2021-06-30", "-o",
                str(data_dir / "report.json")])
    assert fine.exit_code == 0, fine.output


# -- --format is a choice of the installed reporters ---------------------------------
def _format_metavar(help_text: str) -> str:
    line = next(line for line in help_text.splitlines() if "--format" in line)
    return line.split("--format", 1)[1].split()[0]


@pytest.mark.parametrize(("command", "has_csv"), [
    ("score", False), ("gaps", True), ("compare", False), ("timeline", False)])
def test_format_choices_are_the_reporters_that_render_the_report(
    data_dir: Path, command: str, has_csv: bool,
) -> None:
    host = real_host(reporters=[Reporter("plain", lambda report, lang="en": "plain\n")])
    shown = _format_metavar(run([command, "-h"], host).stdout)
    offered = shown.strip("[]").split("|")
    assert {"table", "markdown", "json", "html", "xlsx", "plain"} <= set(offered)
    assert ("csv" in offered) is has_csv
    if not has_csv:
        result = run(["--lang", "en", command, str(data_dir), "--format", "csv"], host)
        assert result.exit_code == 2
        assert "the 'csv' format cannot render" in result.stderr
        assert "Traceback" not in result.output


def test_unknown_format_is_refused_before_loading(data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_main, "_load_dataset", lambda h, d: pytest.fail("loaded"))
    result = run(["--lang", "en", "score", str(data_dir), "--format", "docx"])
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.stderr and "xlsx" in result.stderr


def test_format_completes_in_the_shell(data_dir: Path) -> None:
    from click.shell_completion import ShellComplete

    complete = ShellComplete(cli, {"obj": CliState(host_factory=real_host)}, "wenming",
                             "_WENMING_COMPLETE")
    names = [item.value for item in complete.get_completions(["gaps", str(data_dir),
                                                               "--format"], "x")]
    assert names == ["xlsx"]
    names = [item.value for item in complete.get_completions(["score", str(data_dir),
                                                              "--format"], "")]
    assert "csv" not in names and "html" in names


# -- -h, and --format json for the listings --------------------------------------------
def test_dash_h_everywhere() -> None:
    result = run(["-h"])
    assert result.exit_code == 0 and "Usage: " in result.stdout
    for name in cli.list_commands(click.Context(cli)):  # the lazy ones too (#22)
        result = run([name, "-h"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage: " in result.stdout and "-h, --help" in result.stdout


@pytest.mark.parametrize("command", [["plugins"], ["rubrics"], ["validate", "{data}"]])
def test_listings_print_json_with_format_json(data_dir: Path, command: list[str]) -> None:
    args = [arg.format(data=data_dir) for arg in command]
    result = run([*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data
    help_text = run([command[0], "-h"]).stdout
    assert "--json" not in help_text  # the old spelling still works, unadvertised
    old = run([*args, "--json"])
    assert json.loads(old.stdout) == data
    assert "deprecated" in old.stderr


def test_validate_json_lists_problems_with_their_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wenming.errors import DataIssue, DatasetError

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        raise DatasetError([DataIssue("evidence/a.csv", "unknown unit", line=7, field="unit",
                                      value="nobody", expected="a unit id")])

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    result = run(["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["dataset"] is None
    [problem] = data["problems"]
    assert problem["exit_code"] == 2
    assert problem["issues"] == [{"where": "evidence/a.csv", "line": 7, "field": "unit",
                                  "value": "nobody", "message": "unknown unit",
                                  "expected": "a unit id"}]


def test_validate_json_summarises_a_valid_dataset(data_dir: Path) -> None:
    data = json.loads(run(["validate", str(data_dir), "--format", "json"]).stdout)
    assert data["valid"] is True and data["problems"] == []
    assert data["dataset"]["units"] == 2 and data["dataset"]["records"] == 3
    assert data["dataset"]["files"] == {"evidence/extra.csv": 1, "ledger.csv": 2}
    assert data["dataset"]["campaign"]["end"] == "2021-12-31"
    assert [r["id"] for r in data["rubrics"]] == ["alpha"]


# -- exit codes -----------------------------------------------------------------------
def test_check_exits_1_on_a_fail_verdict_after_the_report(data_dir: Path) -> None:
    host = real_host(FAILING, rubric_toml("alpha"))
    plain = run(["score", str(data_dir), "--as-of", "2021-12-31"], host)
    assert plain.exit_code == 0, plain.output  # a Fail is a result, not an error
    result = run(["--lang", "en", "score", str(data_dir), "--as-of", "2021-12-31", "--check"],
                 host)
    assert result.exit_code == 1, result.output
    assert "== Test rubric (failing) ==" in result.stdout  # the report is still printed
    assert "failing: verdict Fail (0 / 10)" in result.stderr
    assert "alpha" not in result.stderr
    assert "Error" not in result.stderr  # not an error: the answer is "no"
    passing = run(["score", str(data_dir), "--as-of", "2021-12-31", "--check",
                   "--rubric", "alpha"], host)
    assert passing.exit_code == 0, passing.output


def test_fail_under_is_a_share_of_the_points_due(data_dir: Path) -> None:
    host = real_host(rubric_toml("alpha"))
    args = ["--lang", "en", "score", str(data_dir), "--as-of", "2021-12-31"]
    assert run([*args, "--fail-under", "100"], host).exit_code == 0  # 10 / 10
    host = real_host(FAILING)
    low = run([*args, "--fail-under", "1"], host)
    assert low.exit_code == 1 and "verdict Fail" in low.stderr
    assert run([*args, "--fail-under", "101"], host).exit_code == 2  # a usage error
    # written as a clerk writes a percentage, with its sign (half- or full-width)
    for written in ("100%", "100％", " 100 % "):
        assert run([*args, "--fail-under", written], real_host(rubric_toml("alpha"))
                   ).exit_code == 0, written
    assert run([*args, "--fail-under", "1%"], host).exit_code == 1
    assert run([*args, "--fail-under", "ninety"], host).exit_code == 2


def test_a_missing_output_folder_is_said_before_scoring(data_dir: Path) -> None:
    host = real_host(rubric_toml("alpha"))
    target = data_dir.parent / "no-such-folder" / "report.xlsx"
    result = run(["--lang", "zh", "score", str(data_dir), "-o", str(target)], host)
    assert result.exit_code == 2
    assert "输出文件夹" in result.stderr and "不存在" in result.stderr
    assert "评分" not in result.stderr.split("输出文件夹")[0]  # nothing was scored first
    assert ".wenming" not in result.stderr and not target.parent.exists()


def test_unit_by_its_chinese_name_and_rubric_did_you_mean(data_dir: Path) -> None:
    host = real_host(rubric_toml("alpha"))
    args = ["score", str(data_dir), "--as-of", "2021-12-31", "--format", "json"]
    by_id = run([*args, "--unit", "bureau-office"], host)
    by_name = run([*args, "--unit", "办公室"], host)
    assert by_id.exit_code == by_name.exit_code == 0, by_name.output
    assert json.loads(by_id.stdout)["cards"][0]["unit"] == \
        json.loads(by_name.stdout)["cards"][0]["unit"] == "bureau-office"
    unknown = run(["--lang", "zh", *args, "--unit", "办公"], host)
    assert unknown.exit_code == 2 and "您是否指" in unknown.stderr and "bureau-office" in \
        unknown.stderr
    typo = run(["--lang", "zh", *args, "--rubric", "alpah"], host)
    assert typo.exit_code == 2 and "您是否指 alpha" in typo.stderr, typo.stderr


# -- a closed pipe ---------------------------------------------------------------------
def test_a_closed_pipe_ends_quietly() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "WENMING_LANG": "en"}
    process = subprocess.Popen(
        [sys.executable, "-m", "wenming", "validate", str(EXAMPLE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read().decode("utf-8")
    code = process.wait(timeout=120)
    assert "BrokenPipeError" not in stderr and "internal error" not in stderr, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    # 141 as for a program killed by SIGPIPE: not 1, which means "a verdict is Fail"
    assert code == 141


def test_a_shell_pipe_into_head_is_quiet(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "WENMING_LANG": "en"}
    command = (f"{sys.executable} -m wenming score {EXAMPLE} --as-of 2021-12-31 "
               f"--format json | head -1")
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.stdout == "{\n"
    assert done.stderr == "", done.stderr


# -- progress --------------------------------------------------------------------------
class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_and_erases_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out.Progress, "DELAY", 0.0)
    monkeypatch.delenv("TERM", raising=False)
    stream = FakeTty()
    progress = out.Progress(stream=stream)
    assert progress.enabled
    with progress.step("Loading"):
        pass
    assert list(progress.each(["a", "b"], "Scoring")) == ["a", "b"]
    text = stream.getvalue()
    assert "Loading" in text and "Scoring 1/2 a" in text
    assert text.endswith("\r\x1b[K")


def test_progress_is_silent_off_a_terminal_and_for_short_steps() -> None:
    stream = io.StringIO()
    progress = out.Progress(stream=stream)
    assert not progress.enabled
    with progress.step("Loading"):
        pass
    assert stream.getvalue() == ""
    quick = out.Progress(enabled=True, stream=FakeTty())
    with quick.step("Loading"):
        pass  # shorter than DELAY: nothing drawn, nothing to erase
    assert quick.stream is not None and quick.stream.getvalue() == ""


# -- disabled plugins ---------------------------------------------------------------------
def test_rubrics_says_they_are_disabled_not_missing(monkeypatch: pytest.MonkeyPatch,
                                                    data_dir: Path) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint("municipal-plan",
                                                  RubricPlugin(rubric_toml("municipal"))))
    monkeypatch.setenv(DISABLE_ENV, "*")
    state = CliState(host_factory=PluginHost)
    result = CliRunner().invoke(cli, ["--lang", "en", "rubrics"], obj=state)
    assert result.exit_code == 0, result.output
    assert f"disabled by {DISABLE_ENV}=*" in result.stdout
    assert "municipal-plan" in result.stdout
    assert "No rubric is installed" not in result.stdout
    scored = CliRunner().invoke(cli, ["--lang", "zh", "score", str(data_dir)],
                                obj=CliState(host_factory=PluginHost))
    assert scored.exit_code == 2
    assert f"已安装的插件被 {DISABLE_ENV}=* 停用" in scored.stderr


# -- --lang before or after the command -------------------------------------------------
@pytest.mark.parametrize("args", [
    ["--lang", "zh", "rubrics"],
    ["rubrics", "--lang", "zh"],
    ["rubrics", "--lang=zh"],
])
def test_lang_before_or_after_the_command(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0, result.output
    assert "测试细则" in result.stdout and "Test rubric" not in result.stdout


def test_lang_after_the_command_overrides_the_environment(data_dir: Path) -> None:
    result = run(["score", str(data_dir), "--as-of", "2020-01-01", "--lang", "en"],
                 env={cli_main.LANG_ENV: "zh"})
    assert "before the campaign starts" in result.stderr
    zh = run(["score", str(data_dir), "--as-of", "2020-01-01"], env={cli_main.LANG_ENV: "zh"})
    assert "早于活动开始日" in zh.stderr


def test_hoisting_lang_leaves_everything_else_in_place() -> None:
    assert hoist_lang(["score", "ds", "--lang", "zh", "-o", "x"]) == [
        "--lang", "zh", "score", "ds", "-o", "x"]
    assert hoist_lang(["score", "--", "--lang", "zh"]) == ["score", "--", "--lang", "zh"]
    assert hoist_lang(["score", "--lang"]) == ["score", "--lang"]  # click reports it
    assert hoist_lang(["timeline", "ds", "--lang=en"]) == ["--lang=en", "timeline", "ds"]


def test_report_commands_run_alone_take_dash_h() -> None:
    for command in (gaps_command, compare_command, timeline_command):
        result = CliRunner().invoke(command, ["-h"])
        assert result.exit_code == 0 and "-h, --help" in result.stdout


def test_ctrl_c_is_130_with_a_short_note(data_dir: Path) -> None:
    def interrupted(report: object, lang: str = "en") -> str:
        raise KeyboardInterrupt

    host = real_host(reporters=[Reporter("slow", interrupted)])
    result = run(["score", str(data_dir), "--as-of", "2021-06-30", "--format", "slow"], host)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "Traceback" not in result.output
