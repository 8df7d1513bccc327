"""Nothing in the data runs when a report is opened: every reporter on hostile strings.

The campaign in :mod:`tests.reporters.hostile` puts formulas, HTML, links,
Markdown and terminal escapes in every free-text field a report shows. Each
format is read back the way a person would meet it — CSV and XLSX parsed,
Markdown rendered to HTML, HTML parsed — and the attack must arrive as
visible text, never as a formula, a tag, an attribute or a control sequence.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import attrs
import pytest
import wcwidth
from openpyxl import load_workbook

from tests.reporters import hostile
from tests.reporters.hostile import (
    AT,
    BREAKOUT,
    CONTROL,
    CR,
    ERROR,
    FORMULA,
    LINKS,
    MARKUP,
    MINUS,
    PLUS,
    SCRIPT,
    TAB,
)
from tests.reporters.test_xlsx import header_row, table
from wenming.model import Label
from wenming.reporters import CSV, HTML, JSON, MARKDOWN, TABLE, XLSX
from wenming.reporters.csv_format import BOM
from wenming.reporters.safety import (
    STAND_IN,
    clean,
    csv_cell,
    formula_like,
    json_text,
    markdown,
    markdown_code,
)
from wenming.reports import ScoreReport

KINDS = ("score", "gaps", "comparison", "timeline")
LANGS = ("zh", "en")
#: Controls that must never reach a terminal, renderer or workbook raw.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What the ESC sequences of CONTROL look like once neutralised.
SHOWN_CONTROL = f"bad{STAND_IN * 3}[31mred{STAND_IN}[0m{STAND_IN}2J{STAND_IN * 2}end"
#: Which hostile strings each report shows in each language (the fields differ by language).
SHOWN = {
    ("score", "zh"): (FORMULA, PLUS, MINUS, AT, ERROR, SCRIPT, CONTROL),
    ("score", "en"): (FORMULA, PLUS, MINUS, AT, CR, SCRIPT, BREAKOUT, LINKS, MARKUP, CONTROL),
    ("gaps", "zh"): (FORMULA, PLUS, MINUS, AT, ERROR, SCRIPT),
    ("gaps", "en"): (FORMULA, PLUS, MINUS, AT, BREAKOUT, LINKS, CONTROL),
    ("comparison", "zh"): (FORMULA, PLUS, SCRIPT, LINKS, CONTROL),
    ("comparison", "en"): (FORMULA, PLUS, SCRIPT, LINKS, MARKUP, CONTROL),
    ("timeline", "zh"): (FORMULA, PLUS, ERROR, SCRIPT, LINKS, CONTROL),
    ("timeline", "en"): (FORMULA, PLUS, MINUS, AT, CR, SCRIPT, BREAKOUT, LINKS, MARKUP, CONTROL),
}
CASES = [(kind, lang) for kind in KINDS for lang in LANGS]


@pytest.fixture(scope="module")
def reports():
    return hostile.reports()


class _Page(HTMLParser):
    """Every tag with its attributes, and every text node, of an HTML document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def shows(self, text: str) -> bool:
        return any(clean(text) in node for node in self.texts)


def _no_active_content(page: _Page) -> None:
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "a", "img", "iframe", "object", "embed", "form", "link"}
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in ("href", "src", "xlink:href", "action"), (tag, name, value)
            assert "javascript:" not in (value or ""), (tag, name, value)


# -- table -------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_table_shows_escapes_as_text_and_stays_aligned(reports, kind, lang):
    # Wide enough that no cell wraps, so each hostile string is shown on one line.
    text = TABLE.render(reports[kind], lang=lang, width=1000)
    assert not RAW_CONTROL.search(text)
    if CONTROL in SHOWN[(kind, lang)]:
        assert SHOWN_CONTROL in text
    # A table's lines are all as wide as its rule: a control character would
    # have had no width (wcswidth -1) and broken the columns.
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if len(lines) > 1 and set(lines[1].strip()) <= {"-", " "} and lines[1].strip():
            widths = {wcwidth.wcswidth(line) for line in lines}
            assert len(widths) == 1 and widths.pop() > 0, block


