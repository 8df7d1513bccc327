"""The hooks wenming calls. Every hook is prefixed ``wenming_``.

Built-ins register through these same hooks (see :mod:`wenming.plugins.builtins`),
so a third-party plugin has exactly the powers the core has.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from wenming.calendar.festivals import Festival
from wenming.model.vocabulary import EvidenceKind
from wenming.plugin_types import CriterionType, Reporter, RubricSource

PROJECT = "wenming"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def wenming_evidence_kinds() -> Iterable[EvidenceKind]:
    """Return evidence kinds this plugin adds to the shared vocabulary.

    A kind id or alias already used by another provider is an error naming
    both providers.

    .. versionadded:: 0.1
    """


@hookspec
def wenming_criterion_types() -> Iterable[CriterionType]:
    """Return criterion types (``present``, ``frequency`` …) rubrics may use.

    Two plugins providing the same type name is an error naming both.

    .. versionadded:: 0.1
    """


@hookspec
def wenming_rubrics() -> Iterable[RubricSource]:
    """Return rubric documents (TOML) this plugin provides.

    Documents are validated once every plugin is loaded, so a rubric may use
    criterion types and evidence kinds added by other plugins.

    .. versionadded:: 0.1
    """


@hookspec
def wenming_reporters() -> Iterable[Reporter]:
    """Return output formats for scorecards and reports.

    .. versionadded:: 0.1
    """


@hookspec
def wenming_festivals() -> Iterable[Festival]:
    """Return festivals and commemorative days (元旦, 国庆, a regional day …) as data.

    Each is a fixed Gregorian date, a lunar date or a solar term, checked
    against the calendar as the built-in ones are; afterwards ledgers may
    name it in their festival column and the ``festivals`` criterion type
    may list it. Read them from a ``festivals.toml`` with
    :func:`wenming.plugins.festivals_from_package`. An id or name that
    another festival already uses is an error naming both providers.

    .. versionadded:: 0.2
    """
