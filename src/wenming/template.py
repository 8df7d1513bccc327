"""The ledger workbook a clerk fills in: ``wenming template`` and ``wenming init`` write it.

One sheet, 台账, has the Chinese headers the loader reads (:data:`TEMPLATE_COLUMNS`),
drop-down lists for 类别 (every installed evidence kind), 单位 (the units of a
dataset, when one is given) and 节日, date checks on the date columns, a frozen
header and widths that fit the content. A sheet 填表说明 explains each column and
lists every kind with the rubric items it counts for. The lists behind the
drop-downs sit on a hidden sheet, because Excel refuses an inline list longer than
255 characters and the kinds' names are far longer together.

A sheet 任务分工 lists the campaign's main tasks (the seed's thirteen when no
campaign is given) and every item of the installed rubrics, with 责任单位 (a
drop-down of the units) and 责任人 left to fill in; the dataset loader reads it
back as the campaign's duties (:mod:`wenming.loaders.duty_sheet`).

The extra sheets are named like instructions and have no row that reads as a
ledger header, or are read by their own reader, so the evidence loader skips
them: a template filled in below its header loads as it is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from wenming.calendar import FIRST_YEAR, LAST_YEAR
from wenming.calendar.festivals import FESTIVALS
from wenming.loaders.duty_sheet import DUTY_COLUMNS
from wenming.loaders.headers import EVIDENCE_REQUIRED
from wenming.loaders.table_header import DUTY_SHEET
from wenming.model import Task, Unit, Vocabulary
from wenming.model.seed import SEED_TASKS
from wenming.rubric.document import Item, Rubric

__all__ = [
    "CATEGORY_ORDER",
    "DUTY_SHEET",
    "INSTRUCTIONS_SHEET",
    "LEDGER_SHEET",
    "LISTS_SHEET",
    "TEMPLATE_COLUMNS",
    "kind_uses",
    "kinds_in_groups",
    "unit_choices",
    "write_template",
]

LEDGER_SHEET: Final = "台账"
INSTRUCTIONS_SHEET: Final = "填表说明"
#: hidden; named like an instructions sheet so the loader skips it too
LISTS_SHEET: Final = "下拉选项说明"

#: field → (header written, width in characters, what to write)
TEMPLATE_COLUMNS: Final[Mapping[str, tuple[str, int, str]]] = {
    "id": ("编号", 14, "每条记录唯一的编号，如 2021-001 / a unique record id"),
    "unit": ("单位", 20, "开展活动的单位：从下拉列表选择，或写单位编号 / the unit: pick it or "
                       "write its id"),
    "kind": ("类别", 24, "证据类别：从下拉列表选择，见下表 / the evidence kind: pick it; see "
                       "the table below"),
    "date": ("日期", 12, "活动日期，如 2021-02-03 / the day it happened"),
    "end": ("结束日期", 12, "多日活动的最后一天 / last day of a multi-day activity"),
    "title": ("标题", 40, "活动名称或内容 / what was done"),
    "filed": ("归档日期", 12, "归档的日期，不早于活动日期 / the day it was archived"),
    "amount": ("金额(元)", 12, "经费，单位元 / yuan spent"),
    "participants": ("参与人数", 10, "参加人数，整数 / head count"),
    "festival": ("节日", 12, "节日活动所属的节日，从下拉列表选择 / the festival, if any"),
    "score": ("评分(%)", 10, "自评得分率 0–100 / a self-assessment percentage"),
    "tags": ("标签", 16, "用 ; 或 、 分隔 / tags separated by ; or 、"),
    "refs": ("考评项", 14, "关联的测评项编号，用 ; 分隔 / rubric item codes separated by ;"),
    "attachments": ("附件", 30, "附件路径（相对数据集文件夹），用 ; 分隔 / attachment paths "
                              "relative to the dataset folder"),
    "rate": ("满意率", 10, "测评结果：满意率或知晓率 0–100 / a survey's rate, 0–100"),
    "sample": ("样本量", 10, "测评的样本量，整数 / how many were asked"),
    "numerator": ("分子", 10, "或：回答满意/知晓的人数 / or: how many said yes"),
    "denominator": ("分母", 10, "与分子同填：受访人数 / with the numerator: how many were asked"),
}
_DATE_FIELDS: Final = ("date", "end", "filed")
_DATE_FORMAT: Final = "yyyy-mm-dd"
_LAST_ROW: Final = 1_048_576  # validations cover whole columns without creating cells


def kind_uses(rubrics: Mapping[str, Rubric]) -> dict[str, list[str]]:
    """Kind id → the rubric items (and vetoes) it counts for, as ``[rubric] code title``.

    Read from each criterion's ``kinds`` parameter, whatever its criterion type, so
    a plugin's own types count too.
    """
    uses: dict[str, list[str]] = {}

    def add(kinds: Iterable[str], text: str) -> None:
        for kind in kinds:
            entries = uses.setdefault(kind, [])
            if text not in entries:
                entries.append(text)

    for rubric_id, rubric in rubrics.items():
        for item, criterion in rubric.criteria():
            # A criterion that counts only tagged records says so: otherwise a record
            # filed by the guide scores 0 for a reason the guide never gave (#19).
            tags = _names_of(criterion.params, "tags")
            needs = f"（须带标签 needs tag: {' / '.join(tags)}）" if tags else ""
            add(_names_of(criterion.params, "kinds"), _item_text(rubric_id, item) + needs)
        for veto in rubric.vetoes:
            add(veto.kinds, f"[{rubric_id}] 否决项 veto {veto.code} {veto.title.zh}")
    return uses


def _names_of(params: Any, key: str) -> tuple[str, ...]:
    kinds = params.get(key) if isinstance(params, Mapping) else getattr(params, key, None)
    if isinstance(kinds, str):
        return (kinds,)
    if isinstance(kinds, Iterable):
        return tuple(k for k in kinds if isinstance(k, str))
    return ()


def _item_text(rubric_id: str, item: Item) -> str:
    return f"[{rubric_id}] {item.code} {item.title.zh}"


#: The order the 类别 drop-down groups kinds in: how a campaign runs, meetings and documents
#: first, what is assessed and what disqualifies last.
CATEGORY_ORDER: Final = ("meeting", "document", "plan", "activity", "publication", "record",
                         "assessment", "summary", "violation")


def kinds_in_groups(vocabulary: Vocabulary) -> list[Any]:
    """The kinds grouped by category (会议, 文件, 方案, 活动 …), in vocabulary order within
    each: a drop-down of a hundred kinds reads as groups, not one flat list."""
    rank = {category: number for number, category in enumerate(CATEGORY_ORDER)}
    return sorted(vocabulary, key=lambda kind: rank.get(kind.category, len(rank)))


def unit_choices(units: Sequence[Unit]) -> list[str]:
    """What the 单位 drop-down offers: each unit's Chinese name, or its id where two share it."""
    names = [u.name.zh for u in units]
    return [u.name.zh if names.count(u.name.zh) == 1 else u.id for u in units]


