"""Hook implementations: the ``county-example`` rubric and the evidence kinds it adds."""

from __future__ import annotations

from wenming.model import EvidenceKind
from wenming.plugins import RubricSource, hookimpl, kinds_from_package

# ``__package__`` is typed ``str | None``; inside a package it is always set.
_PACKAGE = __package__ or "wenming_rubric_county"


@hookimpl
def wenming_rubrics() -> list[RubricSource]:
    # Read as package data, so a wheel, an sdist and an editable install
    # all ship the same document.
    return [RubricSource.from_package(_PACKAGE, "rubric.toml")]


@hookimpl
def wenming_evidence_kinds() -> list[EvidenceKind]:
    return kinds_from_package(_PACKAGE, "kinds.toml")
