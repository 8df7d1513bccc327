"""Conditions on unit attributes: where an item, a criterion or a veto applies.

The grammar is deliberately tiny, so that a rubric author can read every
condition aloud and a reviewer can check it against the document:

    condition := clause ("and" clause)*
    clause    := NAME                 the attribute is truthy (window)
               | "not" NAME           it is missing or falsy (not window)
               | NAME OP VALUE        a comparison (staff >= 10, level == "县级")
    OP        := >= | > | <= | < | == | !=
    VALUE     := a number, true, false, or a word ("quoted" if it has spaces)

A unit without the attribute never meets a clause about it except ``not
NAME``; ``>``, ``>=``, ``<`` and ``<=`` hold only between numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from attrs import frozen

from wenming.model.labels import Label

__all__ = ["OPERATORS", "Condition", "ConditionError", "parse_condition"]

OPERATORS: Final = (">=", "<=", "==", "!=", ">", "<")
_CLAUSE: Final = re.compile(
    r"""^\s*(?:(?P<not>not)\s+(?P<negated>[^\s<>=!"']+)
          |(?P<name>[^\s<>=!"']+)\s*(?:(?P<op>>=|<=|==|!=|>|<)\s*(?P<value>"[^"]*"|'[^']*'|\S+))?)
        \s*$""", re.VERBOSE)
_AND: Final = re.compile(r"\s+and\s+")
EXPECTED: Final = ('an attribute name ("window"), "not window", or a comparison such as '
                   '"staff >= 10" or "level == 县级", joined with "and"')

Value = float | bool | str


class ConditionError(ValueError):
    """A condition that does not follow the grammar; the message says where."""


@frozen
class Clause:
    name: str
    op: str | None = None  # None: truthy; "not": missing or falsy
    value: Value | None = None

    def holds(self, attributes: Mapping[str, Value]) -> bool:
        present = self.name in attributes
        actual = attributes.get(self.name)
        if self.op is None:
            return present and _truthy(actual)
        if self.op == "not":
            return not present or not _truthy(actual)
        if not present or actual is None:
            return False
        if self.op in ("==", "!="):
            same = _same(actual, self.value)
            return same if self.op == "==" else not same
        if not _number(actual) or not _number(self.value):
            return False
        a, b = float(actual), float(self.value)  # type: ignore[arg-type]
        return {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b}[self.op]

    def __str__(self) -> str:
        if self.op is None:
            return self.name
        if self.op == "not":
            return f"not {self.name}"
        return f"{self.name} {self.op} {_show(self.value)}"


@frozen
class Condition:
    """Where something applies: every clause must hold for the unit's attributes.

    ``reason`` is what a scorecard says where it does not apply (无窗口单位);
    without one, the condition itself is quoted.
    """

    text: str
    clauses: tuple[Clause, ...]
    reason: Label | None = None

    def holds(self, attributes: Mapping[str, Value]) -> bool:
        return all(c.holds(attributes) for c in self.clauses)

    def units(self, units: Iterable[str],
              attributes_of: Callable[[str], Mapping[str, Value]]) -> tuple[str, ...]:
        """Those of ``units`` whose attributes meet the condition, in the order given."""
        return tuple(u for u in units if self.holds(attributes_of(u)))

    def not_applicable(self) -> Label:
        """The finding where no unit in scope meets the condition."""
        if self.reason is not None:
            return Label(f"不适用：{self.reason.zh}", f"not applicable: {self.reason.en}")
        return Label(f"不适用：范围内没有满足「{self.text}」的单位",
                     f"not applicable: no unit in scope meets \"{self.text}\"")


def parse_condition(text: object, reason: Label | None = None) -> Condition:
    """Parse ``text``; :class:`ConditionError` says which clause is wrong and why."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError(f"expected a condition, got {text!r}")
    clauses: list[Clause] = []
    for part in _AND.split(text.strip()):
        match = _CLAUSE.match(part)
        if match is None:
            raise ConditionError(f"cannot read the clause {part.strip()!r}")
        if match["negated"]:
            clauses.append(Clause(match["negated"], "not"))
            continue
        name = match["name"]
        if name in ("and", "not"):
            raise ConditionError(f"the clause {part.strip()!r} has no attribute name")
        if match["op"] is None:
            clauses.append(Clause(name))
            continue
        value = _value(match["value"])
        if match["op"] not in ("==", "!=") and not _number(value):
            raise ConditionError(f"{match['op']} compares numbers; got {match['value']!r}")
        clauses.append(Clause(name, match["op"], value))
    return Condition(text.strip(), tuple(clauses), reason)


def _value(raw: str) -> Value:
    if raw[:1] in "\"'" and raw[-1:] == raw[:1] and len(raw) >= 2:
        return raw[1:-1]
    if raw in ("true", "false"):
        return raw == "true"
    try:
        number = float(raw)
    except ValueError:
        return raw
    return number if math.isfinite(number) else raw


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _same(actual: Value, wanted: Value | None) -> bool:
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return actual is wanted
    if _number(actual) and _number(wanted):
        return float(actual) == float(wanted)  # type: ignore[arg-type]
    return str(actual) == str(wanted)


def _show(value: Value | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
