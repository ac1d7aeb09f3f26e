"""The author's capture page, /save/, and its bookmarklet.

Pure tests of the bookmarklet's parts and of the two settings; the sample site (no repository set) for the page
that says which setting to set, and that the page is kept out of the navigation, the sitemap, the feeds and the
search index; then, in real Chromium, a site with GITHUB_REPOSITORY served under a sub-path: the page in light
and dark at 1280 and 390 px, and the bookmarklet exactly as the page publishes it, run on test pages served on
127.0.0.1, with GitHub's address caught by the browser (nothing goes to the network). What it opens is read
with the build's own reader, then built.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import test_theme_browser
from capture.bookmarklet import (
    ADDRESS_LIMIT,
    NOT_A_WEB_PAGE,
    QUOTE_LIMIT,
    TITLE_LIMIT,
    TOO_LONG,
    bookmarklet,
    new_file_page,
    script,
    script_character_class,
)
from capture.plugin import folder_in_repository
from conftest import Site
from learnlog_core.characters import FORBIDDEN
from link_notes.parsing import parse_links_file
from lxml import html as lxml_html
from test_settings_checks import problems_with
from test_theme_browser import CHROMIUM, SCREENSHOTS, Visit, page_of_site, serious_violations

# One Chromium for this module, started as the theme's tests start it.
browser = test_theme_browser.browser
REPOSITORY = "sam-teaches/learning-log"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)
NEW_FILE_PATH = f"/{REPOSITORY}/new/main/content/links/inbox"

# Pure


def test_the_scripts_character_class_is_exactly_the_characters_the_build_forbids():
    written = script_character_class(FORBIDDEN)
    assert written.isascii() and written.startswith("[\\u{0}-\\u{8}")
    # Read back as a Python pattern, it matches what FORBIDDEN matches, among every code point there is.
    back = re.compile(re.sub(r"\\u\{([0-9A-F]+)\}", lambda found: f"\\U{int(found[1], 16):08X}", written))
    every = "".join(map(chr, range(0x110000)))
    assert back.findall(every) == FORBIDDEN.findall(every)
    for shape in ("[^a]", r"[\d]", "[a]b", "ab"):
        with pytest.raises(ValueError, match="not a class of literal characters and ranges"):
            script_character_class(re.compile(shape))


def test_the_bookmarklet_is_an_address_a_bookmark_keeps_as_it_is():
    code = bookmarklet(REPOSITORY, "main", "content/links/inbox", FORBIDDEN)
    assert code.startswith("javascript:(function(){") and code.endswith("})();")
    assert code.isascii() and not re.search(r"""[\s"<>#`]|%(?![0-9A-F]{2})""", code)
    assert unquote(code) == "javascript:" + script(f"https://github.com{NEW_FILE_PATH}", FORBIDDEN)
    assert len(code) < 5_000  # a phone's bookmark keeps it whole


def test_githubs_new_file_page_has_each_part_of_its_address_encoded():
    assert new_file_page("o/r", "notes/2026 draft", "content/links/inbox") == (
        "https://github.com/o/r/new/notes/2026%20draft/content/links/inbox"
    )


