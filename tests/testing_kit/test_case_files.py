"""Reading case files: defaults, overrides, shorthands, and every problem at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wenming.scoring import State
from wenming.testing_cases import (
    DEFAULT_TOLERANCE,
    CaseFileError,
    ItemExpectation,
    load_cases,
    parse_cases,
)

GOOD = """\
plugins = ["some.plugin"]
rubric = "kit-test"
as_of = "2021-12-31"
tolerance = 0.01

[[case]]
name = "defaults apply"
rows = [
  { kind = "moral-lecture", date = "2020-05-10", unit = "east", participants = 12 },
  { kind = "volunteer-service", date = 2021-03-04, id = "V1", amount = 5, refs = ["x"] },
]
[case.expect]
total = 6
items = { "1" = "met", "2" = { state = "partial", points = 2, evidence = ["V1"] } }

[[case]]  # a comment after the header
name = "overrides win"
rubric = "other"
as_of = 2021-06-30
window = "2021"
unit = "west"
applicants = ["hq"]
tolerance = 0
units = [{ id = "south", kind = "dispatched", parent = "hq", zh = "南区", en = "South" }]
[case.expect]
verdict = "none"
areas = { A = 1.5 }
error = "boom"
"""


def test_defaults_overrides_and_shorthands() -> None:
    first, second = parse_cases(GOOD, "good.cases.toml")
    assert (first.name, first.rubric, first.as_of) == ("defaults apply", "kit-test",
                                                        date(2021, 12, 31))
    assert first.plugins == ("some.plugin",)
    assert first.tolerance == 0.01
    assert first.window == "2020.04-2021.12"  # the builder's standard window
    # A TOML date and a quoted date are both read as dates.
    assert [row["date"] for row in first.rows] == [date(2020, 5, 10), date(2021, 3, 4)]
    assert first.rows[0]["participants"] == 12
    assert first.rows[1]["refs"] == ("x",)
    assert first.expect.items["1"] == ItemExpectation(state=State.MET)
    assert first.expect.items["2"] == ItemExpectation(state=State.PARTIAL, points=2,
                                                      evidence=("V1",))
    assert first.expect.total == 6

    assert (second.rubric, second.as_of, second.window) == ("other", date(2021, 6, 30), "2021")
    assert (second.unit, second.applicants, second.tolerance) == ("west", ("hq",), 0)
    assert second.units[0]["id"] == "south"
    assert second.expect.verdict == "none"
    assert second.expect.areas == {"A": 1.5}
    assert second.expect.error == "boom"


def test_cases_know_the_line_of_their_header() -> None:
    first, second = parse_cases(GOOD, "good.cases.toml")
    lines = GOOD.splitlines()
    assert first.line == 6
    assert lines[first.line - 1] == "[[case]]"
    assert second.line is not None and lines[second.line - 1].startswith("[[case]]")
    assert first.location == f"good.cases.toml:{first.line}"


def test_a_missing_tolerance_is_the_default() -> None:
    (case,) = parse_cases('rubric = "r"\nas_of = "2021-01-01"\n[[case]]\nname = "n"\n'
                          '[case.expect]\ntotal = 1\n')
    assert case.tolerance == DEFAULT_TOLERANCE


def test_every_problem_is_reported_with_its_case_field_and_line() -> None:
    text = """\
rubric = "kit-test"
colour = "blue"

[[case]]
name = "fine"
as_of = "2021-12-31"
[case.expect]
total = 1

[[case]]
name = "broken"
as_of = "2021-13-01"
rows = [{ kind = "moral-lecture", dat = "2020-05-10", participants = -1, festival = "nope" }]
[case.expect]
verdict = "maybe"
items = { "2" = { state = "done", points = "two" } }

[[case]]
name = "fine"
[case.expect]
"""
    with pytest.raises(CaseFileError) as caught:
        parse_cases(text, "bad.cases.toml")
    by_field = {issue.field: issue for issue in caught.value.issues}
    assert by_field["colour"].message == "unknown key"
    assert by_field["case[1].as_of"].line == 10
    assert "not a date" in by_field["case[1].as_of"].message
    assert by_field["case[1].rows[0].dat"].message == "unknown key"
    assert by_field["case[1].rows[0].date"].message == "missing"
    assert by_field["case[1].rows[0].participants"].value == -1
    assert "unknown festival" in by_field["case[1].rows[0].festival"].message
    assert by_field["case[1].expect.verdict"].value == "maybe"
    assert by_field["case[1].expect.items.2.state"].value == "done"
    assert by_field["case[1].expect.items.2.points"].value == "two"
    # The third case: no as-of date anywhere, nothing expected, and a name used twice.
    assert by_field["case[2].as_of"].line == 18
    assert by_field["case[2].expect"].message == "the case expects nothing"
    assert by_field["case[2].name"].message == "case name used twice"
    message = str(caught.value)
    assert message.startswith(f"{len(caught.value.issues)} problems in case file bad.cases.toml")
    assert "bad.cases.toml:10 [case[1].as_of]" in message


@pytest.mark.parametrize(("text", "field", "message"), [
    ("[[case]]\nname = 1\n", "case[0].name", "expected a non-empty string"),
    ("rubric = \"r\"\n", "case", "the file holds no case"),
    ("case = 3\n", "case", "expected an array of tables"),
    ("as_of = \"2021-01-01\"\n[[case]]\nname = \"n\"\nexpect = { total = 1 }\n",
     "case[0].rubric", "no rubric given"),
    ("rubric = \"r\"\nas_of = \"2021-01-01\"\nwindow = \"soon\"\n[[case]]\nname = \"n\"\n"
     "expect = { total = 1 }\n", "window", "not a window"),
    ("rubric = \"r\"\nas_of = \"2021-01-01\"\n[[case]]\nname = \"n\"\nrows = 2\n"
     "expect = { total = 1 }\n", "case[0].rows", "expected an array of tables"),
    ("rubric = \"r\"\nas_of = \"2021-01-01\"\n[[case]]\nname = \"n\"\n"
     "units = [{ kind = \"planet\" }]\nexpect = { total = 1 }\n", "case[0].units[0].kind",
     "unknown unit kind"),
    ("rubric = \"r\"\nas_of = \"2021-01-01\"\ntolerance = -1\n[[case]]\nname = \"n\"\n"
     "expect = { total = 1 }\n", "tolerance", "cannot be negative"),
])
def test_single_problems(text: str, field: str, message: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_cases(text)
    assert any(issue.field == field and message in issue.message
               for issue in caught.value.issues), caught.value


def test_invalid_toml_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="not valid TOML"):
        parse_cases("[[case]\n")
    with pytest.raises(CaseFileError, match="cannot read the file"):
        load_cases(tmp_path / "absent.cases.toml")


def test_load_cases_reads_a_file(tmp_path: Path) -> None:
    file = tmp_path / "one.cases.toml"
    file.write_text(GOOD, "utf-8")
    cases = load_cases(file)
    assert [c.name for c in cases] == ["defaults apply", "overrides win"]
    assert all(c.origin == str(file) for c in cases)
