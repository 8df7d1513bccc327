"""The rectification list does work linear in the number of failed checks.

Nothing here is timed: the tests count what the old code did per pair of
checks — re-reading a criterion's checks, comparing a check label with every
pending gap — and bound it by a small multiple of the checks.
"""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reports import support
from wenming.model.duties import Basis, Responsibility
from wenming.model.labels import Label
from wenming.reports import build_gaps
from wenming.reports import gaps as gaps_module
from wenming.scoring import Check, CriterionResult, Scorecard, State
from wenming.scoring import credit as credit_module

FAILED = 20_000


def _card_with_many_failed_checks() -> Scorecard:
    """The city card with its timeliness item standing for 20,000 unfiled records."""
    card = next(c for c in support.cards() if c.rubric_id == "city")
    item = card.item("2")
    on_time = Check(Label("按时", "on time"), 1, 1, unit="hq", weight=500)
    unfiled = tuple(Check(Label(f"R{i}", f"R{i}"), 1, 0, evidence=(f"R{i}",),
                          unit=("hq", "east", "west")[i % 3],
                          note=Label("无归档日期", "no filing date"))
                    for i in range(FAILED))
    points = 5.0 * 500 / (0.9 * (FAILED + 500))
    heavy = CriterionResult(0, "timeliness", None, State.PARTIAL, points, 5.0, "proportional",
                            (on_time, *unfiled), kinds=("moral-lecture",), threshold=0.9)
    items = dict(card.items)
    items["2"] = attrs.evolve(item, state=State.PARTIAL, points=points, maximum=5.0,
                              criteria=(heavy,))
    return attrs.evolve(card, items=items)


def test_credit_totals_are_taken_once_per_criterion_not_per_check(monkeypatch):
    card = _card_with_many_failed_checks()
    built: list[int] = []
    counted_calls = 0
    real_init = credit_module.CreditTotals.__init__
    real_is_counted = credit_module.is_counted

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    def counting_is_counted(check: Check) -> bool:
        nonlocal counted_calls
        counted_calls += 1
        return real_is_counted(check)

    monkeypatch.setattr(credit_module.CreditTotals, "__init__", counting_init)
    monkeypatch.setattr(credit_module, "is_counted", counting_is_counted)
    gaps = build_gaps([card], support.dataset(), support.AS_OF)

    criteria = [c for i in card.items.values() if i.state.shortfall and not i.bonus
                for c in i.criteria if any(ch.failed for ch in c.checks)]
    assert len(built) == len(criteria)  # once per criterion, however many checks fail
    checks = sum(len(c.checks) for c in criteria)
    assert checks > FAILED
    assert counted_calls == checks  # each check read once, not once per failed check
    unfiled = [g for g in gaps.gaps if g.label.en.startswith("R")]
    assert len(unfiled) == FAILED  # distinct records: nothing merges
    # proportional at a 90% threshold over 20,500 weight: one fix is worth 5 / 18,450
    assert {g.gains["city"] for g in unfiled} == {round(5 / (0.9 * 20_500), 4)}


def test_merging_compares_few_labels_not_every_pending_gap(monkeypatch):
    card = _card_with_many_failed_checks()
    comparisons = 0
    real_eq = Label.__eq__

    def counting_eq(self: Label, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return real_eq(self, other)

    monkeypatch.setattr(Label, "__eq__", counting_eq)
    build_gaps([card], support.dataset(), support.AS_OF)
    # The old merge compared each new label with every pending one: ~FAILED² / 2.
    assert comparisons < 5 * FAILED


def test_check_passed_is_read_a_bounded_number_of_times_per_check(monkeypatch):
    card = _card_with_many_failed_checks()
    reads = 0
    real = Check.passed

    def counting(self: Check) -> bool:
        nonlocal reads
        reads += 1
        return real.fget(self)

    monkeypatch.setattr(Check, "passed", property(counting))
    build_gaps([card], support.dataset(), support.AS_OF)
    assert reads < 10 * FAILED  # the old gain re-scored every check per failed check: ~FAILED²


def _old_merge(entries: list[tuple[Label, str, tuple[str, ...]]]) -> list[list[int]]:
    """The merge as it was: scan every pending gap, first match wins."""
    pending: list[tuple[Label, str, set[str], list[int]]] = []
    for index, (label, unit, kinds) in enumerate(entries):
        wanted = set(kinds)
        for p_label, p_unit, p_kinds, members in pending:
            if p_label == label and p_unit == unit and p_kinds & wanted:
                p_kinds.update(wanted)
                members.append(index)
                break
        else:
            pending.append((label, unit, wanted, [index]))
    return [members for *_, members in pending]


_entries = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2),
                              st.lists(st.sampled_from("abcd"), max_size=3, unique=True)),
                    max_size=40)


@settings(max_examples=300, deadline=None)
@given(raw=_entries)
def test_merge_by_key_groups_and_orders_like_the_full_scan(raw):
    entries = [(Label(f"标签{lab}", f"label {lab}"), f"u{unit}", tuple(kinds))
               for lab, unit, kinds in raw]
    pending: list[gaps_module._Pending] = []
    index: dict[tuple[Label, str, gaps_module.Action], list[gaps_module._Pending]] = {}
    for number, (label, unit, kinds) in enumerate(entries):
        criterion = CriterionResult(0, "t", None, State.UNMET, 0.0, 1.0, "all-or-nothing",
                                    kinds=kinds)
        check = Check(label, 1, 0)
        owner = Responsibility(unit, Basis.OFFICE)
        gaps_module._merge(pending, index, number, owner, "r", criterion, check)
    merged = [[m[0] for m in p.members] for p in pending]
    assert merged == _old_merge(entries)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gains_per_gap_equal_rescoring_the_criterion(seed):
    # Several failed checks of one criterion can land in one gap (same label and unit):
    # the gap's gain is the criterion re-scored with all of them fixed.
    rng = random.Random(seed)
    card = next(c for c in support.cards() if c.rubric_id == "city")
    labels = [Label(f"期{i}", f"L{i}") for i in range(4)]
    checks = tuple(Check(rng.choice(labels), 1, rng.randrange(2),
                         unit=rng.choice(("hq", "east")), weight=rng.randrange(1, 4))
                   for _ in range(30))
    weights = sum(c.weight for c in checks)
    passed = sum(c.weight for c in checks if c.passed)
    points = 5.0 * min(1.0, passed / (0.8 * weights))
    crit = CriterionResult(0, "coverage", None, State.PARTIAL, points, 5.0, "proportional",
                           checks, kinds=("moral-lecture",), threshold=0.8)
    items = dict(card.items)
    items["2"] = attrs.evolve(card.item("2"), state=State.PARTIAL, points=points,
                              maximum=5.0, criteria=(crit,))
    gaps = build_gaps([attrs.evolve(card, items=items)], support.dataset(), support.AS_OF)
    for gap in gaps.gaps:
        members = [c for c in checks if c.failed and c.label == gap.label
                   and (c.unit or "") == gap.unit]
        if not members:
            continue
        fixed = sum(c.weight for c in members)
        expected = round(max(0.0, 5.0 * min(1.0, (passed + fixed) / (0.8 * weights))
                             - points), 4)
        assert gap.gains["city"] == expected
