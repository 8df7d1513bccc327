"""Typed exceptions raised by wenming.

Each error subclasses the matching built-in so that callers who only know
Python's exceptions still catch them (``except ValueError`` keeps working).
Load and rubric errors carry *every* problem found, each with its location,
because a clerk fixing a ledger wants the whole list at once, not one per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from attrs import frozen

__all__ = [
    "Bilingual",
    "DataIssue",
    "DatasetError",
    "PluginConflictError",
    "PluginError",
    "RubricError",
    "UnknownKindError",
    "WenmingError",
    "bi",
    "did_you_mean",
    "in_lang",
    "render_issues",
]

#: How many issues a single error message spells out before summarising.
MAX_REPORTED_ISSUES = 50


class WenmingError(Exception):
    """Base class of every error wenming raises on purpose."""


class Bilingual(str):
    """A message that reads ``"English / 中文"`` as a string and knows its two halves.

    Messages stay plain strings (JSON, logs and ``in`` tests see both languages),
    while ``--lang zh`` output shows :attr:`zh` alone, with no English half to
    strip by guesswork.
    """

    zh: str
    en: str

    def __new__(cls, en: str, zh: str) -> Bilingual:
        self = super().__new__(cls, f"{en} / {zh}" if zh and zh != en else en)
        self.en, self.zh = en, zh or en
        return self

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return self.en, self.zh

    def __add__(self, other: str) -> Bilingual:
        """Joining two bilingual texts joins each language."""
        if isinstance(other, Bilingual):
            return Bilingual(self.en + other.en, self.zh + other.zh)
        return Bilingual(self.en + other, self.zh + other)


def bi(en: str, zh: str) -> Bilingual:
    """``en`` and ``zh`` as one message (see :class:`Bilingual`)."""
    return Bilingual(en, zh)


_COLUMN = re.compile(r"\bcolumn ([A-Z]{1,3})\b")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
#: "english / 中文" written as one string: the last " / " before Chinese text splits it.
_SPLIT = re.compile(r" / (?=[^/]*[\u3400-\u9fff])")


def did_you_mean(suggestions: Iterable[str]) -> Bilingual:
    """``"; did you mean X?"`` in both languages, or an empty text."""
    close = list(suggestions)
    if not close:
        return Bilingual("", "")
    return Bilingual(f"; did you mean {', '.join(close)}?", f"；您是否指 {'、'.join(close)}？")


def in_lang(text: str, lang: Literal["zh", "en"]) -> str:
    """``text`` in one language: a :class:`Bilingual`'s half, or the half of an
    ``"english / 中文"`` string after the slash that leads to Chinese.

    A plain English text has no Chinese half and is returned as it is.
    """
    if isinstance(text, Bilingual):
        return text.zh if lang == "zh" else text.en
    if lang != "zh" or not _CJK.search(text):
        return text
    parts = _SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and not _CJK.search(parts[0]):
        return parts[1]
    return text


@frozen
class DataIssue:
    """One problem found in user input, with enough context to fix it.

    ``where`` is a file name (or a rubric id); ``line`` a 1-based row or line
    number; ``field`` the column, TOML key or dotted path.
    """

    where: str
    message: str
    line: int | None = None
    field: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: Literal["zh", "en"] = "en") -> str:
        """The issue as one line; in Chinese, every part of it is Chinese."""
        location = self.where
        if self.line is not None:
            location += f":{self.line}" if lang == "en" else f" 第 {self.line} 行"
        parts = [location]
        if self.field:
            field = in_lang(self.field, lang)
            if lang == "zh":
                field = _COLUMN.sub(r"\1 列", field)
            parts.append(f"[{field}]")
        if lang == "zh":
            text = " ".join(parts) + f"：{in_lang(self.message, 'zh')}"
            if self.value is not None:
                text += f"（填写的是 {self.value!r}）"
            if self.expected:
                text += f"；应为：{in_lang(self.expected, 'zh')}"
            return text
        text = " ".join(parts) + f": {self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


def _render(headline: str, issues: tuple[DataIssue, ...],
            lang: Literal["zh", "en"] = "en") -> str:
    shown = issues[:MAX_REPORTED_ISSUES]
    lines = [headline, *(f"  - {issue.text(lang)}" for issue in shown)]
    if len(issues) > len(shown):
        more = len(issues) - len(shown)
        lines.append(f"  … 另有 {more} 条" if lang == "zh" else f"  … and {more} more")
    return "\n".join(lines)


def render_issues(headline: str, issues: Iterable[DataIssue],
                  lang: Literal["zh", "en"] = "en") -> str:
    """A headline and its issues as the CLI shows them, in ``lang``."""
    return _render(in_lang(headline, lang), tuple(issues), lang)


class DatasetError(WenmingError, ValueError):
    """A dataset could not be loaded or built; ``issues`` lists every problem."""

    def __init__(self, issues: Iterable[DataIssue], headline: str | None = None) -> None:
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        count = len(self.issues)
        self.headline = headline or bi(f"{count} problem{'s' if count != 1 else ''} in the "
                                       "dataset", f"数据集中有 {count} 处问题")
        super().__init__(_render(self.headline, self.issues))


class RubricError(WenmingError, ValueError):
    """A rubric document is invalid; ``issues`` name the rubric, item and field."""

    def __init__(self, rubric: str, issues: Iterable[DataIssue]) -> None:
        self.rubric = rubric
        self.issues: tuple[DataIssue, ...] = tuple(issues)
        self.headline = bi(f"rubric {rubric!r} is invalid", f"测评细则 {rubric!r} 无效")
        super().__init__(_render(self.headline, self.issues))


class UnknownKindError(WenmingError, KeyError):
    """An evidence kind that the vocabulary does not know."""

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        hint_zh = f"；您是否指 {'、'.join(self.suggestions)}？" if self.suggestions else ""
        super().__init__(bi(f"unknown evidence kind {name!r}{hint}",
                            f"未知的证据类别 {name!r}{hint_zh}"))

    def __str__(self) -> str:  # KeyError would quote the whole message otherwise
        return str(self.args[0])


class PluginError(WenmingError, RuntimeError):
    """A plugin failed to load or registered something invalid."""


class PluginConflictError(PluginError):
    """Two plugins registered the same name; both providers are named."""

    def __init__(self, what: str, name: str, first: str, second: str) -> None:
        self.what, self.name, self.first, self.second = what, name, first, second
        super().__init__(
            f"{what} {name!r} is registered twice: by {first} and by {second}; "
            "uninstall one of them or disable it"
        )
