"""Hook implementations of the test author's package: its rubric and its kinds."""

from __future__ import annotations

from wenming.model import EvidenceKind
from wenming.plugins import RubricSource, hookimpl, kinds_from_package

_PACKAGE = __package__ or "tests.authors"


@hookimpl
def wenming_rubrics() -> list[RubricSource]:
    return [RubricSource.from_package(_PACKAGE, "clauses.toml")]


@hookimpl
def wenming_evidence_kinds() -> list[EvidenceKind]:
    return kinds_from_package(_PACKAGE, "kinds.toml")
