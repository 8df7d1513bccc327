"""The clerk's day, end to end in Chinese (#25): a newcomer's first campaign.

``wenming init`` from a units list, the campaign window set, the template's ledger
filled in as a clerk keeps one (a merged 单位 cell, a 统计 sheet, 备注 and 经办人
columns), then ``validate``, ``score``, ``gaps`` and the progress reports under
``--lang zh`` at 80 and 100 columns, and the score in HTML and XLSX.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
import wcwidth
from click.testing import CliRunner, Result

from tests.clerk.day import UNITS_CSV, fill_ledger, write_campaign_window
from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost

AS_OF = "2021-12-31"
#: What a clerk runs in a day, every report command in its table form.
COMMANDS: Sequence[Sequence[str]] = (
    ("validate", "{folder}"),
    ("validate", "{folder}", "--verbose"),
    ("score", "{folder}", "--as-of", AS_OF),
    ("gaps", "{folder}", "--as-of", "2021-10-15"),
    ("compare", "{folder}", "--as-of", AS_OF),
    ("timeline", "{folder}", "--as-of", AS_OF),
    ("trend", "{folder}", "--as-of", AS_OF),
    ("agenda", "{folder}", "--as-of", "2021-06-01"),
    ("rubrics",),
)
#: ASCII words a Chinese screen may show besides ids: formats, files, TOML keys, options.
TECHNICAL = {"xlsx", "html", "csv", "json", "toml", "campaign.toml", "evidence", "units",
             "wenming", "validate", "verbose", "duties", "tasks", "owners", "qq", "excel",
             "wps", "kinds", "kinds.toml", "as-of", "units.toml", "docs", "dataset-format.md",
             "fail-under", "rubric", "unit", "force", "lang", "debug"}


def run(host: PluginHost, args: Sequence[str], columns: int = 100) -> Result:
    return CliRunner().invoke(cli, ["--lang", "zh", *args],
                              obj=CliState(host_factory=lambda: host),
                              env={"COLUMNS": str(columns)})


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, host: PluginHost) -> Path:
    root = tmp_path_factory.mktemp("clerk")
    (root / "单位名单.csv").write_text(UNITS_CSV, encoding="utf-8")
    made = root / "青禾"
    result = run(host, ["init", str(made), "--units", str(root / "单位名单.csv")])
    assert result.exit_code == 0, result.output
    write_campaign_window(made)
    fill_ledger(made / "evidence" / "台账.xlsx")
    return made


def _args(command: Sequence[str], folder: Path) -> list[str]:
    return [part.format(folder=folder) for part in command]


def test_the_filled_ledger_validates_with_one_line_per_kind_of_note(host, folder):
    result = run(host, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "合并单元格" in out and "B2:B4" in out  # 单位 merged over three records
    assert "已跳过没有台账表头的工作表" in out and "统计" in out
    assert "备注" not in out and "经办人" not in out  # columns kept for people: no warning
    assert result.stdout.strip().startswith("数据集有效")  # one summary, after the notes
    assert "记录 33 条" in result.stdout


def test_a_broken_ledger_shows_its_errors_first_in_chinese(host, folder, tmp_path):
    broken = tmp_path / "青禾"
    shutil.copytree(folder, broken)
    book = openpyxl.load_workbook(broken / "evidence" / "台账.xlsx")
    sheet = book["台账"]
    columns = {cell.value: cell.column for cell in sheet[1] if cell.value}
    sheet.cell(6, columns["日期"], "2021-13-01")
    sheet.cell(9, columns["编号"], "2021-003")
    sheet.cell(11, columns["类别"], "志愿服物")
    book.save(broken / "evidence" / "台账.xlsx")
    result = run(host, ["validate", str(broken), "--verbose"])
    assert result.exit_code == 2
    out = result.output
    assert out.startswith("错误：")
    # the errors come before the rubric table, and the summary closes the output
    assert out.index("第 6 行") < out.index("已安装的测评细则") < out.index("未通过校验")
    assert "日期不存在（填写的是 '2021-13-01'）" in out
    assert "第 9 行" in out
    assert "未知的证据类别" in out and "您是否指" in out
    assert "got" not in out and "expected" not in out and "did you mean" not in out


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:]))
def test_every_command_fits_the_terminal_and_keeps_numbers_whole(host, folder, command,
                                                                 columns):
    result = run(host, _args(command, folder), columns)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    wide = [line for line in lines if wcwidth.wcswidth(line) > columns]
    assert not wide, wide[:3]
    # a fraction, date or number cut at a column's edge: "（0/" then "1）" below
    cut = re.compile(r"[（(]\d+/?(?=\s{2,}|$)|\b\d{4}-(?:\d{1,2}-?)?(?=\s{2,}|$)"
                     r"|\b\d{4}/(?=\s{2,}|$)")
    split = [line for line in lines if cut.search(line)]
    assert not split, split[:3]


def _ids(host: PluginHost, folder: Path) -> set[str]:
    """Every id a screen may show: rubrics, items, criteria, kinds, units, phases, tasks."""
    from wenming.loaders import load_dataset

    dataset = load_dataset(folder, vocabulary=host.vocabulary())
    ids = {k.id for k in host.vocabulary()}
    for rubric_id, rubric in host.rubrics().items():
        ids |= {rubric_id, rubric.level}
        ids |= {item.code for item in rubric.items()}
        ids |= {c.id for _, c in rubric.criteria() if c.id}
    ids |= set(dataset.units.units)
    ids |= {p.id for p in dataset.campaign.phases} | {t.id for t in dataset.campaign.tasks}
    return {i.lower() for i in ids}


def _english(text: str, allowed: set[str]) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]", text)
    return sorted({w for w in words if w.lower() not in allowed and w.lower() not in TECHNICAL
                   and not re.search(r"\d", w) and not w.endswith((".xlsx", ".csv"))})


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:]))
def test_no_english_word_on_a_chinese_screen(host, folder, command):
    result = run(host, _args(command, folder))
    assert result.exit_code == 0, result.output
    allowed = _ids(host, folder) | {p.lower() for p in re.findall(
        r"wenming-rubric-[a-z-]+", result.output)} | {
        w.lower() for w in re.findall(r"[A-Za-z][\w.\-]*", str(folder))} | {"x"}
    assert _english(result.output, allowed) == []


def test_every_message_constant_has_a_chinese_half():
    """Every message the loaders and the CLI keep as a constant reads as Chinese in zh."""
    import importlib
    import pkgutil

    import wenming
    from wenming.errors import Bilingual
    from wenming.model.labels import Label

    allowed = {"sha-256", "utf-8", "gb18030", "gbk", "csv", "xlsx", "json", "jsonl", "toml",
               "excel", "wps", "nul", "esc", "wenming", "kinds", "docs", "dataset-format.md",
               "id", "ids", "rubric", "kinds.toml", "units.toml", "campaign.toml", "evidence",
               "strict", "xls", "xlsb", "ods", "ok",
               # a command to type and the packages it names
               "pip", "install", "e", "archive", "sqlalchemy", "alembic", "psycopg", "rubrics"}
    found: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(wenming.__path__, "wenming."):
        if ".serve" in info.name or ".migrations" in info.name or info.name.endswith(
                "__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Bilingual) or (isinstance(value, Label) and name.isupper()):
                zh = value.zh
            else:
                continue
            zh = re.sub(r"\{[^}]*\}|wenming-rubric-[\w*-]*", "", zh)  # placeholders, packages
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", zh)
                     if w.lower() not in allowed and not re.search(r"\d", w)]
            if words:
                found[f"{info.name}.{name}"] = words
    assert not found


def test_the_findings_of_the_score_are_all_in_html_and_xlsx(host, folder, tmp_path):
    data = json.loads(run(host, ["score", str(folder), "--as-of", AS_OF, "--format",
                                 "json"]).stdout)
    findings = {f["zh"].strip().lstrip("·- ").strip()
                for card in data["cards"] for item in card["items"]
                for f in item["findings"] if f["zh"].strip()}
    assert len(findings) > 50
    for suffix in ("html", "xlsx"):
        assert run(host, ["score", str(folder), "--as-of", AS_OF, "-o",
                          str(tmp_path / f"得分.{suffix}")]).exit_code == 0
    page = html.unescape(re.sub(r"<[^>]+>", "", (tmp_path / "得分.html").read_text("utf-8")))
    page = " ".join(page.split())
    book = openpyxl.load_workbook(tmp_path / "得分.xlsx", read_only=True)
    cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(
        values_only=True) for v in row if v is not None)
    cells = " ".join(cells.split())

    def shown(finding: str, text: str) -> bool:
        # a report may name a subject by its Chinese name where the scorecard has its id
        parts = re.split(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+", " ".join(finding.split()))
        return re.search(".+?".join(re.escape(part) for part in parts), text) is not None

    # points read as the screen shows them: 48.17, not 48.1667 (the value keeps its digits)
    scores = openpyxl.load_workbook(tmp_path / "得分.xlsx")
    floats = [c for sheet in scores.worksheets for row in sheet.iter_rows() for c in row
              if isinstance(c.value, float)]
    assert floats and all(c.number_format == "0.00" for c in floats)
    missing_html = [f for f in findings if not shown(f, page)]
    missing_xlsx = [f for f in findings if not shown(f, cells)]
    assert not missing_html, missing_html[:3]
    assert not missing_xlsx, missing_xlsx[:3]


def test_the_brief_score_reads_as_a_leader_expects(host, folder, tmp_path):
    report = tmp_path / "得分.html"
    result = run(host, ["score", str(folder), "--as-of", AS_OF, "--brief", "-o", str(report)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    scored = [line for line in lines if "：得分 " in line]
    assert len(scored) == 2  # the two real rubrics, not the examples
    for line in scored:
        assert re.search(r"：得分 \d+(\.\d{1,2})?，满分 100，达标线 85，结论：(达标|未达标)"
                         r"（截至评估日应得 \d+(\.\d{1,2})? 分）$", line), line
    assert lines[-1] == f"完整报告：{report}" and report.is_file()


def test_init_lays_the_windows_from_the_plan_s_start(host, tmp_path):
    made = tmp_path / "县局"
    result = run(host, ["init", str(made), "--start", "2025年4月"])
    assert result.exit_code == 0, result.output
    assert "前期准备阶段" in result.output and "preparation" not in result.output
    text = (made / "campaign.toml").read_text("utf-8")
    assert re.search(r'(?m)^window = "2025\.04-', text), text[:400]
    assert run(host, ["init", str(tmp_path / "x"), "--start", "2025-13"]).exit_code == 2
