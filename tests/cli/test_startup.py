"""Start-up (#22): ``wenming --help`` and the command table load none of the heavy modules.

A module-set check, not a timing: ``python -X importtime`` in a fresh process
lists every module imported, and none of the ones below may be among them.
Their cost (and the timed figures) are in benchmarks/startup.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from wenming.cli.main import LAZY_COMMANDS, cli

#: Imported only by the command that needs them (prefixes: a package and its modules).
HEAVY = (
    "numpy", "openpyxl", "jinja2", "sqlalchemy", "dask", "distributed", "python_calamine",
    "icalendar", "pendulum", "litestar", "uvicorn", "tabulate", "pluggy", "polars", "pyarrow",
    "wenming.reporters", "wenming.reports", "wenming.scoring", "wenming.loaders",
    "wenming.dataset", "wenming.store", "wenming.serve", "wenming.archive", "wenming.rubric",
    "wenming.plugins.manager", "wenming.calendar",
)


def imported_by(code: str) -> set[str]:
    """Every module a fresh interpreter imports to run ``code``.

    ``-X importtime`` names them as they load; ``sys.modules`` at the end adds
    any it leaves out (a package whose import a submodule's finished first).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules), file=sys.stderr)\n"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", script],
                            capture_output=True, text=True, env=env, check=True, timeout=120)
    return {line.rsplit("|", 1)[1].strip() if line.startswith("import time:") else line.strip()
            for line in result.stderr.splitlines()
            if line.strip() and not line.endswith("imported package")}  # the header


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(m for m in modules
                  if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_importtime_output_is_understood() -> None:
    # Guards the two tests below against passing because nothing was parsed.
    modules = imported_by("import json")
    assert "json" in modules and "json.decoder" in modules
    assert not any(" " in m or "|" in m for m in modules)
    assert heavy_among({"numpy.linalg", "wenming.reports", "numpyx"}) == [
        "numpy.linalg", "wenming.reports"]


def test_importing_the_cli_loads_no_heavy_module() -> None:
    modules = imported_by("import wenming.cli.main")
    assert "wenming.cli.main" in modules and "click" in modules
    assert heavy_among(modules) == []


def test_help_loads_no_heavy_module_and_no_command_module() -> None:
    code = ("from wenming.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n")
    modules = imported_by(code)
    assert heavy_among(modules) == []
    command_modules = {spec.partition(":")[0] for spec, _ in LAZY_COMMANDS.values()}
    assert command_modules.isdisjoint(modules - {"wenming.cli.listing", "wenming.cli.reports"})


def test_importing_wenming_loads_no_heavy_module() -> None:
    modules = imported_by("import wenming")
    assert heavy_among(modules) == []
    # ... and the public names still resolve, importing what they need then.
    modules = imported_by("import wenming\nwenming.Scorer\nwenming.load_dataset")
    assert {"wenming.scoring", "wenming.loaders"} <= modules


def test_the_public_api_resolves_every_name() -> None:
    import wenming
    import wenming.model
    import wenming.plugins

    for package in (wenming, wenming.model, wenming.plugins):
        for name in package.__all__:
            assert getattr(package, name) is not None, (package.__name__, name)
        assert not hasattr(package, "no_such_name")
    assert wenming.Scorer.__module__.startswith("wenming.scoring")


def test_the_command_table_matches_the_commands() -> None:
    ctx = click.Context(cli)
    for name, (_, help_text) in LAZY_COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.name == name and not command.hidden
        assert (command.help or "").split("\n\n")[0].strip() == help_text, name
        stand_in = click.Command(name, help=help_text)
        for limit in (30, 45, 70, 200):  # what --help prints at any terminal width
            assert command.get_short_help_str(limit) == stand_in.get_short_help_str(limit)
    # Every command of the group is either defined in main.py or in the table.
    own = {"score", "validate"}
    assert set(cli.list_commands(ctx)) == own | set(LAZY_COMMANDS)


def test_help_lists_every_command_with_its_help() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:")[1]
    for name, (_, help_text) in LAZY_COMMANDS.items():
        assert f"  {name} " in listed and help_text.split(" / ")[0] in listed, name
    assert "--strict-plugins" in result.output


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"

#: Not needed to score and print a table (openpyxl is: the example's ledgers are XLSX).
NOT_FOR_SCORING = (
    "jinja2", "sqlalchemy", "dask", "distributed", "icalendar", "litestar", "uvicorn",
    "wenming.reporters.html", "wenming.reporters.xlsx", "wenming.reporters.markdown",
    "wenming.reporters.progress", "wenming.archive", "wenming.serve", "wenming.cli.archive",
    "wenming.cli.progress_cmds", "wenming.cli.campaign", "wenming.cli.serve",
)


def run_cli(args: list[str]) -> str:
    return ("from wenming.cli.main import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n")


def test_scoring_the_example_loads_only_what_it_uses() -> None:
    modules = imported_by(run_cli(["score", str(EXAMPLE), "--as-of", "2021-12-31"]))
    assert {"wenming.scoring", "wenming.reporters.table"} <= modules  # it did score and print
    assert [m for m in NOT_FOR_SCORING if m in modules] == []


def test_a_progress_report_renders_through_the_stand_ins_in_a_fresh_process() -> None:
    # The stand-in imports wenming.reporters.progress, which registers the trend with
    # every format; without it the table reporter would refuse the report.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    result = subprocess.run(
        [sys.executable, "-m", "wenming", "--lang", "en", "trend", str(EXAMPLE),
         "--as-of", "2021-12-31", "--every", "quarter"],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Progress over time" in result.stdout


def test_the_reporter_stand_ins_match_the_reporters() -> None:
    from wenming.reporters import BUILTIN_REPORTERS
    from wenming.reporters.builtin import real_reporter

    for stand_in in BUILTIN_REPORTERS:
        real = real_reporter(stand_in.name)
        assert stand_in is not real and stand_in.name == real.name
        assert (stand_in.summary, stand_in.binary, stand_in.suffix) == (
            real.summary, real.binary, real.suffix)
        assert (stand_in.stream is None) == (real.stream is None), stand_in.name


def test_a_stand_in_renders_what_its_reporter_renders() -> None:
    from wenming.reporters import BUILTIN_REPORTERS, UnsupportedReportError
    from wenming.reporters.builtin import real_reporter
    from wenming.reports import ScoreReport

    report = ScoreReport(())
    for stand_in in BUILTIN_REPORTERS:
        real = real_reporter(stand_in.name)
        if stand_in.name == "csv":  # csv draws only the rectification list
            with pytest.raises(UnsupportedReportError):
                stand_in.render(report, lang="en")
            continue
        assert stand_in.render(report, lang="zh") == real.render(report, lang="zh") or \
            stand_in.binary  # a workbook's bytes hold the time it was written