def test_the_inbox_is_named_from_the_top_of_the_git_work_tree(tmp_path):
    (tmp_path / "site" / ".git").mkdir(parents=True)
    (tmp_path / "site" / "src" / "content").mkdir(parents=True)
    assert folder_in_repository(str(tmp_path / "site" / "src" / "content")) == "src/content"
    assert folder_in_repository(str(tmp_path / "site")) == ""
    (tmp_path / "copy" / "content").mkdir(parents=True)  # a copy of the project, in no git work tree
    assert folder_in_repository(str(tmp_path / "copy" / "content")) == "content"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'GITHUB_REPOSITORY = "https://github.com/sam-teaches/learning-log.git"',
            "GITHUB_REPOSITORY 'https://github.com/sam-teaches/learning-log.git' must be the repository's owner and "
            "name alone; write GITHUB_REPOSITORY = 'sam-teaches/learning-log'",
        ),
        (
            'GITHUB_REPOSITORY = "git@github.com:sam-teaches/learning-log.git"',
            "write GITHUB_REPOSITORY = 'sam-teaches/learning-log'",
        ),
        (
            'GITHUB_REPOSITORY = "learning-log"',
            "GITHUB_REPOSITORY 'learning-log' is not a GitHub repository's owner and name; write them as its address "
            'on GitHub has them (https://github.com/yourname/learning-log gives GITHUB_REPOSITORY = "yourname/learning-log")',
        ),
        ('GITHUB_REPOSITORY = "sam teaches/log"', "is not a GitHub repository's owner and name"),
        ('GITHUB_REPOSITORY = "https://gitlab.com/sam/log"', "is not a GitHub repository's owner and name"),
        ('GITHUB_REPOSITORY = ["sam/log"]', "GITHUB_REPOSITORY must be one text, got the list ['sam/log']"),
        (
            'GITHUB_BRANCH = "gh-pages"',
            "GITHUB_BRANCH 'gh-pages' is the branch invoke publish puts the built site on (GITHUB_PAGES_BRANCH); "
            'write the branch your site\'s source is on, such as GITHUB_BRANCH = "main"',
        ),
        ('GITHUB_BRANCH = "my branch"', "GITHUB_BRANCH 'my branch' is not a name git accepts for a branch"),
        ('GITHUB_BRANCH = ""', "GITHUB_BRANCH must be the name of a git branch, got ''"),
    ],
)
def test_a_wrong_repository_or_branch_is_named_with_its_fix(tmp_path, line, message):
    [problem] = problems_with(tmp_path, line)
    assert problem.startswith("pelicanconf.py:") and message in problem, problem


def test_a_repository_and_branch_github_could_have_are_accepted(tmp_path):
    assert (
        problems_with(tmp_path / "a", 'GITHUB_REPOSITORY = "Sam-T/learning.log_2"', 'GITHUB_BRANCH = "notes/26"') == []
    )
    assert problems_with(tmp_path / "b", 'GITHUB_REPOSITORY = ""', 'GITHUB_BRANCH = "main"') == []


# The sample site: no repository set


def text_of(page: str) -> str:
    return " ".join(lxml_html.fromstring(page).text_content().split())


def test_without_a_repository_the_page_says_which_setting_to_set(sample_site):
    page = sample_site.page("/save/")
    assert '<meta name="robots" content="noindex">' in page
    assert "javascript:" not in page and 'class="bookmarklet"' not in page
    words = text_of(page)
    assert "set GITHUB_REPOSITORY to your repository’s owner and name" in words
    assert 'GITHUB_REPOSITORY = "yourname/learning-log"' in words
    assert "Actions tab" in words and "Save a link" in words and "Run workflow" in words and "GitHub app" in words
    assert "aria-current" not in page.split("<main", 1)[0]  # no entry of the navigation is the current one


