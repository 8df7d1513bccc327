"""One behavioural test per seed requirement, plus the trace every criterion carries.

Each case takes the complete archive, removes the evidence of one requirement
(every record of its kinds), and checks that exactly that criterion loses
exactly its points while the other criteria of the item — including the
requirements that used to share its points in one any-of criterion — stay met.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming.scoring import State
from wenming.testing import make_host

#: (criterion id, kinds whose records are removed, points the criterion is worth)
REMOVALS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("T1.study", ("staff-theory-study",), 2),
    ("T1.xuexi", ("xuexi-qiangguo",), 2),
    ("T2.ideals", ("ideals-belief-education",), 1),
    ("T2.patriotic", ("patriotic-education",), 1),
    ("T2.xiaokang", ("xiaokang-theme-publicity",), 1),
    ("T3.publicity", ("core-values-publicity",), 1),
    ("T3.eco-worker", ("eco-worker-selection",), 0.5),
    ("T3.civilized-staff", ("civilized-staff-selection",), 0.5),
    ("T3.moral-model-nomination", ("moral-model-nomination",), 1),
    ("T3.moral-model-exchange", ("moral-model-exchange",), 1),
    ("T4.moral-lecture", ("moral-lecture",), 2),
    ("T4.role-models", ("role-model-selection",), 2),
    ("T5.medical-waste", ("medical-waste-guidance",), 1),
    ("T5.anti-epidemic-works", ("anti-epidemic-works",), 1),
    ("T5.volunteer-organisations", ("volunteer-organisation-fostering",), 1),
    ("T5.environment-days", ("world-environment-day", "biodiversity-day"), 1),
    ("T6.festivals", ("festival-activity",), 3),
    ("T6.community", ("civilized-community-participation",), 1),
    ("T6.traffic", ("civilized-traffic",), 0.5),
    ("T6.tourism", ("civilized-tourism",), 0.5),
    ("T6.charity", ("blood-donation",), 1),
    ("T7.red-black-list", ("red-black-list",), 3),
    ("T7.integrity-education", ("integrity-publicity",), 1),
    ("T7.integrity-essay", ("integrity-essay",), 0.5),
    ("T7.integrity-star", ("integrity-star-selection",), 0.5),
    ("T8.family-values", ("family-values-activity",), 1),
    ("T8.family-creation", ("civilized-family-creation",), 1),
    ("T8.family-nomination", ("most-beautiful-family",), 1),
    ("T9.six-nots", ("six-nots-management",), 3),
    ("T10.complaints", ("complaint-handling",), 3),
    ("T11.online-civility", ("network-civilization",), 3),
    ("T12.skills-contest", ("skills-contest",), 2),
    ("T12.service-window", ("service-window-improvement",), 2),
    ("T13.registration", ("online-platform-registration",), 1),
    ("T13.user-info", ("online-platform-user-info",), 1),
    ("T13.daily-management", ("online-platform-update",), 2),
    ("P1.leading-group", ("leading-group-establishment",), 2),
    ("P1.work-plan", ("work-plan",), 2),
    ("P1.consultation", ("staff-consultation",), 1),
    ("P2.mobilisation", ("mobilisation-meeting",), 2),
    ("P2.deployment", ("deployment-meeting",), 2),
    ("P3.appraisal", ("creation-inspection",), 4),
    ("P4.self-scoring", ("self-scoring-sheet",), 2),
    ("P4.rectification-list", ("rectification-list",), 2),
    ("P5.rectification", ("rectification-record",), 3),
    ("P6.materials", ("materials-compilation",), 1),
    ("P6.videos", ("video-materials",), 1),
    ("P6.reception", ("inspection-reception",), 2),
    ("S2.publicity", ("publicity-item",), 3),
    ("S3.plans", ("annual-plan",), 3),
    ("S3.summaries", ("annual-summary",), 3),
    ("S3.people", ("person-in-charge-designation",), 1),
    ("S3.funds", ("creation-spending",), 1),
    ("S4.self-check", ("self-check",), 2),
)

#: Kinds one criterion shares with another (the supervision inspections are also the
#: full-creation appraisals), so removing them costs both.
SHARED = {"P3.appraisal": {"S4.supervision": 2.0}}


def _criterion(card: Any, criterion_id: str) -> Any:
    item = card.item(criterion_id.split(".")[0])
    return next(c for c in item.criteria if c.id == criterion_id)


@pytest.mark.parametrize(("criterion_id", "kinds", "worth"), REMOVALS,
                         ids=[r[0] for r in REMOVALS])
def test_removing_a_requirements_evidence_costs_exactly_its_points(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any],
        criterion_id: str, kinds: tuple[str, ...], worth: float) -> None:
    kept = [r for r in records if r.kind not in kinds]
    assert len(kept) < len(records), "the complete archive must hold the evidence"
    card = card_of(build(kept))
    result = _criterion(card, criterion_id)
    assert result.state is State.UNMET
    assert result.points == 0
    assert result.maximum == pytest.approx(worth)
    lost = worth + sum(SHARED.get(criterion_id, {}).values())
    assert card.total == pytest.approx(100 - lost)
    item = card.item(criterion_id.split(".")[0])
    # The requirement's siblings in the item — split apart from it — are still met.
    for other in item.criteria:
        if other.id != criterion_id:
            assert other.state is State.MET, other.id
    label = result.label
    assert any(f.zh.startswith(f"{label.zh}：未达标") for f in item.findings)
    assert any(f.en.startswith(f"{label.en}: Unmet") for f in item.findings)


def test_every_criterion_is_exercised_by_a_removal_or_a_named_test() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    ids = {c.id for i in rubric.items() for c in i.criteria}
    # Exercised elsewhere: T5.outreach (test_municipal_tasks), S1 (test_municipal_safeguards,
    # test_municipal_leading_group), S4.supervision and S4.filed-in-time
    # (test_municipal_safeguards).
    elsewhere = {"T5.outreach", "S1.leading-group", "S4.supervision", "S4.filed-in-time"}
    assert ids == {r[0] for r in REMOVALS} | elsewhere


def test_every_criterion_is_traced_to_a_clause_of_the_plan() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    seen: set[str] = set()
    for item in rubric.items():
        assert item.source, item.code
        for criterion in item.criteria:
            assert criterion.id.startswith(f"{item.code}."), criterion.id
            assert criterion.id not in seen
            seen.add(criterion.id)
            # A clause reference of part 三 (tasks), 四 (phases) or 五 (safeguards).
            assert criterion.source == item.source, criterion.id
            assert criterion.source.startswith(("三、", "四、（", "五、（")), criterion.id
            assert criterion.basis in ("seed", "choice"), criterion.id
            if criterion.basis == "choice":
                assert criterion.interprets, criterion.id
            else:
                assert criterion.interprets is None, criterion.id


def test_choices_are_the_documented_ones() -> None:
    """The README's choice table and the TOML name the same criteria and the same words."""
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    choices = {c.id: c.interprets for i in rubric.items() for c in i.criteria
               if c.basis == "choice"}
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    table = readme[readme.index("### The rubric's choices"):readme.index("### Not scored here")]
    documented: dict[str, str] = {}
    for ids, words in re.findall(r"^\| ((?:`[^`]+` ?)+) \| ([^|]+) \|", table, re.MULTILINE):
        for cid in re.findall(r"`([^`]+)`", ids):
            documented[cid] = words.strip()
    assert documented == choices
    window = "全面开展文明创建工作；努力整改提出的问题和薄弱环节"
    # Every task criterion read over full creation and rectification says so in its words.
    for item in rubric.items():
        for c in item.criteria:
            if getattr(c.params, "window", None) == "phase:full-creation..rectification":
                assert c.basis == "choice" and window in (c.interprets or ""), c.id


