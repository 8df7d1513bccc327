"""The ``ratio`` criterion over 20,000 flat units, as a ratio to 2,000 units in the same run.

Run from a checkout::

    python -m benchmarks.ratio_units                    # 2,000 and 20,000 units
    python -m benchmarks.ratio_units --units 50000

Every unit hangs from one bureau and states its staff; one in ten gives no
staff, so the criterion has units to leave out. The criterion must cost one
step per unit: ten times the units, about ten times the time, so the figure is
``per_unit_growth`` — the time per unit at the large size over the time per unit
at the small one — about 1. Before issue #27 the units lacking the denominator
were looked up in a set rebuilt for every unit: 4.5 s at 10,000 units, 31 s at
20,000 (a per-unit growth near 10).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date

import attrs

from wenming.dataset import Dataset
from wenming.model import UnitTree
from wenming.scoring import EvalContext
from wenming.scoring.criteria.measures import RatioParams, evaluate_ratio
from wenming.testing import DatasetBuilder


def _dataset(units: int) -> Dataset:
    builder = DatasetBuilder()
    for n in range(units):
        builder.add_unit(f"d{n}", "division", "hq", f"第{n}处", f"Division {n}")
    base = builder.build()

    def stated(unit_id: str, n: int) -> dict[str, float]:
        return {} if n % 10 == 0 else {"staff": 40.0, "volunteers": 5.0 + n % 7}

    tree = UnitTree.build([attrs.evolve(u, attributes=stated(u.id, n))
                           for n, u in enumerate(base.units)])
    return Dataset.build(base.campaign, tree, [], base.vocabulary)


def _time(units: int, repeat: int) -> float:
    dataset = _dataset(units)
    ctx = EvalContext(dataset, date(2021, 12, 31), tuple(u.id for u in dataset.units), {})
    params = RatioParams(denominator="staff", numerator="volunteers", min=10)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        checks = evaluate_ratio(params, ctx)
        runs.append(time.perf_counter() - start)
    assert len(checks) == 1 and checks[0].passed, "every tenth unit lacks staff, the rest pass"
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    small_units = max(args.units // 10, 1)
    small = _time(small_units, args.repeat)
    large = _time(args.units, args.repeat)
    growth = (large / args.units) / (small / small_units)
    print(json.dumps({"units": args.units, "small_units": small_units,
                      "small_s": round(small, 4), "large_s": round(large, 4),
                      "per_unit_growth": round(growth, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
