"""Credit rules: how a criterion's counted checks become a share of its points.

A criterion counts the checks that are neither manual nor still running
unmet (:func:`is_counted`), and its credit rule — all-or-nothing,
proportional, deduct, or the mean of assessor scores when every counted
check carries one — turns them into a fraction of its points.

Every rule reads only a few totals of the counted checks: how many there
are, how many carry a score, the sum of the scores, the weight passed and
the total weight. :class:`CreditTotals` takes them once, so "what if these
checks were fixed?" costs the number of fixed checks, not a re-scoring of
the criterion: the rectification list asks that once per failed check.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from wenming.scoring.checks import Check

if TYPE_CHECKING:
    from wenming.rubric.document import Criterion

__all__ = ["CreditTotals", "credit_fraction", "earned_fraction", "is_counted", "shortfall"]

_EPS = 1e-9
#: A fixed assessed check is settled at full marks.
_FULL_SCORE = 100.0


def is_counted(check: Check) -> bool:
    """Whether a check enters the credit rule: settled by data, and due or already met."""
    return not check.manual and (check.due or check.passed)


def credit_fraction(criterion: Criterion, counted: Sequence[Check]) -> float:
    """The share of a criterion's points earned from its counted checks."""
    return earned_fraction(criterion.credit, criterion.points, criterion.threshold,
                           criterion.deduct, counted)


def earned_fraction(credit: str, points: float, threshold: float, deduct: float | None,
                    counted: Sequence[Check]) -> float:
    """Apply a credit rule (all-or-nothing, proportional, deduct) to counted checks."""
    scores = [c.score for c in counted if c.score is not None]
    passed = sum(c.weight for c in counted if c.passed)
    total = sum(c.weight for c in counted)
    return _apply(credit, points, threshold, deduct, len(counted), len(scores),
                  _score_sum(scores), passed, total,
                  sum(map(shortfall, counted)) if credit == "shortfall" else 0)


def shortfall(check: Check) -> int:
    """Records the check is short of what it requires (少几个), times its weight."""
    if check.passed or check.score is not None:
        return 0
    return max(0, check.required - check.found) * check.weight


def _score_sum(scores: Iterable[float]) -> float:
    values = list(scores)
    if all(math.isfinite(s) for s in values):
        # Exact, then rounded once: the mean does not depend on check order, and
        # CreditTotals reproduces it bit for bit after replacing a few scores.
        return math.fsum(values)
    return sum(values)  # fsum raises on inf - inf where a plain sum gives NaN


def _apply(credit: str, points: float, threshold: float, deduct: float | None, checks: int,
           scored: int, score_sum: float, passed: int, total: int, missing: int = 0) -> float:
    if scored and scored == checks:
        return score_sum / scored / 100.0
    if credit in ("deduct", "shortfall"):
        if points <= 0:
            return 1.0 if passed == total else 0.0
        # deduct: per failed check; shortfall: per record a check is short (少一个扣1分).
        lost = (deduct or 0.0) * (total - passed if credit == "deduct" else missing)
        return max(0.0, points - lost) / points
    needed = threshold * total
    if credit == "proportional":
        return min(1.0, passed / needed) if needed else 1.0
    return 1.0 if passed + _EPS >= math.ceil(needed - _EPS) else 0.0


