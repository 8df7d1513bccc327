"""The unit tree rejects duplicates, unknown parents and cycles, naming the ids."""

from __future__ import annotations

import pytest

from wenming.errors import DatasetError
from wenming.model import Label, Unit, UnitKind, UnitTree


def _unit(uid: str, parent: str | None = None, kind: UnitKind = UnitKind.DIVISION) -> Unit:
    return Unit(uid, Label(uid, uid), kind, parent)


def test_descendants_and_ancestors():
    tree = UnitTree.build([_unit("hq", kind=UnitKind.BUREAU), _unit("east", "hq"),
                           _unit("east-a", "east"), _unit("west", "hq")])
    assert tree.descendants("hq") == ("hq", "east", "east-a", "west")
    assert tree.descendants("east", include_self=False) == ("east-a",)
    assert tree.ancestors("east-a") == ("east", "hq")
    assert tree.roots() == ("hq",)


def test_duplicate_id_is_named():
    with pytest.raises(DatasetError, match="duplicate unit id") as caught:
        UnitTree.build([_unit("hq"), _unit("hq")])
    assert caught.value.issues[0].value == "hq"


def test_missing_parent_is_named():
    with pytest.raises(DatasetError) as caught:
        UnitTree.build([_unit("hq"), _unit("east", "nowhere")])
    issue = caught.value.issues[0]
    assert issue.value == "nowhere" and "east" in issue.message


def test_cycle_is_named_with_its_path():
    with pytest.raises(DatasetError, match="cycle") as caught:
        UnitTree.build([_unit("a", "c"), _unit("b", "a"), _unit("c", "b")])
    assert "a → c → b → a" in str(caught.value) or "→" in str(caught.value)


def test_unit_kind_parse_accepts_chinese_and_rejects_nonsense():
    assert UnitKind.parse("派出局") is UnitKind.DISPATCHED
    assert UnitKind.parse("直属单位") is UnitKind.AFFILIATED
    with pytest.raises(ValueError, match="expected one of"):
        UnitKind.parse("ministry of silly walks")
