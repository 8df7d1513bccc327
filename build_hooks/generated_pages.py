"""mkdocs hook: pages whose tables are generated from what is installed.

``docs/kinds.md`` and ``docs/reference-criteria.md`` hold a marker where
the site shows the output of ``wenming kinds --format markdown`` and
``wenming types --format markdown``; the Markdown files themselves say where
the tables come from, so they stay readable on their own. Offline: the host
reads installed entry points and nothing else.
"""

from __future__ import annotations

from typing import Any

MARKERS = {
    "<!-- wenming:kinds -->": ["kinds", "--format", "markdown"],
    "<!-- wenming:types -->": ["types", "--format", "markdown"],
}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not any(marker in markdown for marker in MARKERS):
        return markdown
    from click.testing import CliRunner

    from wenming.cli.main import CliState, cli
    from wenming.plugins import PluginHost

    for marker, args in MARKERS.items():
        if marker not in markdown:
            continue
        state = CliState(host_factory=PluginHost, lang="en")
        result = CliRunner().invoke(cli, args, obj=state)
        if result.exit_code != 0:
            raise RuntimeError(f"wenming {' '.join(args)} failed: {result.output}")
        markdown = markdown.replace(marker, result.stdout)
    return markdown
