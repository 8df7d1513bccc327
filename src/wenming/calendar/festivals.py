"""Festivals and commemorative days that campaign activities are tied to.

Lunar dates and solar terms come from ``lunar_python``, which computes in
Beijing time; that matches :data:`~wenming.calendar.windows.CAMPAIGN_TZ`, so
清明 2030 falls on 5 April even though the instant is still 4 April in UTC.

Only the years :data:`FIRST_YEAR` to :data:`LAST_YEAR` are supported: the span
of the published Chinese calendar tables that ``lunar_python`` is checked
against. Outside it the library still answers, but from astronomy whose
error grows with distance, and a typo such as 9999 would make a scorer walk
thousands of years; so a year outside the span is refused before computing.

The built-in festivals are :data:`FESTIVALS`. Plugins add more as data (a
``[[festival]]`` table: a fixed Gregorian date, a lunar date or a solar term)
through the ``wenming_festivals`` hook; :func:`add_festivals` checks each one
against the calendar the same way and makes it known to :func:`get_festival`.
Festival ids are shared by the whole process, like evidence-kind ids, so a
regional day should carry a regional id (``gx-sanyuesan-fair``, say).
"""

from __future__ import annotations

import difflib
import functools
import re
import threading
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
    "SOLAR_TERMS",
    "Festival",
    "FestivalConflictError",
    "FestivalError",
    "FestivalWindow",
    "UnknownFestivalError",
    "YearOutOfRangeError",
    "add_festivals",
    "check_festival",
    "festival_date",
    "festival_on",
    "festival_provider",
    "festival_window",
    "festivals_from_toml",
    "get_festival",
    "known_festivals",
]

RULES: Final = ("lunar", "solar-term", "fixed")
#: The 24 solar terms by their Chinese names, as ``rule = "solar-term"`` takes them.
SOLAR_TERMS: Final = (
    "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨",
    "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑",
    "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
)

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


_ID: Final = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

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
            f"known ids / 已知节日: {', '.join(known_festivals())}"
        )

    def __str__(self) -> str:
        # KeyError would repr() the message, doubling quotes and escaping Chinese.
        return str(self.args[0])


class FestivalError(WenmingError, ValueError):
    """A festival added as data does not fit the calendar, or clashes with a known one."""


class FestivalConflictError(FestivalError):
    """A festival id or name is already used by a different festival; both are named."""

    def __init__(self, name: str, first: str, second: str) -> None:
        self.name, self.first, self.second = name, first, second
        super().__init__(f"festival name {name!r} is used twice / 节日名称重复: by {first} "
                         f"and by {second}")


# Festivals added by plugins. Scoring and loading look festivals up by name from
# many places, so the table is process-wide; a lock keeps two hosts built at once
# from interleaving their additions.
_ADDED: dict[str, tuple[Festival, str]] = {}
_ADDED_INDEX: dict[str, Festival] = {}
_ADDED_LOCK = threading.Lock()


def check_festival(festival: Festival) -> None:
    """Raise :class:`FestivalError` unless ``festival`` falls on a real day every year.

    A fixed date must exist in every year (29 February does not), a lunar day
    must exist in every lunar month (not every month has a 30th), and a
    solar term must be one of :data:`SOLAR_TERMS`. The date is then computed
    for the first and last supported years, as the built-in festivals are.
    """
    where = f"festival {festival.id!r}"
    if not _ID.match(festival.id):
        raise FestivalError(f"{where}: id is not lowercase ASCII with hyphens / 节日编号应为"
                            "小写英文字母、数字和连字符, e.g. 'national-day'")
    if not festival.zh.strip() or not festival.en.strip():
        raise FestivalError(f"{where}: needs a Chinese and an English name / 需要中英文名称")
    if festival.rule == "fixed":
        try:
            date(2001, festival.month, festival.day)  # a common year: no 29 February
        except ValueError:
            raise FestivalError(
                f"{where}: {festival.month:02d}-{festival.day:02d} is not a date in every year / "
                "该公历日期并非每年都有") from None
    elif festival.rule == "lunar" and not (1 <= festival.day <= 29):
        raise FestivalError(f"{where}: lunar day {festival.day} is not in every lunar month / "
                            "农历日期应在初一至廿九之间 (a month may have only 29 days)")
    elif festival.rule == "solar-term" and festival.term not in SOLAR_TERMS:
        raise FestivalError(f"{where}: unknown solar term {festival.term!r} / 未知节气; "
                            f"expected one of {', '.join(SOLAR_TERMS)}")
    for year in (FIRST_YEAR, LAST_YEAR):
        festival.date_in(year)


