from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner, Result

import wenming.cli.main as cli_main
from tests.plugins.support import (
    CoreWithoutReporters,
    FakeDist,
    FakeEntryPoint,
    ReporterPlugin,
    fake_entry_points,
    require,
    rubric_toml,
    text_reporter,
)
from wenming.calendar import DateWindow
from wenming.cli.main import CliState, cli, default_lang, main
from wenming.dataset import Dataset
from wenming.errors import DataIssue, DatasetError, PluginError
from wenming.model import Campaign, Evidence, Label, Origin, Phase, Unit, UnitKind, UnitTree
from wenming.plugins import PluginHost
from wenming.plugins.manager import DISABLE_ENV
from wenming.testing import RubricPlugin


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in (DISABLE_ENV, cli_main.LANG_ENV):
        monkeypatch.delenv(variable, raising=False)


def host_with(*plugins: object, strict: bool = False) -> PluginHost:
    """A host with the core kinds and criterion types, and ``plugins`` as shop, shop1 …"""
    host = PluginHost(autoload=False, builtins=False, plugins=[CoreWithoutReporters()],
                      strict=strict)
    for number, plugin in enumerate(plugins):
        host.register(plugin, f"shop{number or ''}")
    return host


def run(args: Sequence[str], host: PluginHost | None = None,
        factory: Callable[[], PluginHost] | None = None, **kwargs: Any) -> Result:
    def default() -> PluginHost:
        assert host is not None
        return host

    state = CliState(host_factory=factory or default)
    return CliRunner().invoke(cli, list(args), obj=state, **kwargs)


def assert_clean_failure(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # handled, not an escaped exception
    assert "Traceback" not in result.output
    assert "Error" in result.stderr


def sample_dataset(vocabulary: Any, root: Path, extra_origin: str = "extra.csv") -> Dataset:
    units = UnitTree.build([
        Unit("bureau", Label("测试局", "Test Bureau"), UnitKind.BUREAU),
        Unit("bureau-office", Label("办公室", "Office"), UnitKind.DIVISION, "bureau"),
    ])
    campaign = Campaign(
        "c2021", Label("二〇二一年创建", "2021 campaign"), "municipal", ("bureau",),
        DateWindow(date(2021, 1, 1), date(2021, 12, 31)),
        phases=(Phase("launch", Label("启动部署", "Launch"),
                      DateWindow(date(2021, 1, 1), date(2021, 3, 31))),),
    )
    evidence = [
        Evidence("e1", "bureau", "leading-group-establishment", date(2021, 2, 1), "成立领导小组",
                 origin=Origin("ledger.csv", 2)),
        Evidence("e2", "bureau-office", "work-plan", date(2021, 3, 1),
                 origin=Origin("ledger.csv", 3)),
        Evidence("e3", "bureau-office", "work-plan", date(2021, 4, 1),
                 origin=Origin(extra_origin, 2)),
    ]
    return Dataset.build(campaign, units, evidence, vocabulary, root=root)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset folder; loading it yields :func:`sample_dataset` (the loader has its own tests)."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "ledger.csv").write_text("original ledger", encoding="utf-8")

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        assert directory == folder
        return sample_dataset(host.vocabulary(), directory)

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    return folder


class Capture:
    """A reporter's render function that keeps what it was called with."""

    def __init__(self, output: str | bytes = "rendered\n") -> None:
        self.output = output
        self.calls: list[tuple[list[Any], str]] = []

    def __call__(self, report: Any, lang: str = "en") -> str | bytes:
        # The score command hands reporters a ScoreReport holding the cards.
        self.calls.append((list(report.cards), lang))
        return self.output


# -- language --------------------------------------------------------------------
@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_CN", "LANG": "en_GB"}, "zh"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_default_lang_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert default_lang(environ) == expected


def test_chinese_locale_gives_chinese_messages() -> None:
    env = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "zh_CN.UTF-8"}
    result = run(["rubrics"], host_with(), env=env)
    assert result.exit_code == 0
    assert "未安装任何测评细则" in result.output
    english = run(["--lang", "en", "rubrics"], host_with(), env=env)
    assert "No rubric is installed" in english.output


