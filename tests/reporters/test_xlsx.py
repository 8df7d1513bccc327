"""``xlsx``: workbooks a clerk can hand in, checked by reopening them with openpyxl."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.reports import support
from wenming.reporters import XLSX
from wenming.reporters.xlsx import sheet_name, table_workbook

_BAD = set("[]:*?/\\")


def _open(data: bytes):
    assert isinstance(data, bytes) and data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def header_row(sheet: Worksheet) -> int:
    """The table's header row: the one printed on every page and frozen above the data."""
    rows = sheet.print_title_rows
    assert rows, sheet.title
    first = int(rows.split(":")[0].strip("$"))
    assert sheet.freeze_panes == f"A{first + 1}"
    return first


def table(sheet: Worksheet) -> list[dict[str, object]]:
    top = header_row(sheet)
    header = [c.value for c in sheet[top]]
    return [dict(zip(header, [c.value for c in r], strict=True))
            for r in sheet.iter_rows(min_row=top + 1) if any(c.value is not None for c in r)]


def _block(sheet: Worksheet) -> dict[str, object]:
    return {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=header_row(sheet) - 1,
                                                values_only=True) if r[0]}


def _totals_row(sheet):
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] in ("合计", "Total"))


def test_score_workbook_sheets_are_named_by_rubric_title(score_report):
    book = _open(XLSX.render(score_report, lang="zh"))
    units = [g.unit_name.text("zh") for g in score_report.gaps.gaps]
    assert book.sheetnames == ["省级测评细则", "市级测评细则", "整改清单",
                               *dict.fromkeys(units), "待评定"]
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & _BAD


def test_score_sheet_header_block_total_and_verdict_first(score_report):
    prov = _open(XLSX.render(score_report, lang="zh"))["省级测评细则"]
    assert prov["A1"].value == "省级测评细则 (prov)" and prov["A1"].font.bold
    assert [prov["A2"].value, prov["A3"].value] == ["得分", "结论"]
    assert prov["B2"].value == 10 and prov["B2"].data_type == "n"
    assert prov["B3"].value == "未达标"
    block = _block(prov)
    assert block["满分"] == 20 and block["达标线"] == 16
    assert block["参评单位"] == "局机关 (hq)"  # the first applicant
    assert block["创建活动"] == score_report.dataset_title.text("zh")
    assert block["评估日"] == datetime(2021, 10, 15)
    assert prov["B9"].number_format == "yyyy-mm-dd"
    # The preparer signs on a line left blank for them.
    for label in ("填表人", "填表日期", "审核人"):
        row = next(r for r in prov.iter_rows(max_row=header_row(prov)) if r[0].value == label)
        assert row[1].value is None and row[1].border.bottom.style == "thin"


def test_score_sheet_print_setup_filter_and_types(score_report):
    prov = _open(XLSX.render(score_report, lang="zh"))["省级测评细则"]
    top = header_row(prov)
    headers = [c.value for c in prov[top]]
    assert headers == ["测评项目", "序号", "测评内容", "得分", "满分", "名义满分", "状态",
                       "扣分说明", "整改措施", "记录数"]
    assert all(c.font.bold for c in prov[top])
    setup = prov.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "landscape")  # 9: A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert prov.sheet_properties.pageSetUpPr.fitToPage
    assert prov.print_title_rows == f"${top}:${top}"
    items = table(prov)
    # The filter covers the items, not the totals row below them.
    assert prov.auto_filter.ref == f"A{top}:J{top + len(items) - 1}"
    item1 = next(r for r in items if r["序号"] == 1)
    assert item1["整改措施"] == "补充创建工作方案"
    item3 = next(r for r in items if r["序号"] == 3)
    assert item3["测评项目"] == "B 文化活动"
    assert (item3["得分"], item3["满分"], item3["名义满分"], item3["状态"]) == (2, 6, 6, "部分达标")
    assert "2021年春节：0/1" in str(item3["扣分说明"])
    # Numbers are numbers: codes, points and counts.
    for row in prov.iter_rows(min_row=top + 1, max_row=top + 4):
        for col in (1, 3, 4, 5, 9):
            assert row[col].data_type == "n", (row[col].coordinate, row[col].value)
    # totals: the scorecard's own numbers (10 of 20; city 5 of 20 due, 30 nominal)
    assert _totals_row(prov)[2:6] == ("未达标", 10, 20, 20)
    book = _open(XLSX.render(score_report, lang="zh"))
    assert _totals_row(book["市级测评细则"])[3:6] == (5, 20, 30)
    assert sum(r["得分"] for r in items if r["测评项目"] != "合计") == 10
    assert prov.column_dimensions["C"].width >= 20  # CJK titles counted double


def test_rectification_sheet(score_report):
    book = _open(XLSX.render(score_report, lang="zh"))
    sheet = book["整改清单"]
    body = table(sheet)
    first = body[0]
    assert first["序号"] == 1 and sheet.cell(header_row(sheet) + 1, 1).data_type == "n"
    # the office's director, named in the leading group, is the person responsible
    assert first["责任单位"] == "办公室\n主任丙" and first["单位编号"] == "office"
    assert (first["可挽回分值 省级测评细则 (prov)"], first["可挽回分值 市级测评细则 (city)"],
            first["合计可挽回"]) == (2, 10, 12)
    assert first["整改时限"] is None and first["整改类型"] == "已失分"  # Spring Festival 2021
    assert "整改措施" in first
    assert len(body) == len(score_report.gaps.gaps)
    block = _block(sheet)
    assert block["整改事项数"] == len(body) and block["整改期结束"].date() == \
        support.RECTIFICATION_END
    assert sheet.auto_filter.ref and sheet.page_setup.orientation == "landscape"


