"""The clerk's path (#19): ``init`` → the workbook's 任务分工 sheet filled in → ~30 ledger
rows → ``gaps``: the rectification list spreads its rows over the owners the sheet names,
and says on every row why (责任依据)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost
from wenming.template import DUTY_SHEET, LEDGER_SHEET

UNITS = """
[[unit]]
id = "hq"
zh = "示范局机关"
en = "Demo bureau"
kind = "bureau"

[[unit]]
id = "office"
zh = "办公室"
en = "General Office"
kind = "division"
parent = "hq"

[[unit]]
id = "party"
zh = "机关党委"
en = "Party committee"
kind = "division"
parent = "hq"

[[unit]]
id = "publicity"
zh = "宣传教育处"
en = "Publicity division"
kind = "division"
parent = "hq"

[[unit]]
id = "policy"
zh = "法规处"
en = "Policy division"
kind = "division"
parent = "hq"

[[unit]]
id = "east"
zh = "东城分局"
en = "East sub-bureau"
kind = "dispatched"
parent = "hq"
"""

#: The seed's phases: the campaign and phase windows a clerk copies from the plan.
WINDOWS = ["2020.04-2021.12", "2020.04-2020.05", "2020.05-2020.06", "2020.06-2021.07",
           "2021.08-2021.09", "2021.09-2021.11", "2021.11-2021.12"]

#: 任务分工 as the clerk fills it in: units by name, the lead first.
TASK_OWNERS = {"t01": "机关党委", "t02": "机关党委", "t03": "宣传教育处", "t04": "机关党委",
               "t05": "宣传教育处", "t06": "办公室、机关党委", "t07": "法规处",
               "t08": "机关党委", "t11": "宣传教育处", "t13": "办公室"}
#: Rows for rubric items no task covers: culture and sports, Lei Feng, office culture.
ITEM_OWNERS = {("13", "provincial-18"): "机关党委", ("10", "provincial-18"): "宣传教育处",
               ("11", "provincial-18"): "宣传教育处", ("14", "provincial-18"): "东城分局"}
PERSONS = {"t07": "测试人乙"}


def _ledger_rows() -> list[list[object]]:
    """Thirty records of an ordinary first year and a half (invented titles)."""
    rows: list[list[object]] = []
    n = 0

    def add(unit: str, kind: str, day: str, title: str, **extra: object) -> None:
        nonlocal n
        n += 1
        rows.append([f"R-{n:03d}", unit, kind, day, title, extra.get("filed", day),
                     extra.get("festival", ""), extra.get("tags", "")])

    add("hq", "成立创建工作领导小组", "2020-04-20", "成立创建工作领导小组")
    add("hq", "创建工作方案", "2020-05-06", "印发创建实施方案")
    add("hq", "创建动员大会", "2020-05-28", "召开创建动员大会")
    for i, day in enumerate(("2020-06-15", "2020-09-10", "2020-12-08", "2021-03-16",
                             "2021-06-09")):
        add("party", "党组中心组学习", day, f"党组中心组第{i + 1}次集体学习")
    add("party", "道德讲堂", "2020-10-21", "道德讲堂：职业道德")
    add("party", "道德讲堂", "2021-04-14", "道德讲堂：家庭美德")
    add("publicity", "志愿服务活动", "2020-06-05", "六五环境日志愿宣传", tags="志愿服务")
    add("publicity", "志愿服务活动", "2021-03-05", "学雷锋志愿服务")
    add("east", "志愿服务活动", "2020-11-12", "东城分局进社区宣传", tags="志愿服务")
    add("office", "传统节日活动", "2021-02-10", "春节慰问活动", festival="春节")
    add("office", "传统节日活动", "2021-06-12", "端午包粽子活动", festival="端午")
    add("office", "传统节日活动", "2020-10-01", "中秋茶话会", festival="中秋")
    add("policy", "红黑榜发布", "2020-09-30", "发布环保信用红黑榜")
    add("policy", "红黑榜发布", "2021-03-31", "发布环保信用红黑榜")
    for i, day in enumerate(("2020-07-20", "2020-10-19", "2021-01-18", "2021-04-19",
                             "2021-07-19")):
        add("publicity", "创建宣传报道", day, f"创建工作动态第{i + 1}期", filed=day)
    add("hq", "年度创建计划", "2021-01-20", "2021年创建工作计划")
    add("hq", "年终总结", "2020-12-28", "2020年创建工作总结")
    add("east", "道德讲堂", "2021-05-20", "东城分局道德讲堂")
    add("hq", "文明餐桌", "2021-04-08", "光盘行动倡议")
    add("hq", "无偿献血", "2021-05-18", "无偿献血活动")
    add("hq", "学习强国学习", "2021-06-30", "学习强国积分通报")
    add("party", "道德讲堂", "2020-06-24", "道德讲堂：社会公德")
    return rows


def run(args: Sequence[str], host: PluginHost) -> Result:
    return CliRunner().invoke(cli, ["--lang", "zh", *args],
                              obj=CliState(host_factory=lambda: host))


@pytest.fixture(scope="module")
def clerk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PluginHost]:
    host = PluginHost()
    root = tmp_path_factory.mktemp("clerk")
    units = root / "units.toml"
    units.write_text(UNITS, encoding="utf-8")
    folder = root / "bureau"
    result = run(["init", str(folder), "--units", str(units)], host)
    assert result.exit_code == 0, result.output
    campaign = folder / "campaign.toml"
    text = campaign.read_text(encoding="utf-8")
    assert text.count("owners = []") == 13  # the seed's tasks, owners left to fill in
    windows = iter(WINDOWS)
    text = re.sub(r'^window = ".*"$', lambda _: f'window = "{next(windows)}"', text,
                  flags=re.MULTILINE)
    campaign.write_text(text.replace('[campaign]\n', '[campaign]\noffice = "office"\n', 1),
                        encoding="utf-8")
    # A fresh template of the folder, then filled in as a clerk would, in Excel.
    ledger = folder / "evidence" / "台账.xlsx"
    result = run(["template", str(folder), "-o", str(ledger), "--force"], host)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(ledger)
    duties = book[DUTY_SHEET]
    header = next(r for r in duties.iter_rows(max_row=5) if r[0].value == "编号")
    head = {c.value: c.column for c in header}
    for row in duties.iter_rows(min_row=header[0].row + 1):
        code, rubric = row[head["编号"] - 1].value, row[head["测评细则"] - 1].value
        if code in TASK_OWNERS and not rubric:
            row[head["责任单位"] - 1].value = TASK_OWNERS[code]
            row[head["责任人"] - 1].value = PERSONS.get(code)
        if (code, rubric) in ITEM_OWNERS:
            row[head["责任单位"] - 1].value = ITEM_OWNERS[code, rubric]
    sheet = book[LEDGER_SHEET]
    columns = {c.value: c.column for c in sheet[1]}
    for number, (rid, unit, kind, day, title, filed, festival, tags) in enumerate(
            _ledger_rows(), start=2):
        for name, value in (("编号", rid), ("单位", unit), ("类别", kind), ("日期", day),
                            ("标题", title), ("归档日期", filed), ("节日", festival),
                            ("标签", tags)):
            sheet.cell(number, columns[name], value or None)
    book.save(ledger)
    return folder, host


def _gaps(clerk: tuple[Path, PluginHost], *args: str) -> dict[str, object]:
    folder, host = clerk
    # every bundled rubric by name: the examples are scored only when named (#25)
    named = [f"--rubric={r}" for r in host.rubrics()]
    result = run(["gaps", str(folder), "--as-of", "2021-09-30", "--format", "json", *named,
                  *args], host)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_filled_ledger_validates(clerk):
    folder, host = clerk
    result = run(["validate", str(folder)], host)
    assert result.exit_code == 0, result.output
    assert len(_ledger_rows()) == 30


def test_rows_spread_over_the_owners_the_sheet_names(clerk):
    gaps = _gaps(clerk)["gaps"]
    assert isinstance(gaps, list) and len(gaps) >= 10
    owners = Counter(g["unit"] for g in gaps)
    # the sheet names party, publicity, policy and office; sub-units own their own checks
    assert {"party", "publicity", "policy", "east"} <= set(owners), owners
    for gap in gaps:
        assert gap["placed_by"]["zh"] and gap["basis"], gap
        if gap["unit"] == "office":
            # the office holds what nobody was named for, and the task the sheet gave it
            assert gap["basis"] in ("office", "check-unit") or (
                gap["basis"] == "task" and re.search(r"t06|t13", gap["placed_by"]["en"])), gap
        if gap["unit"] == "party" and gap["basis"] == "task":
            assert re.search(r"t0[1248]\b", gap["placed_by"]["en"]), gap
    named = [g for g in gaps if g["basis"] != "office"]
    assert len(named) > len(gaps) / 2, owners
    red_black = [g for g in gaps if "red-black-list" in g["kinds"]]
    assert red_black and all(g["unit"] == "policy" and g["basis"] == "task" and
                             g["person"] == "测试人乙" for g in red_black)


def test_an_item_row_of_the_sheet_overrides_the_task(clerk):
    gaps = _gaps(clerk, "--rubric", "provincial-18")["gaps"]
    assert isinstance(gaps, list)
    office = [g for g in gaps if any(s["item_code"] == "14" for s in g["shortfalls"])
              and g["basis"] != "check-unit"]
    for gap in office:
        assert gap["unit"] == "east" and gap["basis"] == "item"
        assert "台账.xlsx[任务分工]" in gap["placed_by"]["zh"]


def test_a_duty_for_an_unknown_unit_names_sheet_row_and_value(clerk, tmp_path):
    import shutil

    folder, host = clerk
    copy = tmp_path / "bad"
    shutil.copytree(folder, copy)
    ledger = copy / "evidence" / "台账.xlsx"
    book = openpyxl.load_workbook(ledger)
    sheet = book[DUTY_SHEET]
    sheet.cell(3, 4, "不存在的处")
    book.save(ledger)
    result = run(["validate", str(copy)], host)
    assert result.exit_code != 0
    assert "任务分工" in result.output and "不存在的处" in result.output
    assert ":3" in result.output or "第 3 行" in result.output or "line 3" in result.output


def test_a_record_lacking_its_tag_is_a_refile_row(clerk):
    gaps = _gaps(clerk)["gaps"]
    assert isinstance(gaps, list)
    refile = [g for g in gaps if g["action"] == "refile"]
    # R-012 (学雷锋志愿服务, 5 March) lacks the tag 志愿服务 its check asks for: complete the
    # record within the filing rule's 30 days of the as-of date, not redo the activity
    assert len(refile) == 1
    row = refile[0]
    assert row["deadline"] == "2021-10-30" and row["counts_until"] == "2021-11-30"
    assert any("R-012" in r["zh"] and "志愿服务" in r["zh"] for r in row["reasons"])


@pytest.mark.parametrize("when", ["2020-05-31", "2020-09-30", "2021-01-15", "2021-03-31",
                                  "2021-06-30", "2021-09-30", "2021-11-15", "2021-12-31"])
def test_no_deadline_before_the_as_of_date_or_after_its_window(clerk, when):
    folder, host = clerk
    result = run(["gaps", str(folder), "--as-of", when, "--format", "json"], host)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for gap in data["gaps"]:
        assert (gap["deadline"] is None) == (gap["action"] == "lost"), gap
        if gap["deadline"] is None:
            continue
        assert when <= gap["deadline"] <= gap["counts_until"] <= "2021-12-31", gap
        for shortfall in gap["shortfalls"]:
            if gap["action"] == "redo" and shortfall["deadline"] is not None:
                assert gap["deadline"] <= shortfall["deadline"], gap
            if "annual-summary" in shortfall["kinds"] and gap["action"] == "redo":
                assert gap["deadline"][5:7] in ("11", "12", "01"), gap  # counts Nov–Jan only


def test_the_agenda_uses_the_same_owners(clerk):
    folder, host = clerk
    result = run(["agenda", str(folder), "--as-of", "2021-06-01", "--format", "json"], host)
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    owners = Counter(e["unit"] for e in entries)
    # the sheet's owners receive their duties, not the office alone
    assert {"party", "publicity", "policy"} <= set(owners), owners


def test_validate_says_once_how_many_items_have_no_owner(clerk, tmp_path):
    folder, host = clerk
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(folder)],
                                obj=CliState(host_factory=lambda: host))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "no owner" in line]
    assert len(lines) == 1, result.stderr
    filled = re.search(r"(\d+) of (\d+) rubric items have no owner", lines[0])
    assert filled is not None
    # the office by the name the clerk knows, its id after it
    assert "fall to General Office (office) on" in lines[0], lines[0]
    # a fresh folder: nothing named yet, so every item falls to the office
    fresh = tmp_path / "fresh"
    assert run(["init", str(fresh)], host).exit_code == 0
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(fresh)],
                                obj=CliState(host_factory=lambda: host))
    empty = re.search(r"(\d+) of (\d+) rubric items have no owner", result.stderr)
    assert empty is not None and empty.group(1) == empty.group(2)
    assert int(filled.group(1)) < int(empty.group(1)) and filled.group(2) == empty.group(2)


def test_a_year_end_summary_is_never_due_outside_its_year_end_window(clerk):
    # As of 30 September the 2020 summary's window (November 2020 – January 2021) has
    # closed and the 2021 one has not opened: the 2020 rows are lost, none has a date.
    gaps = _gaps(clerk)["gaps"]
    assert isinstance(gaps, list)
    summary = [g for g in gaps if "annual-summary" in g["kinds"]]
    assert summary, [g["kinds"] for g in gaps]
    assert all(g["action"] == "lost" and g["deadline"] is None for g in summary), summary
