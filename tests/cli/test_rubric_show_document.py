"""``rubrics show --format json`` round-trips (#24): every key of every level of each shipped
rubric's TOML is in the JSON's ``document``, with the same value."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.authors import plugin as authors_plugin
from wenming.calendar import Granularity
from wenming.cli.main import CliState, cli
from wenming.model import Label, Vocabulary
from wenming.plugins import PluginHost
from wenming.rubric.conditions import parse_condition
from wenming.rubric.document import method_id

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(ROOT.glob("rubrics/*/src/*/rubric.toml"))
AUTHORS = ROOT / "tests" / "authors" / "clauses.toml"
_LABELS = {"title", "issuer", "label", "remediation", "reason"}


def _host() -> PluginHost:
    return PluginHost(plugins=(authors_plugin,))


def _shown(rubric_id: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["rubrics", "show", rubric_id, "--format", "json"],
                                obj=CliState(host_factory=_host))
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)["document"]
    return document


def _same(key: str, written: Any, shown: Any, vocabulary: Vocabulary, path: str) -> None:
    where = f"{path}.{key}"
    if key in _LABELS:
        assert Label.of(written) == Label.of(shown), where
    elif key.endswith("kinds") and not key.endswith("unit_kinds"):
        names = [written] if isinstance(written, str) else written
        assert [vocabulary.resolve(n) for n in names] == shown, where
    elif key == "methods":
        names = [written] if isinstance(written, str) else written
        assert list(dict.fromkeys(method_id(n) for n in names)) == shown, where
    elif key in ("applies_if", "unit") and isinstance(written, str):
        text = shown["when"] if isinstance(shown, dict) else shown
        assert parse_condition(written) == parse_condition(text), where
    elif key == "per" and isinstance(written, str):
        assert Granularity.parse(written).value == shown, where
    elif key in ("refs", "tags") and isinstance(written, str):
        assert [written] == shown, where
    elif key == "code":
        assert str(written) == shown, where
    elif isinstance(written, dict):
        assert isinstance(shown, dict), where
        for inner, value in written.items():
            assert inner in shown, f"{where}.{inner} is not shown"
            _same(inner, value, shown[inner], vocabulary, where)
    elif isinstance(written, list) and written and isinstance(written[0], dict | list):
        assert isinstance(shown, list) and len(shown) == len(written), where
        for index, (a, b) in enumerate(zip(written, shown, strict=True)):
            if isinstance(a, dict):
                for inner, value in a.items():
                    assert inner in b, f"{where}[{index}].{inner} is not shown"
                    _same(inner, value, b[inner], vocabulary, f"{where}[{index}]")
            else:
                assert [float(x) for x in a] == [float(x) for x in b], where
    elif isinstance(written, int | float) and not isinstance(written, bool):
        assert float(written) == shown, where
    elif isinstance(written, list):
        assert list(written) == shown, where
    else:
        assert written == shown, where


@pytest.mark.parametrize("path", [*SHIPPED, AUTHORS], ids=lambda p: p.parent.name)
def test_the_json_shows_every_key_of_the_toml(path: Path) -> None:
    written = tomllib.loads(path.read_text("utf-8"))
    shown = _shown(written["id"])
    vocabulary = _host().vocabulary()
    for key, value in written.items():
        assert key in shown, f"{key} is not shown"
        _same(key, value, shown[key], vocabulary, "rubric")


def test_every_shipped_rubric_is_covered() -> None:
    assert len(SHIPPED) >= 4


# Each shape as the reviewer reads it, in English and Chinese.
_SHAPES = {
    "en": ["Total 70; pass line 60; bonus cap 5", "by bands: ≥95: 100%, ≥85: 60%",
           "by slope: 1 off per 1 below 10", "applies if window (else: no service window)",
           "(else: fewer than 50 staff)", "assessed by: on-site inspection",
           "deductions share the item's 6 points", "三.3.1, 三.3.2 lose 2 at most together",
           "points per record, at most 5", "deduct per record short, 1 per record",
           "Veto 否1", "subject tags: 领导班子成员", "a survey result below 60%",
           "by closing date", "refs: authors-clauses/否3", "disqualifies"],
    "zh": ["总分 70；合格线 60；加分上限 5", "按分档：≥95 得 100%", "按线性扣分",
           "适用：window（否则：无服务窗口）", "各项共用本项 6 分扣分", "合计最多扣 2 分",
           "逐条计分，最多 5 分", "每少一条扣 1 分", "否决项 否2", "按结案之日计", "取消资格"],
}


def _show(*args: str) -> str:
    result = CliRunner().invoke(cli, ["rubrics", "show", "authors-clauses", *args],
                                obj=CliState(host_factory=_host))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_shows_every_shape_and_the_vetoes(lang: str) -> None:
    text = _show("--format", "markdown", "--lang", lang)
    missing = [phrase for phrase in _SHAPES[lang] if phrase not in text]
    assert not missing


def test_the_table_and_the_workbook_show_them_too(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    monkeypatch.setenv("COLUMNS", "160")  # at 80 columns a word may break after a hyphen

    table = " ".join(_show("--lang", "en").split())  # wrapped cells, one line
    assert not [p for p in ("pass line 60", "Veto 否3", "by bands:", "disqualifies")
                if p not in table]
    target = tmp_path / "clauses.xlsx"
    _show("--format", "xlsx", "-o", str(target))
    sheet = openpyxl.load_workbook(target).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert not [p for p in ("Veto 否2", "by slope", "bonus cap 5", "lose 2 at most together")
                if p not in cells]
