"""Which column library for the evidence store: numpy, pyarrow or polars.

The store answers two kinds of question (see ``src/wenming/store.py``):

- **build**: sort a million records once by (kind, unit, day, id) and keep the
  sorted columns;
- **query**: many small range lookups — "records of kind K for unit U between
  d1 and d2" — a province's scoring asks about 100,000 of them, each touching a
  handful of rows. Per-call overhead decides this, not throughput.

This script measures both with each library on the same synthetic columns and
prints a table (``--json`` for machine-readable output). Libraries that are not
installed are skipped with a note: only numpy is a dependency of wenming;
``pip install pyarrow polars`` to compare.

    python -m benchmarks.columns [--rows 1000000] [--queries 20000]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def _columns(rows: int, seed: int = 7) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    return {
        "kind": rng.integers(0, 110, rows, dtype=np.int32),
        "unit": rng.integers(0, 10_000, rows, dtype=np.int32),
        "day": rng.integers(737_516, 738_245, rows, dtype=np.int32),
        "id": np.arange(rows, dtype=np.int32),
    }


def _queries(count: int, seed: int = 11) -> list[tuple[int, int, int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lo = rng.randint(737_516, 738_200)
        out.append((rng.randrange(110), rng.randrange(10_000), lo, lo + rng.randint(30, 180)))
    return out


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_numpy(cols: dict[str, Any], queries: list[tuple[int, int, int, int]]
                ) -> dict[str, float]:
    def build() -> dict[str, Any]:
        order = np.lexsort((cols["id"], cols["day"], cols["unit"], cols["kind"]))
        return {k: v[order] for k, v in cols.items()}

    build_s, s = _timed(build)
    kind, unit, day = s["kind"], s["unit"], s["day"]
    bounds = np.searchsorted(kind, np.arange(111)).tolist()
    i32 = np.int32

    def query() -> int:
        total = 0
        for k, u, lo, hi in queries:
            a, b = bounds[k], bounds[k + 1]
            block = unit[a:b]
            a2 = a + int(block.searchsorted(i32(u), "left"))
            b2 = a + int(block.searchsorted(i32(u + 1), "left"))
            days = day[a2:b2]
            total += int(days.searchsorted(i32(hi), "right")) - int(
                days.searchsorted(i32(lo), "left"))
        return total

    query_s, found = _timed(query)
    return {"build_s": build_s, "query_us": query_s / len(queries) * 1e6, "found": found}


def bench_pyarrow(cols: dict[str, Any], queries: list[tuple[int, int, int, int]]
                  ) -> dict[str, float]:
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.table({k: pa.array(v) for k, v in cols.items()})
    build_s, s = _timed(lambda: table.sort_by(
        [("kind", "ascending"), ("unit", "ascending"), ("day", "ascending"),
         ("id", "ascending")]))
    kind, unit, day = (s.column(n).combine_chunks() for n in ("kind", "unit", "day"))
    # Arrow has no binary search kernel: locate kind blocks once, then filter inside.
    counts = pc.value_counts(kind)
    starts: dict[int, tuple[int, int]] = {}
    position = 0
    for entry in sorted(counts.to_pylist(), key=lambda e: e["values"]):
        starts[entry["values"]] = (position, position + entry["counts"])
        position += entry["counts"]

    def query() -> int:
        total = 0
        for k, u, lo, hi in queries:
            a, b = starts.get(k, (0, 0))
            block_unit = unit.slice(a, b - a)
            block_day = day.slice(a, b - a)
            mask = pc.and_(pc.equal(block_unit, u),
                           pc.and_(pc.greater_equal(block_day, lo), pc.less_equal(block_day, hi)))
            total += pc.sum(mask).as_py() or 0
        return total

    query_s, found = _timed(query)
    return {"build_s": build_s, "query_us": query_s / len(queries) * 1e6, "found": found}


def bench_polars(cols: dict[str, Any], queries: list[tuple[int, int, int, int]]
                 ) -> dict[str, float]:
    import polars as pl

    frame = pl.DataFrame(cols)
    build_s, s = _timed(lambda: frame.sort(["kind", "unit", "day", "id"]))
    kind = s.get_column("kind")
    unit = s.get_column("unit")
    day = s.get_column("day")
    bounds = kind.search_sorted(pl.Series(list(range(111)), dtype=pl.Int32)).to_list()

    def query() -> int:
        total = 0
        for k, u, lo, hi in queries:
            a, b = bounds[k], bounds[k + 1]
            block = unit.slice(a, b - a)
            a2 = a + int(block.search_sorted(u, "left"))  # type: ignore[arg-type]
            b2 = a + int(block.search_sorted(u + 1, "left"))  # type: ignore[arg-type]
            days = day.slice(a2, b2 - a2)
            total += int(days.search_sorted(hi, "right")) - int(  # type: ignore[arg-type]
                days.search_sorted(lo, "left"))  # type: ignore[arg-type]
        return total

    query_s, found = _timed(query)
    return {"build_s": build_s, "query_us": query_s / len(queries) * 1e6, "found": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.columns", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cols = _columns(args.rows)
    queries = _queries(args.queries)
    results: dict[str, Any] = {}
    for name, bench in (("numpy", bench_numpy), ("pyarrow", bench_pyarrow),
                        ("polars", bench_polars)):
        try:
            results[name] = bench(cols, queries)
        except ImportError as exc:
            results[name] = {"skipped": f"not installed ({exc.name})"}
    found = {r["found"] for r in results.values() if "found" in r}
    if len(found) > 1:
        raise SystemExit(f"libraries disagree on the answers: {results}")
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{args.rows:,} rows, {args.queries:,} range queries (kind × unit × window)")
    print(f"{'library':<10} {'sort once':>10} {'per query':>11}")
    for name in ("numpy", "pyarrow", "polars"):
        r = results[name]
        if "skipped" in r:
            print(f"{name:<10} {r['skipped']}")
        else:
            print(f"{name:<10} {r['build_s']:>9.3f}s {r['query_us']:>9.1f}µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
