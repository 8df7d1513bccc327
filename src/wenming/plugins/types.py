"""Typed registration objects that plugins return from hooks.

Each validates its own name when built, so a plugin with a bad name fails at
registration with a message that names the plugin, not later in scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from attrs import field, frozen

from wenming.model.labels import EMPTY_LABEL, Label

if TYPE_CHECKING:
    from wenming.scoring.checks import Check
    from wenming.scoring.context import EvalContext

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*$")


def _valid_name(_: object, attribute: Any, value: str) -> None:
    if not _NAME.match(value):
        raise ValueError(
            f"{attribute.name} {value!r} is not a valid name: use lowercase letters, digits "
            "and single hyphens, starting with a letter (e.g. 'moral-lecture')"
        )


class Evaluate(Protocol):
    """Evaluates one criterion's parameters in a context into checks."""

    def __call__(self, params: Any, ctx: EvalContext, /) -> Sequence[Check]: ...


@frozen
class CriterionType:
    """A kind of criterion a rubric may use (``present``, ``frequency`` …).

    ``params`` is an attrs class; the criterion's TOML table (less the common
    keys ``type``, ``points``, ``label``, ``credit``, ``deduct`` and
    ``threshold``) is structured into it with cattrs, so unknown or
    mistyped parameters are reported with their path.
    """

    name: str = field(validator=_valid_name)
    params: type
    evaluate: Evaluate
    summary: Label = EMPTY_LABEL
    kinds_param: str | None = "kinds"


@frozen
class RubricSource:
    """Where a rubric document comes from: its TOML text and a description of its origin."""

    text: str
    origin: str

    @classmethod
    def from_package(cls, package: str, resource: str = "rubric.toml") -> RubricSource:
        """A rubric document shipped as package data, e.g. ``from_package(__package__)``."""
        path = resources.files(package).joinpath(resource)
        return cls(path.read_text("utf-8"), f"{package}/{resource}")

    @classmethod
    def from_path(cls, path: str) -> RubricSource:
        with open(path, encoding="utf-8") as handle:
            return cls(handle.read(), str(path))


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
