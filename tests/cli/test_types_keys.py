"""``wenming types`` lists every key a rubric accepts: criterion, rule shapes, item, veto (#24)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost
from wenming.rubric.loader import KNOWN_KEYS, SHAPE_KEYS, TRACE_KEYS


def test_types_lists_every_key_the_loader_accepts() -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "types", "--format", "json"],
                                obj=CliState(host_factory=lambda: PluginHost(autoload=False)))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    common = {row["name"] for row in data["common"]}
    assert common >= SHAPE_KEYS | TRACE_KEYS
    assert {row["name"] for row in data["item"]} == set(KNOWN_KEYS["item"])
    assert {row["name"] for row in data["veto"]} == set(KNOWN_KEYS["veto"])
    per_record = next(t for t in data["types"] if t["name"] == "per-record")
    assert {p["name"] for p in per_record["params"]} >= {"levels", "each", "same"}


def test_the_table_has_a_section_for_items_and_vetoes() -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "types"],
                                obj=CliState(host_factory=lambda: PluginHost(autoload=False)))
    assert "Every item [[areas.items]]" in result.stdout
    assert "Every veto [[vetoes]]" in result.stdout and "rate_below" in result.stdout
