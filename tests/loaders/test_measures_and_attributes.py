"""Survey results in ledgers, unit attributes in units files, the campaign's declaration date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.loaders.conftest import find, load_error, write_csv, write_jsonl
from wenming.errors import DataIssue
from wenming.loaders import load_dataset
from wenming.loaders.batch import BATCH_ROWS

SURVEY_HEADER = ["编号", "单位", "类别", "日期", "标题", "满意率(%)", "样本量", "分子", "分母"]


def _ledger(root: Path, rows: list[list[object]], name: str = "测评.csv") -> None:
    write_csv(root / "evidence" / name, [SURVEY_HEADER, *rows])


def test_survey_columns_are_read_with_chinese_headers(dataset_dir: Path) -> None:
    _ledger(dataset_dir, [
        ["S-1", "hq", "work-plan", "2021-06-30", "群众满意度测评", "92.5%", "200", "", ""],
        ["S-2", "east", "work-plan", "2021-07-01", "知晓率测评", "", "", "176", "200"],
        ["S-3", "east", "work-plan", "2021-07-02", "普通记录", "", "", "", ""],
    ])
    data = load_dataset(dataset_dir)
    first, second, plain = data.get("S-1"), data.get("S-2"), data.get("S-3")
    assert (first.rate, first.sample, first.numerator, first.denominator) == (92.5, 200, None,
                                                                             None)
    assert (second.rate, second.numerator, second.denominator) == (None, 176.0, 200.0)
    assert (plain.rate, plain.sample, plain.numerator) == (None, None, None)
    assert data.store.has_measures


def test_survey_results_in_jsonl_and_in_large_batches(dataset_dir: Path) -> None:
    # More rows than one batch: the column-wise path must keep each row's result in place.
    records: list[dict[str, object]] = [
        {"id": f"J-{i}", "unit": "hq", "kind": "work-plan", "date": "2021-03-01"}
        for i in range(BATCH_ROWS + 5)]
    records[3].update(rate=88, sample=50)
    records[BATCH_ROWS + 2].update(numerator=9, denominator=12)
    write_jsonl(dataset_dir / "evidence" / "export.jsonl", records)
    data = load_dataset(dataset_dir)
    assert data.get("J-3").rate == 88.0 and data.get("J-3").sample == 50
    assert data.get(f"J-{BATCH_ROWS + 2}").denominator == 12.0
    assert data.get("J-4").rate is None


@pytest.mark.parametrize(("row", "field", "message"), [
    (["S-1", "hq", "work-plan", "2021-06-30", "", "120", "", "", ""], "满意率(%)",
     "rate is not a percentage"),
    (["S-1", "hq", "work-plan", "2021-06-30", "", "90", "-3", "", ""], "样本量",
     "sample size must be"),
    (["S-1", "hq", "work-plan", "2021-06-30", "", "", "", "30", ""], "分母",
     "a survey needs both numerator and denominator"),
    (["S-1", "hq", "work-plan", "2021-06-30", "", "", "", "30", "0"], "分母",
     "denominator must be above zero"),
    (["S-1", "hq", "work-plan", "2021-06-30", "", "", "", "31", "30"], "分子",
     "numerator is larger than the denominator"),
])
def test_bad_survey_cells_are_located(dataset_dir: Path, row: list[object], field: str,
                                      message: str) -> None:
    _ledger(dataset_dir, [row])
    issue = find(load_error(dataset_dir), "evidence/测评.csv", 2, message)
    assert issue.field == field


def test_datasets_without_survey_columns_hash_as_before(dataset_dir: Path) -> None:
    plain = load_dataset(dataset_dir)
    assert not plain.store.has_measures
    assert plain.store.rate.size == len(plain) and plain.store.sample.strides == (0,)
    _ledger(dataset_dir, [["S-1", "hq", "work-plan", "2021-06-30", "", "90", "", "", ""]])
    assert load_dataset(dataset_dir).content_hash != plain.content_hash


UNITS_WITH_ATTRIBUTES = """\
[[unit]]
id = "hq"
name = { zh = "市生态环境局", en = "Municipal Bureau" }
kind = "bureau"
attributes = { staff = 120, volunteers = 15, window = false, "级别" = "县级" }

[[unit]]
id = "east"
name = { zh = "东区分局", en = "East Sub-bureau" }
parent = "hq"
attributes = { window = true }

[[unit]]
id = "west"
name = { zh = "西区分局", en = "West Sub-bureau" }
parent = "hq"

[[unit]]
id = "office"
name = { zh = "创建办公室", en = "Creation Office" }
parent = "hq"
"""


def test_unit_attributes_in_units_toml(dataset_dir: Path) -> None:
    (dataset_dir / "units.toml").write_text(UNITS_WITH_ATTRIBUTES, encoding="utf-8")
    units = load_dataset(dataset_dir).units
    assert dict(units["hq"].attributes) == {"staff": 120.0, "volunteers": 15.0, "window": False,
                                            "级别": "县级"}
    assert units["east"].attributes == {"window": True}
    assert units["west"].attributes == {}
    hash(units["hq"])  # units stay hashable with a mapping inside


def test_bad_unit_attributes_in_toml_are_located(dataset_dir: Path) -> None:
    text = UNITS_WITH_ATTRIBUTES.replace('attributes = { window = true }',
                                         'attributes = { window = [1, 2], "a b" = 1 }')
    (dataset_dir / "units.toml").write_text(text, encoding="utf-8")
    error = load_error(dataset_dir)
    value = find(error, "units.toml", None, "not an attribute value")
    assert value.field == "unit[2].attributes.window"
    assert value.line == 11
    name = find(error, "units.toml", None, "not an attribute name")
    assert name.value == "a b"


def test_unit_attributes_from_extra_csv_columns(dataset_dir: Path) -> None:
    (dataset_dir / "units.toml").unlink()
    write_csv(dataset_dir / "units.csv", [
        ["id", "zh", "en", "parent", "staff", "窗口", "级别"],
        ["hq", "市生态环境局", "", "", "120", "否", "县级"],
        ["east", "东区分局", "", "hq", "1,200", "是", ""],
        ["west", "西区分局", "West Sub-bureau", "hq", "", "yes", ""],
        ["office", "创建办公室", "", "hq", "", "", ""],
    ])
    warnings: list[DataIssue] = []
    units = load_dataset(dataset_dir, on_warning=warnings.append).units
    assert not [w for w in warnings if w.where == "units.csv"]  # read, not warned about
    assert units["hq"].attributes == {"staff": 120.0, "窗口": False, "级别": "县级"}
    assert units["east"].attributes == {"staff": 1200.0, "窗口": True}
    assert units["west"].attributes == {"窗口": True}
    assert units["office"].attributes == {}


def test_campaign_declaration_date(dataset_dir: Path) -> None:
    assert load_dataset(dataset_dir).campaign.declaration is None
    text = (dataset_dir / "campaign.toml").read_text(encoding="utf-8")
    (dataset_dir / "campaign.toml").write_text(
        text.replace('office = "office"', 'office = "office"\ndeclaration = 2021-12-20'),
        encoding="utf-8")
    assert load_dataset(dataset_dir).campaign.declaration == date(2021, 12, 20)
    (dataset_dir / "campaign.toml").write_text(
        text.replace('office = "office"', 'office = "office"\ndeclaration = "去年"'),
        encoding="utf-8")
    issue = find(load_error(dataset_dir), "campaign.toml", None, "not a date")
    assert issue.field == "campaign.declaration"
