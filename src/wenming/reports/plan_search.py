"""The fewest proposed activities that bring every rubric over its pass line.

A plan with ``target="pass"`` should ask for the least that works, and spend
it on the rubrics still below the bar. Gains do not simply add up (under
all-or-nothing credit two periods fixed together earn what neither earns
alone), so every candidate set is settled by scoring it. What keeps the
search small is an upper bound that never underestimates: a set of
activities can recover at most, in each rubric, the points its criteria have
lost (a criterion counted once however many activities touch it). For each
size from one up, only the sets whose bound reaches every failing rubric's
deficit are scored, the most promising first; the first that passes is a
least one, since every smaller set was either scored and failed or could not
reach the line even in the best case.

Scoring is bounded by :data:`MAX_SCORINGS`. Past it the search falls back to
adding activities (those helping failing rubrics first) until every rubric
passes, then dropping each one the others can do without — a plan that
passes and has no activity to spare, though not proven least.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Final, Protocol

from wenming.scoring.scorecard import Scorecard

#: Scorings the exact search may spend before falling back to adding and pruning.
MAX_SCORINGS: Final = 60
#: Candidate sets of one size considered before falling back.
MAX_SETS: Final = 20_000

_EPS = 1e-9


class Option(Protocol):
    """What the search needs of a candidate activity."""

    @property
    def gains(self) -> Mapping[str, float]: ...

    @property
    def touches(self) -> frozenset[tuple[str, str, int]]: ...


Score = Callable[[Sequence[int]], list[Scorecard]]


def passes(card: Scorecard) -> bool:
    return card.verdict in ("pass", None)


def deficit(card: Scorecard) -> float:
    """Points ``card`` lacks to reach its pass line on the due items (0 when it passes)."""
    if card.pass_line is None or card.maximum <= 0 or passes(card):
        return 0.0
    line = card.pass_line / card.nominal * card.maximum if card.nominal else card.pass_line
    return max(0.0, line - card.total)


def least(options: Sequence[Option], before: Sequence[Scorecard],
          recoverable: Mapping[tuple[str, str, int], float], score: Score
          ) -> tuple[list[int], list[Scorecard]]:
    """The indices of the fewest ``options`` whose records make every rubric pass.

    ``recoverable`` maps (rubric, item, criterion index) to the most its
    criterion can still gain; ``score`` scores the dataset with the records
    of the options given. Returns the chosen indices (in ``options`` order)
    and their scorecards; everything, if even that does not pass.
    """
    failing = {c.rubric_id: deficit(c) for c in before if not passes(c)}
    if not failing:
        return [], list(before)
    order = sorted(range(len(options)), key=lambda i: _priority(options[i], failing))
    budget = [MAX_SCORINGS]

    def bound(chosen: Sequence[int]) -> dict[str, float]:
        touched = set().union(*(options[i].touches for i in chosen))
        out: dict[str, float] = {}
        for key in touched:
            out[key[0]] = out.get(key[0], 0.0) + recoverable.get(key, 0.0)
        return out

    def reachable(chosen: Sequence[int]) -> bool:
        top = bound(chosen)
        return all(top.get(r, 0.0) + _EPS >= need for r, need in failing.items())

    for size in range(1, len(options) + 1):
        sets = _sets(order, size, reachable)
        if sets is None:
            break  # too many to weigh: fall back
        sets.sort(key=lambda s: (_short(options, s, failing), [order.index(i) for i in s]))
        for chosen in sets:
            if budget[0] <= 0:
                return _grow_and_prune(order, score, budget)
            budget[0] -= 1
            cards = score(sorted(chosen))
            if all(passes(c) for c in cards):
                return sorted(chosen), cards
    return _grow_and_prune(order, score, [MAX_SCORINGS])


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


def _sets(order: Sequence[int], size: int, reachable: Callable[[Sequence[int]], bool]
          ) -> list[tuple[int, ...]] | None:
    """Every set of ``size`` options whose bound reaches the deficits; None past MAX_SETS."""
    out: list[tuple[int, ...]] = []
    for seen, chosen in enumerate(itertools.combinations(order, size)):
        if seen >= MAX_SETS * 10:
            return None
        if reachable(chosen):
            out.append(chosen)
            if len(out) > MAX_SETS:
                return None
    return out


def _grow_and_prune(order: Sequence[int], score: Score, budget: list[int]
                    ) -> tuple[list[int], list[Scorecard]]:
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
    for i in reversed(list(chosen)):
        if len(chosen) == 1 or budget[0] <= 0:
            break
        budget[0] -= 1
        rest = [j for j in chosen if j != i]
        trial = score(sorted(rest))
        if all(passes(c) for c in trial):
            chosen, cards = rest, trial
    return sorted(chosen), cards


__all__ = ["MAX_SCORINGS", "deficit", "least", "passes"]
