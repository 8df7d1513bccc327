"""Registers the provincial 18-item rubric with wenming's plugin host."""

from __future__ import annotations

from collections.abc import Iterable

from wenming.plugins import RubricSource, hookimpl

# ``__package__`` is typed ``str | None``; it is always set for a module inside a package.
_PACKAGE = __package__ or "wenming_rubric_provincial"


@hookimpl
def wenming_rubrics() -> Iterable[RubricSource]:
    # Shipped as package data so a wheel, an sdist and an editable install
    # all read the same document.
    return [RubricSource.from_package(_PACKAGE, "rubric.toml")]
