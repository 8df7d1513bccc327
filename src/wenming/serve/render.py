"""HTML pages: Jinja2 templates beside the HTML reports' own, autoescaped.

The serve templates extend ``base.html.j2`` and import the reports'
``macros.html.j2`` (tables, bar charts, the heat map, the rectification list),
so a scorecard looks here as it does in ``wenming score --format html``. A
report that the CLI renders as a whole page (agenda, trend, plan) is rendered
by its reporter and its ``<main>`` shown inside the served page: markup that the
reporter escaped, shown without being rebuilt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import jinja2
from markupsafe import Markup

from wenming.model.labels import Label, Lang
from wenming.reporters import safety

__all__ = ["WORDS", "page", "report_parts", "say"]

#: Every label of the served pages, in both languages.
WORDS: Final[Mapping[str, Label]] = {
    "app": Label("文明单位创建测评", "Civilized-unit campaign scoring"),
    "home": Label("概览", "Overview"),
    "setup": Label("创建设置", "Setup"),
    "ledgers": Label("台账", "Ledgers"),
    "scorecards": Label("评分", "Scorecards"),
    "gaps": Label("整改清单", "Rectification list"),
    "agenda": Label("近期到期事项", "Agenda"),
    "trend": Label("创建进度趋势", "Trend"),
    "plan": Label("达标计划", "Plan"),
    "rubrics": Label("测评细则", "Rubrics"),
    "api": Label("接口", "API"),
    "history": Label("评分历史", "History"),
    "what_if": Label("假设分析：加入一个台账文件的记录（不保存）",
                     "What if: add the records of one ledger (nothing is kept)"),
    "record_run": Label("记录本次评分", "Record this score"),
    "history_note": Label("记录保存在工作区的 .wenming/archive.sqlite 中，"
                          "命令行 wenming history 可读取同一份记录。",
                          "Runs are kept in the workspace's .wenming/archive.sqlite; "
                          "wenming history reads the same archive."),
    "run": Label("记录号", "Run"),
    "recorded": Label("记录时间（UTC）", "Recorded (UTC)"),
    "as_of": Label("评估日", "As of"),
    "unit": Label("单位", "Unit"),
    "all_units": Label("全部单位", "All units"),
    "responsible": Label("责任单位", "Responsible unit"),
    "show": Label("查看", "Show"),
    "save": Label("保存", "Save"),
    "download": Label("下载", "Download"),
    "upload": Label("上传", "Upload"),
    "problems": Label("发现的问题（工作区未作任何改动）",
                      "Problems found (the workspace was not changed)"),
    "broken": Label("工作区当前无法读取", "The workspace cannot be read as it is"),
    "campaign": Label("创建活动", "Campaign"),
    "records": Label("记录", "Records"),
    "units": Label("单位", "Units"),
    "window": Label("活动期", "Window"),
    "total": Label("得分", "Points"),
    "maximum": Label("应得满分", "Maximum due"),
    "pass_line": Label("达标线", "Pass line"),
    "verdict": Label("结论", "Verdict"),
    "item": Label("测评项目", "Item"),
    "state": Label("状态", "State"),
    "findings": Label("发现", "Findings"),
    "criteria": Label("评分条款", "Criteria"),
    "clause": Label("条文出处", "Clause"),
    "interprets": Label("解读", "Interpretation"),
    "checks": Label("检查", "Checks"),
    "required": Label("应有", "Required"),
    "found": Label("已有", "Found"),
    "due": Label("已到期", "Due"),
    "counted": Label("计入的记录", "Records counted"),
    "not_counted": Label("未计入的记录", "Records not counted"),
    "reason": Label("原因", "Reason"),
    "none": Label("无", "None"),
    "date": Label("日期", "Date"),
    "title": Label("标题", "Title"),
    "file": Label("文件", "File"),
    "kind": Label("类别", "Kind"),
    "id": Label("编号", "ID"),
    "line": Label("行", "Row/line"),
    "field": Label("列/键", "Column/key"),
    "value": Label("值", "Value"),
    "expected": Label("应为", "Expected"),
    "message": Label("问题", "Problem"),
    "drop": Label("选择或拖入台账文件（可多选：.xlsx .xls .ods .csv .jsonl）",
                  "Choose or drop ledger files (several at once: .xlsx .xls .ods .csv .jsonl)"),
    "template": Label("下载台账 Excel 模板", "Download the Excel ledger template"),
    "current_files": Label("当前读取的台账", "Ledgers read now"),
    "versions": Label("上传记录（每个版本均保留）", "Uploads (every version kept)"),
    "version": Label("版本", "Version"),
    "size": Label("大小（字节）", "Size (bytes)"),
    "uploaded": Label("上传时间（UTC）", "Uploaded (UTC)"),
    "current": Label("当前", "current"),
    "earlier": Label("旧版本", "earlier"),
    "accepted": Label("已接收并重新评分", "Accepted and re-scored"),
    "days": Label("向后天数", "Days ahead"),
    "every": Label("统计周期", "Every"),
    "by": Label("目标日", "By"),
    "target": Label("目标", "Target"),
    "endpoints": Label("接口列表", "Endpoints"),
    "method": Label("方法", "Method"),
    "path": Label("路径", "Path"),
    "access": Label("权限", "Access"),
    "what": Label("说明", "What"),
    "saved": Label("已保存", "Saved"),
    "add_row": Label("新增一行（留空则忽略）", "Add a row (left empty, it is ignored)"),
    "phases": Label("创建阶段", "Phases"),
    "tasks": Label("任务分工", "Tasks and owners"),
    "leading_group": Label("领导小组", "Leading group"),
    "counted_rubrics": Label("计分细则", "Rubrics counted"),
    "name_zh": Label("中文名称", "Name (zh)"),
    "name_en": Label("英文名称", "Name (en)"),
    "parent": Label("上级", "Parent"),
    "level": Label("级别", "Level"),
    "applicants": Label("申报单位", "Applicants"),
    "office": Label("创建办公室", "Campaign office"),
    "deliverables": Label("阶段成果（类别，逗号分隔）", "Deliverables (kinds, comma-separated)"),
    "owners": Label("责任单位（逗号分隔）", "Owners (comma-separated)"),
    "kinds": Label("类别（逗号分隔）", "Kinds (comma-separated)"),
    "role": Label("职务", "Role"),
    "person": Label("姓名", "Person"),
    "position": Label("职位", "Position"),
    "delete": Label("删除", "Delete"),
    "attributes": Label("属性（键=值，逗号分隔）", "Attributes (key=value, comma-separated)"),
    "units_csv": Label("单位表为 units.csv，请在表格软件中编辑。",
                       "The units are in units.csv; edit it in a spreadsheet."),
    "footer": Label("wenming serve · 本页不引用任何外部资源",
                    "wenming serve · this page loads nothing from outside"),
    "json": Label("本页 JSON", "This page as JSON"),
    "lang_switch": Label("English", "中文"),
}


def say(key: str, lang: Lang) -> str:
    return WORDS[key].text(lang)


def _finalize(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markup):
        return safety.clean(value)
    return value


_ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader([
        jinja2.PackageLoader("wenming.serve", "templates"),
        jinja2.PackageLoader("wenming.reporters", "templates"),
    ]),
    autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize,
    trim_blocks=True, lstrip_blocks=True)


def page(template: str, lang: Lang, **values: Any) -> str:
    """A served page: the template with the words, the language and the page's values."""
    from wenming.reporters.labels import column, title
    from wenming.scoring.states import State

    words = {key: label.text(lang) for key, label in WORDS.items()}

    def state(value: object) -> str:
        """A state (enum or its JSON value) in the reader's words."""
        try:
            return State(getattr(value, "value", value)).label.text(lang)
        except ValueError:
            return str(value)

    def verdict(value: str | None) -> str:
        from wenming.reporters.labels import verdict as verdict_label

        return verdict_label(value).text(lang) if value else "—"

    return _ENV.get_template(template).render(
        state=state, verdict=verdict,
        lang=lang, html_lang="zh-CN" if lang == "zh" else "en", w=words,
        col=lambda key: column(key, lang), title=lambda key: title(key, lang),
        text=lambda value: (value or {}).get(lang) or (value or {}).get("zh", ""), **values)


def report_parts(html: str) -> tuple[Markup, Markup]:
    """The ``<style>`` and ``<main>`` of a page a built-in HTML reporter rendered.

    Reporters escape every value, so the literal tags occur once each, from the
    reporter's own markup; anything else is refused rather than guessed at.
    """
    def between(start: str, end: str) -> str:
        first, last = html.find(start), html.rfind(end)
        if first < 0 or last < first or html.count(start) != 1 or html.count(end) != 1:
            raise ValueError(f"not a page of a built-in HTML reporter (no single {start})")
        return html[first + len(start):last]

    # Safe: the reporter's output, escaped value by value when it was built.
    return Markup(between("<style>", "</style>")), Markup(between("<main>", "</main>"))