def test_the_provincial_only_requirements_are_not_scored() -> None:
    rubric = make_host(plugin).rubrics()["municipal-plan"]
    kinds = {k for i in rubric.items() for c in i.criteria
             for k in getattr(c.params, "kinds", ())}
    assert "website-column" not in kinds
    assert "inspection-circular" not in kinds


# -- the split any-of criteria: one thing done, the other still missing ---------------------

SPLITS = (
    # (item, kinds kept, kinds removed, criterion met, criterion missing)
    ("T2", "ideals-belief-education", "xiaokang-theme-publicity", "T2.ideals", "T2.xiaokang"),
    ("T3", "eco-worker-selection", "moral-model-nomination", "T3.eco-worker",
     "T3.moral-model-nomination"),
    ("T3", "moral-model-nomination", "moral-model-exchange", "T3.moral-model-nomination",
     "T3.moral-model-exchange"),
    ("T5", "medical-waste-guidance", "anti-epidemic-works", "T5.medical-waste",
     "T5.anti-epidemic-works"),
    ("T6", "civilized-traffic", "civilized-community-participation", "T6.traffic",
     "T6.community"),
    ("T6", "civilized-community-participation", "blood-donation", "T6.community",
     "T6.charity"),
    ("T7", "integrity-essay", "integrity-publicity", "T7.integrity-essay",
     "T7.integrity-education"),
    ("T8", "civilized-family-creation", "most-beautiful-family", "T8.family-creation",
     "T8.family-nomination"),
)


@pytest.mark.parametrize(("code", "kept", "removed", "met", "missing"), SPLITS,
                         ids=[f"{s[3]}-without-{s[4]}" for s in SPLITS])
def test_doing_one_merged_requirement_no_longer_earns_the_other(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any],
        code: str, kept: str, removed: str, met: str, missing: str) -> None:
    archive = [r for r in records if r.kind != removed]
    assert any(r.kind == kept for r in archive)
    item = card_of(build(archive)).item(code)
    done, absent = _criterion_pair(item, met, missing)
    assert (done.state, done.points) == (State.MET, pytest.approx(done.maximum))
    assert (absent.state, absent.points) == (State.UNMET, 0)
    assert item.state is State.PARTIAL
    assert item.points == pytest.approx(item.maximum - absent.maximum)


def _criterion_pair(item: Any, met: str, missing: str) -> tuple[Any, Any]:
    by_id = {c.id: c for c in item.criteria}
    return by_id[met], by_id[missing]


def test_charity_is_either_warmth_delivery_or_blood_donation(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # The plan lists 送温暖 and 献血 as examples of one requirement (等公益活动).
    swapped = [r._replace(kind="warmth-delivery") if r.kind == "blood-donation" else r
               for r in records]
    t6 = card_of(build(swapped)).item("T6")
    assert {c.id: c.state for c in t6.criteria}["T6.charity"] is State.MET
