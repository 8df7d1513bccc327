"""Data-driven rubric tests: cases written in TOML, dataset rows in, expected results out.

A case file (``*.cases.toml``) lists cases. Each case is a small campaign —
the standard system of :class:`wenming.testing.DatasetBuilder` plus the
evidence rows it gives — scored under one rubric as of one date, and what
the scorecard must then say::

    plugins = ["wenming_rubric_example.plugin"]   # modules registered on a fresh host
    rubric = "example"                            # defaults for every case below
    as_of = "2021-12-31"

    [[case]]
    name = "one lecture in each half-year earns item 2 in full"
    rows = [
      { kind = "moral-lecture", date = "2020-05-10" },
      { kind = "moral-lecture", date = "2020-10-12", unit = "east" },
    ]
    [case.expect]
    items = { "2" = { state = "met", points = 4 }, "3" = "unmet" }

:func:`load_cases` reads and checks a file (every problem at once, with the
case and field); :func:`run_case` scores one case and compares;
:meth:`CaseResult.diff` says what differs in words. The pytest plugin
(:mod:`wenming.pytest_plugin`) collects case files as tests.
:func:`check_rubric` validates a rubric document against a fresh host.
"""

from __future__ import annotations

import importlib
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from attrs import field, frozen

from wenming.calendar import WindowFormatError, get_festival, parse_date, parse_window
from wenming.dataset import Dataset
from wenming.errors import DataIssue, RubricError, WenmingError
from wenming.model import Label, UnitKind, Vocabulary
from wenming.plugins.manager import PluginHost
from wenming.plugins.types import RubricSource
from wenming.scoring import Scorecard, Scorer, State

__all__ = [
    "CASE_FILE_SUFFIX",
    "Case",
    "CaseFileError",
    "CaseResult",
    "Expectation",
    "ItemExpectation",
    "Mismatch",
    "check_rubric",
    "import_plugins",
    "load_cases",
    "parse_cases",
    "run_case",
]

#: File names ending with this are case files (the pytest plugin collects them).
CASE_FILE_SUFFIX = ".cases.toml"
#: Points are compared with this absolute tolerance unless a file or case sets ``tolerance``.
DEFAULT_TOLERANCE = 1e-6

_FILE_KEYS = ("plugins", "rubric", "as_of", "window", "tolerance", "case")
_CASE_KEYS = ("name", "description", "rubric", "as_of", "window", "unit", "applicants",
              "units", "rows", "expect", "tolerance")
_EXPECT_KEYS = ("total", "maximum", "verdict", "items", "areas", "error")
_ITEM_KEYS = ("state", "points", "maximum", "evidence", "findings")
_UNIT_KEYS = ("id", "kind", "parent", "zh", "en")
_ROW_KEYS = ("kind", "date", "unit", "id", "filed", "end", "amount", "festival", "score",
             "refs", "participants", "title")
_VERDICTS = ("pass", "fail", "undetermined", "none")
_STATES = tuple(state.value for state in State)
_CASE_HEADER = re.compile(r"^\s*\[\[\s*case\s*\]\]\s*(?:#.*)?$")


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
    (the rubric has no pass line). ``error`` expects scoring to fail instead,
    with a message containing that text.
    """

    total: float | None = None
    maximum: float | None = None
    verdict: str | None = None
    items: Mapping[str, ItemExpectation] = field(factory=dict)
    areas: Mapping[str, float] = field(factory=dict)
    error: str | None = None


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

    @property
    def location(self) -> str:
        """``file:line`` of the case's ``[[case]]`` header, for messages."""
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin

    def build_dataset(self, vocabulary: Vocabulary | None = None) -> Dataset:
        """The case's dataset: the standard test system plus its units and rows."""
        from wenming.testing import DatasetBuilder

        builder = DatasetBuilder(window=self.window)
        if vocabulary is not None:
            builder.with_vocabulary(vocabulary)
        for unit in self.units:
            builder.add_unit(unit["id"], unit.get("kind", "other"), unit.get("parent"),
                             unit.get("zh"), unit.get("en"))
        if self.applicants is not None:
            builder.with_applicants(*self.applicants)
        for row in self.rows:
            fields = dict(row)
            builder.add(fields.pop("kind"), fields.pop("date"), **fields)
        return builder.build()


