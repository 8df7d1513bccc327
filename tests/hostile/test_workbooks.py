"""Crafted .xls, .xlsb and .ods files (issue 27): the process survives, the error is located.

The native reader once aborted the whole process on these; now it runs in a child
with memory and time limits. Each test builds its file itself (tests/hostile/crafted.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile import crafted
from tests.loaders.conftest import write_valid_dataset
from wenming.cli.main import CliState, cli
from wenming.errors import DataIssue, DatasetError
from wenming.loaders import load_dataset

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"

#: (builder, file name, where the problem is, words it must hold)
CRAFTED: list[tuple[Callable[[Path], Path], str, str, tuple[str, ...]]] = [
    (crafted.looping_xls, "loop.xls", "evidence/loop.xls",
     ("cannot be read safely", "memory", "damaged internal chain", "save")),
    (crafted.far_cell_xlsb, "far.xlsb", "evidence/far.xlsb[台账]",
     ("cannot be read safely", "memory", "a cell far beyond the data", "Ctrl+End")),
    (crafted.far_cell_ods, "far.ods", "evidence/far.ods[台账]",
     ("the sheet's last cell is WQK1048006", "more than the 10,000,000", "Ctrl+End")),
    (crafted.web_page_xls, "export.xls", "evidence/export.xls",
     ("this is a web page", "save it as a real workbook", "另存为")),
]


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _issue(error: DatasetError, where: str) -> DataIssue:
    found = [i for i in error.issues if i.where == where]
    assert found, [str(i) for i in error.issues]
    return found[0]


@pytest.mark.parametrize(("build", "name", "where", "words"), CRAFTED,
                         ids=[c[1] for c in CRAFTED])
def test_a_crafted_workbook_is_a_located_problem(
        build: Callable[[Path], Path], name: str, where: str, words: tuple[str, ...],
        tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    build(root / "evidence" / name)
    before = _listing(tmp_path)
    digest = (root / "evidence" / name).read_bytes()
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)  # in this process: it must come back, with an error
    issue = _issue(caught.value, where)
    text = str(issue)
    for word in words:
        assert word in text, text
    assert "Traceback" not in text and "panicked" not in text
    # The other ledgers were still read: only this file is reported.
    assert {i.where.split("[")[0] for i in caught.value.issues} == {where.split("[")[0]}
    assert _listing(tmp_path) == before, "nothing may be written anywhere"
    assert (root / "evidence" / name).read_bytes() == digest


@pytest.mark.parametrize(("build", "name"), [(crafted.looping_xls, "extra.xls"),
                                             (crafted.far_cell_xlsb, "extra.xlsb")])
def test_validate_and_what_if_survive_and_exit_2(build: Callable[[Path], Path], name: str,
                                                 tmp_path: Path) -> None:
    root = tmp_path / "ds"
    shutil.copytree(EXAMPLE, root)
    hostile = build(tmp_path / name)
    runner = CliRunner()
    what_if = runner.invoke(cli, ["what-if", str(root), str(hostile), "--as-of", "2021-12-31"],
                            obj=CliState())
    assert what_if.exit_code == 2, what_if.output
    assert "cannot be read safely" in what_if.output and hostile.name in what_if.output
    shutil.copy(hostile, root / "evidence" / hostile.name)
    validate = runner.invoke(cli, ["validate", str(root)], obj=CliState())
    assert validate.exit_code == 2, validate.output
    assert f"evidence/{hostile.name}" in validate.output
    assert "internal error" not in validate.output


def test_a_workbook_renamed_to_another_format_is_named(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    shutil.copy(crafted.FIXTURES / "ledger.xlsb", root / "evidence" / "renamed.xls")
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    issue = _issue(caught.value, "evidence/renamed.xls")
    assert "workbook named .xls" in issue.message


def test_a_web_page_named_xlsx_is_named_too(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    crafted.web_page_xls(root / "evidence" / "export.xlsx")
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    assert "this is a web page" in _issue(caught.value, "evidence/export.xlsx").message


def test_the_good_fixtures_still_read_through_the_child() -> None:
    from wenming.loaders.isolated import read_workbook

    for suffix in ("xls", "xlsb", "ods"):
        sheets = read_workbook(crafted.FIXTURES / f"ledger.{suffix}", f"ledger.{suffix}")
        assert not isinstance(sheets, DataIssue), sheets
        found = {s.name: s for s in sheets}
        assert sorted(found) == ["台账", "说明"]
        rows = dict(found["台账"].rows)
        assert rows[2][1] == "编号" and rows[4][1] == 7  # whole numbers come back as int


def test_a_reader_that_cannot_run_is_not_blamed_on_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wenming.loaders import isolated

    broken = tmp_path / "child.py"
    broken.write_text("raise ModuleNotFoundError(\"No module named 'python_calamine'\")\n",
                      "utf-8")
    monkeypatch.setattr(isolated, "_CHILD", broken)
    found = isolated.read_workbook(crafted.FIXTURES / "ledger.xls", "ledger.xls")
    assert isinstance(found, DataIssue)
    assert found.message.startswith("the .xls reader could not run")
    assert "python_calamine" in found.message and "damaged" not in found.message


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGXCPU"), reason="no CPU limit signal")
def test_a_reader_that_spins_is_stopped_at_its_cpu_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wenming.loaders import isolated

    spinning = tmp_path / "child.py"
    spinning.write_text("import resource, sys, json\n"
                        "seconds = int(sys.argv[3])\n"
                        "resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))\n"
                        "print(json.dumps({'reading': '台账'}), flush=True)\n"
                        "while True:\n    pass\n", "utf-8")
    monkeypatch.setattr(isolated, "_CHILD", spinning)
    monkeypatch.setattr(isolated, "WORKBOOK_READER_SECONDS", 1)
    found = isolated.read_workbook(crafted.FIXTURES / "ledger.ods", "ledger.ods")
    assert isinstance(found, DataIssue)
    assert found.where == "ledger.ods[台账]"
    assert "took longer than 1 s" in found.message
