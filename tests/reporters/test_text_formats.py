"""``markdown``, ``json`` and ``csv``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from wenming.model import Label
from wenming.reporters import CSV, JSON, MARKDOWN, UnsupportedReportError
from wenming.reporters.csv_format import BOM
from wenming.reports import ScoreReport
from wenming.scoring import Scorecard


def test_markdown_tables_are_well_formed(gap_list):
    text = MARKDOWN.render(gap_list, lang="zh")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    header = rows[0]
    columns = header.count(" | ") + 1
    assert all(row.count(" | ") + 1 == columns for row in rows[:len(gap_list.gaps) + 2])
    assert "prov 3 传统节日活动<br>city 1 春节活动" in text


def test_markdown_escapes_pipes(score_report):
    report = ScoreReport(score_report.cards, Label("甲|乙", "A|B"), score_report.as_of)
    text = MARKDOWN.render(report, lang="en")
    assert "A\\|B" in text and "A|B" not in text


def test_json_schemas(all_reports):
    expected = {"score": "wenming.score-report/1", "gaps": "wenming.gaps/1",
                "comparison": "wenming.comparison/1", "timeline": "wenming.timeline/1"}
    for name, report in all_reports.items():
        data = json.loads(JSON.render(report, lang="zh"))
        assert data["schema"] == expected[name]


def test_json_score_report_holds_the_scorecards(score_report):
    data = json.loads(JSON.render(score_report))
    assert [Scorecard.from_dict(card) for card in data["cards"]] == list(score_report.cards)
    assert data["units"]["west"] == {"zh": "西区分局", "en": "West sub-bureau"}
    assert data["gaps"]["schema"] == "wenming.gaps/1"


def test_json_gaps_and_timeline_content(gap_list, timeline):
    gaps = json.loads(JSON.render(gap_list))
    first = gaps["gaps"][0]
    assert first["gains"] == {"prov": 2.0, "city": 10.0} and first["combined_gain"] == 12.0
    assert first["deadline"] == "2021-11-30" and first["unit"] == "office"
    assert gaps["total_gain"] == {"prov": 10.0, "city": 15.0}
    assert gaps["to_assess"][0]["state"] == "needs-manual-assessment"
    phases = json.loads(JSON.render(timeline))["phases"]
    assert [p["status"] for p in phases] == ["done"] * 4 + ["current", "upcoming"]


def test_csv_of_the_rectification_list(gap_list):
    text = CSV.render(gap_list, lang="zh")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["序号", "整改内容", "涉及条目"]
    assert len(body) == len(gap_list.gaps)
    first = dict(zip(header, body[0], strict=True))
    assert first["单位编号"] == "office" and first["责任单位"] == "办公室"
    assert (first["可挽回分值 prov"], first["可挽回分值 city"], first["合计可挽回"]) == \
        ("2", "10", "12")
    assert first["整改时限"] == "2021-11-30" and first["已逾期"] == "否"


@pytest.mark.parametrize("name", ["score", "comparison", "timeline"])
def test_csv_refuses_other_reports(name, all_reports):
    with pytest.raises(UnsupportedReportError, match="GapList"):
        CSV.render(all_reports[name])
