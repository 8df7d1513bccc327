"""Scoring many units, or many dataset folders, on worker processes.

A dataset of a million records pickles to hundreds of megabytes, so what
makes parallel scoring pay is how often the dataset travels, not how many
workers there are:

- :func:`process_pool` starts worker processes that hold the scorer and the
  dataset from the start (inherited by ``fork``, or pickled once per worker
  under ``spawn``); tasks then carry only unit ids, rubric ids and a date.
- :func:`scatter_dataset` sends the dataset to every Dask worker once;
  tasks then refer to that copy (:func:`score_units_dask` does both).
- :func:`score_partitions` never ships a dataset at all: each task loads its
  own partition folder where it runs and returns only scorecards.

Every path returns exactly the scorecards serial scoring returns.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from wenming.calendar import today
from wenming.dataset import Dataset
from wenming.errors import DataIssue, DatasetError
from wenming.model import Vocabulary
from wenming.scoring.scorecard import Scorecard

if TYPE_CHECKING:
    from wenming.scoring.scorer import Scorer

__all__ = [
    "DaskClient",
    "DatasetPool",
    "ScatteredDataset",
    "Submitter",
    "chunked",
    "process_pool",
    "scatter_dataset",
    "score_partitions",
    "score_units_dask",
]

#: Tasks per worker when the caller does not choose a chunk size: several units
#: per task saves round trips, several tasks per worker evens out units of
#: unequal size.
TASKS_PER_WORKER = 4


class _Result(Protocol):
    def result(self, timeout: float | None = None) -> Any: ...


class Submitter(Protocol):
    """Anything with ``submit(fn, *args)``: a ``concurrent.futures.Executor`` or a Dask client."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any: ...


class DaskClient(Submitter, Protocol):
    """The part of ``distributed.Client`` used here (duck-typed: Dask stays optional)."""

    def scatter(self, data: Any, *args: Any, **kwargs: Any) -> Any: ...


def chunked(units: Sequence[str], workers: int, chunk_size: int | None = None
            ) -> list[tuple[str, ...]]:
    """``units`` in order, cut into tasks of ``chunk_size`` (default: about 4 tasks per worker)."""
    if chunk_size is None:
        chunk_size = math.ceil(len(units) / (max(1, workers) * TASKS_PER_WORKER))
    if chunk_size < 1:
        chunk_size = 1
    return [tuple(units[i:i + chunk_size]) for i in range(0, len(units), chunk_size)]


def score_chunk(scorer: Scorer, dataset: Dataset, units: Sequence[str],
                rubric_ids: Sequence[str] | None, as_of: date) -> list[list[Scorecard]]:
    """Score each unit of one task, in order."""
    return [scorer.score_all(dataset, rubric_ids, as_of, unit) for unit in units]


# -- shipping a dataset ----------------------------------------------------


class _Held:
    """A scorer and a dataset, pickled together with the dataset's content hash.

    ``Dataset.content_hash`` is a cached property that pickling drops; every
    worker would otherwise hash the whole dataset again (seconds at a million
    records) before its first scorecard.
    """

    __slots__ = ("dataset", "scorer")

    def __init__(self, scorer: Scorer, dataset: Dataset) -> None:
        self.scorer = scorer
        self.dataset = dataset

    def __reduce__(self) -> tuple[Callable[..., _Held], tuple[Any, ...]]:
        return _unpickle_held, (self.scorer, self.dataset, self.dataset.content_hash)


def _unpickle_held(scorer: Scorer, dataset: Dataset, content_hash: str) -> _Held:
    # The hash was computed from these very records by the sender.
    object.__setattr__(dataset, "content_hash", content_hash)
    return _Held(scorer, dataset)


# -- a process pool that holds the dataset ----------------------------------

# Set in each worker process by the pool's initializer; never in the parent.
_worker_held: _Held | None = None


def _hold(held: _Held) -> None:
    global _worker_held
    _worker_held = held


def _score_held(units: Sequence[str], rubric_ids: Sequence[str] | None,
                as_of: date) -> list[list[Scorecard]]:
    if _worker_held is None:  # pragma: no cover - only a misused pool gets here
        raise RuntimeError("this worker holds no dataset / 该工作进程未持有数据集")
    return score_chunk(_worker_held.scorer, _worker_held.dataset, units, rubric_ids, as_of)


def _started() -> int:
    return os.getpid()


def default_start_method() -> str:
    """``fork`` on Linux, where the workers then share the parent's memory; ``spawn`` elsewhere.

    macOS offers ``fork`` but its system libraries are not fork-safe, which is
    why Python stopped defaulting to it there.
    """
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


