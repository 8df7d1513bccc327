"""Strict parsers for single ledger cells.

Cells arrive as CSV text, as typed XLSX values (``int``, ``float``,
``datetime``) or as JSON values. Each parser either returns a clean value or
raises :class:`CellError` whose message says what is wrong and whose
``expected`` says what would be right, so the caller only adds the place.

The common case is kept cheap (these run once per cell of up to a million
rows): ISO dates go through ``date.fromisoformat`` before the full parser,
and plain ASCII numbers through ``float`` before any clean-up. Every number
is bounded (:mod:`wenming.loaders.limits`) so that no value overflows later,
and text cells refuse control characters, which no clerk types and which
corrupt terminals and reports.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time
from typing import Final

from wenming.calendar import parse_date
from wenming.calendar.windows import DATE_FORMS
from wenming.errors import bi, in_lang
from wenming.loaders.limits import (
    MAX_AMOUNT,
    MAX_CELL_CHARS,
    MAX_NAME_CHARS,
    MAX_PARTICIPANTS,
    MAX_SCORE,
)

__all__ = [
    "DATE_EXPECTED",
    "EMPTY",
    "CellError",
    "amount_cell",
    "count_cell",
    "date_cell",
    "id_cell",
    "is_blank",
    "list_cell",
    "name_cell",
    "percent_cell",
    "replace_controls",
    "text_cell",
    "title_cell",
    "visible",
]

EMPTY: Final = "required cell is empty / 必填单元格为空"
DATE_EXPECTED: Final = bi("a real calendar day written as " + ", ".join(DATE_FORMS),
                          "真实存在的日期，写作 " + "、".join(DATE_FORMS))
SPREADSHEET_NUMBER: Final = (
    "a number where a date belongs: a spreadsheet probably converted the date to a number "
    "(2020.10 becomes 2020.1, a date becomes a serial number such as 44230) / "
    "日期可能被电子表格自动转换成了数字"
)
SPREADSHEET_FIX: Final = bi(
    "the date typed as text — format the column as text (设置单元格格式 → 文本) and enter "
    "the full day again, e.g. 2020-10-15",
    "以文本形式填写的日期：把该列设为文本（设置单元格格式 → 文本），"
    "再重新输入完整日期，如 2020-10-15",
)
AMOUNT_EXPECTED: Final = bi(f"a number of yuan such as 1200, 1,200.50, ¥1200 or 1200元, "
                             f"at most {MAX_AMOUNT:,}",
                             f"以元计的金额，如 1200、1,200.50、¥1200 或 1200元，"
                             f"不超过 {MAX_AMOUNT:,}")
COUNT_EXPECTED: Final = bi(f"a whole number of people such as 0, 12 or 30人, "
                           f"at most {MAX_PARTICIPANTS:,}",
                           f"整数人数，如 0、12 或 30人，不超过 {MAX_PARTICIPANTS:,}")
PERCENT_EXPECTED: Final = bi(f"a percentage from 0 to {MAX_SCORE} such as 92.5 or 92.5%",
                             f"0 到 {MAX_SCORE} 之间的百分数，如 92.5 或 92.5%")
CONTROL_MESSAGE: Final = "the cell holds a control character / 单元格含有控制字符"
CONTROL_EXPECTED: Final = bi("text without control characters (NUL, ESC, vertical tab …); "
                             "retype the cell or paste it as plain text",
                             "不含控制字符的文字：重新输入该单元格，或以纯文本粘贴")

_IDENTIFIER: Final = bi("an identifier", "一个编号")

_NUMBERISH: Final = re.compile(r"[+-]?\d+(?:\.\d*)?")
_ASCII_NUMBER: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?")
_MAX_COUNT_DIGITS: Final = len(str(MAX_PARTICIPANTS))
# Full-width forms (what a Chinese input method types) fold to ASCII; NFKC would also
# turn ① into 1 and 30² into 302, which are not the numbers written.
_FULL_WIDTH: Final = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0xFFE5: "¥", 0x3000: " "}
# C0 and C1 controls, and the bidirectional overrides that make text display other
# than it reads; titles may keep the tab and line breaks of a cell edited with Alt+Enter.
_CONTROL_NAME: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_TITLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WITH_TIME: Final = re.compile(r"(\S+)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_GROUPED: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CURRENCY: Final = ("¥", "￥", "rmb", "cny")
_YUAN: Final = ("元", "rmb", "cny")


class CellError(ValueError):
    """A cell that cannot be read; ``expected`` describes a valid value."""

    def __init__(self, message: str, expected: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.value = value


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_cell(value: object) -> str:
    """Free text; numbers typed into a text column keep their written form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def visible(text: str, limit: int = 80) -> str:
    """``text`` shortened and with control characters spelled out, safe to print."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _CONTROL_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                             text)


def _checked(text: str, limit: int, control: re.Pattern[str], expected: str) -> str:
    if len(text) > limit:
        raise CellError(f"the cell is too long ({len(text):,} characters) / 单元格内容过长",
                        bi(f"{in_lang(expected, 'en')} of at most {limit:,} characters",
                           f"{in_lang(expected, 'zh')}，不超过 {limit:,} 个字"), visible(text))
    if not text.isprintable() and control.search(text):
        raise CellError(CONTROL_MESSAGE, CONTROL_EXPECTED, visible(text))
    return text


_CONTROL_NAMES: Final = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC",
                          0x7F: "DEL"}


def replace_controls(text: str) -> tuple[str, str]:
    """``text`` with the control characters a title may not hold replaced, and which.

    A vertical tab or form feed (Word's manual line and page breaks, pasted into a
    cell) becomes a line break; any other control or bidirectional override becomes
    U+FFFD, so no terminal escape or NUL reaches a report. The second value lists the
    replacements for a warning ("VT → line break, ESC → U+FFFD").
    """
    said: dict[str, None] = {}

    def swap(found: re.Match[str]) -> str:
        char = found.group()
        name = _CONTROL_NAMES.get(ord(char), f"U+{ord(char):04X}")
        if char in "\x0b\x0c":
            said[f"{name} → line break"] = None
            return "\n"
        said[f"{name} → U+FFFD"] = None
        return "\ufffd"

    return _CONTROL_TITLE.sub(swap, text), ", ".join(said)


def id_cell(value: object) -> str:
    """A required identifier (a spreadsheet may hold ``7`` as the number 7.0)."""
    text = text_cell(value)
    if not text:
        raise CellError(EMPTY, _IDENTIFIER)
    return _checked(text, MAX_NAME_CHARS, _CONTROL_NAME, _IDENTIFIER)


def name_cell(value: object) -> str:
    """A name looked up elsewhere (unit, kind, festival): text, short, no control characters."""
    return _checked(text_cell(value), MAX_NAME_CHARS, _CONTROL_NAME, "a name")


def title_cell(value: object) -> str:
    """Free text that may span lines (Alt+Enter in Excel), without other control characters."""
    return _checked(text_cell(value), MAX_CELL_CHARS, _CONTROL_TITLE, "text")


def date_cell(value: object) -> date:
    """A calendar day; spreadsheets' numbers and times are refused with a hint."""
    if type(value) is str:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass  # the full parser explains what is wrong
        return _date_text(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        raise CellError(EMPTY, DATE_EXPECTED)
    if isinstance(value, bool):
        raise CellError("not a date / 不是日期", DATE_EXPECTED, value)
    if isinstance(value, int | float):
        raise CellError(SPREADSHEET_NUMBER, SPREADSHEET_FIX, value)
    if isinstance(value, time):
        raise CellError("a time of day, not a date / 只有时间，没有日期", DATE_EXPECTED, value)
    raise CellError("not a date / 不是日期", DATE_EXPECTED, value)


def _date_text(value: str) -> date:
    text = value.strip()
    if not text:
        raise CellError(EMPTY, DATE_EXPECTED)
    try:
        return parse_date(text)
    except ValueError as exc:
        reason = getattr(exc, "reason", "")
        if isinstance(reason, str) and reason.startswith("not a real date"):
            raise CellError("not a real date / 日期不存在", DATE_EXPECTED, value) from None
    folded = unicodedata.normalize("NFKC", text)
    if _NUMBERISH.fullmatch(folded):
        raise CellError(SPREADSHEET_NUMBER, SPREADSHEET_FIX, value) from None
    with_time = _WITH_TIME.fullmatch(folded)
    if with_time is not None:
        raise CellError("a date with a time of day / 日期带有时间",
                        bi("the day only, e.g. 2021-02-03", "只填日期，如 2021-02-03"),
                        value) from None
    raise CellError("not a date / 无法识别的日期", DATE_EXPECTED, value) from None


def _number_text(value: str, suffixes: tuple[str, ...], prefixes: tuple[str, ...]) -> float:
    """Digits with thousands separators and a currency sign or unit; ValueError otherwise."""
    text = value.translate(_FULL_WIDTH).strip().casefold().replace(" ", "")
    for prefix in prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    for suffix in suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise ValueError(value)
        text = text.replace(",", "")
    if not _ASCII_NUMBER.fullmatch(text):
        raise ValueError(value)
    return float(text)


def _float(value: float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond any double
        return math.inf


def amount_cell(value: object) -> float:
    """Money in yuan, never negative."""
    if isinstance(value, bool):
        raise CellError("amount is not a number / 金额不是数字", AMOUNT_EXPECTED, value)
    if isinstance(value, int | float):
        number = _float(value)
    elif isinstance(value, str):
        try:
            # isdigit alone accepts ² and ①, which float() refuses or misreads
            number = float(value) if value.isascii() and value.replace(".", "", 1).isdigit() \
                else _number_text(value, _YUAN, _CURRENCY)
        except ValueError:
            raise CellError("amount is not a number / 金额不是数字", AMOUNT_EXPECTED,
                            value) from None
    else:
        raise CellError("amount is not a number / 金额不是数字", AMOUNT_EXPECTED, value)
    if not math.isfinite(number):
        raise CellError("amount is not a number / 金额不是数字", AMOUNT_EXPECTED, value)
    if number < 0:
        raise CellError("amount must not be negative / 金额不能为负数", AMOUNT_EXPECTED, value)
    if number > MAX_AMOUNT:
        raise CellError("amount is implausibly large / 金额过大", AMOUNT_EXPECTED, value)
    return number


def count_cell(value: object) -> int:
    """A head count: a non-negative whole number (``30``, ``30.0`` from a sheet, ``30人``)."""
    message = "participants must be a non-negative whole number / 参与人数必须是非负整数"
    if isinstance(value, bool):
        raise CellError(message, COUNT_EXPECTED, value)
    number: float
    if isinstance(value, int):
        if value < 0:
            raise CellError(message, COUNT_EXPECTED, value)
        if value > MAX_PARTICIPANTS:
            raise CellError("participants is implausibly large / 参与人数过大", COUNT_EXPECTED,
                            value)
        return value
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        # isdigit alone accepts ² and ①, which int() refuses; the length keeps int() from
        # reading a thousand-digit number only to refuse it
        if value.isascii() and value.isdigit() and len(value) <= _MAX_COUNT_DIGITS:
            number = int(value)
            if number > MAX_PARTICIPANTS:
                raise CellError("participants is implausibly large / 参与人数过大",
                                COUNT_EXPECTED, value)
            return number
        try:
            number = _number_text(value, ("人次", "人", "名"), ())
        except ValueError:
            raise CellError(message, COUNT_EXPECTED, value) from None
    else:
        raise CellError(message, COUNT_EXPECTED, value)
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise CellError(message, COUNT_EXPECTED, value)
    if number > MAX_PARTICIPANTS:
        raise CellError("participants is implausibly large / 参与人数过大", COUNT_EXPECTED, value)
    return int(number)


def percent_cell(value: object) -> float:
    """A percentage on the 0–100 scale; a trailing ``%`` is allowed."""
    message = "score is not a percentage from 0 to 100 / 评分应为0到100之间的百分数"
    if isinstance(value, bool):
        raise CellError(message, PERCENT_EXPECTED, value)
    if isinstance(value, int | float):
        number = _float(value)
    elif isinstance(value, str):
        try:
            number = _number_text(value, ("%",), ())
        except ValueError:
            raise CellError(message, PERCENT_EXPECTED, value) from None
    else:
        raise CellError(message, PERCENT_EXPECTED, value)
    if not (math.isfinite(number) and 0 <= number <= MAX_SCORE):
        raise CellError(message, PERCENT_EXPECTED, value)
    return number


TAG_SEPARATORS: Final = ";；,，、"
REF_SEPARATORS: Final = ";；,，"


def list_cell(value: object, separators: str) -> tuple[str, ...]:
    """Items separated by any of ``separators``; a JSON list is taken as is."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool)
                   for v in value):
            raise CellError("expected a list of strings / 应为字符串列表",
                            "strings separated by " + " ".join(separators), value)
        return tuple(item for v in value if (item := text_cell(v)))
    text = value if type(value) is str else text_cell(value)
    if len(text) > MAX_CELL_CHARS:
        raise CellError(f"the cell is too long ({len(text):,} characters) / 单元格内容过长",
                        f"items of at most {MAX_CELL_CHARS:,} characters in all", visible(text))
    splitter = _SPLITTERS.get(separators)
    if splitter is None:
        splitter = _SPLITTERS[separators] = re.compile(f"[{re.escape(separators)}]")
    return tuple(item for part in splitter.split(text) if (item := part.strip()))


_SPLITTERS: dict[str, re.Pattern[str]] = {}
