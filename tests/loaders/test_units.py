"""units.toml and units.csv."""

from __future__ import annotations

from pathlib import Path

from tests.loaders.conftest import find, load_error, write_csv
from wenming.loaders import load_dataset
from wenming.model import UnitKind

UNITS_CSV_HEADER = ["单位编号", "单位名称", "英文名称", "单位类型", "上级单位"]


def _use_csv(root: Path, rows: list[list[str]], header: list[str] = UNITS_CSV_HEADER) -> None:
    (root / "units.toml").unlink(missing_ok=True)
    write_csv(root / "units.csv", [header, *rows])


GOOD_ROWS = [
    ["hq", "市生态环境局", "Municipal Bureau", "局机关", ""],
    ["east", "东区分局", "East Sub-bureau", "派出局", "hq"],
    ["west", "西区分局", "West Sub-bureau", "dispatched", "市生态环境局"],
    ["office", "创建办公室", "", "处室", "hq"],
]


def test_units_csv_with_chinese_headers(dataset_dir: Path) -> None:
    _use_csv(dataset_dir, GOOD_ROWS)
    units = load_dataset(dataset_dir).units
    assert units["hq"].kind is UnitKind.BUREAU
    assert units["east"].parent == "hq"
    assert units["west"].parent == "hq"  # by name
    assert units["west"].name.en == "West Sub-bureau"
    assert units["office"].name.en == "创建办公室"  # no English name: the Chinese one stands in
    assert set(units.descendants("hq")) == {"hq", "east", "west", "office"}


def test_units_csv_short_headers(dataset_dir: Path) -> None:
    _use_csv(dataset_dir, GOOD_ROWS, ["编号", "名称", "英文名称", "类型", "上级"])
    assert len(load_dataset(dataset_dir).units) == 4


def test_units_csv_problems(dataset_dir: Path) -> None:
    _use_csv(dataset_dir, [*GOOD_ROWS, ["east", "东区二分局", "", "派出局", "hq"],
                           ["south", "", "", "处室", "hq"],
                           ["north", "北区分局", "", "街道", "nowhere"]])
    error = load_error(dataset_dir)
    dup = find(error, "units.csv", 6)
    assert dup.message.startswith("duplicate unit id")
    assert "line 3" in (dup.expected or "")
    assert dup.field == "单位编号"  # the header as written
    empty = find(error, "units.csv", 7)
    assert empty.message.startswith("required cell is empty")
    assert empty.field == "单位名称"
    kind = find(error, "units.csv", 8, "unknown unit kind")
    assert kind.value == "街道"


def test_unknown_parent_and_cycle(dataset_dir: Path) -> None:
    _use_csv(dataset_dir, [*GOOD_ROWS, ["north", "北区分局", "", "派出局", "nowhere"]])
    issue = find(load_error(dataset_dir), "units.csv", 6)
    assert issue.message.startswith("parent is not a known unit")
    assert issue.value == "nowhere"
    rows = [r[:] for r in GOOD_ROWS]
    rows[0][4] = "office"  # hq under office, office under hq
    _use_csv(dataset_dir, rows)
    error = load_error(dataset_dir)
    assert any("cycle" in i.message for i in error.issues)
    # the rest of the dataset is still checked against the units that were read
    assert all(i.where == "units.csv" for i in error.issues)


def test_two_units_files(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "units.csv", [UNITS_CSV_HEADER, *GOOD_ROWS])
    issue = find(load_error(dataset_dir), "units.csv")
    assert issue.message.startswith("two units files")


def test_units_toml_problems_have_lines(dataset_dir: Path) -> None:
    (dataset_dir / "units.toml").write_text(
        '[[unit]]\nid = "hq"\nname = { zh = "局", en = "HQ" }\n\n'
        '[[unit]]\nid = "east"\nkind = "planet"\nparent = "hq"\n', encoding="utf-8")
    error = load_error(dataset_dir)
    missing = find(error, "units.toml", 5, "required key is missing")
    assert missing.field == "unit[2].name"
    assert find(error, "units.toml", 7, "unknown unit kind").value == "planet"


def test_no_units_file_does_not_flood_unknown_units(dataset_dir: Path) -> None:
    (dataset_dir / "units.toml").unlink()
    error = load_error(dataset_dir)
    assert len(error.issues) == 1
    assert error.issues[0].message.startswith("the units file is missing")
