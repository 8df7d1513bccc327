"""Tailoring the rubric with an overlay instead of forking it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wenming.errors import DatasetError
from wenming.model import GroupMember, Role
from wenming.model.tailoring import Overlay
from wenming.scoring import State
from wenming.testing import DatasetBuilder


def _builder() -> DatasetBuilder:
    return DatasetBuilder().with_leading_group((
        GroupMember("hq", Role.LEADER, "组长甲", "党组书记、局长"),
        GroupMember("hq", Role.DEPUTY, "副组长乙", "副局长"),
        GroupMember("office", Role.MEMBER, "主任丁", "办公室主任"),
        GroupMember("party", Role.MEMBER, "书记戊", "机关党委书记"),
        GroupMember("centre", Role.MEMBER, "主任己", "监测中心主任"),
        GroupMember("office", Role.OFFICE_DIRECTOR, "主任丙", "办公室主任")))


def test_overlay_drops_items_reweights_and_changes_the_total(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    overlay = Overlay(rubric="municipal-plan", points={"T5": 10}, drop=("P5", "P6"),
                      note="本局不单设整改、迎检阶段；志愿服务加权")
    card = card_of(build(records, _builder().with_overlay(overlay)))
    # 100 − P5 3 − P6 4 + (T5 10 − 6) = 97
    assert card.nominal == pytest.approx(97)
    assert card.maximum == pytest.approx(97)
    assert card.total == pytest.approx(97)
    assert "P5" not in card.items and "P6" not in card.items
    assert card.item("T5").maximum == pytest.approx(10)
    assert card.overlay == "本局不单设整改、迎检阶段；志愿服务加权"
    phases = next(a for a in card.areas if a.code == "阶段")
    assert phases.nominal == pytest.approx(24 - 7)


def test_overlay_rescales_the_reweighted_item_criteria(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept = [r for r in records
            if not (r.unit == "west" and r.kind in ("volunteer-service", "eco-community-outreach"))]
    overlay = Overlay(rubric="municipal-plan", points={"T5": 10}, drop=("P5", "P6"))
    card = card_of(build(kept, _builder().with_overlay(overlay)))
    t5 = card.item("T5")
    # T5's criteria 2/1/1/1/1 scale by 10/6 to 3⅓ and four of 1⅔; coverage earns 2/3 of 3⅓.
    assert t5.points == pytest.approx(10 / 3 * 2 / 3 + 4 * 5 / 3, abs=1e-3)
    assert t5.state is State.PARTIAL
    assert card.total == pytest.approx(97 - 10 / 9, abs=1e-3)


def test_overlay_total_rescales_back_to_one_hundred(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    overlay = Overlay(rubric="municipal-plan", drop=("T13",), total=100, pass_line=80)
    card = card_of(build(records, _builder().with_overlay(overlay)))
    assert card.nominal == pytest.approx(100)
    assert card.pass_line == pytest.approx(80)
    # Every remaining item grows by 100/96.
    assert card.item("S3").maximum == pytest.approx(8 * 100 / 96)
    assert card.maximum == pytest.approx(100)
    # Full marks; the engine rounds each criterion to 4 decimals, so allow that much drift.
    assert card.total == pytest.approx(100, abs=0.01)
    assert card.verdict == "pass"


def test_overlay_for_a_rubric_not_installed_is_refused(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Only this rubric is installed here: an overlay for another one is a typo or a
    # missing package, never silently ignored.
    overlay = Overlay(rubric="provincial-18", drop=("17",))
    with pytest.raises(DatasetError, match="not installed"):
        card_of(build(records, _builder().with_overlay(overlay)))


@pytest.mark.parametrize(("drop", "nominal"), [(("T13",), 100), (("T13", "P5", "P6"), 93)])
def test_readme_overlay_arithmetic(records: list[Any], build: Callable[..., Any],
                                   card_of: Callable[..., Any], drop: tuple[str, ...],
                                   nominal: float) -> None:
    overlay = Overlay(rubric="municipal-plan", points={"T5": 10}, drop=drop,
                      note="本系统暂未开通文明单位在线，T13不适用；志愿服务加权")
    card = card_of(build(records, _builder().with_overlay(overlay)))
    assert card.nominal == pytest.approx(nominal)
    assert card.total == pytest.approx(nominal)
