"""Feeds stay valid and safe whatever the content: addresses with schemes a reader must not follow, web
addresses with no host, a bad port or no parse, non-ASCII hosts written in a post's text, pinned ids that
are no IRI, dates whose time zone offset has seconds, non-ASCII site addresses in the sitemap,
robots.txt and OPML files, and odd addresses in a feed's own links.

Two sites are built: one with every hostile input that still builds, and one whose pinned ids are
reported. Each test reads the real files a reader, a crawler or a validator reads.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import idna
import jsonschema
import lxml.html
import pytest
from conftest import Build, Site
from feed_checks import ATOM, RFC3339, parse_xml, rfc4287_problems
from feeds.addresses import absolutize, srcset_candidates
from feeds.formats import FeedSpec, atom, json_feed, rss
from feeds.items import FeedItem, week_end
from feeds.settings import site_url
from learnlog_core.fields import web_address
from link_notes.model import Week

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
SITE = "https://xn--bcher-kva.example/stra%C3%9Fe"  # SITEURL "https://bücher.example/straße", as a URI
MONROVIA = ZoneInfo("Africa/Monrovia")  # -00:44:30 until 1972: local mean time
# Written from RFC 3986 section 3 (and Appendix A): a URI's characters, with "[" and "]" only in the host
# and "%" only before two hex digits.
URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(//[A-Za-z0-9\-._~!$&'()*+,;=:@%]*(\[[0-9A-Fa-f:.]+\])?[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)?"
    r"[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*(#[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?"
)
# RFC 4151 section 2.1, with the lowercase domain feed validators ask for.
TAG_URI = re.compile(
    r"tag:([a-z0-9._-]+@)?[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*(#[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?"
)
# What must never be left in an attribute of feed content, once the spaces, tabs and newlines a browser
# ignores are removed.
REFUSED_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "ftp:")
RFC822_ZONE = re.compile(r" [+-]\d{4}$")

SCHEMES_POST = """\
Title: Schemes
Date: 2026-03-10 10:00
Tags: habits
Id: urn:x-learnlog:café
Summary: A [script](javascript:alert(1)), ![a picture](data:image/png;base64,AAAA), a [mail](mailto:me@example.org) and [VB](VBScript:msgbox).