@frozen
class Mismatch:
    """One difference between what a case expects and what scoring produced."""

    what: str
    expected: str
    actual: str


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
            codes = dict.fromkeys(m.what.split()[1] for m in self.mismatches
                                  if m.what.startswith("item "))
            for code in codes:
                if code not in self.card.items:
                    continue
                item = self.card.items[code]
                lines += ["", f"item {code} ({item.title.en}) is {item.state.value}, "
                              f"{_num(item.points)} of {_num(item.maximum)} points; findings:"]
                lines += [f"  {finding.en}" for finding in item.findings] or ["  (none)"]
                if item.evidence:
                    lines.append(f"  evidence that counted: {', '.join(item.evidence)}")
        return "\n".join(lines)

    def check(self) -> CaseResult:
        """Raise :class:`AssertionError` with :meth:`diff` unless the case passed."""
        if not self.ok:
            raise AssertionError(self.diff())
        return self


# -- loading -------------------------------------------------------------------------------


def load_cases(path: str | os.PathLike[str]) -> list[Case]:
    """Read and check a case file; raises :class:`CaseFileError` listing every problem."""
    file = Path(path)
    where = str(path)
    try:
        text = file.read_text("utf-8")
    except OSError as error:
        raise CaseFileError(where, [DataIssue(where, f"cannot read the file: {error}")]) from None
    return parse_cases(text, where)


