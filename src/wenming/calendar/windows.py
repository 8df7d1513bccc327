"""Inclusive date windows and the many ways people write them down.

All campaign dates are civil dates in :data:`CAMPAIGN_TZ`; a window never
carries a time of day, so comparisons are plain ``datetime.date`` comparisons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

import pendulum
from attrs import field, frozen

__all__ = [
    "CAMPAIGN_TZ",
    "DATE_FORMS",
    "WINDOW_FORMS",
    "DateWindow",
    "WindowFormatError",
    "month_window",
    "parse_date",
    "parse_window",
    "today",
    "year_window",
]

CAMPAIGN_TZ: Final = "Asia/Shanghai"

DATE_FORMS: Final[tuple[str, ...]] = (
    "2021-02-03",
    "2021/2/3",
    "2021.2.3",
    "2021年2月3日",
    "20210203",
)

WINDOW_FORMS: Final[tuple[str, ...]] = (
    "2020.04-2020.05",
    "2020.04",
    "2020-04",
    "2020年4月-2020年5月",
    "2020年4月",
    "2020-04-01..2020-05-31",
    "2020-04-01/2020-05-31",
    "2020-04-01~2020-05-31",
    "2020.4.1-2020.5.31",
    "2020-04-01",
    "2021",
    "2021年",
)


class WindowFormatError(ValueError):
    """A date or date window could not be read; the message names the text and the valid forms."""

    def __init__(
        self,
        text: str,
        reason: str = "unrecognised date window",
        accepted: Sequence[str] = WINDOW_FORMS,
    ) -> None:
        self.text = text
        self.reason = reason
        self.accepted = tuple(accepted)
        super().__init__(
            f"无法解析 / cannot parse {text!r}: {reason}; "
            f"可接受格式 / accepted forms: {', '.join(self.accepted)}"
        )


def _plain_date(value: date) -> date:
    # datetime is a date subclass but compares badly with date, so refuse it;
    # pendulum.Date is flattened so records never leak pendulum types.
    if isinstance(value, datetime):
        raise TypeError(f"expected a date, got a datetime: {value!r}")
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}: {value!r}")
    return date(value.year, value.month, value.day)


@frozen(order=True)
class DateWindow:
    """A closed interval of calendar days; both ``start`` and ``end`` are included."""

    start: date = field(converter=_plain_date)
    end: date = field(converter=_plain_date)

    @end.validator
    def _check_order(self, _attribute: object, value: date) -> None:
        if value < self.start:
            raise ValueError(f"window end {value} is before its start {self.start}")

    def contains(self, d: date) -> bool:
        return self.start <= _plain_date(d) <= self.end

    def overlaps(self, other: DateWindow) -> bool:
        return self.start <= other.end and other.start <= self.end

    def clip(self, other: DateWindow) -> DateWindow | None:
        """The days shared with ``other``, or ``None`` when the windows are disjoint."""
        if not self.overlaps(other):
            return None
        return DateWindow(max(self.start, other.start), min(self.end, other.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> tuple[tuple[int, int], ...]:
        """Every (year, month) the window touches, in order."""
        # Anchor on the 1st so stepping by a month never clamps to a shorter month.
        first = pendulum.date(self.start.year, self.start.month, 1)
        last = pendulum.date(self.end.year, self.end.month, 1)
        return tuple((m.year, m.month) for m in pendulum.Interval(first, last).range("months"))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def today() -> date:
    """Today on the campaign calendar (Asia/Shanghai), the default as-of date."""
    day = pendulum.today(CAMPAIGN_TZ)
    return date(day.year, day.month, day.day)


def month_window(year: int, month: int) -> DateWindow:
    first = pendulum.date(year, month, 1)
    return DateWindow(first, first.end_of("month"))


def year_window(year: int) -> DateWindow:
    return DateWindow(date(year, 1, 1), date(year, 12, 31))


_DAY_RE: Final = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"|(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?P<y3>\d{4})(?P<m3>\d{2})(?P<d3>\d{2})"
)
_MONTH_RE: Final = re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})|(?P<y2>\d{4})年(?P<m2>\d{1,2})月")
_YEAR_RE: Final = re.compile(r"(?P<y>\d{4})年?")

# One endpoint, loosely; each side is then validated by the strict patterns above.
_ENDPOINT: Final = r"\d{8}|\d{4}(?:[-./]\d{1,2}){0,2}|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
_RANGE_RE: Final = re.compile(
    rf"(?P<a>{_ENDPOINT})\s*(?:\.\.|——|[-~/–—〜至到])\s*(?P<b>{_ENDPOINT})"
)


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, "．", "－" and "～" onto their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def _groups(match: re.Match[str], *names: str) -> tuple[int, ...]:
    """The captured numbers by base name; alternatives suffix their group names with 2 or 3."""
    found = {
        key.rstrip("23"): int(value)
        for key, value in match.groupdict().items()
        if value is not None and key != "sep"
    }
    return tuple(found[name] for name in names)


def _make_date(original: str, y: int, m: int, d: int, accepted: Sequence[str]) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise WindowFormatError(original, f"not a real date ({exc})", accepted) from None


def parse_date(text: str) -> date:
    """Read one calendar day written as in :data:`DATE_FORMS`; anything else is an error."""
    if not isinstance(text, str):
        raise WindowFormatError(repr(text), "not a string", DATE_FORMS)
    match = _DAY_RE.fullmatch(_normalise(text))
    if match is None:
        raise WindowFormatError(text, "unrecognised date", DATE_FORMS)
    y, m, d = _groups(match, "y", "m", "d")
    return _make_date(text, y, m, d, DATE_FORMS)


def _endpoint_window(original: str, part: str) -> DateWindow:
    if (match := _DAY_RE.fullmatch(part)) is not None:
        y, m, d = _groups(match, "y", "m", "d")
        day = _make_date(original, y, m, d, WINDOW_FORMS)
        return DateWindow(day, day)
    if (match := _MONTH_RE.fullmatch(part)) is not None:
        y, m = _groups(match, "y", "m")
        if not 1 <= m <= 12 or y < 1:
            raise WindowFormatError(original, f"no such month {y:04d}-{m:02d}")
        return month_window(y, m)
    if (match := _YEAR_RE.fullmatch(part)) is not None:
        y = int(match.group("y"))
        if y < 1:
            raise WindowFormatError(original, f"no such year {y:04d}")
        return year_window(y)
    raise WindowFormatError(original)


def parse_window(text: str) -> DateWindow:
    """Read a window such as ``2020.04-2020.05`` (1 April to 31 May 2020).

    A month or year endpoint stands for all of its days, so a start month
    begins on the 1st and an end month runs to its last day.
    """
    if not isinstance(text, str):
        raise WindowFormatError(repr(text), "not a string")
    normalised = _normalise(text)
    if (match := _RANGE_RE.fullmatch(normalised)) is not None:
        first = _endpoint_window(text, match.group("a"))
        last = _endpoint_window(text, match.group("b"))
        if last.end < first.start:
            raise WindowFormatError(
                text, f"end {last.end} is before start {first.start} / 结束早于开始"
            )
        return DateWindow(first.start, last.end)
    return _endpoint_window(text, normalised)
