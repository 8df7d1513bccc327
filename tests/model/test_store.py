"""The columnar store answers range queries exactly as a scan of the records would."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from wenming.calendar import DateWindow
from wenming.dataset import Dataset
from wenming.model.vocabulary import base_kinds
from wenming.testing import DatasetBuilder

UNITS = ["hq", "office", "party", "centre", "east", "west", "east-1", "east-2", "west-1"]
START = date(2020, 4, 1)


def _dataset(seed: int, records: int = 400) -> Dataset:
    rng = random.Random(seed)
    builder = DatasetBuilder()
    for child, parent in (("east-1", "east"), ("east-2", "east"), ("west-1", "west")):
        builder.add_unit(child, "division", parent)
    kinds = [k.id for k in base_kinds()][:30]
    for _ in range(records):
        builder.add(rng.choice(kinds), START + timedelta(days=rng.randint(0, 640)),
                    rng.choice(UNITS), amount=rng.choice([None, 10.0, 250.5]))
    return builder.build()


def _scan(dataset: Dataset, kinds: set[str], units: set[str], window: DateWindow | None
          ) -> list[str]:
    found = [r for r in dataset.evidence if r.kind in kinds and r.unit in units
             and (window is None or window.start <= r.date <= window.end)]
    return [r.id for r in sorted(found, key=lambda r: (r.date, r.id))]


@pytest.mark.parametrize("seed", range(6))
def test_queries_match_a_scan_of_the_records(seed: int) -> None:
    dataset = _dataset(seed)
    rng = random.Random(seed + 100)
    kinds = sorted({r.kind for r in dataset.evidence})
    for _ in range(60):
        # few kinds take the per-kind path, many kinds the per-unit path: both are checked
        wanted = set(rng.sample(kinds, rng.choice([1, 2, 5, len(kinds)])))
        units = set(rng.sample(UNITS, rng.randint(1, len(UNITS))))
        start = START + timedelta(days=rng.randint(0, 600))
        window = rng.choice([None, DateWindow(start, start + timedelta(days=rng.randint(0, 200)))])
        expected = _scan(dataset, wanted, units, window)
        assert dataset.ids(wanted, units, window) == tuple(expected)
        assert dataset.count(wanted, units, window) == len(expected)
        assert [r.id for r in dataset.records(wanted, units, window)] == expected


def test_both_query_paths_agree_on_a_subtree() -> None:
    dataset = _dataset(7, 800)
    store = dataset.store
    kinds = tuple(sorted({r.kind for r in dataset.evidence}))
    subtree = dataset.subtree("east")
    lo, hi = date(2020, 9, 1).toordinal(), date(2021, 3, 31).toordinal()
    by_unit = store._select_by_unit(kinds, store.units.ranges(subtree), lo, hi)
    by_kind = np.concatenate([store.select((k,), subtree, lo, hi) for k in kinds])
    assert sorted(by_unit.tolist()) == sorted(by_kind.tolist())
    assert by_unit.size > 0


def test_records_round_trip_through_the_columns() -> None:
    dataset = _dataset(3, 50)
    again = Dataset.build(dataset.campaign, dataset.units, list(dataset.evidence),
                          dataset.vocabulary)
    assert list(again.evidence) == list(dataset.evidence)
    assert again.content_hash == dataset.content_hash


def test_titles_are_kept_as_text_and_read_back_exactly() -> None:
    builder = DatasetBuilder()
    titles = ["道德讲堂第一讲", "", "café — ①", "x" * 500, "换行\n第二行"]
    for number, title in enumerate(titles):
        builder.add("work-plan", date(2020, 5, 1 + number), title=title or "t")
    dataset = builder.build()
    assert [r.title for r in dataset.evidence] == [t or "t" for t in titles]
    store = dataset.store
    assert sorted(store.titles[i] for i in range(len(store))) == sorted(t or "t" for t in titles)
    assert store.titles[-1] == store.titles[len(store) - 1]


def test_datasets_compare_by_their_records() -> None:
    def one(day: str) -> Dataset:
        return DatasetBuilder().add("work-plan", day, id="E1").build()

    assert one("2020-05-01") == one("2020-05-01")
    assert one("2020-05-01") != one("2020-05-02")


def test_a_store_turns_back_into_columns_without_building_records() -> None:
    import attrs

    from wenming.model import Attachment
    from wenming.store import EvidenceColumns

    dataset = _dataset(11, 120)
    records = list(dataset.evidence)
    # one record with an attachment and one with a survey result travel too
    records[3] = attrs.evolve(records[3], attachments=(Attachment("files/a.pdf", None),))
    records[5] = attrs.evolve(records[5], rate=92.5, sample=40)
    dataset = Dataset.build(dataset.campaign, dataset.units, records, dataset.vocabulary)

    again = Dataset.build(dataset.campaign, dataset.units,
                          EvidenceColumns.of_store(dataset.store), dataset.vocabulary)
    assert again == dataset
    assert list(again.evidence) == list(dataset.evidence)

    cut = date(2020, 12, 31)
    keep = dataset.store.day <= cut.toordinal()
    kept = Dataset.build(dataset.campaign, dataset.units,
                         EvidenceColumns.of_store(dataset.store, keep), dataset.vocabulary)
    assert list(kept.evidence) == [r for r in dataset.evidence if r.date <= cut]
