"""``table``: content, and Chinese columns that line up by display width."""

from __future__ import annotations

import tabulate
import wcwidth

from wenming.reporters import TABLE


def _tables(text: str) -> list[list[str]]:
    """Blocks that are tabulate tables (a rule of dashes on their second line)."""
    blocks = [b.splitlines() for b in text.split("\n\n")]
    return [b for b in blocks if len(b) > 2 and set(b[1]) <= {"-", " "}]


def _cells(line: str) -> list[str]:
    """The character at each display column ("" for the right half of a wide character)."""
    out: list[str] = []
    for char in line:
        out.append(char)
        out.extend([""] * (wcwidth.wcwidth(char) - 1))
    return out


def _assert_aligned(text: str) -> int:
    """Every line of every table has the rule's display width, and no text crosses the
    gaps between the rule's dashes (where a miscounted CJK column would spill)."""
    tables = _tables(text)
    for lines in tables:
        rule = lines[1]
        assert {wcwidth.wcswidth(line) for line in lines} == {len(rule)}, "\n".join(lines)
        gaps = [i for i, ch in enumerate(rule) if ch == " "]
        for line in lines:
            cells = _cells(line)
            assert all(cells[i] == " " for i in gaps), line
    return len(tables)


def test_wide_character_mode_is_on():
    assert tabulate.WIDE_CHARS_MODE is True


def test_score_tables_align_in_chinese(score_report):
    text = TABLE.render(score_report, lang="zh")
    # per rubric an item table, plus the rectification list and the to-assess list
    assert _assert_aligned(text) == 4
    assert any("基层单位道德讲堂全覆盖" in line for t in _tables(text) for line in t)


def test_score_table_content(score_report):
    text = TABLE.render(score_report, lang="zh")
    assert "省级测评细则 (prov)" in text
    assert "10 / 20 (20)" in text and "5 / 20 (30)" in text
    assert "未达标" in text and "部分达标" in text and "待人工评定" in text
    item3 = next(line for line in text.splitlines() if line.startswith("3 ")
                 and "传统节日活动" in line)
    assert "部分达标" in item3 and " 2 " in item3 and " 6 " in item3
    english = TABLE.render(score_report, lang="en")
    assert "Findings" in english and "Festival activities" in english
    assert "Spring Festival 2021: 0 of 1 required" in english


def test_gap_comparison_and_timeline_tables_align(gap_list, comparison, timeline):
    for report in (gap_list, comparison, timeline):
        for lang in ("zh", "en"):
            assert _assert_aligned(TABLE.render(report, lang=lang)) >= 1


def test_timeline_table_shows_status_and_overdue(timeline):
    text = TABLE.render(timeline, lang="en")
    assert "Rectification record: Missing" in text
    assert "Leading group establishment: Met (G1)" in text
    assert "Preparation: Creation work plan (work-plan)" in text
