"""``wenming init`` and ``wenming template``, and what ``validate`` says about them.

Run against the installed rubrics (the bundled ones), as a user would.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.loaders.conftest import write_csv
from wenming.cli.campaign import expected_phases
from wenming.cli.main import CliState, cli
from wenming.plugins import PluginHost
from wenming.template import LEDGER_SHEET, LISTS_SHEET

MUNICIPAL_PHASES = ["preparation", "mobilisation", "full-creation", "self-check",
                    "rectification", "inspection"]


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def run(args: Sequence[str], host: PluginHost) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", *args], obj=CliState(host_factory=lambda: host))


def test_init_writes_a_folder_that_validates(tmp_path: Path, host: PluginHost) -> None:
    folder = tmp_path / "bureau"
    result = run(["init", str(folder), "--rubric", "municipal-plan"], host)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.toml", "evidence", "units.toml"]
    assert [p.name for p in (folder / "evidence").iterdir()] == ["台账.xlsx"]
    checked = run(["validate", str(folder), "--format", "json"], host)
    assert checked.exit_code == 0, checked.output
    data = json.loads(checked.stdout)
    assert data["valid"] and data["dataset"]["records"] == 0
    # Only the note that the template's instructions sheets are not read.
    assert [w["message"].split(":")[0] for w in data["warnings"]] == [
        "sheets not read, named like instructions and without a header row in their first 10 "
        "non-blank rows"]
    assert [p["id"] for p in data["dataset"]["phases"]] == MUNICIPAL_PHASES
    # the phases tile the campaign window, in order
    phases = data["dataset"]["phases"]
    assert phases[0]["start"] == data["dataset"]["campaign"]["start"]
    assert phases[-1]["end"] == data["dataset"]["campaign"]["end"]
    assert all(a["end"] < b["start"] for a, b in itertools.pairwise(phases))
    text = (folder / "campaign.toml").read_text(encoding="utf-8")
    assert 'level = "municipal"' in text
    assert 'deliverables = ["leading-group-establishment", "work-plan", "staff-consultation"]' \
        in text


def test_phases_come_from_in_phase_criteria_and_phase_windows(host: PluginHost) -> None:
    plans = expected_phases([host.rubrics()["municipal-plan"]])
    assert [p.id for p in plans] == MUNICIPAL_PHASES
    assert plans[0].name.zh == "前期准备阶段"
    assert expected_phases([host.rubrics()["provincial-18"]]) == []


def test_init_with_a_units_csv_takes_its_roots_as_applicants(tmp_path: Path,
                                                             host: PluginHost) -> None:
    units = write_csv(tmp_path / "units.csv", [
        ["单位编号", "单位名称", "上级单位"], ["hq", "市生态环境局", ""],
        ["east", "东区分局", "hq"], ["lab", "监测中心", ""]])
    units.write_bytes(units.read_text(encoding="utf-8").encode("gb18030"))  # as Excel saves it
    folder = tmp_path / "ds"
    folder.mkdir()  # an empty folder is fine
    result = run(["init", str(folder), "--units", str(units)], host)
    assert result.exit_code == 0, result.output
    assert 'applicants = ["hq", "lab"]' in (folder / "campaign.toml").read_text(encoding="utf-8")
    lists = openpyxl.load_workbook(folder / "evidence" / "台账.xlsx")[LISTS_SHEET]
    assert [lists.cell(row=r, column=2).value for r in (2, 3, 4)] == \
        ["市生态环境局", "东区分局", "监测中心"]
    checked = run(["validate", str(folder)], host)
    assert checked.exit_code == 0, checked.output
    assert "units.csv: read as GB18030" in checked.stderr


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path, host: PluginHost) -> None:
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run(["init", str(tmp_path / "ds")], host)
    assert result.exit_code == 2
    assert "not an empty folder" in result.output
    assert [p.name for p in (tmp_path / "ds").iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]  # no staging folder left behind


def test_init_refuses_an_unknown_rubric_and_a_bad_units_file(tmp_path: Path,
                                                             host: PluginHost) -> None:
    result = run(["init", str(tmp_path / "a"), "--rubric", "nope"], host)
    assert result.exit_code == 2 and "no such installed rubric: nope" in result.output
    bad = write_csv(tmp_path / "units.csv", [["单位编号", "单位名称", "上级单位"],
                                             ["hq", "局", "mars"]])
    result = run(["init", str(tmp_path / "b"), "--units", str(bad)], host)
    assert result.exit_code == 2 and "mars" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["units.csv"]


def test_template_writes_refuses_to_overwrite_and_checks_the_name(tmp_path: Path,
                                                                  host: PluginHost) -> None:
    target = tmp_path / "模板.xlsx"
    result = run(["template", "-o", str(target)], host)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book[LEDGER_SHEET]["C1"].value == "类别"
    assert book[LISTS_SHEET]["B2"].value is None  # no folder, no units to offer
    again = run(["template", "-o", str(target)], host)
    assert again.exit_code == 2 and "--force" in again.output
    assert run(["template", "-o", str(target), "--force"], host).exit_code == 0
    wrong = run(["template", "-o", str(tmp_path / "x.csv")], host)
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output


def test_template_of_a_folder_offers_its_units(tmp_path: Path, host: PluginHost) -> None:
    folder = tmp_path / "ds"
    assert run(["init", str(folder)], host).exit_code == 0
    result = run(["template", str(folder), "-o", str(tmp_path / "t.xlsx")], host)
    assert result.exit_code == 0, result.output
    assert "1 unit\n" in result.output
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")[LISTS_SHEET]["B2"].value == "本单位"


def test_validate_warns_of_columns_not_read_and_strict_refuses_them(
        tmp_path: Path, host: PluginHost) -> None:
    folder = tmp_path / "ds"
    assert run(["init", str(folder)], host).exit_code == 0
    write_csv(folder / "evidence" / "assessor.csv", [
        ["编号", "单位", "类别", "日期", "得分", "关联"],
        ["A-1", "hq", "work-plan", date.today().replace(day=1).isoformat(), "3", "一.1"]])
    result = run(["validate", str(folder)], host)
    assert result.exit_code == 0, result.output
    assert "Dataset is valid" in result.stdout
    assert ("evidence/assessor.csv:1 [column E]: a column wenming does not know is not read"
            in result.stderr)
    assert "did you mean 得分率" in result.stderr and "did you mean 关联项" in result.stderr
    strict = run(["validate", str(folder), "--strict"], host)
    assert strict.exit_code == 2
    assert "Dataset is valid" not in strict.stdout
    assert "[column F]" in strict.stderr


def test_init_follows_the_umask_like_any_file_the_user_saves(tmp_path: Path,
                                                             host: PluginHost) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        folder = tmp_path / "bureau"
        assert run(["init", str(folder), "--rubric", "municipal-plan"], host).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "evidence" / "台账.xlsx").stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "campaign.toml").stat().st_mode) == 0o644
