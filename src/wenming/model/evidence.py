"""Evidence: one record of the archive (台账) — a meeting, a document, an activity."""

from __future__ import annotations

import datetime

from attrs import frozen


@frozen
class Attachment:
    """A file kept with a record, pinned by its SHA-256 so it cannot change unnoticed."""

    path: str
    sha256: str | None = None


@frozen
class Origin:
    """Where a record came from: file, sheet and 1-based row or line."""

    file: str
    row: int
    sheet: str | None = None

    def __str__(self) -> str:
        sheet = f"[{self.sheet}]" if self.sheet else ""
        return f"{self.file}{sheet}:{self.row}"


@frozen
class Evidence:
    """One archived record.

    ``date`` is when the thing happened (its effective date); ``filed`` is
    when it entered the archive — the two differ, and filing timeliness is
    scored from the gap. ``score`` is a percentage (0–100) for assessor
    records of attested items; ``refs`` names what such a record assesses.
    A survey's result is ``rate`` (a percentage) with its ``sample`` size, or
    ``numerator`` and ``denominator`` (e.g. 知晓 176 of 200 asked).
    """

    id: str
    unit: str
    kind: str
    date: datetime.date
    title: str = ""
    end: datetime.date | None = None
    filed: datetime.date | None = None
    amount: float | None = None
    participants: int | None = None
    festival: str | None = None
    score: float | None = None
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    origin: Origin | None = None
    rate: float | None = None
    sample: int | None = None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def last_day(self) -> datetime.date:
        return self.end or self.date

    def filing_delay(self) -> int | None:
        """Days between the event's last day and its filing, if known."""
        return None if self.filed is None else (self.filed - self.last_day).days
