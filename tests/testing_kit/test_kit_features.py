"""Row sets shared by cases, vetoes and bonus in expectations, kinds plugins add."""

from __future__ import annotations

import textwrap

import pytest

from tests.plugins.support import rubric_toml
from wenming.errors import PluginError
from wenming.model import EvidenceKind, Label
from wenming.plugins import hookimpl
from wenming.testing import (
    STANDARD_APPLICANTS,
    CaseFileError,
    DatasetBuilder,
    RubricPlugin,
    entry_point_host,
    make_host,
    parse_cases,
    run_case,
)

RUBRIC = rubric_toml("vb", total=10) + """
[[bonuses]]
code = "加1"
title = { zh = "表彰", en = "Commendation" }
points = 2
criteria = [ { type = "present", kinds = ["commendation"], points = 2 } ]

[[vetoes]]
code = "否1"
title = { zh = "违纪", en = "Violation" }
kinds = ["discipline-violation"]
"""

CASES = """
rubric = "vb"
as_of = "2021-12-31"

[row_sets]
base = [{ kind = "leading-group-establishment", date = "2020-04-20" }]
praise = [{ kind = "commendation", date = "2021-05-01" }]

[[case]]
name = "base and praise"
use = ["base", "praise"]
[case.expect]
total = 12
bonus = 2
vetoes = []

[[case]]
name = "a violation is a veto"
use = ["base"]
rows = [{ kind = "discipline-violation", date = "2021-06-01" }]
[case.expect]
vetoes = ["否1"]
bonus = 0

[[case]]
name = "wrong on purpose"
use = ["base"]
[case.expect]
vetoes = ["否1"]
bonus = 2
items = { "1" = { points = 3 } }
"""


def test_row_sets_vetoes_and_bonus() -> None:
    cases = parse_cases(textwrap.dedent(CASES), "vb.cases.toml")
    assert [len(c.rows) for c in cases] == [2, 2, 1]
    host = make_host(RubricPlugin(RUBRIC))
    assert run_case(cases[0], host=host).ok, run_case(cases[0], host=host).diff()
    assert run_case(cases[1], host=host).ok, run_case(cases[1], host=host).diff()
    wrong = run_case(cases[2], host=host)
    assert {m.what: (m.expected, m.actual) for m in wrong.mismatches} == {
        "case[2].expect.vetoes": ("否1", "none"),
        "case[2].expect.bonus": ("2", "0"),
        'case[2].expect.items."1".points': ("3", "10"),
    }
    assert 'case[2].expect.items."1".points' in wrong.diff()


def test_an_unknown_row_set_is_a_located_problem() -> None:
    text = 'rubric = "vb"\nas_of = "2021-12-31"\n[[case]]\nname = "x"\nuse = ["nope"]\n' \
           '[case.expect]\ntotal = 1\n'
    with pytest.raises(CaseFileError, match=r"f:3 \[case\[0\]\.use\]: no such row set"):
        parse_cases(text, "f")


class Lanterns:
    @hookimpl
    def wenming_evidence_kinds(self) -> list[EvidenceKind]:
        return [EvidenceKind("lantern-show", Label("灯会", "Lantern show"), "activity")]


def test_the_builder_falls_back_to_installed_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    from wenming.model import Vocabulary
    from wenming.model.vocabulary import base_kinds
    from wenming.testing import builder

    vocabulary = Vocabulary.of([*base_kinds(), *Lanterns().wenming_evidence_kinds()])
    monkeypatch.setattr(builder, "installed_vocabulary", lambda: vocabulary)
    data = DatasetBuilder().add("lantern-show", "2020-06-01").build()
    assert data.evidence[0].kind == "lantern-show"
    assert DatasetBuilder().build().campaign.applicants == STANDARD_APPLICANTS


def test_entry_point_host_loads_the_installed_example() -> None:
    host = entry_point_host("example")
    assert "example" in host.rubrics()
    assert host.rubrics()["example"].provider.startswith("wenming-rubric-example ")
    assert [p.name for p in host.plugins()] == ["wenming", "example"]
    with pytest.raises(PluginError, match="no installed entry point 'nope'"):
        entry_point_host("nope")
