"""Golden scorecards: the score reports a refactor of the core must leave unchanged.

Run ``python -m tests.golden.build`` (from the repository root) only when a change of
*scores* is intended; the goldens guard refactors, which must not change any.

Two sets are written:

- ``example-<as-of>.json``: the whole score report (both rubrics, scorecards and the
  rectification list) of the bundled example, as the CLI's ``--format json`` writes it;
- ``province-<records>.json``: SHA-256 digests of the same report for the generated
  benchmark province, per as-of date (the reports themselves are tens of megabytes).

``dataset_hash`` is blanked before comparing: it identifies the data, and how it is
computed is an implementation detail a refactor may change.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "examples" / "ecology-bureau"
RUBRICS = ("provincial-18", "municipal-plan")
EXAMPLE_DATES = ("2020-09-30", "2021-03-31", "2021-12-31", "2022-06-30")
PROVINCE_DATES = ("2021-06-30", "2021-12-31")
PROVINCE_SIZES = ((10_000, 100), (100_000, 1_000))
#: The rectification list kept as the clerk reads it, reviewed row by row in
#: ``example-gaps-<date>.review.md`` (who and by when, and why, against the seeds).
GAPS_DATE = "2021-09-30"


def normalise(report: Any) -> Any:
    """The report with every ``dataset_hash`` blanked, keys sorted on dump."""
    if isinstance(report, dict):
        return {k: ("" if k == "dataset_hash" else normalise(v)) for k, v in report.items()}
    if isinstance(report, list):
        return [normalise(v) for v in report]
    return report


def canonical(report: Any) -> bytes:
    return json.dumps(normalise(report), ensure_ascii=False, sort_keys=True,
                      indent=1).encode()


def score_report(folder: Path, as_of: str) -> Any:
    """The ``wenming score --format json`` report of ``folder``, as a Python value."""
    from wenming import PluginHost, Scorer, load_dataset
    from wenming.reporters.json_format import to_data
    from wenming.reports.score import ScoreReport

    host = PluginHost()
    dataset = load_dataset(folder, vocabulary=host.vocabulary())
    day = date.fromisoformat(as_of)
    scorer = Scorer(host)
    cards = [scorer.score(dataset, rubric, as_of=day) for rubric in RUBRICS]
    return to_data(ScoreReport.of(cards, dataset, day))


def gap_list(folder: Path, as_of: str = GAPS_DATE, lang: str = "zh") -> str:
    """``wenming gaps --format markdown`` of ``folder`` under the two seed rubrics."""
    from wenming import PluginHost, Scorer, load_dataset
    from wenming.reporters.markdown import render
    from wenming.reports import build_gaps

    host = PluginHost()
    dataset = load_dataset(folder, vocabulary=host.vocabulary())
    day = date.fromisoformat(as_of)
    scorer = Scorer(host)
    cards = [scorer.score(dataset, rubric, as_of=day) for rubric in RUBRICS]
    return render(build_gaps(cards, dataset, day), lang)


def city_cards(folder: Path, as_of: str = PROVINCE_DATES[-1]) -> Any:
    """Each city bureau's subtree scored on its own, under both rubrics."""
    from wenming import PluginHost, Scorer, load_dataset

    host = PluginHost()
    dataset = load_dataset(folder, vocabulary=host.vocabulary())
    scorer = Scorer(host)
    cities = json.loads((folder.parent / "manifest.json").read_text())["cities"]
    day = date.fromisoformat(as_of)
    return [scorer.score(dataset, rubric, as_of=day, unit=city).to_dict()
            for city in cities for rubric in RUBRICS]


def province_folder(records: int, units: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    return generate(records, units) / "jsonl"


def main() -> None:
    for as_of in EXAMPLE_DATES:
        (HERE / f"example-{as_of}.json").write_bytes(canonical(score_report(EXAMPLE, as_of)))
        print("example", as_of, flush=True)
    (HERE / f"example-gaps-{GAPS_DATE}.md").write_text(gap_list(EXAMPLE), encoding="utf-8")
    print("example gaps", GAPS_DATE, flush=True)
    only = {int(a) for a in sys.argv[1:]}
    for records, units in PROVINCE_SIZES:
        if only and records not in only:
            continue
        folder = province_folder(records, units)
        digests = {}
        for as_of in PROVINCE_DATES:
            digests[as_of] = hashlib.sha256(canonical(score_report(folder, as_of))).hexdigest()
            print("province", records, as_of, digests[as_of], flush=True)
        digests["cities"] = hashlib.sha256(canonical(city_cards(folder))).hexdigest()
        (HERE / f"province-{records}.json").write_text(
            json.dumps({"records": records, "units": units, "digests": digests}, indent=1)
            + "\n")


if __name__ == "__main__":
    main()
