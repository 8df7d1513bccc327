"""A process pool that holds the dataset: tasks carry ids, scorecards stay identical.

Under ``fork`` the workers inherit the dataset and it is never pickled;
under ``spawn`` each worker receives it once, when it starts, however many
units are scored afterwards.
"""

from __future__ import annotations

import gc
import multiprocessing

import pytest

from tests.parallel.support import (
    AS_OF,
    RUBRICS,
    UNITS,
    Cards,
    PickleCount,
    as_dicts,
    small_dataset,
)
from wenming.dataset import Dataset
from wenming.scoring import Scorer
from wenming.scoring.parallel import DatasetPool, process_pool

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the fork start method is not available here")


@needs_fork
def test_fork_pool_matches_serial_and_never_pickles_the_dataset(
        dataset: Dataset, scorer: Scorer, serial: Cards, pickles: PickleCount) -> None:
    frozen_before = gc.get_freeze_count()
    with process_pool(scorer, dataset, workers=2, start_method="fork") as pool:
        assert isinstance(pool, DatasetPool) and pool.start_method == "fork"
        # The parent unfreezes once its workers are forked (unless something froze before,
        # which the pool then leaves as it was meant to be).
        if frozen_before == 0:
            assert gc.get_freeze_count() == 0
        result = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=pool)
        again = pool.score_units(list(reversed(UNITS)), RUBRICS, AS_OF, chunk_size=4)
    assert list(result) == list(UNITS)
    assert as_dicts(result) == serial
    assert list(again) == list(reversed(UNITS))
    assert as_dicts(again) == {u: serial[u] for u in reversed(UNITS)}
    assert pickles.count == 0


def test_spawn_pool_sends_the_dataset_once_per_worker(
        dataset: Dataset, scorer: Scorer, serial: Cards, pickles: PickleCount) -> None:
    with process_pool(scorer, dataset, workers=2, start_method="spawn") as pool:
        first = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=pool)
        second = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=pool,
                                    chunk_size=1)
    assert as_dicts(first) == serial
    assert as_dicts(second) == serial
    # Twelve unit scorings, up to eight tasks: still at most one copy per worker.
    assert 1 <= pickles.count <= 2


def test_pool_refuses_a_dataset_it_does_not_hold(dataset: Dataset, scorer: Scorer) -> None:
    other = small_dataset(seed=8, records=50)
    with process_pool(scorer, dataset, workers=1, start_method="spawn") as pool:
        assert pool.holds(dataset) and not pool.holds(other)
        with pytest.raises(ValueError, match=r"hold another dataset.*持有的是另一个数据集"):
            scorer.score_units(other, ["hq"], RUBRICS, AS_OF, executor=pool)


def test_pool_needs_a_worker(dataset: Dataset, scorer: Scorer) -> None:
    with pytest.raises(ValueError, match="at least 1 / "):
        process_pool(scorer, dataset, workers=0)
