"""An overlay changes a criterion's rule by its id, and the scorecard says the rule is local."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.scoring.conftest import one_item_rubric, score_card
from wenming.errors import DatasetError
from wenming.loaders import load_dataset
from wenming.model.tailoring import Overlay
from wenming.plugins import PluginHost, RubricSource
from wenming.rubric import apply_overlay, load_rubric
from wenming.rubric.overlay import overlay_issues
from wenming.scoring.tailoring_check import check_tailoring
from wenming.testing import DatasetBuilder, make_host

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"

QUARTERLY = {"type": "frequency", "kinds": ["moral-lecture"], "per": "quarter", "points": 4,
             "credit": "proportional", "id": "L.1", "source": "二、5（3）", "basis": "choice",
             "interprets": "定期"}
PLAN = {"type": "present", "kinds": ["work-plan"], "points": 2, "id": "P.1"}


def _data(**overlay: object) -> DatasetBuilder:
    builder = (DatasetBuilder().add("moral-lecture", "2020-06-01")
               .add("moral-lecture", "2021-06-01").add("work-plan", "2020-04-20"))
    if overlay:
        builder.with_overlay(Overlay("t", note="本地每年一次", **overlay))  # type: ignore[arg-type]
    return builder


def test_an_overlay_changes_a_choice_by_criterion_id_and_marks_it():
    plain = score_card(_data().build(), "2021-12-31", QUARTERLY, PLAN).item("1")
    assert plain.criteria[0].state.value == "partial"
    assert plain.criteria[0].basis == "choice"

    data = _data(criteria={"L.1": {"per": "year"}}).build()
    card = score_card(data, "2021-12-31", QUARTERLY, PLAN)
    lecture, plan = card.item("1").criteria
    assert lecture.state.value == "met" and lecture.points == 4
    assert len(lecture.checks) == 2  # 2020 and 2021, no longer 7 quarters
    assert (lecture.id, lecture.basis, lecture.source, lecture.interprets) == (
        "L.1", "overlay", "二、5（3）", "定期")
    assert plan.basis == "seed"  # criteria the overlay does not name are untouched
    assert card.overlay == "本地每年一次"


def test_an_overlay_changes_a_threshold():
    rubric = _rubric(QUARTERLY, PLAN)
    changed = apply_overlay(rubric, Overlay("t", criteria={"L.1": {"threshold": 0.5}}))
    assert changed.criterion("L.1")[1].threshold == 0.5
    assert changed.criterion("L.1")[1].params == rubric.criterion("L.1")[1].params


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"L.9": {"per": "year"}}, "criteria.id", "criterion the rubric does not have"),
    ({"L.1": {"per": "fortnight"}}, "criteria(L.1).per", "not valid"),
    ({"L.1": {"every": "year"}}, "criteria(L.1).every", "not a parameter"),
    ({"L.1": {"kinds": ["work-plan"]}}, "criteria(L.1).kinds", "cannot change"),
    ({"L.1": {"points": 9}}, "criteria(L.1).points", "cannot change"),
    ({"L.1": {"threshold": 1.5}}, "criteria(L.1).threshold", "not a share"),
])
def test_bad_criterion_changes_are_located(changes, field, message):
    rubric = _rubric(QUARTERLY, PLAN)
    overlay = Overlay("t", criteria=changes, source="overlays/t.toml")
    [issue] = overlay_issues(rubric, overlay)
    assert issue.where == "overlays/t.toml"
    assert issue.field == field and message in issue.message
    with pytest.raises(DatasetError):
        apply_overlay(rubric, overlay)


def test_an_unknown_id_suggests_the_closest():
    [issue] = overlay_issues(_rubric(QUARTERLY, PLAN),
                             Overlay("t", criteria={"L1": {"per": "year"}}))
    assert issue.value == "L1" and "L.1" in (issue.expected or "")


def test_an_overlay_file_addresses_the_example_rubric_by_criterion_id(tmp_path: Path):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE, folder)
    (folder / "overlays").mkdir()
    (folder / "overlays" / "example.toml").write_text(
        'note = "道德讲堂每季度一次"\n\n[[criteria]]\nid = "2.1"\nper = "quarter"\n\n'
        '[[criteria]]\nid = "9.9"\nmin = 2\n', encoding="utf-8")
    host = PluginHost()
    data = load_dataset(folder, vocabulary=host.vocabulary())
    assert dict(data.overlays["example"].criteria) == {"2.1": {"per": "quarter"},
                                                       "9.9": {"min": 2}}
    [issue] = check_tailoring(data, host.rubrics())
    assert (issue.where, issue.line, issue.value) == ("overlays/example.toml", 8, "9.9")


def test_an_overlay_file_naming_a_criterion_twice_is_refused(tmp_path: Path):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE, folder)
    (folder / "overlays").mkdir()
    (folder / "overlays" / "example.toml").write_text(
        '[[criteria]]\nid = "2.1"\nper = "quarter"\n\n[[criteria]]\nid = "2.1"\nmin = 2\n',
        encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    [issue] = [i for i in caught.value.issues if i.where == "overlays/example.toml"]
    assert issue.line == 6 and issue.field == "criteria[2].id"


def _rubric(*criteria: dict[str, object]):
    host = make_host()
    return load_rubric(RubricSource(one_item_rubric(list(criteria)), "r.toml"),
                       criterion_types=host.criterion_types(), vocabulary=host.vocabulary())