class _HeldScoring:
    """Scoring where the workers already hold the scorer and the dataset.

    Tasks carry only unit ids, rubric ids and the date (and, on Dask, a
    reference to the scattered copy).
    """

    dataset: Dataset

    def holds(self, dataset: Dataset) -> bool:
        """Whether the workers hold this very dataset (identity, not equality)."""
        return dataset is self.dataset

    def _task_count(self) -> int:
        raise NotImplementedError

    def _submit_chunk(self, chunk: Sequence[str], rubric_ids: tuple[str, ...] | None,
                      day: date) -> _Result:
        raise NotImplementedError

    def score_units(self, units: Sequence[str], rubric_ids: Sequence[str] | None = None,
                    as_of: date | None = None, *, chunk_size: int | None = None
                    ) -> dict[str, list[Scorecard]]:
        """Score each unit under each rubric, a few chunks of units per worker."""
        day = as_of or today()
        ids = tuple(rubric_ids) if rubric_ids else None
        tasks = chunked(units, self._task_count(), chunk_size)
        futures = [self._submit_chunk(chunk, ids, day) for chunk in tasks]
        return _collect(tasks, futures)


class DatasetPool(_HeldScoring, ProcessPoolExecutor):
    """A process pool whose workers hold one scorer and one dataset.

    Build it with :func:`process_pool`. Pass it as ``executor`` to
    :meth:`Scorer.score_units` with the same dataset, or call
    :meth:`score_units` directly; any other use of the pool is an ordinary
    ``ProcessPoolExecutor``.
    """

    def __init__(self, scorer: Scorer, dataset: Dataset, workers: int = 2,
                 *, start_method: str | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1 / 工作进程数至少为 1 (got {workers})")
        method = start_method or default_start_method()
        held = _Held(scorer, dataset)
        # Hash once here: forked workers inherit it, spawned ones receive it with the data.
        _ = dataset.content_hash
        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context(method),
                         initializer=_hold, initargs=(held,))
        self.scorer = scorer
        self.dataset = dataset
        self.workers = workers
        self.start_method = method
        if method == "fork":
            self._fork_frozen()

    def _fork_frozen(self) -> None:
        # Frozen objects are left out of the children's collections, so the
        # collector does not touch, and thereby copy, every page of the
        # inherited dataset. The first submit forks all workers at once.
        already_frozen = gc.get_freeze_count() > 0
        gc.freeze()
        try:
            self.submit(_started).result()
        finally:
            # The parent goes on collecting as before, unless its owner froze on purpose.
            if not already_frozen:
                gc.unfreeze()

    def _task_count(self) -> int:
        return self.workers

    def _submit_chunk(self, chunk: Sequence[str], rubric_ids: tuple[str, ...] | None,
                      day: date) -> _Result:
        return self.submit(_score_held, chunk, rubric_ids, day)


def process_pool(scorer: Scorer, dataset: Dataset, workers: int = 2,
                 *, start_method: str | None = None) -> DatasetPool:
    """A process pool of ``workers`` processes that hold ``scorer`` and ``dataset``.

    Use it as a context manager::

        with process_pool(scorer, dataset, workers=2) as pool:
            by_city = scorer.score_units(dataset, cities, executor=pool)

    Under ``fork`` (the default on Linux) the workers start at once and share
    the parent's memory; under ``spawn`` each worker receives the dataset once,
    pickled, when it starts.
    """
    return DatasetPool(scorer, dataset, workers, start_method=start_method)


def _collect(tasks: Sequence[Sequence[str]], futures: Iterable[_Result]
             ) -> dict[str, list[Scorecard]]:
    by_unit: dict[str, list[Scorecard]] = {}
    for chunk, future in zip(tasks, futures, strict=True):
        by_unit.update(zip(chunk, future.result(), strict=True))
    return by_unit


# -- Dask --------------------------------------------------------------------


def _score_scattered(held: _Held, units: Sequence[str], rubric_ids: Sequence[str] | None,
                     as_of: date) -> list[list[Scorecard]]:
    return score_chunk(held.scorer, held.dataset, units, rubric_ids, as_of)


def _dask_workers(client: DaskClient) -> int:
    info = getattr(client, "scheduler_info", None)
    try:
        workers = len(info()["workers"]) if callable(info) else 0
    except Exception:  # pragma: no cover - an unusual client: fall back to one task per unit
        workers = 0
    return workers or 1


