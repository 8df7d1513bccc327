"""Reading hand-edited TOML files so that every problem names its line.

``tomllib`` returns plain dicts without positions; a cheap scan of the text
finds the line of each table header and key so that an issue about
``phases[2].window`` can still point at the line a clerk has to change.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from wenming.calendar import DateWindow, parse_date, parse_window
from wenming.calendar.windows import DATE_FORMS, WINDOW_FORMS
from wenming.errors import DataIssue
from wenming.loaders.collector import IssueCollector
from wenming.model import Label

__all__ = [
    "CONTROL_EXPECTED",
    "TableReader",
    "TomlSource",
    "control_characters",
    "dataset_path",
    "inside",
]

PathPart = str | int
_TableKey = tuple[str | None, int | None]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*([A-Za-z0-9_\-]+|"[^"]*"|'[^']*')\s*(?:\.[^=]*)?=""")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


#: Bidirectional overrides and isolates: invisible, and they make text read in a different
#: order than it is stored, so a name could look like another.
_BIDI: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS: Final = frozenset("\t\n\r")
CONTROL_EXPECTED: Final = ("text without control characters (NUL, \\v, ESC and other "
                           "non-printing characters)")
CONTROL_MESSAGE: Final = "the text holds control characters / 文本中含有控制字符"


def control_characters(text: str, *, multiline: bool = False) -> str:
    """The control characters in ``text`` (each once, as escapes), or ``""`` when it has none.

    ``multiline`` allows tabs and line breaks, which free text such as a reason may hold;
    ids, names and titles end up in table cells and file names, where they must not.
    """
    if text.isprintable():  # the common case, in C
        return ""
    found = dict.fromkeys(
        ch for ch in text
        if (unicodedata.category(ch) == "Cc" and not (multiline and ch in _LINE_BREAKS))
        or ch in _BIDI)
    return "".join(ch.encode("unicode_escape").decode("ascii") for ch in found)


# -- where the files of a dataset may be -----------------------------------------------------

OUTSIDE_MESSAGE: Final = ("the link leads outside the dataset folder / "
                          "链接指向数据集文件夹之外")
OUTSIDE_EXPECTED: Final = ("a file or folder inside the dataset folder: copy it in instead of "
                           "linking to it")


def inside(real_root: str, path: str | os.PathLike[str]) -> str | None:
    """The real path of ``path`` (links followed) if it lies within ``real_root``, else ``None``.

    ``real_root`` must itself be a real path (:func:`os.path.realpath`).
    """
    real = os.path.realpath(path)
    return real if real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep) \
        else None


def dataset_path(root: Path, name: str, issues: IssueCollector, *,
                 folder: bool = False, real_root: str | None = None) -> Path | None:
    """``root / name`` when it is a regular file (or a folder) of the dataset, else ``None``.

    Links are followed while they stay inside the dataset folder; a link that
    leaves it, a broken link, or something that is neither a file nor a folder
    (a pipe or a device would block or never end) is reported here. An absent
    path returns ``None`` unreported: the caller knows whether it was required.
    ``real_root`` saves resolving ``root`` again when walking many files.
    """
    path = root / name
    if not os.path.lexists(path):
        return None
    what = "folder" if folder else "file"
    real = inside(real_root or os.path.realpath(root), path)
    if real is None:
        issues.add(DataIssue(name, OUTSIDE_MESSAGE, value=os.path.realpath(path),
                             expected=OUTSIDE_EXPECTED))
        return None
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        issues.add(DataIssue(name, f"broken link or unreadable path / 链接失效或无法访问: "
                             f"{exc.strerror}", value=os.readlink(path) if path.is_symlink()
                             else None, expected=f"an existing {what} inside the dataset folder"))
        return None
    if stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode):
        return path
    other = "file" if folder else "folder"
    issues.add(DataIssue(name, "not a folder / 不是文件夹" if folder else
                         "not a regular file / 不是普通文件",
                         expected=f"a {what} (not a pipe, a device or a {other})"))
    return None


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        return name[1:-1]
    return name


