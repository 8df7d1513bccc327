"""The rubric document as shipped: structure, allocation and registration."""

from __future__ import annotations

import importlib
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from wenming.plugins import PluginHost
from wenming.scoring import Scorer, State
from wenming.testing import DatasetBuilder

RUBRIC = "provincial-18"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]

# The allocation as the README states it (area -> item -> points).
ALLOCATION = {
    "一": {"1": 6, "2": 14},
    "二": {"3": 8, "4": 5, "5": 5},
    "三": {"6": 6, "7": 2, "8": 5, "9": 6},
    "四": {"10": 6},
    "五": {"11": 4, "12": 8, "13": 7},
    "六": {"14": 6, "15": 2, "16": 4, "17": 3, "18": 3},
}


def test_plugin_provides_the_rubric_with_its_identity(host: PluginHost) -> None:
    rubric = host.rubrics()[RUBRIC]
    assert (rubric.id, rubric.version, rubric.level) == (RUBRIC, "1.1.0", "provincial")
    assert rubric.total == 100
    assert rubric.pass_line == 85
    assert rubric.model == "points"
    assert rubric.defaults["festival_window"] == {"before": 7, "after": 7}


def test_six_areas_and_eighteen_items_keep_the_documents_codes(host: PluginHost) -> None:
    rubric = host.rubrics()[RUBRIC]
    assert [a.code for a in rubric.areas] == ["一", "二", "三", "四", "五", "六"]
    assert [i.code for i in rubric.items()] == [str(n) for n in range(1, 19)]
    for area in rubric.areas:
        assert {i.code for i in area.items} == set(ALLOCATION[area.code])
        assert all(i.area == area.code for i in area.items)


def test_allocation_matches_the_readme_table(host: PluginHost) -> None:
    rubric = host.rubrics()[RUBRIC]
    loaded = {a.code: {i.code: i.points for i in a.items} for a in rubric.areas}
    assert loaded == ALLOCATION
    assert sum(sum(items.values()) for items in ALLOCATION.values()) == 100
    # The README's allocation table ("| | 6 道德讲堂 … | 6 | …") says the same.
    readme = (PACKAGE_ROOT / "README.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| \| (\d+) [^|]*\| (\d+) \|", readme, flags=re.MULTILINE))
    assert {code: int(p) for code, p in rows.items()} == {
        code: pts for items in ALLOCATION.values() for code, pts in items.items()}


def test_section_four_requirements_sit_in_item_2(host: PluginHost) -> None:
    item = host.rubrics()[RUBRIC].item("2")
    by_type = {c.type: c for c in item.criteria}
    inspections = by_type["count-range"]
    assert (inspections.params.per, inspections.params.min, inspections.params.max) == (
        "year", 1, 2)
    kinds = {k for c in item.criteria for k in getattr(c.params, "kinds", ())}
    assert {"target-assessment-inclusion", "creation-inspection", "inspection-circular"} <= kinds


def test_item_14_attests_the_three_onsite_rules(host: PluginHost) -> None:
    item = host.rubrics()[RUBRIC].item("14")
    refs = [c.params.ref for c in item.criteria if c.type == "attested"]
    assert refs == ["office-tidiness", "no-smoking", "orderly-parking"]


def test_entry_point_names_the_plugin_module() -> None:
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "wenming-rubric-provincial"
    target = project["entry-points"]["wenming"][RUBRIC]
    module = importlib.import_module(target)
    sources = module.wenming_rubrics()
    assert [tomllib.loads(s.text)["id"] for s in sources] == [RUBRIC]


def test_complete_ledger_earns_every_point(scorer: Scorer, ledger, build_dataset) -> None:
    card = scorer.score(build_dataset(ledger), RUBRIC, as_of=date(2021, 12, 31))
    assert card.total == pytest.approx(100)
    assert card.maximum == pytest.approx(100)
    assert card.verdict == "pass"
    assert {code: item.state for code, item in card.items.items()} == {
        str(n): State.MET for n in range(1, 19)}
    assert [(a.code, a.points) for a in card.areas] == [
        (code, sum(items.values())) for code, items in ALLOCATION.items()]


def test_an_empty_ledger_fails_and_asks_for_the_onsite_scores(scorer: Scorer) -> None:
    dataset = DatasetBuilder(window="2020.01-2021.12").build()
    card = scorer.score(dataset, RUBRIC, as_of=date(2021, 12, 31))
    assert card.total == 0
    assert card.verdict == "fail"
    assert card.item("6").state is State.UNMET
    manual = [f.en for f in card.item("14").findings if "needs manual assessment" in f.en]
    assert len(manual) == 3


# The rubric's own readings where the seed gives no cadence or measure.
CHOICES = {"1.c1", "1.c2", "2.c8", "2.c12", "3.c1", "3.c2", "3.c3", "10.c3", "11.c1", "12.c1",
           "12.c2", "13.c1", "13.c3", "15.c1"}


def test_every_criterion_is_traced_to_a_clause(host: PluginHost) -> None:
    rubric = host.rubrics()[RUBRIC]
    criteria = [c for item in rubric.items() for c in item.criteria]
    assert len({c.id for c in criteria}) == len(criteria) == 64
    clause = re.compile(r"^(三（[一二三四五六]）([1-9]|1[0-8])|四（[一二三四]）)$")
    for item in rubric.items():
        assert item.source is not None and clause.match(item.source), item.code
        for c in item.criteria:
            assert c.source is not None and clause.match(c.source), c.id
            # Section 三's clauses number the items as the rubric codes them.
            if c.source.startswith("三"):
                assert c.source.endswith(f"）{item.code}"), c.id
    assert {c.id for c in criteria if c.basis == "choice"} == CHOICES
    assert all(c.interprets for c in criteria if c.basis == "choice")
    assert {c.id: c.source for c in criteria if c.source.startswith("四")} == {
        "2.c9": "四（二）", "2.c10": "四（四）", "2.c11": "四（四）"}


def test_readme_requirement_table_names_every_criterion_and_its_clause(host: PluginHost
                                                                        ) -> None:
    readme = (PACKAGE_ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("## Requirements, criteria and tests"):]
    rows = re.findall(r"^\| (\S+) \| [^|]+ \| `([0-9]+\.c[0-9]+)` \| ([^|]+) \|", table,
                      flags=re.MULTILINE)
    criteria = {c.id: c for item in host.rubrics()[RUBRIC].items() for c in item.criteria}
    assert sorted(cid for _, cid, _ in rows) == sorted(criteria)
    for clause, cid, basis in rows:
        assert criteria[cid].source == clause, cid
        assert basis.split()[0].rstrip(":") == criteria[cid].basis, cid
        # The words a choice reads, in brackets at the end of the column, as in the TOML.
        words = re.search(r"\(([^()]*)\)\s*$", basis)
        assert (words.group(1) if words else None) == criteria[cid].interprets, cid
