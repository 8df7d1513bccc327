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
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:  # run as a script or as -m from a source checkout
        sys.path.insert(0, str(_path))

from benchmarks.generate import DEFAULT_SEED, generate  # noqa: E402

SCHEMA = "wenming.benchmark/2"
RUBRICS = ("provincial-18", "municipal-plan")
DEFAULT_SIZES = ((100_000, 1_000), (1_000_000, 10_000))
QUICK_SIZES = ((10_000, 100), (100_000, 1_000))
DEFAULT_AS_OF = "2021-12-31"
LATENCY_RECORDS = 2_000
DEFAULT_OUTPUT = ROOT / "benchmarks" / "out" / "results.json"
DEFAULT_TIMEOUT = 1800.0

#: The size the targets are set for; a run without it checks them at its largest size.
TARGET_SIZE = (1_000_000, 10_000)
TARGET_CLI_RATIO = 3.0
TARGET_LIBRARY_RATIO = 2.0
TARGET_RSS_MB = 600.0
TARGET_LATENCY_MS = 5.0
#: Allowed time growth per unit of data growth: 10× the records may take 11× the time.
TARGET_GROWTH_PER_DATA = 1.1
TARGET_SPEEDUP = 1.6

#: The steps whose growth target 5 checks, in the order they are printed.
LIBRARY_STEPS = ("load", "content_hash", "score_system", "score_cities")
REPORT_STEPS = ("gaps", "compare", "timeline", "render_json", "render_xlsx")


# -- child processes: one measurement each ------------------------------------------------

def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    if who == resource.RUSAGE_SELF:
        # Linux keeps ru_maxrss across exec, so a child started by a parent that had grown
        # (generating a province) would report the parent's peak; VmHWM belongs to this
        # program's own address space.
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _timed(steps: dict[str, float], name: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    steps[name] = round(time.perf_counter() - started, 4)
    return result


def _partial(result: dict[str, Any]) -> None:
    """Print a result so far: if the child is stopped at its timeout, the parent keeps it."""
    print(json.dumps(result, ensure_ascii=False), flush=True)


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


def _load(host: Any, folder: str) -> Any:
    from wenming.loaders import load_dataset

    return load_dataset(folder, vocabulary=host.vocabulary())


def cards_digest(by_unit: dict[str, list[Any]]) -> str:
    """SHA-256 of every scorecard's ``to_dict()``, keyed by unit: equal digests, equal cards."""
    import orjson

    payload = {unit: [card.to_dict() for card in cards] for unit, cards in by_unit.items()}
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


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


def cli_command(folder: str, as_of: str, output: str) -> tuple[list[str], str]:
    """The ``wenming score`` job, run as the user runs it: the console script if installed."""
    script = Path(sys.executable).parent / "wenming"
    args = ["score", folder, *(a for r in RUBRICS for a in ("--rubric", r)),
            "--as-of", as_of, "--format", "json", "-o", output]
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *args], "wenming"
    return [sys.executable, "-m", "wenming", *args], "python -m wenming"


def child_cli(spec: dict[str, Any]) -> dict[str, Any]:
    # This interpreter starts only the CLI process, so RUSAGE_CHILDREN is that process alone.
    with tempfile.TemporaryDirectory(prefix="wenming-bench-") as scratch:
        output = Path(scratch) / "out.json"
        command, how = cli_command(spec["folder"], spec["as_of"], str(output))
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
        seconds = time.perf_counter() - started
        result: dict[str, Any] = {
            "ok": done.returncode == 0, "command": how, "exit_code": done.returncode,
            "seconds": round(seconds, 4), "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
        }
        if done.returncode != 0:
            result["error"] = f"exit status {done.returncode}: {done.stderr.strip()[-1500:]}"
            return result
        # Checked after the clock stopped: the job wrote what `score` promises.
        report = json.loads(output.read_bytes())
        gaps = report.get("gaps") or {}
        result.update({"output_mb": round(output.stat().st_size / 1e6, 2),
                       "schema": report.get("schema"), "cards": len(report.get("cards", [])),
                       "gaps": len(gaps.get("gaps", []))})
        return result


def child_end_to_end(spec: dict[str, Any]) -> dict[str, Any]:
    from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

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
    dataset = _timed(steps, "load", lambda: _load(host, spec["folder"]))
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


