"""Column headers: the Chinese and English names a ledger's columns may carry.

Each field lists its accepted headers in order of preference: when a sheet
has two columns that both name a field (``编号`` and ``序号``, ``活动名称``
and ``内容``), the one listed first is used and the other is ignored like
any unknown column. Matching ignores case, spaces, ``_``/``-``, full-width
forms (``金额（元）`` = ``金额(元)``), a leading or trailing ``*`` and a
``(必填)``/``(选填)`` note.

No column is dropped silently: :attr:`HeaderMap.unread` keeps every headed
column that is not read, so the loader can warn about it and
:func:`resembling` can name the known header it looks like (an assessor's
``得分`` column is not ``得分率``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

from attrs import frozen

__all__ = [
    "EVIDENCE_COLUMNS",
    "EVIDENCE_FIELDS",
    "EVIDENCE_REQUIRED",
    "FOR_PEOPLE",
    "UNIT_COLUMNS",
    "UNIT_REQUIRED",
    "HeaderMap",
    "describe_aliases",
    "for_people",
    "header_key",
    "map_header",
    "resembling",
]

#: Evidence fields in the order records are built, with their accepted headers.
EVIDENCE_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "id": ("id", "记录编号", "编号", "evidence id", "record id", "序号"),
    "unit": ("unit", "单位编号", "unit id", "责任单位", "单位"),
    "kind": ("kind", "证据类别", "活动类别", "类别", "类型"),
    "date": ("date", "活动日期", "开始日期", "日期", "start date", "start", "活动时间",
             "开展时间", "时间"),
    "end": ("end", "end date", "结束日期", "结束时间"),
    "title": ("title", "标题", "活动名称", "名称", "事项", "内容"),
    "filed": ("filed", "归档日期", "归档时间", "filed date", "filing date"),
    "amount": ("amount", "金额(元)", "金额", "经费(元)", "经费"),
    "participants": ("participants", "参与人数", "人数"),
    "festival": ("festival", "节日"),
    "score": ("score", "评分(%)", "评分", "得分率"),
    "tags": ("tags", "标签"),
    "refs": ("refs", "关联项", "考评项"),
    "attachments": ("attachments", "附件"),
    # survey results (满意度、知晓率测评): a rate, or the answers counted
    "rate": ("rate", "满意率", "满意率(%)", "知晓率", "知晓率(%)", "比率", "rate (%)"),
    "sample": ("sample", "样本量", "样本数", "sample size"),
    "numerator": ("numerator", "分子"),
    "denominator": ("denominator", "分母"),
})
EVIDENCE_FIELDS: Final[tuple[str, ...]] = tuple(EVIDENCE_COLUMNS)
EVIDENCE_REQUIRED: Final[tuple[str, ...]] = ("id", "unit", "kind", "date")

#: Columns of ``units.csv``.
UNIT_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "id": ("id", "单位编号", "编号"),
    "zh": ("zh", "名称", "单位名称", "name", "name zh"),
    "en": ("en", "英文名称", "name en", "english name"),
    "kind": ("kind", "单位类型", "类型"),
    "parent": ("parent", "上级单位", "上级"),
})
UNIT_REQUIRED: Final[tuple[str, ...]] = ("id", "zh")

#: Columns a clerk keeps for people, never read and never warned about: these headers,
#: any header starting with 备注 (备注：领导批示), and any starting with ``#``.
FOR_PEOPLE: Final[tuple[str, ...]] = ("备注", "经办人", "填表人", "填报人", "审核人", "联系人",
                                      "联系电话", "说明", "note", "notes", "remarks")
_FOR_PEOPLE_PREFIXES: Final = ("备注", "#", "＃")

_NOTE = re.compile(r"[(](必填|选填|可选|required|optional)[)]$")
_DROP = str.maketrans("", "", " \t\r\n_-*\u3000")


def header_key(text: object) -> str:
    """The form headers are compared in."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold().translate(_DROP)
    return _NOTE.sub("", folded)


_FOR_PEOPLE_KEYS: Final = frozenset(header_key(h) for h in FOR_PEOPLE)


