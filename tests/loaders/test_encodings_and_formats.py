"""GB18030 CSV files, .xls/.xlsb/.ods workbooks and columns that are not read.

The workbooks are small committed fixtures written by fixtures/make_workbooks.py
(their writers are not dependencies); each holds a title row, a header starting at
column B, two good rows and one with a date a spreadsheet turned into a number.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.loaders.conftest import (
    CSV_HEADER,
    CSV_ROWS,
    find,
    load_error,
    write_csv,
    write_valid_dataset,
)
from wenming.dataset import Dataset
from wenming.errors import DataIssue
from wenming.loaders import load_dataset
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import EVIDENCE_COLUMNS, EVIDENCE_REQUIRED
from wenming.loaders.tables import csv_encoding, workbook_tables

FIXTURES = Path(__file__).parent / "fixtures"
LEDGER = "evidence/2020/会议.csv"


def _load(root: Path) -> tuple[Dataset, list[DataIssue]]:
    warnings: list[DataIssue] = []
    dataset = load_dataset(root, on_warning=warnings.append)
    return dataset, warnings


def _rewrite_ledger(root: Path, encoding: str) -> None:
    path = root / LEDGER
    # GBK has the full-width ￥ but not ¥ (GB18030 has both)
    path.write_bytes(path.read_text(encoding="utf-8").replace("¥", "￥").encode(encoding))


# -- GB18030 / GBK CSV ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_a_gbk_ledger_reads_as_its_utf8_twin(tmp_path: Path, encoding: str) -> None:
    utf8, _ = _load(write_valid_dataset(tmp_path / "utf8"))
    root = write_valid_dataset(tmp_path / "gbk")
    _rewrite_ledger(root, encoding)
    gbk, warnings = _load(root)
    assert [(e.id, e.title, e.unit) for e in gbk.evidence] == \
        [(e.id, e.title, e.unit) for e in utf8.evidence]
    notes = [w for w in warnings if "GB18030" in w.message]
    assert [n.where for n in notes] == [LEDGER]
    assert "按GB18030" in notes[0].message


@pytest.mark.parametrize("bom", [False, True])
def test_utf8_ledgers_get_no_encoding_note(tmp_path: Path, bom: bool) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    write_csv(root / LEDGER, [CSV_HEADER, *CSV_ROWS], bom=bom)
    dataset, warnings = _load(root)
    assert not [w for w in warnings if "GB18030" in w.message]
    assert "道德讲堂第一讲" in [e.title for e in dataset.evidence]


def test_text_valid_in_both_encodings_is_utf8(tmp_path: Path) -> None:
    # every byte string below is valid GB18030 too (as mojibake): UTF-8 must win
    file = tmp_path / "both.csv"
    text = "编号,单位\nA,道德讲堂\n"
    file.write_bytes(text.encode("utf-8"))
    text.encode("utf-8").decode("gb18030")  # the premise of the test
    assert csv_encoding(file) == "utf-8-sig"


def test_the_first_non_ascii_line_decides_even_late(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    rows = [["id", "unit", "kind", "date", "title"],
            *([f"A-{i}", "hq", "work-plan", "2020-05-01", "plain"] for i in range(3000)),
            ["A-3000", "hq", "work-plan", "2020-05-01", "东区创建方案"]]
    write_csv(root / LEDGER, rows)
    _rewrite_ledger(root, "gbk")
    assert csv_encoding(root / LEDGER) == "gb18030"
    dataset, _ = _load(root)
    assert "东区创建方案" in [e.title for e in dataset.evidence]


def test_an_ascii_file_is_utf8(tmp_path: Path) -> None:
    file = tmp_path / "a.csv"
    file.write_bytes(b"id,unit\r\nA,hq\r\n" * 10)
    assert csv_encoding(file) == "utf-8-sig"


def test_a_gbk_file_with_a_bad_byte_is_refused_at_its_physical_line(dataset_dir: Path) -> None:
    text = ("编号,单位,类别,日期,标题\n"
            'G-1,hq,工作方案,2020-05-01,"两行\n的标题"\n'      # one record, lines 2-3
            "G-2,hq,工作方案,2020-05-02,第二\n")
    (dataset_dir / LEDGER).write_bytes(text.encode("gbk") + b"G-3,hq,\xff\xff,2020-05-03,x\n")
    issue = find(load_error(dataset_dir), LEDGER)
    assert issue.message.startswith("the file is neither UTF-8 nor GB18030/GBK text")
    assert issue.line == 5
    assert issue.value == b"\xff\xff,2"


def test_a_gbk_units_file_is_read(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    (root / "units.toml").unlink()
    write_csv(root / "units.csv", [["单位编号", "单位名称", "英文名称", "上级单位"],
                                   ["hq", "市生态环境局", "Bureau", ""],
                                   ["east", "东区分局", "East", "hq"],
                                   ["west", "西区分局", "West Sub-bureau", "hq"],
                                   ["office", "创建办公室", "Office", "hq"]])
    (root / "units.csv").write_bytes((root / "units.csv").read_text(encoding="utf-8")
                                     .encode("gb18030"))
    dataset, warnings = _load(root)
    assert dataset.units["east"].name.zh == "东区分局"
    assert "units.csv" in [w.where for w in warnings]


# -- .xls, .xlsb, .ods ------------------------------------------------------------------------

FORMATS = ["xls", "xlsb", "ods"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_workbook_rows_have_openpyxl_types_and_sheet_numbers(suffix: str) -> None:
    issues = IssueCollector()
    tables = list(workbook_tables(FIXTURES / f"ledger.{suffix}", "x", EVIDENCE_COLUMNS,
                                  EVIDENCE_REQUIRED, issues))
    assert not issues and [t.sheet for t in tables] == ["台账"]  # 说明 is skipped
    table = tables[0]
    assert table.header_row == 2
    assert table.header.columns["id"] == 1  # column B
    rows = list(table.rows)
    assert [n for n, _ in rows] == [3, 4, 5]
    from datetime import date
    first, second, third = (list(r) for _, r in rows)
    assert first[:5] == [None, "W-001", "hq", "道德讲堂", date(2020, 6, 3)]
    assert first[6:8] == [1200.5, 35] and type(first[7]) is int
    assert second[1] == 7 and type(second[1]) is int and type(second[6]) is int
    assert third[4] == 44230 and third[6] is None


@pytest.mark.parametrize("suffix", FORMATS)
def test_workbook_ledgers_are_loaded_with_located_issues(dataset_dir: Path, suffix: str) -> None:
    shutil.copy(FIXTURES / f"ledger.{suffix}", dataset_dir / "evidence" / f"ledger.{suffix}")
    warnings: list[DataIssue] = []
    error = load_error(dataset_dir, on_warning=warnings.append)
    where = f"evidence/ledger.{suffix}[台账]"
    issue = find(error, where)
    assert (issue.line, issue.field, issue.value) == (5, "日期", 44230)
    assert issue.message.startswith("a number where a date belongs")
    unread = [w for w in warnings if w.where == where]
    assert [(w.line, w.field, w.value) for w in unread] == [(2, "column I", "得分")]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_broken_workbook_of_any_format(dataset_dir: Path, suffix: str) -> None:
    (dataset_dir / "evidence" / f"broken.{suffix}").write_bytes(b"\x00\x01\xffnot a workbook")
    issue = find(load_error(dataset_dir), f"evidence/broken.{suffix}")
    assert issue.message.startswith(f"not a readable .{suffix} workbook")


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_text_file_named_as_a_workbook_is_called_text(dataset_dir: Path, suffix: str) -> None:
    (dataset_dir / "evidence" / f"export.{suffix}").write_text("编号,单位\nE-1,hq\n", "gbk")
    issue = find(load_error(dataset_dir), f"evidence/export.{suffix}")
    assert issue.message.startswith(f"this is a text file (CSV or tab-separated), not a .{suffix}")
    assert "renamed to .csv" in (issue.expected or "")


def test_a_zipped_workbook_is_held_to_the_xlsx_inflation_limits(dataset_dir: Path) -> None:
    with zipfile.ZipFile(dataset_dir / "evidence" / "bomb.ods", "w",
                         zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"\0" * 4_000_000)
    issue = find(load_error(dataset_dir), "evidence/bomb.ods")
    assert "far larger inside" in issue.message


# -- columns not read -------------------------------------------------------------------------

ASSESSOR = ["编号", "单位", "类别", "日期", "标题", "得分", "关联", "备注", ""]
ROW = ["A-1", "hq", "work-plan", "2020-05-01", "方案", "3", "一.1", "", ""]


def test_unknown_columns_are_warned_with_letter_header_and_resemblance(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "assessor.csv", [ASSESSOR, ROW])
    _, warnings = _load(dataset_dir)
    found = {w.field: w for w in warnings if w.where == "evidence/assessor.csv"}
    # the blank header is no column; 备注 (column H) is kept for people, never warned about
    assert set(found) == {"column F", "column G"}
    assert found["column F"].value == "得分" and "得分率" in (found["column F"].expected or "")
    assert found["column G"].value == "关联" and "关联项" in (found["column G"].expected or "")
    assert "备注" in (found["column F"].expected or "")  # says how to keep a column for people
    assert all(w.line == 1 and "not read" in w.message for w in found.values())


def test_strict_makes_unread_columns_errors_but_not_encodings(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "assessor.csv", [ASSESSOR, ROW])
    _rewrite_ledger(dataset_dir, "gb18030")
    warnings: list[DataIssue] = []
    error = load_error(dataset_dir, strict=True, on_warning=warnings.append)
    fields = sorted(i.field or "" for i in error.issues if i.where == "evidence/assessor.csv")
    assert fields == ["column F", "column G"]  # 备注 is for people, even under --strict
    # The encoding note and the skipped instructions sheet stay notes.
    assert [w.where for w in warnings] == [LEDGER, "evidence/2021.xlsx"]
    assert warnings[1].message.startswith("sheets not read, named like instructions")


@pytest.mark.parametrize("header", ["备注", "经办人", "备注：领导批示", "# 内部核对", "Remarks"])
def test_a_column_kept_for_people_is_neither_read_nor_warned_about(dataset_dir: Path,
                                                                  header: str) -> None:
    write_csv(dataset_dir / "evidence" / "people.csv",
              [["编号", "单位", "类别", "日期", header, "得分"],
               ["P-1", "hq", "work-plan", "2020-05-01", "已报县文明办", "3"]])
    dataset, warnings = _load(dataset_dir)
    mine = [w for w in warnings if w.where == "evidence/people.csv"]
    assert [(w.field, w.value) for w in mine] == [("column F", "得分")]
    assert any(r.id == "P-1" for r in dataset.evidence)


def test_a_second_column_for_a_field_is_warned(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "two.csv", [["序号", "编号", "单位", "类别", "日期"],
                                                     ["1", "B-1", "hq", "work-plan", "2020-05-01"]])
    _, warnings = _load(dataset_dir)
    warning = next(w for w in warnings if w.where == "evidence/two.csv")
    assert (warning.field, warning.value) == ("column A", "序号")
    assert "column B (编号) is read as id" in (warning.expected or "")


def test_a_ledger_with_only_known_columns_has_no_warning(dataset_dir: Path) -> None:
    _, warnings = _load(dataset_dir)
    # the fixture's CSV has one 备注 column, kept for people: not read, not warned about
    assert [(w.where, w.value) for w in warnings] == [("evidence/2021.xlsx", None)]
    assert "填表说明 (rows 1–2, 2 non-blank)" in warnings[0].message  # the fixture's guide
