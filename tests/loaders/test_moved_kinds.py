"""Kind names that moved to another kind (#23): the ledger still loads, validate notes it once."""

from __future__ import annotations

from pathlib import Path

from tests.loaders.conftest import CSV_HEADER, write_csv, write_jsonl
from wenming.errors import DataIssue
from wenming.loaders import load_dataset
from wenming.model import Vocabulary
from wenming.model.vocabulary import base_kinds

LEDGER = "evidence/督查.csv"


def _row(rid: str, kind: str, day: str) -> list[str]:
    return [rid, "hq", kind, day, "督查各单位创建工作", day, "", "", "", "", "", ""]


def test_an_old_name_loads_as_its_new_kind_with_one_located_note(dataset_dir: Path) -> None:
    write_csv(dataset_dir / LEDGER, [CSV_HEADER, _row("D-1", "创建工作检查", "2021-03-02"),
                                     _row("D-2", "创建督查", "2021-03-09"),
                                     _row("D-3", "创建督查", "2021-06-09"),
                                     _row("D-4", "监督检查", "2021-09-09")])
    warnings: list[DataIssue] = []
    dataset = load_dataset(dataset_dir, on_warning=warnings.append)
    kinds = {e.id: e.kind for e in dataset.evidence if e.id.startswith("D-")}
    assert kinds == {"D-1": "creation-inspection", "D-2": "creation-supervision",
                     "D-3": "creation-supervision", "D-4": "creation-supervision"}
    notes = [w for w in warnings if w.where == LEDGER and w.value != "备注"]
    assert [(w.line, w.value, w.field) for w in notes] == [(3, "创建督查", "类别"),
                                                          (5, "监督检查", "类别")]
    assert "creation-supervision" in notes[0].message and "creation-inspection" in notes[0].message


def test_a_jsonl_export_gets_the_note_too(dataset_dir: Path) -> None:
    write_jsonl(dataset_dir / "evidence" / "督查.jsonl", [
        {"id": "J-9", "unit": "hq", "kind": "督查考评", "date": "2021-05-01"}])
    warnings: list[DataIssue] = []
    load_dataset(dataset_dir, on_warning=warnings.append)
    [note] = [w for w in warnings if w.where == "evidence/督查.jsonl"]
    assert (note.line, note.value) == (1, "督查考评")


def test_current_names_carry_no_note() -> None:
    vocabulary = Vocabulary.of(base_kinds())
    for name in ("creation-inspection", "创建工作检查", "creation-supervision", "创建工作督查"):
        assert vocabulary.moved(name) is None
    move = vocabulary.moved(" 创建督查 ")
    assert move is not None and (move.old, move.to) == ("creation-inspection",
                                                        "creation-supervision")


def test_validate_prints_the_note_and_exits_cleanly(dataset_dir: Path) -> None:
    from click.testing import CliRunner

    from wenming.cli.main import cli

    write_csv(dataset_dir / LEDGER, [CSV_HEADER, _row("D-2", "创建督查", "2021-03-09")])
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(dataset_dir)])
    assert result.exit_code == 0, result.output
    assert "创建督查" in result.output and "creation-supervision" in result.output
