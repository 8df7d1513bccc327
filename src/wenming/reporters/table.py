"""``table``: plain-text tables for a terminal, as wide as the terminal.

Columns are measured in display width (tabulate's wide-character mode,
on whenever ``wcwidth`` is installed — a ``tabulate[widechars]``
dependency), so Chinese text lines up with Latin text. Text columns wrap
to fit the terminal (``shutil.get_terminal_size``, so ``COLUMNS`` overrides
it); number columns never wrap, and no cell is ever cut: a long finding
takes more lines, not fewer words.

Punctuation of *ambiguous* East Asian width (“ ” ‘ ’ … · — –) is drawn one
column wide by most terminals and two by a terminal in a CJK locale, so a
table holding it lines up in only one of them. Tables show it in forms of
unambiguous width (" ' ... - --) and line up in both. Control characters in
data (an ESC sequence would recolour or rewrite the terminal) are shown as
U+FFFD before columns are measured, see :mod:`wenming.reporters.safety`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from functools import singledispatch

import tabulate as _tabulate
import wcwidth

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, title
from wenming.reports import Comparison, Gap, GapList, ScoreReport, Timeline

__all__ = [
    "TABLE",
    "fit_lines",
    "fit_widths",
    "narrow",
    "render",
    "terminal_width",
    "wrap_text",
]

#: Narrowest a wrapped text column gets, however narrow the terminal.
MIN_COLUMN = 12
#: Narrowest header of a number column (its numbers are narrower still).
MIN_NUMBER = 8
#: Columns between two table columns (tabulate's "simple" format).
_GUTTER = 2
_NARROW = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "·": "-",
                         "—": "--", "–": "-", "―": "--", "×": "x", "→": "->", "←": "<-",
                         "≤": "<=", "≥": ">=", "±": "+/-", "※": "*", "●": "*", "○": "o"})


def narrow(text: str) -> str:
    """``text`` with control characters replaced and ambiguous-width punctuation made
    unambiguous, so that its measured width is its width on every terminal."""
    return safety.clean(text).translate(_NARROW)


def terminal_width() -> int:
    """The terminal's columns (``COLUMNS`` when set; 80 when there is no terminal)."""
    return max(20, shutil.get_terminal_size().columns)


def _natural(cells: Sequence[str]) -> int:
    return max((max(0, wcwidth.wcswidth(line)) for cell in cells for line in cell.split("\n")),
               default=0)


