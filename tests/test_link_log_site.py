"""Builds of small sites with link notes: the pages a reader sees, and the build's own checks."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from conftest import good_post
from link_notes.weeks import iso_week, top_tags, week_label


def link(url: str, title: str, when: str, extra: str = "") -> str:
    return f"- url: {url}\n  title: {title}\n  date: {when}\n{extra}"


def anchors(html: str) -> list[str]:
    return re.findall(r'<article class="link-card h-entry" id="([^"]+)"', html)


def text(html: str) -> str:
    """What a reader sees: tags removed, entities decoded, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="u-bookmark-of"[^>]*>([^<]+)<', html)]


BLOGROLL = """\
- id: janedoe
  name: Jane Doe
  site: https://janedoe.example/
  feed: https://janedoe.example/feed.xml
  note: Writes about *assessment*.
- id: sam
  name: Sam Roe
  site: https://sam.example/
"""


@pytest.fixture
def link_site(site):
    site.blogroll(BLOGROLL)
    site.post("2026-11-24-a-post-about-memory.md", good_post("A post about memory", "2026-11-24 12:00", "memory") +
              "\nSee [last week's links]({filename}/links/2026-W47.yaml).\n")  # fmt: skip
    site.links(
        "2026-W47.yaml",
        link("https://example.org/one", "One", "2026-11-16 08:00", "  tags: [memory]\n  via: janedoe\n")
        + link(
            "https://example.org/two",
            "Two",
            "2026-11-20 08:00",
            "  tags: memory, habits\n  via: https://friend.example/\n",
        ),
    )
    site.links(
        "2026/2026-W48.yaml",
        "summary: A week of *memory*.\nlinks:\n"
        + link(
            "https://example.org/three",
            "Three",
            "2026-11-23 09:00",
            "  tags: [memory]\n  via: janedoe\n  quote: Keep this.\n",
        )
        + link(
            "https://example.org/four",
            "Four <b>bold</b>",
            "2026-11-25 09:00",
            "  via: A colleague\n  note: My *note*.\n",
        )
        + link("https://example.org/draft", "Draft one", "2026-11-25 10:00", "  draft: true\n")
        + link("https://example.org/future", "Future one", "2099-01-01 10:00"),
    )
    build = site.build()
    assert build.returncode == 0, build.log
    return build


def test_week_page(link_site):
    html = link_site.page("/links/2026/w48/")
    assert '<h1 class="p-name">23–29 November 2026</h1>' in html and "What I learned · Week 48, 2026" in html
    assert "Week 48, 2026" in html and "23–29 November 2026" in html
    assert "<p>A week of <em>memory</em>.</p>" in html
    assert titles(html) == ["Four <b>bold</b>", "Three"]  # newest first; the title is text
    assert "Four &lt;b&gt;bold&lt;/b&gt;" in html
    assert len(set(anchors(html))) == 2 and all(a.startswith("link-") for a in anchors(html))
    assert "<p>My <em>note</em>.</p>" in html
    assert '<blockquote class="link-quote"><p>Keep this.</p></blockquote>' in html
    assert 'via <a href="../../../blogroll/#janedoe">Jane Doe</a>' in html
    assert "via A colleague" in html
    assert 'rel="prev" href="../../../links/2026/w47/"' in html
    assert "example.org" in html  # the domain


def test_drafts_and_future_links_are_left_out(link_site):
    every_page = "".join(p.read_text() for p in link_site.output.rglob("*.html"))
    assert "Draft one" not in every_page
    assert "Future one" not in every_page


def test_link_roll_lists_weeks_newest_first_with_counts_and_top_tags(link_site):
    seen = text(link_site.page("/links/"))
    assert seen.index("Week 48, 2026") < seen.index("Week 47, 2026")
    # Each week leads with its dates, as people say them.
    assert "23–29 November 2026 Week 48, 2026 · 2 links · mostly memory A week of memory" in seen
    assert "16–22 November 2026 Week 47, 2026 · 2 links · mostly memory , habits" in seen


def test_tag_pages_list_posts_and_links_newest_first(link_site):
    seen = text(link_site.page("/tags/memory/"))
    order = [seen.index(title) for title in ("A post about memory", "Three", "Two", "One")]
    assert order == sorted(order)
    assert "1 post and 3 links about memory" in seen
    index = text(link_site.page("/tags/"))
    assert "memory 1 post, 3 links" in index
    assert "habits 1 link" in index


def test_home_shows_the_latest_week(link_site):
    html = unescape(link_site.page("/"))
    assert "What I learned this week" in html
    assert 'href="./links/2026/w48/">23–29 November 2026</a>' in html
    assert "Four <b>bold</b>" in html and "Three" in html and "One" not in re.sub(r"<[^>]+>", "", html).split()