# -- plugins ---------------------------------------------------------------------
def test_plugins_table_lists_builtins_and_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # the listing wraps to the terminal; keep one line
    host = PluginHost(autoload=False)
    host.register(RubricPlugin("x = 1"), "shop")
    result = run(["plugins"], host)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "插件 Plugin" in lines[0] and "Hooks" in lines[0]
    shop = next(line for line in lines if line.startswith("shop"))
    assert "rubrics" in shop
    builtin = next(line for line in lines if line.startswith("wenming "))
    assert "evidence_kinds" in builtin


def test_plugins_json_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint(
        "demo", ReporterPlugin(text_reporter("demo")), FakeDist("wenming-demo", "0.3.0")))
    result = run(["plugins", "--json"], factory=PluginHost)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["name"] for p in data] == ["wenming", "demo"]
    demo = data[1]
    assert demo == {"name": "demo", "provider": "wenming-demo 0.3.0 (entry point 'demo')",
                    "distribution": "wenming-demo", "version": "0.3.0",
                    "hooks": ["wenming_reporters"], "status": "ok"}


def test_plugins_mentions_disabled_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint("broken", ImportError("nope")))
    monkeypatch.setenv(DISABLE_ENV, "broken")
    result = run(["--lang", "en", "plugins"], factory=PluginHost)
    assert result.exit_code == 0
    assert f"disabled by {DISABLE_ENV}: broken" in result.stderr
    assert "broken" not in result.stdout


def strict_host() -> PluginHost:
    return PluginHost(strict=True)


def test_broken_plugin_is_a_clean_error_with_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint(
        "municipal-plan", ImportError("No module named 'lxml'"),
        FakeDist("wenming-rubric-municipal-plan", "0.1.0")))
    result = run(["plugins"], factory=strict_host)
    assert_clean_failure(result, 3)
    assert "'municipal-plan'" in result.stderr
    assert "wenming-rubric-municipal-plan 0.1.0" in result.stderr
    assert "--debug" in result.stderr


def test_debug_flag_lets_the_exception_through(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint("bad", ImportError("nope")))
    result = run(["--debug", "plugins"], factory=strict_host)
    assert result.exit_code == 1  # the runner's code for an exception that escaped
    assert isinstance(result.exception, PluginError)


# -- rubrics -----------------------------------------------------------------------
def test_rubrics_without_any_says_how_to_install_one() -> None:
    result = run(["--lang", "en", "rubrics"], host_with())
    assert result.exit_code == 0
    assert "pip install -e rubrics/wenming-rubric-municipal-plan" in result.stdout


def test_rubrics_json_without_any_is_an_empty_list() -> None:
    result = run(["rubrics", "--json"], host_with())
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "pip install" in result.stderr


def test_rubrics_table_in_the_chosen_language() -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml("test-rubric", zh="测试细则", en="Test rubric")))
    zh = run(["--lang", "zh", "rubrics"], host)
    assert zh.exit_code == 0, zh.output
    row = next(line for line in zh.stdout.splitlines() if line.startswith("test-rubric"))
    assert row.split()[:3] == ["test-rubric", "1.2.0", "测试细则"]
    assert "municipal" in row and "10" in row.split() and "plugin shop" in row
    en = run(["--lang", "en", "rubrics"], host)
    assert "Test rubric" in en.stdout and "测试细则" not in en.stdout


def test_rubrics_json_parses() -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml("alpha", total=20), rubric_toml("beta")))
    result = run(["rubrics", "--json"], host)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == ["alpha", "beta"]
    assert data[0]["title"] == {"zh": "测试细则", "en": "Test rubric"}
    assert data[0]["total"] == 20
    assert data[0]["provider"] == "plugin shop"


