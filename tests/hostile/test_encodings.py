"""CSV encodings that once passed as valid (issue 27): mixed files refused, doubts shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.loaders.conftest import write_valid_dataset
from wenming.cli.main import CliState, cli
from wenming.errors import DataIssue, DatasetError
from wenming.loaders import load_dataset

LEDGER = "evidence/2020/会议.csv"
HEADER = "编号,单位,类别,日期,标题\n"


def _gbk_ledger(root: Path) -> Path:
    path = root / LEDGER
    path.write_bytes((HEADER + "G-1,hq,创建工作方案,2020-05-01,东区创建方案\n").encode("gbk"))
    return path


@pytest.mark.parametrize("title", ["党史学习教育", "学习", "道德讲堂第一讲"])
def test_a_utf8_line_appended_to_a_gbk_file_is_refused_at_its_line(tmp_path: Path,
                                                                   title: str) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    path = _gbk_ledger(root)
    appended = f"G-2,hq,创建工作方案,2020-05-02,{title}\n".encode()
    path.write_bytes(path.read_bytes() + appended)
    if len(title.encode()) % 2 == 0:  # the case that used to pass as mojibake
        appended.decode("gb18030")
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    (issue,) = [i for i in caught.value.issues if i.where == LEDGER]
    assert issue.message.startswith("this line is UTF-8 while the lines before it are "
                                    "GB18030/GBK: the file mixes two encodings")
    assert issue.line == 3 and title in str(issue.value)
    result = CliRunner().invoke(cli, ["validate", str(root)], obj=CliState())
    assert result.exit_code == 2 and "mixes two encodings" in result.output


def test_gbk_text_that_is_also_valid_utf8_is_read_as_gbk_and_says_so(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    raw = (HEADER.encode("utf-8")  # an ASCII-free header in UTF-8 would decide alone
           .replace("编号,单位,类别,日期,标题".encode(), b"id,unit,kind,date,title")
           + "G-1,hq,work-plan,2020-05-01,学习\n".encode("gbk"))
    raw.decode("utf-8")  # the premise: the GBK bytes of 学习 read as ѧϰ in UTF-8
    (root / LEDGER).write_bytes(raw)
    warnings: list[DataIssue] = []
    dataset = load_dataset(root, on_warning=warnings.append)
    assert dataset.get("G-1").title == "学习"
    (note,) = [w for w in warnings if w.where == LEDGER]
    assert note.line == 2 and "read as GBK" in note.message
    assert "学习" in note.message and "ѧϰ" in note.message  # a sample of each reading
    shown = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"],
                               obj=CliState())
    assert shown.exit_code == 0, shown.output
    assert any("read as GBK" in w["message"] for w in json.loads(shown.stdout)["warnings"])


def test_utf8_with_latin_names_stays_utf8(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "ds")
    (root / LEDGER).write_bytes(("id,unit,kind,date,title\n"
                                 "L-1,hq,work-plan,2020-05-01,José Müller 讲座\n").encode())
    warnings: list[DataIssue] = []
    dataset = load_dataset(root, on_warning=warnings.append)
    assert dataset.get("L-1").title == "José Müller 讲座"
    assert not [w for w in warnings if w.where == LEDGER]
