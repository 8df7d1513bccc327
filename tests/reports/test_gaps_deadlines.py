"""Honest deadlines and owners on the rectification list (#19).

The example is scored at eight dates across its campaign; at each, no deadline
may lie before the as-of date, after the end of the window in which the action
still counts, or — for the year-end summary — outside its window (November to January,
municipal-plan S3.summaries: two months before the year's end, one after).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from wenming.loaders import load_dataset
from wenming.model.duties import Basis
from wenming.plugins import PluginHost
from wenming.reports import build_gaps
from wenming.reports.gaps import Action, GapList
from wenming.scoring import Scorer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
DATES = ("2020-05-31", "2020-09-30", "2021-01-15", "2021-03-31", "2021-06-30", "2021-09-30",
         "2021-11-15", "2021-12-31")


@pytest.fixture(scope="module")
def scored() -> tuple[PluginHost, object]:
    host = PluginHost()
    return host, load_dataset(EXAMPLE, vocabulary=host.vocabulary())


def _gaps(scored: tuple[PluginHost, object], day: date, by: date | None = None) -> GapList:
    host, data = scored
    cards = Scorer(host).score_all(data, as_of=day)  # type: ignore[arg-type]
    return build_gaps(cards, data, day, by=by)  # type: ignore[arg-type]


@pytest.mark.parametrize("when", DATES)
def test_no_deadline_before_the_as_of_date_or_after_its_window(scored, when):
    day = date.fromisoformat(when)
    gaps = _gaps(scored, day)
    campaign_end = date(2021, 12, 31)
    for gap in gaps.gaps:
        assert (gap.deadline is None) == (gap.action is Action.LOST), gap
        if gap.deadline is None:
            continue
        assert gap.deadline >= day, (gap.finding, gap.deadline)
        assert gap.counts_until is not None and gap.deadline <= gap.counts_until
        for shortfall in gap.shortfalls:
            # a check with a window: the deadline stays inside what is left of it
            if shortfall.deadline is not None and gap.action is Action.REDO:
                assert day <= gap.deadline <= shortfall.deadline
            if "annual-summary" in shortfall.kinds and gap.action is Action.REDO:
                assert gap.deadline.month in (11, 12, 1), gap  # 年终总结 counts Nov–Jan only
        assert gap.deadline <= campaign_end
    # lost rows are never counted as recoverable
    recoverable = sum(g.combined_gain for g in gaps.gaps if not g.lost)
    assert sum(gaps.total_gain().values()) == pytest.approx(recoverable)


def test_by_caps_every_deadline(scored):
    day, by = date(2021, 9, 30), date(2021, 10, 10)
    gaps = _gaps(scored, day, by)
    dated = [g for g in gaps.gaps if g.deadline is not None]
    assert dated and all(day <= g.deadline <= by for g in dated)


def test_a_closed_window_is_lost_and_says_so(scored):
    gaps = _gaps(scored, date(2021, 9, 30))
    spring = [g for g in gaps.gaps if "三月三" in g.finding.zh]
    assert spring and all(g.lost and g.deadline is None for g in spring)
    assert "检查组" in Action.LOST.note.zh
    # lost rows come after every row that can still be fixed
    kinds = [g.lost for g in gaps.gaps]
    assert kinds == sorted(kinds)


def test_every_row_says_who_and_why(scored):
    gaps = _gaps(scored, date(2021, 12, 31))
    assert gaps.gaps
    for gap in gaps.gaps:
        assert gap.responsibility is not None and gap.placed_by.zh and gap.placed_by.en
    festival = [g for g in gaps.gaps if g.kinds and "festival-activity" in g.kinds]
    # festival activities belong to main task t06, whose lead unit is the office
    assert all(g.responsibility is not None and g.responsibility.basis in
               (Basis.TASK, Basis.CHECK_UNIT) for g in festival)


def test_duties_in_campaign_toml_place_rows_on_their_owners(scored, tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    campaign = folder / "campaign.toml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + """
[[duties]]
item = "12"
rubric = "provincial-18"
owners = ["policy"]
person = "测试人甲"
""", encoding="utf-8")
    host = PluginHost()
    data = load_dataset(folder, vocabulary=host.vocabulary())
    day = date(2021, 9, 30)
    gaps = build_gaps(Scorer(host).score_all(data, as_of=day), data, day)
    festival = [g for g in gaps.gaps if "三月三" in g.finding.zh]
    assert festival and all(g.unit == "policy" and g.person == "测试人甲" for g in festival)
    assert festival[0].responsibility is not None
    assert festival[0].responsibility.basis is Basis.ITEM
    assert "campaign.toml" in festival[0].placed_by.zh


def test_a_duty_naming_an_unknown_unit_is_an_error(tmp_path):
    from wenming.errors import DatasetError

    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    campaign = folder / "campaign.toml"
    campaign.write_text(campaign.read_text(encoding="utf-8")
                        + '\n[[duties]]\nitem = "12"\nowners = ["nobody"]\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="nobody"):
        load_dataset(folder)


def test_a_task_person_passes_through_and_a_repeated_duty_is_an_error(tmp_path):
    from wenming.errors import DatasetError

    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    campaign = folder / "campaign.toml"
    text = campaign.read_text(encoding="utf-8")
    # task t07 (environmental integrity, the red and black lists) gets a person
    text = text.replace('owners = ["policy"]\n', 'owners = ["policy"]\nperson = "测试人丙"\n', 1)
    campaign.write_text(text, encoding="utf-8")
    host = PluginHost()
    data = load_dataset(folder, vocabulary=host.vocabulary())
    task = next(t for t in data.campaign.tasks if t.id == "t07")
    assert task.person == "测试人丙"
    day = date(2021, 12, 31)
    gaps = build_gaps(Scorer(host).score_all(data, as_of=day), data, day)
    placed = [g for g in gaps.gaps if g.responsibility is not None
              and g.responsibility.basis is Basis.TASK and g.responsibility.ref == "t07"]
    assert placed and all(g.person == "测试人丙" for g in placed)
    campaign.write_text(text + '\n[[duties]]\nitem = "12"\nowners = ["policy"]\n'
                        '\n[[duties]]\nitem = "12"\nowners = ["party"]\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="twice") as raised:
        load_dataset(folder, vocabulary=host.vocabulary())
    assert any(issue.line for issue in raised.value.issues)
