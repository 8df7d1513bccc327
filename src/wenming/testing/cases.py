"""Data-driven rubric tests: cases written in TOML, dataset rows in, expected results out.

A case file (``*.cases.toml``) lists cases. Each case is a small campaign —
the standard system of :class:`wenming.testing.DatasetBuilder` plus the
evidence rows it gives — scored under one rubric as of one date, and what
the scorecard must then say::

    plugins = ["wenming_rubric_example.plugin"]   # modules registered on a fresh host
    rubric = "example"                            # defaults for every case below
    as_of = "2021-12-31"

    [row_sets]                                    # rows several cases share
    lectures = [
      { kind = "moral-lecture", date = "2020-05-10" },
      { kind = "moral-lecture", date = "2020-10-12", unit = "east" },
    ]

    [[case]]
    name = "one lecture in each half-year earns item 2 in full"
    use = ["lectures"]
    [case.expect]
    items = { "2" = { state = "met", points = 4 }, "3" = "unmet" }
    vetoes = []

This module holds what a case is and what a result says;
:mod:`wenming.testing.case_files` reads files (:func:`load_cases`),
:mod:`wenming.testing.run` scores cases (:func:`run_case`), and the pytest
plugin (:mod:`wenming.pytest_plugin`) collects case files as tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attrs import field, frozen

from wenming.dataset import Dataset
from wenming.errors import DataIssue, WenmingError
from wenming.model import Vocabulary
from wenming.scoring import Scorecard, State
from wenming.testing.builder import STANDARD_UNIT_IDS, DatasetBuilder

__all__ = [
    "CASE_FILE_SUFFIX",
    "DEFAULT_TOLERANCE",
    "VERDICTS",
    "Case",
    "CaseFileError",
    "CaseResult",
    "Expectation",
    "ItemExpectation",
    "Mismatch",
]

#: File names ending with this are case files (the pytest plugin collects them).
CASE_FILE_SUFFIX = ".cases.toml"
#: Points are compared with this absolute tolerance unless a file or case sets ``tolerance``.
DEFAULT_TOLERANCE = 1e-6

#: The verdicts a case may expect; ``none`` is a rubric without a pass line.
VERDICTS = ("pass", "fail", "undetermined", "none")


class CaseFileError(WenmingError, ValueError):
    """A case file cannot be used; ``issues`` lists every problem with its case and field."""

    def __init__(self, where: str, issues: Iterable[DataIssue]) -> None:
        self.where = where
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        count = len(self.issues)
        lines = [f"{count} problem{'s' if count != 1 else ''} in case file {where}"]
        lines += [f"  - {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))


@frozen
class ItemExpectation:
    """What one item's result must be; ``None`` means "not checked".

    ``findings`` are substrings each of which must occur in one of the
    item's findings (Chinese or English text).
    """

    state: State | None = None
    points: float | None = None
    maximum: float | None = None
    evidence: tuple[str, ...] | None = None
    findings: tuple[str, ...] = ()


@frozen
class Expectation:
    """What the scorecard of a case must say; ``None`` means "not checked".

    ``verdict`` is ``"pass"``, ``"fail"``, ``"undetermined"`` or ``"none"``
    (the rubric has no pass line). ``vetoes`` are the codes of the vetoes that
    must be triggered, exactly (``()`` expects none); ``bonus`` the bonus
    points. ``error`` expects scoring to fail instead, with a message
    containing that text.
    """

    total: float | None = None
    maximum: float | None = None
    verdict: str | None = None
    items: Mapping[str, ItemExpectation] = field(factory=dict)
    areas: Mapping[str, float] = field(factory=dict)
    error: str | None = None
    vetoes: tuple[str, ...] | None = None
    bonus: float | None = None


@frozen
class Case:
    """One data-driven test: rows in, expected results out. Build with :func:`load_cases`."""

    name: str
    rubric: str
    as_of: date
    rows: tuple[Mapping[str, Any], ...] = ()
    expect: Expectation = Expectation()
    window: str = "2020.04-2021.12"
    unit: str | None = None
    applicants: tuple[str, ...] | None = None
    units: tuple[Mapping[str, Any], ...] = ()
    plugins: tuple[str, ...] = ()
    tolerance: float = DEFAULT_TOLERANCE
    description: str = ""
    origin: str = "<case>"
    line: int | None = None
    #: the case's position in its file (0-based), for the paths of mismatches
    index: int | None = None
    #: the application date (申报日期) the campaign gives, from which vetoes look back
    declaration: date | None = None

    @property
    def path(self) -> str:
        """``case[N]`` (counted from 0, as problems in case files are), or ``case``."""
        return f"case[{self.index}]" if self.index is not None else "case"

    @property
    def location(self) -> str:
        """``file:line`` of the case's ``[[case]]`` header, for messages."""
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin

    def build_dataset(self, vocabulary: Vocabulary | None = None) -> Dataset:
        """The case's dataset: the standard test system plus its units and rows."""
        builder = DatasetBuilder(window=self.window, declaration=self.declaration)
        if vocabulary is not None:
            builder.with_vocabulary(vocabulary)
        for unit in self.units:
            if any(known == unit["id"] for known in STANDARD_UNIT_IDS):
                # A standard unit named again gives it attributes; its place stays.
                builder.with_attributes(unit["id"], **unit.get("attributes", {}))
                continue
            builder.add_unit(unit["id"], unit.get("kind", "other"), unit.get("parent"),
                             unit.get("zh"), unit.get("en"),
                             attributes=unit.get("attributes", {}))
        if self.applicants is not None:
            builder.with_applicants(*self.applicants)
        for row in self.rows:
            fields = dict(row)
            builder.add(fields.pop("kind"), fields.pop("date"), **fields)
        return builder.build()


