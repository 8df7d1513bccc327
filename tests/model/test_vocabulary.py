"""The evidence-kind vocabulary resolves aliases and suggests close names."""

from __future__ import annotations

import pytest

from wenming.errors import DatasetError, UnknownKindError
from wenming.model import EvidenceKind, Label, Vocabulary
from wenming.model.vocabulary import base_kinds


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.of(base_kinds())


def test_every_seed_kind_resolves_by_chinese_label_and_id(vocabulary):
    assert vocabulary.resolve("道德讲堂") == "moral-lecture"
    assert vocabulary.resolve("Moral-Lecture") == "moral-lecture"
    assert vocabulary.resolve("整改清单") == "rectification-list"
    assert vocabulary.resolve("传统节日活动") == "festival-activity"


def test_unknown_kind_suggests_the_closest(vocabulary):
    with pytest.raises(UnknownKindError) as caught:
        vocabulary.resolve("道德讲坛")
    assert any("moral-lecture" in s for s in caught.value.suggestions)
    assert isinstance(caught.value, KeyError)
    assert "道德讲坛" in str(caught.value)


def test_a_name_claimed_by_two_kinds_names_both_providers():
    first = EvidenceKind("a-kind", Label("甲", "A"), provider="plugin-one")
    second = EvidenceKind("b-kind", Label("甲", "B"), provider="plugin-two")
    with pytest.raises(DatasetError) as caught:
        Vocabulary.of([first, second])
    message = str(caught.value)
    assert "plugin-two" in message and "a-kind" in message


def test_base_vocabulary_covers_both_seeds(vocabulary):
    for kind in ("leading-group-establishment", "mobilisation-meeting", "red-black-list",
                 "skills-contest", "online-platform-update", "lei-feng-plan",
                 "creation-spending", "onsite-assessment", "world-environment-day",
                 "biodiversity-day", "tree-planting", "micro-wish"):
        assert kind in vocabulary.kinds
