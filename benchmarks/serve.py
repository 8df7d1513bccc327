"""``wenming serve``: start-up, a scorecard page, and re-scoring after an upload.

Run from a checkout (the rubric packages and the serve extra installed)::

    python -m benchmarks.serve                 # the example and a 50-unit, 20,000-record bureau
    python -m benchmarks.serve --repeat 9

Measured, each the median of ``--repeat`` runs:

``start``
    ``wenming serve EXAMPLE --port P`` as its own process, until its first answer
    to ``GET /api/rubrics`` (wall time); beside it ``wenming --version`` as the
    baseline, the cost of starting the command line at all.
``page`` / ``page_cached``
    the server time of ``GET /scorecards`` (in process, through the ASGI app): a
    new as-of day each run (scored afresh) and the same day again (the cache).
``upload`` / ``rescore``
    ``POST /api/ledgers`` with a small ledger of new records (checked on a staged
    copy of the workspace, then put in place), and the ``GET /api/scorecards``
    after it, which loads the changed workspace and scores it again.

On the example and on a generated bureau of 50 units and 20,000 records
(benchmarks/generate.py, both of its rubrics). The targets of issue #20 are
checked and printed; results go to benchmarks/out/serve.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

EXAMPLE = ROOT / "examples" / "ecology-bureau"
OUTPUT = ROOT / "benchmarks" / "out" / "serve.json"
TARGETS = {"start": 1.0, "page": 0.150, "example_rescore": 0.300, "bureau_rescore": 2.0}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(folder: Path) -> tuple[float, float]:
    """Wall time to the first answer, and the CPU time the server process used for it."""
    import resource

    port = _free_port()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "wenming", "serve", str(folder),
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/rubrics",
                                            timeout=5) as answer:
                    answer.read()
                    wall = time.perf_counter() - began
                    break
            except OSError:
                if process.poll() is not None or time.perf_counter() - began > 30:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.01)
    finally:
        process.terminate()
        process.wait(timeout=10)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes its brief shutdown
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _import_baseline() -> tuple[float, float]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wenming", "--version"], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(runs: list[float]) -> float:
    return statistics.median(runs)


class _Client:
    """Requests through the ASGI app in this process: the server's own time, no network."""

    def __init__(self, app: Any) -> None:
        import httpx

        self.loop = asyncio.new_event_loop()
        self.cpu: list[float] = []
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                      base_url="http://127.0.0.1")

    def timed(self, call: Callable[[], Coroutine[Any, Any, Any]]) -> tuple[float, Any]:
        """Wall time of one request; its CPU time (every thread) is added to ``self.cpu``."""
        began, cpu = time.perf_counter(), time.process_time()
        answer = self.loop.run_until_complete(call())
        elapsed = time.perf_counter() - began
        self.cpu.append(time.process_time() - cpu)
        if answer.status_code >= 400:
            raise RuntimeError(f"{answer.status_code}: {answer.text[:500]}")
        return elapsed, answer

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


def _new_records(evidence: Path, count: int, run: int) -> tuple[str, bytes]:
    """A ledger of ``count`` records copied from the workspace's own, under new ids."""
    if evidence.suffix == ".jsonl":
        lines = evidence.read_text("utf-8").splitlines()[:count]
        out = []
        for n, line in enumerate(lines):
            record = json.loads(line)
            record["id"] = f"UP{run:03d}-{n:04d}"
            out.append(json.dumps(record, ensure_ascii=False))
        return f"upload-{run:03d}.jsonl", ("\n".join(out) + "\n").encode("utf-8")
    text = evidence.read_text("utf-8-sig").splitlines()
    head, rows = text[0], text[1:count + 1]
    rows = [f"UP{run:03d}-{n:04d}," + row.split(",", 1)[1] for n, row in enumerate(rows)]
    return f"upload-{run:03d}.csv", ("\n".join([head, *rows]) + "\n").encode("utf-8")


