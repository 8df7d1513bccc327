from datetime import date, datetime

import pendulum
import pytest

import wenming.calendar as cal
from wenming.calendar import (
    CAMPAIGN_TZ,
    DateWindow,
    WindowFormatError,
    month_window,
    parse_date,
    parse_window,
    year_window,
)


def test_public_names_are_exported() -> None:
    for name in cal.__all__:
        assert hasattr(cal, name), name
    assert "parse_window" in cal.__all__


def test_campaign_timezone_is_shanghai() -> None:
    assert CAMPAIGN_TZ == "Asia/Shanghai"
    assert pendulum.timezone(CAMPAIGN_TZ).name == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020.04-2020.05", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020.06-2021.07", date(2020, 6, 1), date(2021, 7, 31)),
        ("2020.04", date(2020, 4, 1), date(2020, 4, 30)),
        ("2020-04", date(2020, 4, 1), date(2020, 4, 30)),
        ("2020/4", date(2020, 4, 1), date(2020, 4, 30)),
        ("2020年4月-2020年5月", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020年4月", date(2020, 4, 1), date(2020, 4, 30)),
        ("2020-04-01..2020-05-31", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020-04-01/2020-05-31", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020-04-01~2020-05-31", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020.4.1-2020.5.31", date(2020, 4, 1), date(2020, 5, 31)),
        ("2020-04-01", date(2020, 4, 1), date(2020, 4, 1)),
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021年", date(2021, 1, 1), date(2021, 12, 31)),
        ("2020年4月1日至2020年5月31日", date(2020, 4, 1), date(2020, 5, 31)),
        ("20200401-20200531", date(2020, 4, 1), date(2020, 5, 31)),
        ("2024.02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2100.02", date(2100, 2, 1), date(2100, 2, 28)),
        ("2020.12-2021.01", date(2020, 12, 1), date(2021, 1, 31)),
    ],
)
def test_parse_window_accepted_forms(text: str, start: date, end: date) -> None:
    assert parse_window(text) == DateWindow(start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2020.04–2020.05",
        "2020.04—2020.05",
        "2020.04——2020.05",
        "2020.04～2020.05",
        "2020.04〜2020.05",
        "2020.04至2020.05",
        "2020.04 - 2020.05",
        "  2020.04-2020.05\n",
        "２０２０．０４－２０２０．０５",
    ],
)
def test_parse_window_tolerates_dash_and_width_variants(text: str) -> None:
    assert parse_window(text) == DateWindow(date(2020, 4, 1), date(2020, 5, 31))


def test_shared_boundary_month_belongs_to_both_windows() -> None:
    spring = parse_window("2020.04-2020.05")
    summer = parse_window("2020.05-2020.06")
    mid_may = date(2020, 5, 15)
    assert spring.contains(mid_may)
    assert summer.contains(mid_may)
    assert spring.overlaps(summer)
    assert spring.clip(summer) == month_window(2020, 5)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2021-02-30", "not a real date"),
        ("2021-02-30..2021-03-31", "not a real date"),
        ("2020.13", "no such month"),
        ("2020年13月", "no such month"),
        ("2020.04-2020.13", "no such month"),
        ("2020.05-2020.04", "before start"),
        ("2020-05-31..2020-05-01", "before start"),
        ("garbage", "unrecognised"),
        ("", "unrecognised"),
        ("2020-04-01..", "unrecognised"),
        ("2020.4-1", "unrecognised"),
        ("04/2020", "unrecognised"),
        ("2020-04-01T00:00", "unrecognised"),
    ],
)
def test_parse_window_rejects_bad_text(text: str, fragment: str) -> None:
    with pytest.raises(WindowFormatError) as info:
        parse_window(text)
    message = str(info.value)
    assert repr(text) in message
    assert fragment in message
    assert "accepted forms" in message
    assert "2020.04-2020.05" in message
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "text", ["2021-02-03", "2021/2/3", "2021.2.3", "2021年2月3日", "20210203", " 2021-2-3 "]
)
def test_parse_date_accepted_forms(text: str) -> None:
    parsed = parse_date(text)
    assert parsed == date(2021, 2, 3)
    assert type(parsed) is date


def test_parse_date_leap_day() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(WindowFormatError, match="not a real date"):
        parse_date("2100-02-29")


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-30",
        "20210230",
        "2021年2月30日",
        "2021-13-01",
        "2021-2",
        "2021/2.3",
        "2021-02-03..2021-02-04",
        "2021-02-03T10:00",
        "3/2/2021",
        "tomorrow",
        "",
    ],
)
def test_parse_date_rejects_everything_else(text: str) -> None:
    with pytest.raises(WindowFormatError) as info:
        parse_date(text)
    message = str(info.value)
    assert repr(text) in message
    for form in ("2021-02-03", "2021/2/3", "2021.2.3", "2021年2月3日", "20210203"):
        assert form in message


def test_window_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="before its start"):
        DateWindow(date(2020, 5, 2), date(2020, 5, 1))


def test_window_rejects_datetimes_and_flattens_pendulum_dates() -> None:
    with pytest.raises(TypeError):
        DateWindow(datetime(2020, 1, 1), date(2020, 1, 2))
    window = DateWindow(pendulum.date(2020, 1, 1), pendulum.date(2020, 1, 2))
    assert type(window.start) is date
    assert type(window.end) is date


def test_window_basics() -> None:
    window = DateWindow(date(2020, 4, 1), date(2020, 5, 31))
    assert window.days == 61
    assert str(window) == "2020-04-01..2020-05-31"
    assert window.contains(date(2020, 4, 1))
    assert window.contains(date(2020, 5, 31))
    assert not window.contains(date(2020, 3, 31))
    assert not window.contains(date(2020, 6, 1))
    assert DateWindow(date(2020, 1, 1), date(2020, 1, 1)).days == 1


def test_window_overlap_and_clip() -> None:
    first = DateWindow(date(2020, 1, 1), date(2020, 6, 30))
    touching = DateWindow(date(2020, 6, 30), date(2020, 12, 31))
    later = DateWindow(date(2020, 7, 1), date(2020, 12, 31))
    assert first.overlaps(touching)
    assert first.clip(touching) == DateWindow(date(2020, 6, 30), date(2020, 6, 30))
    assert not first.overlaps(later)
    assert first.clip(later) is None
    inner = DateWindow(date(2020, 3, 1), date(2020, 3, 5))
    assert first.clip(inner) == inner
    assert inner.clip(first) == inner


def test_window_months_cross_year_and_month_ends() -> None:
    window = DateWindow(date(2020, 11, 30), date(2021, 2, 1))
    assert window.months() == ((2020, 11), (2020, 12), (2021, 1), (2021, 2))
    # Starting on the 31st must not skip a short month.
    assert DateWindow(date(2021, 1, 31), date(2021, 3, 1)).months() == (
        (2021, 1),
        (2021, 2),
        (2021, 3),
    )
    assert DateWindow(date(2020, 5, 15), date(2020, 5, 16)).months() == ((2020, 5),)


def test_month_and_year_windows() -> None:
    assert month_window(2024, 2) == DateWindow(date(2024, 2, 1), date(2024, 2, 29))
    assert month_window(2028, 2).end == date(2028, 2, 29)
    assert month_window(2100, 2).end == date(2100, 2, 28)
    assert month_window(2023, 2).end == date(2023, 2, 28)
    assert month_window(2020, 12).end == date(2020, 12, 31)
    assert year_window(2024).days == 366
    assert year_window(2100).days == 365
