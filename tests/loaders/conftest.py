"""Fixture folders for the loader tests, written into tmp_path by each test.

The units, people and records are invented. ``write_valid_dataset`` builds a
complete folder: campaign.toml, units.toml, a CSV ledger with Chinese
headers, an XLSX workbook with two ledger sheets and an instructions sheet,
and a JSONL export.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import pytest

from wenming.errors import DataIssue, DatasetError
from wenming.loaders import load_dataset

CAMPAIGN_TOML = """\
[campaign]
id = "eco-2020"
title = { zh = "创建市级文明单位", en = "Municipal civilized-unit campaign" }
level = "municipal"
applicants = ["hq", "east"]
window = "2020.04-2021.12"
office = "office"
timezone = "Asia/Shanghai"

[[phases]]
id = "preparation"
name = { zh = "前期准备", en = "Preparation" }
window = "2020.04-2020.05"
deliverables = ["成立领导小组", "work-plan"]

[[phases]]
id = "mobilisation"
name = { zh = "宣传发动", en = "Mobilisation" }
window = "2020年5月-2020年6月"
deliverables = ["mobilisation-meeting"]

[[tasks]]
id = "t01"
title = { zh = "理论学习宣传", en = "Theory study" }
owners = ["hq"]
kinds = ["中心组学习"]

[[leading_group]]
unit = "hq"
role = "组长"
person = "张明"
position = "党组书记、局长"

[[leading_group]]
unit = "office"
role = "office-director"
person = "李华"
position = "办公室主任"
"""

UNITS_TOML = """\
[[unit]]
id = "hq"
name = { zh = "市生态环境局", en = "Municipal Bureau" }
kind = "bureau"

[[unit]]
id = "east"
name = { zh = "东区分局", en = "East Sub-bureau" }
kind = "派出局"
parent = "hq"

[[unit]]
id = "west"
zh = "西区分局"
en = "West Sub-bureau"
kind = "dispatched"
parent = "市生态环境局"

[[unit]]
id = "office"
name = { zh = "创建办公室", en = "Creation Office" }
kind = "division"
parent = "hq"
"""

CSV_HEADER = ["编号", "单位", "类别", "日期", "标题", "归档日期", "金额（元）", "参与人数", "节日",
              "标签", "附件", "备注"]
CSV_ROWS = [
    ["M-001", "hq", "成立领导小组", "2020-04-10", "成立创建工作领导小组", "2020-04-15", "", "", "",
     "组织；机制", "files/lg.pdf", "任意备注"],
    ["M-002", "东区分局", "创建工作方案", "2020/4/20", "东区创建方案", "2020-04-25", "", "", "", "",
     "", ""],
    ["M-003", "west", "道德讲堂", "2020年6月3日", "道德讲堂第一讲", "2020-06-10", "1,200.50", "35",
     "", "", "", ""],
    [],
    ["M-004", "hq", "FESTIVAL-ACTIVITY", "2021.2.10", "春节慰问", "2021-02-20", "¥3000", "50",
     "春节", "节日、慰问", "", ""],
]

SHEET_HEADER = ["记录编号", "责任单位", "活动类别", "活动日期", "结束日期", "活动名称", "经费(元)",
                "人数", "节日"]


def write_csv(path: Path, rows: Iterable[Sequence[object]], *, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_jsonl(path: Path, records: Iterable[object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_valid_dataset(root: Path) -> Path:
    """A complete folder with 4 CSV + 3 XLSX (two sheets) + 2 JSONL records."""
    from datetime import datetime

    root.mkdir(parents=True, exist_ok=True)
    (root / "campaign.toml").write_text(CAMPAIGN_TOML, encoding="utf-8")
    (root / "units.toml").write_text(UNITS_TOML, encoding="utf-8")
    (root / "files").mkdir()
    (root / "files" / "lg.pdf").write_bytes(b"%PDF-1.4 leading group decision\n")
    write_csv(root / "evidence" / "2020" / "会议.csv", [CSV_HEADER, *CSV_ROWS])
    write_xlsx(root / "evidence" / "2021.xlsx", {
        "填表说明": [["本工作簿记录2021年的活动。"], ["日期请写成 2021-02-03。"]],
        "上半年": [["2021年上半年创建活动台账"], [], SHEET_HEADER,
                  ["X-001", "east", "volunteer service", datetime(2021, 3, 5), None,
                   "学雷锋志愿服务", 800, 20, "学雷锋日"],
                  ["X-002", "West Sub-bureau", "central-group-study", "2021-04-08",
                   "2021-04-09", "中心组学习", None, 12.0, None]],
        "下半年": [SHEET_HEADER,
                  ["X-003", "hq", "创建经费", "2021-07-01", None, "购置宣传展板", 5000.5, None,
                   None]],
    })
    write_jsonl(root / "evidence" / "export.jsonl", [
        {"id": "J-001", "unit": "office", "kind": "self-scoring", "date": "2021-08-20",
         "title": "逐项自评", "score": 92.5, "refs": ["一.1", "一.2"]},
        {"id": "J-002", "unit": "hq", "kind": "onsite-assessment", "date": "2021-11-30",
         "filed": "2021-12-01", "tags": ["迎检"], "attachments": []},
    ])
    return root


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    return write_valid_dataset(tmp_path / "ds")


def load_error(root: Path, **kwargs: object) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_dataset(root, **kwargs)  # type: ignore[arg-type]
    return info.value


def find(error: DatasetError, where: str, line: int | None = None,
         message: str | None = None) -> DataIssue:
    """The one issue at ``where`` (and ``line``) whose message contains ``message``."""
    found = [i for i in error.issues if i.where == where and (line is None or i.line == line)
             and (message is None or message in i.message)]
    assert len(found) == 1, f"expected one issue at {where}:{line} ({message}), got:\n{error}"
    return found[0]