@frozen
class Mismatch:
    """One difference between what a case expects and what scoring produced.

    ``what`` is the whole path of the expectation in the case file, e.g.
    ``case[2].expect.items."6".points``; ``item`` the item code it concerns.
    """

    what: str
    expected: str
    actual: str
    item: str | None = None


@frozen
class CaseResult:
    """The outcome of :func:`run_case`: the scorecard (if any) and every mismatch."""

    case: Case
    card: Scorecard | None
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def diff(self) -> str:
        """The mismatches in words, with the findings of each item that differs."""
        case = self.case
        head = (f"case {case.name!r} ({case.location}): rubric {case.rubric!r} as of "
                f"{case.as_of.isoformat()}")
        if self.ok:
            return f"{head}: as expected"
        width = max(len("what"), *(len(m.what) for m in self.mismatches))
        exp_width = max(len("expected"), *(len(m.expected) for m in self.mismatches))
        lines = [f"{head}: {len(self.mismatches)} difference"
                 f"{'s' if len(self.mismatches) != 1 else ''}",
                 f"  {'what':<{width}}  {'expected':<{exp_width}}  actual"]
        lines += [f"  {m.what:<{width}}  {m.expected:<{exp_width}}  {m.actual}"
                  for m in self.mismatches]
        if self.error is not None and case.expect.error is None:
            lines += ["", "scoring failed:", *(f"  {line}" for line in self.error.splitlines())]
        if self.card is not None:
            codes = dict.fromkeys(m.item for m in self.mismatches if m.item is not None)
            for code in codes:
                if code not in self.card.items:
                    continue
                item = self.card.items[code]
                lines += ["", f"item {code} ({item.title.en}) is {item.state.value}, "
                              f"{num(item.points)} of {num(item.maximum)} points; findings:"]
                lines += [f"  {finding.en}" for finding in item.findings] or ["  (none)"]
                if item.evidence:
                    lines.append(f"  evidence that counted: {', '.join(item.evidence)}")
        return "\n".join(lines)

    def check(self) -> CaseResult:
        """Raise :class:`AssertionError` with :meth:`diff` unless the case passed."""
        if not self.ok:
            raise AssertionError(self.diff())
        return self


def num(value: float) -> str:
    """A number as a case file would write it."""
    return f"{value:g}"
