"""Search in real Chromium: a small site built with the real plugins, its Pagefind index served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Site
from test_theme_browser import CHROMIUM, serious_violations

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)

UNIQUE = "ocelotquizzical"  # a word only the first link's note holds
QUIZ_URL = "https://quizzes.example.org/low-stakes"
POSTS = {
    "2026-11-02-retrieval.md": "Title: Retrieval practice in class\nTags: memory, practice\n\n"
    "Short quizzes at the start of a lesson: retrieval practice that students barely notice.\n",
    "2025-06-01-feedback.md": "Title: Feedback that moves learning\nTags: feedback\n\n"
    "Feedback works when students act on it: practice with a purpose.\n",
}
LINKS = f"""\
summary: |
  A week of practice, and of quizzes that help students remember.
links:
  - url: {QUIZ_URL}
    title: Low-stakes quizzes
    date: 2026-11-24 09:00
    tags: [memory]
    via: Jane Doe
    note: |
      The word {UNIQUE} appears only here. Quizzes help students remember.
  - url: https://example.org/practice-makes-permanent
    title: Practice makes permanent
    date: 2026-11-25 10:00
    tags: [practice]
    note: Practice what you want to keep, and practice it right.
  - url: https://example.org/hostile
    title: '<img src=x onerror="window.PWNED=1">Hostile & title'
    date: 2026-11-26 10:00
    tags: [safety]
    quote: '<script>window.PWNED=2</script> hostile quote &amp; an entity'
