"""Veto documents (#24): codes unique, trace kept, filters and rate thresholds checked."""

from __future__ import annotations

import pytest

from wenming.errors import RubricError
from wenming.plugins import RubricSource
from wenming.rubric import load_rubric
from wenming.testing import make_host

HEAD = """
schema = 1
id = "veto-test"
version = "1"
title = "t"
level = "county"
total = 1
[[areas]]
code = "A"
title = "a"
points = 1
[[areas.items]]
code = "1"
title = "i"
points = 1
criteria = [{ type = "present", points = 1, kinds = ["work-plan"] }]
"""

VETO = """
[[vetoes]]
code = "否1"
title = "t"
kinds = ["discipline-violation"]
"""


def _load(text: str):  # type: ignore[no-untyped-def]
    host = make_host()
    return load_rubric(RubricSource(text, "veto.toml"), criterion_types=host.criterion_types(),
                       vocabulary=host.vocabulary())


def _issues(text: str) -> list[tuple[str | None, str, object]]:
    with pytest.raises(RubricError) as caught:
        _load(text)
    return [(i.field, i.message, i.value) for i in caught.value.issues]


def test_a_veto_keeps_its_trace_and_filters() -> None:
    rubric = _load(HEAD + VETO + 'source = "否决项1"\nbasis = "choice"\ninterprets = "严重"\n'
                   'refs = ["veto-test/否1"]\ntags = "窗口服务"\nrate_below = 60\n'
                   'counted_from = "closing"\n')
    (veto,) = rubric.vetoes
    assert (veto.source, veto.basis, veto.interprets) == ("否决项1", "choice", "严重")
    assert (veto.refs, veto.tags, veto.rate_below, veto.counted_from) == (
        ("veto-test/否1",), ("窗口服务",), 60.0, "closing")


def test_a_veto_code_is_required_and_unique() -> None:
    issues = _issues(HEAD + VETO + VETO)
    assert [(f, v) for f, _, v in issues] == [("vetoes[1](code 否1).code", "否1")]
    assert "used twice" in issues[0][1]
    missing = _issues(HEAD + VETO.replace('code = "否1"\n', ""))
    assert [f for f, _, _ in missing] == ["vetoes[0](code ?).code"]


@pytest.mark.parametrize(("line", "field"), [
    ("rate_below = 0", "rate_below"), ("rate_below = 120", "rate_below"),
    ('rate_below = "60"', "rate_below"), ('counted_from = "opened"', "counted_from"),
    ("tags = [1]", "tags"), ('interprets = "严重"', "interprets"),
    ('basis = "guess"', "basis"),
])
def test_bad_veto_values_are_refused_at_their_key(line: str, field: str) -> None:
    issues = _issues(HEAD + VETO + line + "\n")
    assert [f for f, _, _ in issues] == [f"vetoes[0](code 否1).{field}"]