def measure(folder: Path, evidence: Path, as_of: str, repeat: int,
            rubrics: tuple[str, ...] | None) -> dict[str, Any]:
    from datetime import date, timedelta

    from wenming.plugins import PluginHost
    from wenming.serve import Workspace, create_app

    workspace = Workspace(folder, PluginHost())
    if rubrics:
        workspace.save_rubric_choice(rubrics)
    client = _Client(create_app(workspace))
    try:
        http = client.http
        client.timed(lambda: http.get("/api/scorecards", params={"as_of": as_of}))  # warm up
        end = date.fromisoformat(as_of)
        fresh: list[float] = []
        client.cpu.clear()
        for n in range(repeat):
            day = (end - timedelta(days=7 * (n + 1))).isoformat()
            fresh.append(client.timed(lambda d=day: http.get("/scorecards",  # type: ignore[misc]
                                                             params={"as_of": d}))[0])
        fresh_cpu = list(client.cpu)
        cached = [client.timed(lambda: http.get("/scorecards", params={"as_of": as_of}))[0]
                  for _ in range(repeat)]
        uploads, rescores, both_cpu = [], [], []
        for n in range(repeat):
            name, data = _new_records(evidence, 20, n)
            client.cpu.clear()
            uploads.append(client.timed(lambda nm=name, d=data: http.post(  # type: ignore[misc]
                "/api/ledgers", files=[("files", (nm, d, "application/octet-stream"))]))[0])
            took, _ = client.timed(
                lambda: http.get("/api/scorecards", params={"as_of": as_of}))
            rescores.append(took)
            both_cpu.append(sum(client.cpu))
        records = len(workspace.dataset().evidence)
    finally:
        client.close()
    return {"records": records, "units": len(workspace.dataset().units),
            "rubrics": list(workspace.rubrics()),
            "page": _median(fresh), "page_cached": _median(cached),
            "upload": _median(uploads), "rescore": _median(rescores),
            "upload_and_rescore": _median([u + r for u, r in zip(uploads, rescores,
                                                                  strict=True)]),
            "page_cpu": _median(fresh_cpu), "upload_and_rescore_cpu": _median(both_cpu)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from benchmarks.generate import generate

    results: dict[str, Any] = {"schema": "wenming.benchmark-serve/1",
                               "python": sys.version.split()[0], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="wenming-bench-serve-") as scratch:
        example = Path(scratch) / "example"
        shutil.copytree(EXAMPLE, example)
        starts = [_start(example) for _ in range(args.repeat)]
        baselines = [_import_baseline() for _ in range(args.repeat)]
        results["start"] = _median([wall for wall, _ in starts])
        results["start_cpu"] = _median([cpu for _, cpu in starts])
        results["import_baseline"] = _median([wall for wall, _ in baselines])
        results["import_baseline_cpu"] = _median([cpu for _, cpu in baselines])
        results["start_over_baseline"] = results["start"] / results["import_baseline"]
        results["example"] = measure(example, example / "evidence" / "派出局活动.csv",
                                     "2021-12-31", args.repeat, None)
        province = generate(20_000, 50, quiet=True)
        bureau = Path(scratch) / "bureau"
        shutil.copytree(province / "jsonl", bureau)
        results["bureau"] = measure(bureau, bureau / "evidence" / "evidence.jsonl",
                                    "2021-12-31", args.repeat,
                                    ("provincial-18", "municipal-plan"))
    figures = {"start": results["start"], "page": results["example"]["page"],
               "example_rescore": results["example"]["upload_and_rescore"],
               "bureau_rescore": results["bureau"]["upload_and_rescore"]}
    results["targets"] = {name: {"target_s": TARGETS[name], "measured_s": round(value, 4),
                                 "met": value <= TARGETS[name]}
                          for name, value in figures.items()}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"start {results['start'] * 1000:.0f} ms, CPU {results['start_cpu'] * 1000:.0f} ms "
          f"({results['start_over_baseline']:.2f}x `wenming --version`, CPU "
          f"{results['import_baseline_cpu'] * 1000:.0f} ms)")
    for name in ("example", "bureau"):
        r = results[name]
        print(f"{name}: {r['records']:,} records, {r['units']} units; scorecard page "
              f"{r['page'] * 1000:.0f} ms (cached {r['page_cached'] * 1000:.1f} ms); upload "
              f"{r['upload'] * 1000:.0f} ms + re-score {r['rescore'] * 1000:.0f} ms; CPU: page "
              f"{r['page_cpu'] * 1000:.0f} ms, upload and re-score "
              f"{r['upload_and_rescore_cpu'] * 1000:.0f} ms")
    for name, verdict in results["targets"].items():
        print(f"  {name}: {verdict['measured_s'] * 1000:.0f} ms, target "
              f"{verdict['target_s'] * 1000:.0f} ms: {'met' if verdict['met'] else 'MISSED'}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
