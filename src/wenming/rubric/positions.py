"""Line and column of a key in a rubric document, for errors an author can jump to.

``tomllib`` keeps no positions, and the rubric loader reports issues by key
path (``areas[0](code A).items[1](code 2).criteria[0].kinds``). This module
scans the TOML text once, recording where every table, key and array element
starts, and maps an issue's path to that place. The scan follows TOML's
structure (headers, arrays of tables, dotted keys, inline tables and arrays,
every kind of string) but not its values: the document was already parsed by
``tomllib``, so the scan only has to be right about where things are.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Final

from attrs import frozen

from wenming.errors import DataIssue

__all__ = ["Position", "locate", "parse_field", "positions", "syntax_error_position"]

PathPart = str | int
KeyPath = tuple[PathPart, ...]

_BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_FIELD_PART: Final = re.compile(r"([^.\[\]()]+)|\[(\d+)\]|\((?:code|id) [^)]*\)")
_CATTRS_AT: Final = re.compile(r" @ (\S+)$")
_TOML_POSITION: Final = re.compile(r"\(at line (\d+), column (\d+)\)")


@frozen
class Position:
    """A 1-based line and column (columns count characters, not bytes)."""

    line: int
    column: int


class _Scanner:
    """Walks TOML text, recording the start of every key, table and array element."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.found: dict[KeyPath, Position] = {}
        self._line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._line_starts.append(index + 1)
        #: array-of-tables path -> number of elements so far
        self._counts: dict[KeyPath, int] = {}

    # -- positions ------------------------------------------------------------------------
    def position(self, index: int) -> Position:
        low, high = 0, len(self._line_starts) - 1
        while low < high:  # the last line start at or before index
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= index:
                low = middle
            else:
                high = middle - 1
        return Position(low + 1, index - self._line_starts[low] + 1)

    def mark(self, path: KeyPath, index: int) -> None:
        self.found.setdefault(path, self.position(index))

    # -- characters -----------------------------------------------------------------------
    def peek(self, offset: int = 0) -> str:
        index = self.i + offset
        return self.text[index] if index < len(self.text) else ""

    def skip_blank(self, newlines: bool) -> None:
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in " \t\r" or (newlines and char == "\n"):
                self.i += 1
            elif char == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.i += 1
            else:
                return

    def skip_string(self) -> None:
        quote = self.peek()
        triple = self.text.startswith(quote * 3, self.i)
        self.i += 3 if triple else 1
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == "\\" and quote == '"':
                self.i += 2
                continue
            if triple and self.text.startswith(quote * 3, self.i):
                self.i += 3
                while self.peek() == quote:  # up to two quotes may close the content
                    self.i += 1
                return
            if not triple and char == quote:
                self.i += 1
                return
            if not triple and char == "\n":
                return
            self.i += 1

    # -- keys -----------------------------------------------------------------------------
    def key(self) -> list[tuple[str, int]]:
        """A dotted key: each part with the index where it starts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_blank(newlines=False)
            start = self.i
            if self.peek() in "\"'":
                self.skip_string()
                raw = self.text[start:self.i]
                name = raw[1:-1] if raw[:1] == "'" else _unescape(raw)
            else:
                match = _BARE.match(self.text, self.i)
                if match is None:
                    return parts
                name = match.group(0)
                self.i = match.end()
            parts.append((name, start))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.i += 1

    # -- values ---------------------------------------------------------------------------
    def value(self, path: KeyPath) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in "\"'":
            self.skip_string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.i < len(self.text) and self.text[self.i] not in ",]}\n#":
                self.i += 1

    def array(self, path: KeyPath) -> None:
        self.i += 1
        index = 0
        while self.i < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.i += 1
                return
            if self.peek() == ",":
                self.i += 1
                continue
            self.mark((*path, index), self.i)
            before = self.i
            self.value((*path, index))
            index += 1
            if self.i == before:  # not TOML; never loop on it
                self.i += 1

    def inline_table(self, path: KeyPath) -> None:
        self.i += 1
        while self.i < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.i += 1
                return
            if self.peek() == ",":
                self.i += 1
                continue
            before = self.i
            self.key_value(path)
            if self.i == before:
                self.i += 1

    def key_value(self, table: KeyPath) -> None:
        parts = self.key()
        if not parts:
            return
        path = table
        for name, start in parts:
            path = (*path, name)
            self.mark(path, start)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.i += 1
            self.value(path)

    # -- the document ---------------------------------------------------------------------
    def header(self) -> KeyPath:
        start = self.i
        double = self.text.startswith("[[", self.i)
        self.i += 2 if double else 1
        parts = self.key()
        path: KeyPath = ()
        for number, (name, _) in enumerate(parts):
            path = (*path, name)
            last = number == len(parts) - 1
            if last and double:
                count = self._counts.get(path, 0)
                self._counts[path] = count + 1
                path = (*path, count)
            elif path in self._counts:  # a parent array of tables: its latest element
                path = (*path, self._counts[path] - 1)
        self.mark(path, start)
        while self.i < len(self.text) and self.text[self.i] != "\n":
            if self.text[self.i] == "#":
                break
            self.i += 1
        return path

    def scan(self) -> dict[KeyPath, Position]:
        table: KeyPath = ()
        while self.i < len(self.text):
            self.skip_blank(newlines=True)
            if self.i >= len(self.text):
                break
            before = self.i
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)
            if self.i == before:
                self.i += 1
        return self.found


def _unescape(raw: str) -> str:
    try:
        value = tomllib.loads(f"k = {raw}")["k"]
    except tomllib.TOMLDecodeError:
        return raw.strip('"')
    return str(value)


def positions(text: str) -> Mapping[KeyPath, Position]:
    """Where every table, key and array element of a TOML document starts."""
    return _Scanner(text).scan()


def parse_field(field: str) -> KeyPath:
    """A loader path such as ``areas[0](code A).items[1](code 2).kinds`` as key parts.

    The ``(code …)`` notes are for people and are dropped; a leading
    ``rubric.`` (the loader's name for the top level) is dropped too.
    """
    parts: list[PathPart] = []
    for match in _FIELD_PART.finditer(field):
        name, index = match.group(1), match.group(2)
        if name is not None:
            parts.append(name.strip())
        elif index is not None:
            parts.append(int(index))
    if parts and parts[0] in ("rubric", "$"):
        parts = parts[1:]
    return tuple(parts)


def _lookup(table: Mapping[KeyPath, Position], path: Sequence[PathPart]) -> Position | None:
    """The position of ``path``, or of the nearest enclosing key that has one."""
    for end in range(len(path), 0, -1):
        found = table.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def locate(text: str, issue: DataIssue,
           table: Mapping[KeyPath, Position] | None = None) -> Position | None:
    """Where in ``text`` the problem of ``issue`` is: its key, or the nearest table.

    A parameter error carries the exact path after ``@`` in its message (the
    criterion's parameter), which is preferred to the issue's field.
    """
    table = positions(text) if table is None else table
    at = _CATTRS_AT.search(issue.message)
    candidates = [at.group(1)] if at else []
    if issue.field:
        candidates.append(issue.field)
    for field in candidates:
        path = parse_field(field)
        found = _lookup(table, (*path, *_element(text, path, issue.value)))
        if found is not None:
            return found
    return None


def _element(text: str, path: KeyPath, value: object) -> KeyPath:
    """``(n,)`` when the value at ``path`` is a list whose n-th element is the bad ``value``."""
    if value is None:
        return ()
    try:
        node: object = tomllib.loads(text)
        for part in path:
            node = node[part]  # type: ignore[index]
    except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError):
        return ()
    if isinstance(node, list) and value in node:
        return (node.index(value),)
    return ()


def syntax_error_position(error: tomllib.TOMLDecodeError) -> Position | None:
    """The line and column ``tomllib`` names in its message, if it names one."""
    match = _TOML_POSITION.search(str(error))
    return Position(int(match.group(1)), int(match.group(2))) if match else None