def test_invalid_installed_rubric_is_exit_3() -> None:
    require("wenming.rubric", "load_rubric")
    broken = rubric_toml("broken-rubric").replace("points = 10\nkinds", "points = 3\nkinds")
    result = run(["rubrics"], host_with(RubricPlugin(broken), strict=True))
    assert_clean_failure(result, 3)
    assert "broken-rubric" in result.stderr


# -- validate ------------------------------------------------------------------------
def test_validate_prints_a_summary(data_dir: Path) -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml()))
    short = run(["--lang", "en", "validate", str(data_dir)], host)
    assert short.exit_code == 0, short.output
    # one line by default: the counts, and no rubric table
    assert short.stdout.count("\n") == 1
    assert "Dataset is valid" in short.stdout and "2 units, 3 records" in short.stdout
    assert "test-rubric" not in short.stdout
    result = run(["--lang", "en", "validate", str(data_dir), "--verbose"], host)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.rstrip().splitlines()[-1].startswith("Dataset is valid")
    assert "Units: 2" in out
    assert "Records: 3" in out
    counts = {line.split()[0]: line.split()[1] for line in out.splitlines()
              if line.startswith(("ledger.csv", "extra.csv"))}
    assert counts == {"ledger.csv": "2", "extra.csv": "1"}
    assert any(line.split()[:2] == ["launch", "Launch"] for line in out.splitlines())
    assert "2021 campaign" in out
    assert "test-rubric" in out


def test_validate_lists_dataset_and_rubric_problems_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    require("wenming.rubric", "load_rubric")
    issue = DataIssue("ledger.csv", "unknown unit", line=7, field="unit", value="nobody")

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        raise DatasetError([issue])

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    broken = rubric_toml("broken-rubric").replace('"leading-group-establishment"', '"nope"')
    # the broken rubric is left out with a warning naming it; the data problem is the error
    result = run(["validate", str(tmp_path)], host_with(RubricPlugin(broken)))
    assert_clean_failure(result, 2)
    assert "ledger.csv:7 [unit]: unknown unit (got 'nobody')" in result.stderr
    assert "broken-rubric" in result.stderr


def test_validate_puts_errors_first_then_one_summary_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    require("wenming.rubric", "load_rubric")
    issue = DataIssue("ledger.csv", "unknown unit / 未知单位", line=7, field="unit",
                      value="nobody")

    def load(host: PluginHost, directory: Path, **options: Any) -> Dataset:
        raise DatasetError([issue])

    monkeypatch.setattr(cli_main, "_load_dataset", load)
    host = host_with(RubricPlugin(rubric_toml()))
    result = run(["--lang", "zh", "validate", str(tmp_path)], host)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("错误：") and "未知单位" in lines[1]
    assert lines[-1].startswith("未通过校验") and "1 处错误" in lines[-1]
    assert "test-rubric" not in result.output  # the rubric table only with --verbose
    verbose = run(["--lang", "zh", "validate", str(tmp_path), "--verbose"], host)
    assert verbose.output.index("未知单位") < verbose.output.index("test-rubric")


def test_validate_empty_folder_with_the_real_loader(tmp_path: Path) -> None:
    require("wenming.loaders", "load_dataset")
    result = run(["validate", str(tmp_path)], host_with())
    assert_clean_failure(result, 2)


def test_validate_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["validate", str(tmp_path / "missing")], host_with())
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# -- score: argument errors ------------------------------------------------------------
def test_bad_as_of_is_a_clear_usage_error(data_dir: Path) -> None:
    result = run(["score", str(data_dir), "--as-of", "2021-02-30"], host_with())
    assert_clean_failure(result, 2)
    assert "--as-of" in result.stderr
    assert "cannot parse '2021-02-30'" in result.stderr


def test_score_without_rubrics_says_how_to_install_one(data_dir: Path) -> None:
    result = run(["--lang", "en", "score", str(data_dir)], host_with())
    assert_clean_failure(result, 2)
    assert "No rubric is installed" in result.stderr
    assert "pip install -e rubrics/wenming-rubric-municipal-plan" in result.stderr