def child_reports(spec: dict[str, Any]) -> dict[str, Any]:
    """Each report the CLI can produce, timed alone on the province's two scorecards."""
    from wenming.reports import (
        ScoreReport,
        build_comparison,
        build_gaps,
        build_plan,
        build_timeline,
        build_trend,
    )

    as_of = dt.date.fromisoformat(spec["as_of"])
    host, scorer = _host_and_scorer()
    setup: dict[str, float] = {}
    dataset = _timed(setup, "load", lambda: _load(host, spec["folder"]))
    cards = _timed(setup, "score_system", lambda: scorer.score_all(dataset, RUBRICS, as_of))
    rss_before = _peak_rss_mb()
    reporters = host.reporters()
    steps: dict[str, float] = {}
    result: dict[str, Any] = {"ok": False, "setup": setup, "steps": steps,
                              "rss_before_mb": rss_before}

    def step(name: str, action: Callable[[], Any]) -> Any:
        value = _timed(steps, name, action)
        result["peak_rss_mb"] = _peak_rss_mb()
        _partial(result)
        return value

    gaps = step("gaps", lambda: build_gaps(cards, dataset, as_of))
    step("compare", lambda: build_comparison(cards, dataset))
    step("timeline", lambda: build_timeline(dataset, as_of))
    # What `wenming score` renders: ScoreReport.of(...) with the list built above, not twice.
    report = ScoreReport(cards, dataset.campaign.title, as_of,
                         {u.id: u.name for u in dataset.units}, gaps)
    rendered_json = step("render_json", lambda: reporters["json"].render(report, lang="en"))
    rendered_xlsx = step("render_xlsx", lambda: reporters["xlsx"].render(report, lang="en"))
    # Progress and planning re-score many times (issue 14): the campaign month by month,
    # and a plan from mid-campaign to the inspection.
    step("trend", lambda: build_trend(scorer, dataset, RUBRICS, "month", end=as_of))
    mid = dt.date(as_of.year, 6, 30)
    step("plan", lambda: build_plan(scorer, dataset, mid, dt.date(as_of.year, 11, 15), "pass",
                                    RUBRICS))
    result.update({"ok": True, "seconds": round(sum(steps.values()), 4), "gaps": len(gaps),
                   "json_mb": round(len(rendered_json.encode("utf-8")) / 1e6, 2),
                   "xlsx_mb": round(len(rendered_xlsx) / 1e6, 2)})
    return result


def latency_unit(dataset: Any, wanted: int = LATENCY_RECORDS) -> tuple[str, int]:
    """The unit whose subtree holds closest to ``wanted`` records (fewest units, then id)."""
    store = dataset.store  # counted from the columns: building every record takes seconds
    per_unit = Counter({store.units.order[code]: count for code, count
                        in Counter(store.unit.tolist()).items()})
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
    as_of = dt.date.fromisoformat(spec["as_of"])
    host, scorer = _host_and_scorer()
    dataset = _load(host, spec["folder"])
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
    host, _ = _host_and_scorer()
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    dataset = _load(host, spec["folder"])
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 4), "records": len(dataset),
            "content_hash": dataset.content_hash if spec.get("hash") else None,
            "peak_rss_mb": _peak_rss_mb(), "rss_before_mb": rss_before}


# -- parallel scoring of the cities --------------------------------------------------------

def _parallel_api() -> Any:
    """``wenming.scoring.parallel`` when this checkout has it, else None (the fallback below)."""
    try:
        from wenming.scoring import parallel
    except ImportError:
        return None
    return parallel


def _score_cities_process(scorer: Any, dataset: Any, cities: Sequence[str], as_of: dt.date,
                          workers: int) -> tuple[dict[str, list[Any]], str]:
    api = _parallel_api()
    if api is not None and hasattr(api, "process_pool"):
        with api.process_pool(scorer, dataset, workers=workers) as pool:
            return (scorer.score_units(dataset, cities, RUBRICS, as_of, executor=pool),
                    "wenming.scoring.parallel.process_pool + Scorer.score_units")
    # FALLBACK until wenming.scoring.parallel exists: score_units on a plain pool, which
    # pickles the dataset once per submitted city.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as executor:
        return (scorer.score_units(dataset, cities, RUBRICS, as_of, executor=executor),
                "fallback: Scorer.score_units on ProcessPoolExecutor")


