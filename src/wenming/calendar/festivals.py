"""Festivals and commemorative days that campaign activities are tied to.

Lunar dates and solar terms come from ``lunar_python``, which computes in
Beijing time; that matches :data:`~wenming.calendar.windows.CAMPAIGN_TZ`, so
清明 2030 falls on 5 April even though the instant is still 4 April in UTC.

Only the years :data:`FIRST_YEAR` to :data:`LAST_YEAR` are supported: the span
of the published Chinese calendar tables that ``lunar_python`` is checked
against. Outside it the library still answers, but from astronomy whose
error grows with distance, and a typo such as 9999 would make a scorer walk
thousands of years; so a year outside the span is refused before computing.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from attrs import field, frozen
from attrs.validators import ge, in_, instance_of
from lunar_python import Lunar

from wenming.calendar.windows import DateWindow
from wenming.errors import WenmingError

__all__ = [
    "DEFAULT_FESTIVAL_WINDOW",
    "FESTIVALS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Festival",
    "FestivalWindow",
    "UnknownFestivalError",
    "YearOutOfRangeError",
    "festival_date",
    "festival_on",
    "festival_window",
    "get_festival",
]

RULES: Final = ("lunar", "solar-term", "fixed")

#: The first and last Gregorian years the festival calendar supports (the 1901–2100 span of the
#: Chinese calendar tables of the Purple Mountain and Hong Kong observatories).
FIRST_YEAR: Final = 1901
LAST_YEAR: Final = 2100


class YearOutOfRangeError(WenmingError, ValueError):
    """A festival was asked for in a year the calendar does not support."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"年份超出节日历法支持范围 / year {year} is outside the festival calendar's "
            f"supported range {FIRST_YEAR}–{LAST_YEAR}")


def check_year(year: int) -> None:
    """Raise :class:`YearOutOfRangeError` unless ``year`` is a supported year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearOutOfRangeError(year)


@frozen
class Festival:
    """A recurring day. ``month``/``day`` are lunar for ``rule="lunar"``, Gregorian for
    ``rule="fixed"``; ``term`` names the solar term for ``rule="solar-term"``."""

    id: str
    zh: str
    en: str
    rule: str = field(validator=in_(RULES))
    month: int = 0
    day: int = 0
    term: str = ""
    aliases: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.rule == "solar-term":
            if not self.term:
                raise ValueError(f"festival {self.id!r}: a solar-term rule needs a term")
        elif not (1 <= self.month <= 12 and 1 <= self.day <= 31):
            raise ValueError(f"festival {self.id!r}: bad month/day {self.month}/{self.day}")

    def date_in(self, year: int) -> date:
        """The Gregorian date (Beijing time) on which the festival falls in ``year``."""
        check_year(year)
        if self.rule == "fixed":
            return date(year, self.month, self.day)
        if self.rule == "lunar":
            # A positive month is the regular month, never the leap one
            # (2028 has a leap 5th month; 端午 stays on the regular 5/5).
            solar = Lunar.fromYmd(year, self.month, self.day).getSolar()
            return date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))
        return _solar_term_date(self.term, year)


def _solar_term_date(term: str, year: int) -> date:
    # A lunar year's table runs from the previous winter solstice, so a term in
    # Gregorian `year` sits under its Chinese name in lunar year `year` or `year + 1`.
    for lunar_year in (year, year + 1):
        solar = Lunar.fromYmd(lunar_year, 1, 1).getJieQiTable().get(term)
        if solar is not None and int(solar.getYear()) == year:
            return date(year, int(solar.getMonth()), int(solar.getDay()))
    raise ValueError(f"solar term {term!r} not found in {year}")


def _lunar(fid: str, zh: str, en: str, md: tuple[int, int], *aliases: str) -> Festival:
    return Festival(fid, zh, en, "lunar", md[0], md[1], aliases=aliases)


def _fixed(fid: str, zh: str, en: str, md: tuple[int, int], *aliases: str) -> Festival:
    return Festival(fid, zh, en, "fixed", md[0], md[1], aliases=aliases)


_BUILTIN: Final = (
    _lunar("chunjie", "春节", "Spring Festival", (1, 1), "Chinese New Year", "Lunar New Year"),
    _lunar("yuanxiao", "元宵", "Lantern Festival", (1, 15), "元宵节"),
    _lunar("sanyuesan", "三月三", "Sanyuesan", (3, 3), "三月三节", "壮族三月三"),
    Festival(
        "qingming",
        "清明",
        "Qingming",
        "solar-term",
        term="清明",
        aliases=("清明节", "Qingming Festival", "Tomb-Sweeping Day"),
    ),
    _lunar("duanwu", "端午", "Dragon Boat Festival", (5, 5), "端午节", "Duanwu Festival"),
    _lunar("qixi", "七夕", "Qixi", (7, 7), "七夕节", "Qixi Festival"),
    _lunar("zhongqiu", "中秋", "Mid-Autumn", (8, 15), "中秋节", "Mid-Autumn Festival"),
    _lunar("chongyang", "重阳", "Double Ninth", (9, 9), "重阳节", "Double Ninth Festival"),
    _fixed(
        "biodiversity-day",
        "国际生物多样性日",
        "International Day for Biological Diversity",
        (5, 22),
        "生物多样性日",
        "5.22",
        "5月22日",
        "Biodiversity Day",
    ),
    _fixed(
        "environment-day",
        "世界环境日",
        "World Environment Day",
        (6, 5),
        "环境日",
        "六五世界环境日",
        "六五环境日",
        "6.5",
        "6月5日",
    ),
    _fixed(
        "lei-feng-day",
        "学雷锋纪念日",
        "Learn from Lei Feng Day",
        (3, 5),
        "学雷锋日",
        "雷锋日",
        "3.5",
        "3月5日",
        "Lei Feng Day",
    ),
    _fixed("tree-planting-day", "植树节", "Tree Planting Day", (3, 12), "3.12", "Arbor Day"),
)

FESTIVALS: Final[Mapping[str, Festival]] = MappingProxyType({f.id: f for f in _BUILTIN})


def _key(name: str) -> str:
    # Case, width, spaces and hyphens vary in hand-typed names; none carry meaning.
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch not in " -_'’")


_INDEX: Final[Mapping[str, Festival]] = MappingProxyType(
    {_key(name): f for f in _BUILTIN for name in (f.id, f.zh, f.en, *f.aliases)}
)


class UnknownFestivalError(KeyError):
    """No festival goes by this name; the message suggests close matches."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean / 您是否指: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(
            f"未知节日 / unknown festival {name!r}{hint}; "
            f"known ids / 已知节日: {', '.join(FESTIVALS)}"
        )

    def __str__(self) -> str:
        # KeyError would repr() the message, doubling quotes and escaping Chinese.
        return str(self.args[0])


