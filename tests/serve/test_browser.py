"""The workspace in real Chromium (Playwright driving the system's browser), at 1280 and 400 px.

A campaign is set up through the forms from an empty workspace, the example's
ledgers are uploaded, the score is read, a criterion opened, and the XLSX
rectification list and the agenda's .ics downloaded. With
``WENMING_UPDATE_SCREENSHOTS=1`` the screenshots of docs/serving.md are written
from this run into docs/images/.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.serve.conftest import EXAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e '.[dev]')")
uvicorn = pytest.importorskip("uvicorn", reason="the serve extra is not installed")

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
UPDATE = os.environ.get("WENMING_UPDATE_SCREENSHOTS") == "1"
AS_OF = "2021-12-31"
#: The example's phase windows, which the forms type in.
PHASES = {"preparation": "2020.04-2020.05", "mobilisation": "2020.05-2020.06",
          "full-creation": "2020.06-2021.07", "self-check": "2021.08-2021.09",
          "rectification": "2021.09-2021.11", "inspection": "2021.11-2021.12"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, plugin_host: Any) -> Iterator[str]:
    """``wenming serve --init`` in a thread: an empty workspace on a free loopback port."""
    from wenming.cli.main import CliState, cli
    from wenming.serve import Workspace, create_app

    folder = tmp_path / "岚川生态环境局"
    result = CliRunner().invoke(cli, ["init", str(folder)],
                                obj=CliState(lambda: plugin_host))
    assert result.exit_code == 0, result.output
    port = _free_port()
    config = uvicorn.Config(create_app(Workspace(folder, plugin_host)), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--disable-background-networking", "--disable-component-update"])
        yield launched
        launched.close()


def _shot(page: Any, name: str, width: int, tmp: Path) -> None:
    target = DOCS_IMAGES if UPDATE else tmp
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"serve-{name}-{width}.png"), full_page=False)


def _submit(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to (a busy machine answers slowly)."""
    with page.expect_navigation(wait_until="load", timeout=60_000):
        page.locator(selector).first.click()


def _no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _set_up(page: Any, base: str) -> None:
    page.goto(f"{base}/setup")
    units = tomllib.loads((EXAMPLE / "units.toml").read_text("utf-8"))["unit"]
    page.fill("input[name='unit-0-zh']", units[0]["zh"])  # init's one unit is "hq"
    page.fill("input[name='unit-0-en']", units[0]["en"])
    _submit(page, "#units button[type=submit]")
    for number, unit in enumerate(units[1:], start=1):
        page.fill(f"input[name='unit-{number}-id']", unit["id"])
        page.fill(f"input[name='unit-{number}-zh']", unit["zh"])
        page.fill(f"input[name='unit-{number}-en']", unit["en"])
        page.select_option(f"select[name='unit-{number}-kind']", unit["kind"])
        page.fill(f"input[name='unit-{number}-parent']", unit.get("parent", ""))
        _submit(page, "#units button[type=submit]")
        assert page.locator("#saved").is_visible(), page.content()[-3000:]
    page.fill("#title_zh", "岚川市生态环境局创建市级文明单位")
    page.fill("#window", "2020.04-2021.12")
    page.fill("#applicants", "hq, east, west, north")
    rows = page.locator("#campaign table.edit tbody tr").filter(
        has=page.locator("input[name$='-id']"))
    for index in range(rows.count()):
        phase_id = page.input_value(f"input[name='phase-{index}-id']")
        page.fill(f"input[name='phase-{index}-window']", PHASES.get(phase_id, "2020.04-2021.12"))
    _submit(page, "#campaign button[type=submit]")
    assert page.locator("#saved").is_visible(), page.content()[-3000:]
    page.fill("input[name='member-0-unit']", "hq")
    page.select_option("select[name='member-0-role']", "leader")
    page.fill("input[name='member-0-person']", "林志远")
    page.fill("input[name='member-0-position']", "党组书记、局长")
    _submit(page, "#group button[type=submit]")
    assert page.locator("#saved").is_visible()


@pytest.mark.parametrize("width", [1280, 400])
def test_a_campaign_in_the_browser(server: str, browser: Any, width: int,
                                   tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    _set_up(page, server)
    _shot(page, "setup", width, tmp_path)
    _no_sideways_scroll(page, width)

    page.goto(f"{server}/ledgers")
    ledgers = sorted((EXAMPLE / "evidence").iterdir())
    page.set_input_files("#files", [str(p) for p in ledgers])
    _submit(page, "form.upload button[type=submit]")
    notice = page.locator("#accepted")
    assert notice.is_visible(), page.content()[-3000:]
    for ledger in ledgers:
        assert ledger.name in notice.inner_text()
    _shot(page, "ledgers", width, tmp_path)

    page.goto(f"{server}/scorecards?as_of={AS_OF}")
    sections = page.locator("section.rubric")
    assert sections.count() >= 1
    assert "municipal-plan" in page.content()
    _shot(page, "scorecards", width, tmp_path)
    _no_sideways_scroll(page, width)

    _submit(page, "section#rubric-municipal-plan a.item-link")
    assert page.locator("#counted").is_visible() and page.locator("#not-counted").is_visible()
    assert page.locator("table.checks").first.is_visible()
    _shot(page, "criterion", width, tmp_path)
    _no_sideways_scroll(page, width)

    page.goto(f"{server}/reports/gaps?as_of=2021-09-30")
    with page.expect_download() as caught:
        page.click("a.download[href^='/download/reports/gaps.xlsx']")
    saved = tmp_path / "gaps.xlsx"
    caught.value.save_as(saved)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(saved.read_bytes()), read_only=True)
    assert book.sheetnames and caught.value.suggested_filename.endswith(".xlsx")
    _shot(page, "gaps", width, tmp_path)

    page.goto(f"{server}/reports/agenda?as_of=2021-09-30")
    with page.expect_download() as caught:
        page.click("a.download[href^='/download/reports/agenda.ics']")
    ics = tmp_path / "agenda.ics"
    caught.value.save_as(ics)
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")

    page.goto(f"{server}/scorecards?lang=en")
    assert page.locator("nav.site a.here").inner_text() == "Scorecards"
    assert not errors, errors  # the CSP blocked nothing the page needed
    context.close()
