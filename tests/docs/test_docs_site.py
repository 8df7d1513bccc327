"""The documentation site: its includes exist, and it builds offline in strict mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def test_every_snippet_include_names_an_existing_file() -> None:
    includes = [(page.name, target) for page in sorted(DOCS.glob("*.md"))
                for target in re.findall(r'^--8<-- "([^"]+)"\s*$', page.read_text("utf-8"),
                                         flags=re.MULTILINE)]
    assert ("changelog.md", "CHANGELOG.md") in includes
    missing = [(page, target) for page, target in includes if not (REPO / target).is_file()]
    assert not missing, missing


def test_the_nav_lists_every_page() -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    listed = set(re.findall(r":\s+([\w-]+\.md)\s*$", config, flags=re.MULTILINE))
    assert listed == {page.name for page in DOCS.glob("*.md")}


def test_the_tutorial_shows_every_file_of_the_example_package() -> None:
    tutorial = (DOCS / "tutorial-rubric.md").read_text("utf-8")
    package = REPO / "rubrics" / "wenming-rubric-example"
    # Each file is shown inline (readable as plain Markdown), in a block titled with its path;
    # tests/testing_kit/test_docs_in_sync.py keeps the blocks equal to the files.
    shown = set(re.findall(r'^```\w+ title="([^"]+)"', tutorial, flags=re.MULTILINE))
    files = {str(p.relative_to(package)) for p in package.rglob("*")
             if p.is_file() and p.suffix in (".py", ".toml")
             and "__pycache__" not in p.parts}
    assert files == shown


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is in the dev extra")
    pytest.importorskip("material", reason="mkdocs-material is in the dev extra")
    pytest.importorskip("mkdocstrings", reason="mkdocstrings[python] is in the dev extra")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "hooks.html").is_file()
    api = (tmp_path / "api.html").read_text("utf-8")
    assert "DatasetBuilder" in api and "check_rubric" in api
    _every_nav_page_opens_from_a_file_url(tmp_path)


CHROMIUM = Path("/usr/bin/chromium")


def _dom(url: str) -> str:
    """The page as Chromium builds it: a file:// URL opened as a person opens it."""
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--allow-file-access-from-files",
         "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False)
    return done.stdout


def _every_nav_page_opens_from_a_file_url(site: Path) -> None:
    """Open index.html from file:// and follow every link of its navigation.

    Every link must land on a page (an .html file, not a folder, which a browser
    shows as a listing), and that page must carry the site's navigation and search.
    """
    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed")
    from urllib.parse import unquote, urljoin, urlparse

    index = (site / "index.html").as_uri()
    home = _dom(index)
    assert 'class="md-nav' in home, home[:2000]
    links = sorted(set(re.findall(r'<a [^>]*href="([^"#]+)"[^>]*class="md-nav__link', home)
                       + re.findall(r'<a [^>]*class="md-nav__link[^"]*"[^>]*href="([^"#]+)"',
                                    home)))
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    pages = set(re.findall(r":\s+([\w-]+)\.md\s*$", config, flags=re.MULTILINE))
    reached = set()
    for link in links:
        url = urljoin(index, link)
        path = Path(unquote(urlparse(url).path))
        assert path.suffix == ".html" and path.is_file(), (link, url)
        page = _dom(url)
        assert 'class="md-nav' in page and "md-search" in page, url
        reached.add(path.relative_to(site).with_suffix("").as_posix())
    assert pages - {"index"} <= reached, sorted(pages - reached)
