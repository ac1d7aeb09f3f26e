"""Addresses in feeds: every src, href and srcset is absolute and points where the same link points on the
item's own page, in the preview build and in the published one; addresses are URIs (ASCII), not IRIs;
JSON Feed summaries are plain text."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import idna
import jsonschema
import lxml.html
import pytest
from conftest import Site
from feed_checks import ABSOLUTE, feed_entries, html_addresses, parse_xml, resolved_addresses, rfc4287_problems
from feeds.addresses import iri_to_uri, srcset_candidates
from feeds.items import link_item, plain_text, week_item
from hypothesis import given
from hypothesis import strategies as st
from link_notes.model import Link, Week

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
PREVIEW = ("http://localhost:8000", "")
PUBLISHED = ("https://example.org/blog", 'SITEURL = "https://example.org/blog"\nRELATIVE_URLS = False\n')

# A post with every kind of address: relative, {static}, raw HTML with srcset, and a summary with an image
# and a link. The summary's addresses are also in the text, so the post's page shows where they point.
PICTURES = """\
Title: Pictures
Date: 2026-03-10 10:00
Tags: habits
Summary: A summary with ![a chart]({static}/images/chart.png), [a reading](reading/) &amp; **more**.

A relative picture ![a photo](photo.png), a [sibling post](../other/), a [section](#later) and
[a reading](reading/).

A static picture ![a chart]({static}/images/chart.png) and [its file]({static}/images/chart.png).

<p><img src="photo.png" srcset="photo.png 1x, ../../../images/chart.png 2x, https://cdn.example/big.png 3x" alt="both"></p>
"""
NOTE = """\
summary: |
  This week I went back to [last week](../w09/) and [the about page](/about/).
links:
  - url: https://example.org/spaced
    title: Spaced practice
    date: 2026-03-04 09:00
    tags: [habits]
    note: |
      See [last week](../w09/), [the top](#top), [my post](/posts/2026/pictures/) and [the source](https://example.org/src).
"""


def pictures_site(folder: Path, settings: str) -> Site:
    site = Site(folder, settings)
    (site.content / "images").mkdir()
    (site.content / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.post("2026-03-10-pictures.md", PICTURES)
    site.links("2026-W10.yaml", NOTE)
    return site


def every_feed(output: Path) -> list[str]:
    return sorted(
        str(path.relative_to(output / "feeds")).removesuffix(".atom.xml")
        for path in (output / "feeds").rglob("*.atom.xml")
    )


def page_part(build, url: str, xpath: str) -> lxml.html.HtmlElement:
    (element,) = lxml.html.fromstring(build.page(url)).xpath(xpath)
    return element


def assert_feeds_are_valid(output: Path) -> None:
    for path in (output / "feeds").rglob("*"):
        if path.suffix == ".xml":
            assert not feedparser.parse(path.read_bytes()).bozo, path
            if path.name.endswith(".atom.xml"):
                assert rfc4287_problems(path) == [], path
        elif path.suffix == ".json":
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize(("site_url", "settings"), [PREVIEW, PUBLISHED], ids=["preview", "published"])
def test_a_posts_addresses_in_feeds_point_where_its_page_points(tmp_path, site_url, settings):
    build = pictures_site(tmp_path, settings).build()
    assert build.returncode == 0, build.log
    page_url = f"{site_url}/posts/2026/pictures/"
    on_page = resolved_addresses(
        page_part(build, "/posts/2026/pictures/", '//div[contains(@class, "e-content")]'), page_url
    )
    chart, photo = f"{site_url}/images/chart.png", f"{page_url}photo.png"
    assert on_page == [
        ("src", photo),
        ("href", f"{site_url}/posts/2026/other/"),
        ("href", f"{page_url}#later"),
        ("href", f"{page_url}reading/"),
        ("src", chart),
        ("href", chart),
        ("src", photo),
        ("srcset", photo),
        ("srcset", chart),
        ("srcset", "https://cdn.example/big.png"),
    ]
    seen = set()
    for name in every_feed(build.output):
        for entry in feed_entries(build.output, name):
            if entry["title"] != "Pictures":
                continue
            seen.add((name, entry["format"]))
            assert entry["link"] == page_url
            for part, html in entry["html"].items():
                in_feed = html_addresses(html)
                assert all(ABSOLUTE.match(url) for _, url in in_feed), (name, entry["format"], part, in_feed)
                if part == "summary":  # its image and its link, as the post's page resolves them
                    assert in_feed == [("src", chart), ("href", f"{page_url}reading/")], in_feed
                else:
                    assert in_feed == on_page, (name, entry["format"], part)
    assert {fmt for _, fmt in seen} == {"atom", "rss", "json"} and {name for name, _ in seen} >= {"all", "posts"}
    for path in (build.output / "feeds").rglob("*.*"):
        assert "/posts/images/" not in path.read_text(encoding="utf-8"), path
    assert_feeds_are_valid(build.output)


@pytest.mark.parametrize(("site_url", "settings"), [PREVIEW, PUBLISHED], ids=["preview", "published"])
def test_link_notes_and_weeks_in_feeds_point_where_the_week_page_points(tmp_path, site_url, settings):
    build = pictures_site(tmp_path, settings).build()
    assert build.returncode == 0, build.log
    week_url = f"{site_url}/links/2026/w10/"
    card = page_part(build, "/links/2026/w10/", '//article[contains(@class, "link-card")]')
    (note,) = card.xpath('.//div[contains(@class, "e-content")]')
    note_on_page = resolved_addresses(note, week_url)
    summary = page_part(build, "/links/2026/w10/", '//div[contains(@class, "week-summary")]')
    summary_on_page = resolved_addresses(summary, week_url)
    back_to_note = ("href", f"{week_url}#{card.get('id')}")
    assert ("href", "https://example.org/src") in note_on_page
    checked = set()
    for name in ("all", "links", "weekly", "tags/habits"):
        for entry in feed_entries(build.output, name):
            if entry["title"] == "Pictures":
                continue
            checked.add((name, entry["format"]))
            for html in entry["html"].values():
                in_feed = html_addresses(html)
                assert all(ABSOLUTE.match(url) for _, url in in_feed), (name, entry["format"], in_feed)
                if name == "weekly":  # the summary, then each link: its address, then its note
                    assert in_feed[: len(summary_on_page)] == summary_on_page
                    after = in_feed[len(summary_on_page) :]
                    assert after[0] == ("href", "https://example.org/spaced")
                    assert after[1 : 1 + len(note_on_page)] == note_on_page
                else:  # the note first, then the link back to it
                    assert in_feed[: len(note_on_page)] == note_on_page
                    assert in_feed[-1] == back_to_note
    assert {fmt for _, fmt in checked} == {"atom", "rss", "json"} and len({n for n, _ in checked}) == 4


def test_a_notes_relative_addresses_are_read_from_its_week_page():
    """A note is shown on its week's page: a relative address in it (which notes written as HTML, or a
    sanitiser allowing them, can hold) points from there, in the link's item and in the week's."""
    zone = ZoneInfo("Europe/London")
    week = Week(
        2026, 10, "links/2026/w10/", "links/2026/w10/index.html", "2–8 March 2026", date(2026, 3, 2), date(2026, 3, 8)
    )
    week.summary = '<p>Back to <a href="../w09/">last week</a>.</p>'
    note = (
        '<p><a href="../w09/">last week</a> <a href="#top">top</a> <a href="/about/">about</a> '
        '<img src="pic.png" srcset="pic.png 1x, ../../../images/big.png 2x" alt="p"></p>'
    )
    link = Link("https://example.org/a", "A", datetime(2026, 3, 4, 9, 0, tzinfo=zone), note=note, week=week)
    week.links.append(link)
    site = "https://example.org/blog"
    expected = [
        ("href", f"{site}/links/2026/w09/"),
        ("href", f"{site}/links/2026/w10/#top"),
        ("href", "https://example.org/about/"),
        ("src", f"{site}/links/2026/w10/pic.png"),
        ("srcset", f"{site}/links/2026/w10/pic.png"),
        ("srcset", f"{site}/images/big.png"),
    ]
    assert html_addresses(link_item(link, site, "example.org").content_html)[:6] == expected
    in_week = html_addresses(week_item(week, site, "example.org", zone).content_html)
    assert in_week[0] == ("href", f"{site}/links/2026/w09/") and in_week[2:8] == expected


def test_non_ascii_addresses_go_into_feeds_as_ascii_uris(tmp_path):
    site = Site(tmp_path, 'SITEURL = "https://bücher.example/straße"\nRELATIVE_URLS = False\n')
    site.post(
        "2026-03-10-cafe.md",
        "Title: Café\nDate: 2026-03-10 10:00\nTags: habits\n\nSee [the shop](https://bücher.example/café).\n",
    )
    site.links(
        "2026-W10.yaml",
        "- url: https://bücher.example/café/straße?q=é#teil-ü\n  title: Books\n  date: 2026-03-04 09:00\n"
        "  tags: [habits]\n  via: https://münchen.example/é\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    home = "https://xn--bcher-kva.example/stra%C3%9Fe/"
    rss = parse_xml(build.output / "feeds" / "all.rss.xml")
    channel = rss.find("channel")
    addresses = [
        channel.findtext("link"),
        *(link.get("href") for link in channel.iter("{http://www.w3.org/2005/Atom}link")),
    ]
    for item in channel.iter("item"):
        addresses += [
            item.findtext("link"),
            item.findtext("guid"),
            *([item.findtext("comments")] if item.find("comments") is not None else []),
        ]
    assert channel.findtext("link") == home
    assert all(address.isascii() for address in addresses), addresses
    links = {item.findtext("title"): item.findtext("link") for item in channel.iter("item")}
    # The same address, spelt as a URI: the host in IDNA A-labels, the rest percent-encoded UTF-8.
    saved = urlsplit(links["Books"])
    assert idna.decode(saved.hostname) == "bücher.example"
    assert (unquote(saved.path), unquote(saved.query), unquote(saved.fragment)) == ("/café/straße", "q=é", "teil-ü")
    assert links["Café"] == f"{home}posts/2026/cafe/"
    assert {item.findtext("guid").split(",")[0] for item in channel.iter("item")} == {"tag:xn--bcher-kva.example"}
    for name in every_feed(build.output):
        for entry in feed_entries(build.output, name):
            assert entry["link"].isascii() and entry["id"].isascii(), entry
            for html in entry["html"].values():
                assert all(url.isascii() and ABSOLUTE.match(url) for _, url in html_addresses(html)), html
    document = json.loads((build.output / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert document["home_page_url"] == home and document["feed_url"].isascii()
    atom = (build.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'href="https://xn--mnchen-3ya.example/%C3%A9"' in atom  # the via address, in the note
    assert_feeds_are_valid(build.output)


def test_json_feed_summaries_are_plain_text_and_atom_summaries_html(site):
    site.post(
        "2026-03-10-tips.md",
        "Title: Tips\nDate: 2026-03-10 10:00\nTags: habits\n"
        "Summary: Tips &amp; <strong>tricks</strong>:\n    **bold**, *slanted* and a [link](https://example.org/).\n\nBody.\n",
    )
    site.post(
        "2026-03-11-plain.md",
        "Title: No summary\nDate: 2026-03-11 10:00\nTags: habits\n\nFirst **part** &amp; <em>more</em>.\n\nSecond.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    for name in ("all", "posts", "tags/habits"):
        items = {
            item["title"]: item for item in json.loads((build.output / "feeds" / f"{name}.json").read_text())["items"]
        }
        assert items["Tips"]["summary"] == "Tips & tricks: bold, slanted and a link."
        assert items["No summary"]["summary"] == "First part & more. Second."
        assert not any(re.search(r"[<>]|&#?\w+;", item["summary"]) for item in items.values())
        assert items["Tips"]["content_html"] == "<p>Body.</p>"  # the HTML stays HTML
    atom = feedparser.parse((build.output / "feeds" / "posts.atom.xml").read_bytes())
    tips = next(entry for entry in atom.entries if entry.title == "Tips")
    assert "<strong>tricks</strong>" in tips.summary and 'href="https://example.org/"' in tips.summary
    assert_feeds_are_valid(build.output)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Tips &amp; <strong>tricks</strong></p>\n<p>More&nbsp;here.</p>", "Tips & tricks More here."),
        ("<ul><li>one</li><li>two</li></ul>after<br>line", "one two after line"),
        ('A <img src="x.png" alt="chart"> and <a href="/y">y</a>.', "A chart and y."),
        ("<p>x<script>alert(1)</script><style>p{}</style></p><!-- note -->", "x"),
        ("", ""),
    ],
)
def test_plain_text(html, text):
    assert plain_text(html) == text


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("https://bücher.example/straße?q=é#ü", "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A9#%C3%BC"),
        ("http://Bücher.example:8080/a b", "http://xn--bcher-kva.example:8080/a%20b"),
        ("https://user:pä@bücher.example/", "https://user:p%C3%A4@xn--bcher-kva.example/"),
        ("https://[::1]:8000/é", "https://[::1]:8000/%C3%A9"),
        ("https://example.org/%C3%A9?a=1&b=[x];c=$#f", "https://example.org/%C3%A9?a=1&b=[x];c=$#f"),
        ("https://☃.example/", "https://xn--n3h.example/"),  # IDNA 2008 refuses it; IDNA 2003 does not
        ("https://a..ü/x", "https://a..%C3%BC/x"),  # no IDNA encodes an empty label: percent-encoded
        ("mailto:josé@bücher.example", "mailto:jos%C3%A9@b%C3%BCcher.example"),
        ("tag:example.org,2026-03-10:posts/café", "tag:example.org,2026-03-10:posts/caf%C3%A9"),
        ("../é/x.png", "../%C3%A9/x.png"),
    ],
)
def test_iri_to_uri(iri, uri):
    assert iri_to_uri(iri) == uri


LABEL = st.text(st.characters(min_codepoint=0x61, max_codepoint=0x24F), min_size=1, max_size=12)


@given(
    labels=st.lists(LABEL, min_size=1, max_size=3),
    path=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="%?#"), max_size=20),
    query=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="%#"), max_size=10),
)
def test_iri_to_uri_gives_the_same_address_in_ascii(labels, path, query):
    iri = f"https://{'.'.join(labels)}.example/{path}?{query}"
    uri = iri_to_uri(iri)
    assert uri.isascii() and iri_to_uri(uri) == uri
    parts = urlsplit(uri)
    assert (unquote(parts.path), unquote(parts.query)) == (f"/{path}", query)
    host = parts.hostname
    # IDNA maps compatibility characters to their plain form ("Ǳ" is "dz"), which is ASCII and needs no xn--
    plain = unicodedata.normalize("NFKC", urlsplit(iri).hostname).casefold()
    assert host == plain or "xn--" in host or "%" in host


@given(st.text())
def test_iri_to_uri_never_fails_and_gives_ascii(text):
    uri = iri_to_uri(text)
    assert uri.isascii() and iri_to_uri(uri) == uri


@pytest.mark.parametrize(
    ("srcset", "candidates"),
    [
        ("a.png 1x, b.png 2x", [("a.png", ["1x"]), ("b.png", ["2x"])]),
        ("a.png", [("a.png", [])]),
        ("  a.png,b.png 2x ,, c.png,,", [("a.png,b.png", ["2x"]), ("c.png", [])]),  # a URL may hold a comma
        ("data:image/png;base64,AAA= 1x, x.png 480w", [("data:image/png;base64,AAA=", ["1x"]), ("x.png", ["480w"])]),
        ("a.png (foo, bar) 2x, b.png", [("a.png", ["(foo, bar)", "2x"]), ("b.png", [])]),
        ("", []),
    ],
)
def test_srcset_candidates_follow_the_html_parsing_rules(srcset, candidates):
    assert srcset_candidates(srcset) == candidates


def test_a_relative_srcset_is_resolved_like_a_browser_would():
    from feeds.addresses import absolutize

    html = absolutize('<img src="a.png" srcset="a.png 1x, ../b.png 2x">', "https://example.org/blog/posts/2026/x/")
    assert html_addresses(html) == [
        ("src", "https://example.org/blog/posts/2026/x/a.png"),
        ("srcset", "https://example.org/blog/posts/2026/x/a.png"),
        ("srcset", "https://example.org/blog/posts/2026/b.png"),
    ]
