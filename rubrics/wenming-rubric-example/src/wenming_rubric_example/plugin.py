"""Hook implementations: the ``example`` rubric and its ``min-participants`` criterion type."""

from __future__ import annotations

from wenming.plugins import CriterionType, RubricSource, hookimpl
from wenming_rubric_example.min_participants import MIN_PARTICIPANTS

# ``__package__`` is typed ``str | None``; inside a package it is always set.
_PACKAGE = __package__ or "wenming_rubric_example"


@hookimpl
def wenming_rubrics() -> list[RubricSource]:
    # Read as package data, so a wheel, an sdist and an editable install
    # all ship the same document.
    return [RubricSource.from_package(_PACKAGE, "rubric.toml")]


@hookimpl
def wenming_criterion_types() -> list[CriterionType]:
    return [MIN_PARTICIPANTS]
