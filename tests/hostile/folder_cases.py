"""Hostile and careless dataset folders: links, pipes, control characters, wild dates.

Each :class:`FolderCase` writes one folder (starting from the valid fixture
of tests/loaders) and says what loading it must give: either the issues
that must be reported, each located, or the records that must be read.
tests/hostile/corpus.py merges :data:`CASES` into the hostile corpus, whose
test_corpus.py runs each through load_dataset and `wenming validate`. Cases
that need installed rubrics (waivers and overlays) live in
test_folders.py, because loading alone cannot judge them.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.cases import Case, Expect
from tests.loaders.conftest import CSV_HEADER, write_csv, write_valid_dataset

#: Records in the valid fixture folder.
VALID_RECORDS = 9


#: A folder case is a corpus case (the same fields; never heavy).
FolderCase = Case


def _valid(root: Path) -> None:
    write_valid_dataset(root)


def _ledger(path: Path, record_id: str, unit: str = "hq") -> None:
    write_csv(path, [CSV_HEADER, [record_id, unit, "道德讲堂", "2021-05-06", "讲堂", "", "", "",
                                  "", "", "", ""]])


def _outside(root: Path) -> Path:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    return outside


# -- links ------------------------------------------------------------------------------------

def _linked_subfolder_inside(root: Path) -> None:
    _valid(root)
    _ledger(root / "archive" / "2022" / "ledger.csv", "A-001")
    os.symlink(Path("..") / "archive" / "2022", root / "evidence" / "2022")


def _linked_ledger_outside(root: Path) -> None:
    _valid(root)
    _ledger(_outside(root) / "secret.csv", "S-001")
    os.symlink(_outside(root) / "secret.csv", root / "evidence" / "stolen.csv")


def _linked_subfolder_outside(root: Path) -> None:
    _valid(root)
    _ledger(_outside(root) / "more" / "ledger.csv", "S-002")
    os.symlink(_outside(root) / "more", root / "evidence" / "more")


def _linked_units_outside(root: Path) -> None:
    _valid(root)
    (root / "units.toml").rename(_outside(root) / "units.toml")
    os.symlink(_outside(root) / "units.toml", root / "units.toml")


def _linked_campaign_outside(root: Path) -> None:
    _valid(root)
    (root / "campaign.toml").rename(_outside(root) / "campaign.toml")
    os.symlink(_outside(root) / "campaign.toml", root / "campaign.toml")


def _linked_overlays_outside(root: Path) -> None:
    _valid(root)
    (_outside(root) / "overlays").mkdir()
    (_outside(root) / "overlays" / "provincial-18.toml").write_text('drop = ["1"]\n')
    os.symlink(_outside(root) / "overlays", root / "overlays")


def _link_loop(root: Path) -> None:
    _valid(root)
    os.symlink("..", root / "evidence" / "2020" / "loop")  # evidence/2020/loop -> evidence


def _same_ledger_twice(root: Path) -> None:
    _valid(root)
    os.symlink("会议.csv", root / "evidence" / "2020" / "会议-copy.csv")


def _broken_link(root: Path) -> None:
    _valid(root)
    os.symlink("gone.csv", root / "evidence" / "missing.csv")


def _fifo_ledger(root: Path) -> None:
    _valid(root)
    os.mkfifo(root / "evidence" / "pipe.csv")  # opening it for reading would block forever


LINK_CASES = (
    FolderCase("symlinked evidence subfolder inside the dataset is read",
               _linked_subfolder_inside, records=VALID_RECORDS + 1, needs=("symlink",)),
    FolderCase("ledger linked from outside is refused", _linked_ledger_outside,
               (Expect("evidence/stolen.csv", "outside the dataset folder"),),
               needs=("symlink",)),
    FolderCase("evidence subfolder linked from outside is refused", _linked_subfolder_outside,
               (Expect("evidence/more", "outside the dataset folder"),), needs=("symlink",)),
    FolderCase("units file linked from outside is refused", _linked_units_outside,
               (Expect("units.toml", "outside the dataset folder"),), only=False,
               needs=("symlink",)),
    FolderCase("campaign file linked from outside is refused", _linked_campaign_outside,
               (Expect("campaign.toml", "outside the dataset folder"),), needs=("symlink",)),
    FolderCase("overlays folder linked from outside is refused", _linked_overlays_outside,
               (Expect("overlays", "outside the dataset folder"),), needs=("symlink",)),
    FolderCase("a link loop is walked once", _link_loop, records=VALID_RECORDS,
               needs=("symlink",)),
    FolderCase("a ledger reached twice through a link is read once", _same_ledger_twice,
               records=VALID_RECORDS, needs=("symlink",)),
    FolderCase("a broken link is reported", _broken_link,
               (Expect("evidence/missing.csv", "broken link"),), needs=("symlink",)),
    FolderCase("a pipe named like a ledger is reported, not opened", _fifo_ledger,
               (Expect("evidence/pipe.csv", "not a regular file"),), needs=("fifo",)),
)


# -- campaign dates ---------------------------------------------------------------------------

def _campaign(root: Path, old: str, new: str) -> None:
    _valid(root)
    path = root / "campaign.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DATE_CASES = (
    FolderCase("campaign window to the year 9999",
               lambda r: _campaign(r, 'window = "2020.04-2021.12"', 'window = "2020.04-9999.12"'),
               (Expect("campaign.toml", "outside the supported calendar years", line=6,
                       field="campaign.window", value="2020.04-9999.12"),)),
    FolderCase("campaign window longer than ten years",
               lambda r: _campaign(r, 'window = "2020.04-2021.12"', 'window = "2020.04-2030.04"'),
               (Expect("campaign.toml", "longer than 10 years", line=6,
                       field="campaign.window"),)),
    FolderCase("phase in the year 1800",
               lambda r: _campaign(r, 'window = "2020.04-2020.05"', 'window = "1800.04-1800.05"'),
               (Expect("campaign.toml", "outside the supported calendar years", line=13,
                       field="phases[1].window", value="1800.04-1800.05"),)),
)


# -- control characters -----------------------------------------------------------------------

def _units_toml(root: Path, old: str, new: str) -> None:
    _valid(root)
    path = root / "units.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _units_csv(root: Path, rows: list[list[str]]) -> None:
    _valid(root)
    (root / "units.toml").unlink()
    write_csv(root / "units.csv", [["编号", "名称", "英文名称", "类型", "上级单位"], *rows])


_CSV_UNITS = [["hq", "市生态环境局", "Municipal Bureau", "bureau", ""],
              ["east", "东区分局", "East Sub-bureau", "派出局", "hq"],
              ["west", "西区分局", "West Sub-bureau", "派出局", "hq"],
              ["office", "创建办公室", "Creation Office", "division", "hq"]]


def _csv_with(row: int, column: int, value: str) -> list[list[str]]:
    rows = [list(r) for r in _CSV_UNITS]
    rows[row][column] = value
    return rows


CONTROL_CASES = (
    FolderCase("NUL in a unit name (units.toml, escaped)",
               lambda r: _units_toml(r, 'zh = "创建办公室"', 'zh = "创建\\u0000办公室"'),
               (Expect("units.toml", "control characters", line=21, field="unit[4].name"),)),
    FolderCase("ESC in a unit id (units.toml)",
               lambda r: _units_toml(r, 'id = "office"', 'id = "off\\u001bice"'),
               (Expect("units.toml", "control characters", line=20, field="unit[4].id"),),
               only=False),
    FolderCase("vertical tab in a unit name (units.csv)",
               lambda r: _units_csv(r, _csv_with(3, 1, "创建\v办公室")),
               (Expect("units.csv", "control characters", line=5, field="名称"),)),
    FolderCase("leading ESC in a unit id (units.csv), which stripping would hide",
               lambda r: _units_csv(r, _csv_with(3, 0, "\x1boffice")),
               (Expect("units.csv", "control characters", line=5, field="编号"),), only=False),
    FolderCase("NUL in a phase name (campaign.toml)",
               lambda r: _campaign(r, 'zh = "前期准备"', 'zh = "前期\\u0000准备"'),
               (Expect("campaign.toml", "control characters", line=12, field="phases[1].name"),)),
    FolderCase("ESC in the campaign title (campaign.toml)",
               lambda r: _campaign(r, 'zh = "创建市级文明单位"', 'zh = "\\u001b[31m创建"'),
               (Expect("campaign.toml", "control characters", line=3, field="campaign.title"),)),
    FolderCase("right-to-left override in an applicant id (campaign.toml)",
               lambda r: _campaign(r, 'applicants = ["hq", "east"]',
                                   'applicants = ["hq", "ea\\u202est"]'),
               (Expect("campaign.toml", "control characters", line=5,
                       field="campaign.applicants"),)),
)


# -- one bad unit -----------------------------------------------------------------------------

def _bad_kind_with_children(root: Path) -> None:
    """hq has a bad kind; three units name it as parent and every ledger row uses it."""
    _units_toml(root, 'kind = "bureau"', 'kind = "burea"')


def _csv_bad_kind(root: Path) -> None:
    _units_csv(root, _csv_with(0, 3, "局机关x"))


UNIT_CASES = (
    FolderCase("a bad unit kind is reported once, not once per child and record",
               _bad_kind_with_children,
               (Expect("units.toml", "unknown unit kind", line=4, field="unit[1].kind",
                       value="burea"),)),
    FolderCase("a bad unit kind in units.csv is reported once", _csv_bad_kind,
               (Expect("units.csv", "unknown unit kind", line=2, field="类型"),)),
)

CASES: tuple[FolderCase, ...] = (*LINK_CASES, *DATE_CASES, *CONTROL_CASES, *UNIT_CASES)
