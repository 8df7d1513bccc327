"""Neutralising data in reports: nothing a record, unit or rubric says may run.

Titles, unit names, evidence ids, phase names, waiver reasons and findings
come from files and plugins (and, later, an API) that wenming does not
control. Every reporter passes each piece of data through one of these
helpers, so the rules live in one place:

Control characters — :func:`clean`, used by every text reporter and XLSX
    C0 and C1 control characters other than newline and tab (NUL, ``\\v``,
    ESC of ``\\x1b[31m`` …), DEL, lone surrogates and the non-characters
    U+FFFE/U+FFFF become :data:`STAND_IN` (U+FFFD, the replacement
    character). They would otherwise recolour or rewrite a terminal, make
    openpyxl raise ``IllegalCharacterError`` or write a workbook Excel
    cannot open, and crash UTF-8 encoding. A Windows line end (CR LF) counts
    as a newline and becomes one; a lone CR is replaced like the rest.

Spreadsheet formulas — :func:`csv_cell`; XLSX writes every string as a string
    Following OWASP's advice on CSV injection, a CSV text cell starting with
    ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'``, which Excel
    and LibreOffice show as text and do not evaluate. A cell that is a plain
    number (``-2``, ``+1.5``, ``1e3``) is left alone: no spreadsheet runs a
    number, and points must stay readable as points. XLSX has real types, so
    there every string is written with the string data type (never a
    formula or an error value) and numbers stay numbers; the ``'`` is not
    added to the text, but the cell is marked "quote prefix" so that
    re-typing it in Excel keeps it text (:func:`formula_like`).

Markdown — :func:`markdown`, :func:`markdown_code`
    ``<``, ``>`` and ``&`` become HTML entities, so raw HTML (``<script>``,
    ``<img onerror=…>``) is shown, not run; the Markdown punctuation that
    could make links, images, code, emphasis, headings or table cells
    (``\\ ` * _ [ ] | ~ #``) is backslash-escaped; a newline becomes
    ``<br>`` so that data never starts a line of its own (where ``#``,
    ``>``, ``-`` or ``1.`` would start a block).

HTML — :func:`html_text`: clean, then escape with quotes.

JSON — :func:`json_text`: the ``json`` module already escapes C0 controls;
    this also writes DEL, C1 controls and lone surrogates as ``\\uXXXX``
    escapes, so the parsed data are unchanged but nothing raw reaches a
    terminal or a UTF-8 encoder.
"""

from __future__ import annotations

import html
import re
from typing import Final

__all__ = [
    "FORMULA_TRIGGERS",
    "STAND_IN",
    "clean",
    "csv_cell",
    "formula_like",
    "html_text",
    "json_text",
    "markdown",
    "markdown_code",
]

#: What a control character is shown as: U+FFFD REPLACEMENT CHARACTER.
STAND_IN: Final = "\ufffd"

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#])")
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` with every control character but newline and tab shown as U+FFFD."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _CONTROL.sub(STAND_IN, text)


def formula_like(text: str) -> bool:
    """Would a spreadsheet take ``text`` for a formula? Plain numbers are not formulas."""
    return text.startswith(FORMULA_TRIGGERS) and _NUMBER.fullmatch(text) is None


def csv_cell(value: object) -> str:
    """One CSV field: cleaned, and prefixed with ``'`` if it could run as a formula."""
    text = clean(str(value))
    return "'" + text if formula_like(text) else text


def markdown(text: str) -> str:
    """``text`` for a Markdown line or table cell, shown literally when rendered."""
    text = html.escape(clean(text), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text).replace("\n", "<br>")


def markdown_code(text: str) -> str:
    """``text`` as an inline code span, fenced by more backticks than it contains."""
    text = clean(text).replace("\n", " ").replace("\t", " ")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A span's content loses one space at each end when it has one at both,
    # so pad whenever an edge is a space or a backtick (which would join the fence).
    if text[:1] in (" ", "`") or text[-1:] in (" ", "`"):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def html_text(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value."""
    return html.escape(clean(str(value)), quote=True)


def json_text(text: str) -> str:
    """JSON text (as ``json.dumps(ensure_ascii=False)`` wrote it) with no raw C1 or surrogate.

    These characters can only stand inside JSON strings, where a ``\\uXXXX``
    escape means the same character.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
