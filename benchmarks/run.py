"""The province-scale benchmark: one command, what the user runs, every target, as JSON.

Run from a checkout (the two rubric packages installed)::

    python -m benchmarks.run            # 100,000 and 1,000,000 records (minutes)
    python -m benchmarks.run --quick    # 10,000 and 100,000 records
    python benchmarks/run.py --sizes 200000:2000 --repeat 3

For each size it generates the synthetic province if needed (see
benchmarks/generate.py) and measures, each in a fresh child process so that
peak memory (``ru_maxrss``) of one measurement never mixes with another's:

``baseline`` / ``baseline_gc_off``
    the evidence JSONL read into Python dicts with orjson, nothing more, with
    the garbage collector on and off. Every time is also given as a ratio to
    ``baseline_gc_off`` of the same size in the same run.
``cli``
    the whole ``wenming score … --format json -o out.json`` job, run as its own
    process: wall time and that process's peak RSS (scorecards, the
    rectification list and the JSON file).
``end_to_end``
    the library: ``PluginHost()`` + ``Scorer``, ``load_dataset`` (parse,
    validate, index), the content hash, scoring under both rubrics of the whole
    province (``score_all``) and of each city's subtree (``score_units``).
``reports``
    after load and scoring, each report on its own: the rectification list
    (``build_gaps``), the comparison, the timeline, and the JSON and XLSX
    reporters rendering the score report.
``latency``
    ``Scorer.score_all(dataset, unit=U)`` under both rubrics, U being the unit
    whose subtree holds closest to 2,000 records; the median of
    ``--latency-runs`` runs after one warm-up.
``csv_load``
    ``load_dataset`` of the same records as a CSV ledger with Chinese headers.
``parallel``
    the fourteen cities scored serially, on a process pool and on a Dask
    ``LocalCluster`` (2 workers each), with a digest of the scorecards to show
    they are identical.

Then the growth of every step from the smallest size to the largest, and the
six targets of issue 10 with their verdicts. Results go to
benchmarks/out/results.json (``--output``); a summary is printed.

The cases measured are in :mod:`benchmarks.cases`, the child processes and repeats in
:mod:`benchmarks.harness`, and the ratios, growth and target verdicts in
:mod:`benchmarks.verdict`; this module is the command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:  # run as a script or as -m from a source checkout
        sys.path.insert(0, str(_path))

from benchmarks.cases import CHILDREN, RUBRICS, cli_command  # noqa: E402
from benchmarks.generate import DEFAULT_SEED, generate  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    _headline,
    _last_json,
    _repeat,
    _versions,
    git_state,
    machine_info,
    run_child,
)
from benchmarks.verdict import (  # noqa: E402
    figures,
    growth_of,
    parallel_verdict,
    ratios_to_baseline,
    summary,
    targets,
)

__all__ = ["_last_json", "figures", "growth_of", "main", "parallel_verdict", "ratios_to_baseline",
           "targets"]

SCHEMA = "wenming.benchmark/2"
DEFAULT_SIZES = ((100_000, 1_000), (1_000_000, 10_000))
QUICK_SIZES = ((10_000, 100), (100_000, 1_000))
DEFAULT_AS_OF = "2021-12-31"
DEFAULT_OUTPUT = ROOT / "benchmarks" / "out" / "results.json"
DEFAULT_TIMEOUT = 1800.0


def measure_size(records: int, units: int, args: argparse.Namespace,
                 say: Callable[[str], None]) -> dict[str, Any]:
    say(f"size {records:,} records / {units:,} units")
    folder = generate(records, units, args.seed, quiet=False)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    jsonl = folder / manifest["jsonl"]
    data = str(folder / "jsonl")
    common = {"as_of": args.as_of, "cities": manifest["cities"], "workers": args.workers,
              "folder": data}
    out: dict[str, Any] = {
        "records": records, "units": units, "dataset": str(folder.relative_to(ROOT)),
        "jsonl_mb": round(jsonl.stat().st_size / 1e6, 1),
        "csv_mb": round((folder / manifest["csv"]).stat().st_size / 1e6, 1),
    }
    out["baseline"] = _repeat("baseline", {"file": str(jsonl)}, args, say)
    out["baseline_gc_off"] = _repeat("baseline", {"file": str(jsonl), "gc": False}, args, say,
                                     "baseline_gc_off")
    out["cli"] = _repeat("cli", common, args, say, "cli: wenming score … --format json")
    out["end_to_end"] = _repeat("end_to_end", {**common, "executor": args.executor}, args, say)
    out["reports"] = _repeat("reports", common, args, say)
    say("  latency …")
    out["latency"] = run_child("latency", {**common, "runs": args.latency_runs},
                               args.timeout or None)
    say("    " + _headline(out["latency"]))
    if not args.no_csv:
        out["csv_load"] = _repeat("load", {"folder": str(folder / "csv")}, args, say, "csv_load")
    if not args.no_parallel:
        out["parallel"] = parallel = {
            mode: _repeat("cities", {**common, "mode": mode}, args, say, f"cities: {mode}")
            for mode in ("serial", "process", "dask")}
        parallel.update(parallel_verdict(parallel))
    out["ratios"] = ratios_to_baseline(out)
    return out


def _parse_size(text: str) -> tuple[int, int]:
    try:
        records, units = (int(p.replace("_", "")) for p in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected RECORDS:UNITS such as 100000:1000, got {text!r}") from None
    return records, units


def profiles(largest: dict[str, Any], args: argparse.Namespace, command: str,
             say: Callable[[str], None]) -> dict[str, Any]:
    """cProfile listings of the library end to end and of the CLI job, at the largest size."""
    folder = ROOT / largest["dataset"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    spec = {"folder": str(folder / "jsonl"), "as_of": args.as_of, "cities": manifest["cities"],
            "executor": "serial"}
    out: dict[str, Any] = {}
    for kind, stem in (("profile", "profile"), ("profile_cli", "profile-cli")):
        say(f"  {kind} …")
        profile = run_child(kind, spec, args.timeout or None)
        path = args.output.parent / f"{stem}-r{largest['records']}-u{largest['units']}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{command}\n\n== by cumulative time ==\n{profile.get('cumulative')}\n"
                        f"== by own time ==\n{profile.get('tottime')}\n", encoding="utf-8")
        out[kind] = {"file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT)
                     else str(path), "seconds_under_profile": profile.get("seconds_under_profile"),
                     "error": profile.get("error")}
    return out


def _write(output: Path, results: dict[str, Any]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Province-scale benchmark of wenming (issues 7 and 10); writes results.json.")
    parser.add_argument("--quick", action="store_true",
                        help="10,000 and 100,000 records instead of 100,000 and 1,000,000")
    parser.add_argument("--sizes", nargs="+", type=_parse_size, metavar="RECORDS:UNITS",
                        help="explicit sizes, e.g. 100000:1000 1000000:10000")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each timed measurement; the median is kept (default 1)")
    parser.add_argument("--latency-runs", type=int, default=30,
                        help="single-unit scorings timed for the median (default 30)")
    parser.add_argument("--executor", choices=("serial", "thread", "process"), default="serial",
                        help="how the library end-to-end run scores the cities (default serial)")
    parser.add_argument("--workers", type=int, default=2,
                        help="workers of the pools and of the Dask cluster (default 2)")
    parser.add_argument("--no-parallel", action="store_true",
                        help="skip scoring the cities on a process pool and on Dask")
    parser.add_argument("--no-csv", action="store_true", help="skip loading the CSV ledger")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before one measurement is stopped and recorded as timed "
                             f"out; 0 for none (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the largest size's end-to-end run (cProfile)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF,
                        help=f"scoring date (default {DEFAULT_AS_OF}, the campaign's end)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="results file (default benchmarks/out/results.json)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, spec = args.child
        print(json.dumps(CHILDREN[kind](json.loads(spec)), ensure_ascii=False))
        return 0

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    started = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "schema": SCHEMA, "command": command.strip(),
        "started": started.isoformat(timespec="seconds"), "as_of": args.as_of,
        "rubrics": list(RUBRICS), "executor": args.executor, "workers": args.workers,
        "repeat": args.repeat, "seed": args.seed, "timeout": args.timeout or None,
        "machine": machine_info(), "versions": _versions(), "git": git_state(),
        "cli_command": " ".join(cli_command("<province>/jsonl", args.as_of, "out.json")[0]),
    }
    measured: list[dict[str, Any]] = []
    results["sizes"] = measured
    for records, units in sizes:
        measured.append(measure_size(records, units, args, say))
        _write(args.output, results)  # partial results survive an interrupted run
    results["growth"] = growth_of(measured)
    results["targets"] = targets(measured, results["growth"])
    if args.profile:
        results["profile"] = profiles(measured[-1], args, command, say)
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write(args.output, results)
    print(summary(results))
    print(f"\nresults: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
