"""XLSX of the progress reports (trend, agenda, plan, what-if), and the sections page.

Each workbook is reopened with openpyxl: the sheets a clerk expects, numbers
and dates with their types, a native line chart for the trend, and hostile
text from the data written as text, never as a formula.
"""

from __future__ import annotations

import html
import io
from datetime import date, datetime
from html.parser import HTMLParser

import attrs
import openpyxl
import pytest
from openpyxl.chart import LineChart

from tests.reporters.hostile import FORMULA
from tests.reports.progress_support import RUBRICS, example
from wenming.model import Label
from wenming.reporters import XLSX
from wenming.reporters._rows import MAX_UNIT_SECTIONS
from wenming.reporters.html import sections_page
from wenming.reports.agenda import build_agenda
from wenming.reports.plan import build_plan, build_what_if
from wenming.reports.trend import build_trend

SCRIPT = "<script>alert(1)</script>"
HOSTILE = Label(f"{FORMULA} {SCRIPT}", f"{FORMULA} {SCRIPT}")


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _no_formulas(book: openpyxl.Workbook) -> list[str]:
    """Every text cell; fails on any formula cell."""
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _table(sheet, first_header: str) -> tuple[list[str], list[tuple]]:
    """The header row starting with ``first_header`` and the rows under it."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == first_header)
    body = []
    for row in rows[at + 1:]:  # up to the first empty row (a note may follow)
        if all(v is None for v in row):
            break
        body.append(row)
    return list(rows[at]), body


def test_trend_workbook_has_a_tidy_sheet_and_a_native_line_chart():
    scorer, dataset = example()
    trend = build_trend(scorer, dataset, RUBRICS, "quarter", end=date(2021, 12, 31))
    trend = attrs.evolve(trend, dataset_title=HOSTILE)
    book = _open(XLSX.render(trend, lang="en"))
    assert book.sheetnames == ["Progress over time", "Chart"]
    headers, body = _table(book["Progress over time"], "Rubric")
    assert headers[:6] == ["Rubric", "Rubric title", "Date", "Total", "Maximum", "Pass line"]
    assert len(body) == sum(len(r.points) for r in trend.rubrics)
    first = trend.rubrics[0].points[0]
    assert body[0][0] == RUBRICS[0] and body[0][2] == datetime(2020, 6, 30)
    assert body[0][3] == pytest.approx(first.total) and isinstance(body[0][3], int | float)
    assert all(isinstance(r[7], int) and isinstance(r[8], int) for r in body)
    charts = book["Chart"]._charts
    assert len(charts) == len(RUBRICS)
    assert all(isinstance(c, LineChart) and len(c.series) == 2 for c in charts)
    # The chart reads the total and the pass line of its own rubric's rows.
    refs = [s.val.numRef.f for s in charts[1].series]
    assert refs[0].endswith(f"$D${_row(book, RUBRICS[1], 'first')}:$D$"
                            f"{_row(book, RUBRICS[1], 'last')}")
    assert "$F$" in refs[1]
    assert f"{FORMULA} {SCRIPT}" in _no_formulas(book)


def _row(book: openpyxl.Workbook, rubric: str, which: str) -> int:
    sheet = book["Progress over time"]
    rows = [c.row for c in sheet["A"] if c.value == rubric]
    return rows[0] if which == "first" else rows[-1]


def test_agenda_workbook_has_a_checklist_per_unit():
    scorer, dataset = example()
    day = date(2021, 6, 1)
    cards = scorer.score_all(dataset, RUBRICS, day)
    agenda = attrs.evolve(build_agenda(cards, dataset, day, 90, scorer.rubrics),
                          dataset_title=HOSTILE)
    book = _open(XLSX.render(agenda, lang="zh"))
    units = agenda.by_unit()
    assert units and book.sheetnames[0] == "到期事项"
    assert len(book.sheetnames) == 1 + len(units)
    headers, body = _table(book["到期事项"], "截止日")
    assert len(body) == len(agenda.entries)
    assert all(isinstance(r[0], datetime) for r in body)
    combined = headers.index("合计")
    assert [r[combined] for r in body] == pytest.approx([e.combined for e in agenda.entries])
    first_unit = next(iter(units.values()))
    checklist = book[book.sheetnames[1]]
    headers, body = _table(checklist, "完成")
    assert len(body) == len(first_unit) and headers[1] == "截止日"
    _no_formulas(book)


def test_agenda_beyond_the_unit_cap_has_no_sheet_per_unit(monkeypatch):
    scorer, dataset = example()
    day = date(2021, 6, 1)
    agenda = build_agenda(scorer.score_all(dataset, RUBRICS, day), dataset, day, 190,
                          scorer.rubrics)
    assert len(agenda.by_unit()) > 1
    from wenming.reporters import progress

    monkeypatch.setattr(progress, "MAX_UNIT_SECTIONS", 1)
    book = _open(XLSX.render(agenda, lang="en"))
    assert book.sheetnames == ["Agenda"]
    assert any("filter the unit column" in t for t in _no_formulas(book))
    assert MAX_UNIT_SECTIONS == 200


def test_plan_workbook_lists_activities_projection_and_lost_points():
    scorer, dataset = example()
    plan = build_plan(scorer, dataset, date(2021, 1, 15), date(2021, 12, 31), "full", RUBRICS)
    assert plan.activities and plan.lost
    book = _open(XLSX.render(attrs.evolve(plan, dataset_title=HOSTILE), lang="en"))
    assert book.sheetnames == ["Plan", "Proposed activities", "Lost"]
    _, projection = _table(book["Plan"], "Rubric")
    assert [r[0] for r in projection] == list(RUBRICS)
    assert [r[4] for r in projection] == pytest.approx([c.total for c in plan.after])
    headers, activities = _table(book["Proposed activities"], "No.")
    assert [r[0] for r in activities] == [a.rank for a in plan.activities]
    assert all(isinstance(r[headers.index("Deadline")], datetime) for r in activities)
    headers, lost = _table(book["Lost"], "What")
    assert sum(r[headers.index("Combined")] for r in lost) == pytest.approx(
        sum(e.combined for e in plan.lost))
    _no_formulas(book)


def test_what_if_workbook_keeps_hostile_titles_as_text():
    from wenming.model import Evidence

    scorer, dataset = example()
    extra = [Evidence(id="WI-1", unit="office", kind="moral-lecture", date=date(2021, 12, 10),
                      title=FORMULA, filed=date(2021, 12, 11))]
    report = build_what_if(scorer, dataset, extra, date(2021, 12, 31), RUBRICS)
    book = _open(XLSX.render(report, lang="en"))
    assert book.sheetnames == ["What if", "Item changes", "Hypothetical records"]
    _, rubrics = _table(book["What if"], "Rubric")
    assert [r[8] for r in rubrics] == pytest.approx([c.delta for c in report.rubrics])
    _, items = _table(book["Item changes"], "Rubric")
    assert items and all(isinstance(r[7], int | float) for r in items)
    record = book["Hypothetical records"]["E2"]
    assert record.value == FORMULA and record.data_type == "s" and record.quotePrefix
    _no_formulas(book)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_sections_page_escapes_every_value():
    page = sections_page(SCRIPT, [(SCRIPT, ["a", SCRIPT], [["1", SCRIPT]]),
                                  ("notes", [], [[SCRIPT]])], "en", notes=[SCRIPT])
    parser = _Text()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.tags.count("table") == 1 and parser.tags.count("h2") == 2
    assert "".join(parser.text).count(SCRIPT) >= 5
    assert html.escape(SCRIPT) in page
