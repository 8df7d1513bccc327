"""No label says a word twice ("全面创建阶段阶段", "phase phase") (#19).

Checked over every phase and item label and every finding, check and rectification
row of the example and of a folder ``wenming init`` writes (whose phases are named
after rubric items, "全面创建阶段", so a label that adds 阶段 again would double it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from wenming.cli.main import CliState, cli
from wenming.dataset import Dataset
from wenming.loaders import load_dataset
from wenming.model import Label
from wenming.plugins import PluginHost
from wenming.reports import build_gaps
from wenming.scoring import Scorer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
#: A CJK word of two to four characters said twice in a row, or an English word twice.
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1|\b([A-Za-z]{3,})\s+\2\b", re.IGNORECASE)
#: Doubled on purpose in the rubrics' own wording (none so far).
ALLOWED: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory, host: PluginHost) -> Dataset:
    folder = tmp_path_factory.mktemp("init") / "bureau"
    result = CliRunner().invoke(cli, ["init", str(folder)],
                                obj=CliState(host_factory=lambda: host))
    assert result.exit_code == 0, result.output
    campaign = folder / "campaign.toml"
    windows = iter(["2020.04-2021.12", "2020.04-2020.05", "2020.05-2020.06", "2020.06-2021.07",
                    "2021.08-2021.09", "2021.09-2021.11", "2021.11-2021.12"])
    campaign.write_text(re.sub(r'^window = ".*"$', lambda _: f'window = "{next(windows)}"',
                               campaign.read_text(encoding="utf-8"), flags=re.MULTILINE),
                        encoding="utf-8")
    return load_dataset(folder, vocabulary=host.vocabulary())


def _labels(dataset: Dataset, host: PluginHost, day: date) -> Iterator[Label]:
    yield from (p.name for p in dataset.campaign.phases)
    for rubric in host.rubrics().values():
        for item in rubric.items():
            yield item.title
    cards = Scorer(host).score_all(dataset, as_of=day)
    for card in cards:
        for item in card.items.values():
            yield from item.findings
            for criterion in item.criteria:
                if criterion.label is not None:
                    yield criterion.label
                for check in criterion.checks:
                    yield check.label
                    yield check.finding()
    for gap in build_gaps(cards, dataset, day).gaps:
        yield gap.what_shown
        yield gap.placed_by


def _doubled(labels: Iterator[Label]) -> list[str]:
    found = []
    for label in labels:
        for text in (label.zh, label.en):
            match = DOUBLED.search(text)
            if match and match.group(0) not in ALLOWED:
                found.append(text)
    return sorted(set(found))


@pytest.mark.parametrize("when", ["2020-06-30", "2021-09-30", "2021-12-31"])
def test_no_label_of_an_initialised_folder_says_a_word_twice(initialised, host, when):
    phases = [p.name.zh for p in initialised.campaign.phases]
    assert any(name.endswith("阶段") for name in phases), phases  # the case that doubled
    assert _doubled(_labels(initialised, host, date.fromisoformat(when))) == []


@pytest.mark.parametrize("when", ["2020-06-30", "2021-09-30", "2021-12-31"])
def test_no_label_of_the_example_says_a_word_twice(host, when):
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    assert _doubled(_labels(data, host, date.fromisoformat(when))) == []


def test_the_check_catches_a_doubled_phase_word():
    assert _doubled(iter([Label("全面创建阶段阶段（2020-06..2021-07）", "Full creation")])) \
        and _doubled(iter([Label("好", "Full creation phase phase")]))