def parse_cases(text: str, origin: str = "<cases>") -> list[Case]:
    """Like :func:`load_cases`, for the text of a case file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CaseFileError(origin, [DataIssue(origin, f"not valid TOML: {error}")]) from None
    reader = _Reader(origin, [i + 1 for i, line in enumerate(text.splitlines())
                              if _CASE_HEADER.match(line)])
    reader.keys(data, _FILE_KEYS, "", None)
    plugins = reader.strings(data, "plugins", "plugins", None) or ()
    defaults = {
        "rubric": reader.text(data, "rubric", "rubric", None),
        "as_of": reader.day(data, "as_of", "as_of", None),
        "window": reader.window(data, "window", "window", None),
        "tolerance": reader.tolerance(data, "tolerance", "tolerance", None),
    }
    raw_cases = data.get("case", [])
    if not isinstance(raw_cases, list) or not all(isinstance(c, dict) for c in raw_cases):
        reader.issue("case", "expected an array of tables", None, raw_cases, "[[case]] tables")
        raw_cases = []
    if not raw_cases:
        reader.issue("case", "the file holds no case", None, None, "at least one [[case]]")
    cases: list[Case] = []
    names: dict[str, int] = {}
    for index, raw in enumerate(raw_cases):
        name = raw.get("name")
        if isinstance(name, str) and name in names:
            reader.issue(f"case[{index}].name", "case name used twice", index, name,
                         f"a name unlike that of case[{names[name]}]")
        elif isinstance(name, str):
            names[name] = index
        case = reader.case(index, raw, defaults, tuple(plugins))
        if case is not None:
            cases.append(case)
    if reader.issues:
        raise CaseFileError(origin, reader.issues)
    return cases


class _Reader:
    """Reads values out of the parsed TOML, collecting problems instead of stopping."""

    def __init__(self, origin: str, case_lines: Sequence[int]) -> None:
        self.origin = origin
        self.case_lines = case_lines
        self.issues: list[DataIssue] = []

    def line(self, index: int | None) -> int | None:
        if index is None or index >= len(self.case_lines):
            return None
        return self.case_lines[index]

    def issue(self, path: str, message: str, index: int | None, value: object = None,
              expected: str | None = None) -> None:
        self.issues.append(DataIssue(self.origin, message, self.line(index), path or None,
                                     value, expected))

    def keys(self, table: Mapping[str, Any], allowed: Sequence[str], path: str,
             index: int | None) -> None:
        for key in table:
            if key not in allowed:
                self.issue(f"{path}.{key}" if path else key, "unknown key", index, None,
                           "one of " + ", ".join(allowed))

    def table(self, table: Mapping[str, Any], key: str, path: str,
              index: int | None) -> Mapping[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            self.issue(path, "expected a table", index, value, f"[{path}] or {{ … }}")
            return {}
        return value

    def tables(self, table: Mapping[str, Any], key: str, path: str,
               index: int | None) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.issue(path, "expected an array of tables", index, value,
                       f"{key} = [ {{ … }}, … ]")
            return []
        return value

    def text(self, table: Mapping[str, Any], key: str, path: str,
             index: int | None) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.issue(path, "expected a non-empty string", index, value)
            return None
        return value

    def strings(self, table: Mapping[str, Any], key: str, path: str,
                index: int | None) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.issue(path, "expected a list of strings", index, value, "[\"…\", …]")
            return None
        return tuple(value)

    def number(self, table: Mapping[str, Any], key: str, path: str,
               index: int | None) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.issue(path, "expected a number", index, value)
            return None
        return float(value)

    def tolerance(self, table: Mapping[str, Any], key: str, path: str,
                  index: int | None) -> float | None:
        value = self.number(table, key, path, index)
        if value is not None and value < 0:
            self.issue(path, "a tolerance cannot be negative", index, value, "a number ≥ 0")
            return None
        return value

    def day(self, table: Mapping[str, Any], key: str, path: str,
            index: int | None) -> date | None:
        value = table.get(key)
        if value is None:
            return None
        # TOML has dates of its own; a quoted date goes through the strict parser.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            self.issue(path, "not a date", index, value, "YYYY-MM-DD")
            return None
        try:
            return parse_date(value)
        except WindowFormatError as error:
            self.issue(path, f"not a date: {error}", index, value, "YYYY-MM-DD")
            return None

    def window(self, table: Mapping[str, Any], key: str, path: str,
               index: int | None) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        try:
            parse_window(str(value))
        except WindowFormatError as error:
            self.issue(path, f"not a window: {error}", index, value, "e.g. \"2020.04-2021.12\"")
            return None
        return str(value)

    def case(self, index: int, raw: Mapping[str, Any], defaults: Mapping[str, Any],
             plugins: tuple[str, ...]) -> Case | None:
        path = f"case[{index}]"
        before = len(self.issues)
        self.keys(raw, _CASE_KEYS, path, index)
        name = self.text(raw, "name", f"{path}.name", index)
        if name is None and "name" not in raw:
            self.issue(f"{path}.name", "missing", index, None, "a name saying what is tested")
        rubric = self.text(raw, "rubric", f"{path}.rubric", index) or defaults["rubric"]
        if rubric is None:
            self.issue(f"{path}.rubric", "no rubric given", index, None,
                       "rubric = \"<id>\" in the case or at the top of the file")
        as_of = self.day(raw, "as_of", f"{path}.as_of", index) or defaults["as_of"]
        if as_of is None and "as_of" not in raw:
            self.issue(f"{path}.as_of", "no as-of date given", index, None,
                       "as_of = \"YYYY-MM-DD\" in the case or at the top of the file")
        window = self.window(raw, "window", f"{path}.window", index) or defaults["window"]
        tolerance = self.tolerance(raw, "tolerance", f"{path}.tolerance", index)
        if tolerance is None:
            tolerance = defaults["tolerance"]
        units = tuple(self.unit(u, f"{path}.units[{i}]", index)
                      for i, u in enumerate(self.tables(raw, "units", f"{path}.units", index)))
        rows = tuple(self.row(r, f"{path}.rows[{i}]", index)
                     for i, r in enumerate(self.tables(raw, "rows", f"{path}.rows", index)))
        expect = self.expectation(self.table(raw, "expect", f"{path}.expect", index),
                                  f"{path}.expect", index)
        unit = self.text(raw, "unit", f"{path}.unit", index)
        applicants = self.strings(raw, "applicants", f"{path}.applicants", index)
        description = self.text(raw, "description", f"{path}.description", index) or ""
        if len(self.issues) > before or name is None or rubric is None or as_of is None:
            return None
        return Case(
            name=name, rubric=rubric, as_of=_as_date(as_of), rows=rows, expect=expect,
            window=window or "2020.04-2021.12", unit=unit, applicants=applicants, units=units,
            plugins=plugins,
            tolerance=DEFAULT_TOLERANCE if tolerance is None else tolerance,
            description=description, origin=self.origin, line=self.line(index))

    def unit(self, raw: Mapping[str, Any], path: str, index: int) -> Mapping[str, Any]:
        self.keys(raw, _UNIT_KEYS, path, index)
        if self.text(raw, "id", f"{path}.id", index) is None:
            self.issue(f"{path}.id", "missing", index, None, "a unit id")
        kind = raw.get("kind", "other")
        try:
            UnitKind.parse(str(kind))
        except ValueError as error:
            self.issue(f"{path}.kind", str(error), index, kind)
        for key in ("parent", "zh", "en"):
            self.text(raw, key, f"{path}.{key}", index)
        return dict(raw)

    def row(self, raw: Mapping[str, Any], path: str, index: int) -> Mapping[str, Any]:
        self.keys(raw, _ROW_KEYS, path, index)
        row: dict[str, Any] = {}
        for key in ("kind", "date"):
            if key not in raw:
                self.issue(f"{path}.{key}", "missing", index, None,
                           "an evidence kind" if key == "kind" else "YYYY-MM-DD")
        for key in ("kind", "unit", "id", "title"):
            if (value := self.text(raw, key, f"{path}.{key}", index)) is not None:
                row[key] = value
        for key in ("date", "filed", "end"):
            if (day := self.day(raw, key, f"{path}.{key}", index)) is not None:
                row[key] = _as_date(day)
        for key in ("amount", "score"):
            if (number := self.number(raw, key, f"{path}.{key}", index)) is not None:
                row[key] = number
        if "participants" in raw:
            count = raw["participants"]
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                self.issue(f"{path}.participants", "expected a whole number ≥ 0", index, count)
            else:
                row["participants"] = count
        if (festival := self.text(raw, "festival", f"{path}.festival", index)) is not None:
            try:
                get_festival(festival)
            except (KeyError, ValueError) as error:
                self.issue(f"{path}.festival", f"unknown festival: {error}", index, festival)
            else:
                row["festival"] = festival
        if (refs := self.strings(raw, "refs", f"{path}.refs", index)) is not None:
            row["refs"] = refs
        return row

    def expectation(self, raw: Mapping[str, Any], path: str, index: int) -> Expectation:
        self.keys(raw, _EXPECT_KEYS, path, index)
        verdict = self.text(raw, "verdict", f"{path}.verdict", index)
        if verdict is not None and verdict not in _VERDICTS:
            self.issue(f"{path}.verdict", "not a verdict", index, verdict, " | ".join(_VERDICTS))
        items: dict[str, ItemExpectation] = {}
        for code, value in self.table(raw, "items", f"{path}.items", index).items():
            item = self.item(value, f"{path}.items.{code}", index)
            if item is not None:
                items[str(code)] = item
        areas: dict[str, float] = {}
        for code, value in self.table(raw, "areas", f"{path}.areas", index).items():
            points = self.number({"v": value}, "v", f"{path}.areas.{code}", index)
            if points is not None:
                areas[str(code)] = points
        if not (items or areas or any(k in raw for k in ("total", "maximum", "verdict",
                                                          "error"))):
            self.issue(path, "the case expects nothing", index, None,
                       "[case.expect] with total, maximum, verdict, items, areas or error")
        return Expectation(
            total=self.number(raw, "total", f"{path}.total", index),
            maximum=self.number(raw, "maximum", f"{path}.maximum", index),
            verdict=verdict, items=items, areas=areas,
            error=self.text(raw, "error", f"{path}.error", index))

    def item(self, value: object, path: str, index: int) -> ItemExpectation | None:
        if isinstance(value, str):  # the shorthand "6" = "met"
            value = {"state": value}
        if not isinstance(value, dict):
            self.issue(path, "expected a state or a table", index, value,
                       "\"met\" or { state = \"met\", points = 2 }")
            return None
        self.keys(value, _ITEM_KEYS, path, index)
        state = self.text(value, "state", f"{path}.state", index)
        if state is not None and state not in _STATES:
            self.issue(f"{path}.state", "not a result state", index, state, " | ".join(_STATES))
            state = None
        return ItemExpectation(
            state=State(state) if state else None,
            points=self.number(value, "points", f"{path}.points", index),
            maximum=self.number(value, "maximum", f"{path}.maximum", index),
            evidence=self.strings(value, "evidence", f"{path}.evidence", index),
            findings=self.strings(value, "findings", f"{path}.findings", index) or ())


def _fresh_host(*plugins: ModuleType | object) -> PluginHost:
    # wenming.testing re-exports this module's names, so it is imported here,
    # not at the top, where either import order would be circular.
    from wenming.testing import make_host

    return make_host(*plugins)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else parse_date(value)


# -- running -------------------------------------------------------------------------------


def import_plugins(names: Iterable[str], *, origin: str = "<cases>") -> tuple[ModuleType, ...]:
    """Import plugin modules by dotted name, e.g. ``wenming_rubric_example.plugin``."""
    modules: list[ModuleType] = []
    issues: list[DataIssue] = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError as error:
            issues.append(DataIssue(origin, f"cannot import plugin module: {error}",
                                    field="plugins", value=name,
                                    expected="an importable module (is its package installed?)"))
    if issues:
        raise CaseFileError(origin, issues)
    return tuple(modules)


def run_case(case: Case, *plugins: ModuleType | object, host: PluginHost | None = None
             ) -> CaseResult:
    """Build the case's dataset, score it and compare with what the case expects.

    Scoring uses a fresh host (autoload off) with ``plugins`` or, if none are
    given, with the modules the case file names. Pass ``host`` to reuse one
    host across cases. The dataset is built with the host's vocabulary, so
    rows may use evidence kinds that plugins add.
    """
    if host is None:
        host = _fresh_host(*(plugins or import_plugins(case.plugins, origin=case.origin)))
    expect = case.expect
    try:
        dataset = case.build_dataset(host.vocabulary())
        card = Scorer(host).score(dataset, case.rubric, case.as_of, case.unit)
    except (WenmingError, KeyError, ValueError) as error:
        message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
        if expect.error is not None and expect.error.casefold() in message.casefold():
            return CaseResult(case, None, (), message)
        wanted = f"an error containing {expect.error!r}" if expect.error else "a scorecard"
        return CaseResult(case, None, (Mismatch("outcome", wanted,
                                                f"{type(error).__name__}: "
                                                f"{_first_line(message)}"),), message)
    if expect.error is not None:
        return CaseResult(case, card, (Mismatch("outcome", f"an error containing "
                                                          f"{expect.error!r}",
                                                "a scorecard"),))
    return CaseResult(case, card, tuple(_compare(case, card)))


def _compare(case: Case, card: Scorecard) -> Iterable[Mismatch]:
    expect, tol = case.expect, case.tolerance

    def number(what: str, wanted: float | None, actual: float) -> Iterable[Mismatch]:
        if wanted is not None and not math.isclose(wanted, actual, rel_tol=0, abs_tol=tol):
            yield Mismatch(what, _num(wanted), _num(actual))

    yield from number("total", expect.total, card.total)
    yield from number("maximum", expect.maximum, card.maximum)
    if expect.verdict is not None and expect.verdict != (card.verdict or "none"):
        yield Mismatch("verdict", expect.verdict, card.verdict or "none")
    areas = {area.code: area for area in card.areas}
    for code, points in expect.areas.items():
        if code not in areas:
            yield Mismatch(f"area {code}", f"{_num(points)} points",
                           f"no such area (areas: {', '.join(areas)})")
            continue
        yield from number(f"area {code} points", points, areas[code].points)
    for code, wanted in expect.items.items():
        if code not in card.items:
            yield Mismatch(f"item {code}", "an item", "no such item (items: "
                                                      f"{', '.join(card.items)})")
            continue
        item = card.items[code]
        if wanted.state is not None and wanted.state is not item.state:
            yield Mismatch(f"item {code} state", wanted.state.value, item.state.value)
        yield from number(f"item {code} points", wanted.points, item.points)
        yield from number(f"item {code} maximum", wanted.maximum, item.maximum)
        if wanted.evidence is not None and sorted(wanted.evidence) != sorted(item.evidence):
            yield Mismatch(f"item {code} evidence", ", ".join(sorted(wanted.evidence)) or "none",
                           ", ".join(sorted(item.evidence)) or "none")
        texts = [text for finding in item.findings for text in (finding.zh, finding.en)]
        for needle in wanted.findings:
            if not any(needle.casefold() in text.casefold() for text in texts):
                yield Mismatch(f"item {code} findings", f"a finding containing {needle!r}",
                               "none such")


def _num(value: float) -> str:
    return f"{value:g}"


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


# -- rubric documents ----------------------------------------------------------------------


def check_rubric(source_or_path: RubricSource | str | os.PathLike[str],
                 *plugins: ModuleType | object, bilingual: bool = True,
                 dataset: Dataset | None = None, as_of: date | str | None = None) -> list[str]:
    """Check a rubric document against a fresh host; the problems found, empty when valid.

    The host has wenming's built-ins and ``plugins`` (so a rubric may use the
    criterion types and evidence kinds they add) and nothing installed.
    ``source_or_path`` is a :class:`RubricSource`, a path to a TOML file, or
    the TOML text itself (a string holding a line break). With ``bilingual``
    (the default) every title and label must have both a Chinese and an
    English text. With ``dataset``, the rubric is also scored as of
    ``as_of`` (default: the campaign's last day) and any item that ends in
    the ``error`` state is a problem.
    """
    source = _source(source_or_path)
    if isinstance(source, str):
        return [source]
    try:
        host = _fresh_host(*plugins)
        types, vocabulary = host.criterion_types(), host.vocabulary()
    except WenmingError as error:
        return [f"the plugins cannot be loaded: {error}"]
    from wenming.rubric import load_rubric

    try:
        rubric = load_rubric(source, criterion_types=types, vocabulary=vocabulary,
                             provider="check_rubric")
    except RubricError as error:
        return [str(issue) for issue in error.issues] or [str(error)]
    problems: list[str] = []
    if bilingual:
        problems += _monolingual(source, rubric)
    if dataset is not None:
        problems += _scoring_errors(host, rubric, dataset, as_of)
    return problems


def _source(value: RubricSource | str | os.PathLike[str]) -> RubricSource | str:
    if isinstance(value, RubricSource):
        return value
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return RubricSource(value, "<rubric text>")
    path = Path(value)
    try:
        return RubricSource(path.read_text("utf-8"), str(path))
    except OSError as error:
        return f"{path}: cannot read the rubric document: {error}"


def _monolingual(source: RubricSource, rubric: Any) -> list[str]:
    problems: list[str] = []

    def check(label: Label | None, what: str, *, optional: bool = False) -> None:
        if label is None or (optional and not label.zh and not label.en):
            return
        if not label.zh or not label.en:
            problems.append(f"{source.origin} [{what}]: a label needs both texts; "
                            "expected { zh = …, en = … }")
        elif label.zh == label.en:
            problems.append(f"{source.origin} [{what}]: one text for both languages "
                            f"({label.zh!r}); expected {{ zh = …, en = … }}")

    check(rubric.title, "title")
    check(rubric.issuer, "issuer", optional=True)
    for area in rubric.areas:
        check(area.title, f"area {area.code} title")
    for item in (*rubric.items(), *rubric.bonuses):
        check(item.title, f"item {item.code} title")
        check(item.remediation, f"item {item.code} remediation", optional=True)
        for index, criterion in enumerate(item.criteria):
            check(criterion.label, f"item {item.code} criteria[{index}] label")
    for veto in rubric.vetoes:
        check(veto.title, f"veto {veto.code} title")
    return problems


def _scoring_errors(host: PluginHost, rubric: Any, dataset: Dataset,
                    as_of: date | str | None) -> list[str]:
    from wenming.scoring import score_rubric

    day = _as_date(as_of) if as_of is not None else dataset.campaign.end
    card = score_rubric(rubric, dataset, day, host.criterion_types())
    return [f"{rubric.origin} [item {code}]: scoring ends in an error: "
            + "; ".join(c.error or "" for c in item.criteria if c.error)
            for code, item in card.items.items() if item.state is State.ERROR]