def add_festivals(festivals: Iterable[Festival], provider: str) -> None:
    """Make ``festivals`` known to :func:`get_festival`, after :func:`check_festival`.

    Adding a festival equal to one already known is a no-op (every host adds
    its plugins' festivals again); an id or name already used by a different
    festival raises :class:`FestivalError` naming both providers.
    """
    festivals = tuple(festivals)
    for festival in festivals:
        check_festival(festival)
    with _ADDED_LOCK:
        pending: dict[str, Festival] = {}
        for festival in festivals:
            known = FESTIVALS.get(festival.id) or _ADDED.get(festival.id, (None, ""))[0]
            if known == festival:
                continue
            for name in (festival.id, festival.zh, festival.en, *festival.aliases):
                owner = (_INDEX.get(_key(name)) or _ADDED_INDEX.get(_key(name))
                         or pending.get(_key(name)))
                if owner is not None and owner != festival:
                    first = (_ADDED[owner.id][1] if owner.id in _ADDED
                             else "wenming (built-in)" if owner.id in FESTIVALS else provider)
                    raise FestivalConflictError(name, f"{first} (festival {owner.id!r})",
                                                f"{provider} (festival {festival.id!r})")
                pending[_key(name)] = festival
        for festival in festivals:
            if festival.id not in FESTIVALS:
                _ADDED[festival.id] = (festival, provider)
        _ADDED_INDEX.update(pending)


def known_festivals() -> Mapping[str, Festival]:
    """The built-in festivals and every festival added so far, by id."""
    with _ADDED_LOCK:
        return MappingProxyType({**FESTIVALS, **{k: f for k, (f, _) in _ADDED.items()}})


def festival_provider(festival_id: str) -> str:
    """Who added the festival: ``wenming (built-in)`` or the plugin's description."""
    if festival_id in FESTIVALS:
        return "wenming (built-in)"
    with _ADDED_LOCK:
        return _ADDED[festival_id][1]


def _forget_added_festivals() -> None:
    """Drop every added festival (for tests that add conflicting ones on purpose)."""
    with _ADDED_LOCK:
        _ADDED.clear()
        _ADDED_INDEX.clear()


def get_festival(name: str | Festival) -> Festival:
    """Look a festival up by id, Chinese or English name, or a common variant."""
    if isinstance(name, Festival):
        return name
    key = _key(str(name))
    found = _INDEX.get(key) or _ADDED_INDEX.get(key)
    if found is not None:
        return found
    names = [n for f in known_festivals().values() for n in (f.id, f.zh, f.en, *f.aliases)]
    close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
    by_key = difflib.get_close_matches(key, [_key(n) for n in names], n=3, cutoff=0.6)
    suggestions = dict.fromkeys([*close, *(n for n in names if _key(n) in by_key)])
    raise UnknownFestivalError(str(name), tuple(suggestions)[:3])


_FESTIVAL_KEYS: Final = ("id", "zh", "en", "rule", "date", "term", "aliases")


def festivals_from_toml(data: Mapping[str, object], provider: str) -> list[Festival]:
    """Read ``[[festival]]`` tables, e.g. ``festivals.toml`` in a plugin package::

        [[festival]]
        id = "national-day"
        zh = "国庆节"
        en = "National Day"
        rule = "fixed"          # fixed (Gregorian) | lunar | solar-term
        date = "10-01"          # MM-DD; for rule = "lunar", the lunar month and day
        aliases = ["国庆", "十一"]

    Every problem is raised at once as a :class:`FestivalError` naming the table.
    """
    rows = data.get("festival", [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise FestivalError(f"{provider}: expected [[festival]] tables / 应为 [[festival]] 表")
    festivals: list[Festival] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        where = f"{provider} [festival[{number}]]"
        unknown = sorted(set(row) - set(_FESTIVAL_KEYS))
        if unknown:
            problems.append(f"{where}: unknown key / 未知的键 {', '.join(unknown)}; expected "
                            f"one of {', '.join(_FESTIVAL_KEYS)}")
            continue
        rule = row.get("rule", "fixed")
        month = day = 0
        if rule in ("fixed", "lunar"):
            text = str(row.get("date", ""))
            parts = text.split("-")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                problems.append(f"{where}: date {text!r} is not MM-DD / 日期应为 MM-DD "
                                "(e.g. \"10-01\")")
                continue
            month, day = int(parts[0]), int(parts[1])
        aliases = row.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: aliases must be a list of strings / 别名应为字符串列表")
            continue
        try:
            festival = Festival(str(row.get("id", "")), str(row.get("zh", "")),
                                str(row.get("en", "")), str(rule), month, day,
                                str(row.get("term", "")), tuple(aliases))
            check_festival(festival)
        except (ValueError, WenmingError) as error:
            problems.append(f"{where}: {error}")
            continue
        festivals.append(festival)
    if problems:
        raise FestivalError("\n".join(problems))
    return festivals


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
    """The days around ``name``'s date in ``year`` that count for it."""
    return _festival_window(name, year, window)


@functools.lru_cache(maxsize=4096)
def _festival_window(name: str | Festival, year: int, window: FestivalWindow) -> DateWindow:
    # Every unit of a province asks for the same few festival windows: compute each once.
    # Festivals are never redefined once registered, and a failed lookup is not cached.
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
