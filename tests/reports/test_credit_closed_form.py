"""The closed-form gain equals re-scoring the criterion with the fixed checks met."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.model.labels import Label
from wenming.scoring import Check, CriterionResult, State
from wenming.scoring.credit import CreditTotals, earned_fraction, is_counted

RULES = ("all-or-nothing", "proportional", "deduct")
_EPS = 1e-9


def _old_earned_fraction(credit: str, points: float, threshold: float, deduct: float | None,
                         counted: Sequence[Check]) -> float:
    """The credit rule as the engine applied it before the closed form (left-to-right sums)."""
    scores = [c.score for c in counted if c.score is not None]
    if scores and len(scores) == len(counted):
        return sum(scores) / len(scores) / 100.0
    passed = sum(c.weight for c in counted if c.passed)
    total = sum(c.weight for c in counted)
    if credit == "deduct":
        if points <= 0:
            return 1.0 if passed == total else 0.0
        lost = (deduct or 0.0) * (total - passed)
        return max(0.0, points - lost) / points
    needed = threshold * total
    if credit == "proportional":
        return min(1.0, passed / needed) if needed else 1.0
    return 1.0 if passed + _EPS >= math.ceil(needed - _EPS) else 0.0


def _rescored_gain(result: CriterionResult, fixed: Iterable[Check], rule=earned_fraction
                   ) -> float:
    """Brute force: copy every counted check, meet the fixed ones, apply the rule again."""
    fixed_ids = {id(c) for c in fixed}
    counted = [c for c in result.checks if not c.manual and (c.due or c.passed)]
    improved = [attrs.evolve(c, found=max(c.found, c.required), maximum=None,
                             score=None if c.score is None else 100.0)
                if id(c) in fixed_ids else c for c in counted]
    after = rule(result.credit, result.maximum, result.threshold, result.deduct, improved)
    return round(max(0.0, after * result.maximum - result.points), 4)


def _check(index: int, required: int, found: int, due: bool, manual: bool, weight: int,
           maximum: int | None, score: float | None) -> Check:
    return Check(Label(f"检查{index}", f"check {index}"), required, found, due=due,
                 manual=manual, weight=weight, maximum=maximum, score=score)


_checks = st.lists(
    st.builds(lambda *a: a, st.integers(0, 3), st.integers(0, 4), st.booleans(),
              st.booleans(), st.integers(1, 5),
              st.none() | st.integers(0, 4)),
    min_size=1, max_size=12)


def _criterion(rows: list[tuple[int, int, bool, bool, int, int | None]],
               scores: list[float | None] | None, credit: str, points: float, threshold: float,
               deduct: float | None, rule=earned_fraction) -> CriterionResult:
    checks = tuple(
        _check(i, req, found, due, manual, weight, maximum,
               None if scores is None else scores[i % len(scores)])
        for i, (req, found, due, manual, weight, maximum) in enumerate(rows))
    counted = [c for c in checks if is_counted(c)]
    earned = points * rule(credit, points, threshold, deduct, counted) if counted else 0.0
    return CriterionResult(0, "test", None, State.PARTIAL, earned, points, credit, checks,
                           threshold=threshold, deduct=deduct)


@settings(max_examples=300, deadline=None)
@given(rows=_checks, credit=st.sampled_from(RULES),
       points=st.sampled_from([0.0, 1.0, 2.5, 4.0, 10.0, 3.3]),
       threshold=st.sampled_from([1.0, 0.8, 0.6, 0.5, 0.34]),
       deduct=st.none() | st.sampled_from([0.5, 1.0, 2.0, 0.3]),
       picks=st.lists(st.integers(0, 11), max_size=14))
def test_gain_equals_rescoring_for_every_credit_rule(rows, credit, points, threshold, deduct,
                                                     picks):
    result = _criterion(rows, None, credit, points, threshold, deduct)
    fixed = [result.checks[p % len(result.checks)] for p in picks]  # repeats included
    assert result.gain_if_fixed(fixed) == _rescored_gain(result, fixed)
    # integer weights and the same expressions: the old left-to-right rule agrees exactly
    assert result.gain_if_fixed(fixed) == _rescored_gain(result, fixed, _old_earned_fraction)
    for check in result.checks:
        assert result.gain_if_fixed([check]) == _rescored_gain(result, [check])


@settings(max_examples=200, deadline=None)
@given(rows=_checks, credit=st.sampled_from(RULES),
       points=st.sampled_from([1.0, 2.5, 4.0, 10.0, 3.3]),
       halves=st.lists(st.none() | st.integers(0, 200), min_size=1, max_size=6),
       picks=st.lists(st.integers(0, 11), max_size=14))
def test_assessed_scores_match_the_old_rule_exactly(rows, credit, points, halves, picks):
    # Assessors score in whole or half percent: sums are exact in any order, so the
    # closed form must equal the old left-to-right re-scoring bit for bit (some checks
    # unscored: the weight rule applies instead).
    scores = [None if h is None else h / 2 for h in halves]
    result = _criterion(rows, scores, credit, points, 1.0, 1.0, _old_earned_fraction)
    fixed = [result.checks[p % len(result.checks)] for p in picks]
    assert result.gain_if_fixed(fixed) == _rescored_gain(result, fixed, _old_earned_fraction)


@settings(max_examples=200, deadline=None)
@given(rows=_checks, points=st.sampled_from([1.0, 3.3, 7.0]),
       scores=st.lists(st.floats(0, 120, allow_nan=False), min_size=1, max_size=6),
       picks=st.lists(st.integers(0, 11), max_size=14))
def test_any_scores_match_rescoring(rows, points, scores, picks):
    result = _criterion(rows, scores, "proportional", points, 1.0, None)
    fixed = [result.checks[p % len(result.checks)] for p in picks]
    assert result.gain_if_fixed(fixed) == _rescored_gain(result, fixed)
    counted = [c for c in result.checks if is_counted(c)]
    # no fix: the closed form gives back exactly the fraction the engine scored
    totals = CreditTotals("proportional", points, 1.0, None, result.checks)
    assert totals.fraction() == earned_fraction("proportional", points, 1.0, None, counted)


def test_non_finite_scores_fall_back_to_adding_them_up():
    checks = tuple(_check(i, 1, 1, True, False, 1, None, s)
                   for i, s in enumerate([math.inf, 50.0, -math.inf]))
    totals = CreditTotals("proportional", 4.0, 1.0, None, checks)
    assert math.isnan(totals.fraction())
    # fixing the infinite ones leaves 100 + 50 + 100 over three checks
    assert totals.fraction([checks[0], checks[2]]) == pytest.approx(250 / 3 / 100)


def test_a_check_that_is_not_the_criterions_own_is_ignored():
    result = _criterion([(1, 0, True, False, 1, None)] * 3, None, "proportional", 3.0, 1.0,
                        None)
    stranger = attrs.evolve(result.checks[0])  # equal, but not one of this criterion's checks
    assert stranger == result.checks[0]
    assert result.gain_if_fixed([stranger]) == 0.0
    assert result.gain_if_fixed([result.checks[0]]) == 1.0