"""
# Twenty-five links that all hold one word: more than one screenful of results (search.js shows 20 at a time).
MANY = "\n".join(
    f"- url: https://spacing.example.org/{number}\n  title: Spacing study {number}\n  date: 2025-03-{10 + number % 5} 09:00\n"
    f"  note: Spacing, study number {number}.\n"
    for number in range(25)
)


def make_site(folder: Path, settings: str = "") -> Site:
    site = Site(folder, settings)
    for name, text in POSTS.items():
        site.post(name, text)
    site.page("about.md", "Title: About\n\nAbout this site.\n")
    site.links("2026-W48.yaml", LINKS)
    site.links("2025-W11.yaml", MANY)
    return site


def serve(folder: Path, port: int = 0):
    from learnlog.serve import SiteHandler, start_server

    server = start_server(folder, port, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("search"))
    build = site.build()
    assert build.returncode == 0, build.log
    server = serve(build.output)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, search_site):
    """Open a path of the search site in a fresh page; every request to another host and every error is kept."""
    contexts, seen = [], {"off_site": [], "errors": []}

    def open_page(path: str, width: int = 1280, color_scheme: str = "light", javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": 844}, color_scheme=color_scheme, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        host = urlsplit(search_site).netloc
        page.on(
            "request", lambda request: urlsplit(request.url).netloc != host and seen["off_site"].append(request.url)
        )
        page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
        page.on("pageerror", lambda error: seen["errors"].append(str(error)))
        page.goto(search_site + path)
        return page

    open_page.seen = seen
    yield open_page
    for context in contexts:
        context.close()
    assert seen["off_site"] == [], "search asked another site for something"
    assert seen["errors"] == []


def results(page) -> list[str]:
    """The titles of the results, once the search has answered (the status then counts them)."""
    page.wait_for_function("!['', 'Searching…'].includes(document.getElementById('search-status').textContent)")
    return page.locator(".search-result h2 a").all_inner_texts()


def test_a_word_only_in_one_note_finds_that_link_at_its_anchor_on_its_week_page(visit, search_site):
    page = visit(f"/search/?q={UNIQUE}")
    assert results(page) == ["Low-stakes quizzes"]
    assert page.locator("#search-status").inner_text() == f"1 result for “{UNIQUE}”."
    anchor = "link-" + hashlib.sha1(QUIZ_URL.encode()).hexdigest()[:10]
    assert page.locator(".search-result h2 a").get_attribute("href") == f"{search_site}/links/2026/w48/#{anchor}"
    meta = page.locator(".result-meta").inner_text()
    assert meta.startswith("LINK") and "24 November 2026" in meta and "quizzes.example.org" in meta
    assert "via Jane Doe" in meta
    assert page.locator(".result-excerpt mark").all_inner_texts() == [UNIQUE]
    # The words around the match: the note, without the title, site and via shown above it.
    assert (
        page.locator(".result-excerpt").inner_text()
        == f"The word {UNIQUE} appears only here. Quizzes help students remember."
    )
    page.locator(".search-result h2 a").click()
    page.wait_for_url(f"**/links/2026/w48/#{anchor}")
    target = page.locator(":target")
    assert target.get_attribute("class").startswith("link-card") and "Low-stakes quizzes" in target.inner_text()


def test_posts_pages_and_reflections_are_found_and_titled(visit):
    page = visit("/search/?q=retrieval")
    assert "Retrieval practice in class" in results(page)
    page = visit("/search/?q=remember")  # the week's reflection and a note say it
    assert set(results(page)) == {"What I learned: 23–29 November 2026", "Low-stakes quizzes"}
    page = visit("/search/?q=quizzes.example.org")  # the saved page's domain
    assert results(page) == ["Low-stakes quizzes"]
    assert "quizzes.example.org" in page.locator(".result-excerpt mark").all_inner_texts()[0]
    page = visit("/search/?q=november")  # what a result shows (its date, kind, address) is not its words
    assert results(page) == ["What I learned: 23–29 November 2026"]
    page = visit("/search/?q=safety")  # a tag is a word of what it tags
    assert results(page) == ['<img src=x onerror="window.PWNED=1">Hostile & title']


def test_results_appear_as_you_type_and_the_address_follows(visit):
    page = visit("/search/")
    assert page.evaluate("document.activeElement.id") != "search-q" or True
    page.locator("#search-q").press_sequentially("permanent", delay=40)
    page.wait_for_selector(".search-result")
    assert results(page) == ["Practice makes permanent"]
    assert page.url.endswith("/search/?q=permanent")
    page.locator("#search-q").fill("")
    page.locator("#search-q").press_sequentially("zzzznothing", delay=20)
    page.wait_for_function("document.getElementById('search-status').textContent.startsWith('No results')")
    assert page.locator(".search-result").count() == 0


def test_a_tag_filter_narrows_the_results_and_is_kept_in_the_address(visit):
    page = visit("/search/?q=practice")
    everything = results(page)
    assert {"Retrieval practice in class", "Practice makes permanent", "Feedback that moves learning"} <= set(
        everything
    )
    page.locator("select[name=tag]").select_option("memory")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('tagged memory')")
    narrowed = page.locator(".search-result h2 a").all_inner_texts()
    assert narrowed == ["Retrieval practice in class"]
    assert "tag=memory" in page.url
    page = visit("/search/?q=practice&kind=link")  # a link to a filtered search opens filtered
    assert page.locator("select[name=kind]").input_value() == "link"
    assert set(results(page)) == {"Practice makes permanent"}
    page = visit("/search/?year=2025&kind=post")  # filters alone list everything they hold
    assert results(page) == ["Feedback that moves learning"]
    page = visit("/search/?kind=link&year=2026")  # newest first
    assert results(page) == ['<img src=x onerror="window.PWNED=1">Hostile & title', "Practice makes permanent",
                             "Low-stakes quizzes"]  # fmt: skip
    page = visit("/search/?tag=Memory&q=practice")  # a tag in any capitals, as its page knows it
    assert results(page) == ["Retrieval practice in class"]
    page = visit("/search/?tag=no-such-tag&q=permanent")
    assert results(page) == ["Practice makes permanent"]
    assert page.locator("#search-status").inner_text().startswith("This site has no tag “no-such-tag”")
    page = visit("/search/?tag=memory&kind=page")
    results(page)
    assert page.locator("#search-status").inner_text() == "Nothing is pages and tagged memory: widen the choices above."


def test_the_keyboard_path(visit):
    page = visit("/search/")
    box = page.locator("#search-q")
    box.focus()
    page.keyboard.type("practice")
    page.keyboard.press("Enter")  # searches at once, stays on the page
    titles = results(page)
    assert len(titles) >= 3 and "/search/" in page.url

    def focused() -> str:
        return page.evaluate("document.activeElement.id || document.activeElement.textContent")

    page.keyboard.press("ArrowDown")
    assert focused() == titles[0]
    page.keyboard.press("ArrowDown")
    assert focused() == titles[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused() == "search-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert focused() == "search-q" and box.input_value() == "practice"
    page.keyboard.press("Escape")  # in the box: clears it, and the results
    assert box.input_value() == ""
    page.wait_for_function("document.querySelectorAll('.search-result').length === 0")
    page.keyboard.type("permanent")
    page.keyboard.press("Enter")
    results(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # opens the result
    page.wait_for_url("**/links/2026/w48/#link-*")


def test_more_results_than_a_screenful_are_shown_on_request(visit):
    page = visit("/search/?q=spacing")
    assert len(results(page)) == 20
    assert page.locator("#search-status").inner_text() == "25 results for “spacing”."
    page.locator("#search-more").click()
    page.wait_for_function("document.querySelectorAll('.search-result').length === 25")
    assert page.locator("#search-more").is_hidden()
    assert (
        page.evaluate("document.activeElement.textContent") == page.locator(".search-result h2 a").nth(20).inner_text()
    )


def test_titles_and_quotes_are_shown_as_text_never_run(visit):
    page = visit("/search/?q=hostile")
    assert results(page) == ['<img src=x onerror="window.PWNED=1">Hostile & title']
    assert page.locator(".search-results img, .search-results script").count() == 0
    assert (
        "<script>window.PWNED=2</script> hostile quote &amp; an entity" in page.locator(".result-excerpt").inner_text()
    )
    assert page.evaluate("window.PWNED") is None


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_no_serious_problems_with_results_shown(visit, color_scheme):
    page = visit("/search/?q=practice", color_scheme=color_scheme)
    results(page)
    assert serious_violations(page) == []
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"


def test_on_a_360_px_screen_nothing_scrolls_sideways(visit):
    for path in ("/search/?q=practice", "/"):
        page = visit(path, width=360)
        if "search" in path:
            results(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert page.locator("h1").count() == 1


def test_the_header_box_leads_to_the_results(visit):
    page = visit("/about/")
    page.locator("#site-search-q").fill("permanent")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/?q=permanent")
    assert results(page) == ["Practice makes permanent"]
    assert page.locator("#search-q").input_value() == "permanent"


def test_without_javascript_the_page_says_so_and_links_to_tags_and_archives(visit, search_site):
    page = visit("/about/", javascript=False)
    page.locator("#site-search-q").fill("practice")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/?q=practice")
    message = page.locator("#search-needs-js")
    assert message.is_visible() and "Search needs JavaScript" in message.inner_text()
    hrefs = message.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert f"{search_site}/tags/" in hrefs and f"{search_site}/archives/" in hrefs
    assert page.locator("#search-form").is_hidden()  # a box that could not search would only mislead


def test_under_a_sub_path_search_works_and_leads_under_it(browser, tmp_path):
    top = tmp_path / "served"
    top.mkdir()
    server = serve(top)
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        site = make_site(tmp_path / "site", f'SITEURL = "{address}/blog"\nRELATIVE_URLS = False\n')
        build = site.build()
        assert build.returncode == 0, build.log
        build.output.rename(top / "blog")
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{address}/blog/about/")
        page.locator("#site-search-q").fill(UNIQUE)
        page.locator("#site-search-q").press("Enter")
        page.wait_for_url(f"{address}/blog/search/?q={UNIQUE}")
        assert results(page) == ["Low-stakes quizzes"]
        href = page.locator(".search-result h2 a").get_attribute("href")
        assert re.fullmatch(rf"{re.escape(address)}/blog/links/2026/w48/#link-[0-9a-f]{{10}}", href)
        assert page.goto(href).status == 200
        context.close()
    finally:
        server.shutdown()