def test_blogroll_page(link_site):
    html = link_site.page("/blogroll/")
    jane = html[html.index('id="janedoe"') : html.index('id="sam"')]
    assert '<a class="p-name u-url" href="https://janedoe.example/">Jane Doe</a>' in jane
    assert '<a href="https://janedoe.example/feed.xml">Feed</a>' in jane
    assert "<em>assessment</em>" in jane
    assert jane.index(">Three<") < jane.index(">One<")  # newest first
    assert "via" not in html[html.index('id="sam"') :].split("</section>")[0].lower().replace("via-", "")


def test_a_post_can_link_to_a_week(link_site):
    html = link_site.page("/posts/2026/a-post-about-memory/")
    assert 'href="../../../links/2026/w47/"' in html


def test_a_link_via_a_url(link_site):
    assert 'via <a href="https://friend.example/">friend.example</a>' in link_site.page("/links/2026/w47/")


@pytest.mark.parametrize(
    ("written", "url"),
    [
        ("2026-11-22 23:59", "/links/2026/w47/"),  # Sunday night: still week 47
        ("2026-11-22 23:30 -05:00", "/links/2026/w48/"),  # already Monday in London
        ("2024-12-31 10:00", "/links/2025/w01/"),  # 31 December in week 1 of the next year
        ("2020-12-31 10:00", "/links/2020/w53/"),  # a year with 53 weeks
    ],
)
def test_iso_week_edges(site, written, url):
    site.links("edge.yaml", link("https://example.org/edge", "Edge", written))
    build = site.build()
    assert build.returncode == 0, build.log
    assert titles(build.page(url)) == ["Edge"]


def test_week_helpers():
    london = ZoneInfo("Europe/London")
    assert iso_week(datetime(2027, 1, 3, 23, 0, tzinfo=london)) == (2026, 53)
    assert week_label(2026, 48) == "23–29 November 2026"
    assert week_label(2026, 49) == "30 November – 6 December 2026"
    assert week_label(2026, 53) == "28 December 2026 – 3 January 2027"
    assert top_tags([["b", "a"], ["a"], ["c", "b"]], 2) == [("a", 2), ("b", 2)]
    assert date.fromisocalendar(2025, 1, 1) == date(2024, 12, 30)


def test_errors_stay_in_their_own_file(site):
    site.links("good.yaml", link("https://example.org/ok", "Fine", "2026-11-20 10:00"))
    site.links("bad.yaml", link("javascript:alert(1)", "Bad", "2026-11-20 10:00"))
    site.links("worse.yml", "- url: https://example.org/x\n  title: no\n  date: 2026-11-20\n")
    build = site.build()
    assert build.returncode == 1 and "Traceback" not in build.log
    problem_lines = [line.strip() for line in build.log.splitlines() if line.startswith("  ")]
    assert problem_lines == [
        "content/links/bad.yaml:1: 'url' must be a web address starting with https:// or http://, not 'javascript:'",
        """content/links/worse.yml:2: 'title' must be text, but YAML reads no as a true/false value; write "no" in quotes""",
    ]


def test_blogroll_problems(site):
    site.blogroll(
        "- id: jane\n  name: Jane\n  site: https://jane.example/\n"
        "- id: jane\n  name: Jane again\n  site: https://jane.example/\n"
        "- id: Bad Id\n  site: janedoe.example\n"
    )
    build = site.build()
    assert build.returncode == 1
    for expected in (
        "content/blogroll.yaml:8: 'site' must be a full web address starting with https:// or http://, got 'janedoe.example'; write 'https://janedoe.example'",
        "content/blogroll.yaml:4: the id 'jane' is already used on line 1; give each person their own id",
        "content/blogroll.yaml:7: the id 'Bad Id' may only use lowercase letters, digits, '-' and '_'",
        "content/blogroll.yaml:7: this person has no 'name'; add a line such as 'name: Jane Doe'",
    ):
        assert expected in build.log


def test_a_via_close_to_a_blogroll_id_is_a_warning(site):
    site.blogroll(BLOGROLL)
    site.links("w.yaml", link("https://example.org/a", "A", "2026-11-20 10:00", "  via: jandoe\n"))
    build = site.build()
    assert build.returncode == 0
    assert "warning: content/links/w.yaml:4: via 'jandoe' is not in the blogroll; did you mean 'janedoe'?" in build.log


def test_one_address_twice_in_a_week(site):
    site.links("a.yaml", link("https://example.org/same", "A", "2026-11-20 10:00"))
    site.links("b.yaml", link("https://example.org/same", "B", "2026-11-21 10:00"))
    build = site.build()
    assert build.returncode == 1
    assert (
        "content/links/a.yaml:1: 'https://example.org/same' is saved twice in week 47 (also at content/links/b.yaml:1); keep one"
        in build.log
    )


