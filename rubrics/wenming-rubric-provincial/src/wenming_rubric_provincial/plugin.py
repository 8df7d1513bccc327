"""Registers the provincial 18-item rubric and its funding criterion types with wenming."""

from __future__ import annotations

from collections.abc import Iterable

from wenming.plugins import CriterionType, RubricSource, hookimpl
from wenming_rubric_provincial.funding import FUNDING_EVERY_YEAR, FUNDING_RISING

# ``__package__`` is typed ``str | None``; it is always set for a module inside a package.
_PACKAGE = __package__ or "wenming_rubric_provincial"


@hookimpl
def wenming_rubrics() -> Iterable[RubricSource]:
    # Shipped as package data so a wheel, an sdist and an editable install
    # all read the same document.
    return [RubricSource.from_package(_PACKAGE, "rubric.toml")]


@hookimpl
def wenming_criterion_types() -> Iterable[CriterionType]:
    # Item 2's funding rules read the seed more closely than the core's ``trend``
    # (see funding.py); they are this rubric's, so they ship with it.
    return [FUNDING_EVERY_YEAR, FUNDING_RISING]