def write_template(
    path: Path, vocabulary: Vocabulary, rubrics: Mapping[str, Rubric],
    units: Sequence[Unit] = (), tasks: Sequence[Task] = SEED_TASKS,
) -> None:
    """Write the ledger workbook to ``path`` atomically (a half-written file never shows).

    ``tasks`` are the main tasks the 任务分工 sheet lists (the campaign's, when known).
    """
    book = _build(vocabulary, rubrics, units, tasks)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".wenming-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        # mkstemp makes the file 0600; a ledger is shared like any file the user saves
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _build(vocabulary: Vocabulary, rubrics: Mapping[str, Rubric], units: Sequence[Unit],
           tasks: Sequence[Task] = SEED_TASKS) -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ledger = book.active
    ledger.title = LEDGER_SHEET
    duties = book.create_sheet(DUTY_SHEET)
    guide = book.create_sheet(INSTRUCTIONS_SHEET)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"

    kinds = kinds_in_groups(vocabulary)
    choices: dict[str, list[str]] = {
        "kind": [k.label.zh for k in kinds],
        "unit": unit_choices(units),
        "festival": [f.zh for f in FESTIVALS.values()],
    }
    # The lists sheet: one column per drop-down, a title above that is no ledger header.
    sources: dict[str, str] = {}
    for number, (field, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=f"{TEMPLATE_COLUMNS[field][0]}选项 choices")
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=number, value=value)
        if values:
            sources[field] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="DDEBF7")
    fields = list(TEMPLATE_COLUMNS)
    for number, field in enumerate(fields, start=1):
        header, width, _ = TEMPLATE_COLUMNS[field]
        cell = ledger.cell(row=1, column=number, value=header)
        cell.font = bold
        cell.fill = required_fill if field in EVIDENCE_REQUIRED else optional_fill
        cell.alignment = Alignment(horizontal="center")
        if field in EVIDENCE_REQUIRED:
            cell.comment = Comment("必填 / required", "wenming")
        letter = get_column_letter(number)
        ledger.column_dimensions[letter].width = width
        if field in _DATE_FIELDS:
            ledger.column_dimensions[letter].number_format = _DATE_FORMAT
    ledger.freeze_panes = "A2"

    def cells(field: str) -> str:
        letter = get_column_letter(fields.index(field) + 1)
        return f"{letter}2:{letter}{_LAST_ROW}"

    for field, source in sources.items():
        # a warning, not a stop: the loader also takes ids and aliases the list does not show
        check = DataValidation(type="list", formula1=source, allow_blank=True,
                               errorStyle="warning", showErrorMessage=True,
                               errorTitle="不在列表中 / not in the list",
                               error="请从下拉列表中选择 / pick a value from the list",
                               promptTitle=TEMPLATE_COLUMNS[field][0],
                               prompt="从下拉列表选择 / pick from the list", showInputMessage=True)
        check.add(cells(field))
        ledger.add_data_validation(check)
    dates = DataValidation(type="date", operator="between",
                           formula1=f"DATE({FIRST_YEAR},1,1)", formula2=f"DATE({LAST_YEAR},12,31)",
                           allow_blank=True, showErrorMessage=True,
                           errorTitle="不是日期 / not a date",
                           error="请输入日期，如 2021-02-03 / type a date such as 2021-02-03")
    for field in _DATE_FIELDS:
        dates.add(cells(field))
    ledger.add_data_validation(dates)

    _write_guide(guide, kinds, kind_uses(rubrics), bold)
    _write_duties(duties, tasks, rubrics, units, sources.get("unit"), bold)
    book.active = 0
    return book