# -- markdown ----------------------------------------------------------------
_ALLOWED_MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "br", "table",
                          "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_markdown_renders_data_as_text(reports, kind, lang):
    md = pytest.importorskip("markdown")
    pytest.importorskip("pymdownx")
    source = MARKDOWN.render(reports[kind], lang=lang)
    assert not RAW_CONTROL.search(source)
    # Brackets of data are escaped, so no "[text](url)" link can form.
    assert "](javascript:" not in source.replace("\\](", "")
    # Tables, strikethrough and every backslash escape, as GitHub renders them.
    page = _Page(md.markdown(source, extensions=["tables", "pymdownx.tilde",
                                                 "pymdownx.escapeall"]))
    _no_active_content(page)
    assert {tag for tag, _ in page.tags} <= _ALLOWED_MARKDOWN_TAGS
    for tag, attributes in page.tags:
        assert set(attributes) <= ({"style"} if tag in ("th", "td") else set()), tag
    for shown in SHOWN[(kind, lang)]:
        assert page.shows(shown), shown


def test_markdown_table_cells_hold_their_pipes(reports):
    source = MARKDOWN.render(reports["comparison"], lang="en")
    rows = [line for line in source.splitlines() if line.startswith("| evil | A |")]
    assert len(rows) == 1
    # An unescaped pipe would add a seventh cell; escaped ones are "\|".
    assert len(re.split(r"(?<!\\)\|", rows[0])) == 6 + 2


# -- csv ---------------------------------------------------------------------
def _csv(gaps, lang: str) -> list[dict[str, str]]:
    text = CSV.render(gaps, lang=lang)
    assert text.startswith(BOM)
    assert not RAW_CONTROL.search(text.replace("\r\n", "\n"))
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("lang", LANGS)
def test_csv_cells_never_start_a_formula(reports, lang):
    body = _csv(reports["gaps"], lang)
    assert body
    for row in body:
        for header, cell in row.items():
            assert not formula_like(cell), (header, cell)


def test_csv_neutralises_with_a_quote_and_keeps_numbers(reports):
    zh = _csv(reports["gaps"], "zh")
    en = _csv(reports["gaps"], "en")
    evil_zh = next(r for r in zh if r["单位编号"] == "evil")
    assert evil_zh["责任单位"] == "'" + FORMULA + SCRIPT
    assert evil_zh["整改措施"] == "'" + FORMULA
    formula_unit = next(r for r in zh if r["单位编号"] == "'=cmd")
    assert formula_unit["责任单位"] == "'" + MINUS
    evil_en = next(r for r in en if r["Unit id"] == "evil")
    assert evil_en["Responsible unit"] == SHOWN_CONTROL + AT
    assert evil_en["Remediation"] == "'" + TAB + SCRIPT
    for row in zh:
        assert float(row["可挽回分值 evil"]) > 0 and float(row["合计可挽回"]) > 0
        assert row["序号"].isdigit()


# -- json --------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_json_keeps_data_exactly_but_nothing_raw(reports, kind):
    text = JSON.render(reports[kind])
    assert not RAW_CONTROL.search(text.replace("\n", ""))
    assert "\\u001b[31m" in text and "\\u009b" in text and "\\u007f" in text
    data = json.loads(text)
    strings = set(_strings(data))
    assert any(CONTROL in s for s in strings)
    assert any(FORMULA in s for s in strings) and any(SCRIPT in s for s in strings)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_json_of_the_hostile_units_round_trips(reports):
    data = json.loads(JSON.render(reports["score"]))
    assert data["units"]["evil"] == {"zh": FORMULA + SCRIPT, "en": CONTROL + AT}
    assert data["dataset_title"] == {"zh": SCRIPT + ERROR, "en": FORMULA}


# -- html --------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_html_escapes_every_data_path(reports, kind, lang):
    text = HTML.render(reports[kind], lang=lang)
    assert not RAW_CONTROL.search(text)
    page = _Page(text)
    _no_active_content(page)
    assert [tag for tag, _ in page.tags].count("svg") >= 1
    for shown in SHOWN[(kind, lang)]:
        assert page.shows(shown), shown


def test_html_attribute_breakout_is_quoted():
    report = hostile.reports()["score"]
    text = HTML.render(ScoreReport(report.cards, Label(BREAKOUT, BREAKOUT),
                                   report.as_of), lang="en")
    assert 'onmouseover="alert(3)"' not in text
    # Jinja2 (markupsafe) writes a quote as &#34;
    assert "&#34; onmouseover=&#34;alert(3)&#34; x=&#34;" in text


