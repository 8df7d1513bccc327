"""``table``: content, and Chinese columns that line up by display width."""

from __future__ import annotations

import attrs
import pytest
import tabulate
import wcwidth

from wenming.model import Label
from wenming.reporters import TABLE
from wenming.reporters import table as table_module
from wenming.reports import ScoreReport


def _rule(lines: list[str]) -> int | None:
    """The index of a table's rule of dashes (below its header, which may wrap)."""
    return next((i for i, line in enumerate(lines[:6]) if i and line.strip()
                 and set(line) <= {"-", " "}), None)


def _tables(text: str) -> list[list[str]]:
    """Blocks that are tabulate tables, their rule moved to the second line."""
    out = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        rule = _rule(lines)
        if rule is not None and len(lines) > rule + 1:
            out.append([lines[0], lines[rule], *lines[1:rule], *lines[rule + 1:]])
    return out


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


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    # Content tests read whole lines; wrapping has its own tests below.
    monkeypatch.setenv("COLUMNS", "400")


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


_CJK_AMBIGUOUS = "“道德讲堂”……·2021年下半年 — 0/1 ‘补充’"


@pytest.mark.parametrize("width", [80, 100, 140])
def test_every_table_fits_the_width_and_stays_aligned(all_reports, width):
    for report in all_reports.values():
        for lang in ("zh", "en"):
            text = TABLE.render(report, lang=lang, width=width)
            assert max(wcwidth.wcswidth(line) for line in text.splitlines()) <= width
            assert _assert_aligned(text) >= 1


def test_the_terminal_width_comes_from_columns(monkeypatch, score_report):
    monkeypatch.setenv("COLUMNS", "90")
    text = TABLE.render(score_report, lang="zh")
    assert max(wcwidth.wcswidth(line) for line in text.splitlines()) <= 90
    monkeypatch.setenv("COLUMNS", "400")
    assert max(wcwidth.wcswidth(line) for line in TABLE.render(
        score_report, lang="zh").splitlines()) > 90


def test_no_finding_is_cut_or_hidden(score_report):
    card = score_report.cards[0]
    long = Label("很长的扣分说明" * 12 + "末", "a long finding " * 12 + "ZZEND")
    items = {code: attrs.evolve(item, findings=(*item.findings, *[long] * 9))
             for code, item in card.items.items()}
    report = ScoreReport.of([attrs.evolve(card, items=items)])
    for lang, end in (("zh", "末"), ("en", "ZZEND")):
        text = TABLE.render(report, lang=lang, width=80)
        assert "…" not in text and "+8" not in text
        # the last word of every copy of the finding is shown, each copy whole
        assert text.count(end) == 9 * len(items)


def test_ambiguous_width_punctuation_does_not_shift_cjk_columns():
    # A terminal in a CJK locale draws “ ” … · — two columns wide, wcwidth one: a table
    # holding them lines up in only one of the two unless they are made unambiguous.
    import unicodedata

    body = [[_CJK_AMBIGUOUS, "1.5", "办公室"], ["plain text", "12", "office"]]
    text = table_module._table(["整改内容", "分值", "责任单位"], body, 40, right=(1,))
    shown = "".join(text.split())
    assert not [c for c in shown if unicodedata.east_asian_width(c) == "A"]
    assert '"道德讲堂"' in shown and "......-" in shown and "'补充'" in shown
    for lines in _tables(text + "\n"):
        rule = lines[1]
        # every line as wide as the rule, counted the CJK-terminal way too
        for line in lines:
            assert wcwidth.wcswidth(line) == len(rule)
            assert sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1
                       for c in line) == len(rule)
    assert _assert_aligned(text) == 1
    assert table_module.narrow("a — b") == "a -- b"
