"""The Scorer: asks the plugin host for rubrics and criterion types, scores datasets."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from wenming.calendar import today
from wenming.dataset import Dataset
from wenming.errors import WenmingError
from wenming.plugins.types import CriterionType
from wenming.rubric.document import Rubric
from wenming.scoring.engine import score_rubric
from wenming.scoring.parallel import (
    DaskClient,
    DatasetPool,
    ScatteredDataset,
    chunked,
    score_chunk,
    score_units_dask,
)
from wenming.scoring.scorecard import Scorecard
from wenming.scoring.tailoring_check import raise_for_tailoring

if TYPE_CHECKING:
    from wenming.plugins.manager import PluginHost


class UnknownRubricError(WenmingError, KeyError):
    """A rubric id that no installed plugin provides."""

    def __init__(self, rubric_id: str, installed: Iterable[str]) -> None:
        self.rubric_id = rubric_id
        self.installed = tuple(installed)
        known = ", ".join(self.installed) or "none installed"
        super().__init__(f"no rubric {rubric_id!r} is installed (installed: {known})")

    def __str__(self) -> str:
        return str(self.args[0])


class NoRubricsError(WenmingError, LookupError):
    """Scoring was asked for but no rubric plugin is installed."""

    def __init__(self) -> None:
        super().__init__(
            "no rubric is installed. Install one, e.g. "
            "`pip install -e rubrics/wenming-rubric-provincial` from a wenming checkout, "
            "or a published wenming-rubric-* package")


class Scorer:
    """Scores datasets under the rubrics a plugin host provides.

    Scoring is a pure function of (dataset, rubric, as-of date, unit): the
    scorer holds only the host's immutable registries, so one instance may be
    shared between threads.
    """

    def __init__(self, host: PluginHost) -> None:
        # Plain dicts: the host hands out read-only views, which process pools cannot pickle.
        self._rubrics: Mapping[str, Rubric] = dict(host.rubrics())
        self._types: Mapping[str, CriterionType] = dict(host.criterion_types())

    @property
    def rubrics(self) -> Mapping[str, Rubric]:
        return self._rubrics

    def rubric_ids(self) -> tuple[str, ...]:
        return tuple(self._rubrics)

    def rubric(self, rubric_id: str) -> Rubric:
        try:
            return self._rubrics[rubric_id]
        except KeyError:
            if not self._rubrics:
                raise NoRubricsError() from None
            raise UnknownRubricError(rubric_id, self._rubrics) from None

    def score(self, dataset: Dataset, rubric_id: str, as_of: date | None = None,
              unit: str | None = None) -> Scorecard:
        raise_for_tailoring(dataset, self._rubrics)
        return score_rubric(self.rubric(rubric_id), dataset, as_of or today(), self._types, unit)

    def score_all(self, dataset: Dataset, rubric_ids: Sequence[str] | None = None,
                  as_of: date | None = None, unit: str | None = None) -> list[Scorecard]:
        """Score under each named rubric, or under every installed one."""
        if not self._rubrics:
            raise NoRubricsError()
        ids = list(rubric_ids) if rubric_ids else list(self._rubrics)
        day = as_of or today()
        return [self.score(dataset, rubric_id, day, unit) for rubric_id in ids]

    def score_units(self, dataset: Dataset, units: Sequence[str],
                    rubric_ids: Sequence[str] | None = None, as_of: date | None = None,
                    executor: Executor | DaskClient | DatasetPool | ScatteredDataset | None = None,
                    *,
                    chunk_size: int | None = None) -> dict[str, list[Scorecard]]:
        """Score many units, optionally in parallel; results are keyed by unit, in order.

        Units go out in chunks (``chunk_size`` units per task; by default about
        four tasks per worker), so how often the dataset travels depends on
        the executor:

        - a pool from :func:`wenming.scoring.parallel.process_pool`, or a
          :func:`~wenming.scoring.parallel.scatter_dataset` on a Dask cluster,
          already holds the dataset: tasks carry only ids and the date;
        - a Dask ``Client``: the dataset is scattered to each worker once per call;
        - a ``ThreadPoolExecutor``: threads share it, nothing is copied;
        - any other executor (a plain ``ProcessPoolExecutor``, a Dask
          ``client.get_executor()``): it is pickled once per task, and by
          default there is one task per worker.
        """
        day = as_of or today()
        if executor is None:
            return {u: self.score_all(dataset, rubric_ids, day, u) for u in units}
        if isinstance(executor, DatasetPool | ScatteredDataset):
            if not executor.holds(dataset):
                raise ValueError(
                    "these workers hold another dataset; give them this one with "
                    "process_pool(scorer, dataset) or scatter_dataset(client, scorer, dataset) / "
                    "这些工作进程持有的是另一个数据集，"
                    "请用 process_pool 或 scatter_dataset 另行分发")
            return executor.score_units(units, rubric_ids, day, chunk_size=chunk_size)
        if not isinstance(executor, Executor):
            return score_units_dask(executor, self, dataset, units, rubric_ids, day,
                                    chunk_size=chunk_size)
        # Executors do not say how many workers they have; the private attribute
        # is only a hint for the chunk size, so its absence costs nothing but balance.
        workers = getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        if chunk_size is None and not isinstance(executor, ThreadPoolExecutor):
            # Each task pickles the dataset: one task per worker sends it once per worker.
            chunk_size = math.ceil(len(units) / workers)
        tasks = chunked(units, workers, chunk_size)
        futures = [executor.submit(score_chunk, self, dataset, chunk, rubric_ids, day)
                   for chunk in tasks]
        return {unit: cards for chunk, future in zip(tasks, futures, strict=True)
                for unit, cards in zip(chunk, future.result(), strict=True)}