def test_unknown_rubric_lists_installed_ids(data_dir: Path) -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml("alpha"), rubric_toml("beta")))
    result = run(["--lang", "en", "score", str(data_dir), "--rubric", "gamma"], host)
    assert_clean_failure(result, 2)
    assert "unknown rubric 'gamma'; installed: alpha, beta" in result.stderr


def test_unknown_format_lists_installed_formats(data_dir: Path) -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml()), ReporterPlugin(text_reporter("plain")))
    result = run(["--lang", "en", "score", str(data_dir), "--format", "docx"], host)
    assert_clean_failure(result, 2)
    assert "unknown format 'docx'" in result.stderr
    assert "plain" in result.stderr


def test_binary_format_needs_output(data_dir: Path) -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml()),
                     ReporterPlugin(text_reporter("sheet", binary=True)))
    result = run(["--lang", "en", "score", str(data_dir), "--format", "sheet"], host)
    assert_clean_failure(result, 2)
    assert "--output" in result.stderr


def test_unknown_unit_suggests_close_ids(data_dir: Path) -> None:
    require("wenming.rubric", "load_rubric")
    host = host_with(RubricPlugin(rubric_toml()), ReporterPlugin(text_reporter("plain")))
    result = run(["--lang", "en", "score", str(data_dir), "--format", "plain",
                  "--unit", "bureau-ofice"], host)
    assert_clean_failure(result, 2)
    assert "no unit 'bureau-ofice'" in result.stderr
    assert "bureau-office" in result.stderr


# -- score: running --------------------------------------------------------------------
@pytest.fixture
def scoring_host() -> tuple[PluginHost, Capture, Capture]:
    require("wenming.rubric", "load_rubric")
    require("wenming.scoring", "Scorer")
    text, binary = Capture(), Capture(b"\x00binary\xff")
    host = host_with(
        RubricPlugin(rubric_toml("alpha"), rubric_toml("beta")),
        ReporterPlugin(text_reporter("plain", text), text_reporter("sheet", binary, binary=True)),
    )
    return host, text, binary


