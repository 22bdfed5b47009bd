"""The report in real headless Chromium (Debian's, via Playwright), opened from disk.

The demo corpus plus one hostile article (a copy of the original carrying
``<script>`` and ``<img onerror>``) is analysed, reported, and clicked through:
index -> story -> pair, the search box, and the injected markup must stay text.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli import cli

from conftest import DEMO, REPO

CHROMIUM = os.environ.get("UNSPUN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ARTIFACTS = REPO / "out" / "test-artifacts"
HOSTILE = "A reader wrote: <script>alert(1)</script> and <img src=x onerror=alert(2)> from Quillfeather."

pytestmark = pytest.mark.slow


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test: 'make browser')")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        _missing(f"no Chromium at {CHROMIUM} ('make browser' installs Debian's)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("report-browser")
    corpus = root / "corpus"
    shutil.copytree(DEMO / "corpus", corpus)
    base = (corpus / "text" / "truncated.txt").read_text("utf-8").strip().split("\n\n")
    (corpus / "text" / "hostile.txt").write_text("\n\n".join([*base[:2], HOSTILE, *base[2:]]) + "\n", "utf-8")
    db, out = root / "demo.db", root / "site"
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", str(db), str(corpus), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["report", str(db), str(out), "--json", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["out"] == str(out) and summary["pages"] == len(list(out.rglob("*.html")))
    return out, summary


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs, pg.requests = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def test_report_browser_story_to_pair_shows_linked_highlights(site, page):
    out, _ = site
    page.goto((out / "index.html").as_uri())
    stories = page.locator("a.story-link")
    assert stories.count() >= 3
    stories.first.click()
    page.wait_for_url("**/story/*.html")
    assert page.locator("svg.provenance .node").count() >= 2
    assert page.locator("svg.provenance .edge-label").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-story.png"), full_page=True)
    row = page.locator("table.relations tr", has=page.locator("a.article-link", has_text="hostile.txt"))
    row.locator("a.pair-link").first.click()
    page.wait_for_url("**/pair/*.html")
    left, right = page.locator("#text-left .passage"), page.locator("#text-right .passage")
    assert left.count() > 0 and right.count() > 0
    page.locator("#text-left .passage[id]").first.hover()
    partner = page.locator("#text-left .passage[id]").first.get_attribute("href")
    assert "active" in page.locator(partner).get_attribute("class").split()
    # the hostile markup is text on the page, never elements
    assert HOSTILE in page.locator("#text-left").inner_text() + page.locator("#text-right").inner_text()
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert all(u.startswith("file://") for u in page.requests), [u for u in page.requests if "file://" not in u]
    page.screenshot(path=str(ARTIFACTS / "report-pair.png"), full_page=False)


def test_report_browser_rewrite_pair_marks_replaced_words(site, page):
    out, _ = site
    page.goto((out / "index.html").as_uri())
    page.locator("a.story-link").first.click()
    row = page.locator("table.relations tr", has=page.locator("a.article-link", has_text="spin.txt"))
    row.filter(has=page.locator(".badge.kind-rewrite")).locator("a.pair-link").first.click()
    page.wait_for_url("**/pair/*.html")
    for side in ("#text-left", "#text-right"):
        assert page.locator(f"{side} .passage .replaced").count() > 0
    first = page.locator("#text-left .replaced").first.get_attribute("data-w")
    assert page.locator(f'#text-right .replaced[data-w="{first}"]').count() == 1  # its partner, same id
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-rewrite.png"), full_page=False)


def test_report_browser_search_finds_articles(site, page):
    out, _ = site
    page.goto((out / "index.html").as_uri())
    assert page.locator("#results").is_hidden()
    page.fill("#q", "quillfeather")
    results = page.locator("#result-list li")
    assert results.count() == 1
    assert results.first.locator("a").inner_text() == "hostile.txt"
    assert "<script>alert(1)</script>" in results.first.inner_text()  # the snippet is text
    page.fill("#q", "NewsFeedHub24")
    assert page.locator("#result-list li").count() == 1
    page.fill("#q", "no-such-word-anywhere")
    assert page.locator("#result-list li").count() == 0
    assert page.dialogs == []


def test_report_browser_search_from_another_page_and_hostile_article(site, page):
    out, _ = site
    article = next(p for p in (out / "article").glob("*.html") if "<h1>hostile.txt</h1>" in p.read_text("utf-8"))
    page.goto(article.as_uri())
    assert HOSTILE in page.locator("div.text").inner_text()
    assert page.locator("main img").count() == 0
    assert page.locator("table.relations a.pair-link").count() >= 1  # its source is linked
    page.fill("#q", "Quillfeather")
    page.press("#q", "Enter")
    page.wait_for_url("**/index.html?q=*")
    assert page.locator("#result-list li").count() == 1
    page.locator("#result-list li a").first.click()
    assert page.url == article.as_uri()
    assert page.dialogs == []
