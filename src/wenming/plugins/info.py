"""What the plugin host tells about plugins: who they are and why one was left out."""

from __future__ import annotations

import attrs
from attrs import frozen

from wenming.errors import DataIssue

__all__ = ["BrokenPlugin", "Origin", "PluginInfo", "PluginProblem"]


@frozen
class PluginInfo:
    """What ``wenming plugins`` shows about one registered plugin."""

    name: str
    provider: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()


@frozen
class PluginProblem:
    """One reason a plugin was left out.

    ``stage`` says where it failed (``load``, ``register``, ``hook
    wenming_rubrics``, ``rubric <id>`` …); ``file`` is the file to look at
    (with ``:line`` when known); ``issues`` are the located errors of an
    invalid rubric document, whose TOML is kept in ``text`` so that a
    reporter can add columns (see :mod:`wenming.rubric.positions`).
    """

    stage: str
    message: str
    file: str | None = None
    issues: tuple[DataIssue, ...] = ()
    text: str | None = attrs.field(default=None, repr=False, eq=False)
    error: BaseException | None = attrs.field(default=None, repr=False, eq=False)


@frozen
class BrokenPlugin:
    """A plugin that was left out, with every problem found in it."""

    name: str
    provider: str
    distribution: str | None = None
    version: str | None = None
    problems: tuple[PluginProblem, ...] = ()


@frozen
class Origin:
    """Where a registered plugin came from, for messages and ``plugins()``."""

    name: str
    provider: str
    distribution: str | None = None
    version: str | None = None