#: The 任务分工 sheet's columns: header (the loader's first name for it), width.
_DUTY_LAYOUT: Final = (("target", 14), ("rubric", 16), ("title", 48), ("owners", 24),
                       ("person", 14))


def _write_duties(sheet: Any, tasks: Sequence[Task], rubrics: Mapping[str, Rubric],
                  units: Sequence[Unit], unit_source: str | None, bold: Any) -> None:
    """One row per main task, then one per rubric item; 责任单位 and 责任人 to fill in."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = dict(zip((u.id for u in units), unit_choices(units), strict=True))
    sheet.append(["任务分工：为每项任务或测评项填写责任单位（牵头单位在前，用 、 分隔）和责任人；"
                  "留空的由领导小组办公室负责。/ Name the responsible unit (lead first) and "
                  "person for each task or item; blank rows fall to the leading group's "
                  "office."])
    sheet["A1"].font = bold
    sheet.append([DUTY_COLUMNS[field][0] for field, _ in _DUTY_LAYOUT])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[2]:
        cell.font, cell.fill = bold, fill
    for task in tasks:
        owners = "、".join(names.get(o, o) for o in task.owners)
        sheet.append([task.id, "", f"主要任务：{task.title.zh}", owners, task.person or ""])
    for rubric_id, rubric in rubrics.items():
        for item in rubric.items():
            sheet.append([item.code, rubric_id, item.title.zh, "", ""])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=3):
        row[2].alignment = wrap
        # item codes are text ("12" and "二.2" alike): keep Excel from reading one as a number
        row[0].number_format = "@"
    for number, (_, width) in enumerate(_DUTY_LAYOUT, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A3"
    if unit_source is not None:
        owners_column = get_column_letter(1 + [f for f, _ in _DUTY_LAYOUT].index("owners"))
        check = DataValidation(type="list", formula1=unit_source, allow_blank=True,
                               errorStyle="warning", showErrorMessage=True,
                               errorTitle="不在列表中 / not in the list",
                               error="请从下拉列表中选择，或写单位编号 / pick a unit or write "
                                     "its id")
        check.add(f"{owners_column}3:{owners_column}{_LAST_ROW}")
        sheet.add_data_validation(check)


def _write_guide(sheet: Any, kinds: Sequence[Any], uses: Mapping[str, list[str]],
                 bold: Any) -> None:
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(["台账填表说明 — how to fill in the ledger"])
    sheet["A1"].font = bold
    sheet.append(["每行一条记录；表头不要改动；橙色表头为必填。/ One record per row; keep the "
                  "header; orange headers are required."])
    sheet.append([])
    sheet.append(["列 Column", "必填 Required", "填写内容 What to write"])
    for field, (header, _, what) in TEMPLATE_COLUMNS.items():
        sheet.append([header, "必填 yes" if field in EVIDENCE_REQUIRED else "选填 no", what])
    sheet.append([])
    sheet.append(["证据类别（下拉选项） Kind", "英文 English", "代码 Kind id",
                  "计入的测评项 Counts for (rubric, item)"])
    start = sheet.max_row
    for row in range(4, start + 1):
        if row in (4, start):
            for cell in sheet[row]:
                cell.font = bold
    for kind in kinds:
        counted = uses.get(kind.id, [])
        sheet.append([kind.label.zh, kind.label.en, kind.id,
                      "\n".join(counted) if counted else "（未计入已安装的测评细则）/ no "
                      "installed rubric counts it"])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for letter, width in (("A", 28), ("B", 36), ("C", 44), ("D", 60)):
        sheet.column_dimensions[letter].width = width
