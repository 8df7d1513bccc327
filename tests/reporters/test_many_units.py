"""A province's rectification list names thousands of units: no list per unit then."""

from __future__ import annotations

import io

import attrs
import openpyxl

from wenming.model.labels import Label
from wenming.reporters import _rows as rows
from wenming.reporters.markdown import render as markdown
from wenming.reporters.xlsx import render as xlsx
from wenming.reports import GapList


def _spread(gap_list: GapList, units: int) -> GapList:
    first = gap_list.gaps[0]
    gaps = tuple(attrs.evolve(first, rank=i, unit=f"u{i}", unit_name=Label(f"单位{i}", f"Unit {i}"))
                 for i in range(1, units + 1))
    return attrs.evolve(gap_list, gaps=gaps)


def test_few_units_get_a_sheet_and_a_section_each(gap_list: GapList) -> None:
    few = _spread(gap_list, 3)
    book = openpyxl.load_workbook(io.BytesIO(xlsx(few, "en")))
    assert len(book.sheetnames) >= 4
    assert markdown(few, "en").count("Unit 2") >= 2


def test_many_units_get_the_full_list_with_a_note(gap_list: GapList) -> None:
    many = _spread(gap_list, rows.MAX_UNIT_SECTIONS + 1)
    book = openpyxl.load_workbook(io.BytesIO(xlsx(many, "en")))
    full = book["Rectification list"]
    # the summary, the full list (and the items to assess)
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) <= 3
    notes = [c.value for row in full.iter_rows() for c in row
             if isinstance(c.value, str) and "no sheet per unit" in c.value]
    assert notes and str(rows.MAX_UNIT_SECTIONS + 1) in notes[0]
    assert rows.by_unit(many) == {}
    assert len(rows.by_unit(many, limit=None)) == rows.MAX_UNIT_SECTIONS + 1
