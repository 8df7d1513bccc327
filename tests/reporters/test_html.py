"""``html``: one self-contained page with inline charts; rendered once in Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from wenming import PluginHost, Scorer, load_dataset
from wenming.model import Label
from wenming.reporters import HTML
from wenming.reporters.html import FONT_STACK, _heat_table
from wenming.reports import ScoreReport
from wenming.reports.score import HeatMap

EXAMPLE = Path(__file__).parents[2] / "examples" / "ecology-bureau"
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
        assert re.search(rf'<table class="heatmap" data-rubric="{rubric}"', page)
        assert f'<section class="rubric" id="rubric-{rubric}"' in page
    assert page.count('<svg class="chart totals"') == 1
    _self_contained(page)


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start):]
    return part[:part.index(end)]


def test_totals_chart_names_rubrics_by_title_and_explains_the_tick(score_report):
    page = HTML.render(score_report, lang="zh")
    chart = _between(page, '<svg class="chart totals"', "</svg>")
    assert ">省级测评细则 <tspan" in chart and ">市级测评细则 <tspan" in chart
    assert ">prov" not in chart and ">city" not in chart
    # prov: 10 of 20 (bar at 50 %), pass line 16 of 20 (tick at 80 %)
    assert 'width="50.00%"' in chart and 'x1="80.00%"' in chart
    legend = _between(page[page.index(chart):], '<ul class="legend">', "</ul>")
    assert "swatch tick" in legend and "达标线" in legend


def test_heat_map_columns_are_items_and_blank_cells_are_explained(score_report):
    page = HTML.render(score_report, lang="zh")
    heat = _between(page, '<table class="heatmap" data-rubric="prov"', "</ul>")
    assert '<th class="item" scope="col">4 基层单位道德讲堂全覆盖</th>' in heat
    rows = dict(re.findall(r'<th class="unit" scope="row">([^<]+)</th>(.*?)</tr>', heat))
    assert rows["西区分局"].endswith('">0%<small>0/1</small></td>')
    assert rows["东区分局"].endswith('">100%<small>1/1</small></td>')
    # Units without any per-unit check are counted, not listed as rows of blanks.
    assert heat.count('<th class="unit" scope="row">') == 2
    assert "另有 4 个参评单位在本细则中没有按单位计的检查" in heat


def test_blank_heat_cells_are_marked_and_explained():
    matrix = HeatMap("r", ("a", "b"), (("1", Label("一", "One")), ("2", Label("二", "Two"))),
                     {("a", "1"): (1.0, 1), ("b", "2"): (0.0, 2)})
    table = _heat_table(matrix, {"a": Label("甲", "A")}, "en")
    assert [u for u, _ in table.rows] == ["A", "b"]
    assert table.rows[0][1][1] is None and table.rows[1][1][0] is None
    assert table.blank and not table.hidden


def test_rectification_lists_have_remediation_and_one_section_per_unit(score_report):
    page = HTML.render(score_report, lang="zh")
    gaps = _between(page, '<section class="gaps"', "</section>")
    assert "<th>整改措施</th>" in gaps
    assert "补充创建工作方案" in gaps
    units = re.findall(r'<section class="unit" id="unit-([^"]+)">', page)
    assert units == list(dict.fromkeys(g.unit for g in score_report.gaps.gaps))
    party = _between(page, 'id="unit-party"', "</section>")
    assert "补充创建工作方案" in party and party.count("<tr>") == 2
    assert "<th>整改措施</th>" in _between(page, '<table class="heatmap" data-rubric="prov"',
                                          "</section>")


def test_print_and_phone_styles(score_report):
    page = HTML.render(score_report, lang="en")
    assert "@page { size: A4;" in page
    assert "section.rubric, section.gaps, section.unit { break-before: page; }" in page
    assert "thead { display: table-header-group; }" in page
    assert ".scroll { overflow-x: auto;" in page
    # Every table sits in a box of its own that scrolls sideways.
    assert page.count("<table") == page.count('<div class="scroll"><table')


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


# -- in a real browser -------------------------------------------------------
#: Measures the report inside a same-origin iframe: headless Chromium will not
#: make its window narrower than 500 px, and a frame is laid out (media
#: queries included) at its own width.
_PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; } iframe { border: 0; display: block; }</style></head><body>
<iframe id="report" width="%(width)d" height="800" srcdoc="%(page)s"></iframe>
<script>
document.getElementById("report").addEventListener("load", (event) => {
  const frame = event.target, win = frame.contentWindow, doc = frame.contentDocument;
  frame.height = doc.documentElement.scrollHeight;
  const texts = [];
  for (const text of doc.querySelectorAll("svg.chart text")) {
    const svg = text.ownerSVGElement, box = text.getBoundingClientRect();
    const frameBox = svg.getBoundingClientRect();
    texts.push({size: parseFloat(win.getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
                left: box.left - frameBox.left, right: frameBox.right - box.right,
                text: text.textContent});
  }
  const scrollers = [...doc.querySelectorAll(".scroll")].filter(
      (box) => box.scrollWidth > box.clientWidth).length;
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({inner: win.innerWidth,
      height: doc.documentElement.scrollHeight,
      scroll: doc.documentElement.scrollWidth, texts: texts, scrollers: scrollers});
  document.body.appendChild(out);
});
</script></body></html>"""