class CreditTotals:
    """One criterion's counted checks reduced to the totals its credit rule reads.

    Built once in O(checks); :meth:`fraction` and :meth:`gain` then answer
    "what if these checks were fixed" in O(len(fixed)), with the same
    arithmetic as re-scoring the criterion with those checks met (an
    assessed check fixed scores 100).
    """

    __slots__ = ("_counted", "_score_sum", "_scores", "_single", "checks", "credit", "deduct",
                 "missing", "passed", "points", "scored", "threshold", "total")

    def __init__(self, credit: str, points: float, threshold: float, deduct: float | None,
                 checks: Iterable[Check]) -> None:
        self.credit = credit
        self.points = points
        self.threshold = threshold
        self.deduct = deduct
        counted = [c for c in checks if is_counted(c)]
        # Fixed checks are recognised by identity, as gain_if_fixed always has: an equal
        # check from elsewhere is not one of this criterion's.
        self._counted = {id(c): c for c in counted}
        scores = [c.score for c in counted if c.score is not None]
        self.checks = len(counted)
        self.scored = len(scores)
        self.passed = sum(c.weight for c in counted if c.passed)
        self.total = sum(c.weight for c in counted)
        # Only the shortfall rule reads it: the others must not pay a pass over the checks.
        self.missing = sum(map(shortfall, counted)) if credit == "shortfall" else 0
        self._score_sum: Fraction | None = None
        self._scores: dict[int, float] | None = None
        self._single: dict[tuple[int, int, float], float] = {}
        if self.scored and self.scored == self.checks:
            if all(math.isfinite(s) for s in scores):
                # Exact, so replacing some scores and rounding once equals fsum of the new ones.
                self._score_sum = sum(map(Fraction, scores), Fraction(0))
            else:
                # NaN or infinity has no exact value: re-add the scores (rare, O(checks)).
                self._scores = {id(c): c.score for c in counted if c.score is not None}

    def fraction(self, fixed: Iterable[Check] = ()) -> float:
        """The share of the points earned if the ``fixed`` checks were met."""
        passed, missing = self.passed, self.missing
        fixed_scores: dict[int, float] = {}
        seen: set[int] = set()
        for check in fixed:
            key = id(check)
            if key in seen or key not in self._counted:
                continue
            seen.add(key)
            if not check.passed:
                passed += check.weight
                if self.credit == "shortfall":
                    missing -= shortfall(check)
            if check.score is not None:
                fixed_scores[key] = check.score
        score_sum = 0.0
        if self._score_sum is not None:
            score_sum = float(self._score_sum + sum(
                (Fraction(_FULL_SCORE) - Fraction(s) for s in fixed_scores.values()),
                Fraction(0)))
        elif self._scores is not None:
            score_sum = _score_sum(_FULL_SCORE if key in fixed_scores else s
                                   for key, s in self._scores.items())
        return _apply(self.credit, self.points, self.threshold, self.deduct, self.checks,
                      self.scored, score_sum, passed, self.total, missing)

    def gain(self, points_now: float, fixed: Iterable[Check]) -> float:
        """Points recovered over ``points_now`` if the ``fixed`` checks were met (4 places)."""
        if isinstance(fixed, list | tuple) and len(fixed) == 1:
            check = fixed[0]
            if check.score is None and not check.passed and id(check) in self._counted:
                # One failed, unassessed check recovers what its weight does, whichever
                # it is: the rectification list asks this of 100,000 late records.
                key = (check.weight,
                       shortfall(check) if self.credit == "shortfall" else 0, points_now)
                found = self._single.get(key)
                if found is None:
                    found = self._single[key] = round(
                        max(0.0, self.fraction(fixed) * self.points - points_now), 4)
                return found
        return round(max(0.0, self.fraction(fixed) * self.points - points_now), 4)

    def fixes_needed(self, points_now: float, fixed: Sequence[Check]) -> int:
        """How many of ``fixed``, met in the order given, recover all that meeting every one
        of them would; 0 when that is nothing.

        One pass with running totals, so O(len(fixed)) like :meth:`gain`: the
        rectification list asks it of criteria whose checks earn nothing alone
        (a 90 % filing threshold, say).
        """
        target = self.gain(points_now, fixed)
        if target <= 0:
            return 0
        if self._scores is not None:
            return len(fixed)  # non-finite scores have no running sum; say "all of them"
        passed, missing = self.passed, self.missing
        score_sum = self._score_sum
        seen: set[int] = set()
        for n, check in enumerate(fixed, 1):
            key = id(check)
            if key in seen or key not in self._counted:
                continue
            seen.add(key)
            if not check.passed:
                passed += check.weight
                if self.credit == "shortfall":
                    missing -= shortfall(check)
            if check.score is not None and score_sum is not None:
                score_sum += Fraction(_FULL_SCORE) - Fraction(check.score)
            share = _apply(self.credit, self.points, self.threshold, self.deduct, self.checks,
                           self.scored, float(score_sum or 0), passed, self.total, missing)
            if round(max(0.0, share * self.points - points_now), 4) >= target:
                return n
        return len(fixed)
