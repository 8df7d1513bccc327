"""What the four progress reports share: their labels, the neutral sections each is
laid out as (pairs, tables, lists, notes), and the cell helpers of the JSON and XLSX
formats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from attrs import frozen
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from wenming.model.labels import Label, Lang
from wenming.reporters import xlsx as _xlsx
from wenming.reporters.json_format import SCHEMAS
from wenming.reporters.labels import number, verdict
from wenming.reports.trend import pass_line_at
from wenming.scoring.scorecard import Scorecard

__all__ = ["LABELS", "PROGRESS_SCHEMAS"]

PROGRESS_SCHEMAS = {
    "trend": "wenming.trend/1",
    "agenda": "wenming.agenda/1",
    "what-if": "wenming.what-if/1",
    "plan": "wenming.plan/1",
}
SCHEMAS.update(PROGRESS_SCHEMAS)


LABELS: dict[str, Label] = {
    "trend": Label("创建进度趋势", "Progress over time"),
    "agenda": Label("近期到期事项", "Agenda: what falls due"),
    "what_if": Label("假设分析", "What if"),
    "plan": Label("达标计划", "Plan"),
    "date": Label("日期", "Date"),
    "total": Label("得分", "Total"),
    "maximum": Label("满分", "Maximum"),
    "line": Label("达标线", "Pass line"),
    "line_note": Label("满分只计已到期的项目；达标线按结论的算法折算："
                       "名义达标线 ÷ 名义满分 × 满分。",
                       "The maximum counts the items due by each date; the pass line is scaled "
                       "as the verdict scales it: nominal pass line ÷ nominal total × maximum."),
    "span": Label("时间范围", "Dates"),
    "item_titles": Label("条目", "Items"),
    "verdict": Label("结论", "Verdict"),
    "met": Label("达标项", "Items met"),
    "turned_met": Label("新达标", "Newly met"),
    "no_longer_met": Label("不再达标", "No longer met"),
    "every": Label("统计周期", "Step"),
    "as_of": Label("评估日", "As of"),
    "dataset": Label("创建活动", "Campaign"),
    "deadline": Label("截止日", "Deadline"),
    "category": Label("类别", "Category"),
    "what": Label("事项", "What"),
    "unit": Label("责任单位", "Responsible unit"),
    "at_stake": Label("涉及分值", "Points at stake"),
    "items": Label("涉及条目", "Items"),
    "horizon": Label("截至", "Until"),
    "total_at_stake": Label("合计涉及分值", "Total at stake"),
    "nothing_due": Label("此期间没有到期事项。", "Nothing falls due in this period."),
    "checklists": Label("各责任单位清单", "Checklists by responsible unit"),
    "opens": Label("起", "from"),
    "overdue": Label("已逾期", "overdue"),
    "records": Label("假设记录", "Hypothetical records"),
    "rubric": Label("测评细则", "Rubric"),
    "before": Label("现状", "Now"),
    "after": Label("假设后", "With the records"),
    "projected": Label("计划完成后", "Projected"),
    "baseline": Label("不采取行动", "If nothing is done"),
    "delta": Label("变化", "Change"),
    "code": Label("序号", "Code"),
    "item": Label("测评内容", "Item"),
    "state": Label("状态", "State"),
    "points": Label("得分", "Points"),
    "no_change": Label("这些记录不改变任何得分。", "These records change no score."),
    "by": Label("目标日", "By"),
    "projection": Label("得分预测（按目标日评定）", "Projected scores as of the target date"),
    "target": Label("目标", "Target"),
    "target_pass": Label("各细则均达标", "every rubric over its pass line"),
    "target_full": Label("尽可能接近满分", "as close to full marks as time allows"),
    "reached": Label("可达成", "Reached"),
    "activities": Label("建议开展的活动", "Proposed activities"),
    "rank": Label("序号", "No."),
    "window": Label("时间窗口", "Date window"),
    "count": Label("记录数", "Records"),
    "gain": Label("预计得分", "Expected gain"),
    "lost": Label("已无法挽回", "Lost"),
    "reason": Label("原因", "Reason"),
    "no_activities": Label("无需新增活动。", "No activity is needed."),
    "no_lost": Label("没有无法挽回的分值。", "Nothing is lost."),
    "kind": Label("记录类别", "Evidence kind"),
    "yes": Label("是", "yes"),
    "no": Label("否", "no"),
    "rubric_title": Label("细则名称", "Rubric title"),
    "chart": Label("趋势图", "Chart"),
    "scored": Label("已评条目", "Items scored"),
    "opens_on": Label("开始日", "Opens"),
    "needs": Label("记录须带", "Records must carry"),
    "unit_name": Label("单位名称", "Unit name"),
    "combined": Label("合计", "Combined"),
    "done": Label("完成", "Done"),
    "found": Label("已有", "Found"),
    "required": Label("要求", "Required"),
    "days": Label("天数", "Days"),
    "source": Label("来源文件", "Source file"),
    "record_id": Label("记录编号", "Record id"),
    "record_date": Label("日期", "Date"),
    "record_title": Label("标题", "Title"),
    "state_before": Label("现状状态", "State now"),
    "state_after": Label("假设后状态", "State with the records"),
    "points_before": Label("现状得分", "Points now"),
    "points_after": Label("假设后得分", "Points with the records"),
    "items_sheet": Label("条目变化", "Item changes"),
    "total_before": Label("现状得分", "Total now"),
    "maximum_before": Label("现状满分", "Maximum now"),
    "verdict_before": Label("现状结论", "Verdict now"),
    "total_after": Label("假设后得分", "Total with the records"),
    "maximum_after": Label("假设后满分", "Maximum with the records"),
    "verdict_after": Label("假设后结论", "Verdict with the records"),
    "total_baseline": Label("不采取行动得分", "Total if nothing is done"),
    "verdict_baseline": Label("不采取行动结论", "Verdict if nothing is done"),
    "total_projected": Label("计划完成后得分", "Projected total"),
    "maximum_projected": Label("计划完成后满分", "Projected maximum"),
    "verdict_projected": Label("计划完成后结论", "Projected verdict"),
    "kind_name": Label("记录类别名称", "Evidence kind name"),
    "agenda_sheet": Label("到期事项", "Agenda"),
    "overdue_column": Label("已逾期", "Overdue"),
}


def _t(key: str, lang: Lang) -> str:
    return LABELS[key].text(lang)


# -- neutral sections --------------------------------------------------------
@frozen
class _Pairs:
    pairs: tuple[tuple[str, str], ...]


@frozen
class _Grid:
    heading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()


@frozen
class _List:
    heading: str
    lines: tuple[str, ...]
    checklist: bool = False
    level: int = 2


@frozen
class _Note:
    text: str


_Section = _Pairs | _Grid | _List | _Note


@frozen
class _Layout:
    title: str
    sections: tuple[_Section, ...]


def _gains(gains: dict[str, float] | Any) -> str:
    return "\n".join(f"{rubric} +{number(points)}" for rubric, points in gains.items())


def _where(where: Sequence[tuple[str, str, Label]], lang: Lang) -> str:
    return "\n".join(f"{r} {code} {t.text(lang)}" for r, code, t in where)


def _card_cell(card: Scorecard, lang: Lang) -> str:
    return f"{number(card.total)} / {number(card.maximum)} {verdict(card.verdict).text(lang)}"


def _label(label: Label) -> dict[str, str]:
    return {"zh": label.zh, "en": label.en}


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _summary(card: Scorecard) -> dict[str, Any]:
    return {"total": card.total, "maximum": card.maximum, "line": pass_line_at(card),
            "verdict": card.verdict}


# Numbers stay numbers and dates stay dates, so that a clerk can sort, filter and
# chart them; every string goes through ``_xlsx._put`` like every other workbook's.
_DATE = "yyyy-mm-dd"


def _sheet(book: Workbook, key: str, lang: Lang) -> Worksheet:
    return _xlsx._new_sheet(book, _t(key, lang))


def _typed_table(sheet: Worksheet, headers: Sequence[str], body: Sequence[Sequence[object]],
                 row: int = 1) -> int:
    """``_xlsx._table`` with every date cell shown as a date; returns the next free row."""
    end = _xlsx._table(sheet, headers, body, row)
    for line in sheet.iter_rows(min_row=row + 1, max_row=end - 1):
        for cell in line:
            if isinstance(cell.value, date):
                cell.number_format = _DATE
    _xlsx._fit(sheet, start_row=row)
    return end


def _verdict_text(card: Scorecard, lang: Lang) -> str:
    return verdict(card.verdict).text(lang)