def test_one_rectification_sheet_per_responsible_unit(score_report):
    book = _open(XLSX.render(score_report, lang="zh"))
    gaps = score_report.gaps.gaps
    units = dict.fromkeys(g.unit for g in gaps)
    assert len(units) >= 2
    for unit in units:
        mine = [g for g in gaps if g.unit == unit]
        sheet = book[mine[0].unit_name.text("zh")]
        assert sheet["A1"].value.startswith("整改清单 · ")
        assert _block(sheet)["责任单位"] == f"{mine[0].unit_name.text('zh')} ({unit})"
        body = table(sheet)
        assert [r["序号"] for r in body] == [g.rank for g in mine]
        assert {r["单位编号"] for r in body} == {unit}
    assert [r["整改措施"] for r in table(book["机关党委"])] == ["补充创建工作方案"]
    assert [r["序号"] for r in table(book["办公室"])] == [1, 4]


def test_to_assess_points_are_numbers(score_report):
    sheet = _open(XLSX.render(score_report, lang="zh"))["待评定"]
    body = table(sheet)
    assert body and all(isinstance(r["涉及分值"], int | float) for r in body)
    assert all(isinstance(r["序号"], int) for r in body)


def test_english_sheet_names_and_plain_scorecards():
    book = _open(XLSX.render(support.cards(), lang="en"))
    assert book.sheetnames[:3] == ["Provincial rubric", "City rubric", "Rectification list"]
    assert book.sheetnames[-1] == "To assess"
    assert _totals_row(book["Provincial rubric"])[3] == 10


def test_comparison_and_timeline_workbooks(comparison, timeline):
    book = _open(XLSX.render(comparison, lang="en"))
    assert book.sheetnames == ["Totals", "Areas", "Evidence kinds", "Records"]
    totals = list(book["Totals"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[4], r[8]) for r in totals] == [
        ("Provincial rubric (prov)", 10, 20, 4), ("City rubric (city)", 5, 20, 6)]
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert ("prov", "B", "Culture", 4, 10, 10) in areas
    assert book["Areas"].page_setup.orientation == "landscape"
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
    assert sheet_name("Prov", ["prov"]) == "Prov (2)"
    assert sheet_name("History") != "History"
    assert sheet_name("'quoted'") == "quoted"


def test_table_workbook_keeps_its_one_table():
    book = _open(table_workbook("Items", ["a", "b"], [["x", 1]], heading="Title"))
    sheet = book["Items"]
    assert sheet["A1"].value == "Title" and [c.value for c in sheet[3]] == ["a", "b"]
    assert sheet["B4"].value == 1 and sheet.print_title_rows == "$3:$3"


# -- the rectification list a leader hands on (#19) ---------------------------
def test_gap_workbook_opens_on_its_summary(gap_list):
    book = _open(XLSX.render(gap_list, lang="zh"))
    assert book.sheetnames[0] == "汇总" and book.active.title == "汇总"
    summary = book["汇总"]
    texts = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert "按整改类型" in texts and "按测评细则" in texts and "按责任单位" in texts
    assert "省级测评细则 (prov)" in texts
    units = table(summary)
    assert sum(r["事项数"] for r in units) == len(gap_list.gaps)


def _printed_points(sheet: Worksheet) -> float:
    """The smallest font size as printed: fitted to the page width, a sheet wider than
    the page is scaled down by the ratio of the two (Excel's column width w takes
    7w + 5 pixels at the default font; a page inch is 96 pixels)."""
    top = header_row(sheet)
    columns = range(1, sheet.max_column + 1)
    pixels = sum(7 * (sheet.column_dimensions[sheet.cell(1, c).column_letter].width or 8.43) + 5
                 for c in columns)
    margins = sheet.page_margins
    printable = (11.69 - margins.left - margins.right) * 96  # A4 landscape is 11.69 in wide
    scale = min(1.0, printable / pixels)
    sizes = {sheet.cell(r, c).font.sz or 11 for r in range(top, sheet.max_row + 1)
             for c in columns}
    return min(sizes) * scale


def test_gap_sheet_prints_on_a4_landscape_at_nine_points(tmp_path):
    from datetime import date

    from wenming.loaders import load_dataset
    from wenming.plugins import PluginHost
    from wenming.reports import build_gaps
    from wenming.scoring import Scorer

    host = PluginHost()
    data = load_dataset(Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau",
                        vocabulary=host.vocabulary())
    day = date(2021, 12, 31)
    gaps = build_gaps(Scorer(host).score_all(data, as_of=day), data, day)
    assert len(gaps.rubrics) == 4
    book = _open(XLSX.render(gaps, lang="zh"))
    for name in book.sheetnames[1:]:
        sheet = book[name]
        if sheet.title == "待评定":
            continue
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth) == (9, "landscape", 1)
        assert _printed_points(sheet) >= 9, name
        top = header_row(sheet)
        headers = [c.value for c in sheet[top]]
        # rubric titles head the gain columns, not bare ids
        assert "可挽回分值 自治区级文明单位创建测评（6个方面18项） (provincial-18)" in headers
        for row in sheet.iter_rows(min_row=top + 1):
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    assert cell.alignment.wrap_text, cell.coordinate
                if isinstance(cell.value, float):
                    assert cell.number_format == "0.00", cell.coordinate
    # the values themselves keep their precision: 4.8333 stays 4.8333, shown as 4.83
    sheet = book["整改清单"]
    values = [c.value for row in sheet.iter_rows(min_row=header_row(sheet) + 1) for c in row
              if isinstance(c.value, float)]
    assert any(round(v, 2) != v for v in values)
