"""A small system whose units differ, and helpers to compare scorecards."""

from __future__ import annotations

import pickle
import random
from datetime import date, timedelta
from typing import Any

from wenming.dataset import Dataset
from wenming.model.vocabulary import base_kinds
from wenming.scoring import Scorecard
from wenming.testing import DatasetBuilder

RUBRICS = ("provincial-18", "municipal-plan")
AS_OF = date(2021, 6, 30)  # mid-campaign: met, partial, unmet and not-yet-due items all occur
# Coarse partitions: a few subtrees and single units, not one task per record.
UNITS = ("hq", "east", "west", "office", "east-1", "west-2")
FESTIVALS = ("chunjie", "yuanxiao", "qingming", "duanwu", "zhongqiu", "chongyang")

Cards = dict[str, list[dict[str, Any]]]


def small_dataset(seed: int = 7, records: int = 600) -> Dataset:
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


def as_dicts(result: dict[str, list[Scorecard]]) -> Cards:
    return {unit: [card.to_dict() for card in cards] for unit, cards in result.items()}


class PickleCount:
    """How many times a ``Dataset`` was pickled in this (the parent) process."""

    def __init__(self) -> None:
        self.count = 0

    def reduce(self, dataset: Dataset) -> Any:
        self.count += 1
        # object's own reduction: it does not consult the dispatch table again.
        return dataset.__reduce_ex__(pickle.DEFAULT_PROTOCOL)