def test_two_summaries_for_one_week(site):
    site.links("2026-W47.yaml", "summary: One.\nlinks:\n" + link("https://example.org/a", "A", "2026-11-20 10:00"))
    site.links("extra/2026-W47.yaml", "summary: Two.\nlinks: []\n")
    build = site.build()
    assert build.returncode == 1
    assert (
        "content/links/extra/2026-W47.yaml:1: week 47 of 2026 already has a summary in content/links/2026-W47.yaml; keep one"
        in build.log
    )


def test_hostile_notes_never_reach_a_page(site):
    site.links(
        "w.yaml",
        link("https://example.org/a", "<script>alert(1)</script>", "2026-11-20 10:00",
             '  quote: "<img src=x onerror=alert(1)>"\n  note: |\n    <script>alert(2)</script> [x](javascript:alert(3))\n'
             "    <a href=\"&#106;avascript:alert(4)\" onmouseover=\"alert(5)\">y</a>\n"),
    )  # fmt: skip
    build = site.build()
    assert build.returncode == 0, build.log
    for page in build.output.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and 'href="javascript:' not in html and "onmouseover=" not in html, page
        assert "<img src=x" not in html, page


def test_the_cache_knows_a_file_by_its_bytes_not_its_time(site):
    """The second build takes an unchanged file from the cache, and an edited one is read again, even
    when the edit kept the file's size and modification time (a copy, a restore, a coarse clock)."""
    notes = site.links("w.yaml", link("https://example.org/a", "Cached title", "2026-11-20 10:00"))
    assert site.build().returncode == 0
    cached = sorted((site.folder / "cache").glob("link_notes-*.pickle"))
    assert len(cached) == 1 and b"Cached title" in cached[0].read_bytes()
    stamp = notes.stat()
    notes.write_text(notes.read_text().replace("Cached title", "Edited title"))
    os.utime(notes, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert notes.stat().st_size == stamp.st_size
    html = site.build().page("/links/2026/w47/")
    assert "Edited title" in html and "Cached title" not in html


def test_the_link_roll_paginates(tmp_path):
    from conftest import Site

    site = Site(tmp_path, "LINK_WEEKS_PER_PAGE = 2\n")
    for day in (2, 9, 16):
        site.links(
            f"w{day}.yaml", link(f"https://example.org/{day}", f"Link of the {day}th", f"2026-11-{day:02d} 10:00")
        )
    build = site.build()
    assert build.returncode == 0, build.log
    first, second = text(build.page("/links/")), text(build.page("/links/page/2/"))
    assert "Week 47, 2026" in first and "Week 46, 2026" in first and "Week 45, 2026" not in first
    assert "Week 45, 2026" in second and "Page 2 of 2" in second
    assert 'rel="next" href="../links/page/2/"' in build.page("/links/")


def test_a_week_page_says_each_day_once(link_site):
    """Links are grouped under the day they were saved (newest first); each shows its time, not the date."""
    html = link_site.page("/links/2026/w48/")
    days = re.findall(r'<h2 class="day"><time datetime="([0-9-]+)">([^<]+)</time></h2>', html)
    assert [day for day, _ in days] == sorted({day for day, _ in days}, reverse=True) and days
    assert all(shown.split()[0] in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
               for _, shown in days)  # fmt: skip
    assert html.count(days[0][1]) == 1  # the long date once, in its heading


def test_a_reflection_is_never_lost_without_a_word(site):
    """A file named for a week the year does not have (2025 has 52 ISO weeks) stops the build; a summary of a
    week with no published links yet is a warning."""
    site.post("a.md", good_post())
    site.links(
        "2025-W53.yaml",
        "summary: My reflection.\nlinks:\n  - url: https://example.org/a\n    title: A\n    date: 2025-12-30 10:00\n",
    )
    site.links("2026-W40.yaml", "summary: Written ahead.\nlinks: []\n")
    build = site.build()
    assert build.returncode == 1
    assert build.log.count("content/links/2025-W53.yaml:1:") == 1
    assert (
        "content/links/2025-W53.yaml:1: the file is named for week 53 of 2025, which has only 52 weeks (ISO 8601), so "
        "its summary would be shown nowhere; name it after the week of its links, 2026-W01.yaml" in build.log
    )
    assert "warning: content/links/2026-W40.yaml:1: the summary of week 40 of 2026 is not shown" in build.log


def test_a_link_saved_at_midnight_shows_its_time_and_one_saved_on_a_day_alone_does_not(site):
    site.post("a.md", good_post())
    site.links(
        "2026-W48.yaml",
        "- url: https://example.org/midnight\n  title: Midnight\n  date: 2026-11-24 00:00\n"
        "- url: https://example.org/day\n  title: Day\n  date: 2026-11-24\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    html = build.page("/links/2026/w48/")
    midnight = html[html.index(">Midnight<") :]
    day = html[html.index(">Day<") :]
    assert re.search(r'<time class="dt-published" datetime="[^"]+">00:00</time>', midnight[:600])
    assert re.search(r'aria-label="Link to this note"><time class="dt-published" datetime="[^"]+">#</time>', day[:600])
