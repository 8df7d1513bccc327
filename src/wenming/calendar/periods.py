"""Reporting periods: months, quarters, half-years and years of the campaign."""

from __future__ import annotations

import enum
from datetime import date
from typing import Final, NamedTuple

import pendulum
from attrs import field, frozen

from wenming.calendar.windows import DateWindow

__all__ = [
    "BilingualLabel",
    "Granularity",
    "Period",
    "clip",
    "period_of",
    "periods_between",
]


class BilingualLabel(NamedTuple):
    zh: str
    en: str


class Granularity(enum.Enum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"

    @property
    def label(self) -> BilingualLabel:
        return _LABELS[self]

    @property
    def months(self) -> int:
        """Length of one period in months."""
        return _SPAN[self]

    @property
    def per_year(self) -> int:
        return 12 // _SPAN[self]

    @classmethod
    def parse(cls, text: str | Granularity) -> Granularity:
        if isinstance(text, Granularity):
            return text
        try:
            return _ALIASES[str(text).strip().lower()]
        except KeyError:
            accepted = ", ".join(repr(a) for a in _ALIASES)
            raise ValueError(
                f"未知周期 / unknown granularity {text!r}; accepted: {accepted}"
            ) from None


_LABELS: Final = {
    Granularity.MONTH: BilingualLabel("月", "month"),
    Granularity.QUARTER: BilingualLabel("季度", "quarter"),
    Granularity.HALF_YEAR: BilingualLabel("半年", "half-year"),
    Granularity.YEAR: BilingualLabel("年", "year"),
}
_SPAN: Final = {
    Granularity.MONTH: 1,
    Granularity.QUARTER: 3,
    Granularity.HALF_YEAR: 6,
    Granularity.YEAR: 12,
}
_ALIASES: Final = {
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
    "half-year": Granularity.HALF_YEAR,
    "half_year": Granularity.HALF_YEAR,
    "halfyear": Granularity.HALF_YEAR,
    "year": Granularity.YEAR,
    "月": Granularity.MONTH,
    "季度": Granularity.QUARTER,
    "半年": Granularity.HALF_YEAR,
    "年": Granularity.YEAR,
}


def _to_granularity(value: Granularity | str) -> Granularity:
    return Granularity.parse(value)


def _check_year(_instance: object, _attribute: object, value: int) -> None:
    # datetime.date's own range; beyond it no period has real days.
    if not 1 <= value <= 9999:
        raise ValueError(f"year {value} is outside 1..9999")


@frozen(order=False)
class Period:
    """One reporting period, e.g. the first half of 2021 (``index`` counts from 1)."""

    granularity: Granularity = field(converter=_to_granularity)
    year: int = field(validator=_check_year)
    index: int = field()

    @index.validator
    def _check_index(self, _attribute: object, value: int) -> None:
        if not 1 <= value <= self.granularity.per_year:
            raise ValueError(
                f"{self.granularity.value} index must be 1..{self.granularity.per_year}, "
                f"got {value}"
            )

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.granularity.months + 1, 1)

    @property
    def end(self) -> date:
        last_month = pendulum.date(self.year, self.index * self.granularity.months, 1)
        end = last_month.end_of("month")
        return date(end.year, end.month, end.day)

    @property
    def window(self) -> DateWindow:
        return DateWindow(self.start, self.end)

    @property
    def label_zh(self) -> str:
        match self.granularity:
            case Granularity.MONTH:
                return f"{self.year}年{self.index}月"
            case Granularity.QUARTER:
                return f"{self.year}年第{self.index}季度"
            case Granularity.HALF_YEAR:
                return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
            case Granularity.YEAR:
                return f"{self.year}年"

    @property
    def label_en(self) -> str:
        match self.granularity:
            case Granularity.MONTH:
                return f"{self.year}-{self.index:02d}"
            case Granularity.QUARTER:
                return f"{self.year} Q{self.index}"
            case Granularity.HALF_YEAR:
                return f"{self.year} H{self.index}"
            case Granularity.YEAR:
                return f"{self.year}"

    @property
    def label(self) -> BilingualLabel:
        return BilingualLabel(self.label_zh, self.label_en)

    def __str__(self) -> str:
        return self.label_en

    def contains(self, d: date) -> bool:
        return self.window.contains(d)

    def is_due(self, as_of: date) -> bool:
        """True once the period's last day has been reached."""
        return self.end <= as_of

    def next(self) -> Period:
        following = pendulum.date(self.start.year, self.start.month, 1).add(
            months=self.granularity.months
        )
        return period_of(following, self.granularity)

    def previous(self) -> Period:
        preceding = pendulum.date(self.start.year, self.start.month, 1).subtract(months=1)
        return period_of(preceding, self.granularity)

    # Ordering is chronological; (start, end) is unique per period even across
    # granularities, so it stays consistent with equality.
    def _key(self) -> tuple[date, date]:
        return (self.start, self.end)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()


def period_of(d: date, granularity: Granularity | str) -> Period:
    """The period of the given granularity that contains ``d``."""
    gran = Granularity.parse(granularity)
    return Period(gran, d.year, (d.month - 1) // gran.months + 1)


def periods_between(window: DateWindow, granularity: Granularity | str) -> tuple[Period, ...]:
    """Every period that shares at least one day with ``window``, in order."""
    periods = []
    current = period_of(window.start, granularity)
    while current.start <= window.end:
        periods.append(current)
        if current.end == date.max:
            break
        current = current.next()
    return tuple(periods)


def clip(period: Period, window: DateWindow) -> DateWindow:
    """The part of ``period`` inside ``window``; raises ValueError if they share no day."""
    clipped = period.window.clip(window)
    if clipped is None:
        raise ValueError(f"period {period} does not overlap window {window}")
    return clipped
