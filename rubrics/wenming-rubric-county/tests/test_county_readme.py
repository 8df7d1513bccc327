"""Every scorecard line quoted in the README is what ``wenming score`` prints today.

The README marks each quotation ``<!-- scorecard: DATASET AS_OF -->`` …
``<!-- /scorecard -->``; DATASET names a folder of ``conftest.FOLDERS``.
Table rows must appear in the Markdown report as written; a block of header
bullets (total, verdict, overlay, vetoes) must be the report's whole block,
so a veto line that appears or disappears is caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"<!-- scorecard: (\S+) (\d{4}-\d{2}-\d{2}) -->\n(.*?)\n<!-- /scorecard -->",
                    re.DOTALL)


def _quotations() -> list[tuple[str, str, str]]:
    return _BLOCK.findall(README.read_text("utf-8"))


def test_the_readme_quotes_every_dataset_and_many_lines() -> None:
    quoted = _quotations()
    assert {name for name, _, _ in quoted} == {
        "example", "variant", "variant-leadership", "variant-leadership-no-declaration"}
    assert len(quoted) >= 14


def _header_block(report: str) -> list[str]:
    lines = report.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("- **Total"))
    block: list[str] = []
    for line in lines[start:]:
        if not line.startswith("- **"):
            break
        block.append(line)
    return block


@pytest.mark.parametrize(("name", "as_of", "quoted"), _quotations(),
                         ids=lambda value: value if len(value) < 40 else value[:40])
def test_each_quoted_scorecard_line_is_real_output(
        markdown: Callable[[str, str], str], name: str, as_of: str, quoted: str) -> None:
    report = markdown(name, as_of)
    lines = quoted.splitlines()
    if lines[0].startswith("- **"):
        assert lines == _header_block(report)
    else:
        produced = set(report.splitlines())
        missing = [line for line in lines if line not in produced]
        assert not missing, f"{name} as of {as_of} no longer prints:\n" + "\n".join(missing)
