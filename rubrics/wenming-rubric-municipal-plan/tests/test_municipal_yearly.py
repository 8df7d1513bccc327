"""The ``yearly`` criterion type's windows, on their own."""

from __future__ import annotations

from datetime import date

import pytest
from wenming_rubric_municipal_plan.yearly import YearlyParams, year_windows

from wenming.calendar import DateWindow, parse_window


def _windows(at: str, campaign: str, **months: int) -> list[tuple[int, str]]:
    params = YearlyParams(kinds=("annual-plan",), at=at, **months)  # type: ignore[arg-type]
    return [(y, str(w)) for y, w in year_windows(params, parse_window(campaign))]


def test_start_of_year_windows_follow_the_campaign() -> None:
    # The first year opens with the campaign (April 2020); later years on 1 January.
    assert _windows("start", "2020.04-2021.12") == [
        (2020, str(DateWindow(date(2020, 3, 1), date(2020, 6, 30)))),
        (2021, str(DateWindow(date(2020, 12, 1), date(2021, 3, 31)))),
    ]


def test_end_of_year_windows_close_the_year_and_stop_at_the_campaign_end() -> None:
    assert _windows("end", "2022.01-2024.12") == [
        (2022, str(DateWindow(date(2022, 12, 1), date(2023, 1, 31)))),
        (2023, str(DateWindow(date(2023, 12, 1), date(2024, 1, 31)))),
        (2024, str(DateWindow(date(2024, 12, 1), date(2024, 12, 31)))),
    ]
    # A campaign ending mid-year asks no summary of that year.
    assert [y for y, _ in _windows("end", "2022.01-2024.06")] == [2022, 2023]


def test_whole_year_windows_are_the_campaign_part_of_each_year() -> None:
    assert _windows("year", "2020.04-2021.12") == [
        (2020, str(DateWindow(date(2020, 4, 1), date(2020, 12, 31)))),
        (2021, str(DateWindow(date(2021, 1, 1), date(2021, 12, 31)))),
    ]


def test_months_are_tunable() -> None:
    assert _windows("end", "2020.01-2021.12", before=0, after=2)[0] == (
        2020, str(DateWindow(date(2021, 1, 1), date(2021, 2, 28))))
    # Opening on 1 January, the last year's window starts after the campaign and is kept whole.
    assert _windows("end", "2020.01-2021.12", before=0, after=2)[1] == (
        2021, str(DateWindow(date(2022, 1, 1), date(2022, 2, 28))))


@pytest.mark.parametrize(("values", "message"), [
    ({"at": "middle"}, "start, end, year"),
    ({"at": "year", "before": 1}, "whole year"),
    ({"before": 13}, "0 to 12"),
    ({"unit_kinds": ["ministry"]}, "bureau"),
])
def test_bad_parameters_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        YearlyParams(kinds=("annual-plan",), **values)  # type: ignore[arg-type]


def test_rubrics_show_says_months_not_festival_days() -> None:
    # #23: before/after of a yearly criterion are months around the year boundary; the
    # generic words for before/after ("节前 N 天") read them as festival days.
    from wenming_rubric_municipal_plan import plugin

    from wenming.rubric.trace import trace_rows
    from wenming.testing import make_host

    host = make_host(plugin)
    rows = {r.id: r for r in trace_rows(host.rubrics()["municipal-plan"],
                                        host.criterion_types(), host.vocabulary())}
    summaries = rows["S3.summaries"].requirement
    assert "年末前 2 个月至次年 1 个月内" in summaries.zh and "天" not in summaries.zh
    assert "2 month(s) before its end to 1 month(s) into the next" in summaries.en
    assert "年终总结（annual-summary）" in summaries.zh
    assert "年初前 1 个月至年初后 3 个月内" in rows["S3.plans"].requirement.zh
