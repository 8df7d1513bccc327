"""The fewest proposed activities that bring every rubric over its pass line.

A plan with ``target="pass"`` should ask for the least that works, and spend
it on the rubrics still below the bar. Gains do not simply add up (under
all-or-nothing credit two periods fixed together earn what neither earns
alone), so every candidate set is settled by scoring it. What keeps the
search small is an upper bound that never underestimates: a set of
activities can recover at most, in each rubric, what meeting every failed
check its records fall in would earn (see
:class:`wenming.reports.plan_records.Bounds`). For each
size from one up, only the sets whose bound reaches every failing rubric's
deficit are scored, the most promising first; the first that passes is a
least one, since every smaller set was either scored and failed or could not
reach the line even in the best case.

Scoring is bounded by :data:`MAX_SCORINGS`. Past it the search falls back to
adding activities (those helping failing rubrics first) until every rubric
passes, then dropping (up to :data:`MAX_PRUNINGS` of) those the others can
do without — a plan that passes, though not proven least.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Final, Protocol

from wenming.scoring.scorecard import Scorecard

#: Scorings the exact search may spend before falling back to adding and pruning.
MAX_SCORINGS: Final = 60
#: Candidate sets of one size considered before falling back.
MAX_SETS: Final = 2_000
#: Partial sets the search may weigh, over all sizes, before falling back.
MAX_NODES: Final = 20_000
#: Activities the fallback tries to drop once its plan passes.
MAX_PRUNINGS: Final = 12

_EPS = 1e-9


class Option(Protocol):
    """What the search needs of a candidate activity: its expected gain per rubric."""

    @property
    def gains(self) -> Mapping[str, float]: ...


Score = Callable[[Sequence[int]], list[Scorecard]]
Bound = Callable[[Sequence[int]], Mapping[str, float]]


class _TooMany(Exception):
    """More candidate sets than the search weighs: fall back."""


def passes(card: Scorecard) -> bool:
    return card.verdict in ("pass", None)


def deficit(card: Scorecard) -> float:
    """Points ``card`` lacks to reach its pass line on the due items (0 when it passes)."""
    if card.pass_line is None or card.maximum <= 0 or passes(card):
        return 0.0
    line = card.pass_line / card.nominal * card.maximum if card.nominal else card.pass_line
    return max(0.0, line - card.total)


def least(options: Sequence[Option], before: Sequence[Scorecard], bound: Bound,
          loose: Sequence[Mapping[str, float]], score: Score
          ) -> tuple[list[int], list[Scorecard]]:
    """The indices of the fewest ``options`` whose records make every rubric pass.

    ``bound`` gives, for a set of options, the most scoring could give each
    rubric over ``before`` (never less); ``loose[i]`` is the most option ``i``
    could add to any set (its criteria's whole losses). ``score`` scores the
    dataset with the records of the options given. Returns the chosen
    indices (in ``options`` order) and their scorecards; everything, if even
    that does not pass.
    """
    failing = {c.rubric_id: deficit(c) for c in before if not passes(c)}
    if not failing:
        return [], list(before)
    order = sorted(range(len(options)), key=lambda i: _priority(options[i], failing))
    budget = MAX_SCORINGS
    nodes = [MAX_NODES]
    for size in range(1, len(options) + 1):
        try:
            sets = _sets(order, size, failing, bound, loose, nodes)
        except _TooMany:
            break
        sets.sort(key=lambda s: (_short(options, s, failing), [order.index(i) for i in s]))
        for chosen in sets:
            if budget <= 0:
                return _grow_and_prune(order, score)
            budget -= 1
            cards = score(sorted(chosen))
            if all(passes(c) for c in cards):
                return sorted(chosen), cards
    return _grow_and_prune(order, score)


def _priority(option: Option, failing: Mapping[str, float]) -> tuple[float, float]:
    # Points for the rubrics below the bar first (capped at what each still lacks), then
    # everything the activity earns.
    helps = sum(min(option.gains.get(r, 0.0), need) for r, need in failing.items())
    return -helps, -sum(option.gains.values())


def _short(options: Sequence[Option], chosen: Sequence[int],
           failing: Mapping[str, float]) -> float:
    """How far the estimated gains of ``chosen`` fall short of the deficits (0: enough)."""
    gained: dict[str, float] = {}
    for i in chosen:
        for rubric, points in options[i].gains.items():
            gained[rubric] = gained.get(rubric, 0.0) + points
    return sum(max(0.0, need - gained.get(r, 0.0)) for r, need in failing.items())


def _sets(order: Sequence[int], size: int, failing: Mapping[str, float], bound: Bound,
          loose: Sequence[Mapping[str, float]], nodes: list[int]) -> list[tuple[int, ...]]:
    """Every set of ``size`` options whose bound reaches every failing rubric's deficit.

    Depth first, most promising options first; a partial set is dropped when
    its bound plus the largest ``loose`` additions the rest could bring still
    falls short (adding an option never adds more than its criteria's whole
    losses). Raises :class:`_TooMany` past :data:`MAX_SETS` sets, or once
    ``nodes`` (the partial sets left to weigh, shared by every size) runs out.
    """
    # For each rubric, the sum of the m largest additions any options could bring.
    top = {r: [0.0, *itertools.accumulate(sorted((extra.get(r, 0.0) for extra in loose),
                                                 reverse=True))]
           for r in failing}
    out: list[tuple[int, ...]] = []

    def reaches(chosen: Sequence[int], more: int) -> bool:
        have = bound(chosen)
        return all(have.get(r, 0.0) + top[r][min(more, len(top[r]) - 1)] + _EPS >= need
                   for r, need in failing.items())

    def visit(start: int, chosen: list[int]) -> None:
        nodes[0] -= 1
        if nodes[0] < 0:
            raise _TooMany
        more = size - len(chosen)
        if not reaches(chosen, more):
            return
        if more == 0:
            out.append(tuple(chosen))
            if len(out) > MAX_SETS:
                raise _TooMany
            return
        for position in range(start, len(order) - more + 1):
            chosen.append(order[position])
            visit(position + 1, chosen)
            chosen.pop()

    visit(0, [])
    return out


def _grow_and_prune(order: Sequence[int], score: Score) -> tuple[list[int], list[Scorecard]]:
    chosen: list[int] = []
    cards: list[Scorecard] = []
    for i in order:
        chosen.append(i)
        cards = score(sorted(chosen))
        if all(passes(c) for c in cards):
            break
    else:
        return sorted(chosen), cards
    # Drop what the others can do without, the least helpful first.
    budget = MAX_PRUNINGS
    for i in reversed(list(chosen)):
        if len(chosen) == 1 or budget <= 0:
            break
        budget -= 1
        rest = [j for j in chosen if j != i]
        trial = score(sorted(rest))
        if all(passes(c) for c in trial):
            chosen, cards = rest, trial
    return sorted(chosen), cards


__all__ = ["MAX_SCORINGS", "deficit", "least", "passes"]