Links: [js](javascript:alert(1)), [ftp](ftp://example.org/file), [file](file:///etc/passwd),
[mail](mailto:me@example.org), [phone](tel:+15550100), [near](notes/) and [far](https://example.org/a).

![inline data](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

<p><a href=" JaVa&#x09;ScRiPt:alert(1)">spaced script</a> <a href="&#10;javascript:alert(1)">newline script</a>
<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data page</a>
<img src="  data:image/png;base64,AAAA" srcset="javascript:alert(1) 1x, ok.png 2x, data:image/png;base64,AA 3x" alt="mixed">
<img src="vbscript:msgbox" alt="vb picture"></p>

<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">press</button></form>

<p><svg><a xlink:href="javascript:alert(3)"><text>svg link</text></a><a><set attributeName="href" to="javascript:alert(4)"></set><text>animated</text></a></svg></p>

<p><video poster="javascript:alert(5)" src="file:///tmp/v.mp4"></video>
<span style="background: url(javascript:alert(6))">styled</span>
<a href="https://example.org/b" ping="javascript:alert(7) https://example.org/ping">pinged</a>
<iframe src="javascript:alert(8)"></iframe><object data="javascript:alert(9)"></object></p>
"""
# Non-ASCII hosts, written as IRIs or already percent-encoded, in every kind of address attribute; web
# addresses no reader can follow; and odd values (a DEL character, a "%" that starts no escape, a fullwidth
# solidus that IDNA 2003 maps to "/", an empty label, a label too long for IDNA).
LONG_HOST = "ü" * 70 + "." + "a" * 3000 + ".example"
ADDRESSES_POST = f"""\
Title: Addresses
Date: 2026-03-12 10:00
Tags: habits

Shops: [Bücher](https://bücher.example/straße), [escaped](https://b%C3%BCcher.example/stra%C3%9Fe),
[user](https://user:pä@bücher.example/), [loud](HTTPS://BÜCHER.example/), [six](https://[::1]:8000/é).

<p><a href="https://bücher.example/roh" ping="https://bücher.example/ping https: https://[::1">raw</a>
<img src="https://bücher.example/bild.png" srcset="https://bücher.example/klein.png 1x, https:// 2x, https://bücher.example/groß.png 3x" alt="picture">
<q cite="https://bücher.example/zitat">quoted</q> <q cite="http://:80/">quoted badly</q></p>

<p><a href="https:">no host 1</a> <a href="https://">no host 2</a> <a href="http://:80/">no host 3</a>
<a href="https://example.org:99999/">bad port</a> <a href="https://example.org:0/">zero port</a>
<a href="https://[::1">open bracket</a> <a href="https://]x/">closing bracket</a> <a href="//">scheme only</a>
<img src="https://example.org:99999/a.png" alt="bad port picture"> <img src="https://[::1" alt="broken picture">
<a href="https://a&#x7f;b.example/&#x1;">control</a> <a href="https://%C3%28.example/100%">percent</a>
<a href="https://evil.example／x.ü/">fullwidth</a> <a href="https://ü..example/">empty label</a>
<a href="https://{LONG_HOST}/">long</a></p>
"""
# The same addresses in a link's note, which is never read by libxml2 before its feed item is made.
ADDRESSES_LINKS = """\
- url: https://example.org/notes
  title: Addresses in a note
  date: 2026-03-11 09:00
  tags: [habits]
  note: |
    [Bücher](https://bücher.example/straße), [bad port](https://example.org:99999/) and
    <a href="http://:80/">no host</a>.
"""
BUCHER = "https://xn--bcher-kva.example/stra%C3%9Fe"  # https://bücher.example/straße as a URI
BROKEN = ("no host 1", "no host 2", "no host 3", "bad port", "zero port", "open bracket", "closing bracket")
OLD_POST = "Title: Old times\nDate: 1960-06-01 10:00\nTags: old-times\nId: x\n\nLong ago.\n"
BRACKETS_POST = "Title: Brackets\nDate: 2026-03-11 10:00\nTags: habits\n\nA post whose file name has brackets.\n"
LONG_ADDRESS = "https://example.org/" + "long-path/" * 300
LINKS = f"""\
summary: |
  A week of [odd](javascript:alert(1)) addresses <a href="vbscript:x">vb</a> <img src="data:image/png;base64,AA" alt="d">.
links:
  - url: "https://example.org/search?q[tag]=a&p=100%&who='me'"
    title: Brackets & percent
    date: 2026-03-04 09:00
    tags: [habits]
    via: https://münchen.example/é
    note: |
      A [script](javascript:alert(1)), <a href="JAVASCRIPT:alert(2)">loud</a>, <a href="data:text/html,x">data</a>,
      <img src="data:image/png;base64,AA" alt="pic"> and [mail](mailto:me@example.org).
  - url: {LONG_ADDRESS}
    title: A long address
    date: 2026-03-05 09:00
    tags: [habits]
"""
OLD_LINKS = """\
- url: https://example.org/1965
  title: Old link
  date: 1965-05-04 09:00
  tags: [old-times]
  id: "tag:example.org,1965:old-link"
"""
# Dated in the last year a date may have, at the offsets furthest from UTC: scheduled, never in a feed yet,
# and nothing may overflow on the way.
LAST_YEAR_POST = "Title: Far away\nDate: 9998-12-31 23:59-12:00\nTags: habits\n\nLater.\n"
LAST_YEAR_LINKS = "- url: https://example.org/9998\n  title: Far\n  date: 9998-12-31 23:59+14:00\n"
BLOGROLL = """\
- id: jane
  name: Jane "J" Doe
  site: https://münchen.example/é
  feed: https://münchen.example/feed?x[1]=2&y=100%
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    """One site with every hostile input that builds: a non-ASCII SITEURL, TIMEZONE Africa/Monrovia."""
    site = Site(
        tmp_path_factory.mktemp("hostile"),
        'SITEURL = "https://bücher.example/straße"\nRELATIVE_URLS = False\nTIMEZONE = "Africa/Monrovia"\n',
    )
    site.post("2026-03-10-schemes.md", SCHEMES_POST)
    site.post("1960-06-01-old.md", OLD_POST)
    site.post("2026-03-11-a[1].md", BRACKETS_POST)
    site.post("9998-12-31-far.md", LAST_YEAR_POST)
    site.post("2026-03-12-addresses.md", ADDRESSES_POST)
    site.links("2026-W11.yaml", ADDRESSES_LINKS)
    site.links("2026-W10.yaml", LINKS)
    site.links("1965-W18.yaml", OLD_LINKS)
    site.links("9998-W52.yaml", LAST_YEAR_LINKS)
    site.blogroll(BLOGROLL)
    build = site.build()
    assert build.returncode == 0, build.log
    return build


def feed_names(output: Path) -> list[str]:
    return sorted(
        str(path.relative_to(output / "feeds")).removesuffix(".atom.xml")
        for path in (output / "feeds").rglob("*.atom.xml")
    )


def items(output: Path, name: str) -> list[dict]:
    """Every item of a feed in its three formats: {format, title, id, html: [fragments], dates: [text],
    addresses: [the item's own links]}."""
    base = output / "feeds" / name
    found = []
    for entry in parse_xml(Path(f"{base}.atom.xml")).iter(f"{ATOM}entry"):
        found.append(
            {
                "format": "atom",
                "title": entry.findtext(f"{ATOM}title"),
                "id": entry.findtext(f"{ATOM}id"),
                "html": [entry.findtext(f"{ATOM}{part}") or "" for part in ("content", "summary")],
                "dates": [entry.findtext(f"{ATOM}{part}") for part in ("published", "updated")],
                "addresses": [link.get("href") for link in entry.iter(f"{ATOM}link")],
            }
        )
    for item in parse_xml(Path(f"{base}.rss.xml")).iter("item"):
        found.append(
            {
                "format": "rss",
                "title": item.findtext("title"),
                "id": item.findtext("guid"),
                "html": [item.findtext("description") or ""],
                "dates": [item.findtext("pubDate")],
                "addresses": [item.findtext("link"), *[c.text for c in item.iter("comments")]],
            }
        )
    for item in json.loads(Path(f"{base}.json").read_text(encoding="utf-8"))["items"]:
        found.append(
            {
                "format": "json",
                "title": item["title"],
                "id": item["id"],
                "html": [item["content_html"]],
                "dates": [item["date_published"], item["date_modified"]],
                "addresses": [item["url"], *([item["external_url"]] if "external_url" in item else [])],
            }
        )
    return found


def by_title(output: Path, name: str, title: str) -> list[dict]:
    return [item for item in items(output, name) if item["title"] == title]


def attributes(html: str) -> list[tuple[str, str, str]]:
    """(element, attribute, value) of every attribute in an HTML fragment."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [
        (str(element.tag), name, value)
        for element in root.iter(lxml.etree.Element)
        for name, value in element.attrib.items()
    ]


def as_a_browser_reads(value: str) -> str:
    """An attribute's value without the characters a browser's URL parser drops (WHATWG URL Standard: C0
    controls and spaces at either end, tabs and newlines anywhere), in lowercase."""
    return re.sub("[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()


def assert_valid(output: Path) -> None:
    """Every feed well-formed for feedparser, Atom following RFC 4287, JSON Feed following its schema."""
    for path in (output / "feeds").rglob("*"):
        if path.suffix == ".xml":
            assert not feedparser.parse(path.read_bytes()).bozo, path
            if path.name.endswith(".atom.xml"):
                assert rfc4287_problems(path) == [], path
        elif path.suffix == ".json":
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)


def test_feed_content_keeps_only_web_mail_and_phone_addresses(hostile):
    """javascript:, vbscript:, data:, file: and ftp: addresses written in a post's text, its summary, a
    link's note or a week's summary lose their attribute in every feed; the element keeps its text;
    http(s), mailto, tel and relative addresses stay, made absolute."""
    output = hostile.output
    checked = set()
    for name in feed_names(output):
        for item in items(output, name):
            for html in item["html"]:
                for element, attribute, value in attributes(html):
                    seen = as_a_browser_reads(value)
                    assert not any(scheme in seen for scheme in REFUSED_SCHEMES), (name, item["format"], element, value)
                    assert attribute not in ("style", "formaction", "action", "poster", "xlink:href", "to"), value
            checked.add((name, item["format"], item["title"]))
    assert {(n, f) for n, f, _ in checked} >= {
        (n, f) for n in ("all", "posts", "links", "weekly") for f in ("atom", "rss", "json")
    }

    for item in by_title(output, "posts", "Schemes"):
        content, summary = (item["html"] + [""])[:2]
        kept = [(e, a, v) for e, a, v in attributes(content) if a in ("href", "src", "srcset", "ping")]
        page = f"{SITE}/posts/2026/schemes/"
        assert ("a", "href", "mailto:me@example.org") in kept and ("a", "href", "tel:+15550100") in kept
        assert ("a", "href", f"{page}notes/") in kept and ("a", "href", "https://example.org/a") in kept
        assert ("img", "srcset", f"{page}ok.png 2x") in kept  # the one candidate a reader may load
        assert ("a", "ping", "https://example.org/ping") in kept
        assert all(v.startswith(("https://", "mailto:", "tel:")) for _, _, v in kept), kept
        text = lxml.html.fragment_fromstring(content, create_parent="div").text_content()
        for words in ("js", "ftp", "file", "spaced script", "newline script", "data page", "press", "styled"):
            assert words in text, (item["format"], words)
        images = {
            img.get("alt"): img.get("src")
            for img in lxml.html.fragment_fromstring(content, create_parent="div").iter("img")
        }
        assert images["mixed"] is None and images["vb picture"] is None and images["inline data"] is None
        if item["format"] == "atom":
            assert "script" in lxml.html.fragment_fromstring(summary, create_parent="div").text_content()
            assert [v for _, a, v in attributes(summary) if a in ("href", "src")] == ["mailto:me@example.org"]

    for item in by_title(output, "links", "Brackets & percent"):
        kept = [v for _, a, v in attributes(item["html"][0]) if a in ("href", "src")]
        assert "mailto:me@example.org" in kept and all(v.startswith(("https://", "mailto:")) for v in kept), kept
    (week,) = [item for item in items(output, "weekly") if item["format"] == "json" and "W10" in item["id"]]
    summary = week["html"][0][: week["html"][0].index("<ul>")]  # markdown-it leaves a javascript: link as text
    assert "odd" in summary and [a for _, a, _ in attributes(summary) if a in ("href", "src")] == []
    assert_valid(output)


def content_addresses(html: str) -> list[tuple[str, str, str]]:
    """(element's text or alt, attribute, address) of every address of an HTML fragment that a reader may
    follow or load: href, src, cite and ping, and each srcset candidate."""
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter(lxml.etree.Element):
        label = element.get("alt") or element.text_content()
        for name, value in element.attrib.items():
            if name == "srcset":
                found += [(label, name, url) for url, _ in srcset_candidates(value)]
            elif name == "ping":
                found += [(label, name, url) for url in value.split()]
            elif name in ("href", "src", "cite"):
                found.append((label, name, value))
    return found


def test_non_ascii_hosts_in_a_posts_text_are_written_in_idna(hostile):
    """A non-ASCII host in a post's text, however written (an IRI, percent-encoded UTF-8, in capitals, with
    userinfo), is in IDNA A-labels in every address attribute of every format, as in a link's note and in
    an item's own link (RFC 3986 section 3.2.2, RFC 3987 section 3.1); a host IDNA cannot encode stays
    percent-encoded, the same host, never another."""
    output = hostile.output
    seen = set()
    for item in by_title(output, "all", "Addresses"):
        seen.add(item["format"])
        found = content_addresses(item["html"][0])
        addresses = {(label, name): url for label, name, url in found if name != "srcset"}
        assert addresses[("Bücher", "href")] == addresses[("escaped", "href")] == BUCHER, item["format"]
        assert addresses[("user", "href")] == "https://user:p%C3%A4@xn--bcher-kva.example/"
        assert addresses[("loud", "href")] == "https://xn--bcher-kva.example/"
        assert addresses[("six", "href")] == "https://[::1]:8000/%C3%A9"
        assert addresses[("raw", "href")] == "https://xn--bcher-kva.example/roh"
        assert addresses[("raw", "ping")] == "https://xn--bcher-kva.example/ping"
        assert addresses[("picture", "src")] == "https://xn--bcher-kva.example/bild.png"
        assert addresses[("quoted", "cite")] == "https://xn--bcher-kva.example/zitat"
        assert [url for _, name, url in found if name == "srcset"] == [
            "https://xn--bcher-kva.example/klein.png",
            "https://xn--bcher-kva.example/gro%C3%9F.png",
        ]
        assert addresses[("fullwidth", "href")] == "https://evil.example%EF%BC%8Fx.%C3%BC/"
        assert addresses[("empty label", "href")] == "https://%C3%BC..example/"
        assert addresses[("percent", "href")] == "https://%C3%28.example/100%25"
        assert addresses[("long", "href")] == f"https://{'%C3%BC' * 70}.{'a' * 3000}.example/"
        for _, _, url in found:
            assert URI.fullmatch(url) and "b%C3%BCcher" not in url.lower(), (item["format"], url)
    assert seen == {"atom", "rss", "json"}
    for item in by_title(output, "links", "Addresses in a note"):
        assert ("Bücher", "href", BUCHER) in content_addresses(item["html"][0]), item["format"]


def test_web_addresses_no_reader_can_follow_lose_their_attribute(hostile):
    """An http(s) address that `web_address` refuses (no host, a port outside 1 to 65535, a broken IPv6
    host) loses its attribute in every format, in a post and in a link's note: a link keeps its words, a
    picture its description, a srcset or ping its other addresses. Every http(s) address left in any
    feed's content is one `web_address` accepts, and a URI."""
    output = hostile.output
    seen = set()
    for item in by_title(output, "all", "Addresses"):
        seen.add(item["format"])
        root = lxml.html.fragment_fromstring(item["html"][0], create_parent="div")
        links = {a.text_content(): a for a in root.iter("a")}
        for words in (*BROKEN, "scheme only"):
            assert links[words].get("href") is None, (item["format"], words)
        pictures = {img.get("alt"): img for img in root.iter("img")}
        assert pictures["bad port picture"].get("src") is None and pictures["broken picture"].get("src") is None
        (badly,) = [q for q in root.iter("q") if q.text_content() == "quoted badly"]
        assert badly.get("cite") is None
        assert links["raw"].get("ping") == "https://xn--bcher-kva.example/ping"
        assert "https:// " not in pictures["picture"].get("srcset")
    assert seen == {"atom", "rss", "json"}
    for item in by_title(output, "links", "Addresses in a note"):
        kept = {label: url for label, _, url in content_addresses(item["html"][0])}
        assert "bad port" not in kept and "no host" not in kept and kept["Bücher"] == BUCHER, item["format"]
    for name in feed_names(output):
        for item in items(output, name):
            for html in item["html"]:
                for _, _, url in content_addresses(html):
                    if url.startswith(("http:", "https:")):
                        assert web_address("address", url) is None and URI.fullmatch(url), (name, url)
    assert_valid(output)


HOSTILE_VALUES = [
    "https:", "https://", "http://:80/", "https://example.org:99999/", "https://[::1", "https://]/", "//", "//:80/",
    "https://[::1]:8000/", "https://[[::1]]/", "https://%5B::1%5D/",
    "https://user:pä ss@bücher.example:8080/", "https://@/", "https://u@:1/", "https://ex\x01ample.org/\x7f",
    "https://%C3%28.example/", "https://%zz/", "https://ü%/", "https://%F0%9F%98%80.example/", "https://exa℀mple.org/",
    "https://evil.example／x.ü/", "https://a..ü/", "https://" + "ü" * 70 + ".example/", "https://" + "a" * 100_000,
    "https://example.org/" + "%" * 1000, "https://example.org/a[1]#x#y", "HTTPS://BÜCHER.example:65535/",
]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_any_attribute_value_gives_feed_content_without_a_traceback(value):
    """Every address attribute with a hostile value (long, control characters, brackets, "%" sequences,
    IPv6 literals, userinfo) is kept as an http(s) URI that `web_address` accepts, or removed."""
    escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = (
        f'<a href="{escaped}" ping="{escaped} https://example.org/p">t</a>'
        f'<img src="{escaped}" srcset="{escaped} 2x, \x01 {escaped} 3x \x01" alt="p"><q cite="{escaped}">q</q>'
    )
    result = absolutize(html, "https://xn--bcher-kva.example/stra%C3%9Fe/posts/2026/x/")
    assert "t" in result and 'alt="p"' in result
    for _, _, url in content_addresses(result):
        assert url.isascii() and URI.fullmatch(url) and web_address("address", url) is None, url


def test_pinned_ids_are_absolute_iris_written_as_uris(hostile):
    """A pinned id without a colon names the item inside Learnlog's own tag URI; one with a colon is used
    as it is, as a URI (RFC 3987 section 3.1) in Atom, RSS and JSON Feed alike; every tag URI follows RFC
    4151, file names with brackets included."""
    output = hostile.output
    expected = {
        "Schemes": "urn:x-learnlog:caf%C3%A9",
        "Old times": "tag:xn--bcher-kva.example,1960-06-01:posts/x",
        "Brackets": "tag:xn--bcher-kva.example,2026-03-11:posts/2026-03-11-a%5B1%5D",
        "Old link": "tag:example.org,1965:old-link",
    }
    for title, ident in expected.items():
        found = {item["id"] for item in by_title(output, "all", title)}
        assert found == {ident}, (title, found)
    for name in feed_names(output):
        for item in items(output, name):
            assert URI.fullmatch(item["id"]), item["id"]
            if item["id"].startswith("tag:"):
                assert TAG_URI.fullmatch(item["id"]), item["id"]


BAD_IDS = {
    ":x": "has no scheme before its ':'",
    "1:2": "does not start with a scheme",
    "tag:": "has nothing after 'tag:'",
    "x:a b": "holds a space",
    "tag:Example.org,2026:x": "write tag:example.org,2026:x",
    "tag:example.org:x": "is not a tag URI",
    "https:x": "is not a whole web address",
}


def test_a_pinned_id_that_is_no_absolute_iri_is_reported_with_file_and_line(tmp_path):
    """Every pinned id with a colon that is no absolute IRI (or no RFC 4151 tag URI) stops the build, each
    reported at its file and line with what is wrong and a good id to write instead."""
    site = Site(tmp_path)
    ids = [*BAD_IDS, " tag:"]  # a value's spaces are stripped: " tag:" is "tag:"
    for number, ident in enumerate(ids, 1):
        header = f"Title: Bad {number}\nDate: 2026-03-{number:02d}\nId: {ident}\n\nText.\n"
        site.post(f"2026-03-{number:02d}-bad-{number}.md", header)
    site.links(
        "2026-W10.yaml",
        "".join(
            f"- url: https://example.org/{number}\n  title: L{number}\n  date: 2026-03-04\n  id: {json.dumps(ident)}\n"
            for number, ident in enumerate(ids, 1)
        ),
    )
    build = site.build()
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log
    assert f"The build stopped: {2 * len(ids)} problems to fix." in build.log, build.log
    lines = [line.strip() for line in build.log.splitlines()]
    expected = [*BAD_IDS.items(), ("tag:", "has nothing after 'tag:'")]
    for number, (ident, words) in enumerate(expected, 1):
        for place in (
            f"content/posts/2026-03-{number:02d}-bad-{number}.md:3",
            f"content/links/2026-W10.yaml:{4 * number}",
        ):
            start = f"{place}: 'id' '{ident}' "
            assert any(line.startswith(start) and words in line for line in lines), (start, words, build.log)
    for line in [line for line in lines if ": 'id' '" in line]:  # each shows a good id
        assert re.search(
            r"write (an id such as |it as |one such as )?(tag:example\.org,|https://example\.org/)", line
        ), line


def test_dates_with_an_offset_in_seconds_are_written_in_utc(hostile):
    """Africa/Monrovia kept local mean time (-00:44:30) until 1972: such dates are written in UTC, the same
    instant, in Atom (RFC 3339), RSS (RFC 822) and JSON Feed, for items, weeks and a feed's own date."""
    output = hostile.output
    old_post = datetime(1960, 6, 1, 10, 0, tzinfo=MONROVIA)
    old_link = datetime(1965, 5, 4, 9, 0, tzinfo=MONROVIA)
    assert old_post.utcoffset() == -timedelta(minutes=44, seconds=30)
    for name in feed_names(output):
        for item in items(output, name):
            for text in item["dates"]:
                if item["format"] == "rss":
                    assert RFC822_ZONE.search(text), text
                    moment = parsedate_to_datetime(text)
                else:
                    assert RFC3339.match(text), text
                    moment = datetime.fromisoformat(text)
                if item["title"] == "Old times":
                    assert moment == old_post and moment.utcoffset() == timedelta(0), text
                elif item["title"] == "Old link":
                    assert moment == old_link and moment.utcoffset() == timedelta(0), text
    (week,) = [item for item in items(output, "weekly") if item["format"] == "atom" and "1965-W18" in item["id"]]
    assert datetime.fromisoformat(week["dates"][0]) == datetime(1965, 5, 10, 0, 44, 29, tzinfo=UTC)
    atom_feed = parse_xml(output / "feeds" / "tags" / "old-times.atom.xml")
    assert atom_feed.findtext(f"{ATOM}updated") == "1965-05-04T09:44:30+00:00"
    rss_feed = parse_xml(output / "feeds" / "tags" / "old-times.rss.xml")
    assert rss_feed.findtext("channel/lastBuildDate") == "Tue, 04 May 1965 09:44:30 +0000"
    assert_valid(output)


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Etc/GMT-14"], ids=["-12:00", "+14:00"])
def test_the_last_date_a_post_may_have_fits_every_format(zone):
    """9998-12-31 23:59, the last minute a date may have, at -12:00 and +14:00: the week's end and every
    format's date are written without overflowing."""
    tz = ZoneInfo(zone)
    moment = datetime(9998, 12, 31, 23, 59, tzinfo=tz)
    first = moment.date() - timedelta(days=moment.weekday())
    week = Week(
        *moment.isocalendar()[:2], "links/9998/w52/", "links/9998/w52/index.html", "late", first, first + timedelta(6)
    )
    ended = week_end(week, tz)
    assert ended >= moment and ended.year == 9999
    item = FeedItem(
        id="tag:example.org,9998-12-31:posts/far", kind="post", title="Far", url="https://example.org/far/",
        permalink="https://example.org/far/", content_html="<p>Far.</p>", published=moment, updated=ended,
    )  # fmt: skip
    spec = FeedSpec(
        name="all", title="T", description="D", home_url="https://example.org/", language="en", author="A",
        urls={f: f"https://example.org/feeds/all.{f}" for f in ("atom", "rss", "json")}, items=[item],
    )  # fmt: skip
    entry = parse_xml_bytes(atom(spec)).find(f"{ATOM}entry")
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == moment
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == ended
    assert parsedate_to_datetime(parse_xml_bytes(rss(spec)).findtext("channel/item/pubDate")) == moment
    document = json.loads(json_feed(spec))
    assert datetime.fromisoformat(document["items"][0]["date_published"]) == moment
    jsonschema.validate(document, SCHEMA)


def parse_xml_bytes(data: bytes):
    return lxml.etree.fromstring(data)


def test_the_last_year_a_date_may_have_builds(hostile):
    """A post and a link dated 9998-12-31 23:59 at -12:00 and +14:00 wait for their date: built, not in a feed."""
    text = (hostile.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "Far" not in text and "9998" not in text and "9999" not in text


def test_sitemap_robots_and_opml_hold_uris(hostile):
    """The sitemap's <loc>s, robots.txt's Sitemap line and the OPML files' xmlUrl and htmlUrl are ASCII URIs
    (sitemaps.org, OPML 2.0), the same addresses as the IRIs they come from."""
    output = hostile.output
    locs = [
        loc.text for loc in parse_xml(output / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert f"{SITE}/" in locs and f"{SITE}/posts/2026/schemes/" in locs
    for loc in locs:
        assert URI.fullmatch(loc) and loc.startswith(f"{SITE}/"), loc
    parts = urlsplit(locs[0])
    assert idna.decode(parts.hostname) == "bücher.example" and unquote(parts.path).startswith("/straße/")
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}/sitemap.xml\n" in robots and robots.isascii()
    feeds_opml = [o.attrib for o in parse_xml(output / "feeds.opml").iter("outline")]
    assert {o["xmlUrl"] for o in feeds_opml} >= {f"{SITE}/feeds/all.atom.xml", f"{SITE}/feeds/tags/old-times.atom.xml"}
    for outline in feeds_opml:
        assert URI.fullmatch(outline["xmlUrl"]) and URI.fullmatch(outline["htmlUrl"]), outline
    (jane,) = [o.attrib for o in parse_xml(output / "blogroll.opml").iter("outline")]
    assert jane["text"] == 'Jane "J" Doe'
    assert jane["xmlUrl"] == "https://xn--mnchen-3ya.example/feed?x%5B1%5D=2&y=100%25"
    assert jane["htmlUrl"] == "https://xn--mnchen-3ya.example/%C3%A9"
    assert (output / ".well-known" / "recommendations.opml").read_bytes() == (output / "blogroll.opml").read_bytes()


def test_a_feeds_own_addresses_are_uris(hostile):
    """Feed and item links, RSS <comments>, atom:link self, and JSON Feed's home_page_url, feed_url, url,
    external_url and authors' url are URIs, whatever the saved address holds: non-ASCII, brackets, a "%"
    that starts no escape, quotes, thousands of characters."""
    output = hostile.output
    for name in feed_names(output):
        atom_feed = parse_xml(output / "feeds" / f"{name}.atom.xml")
        rss_feed = parse_xml(output / "feeds" / f"{name}.rss.xml")
        document = json.loads((output / "feeds" / f"{name}.json").read_text(encoding="utf-8"))
        addresses = [link.get("href") for link in atom_feed.iter(f"{ATOM}link")]
        addresses += [rss_feed.findtext("channel/link"), *(link.get("href") for link in rss_feed.iter(f"{ATOM}link"))]
        addresses += [document["home_page_url"], document["feed_url"], *(a["url"] for a in document["authors"])]
        for item in items(output, name):
            addresses += item["addresses"]
        for address in addresses:
            assert URI.fullmatch(address), (name, address)
    (saved,) = {
        a for item in by_title(output, "links", "Brackets & percent") for a in item["addresses"] if "search" in a
    }
    assert saved == "https://example.org/search?q%5Btag%5D=a&p=100%25&who='me'"
    long_links = {a for item in by_title(output, "links", "A long address") for a in item["addresses"] if "long" in a}
    assert long_links == {LONG_ADDRESS}
    assert_valid(output)


def test_without_a_siteurl_feeds_use_the_preview_address():
    """`learnlog.build` refuses an empty SITEURL; Pelican run by itself does not, and feeds, the sitemap
    and robots.txt then use http://localhost:8000, where the preview is served, not relative addresses."""
    assert site_url({"SITEURL": ""}) == site_url({"SITEURL": "/"}) == "http://localhost:8000"
    assert site_url({"SITEURL": "https://example.org/blog/"}) == "https://example.org/blog"


def test_week_end_is_the_last_second_of_the_week_in_local_mean_time():
    """A week that ended while Monrovia kept local mean time ends at its own midnight, 00:44:30 UTC."""
    week = Week(
        1965, 18, "links/1965/w18/", "links/1965/w18/index.html", "3–9 May 1965", date(1965, 5, 3), date(1965, 5, 9)
    )
    assert week_end(week, MONROVIA) == datetime(1965, 5, 10, 0, 44, 29, tzinfo=UTC)
