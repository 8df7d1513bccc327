"""Progress without an archive: the example scored as of every period end."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.reports.progress_support import RUBRICS, example
from wenming.calendar import DateWindow
from wenming.reporters import HTML, JSON, MARKDOWN, TABLE
from wenming.reports.trend import TrendError, build_trend, pass_line_at, step_dates


def test_step_dates_end_each_period_and_keep_the_last_day():
    window = DateWindow(date(2021, 1, 15), date(2021, 5, 10))
    assert step_dates(window, "month") == (date(2021, 1, 31), date(2021, 2, 28),
                                           date(2021, 3, 31), date(2021, 4, 30),
                                           date(2021, 5, 10))
    assert step_dates(window, "quarter") == (date(2021, 3, 31), date(2021, 5, 10))
    weeks = step_dates(DateWindow(date(2021, 6, 1), date(2021, 6, 20)), "week")
    assert weeks == (date(2021, 6, 6), date(2021, 6, 13), date(2021, 6, 20))
    assert all(d.weekday() == 6 for d in weeks)  # Sundays
    with pytest.raises(TrendError, match="fortnight"):
        step_dates(window, "fortnight")


def test_each_point_is_the_scorecard_as_of_that_day():
    scorer, dataset = example()
    trend = build_trend(scorer, dataset, RUBRICS, "quarter", end=date(2021, 12, 31))
    assert trend.dates[0] == date(2020, 6, 30) and trend.end == date(2021, 12, 31)
    assert [r.rubric_id for r in trend.rubrics] == list(RUBRICS)
    for day in (date(2020, 9, 30), date(2021, 6, 30)):
        cards = scorer.score_all(dataset, RUBRICS, day)
        for rubric, card in zip(trend.rubrics, cards, strict=True):
            point = next(p for p in rubric.points if p.as_of == day)
            assert (point.total, point.maximum, point.verdict) == (card.total, card.maximum,
                                                                   card.verdict)
            assert point.line == pass_line_at(card)


def test_pass_line_is_scaled_to_the_points_due_as_the_verdict_scales_it():
    scorer, dataset = example()
    trend = build_trend(scorer, dataset, ["provincial-18"], "quarter", end=date(2021, 12, 31))
    rubric = trend.rubric("provincial-18")
    assert rubric.pass_line == 85 and rubric.nominal == 100
    first = rubric.points[0]
    assert first.maximum == 60 and first.line == pytest.approx(51.0)
    assert rubric.last.line == pytest.approx(85 / 100 * rubric.last.maximum)


def test_items_turning_met_and_no_longer_met():
    scorer, dataset = example()
    trend = build_trend(scorer, dataset, ["provincial-18"], "quarter", end=date(2021, 12, 31))
    points = trend.rubric("provincial-18").points
    # Every item met at the first step is "turning met" then; later only the new ones.
    assert set(points[0].turned_met) == {c for c, i in scorer.score(
        dataset, "provincial-18", points[0].as_of).items.items() if i.state.value == "met"}
    assert points[1].turned_met == ("7",)
    # The 2021 Sanyuesan activity is missing: item 12 stops being met when its window closes.
    june = next(p for p in points if p.as_of == date(2021, 6, 30))
    assert "12" in june.no_longer_met
    seen = [c for p in points for c in p.turned_met]
    assert len(seen) == len(set(seen)) or any(p.no_longer_met for p in points)


def test_trend_renders_in_every_format():
    scorer, dataset = example()
    trend = build_trend(scorer, dataset, ["example"], "month", end=date(2020, 8, 31))
    data = json.loads(JSON.render(trend))
    assert data["schema"] == "wenming.trend/1"
    assert data["dates"] == ["2020-04-30", "2020-05-31", "2020-06-30", "2020-07-31",
                             "2020-08-31"]
    assert data["rubrics"][0]["points"][2]["turned_met"] == ["2"]
    text = TABLE.render(trend, lang="en", width=120)
    assert "2020-06-30" in text and "Pass line" in text
    assert "2 A moral lecture every half-year" in text  # the items legend
    assert "| 2020-07-31 |" in MARKDOWN.render(trend, lang="zh")
    page = HTML.render(trend, lang="zh")
    assert page.count('<svg class="chart trend"') == 1
    assert "<polyline" in page and "<script" not in page and "http" not in page.split(
        "<body>")[1]


def test_the_chart_escapes_text(monkeypatch):
    scorer, dataset = example()
    import attrs

    trend = build_trend(scorer, dataset, ["example"], "quarter", end=date(2020, 12, 31))
    from wenming.model.labels import Label

    evil = Label("<script>alert(1)</script>", "<script>alert(1)</script>")
    trend = attrs.evolve(trend, rubrics=tuple(attrs.evolve(r, title=evil)
                                              for r in trend.rubrics))
    page = HTML.render(trend, lang="en")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_an_end_before_the_start_is_refused():
    scorer, dataset = example()
    with pytest.raises(TrendError):
        build_trend(scorer, dataset, ["example"], "month", start=date(2021, 5, 1),
                    end=date(2021, 4, 1))