def _index_lines(text: str) -> tuple[dict[_TableKey, int], dict[tuple[_TableKey, str], int]]:
    headers: dict[_TableKey, int] = {}
    keys: dict[tuple[_TableKey, str], int] = {}
    counts: dict[str, int] = {}
    current: _TableKey = (None, None)
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            name = ".".join(_unquote(p) for p in header.group(2).split("."))
            if header.group(1) == "[[":
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = (name, index)
            else:
                current = (name, None)
            headers.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key is not None:
            keys.setdefault((current, _unquote(key.group(1))), number)
    return headers, keys


def render_path(path: Sequence[PathPart]) -> str:
    """``("phases", 1, "window")`` → ``phases[2].window`` (array positions count from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


class TomlSource:
    """A parsed TOML file with a line index; ``name`` is how issues name the file."""

    def __init__(self, name: str, data: dict[str, Any], text: str) -> None:
        self.name = name
        self.data = data
        self._headers, self._keys = _index_lines(text)

    @classmethod
    def read(cls, file: Path, name: str, issues: IssueCollector) -> TomlSource | None:
        """Parse ``file``; syntax errors become one issue with their line."""
        try:
            raw = file.read_bytes()
        except OSError as exc:
            issues.add(DataIssue(name, f"cannot read the file / 无法读取文件: {exc.strerror}"))
            return None
        try:
            text = raw.decode("utf-8-sig")  # Windows Notepad may add a BOM
        except UnicodeDecodeError as exc:
            issues.add(DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码",
                                 line=raw[:exc.start].count(b"\n") + 1,
                                 expected="a TOML file saved as UTF-8"))
            return None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = _TOML_POSITION.search(str(exc))
            message = _TOML_POSITION.sub("", str(exc)).strip()
            issues.add(DataIssue(name, f"invalid TOML / TOML语法错误: {message}",
                                 line=int(where.group(1)) if where else None,
                                 expected="valid TOML (https://toml.io)"))
            return None
        return cls(name, data, text)

    def line(self, path: Sequence[PathPart]) -> int | None:
        """The line of the key or table at ``path``, or of the nearest enclosing table."""
        if not path:
            return None
        table: _TableKey
        rest: Sequence[PathPart]
        head = path[0]
        if not isinstance(head, str):
            return None
        if len(path) > 1 and isinstance(path[1], int):
            table, rest = (head, path[1]), path[2:]
        elif (head, None) in self._headers:
            table, rest = (head, None), path[1:]
        else:
            table, rest = (None, None), path
        if rest and isinstance(rest[0], str) and (table, rest[0]) in self._keys:
            return self._keys[(table, rest[0])]
        return self._headers.get(table)

    def issue(
        self,
        path: Sequence[PathPart],
        message: str,
        value: object = None,
        expected: str | None = None,
    ) -> DataIssue:
        return DataIssue(self.name, message, line=self.line(path), field=render_path(path),
                         value=value, expected=expected)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class TableReader:
    """Typed, validating access to one TOML table; problems go to the collector.

    Every getter returns ``None`` (or an empty tuple) when the value is absent
    or wrong, after reporting what was wrong; callers simply skip ``None``.
    """

    def __init__(
        self,
        source: TomlSource,
        issues: IssueCollector,
        path: tuple[PathPart, ...],
        data: object,
        allowed: Iterable[str],
    ) -> None:
        self.source = source
        self.issues = issues
        self.path = path
        self.ok = True
        allowed = tuple(allowed)
        if not isinstance(data, dict):
            self.report(None, "expected a table / 应为表", _short(data), "a TOML table")
            self.data: Mapping[str, Any] = {}
            self.ok = False
            return
        self.data = data
        for key in data:
            if key not in allowed:
                self.report(key, "unknown key / 未知的键", key, "one of " + ", ".join(allowed))

    def report(self, key: PathPart | None, message: str, value: object = None,
               expected: str | None = None) -> None:
        path = self.path if key is None else (*self.path, key)
        self.issues.add(self.source.issue(path, message, value, expected))
        self.ok = False

    def warn(self, key: PathPart | None, message: str, value: object = None,
             expected: str | None = None) -> None:
        """A warning at ``key``: read, but worth a look (``wenming validate`` shows it)."""
        path = self.path if key is None else (*self.path, key)
        self.issues.warn(self.source.issue(path, message, value, expected))

    def has(self, key: str) -> bool:
        return key in self.data

    def _missing(self, key: str, expected: str) -> None:
        self.report(key, "required key is missing / 缺少必填项", None, expected)

    def _controls(self, key: PathPart, text: str, multiline: bool = False) -> bool:
        """Report control characters in ``text`` at ``key``; ``True`` when there were some."""
        bad = control_characters(text, multiline=multiline)
        if bad:
            self.report(key, f"{CONTROL_MESSAGE}: {bad}", _short(text), CONTROL_EXPECTED)
        return bool(bad)

    def text(self, key: str, *, required: bool = False, multiline: bool = False) -> str | None:
        """A non-empty string; ``multiline`` allows tabs and line breaks (free text)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, "a non-empty string")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # item codes such as 2 are natural to write unquoted
        if not isinstance(value, str) or not value.strip():
            self.report(key, "expected a non-empty string / 应为非空字符串", _short(value),
                        "a non-empty string")
            return None
        if self._controls(key, value, multiline):
            return None
        return value.strip()

    def label(self, key: str, *, required: bool = False) -> Label | None:
        value = self.data.get(key)
        expected = 'a string or a table { zh = "…", en = "…" }'
        if value is None:
            if required:
                self._missing(key, expected)
            return None
        if isinstance(value, str) and value.strip():
            return None if self._controls(key, value) else Label.of(value.strip())
        if isinstance(value, dict) and value and set(value) <= {"zh", "en"} and all(
                isinstance(v, str) and v.strip() for v in value.values()):
            bad = [self._controls(key, v) for v in value.values()]
            return None if any(bad) else Label.of({k: v.strip() for k, v in value.items()})
        self.report(key, "expected a bilingual label / 应为中英文名称", _short(value), expected)
        return None

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...] | None:
        """A list of non-empty strings; ``None`` when absent (or wrong, after reporting)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key, "a list of strings")
            return None
        if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value):
            self.report(key, "expected a list of strings / 应为字符串列表", _short(value),
                        'a list such as ["a", "b"]')
            return None
        if any([self._controls(key, v) for v in value]):
            return None
        return tuple(v.strip() for v in value)

    def number(self, key: str, *, minimum: float = 0.0) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not _is_number(value) or value != value:
            self.report(key, "expected a number / 应为数字", _short(value), "a number")
            return None
        if value < minimum:
            self.report(key, f"must not be below {minimum:g} / 不能小于{minimum:g}", value,
                        f"a number ≥ {minimum:g}")
            return None
        return float(value)

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self.data.get(key)
        expected = "a date such as 2021-12-31 (TOML date or string: " + ", ".join(DATE_FORMS) + ")"
        if value is None:
            if required:
                self._missing(key, expected)
            return None
        if isinstance(value, datetime):
            self.report(key, "expected a date without a time of day / 应为日期（不含时间）",
                        value.isoformat(), expected)
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValueError as exc:
                self.report(key, f"not a date / 不是日期: {_reason(exc)}", value, expected)
                return None
        self.report(key, "expected a date / 应为日期", _short(value), expected)
        return None

    def window(self, key: str, *, required: bool = False) -> DateWindow | None:
        value = self.data.get(key)
        expected = "a window such as " + ", ".join(WINDOW_FORMS[:4])
        if value is None:
            if required:
                self._missing(key, expected)
            return None
        if not isinstance(value, str):
            self.report(key, "expected a date window written as a string / 应为字符串形式的时间段",
                        _short(value), expected)
            return None
        try:
            return parse_window(value)
        except ValueError as exc:
            self.report(key, f"not a date window / 不是有效的时间段: {_reason(exc)}", value,
                        expected)
            return None

    def tables(self, key: str, allowed: Iterable[str]) -> list[TableReader]:
        """An array of tables (``[[key]]``); each element checked for unknown keys."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(key, "expected an array of tables / 应为表数组", _short(value),
                        f"[[{key}]] tables")
            return []
        allowed = tuple(allowed)
        return [TableReader(self.source, self.issues, (*self.path, key, i), item, allowed)
                for i, item in enumerate(value)]


def _reason(exc: ValueError) -> str:
    """The calendar's own reason, without its list of forms (``expected`` has them)."""
    reason = getattr(exc, "reason", None)
    return reason if isinstance(reason, str) else str(exc)


def _short(value: object) -> object:
    """Keep issue values readable when someone pasted a whole table into a key."""
    text = repr(value)
    return value if len(text) <= 80 else text[:77] + "…"