def test_the_page_is_for_the_author_alone(sample_site):
    output = sample_site.output
    for path in output.rglob("*.html"):
        if path.parent.name != "save":
            assert not re.search(r'href="[^"]*save/"', path.read_text(encoding="utf-8")), path
    assert "/save/" not in (output / "sitemap.xml").read_text()
    for feed in ("all", "posts", "links"):
        items = json.loads((output / "feeds" / f"{feed}.json").read_text())["items"]
        assert items and not any("/save/" in item.get("url", "") for item in items)
    # The search index: Pagefind's fragments, one per record, each with the address its result leads to.
    fragments = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (output / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    # Each shows its metadata as one word, "ǂs" and the hex of its JSON (search/records.py shown_word).
    targets = [json.loads(bytes.fromhex(fragment["meta"]["shown"][2:]))["target"] for fragment in fragments]
    assert len(targets) > 30 and any("links/" in target for target in targets)
    assert not any(
        "save/" in target or "bookmarklet" in fragment["content"]
        for target, fragment in zip(targets, fragments, strict=True)
    )


def test_a_page_of_the_authors_called_save_never_takes_its_address(site):
    site.page("save.md", "Title: Save\n\nHow I save money on books.\n")
    build = site.build()
    assert build.returncode == 1
    assert (
        "content/pages/save.md:1: the page's address /save/ is taken by the site itself; add a line such as "
        in build.log
    )


# In Chromium: a site with its repository set, under a sub-path


def serve(folder: Path):
    from learnlog.serve import SiteHandler, start_server

    server = start_server(folder, 0, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


TEST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A test page</title></head>
<body><h1>An article worth saving</h1><pre id="chosen"></pre></body></html>
"""
# name -> (the page's title, the text selected on it), set by script once the page is open.
CASES = {
    "plain": ("Why spaced practice beats cramming", "Spacing out practice helps students remember."),
    "hostile": (
        'He said "hi" \\ </script><script>alert(1)</script> key: value # not a comment 👩\u200d🏫 \u202eevil\u202c'
        "\t\x1b[31m\x07 \ufffe end",
        'Line one "quoted" \\ back\n  - line two: </script><b>x</b> 😀 \u202e rtl \u2028 sep\x85nel\x00 \ufeffend\'s',
    ),
    "long": ("Long " * 1_000, "word " * 1_000),
    "emoji": ("😀 Emoji 👩\u200d🏫", "🏫" * 5_000),
    "untitled": ("", ""),
    "cyrillic": ("Что такое сеть обучения?", "Сеть обучения"),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The address of a server on 127.0.0.1 whose /blog/ is a site with GITHUB_REPOSITORY set (built with that
    SITEURL, absolute links), and whose /pages/NAME/ are test pages, one for each of CASES."""
    top = tmp_path_factory.mktemp("served")
    server = serve(top)
    address = f"http://127.0.0.1:{server.server_address[1]}"
    site = Site(
        tmp_path_factory.mktemp("site"),
        f'SITEURL = "{address}/blog"\nRELATIVE_URLS = False\nGITHUB_REPOSITORY = "{REPOSITORY}"\n',
    )
    site.post("a.md", "Title: A post\nDate: 2026-11-20\n\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    build.output.rename(top / "blog")
    for name in [*CASES, "long-address"]:
        (top / "pages" / name).mkdir(parents=True)
        (top / "pages" / name / "index.html").write_text(TEST_PAGE, encoding="utf-8")
    yield address
    server.shutdown()


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_page_with_its_bookmarklet_under_a_sub_path(browser, served, width, color_scheme):
    visit = Visit(browser, served, "/blog/save/", width, color_scheme)
    try:
        page = visit.page
        assert visit.response.status == 200 and visit.console_errors == [] and visit.off_site == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/save/ at {width}px scrolls sideways by {overflow}px"
        assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == "Save a link"
        button = page.locator("a.bookmarklet")
        assert button.is_visible() and button.inner_text() == "Save to Test Site"
        assert (
            button.evaluate("link => getComputedStyle(link).borderTopStyle") == "dashed"
        )  # the stylesheet, from /blog/
        assert page.locator("#bookmarklet-code").input_value() == button.get_attribute("href")
        assert page.locator("button.copy").is_visible()  # copy.js, from /blog/theme/js/
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        assert page.locator('.site-nav a[href$="/save/"]').count() == 0
        assert page.locator(f'a[href="https://github.com/{REPOSITORY}/actions/workflows/save-link.yml"]').count() == 1
        assert serious_violations(page) == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"save-{width}-{color_scheme}.png"), full_page=True)
    finally:
        visit.close()


@needs_chromium
def test_the_copy_button_copies_the_bookmarklet(browser, served):
    context = browser.new_context()
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
        page = context.new_page()
        page.goto(served + "/blog/save/")
        page.locator("button.copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("a.bookmarklet").get_attribute("href")
    finally:
        context.close()


@pytest.fixture(scope="module")
def published(browser, served) -> str:
    """The bookmarklet as /save/ publishes it: its link's href."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served + "/blog/save/")
        return page.locator("a.bookmarklet").get_attribute("href")
    finally:
        context.close()


class Run:
    """The bookmarklet run on a page: the GitHub addresses it opened (caught, never sent), the alerts it showed,
    the other addresses asked for, and the page's title, selection and address as the browser had them."""

    def __init__(self, browser, bookmark: str, address: str, timezone: str = "Asia/Kolkata", prepare=None):
        self.opened: list[str] = []
        self.alerts: list[str] = []
        self.off_site: list[str] = []
        self.context = browser.new_context(timezone_id=timezone)
        self.context.route("**/*", self._route)
        try:
            page = self.context.new_page()
            page.on("dialog", lambda dialog: (self.alerts.append(dialog.message), dialog.dismiss()))
            page.goto(address)
            if prepare:
                prepare(page)
            self.title, self.selection, self.address = page.evaluate(
                "[document.title, String(getSelection()), location.href]"
            )
            # As a bookmarklet runs: the javascript: address, opened by the person (Enter on a link to it), on
            # this page, with its selection untouched.
            page.evaluate(
                """code => { const link = document.createElement("a"); link.href = code; link.textContent = "Save";
                document.body.append(link); link.focus(); }""",
                bookmark,
            )
            page.keyboard.press("Enter")
            ends = time.monotonic() + 10
            while not (self.opened or self.alerts) and time.monotonic() < ends:
                page.wait_for_timeout(50)
            page.wait_for_timeout(200)  # for the new tab to be counted
            self.tabs = len(self.context.pages)
            self.stayed = page.url == self.address  # the page being read is still open in its tab
        finally:
            self.context.close()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("https://github.com/"):
            self.opened.append(url)
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>GitHub</title>")
        elif url.startswith(("http://127.0.0.1:", "file:")):
            route.continue_()
        else:
            self.off_site.append(url)
            route.abort()


def select(title: str, chosen: str):
    """A `prepare` for Run: set the page's title, put `chosen` in its <pre> and select it."""

    def prepare(page) -> None:
        page.evaluate(
            """([title, chosen]) => { document.title = title;
            const pre = document.getElementById("chosen"); pre.textContent = chosen;
            if (chosen) { const range = document.createRange(); range.selectNodeContents(pre);
              getSelection().removeAllRanges(); getSelection().addRange(range); } }""",
            [title, chosen],
        )

    return prepare


def cleaned(text: str, limit: int) -> str:
    """What the build keeps of a value: no forbidden character, no space at either end; cut to `limit`
    characters with '…', as the bookmarklet cuts it."""
    text = FORBIDDEN.sub("", text).strip()
    return text if len(text) <= limit else text[:limit].strip() + "…"


@pytest.fixture(scope="module")
def runs(browser, served, published) -> dict[str, Run]:
    """The bookmarklet run on the test page of each of CASES."""
    return {name: Run(browser, published, f"{served}/pages/{name}/", prepare=select(*CASES[name])) for name in CASES}


def opened_file(run: Run) -> tuple[str, str, dict]:
    """The file name, the file's text and the one link it holds, as the build reads it, from what `run` opened;
    checked to be GitHub's new-file page for the inbox folder of the repository's branch."""
    assert run.alerts == [] and run.off_site == [] and len(run.opened) == 1, (run.alerts, run.off_site, run.opened)
    address = run.opened[0]
    assert len(address) <= ADDRESS_LIMIT
    parts = urlsplit(address)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", NEW_FILE_PATH)
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert sorted(query) == ["filename", "value"] and len(query["filename"]) == len(query["value"]) == 1
    name, text = query["filename"][0], query["value"][0]
    parsed = parse_links_file(text.encode("utf-8"), 10**6, str)
    assert parsed["problems"] == [] and len(parsed["links"]) == 1, (parsed["problems"], text)
    return name, text, parsed["links"][0]


@needs_chromium
@pytest.mark.parametrize("case", ["plain", "hostile", "untitled", "cyrillic"])
def test_the_bookmarklet_opens_a_new_file_holding_exactly_the_page_it_was_run_on(runs, case):
    run = runs[case]
    name, text, link = opened_file(run)
    assert run.tabs == 2 and run.stayed  # GitHub in a new tab: the page being read stays open
    title = cleaned(run.title, TITLE_LIMIT) or cleaned(urlsplit(run.address).netloc + urlsplit(run.address).path, 300)
    assert (link["url"], link["title"], link["quote"]) == (run.address, title, cleaned(run.selection, QUOTE_LIMIT))
    assert (link["tags"], link["note"], link["via"], link["draft"]) == ([], "", None, False)
    assert text.startswith("# Write what you learned on the line under 'note: |'") and text.endswith(
        "  note: |\n    \n"
    )
    # Now, with the browser's offset (Asia/Kolkata, +05:30); the file is named for that moment and the title.
    assert link["date"].utcoffset() == timedelta(hours=5, minutes=30)
    assert abs(datetime.now(UTC) - link["date"]) < timedelta(minutes=5)
    stamp = link["date"].strftime("%Y-%m-%d-%H%M")
    slugs = {  # of the title, else of the host
        "plain": r"why-spaced-practice-beats-cramming",
        "hostile": r"he-said-hi-script-script-alert-1-script",
        "untitled": r"127-0-0-1-\d+-pages-untitled",
        "cyrillic": r"127-0-0-1",
    }
    assert re.fullmatch(rf"{stamp}\d\d-{slugs[case]}\.yaml", name), name


@needs_chromium
def test_a_hostile_title_and_selection_are_kept_as_text(runs):
    _, text, link = opened_file(runs["hostile"])
    assert "</script><script>alert(1)</script>" in link["title"] and "👩\u200d🏫" in link["title"]
    assert "\u202eevil\u202c" in link["title"] and "\x1b" not in link["title"] and "\ufffe" not in link["title"]
    assert 'Line one "quoted" \\ back\n  - line two: </script>' in link["quote"] and "\u2028" in link["quote"]
    assert "\x85" not in link["quote"] and "\x00" not in link["quote"] and "\ufeffend's" in link["quote"]
    assert "\u2028" not in text and "\n  - line two" not in text  # written as escapes: the file has one line per field


@needs_chromium
def test_a_long_title_and_selection_are_cut_so_the_address_stays_under_githubs_limit(runs):
    """5,000 characters of each: the title keeps TITLE_LIMIT characters, the quote QUOTE_LIMIT, each ending '…'."""
    run = runs["long"]
    _, _, link = opened_file(run)
    title, quote = link["title"], link["quote"]
    assert title.endswith("…") and len(title) == TITLE_LIMIT and run.title.startswith(title[:-1])
    assert quote.endswith("…") and len(quote) == QUOTE_LIMIT and run.selection.startswith(quote[:-1])


@needs_chromium
def test_a_selection_of_emoji_is_cut_to_what_the_address_can_hold_never_inside_a_character(runs):
    """5,000 emoji: each is 12 characters in the address, so fewer fit than QUOTE_LIMIT."""
    run = runs["emoji"]
    _, _, link = opened_file(run)
    assert link["title"] == run.title
    quote = link["quote"]
    assert quote.endswith("…") and set(quote[:-1]) == {"🏫"} and 150 < len(quote) < QUOTE_LIMIT


@needs_chromium
def test_on_a_page_that_is_not_a_web_page_it_says_so_and_opens_nothing(browser, published, tmp_path):
    page = tmp_path / "saved-page.html"
    page.write_text(TEST_PAGE, encoding="utf-8")
    run = Run(browser, published, page.as_uri(), prepare=select("A file", "some words"))
    assert run.alerts == [NOT_A_WEB_PAGE] and run.opened == [] and run.tabs == 1 and run.stayed


@needs_chromium
def test_a_page_whose_address_alone_is_too_long_is_refused_in_words(browser, published, served):
    run = Run(browser, published, f"{served}/pages/long-address/?q={'x' * ADDRESS_LIMIT}")
    assert run.alerts == [TOO_LONG] and run.opened == []


@needs_chromium
def test_the_build_reads_every_file_the_bookmarklet_wrote_into_the_inbox(browser, runs, tmp_path):
    """Each file as the bookmarklet opened it, committed to content/links/inbox/: the site builds, and each link
    is on its week's page with its title; the site is the relative-URL preview, whose /save/ works at 390 px."""
    site = Site(tmp_path, f'GITHUB_REPOSITORY = "{REPOSITORY}"\n')
    site.post("a.md", "Title: A post\nDate: 2026-11-20\n\nText.\n")
    saved = {}
    for case, run in runs.items():
        name, text, link = opened_file(run)
        site.links(f"inbox/{name}", text.encode("utf-8"))
        saved[case] = link
    with page_of_site(browser, site, 390) as (page, address):
        for case, link in saved.items():
            year, week, _ = link["date"].astimezone(ZoneInfo("Europe/London")).isocalendar()
            assert page.goto(f"{address}/links/{year}/w{week:02d}/").status == 200
            shown = page.locator("a.u-bookmark-of").evaluate_all(
                "links => links.map(link => [link.getAttribute('href'), link.textContent])"
            )
            assert [link["url"], link["title"]] in shown, case
        page.goto(f"{address}/save/")
        assert page.locator("button.copy").is_visible() and page.locator("a.bookmarklet").is_visible()
        assert page.locator("a.bookmarklet").evaluate("link => getComputedStyle(link).borderTopStyle") == "dashed"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/save/ at 390px scrolls sideways by {overflow}px"
