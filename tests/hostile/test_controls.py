"""Control characters in ledger titles (issue 27): records kept, warned, kept out of outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wenming.cli.main import CliState, cli
from wenming.errors import DataIssue, DatasetError
from wenming.loaders import load_dataset

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
# A Word line break, a terminal title escape ending in BEL, a screen clear, NUL, a bidi override.
HOSTILE = ["第一段\v第二段", "标题\x1b]0;pwned\x07", "清屏\x1b[2J", "a\x00b", "a\u202eb"]
FORBIDDEN = ("\x1b", "\x00", "\x07", "\v", "\u202e")


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(EXAMPLE, root)
    ledger = root / "evidence" / "派出局活动.csv"
    lines = ledger.read_text("utf-8").splitlines(keepends=True)
    rows = [f"X-{n},东湖区分局,道德讲堂,2021-0{n + 1}-20,,\"{title}\",,,40,,,,,\n"
            for n, title in enumerate(HOSTILE)]
    ledger.write_text("".join([*lines, *rows]), "utf-8", newline="")
    return root


def test_the_records_are_kept_and_each_replacement_is_a_located_warning(dataset: Path) -> None:
    warnings: list[DataIssue] = []
    loaded = load_dataset(dataset, on_warning=warnings.append)
    titles = {e.id: e.title for e in loaded.evidence if e.id.startswith("X-")}
    assert titles == {"X-0": "第一段\n第二段", "X-1": "标题\ufffd]0;pwned\ufffd",
                      "X-2": "清屏\ufffd[2J", "X-3": "a\ufffdb", "X-4": "a\ufffdb"}
    replaced = [w for w in warnings if "control characters in the title replaced" in w.message]
    assert [(w.where, w.field) for w in replaced] == [("evidence/派出局活动.csv", "标题")] * 5
    assert len({w.line for w in replaced}) == 5
    assert "VT → line break" in replaced[0].message and "ESC → U+FFFD" in replaced[1].message
    for warning in replaced:
        assert not any(c in str(warning) for c in FORBIDDEN), str(warning)


def test_strict_loads_refuse_them(dataset: Path) -> None:
    with pytest.raises(DatasetError, match="control characters in the title replaced"):
        load_dataset(dataset, strict=True)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html"])
def test_no_control_character_reaches_any_output(dataset: Path, fmt: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["score", str(dataset), "--as-of", "2021-12-31", "--format",
                                "json"], obj=CliState()).output
    assert "X-1" in shown  # the records are there to be shown
    for args in (["validate", str(dataset)],
                 ["score", str(dataset), "--as-of", "2021-12-31", "--format", fmt],
                 ["gaps", str(dataset), "--as-of", "2021-12-31", "--format", fmt]):
        result = runner.invoke(cli, args, obj=CliState())
        assert result.exit_code in (0, 1), (args, result.output)
        said = result.output
        assert not any(c in said for c in FORBIDDEN), (args, [c for c in FORBIDDEN if c in said])
