"""The municipal leading-group check on a 10,000-deep unit tree, as a ratio to a flat one.

Run from a checkout (the municipal rubric package installed)::

    python -m benchmarks.leading_group_depth            # 10,000 units
    python -m benchmarks.leading_group_depth --units 2000

Both trees hold the same number of units under one bureau: in the *flat* tree every
division hangs from the bureau; in the *deep* tree each hangs from the previous one
(a chain as deep as the tree is large). Every unit holds a named seat. The criterion
must cost about the same on both — one step per unit, not one per ancestor — so the
result is the ratio of the deep time to the flat time in the same run: 1.1 (0.09 s
against 0.08 s) since the walk up the tree remembers its answers, 264 before (9.3 s
against 0.035 s on the same two-core machine; issue #27 measured 22 s elsewhere).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date

from wenming.model import GroupMember, Role
from wenming.scoring import EvalContext
from wenming.testing import DatasetBuilder


def _dataset(units: int, deep: bool):  # type: ignore[no-untyped-def]
    builder = DatasetBuilder()
    group = [GroupMember("hq", Role.LEADER, "组长", "党组书记、局长"),
             GroupMember("hq", Role.DEPUTY, "副组长", "副局长"),
             GroupMember("office", Role.OFFICE_DIRECTOR, "主任", "办公室主任"),
             GroupMember("office", Role.MEMBER, "主任", "办公室主任"),
             GroupMember("party", Role.MEMBER, "书记", "机关党委书记"),
             GroupMember("centre", Role.MEMBER, "主任", "监测中心主任")]
    parent = "hq"
    for n in range(units):
        uid = f"d{n}"
        builder.add_unit(uid, "division", parent, f"第{n}处", f"Division {n}")
        group.append(GroupMember(uid, Role.MEMBER, f"处长{n}", f"第{n}处处长"))
        if deep:
            parent = uid
    return builder.with_leading_group(group).build()


def _time(units: int, deep: bool, repeat: int) -> float:
    from wenming_rubric_municipal_plan.leading_group import LeadingGroupParams, evaluate

    dataset = _dataset(units, deep)
    ctx = EvalContext(dataset, date(2021, 12, 31), dataset.participants(), {})
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        checks = evaluate(LeadingGroupParams(), ctx)
        runs.append(time.perf_counter() - start)
    assert all(c.passed for c in checks), "every seat is filled in both trees"
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    flat = _time(args.units, deep=False, repeat=args.repeat)
    deep = _time(args.units, deep=True, repeat=args.repeat)
    print(json.dumps({"units": args.units, "flat_s": round(flat, 4), "deep_s": round(deep, 4),
                      "deep_over_flat": round(deep / flat, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
