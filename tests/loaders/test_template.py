"""The ledger template: headers the loader reads, drop-downs, date checks, the guide.

Uses the installed rubrics (the bundled ones) and the real plugin host, because
the template is built from what is installed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import openpyxl
import pytest

from tests.loaders.conftest import write_valid_dataset
from wenming.errors import DataIssue
from wenming.loaders import EVIDENCE_COLUMNS, EVIDENCE_FIELDS, load_dataset
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import map_header
from wenming.loaders.table_header import SETUP_SHEETS
from wenming.loaders.tables import SKIPPED_SHEET
from wenming.loaders.units import load_units
from wenming.model import Label
from wenming.plugins import PluginHost
from wenming.rubric import Veto
from wenming.template import (
    DUTY_SHEET,
    INSTRUCTIONS_SHEET,
    LEDGER_SHEET,
    LISTS_SHEET,
    TEMPLATE_COLUMNS,
    kind_uses,
    kinds_in_groups,
    write_template,
)


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture
def dataset(tmp_path: Path, host: PluginHost) -> Path:
    """The loader tests' valid folder, its ledgers replaced by an empty template."""
    root = write_valid_dataset(tmp_path / "ds")
    for file in (root / "evidence").rglob("*.*"):
        file.unlink()
    issues = IssueCollector()
    units = load_units(root, issues)
    assert units is not None and not issues
    write_template(root / "evidence" / "台账.xlsx", host.vocabulary(), host.rubrics(),
                   units.units)
    return root


def test_every_template_header_is_read_as_its_field() -> None:
    headers = [header for header, _, _ in TEMPLATE_COLUMNS.values()]
    mapped = map_header(headers, EVIDENCE_COLUMNS)
    assert mapped.columns == {field: i for i, field in enumerate(TEMPLATE_COLUMNS)}
    assert set(TEMPLATE_COLUMNS) == set(EVIDENCE_FIELDS)
    assert not mapped.unread


def test_both_extra_sheets_are_named_like_instructions() -> None:
    assert SKIPPED_SHEET.search(INSTRUCTIONS_SHEET) and SKIPPED_SHEET.search(LISTS_SHEET)
    assert not SKIPPED_SHEET.search(LEDGER_SHEET)
    # the 任务分工 sheet has a reader of its own; the evidence reader passes it by
    assert DUTY_SHEET in SETUP_SHEETS


def test_the_duty_sheet_lists_every_task_and_item_and_reads_back_empty(
        dataset: Path, host: PluginHost) -> None:
    from wenming.loaders import load_dataset
    from wenming.loaders.duty_sheet import DUTY_COLUMNS
    from wenming.model.seed import SEED_TASKS

    book = openpyxl.load_workbook(dataset / "evidence" / "台账.xlsx")
    sheet = book[DUTY_SHEET]
    header = [c.value for c in sheet[2]]
    assert header == [DUTY_COLUMNS[f][0] for f in ("target", "rubric", "title", "owners",
                                                   "person")]
    body = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in body[:len(SEED_TASKS)]] == [t.id for t in SEED_TASKS]
    items = {(r[1], r[0]) for r in body[len(SEED_TASKS):]}
    expected = {(rid, item.code) for rid, rubric in host.rubrics().items()
                for item in rubric.items()}
    assert items == expected
    assert all(not r[3] for r in body)  # owners are the clerk's to fill in
    owners = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert any(ref.startswith("D3:") for ref in owners)  # a drop-down of the units
    # read back as it is: no duty, no problem
    data = load_dataset(dataset, vocabulary=host.vocabulary())
    assert data.campaign.duties == ()


def test_the_workbook_has_drop_downs_date_checks_widths_and_a_frozen_header(
        dataset: Path, host: PluginHost) -> None:
    book = openpyxl.load_workbook(dataset / "evidence" / "台账.xlsx")
    assert book.sheetnames == [LEDGER_SHEET, DUTY_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET]
    ledger, lists = book[LEDGER_SHEET], book[LISTS_SHEET]
    assert lists.sheet_state == "hidden" and ledger.freeze_panes == "A2"
    assert [c.value for c in ledger[1]] == [h for h, _, _ in TEMPLATE_COLUMNS.values()]
    assert ledger.max_row == 1  # no pre-made rows: appended rows land under the header
    assert ledger.column_dimensions["F"].width == TEMPLATE_COLUMNS["title"][1]

    validations = {str(v.sqref): v for v in ledger.data_validations.dataValidation}
    kinds = [k.label.zh for k in kinds_in_groups(host.vocabulary())]
    assert len("，".join(kinds)) > 255  # why the lists live on a sheet, not inline
    # grouped by category, meetings first: no category comes back once left (#25)
    categories = [k.category for k in kinds_in_groups(host.vocabulary())]
    assert categories[0] == "meeting"
    assert all(categories.index(c) == i or categories[i - 1] == c
               for i, c in enumerate(categories))
    kind = validations["C2:C1048576"]
    assert kind.type == "list"
    assert kind.formula1 == f"'{LISTS_SHEET}'!$A$2:$A${len(kinds) + 1}"
    assert [lists.cell(row=r, column=1).value for r in range(2, len(kinds) + 2)] == kinds
    unit = validations["B2:B1048576"]
    assert unit.formula1 == f"'{LISTS_SHEET}'!$B$2:$B$5"
    assert [lists.cell(row=r, column=2).value for r in range(2, 6)] == \
        ["市生态环境局", "东区分局", "西区分局", "创建办公室"]
    assert validations["J2:J1048576"].type == "list"  # 节日
    dates = next(v for v in validations.values() if v.type == "date")
    assert str(dates.sqref).split() == ["D2:D1048576", "E2:E1048576", "G2:G1048576"]
    assert (dates.operator, dates.formula1, dates.formula2) == \
        ("between", "DATE(1901,1,1)", "DATE(2100,12,31)")


