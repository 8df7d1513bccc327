"""The cases measured: one function per child process, each timing what a user runs."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.harness import (
    _partial,
    _peak_rss_mb,
    _timed,
)

RUBRICS = ("provincial-18", "municipal-plan")
LATENCY_RECORDS = 2_000


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
