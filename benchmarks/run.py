"""The province-scale benchmark: one command, every figure of issue 7, written as JSON.

Run from a checkout (the two rubric packages installed)::

    python -m benchmarks.run            # 100,000 and 1,000,000 records (minutes)
    python -m benchmarks.run --quick    # 10,000 and 100,000 records (seconds)
    python benchmarks/run.py --sizes 200000:2000 --repeat 3

For each size it generates the synthetic province if needed (see
benchmarks/generate.py) and measures, each in a fresh child process so that
peak memory (``ru_maxrss``) of one measurement never mixes with another's:

``baseline``
    the evidence JSONL read into Python dicts with orjson, nothing more.
``end_to_end``
    ``PluginHost()`` + ``Scorer``, ``load_dataset`` (parse, validate, index),
    the dataset's content hash, then scoring under both rubrics: the whole
    system (``Scorer.score_all``, every participating unit) and each city's
    subtree (``Scorer.score_units`` over the city bureaus, which the rubrics
    score as systems of their own) — "every unit" is covered once as the
    province and once per city.
``latency``
    ``Scorer.score_all(dataset, unit=U)`` under both rubrics on a loaded
    dataset, U being the unit whose subtree holds closest to 2,000 records;
    the median of ``--latency-runs`` runs after one warm-up.
``csv_load``
    ``load_dataset`` of the same records as a CSV ledger with Chinese headers.
``parallel`` (only with ``--parallel``)
    the end-to-end run with city scoring on a ``ProcessPoolExecutor``
    (``--workers``), or the reason it cannot run. Slow at a million records:
    ``score_units`` pickles the whole dataset for every unit it submits.

Results go to benchmarks/out/results.json (``--output``) with the machine,
the ratios and each target's verdict; a summary is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:  # run as a script or as -m from a source checkout
        sys.path.insert(0, str(_path))

from benchmarks.generate import DEFAULT_SEED, generate  # noqa: E402

SCHEMA = "wenming.benchmark/1"
RUBRICS = ("provincial-18", "municipal-plan")
DEFAULT_SIZES = ((100_000, 1_000), (1_000_000, 10_000))
QUICK_SIZES = ((10_000, 100), (100_000, 1_000))
DEFAULT_AS_OF = "2021-12-31"
LATENCY_RECORDS = 2_000
DEFAULT_OUTPUT = ROOT / "benchmarks" / "out" / "results.json"

#: Issue 7's targets, checked at 1,000,000 records over 10,000 units.
TARGET_SIZE = (1_000_000, 10_000)
TARGET_RATIO = 2.0
TARGET_RSS_MB = 600.0
TARGET_LATENCY_MS = 5.0
TARGET_GROWTH = 11.0


# -- child processes: one measurement each ------------------------------------------------

def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _timed(steps: dict[str, float], name: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    steps[name] = round(time.perf_counter() - started, 4)
    return result


def _host_and_scorer() -> tuple[Any, Any]:
    from wenming import PluginHost, Scorer

    host = PluginHost()
    scorer = Scorer(host)
    missing = [r for r in RUBRICS if r not in scorer.rubric_ids()]
    if missing:
        raise SystemExit(
            f"rubric(s) {', '.join(missing)} not installed; run `pip install -e "
            "rubrics/wenming-rubric-municipal-plan -e rubrics/wenming-rubric-provincial`")
    return host, scorer


def child_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    import orjson

    if not spec.get("gc", True):
        gc.disable()
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    loads = orjson.loads
    with open(spec["file"], "rb") as handle:
        rows = [loads(line) for line in handle]
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 4), "rows": len(rows), "peak_rss_mb": _peak_rss_mb(),
            "rss_before_mb": rss_before, "gc": spec.get("gc", True)}


def child_end_to_end(spec: dict[str, Any]) -> dict[str, Any]:
    from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

    from wenming.loaders import load_dataset

    as_of = dt.date.fromisoformat(spec["as_of"])
    executor_name = spec.get("executor", "serial")
    workers = int(spec.get("workers", 2))
    rss_before = _peak_rss_mb()
    steps: dict[str, float] = {}
    started = time.perf_counter()
    host, scorer = _timed(steps, "host", _host_and_scorer)
    if executor_name == "process":
        import pickle

        try:  # fail fast, before the load, if the scorer cannot travel to a worker
            pickle.dumps(scorer)
        except Exception as error:
            return {"ok": False, "executor": executor_name,
                    "error": f"pickling the Scorer failed: {type(error).__name__}: {error}"}
    dataset = _timed(steps, "load", lambda: load_dataset(spec["folder"],
                                                         vocabulary=host.vocabulary()))
    _timed(steps, "content_hash", lambda: dataset.content_hash)
    cards = _timed(steps, "score_system", lambda: scorer.score_all(dataset, RUBRICS, as_of))
    cities = tuple(spec["cities"])
    executor: Executor | None = None
    if executor_name == "process":
        executor = ProcessPoolExecutor(max_workers=workers)
    elif executor_name == "thread":
        executor = ThreadPoolExecutor(max_workers=workers)
    try:
        by_city = _timed(steps, "score_cities", lambda: scorer.score_units(
            dataset, cities, RUBRICS, as_of, executor=executor))
    except Exception as error:
        return {"ok": False, "executor": executor_name, "steps": steps,
                "error": f"{type(error).__name__}: {error}"}
    finally:
        if executor is not None:
            executor.shutdown()
    seconds = time.perf_counter() - started
    city_cards = [c for cs in by_city.values() for c in cs]
    return {
        "ok": True, "executor": executor_name, "workers": workers if executor else 1,
        "seconds": round(seconds, 4), "steps": steps, "records": len(dataset),
        "units": len(dataset.units), "cities": len(cities),
        "scorecards": len(cards) + len(city_cards),
        "checks_system": sum(len(cr.checks) for c in cards for i in c.items.values()
                             for cr in i.criteria),
        "system_totals": {c.rubric_id: c.total for c in cards},
        "peak_rss_mb": _peak_rss_mb(), "rss_before_mb": rss_before,
        "workers_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN) if executor_name ==
        "process" else None,
    }


def latency_unit(dataset: Any, wanted: int = LATENCY_RECORDS) -> tuple[str, int]:
    """The unit whose subtree holds closest to ``wanted`` records (fewest units, then id)."""
    per_unit = Counter(r.unit for r in dataset.evidence)
    best: tuple[int, int, str] | None = None
    for unit in dataset.units:
        subtree = dataset.units.descendants(unit.id)
        count = sum(per_unit[u] for u in subtree)
        key = (abs(count - wanted), len(subtree), unit.id)
        if best is None or key < best:
            best = key
    assert best is not None
    uid = best[2]
    return uid, sum(per_unit[u] for u in dataset.units.descendants(uid))


def child_latency(spec: dict[str, Any]) -> dict[str, Any]:
    from wenming.loaders import load_dataset

    as_of = dt.date.fromisoformat(spec["as_of"])
    host, scorer = _host_and_scorer()
    dataset = load_dataset(spec["folder"], vocabulary=host.vocabulary())
    unit, records = latency_unit(dataset, int(spec.get("records", LATENCY_RECORDS)))
    scorer.score_all(dataset, RUBRICS, as_of, unit)  # warm-up: content hash, festival dates
    runs: list[float] = []
    for _ in range(int(spec["runs"])):
        started = time.perf_counter()
        scorer.score_all(dataset, RUBRICS, as_of, unit)
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    return {"unit": unit, "subtree_units": len(dataset.units.descendants(unit)),
            "subtree_records": records, "runs": len(runs),
            "median_ms": round(statistics.median(runs), 3), "min_ms": round(runs[0], 3),
            "p90_ms": round(runs[int(0.9 * (len(runs) - 1))], 3),
            "peak_rss_mb": _peak_rss_mb()}


def child_load(spec: dict[str, Any]) -> dict[str, Any]:
    from wenming.loaders import load_dataset

    host, _ = _host_and_scorer()
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    dataset = load_dataset(spec["folder"], vocabulary=host.vocabulary())
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 4), "records": len(dataset),
            "content_hash": dataset.content_hash if spec.get("hash") else None,
            "peak_rss_mb": _peak_rss_mb(), "rss_before_mb": rss_before}


def child_profile(spec: dict[str, Any]) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    result = child_end_to_end(spec)
    profile.disable()
    out: dict[str, Any] = {"seconds_under_profile": result.get("seconds")}
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(int(spec.get("top", 40)))
        out[order] = text.getvalue()
    return out


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": child_baseline,
    "end_to_end": child_end_to_end,
    "latency": child_latency,
    "load": child_load,
    "profile": child_profile,
}


def run_child(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its last stdout line is the JSON result."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(spec)]
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                          check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"ok": False, "error": f"child {kind} exited with {done.returncode}",
                "output": done.stdout[-2000:]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# -- the parent: sizes, repeats, ratios, targets ------------------------------------------

def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(), "machine": platform.machine(),
        "processor": platform.processor() or None, "cpu_count": os.cpu_count(),
        "python": platform.python_version(), "implementation": platform.python_implementation(),
    }
    if hasattr(os, "sched_getaffinity"):
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    return info


def _versions() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, Any] = {}
    for name in ("wenming", "wenming-rubric-provincial", "wenming-rubric-municipal-plan",
                 "orjson", "attrs"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def git_state() -> dict[str, Any]:
    """The commit measured and whether src/ or rubrics/ had uncommitted changes (read-only git)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  check=False, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--", "src", "rubrics")
    return {"commit": git("rev-parse", "HEAD"),
            "dirty": None if status is None else bool(status)}


