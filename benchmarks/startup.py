"""Start-up of the ``wenming`` command (#22): ``--help`` and scoring the bundled example.

Run from a checkout (the rubric packages installed)::

    python -m benchmarks.startup              # median of 5 fresh processes each
    python -m benchmarks.startup --repeat 9

Measured, each as the median of ``--repeat`` fresh processes after one warm-up
run (so the disk cache is warm, as hyperfine measures):

``baseline``  ``python -c pass``: the cost of starting Python at all, in the same run.
``import``    ``python -c "import wenming"``: the package and its public names.
``help``      ``wenming --help``.
``score``     ``wenming score examples/ecology-bureau --as-of 2021-12-31`` (text to stdout).

Wall time is the target (≤ 150 ms and ≤ 500 ms); the CPU time of each process
(user + system) is printed beside it, because on a shared 2-core machine the
wall time also holds the time spent waiting for a core. Ratios are to the
baseline of the same run. The phases of one ``score`` run (imports, plugins and
rubrics, loading, scoring, the rectification list, rendering) are timed in a
fresh process with the library's own calls, to show where the remaining time goes.
Results go to benchmarks/out/startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ecology-bureau"
AS_OF = "2021-12-31"
OUTPUT = ROOT / "benchmarks" / "out" / "startup.json"
TARGETS = {"help": 0.150, "score": 0.500}


def _wenming() -> list[str]:
    """The console script beside this interpreter, as a user runs it; else ``-m wenming``."""
    script = Path(sys.executable).with_name("wenming")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wenming"]


def commands() -> dict[str, list[str]]:
    return {
        "baseline": [sys.executable, "-c", "pass"],
        "import": [sys.executable, "-c", "import wenming"],
        "help": [*_wenming(), "--help"],
        "score": [*_wenming(), "score", str(EXAMPLE), "--as-of", AS_OF],
    }


def child_env() -> dict[str, str]:
    """The environment of the measured processes: bytecode cached, as after ``pip install``.

    ``PYTHONDONTWRITEBYTECODE`` (set on some CI machines and sandboxes) would make every
    process compile every module again, which measures the compiler rather than wenming;
    the cache goes under benchmarks/out/ so the source tree stays clean.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")}
    env["PYTHONPYCACHEPREFIX"] = str(OUTPUT.parent / "pycache")
    env["COLUMNS"] = "100"
    return env


def _run_once(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=child_env())
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(repeat: int) -> dict[str, dict[str, float]]:
    runs = commands()
    for argv in runs.values():  # warm the disk cache and the bytecode
        _run_once(argv)
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):  # interleaved, so a busy moment hits every command alike
        for name, argv in runs.items():
            wall, cpu = _run_once(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: {"wall": statistics.median(walls[name]), "cpu": statistics.median(cpus[name]),
                   "wall_min": min(walls[name])} for name in runs}


PHASES = r"""
import io, sys, time
from datetime import date
from pathlib import Path
t = [("start", time.perf_counter())]
def mark(name): t.append((name, time.perf_counter()))
import wenming.cli.main
mark("import the CLI")
from wenming.plugins import PluginHost
host = PluginHost()
rubrics = host.rubrics()
reporters = host.reporters()
mark("plugins, rubrics, reporters")
from wenming.loaders import load_dataset
dataset = load_dataset(Path(sys.argv[1]), vocabulary=host.vocabulary())
mark("load the dataset")
from wenming.scoring import Scorer
scorer = Scorer(host)
day = date.fromisoformat(sys.argv[2])
from wenming.rubric import default_rubric_ids
cards = [scorer.score(dataset, rubric_id, day, None) for rubric_id in default_rubric_ids(rubrics)]
mark("score")
from wenming.reports import ScoreReport
report = ScoreReport.of(cards, dataset, day)
mark("rectification list")
reporters["table"].render(report, lang="en")
mark("render text")
import json
print(json.dumps({name: t[i][1] - t[i - 1][1] for i, (name, _) in enumerate(t) if i}))
"""


def phases() -> dict[str, float]:
    """Seconds of each phase of one ``score`` run, in a fresh process."""
    argv = [sys.executable, "-c", PHASES, str(EXAMPLE), AS_OF]
    subprocess.run(argv, capture_output=True, check=True, env=child_env())  # warm the cache
    result = subprocess.run(argv, capture_output=True, text=True, check=True, env=child_env())
    found: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per command")
    parser.add_argument("--no-phases", action="store_true", help="skip the phase profile")
    args = parser.parse_args(argv)
    results = measure(args.repeat)
    base = results["baseline"]["wall"]
    print(f"start-up, median of {args.repeat} fresh processes (warm cache)")
    print(f"{'command':10} {'wall ms':>8} {'cpu ms':>8} {'× baseline':>11} {'target':>8}  verdict")
    verdicts: dict[str, str] = {}
    for name, row in results.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("met" if row["wall"] <= target else "NOT met")
        if target is not None:
            verdicts[name] = verdict
        print(f"{name:10} {row['wall'] * 1000:8.0f} {row['cpu'] * 1000:8.0f} "
              f"{row['wall'] / base:11.1f} "
              f"{'' if target is None else f'{target * 1000:.0f} ms':>8}  {verdict}")
    split: dict[str, float] = {}
    if not args.no_phases:
        split = phases()
        print("\nphases of one `score` run (fresh process, library calls):")
        for name, seconds in split.items():
            print(f"  {name:30} {seconds * 1000:7.0f} ms")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"repeat": args.repeat, "results": results,
                                  "verdicts": verdicts, "phases": split}, indent=2) + "\n",
                      "utf-8")


if __name__ == "__main__":
    main()
