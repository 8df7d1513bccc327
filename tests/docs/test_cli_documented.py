"""docs/cli.md has a section for every command and names every one of its options."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from wenming.cli.main import cli

CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def commands() -> dict[str, click.Command]:
    ctx = click.Context(cli)  # every command, those imported on first use too (#22)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    found = {name: command for name, command in found.items() if command is not None}
    # The report commands live in their own module; document them even before
    # (or without) their being attached to the group.
    try:
        from wenming.cli import reports
    except ImportError:
        return found
    for name in getattr(reports, "__all__", ()):
        command = getattr(reports, name)
        if isinstance(command, click.Command) and command.name:
            found.setdefault(command.name, command)
    return found


def sections() -> dict[str, str]:
    text = CLI_DOC.read_text("utf-8")
    parts = re.split(r"^## (.+?)\s*$", text, flags=re.MULTILINE)
    return {title: body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def long_options(command: click.Command) -> list[str]:
    return [opt for param in command.params if isinstance(param, click.Option)
            for opt in param.opts if opt.startswith("--") and opt != "--help"]


def test_the_documented_commands_include_the_reports() -> None:
    assert {"plugins", "rubrics", "validate", "score"} <= set(commands())


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_and_option_is_documented(name: str) -> None:
    section = sections().get(f"wenming {name}")
    assert section is not None, f"docs/cli.md has no '## wenming {name}' section"
    missing = [opt for opt in long_options(commands()[name]) if f"`{opt}" not in section]
    assert not missing, f"'wenming {name}' options missing from docs/cli.md: {missing}"


def test_the_group_options_are_documented() -> None:
    section = sections()["wenming"]
    missing = [opt for opt in long_options(cli) if f"`{opt}" not in section]
    assert not missing, missing


def test_no_section_documents_a_command_that_does_not_exist() -> None:
    stale = [title for title in sections()
             if title.startswith("wenming ") and title.split()[1] not in commands()]
    assert not stale, stale
