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


def test_markdown_gain_columns_are_headed_by_rubric_titles(gap_list):
    # As in the XLSX and HTML lists (#19): a reader knows a rubric by its title; the id
    # that --rubric takes follows it in brackets.
    for lang, prov, city in (("zh", "省级测评细则", "市级测评细则"),
                             ("en", "Provincial rubric", "City rubric")):
        header = next(line for line in MARKDOWN.render(gap_list, lang=lang).splitlines()
                      if line.startswith("|"))
        assert f"{prov} (prov) |" in header and f"{city} (city) |" in header, header


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
    # the 2021 Spring Festival is long past on 15 October: lost, no deadline
    assert first["deadline"] is None and first["action"] == "lost" and first["unit"] == "office"
    assert first["basis"] == "office" and "领导小组办公室" in first["placed_by"]["zh"]
    assert gaps["total_gain"] == {"prov": 0.0, "city": 0.0}
    assert gaps["total_lost"] == {"prov": 10.0, "city": 15.0}
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
    assert first["整改时限"] == "" and first["整改类型"] == "已失分"
    assert first["责任依据"].startswith("领导小组办公室")


@pytest.mark.parametrize("name", ["score", "comparison", "timeline"])
def test_csv_refuses_other_reports(name, all_reports):
    with pytest.raises(UnsupportedReportError, match="GapList"):
        CSV.render(all_reports[name])


def test_json_says_what_kinds_counted_and_what_lay_outside_a_phase(comparison):
    from datetime import date

    from tests.reports import support
    from wenming.reports import build_timeline
    from wenming.testing import DatasetBuilder

    kinds = {k["kind"]: k for k in json.loads(JSON.render(comparison))["kinds"]}
    assert kinds["festival-activity"]["records"] == {"prov": 1, "city": 1}
    data = DatasetBuilder().add("work-plan", "2020-07-01", id="WP-late").build()
    phases = json.loads(JSON.render(build_timeline(data, support.AS_OF)))["phases"]
    plan = next(d for p in phases if p["id"] == "preparation" for d in p["deliverables"]
                if d["kind"] == "work-plan")
    assert (plan["status"], plan["outside"]) == (
        "overdue", [{"id": "WP-late", "date": date(2020, 7, 1).isoformat()}])


def test_markdown_has_a_section_per_responsible_unit_with_its_remedies(gap_list):
    text = MARKDOWN.render(gap_list, lang="zh")
    by_unit = text[text.index("# 各责任单位整改清单"):]
    units = {g.unit: g for g in gap_list.gaps}
    assert len(units) >= 2
    for unit, gap in units.items():
        heading = f"## {gap.unit_name.zh} ({unit})" if gap.unit_name.zh != unit else f"## {unit}"
        section = by_unit[by_unit.index(heading):]
        section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
        rows = [line for line in section.splitlines() if line.startswith("| ") and
                line[2:3].isdigit()]
        assert len(rows) == len(gap_list.for_unit(unit))
    assert "整改措施" in by_unit and "补充创建工作方案" in by_unit
