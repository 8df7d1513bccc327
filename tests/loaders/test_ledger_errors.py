"""Each kind of bad ledger input, with the message a clerk sees (file, row, column, value)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from tests.loaders.conftest import find, load_error, sha256, write_csv, write_jsonl, write_xlsx
from wenming.errors import DataIssue, in_lang
from wenming.loaders import load_dataset

HEAD = ["编号", "单位", "类别", "日期", "归档日期", "金额(元)", "参与人数", "节日", "附件"]
BAD = "evidence/bad.csv"


def _row(**cells: object) -> list[object]:
    values: dict[str, object] = {"编号": "B-1", "单位": "hq", "类别": "work-plan",
                                 "日期": "2020-05-01", "归档日期": "", "金额(元)": "",
                                 "参与人数": "", "节日": "", "附件": ""}
    values.update({"金额(元)" if k == "金额" else k: v for k, v in cells.items()})
    return [values[h] for h in HEAD]


def _bad_csv(root: Path, *rows: list[object]) -> None:
    write_csv(root / BAD, [HEAD, *rows])


def test_impossible_date(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(日期="2021-02-30"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("not a real date")
    assert issue.field == "日期"
    assert issue.value == "2021-02-30"
    for form in ("2021-02-03", "2021/2/3", "2021.2.3", "2021年2月3日"):
        assert form in (issue.expected or "")
    text = str(issue)
    assert text.startswith("evidence/bad.csv:2 [日期]: not a real date")
    assert "'2021-02-30'" in text


@pytest.mark.parametrize("written", ["2021/2/30", "2021年2月29日", "2021.13.1"])
def test_impossible_date_in_other_forms(dataset_dir: Path, written: str) -> None:
    _bad_csv(dataset_dir, _row(日期=written))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("not a real date")
    assert issue.value == written


@pytest.mark.parametrize("written", ["2020.1", "2020.10", "44230"])
def test_number_in_a_csv_date_column(dataset_dir: Path, written: str) -> None:
    _bad_csv(dataset_dir, _row(日期=written))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert "a spreadsheet probably converted the date to a number" in issue.message
    assert "format the column as text" in (issue.expected or "")
    assert issue.value == written


@pytest.mark.parametrize("cell", [2020.1, 44230, 44230.5])
def test_number_in_an_xlsx_date_column(dataset_dir: Path, cell: object) -> None:
    write_xlsx(dataset_dir / "evidence" / "num.xlsx", {
        "台账": [["编号", "单位", "类别", "日期"], ["N-1", "hq", "work-plan", cell]]})
    issue = find(load_error(dataset_dir), "evidence/num.xlsx[台账]", 2)
    assert "a spreadsheet probably converted the date to a number" in issue.message
    assert "format the column as text" in (issue.expected or "")
    assert issue.value == cell
    assert issue.field == "日期"


def test_xlsx_time_only_cell(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "t.xlsx", {
        "台账": [["编号", "单位", "类别", "日期"], ["N-1", "hq", "work-plan", time(9, 30)]]})
    issue = find(load_error(dataset_dir), "evidence/t.xlsx[台账]", 2)
    assert issue.message.startswith("a time of day, not a date")


def test_xlsx_datetime_is_taken_as_its_day(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "dt.xlsx", {
        "台账": [["编号", "单位", "类别", "日期", "归档日期"],
               ["D-1", "hq", "work-plan", datetime(2020, 5, 3, 14, 30), datetime(2020, 5, 4)]]})
    record = load_dataset(dataset_dir).get("D-1")
    assert (record.date.isoformat(), str(record.filed)) == ("2020-05-03", "2020-05-04")
    assert type(record.date).__name__ == "date"


def test_date_with_time_in_text(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(日期="2020-05-03 00:00:00"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("a date with a time of day")


def test_unreadable_date(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(日期="五月初"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("not a date")
    assert issue.value == "五月初"


@pytest.mark.parametrize("column", ["编号", "单位", "类别", "日期"])
def test_empty_required_cell(dataset_dir: Path, column: str) -> None:
    _bad_csv(dataset_dir, _row(**{column: "  "}))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("required cell is empty")
    assert issue.field == column
    assert issue.value is None


def test_empty_required_cell_in_xlsx(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "e.xlsx", {
        "台账": [["编号", "单位", "类别", "日期"], ["E-1", None, "work-plan", "2020-05-01"]]})
    issue = find(load_error(dataset_dir), "evidence/e.xlsx[台账]", 2)
    assert issue.message.startswith("required cell is empty")
    assert issue.field == "单位"


def test_duplicate_id_across_files_names_both(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "dup.xlsx", {
        "第二本": [["编号", "单位", "类别", "日期"], [None], ["M-003", "hq", "work-plan",
                                                     "2020-05-01"]]})
    error = load_error(dataset_dir)
    issue = find(error, "evidence/dup.xlsx[第二本]", 3)
    assert in_lang(issue.message, "en") == "duplicate evidence id"
    assert issue.value == "M-003"
    assert issue.field == "编号"  # the header as written, not the field's English name
    assert "evidence/2020/会议.csv:4" in (issue.expected or "")
    assert len(error.issues) == 1


def test_evidence_for_an_unknown_unit(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(单位="东区分居"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("evidence for an unknown unit")
    assert issue.value == "东区分居"
    assert issue.field == "单位"
    assert "east (东区分局)" in (issue.expected or "")  # a close match is suggested


def test_ambiguous_unit_name(dataset_dir: Path) -> None:
    units = (dataset_dir / "units.toml").read_text(encoding="utf-8")
    (dataset_dir / "units.toml").write_text(
        units + '\n[[unit]]\nid = "east2"\nname = { zh = "东区分局", en = "East 2" }\n'
        'parent = "hq"\n', encoding="utf-8")
    error = load_error(dataset_dir)
    issue = find(error, "evidence/2020/会议.csv", 3)
    assert issue.message.startswith("ambiguous unit name")
    assert "east" in (issue.expected or "") and "east2" in (issue.expected or "")


@pytest.mark.parametrize("written", ["一千元", "12,5x", "1,20", "¥", "1200 dollars"])
def test_amount_that_is_not_a_number(dataset_dir: Path, written: str) -> None:
    _bad_csv(dataset_dir, _row(金额=written))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("amount is not a number")
    assert issue.field == "金额(元)"
    assert issue.value == written
    assert "1,200.50" in (issue.expected or "")


def test_negative_amount(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(金额="-50"))
    assert find(load_error(dataset_dir), BAD, 2).message.startswith("amount must not be negative")


@pytest.mark.parametrize(("written", "expected"), [
    ("1,200.50", 1200.5), ("¥1200", 1200.0), ("1200元", 1200.0), ("￥1,000,000", 1e6),
    ("RMB 88.8", 88.8), ("０", 0.0)])
def test_amount_forms(dataset_dir: Path, written: str, expected: float) -> None:
    _bad_csv(dataset_dir, _row(金额=written))
    assert load_dataset(dataset_dir).get("B-1").amount == pytest.approx(expected)


@pytest.mark.parametrize("written", ["-3", "2.5", "三十", "30 people"])
def test_participants_must_be_a_whole_number(dataset_dir: Path, written: str) -> None:
    _bad_csv(dataset_dir, _row(参与人数=written))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("participants must be a non-negative whole number")
    assert issue.value == written
    assert issue.field == "参与人数"


def test_participants_from_xlsx_float(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "p.xlsx", {
        "S": [["编号", "单位", "类别", "日期", "人数"],
              ["P-1", "hq", "work-plan", "2020-05-01", 7.5],
              ["P-2", "hq", "work-plan", "2020-05-01", 8.0]]})
    error = load_error(dataset_dir)
    assert find(error, "evidence/p.xlsx[S]", 2).value == 7.5
    assert len(error.issues) == 1


def test_unknown_kind_suggests_close_ones(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(类别="道德讲坛"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("unknown evidence kind")
    assert issue.value == "道德讲坛"
    assert issue.field == "类别"
    assert "did you mean" in (issue.expected or "")
    assert "moral-lecture (道德讲堂)" in (issue.expected or "")


def test_kind_by_alias_and_english_label(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(类别="我们的节日"), _row(编号="B-2", 类别="Creation work plan"))
    dataset = load_dataset(dataset_dir)
    assert dataset.get("B-1").kind == "festival-activity"
    assert dataset.get("B-2").kind == "work-plan"


def test_filed_before_the_effective_date(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(日期="2020-05-10", 归档日期="2020-05-09"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("filed before the effective date")
    assert issue.field == "归档日期"
    assert issue.value == "2020-05-09"
    assert "2020-05-10" in (issue.expected or "")


def test_end_before_start_is_reported_with_its_row(dataset_dir: Path) -> None:
    write_csv(dataset_dir / BAD, [["编号", "单位", "类别", "日期", "结束日期"],
                                  ["B-1", "hq", "work-plan", "2020-05-10", "2020-05-01"]])
    issue = find(load_error(dataset_dir), BAD, 2)
    assert in_lang(issue.message, "en") == "end date is before the start date"


def test_unknown_festival(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(节日="端五"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("unknown festival")
    assert issue.value == "端五"
    assert "端午" in (issue.expected or "")


def test_missing_required_column_is_one_issue(dataset_dir: Path) -> None:
    write_csv(dataset_dir / BAD, [["编号", "单位", "活动名称", "金额"],
                                  ["B-1", "hq", "x", "1"], ["B-2", "hq", "y", "2"]])
    error = load_error(dataset_dir)
    assert [(i.where, i.line, i.field) for i in error.issues] == [(BAD, 1, "kind"),
                                                                   (BAD, 1, "date")]
    kind = error.issues[0]
    assert kind.message.startswith("missing required column")
    assert kind.expected == "a column headed kind, 证据类别, 活动类别, 类别 or 类型"
    assert "日期" in (error.issues[1].expected or "")


def test_repeated_header_is_reported(dataset_dir: Path) -> None:
    write_csv(dataset_dir / BAD, [["编号", "单位", "类别", "日期", "日期"],
                                  ["B-1", "hq", "work-plan", "2020-05-01", "2020-05-02"]])
    issue = find(load_error(dataset_dir), BAD, 1)
    assert issue.message.startswith("two columns have the same header")
    assert issue.value == "columns D and E"


def test_preferred_column_wins_when_two_name_a_field(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "two.csv", [
        ["序号", "编号", "单位", "类别", "日期", "内容", "活动名称"],
        ["1", "T-1", "hq", "work-plan", "2020-05-01", "详细内容……", "方案印发"]])
    record = load_dataset(dataset_dir).get("T-1")
    assert record.title == "方案印发"


def test_no_header_in_a_csv(dataset_dir: Path) -> None:
    write_csv(dataset_dir / BAD, [["a", "b"], ["1", "2"]])
    issue = find(load_error(dataset_dir), BAD)
    assert issue.message.startswith("no header row found")


def test_a_sheet_without_a_header_beside_a_ledger_is_skipped_with_one_line(
        dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "w.xlsx", {
        "README": [["How to fill in this workbook"]],
        "统计": [["合计", 3]],
        "空表": [],
        "台账": [["编号", "单位", "类别", "日期"], ["W-1", "hq", "work-plan", "2020-05-01"]]})
    warnings: list[DataIssue] = []
    dataset = load_dataset(dataset_dir, on_warning=warnings.append)
    assert any(r.id == "W-1" for r in dataset.evidence)
    skipped = [w for w in warnings if w.where == "evidence/w.xlsx" and "统计" in w.message]
    assert len(skipped) == 1 and "without a ledger header" in skipped[0].message
    assert "统计（第 1 行，1 行非空）" in in_lang(skipped[0].message, "zh")


def test_a_workbook_with_no_ledger_sheet_is_an_error_per_sheet(dataset_dir: Path) -> None:
    write_xlsx(dataset_dir / "evidence" / "w.xlsx", {
        "README": [["How to fill in this workbook"]],
        "统计": [["合计", 3]],
        "汇总": [["季度", "条数"], ["一季度", 3]]})
    error = load_error(dataset_dir)
    assert len(error.issues) == 2
    assert find(error, "evidence/w.xlsx[统计]").message.startswith("no header row found")
    assert find(error, "evidence/w.xlsx[汇总]").message.startswith("no header row found")


def test_jsonl_problems_name_their_line(dataset_dir: Path) -> None:
    path = dataset_dir / "evidence" / "bad.jsonl"
    path.write_text(
        '{"id": "J-9", "unit": "hq", "kind": "work-plan", "date": "2020-05-01"}\n'
        '\n'
        '{"id": "J-10", "unit": "hq", "kind": "work-plan", "date": "2021-02-30"}\n'
        '{"id": "J-11", "unit": "hq"\n'
        '["not", "an", "object"]\n'
        '{"id": "J-12", "unit": "hq", "kind": "work-plan", "date": 2020.1}\n',
        encoding="utf-8")
    error = load_error(dataset_dir)
    where = "evidence/bad.jsonl"
    date_issue = find(error, where, 3)
    assert date_issue.message.startswith("not a real date")
    assert date_issue.field == "date"
    assert find(error, where, 4).message.startswith("not valid JSON")
    assert find(error, where, 5).message.startswith("expected a JSON object")
    assert "spreadsheet" in find(error, where, 6).message
    assert len(error.issues) == 4


def test_jsonl_attachments_as_objects(dataset_dir: Path) -> None:
    data = (dataset_dir / "files" / "lg.pdf").read_bytes()
    write_jsonl(dataset_dir / "evidence" / "att.jsonl", [
        {"id": "J-5", "unit": "hq", "kind": "work-plan", "date": "2020-05-01",
         "attachments": [{"path": "files/lg.pdf", "sha256": sha256(data)}, "files/lg.pdf"]}])
    got = load_dataset(dataset_dir).get("J-5").attachments
    assert [a.sha256 for a in got] == [sha256(data), sha256(data)]


def test_attachment_hash_mismatch(dataset_dir: Path) -> None:
    wrong = "0" * 64
    _bad_csv(dataset_dir, _row(附件=f"files/lg.pdf#{wrong}"))
    issue = find(load_error(dataset_dir), BAD, 2)
    actual = sha256((dataset_dir / "files" / "lg.pdf").read_bytes())
    assert issue.message.startswith("attachment does not match its SHA-256")
    assert issue.value == f"files/lg.pdf#{wrong}"
    assert wrong in (issue.expected or "") and actual in (issue.expected or "")
    assert issue.field == "附件"


@pytest.mark.parametrize(("written", "message"), [
    ("files/lg.pdf#abc123", "attachment hash is not a SHA-256"),
    ("/etc/passwd", "attachment path must be relative"),
    ("C:\\archive\\a.pdf", "attachment path must be relative"),
    ("../outside.pdf", "attachment path leaves the dataset folder"),
    ("files", "attachment is not a file"),
])
def test_bad_attachment_paths(dataset_dir: Path, written: str, message: str) -> None:
    _bad_csv(dataset_dir, _row(附件=written))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith(message)
    assert issue.value == written


def test_gbk_csv_after_utf8_lines_is_reported_as_not_utf8(dataset_dir: Path) -> None:
    (dataset_dir / BAD).write_bytes("编号,单位,类别,日期\n".encode() +
                                    "G-1,hq,工作方案,2020-05-01\n".encode("gb18030"))
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("the file is not UTF-8 text")
    assert "GBK" in issue.message and "mixes two encodings" in issue.message
    assert "CSV UTF-8" in (issue.expected or "")


def test_a_broken_workbook(dataset_dir: Path) -> None:
    (dataset_dir / "evidence" / "broken.xlsx").write_bytes(b"\x00\x01\xffnot a zip file")
    issue = find(load_error(dataset_dir), "evidence/broken.xlsx")
    assert issue.message.startswith("not a readable .xlsx workbook")
    # Text with a workbook's name is called what it is.
    (dataset_dir / "evidence" / "broken.xlsx").write_bytes(b"not a zip file")
    issue = find(load_error(dataset_dir), "evidence/broken.xlsx")
    assert issue.message.startswith("this is a text file (CSV or tab-separated)")


def test_several_bad_cells_of_one_row_are_all_reported(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(单位="nobody", 类别="nothing-like-this", 日期="2021-02-30",
                               金额="x", 参与人数="-1", 节日="无"))
    error = load_error(dataset_dir)
    fields = [i.field for i in error.issues if i.where == BAD and i.line == 2]
    assert fields == ["单位", "类别", "日期", "金额(元)", "参与人数", "节日"]


def test_score_out_of_range(dataset_dir: Path) -> None:
    write_csv(dataset_dir / BAD, [["编号", "单位", "类别", "日期", "得分率"],
                                  ["S-1", "hq", "self-check", "2021-08-01", "120%"]])
    issue = find(load_error(dataset_dir), BAD, 2)
    assert issue.message.startswith("score is not a percentage")
    assert issue.value == "120%"


def test_iso_week_dates_are_not_accepted(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(日期="2021-W05-3"))
    assert find(load_error(dataset_dir), BAD, 2).message.startswith("not a date")


def test_duplicate_id_of_a_row_with_other_problems_is_reported_at_once(
        dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(编号="M-001", 日期="2020.1"),
             _row(编号="B-7", 单位="nobody"), _row(编号="B-7"))
    error = load_error(dataset_dir)
    dup = find(error, BAD, 2, "duplicate evidence id")
    assert "evidence/2020/会议.csv:2" in (dup.expected or "")
    second = find(error, BAD, 4, "duplicate evidence id")
    assert f"{BAD}:3" in (second.expected or "")
    assert dup.field == second.field == "编号"
    assert len(error.issues) == 4  # the bad date, the unknown unit and two duplicates


def test_filed_is_checked_even_when_other_cells_are_bad(dataset_dir: Path) -> None:
    _bad_csv(dataset_dir, _row(单位="nobody", 日期="2020-05-10", 归档日期="2020-05-01"))
    error = load_error(dataset_dir)
    assert [i.field for i in error.issues] == ["单位", "归档日期"]


def test_a_duplicate_is_named_by_the_header_as_written_in_each_file(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "upper.csv", [["ID", "单位", "类别", "日期"],
                                                       ["M-003", "hq", "work-plan",
                                                        "2020-05-01"]])
    issue = find(load_error(dataset_dir), "evidence/upper.csv", 2, "duplicate evidence id")
    assert issue.field == "ID"
    assert str(issue).startswith("evidence/upper.csv:2 [ID]: duplicate evidence id")


def test_a_what_if_record_already_in_the_dataset_names_its_header(dataset_dir: Path) -> None:
    from wenming.errors import DatasetError
    from wenming.loaders import load_dataset
    from wenming.loaders.ledger_file import load_records

    dataset = load_dataset(dataset_dir)
    extra = write_csv(dataset_dir.parent / "extra.csv", [["编号", "单位", "类别", "日期"],
                                                         ["M-003", "hq", "work-plan",
                                                          "2020-05-01"]])
    with pytest.raises(DatasetError) as caught:
        load_records(extra, dataset)
    (issue,) = caught.value.issues
    assert issue.field == "编号" and issue.message.startswith("evidence id already in")
