"""The county example rubric: valid, traced, every rule shape used and scored as worked out.

The expected points are worked out by hand from rubric.toml and the variant's
ledger (wenming_rubric_county/variant.py): e.g. 三.1 is a 10-point pool, one
steward finding (−5) and two "eight nots" findings (−2 each) leave 1.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import wenming_rubric_county.plugin as county_plugin
from wenming_rubric_county.variant import LEDGER_ROWS, build_variant

from wenming import load_dataset
from wenming.plugins import PluginHost
from wenming.scoring import Scorecard, Scorer, State
from wenming.testing import DatasetBuilder
from wenming.testing_cases import check_rubric

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
RUBRIC_FILE = PACKAGE_ROOT / "src" / "wenming_rubric_county" / "rubric.toml"
Card = Callable[..., Scorecard]


def _document() -> dict[str, Any]:
    return tomllib.loads(RUBRIC_FILE.read_text("utf-8"))


def _en(card: Scorecard, code: str) -> str:
    return "\n".join(f.en for f in card.item(code).findings)


def test_the_rubric_document_is_valid_and_bilingual() -> None:
    assert check_rubric(RUBRIC_FILE, county_plugin) == []


def test_without_the_plugin_its_kinds_are_unknown() -> None:
    problems = check_rubric(RUBRIC_FILE)
    assert problems and all("unknown evidence kind" in p for p in problems)
    assert any("county-inspection-finding" in p for p in problems)


def test_the_entry_point_is_named_as_an_example_and_names_the_plugin_module() -> None:
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "wenming-rubric-county"
    assert list(project["entry-points"]["wenming"]) == ["county-example"]
    module = importlib.import_module(project["entry-points"]["wenming"]["county-example"])
    assert module is county_plugin


def test_every_criterion_is_traced_to_its_clause(host: PluginHost) -> None:
    rubric = host.rubrics()["county-example"]
    criteria = [c for _, c in rubric.criteria()]
    assert len(criteria) == 18
    assert all(c.source and c.basis in ("seed", "choice") for c in criteria)
    assert all(c.id.startswith((c.source[0], "加")) for c in criteria if c.source)
    assert {c.id: c.interprets for c in criteria if c.basis == "choice"} == {
        "一.1.2": "定期研究", "二.2.1": "经常性开展", "四.2.1": "按要求报送", "四.3.1": "定期举办"}


def test_every_rule_shape_appears_in_the_document() -> None:
    data = _document()
    items = [i for a in data["areas"] for i in a["items"]]
    criteria = [c for i in items for c in i["criteria"]]
    types = {c["type"] for c in criteria}
    assert {"findings", "ratio", "survey", "timeliness"} <= types
    assert any(c.get("baseline_kinds") for c in criteria)
    assert any(c.get("refs") for c in criteria) and any(c.get("tags") for c in criteria)
    assert any(c.get("tags") and c["type"] == "frequency" for c in criteria)  # a built-in type
    assert any(i.get("pool") for i in items)
    assert any("bands" in c for c in criteria) and any("slope" in c for c in criteria)
    assert any("applies_if" in i for i in items) and any("applies_if" in c for c in criteria)
    assert any("methods" in i for i in items) and any("methods" in c for c in criteria)
    assert any(c.get("min_reports") for c in criteria)
    assert any("subject" in v for v in data["vetoes"])
    codes = [i["code"] for i in items]
    # numbering restarts in each area, so the codes are written as the document cites them
    assert "一.1" in codes and "二.1" in codes and len(set(codes)) == len(codes)


def test_items_are_numbered_again_in_each_area(host: PluginHost) -> None:
    rubric = host.rubrics()["county-example"]
    assert [i.code for i in rubric.items()] == [
        "一.1", "一.2", "二.1", "二.2", "二.3", "三.1", "三.2", "三.3", "四.1", "四.2", "四.3",
        "五.1", "五.2"]
    assert rubric.total == 100 and rubric.pass_line == 85


# -- the bundled example ----------------------------------------------------------------


def test_on_the_bundled_example_window_items_are_not_applicable_with_the_reason(card: Card
                                                                                ) -> None:
    example = card("example")
    for code in ("三.1", "三.2", "三.3"):
        item = example.item(code)
        assert item.state is State.NOT_APPLICABLE
        assert "the unit has no service window" in _en(example, code)


def test_on_the_bundled_example_measures_without_data_need_manual_assessment(card: Card
                                                                            ) -> None:
    example = card("example")
    assert example.item("二.1").state is State.NEEDS_MANUAL
    assert "no unit in scope gives staff" in _en(example, "二.1")
    assert example.item("四.1").state is State.NEEDS_MANUAL
    assert "no survey on record" in _en(example, "四.1")


def test_on_the_bundled_example_the_other_items_score_from_the_ledger(card: Card) -> None:
    example = card("example")
    points = {code: round(i.points, 2) for code, i in example.items.items()}
    assert points == {
        "一.1": 8, "一.2": 7, "二.1": 0, "二.2": 10, "二.3": 4.75, "三.1": 0, "三.2": 0,
        "三.3": 0, "四.1": 0, "四.2": 3, "四.3": 3.75, "五.1": 6.67, "五.2": 2, "加1": 3}
    # 一.2: no finding, and the inspections on record show someone looked
    assert example.item("一.2").state is State.MET
    assert "1 of 1 checks met" in _en(example, "一.2")
    # 五.2.2 applies to units of 50 staff or more: none has a headcount
    assert 'no unit in scope meets "staff >= 50"' in _en(example, "五.2")
    assert round(example.total, 2) == 48.17 and example.verdict == "pass"


# -- the variant: findings, surveys, a service window ---------------------------------


def test_findings_deduct_per_record_filtered_by_refs(card: Card) -> None:
    variant = card("variant")
    item = variant.item("一.2")
    assert (item.state, item.points) == (State.PARTIAL, 5)  # 7 − 2 findings × 1
    # the window findings carry no ref to 一.2 and are not counted here
    assert {"F-01", "F-02"} <= set(item.evidence)
    assert not {"F-03", "F-04", "F-05"} & set(item.evidence)


def test_a_pool_shares_the_item_points_between_its_rules(card: Card) -> None:
    item = card("variant").item("三.1")
    assert item.points == pytest.approx(1)  # 10 − 5 − 2 − 2
    assert "9 deducted in all" in _en(card("variant"), "三.1")


def test_a_pool_is_never_below_zero(host: PluginHost, tmp_path: Path) -> None:
    more = [f"F-1{n},east,督查发现问题,2021-0{n}-03,劝导人员未到岗,劝导,,,,," for n in range(1, 4)]
    folder = build_variant(tmp_path / "v", Path(__file__).resolve().parents[3] / "examples"
                           / "ecology-bureau", rows=(*LEDGER_ROWS, *more))
    dataset = load_dataset(folder, vocabulary=host.vocabulary())
    scored = Scorer(host).score(dataset, "county-example", date(2021, 12, 31))
    assert scored.item("三.1").points == 0


def test_window_items_apply_to_the_unit_with_a_window_only(card: Card) -> None:
    variant = card("variant")
    complaints = variant.item("三.3")
    # C-02 is tagged 不属实 (not upheld) and does not count
    assert (complaints.points, complaints.evidence) == (5, ("C-01",))


def test_a_survey_is_graded_by_bands_from_its_latest_result(card: Card) -> None:
    variant = card("variant")
    item = variant.item("三.2")
    assert item.points == pytest.approx(6)  # 86.5% → band B, two thirds of 9
    assert "86.5% (S-02, sample 200)" in _en(variant, "三.2")


def test_a_survey_counted_by_numerator_and_denominator_follows_the_slope(card: Card) -> None:
    variant = card("variant")
    assert variant.item("四.1").points == pytest.approx(8)  # 88%: 2 points under 90 → −2
    assert "88% (S-03, 176 of 200)" in _en(variant, "四.1")


def test_a_ratio_of_unit_attributes_follows_the_slope(card: Card) -> None:
    variant = card("variant")
    # 16 volunteers of 181 staff = 8.84%, 1.16 points under 10% → 10 − 1.16
    assert variant.item("二.1").points == pytest.approx(10 - (10 - 1600 / 181), abs=1e-6)
    assert "8.84% (16 of 181)" in _en(variant, "二.1")


def test_a_criterion_condition_narrows_its_scope(card: Card) -> None:
    variant = card("variant")
    # only hq has 50 staff or more, and the fitness facilities on record are not hq's
    item = variant.item("五.2")
    assert (item.state, item.points) == (State.PARTIAL, 2)
    assert "Fitness facilities (50 staff or more): Unmet" in _en(variant, "五.2")


def test_two_late_reports_cost_a_point_each(card: Card) -> None:
    item = card("variant").item("四.2")
    assert item.points == pytest.approx(3)  # two late reports, at least 12 filed
    assert "21 of 23 checks met" in _en(card("variant"), "四.2")


def test_too_few_reports_cost_a_point_and_none_at_all_is_not_a_clean_sheet(host: PluginHost
                                                                            ) -> None:
    few = DatasetBuilder().with_vocabulary(host.vocabulary())
    for month in (3, 6, 9):
        few.add("publicity-item", f"2021-{month:02d}-10")
    scored = Scorer(host).score(few.build(), "county-example", date(2021, 12, 31))
    assert scored.item("四.2").points == pytest.approx(4)  # 3 on time, fewer than 12
    none = DatasetBuilder().with_vocabulary(host.vocabulary()).build()
    empty = Scorer(host).score(none, "county-example", date(2021, 12, 31))
    assert empty.item("四.2").points == pytest.approx(4)
    assert empty.item("四.2").state is not State.NOT_APPLICABLE


def test_the_variant_totals_and_fails_the_pass_line(card: Card) -> None:
    variant = card("variant")
    assert round(variant.total, 2) == 75.01
    assert variant.verdict == "fail" and not variant.vetoes


# -- vetoes: the subject and the look-back from the declaration --------------------------


def test_a_violation_outside_the_leadership_does_not_disqualify(card: Card) -> None:
    # V-01 (一般干部) is inside the look-back; only the subject keeps it out
    assert not card("variant").vetoes


def test_a_violation_by_the_leadership_disqualifies(card: Card) -> None:
    (veto,) = card("variant-leadership").vetoes
    assert (veto.code, veto.evidence) == ("否1", ("V-02",))


def test_the_look_back_is_counted_from_the_declaration_date(card: Card) -> None:
    # V-02 of 2020-01-15: within 24 months of the declaration (2021-12-20), not of 2022-03-31
    assert [v.code for v in card("variant-leadership", "2022-03-31").vetoes] == ["否1"]
    assert not card("variant-leadership-no-declaration", "2022-03-31").vetoes