def _score_cities_dask(client: Any, scorer: Any, dataset: Any, cities: Sequence[str],
                       as_of: dt.date) -> tuple[dict[str, list[Any]], str]:
    api = _parallel_api()
    if api is not None and hasattr(api, "score_units_dask"):
        return (api.score_units_dask(client, scorer, dataset, cities, RUBRICS, as_of),
                "wenming.scoring.parallel.score_units_dask")
    # FALLBACK until wenming.scoring.parallel exists: the dataset is scattered to every
    # worker once, and each task names a city.
    remote = client.scatter(dataset, broadcast=True)
    futures = {u: client.submit(scorer.score_all, remote, RUBRICS, as_of, u, pure=False)
               for u in cities}
    return ({u: f.result() for u, f in futures.items()},
            "fallback: client.scatter(dataset, broadcast=True) + client.submit(score_all)")


def child_cities(spec: dict[str, Any]) -> dict[str, Any]:
    """The fourteen cities scored one way (``mode``): serial, process pool or Dask."""
    as_of = dt.date.fromisoformat(spec["as_of"])
    mode, workers = spec["mode"], int(spec.get("workers", 2))
    cities = tuple(spec["cities"])
    host, scorer = _host_and_scorer()
    setup: dict[str, float] = {}
    dataset = _timed(setup, "load", lambda: _load(host, spec["folder"]))
    result: dict[str, Any] = {"ok": False, "mode": mode, "setup": setup,
                              "workers": 1 if mode == "serial" else workers}
    try:
        if mode == "dask":
            import distributed

            cluster_started = time.perf_counter()
            with distributed.LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=":0") as cluster, \
                    distributed.Client(cluster) as client:  # type: ignore[no-untyped-call]
                # The cluster's start-up is set-up, like the load; the scatter is scoring.
                setup["cluster_start"] = round(time.perf_counter() - cluster_started, 4)
                started = time.perf_counter()
                by_city, how = _score_cities_dask(client, scorer, dataset, cities, as_of)
                seconds = time.perf_counter() - started
        else:
            started = time.perf_counter()
            if mode == "serial":
                by_city, how = scorer.score_units(dataset, cities, RUBRICS, as_of), "score_units"
            else:  # the pool's start-up counts: a user of the pool pays it every run
                by_city, how = _score_cities_process(scorer, dataset, cities, as_of, workers)
            seconds = time.perf_counter() - started
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
        return result
    result.update({"ok": True, "how": how, "seconds": round(seconds, 4),
                   "digest": cards_digest(by_city), "peak_rss_mb": _peak_rss_mb(),
                   "workers_peak_rss_mb": None if mode == "serial"
                   else _peak_rss_mb(resource.RUSAGE_CHILDREN)})
    return result


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


def child_profile_cli(spec: dict[str, Any]) -> dict[str, Any]:
    """The CLI job under ``python -m cProfile``: where the user's time goes, imports included."""
    import io
    import pstats

    with tempfile.TemporaryDirectory(prefix="wenming-bench-") as scratch:
        output, stats_file = Path(scratch) / "out.json", Path(scratch) / "cli.prof"
        command, _ = cli_command(spec["folder"], spec["as_of"], str(output))
        if command[0] != sys.executable:  # the console script: run its module under cProfile
            command = [sys.executable, "-m", "wenming", *command[1:]]
        command[1:1] = ["-m", "cProfile", "-o", str(stats_file)]
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
        seconds = round(time.perf_counter() - started, 4)
        if done.returncode != 0 or not stats_file.exists():
            return {"ok": False, "error": f"exit status {done.returncode}: "
                                          f"{done.stderr.strip()[-1500:]}"}
        out: dict[str, Any] = {"seconds_under_profile": seconds}
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            stats = pstats.Stats(str(stats_file), stream=text)
            stats.strip_dirs().sort_stats(order).print_stats(int(spec.get("top", 40)))
            out[order] = text.getvalue()
        return out


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": child_baseline,
    "cities": child_cities,
    "cli": child_cli,
    "end_to_end": child_end_to_end,
    "latency": child_latency,
    "load": child_load,
    "profile": child_profile,
    "profile_cli": child_profile_cli,
    "reports": child_reports,
}