class ScatteredDataset(_HeldScoring):
    """A scorer and a dataset held by every worker of a Dask cluster.

    Build it with :func:`scatter_dataset` once per dataset; score as many
    batches of units as needed with :meth:`score_units`, or pass it as
    ``executor`` to :meth:`Scorer.score_units` with the same dataset.
    """

    def __init__(self, client: DaskClient, scorer: Scorer, dataset: Dataset) -> None:
        self.client = client
        self.scorer = scorer
        self.dataset = dataset
        # broadcast: every worker gets its copy up front. hash=False: Dask would
        # otherwise serialise and hash the whole dataset only to name it.
        self.future = client.scatter(_Held(scorer, dataset), broadcast=True, hash=False)

    def _task_count(self) -> int:
        return _dask_workers(self.client)

    def _submit_chunk(self, chunk: Sequence[str], rubric_ids: tuple[str, ...] | None,
                      day: date) -> _Result:
        future: _Result = self.client.submit(_score_scattered, self.future, chunk, rubric_ids,
                                             day, pure=False)
        return future


def scatter_dataset(client: DaskClient, scorer: Scorer, dataset: Dataset) -> ScatteredDataset:
    """Send ``scorer`` and ``dataset`` to every worker of a Dask cluster, once."""
    return ScatteredDataset(client, scorer, dataset)


def score_units_dask(client: DaskClient, scorer: Scorer, dataset: Dataset,
                     units: Sequence[str], rubric_ids: Sequence[str] | None = None,
                     as_of: date | None = None, *, chunk_size: int | None = None
                     ) -> dict[str, list[Scorecard]]:
    """Score units on a Dask cluster: the dataset is scattered to each worker once.

    The copy is dropped afterwards; to score several batches of units, keep
    one :func:`scatter_dataset` instead.
    """
    return scatter_dataset(client, scorer, dataset).score_units(
        units, rubric_ids, as_of, chunk_size=chunk_size)


# -- partitions --------------------------------------------------------------


def _score_folder(scorer: Scorer, folder: str, vocabulary: Vocabulary | None,
                  rubric_ids: Sequence[str] | None, as_of: date
                  ) -> list[Scorecard] | tuple[DataIssue, ...]:
    from wenming.loaders import load_dataset

    try:
        dataset = load_dataset(folder, vocabulary=vocabulary)
    except DatasetError as error:
        # Issues, not the exception: DatasetError does not survive pickling intact,
        # and the caller wants every partition's problems in one list.
        return tuple(attrs.evolve(issue, where=str(Path(folder) / issue.where))
                     for issue in error.issues)
    return scorer.score_all(dataset, rubric_ids, as_of)


def score_partitions(scorer: Scorer, paths: Iterable[str | os.PathLike[str]],
                     rubric_ids: Sequence[str] | None = None, as_of: date | None = None,
                     executor: Submitter | None = None, *,
                     vocabulary: Vocabulary | None = None) -> dict[str, list[Scorecard]]:
    """Load and score each dataset folder where it runs; results keyed by ``str(path)``.

    ``executor`` is a Dask client, any ``concurrent.futures.Executor``, or
    ``None`` (one folder after another here). Each task sends a path and gets
    back scorecards, so the caller never holds any partition's records. Pass
    the host's ``vocabulary()`` when plugins add evidence kinds, as for
    :func:`wenming.load_dataset`. Every partition that fails to load is
    reported in one :class:`DatasetError`, each issue located by its folder.
    """
    day = as_of or today()
    ids = tuple(rubric_ids) if rubric_ids else None
    folders = [os.fspath(p) for p in paths]
    # A worker may run elsewhere, so the caller's working directory must not matter.
    absolute = [str(Path(f).resolve()) for f in folders]
    outcomes: list[list[Scorecard] | tuple[DataIssue, ...]]
    if executor is None:
        outcomes = [_score_folder(scorer, f, vocabulary, ids, day) for f in absolute]
    else:
        extra: dict[str, Any] = {"pure": False} if hasattr(executor, "scatter") else {}
        futures = [executor.submit(_score_folder, scorer, f, vocabulary, ids, day, **extra)
                   for f in absolute]
        outcomes = [future.result() for future in futures]
    issues: list[DataIssue] = []
    cards: dict[str, list[Scorecard]] = {}
    for folder, outcome in zip(folders, outcomes, strict=True):
        if isinstance(outcome, tuple):
            issues.extend(outcome)
        else:
            cards[folder] = outcome
    if issues:
        raise DatasetError(issues, headline=(
            f"{len(issues)} problem(s) in the partitions / 分区数据中有 {len(issues)} 个问题"))
    return cards

