"""``xlsx``: workbooks that open in openpyxl, shaped like inspectors' score sheets."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.reports import support
from wenming.reporters import XLSX
from wenming.reporters.xlsx import sheet_name


def _open(data: bytes):
    assert isinstance(data, bytes) and data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def _totals_row(sheet):
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] in ("合计", "Total"))


def test_score_workbook_sheets_and_totals(score_report):
    book = _open(XLSX.render(score_report, lang="zh"))
    assert book.sheetnames == ["prov", "city", "整改清单", "待评定"]
    prov = book["prov"]
    headers = [c.value for c in prov[4]]
    assert headers == ["测评项目", "序号", "测评内容", "得分", "满分", "名义满分", "状态",
                       "扣分说明", "记录数"]
    assert all(c.font.bold for c in prov[4])
    assert prov.freeze_panes == "A5"
    rows = list(prov.iter_rows(min_row=5, values_only=True))
    item3 = next(r for r in rows if r[1] == "3")
    assert item3[0] == "B 文化活动" and item3[3:7] == (2, 6, 6, "部分达标")
    assert "2021年春节：0/1" in item3[7]
    # totals: the scorecard's own numbers (10 of 20; city 5 of 20 due, 30 nominal)
    assert _totals_row(prov)[2:6] == ("未达标", 10, 20, 20)
    assert _totals_row(book["city"])[3:6] == (5, 20, 30)
    assert sum(r[3] for r in rows if r[1] and r[0] != "合计") == 10
    assert prov.column_dimensions["C"].width >= 20  # CJK titles counted double


def test_rectification_sheet(score_report):
    book = _open(XLSX.render(score_report, lang="zh"))
    sheet = book["整改清单"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["责任单位"] == "办公室" and first["单位编号"] == "office"
    assert (first["可挽回分值 prov"], first["可挽回分值 city"], first["合计可挽回"]) == (2, 10, 12)
    assert first["整改时限"].date() == support.RECTIFICATION_END
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + len(score_report.gaps.gaps)


def test_english_sheet_names_and_plain_scorecards():
    book = _open(XLSX.render(support.cards(), lang="en"))
    assert book.sheetnames == ["prov", "city", "Rectification list", "To assess"]
    assert _totals_row(book["prov"])[3] == 10


def test_comparison_and_timeline_workbooks(comparison, timeline):
    book = _open(XLSX.render(comparison, lang="en"))
    assert book.sheetnames == ["Totals", "Areas", "Evidence kinds", "Records"]
    totals = list(book["Totals"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[4], r[8]) for r in totals] == [
        ("Provincial rubric (prov)", 10, 20, 4), ("City rubric (city)", 5, 20, 6)]
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert ("prov", "B", "Culture", 4, 10, 10) in areas
    book = _open(XLSX.render(timeline, lang="zh"))
    rows = list(book["阶段进度"].iter_rows(min_row=2, values_only=True))
    assert ("前期准备", "2020-04-01..2020-05-31", "已结束", "创建工作方案", "逾期未形成",
            None) in rows
    assert ("前期准备", "2020-04-01..2020-05-31", "已结束", "成立创建工作领导小组", "已形成",
            "G1") in rows


def test_sheet_names_are_valid_and_unique():
    assert sheet_name("a/b:c*d?[e]") == "a-b-c-d--e-"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("prov", ["prov"]) == "prov (2)"