def test_the_guide_lists_each_kind_with_the_items_it_counts_for(
        dataset: Path, host: PluginHost) -> None:
    guide = openpyxl.load_workbook(dataset / "evidence" / "台账.xlsx")[INSTRUCTIONS_SHEET]
    rows = {row[2]: row for row in guide.iter_rows(values_only=True) if row and row[2]}
    uses = kind_uses(host.rubrics())
    for kind in host.vocabulary():
        assert kind.id in rows, kind.id
        assert rows[kind.id][0] == kind.label.zh
        for use in uses.get(kind.id, []):
            assert use in (rows[kind.id][3] or "")
    lecture = rows["moral-lecture"][3]
    assert "[municipal-plan] T4" in lecture and "[provincial-18]" in lecture
    assert "no installed rubric" in rows[next(k for k in rows if k not in uses
                                              and k in {x.id for x in host.vocabulary()})][3]


def test_kind_uses_reads_params_of_any_criterion_type_and_vetoes(host: PluginHost) -> None:
    rubric = attrs.evolve(host.rubrics()["provincial-18"], vetoes=(
        Veto("V1", Label("发生重大违纪", "Serious misconduct"), ("work-plan",)),))
    uses = kind_uses({"p": rubric})
    assert "[p] 否决项 veto V1 发生重大违纪" in uses["work-plan"]
    types = {c.type for _, c in rubric.criteria()}
    assert len(types) > 2  # presence, frequency, … all give their kinds
    assert {k for _, c in rubric.criteria() for k in c.params.kinds} <= set(uses)


def test_the_guide_names_the_tag_an_item_needs(host: PluginHost) -> None:
    # County 二.2 counts 志愿服务活动 only when tagged 志愿服务 (#19): the guide says so, so
    # a clerk filing by the guide does not see the record score 0.
    rubrics = host.rubrics()
    if "county-example" not in rubrics:
        pytest.skip("needs the bundled county rubric")
    uses = kind_uses({"county-example": rubrics["county-example"]})["volunteer-service"]
    (line,) = [u for u in uses if " 二.2 " in u]
    assert line.endswith("（须带标签 needs tag: 志愿服务）"), line
    assert not any("标签" in u for u in uses if " 二.2 " not in u), uses


def _only_the_skipped_guides(warnings: list[DataIssue]) -> bool:
    """The one line naming the template's two instructions sheets, which are not read."""
    return (len(warnings) == 1 and warnings[0].where == "evidence/台账.xlsx"
            and warnings[0].message.startswith("sheets not read, named like instructions")
            and f"{INSTRUCTIONS_SHEET} (rows 1–" in warnings[0].message
            and f"{LISTS_SHEET} (rows 1–" in warnings[0].message)


def test_an_empty_template_loads_without_records_or_other_warnings(dataset: Path,
                                                                   host: PluginHost) -> None:
    warnings: list[DataIssue] = []
    loaded = load_dataset(dataset, vocabulary=host.vocabulary(), strict=True,
                          on_warning=warnings.append)
    assert len(loaded) == 0 and _only_the_skipped_guides(warnings), warnings


def test_a_template_filled_in_by_a_program_loads_without_edits(dataset: Path,
                                                               host: PluginHost) -> None:
    path = dataset / "evidence" / "台账.xlsx"
    book = openpyxl.load_workbook(path)
    ledger = book[LEDGER_SHEET]
    lists = book[LISTS_SHEET]
    kinds = [lists.cell(row=r, column=1).value for r in range(2, 6)]
    ledger.append(["T-001", "市生态环境局", kinds[0], date(2020, 5, 6), None, "成立领导小组",
                   date(2020, 5, 8), None, None, None, None, "组织", None, None])
    ledger.append([2, "东区分局", kinds[1], "2020-06-01", "2020-06-02", "工作方案", None, 1200.5,
                   30, "端午", 95, "方案；部署", "一.1", None])
    ledger.append(["T-003", "创建办公室", kinds[2], date(2021, 2, 11), None, "春节慰问", None,
                   3000, None, "春节", None, None, None, None])
    book.save(path)
    warnings: list[DataIssue] = []
    loaded = load_dataset(dataset, vocabulary=host.vocabulary(), strict=True,
                          on_warning=warnings.append)
    assert _only_the_skipped_guides(warnings), warnings
    records = {e.id: e for e in loaded.evidence}
    assert sorted(records) == ["2", "T-001", "T-003"]
    assert records["2"].unit == "east" and records["2"].amount == 1200.5
    assert records["2"].festival == "duanwu" and records["2"].refs == ("一.1",)
    assert records["T-001"].filed == date(2020, 5, 8)
    assert records["T-003"].origin is not None and records["T-003"].origin.row == 4
