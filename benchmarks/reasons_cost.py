"""What the reasons on unmet checks cost: scoring a province with them, over without.

Run from a checkout::

    python -m benchmarks.reasons_cost                       # 100,000 records, 1,000 units
    python -m benchmarks.reasons_cost --records 10000 --units 100

Scores the generated province (``benchmarks.generate``) under the bundled
rubrics, the county example among them (its tag and coverage criteria leave
many checks unmet with records nearby), once as it ships and once with the
reasons switched off, in the same run; the figure is ``ratio`` = with / without
(issue #19 asks that reasons do not slow scoring noticeably) and how many
reasons were given.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from datetime import date
from unittest import mock

from benchmarks.generate import generate

from wenming import PluginHost, Scorer, load_dataset
from wenming.dataset import Dataset
from wenming.scoring import engine

RUBRICS = ("provincial-18", "municipal-plan", "county-example")


def _score(scorer: Scorer, dataset: Dataset, rubrics: Sequence[str], day: date,
           repeat: int) -> tuple[float, int]:
    runs, reasons = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        cards = scorer.score_all(dataset, rubrics, day)
        runs.append(time.perf_counter() - start)
        reasons = sum(len(c.reasons) + c.reasons_more for card in cards
                      for item in card.items.values() for r in item.criteria for c in r.checks)
    return statistics.median(runs), reasons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--as-of", default="2021-12-31")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    host = PluginHost()
    rubrics = [r for r in RUBRICS if r in host.rubrics()]
    dataset = load_dataset(generate(args.records, args.units) / "jsonl",
                           vocabulary=host.vocabulary())
    scorer = Scorer(host)
    day = date.fromisoformat(args.as_of)
    with_reasons, given = _score(scorer, dataset, rubrics, day, args.repeat)
    with mock.patch.object(engine, "explain", lambda checks, *_: tuple(checks)):
        without, none = _score(scorer, dataset, rubrics, day, args.repeat)
    assert none < given or given == 0, "switching reasons off must leave fewer of them"
    print(json.dumps({"records": args.records, "units": args.units, "rubrics": rubrics,
                      "as_of": args.as_of, "with_s": round(with_reasons, 3),
                      "without_s": round(without, 3),
                      "ratio": round(with_reasons / without, 3),
                      "reasons": given, "reasons_without": none}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
