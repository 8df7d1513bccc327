"""Scoring on a Dask cluster of two worker processes.

Three ways, all giving exactly the scorecards of serial scoring: the
executor facade (the dataset travels with each task), a scattered dataset
(it travels once per worker), and partition folders (it never travels: each
worker loads its own folder and sends back scorecards).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

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
from wenming import DatasetError, load_dataset
from wenming.dataset import Dataset
from wenming.scoring import Scorer
from wenming.scoring.parallel import scatter_dataset, score_partitions, score_units_dask

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="needs dask[distributed] (pip install 'wenming[dask]')")

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import distributed

    with distributed.LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def partitions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three small provinces, each a dataset folder of its own."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    base = tmp_path_factory.mktemp("country")
    return [generate(records, 40, seed, folder=base / name, quiet=True) / "jsonl"
            for name, records, seed in (("p1", 1200, 1), ("p2", 800, 2), ("p3", 1500, 3))]


def test_executor_facade_matches_serial(
        client: Any, dataset: Dataset, scorer: Scorer, serial: Cards) -> None:
    result = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=client.get_executor())
    assert as_dicts(result) == serial


def test_scattered_dataset_matches_serial_and_travels_once_per_worker(
        client: Any, dataset: Dataset, scorer: Scorer, serial: Cards,
        pickles: PickleCount) -> None:
    by_client = scorer.score_units(dataset, UNITS, RUBRICS, AS_OF, executor=client,
                                   chunk_size=1)
    assert list(by_client) == list(UNITS)
    assert as_dicts(by_client) == serial
    # Six tasks, yet no more than one copy per worker.
    assert 1 <= pickles.count <= WORKERS


def test_a_kept_scatter_serves_many_batches(
        client: Any, dataset: Dataset, scorer: Scorer, serial: Cards,
        pickles: PickleCount) -> None:
    held = scatter_dataset(client, scorer, dataset)
    sent = pickles.count
    assert 1 <= sent <= WORKERS
    first = scorer.score_units(dataset, UNITS[:3], RUBRICS, AS_OF, executor=held)
    second = held.score_units(UNITS[3:], RUBRICS, AS_OF, chunk_size=2)
    assert as_dicts({**first, **second}) == serial
    assert pickles.count == sent
    with pytest.raises(ValueError, match=r"hold another dataset"):
        scorer.score_units(small_dataset(seed=8, records=50), ["hq"], RUBRICS, AS_OF,
                           executor=held)
    direct = score_units_dask(client, scorer, dataset, UNITS, RUBRICS, AS_OF)
    assert as_dicts(direct) == serial


def test_partitions_match_serial_and_the_client_loads_nothing(
        client: Any, scorer: Scorer, partitions: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {str(folder): [card.to_dict() for card in
                              scorer.score_all(load_dataset(folder), RUBRICS, AS_OF)]
                for folder in partitions}
    # The partitions differ, so a mixed-up result would show.
    assert len({cards[0]["dataset_hash"] for cards in expected.values()}) == len(partitions)

    def no_loading_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the client loaded a partition")

    # The workers are other processes: they keep the real loader.
    monkeypatch.setattr("wenming.loaders.load_dataset", no_loading_here)
    result = score_partitions(scorer, partitions, RUBRICS, AS_OF, client)
    assert list(result) == [str(folder) for folder in partitions]
    assert {path: [card.to_dict() for card in cards]
            for path, cards in result.items()} == expected


def test_partitions_report_every_broken_folder_with_its_location(
        scorer: Scorer, partitions: list[Path], tmp_path: Path) -> None:
    broken = []
    for number, source in enumerate(partitions[:2], start=1):
        target = tmp_path / f"broken-{number}"
        shutil.copytree(source, target)
        ledger = target / "evidence" / "evidence.jsonl"
        lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[2] = lines[2].replace('"date":"', '"date":"not-a-day', 1)
        ledger.write_text("".join(lines), encoding="utf-8")
        broken.append(target)
    with pytest.raises(DatasetError) as caught:
        # No executor: the same tasks, run here one after another.
        score_partitions(scorer, [partitions[2], *broken], RUBRICS, AS_OF)
    issues = caught.value.issues
    assert [Path(issue.where) for issue in issues] == [
        (folder / "evidence" / "evidence.jsonl").resolve() for folder in broken]
    assert all(issue.line == 3 and issue.field == "date" for issue in issues)
    assert "分区数据中有 2 个问题" in str(caught.value)


def test_partitions_on_a_process_pool_match_serial(scorer: Scorer,
                                                  partitions: list[Path]) -> None:
    here = score_partitions(scorer, partitions[:2], RUBRICS, AS_OF)
    with ProcessPoolExecutor(max_workers=2) as executor:
        there = score_partitions(scorer, partitions[:2], RUBRICS, AS_OF, executor)
    assert list(there) == list(here)
    assert {p: [c.to_dict() for c in cards] for p, cards in there.items()} == {
        p: [c.to_dict() for c in cards] for p, cards in here.items()}
