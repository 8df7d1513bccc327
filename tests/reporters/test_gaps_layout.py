"""The rectification list's HTML layout in real Chromium (#19): 序号, 整改内容, 责任单位,
整改时限, 整改措施 and 可挽回分 all in view at 1280 px and at 400 px, with no sideways
scrolling, and printed on A4 with every column inside the page."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.reporters.test_html import _browser, _chromium
from wenming.loaders import load_dataset
from wenming.plugins import PluginHost
from wenming.reporters.html import GAP_COLUMNS, HTML
from wenming.reporters.labels import column
from wenming.reports import build_gaps
from wenming.scoring import Scorer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"

#: Lays the page out in a frame ``width`` px wide and reports, for the first rectification
#: list, whether anything scrolls sideways and where each header and cell box lies.
_PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; } iframe { border: 0; display: block; }</style></head><body>
<iframe id="report" width="%(width)d" height="800" srcdoc="%(page)s"></iframe>
<script>
document.getElementById("report").addEventListener("load", (event) => {
  const doc = event.target.contentDocument, win = event.target.contentWindow;
  const table = doc.querySelector("table.gaplist"), box = table.parentElement;
  const heads = [...table.querySelectorAll("th")].map((th) => {
    const r = th.getBoundingClientRect();
    return {text: th.textContent, left: r.left, right: r.right, width: r.width}; });
  const cells = [...table.querySelectorAll("tbody tr:first-child td")].map((td) => {
    const r = td.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, height: r.height,
            label: (td.querySelector(".lbl") || {}).textContent,
            shown: win.getComputedStyle(td.querySelector(".lbl")).display !== "none"}; });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({inner: win.innerWidth,
    scroll: doc.documentElement.scrollWidth, boxScroll: box.scrollWidth,
    boxWidth: box.clientWidth, heads: heads, cells: cells});
  document.body.appendChild(out);
});
</script></body></html>"""


@pytest.fixture(scope="module")
def page() -> str:
    host = PluginHost()
    data = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    day = date(2021, 12, 31)
    return HTML.render(build_gaps(Scorer(host).score_all(data, as_of=day), data, day), lang="zh")


def _measure(page: str, width: int, tmp: Path) -> dict[str, object]:
    chromium = _chromium()
    probe = tmp / f"gaps-{width}.html"
    probe.write_text(_PROBE % {"width": width, "page": html.escape(page, quote=True)},
                     encoding="utf-8")
    done = _browser(chromium, probe.as_uri(), tmp, "--window-size=1400,3000",
                    "--virtual-time-budget=5000", "--dump-dom")
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stderr[-2000:]
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


def test_the_list_has_the_six_columns(page):
    heads = re.search(r"<table class=\"gaplist\">\s*<thead><tr>(.*?)</tr>", page)
    assert heads is not None
    assert re.findall(r"<th>(.*?)</th>", heads.group(1)) == [column(k, "zh")
                                                             for k in GAP_COLUMNS]


def test_desk_width_shows_every_column_without_scrolling(page, tmp_path):
    metrics = _measure(page, 1280, tmp_path)
    assert metrics["scroll"] <= 1280  # type: ignore[operator]
    assert metrics["boxScroll"] <= metrics["boxWidth"]  # type: ignore[operator]
    heads = metrics["heads"]
    assert isinstance(heads, list) and [h["text"] for h in heads] == [
        column(k, "zh") for k in GAP_COLUMNS]
    for head in heads:
        assert head["width"] >= 30 and head["left"] >= 0 and head["right"] <= 1280, head


def test_phone_width_stacks_each_row_as_a_card_with_every_field(page, tmp_path):
    metrics = _measure(page, 400, tmp_path)
    assert metrics["scroll"] <= 400  # type: ignore[operator]
    assert metrics["boxScroll"] <= metrics["boxWidth"]  # type: ignore[operator]
    cells = metrics["cells"]
    assert isinstance(cells, list) and len(cells) == len(GAP_COLUMNS)
    for cell, key in zip(cells, GAP_COLUMNS, strict=True):
        # every field on its own full-width line, labelled with its header
        assert cell["shown"] and cell["label"] == column(key, "zh")
        assert cell["left"] >= 0 and cell["right"] <= 400 and cell["height"] > 0, cell


def test_printed_on_a4_no_column_is_cut(page, tmp_path):
    # Print styles laid out on screen at the A4 text width (210 mm less 2 × 12 mm margins).
    printed = page.replace("@media print", "@media screen")
    metrics = _measure(printed, round((210 - 24) / 25.4 * 96), tmp_path)
    assert metrics["boxScroll"] <= metrics["boxWidth"]  # type: ignore[operator]
    heads = metrics["heads"]
    assert isinstance(heads, list) and len(heads) == len(GAP_COLUMNS)
    assert all(h["width"] >= 30 and h["right"] <= metrics["inner"] for h in heads), heads
    # And Chromium really prints it, on A4 portrait.
    source = tmp_path / "gaps.html"
    source.write_text(page, encoding="utf-8")
    pdf = tmp_path / "gaps.pdf"
    _browser(_chromium(), source.as_uri(), tmp_path, f"--print-to-pdf={pdf}",
             "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2
                         for w, h in boxes), boxes[:3]
