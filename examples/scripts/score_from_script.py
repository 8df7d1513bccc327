"""Score the bundled example dataset with every installed rubric and print the totals.

    python examples/scripts/score_from_script.py [DATASET] [--as-of 2021-12-31]
                                                 [--plugin MODULE ...]

Rubrics are found the way the ``wenming`` command finds them: through the
``wenming`` entry points of installed packages. ``--plugin`` registers a
plugin module besides them without installing it, e.g.
``--plugin wenming_rubric_example.plugin`` with its ``src`` on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from wenming import PluginHost, Scorer, load_dataset
from wenming.calendar import parse_date

EXAMPLE = Path(__file__).resolve().parents[1] / "ecology-bureau"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=EXAMPLE,
                        help="a dataset folder (default: examples/ecology-bureau)")
    parser.add_argument("--as-of", type=parse_date, default=parse_date("2021-12-31"),
                        help="score as of this day (default: 2021-12-31, the campaign's end)")
    parser.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                        help="also register this plugin module (repeatable)")
    args = parser.parse_args(argv)

    # One host for the whole run: it finds the plugins once, and its vocabulary
    # (which plugins may extend) is the one the loader must read ledgers with.
    host = PluginHost(plugins=[importlib.import_module(name) for name in args.plugin])
    dataset = load_dataset(args.dataset, vocabulary=host.vocabulary())
    scorer = Scorer(host)
    if not scorer.rubric_ids():
        print("no rubric is installed; try: pip install -e rubrics/wenming-rubric-example",
              file=sys.stderr)
        return 1

    print(f"{dataset.campaign.title.en}: {len(dataset)} records, as of {args.as_of}")
    for card in scorer.score_all(dataset, as_of=args.as_of):
        verdict = card.verdict or "no pass line"
        print(f"{card.rubric_id} {card.rubric_version}: {card.total:g} / {card.maximum:g}"
              f" (nominal {card.nominal:g}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
