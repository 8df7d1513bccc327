"""The harness: each measurement in a fresh child process, repeated, with the machine it ran on.

A child prints its result as the last JSON line of its output; the parent keeps the
fastest of ``--repeat`` runs and stops a child (and its own children) at the timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The script a child process runs (its ``--child KIND SPEC`` mode).
RUNNER = ROOT / "benchmarks" / "run.py"


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
    command = [sys.executable, str(RUNNER), "--child", kind, json.dumps(spec)]
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
