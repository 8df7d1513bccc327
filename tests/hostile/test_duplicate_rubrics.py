"""A plugin that ships a rubric id another plugin already ships (issue 27).

It used to stop every command, ``plugins`` and ``rubrics`` included. Now both copies
are left out like any broken plugin's rubric — which one was meant cannot be told —
and every other rubric and command works.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost
from wenming.testing import RubricPlugin

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"


def _rogue_host() -> PluginHost:
    """The installed rubrics, and a plugin shipping a copy of county-example."""
    copy = next(s for s, _ in PluginHost().rubric_sources() if 'id = "county-example"' in s.text)
    return PluginHost(plugins=[RubricPlugin(copy.text, origin="rogue.toml")])


def test_plugins_rubrics_and_scoring_go_on_without_the_duplicated_id() -> None:
    host = _rogue_host()
    assert "county-example" not in host.rubrics() and "municipal-plan" in host.rubrics()
    runner = CliRunner()
    for args in (["plugins"], ["rubrics"]):
        result = runner.invoke(cli, args, obj=CliState(host_factory=lambda: host))
        assert result.exit_code == 0, result.output
        assert "registers rubric 'county-example'" in result.stderr
        assert "Traceback" not in result.output
    scored = runner.invoke(cli, ["score", str(EXAMPLE), "--rubric", "municipal-plan",
                                 "--as-of", "2021-12-31", "--format", "json"],
                           obj=CliState(host_factory=lambda: host))
    assert scored.exit_code == 0, scored.output
    refused = runner.invoke(cli, ["score", str(EXAMPLE), "--rubric", "county-example",
                                  "--as-of", "2021-12-31"],
                            obj=CliState(host_factory=lambda: host))
    assert refused.exit_code == 2 and "county-example" in refused.output


def test_strict_plugins_still_refuse_the_conflict() -> None:
    copy = next(s for s, _ in PluginHost().rubric_sources() if 'id = "provincial-18"' in s.text)
    host = PluginHost(plugins=[RubricPlugin(copy.text)], strict=True)
    result = CliRunner().invoke(cli, ["rubrics"], obj=CliState(host_factory=lambda: host))
    assert result.exit_code == 3 and "provincial-18" in result.output