def _chromium() -> str:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Chromium not installed (apt-get install chromium fonts-noto-cjk)")
    return chromium


def _browser(chromium: str, url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp / 'profile'}", "--hide-scrollbars",
         *args, url],
        check=False, capture_output=True, text=True, timeout=120)


def measure(page: str, width: int, tmp: Path, shot: Path | None = None) -> dict[str, object]:
    """Lay ``page`` out ``width`` px wide in Chromium: page and chart-text metrics,
    and a screenshot of the whole page to ``shot``."""
    chromium = _chromium()
    probe = tmp / f"probe-{width}.html"
    probe.write_text(_PROBE % {"width": width, "page": html.escape(page, quote=True)},
                     encoding="utf-8")
    done = _browser(chromium, probe.as_uri(), tmp, "--window-size=1400,3000",
                    "--virtual-time-budget=5000", "--dump-dom")
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stderr[-2000:]
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    if shot is not None:
        # The frame, as tall as the page: what a phone or a desk shows, scrolled through.
        height = min(16_000, int(str(result["height"])))
        _browser(chromium, probe.as_uri(), tmp, f"--window-size={max(width, 500)},{height}",
                 "--virtual-time-budget=5000", f"--screenshot={shot}")
        assert shot.exists(), "Chromium wrote no screenshot"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return result


@pytest.fixture(scope="module")
def example_report() -> ScoreReport:
    host = PluginHost()
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    return ScoreReport.of(Scorer(host).score_all(data, as_of=date(2021, 12, 31)), data)


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chromium_lays_the_page_out_at_desk_and_phone_width(example_report, tmp_path, width,
                                                            lang):
    page = HTML.render(example_report, lang=lang)
    shots = os.environ.get("WENMING_SCREENSHOTS")
    shot = Path(shots) / f"score-{lang}-{width}.png" if shots else tmp_path / "shot.png"
    metrics = measure(page, width, tmp_path, shot)
    assert metrics["inner"] == width
    # Nothing makes the page scroll sideways; wide tables scroll in their own box.
    assert isinstance(metrics["scroll"], int) and metrics["scroll"] <= width, metrics["scroll"]
    texts = metrics["texts"]
    assert isinstance(texts, list) and len(texts) > 10
    for text in texts:
        # Rendered size: CSS size times the chart's scale (charts are never shrunk).
        assert text["size"] >= 10, text
        # Inside its chart: an SVG cuts off what passes its edge.
        assert text["left"] >= -0.5 and text["right"] >= -0.5, text
    if width == 400:
        assert isinstance(metrics["scrollers"], int) and metrics["scrollers"] >= 1
    assert shot.stat().st_size > 8_000


@pytest.mark.parametrize("kind", ["gap_list", "comparison", "timeline"])
def test_chromium_lays_out_the_other_reports_at_phone_width(request, kind, tmp_path):
    page = HTML.render(request.getfixturevalue(kind), lang="zh")
    metrics = measure(page, 400, tmp_path)
    assert metrics["scroll"] == 400 or (isinstance(metrics["scroll"], int)
                                        and metrics["scroll"] <= 400)
    texts = metrics["texts"]
    assert isinstance(texts, list) and texts
    assert all(t["size"] >= 10 and t["left"] >= -0.5 and t["right"] >= -0.5 for t in texts)
