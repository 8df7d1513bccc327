"""The verdict table: times as ratios to the baseline, growth between sizes, and the targets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from benchmarks.harness import (
    _ok,
)

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
