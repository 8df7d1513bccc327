"""Loading a complete folder, and the folder-level rules (layout, read-only, collection, cap)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from tests.loaders.conftest import (
    CSV_HEADER,
    find,
    load_error,
    sha256,
    write_csv,
    write_jsonl,
    write_valid_dataset,
    write_xlsx,
)
from wenming.calendar import DateWindow
from wenming.dataset import Dataset
from wenming.errors import DatasetError
from wenming.loaders import DATASET_LAYOUT, EVIDENCE_COLUMNS, load_dataset
from wenming.model import Role, UnitKind, Vocabulary
from wenming.model.vocabulary import base_kinds


def test_valid_folder_loads_every_format(dataset_dir: Path) -> None:
    dataset = load_dataset(dataset_dir)
    assert isinstance(dataset, Dataset)
    # 4 CSV rows (one blank row skipped), 2 + 1 XLSX rows, 2 JSONL lines
    assert len(dataset) == 9
    assert {e.id for e in dataset.evidence} == {
        "M-001", "M-002", "M-003", "M-004", "X-001", "X-002", "X-003", "J-001", "J-002"}
    assert {u.id for u in dataset.units} == {"hq", "east", "west", "office"}
    assert dataset.units["east"].kind is UnitKind.DISPATCHED  # written as 派出局
    assert dataset.units["west"].parent == "hq"  # written as the parent's name
    assert dataset.units["west"].name.en == "West Sub-bureau"
    assert dataset.root == dataset_dir


def test_campaign_is_read_in_full(dataset_dir: Path) -> None:
    campaign = load_dataset(dataset_dir).campaign
    assert campaign.id == "eco-2020"
    assert campaign.title.zh == "创建市级文明单位"
    assert campaign.level == "municipal"
    assert campaign.applicants == ("hq", "east")
    assert campaign.window == DateWindow(date(2020, 4, 1), date(2021, 12, 31))
    assert campaign.office_unit == "office"
    assert [p.id for p in campaign.phases] == ["preparation", "mobilisation"]
    prep, mob = campaign.phases
    assert prep.window == DateWindow(date(2020, 4, 1), date(2020, 5, 31))
    assert mob.window == DateWindow(date(2020, 5, 1), date(2020, 6, 30))
    # deliverables given by alias are stored as ids
    assert prep.deliverables == ("leading-group-establishment", "work-plan")
    assert campaign.tasks[0].kinds == ("central-group-study",)
    assert [(m.unit, m.role, m.person) for m in campaign.leading_group] == [
        ("hq", Role.LEADER, "张明"), ("office", Role.OFFICE_DIRECTOR, "李华")]


def test_cells_are_converted(dataset_dir: Path) -> None:
    dataset = load_dataset(dataset_dir)
    first = dataset.get("M-001")
    assert first.kind == "leading-group-establishment"  # by alias 成立领导小组
    assert first.tags == ("组织", "机制")
    assert first.filed == date(2020, 4, 15)
    assert dataset.get("M-002").unit == "east"  # by Chinese name 东区分局
    assert dataset.get("M-002").date == date(2020, 4, 20)  # 2020/4/20
    assert dataset.get("M-003").date == date(2020, 6, 3)  # 2020年6月3日
    assert dataset.get("M-003").amount == pytest.approx(1200.50)  # "1,200.50"
    assert dataset.get("M-003").participants == 35
    fourth = dataset.get("M-004")
    assert fourth.kind == "festival-activity"  # upper-case id
    assert fourth.festival == "chunjie"
    assert fourth.amount == 3000  # "¥3000"
    assert fourth.tags == ("节日", "慰问")
    x1 = dataset.get("X-001")
    assert x1.date == date(2021, 3, 5)  # an XLSX datetime cell
    assert x1.festival == "lei-feng-day"
    assert x1.kind == "volunteer-service"
    x2 = dataset.get("X-002")
    assert x2.unit == "west"  # by English name
    assert x2.end == date(2021, 4, 9)
    assert x2.participants == 12  # 12.0 in the sheet
    assert dataset.get("X-003").amount == pytest.approx(5000.5)
    j1 = dataset.get("J-001")
    assert j1.score == pytest.approx(92.5)
    assert j1.refs == ("一.1", "一.2")
    assert j1.kind == "self-scoring-sheet"


def test_origins_name_file_sheet_and_row(dataset_dir: Path) -> None:
    dataset = load_dataset(dataset_dir)
    origin = dataset.get("M-004").origin
    assert origin is not None
    # header on row 1, a blank row 5 is skipped, M-004 is the sixth row
    assert (origin.file, origin.sheet, origin.row) == ("evidence/2020/会议.csv", None, 6)
    x1 = dataset.get("X-001").origin
    assert x1 is not None
    # a title row and an empty row above the header on row 3
    assert (x1.file, x1.sheet, x1.row) == ("evidence/2021.xlsx", "上半年", 4)
    j2 = dataset.get("J-002").origin
    assert j2 is not None
    assert (j2.file, j2.row) == ("evidence/export.jsonl", 2)


def test_evidence_files_are_read_in_path_order(dataset_dir: Path) -> None:
    files = [e.origin.file for e in load_dataset(dataset_dir).evidence if e.origin]
    assert files == sorted(files)


def test_attachment_hash_is_computed(dataset_dir: Path) -> None:
    attachment, = load_dataset(dataset_dir).get("M-001").attachments
    expected = hashlib.sha256((dataset_dir / "files" / "lg.pdf").read_bytes()).hexdigest()
    assert attachment.path == "files/lg.pdf"
    assert attachment.sha256 == expected


def test_attachment_variants(dataset_dir: Path) -> None:
    data = (dataset_dir / "files" / "lg.pdf").read_bytes()
    (dataset_dir / "files" / "b.pdf").write_bytes(b"second")
    write_csv(dataset_dir / "evidence" / "att.csv", [
        ["id", "unit", "kind", "date", "attachments"],
        ["A-1", "hq", "work-plan", "2020-05-01",
         f"files/lg.pdf#{sha256(data).upper()}；files\\b.pdf; paper/archive.pdf"],
    ])
    got = load_dataset(dataset_dir).get("A-1").attachments
    assert [a.path for a in got] == ["files/lg.pdf", "files/b.pdf", "paper/archive.pdf"]
    assert got[0].sha256 == sha256(data)
    assert got[1].sha256 == sha256(b"second")
    assert got[2].sha256 is None  # not kept beside the ledgers: allowed, nothing to pin


def test_bom_csv_is_read(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "bom.csv", [
        CSV_HEADER[:4], ["B-1", "hq", "work-plan", "2020-05-06"]], bom=True)
    assert (dataset_dir / "evidence" / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_dataset(dataset_dir).get("B-1").date == date(2020, 5, 6)


def test_header_aliases_in_english_and_variants(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "evidence" / "en.csv", [
        ["ID", "Unit", "KIND", "Start Date", "end_date", "*Title", "Amount", "评分(%)",
         "Participants"],
        ["E-1", "east", "tree planting", "2021-03-12", "2021-03-13", "义务植树", "1200元", "95%",
         "30人"],
    ])
    record = load_dataset(dataset_dir).get("E-1")
    assert record.kind == "tree-planting"
    assert record.end == date(2021, 3, 13)
    assert record.title == "义务植树"
    assert record.amount == 1200
    assert record.score == 95
    assert record.participants == 30


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _all_paths(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_loading_leaves_the_folder_byte_identical(dataset_dir: Path) -> None:
    (dataset_dir / "kinds.toml").write_text(
        '[[kind]]\nid = "river-cleanup"\nzh = "河道清洁"\nen = "River clean-up"\n'
        'category = "activity"\n', encoding="utf-8")
    (dataset_dir / "waivers.toml").write_text(
        '[[waiver]]\nrubric = "r"\nitem = "1"\nby = "王芳"\nreason = "不适用"\n',
        encoding="utf-8")
    (dataset_dir / "overlays").mkdir()
    (dataset_dir / "overlays" / "r.toml").write_text("drop = ['3']\n", encoding="utf-8")
    before, paths = _snapshot(dataset_dir), _all_paths(dataset_dir)
    load_dataset(dataset_dir)
    assert _snapshot(dataset_dir) == before
    assert _all_paths(dataset_dir) == paths  # nothing created either (no lock or cache files)
    write_csv(dataset_dir / "evidence" / "bad.csv", [CSV_HEADER[:4], ["Z", "nobody", "x", "y"]])
    before, paths = _snapshot(dataset_dir), _all_paths(dataset_dir)
    with pytest.raises(DatasetError):
        load_dataset(dataset_dir)
    assert _snapshot(dataset_dir) == before
    assert _all_paths(dataset_dir) == paths


def test_every_problem_of_one_load_is_reported_together(dataset_dir: Path) -> None:
    toml = (dataset_dir / "campaign.toml").read_text(encoding="utf-8")
    (dataset_dir / "campaign.toml").write_text(
        toml.replace('window = "2020.04-2021.12"', 'window = "2020.13-2021.12"'),
        encoding="utf-8")
    write_csv(dataset_dir / "evidence" / "bad.csv", [
        [*CSV_HEADER[:4], "金额"],
        ["B-1", "hq", "work-plan", "2021-02-30", ""],
        ["B-2", "nobody", "work-plan", "2021-02-01", "一千元"],
        ["M-001", "hq", "work-plan", "2021-02-01", ""],
    ])
    error = load_error(dataset_dir)
    assert find(error, "campaign.toml", 6).field == "campaign.window"
    assert find(error, "evidence/bad.csv", 2).message.startswith("not a real date")
    assert len([i for i in error.issues if i.where == "evidence/bad.csv" and i.line == 3]) == 2
    dup = find(error, "evidence/bad.csv", 4, "duplicate evidence id")
    assert "evidence/2020/会议.csv" in (dup.expected or "")
    assert len(error.issues) == 5
    assert str(error).startswith("5 problems in the dataset at ")


def test_issues_are_capped_and_the_rest_counted(dataset_dir: Path) -> None:
    rows = [["id", "unit", "kind", "date"]] + [
        [f"C-{n}", "hq", "work-plan", "2021-02-30"] for n in range(12)]
    write_csv(dataset_dir / "evidence" / "many.csv", rows)
    error = load_error(dataset_dir, max_issues=5)
    assert len(error.issues) == 5
    assert [i.line for i in error.issues] == [2, 3, 4, 5, 6]
    assert "12 problems" in str(error)
    assert "7 more not shown" in str(error)
    assert len(load_error(dataset_dir).issues) == 12


def test_max_issues_must_be_positive(dataset_dir: Path) -> None:
    with pytest.raises(ValueError, match="max_issues"):
        load_dataset(dataset_dir, max_issues=0)


def test_missing_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    error = load_error(tmp_path / "empty")
    messages = " | ".join(str(i) for i in error.issues)
    assert "campaign.toml is missing" in messages
    assert "the units file is missing" in messages
    assert "the evidence folder is missing" in messages
    assert len(error.issues) == 3


def test_a_path_that_is_not_a_folder(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nowhere")
    assert error.issues[0].message.startswith("not a dataset folder")


def test_kinds_toml_extends_the_vocabulary(dataset_dir: Path) -> None:
    (dataset_dir / "kinds.toml").write_text(
        '[[kind]]\nid = "river-cleanup"\nzh = "河道清洁"\nen = "River clean-up"\n'
        'category = "activity"\naliases = ["清河行动"]\n', encoding="utf-8")
    write_csv(dataset_dir / "evidence" / "river.csv", [
        ["编号", "单位", "类别", "日期"], ["R-1", "east", "清河行动", "2021-05-01"]])
    dataset = load_dataset(dataset_dir)
    assert dataset.get("R-1").kind == "river-cleanup"
    assert "river-cleanup" in dataset.vocabulary.kinds
    assert "moral-lecture" in dataset.vocabulary.kinds


def test_a_given_vocabulary_is_used_and_extended(dataset_dir: Path) -> None:
    small = Vocabulary.of(k for k in base_kinds() if k.id != "moral-lecture")
    error = load_error(dataset_dir, vocabulary=small)
    issue = find(error, "evidence/2020/会议.csv", 4)
    assert issue.message.startswith("unknown evidence kind")
    assert issue.value == "道德讲堂"


def test_bad_kinds_toml_is_reported(dataset_dir: Path) -> None:
    (dataset_dir / "kinds.toml").write_text(
        '[[kind]]\nid = "x"\nzh = "道德讲堂"\nen = "X"\ncategory = "activity"\n'
        '\n[[kind]]\nid = "y"\nzh = "Y"\nen = "Y"\ncolour = "red"\n', encoding="utf-8")
    error = load_error(dataset_dir)
    assert find(error, "kinds.toml", 11).message.startswith("unknown key")
    (dataset_dir / "kinds.toml").write_text(
        '[[kind]]\nid = "x"\nzh = "道德讲堂"\nen = "X"\ncategory = "activity"\n',
        encoding="utf-8")
    error = load_error(dataset_dir)
    assert any("道德讲堂" in i.message and "moral-lecture" in i.message for i in error.issues)


def test_excel_lock_and_hidden_files_are_skipped(dataset_dir: Path) -> None:
    (dataset_dir / "evidence" / "~$2021.xlsx").write_bytes(b"lock")
    (dataset_dir / "evidence" / ".draft.csv").write_text("garbage", encoding="utf-8")
    (dataset_dir / "evidence" / "notes.txt").write_text("not a ledger", encoding="utf-8")
    assert len(load_dataset(dataset_dir)) == 9


def test_unsupported_spreadsheet_format_is_reported(dataset_dir: Path) -> None:
    (dataset_dir / "evidence" / "old.numbers").write_bytes(b"PK\x03\x04")
    issue = find(load_error(dataset_dir), "evidence/old.numbers")
    assert issue.message.startswith("unsupported ledger format")
    assert ".xlsx" in (issue.expected or "")


def test_empty_evidence_folder_is_a_valid_dataset(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    for file in (root / "evidence").rglob("*"):
        if file.is_file():
            file.unlink()
    assert len(load_dataset(root)) == 0


def test_layout_and_columns_are_documented() -> None:
    docs = Path(__file__).parents[2] / "docs" / "dataset-format.md"
    text = docs.read_text(encoding="utf-8")
    for entry in DATASET_LAYOUT:
        for part in entry.split(" | "):
            assert part.split("/")[0] in text
    for aliases in EVIDENCE_COLUMNS.values():
        for alias in aliases:
            assert alias in text, alias


def test_xlsx_and_jsonl_mixed_with_several_files(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    write_xlsx(root / "evidence" / "sub" / "more.xlsx", {
        "Sheet1": [["id", "unit", "kind", "date"], ["S-1", "east", "work-plan", "2020-05-02"]]})
    write_jsonl(root / "evidence" / "sub" / "more.jsonl",
                [{"id": "S-2", "unit": "east", "kind": "work-plan", "date": "2020-05-03"}])
    dataset = load_dataset(root)
    assert len(dataset) == 11
    assert dataset.get("S-1").origin is not None
    assert {r.id for r in dataset.records(["work-plan"], ["east"])} == {"M-002", "S-1", "S-2"}
    # .jsonl sorts before .xlsx in the same folder
    assert [e.id for e in dataset.evidence][-2:] == ["S-2", "S-1"]


def test_public_names_are_exported() -> None:
    import wenming.loaders as loaders

    for name in loaders.__all__:
        assert hasattr(loaders, name), name
    assert set(loaders.EVIDENCE_REQUIRED) == {"id", "unit", "kind", "date"}