def get_festival(name: str | Festival) -> Festival:
    """Look a festival up by id, Chinese or English name, or a common variant."""
    if isinstance(name, Festival):
        return name
    found = _INDEX.get(_key(str(name)))
    if found is not None:
        return found
    names = [n for f in _BUILTIN for n in (f.id, f.zh, f.en, *f.aliases)]
    close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
    by_key = difflib.get_close_matches(_key(str(name)), [_key(n) for n in names], n=3, cutoff=0.6)
    suggestions = dict.fromkeys([*close, *(n for n in names if _key(n) in by_key)])
    raise UnknownFestivalError(str(name), tuple(suggestions)[:3])


def festival_date(name: str | Festival, year: int) -> date:
    """The festival's date in ``year`` (Beijing time); :class:`YearOutOfRangeError` outside
    :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
    check_year(year)
    return _cached_date(get_festival(name), year)


# Keyed on the resolved festival so every alias shares one entry; lunar
# conversion is slow enough to matter when scanning many records.
@functools.lru_cache(maxsize=2048)
def _cached_date(festival: Festival, year: int) -> date:
    return festival.date_in(year)


@frozen
class FestivalWindow:
    """How many days before and after a festival still count as "for" it."""

    before: int = field(default=7, validator=[instance_of(int), ge(0)])
    after: int = field(default=7, validator=[instance_of(int), ge(0)])


DEFAULT_FESTIVAL_WINDOW: Final = FestivalWindow()


def festival_window(
    name: str | Festival, year: int, window: FestivalWindow = DEFAULT_FESTIVAL_WINDOW
) -> DateWindow:
    day = festival_date(name, year)
    return DateWindow(day - timedelta(days=window.before), day + timedelta(days=window.after))


def festival_on(
    d: date,
    names: Iterable[str | Festival],
    window: FestivalWindow = DEFAULT_FESTIVAL_WINDOW,
) -> str | None:
    """The id of the listed festival whose window contains ``d``, or ``None``.

    When windows overlap the festival nearest to ``d`` wins; ties go to the
    earlier name in ``names``.
    """
    if isinstance(names, str | Festival):
        names = (names,)
    best: tuple[int, str] | None = None
    for name in names:
        festival = get_festival(name)
        # Windows can straddle New Year (春节 in late January, a wide window in December).
        for year in (d.year - 1, d.year, d.year + 1):
            # A day near the edge of the supported span has no festival beyond it.
            if not FIRST_YEAR <= year <= LAST_YEAR:
                continue
            day = festival_date(festival, year)
            start, end = day - timedelta(days=window.before), day + timedelta(days=window.after)
            if start <= d <= end:
                distance = abs((day - d).days)
                if best is None or distance < best[0]:
                    best = (distance, festival.id)
    return None if best is None else best[1]
