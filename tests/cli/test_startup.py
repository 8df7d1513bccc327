"""Start-up (#22): ``wenming --help`` and the command table load none of the heavy modules.

A module-set check, not a timing: ``python -X importtime`` in a fresh process
lists every module imported, and none of the ones below may be among them.
Their cost (and the timed figures) are in benchmarks/startup.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import click

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
