"""Collecting every problem of one load, up to a cap, to raise them together.

A clerk fixing a ledger wants the whole list at once; a ledger that is wrong
on every one of its 100,000 rows must not produce 100,000 issues, so past
the cap issues are only counted and the message says how many were left out.

Beside the issues, a load keeps *warnings* — what was read but deserves a look:
a column that is not read (an error when the load is strict) and a CSV file
read as GB18030 rather than UTF-8 (never an error). They never stop a load.
"""

from __future__ import annotations

from collections.abc import Iterable

from wenming.errors import DataIssue, DatasetError, bi, in_lang

__all__ = ["IssueCollector"]


class IssueCollector:
    """Keeps the first ``cap`` issues of a load and counts the rest."""

    __slots__ = ("cap", "issues", "strict", "total", "warnings")

    def __init__(self, cap: int = 200, *, strict: bool = False) -> None:
        if cap < 1:
            raise ValueError(f"max_issues must be at least 1, got {cap}")
        self.cap = cap
        self.strict = strict
        self.issues: list[DataIssue] = []
        self.total = 0
        #: warnings and notes, in the order found (at most ``cap``)
        self.warnings: list[DataIssue] = []

    def warn(self, issue: DataIssue) -> None:
        """Something read but doubtful (an unread column): an issue when strict."""
        if self.strict:
            self.add(issue)
        else:
            self.note(issue)

    def note(self, issue: DataIssue) -> None:
        """Something the user should know (how a file was decoded); never an issue."""
        if len(self.warnings) < self.cap:
            self.warnings.append(issue)

    def add(self, issue: DataIssue) -> None:
        self.total += 1
        if len(self.issues) < self.cap:
            self.issues.append(issue)

    def extend(self, issues: Iterable[DataIssue]) -> None:
        for issue in issues:
            self.add(issue)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    @property
    def omitted(self) -> int:
        """How many issues were counted but not kept."""
        return self.total - len(self.issues)

    def error(self, subject: str) -> DatasetError:
        """One :class:`DatasetError` holding every kept issue; the headline counts all."""
        plural = "s" if self.total != 1 else ""
        subject_zh = in_lang(subject, "zh")
        headline = bi(f"{self.total} problem{plural} in {in_lang(subject, 'en')}",
                      f"{subject_zh}中有 {self.total} 处问题")
        if self.omitted:
            headline += bi(f" (only the first {self.cap} were collected; "
                           f"{self.omitted} more not shown — fix these and load again)",
                           f"（只收集了前 {self.cap} 处，另有 {self.omitted} 处未列出；"
                           "改正后再读取一次）")
        return DatasetError(self.issues, headline)

    def raise_if_any(self, subject: str) -> None:
        if self.total:
            raise self.error(subject)
