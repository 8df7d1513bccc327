"""``wenming kinds``, ``types``, ``check-rubric``, ``new-rubric`` and ``--strict-plugins``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.plugins.support import FakeDist, FakeEntryPoint, fake_entry_points, rubric_toml
from wenming.cli.main import CliState, cli
from wenming.model import EvidenceKind, Label
from wenming.plugins import PluginHost, hookimpl
from wenming.plugins.manager import DISABLE_ENV
from wenming.testing import RubricPlugin

REPO = Path(__file__).resolve().parents[2]


class RiverKinds:
    @hookimpl
    def wenming_evidence_kinds(self) -> list[EvidenceKind]:
        return [EvidenceKind("river-patrol", Label("河湖巡查", "River patrol"), "activity",
                             aliases=("巡河",))]


RIVER_RUBRIC = rubric_toml("river").replace('"leading-group-establishment"', '"巡河"')


def run(args: Sequence[str], *plugins: object) -> Result:
    state = CliState(host_factory=lambda: PluginHost(autoload=False, plugins=plugins))
    return CliRunner().invoke(cli, list(args), obj=state)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (DISABLE_ENV, "WENMING_STRICT_PLUGINS", "WENMING_LANG"):
        monkeypatch.delenv(name, raising=False)


# -- kinds -------------------------------------------------------------------------------
def test_kinds_json_names_provider_aliases_and_the_items_that_count_it() -> None:
    result = run(["kinds", "--format", "json"], RiverKinds(), RubricPlugin(RIVER_RUBRIC))
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    river = rows["river-patrol"]
    assert river["zh"] == "河湖巡查" and river["aliases"] == ["巡河"]
    assert river["used_by"] == ["river 1"]
    assert "RiverKinds" in river["provider"]
    assert rows["moral-lecture"]["provider"] == "wenming (built-in)"
    assert rows["moral-lecture"]["used_by"] == []


def test_kinds_table_in_chinese_and_only_used_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # a wide terminal: one line per kind
    result = run(["--lang", "zh", "kinds", "--used"], RiverKinds(), RubricPlugin(RIVER_RUBRIC))
    assert result.exit_code == 0, result.output
    body = result.stdout.splitlines()[2:]
    assert len(body) == 1 and body[0].split()[:2] == ["river-patrol", "河湖巡查"]


# -- types -------------------------------------------------------------------------------
def test_types_lists_parameters_with_types_and_defaults() -> None:
    result = run(["types", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    types = {t["name"]: t for t in data["types"]}
    frequency = {p["name"]: p for p in types["frequency"]["params"]}
    assert frequency["kinds"]["default"] == "required"
    assert frequency["per"]["meaning"].startswith("month")
    assert frequency["min"] == {"name": "min", "type": "int", "default": "1",
                                "meaning": "records required (per period)"}
    assert types["festivals"]["params"][1]["default"] == '["festival-activity"]'
    assert types["present"]["provider"] == "wenming (built-in)"
    assert {c["name"] for c in data["common"]} >= {"type", "points", "credit", "id"}
    table = run(["types"])
    assert "frequency — " in table.stdout and "within_days" in table.stdout


# -- check-rubric ------------------------------------------------------------------------
def check(tmp_path: Path, text: str, *extra: str) -> Result:
    path = tmp_path / "rubric.toml"
    path.write_text(text, "utf-8")
    return run(["check-rubric", str(path), *extra], RiverKinds())


def test_check_rubric_valid(tmp_path: Path) -> None:
    result = check(tmp_path, RIVER_RUBRIC)
    assert result.exit_code == 0, result.output
    assert "Rubric is valid: river 1.2.0, 1 items, total 10" in result.stdout


def test_check_rubric_gives_line_and_column_and_suggestions(tmp_path: Path) -> None:
    text = (rubric_toml("typos").replace('type = "present"', 'type = "presnt"')
            .replace("[[areas]]", "[[areas]]\nbogus = 1", 1))
    text += '\n[[bonuses]]\ncode = "加1"\ntitle = { zh = "表彰", en = "Praise" }\npoints = 2\n' \
            'criteria = [ { type = "present", points = 2, kinds = ["commendaton"] } ]\n'
    result = check(tmp_path, text)
    assert result.exit_code == 2, result.output
    err = result.stderr
    lines = text.splitlines()
    type_line = next(i for i, line in enumerate(lines, 1) if line.startswith('type = "presnt"'))
    assert f"rubric.toml:{type_line}:1 [areas[0](code 一).items[0](code 1).criteria[0].type]: " \
           "unknown criterion type (got 'presnt')" in err
    assert "did you mean / 您是否指: present" in err
    bonus_line = len(lines)
    column = lines[-1].index('"commendaton"') + 1
    assert f"rubric.toml:{bonus_line}:{column} [bonuses[0](code 加1).criteria[0].kinds]: " \
           "unknown evidence kind (got 'commendaton')" in err
    assert "kinds_from_package" in err


def test_check_rubric_json_and_toml_syntax_errors(tmp_path: Path) -> None:
    result = check(tmp_path, 'id = "x"\ntitle = { zh = "甲" \n', "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False
    (issue,) = data["issues"]
    assert (issue["line"], issue["column"]) == (2, 20)
    assert "invalid TOML" in issue["message"]


def test_check_rubric_with_a_plugin_module_not_installed(tmp_path: Path) -> None:
    module = tmp_path / "wm_river_kinds.py"
    module.write_text(
        "from wenming.model import EvidenceKind, Label\nfrom wenming.plugins import hookimpl\n"
        "@hookimpl\ndef wenming_evidence_kinds():\n"
        "    return [EvidenceKind('lake-patrol', Label('湖泊巡查', 'Lake patrol'), 'activity')]\n",
        "utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        path = tmp_path / "r.toml"
        path.write_text(rubric_toml("lake").replace('"leading-group-establishment"',
                                                    '"lake-patrol"'), "utf-8")
        without = run(["check-rubric", str(path)])
        assert without.exit_code == 2
        with_plugin = run(["check-rubric", str(path), "--plugin", "wm_river_kinds"])
        assert with_plugin.exit_code == 0, with_plugin.output
    finally:
        sys.path.remove(str(tmp_path))


# -- broken plugins and --strict-plugins --------------------------------------------------
BROKEN = rubric_toml("broken-rubric").replace("points = 10\nkinds", "points = 3\nkinds")


def test_a_broken_rubric_is_reported_once_and_the_others_are_listed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # the listing wraps to the terminal; keep one line
    result = run(["rubrics"], RubricPlugin(rubric_toml("fine")), RubricPlugin(BROKEN))
    assert result.exit_code == 0, result.output
    assert "fine" in result.stdout and "broken-rubric" not in result.stdout
    # the listing names the plugin that was left out, beside the working rubrics
    assert "broken, left out" in result.stdout
    assert result.stderr.count("is broken and was left out") == 1
    assert "points do not add up" in result.stderr
    assert "--strict-plugins" in result.stderr


def test_a_broken_rubric_is_listed_as_broken_in_json() -> None:
    result = run(["rubrics", "--format", "json"], RubricPlugin(rubric_toml("fine")),
                 RubricPlugin(BROKEN))
    assert result.exit_code == 0, result.output
    listed = {entry["status"]: entry for entry in json.loads(result.stdout)}
    assert listed["ok"]["id"] == "fine"
    assert "points do not add up" in listed["broken"]["problems"][0]["message"]


def test_strict_plugins_fails_fast() -> None:
    result = run(["--strict-plugins", "rubrics"], RubricPlugin(rubric_toml("fine")),
                 RubricPlugin(BROKEN))
    assert result.exit_code != 0
    assert "points do not add up" in result.stderr and "Traceback" not in result.output


def test_broken_entry_point_leaves_score_working(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint(
        "municipal-plan", ImportError("No module named 'lxml'"),
        FakeDist("wenming-rubric-municipal-plan", "0.1.0")))
    state = CliState(host_factory=PluginHost)
    result = CliRunner().invoke(cli, ["plugins"], obj=state)
    assert result.exit_code == 0, result.output
    assert "wenming-rubric-municipal-plan 0.1.0 (entry point 'municipal-plan')" in result.stderr
    assert "No module named 'lxml'" in result.stderr


# -- new-rubric ---------------------------------------------------------------------------
def test_new_rubric_refuses_bad_names_and_full_folders(tmp_path: Path) -> None:
    assert run(["new-rubric", "Bad_Name", str(tmp_path / "x")]).exit_code == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", "utf-8")
    result = run(["new-rubric", "ok-name", str(tmp_path / "full")])
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (tmp_path / "full" / "keep.txt").read_text("utf-8") == "mine"


@pytest.mark.slow
def test_new_rubric_installs_and_passes_its_own_tests(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    result = run(["new-rubric", "county-eco", str(package)])
    assert result.exit_code == 0, result.output
    assert (package / "src/wenming_rubric_county_eco/rubric.toml").is_file()
    site = tmp_path / "site"
    # A real install of the package as written (its build backend from the package index,
    # or pip's cache); --no-deps because wenming is already here.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(package)], capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stdout + install.stderr
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop(DISABLE_ENV, None)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=package, capture_output=True, text=True, env=env, timeout=120)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    listed = subprocess.run(
        [sys.executable, "-c", "from wenming.cli.main import main; main()", "rubrics",
         "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    providers = {r["provider"] for r in json.loads(listed.stdout)}
    assert "wenming-rubric-county-eco 0.1.0 (entry point 'county-eco')" in providers
    checked = subprocess.run(
        [sys.executable, "-c", "from wenming.cli.main import main; main()", "check-rubric",
         str(package / "src/wenming_rubric_county_eco/rubric.toml")],
        capture_output=True, text=True, env=env, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