def fit_widths(headers: Sequence[str], body: Sequence[Sequence[str]], width: int,
               fixed: Sequence[int] = ()) -> tuple[list[int | None], list[int | None]]:
    """Widths to wrap each column's cells and header to (None: leave whole), so that the
    table is at most ``width`` wide when it can be.

    ``fixed`` columns (numbers) never wrap their cells; their headers wrap to
    the numbers' width (at least :data:`MIN_NUMBER`). The other columns share
    what is left: narrow ones keep their natural width, the wider ones share
    the rest in proportion to their text, none below :data:`MIN_COLUMN`.
    """
    count = len(headers)
    # tabulate pads headers by MIN_PADDING; a column is as wide as that or its widest cell.
    pad = _tabulate.MIN_PADDING
    natural = [max(_natural([headers[i]]) + pad, _natural([row[i] for row in body]))
               for i in range(count)]
    if sum(natural) + _GUTTER * (count - 1) <= width:
        return [None] * count, [None] * count
    cells: list[int | None] = [None] * count
    heads: list[int | None] = [None] * count
    used = [0] * count
    flexible = [i for i in range(count) if i not in fixed and natural[i] > MIN_COLUMN]
    for i in range(count):
        if i not in fixed and i not in flexible:
            used[i] = natural[i]
    # A number's header wraps between its words ("满分 / Maximum") rather than inside
    # one, unless that leaves the text columns less than their minimum.
    for keep_words in (True, False):
        for i in fixed:
            numbers = _natural([row[i] for row in body])
            word = max((max(0, wcwidth.wcswidth(w)) for w in headers[i].split()),
                       default=0) if keep_words else 0
            used[i] = min(natural[i], max(numbers, MIN_NUMBER, word + pad))
            heads[i] = max(1, used[i] - pad)
        budget = width - _GUTTER * (count - 1) - sum(used)
        if budget >= MIN_COLUMN * len(flexible):
            break
    remaining = sorted(flexible, key=lambda i: natural[i])
    while remaining:
        share = budget // len(remaining)
        if natural[remaining[0]] <= share:
            # A narrow column keeps its width; what it leaves goes to the wider ones.
            i = remaining.pop(0)
            cells[i], budget = natural[i], budget - natural[i]
            continue
        # The rest are all wider than their share: each gets the minimum, and what is
        # left goes in proportion to how much wider than that it would be.
        # On a very narrow terminal the minimum itself gives way (to a CJK character's
        # two columns and a little more).
        least = max(4, min(MIN_COLUMN, budget // len(remaining)))
        spare = max(0, budget - least * len(remaining))
        extra = {i: natural[i] - least for i in remaining}
        total = sum(extra.values())
        for i in remaining:
            cells[i] = least + spare * extra[i] // total
        widest = remaining[-1]
        cells[widest] = min(natural[widest],
                            (cells[widest] or 0) + spare - sum(spare * extra[i] // total
                                                               for i in remaining))
        break
    _whole_words(headers, body, cells, flexible, natural)
    for i in flexible:
        heads[i] = max(1, (cells[i] or natural[i]) - pad)
    return cells, heads


#: Longer "words" (paths, URLs) may still be cut; shorter ones are kept whole if width allows.
_LONGEST_KEPT_WORD = 16


def _whole_words(headers: Sequence[str], body: Sequence[Sequence[str]],
                 cells: list[int | None], flexible: Sequence[int], natural: Sequence[int]
                 ) -> None:
    """Widen wrapped columns to their longest word, taking the room from the widest column.

    Wrapping a column narrower than a word cuts the word ("Responsi / ble"); Chinese
    text has no spaces and wraps anywhere, so this only concerns Latin words.
    """
    def longest(i: int) -> int:
        words = (w for text in (headers[i], *(row[i] for row in body)) for w in text.split())
        return min(_LONGEST_KEPT_WORD, max((max(0, wcwidth.wcswidth(w)) for w in words),
                                           default=0))

    wrapped = [i for i in flexible if cells[i] is not None]
    if len(wrapped) < 2:
        return
    need = {i: min(longest(i), natural[i]) for i in wrapped}
    for i in wrapped:
        short = need[i] - (cells[i] or 0)
        if short <= 0:
            continue
        # The donor is the widest other column, if it stays at least its own longest word.
        donor = max((j for j in wrapped if j != i), key=lambda j: cells[j] or 0)
        room = (cells[donor] or 0) - max(need[donor], MIN_COLUMN)
        give = min(short, max(0, room))
        if give:
            cells[i] = (cells[i] or 0) + give
            cells[donor] = (cells[donor] or 0) - give


# A line never breaks inside a number, date, id or Latin word, nor between one and the
# brackets or punctuation that close around it; Chinese text breaks between characters,
# but never before closing punctuation (，。）) nor after opening brackets (（“).
_OPEN = "（([【「『“‘《〈\"'`"
_CLOSE = "，。：；、！？）)]】」』”’》〉%％\"'`"
_TOKEN = re.compile(
    rf"\s+"
    rf"|[{re.escape(_OPEN)}]*[A-Za-z0-9¥$#@][!-~¥–—·]*?[{re.escape(_CLOSE)}]*(?=\s|[^!-~¥–—·]|$)"
    rf"|[{re.escape(_OPEN)}]*[^\s][{re.escape(_CLOSE)}]*")


def wrap_text(text: str, width: int) -> list[str]:
    """``text`` (one line) as lines of at most ``width`` display columns, broken only where
    a reader would break it: at spaces and between Chinese characters, never inside a
    number, date, id or Latin word (one longer than the whole width is cut, as it must)."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        size = max(0, wcwidth.wcswidth(token))
        if token.isspace():
            if line and used + size <= width:
                line, used = line + token, used + size
            elif line:
                lines.append(line.rstrip())
                line, used = "", 0
            continue
        if used + size > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
        while size > width:  # an id or path wider than the column: break after - / . _ :
            cut, taken = "", 0
            for char in token:
                char_width = max(0, wcwidth.wcwidth(char))
                if taken + char_width > width:
                    break
                cut, taken = cut + char, taken + char_width
            for soft in ("..", "/", "_", ":", "-", "."):  # a window breaks at its "..", a
                end = cut.rfind(soft)                     # date last, at its "-"
                if end > 0:
                    cut = cut[:end + len(soft)]
                    break
            cut = cut or token[0]
            lines.append(cut)
            token = token[len(cut):]
            size = max(0, wcwidth.wcswidth(token))
        line, used = line + token, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def fit_lines(text: str, width: int | None = None, *, stream: object = None) -> str:
    """Messages as wide as the terminal: each line wrapped where a reader would break it,
    its continuation lines indented under the line's text (past a ``  - `` bullet).

    With ``stream``, only when it is a terminal or ``COLUMNS`` is set: a message sent
    to a file or a script keeps each issue on one line, to grep and to copy.
    """
    if stream is not None and not os.environ.get("COLUMNS"):
        isatty = getattr(stream, "isatty", None)
        if not (callable(isatty) and isatty()):
            return text
    width = width or terminal_width()
    out: list[str] = []
    for line in text.split("\n"):
        if wcwidth.wcswidth(line) <= width:
            out.append(line)
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped) + (2 if stripped.startswith(("- ", "* ")) else 0)
        room = max(MIN_COLUMN, width - indent)
        first, *rest = wrap_text(line[indent:], room) if indent else wrap_text(line, width)
        out.append(line[:indent] + first)
        # the rest of a long first line may use the room the indent leaves
        out += [" " * indent + part for part in rest]
    return "\n".join(out)


def _wrap_cell(cell: str, width: int | None) -> str:
    if width is None:
        return cell
    return "\n".join(part for line in cell.split("\n") for part in wrap_text(line, width))


def fit_table(headers: Sequence[str], body: Sequence[Sequence[str]], width: int,
              right: Sequence[int] = (), keep: Sequence[int] = ()) -> str:
    """``body`` under ``headers`` as an aligned text table at most ``width`` wide where it can
    be: text columns wrap (CJK-aware); ``right`` columns (numbers, right-aligned) and
    ``keep`` columns (identifiers) never do."""
    return _table(headers, body, width, right, keep)


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], width: int,
           right: Sequence[int] = (), keep: Sequence[int] = ()) -> str:
    align = ["right" if i in right else "left" for i in range(len(headers))]
    body = [[narrow(cell) for cell in row] for row in body]
    headers = [narrow(h) for h in headers]
    cells, heads = fit_widths(headers, body, width, fixed=(*right, *keep))
    if any(w is not None for w in cells + heads):
        body = [[_wrap_cell(cell, cells[i]) for i, cell in enumerate(row)] for row in body]
        headers = [_wrap_cell(h, heads[i]) for i, h in enumerate(headers)]
    text = str(_tabulate.tabulate(body, headers=headers, tablefmt="simple",
                                  disable_numparse=True, colalign=align))
    # tabulate trims the continuation lines of multi-line cells; pad them back
    # so that every line of a table is as wide as its rule.
    lines = text.split("\n")
    longest = max(wcwidth.wcswidth(line) for line in lines)
    return "\n".join(line + " " * (longest - wcwidth.wcswidth(line)) for line in lines)


def _pairs(pairs: Sequence[tuple[str, str]], width: int) -> str:
    cleaned = [(narrow(k), narrow(v)) for k, v in pairs]
    key = _natural([k for k, _ in cleaned])
    value = max(MIN_COLUMN, width - key - _GUTTER)
    cleaned = [(k, _wrap_cell(v, value)) for k, v in cleaned]
    text = str(_tabulate.tabulate(cleaned, tablefmt="plain", disable_numparse=True))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _wrap(text: str, width: int) -> str:
    """Free text (a heading, a list) wrapped to ``width`` display columns."""
    out = []
    for line in narrow(text).split("\n"):
        if not line.strip() or wcwidth.wcswidth(line) <= width:
            out.append(line)
            continue
        out += wrap_text(line, width)
    return "\n".join(out)


def _gained_where(gap: Gap, lang: Lang) -> list[str]:
    """The items a gap is about, each with what fixing it recovers in its rubric."""
    lines = []
    for rubric in gap.rubrics:
        where = [f"{s.rubric_id} {s.item_code} {s.item_title.text(lang)}"
                 for s in gap.shortfalls if s.rubric_id == rubric]
        gain = rows.gain_text(gap, gap.gains[rubric], lang)
        lines += [f"{w} ({gain if gap.lost else '+' + gain})" for w in dict.fromkeys(where)]
    return lines


def _heading(text: str, width: int) -> str:
    return _wrap(f"== {text} ==", width)


@singledispatch
def _render(report: object, lang: Lang, width: int) -> str:
    raise rows.UnsupportedReportError("table", report, rows.SUPPORTED)


@_render.register(ScoreReport)
def _score(report: ScoreReport, lang: Lang, width: int) -> str:
    blocks: list[str] = []
    for card in report.cards:
        body = [rows.item_row(i, lang) for i in card.items.values()]
        blocks += [_heading(rows.rubric_name(card, lang), width),
                   _pairs(rows.card_summary(card, lang, report.dataset_title), width),
                   _table(rows.item_headers(lang), body, width, right=(3, 4, 6))]
    if report.gaps is not None:
        blocks += _gap_blocks(report.gaps, lang, width)
    return "\n\n".join(blocks) + "\n"


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang, width: int) -> str:
    return "\n\n".join(_gap_blocks(report, lang, width)) + "\n"


def _gap_blocks(report: GapList, lang: Lang, width: int) -> list[str]:
    heading = f"{title('gaps', lang)} — {column('as_of', lang)} {report.as_of.isoformat()}"
    blocks = [_heading(heading, width)]
    if report.gaps:
        # One number column: each rubric's gain stands beside the item it is for. A
        # terminal has no room for a column per rubric beside the text.
        headers = [column("rank", lang), f"{column('what', lang)} / {column('where', lang)}",
                   column("unit", lang), column("deadline", lang), column("combined", lang)]
        why = column("why_not", lang)
        body = [[str(gap.rank), "\n".join([
                    gap.what_shown.text(lang), *_gained_where(gap, lang),
                    *(f"{why}: {r}" for r in rows.reason_lines(gap, lang))]),
                 rows.unit_cell(gap, lang), rows.deadline_text(gap, lang),
                 rows.gain_text(gap, gap.combined_gain, lang)] for gap in report.gaps]
        blocks.append(_table(headers, body, width, right=(0, 4)))
    else:
        blocks.append(title("no_gaps", lang))
    if report.to_assess:
        blocks += [_heading(title("to_assess", lang), width),
                   _table(rows.assess_headers(lang),
                          [rows.assess_row(e, lang) for e in report.to_assess], width,
                          right=(5,))]
    return blocks


@_render.register(Comparison)
def _compare(report: Comparison, lang: Lang, width: int) -> str:
    day = report.as_of.isoformat() if report.as_of else "—"
    blocks = [_heading(f"{title('compare', lang)} — {column('as_of', lang)} {day}", width),
              _table(rows.totals_headers(lang), rows.totals_rows(report, lang), width,
                     right=(3, 4, 5, 6, 8)),
              _heading(title("areas", lang), width),
              _table(rows.area_headers(lang), rows.area_rows(report, lang), width,
                     right=(3, 4, 5)),
              _heading(title("kinds", lang), width),
              _table(rows.kind_headers(report, lang), rows.kind_rows(report, lang), width)]
    divergent = rows.kind_rows(report, lang, only_divergent=True)
    if divergent:
        blocks += [_heading(title("divergent", lang), width),
                   _table(rows.kind_headers(report, lang), divergent, width)]
    single = rows.single_use_rows(report, lang)
    if single:
        blocks += [_heading(title("single_use", lang), width),
                   _table(rows.single_use_headers(lang), single, width)]
    if report.unused:
        blocks += [_heading(f"{title('unused', lang)} ({len(report.unused)})", width),
                   _wrap(", ".join(report.unused), width)]
    return "\n\n".join(blocks) + "\n"


@_render.register(Timeline)
def _timeline(report: Timeline, lang: Lang, width: int) -> str:
    heading = (f"{title('timeline', lang)}: {report.title.text(lang)} ({report.window}) — "
               f"{column('as_of', lang)} {report.as_of.isoformat()}")
    blocks = [_heading(heading, width),
              _table(rows.timeline_headers(lang), rows.timeline_rows(report, lang), width)]
    overdue = report.overdue()
    if overdue:
        lines = [_wrap(f"- {p.name.text(lang)}: {d.label.text(lang)} ({d.kind})"
                       + (f" — {d.note.text(lang)}" if d.note is not None else ""), width)
                 for p, d in overdue]
        blocks += [_heading(title("overdue", lang), width), "\n".join(lines)]
    return "\n\n".join(blocks) + "\n"


def render(report: object, lang: str = "en", width: int | None = None) -> str:
    """Render a ScoreReport, GapList, Comparison or Timeline (or scorecards) as text,
    wrapped to ``width`` columns (default: the terminal's, see :func:`terminal_width`)."""
    result: str = _render(rows.as_report(report), check_lang(lang), width or terminal_width())
    # Tables were cleaned cell by cell (for their widths); headings and lists
    # are cleaned here, with anything a future block might forget.
    return safety.clean(result)


TABLE = Reporter("table", render, Label("终端文本表格", "Plain-text tables for the terminal"),
                 suffix=".txt")
