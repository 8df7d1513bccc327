"""``wenming rubrics show``: a rubric criterion by criterion, traced to its clauses."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

import wenming.cli.main as cli_main
from tests.plugins.support import rubric_toml
from wenming.cli.errors import exit_code_for
from wenming.cli.main import CliState, cli
from wenming.errors import RubricError
from wenming.plugins import PluginHost
from wenming.testing import RubricPlugin, make_host

BUILT_IN = ("example", "municipal-plan", "provincial-18")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli_main.LANG_ENV, raising=False)


@pytest.fixture(scope="module")
def installed() -> PluginHost:
    host = PluginHost()
    missing = [r for r in BUILT_IN if r not in host.rubrics()]
    if missing:
        pytest.skip(f"rubric packages not installed: {missing}")
    return host


def run(args: Sequence[str], host: PluginHost, **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, list(args), obj=CliState(host_factory=lambda: host),
                              **kwargs)


def third_party(source: str = "《测试方案》二、(一)") -> PluginHost:
    text = rubric_toml("third").replace(
        'type = "present"',
        f'id = "L-1"\nsource = "{source}"\nbasis = "choice"\ninterprets = "及时"\n'
        'type = "present"')
    return make_host(RubricPlugin(text))


def test_the_example_rubric_as_a_table_in_each_language(installed: PluginHost,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # a wide terminal: one line per criterion
    zh = run(["--lang", "zh", "rubrics", "show", "example"], installed)
    assert zh.exit_code == 0, zh.output
    assert "示例测评细则 (example 0.1.0)" in zh.stdout
    assert "评分细则编号" in zh.stdout and "依据条款" in zh.stdout
    lines = zh.stdout.splitlines()
    lecture = next(line for line in lines if line.startswith("2 道德讲堂"))
    assert "2.1" in lecture and "每半年" in lecture and "细则自定" in lecture
    en = run(["rubrics", "show", "example", "--lang", "en"], installed)
    assert en.exit_code == 0, en.output
    assert "Example rubric" in en.stdout and "every half-year" in en.stdout
    assert "示例测评细则" not in en.stdout


def test_the_example_rubric_as_markdown_names_every_criterion(installed: PluginHost) -> None:
    result = run(["--lang", "en", "rubrics", "show", "example", "--format", "markdown"],
                 installed)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")][2:]
    assert [row.split(" | ")[1] for row in rows] == ["1.1", "2.1", "3.1"]
    assert "rubric choice (interprets “定期举办道德讲堂”)" in rows[1]
    assert "participants = 20" in rows[2]  # a plugin's own parameter, shown as it is written


@pytest.mark.parametrize("rubric_id", BUILT_IN)
def test_json_has_one_row_per_criterion_with_unique_ids(installed: PluginHost,
                                                        rubric_id: str) -> None:
    result = run(["rubrics", "show", rubric_id, "--format", "json"], installed)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rubric = installed.rubrics()[rubric_id]
    expected = [c.id for _, c in rubric.criteria()]
    ids = [row["id"] for row in data["criteria"]]
    assert ids == expected and len(set(ids)) == len(ids)
    assert sum(row["points"] for row in data["criteria"] if not row["bonus"]) == pytest.approx(
        rubric.total)
    assert {row["basis"] for row in data["criteria"]} <= {"seed", "choice"}
    for row in data["criteria"]:
        assert row["requirement"]["zh"] and row["requirement"]["en"]


@pytest.mark.parametrize("rubric_id", BUILT_IN)
def test_xlsx_of_each_built_in_rubric(installed: PluginHost, rubric_id: str,
                                      tmp_path: Path) -> None:
    target = tmp_path / f"{rubric_id}.xlsx"
    result = run(["--lang", "zh", "rubrics", "show", rubric_id, "--format", "xlsx", "-o",
                  str(target)], installed)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == rubric_id
    headers = [cell.value for cell in sheet[3]]
    assert headers[:3] == ["测评项目", "评分细则编号", "要求"]
    ids = [sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)]
    assert ids == [c.id for _, c in installed.rubrics()[rubric_id].criteria()]


def test_xlsx_writes_a_formula_like_source_as_text(tmp_path: Path) -> None:
    target = tmp_path / "third.xlsx"
    result = run(["rubrics", "show", "third", "--format", "xlsx", "-o", str(target)],
                 third_party("=HYPERLINK(1)"))
    assert result.exit_code == 0, result.output
    cell = openpyxl.load_workbook(target).active.cell(row=4, column=6)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_a_third_party_rubric_shows_its_trace() -> None:
    result = run(["--lang", "zh", "rubrics", "show", "third", "--format", "json"],
                 third_party())
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["criteria"]
    assert (row["id"], row["source"], row["basis"], row["interprets"]) == (
        "L-1", "《测试方案》二、(一)", "choice", "及时")
    assert row["params"]["kinds"] == ["leading-group-establishment"]


def test_rubrics_without_a_subcommand_still_lists() -> None:
    result = run(["rubrics", "--json"], third_party())
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == ["third"]


def test_an_unknown_rubric_is_a_usage_error_naming_the_installed_ones() -> None:
    result = run(["--lang", "en", "rubrics", "show", "thrid"], third_party())
    assert result.exit_code == 2
    assert "thrid" in result.stderr and "installed: third" in result.stderr


def test_xlsx_without_output_is_refused_and_an_existing_file_kept(tmp_path: Path) -> None:
    result = run(["rubrics", "show", "third", "--format", "xlsx"], third_party())
    assert result.exit_code == 2 and "--output" in result.stderr
    target = tmp_path / "kept.md"
    target.write_text("mine", encoding="utf-8")
    result = run(["rubrics", "show", "third", "--format", "markdown", "-o", str(target)],
                 third_party())
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_rubric_with_a_duplicate_criterion_id_is_refused_with_its_location() -> None:
    text = rubric_toml("dup", total=2).replace(
        'points = 2\nkinds = ["leading-group-establishment"]',
        'id = "1.a"\npoints = 1\nkinds = ["leading-group-establishment"]\n\n'
        '[[areas.items.criteria]]\nid = "1.a"\ntype = "present"\npoints = 1\n'
        'kinds = ["work-plan"]')
    # A host that leaves broken plugins out would only say the id is unknown; a strict
    # one (where the host has that switch) raises the rubric's own located error.
    strict = {"strict": True} if "strict" in inspect.signature(PluginHost).parameters else {}
    host = PluginHost(autoload=False, plugins=[RubricPlugin(text)], **strict)
    result = run(["--lang", "en", "rubrics", "show", "dup"], host)
    assert result.exit_code == exit_code_for(RubricError("dup", [])), result.output
    assert result.exit_code not in (0, 2)  # a broken installed rubric, not the user's input
    assert "items[0](code 1).criteria[1].id" in result.stderr
    assert "criterion id used twice" in result.stderr and "1.a" in result.stderr


@pytest.mark.parametrize("rubric_id", BUILT_IN)
def test_show_says_what_the_toml_says_of_each_basis_and_reading(installed: PluginHost,
                                                                 rubric_id: str) -> None:
    # #23: a reviewer reads `rubrics show`, so it must carry the TOML's trace word for word.
    result = run(["rubrics", "show", rubric_id, "--format", "json"], installed)
    assert result.exit_code == 0, result.output
    shown = {row["id"]: (row["source"], row["basis"], row["interprets"])
             for row in json.loads(result.stdout)["criteria"]}
    toml = {c.id: (c.source or item.source, c.basis, c.interprets)
            for item, c in installed.rubrics()[rubric_id].criteria()}
    assert shown == toml
    zh = run(["--lang", "zh", "rubrics", "show", rubric_id, "--format", "markdown"], installed)
    for cid, (_, basis, words) in toml.items():
        row = next(line for line in zh.stdout.splitlines() if f"| {cid} |" in line)
        assert ("细则自定" in row) is (basis == "choice"), cid
        if words:
            assert f"解释“{words}”" in row, cid


def test_one_criterion_explained_what_counts_and_what_does_not(installed: PluginHost) -> None:
    from wenming.scoring.checks import CAUSES

    result = run(["--lang", "en", "rubrics", "show", "county-example", "二.2.1"], installed)
    if result.exit_code != 0 and "county-example" not in installed.rubrics():
        pytest.skip("the county rubric is not installed")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "A record counts when it is:" in text
    assert "of the kind Volunteer service" in text and "carrying the tag 志愿服务" in text
    assert "each quarter on its own" in text
    # Every cause the explanation names is one a scorecard's reasons can give.
    named = [line.split(":")[0][2:] for line in text.split("It does not count when")[1]
             .splitlines() if line.startswith("- ")]
    assert named == ["outside-window", "unit-not-in-scope", "lacks-tag"]
    assert set(named) <= set(CAUSES)
    # Only the criterion asked for; an unknown one is refused with the ids there are.
    assert text.count("==") == 2
    bad = run(["rubrics", "show", "county-example", "九.9"], installed)
    assert bad.exit_code != 0 and "二.2.1" in bad.output and "Traceback" not in bad.output


def test_the_json_listing_says_for_each_criterion_what_counts(installed: PluginHost) -> None:
    result = run(["--lang", "zh", "rubrics", "show", "provincial-18", "--format", "json"],
                 installed)
    assert result.exit_code == 0
    criteria = json.loads(result.output)["criteria"]
    assert all(c["counts"] for c in criteria)
    festivals = next(c for c in criteria if c["type"] == "festivals")
    causes = {n["cause"] for c in criteria for n in c["not_counted"]}
    assert {"outside-window", "unit-not-in-scope"} <= causes
    assert "other-festival" in {n["cause"] for n in festivals["not_counted"]}
