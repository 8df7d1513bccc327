"""Reading case files: every problem at once, with the ``[[case]]`` line and field."""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wenming.calendar import WindowFormatError, get_festival, parse_date, parse_window
from wenming.errors import DataIssue
from wenming.loaders.cells import CellError
from wenming.loaders.measures import MEASURE_FIELDS, read_measures
from wenming.model import UnitKind
from wenming.scoring import State
from wenming.testing.cases import (
    DEFAULT_TOLERANCE,
    VERDICTS,
    Case,
    CaseFileError,
    Expectation,
    ItemExpectation,
)

__all__ = ["load_cases", "parse_cases"]

_FILE_KEYS = ("plugins", "rubric", "as_of", "window", "declaration", "tolerance", "row_sets",
              "case")
_CASE_KEYS = ("name", "description", "rubric", "as_of", "window", "declaration", "unit",
              "applicants", "units", "use", "rows", "expect", "tolerance")
_EXPECT_KEYS = ("total", "maximum", "verdict", "items", "areas", "vetoes", "bonus", "error")
_ITEM_KEYS = ("state", "points", "maximum", "evidence", "findings")
_UNIT_KEYS = ("id", "kind", "parent", "zh", "en", "attributes")
_ROW_KEYS = ("kind", "date", "unit", "id", "filed", "end", "amount", "festival", "score",
             "refs", "tags", "participants", "title", *MEASURE_FIELDS)
_STATES = tuple(state.value for state in State)
_CASE_HEADER = re.compile(r"^\s*\[\[\s*case\s*\]\]\s*(?:#.*)?$")

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
    reader.row_sets = reader.shared_rows(data)
    defaults = {
        "rubric": reader.text(data, "rubric", "rubric", None),
        "as_of": reader.day(data, "as_of", "as_of", None),
        "window": reader.window(data, "window", "window", None),
        "declaration": reader.day(data, "declaration", "declaration", None),
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
        self.row_sets: Mapping[str, tuple[Mapping[str, Any], ...]] = {}

    def shared_rows(self, data: Mapping[str, Any]) -> dict[str, tuple[Mapping[str, Any], ...]]:
        """``[row_sets]``: named lists of rows that cases take with ``use = [...]``."""
        sets: dict[str, tuple[Mapping[str, Any], ...]] = {}
        for name, rows in self.table(data, "row_sets", "row_sets", None).items():
            path = f"row_sets.{name}"
            sets[str(name)] = tuple(
                self.row(r, f"{path}[{i}]", None)
                for i, r in enumerate(self.tables({"v": rows}, "v", path, None)))
        return sets

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
        declaration = (self.day(raw, "declaration", f"{path}.declaration", index)
                       or defaults["declaration"])
        shared: list[Mapping[str, Any]] = []
        # Not ``name``: that is the case's own, which a row set's must not replace.
        for set_name in self.strings(raw, "use", f"{path}.use", index) or ():
            if set_name in self.row_sets:
                shared.extend(self.row_sets[set_name])
            else:
                self.issue(f"{path}.use", "no such row set", index, set_name,
                           "a name from [row_sets]: " + (", ".join(self.row_sets) or "none"))
        rows = (*shared, *(
            self.row(r, f"{path}.rows[{i}]", index)
            for i, r in enumerate(self.tables(raw, "rows", f"{path}.rows", index))))
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
            description=description, origin=self.origin, line=self.line(index), index=index,
            declaration=None if declaration is None else _as_date(declaration))

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
        unit = dict(raw)
        attributes = self.table(raw, "attributes", f"{path}.attributes", index)
        for name, value in attributes.items():
            if isinstance(value, bool) or (isinstance(value, str) and value.strip()) or (
                    isinstance(value, int | float) and math.isfinite(value)):
                continue
            self.issue(f"{path}.attributes.{name}", "not an attribute value", index, value,
                       "a number (staff = 120), true/false (window = true) or a word")
        unit["attributes"] = dict(attributes)
        return unit

    def row(self, raw: Mapping[str, Any], path: str, index: int | None) -> Mapping[str, Any]:
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
        for key in ("refs", "tags"):
            if (names := self.strings(raw, key, f"{path}.{key}", index)) is not None:
                row[key] = names
        if any(key in raw for key in MEASURE_FIELDS):
            self.measures(raw, row, path, index)
        return row

    def measures(self, raw: Mapping[str, Any], row: dict[str, Any], path: str,
                 index: int | None) -> None:
        """A survey's result, checked by the ledgers' own rules (rate 0–100, n ≤ d, …)."""
        errors: list[tuple[int, CellError, object]] = []
        rate, sample, numerator, denominator = (raw.get(key) for key in MEASURE_FIELDS)
        values = read_measures(rate, sample, numerator, denominator, errors, 0)
        for position, error, value in errors:
            self.issue(f"{path}.{MEASURE_FIELDS[position]}", str(error.message), index,
                       value, error.expected)
        if not errors and values is not None:
            row.update((key, value) for key, value in zip(MEASURE_FIELDS, values, strict=True)
                       if value is not None)

    def expectation(self, raw: Mapping[str, Any], path: str, index: int) -> Expectation:
        self.keys(raw, _EXPECT_KEYS, path, index)
        verdict = self.text(raw, "verdict", f"{path}.verdict", index)
        if verdict is not None and verdict not in VERDICTS:
            self.issue(f"{path}.verdict", "not a verdict", index, verdict, " | ".join(VERDICTS))
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
        vetoes: tuple[str, ...] | None = None
        if "vetoes" in raw:
            value = raw["vetoes"]
            if isinstance(value, list) and not value:
                vetoes = ()
            else:
                vetoes = self.strings(raw, "vetoes", f"{path}.vetoes", index)
        if not (items or areas or any(k in raw for k in ("total", "maximum", "verdict",
                                                          "vetoes", "bonus", "error"))):
            self.issue(path, "the case expects nothing", index, None,
                       "[case.expect] with total, maximum, verdict, items, areas, vetoes, "
                       "bonus or error")
        return Expectation(
            total=self.number(raw, "total", f"{path}.total", index),
            maximum=self.number(raw, "maximum", f"{path}.maximum", index),
            verdict=verdict, items=items, areas=areas,
            error=self.text(raw, "error", f"{path}.error", index), vetoes=vetoes,
            bonus=self.number(raw, "bonus", f"{path}.bonus", index))

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


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else parse_date(value)
