"""``wenming plugins`` says which plugins work; ``wenming rubrics`` wraps between words (#24)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.plugins.support import KindPlugin
from wenming.cli.listing import provider_cell
from wenming.cli.main import CliState, cli
from wenming.model import EvidenceKind, Label
from wenming.plugins import PluginHost


def _run(host: PluginHost, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--lang", "en", *args],
                                obj=CliState(host_factory=lambda: host))
    assert result.exit_code == 0, result.output
    return result.stdout


def _clashing_host() -> PluginHost:
    host = PluginHost(autoload=False)
    host.register(KindPlugin(EvidenceKind("work-plan", Label("别的", "Other"), "plan")),
                  "clash")
    return host


def test_plugins_have_a_status_and_a_broken_one_does_not_stop_the_listing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = {row["name"]: row for row in json.loads(_run(_clashing_host(), "plugins",
                                                        "--format", "json"))}
    assert rows["wenming"]["status"] == "ok"
    assert rows["clash"]["status"] == "broken"
    table = _run(_clashing_host(), "plugins")
    assert "Status" in table and "broken (1 problem), left out" in table


@pytest.mark.parametrize("width", ["80", "100", "120"])
def test_the_rubrics_listing_never_cuts_an_entry_point_inside_a_word(
        monkeypatch: pytest.MonkeyPatch, width: str) -> None:
    monkeypatch.setenv("COLUMNS", width)
    host = PluginHost()
    lines = _run(host, "rubrics").splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    start = lines[rule].rfind(" ")
    pieces = [line[start + 1:].strip() for line in lines[rule + 1:] if len(line) > start]
    words = {w for r in host.rubrics().values() for w in provider_cell(r.provider).split()}
    # every piece of the provider column is made of whole words, or ends at a hyphen
    for piece in pieces:
        for word in piece.split():
            assert word in words or word.endswith("-") or any(
                w.startswith(word) and w[len(word) - 1] == "-" for w in words) or any(
                w.endswith(word) and w[-len(word) - 1] == "-" for w in words), (word, piece)
