"""Scoring on ordinary executors gives exactly the scorecards of serial scoring.

``Scorer.score_units`` promises that scoring is a pure function of (dataset,
rubric, as-of date, unit), so farming units out to threads or to worker
processes that receive the scorer and the dataset by pickling must change
nothing in any scorecard. Units go out in chunks; a plain process pool gets
one chunk, and so one copy of the dataset, per worker.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from tests.parallel.support import AS_OF, RUBRICS, UNITS, Cards, PickleCount, as_dicts
from wenming.dataset import Dataset
from wenming.scoring import Scorer
from wenming.scoring.parallel import chunked


def test_serial_results_are_keyed_by_unit_in_order(serial: Cards) -> None:
    assert list(serial) == list(UNITS)
    for unit, cards in serial.items():
        assert [c["rubric_id"] for c in cards] == list(RUBRICS)
        assert all(c["unit"] == unit for c in cards)


def test_chunks_keep_order_and_carry_several_units() -> None:
    cities = [f"c{n:02d}" for n in range(1, 15)]
    tasks = chunked(cities, workers=2)
    assert [u for task in tasks for u in task] == cities
    assert len(tasks) == 7 and all(len(task) == 2 for task in tasks)
    assert chunked(cities, workers=2, chunk_size=5) == [
        tuple(cities[:5]), tuple(cities[5:10]), tuple(cities[10:])]
    assert chunked((), workers=2) == []


def test_thread_pool_matches_serial_without_pickling(
        dataset: Dataset, scorer: Scorer, serial: Cards, pickles: PickleCount) -> None:
    with ThreadPoolExecutor(max_workers=2) as executor:
        result = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=executor)
    assert list(result) == list(UNITS)
    assert as_dicts(result) == serial
    assert pickles.count == 0


def test_plain_process_pool_pickles_once_per_worker(
        dataset: Dataset, scorer: Scorer, serial: Cards, pickles: PickleCount) -> None:
    # spawn, not fork: the workers get the scorer and the dataset only by pickling,
    # as they do on macOS and Windows and on any cluster.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        result = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=executor)
    assert as_dicts(result) == serial
    # Six units, two workers: two tasks, not six.
    assert pickles.count == 2