def _last_json(text: str) -> dict[str, Any] | None:
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def run_child(kind: str, spec: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its last JSON stdout line is the result.

    The child leads its own process group, so at the timeout its own children
    (the CLI process, pool workers) are stopped with it.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(spec)]
    with subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                          start_new_session=True) as child:
        try:
            stdout, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            stdout, _ = child.communicate()
            partial = _last_json(stdout) or {}
            return {**partial, "ok": False, "timed_out": True,
                    "error": f"child {kind} stopped after the {timeout:g} s timeout"}
    result = _last_json(stdout)
    if child.returncode != 0 or result is None:
        return {"ok": False, "error": f"child {kind} exited with {child.returncode}",
                "output": stdout[-2000:]}
    return result


# -- the parent: sizes, repeats, ratios, growth, targets -----------------------------------

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
                 "orjson", "attrs", "dask", "distributed"):
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


def _repeat(kind: str, spec: dict[str, Any], args: argparse.Namespace,
            say: Callable[[str], None], label: str | None = None,
            times: int | None = None) -> dict[str, Any]:
    """``times`` runs (default ``--repeat``); the run of median seconds is kept."""
    label = label or kind
    times = args.repeat if times is None else times
    runs: list[dict[str, Any]] = []
    for number in range(times):
        say(f"  {label} ({number + 1}/{times}) …")
        runs.append(run_child(kind, spec, args.timeout or None))
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


def _ok(result: dict[str, Any] | None) -> bool:
    return bool(result) and result.get("ok", True) is not False  # type: ignore[union-attr]


def figures(size: dict[str, Any]) -> dict[str, float]:
    """Every time measured at one size, in seconds, by a flat name (what ratios are taken of)."""
    out: dict[str, float] = {}

    def put(name: str, value: Any) -> None:
        if isinstance(value, (int, float)) and value > 0:
            out[name] = float(value)

    for key in ("baseline", "baseline_gc_off", "cli", "csv_load"):
        if _ok(size.get(key)):
            put(key, size[key].get("seconds"))
    e2e = size.get("end_to_end") or {}
    for name, seconds in (e2e.get("steps") or {}).items():
        put(name, seconds)
    if _ok(e2e):
        put("library", e2e.get("seconds"))
    # Steps a stopped child finished are kept; its total is not.
    reports = size.get("reports") or {}
    for name, seconds in (reports.get("steps") or {}).items():
        put(name, seconds)
    if _ok(reports):
        put("reports", reports.get("seconds"))
    for mode, result in (size.get("parallel") or {}).items():
        if isinstance(result, dict) and _ok(result):
            put(f"cities_{mode}", result.get("seconds"))
    return out


def ratios_to_baseline(size: dict[str, Any]) -> dict[str, float | None]:
    times = figures(size)
    base = times.get("baseline_gc_off")
    return {name: round(seconds / base, 2) if base else None
            for name, seconds in times.items() if name != "baseline_gc_off"}


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


def parallel_verdict(parallel: dict[str, Any]) -> dict[str, Any]:
    serial = parallel.get("serial") or {}
    out: dict[str, Any] = {"speedup": {}, "identical": {}}
    for mode in ("process", "dask"):
        result = parallel.get(mode) or {}
        if _ok(serial) and _ok(result):
            out["speedup"][mode] = round(serial["seconds"] / result["seconds"], 2)
            out["identical"][mode] = serial["digest"] == result["digest"]
        else:
            out["speedup"][mode] = out["identical"][mode] = None
    return out


