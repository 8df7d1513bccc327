"""The kit builds what the rule shapes read: tags, surveys, attributes, a declaration (#24)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from wenming.testing import CaseFileError, DatasetBuilder, parse_cases

HEAD = 'rubric = "example"\nas_of = "2021-12-31"\n'


def test_the_builder_carries_tags_surveys_attributes_and_the_declaration() -> None:
    data = (DatasetBuilder(declaration="2021-10-01")
            .add("moral-lecture", "2020-05-01", tags=["领导班子成员"], rate=96.5, sample=120)
            .add("moral-lecture", "2020-06-01", numerator=176, denominator=200)
            .add_unit("depot", "division", "hq", attributes={"staff": 60, "window": True})
            .with_attributes("hq", staff=120)
            .build())
    first, second = data.evidence
    assert (first.tags, first.rate, first.sample) == (("领导班子成员",), 96.5, 120)
    assert (second.numerator, second.denominator) == (176, 200)
    assert data.units["depot"].attributes == {"staff": 60.0, "window": True}
    assert data.units["hq"].attributes == {"staff": 120.0}
    assert data.campaign.declaration == date(2021, 10, 1)
    with pytest.raises(KeyError, match="nowhere"):
        DatasetBuilder().with_attributes("nowhere", staff=1)


def test_a_case_using_row_sets_keeps_its_own_name() -> None:
    cases = parse_cases(HEAD + """
[row_sets]
lectures = [{ kind = "moral-lecture", date = "2020-05-10" }]
plans = [{ kind = "work-plan", date = "2020-05-10" }]
[[case]]
name = "leading group"
use = ["lectures", "plans"]
expect = { total = 1 }
[[case]]
name = "the second case"
use = ["lectures"]
expect = { total = 1 }
""")
    assert [c.name for c in cases] == ["leading group", "the second case"]
    assert len(cases[0].rows) == 2


def test_case_rows_units_and_declaration_reach_the_dataset() -> None:
    (case,) = parse_cases(HEAD + """
declaration = "2021-09-30"
[[case]]
name = "everything an author needs"
units = [{ id = "hq", attributes = { staff = 120, window = true, grade = "A" } },
         { id = "depot", kind = "division", parent = "hq", attributes = { staff = 8 } }]
rows = [{ kind = "moral-lecture", date = "2020-05-01", tags = ["窗口"], rate = 91, sample = 80 },
        { kind = "moral-lecture", date = "2020-05-02", numerator = 3, denominator = 4 }]
expect = { total = 1 }
""")
    data = case.build_dataset()
    assert data.campaign.declaration == date(2021, 9, 30)
    assert data.units["hq"].attributes == {"staff": 120.0, "window": True, "grade": "A"}
    assert data.units["hq"].parent is None  # a standard unit keeps its place
    assert data.units["depot"].attributes == {"staff": 8.0}
    first, second = data.evidence
    assert (first.tags, first.rate, first.sample) == (("窗口",), 91, 80)
    assert (second.numerator, second.denominator) == (3, 4)


def test_bad_survey_values_and_attributes_are_reported_with_their_field() -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_cases(HEAD + """
[[case]]
name = "bad"
units = [{ id = "hq", attributes = { staff = [1] } }]
rows = [{ kind = "moral-lecture", date = "2020-05-01", rate = 140 },
        { kind = "moral-lecture", date = "2020-05-01", numerator = 5 },
        { kind = "moral-lecture", date = "2020-05-01", tags = "not-a-list-is-fine" },
        { kind = "moral-lecture", date = "2020-05-01", tags = [1] }]
expect = { total = 1 }
""")
    fields = {issue.field for issue in caught.value.issues}
    assert fields == {"case[0].units[0].attributes.staff", "case[0].rows[0].rate",
                      "case[0].rows[1].denominator", "case[0].rows[3].tags"}


def test_the_pytest_plugin_is_enabled_the_way_testing_md_says(tmp_path: Path) -> None:
    """Installed, it loads itself; ``-p wenming`` names it as the entry point does (#24)."""
    cases = tmp_path / "tiny.cases.toml"
    cases.write_text('plugins = ["wenming_rubric_example.plugin"]\n' + HEAD
                     + '[[case]]\nname = "empty"\nexpect = { total = 0 }\n', "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}
    for extra, autoload in (([], True), (["-p", "wenming"], True), (["-p", "wenming"], False)):
        run_env = env if autoload else {**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", *extra, str(cases),
                               "-p", "no:cacheprovider"], capture_output=True, text=True,
                              cwd=tmp_path, env=run_env, check=False)
        assert done.returncode == 0, (extra, autoload, done.stdout + done.stderr)
        assert "1 passed" in done.stdout
