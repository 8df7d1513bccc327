"""One ledger reader: a file read on its own gives what the dataset loader makes of it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.loaders.conftest import write_csv, write_valid_dataset
from wenming.dataset import Dataset
from wenming.errors import DatasetError
from wenming.loaders import LEDGER_SUFFIXES, load_dataset, load_records
from wenming.plugins import PluginHost
from wenming.reports import plan
from wenming.template import LEDGER_SHEET, LISTS_SHEET, write_template


def _empty_twin(root: Path, twin: Path) -> Dataset:
    """The same campaign and units with no ledgers, to read files against."""
    shutil.copytree(root, twin)
    shutil.rmtree(twin / "evidence")
    (twin / "evidence").mkdir()
    return load_dataset(twin)


def test_each_ledger_file_reads_as_the_dataset_loader_reads_it(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    whole = load_dataset(root)
    empty = _empty_twin(root, tmp_path / "twin")
    files = sorted(p for p in (root / "evidence").rglob("*") if p.suffix in LEDGER_SUFFIXES)
    assert {p.suffix for p in files} == {".csv", ".xlsx", ".jsonl"}
    read = [record for file in files
            for record in load_records(file, empty, name=file.relative_to(root).as_posix())]
    assert len(read) == len(whole) == 9
    assert sorted(read, key=lambda e: e.id) == sorted(whole.evidence, key=lambda e: e.id)


def test_the_planner_reads_its_records_with_the_loaders_reader() -> None:
    assert plan.load_records is load_records


def test_an_upload_is_named_by_its_own_name_not_the_saved_file(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    empty = _empty_twin(root, tmp_path / "twin")
    saved = write_csv(tmp_path / "upload-3f9a.csv", [
        ["编号", "单位", "类别", "日期", "标题"],
        ["U-1", "no-such-unit", "no-such-kind", "2021-02-30", "x"]])
    with pytest.raises(DatasetError) as caught:
        load_records(saved, empty, name="二月台账.csv", subject="the uploaded ledger")
    text = str(caught.value)
    assert "the uploaded ledger" in text and "二月台账.csv" in text
    assert "upload-3f9a" not in text
    assert "no-such-unit" in text and "2021-02-30" in text
    assert sorted((i.line, i.field) for i in caught.value.issues) == [
        (2, "单位"), (2, "日期"), (2, "类别")]


def test_a_filled_in_template_reads_back_as_records(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    empty = _empty_twin(root, tmp_path / "twin")
    host = PluginHost()
    path = tmp_path / "台账.xlsx"
    write_template(path, host.vocabulary(), host.rubrics(),
                   list(empty.units.units.values()))
    book = openpyxl.load_workbook(path)
    kind = book[LISTS_SHEET].cell(row=2, column=1).value
    book[LEDGER_SHEET].append(["T-001", "市生态环境局", kind, date(2020, 5, 6), None,
                               "成立领导小组", date(2020, 5, 8)])
    book.save(path)
    records = load_records(path, empty)
    assert [(r.id, r.unit, r.date, r.filed) for r in records] == [
        ("T-001", "hq", date(2020, 5, 6), date(2020, 5, 8))]
    assert records[0].origin is not None and records[0].origin.file == "台账.xlsx"


def test_not_a_ledger_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    empty = _empty_twin(root, tmp_path / "twin")
    with pytest.raises(DatasetError, match="unsupported ledger format") as caught:
        load_records(write_csv(tmp_path / "notes.txt", [["x"]]), empty)
    assert caught.value.issues[0].value == ".txt"
    with pytest.raises(DatasetError, match="not a file"):
        load_records(tmp_path, empty)
