"""Shared fixtures: one small dataset, a scorer with both rubric packages, serial results.

Both rubric packages are used so that a plugin's own criterion type
(municipal ``leading-group``) has to travel to the workers too.
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterator

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
from wenming.testing import make_host

provincial = pytest.importorskip(
    "wenming_rubric_provincial.plugin",
    reason="needs `pip install -e rubrics/wenming-rubric-provincial`")
municipal = pytest.importorskip(
    "wenming_rubric_municipal_plan.plugin",
    reason="needs `pip install -e rubrics/wenming-rubric-municipal-plan`")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return small_dataset()


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer(make_host(provincial, municipal))


@pytest.fixture(scope="session")
def serial(dataset: Dataset, scorer: Scorer) -> Cards:
    result = as_dicts(scorer.score_units(dataset, UNITS, RUBRICS, AS_OF))
    # The comparison is only worth something if the units' cards differ.
    totals = {unit: tuple(card["total"] for card in cards) for unit, cards in result.items()}
    assert len(set(totals.values())) > 1, totals
    assert all(len(cards) == len(RUBRICS) for cards in result.values())
    return result


@pytest.fixture
def pickles() -> Iterator[PickleCount]:
    """Counts every pickling of a dataset by pickle, multiprocessing and cloudpickle.

    All three consult ``copyreg.dispatch_table`` (multiprocessing copies it
    per pickler), and every pickling of a pool's initargs or a task's
    arguments happens here in the parent, so the count is exact.
    """
    counter = PickleCount()
    copyreg.dispatch_table[Dataset] = counter.reduce
    try:
        yield counter
    finally:
        del copyreg.dispatch_table[Dataset]
