"""The built-in plugin: wenming's own kinds, criterion types and reporters.

The core registers its features through the same hooks as third-party
plugins, so nothing a plugin can do is reserved to the core. The scoring and
reporting modules are imported inside the hooks: loading the host (for
``wenming plugins``, say) should not pay for, or fail on, modules it does not use.
"""

from __future__ import annotations

from collections.abc import Iterable

from wenming.model.vocabulary import EvidenceKind, base_kinds
from wenming.plugins.hookspec import hookimpl
from wenming.plugins.types import CriterionType, Reporter


@hookimpl
def wenming_evidence_kinds() -> Iterable[EvidenceKind]:
    return base_kinds()


@hookimpl
def wenming_criterion_types() -> Iterable[CriterionType]:
    from wenming.scoring.criteria import BUILTIN_CRITERION_TYPES

    return BUILTIN_CRITERION_TYPES


@hookimpl
def wenming_reporters() -> Iterable[Reporter]:
    from wenming.reporters import BUILTIN_REPORTERS

    return BUILTIN_REPORTERS
