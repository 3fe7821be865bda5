"""The built website in headless Chromium: pages load cleanly, widgets work with no kernel.

Needs the site in _build/html (``make book``) and Debian's Chromium at /usr/bin/chromium
(``.ci/run`` installs it). Playwright drives that browser; it never downloads its own.
Screenshots of every chapter land in _build/screenshots/ for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from pathlib import Path
from typing import Iterator, List
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def toc_files() -> List[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    files += [c["file"] for c in toc.get("chapters", [])]
    return files


PAGES = toc_files()
CHAPTERS = [f for f in PAGES if f.startswith("chapters/")]
PAGE_BUDGET_BYTES = 6_000_000  # everything one page load fetches: HTML (with widget frames), scripts, images


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    if not (SITE / "intro.html").exists():
        pytest.fail("No built site in _build/html: run `make book` first.")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`apt-get install chromium`); .ci/run does.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1280, "height": 900})
        yield context
        context.close()


class Visit:
    """Open a page and record anything that goes wrong while it loads and while we use it."""

    def __init__(self, browser, url: str) -> None:
        self.problems: List[str] = []
        self.page = browser.new_page()
        self.page.on("request", self._request)
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.hostname != "127.0.0.1":
            self.problems.append(f"request leaves the site: {request.url}")


def _html(page: str) -> str:
    return page + ".html"


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_without_errors(browser, base_url, page):
    visit = Visit(browser, f"{base_url}/{_html(page)}")
    visit.page.wait_for_timeout(500)
    if visit.page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        visit.page.wait_for_selector(".dlcore-explorer", timeout=20_000)
    assert visit.problems == []
    visit.page.close()


def _visible_images(explorer) -> List[str]:
    return explorer.evaluate(
        "el => [...el.querySelectorAll('img')].filter(i => i.offsetParent !== null).map(i => i.src)")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_widget_renders_and_every_slider_switches_the_figure(browser, base_url, chapter):
    visit = Visit(browser, f"{base_url}/{_html(chapter)}")
    page = visit.page
    n_views = page.locator("script[type='application/vnd.jupyter.widget-view+json']").count()
    assert n_views >= 1, f"{chapter} has no widget: every chapter needs at least one explorer"
    page.wait_for_function(f"document.querySelectorAll('.dlcore-explorer').length >= {n_views}", timeout=20_000)
    # Every stored widget view was turned into a live widget next to its script tag.
    unrendered = page.evaluate("""() => [...document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]')].filter(
        s => !s.parentElement.querySelector('.jupyter-widgets')).length""")
    assert unrendered == 0

    explorers = page.locator(".dlcore-explorer")
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        shown = _visible_images(explorer)
        assert len(shown) == 1, f"explorer {i} should show exactly one figure, shows {len(shown)}"
        handles = explorer.locator("input[type=range]")
        assert handles.count() >= 1
        for j in range(handles.count()):
            before = _visible_images(explorer)
            handles.nth(j).focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(150)
            after = _visible_images(explorer)
            if after == before:  # the slider may have started at its right end
                page.keyboard.press("ArrowLeft")
                page.keyboard.press("ArrowLeft")
                page.wait_for_timeout(150)
                after = _visible_images(explorer)
            assert len(after) == 1 and after != before, f"slider {j} of explorer {i} did not change the figure"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / (Path(chapter).name + ".png")), full_page=True)
    assert visit.problems == []
    page.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_weighs_under_the_budget(browser, base_url, page):
    visit = Visit(browser, f"{base_url}/{_html(page)}")
    visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # fetch lazy images too
    visit.page.wait_for_load_state("networkidle")
    sizes = visit.page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const parts = performance.getEntriesByType('resource').map(r => [r.name, r.decodedBodySize]);
        return [['page', nav.decodedBodySize], ...parts]; }""")
    total = sum(size for _, size in sizes)
    biggest = ", ".join(f"{name.rsplit('/', 1)[-1]} {size / 1e6:.2f} MB"
                        for name, size in sorted(sizes, key=lambda s: -s[1])[:3])
    assert total < PAGE_BUDGET_BYTES, f"{page} loads {total / 1e6:.2f} MB (largest: {biggest})"
    visit.page.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_figures_have_captions_and_alt_text_and_math_renders(browser, base_url, chapter):
    visit = Visit(browser, f"{base_url}/{_html(chapter)}")
    page = visit.page
    figures = page.evaluate("""() => [...document.querySelectorAll('article img')]
        .filter(i => !i.closest('.jupyter-widgets'))
        .map(i => ({alt: i.alt, caption: i.closest('figure') ?
                    (i.closest('figure').querySelector('figcaption') || {}).textContent || '' : ''}))""")
    assert figures, f"{chapter} has no static figure"
    for fig in figures:
        assert len(fig["alt"].strip()) >= 20, f"figure without a real alt text: {fig}"
        assert len(fig["caption"].strip()) >= 20, f"figure without a caption: {fig}"
    page.wait_for_selector("mjx-container", timeout=20_000)
    page.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_open_in_colab_button_points_at_this_notebook(browser, base_url, chapter):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = urlparse(config["repository"]["url"]).path.strip("/")
    branch = config["repository"]["branch"]
    visit = Visit(browser, f"{base_url}/{_html(chapter)}")
    hrefs = visit.page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
    want = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{chapter}.ipynb"
    assert want in hrefs
    visit.page.close()