# -- xlsx --------------------------------------------------------------------
def _book(report, lang):
    data = XLSX.render(report, lang=lang)
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_xlsx_writes_text_as_text(reports, kind, lang):
    book = _book(reports[kind], lang)
    texts = []
    for sheet in book.worksheets:
        assert not RAW_CONTROL.search(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate,
                                                          cell.value)
                if isinstance(cell.value, str):
                    assert not RAW_CONTROL.search(cell.value), cell.value
                    texts.append(cell.value)
                    if formula_like(cell.value):
                        assert cell.quotePrefix, cell.value
    # The workbook's comparison lists used records only; CONTROL and SCRIPT
    # are ids of unused ones (shown by the other formats).
    skip = {"zh": (CONTROL,), "en": (SCRIPT,)}[lang] if kind == "comparison" else ()
    for shown in SHOWN[(kind, lang)]:
        if shown not in skip:
            assert any(clean(shown) in t for t in texts), shown


def test_xlsx_hostile_cells_read_back_literally(reports):
    book = _book(reports["gaps"], "zh")
    rows = table(book["整改清单"])
    evil = next(r for r in rows if r["单位编号"] == "evil")
    assert evil["责任单位"] == FORMULA + SCRIPT and evil["整改措施"] == FORMULA
    assert next(r for r in rows if r["单位编号"] == "=cmd")["责任单位"] == MINUS
    assert isinstance(evil["合计可挽回"], int | float) and evil["合计可挽回"] > 0
    timeline = _book(reports["timeline"], "zh")["阶段进度"]
    phases = [r[0] for r in timeline.iter_rows(min_row=2, values_only=True)]
    assert SCRIPT in phases and ERROR in phases and TAB in phases
    assert timeline.cell(row=2, column=6).value == clean(CONTROL)


def test_xlsx_negative_points_stay_numbers(reports):
    card = reports["score"].cards[0]
    item = attrs.evolve(card.items["1"], points=-2.5)
    card = attrs.evolve(card, items={**card.items, "1": item}, total=-1.5)
    sheet = _book(ScoreReport.of([card]), "en").worksheets[0]
    top = header_row(sheet)
    row = next(r for r in sheet.iter_rows(min_row=top + 1) if r[1].value == 1)
    assert row[3].value == -2.5 and row[3].data_type == "n"
    assert sheet.cell(row=2, column=2).value == -1.5  # the total, at the top
    total = next(r for r in sheet.iter_rows(min_row=top + 1) if r[0].value == "Total")
    assert total[3].value == -1.5 and total[3].data_type == "n"


# -- the shared helpers ------------------------------------------------------
def test_clean_replaces_controls_but_keeps_newline_and_tab():
    assert clean("a\tb\nc") == "a\tb\nc"
    assert clean("a\r\nb") == "a\nb"
    assert clean("a\rb\x00c\x1b[0m\x85\x7f\ud800\uffff") == \
        "a\ufffdb\ufffdc\ufffd[0m\ufffd\ufffd\ufffd\ufffd"
    assert clean("中文 text") == "中文 text"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "\ufffd=1"), ("-2", "-2"), ("+1.5", "+1.5"), ("-1e3", "-1e3"),
    ("-", "'-"), (-2.5, "-2.5"), (3, "3"), ("a=b", "a=b"), ("'=x", "'=x"),
])
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_markdown_escapes():
    assert markdown("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert markdown("a|b\nc") == "a\\|b<br>c"
    assert markdown("# [x](y) `z` *w*") == "\\# \\[x\\](y) \\`z\\` \\*w\\*"
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`a") == "`` `a ``"
    assert markdown_code("") == ""


def test_json_text_escapes_only_what_json_left_raw():
    raw = json.dumps({"k": "a\x1b\x9b\x7f\ud800中"}, ensure_ascii=False)
    escaped = json_text(raw)
    assert "\x9b" not in escaped and "\ud800" not in escaped
    assert json.loads(escaped) == {"k": "a\x1b\x9b\x7f\ud800中"}
    assert escaped.encode("utf-8")