def test_score_renders_cards_with_the_options(
    data_dir: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    host, text, _ = scoring_host
    result = run(["--lang", "zh", "score", str(data_dir), "--format", "plain", "--rubric", "beta",
                  "--as-of", "2021年6月30日", "--unit", "bureau"], host)
    assert result.exit_code == 0, result.output
    assert result.stdout == "rendered\n"
    ((cards, lang),) = text.calls
    assert lang == "zh"
    assert [card.rubric_id for card in cards] == ["beta"]
    assert cards[0].as_of == date(2021, 6, 30)
    assert cards[0].unit == "bureau"
    assert cards[0].total == 10  # the one criterion's record is in the dataset


def test_score_defaults_to_the_campaign_end_once_it_has_passed(
    data_dir: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    host, text, _ = scoring_host
    result = run(["--lang", "en", "score", str(data_dir), "--format", "plain"], host)
    assert result.exit_code == 0, result.output
    ((cards, _),) = text.calls
    assert sorted(card.rubric_id for card in cards) == ["alpha", "beta"]
    assert {card.as_of for card in cards} == {date(2021, 12, 31)}  # the sample campaign's end
    assert "the campaign ended on 2021-12-31, reporting as of its end" in result.stderr
    zh = run(["--lang", "zh", "score", str(data_dir), "--format", "plain"], host)
    assert "活动已于 2021-12-31 结束，按结束日评定" in zh.stderr


def test_score_defaults_to_today_in_beijing_while_the_campaign_runs(
    data_dir: Path, scoring_host: tuple[PluginHost, Capture, Capture],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wenming.cli import output as out

    host, text, _ = scoring_host
    monkeypatch.setattr(out, "today", lambda: date(2021, 6, 30))
    result = run(["score", str(data_dir), "--format", "plain"], host)
    assert result.exit_code == 0, result.output
    ((cards, _),) = text.calls
    assert cards[0].as_of == date(2021, 6, 30)
    assert result.stderr == ""
    # and the real "today" is Beijing's
    today = pendulum.today("Asia/Shanghai")
    monkeypatch.undo()
    assert out.today() == date(today.year, today.month, today.day)


def test_as_of_before_the_campaign_is_a_clear_error(
    data_dir: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    host, text, _ = scoring_host
    result = run(["--lang", "en", "score", str(data_dir), "--format", "plain",
                  "--as-of", "2020-12-31"], host)
    assert_clean_failure(result, 2)
    assert "before the campaign starts on 2021-01-01" in result.stderr
    assert "0 / 0" not in result.output
    assert text.calls == []


def test_score_writes_output_and_refuses_to_overwrite(
    data_dir: Path, tmp_path: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    host, text, _ = scoring_host
    target = tmp_path / "report.txt"
    args = ["--lang", "en", "score", str(data_dir), "--format", "plain", "--as-of", "2021-06-30",
            "--output", str(target)]
    first = run(args, host)
    assert first.exit_code == 0, first.output
    assert target.read_text(encoding="utf-8") == "rendered\n"
    assert first.stdout == ""
    assert f"wrote {target}" in first.stderr

    text.output = "second run\n"
    again = run(args, host)
    assert_clean_failure(again, 2)
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "rendered\n"

    forced = run([*args, "--force"], host)
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") == "second run\n"


def test_score_writes_binary_output(
    data_dir: Path, tmp_path: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    host, _, binary = scoring_host
    target = tmp_path / "report.bin"
    result = run(["score", str(data_dir), "--format", "sheet", "-o", str(target)], host)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == b"\x00binary\xff"
    assert len(binary.calls) == 1


def test_score_never_overwrites_its_input(
    data_dir: Path, tmp_path: Path, scoring_host: tuple[PluginHost, Capture, Capture],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host, text, _ = scoring_host
    ledger = data_dir / "ledger.csv"
    result = run(["--lang", "en", "score", str(data_dir), "--format", "plain",
                  "--output", str(ledger), "--force"], host)
    assert_clean_failure(result, 2)
    assert "refusing to overwrite input" in result.stderr
    assert ledger.read_text(encoding="utf-8") == "original ledger"

    # A ledger outside the folder, named by a record's origin, is protected too.
    outside = tmp_path / "outside.csv"
    outside.write_text("outside ledger", encoding="utf-8")
    monkeypatch.setattr(cli_main, "_load_dataset", lambda h, d: sample_dataset(
        h.vocabulary(), d, extra_origin=str(outside)))
    result = run(["--lang", "en", "score", str(data_dir), "--format", "plain",
                  "--output", str(outside), "--force"], host)
    assert_clean_failure(result, 2)
    assert outside.read_text(encoding="utf-8") == "outside ledger"
    assert text.calls == []


def test_unexpected_failure_is_exit_3_without_traceback(
    data_dir: Path, scoring_host: tuple[PluginHost, Capture, Capture],
) -> None:
    require("wenming.rubric", "load_rubric")

    def explode(cards: object, lang: str = "en") -> str:
        raise RuntimeError("reporter bug")

    host = host_with(RubricPlugin(rubric_toml()), ReporterPlugin(text_reporter("plain", explode)))
    result = run(["score", str(data_dir), "--format", "plain"], host)
    assert_clean_failure(result, 3)
    assert "internal error" in result.stderr and "RuntimeError: reporter bug" in result.stderr
    debug = run(["--debug", "score", str(data_dir), "--format", "plain"], host)
    assert isinstance(debug.exception, RuntimeError)


# -- entry points ------------------------------------------------------------------------
def test_main_runs_the_group() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0


def test_python_dash_m_wenming(tmp_path: Path) -> None:
    env = {**os.environ, DISABLE_ENV: "*", "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "wenming", "plugins", "--json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert [p["name"] for p in json.loads(done.stdout)] == ["wenming"]
