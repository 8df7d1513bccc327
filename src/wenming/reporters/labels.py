"""Bilingual labels shared by every reporter: column headers, titles, verdicts.

Reporters ask for ``column("points", lang)``; the table below is the one
place where a header's Chinese and English forms are written down.
"""

from __future__ import annotations

from typing import Final

from wenming.model.labels import Label, Lang

__all__ = ["COLUMNS", "MODELS", "TITLES", "check_lang", "column", "model_name", "number", "title",
           "verdict"]

COLUMNS: Final[dict[str, Label]] = {
    "rubric": Label("测评细则", "Rubric"),
    "version": Label("版本", "Version"),
    "model": Label("计分模型", "Scoring model"),
    "as_of": Label("评估日", "As of"),
    "total": Label("得分 / 满分（名义满分）", "Total / maximum (nominal)"),
    "verdict": Label("结论", "Verdict"),
    "overlay": Label("本地调整", "Overlay"),
    "vetoes": Label("否决项", "Vetoes"),
    "dataset": Label("创建活动", "Campaign"),
    "area": Label("测评项目", "Area"),
    "code": Label("序号", "Code"),
    "item": Label("测评内容", "Item"),
    "state": Label("状态", "State"),
    "points": Label("得分", "Points"),
    "maximum": Label("满分", "Maximum"),
    "nominal": Label("名义满分", "Nominal"),
    "findings": Label("扣分说明", "Findings"),
    "evidence": Label("记录数", "Records"),
    "rank": Label("序号", "No."),
    "what": Label("整改内容", "What is missing"),
    "where": Label("涉及条目", "Items"),
    "unit": Label("责任单位", "Responsible unit"),
    "unit_id": Label("单位编号", "Unit id"),
    "deadline": Label("整改时限", "Deadline"),
    "overdue": Label("已逾期", "Overdue"),
    "gain": Label("可挽回分值", "Recoverable points"),
    "combined": Label("合计可挽回", "Combined gain"),
    "remediation": Label("整改措施", "Remediation"),
    "action": Label("整改类型", "Row kind"),
    "placed_by": Label("责任依据", "Placed by"),
    "person": Label("责任人", "Person responsible"),
    "lost": Label("已失分值", "Points lost"),
    "recoverable": Label("可挽回分", "Recoverable"),
    "why_not": Label("未计入原因", "Why records did not count"),
    "reason": Label("原因", "Reason"),
    "at_stake": Label("涉及分值", "Points at stake"),
    "pass_line": Label("达标线", "Pass line"),
    "counted": Label("计分记录数", "Records counted"),
    "kind": Label("记录类别", "Evidence kind"),
    "record": Label("记录", "Record"),
    "rubrics": Label("计入细则", "Counted by"),
    "phase": Label("阶段", "Phase"),
    "window": Label("时间", "Window"),
    "status": Label("进度", "Status"),
    "deliverables": Label("阶段成果", "Deliverables"),
    "deliverable": Label("成果", "Deliverable"),
    "yes": Label("是", "yes"),
    "no": Label("否", "no"),
    "none": Label("无", "none"),
    "asap": Label("尽快", "as soon as possible"),
    "sum": Label("合计", "Total"),
    "share": Label("达标率", "Share met"),
}

TITLES: Final[dict[str, Label]] = {
    "score": Label("测评得分", "Score report"),
    "gaps": Label("整改清单", "Rectification list"),
    "by_unit": Label("各责任单位整改清单", "Rectification list by responsible unit"),
    "to_assess": Label("待人工评定或出错的项目", "To assess by hand or fix"),
    "compare": Label("测评细则对比", "Rubric comparison"),
    "totals": Label("总分", "Totals"),
    "areas": Label("分项得分", "Area subtotals"),
    "kinds": Label("各类记录在各细则中的达标情况", "Evidence kinds across rubrics"),
    "divergent": Label("在一套细则中达标、在另一套中未达标",
                       "Met under one rubric, short under another"),
    "single_use": Label("只被一套细则计分的记录", "Records counted by only one rubric"),
    "unused": Label("未被任何细则计分的记录", "Records no rubric counts"),
    "timeline": Label("创建阶段进度", "Campaign timeline"),
    "overdue": Label("逾期未形成的阶段成果", "Overdue deliverables"),
    "heat_map": Label("各单位达标情况", "Units × items: share of checks met"),
    "no_gaps": Label("无需整改的项目。", "Nothing to rectify."),
    "no_heat_map": Label("本细则没有按单位的检查项。", "This rubric has no per-unit checks."),
    "shared": Label("被所有细则计分的记录", "Records every rubric counts"),
}

_VERDICTS: Final[dict[str | None, Label]] = {
    "pass": Label("达标", "Pass"),
    "fail": Label("未达标", "Fail"),
    "undetermined": Label("待定（有待人工评定的项目）", "Undetermined (items need assessment)"),
    None: Label("—（无达标线）", "— (no pass line)"),
}


#: The scoring models wenming ships, by name (see :mod:`wenming.scoring.models`).
MODELS: Final[dict[str, Label]] = {
    "points": Label("计分制（各项得分相加）", "points (sum of item points)"),
    "xccdf-default": Label("加权平均制（XCCDF default）", "XCCDF default (weighted mean)"),
    "flat": Label("达标项权重合计（XCCDF flat）", "XCCDF flat (weights of met items)"),
    "flat-unweighted": Label("达标项数（XCCDF flat-unweighted）",
                             "XCCDF flat-unweighted (count of met items)"),
    "absolute": Label("全部达标制（XCCDF absolute）", "XCCDF absolute (all or nothing)"),
}


def model_name(model: str, lang: Lang) -> str:
    """A scoring model in words; a plugin's model not listed here keeps its name."""
    label = MODELS.get(model)
    return label.text(lang) if label is not None else model


def check_lang(lang: str) -> Lang:
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; expected 'zh' or 'en'")
    return "zh" if lang == "zh" else "en"


def column(key: str, lang: Lang) -> str:
    return COLUMNS[key].text(lang)


def title(key: str, lang: Lang) -> str:
    return TITLES[key].text(lang)


def verdict(value: str | None) -> Label:
    return _VERDICTS.get(value) or Label(str(value), str(value))


def number(value: float | None) -> str:
    """Points as people write them: 12, 12.5, 12.33 (never 12.000000001)."""
    if value is None:
        return "—"
    return format(round(value, 2), "g")
