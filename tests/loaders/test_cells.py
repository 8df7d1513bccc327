"""The strict cell parsers on their own."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wenming.loaders.cells import (
    EMPTY,
    REF_SEPARATORS,
    TAG_SEPARATORS,
    CellError,
    amount_cell,
    count_cell,
    date_cell,
    id_cell,
    list_cell,
    percent_cell,
    text_cell,
)


@pytest.mark.parametrize(("cell", "expected"), [
    ("2021-02-03", date(2021, 2, 3)), ("2021/2/3", date(2021, 2, 3)),
    ("2021.2.3", date(2021, 2, 3)), ("2021年2月3日", date(2021, 2, 3)),
    (" 2021-02-03 ", date(2021, 2, 3)), ("２０２１-０２-０３", date(2021, 2, 3)),
    (datetime(2021, 2, 3, 10, 0), date(2021, 2, 3)), (date(2021, 2, 3), date(2021, 2, 3)),
])
def test_dates(cell: object, expected: date) -> None:
    got = date_cell(cell)
    assert got == expected
    assert type(got) is date


@pytest.mark.parametrize(("cell", "start"), [
    ("2021-02-30", "not a real date"), ("2021-2-29", "not a real date"),
    (2020.1, "a number where a date belongs"), (44230, "a number where a date belongs"),
    ("2020.1", "a number where a date belongs"), ("", "required cell is empty"),
    (None, "required cell is empty"), (True, "not a date"), ("2021-W05-3", "not a date"),
])
def test_bad_dates(cell: object, start: str) -> None:
    with pytest.raises(CellError) as info:
        date_cell(cell)
    assert info.value.message.startswith(start)


def test_spreadsheet_number_message_explains_the_fix() -> None:
    with pytest.raises(CellError) as info:
        date_cell(2020.1)
    assert "a spreadsheet probably converted the date to a number" in info.value.message
    assert "format the column as text" in (info.value.expected or "")
    assert info.value.value == 2020.1


@pytest.mark.parametrize(("cell", "expected"), [
    ("1200", 1200.0), ("1,200.50", 1200.5), ("¥1200", 1200.0), ("1200元", 1200.0),
    ("1200.00 元", 1200.0), (1200, 1200.0), (99.5, 99.5), ("￥ 12,345", 12345.0),
])
def test_amounts(cell: object, expected: float) -> None:
    assert amount_cell(cell) == pytest.approx(expected)


@pytest.mark.parametrize("cell", ["一千元", "12,5x", "1,2345", "nan", "inf", "1e3", True, "¥-5",
                                  -1, float("nan")])
def test_bad_amounts(cell: object) -> None:
    with pytest.raises(CellError) as info:
        amount_cell(cell)
    assert info.value.message.startswith("amount")


@pytest.mark.parametrize(("cell", "expected"), [("12", 12), (12, 12), (12.0, 12), ("30人", 30),
                                                ("0", 0), ("1,200", 1200)])
def test_counts(cell: object, expected: int) -> None:
    assert count_cell(cell) == expected


@pytest.mark.parametrize("cell", ["-1", -1, 2.5, "2.5", "三十", True, "12 apples"])
def test_bad_counts(cell: object) -> None:
    with pytest.raises(CellError, match="non-negative whole number"):
        count_cell(cell)


@pytest.mark.parametrize(("cell", "expected"), [("92.5", 92.5), ("92.5%", 92.5), (100, 100.0),
                                                (0, 0.0)])
def test_percentages(cell: object, expected: float) -> None:
    assert percent_cell(cell) == expected


@pytest.mark.parametrize("cell", ["101", -1, "九十", "50%%"])
def test_bad_percentages(cell: object) -> None:
    with pytest.raises(CellError, match="0 to 100"):
        percent_cell(cell)


def test_lists() -> None:
    assert list_cell("a;b；c，d、e,f", TAG_SEPARATORS) == ("a", "b", "c", "d", "e", "f")
    assert list_cell(" a ;; b ", TAG_SEPARATORS) == ("a", "b")
    assert list_cell("一、2；三.4", REF_SEPARATORS) == ("一、2", "三.4")
    assert list_cell(["x", " y ", ""], TAG_SEPARATORS) == ("x", "y")
    assert list_cell(None, TAG_SEPARATORS) == ()
    with pytest.raises(CellError):
        list_cell([{"a": 1}], TAG_SEPARATORS)


def test_text_and_ids() -> None:
    assert text_cell(7.0) == "7"
    assert text_cell(None) == ""
    assert text_cell("  x ") == "x"
    assert id_cell(12) == "12"
    with pytest.raises(CellError) as info:
        id_cell("   ")
    assert info.value.message == EMPTY
