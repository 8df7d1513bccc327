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
    name_cell,
    percent_cell,
    text_cell,
    title_cell,
    visible,
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


@pytest.mark.parametrize("cell", ["①", "²", "30²", "١٢", "1" * 5000, 10**30, 1e20, "1e20",
                                  100_000_001, "100000001", 2.0**64])
def test_counts_beyond_digits_and_bounds_are_refused(cell: object) -> None:
    with pytest.raises(CellError) as info:
        count_cell(cell)
    assert info.value.expected is not None and "at most 100,000,000" in info.value.expected


def test_counts_at_the_bound_are_read() -> None:
    assert count_cell("100000000") == 100_000_000
    assert count_cell("１２人") == 12  # full-width digits from a Chinese input method


@pytest.mark.parametrize("cell", ["①", "²", "١٢", 10**400, 1e20, "1" * 400, 1e12 + 1])
def test_amounts_beyond_ascii_and_bounds_are_refused(cell: object) -> None:
    with pytest.raises(CellError) as info:
        amount_cell(cell)
    assert info.value.message.startswith("amount")


def test_percent_of_a_huge_int_is_refused() -> None:
    with pytest.raises(CellError, match="0 to 100"):
        percent_cell(10**400)


@pytest.mark.parametrize("cell", ["a\x00b", "a\vb", "\x1b[31mred", "a\nb", "a\tb", "\u202eabc",
                                  "x\x85y"])
def test_names_and_ids_refuse_control_characters(cell: str) -> None:
    for parse in (id_cell, name_cell):
        with pytest.raises(CellError) as info:
            parse(cell)
        assert "control character" in info.value.message
        assert "\\" in str(info.value.value)  # spelled out, safe to print


def test_titles_keep_line_breaks_and_tabs_but_not_other_controls() -> None:
    assert title_cell("第一行\n第二行\t备注") == "第一行\n第二行\t备注"
    assert title_cell("全角　空格") == "全角　空格"
    for bad in ("a\x00b", "a\vb", "\x1b[2J"):
        with pytest.raises(CellError, match="control character"):
            title_cell(bad)


def test_text_length_is_capped() -> None:
    assert len(title_cell("字" * 32_767)) == 32_767
    with pytest.raises(CellError, match="too long"):
        title_cell("字" * 32_768)
    with pytest.raises(CellError, match="too long"):
        id_cell("x" * 201)
    with pytest.raises(CellError, match="too long"):
        list_cell("a;" * 20_000, TAG_SEPARATORS)


def test_visible_spells_out_controls_and_shortens() -> None:
    assert visible("a\x1bb") == "a\\x1bb"
    assert len(visible("x" * 1000)) == 80
