"""``html``: one self-contained page with inline charts; rendered once in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wenming.model import Label
from wenming.reporters import HTML
from wenming.reporters.html import FONT_STACK
from wenming.reports import ScoreReport

_URL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//|url\(\s*["']?\s*(?:[a-z]+:)?//""",
                  re.IGNORECASE)


def _self_contained(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    assert not _URL.search(page)
    assert "<script" not in page and "@import" not in page and "@font-face" not in page


def test_score_page_has_a_chart_per_rubric_and_loads_nothing(score_report):
    page = HTML.render(score_report, lang="zh")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert FONT_STACK in page and '"Noto Sans CJK SC"' in FONT_STACK
    for rubric in ("prov", "city"):
        assert re.search(rf'<svg class="chart areas" data-rubric="{rubric}"', page)
        assert re.search(rf'<svg class="chart heatmap" data-rubric="{rubric}"', page)
    assert page.count('<svg class="chart totals"') == 1
    _self_contained(page)


def test_heat_map_cells_show_each_units_share(score_report):
    page = HTML.render(score_report, lang="zh")
    heat = page[page.index('class="chart heatmap" data-rubric="prov"'):]
    heat = heat[:heat.index("</svg>")]
    assert "西区分局 · 4: 0/1" in heat and "东区分局 · 4: 1/1" in heat
    assert ">0%</text>" in heat and ">100%</text>" in heat


def test_all_text_is_escaped(score_report):
    report = ScoreReport(score_report.cards, Label("<b>甲</b> & 乙", "<b>A</b> & B"),
                         score_report.as_of)
    page = HTML.render(report, lang="en")
    assert "<b>A</b>" not in page
    assert "&lt;b&gt;A&lt;/b&gt; &amp; B" in page


def test_other_reports_are_self_contained_pages(gap_list, comparison, timeline):
    for report in (gap_list, comparison, timeline):
        page = HTML.render(report, lang="zh")
        assert "<svg" in page and '<meta charset="utf-8">' in page
        _self_contained(page)
    page = HTML.render(timeline, lang="en")
    assert page.count('class="state s-overdue"') == 4
    assert 'class="state s-current">Current</span>' in page


def test_chromium_renders_the_page(score_report, tmp_path: Path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium not installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(HTML.render(score_report, lang="zh"), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1280,2000", page.as_uri()],
        check=False, capture_output=True, timeout=120)
    assert shot.exists(), "Chromium wrote no screenshot"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 8_000
