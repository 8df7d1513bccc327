"""One Scorer shared by 8 threads gives the results a fresh scorer gives alone."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from wenming.dataset import Dataset
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, make_host

from .support import RUBRIC_ID, KitRubric

THREADS = 8
AS_OF = (date(2020, 6, 30), date(2020, 12, 31), date(2021, 3, 31), date(2021, 12, 31))
UNITS = (None, "hq", "east", "west")


def busy_dataset() -> Dataset:
    """Enough records in every unit that a scoring run takes a while."""
    builder = DatasetBuilder()
    start = date(2020, 4, 1)
    for n in range(600):
        day = start + timedelta(days=n % 630)
        unit = ("hq", "east", "west", "office", "party", "centre")[n % 6]
        kind = ("moral-lecture", "volunteer-service", "festival-activity")[n % 3]
        if kind == "festival-activity":
            builder.add(kind, day, unit, festival="chunjie")
        else:
            builder.add(kind, day, unit, participants=n % 40)
    return builder.build()


def test_eight_threads_sharing_one_scorer_get_identical_results() -> None:
    dataset = busy_dataset()
    jobs = [(as_of, unit) for as_of in AS_OF for unit in UNITS] * 3

    # The reference: each job scored on its own, by a scorer nobody else touches.
    alone = Scorer(make_host(KitRubric()))
    expected = {job: alone.score(dataset, RUBRIC_ID, *job).to_json() for job in set(jobs)}

    shared = Scorer(make_host(KitRubric()))
    barrier = threading.Barrier(THREADS)
    seen_threads: set[int] = set()

    def work(chunk: list[tuple[date, str | None]]) -> list[tuple[tuple[date, str | None], str]]:
        barrier.wait()  # start together, so the runs really overlap
        seen_threads.add(threading.get_ident())
        return [(job, shared.score(dataset, RUBRIC_ID, *job).to_json()) for job in chunk]

    chunks = [jobs[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [pair for part in pool.map(work, chunks) for pair in part]

    assert len(seen_threads) == THREADS
    assert len(results) == len(jobs)
    for job, card in results:
        assert card == expected[job], job
    # The jobs differ from one another, so identical results are not trivially equal.
    assert len(set(expected.values())) > len(AS_OF)


def test_score_units_on_an_executor_matches_the_sequential_run() -> None:
    dataset = busy_dataset()
    scorer = Scorer(make_host(KitRubric()))
    units = ["hq", "east", "west", "office"]
    sequential = scorer.score_units(dataset, units, as_of=date(2021, 12, 31))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        parallel = scorer.score_units(dataset, units, as_of=date(2021, 12, 31), executor=pool)
    assert {u: [c.to_json() for c in cards] for u, cards in parallel.items()} == {
        u: [c.to_json() for c in cards] for u, cards in sequential.items()}