def for_people(header: object) -> bool:
    """A column kept for people (备注, 经办人, ``# …``): not read, not warned about."""
    text = str(header).strip() if header is not None else ""
    return text.startswith(_FOR_PEOPLE_PREFIXES) or header_key(text) in _FOR_PEOPLE_KEYS


def _index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for name, aliases in columns.items():
        for rank, alias in enumerate(aliases):
            key = header_key(alias)
            if key in index and index[key][0] != name:
                raise AssertionError(f"header {alias!r} names both {index[key][0]} and {name}")
            index.setdefault(key, (name, rank))
    return index



@frozen
class HeaderMap:
    """Which column holds which field, decided once per file or sheet."""

    columns: Mapping[str, int]
    #: the header as written in the file, for messages
    names: Mapping[str, str]
    #: fields named by two columns with the very same header (ambiguous)
    repeated: Mapping[str, tuple[int, int]]
    #: headed columns that are not read: column → (header as written, the field it names
    #: when another column was preferred for that field, else ``None``)
    unread: Mapping[int, tuple[str, str | None]] = MappingProxyType({})

    def positions(self, fields: Sequence[str]) -> tuple[int, ...]:
        """Column index per field, -1 where the file has no such column."""
        return tuple(self.columns.get(f, -1) for f in fields)

    def missing(self, required: Sequence[str]) -> tuple[str, ...]:
        return tuple(f for f in required if f not in self.columns)

    def recognisable(self, required: Sequence[str]) -> bool:
        """A header row names at least two fields, one of them required."""
        return len(self.columns) >= 2 and any(f in self.columns for f in required)


def map_header(cells: Sequence[object], columns: Mapping[str, tuple[str, ...]]) -> HeaderMap:
    """Map a header row onto field names; unknown headers are ignored."""
    index = _index(columns)  # once per file or sheet, so not worth caching
    chosen: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    names: dict[str, str] = {}
    repeated: dict[str, tuple[int, int]] = {}
    headed: dict[int, tuple[str, str | None]] = {}
    for column, cell in enumerate(cells):
        key = header_key(cell)
        found = index.get(key)
        if found is None:
            if key and not for_people(cell):
                headed[column] = (str(cell).strip(), None)
            continue
        name, rank = found
        headed[column] = (str(cell).strip(), name)
        previous = chosen.get(name)
        if previous is not None and previous[0] == rank:
            repeated.setdefault(name, (previous[1], column))
            continue
        if previous is None or rank < previous[0]:
            chosen[name] = (rank, column)
            names[name] = str(cell).strip()
    read = {col for _, col in chosen.values()}
    twice = {col for pair in repeated.values() for col in pair}  # reported as errors already
    unread = {col: named for col, named in headed.items() if col not in read | twice}
    return HeaderMap({name: col for name, (_, col) in chosen.items()}, names, repeated, unread)


def resembling(text: str, columns: Mapping[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """The known header most like ``text``, with its field (``得分`` → ``得分率``, score)."""
    index = _index(columns)
    aliases = {header_key(alias): alias for aliases in columns.values() for alias in aliases}
    key = header_key(text)
    if not key:
        return None
    # Chinese headers are two to five characters: 0.6 keeps 得分 ~ 得分率 (0.8) and drops
    # 活动地点 ~ 活动类别 (0.5), two words that only share 活动. Keys are folded, so case
    # and full-width forms do not count against a match.
    found = difflib.get_close_matches(key, list(aliases), n=1, cutoff=0.6)
    if not found:
        # a header that contains a known one, or is contained in it (关联 in 关联项)
        found = [k for k in aliases if len(k) > 1 and (k in key or key in k)][:1]
    if not found:
        return None
    return aliases[found[0]], index[found[0]][0]


def describe_aliases(field: str, columns: Mapping[str, tuple[str, ...]]) -> str:
    """``a column headed date, 活动日期, … or 时间`` for messages."""
    aliases = columns[field]
    listed = ", ".join(aliases[:-1]) + f" or {aliases[-1]}" if len(aliases) > 1 else aliases[0]
    return f"a column headed {listed}"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet column names for messages)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
