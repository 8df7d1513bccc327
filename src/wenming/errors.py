"""Typed exceptions raised by wenming.

Each error subclasses the matching built-in so that callers who only know
Python's exceptions still catch them (``except ValueError`` keeps working).
Load and rubric errors carry *every* problem found, each with its location,
because a clerk fixing a ledger wants the whole list at once, not one per run.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

__all__ = [
    "DataIssue",
    "DatasetError",
    "PluginConflictError",
    "PluginError",
    "RubricError",
    "UnknownKindError",
    "WenmingError",
]

#: How many issues a single error message spells out before summarising.
MAX_REPORTED_ISSUES = 50


class WenmingError(Exception):
    """Base class of every error wenming raises on purpose."""


@frozen
class DataIssue:
    """One problem found in user input, with enough context to fix it.

    ``where`` is a file name (or a rubric id); ``line`` a 1-based row or line
    number; ``field`` the column, TOML key or dotted path.
    """

    where: str
    message: str
    line: int | None = None
    field: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        location = self.where
        if self.line is not None:
            location += f":{self.line}"
        parts = [location]
        if self.field:
            parts.append(f"[{self.field}]")
        text = " ".join(parts) + f": {self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


def _render(headline: str, issues: tuple[DataIssue, ...]) -> str:
    shown = issues[:MAX_REPORTED_ISSUES]
    lines = [headline, *(f"  - {issue}" for issue in shown)]
    if len(issues) > len(shown):
        lines.append(f"  … and {len(issues) - len(shown)} more")
    return "\n".join(lines)


class DatasetError(WenmingError, ValueError):
    """A dataset could not be loaded or built; ``issues`` lists every problem."""

    def __init__(self, issues: Iterable[DataIssue], headline: str | None = None) -> None:
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        count = len(self.issues)
        self.headline = headline or f"{count} problem{'s' if count != 1 else ''} in the dataset"
        super().__init__(_render(self.headline, self.issues))


class RubricError(WenmingError, ValueError):
    """A rubric document is invalid; ``issues`` name the rubric, item and field."""

    def __init__(self, rubric: str, issues: Iterable[DataIssue]) -> None:
        self.rubric = rubric
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        super().__init__(_render(f"rubric {rubric!r} is invalid", self.issues))


class UnknownKindError(WenmingError, KeyError):
    """An evidence kind that the vocabulary does not know."""

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown evidence kind {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the whole message otherwise
        return str(self.args[0])


class PluginError(WenmingError, RuntimeError):
    """A plugin failed to load or registered something invalid."""


class PluginConflictError(PluginError):
    """Two plugins registered the same name; both providers are named."""

    def __init__(self, what: str, name: str, first: str, second: str) -> None:
        self.what, self.name, self.first, self.second = what, name, first, second
        super().__init__(
            f"{what} {name!r} is registered twice: by {first} and by {second}; "
            "uninstall one of them or disable it"
        )
