"""Running cases: comparisons, readable diffs, expected errors, plugin modules by name.

Expected points follow from the ``kit-test`` rubric in support.py: item 1 is
2 points for one moral lecture; item 2 is 4 points, 2 for each calendar year
of the standard window (2020, 2021) with volunteer service.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from wenming.model import EvidenceKind, Label
from wenming.plugins import RubricSource, hookimpl
from wenming.scoring import State
from wenming.testing import make_host
from wenming.testing_cases import CaseFileError, Mismatch, parse_cases, run_case

from .support import RUBRIC_TOML, KitRubric

HEAD = 'rubric = "kit-test"\nas_of = "2021-12-31"\n'


def one_case(body: str) -> object:
    (case,) = parse_cases(HEAD + textwrap.dedent(body), "kit.cases.toml")
    return case


def test_a_matching_case_passes() -> None:
    case = one_case("""
        [[case]]
        name = "one lecture and one year of volunteering"
        rows = [
          { kind = "moral-lecture", date = "2020-05-10" },
          { kind = "volunteer-service", date = "2021-06-01", unit = "west", id = "V" },
        ]
        [case.expect]
        total = 4
        maximum = 6
        verdict = "pass"
        areas = { A = 4 }
        items."1" = { state = "met", points = 2 }
        [case.expect.items."2"]
        state = "partial"
        points = 2
        maximum = 4
        evidence = ["V"]
        findings = ["2020: 0 of 1"]
    """)
    result = run_case(case, KitRubric())
    assert result.ok, result.diff()
    assert result.card is not None and result.card.total == pytest.approx(4)
    assert result.diff().endswith("as expected")
    assert result.check() is result


def test_every_difference_is_listed_and_explained() -> None:
    case = one_case("""
        [[case]]
        name = "wrong on purpose"
        rows = [{ kind = "moral-lecture", date = "2020-05-10" }]
        [case.expect]
        total = 6
        verdict = "pass"
        areas = { Z = 1 }
        items."1" = { evidence = ["nope"] }
        items."2" = { state = "met", points = 4, findings = ["all good"] }
        items."9" = "met"
    """)
    result = run_case(case, KitRubric())
    assert not result.ok
    found = {m.what: m for m in result.mismatches}
    at = "case[0].expect"
    # Only item 1 is met: 2 points of 6, under the pass line of 4.
    assert found[f"{at}.total"] == Mismatch(f"{at}.total", "6", "2")
    assert found[f"{at}.verdict"] == Mismatch(f"{at}.verdict", "pass", "fail")
    assert found[f"{at}.areas.Z"].actual == "no such area (areas: A)"
    assert found[f'{at}.items."1".evidence'].expected == "nope"
    assert found[f'{at}.items."2".state'] == Mismatch(f'{at}.items."2".state', "met", "unmet",
                                                       "2")
    assert found[f'{at}.items."2".points'] == Mismatch(f'{at}.items."2".points', "4", "0", "2")
    assert found[f'{at}.items."2".findings'].expected == "a finding containing 'all good'"
    assert found[f'{at}.items."9"'].actual.startswith("no such item")
    diff = result.diff()
    assert diff.startswith("case 'wrong on purpose' (kit.cases.toml:4): rubric 'kit-test' "
                           "as of 2021-12-31: 8 differences")
    # The findings of the items that differ follow the table.
    assert "item 2 (Volunteer service every year) is unmet, 0 of 4 points; findings:" in diff
    assert "2021: 0 of 1 required" in diff
    with pytest.raises(AssertionError, match="wrong on purpose"):
        result.check()


def test_points_are_compared_within_the_tolerance() -> None:
    loose = one_case("""
        [[case]]
        name = "close enough"
        tolerance = 0.5
        [case.expect]
        total = 0.4
    """)
    strict = one_case("""
        [[case]]
        name = "not close enough"
        [case.expect]
        total = 0.4
    """)
    assert run_case(loose, KitRubric()).ok
    assert [m.what for m in run_case(strict, KitRubric()).mismatches] == [
        "case[0].expect.total"]


def test_a_unit_scope_and_extra_units() -> None:
    case = one_case("""
        [[case]]
        name = "south alone"
        unit = "south"
        units = [{ id = "south", kind = "dispatched", parent = "hq" }]
        rows = [
          { kind = "moral-lecture", date = "2020-05-10" },
          { kind = "volunteer-service", date = "2020-06-01", unit = "south" },
        ]
        [case.expect]
        items = { "1" = "unmet", "2" = { state = "partial", points = 2 } }
    """)
    result = run_case(case, KitRubric())
    assert result.ok, result.diff()
    assert result.card is not None and result.card.scope == ("south",)


def test_an_expected_error_passes_and_an_unexpected_one_fails() -> None:
    expected = one_case("""
        [[case]]
        name = "bad unit"
        rows = [{ kind = "moral-lecture", date = "2020-05-10", unit = "mars" }]
        [case.expect]
        error = "UNKNOWN UNIT"
    """)
    result = run_case(expected, KitRubric())
    assert result.ok
    assert result.card is None and result.error is not None and "mars" in result.error

    unexpected = one_case("""
        [[case]]
        name = "bad unit, not expected"
        rows = [{ kind = "moral-lecture", date = "2020-05-10", unit = "mars" }]
        [case.expect]
        total = 0
    """)
    result = run_case(unexpected, KitRubric())
    (mismatch,) = result.mismatches
    assert (mismatch.what, mismatch.expected) == ("outcome", "a scorecard")
    assert mismatch.actual.startswith("DatasetError: ")
    assert "scoring failed:" in result.diff() and "mars" in result.diff()


def test_an_unknown_rubric_or_unit_is_reported_not_raised() -> None:
    case = one_case("""
        [[case]]
        name = "no such rubric"
        rubric = "absent"
        [case.expect]
        total = 0
    """)
    (mismatch,) = run_case(case, KitRubric()).mismatches
    assert "absent" in mismatch.actual and "kit-test" in mismatch.actual

    case = one_case("""
        [[case]]
        name = "no such unit"
        unit = "nowhere"
        [case.expect]
        error = "unknown unit 'nowhere'"
    """)
    assert run_case(case, KitRubric()).ok


def test_expecting_an_error_but_getting_a_scorecard_fails() -> None:
    case = one_case("""
        [[case]]
        name = "no error after all"
        [case.expect]
        error = "anything"
    """)
    result = run_case(case, KitRubric())
    assert result.card is not None
    assert result.mismatches == (Mismatch("outcome", "an error containing 'anything'",
                                          "a scorecard"),)


def test_a_not_yet_due_year_is_expected_by_state() -> None:
    case = one_case("""
        [[case]]
        name = "mid 2021"
        as_of = "2021-06-30"
        rows = [{ kind = "volunteer-service", date = "2020-06-01" }]
        [case.expect]
        items = { "2" = { state = "met", points = 4, maximum = 4 } }
    """)
    # 2021 is still running and unmet, so it leaves the denominator: the
    # criterion is judged on 2020 alone, which it meets in full.
    assert run_case(case, KitRubric()).ok
    # The state is compared as a State, and the shorthand names its value.
    case = one_case("""
        [[case]]
        name = "early"
        as_of = "2020-05-01"
        [case.expect]
        items = { "1" = "not-yet-due", "2" = "not-yet-due" }
    """)
    result = run_case(case, KitRubric())
    assert result.ok, result.diff()
    assert result.card is not None and result.card.item("1").state is State.NOT_YET_DUE


def test_plugins_named_in_the_file_are_imported(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kit_case_plugin.py").write_text(
        "from wenming.plugins import RubricSource, hookimpl\n"
        "@hookimpl\n"
        "def wenming_rubrics():\n"
        f"    return [RubricSource({RUBRIC_TOML!r}, 'kit_case_plugin')]\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "kit_case_plugin", raising=False)
    (case,) = parse_cases('plugins = ["kit_case_plugin"]\n' + HEAD
                          + '[[case]]\nname = "n"\n[case.expect]\nmaximum = 6\n')
    assert run_case(case).ok

    (missing,) = parse_cases('plugins = ["no_such_plugin_module"]\n' + HEAD
                             + '[[case]]\nname = "n"\n[case.expect]\nmaximum = 6\n')
    with pytest.raises(CaseFileError, match="no_such_plugin_module"):
        run_case(missing)


def test_a_shared_host_gives_the_same_results() -> None:
    case = one_case("""
        [[case]]
        name = "shared"
        rows = [{ kind = "moral-lecture", date = "2021-05-10" }]
        [case.expect]
        total = 2
    """)
    host = make_host(KitRubric())
    assert run_case(case, host=host).ok
    assert run_case(case, host=host).ok
    assert run_case(case, KitRubric()).ok


def test_rows_may_use_evidence_kinds_a_plugin_adds() -> None:
    class RiverPatrol:
        @hookimpl
        def wenming_evidence_kinds(self) -> list[EvidenceKind]:
            return [EvidenceKind("river-patrol", Label("河湖巡查", "River patrol"), "activity")]

        @hookimpl
        def wenming_rubrics(self) -> list[RubricSource]:
            text = RUBRIC_TOML.replace('id = "kit-test"', 'id = "patrol"').replace(
                '["moral-lecture"]', '["river-patrol"]')
            return [RubricSource(text, "patrol")]

    case = one_case("""
        [[case]]
        name = "a patrol written in Chinese"
        rubric = "patrol"
        rows = [{ kind = "河湖巡查", date = "2020-07-01", id = "P1" }]
        [case.expect]
        items = { "1" = { state = "met", evidence = ["P1"] } }
    """)
    result = run_case(case, RiverPatrol())
    assert result.ok, result.diff()
