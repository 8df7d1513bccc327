"""Every progress and archive command writes XLSX (and history and diff HTML) from the CLI.

Run on a copy of the bundled example whose campaign title is hostile (a
formula and a script): each workbook is reopened with openpyxl and must hold
the expected sheets, numbers as numbers and no formula cell; each page is
parsed and must carry the title as escaped text.
"""

from __future__ import annotations

import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.reporters.hostile import FORMULA
from tests.reports.progress_support import example
from wenming.cli.main import CliState, cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
RUBRICS = ["--rubric", "example", "--rubric", "provincial-18"]
SCRIPT = "<script>alert(1)</script>"
TITLE = f"{FORMULA} {SCRIPT}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a campaign title that is a formula and a script, in both languages."""
    example()
    folder = tmp_path_factory.mktemp("hostile") / "ds"
    shutil.copytree(EXAMPLE, folder)
    toml = folder / "campaign.toml"
    text = toml.read_text("utf-8")
    start = text.index("title = { zh = ")
    end = text.index("\n", start)
    quoted = TITLE.replace("\\", "\\\\").replace('"', '\\"')
    toml.write_text(text[:start] + f'title = {{ zh = "{quoted}", en = "{quoted}" }}'
                    + text[end:], "utf-8")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=CliState(), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _checked(path: Path) -> openpyxl.Workbook:
    """The workbook at ``path``: no formula cell anywhere, and the hostile title as text."""
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))  # any extension
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(FORMULA in t for t in texts), path.name
    return book


def _numbers(sheet, header: str) -> list[object]:
    """The values under the header cell ``header`` down to the first empty cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == header:
                values = []
                for below in sheet.iter_rows(min_row=cell.row + 1, min_col=cell.column,
                                             max_col=cell.column, values_only=True):
                    if below[0] is None:
                        break
                    values.append(below[0])
                return values
    raise AssertionError(f"no header {header!r} in {sheet.title}")


@pytest.mark.parametrize(("command", "sheets"), [
    (["trend", "--every", "quarter", "--as-of", "2021-12-31"], ["Progress over time", "Chart"]),
    (["agenda", "--as-of", "2021-06-01"], ["Agenda"]),
    (["plan", "--as-of", "2021-01-15", "--by", "2021-12-31"],
     ["Plan", "Proposed activities", "Lost"]),
])
def test_progress_commands_write_xlsx(hostile: Path, tmp_path: Path, command: list[str],
                                      sheets: list[str]) -> None:
    target = tmp_path / "out.xlsx"
    code, _, err = run(command[0], str(hostile), *command[1:], *RUBRICS, "-o", str(target))
    assert code == 0, err
    book = _checked(target)
    assert book.sheetnames[:len(sheets)] == sheets
    first = book[sheets[0]]
    header = {"trend": "Total", "agenda": "Combined", "plan": "Projected total"}[command[0]]
    values = _numbers(first, header)
    assert values and all(isinstance(v, int | float) for v in values)
    if command[0] == "trend":
        assert len(book["Chart"]._charts) == 2
    if command[0] == "agenda":
        assert len(book.sheetnames) > 1  # a checklist per responsible unit


def test_what_if_writes_xlsx_with_format(hostile: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "hypothetical.csv"
    quoted = '"' + FORMULA.replace('"', '""') + '"'
    ledger.write_text("编号,单位,类别,日期,标题,归档日期\n"
                      f"WI-1,办公室,道德讲堂,2021-12-10,{quoted},2021-12-11\n",
                      encoding="utf-8")
    target = tmp_path / "what-if.bin"
    code, _, err = run("what-if", str(hostile), str(ledger), "--as-of", "2021-12-31",
                       *RUBRICS, "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    book = _checked(target)
    assert book.sheetnames == ["What if", "Item changes", "Hypothetical records"]
    assert _numbers(book["What if"], "Change") == pytest.approx([1.0, 1.5])


def test_xlsx_is_refused_on_a_terminal_stdout(hostile: Path) -> None:
    code, _, err = run("trend", str(hostile), "--format", "xlsx", *RUBRICS)
    assert code != 0 and "--output" in err


# -- history and diff -------------------------------------------------------------
@pytest.fixture(scope="module")
def archive(hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two runs of the hostile example, mid-year and at year end, in a SQLite archive."""
    for name in ("sqlalchemy", "alembic"):
        pytest.importorskip(name, reason="the archive extra is not installed: "
                                         "pip install 'wenming[archive]'")
    db = str(tmp_path_factory.mktemp("archive") / "archive.sqlite")
    for day in ("2021-06-30", "2021-12-31"):
        code, _, err = run("archive", "record", str(hostile), "--as-of", day, *RUBRICS,
                           "--db", db)
        assert code == 0, err
    return db


def test_history_xlsx_and_item_history(hostile: Path, archive: str, tmp_path: Path) -> None:
    target = tmp_path / "history.xlsx"
    code, _, err = run("history", str(hostile), "--db", archive, "-o", str(target))
    assert code == 0, err
    book = _checked(target)
    assert book.sheetnames == ["Score history"]
    assert _numbers(book["Score history"], "Records") == [776, 776]
    totals = _numbers(book["Score history"], "example Points")
    assert len(totals) == 2 and all(isinstance(v, int | float) for v in totals)
    item = tmp_path / "item.xlsx"
    code, _, err = run("history", str(hostile), "--db", archive, "--item", "3", "-o", str(item))
    assert code == 0, err
    assert len(_numbers(openpyxl.load_workbook(item)["Score history"], "Points")) >= 2


def test_diff_xlsx(archive: str, tmp_path: Path) -> None:
    target = tmp_path / "diff.xlsx"
    code, _, err = run("diff", "1", "2", "--db", archive, "-o", str(target))
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Totals", "Item changes", "Record changes"]
    assert all(c.data_type != "f" for s in book.worksheets for r in s.iter_rows() for c in r)
    changes = _numbers(book["Totals"], "Change")
    assert len(changes) == 2 and all(isinstance(v, int | float) for v in changes)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.mark.parametrize("command", [["history", "DIR"], ["diff", "1", "2"]])
def test_history_and_diff_html(hostile: Path, archive: str, tmp_path: Path,
                               command: list[str]) -> None:
    target = tmp_path / "page.html"
    args = [str(hostile) if a == "DIR" else a for a in command]
    code, _, err = run(*args, "--db", archive, "-o", str(target))
    assert code == 0, err
    page = target.read_text("utf-8")
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags and "table" in parser.tags
    assert "<script>" not in page
    if command[0] == "history":
        assert SCRIPT in parser.text  # shown as text, escaped in the markup
    # To stdout with --format, as the other text formats.
    code, out, _ = run(*args, "--db", archive, "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")


def test_history_refuses_to_overwrite_the_archive(hostile: Path, archive: str) -> None:
    code, _, err = run("history", str(hostile), "--db", archive, "--format", "json",
                       "-o", archive, "--force")
    assert code != 0 and "refusing to overwrite" in err
