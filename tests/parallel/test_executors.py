"""Scoring on executors gives exactly the scorecards of serial scoring.

``Scorer.score_units`` promises that scoring is a pure function of (dataset,
rubric, as-of date, unit), so farming units out to threads, to worker
processes (which receive the scorer and the dataset by pickling) or to a Dask
cluster must change nothing in any scorecard. Both rubric packages are used,
so a plugin's own criterion type (municipal ``leading-group``) has to travel
to the workers too.
"""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest

from wenming.dataset import Dataset
from wenming.model.vocabulary import base_kinds
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, make_host

provincial = pytest.importorskip(
    "wenming_rubric_provincial.plugin",
    reason="needs `pip install -e rubrics/wenming-rubric-provincial`")
municipal = pytest.importorskip(
    "wenming_rubric_municipal_plan.plugin",
    reason="needs `pip install -e rubrics/wenming-rubric-municipal-plan`")

RUBRICS = ("provincial-18", "municipal-plan")
AS_OF = date(2021, 6, 30)  # mid-campaign: met, partial, unmet and not-yet-due items all occur
# Coarse partitions: a few subtrees and single units, not one task per record.
UNITS = ("hq", "east", "west", "office", "east-1", "west-2")
FESTIVALS = ("chunjie", "yuanxiao", "qingming", "duanwu", "zhongqiu", "chongyang")


def _dataset(seed: int = 7, records: int = 600) -> Dataset:
    """A small system whose units differ, so a mixed-up result would show."""
    rng = random.Random(seed)
    builder = DatasetBuilder()
    for parent, count in (("east", 3), ("west", 2)):
        for number in range(1, count + 1):
            builder.add_unit(f"{parent}-{number}", "division", parent)
    units = ["hq", "east", "west", "office", "party", "centre",
             "east-1", "east-2", "east-3", "west-1", "west-2"]
    # Uneven activity: hq keeps the most, west's divisions hardly anything.
    weights = [8, 5, 3, 4, 4, 2, 2, 2, 2, 1, 1]
    kinds = [k.id for k in base_kinds() if k.category != "violation"]
    start = date(2020, 4, 1)
    for _ in range(records):
        kind = rng.choice(kinds)
        unit = rng.choices(units, weights)[0]
        day = start + timedelta(days=rng.randint(0, 600))
        extra: dict[str, Any] = {}
        if kind == "creation-spending":
            extra["amount"] = round(rng.uniform(100, 9000), 2)
        if kind == "festival-activity" and rng.random() < 0.7:
            extra["festival"] = rng.choice(FESTIVALS)
        if kind == "onsite-assessment":
            extra["score"] = float(rng.randint(50, 100))
            extra["refs"] = (rng.choice(("office-tidiness", "no-smoking", "orderly-parking")),)
        if rng.random() < 0.1:
            extra["unfiled"] = True
        else:
            extra["filed"] = day + timedelta(days=rng.choice((0, 3, 12, 45)))
        builder.add(kind, day, unit, participants=rng.randint(3, 60), **extra)
    return builder.build()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return _dataset()


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(make_host(provincial, municipal))


@pytest.fixture(scope="module")
def serial(dataset: Dataset, scorer: Scorer) -> dict[str, list[dict[str, Any]]]:
    result = _as_dicts(scorer.score_units(dataset, UNITS, RUBRICS, AS_OF))
    # The comparison is only worth something if the units' cards differ.
    totals = {unit: tuple(card["total"] for card in cards) for unit, cards in result.items()}
    assert len(set(totals.values())) > 1, totals
    assert all(len(cards) == len(RUBRICS) for cards in result.values())
    return result


def _as_dicts(result: dict[str, list[Any]]) -> dict[str, list[dict[str, Any]]]:
    return {unit: [card.to_dict() for card in cards] for unit, cards in result.items()}


def _score_on(executor: Executor, scorer: Scorer, dataset: Dataset,
              units: Sequence[str] = UNITS) -> dict[str, list[dict[str, Any]]]:
    return _as_dicts(scorer.score_units(dataset, units, RUBRICS, AS_OF, executor=executor))


def test_serial_results_are_keyed_by_unit_in_order(
        serial: dict[str, list[dict[str, Any]]]) -> None:
    assert list(serial) == list(UNITS)
    for unit, cards in serial.items():
        assert [c["rubric_id"] for c in cards] == list(RUBRICS)
        assert all(c["unit"] == unit for c in cards)


def test_thread_pool_matches_serial(dataset: Dataset, scorer: Scorer,
                                    serial: dict[str, list[dict[str, Any]]]) -> None:
    with ThreadPoolExecutor(max_workers=2) as executor:
        assert _score_on(executor, scorer, dataset) == serial


def test_process_pool_matches_serial(dataset: Dataset, scorer: Scorer,
                                     serial: dict[str, list[dict[str, Any]]]) -> None:
    # spawn, not fork: the workers get the scorer and the dataset only by pickling,
    # as they do on macOS and Windows and on any cluster.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        assert _score_on(executor, scorer, dataset) == serial


def test_dask_cluster_matches_serial(dataset: Dataset, scorer: Scorer,
                                     serial: dict[str, list[dict[str, Any]]]) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="needs dask[distributed] (pip install 'dask[distributed]')")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        executor = client.get_executor()
        assert _score_on(executor, scorer, dataset) == serial
