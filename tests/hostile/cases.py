"""What a hostile case is: how to build its dataset folder and what loading it must say.

Shared by the ledger corpus (:mod:`tests.hostile.corpus`) and the folder cases
(:mod:`tests.hostile.folder_cases`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Case", "Expect"]


@dataclass(frozen=True)
class Expect:
    """An issue that must be reported: ``where`` exactly, the rest when given."""

    where: str
    message: str
    line: int | None = None
    field: str | None = None
    value: object = None


@dataclass(frozen=True)
class Case:
    """``build(root)`` writes the dataset into ``root`` (``root.parent`` is scratch space).

    ``expect`` empty means the folder must load with ``records`` records; otherwise
    loading must fail with these issues (and no others when ``only``). ``heavy`` cases
    (zip bombs) run in a subprocess with limited memory and time.
    """

    name: str
    build: Callable[[Path], None]
    expect: tuple[Expect, ...] = ()
    records: int | None = None
    only: bool = True
    needs: tuple[str, ...] = field(default=())  # "symlink", "fifo"
    heavy: bool = False