def growth_of(sizes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """For every step timed at both ends: time at the largest size / at the smallest."""
    if len(sizes) < 2:
        return None
    small, large = sizes[0], sizes[-1]
    before, after = figures(small), figures(large)
    steps = {name: round(after[name] / before[name], 2)
             for name in after if name in before}
    return {"from": small["records"], "to": large["records"],
            "records_ratio": round(large["records"] / small["records"], 2), "steps": steps}


def _target(number: int, name: str, target: str, measured: Any, met: bool | None,
            note: str = "") -> dict[str, Any]:
    return {"number": number, "name": name, "target": target, "measured": measured,
            "met": met, "note": note}


def _at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def targets(sizes: Sequence[dict[str, Any]], growth: dict[str, Any] | None
            ) -> dict[str, Any]:
    """Issue 10's six targets, checked at the target size or else at the largest size run."""
    at = next((s for s in sizes if (s["records"], s["units"]) == TARGET_SIZE), sizes[-1])
    where = f"{at['records']:,} records / {at['units']:,} units"
    ratios, cli, e2e, lat = at["ratios"], at["cli"], at["end_to_end"], at["latency"]
    base = at["baseline_gc_off"].get("seconds")
    rows = [
        _target(1, "CLI job (wenming score, both rubrics, JSON) ≤ 3× baseline_gc_off",
                f"≤ {TARGET_CLI_RATIO:g}×", ratios.get("cli"),
                _at_most(ratios.get("cli"), TARGET_CLI_RATIO),
                f"CLI {cli.get('seconds')} s, baseline_gc_off {base} s"
                if _ok(cli) else f"CLI job failed: {cli.get('error')}"),
        _target(2, "library end to end (load, hash, province, 14 cities) ≤ 2× baseline_gc_off",
                f"≤ {TARGET_LIBRARY_RATIO:g}×", ratios.get("library"),
                _at_most(ratios.get("library"), TARGET_LIBRARY_RATIO),
                f"end to end {e2e.get('seconds')} s, baseline_gc_off {base} s"),
        _target(3, "peak RSS of the CLI job ≤ 600 MB", f"≤ {TARGET_RSS_MB:g} MB",
                cli.get("peak_rss_mb") if _ok(cli) else None,
                _at_most(cli.get("peak_rss_mb") if _ok(cli) else None, TARGET_RSS_MB),
                f"library end to end peaked at {e2e.get('peak_rss_mb')} MB"),
        _target(4, "one unit (~2,000 records), both rubrics ≤ 5 ms median",
                f"≤ {TARGET_LATENCY_MS:g} ms", lat.get("median_ms"),
                _at_most(lat.get("median_ms"), TARGET_LATENCY_MS),
                f"unit {lat.get('unit')}: {lat.get('subtree_records')} records in "
                f"{lat.get('subtree_units')} units"),
    ]
    if growth is None:
        rows.append(_target(5, "growth ≤ 1.1× the data growth for every step", "", None, None,
                            "needs two sizes"))
    else:
        limit = round(TARGET_GROWTH_PER_DATA * growth["records_ratio"], 2)
        checked = {name: ratio for name, ratio in growth["steps"].items()
                   if name in (*LIBRARY_STEPS, *REPORT_STEPS, "cli")}
        expected = len(LIBRARY_STEPS) + len(REPORT_STEPS) + 1
        worst = max(checked.items(), key=lambda kv: kv[1]) if checked else None
        over = sorted(name for name, ratio in checked.items() if ratio > limit)
        note = f"{growth['from']:,} → {growth['to']:,} records"
        if worst:
            note += f"; largest: {worst[0]} ×{worst[1]}"
        if over:
            note += f"; over: {', '.join(over)}"
        if len(checked) < expected:
            note += f"; only {len(checked)} of {expected} steps measured at both sizes"
        rows.append(_target(
            5, f"growth {growth['records_ratio']:g}× the data ≤ {limit:g}× the time, every step",
            f"≤ {limit:g}×", worst[1] if worst else None,
            None if len(checked) < expected else not over, note))
    parallel = at.get("parallel")
    if parallel is None:
        rows.append(_target(6, "cities on 2 workers ≥ 1.6× serial, process pool and Dask", "",
                            None, None, "not run (--no-parallel)"))
    else:
        speed, same = parallel["speedup"], parallel["identical"]
        measured = {mode: speed.get(mode) for mode in ("process", "dask")}
        met: bool | None = None
        if all(v is not None for v in measured.values()):
            met = (all(v is not None and v >= TARGET_SPEEDUP for v in measured.values())
                   and all(same.get(mode) for mode in measured))
        said = {True: "identical", False: "DIFFERENT", None: "not compared"}
        note = "; ".join(
            f"{mode}: {parallel[mode].get('seconds')} s ({said[same.get(mode)]}, "
            f"{parallel[mode].get('how') or parallel[mode].get('error')})"
            for mode in ("process", "dask"))
        rows.append(_target(6, "cities on 2 workers ≥ 1.6× serial, process pool and Dask, "
                               "identical scorecards", f"≥ {TARGET_SPEEDUP:g}×", measured, met,
                            f"serial {(parallel.get('serial') or {}).get('seconds')} s; {note}"))
    return {"size": where, "at_target_size": (at["records"], at["units"]) == TARGET_SIZE,
            "rows": rows}


def _parse_size(text: str) -> tuple[int, int]:
    try:
        records, units = (int(p.replace("_", "")) for p in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected RECORDS:UNITS such as 100000:1000, got {text!r}") from None
    return records, units


def _lines_for_size(size: dict[str, Any]) -> Iterator[str]:
    ratios = size["ratios"]

    def row(name: str, label: str, result: dict[str, Any] | None, seconds: Any = None) -> str:
        result = result or {}
        if not _ok(result) and seconds is None:
            return f"  {label:<34} failed: {result.get('error')}"
        value = seconds if seconds is not None else result.get("seconds")
        ratio = ratios.get(name)
        rss = result.get("peak_rss_mb")
        return (f"  {label:<34} {value:>9} s  {'' if ratio is None else f'{ratio:>6}×':>7}"
                + (f"  {rss} MB" if rss is not None and seconds is None else ""))

    yield f"\n{size['records']:,} records / {size['units']:,} units  (× = / baseline_gc_off)"
    yield row("baseline", "baseline, orjson → dicts (gc on)", size["baseline"])
    yield row("baseline_gc_off", "baseline_gc_off", size["baseline_gc_off"])
    cli = size["cli"]
    yield row("cli", f"CLI job ({cli.get('command', 'wenming')} score)", cli)
    e2e = size["end_to_end"]
    yield row("library", f"library end to end ({e2e.get('executor', 'serial')})", e2e)
    for name, seconds in (e2e.get("steps") or {}).items():
        yield row(name, f"· {name}", e2e, seconds)
    reports = size["reports"]
    yield row("reports", "reports, each alone", reports,
              reports.get("seconds") if _ok(reports) else None)
    for name, seconds in (reports.get("steps") or {}).items():
        yield row(name, f"· {name}", reports, seconds)
    lat = size["latency"]
    yield (f"  one unit ({lat.get('unit')}, {lat.get('subtree_records')} records)"
           f"  median {lat.get('median_ms')} ms (min {lat.get('min_ms')}, "
           f"p90 {lat.get('p90_ms')})")
    if "csv_load" in size:
        yield row("csv_load", "CSV load", size["csv_load"])
    parallel = size.get("parallel")
    if parallel:
        for mode in ("serial", "process", "dask"):
            result = parallel.get(mode) or {}
            line = row(f"cities_{mode}", f"cities, {mode}", result)
            if mode != "serial" and _ok(result):
                line += (f"  ×{parallel['speedup'].get(mode)} faster, "
                         f"{'identical' if parallel['identical'].get(mode) else 'DIFFERENT'}")
            yield line


def summary(results: dict[str, Any]) -> str:
    from tabulate import tabulate

    machine, git = results["machine"], results.get("git") or {}
    lines = [f"machine: {machine.get('cpu_model') or machine['platform']}, "
             f"{machine['cpu_count']} CPUs, Python {machine['python']}, load average at start "
             f"{machine.get('load_average_at_start')}; commit {git.get('commit')}"
             + (" (src/ or rubrics/ modified)" if git.get("dirty") else "")]
    for size in results["sizes"]:
        lines.extend(_lines_for_size(size))
    growth = results.get("growth")
    if growth:
        steps = ", ".join(f"{k} ×{v:g}" for k, v in growth["steps"].items())
        lines.append(f"\ngrowth {growth['from']:,} → {growth['to']:,} records "
                     f"(×{growth['records_ratio']:g}): {steps}")
    table = results["targets"]
    where = table["size"] + ("" if table["at_target_size"]
                             else " — not the 1,000,000-record target size; indicative only")
    lines.append(f"\ntargets at {where}:")
    verdicts = {True: "met", False: "NOT MET", None: "not measured"}
    def shown(value: Any) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{k} {v}" for k, v in value.items())
        return "—" if value is None else str(value)

    rows = [(t["number"], t["name"], t["target"], shown(t["measured"]), verdicts[t["met"]])
            for t in table["rows"]]
    lines.append(tabulate(rows, headers=["#", "target", "limit", "measured", "verdict"],
                          disable_numparse=True))
    lines.extend(f"  {t['number']}. {t['note']}" for t in table["rows"] if t["note"])
    return "\n".join(lines)


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