def _median_of(results: Sequence[dict[str, Any]], key: str = "seconds") -> float | None:
    values = [r[key] for r in results if r.get(key) is not None]
    return round(statistics.median(values), 4) if values else None


def _repeat(kind: str, spec: dict[str, Any], times: int, say: Callable[[str], None]
            ) -> dict[str, Any]:
    runs = []
    for number in range(times):
        say(f"  {kind} ({number + 1}/{times}) …")
        runs.append(run_child(kind, spec))
        say("    " + _headline(runs[-1]))
        if runs[-1].get("ok") is False:
            break
    best = dict(runs[-1])
    if len(runs) > 1 and all(r.get("ok", True) for r in runs):
        best = dict(sorted(runs, key=lambda r: r.get("seconds", 0))[len(runs) // 2])
        best["seconds_all"] = [r.get("seconds") for r in runs]
        best["peak_rss_mb"] = max(r.get("peak_rss_mb", 0) for r in runs)
    return best


def _headline(result: dict[str, Any]) -> str:
    if result.get("ok") is False:
        return f"failed: {result.get('error')}"
    parts = [f"{result['seconds']} s" if "seconds" in result else "",
             f"median {result['median_ms']} ms" if "median_ms" in result else "",
             f"peak {result.get('peak_rss_mb')} MB"]
    return ", ".join(p for p in parts if p)


def measure_size(records: int, units: int, args: argparse.Namespace,
                 say: Callable[[str], None]) -> dict[str, Any]:
    say(f"size {records:,} records / {units:,} units")
    folder = generate(records, units, args.seed, quiet=False)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    jsonl = folder / manifest["jsonl"]
    common = {"as_of": args.as_of, "cities": manifest["cities"], "workers": args.workers}
    out: dict[str, Any] = {
        "records": records, "units": units, "dataset": str(folder.relative_to(ROOT)),
        "jsonl_mb": round(jsonl.stat().st_size / 1e6, 1),
        "csv_mb": round((folder / manifest["csv"]).stat().st_size / 1e6, 1),
    }
    out["baseline"] = _repeat("baseline", {"file": str(jsonl)}, args.repeat, say)
    out["baseline_gc_off"] = _repeat("baseline", {"file": str(jsonl), "gc": False},
                                     args.repeat, say)
    out["end_to_end"] = _repeat("end_to_end", {**common, "folder": str(folder / "jsonl"),
                                               "executor": args.executor}, args.repeat, say)
    say("  latency …")
    out["latency"] = run_child("latency", {**common, "folder": str(folder / "jsonl"),
                                           "runs": args.latency_runs})
    say("    " + _headline(out["latency"]))
    if not args.no_csv:
        out["csv_load"] = _repeat("load", {"folder": str(folder / "csv")}, args.repeat, say)
    if args.parallel and args.executor != "process":
        out["parallel"] = _repeat("end_to_end", {**common, "folder": str(folder / "jsonl"),
                                                 "executor": "process"}, 1, say)
    base, e2e = out["baseline"].get("seconds"), out["end_to_end"].get("seconds")
    out["end_to_end_over_baseline"] = round(e2e / base, 2) if base and e2e else None
    return out


def _target(name: str, target: str, measured: float | None, met: bool | None,
            note: str = "") -> dict[str, Any]:
    return {"name": name, "target": target, "measured": measured, "met": met, "note": note}


def targets(sizes: Sequence[dict[str, Any]], growth: dict[str, Any] | None
            ) -> list[dict[str, Any]]:
    at = next((s for s in sizes if (s["records"], s["units"]) == TARGET_SIZE), None)
    if at is None:
        return [_target("all", "checked at 1,000,000 records / 10,000 units", None, None,
                        "this run did not include that size")]
    e2e, lat = at["end_to_end"], at["latency"]
    ratio = at["end_to_end_over_baseline"]
    rss = e2e.get("peak_rss_mb")
    parallel = at.get("parallel") or {}
    workers_rss = parallel.get("workers_peak_rss_mb")
    rss_note = "end-to-end child process, serial scoring"
    if workers_rss:
        rss_note += f"; with process workers, each worker peaked at {workers_rss} MB"
    out = [
        _target("end to end ≤ 2× orjson baseline", f"≤ {TARGET_RATIO}×", ratio,
                None if ratio is None else ratio <= TARGET_RATIO,
                f"end to end {e2e.get('seconds')} s, baseline {at['baseline'].get('seconds')} s"),
        _target("peak RSS ≤ 600 MB", f"≤ {TARGET_RSS_MB:g} MB", rss,
                None if rss is None else rss <= TARGET_RSS_MB, rss_note),
        _target("one unit (~2,000 records) ≤ 5 ms median", f"≤ {TARGET_LATENCY_MS:g} ms",
                lat.get("median_ms"), None if lat.get("median_ms") is None
                else lat["median_ms"] <= TARGET_LATENCY_MS,
                f"unit {lat.get('unit')}: {lat.get('subtree_records')} records in "
                f"{lat.get('subtree_units')} units, both rubrics"),
    ]
    if growth is not None:
        ratio_g = growth["end_to_end_time_ratio"]
        out.append(_target("10× the records ≤ 11× the time", f"≤ {TARGET_GROWTH:g}×", ratio_g,
                           None if ratio_g is None else ratio_g <= TARGET_GROWTH,
                           f"{growth['from']} → {growth['to']} records"))
    return out


def growth_of(sizes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    if len(sizes) < 2:
        return None
    small, large = sizes[-2], sizes[-1]

    def ratio(key: str) -> float | None:
        a, b = small[key].get("seconds"), large[key].get("seconds")
        return round(b / a, 2) if a and b else None

    return {"from": small["records"], "to": large["records"],
            "records_ratio": round(large["records"] / small["records"], 2),
            "end_to_end_time_ratio": ratio("end_to_end"),
            "baseline_time_ratio": ratio("baseline"),
            "baseline_gc_off_time_ratio": ratio("baseline_gc_off")}


def _parse_size(text: str) -> tuple[int, int]:
    try:
        records, units = (int(p.replace("_", "")) for p in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected RECORDS:UNITS such as 100000:1000, got {text!r}") from None
    return records, units


def summary(results: dict[str, Any]) -> str:
    machine, git = results["machine"], results.get("git") or {}
    lines = [f"machine: {machine.get('cpu_model') or machine['platform']}, "
             f"{machine['cpu_count']} CPUs, Python {machine['python']}, load average at start "
             f"{machine.get('load_average_at_start')}; commit {git.get('commit')}"
             + (" (src/ or rubrics/ modified)" if git.get("dirty") else "")]
    for size in results["sizes"]:
        e2e = size["end_to_end"]
        lines.append(f"\n{size['records']:,} records / {size['units']:,} units")
        lines.append(f"  baseline (orjson → dicts)   {size['baseline'].get('seconds')} s, "
                     f"{size['baseline'].get('peak_rss_mb')} MB  "
                     f"(gc off: {size['baseline_gc_off'].get('seconds')} s)")
        if e2e.get("ok", True):
            steps = ", ".join(f"{k} {v:g}" for k, v in e2e["steps"].items())
            lines.append(f"  end to end ({e2e['executor']})        {e2e['seconds']} s, "
                         f"{e2e['peak_rss_mb']} MB  [{steps}]")
        else:
            lines.append(f"  end to end failed: {e2e.get('error')}")
        lines.append(f"  ratio end to end / baseline {size['end_to_end_over_baseline']}")
        lat = size["latency"]
        lines.append(f"  one unit ({lat.get('unit')}, {lat.get('subtree_records')} records) "
                     f"median {lat.get('median_ms')} ms (min {lat.get('min_ms')}, "
                     f"p90 {lat.get('p90_ms')})")
        if "csv_load" in size:
            lines.append(f"  CSV load                    {size['csv_load'].get('seconds')} s, "
                         f"{size['csv_load'].get('peak_rss_mb')} MB")
        if "parallel" in size:
            par = size["parallel"]
            if par.get("ok"):
                steps = ", ".join(f"{k} {v:g}" for k, v in par["steps"].items())
                lines.append(f"  process pool ({par['workers']} workers)   {par['seconds']} s, "
                             f"workers peak {par.get('workers_peak_rss_mb')} MB  [{steps}]")
            else:
                lines.append(f"  process pool: not possible — {par.get('error')}")
    growth = results.get("growth")
    if growth:
        lines.append(f"\ngrowth {growth['from']:,} → {growth['to']:,} records: end to end "
                     f"×{growth['end_to_end_time_ratio']}, baseline ×"
                     f"{growth['baseline_time_ratio']}")
    lines.append("\ntargets (1,000,000 records / 10,000 units, both rubrics):")
    for t in results["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[t["met"]]
        lines.append(f"  {t['name']}: {t['measured']} ({t['target']}) — {verdict}"
                     + (f"  [{t['note']}]" if t["note"] else ""))
    return "\n".join(lines)


def _write(output: Path, results: dict[str, Any]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Province-scale benchmark of wenming (issue 7); writes results.json.")
    parser.add_argument("--quick", action="store_true",
                        help="10,000 and 100,000 records instead of 100,000 and 1,000,000")
    parser.add_argument("--sizes", nargs="+", type=_parse_size, metavar="RECORDS:UNITS",
                        help="explicit sizes, e.g. 100000:1000 1000000:10000")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each timed measurement; the median is kept (default 1)")
    parser.add_argument("--latency-runs", type=int, default=30,
                        help="single-unit scorings timed for the median (default 30)")
    parser.add_argument("--executor", choices=("serial", "thread", "process"), default="serial",
                        help="how the end-to-end run scores the cities (default serial)")
    parser.add_argument("--workers", type=int, default=2,
                        help="workers of the thread/process pools (default 2)")
    parser.add_argument("--parallel", action="store_true",
                        help="also run end to end with the cities on a process pool (slow: "
                             "the dataset is pickled once per city)")
    parser.add_argument("--no-csv", action="store_true", help="skip loading the CSV ledger")
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
        "repeat": args.repeat, "seed": args.seed, "machine": machine_info(),
        "versions": _versions(), "git": git_state(),
    }
    measured: list[dict[str, Any]] = []
    results["sizes"] = measured
    for records, units in sizes:
        measured.append(measure_size(records, units, args, say))
        _write(args.output, results)  # partial results survive an interrupted run
    results["growth"] = growth_of(measured)
    results["targets"] = targets(measured, results["growth"])
    if args.profile:
        largest = measured[-1]
        folder = ROOT / largest["dataset"]
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        say("  profile …")
        profile = run_child("profile", {"folder": str(folder / "jsonl"), "as_of": args.as_of,
                                        "cities": manifest["cities"], "executor": "serial"})
        name = f"profile-r{largest['records']}-u{largest['units']}.txt"
        path = args.output.parent / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{command}\n\n== by cumulative time ==\n{profile.get('cumulative')}\n"
                        f"== by own time ==\n{profile.get('tottime')}\n", encoding="utf-8")
        results["profile"] = {"file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT)
                              else str(path),
                              "seconds_under_profile": profile.get("seconds_under_profile")}
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write(args.output, results)
    print(summary(results))
    print(f"\nresults: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
