"""Typed registration objects that plugins return from hooks.

Each validates its own name when built, so a plugin with a bad name fails at
registration with a message that names the plugin, not later in scoring.

They sit below the plugin host and the rubric compiler, which both read them;
:mod:`wenming.plugins` re-exports them, and plugins import them from there.
The scoring types in :class:`Evaluate`'s signature are named for type checkers
only: a criterion type is evaluated by scoring, which imports this module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from attrs import field, frozen

from wenming.model.labels import EMPTY_LABEL, Label

if TYPE_CHECKING:
    from wenming.calendar.festivals import Festival
    from wenming.model.vocabulary import EvidenceKind
    from wenming.scoring.checks import Check
    from wenming.scoring.context import EvalContext

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*$")


def _valid_name(_: object, attribute: Any, value: str) -> None:
    if not _NAME.match(value):
        raise ValueError(
            f"{attribute.name} {value!r} is not a valid name: use lowercase letters, digits "
            "and single hyphens, starting with a letter (e.g. 'moral-lecture')"
        )


def _names(value: Iterable[str]) -> tuple[str, ...]:
    # A typed converter: with ``converter=tuple`` mypy --strict sees ``Iterable[_T_co]``
    # and refuses every plugin's ``extra_kinds_params=("plan_kinds",)``.
    return tuple(value)


class Evaluate(Protocol):
    """Evaluates one criterion's parameters in a context into checks."""

    def __call__(self, params: Any, ctx: EvalContext, /) -> Sequence[Check]: ...


@frozen
class CriterionType:
    """A kind of criterion a rubric may use (``present``, ``frequency`` …).

    ``params`` is an attrs class; the criterion's TOML table (less the common
    keys ``type``, ``points``, ``label``, ``credit``, ``deduct``,
    ``threshold``, ``id``, ``source``, ``basis`` and ``interprets``) is
    structured into it with cattrs, so unknown or mistyped parameters are
    reported with their path. A field's ``metadata={"help": "…"}`` is the
    one-line meaning ``wenming types`` shows.

    ``kinds_param`` names the parameter holding the evidence kinds the
    criterion counts (its kinds appear on the scorecard); ``extra_kinds_params``
    names any further parameters that hold kinds (a "plan" kind and a
    "summary" kind, say). The loader resolves aliases in all of them and
    reports unknown kinds with suggestions.
    """

    name: str = field(validator=_valid_name)
    params: type
    evaluate: Evaluate
    summary: Label = EMPTY_LABEL
    kinds_param: str | None = "kinds"
    extra_kinds_params: tuple[str, ...] = field(default=(), converter=_names)

    @property
    def all_kinds_params(self) -> tuple[str, ...]:
        """Every parameter that holds evidence kinds, ``kinds_param`` first."""
        first = (self.kinds_param,) if self.kinds_param else ()
        return (*first, *(p for p in self.extra_kinds_params if p != self.kinds_param))


@frozen
class RubricSource:
    """Where a rubric document comes from: its TOML text and a description of its origin."""

    text: str
    origin: str
    #: The file on disk, when there is one, so that errors can name it.
    path: str | None = None

    @classmethod
    def from_package(cls, package: str, resource: str = "rubric.toml") -> RubricSource:
        """A rubric document shipped as package data, e.g. ``from_package(__package__)``."""
        traversable = resources.files(package).joinpath(resource)
        text = traversable.read_text("utf-8")
        real = str(traversable) if isinstance(traversable, os.PathLike) else None
        return cls(text, f"{package}/{resource}", real)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> RubricSource:
        with open(path, encoding="utf-8") as handle:
            return cls(handle.read(), str(path), str(path))


def kinds_from_package(package: str, resource: str = "kinds.toml") -> list[EvidenceKind]:
    """Evidence kinds from ``[[kind]]`` tables shipped as package data.

    The way a rubric package adds kinds: list them in ``kinds.toml`` beside
    ``rubric.toml`` (same format as a dataset folder's ``kinds.toml``) and
    return ``kinds_from_package(__package__)`` from ``wenming_evidence_kinds``.
    """
    import tomllib

    from wenming.model.vocabulary import kind_lines, kinds_from_toml

    text = resources.files(package).joinpath(resource).read_text("utf-8")
    return kinds_from_toml(tomllib.loads(text), f"{package}/{resource}", kind_lines(text))


def festivals_from_package(package: str, resource: str = "festivals.toml") -> list[Festival]:
    """Festivals from ``[[festival]]`` tables shipped as package data.

    Return ``festivals_from_package(__package__)`` from ``wenming_festivals``;
    see :func:`wenming.calendar.festivals.festivals_from_toml` for the format.
    """
    import tomllib

    from wenming.calendar.festivals import festivals_from_toml

    text = resources.files(package).joinpath(resource).read_text("utf-8")
    return festivals_from_toml(tomllib.loads(text), f"{package}/{resource}")


@frozen
class Reporter:
    """An output format for results (``table``, ``markdown``, ``json`` …).

    ``render`` takes a report object and a language and returns text, or
    bytes for binary formats such as XLSX.
    """

    name: str = field(validator=_valid_name)
    render: Callable[..., str | bytes]
    summary: Label = EMPTY_LABEL
    binary: bool = False
    suffix: str = ".txt"
    #: Optional ``stream(report, lang, binary_handle)`` writing the same output piece by
    #: piece, for reports too large to hold as one string (a province's JSON).
    stream: Callable[..., None] | None = None
