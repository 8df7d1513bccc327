"""A clerk's day as data: a campaign folder made by ``wenming init`` and a ledger workbook
filled in the way a clerk in a county bureau keeps one (invented names only).

The workbook is ``wenming template``'s, filled below its header with 33 records; the 单位
cells of three records are merged into one, as clerks do for a unit's run of rows; a 统计
sheet beside the ledger counts them; and two columns, 备注 and 经办人, are kept for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

#: units.csv a clerk starts from: the bureau, its offices and a sub-bureau
UNITS_CSV = """单位编号,名称,英文名称,单位类型,上级单位
bureau,青禾县自然资源局,Qinghe County Natural Resources Bureau,bureau,
office,办公室,General Office,division,bureau
party,机关党委,Party Committee,division,bureau
publicity,宣传科,Publicity Section,division,bureau
east,东镇自然资源所,East Town Office,sub-bureau,bureau
"""

#: 编号|单位|类别|日期|标题|归档日期|参与人数|节日|标签, all in 2021; a blank 单位 is the
#: merged cell above it
_LEDGER = """
2021-001|机关党委|成立创建工作领导小组|01-08|局党组研究成立创建工作领导小组|01-10|||
2021-002||创建工作方案|01-12|印发创建市级文明单位工作方案|01-15|||
2021-003||征求职工意见|01-20|向全体职工征求创建意见|01-22|46||
2021-004|办公室|创建动员大会|03-02|召开创建动员大会|03-03|80||
2021-005|办公室|创建工作部署会|03-09|部署年度创建任务|03-10|35||
2021-006|宣传科|学雷锋活动|03-05|学雷锋志愿服务进社区|03-08|22||志愿服务
2021-007|宣传科|志愿服务活动|03-20|植树节义务植树|03-22|30||志愿服务
2021-008|机关党委|道德讲堂|03-26|道德讲堂：身边好人讲故事|03-29|60||
2021-009|宣传科|传统节日活动|04-02|清明祭英烈|04-06|40|清明|
2021-010|机关党委|干部职工理论学习|04-15|党史学习教育专题学习|04-16|52||
2021-011|宣传科|创建宣传报道|04-20|县电视台报道我局创建工作|04-21|||
2021-012|东镇自然资源所|志愿服务活动|05-12|防灾减灾日宣传|05-14|12||志愿服务
2021-013|宣传科|传统节日活动|06-14|端午节包粽子|06-16|38|端午|
2021-014|机关党委|理论宣讲|06-28|七一党课|06-30|70||
2021-015|办公室|体育活动|07-16|职工羽毛球比赛|07-19|28||
2021-016|宣传科|志愿服务活动|08-06|夏季防溺水宣传|08-09|15||志愿服务
2021-017|办公室|自查自评|08-20|创建工作半年自查|08-23|||
2021-018|宣传科|传统节日活动|09-20|中秋诗会|09-22|45|中秋|
2021-019|机关党委|道德讲堂|09-24|道德讲堂：敬业奉献|09-27|55||
2021-020|东镇自然资源所|志愿服务活动|10-09|重阳节走访孤寡老人|10-11|10||志愿服务
2021-021|宣传科|创建宣传报道|10-15|市文明网刊发我局经验|10-18|||
2021-022|办公室|逐项自评打分|10-28|对照测评细则逐项自评|10-29|||
2021-023|办公室|整改清单|11-03|自查问题整改清单|11-04|||
2021-024|办公室|整改记录|11-20|整改落实情况记录|11-22|||
2021-025|宣传科|志愿服务活动|12-05|国际志愿者日活动|12-06|26||志愿服务
2021-026|机关党委|干部职工理论学习|11-18|学习全会精神|11-19|58||
2021-027|办公室|迎检资料汇编|12-10|迎检资料汇编成册|12-12|||
2021-028|宣传科|视频资料|12-12|创建工作专题片|12-14|||
2021-029|办公室|迎接检查评估|12-20|迎接市文明办检查|12-20|||
2021-030|办公室|年终总结|12-28|年度创建工作总结|12-30|||
2021-031|宣传科|传统节日活动|02-10|春节写春联送祝福|02-18|33|春节|
2021-032|宣传科|传统节日活动|02-26|元宵节猜灯谜|03-01|41|元宵|
2021-033|办公室|创建档案归档|12-30|全年创建档案归档|12-31|||
"""


def _rows() -> tuple[tuple[Any, ...], ...]:
    out = []
    for line in _LEDGER.strip().splitlines():
        rid, unit, kind, day, title, filed, people, festival, tags = line.split("|")
        out.append((rid, unit or None, kind, date.fromisoformat(f"2021-{day}"), title,
                    date.fromisoformat(f"2021-{filed}"), int(people) if people else None,
                    festival or None, tags or None))
    return tuple(out)


ROWS: Sequence[tuple[Any, ...]] = _rows()

#: The rows whose 单位 is merged into the first one's cell (rows 2–4 of the sheet: 机关党委).
MERGED_UNIT_ROWS = (2, 4)


def write_campaign_window(folder: Path) -> None:
    """The real cycle, as a clerk sets it in campaign.toml after ``init``."""
    toml = folder / "campaign.toml"
    text = toml.read_text("utf-8")
    import re

    text = re.sub(r'(?m)^window = ".*"$', 'window = "2021.01-2021.12"', text, count=1)
    windows = iter(["2021.01-2021.02", "2021.03-2021.04", "2021.05-2021.08",
                    "2021.09-2021.10", "2021.11", "2021.12"])
    text = re.sub(r'(?m)^(\[\[phases\]\](?:\n(?!window).*)*\n)window = ".*"$',
                  lambda m: f'{m.group(1)}window = "{next(windows)}"', text)
    toml.write_text(text, "utf-8")


def fill_ledger(book_path: Path, rows: Sequence[tuple[Any, ...]] = ROWS) -> None:
    """Fill the template's 台账 sheet as a clerk does, with a 统计 sheet beside it."""
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    sheet = book["台账"]
    columns = {cell.value: cell.column for cell in sheet[1] if cell.value}
    last = max(columns.values())
    remark, handler = last + 1, last + 2
    sheet.cell(1, remark, "备注")
    sheet.cell(1, handler, "经办人")
    for number, (rid, unit, kind, day, title, filed, people, festival, tags) in enumerate(
            rows, start=2):
        for header, value in (("编号", rid), ("单位", unit), ("类别", kind), ("日期", day),
                              ("标题", title), ("归档日期", filed), ("参与人数", people),
                              ("节日", festival), ("标签", tags)):
            if value is not None:
                sheet.cell(number, columns[header], value)
        sheet.cell(number, remark, "已报县文明办" if number % 5 == 0 else None)
        sheet.cell(number, handler, "测试员甲" if number % 2 else "测试员乙")
    first, end = MERGED_UNIT_ROWS
    unit = columns["单位"]
    sheet.merge_cells(start_row=first, start_column=unit, end_row=end, end_column=unit)
    summary = book.create_sheet("统计")
    summary.append(["2021年创建台账统计"])
    summary.append(["季度", "条数"])
    for quarter, count in (("一季度", 11), ("二季度", 6), ("三季度", 5), ("四季度", 11)):
        summary.append([quarter, count])
    book.save(book_path)
