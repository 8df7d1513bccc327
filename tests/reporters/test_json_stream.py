"""The streamed JSON (what ``-o FILE`` writes) holds exactly the data ``render`` gives."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from wenming.reporters.json_format import JSON, render, stream
from wenming.reports import ScoreReport


def _streamed(report: object) -> Any:
    handle = io.BytesIO()
    stream(report, "zh", handle)
    return json.loads(handle.getvalue().decode("utf-8"))


def test_score_report_streams_the_rendered_data(score_report: ScoreReport) -> None:
    assert _streamed(score_report) == json.loads(render(score_report))


def test_scorecards_alone_stream_the_rendered_data(score_report: ScoreReport) -> None:
    cards = list(score_report.cards)
    assert _streamed(cards) == json.loads(render(cards))


@pytest.mark.parametrize("name", ["gap_list", "comparison", "timeline"])
def test_other_reports_stream_the_rendered_data(name: str,
                                                request: pytest.FixtureRequest) -> None:
    report = request.getfixturevalue(name)
    assert _streamed(report) == json.loads(render(report))


def test_the_json_reporter_offers_streaming() -> None:
    assert JSON.stream is stream


def test_raw_c1_controls_and_surrogates_are_escaped_when_streamed() -> None:
    # Structure is ASCII, so escaping these bytes can only touch string contents.
    from wenming.reporters.json_format import _dumps

    text = _dumps({"t": "a\x85b\x7fc", "s": "x\ud800y"}).decode("utf-8")
    assert "\x85" not in text and "\x7f" not in text
    assert json.loads(text) == {"t": "a\x85b\x7fc", "s": "x\ud800y"}
