"""`invoke fetch-reading`: the blogroll's feeds fetched into content/reading.json, from a real HTTP server on
127.0.0.1 whose routes are feeds in every format (written here), and slow, huge, broken and hostile answers.

The command runs in this process (learnlog.reading.fetch_reading, as the task calls it), in a small site made by
conftest.Site; what the server saw (paths and request headers) is checked, not only what the command says.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from learnlog_core import characters
from reading.snapshot import Entry, Item, dumps, loads

from learnlog.feed_items import parse_feed
from learnlog.reading import FETCHED_FILE, ReadingError, fetch_reading, main, refresh_before_publish, report_lines
from learnlog.web import WebError, fetch

# Feeds in each format, written as their specifications write them. PORT is the server's port.
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Amara's reading notes</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-11-28T09:15:00Z</updated>
  <link href="http://127.0.0.1:PORT/"/>
  <entry>
    <title>An older post</title>
    <id>urn:uuid:1</id>
    <link rel="alternate" href="/amara/older"/>
    <updated>2026-11-01T08:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Kept <em>short</em>.</p></div></content>
  </entry>
  <entry>
    <title type="html">Retrieval practice &amp;amp; &lt;em&gt;maths&lt;/em&gt;</title>
    <id>urn:uuid:2</id>
    <link rel="alternate" href="/amara/retrieval"/>
    <published>2026-11-28T09:15:00+01:00</published>
    <updated>2026-11-28T10:00:00+01:00</updated>
    <summary type="html">&lt;p&gt;Low-stakes quizzes,&lt;/p&gt;&lt;p&gt;and what they showed.&lt;/p&gt;</summary>
  </entry>
</feed>
"""
RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Tomás's design notes</title>
    <link>http://127.0.0.1:PORT/</link>
    <description>Notes</description>
    <item>
      <title>Feedback that feeds forward</title>
      <link>http://127.0.0.1:PORT/tomas/feedback</link>
      <pubDate>Fri, 27 Nov 2026 18:00:00 +0000</pubDate>
      <description>&lt;p&gt;Comments, not grades. &lt;a href="/x"&gt;More&lt;/a&gt;&lt;/p&gt;</description>
    </item>
    <item>
      <title>Word word word</title>
      <link>http://127.0.0.1:PORT/tomas/long</link>
      <pubDate>Thu, 26 Nov 2026 18:00:00 +0000</pubDate>
      <description>LONG</description>
    </item>
  </channel>
</rss>
"""
RSS1 = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://127.0.0.1:PORT/eva">
    <title>Eva on memory</title>
    <link>http://127.0.0.1:PORT/eva</link>
    <description>Memory research</description>
    <items><rdf:Seq><rdf:li rdf:resource="http://127.0.0.1:PORT/eva/spacing"/></rdf:Seq></items>
  </channel>
  <item rdf:about="http://127.0.0.1:PORT/eva/spacing">
    <title>What spacing really does</title>
    <link>http://127.0.0.1:PORT/eva/spacing</link>
    <dc:date>2026-11-26T07:30:00Z</dc:date>
    <description>Plain words about a study.</description>
  </item>
</rdf:RDF>
"""
# RSS 0.91 as Netscape wrote it: a DOCTYPE naming a DTD (here on a port that counts connections: nothing may
# fetch it), Latin-1, and no dates.
RSS091 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://127.0.0.1:LISTENER/rss-0.91.dtd">
<rss version="0.91">
  <channel>
    <title>Ravi's podcast</title>
    <link>http://127.0.0.1:PORT/ravi</link>
    <description>Teacher talk</description>
    <language>en</language>
    <item><title>Caf\u00e9 conversations</title><link>http://127.0.0.1:PORT/ravi/cafe</link>
      <description>\u00c9l\u00e8ves and teachers.</description></item>
    <item><title>Second episode</title><link>http://127.0.0.1:PORT/ravi/second</link></item>
  </channel>
</rss>
"""
JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Hanako on access",
    "items": [
        {
            "id": "1",
            "url": "/hanako/tickets",
            "title": "Exit tickets",
            "content_html": "<p>Three <b>questions</b>.</p>",
            "date_published": "2026-11-29T10:00:00-05:00",
        },
        {
            "id": "2",
            "content_text": "A note without a title, about the value of short notes written every single day.",
            "date_published": "2026-11-20T10:00:00Z",
        },
        {"id": "3", "url": "javascript:alert(1)", "title": "A link that is no web page", "summary": "Its words."},
    ],
}
# Items written to harm: scripts, event handlers, javascript: and data: links, styles, in every place.
HOSTILE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>http://127.0.0.1:PORT/</link><description>d</description>
<item>
  <title><![CDATA[<script>alert('title')</script>Hello <img src=x onerror="alert('img')">]]></title>
  <link>javascript:alert('link')</link>
  <description><![CDATA[<p onclick="steal()" style="position:fixed">Text <a href="javascript:alert('a')">here</a>
    <style>body { display: none }</style><script>alert('script')</script><iframe src="http://evil.example/"></iframe></p>]]></description>
  <pubDate>Sat, 28 Nov 2026 12:00:00 +0000</pubDate>
</item>
<item>
  <title>Escaped &lt;script&gt;alert('escaped')&lt;/script&gt; words</title>
  <link>data:text/html,&lt;script&gt;alert('data')&lt;/script&gt;</link>
  <description>&lt;img src="http://evil.example/track.gif"&gt;&lt;link rel="stylesheet" href="http://evil.example/x.css"&gt;Calm.</description>
  <pubDate>Sat, 28 Nov 2026 11:00:00 +0000</pubDate>
</item>
</channel></rss>
"""
# Broken XML (an unescaped '&', an element never closed) that feedparser reads on past.
MALFORMED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Mark & co</title><link>http://127.0.0.1:PORT/</link><description>d</description>
<item><title>Still readable & fine</title><link>http://127.0.0.1:PORT/mark/one</link>
<pubDate>Wed, 25 Nov 2026 08:00:00 +0000</pubDate></item>
<item><title>Also read</title><link>http://127.0.0.1:PORT/mark/two</link>
<pubDate>Tue, 24 Nov 2026 08:00:00 +0000</pubDate>
</channel>
<item><title>Cut off & half</title>
"""
HTML_PAGE = """<!DOCTYPE html><html><head><title>Jane's blog</title>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/jane/rss.xml"></head><body>Hi</body></html>"""


def rss(title: str, path: str, day: int = 25) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://127.0.0.1:PORT/</link>'
        f"<description>d</description><item><title>{title}</title><link>http://127.0.0.1:PORT{path}</link>"
        f"<pubDate>Wed, {day} Nov 2026 08:00:00 +0000</pubDate></item></channel></rss>"
    )


class Feeds(BaseHTTPRequestHandler):
    """Answers each path with its route (server.routes: path -> function of the handler), 404 otherwise."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.seen.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def answer(self, body: str | bytes, kind: str = "application/rss+xml", status: int = 200, headers=()):
        data = body if isinstance(body, bytes) else body.replace("PORT", str(self.server.port)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Feeds)
        self.port = self.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.routes: dict[str, object] = {}
        self.seen: list[tuple[str, dict]] = []
        self.sent: dict[str, int] = {}  # bytes a streaming route managed to send before the client left

    def handle_error(self, request, client_address):
        pass  # a client that gave up on purpose

    def asked(self, path: str) -> list[dict]:
        """The headers of each request for `path`, in order."""
        return [headers for seen, headers in self.seen if seen == path]


@pytest.fixture(scope="module")
def server():
    web = FeedServer()
    threading.Thread(target=web.serve_forever, daemon=True).start()
    yield web
    web.shutdown()
    web.server_close()


@pytest.fixture
def listener():
    """A port that counts the connections made to it and says nothing: nothing may connect to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            accepted, _ = sock.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


def site_with(tmp_path: Path, people: dict[str, str | None], settings: str = "") -> Site:
    """A site whose blogroll has `people` (id -> feed address, or None for no feed), in that order."""
    site = Site(tmp_path, settings)
    lines = []
    for person, feed in people.items():
        lines += [f"- id: {person}", f"  name: {person.capitalize()} Person", f"  site: https://{person}.example/"]
        if feed:
            lines.append(f"  feed: {feed}")
    site.blogroll("\n".join(lines) + "\n")
    return site


def run(site: Site, **options) -> tuple[object, list[str]]:
    report = fetch_reading(site.settings, say=lambda line: None, **options)
    return report, report_lines(report)


def snapshot(site: Site) -> dict[str, Entry]:
    people, problems = loads((site.content / "reading.json").read_bytes())
    assert problems == []
    return people


def titles(entry: Entry) -> list[str]:
    return [item.title for item in entry.items]


# Every format


def test_feeds_in_every_format_are_read_into_a_plain_deterministic_snapshot(server, tmp_path, listener):
    server.routes.update({
        "/all/atom": lambda h: h.answer(ATOM, "application/atom+xml"),
        "/all/rss2": lambda h: h.answer(RSS2.replace("LONG", "word " * 200)),
        "/all/rss1": lambda h: h.answer(RSS1, "application/rdf+xml"),
        "/all/rss091": lambda h: h.answer(
            RSS091.replace("LISTENER", str(listener.getsockname()[1])).replace("PORT", str(server.port)).encode("latin-1"),
            "text/xml",
        ),
        "/all/json": lambda h: h.answer(json.dumps(JSON_FEED), "application/feed+json"),
        "/all/gzip": lambda h: h.answer(
            gzip.compress(rss("Compressed", "/mark/zip").replace("PORT", str(server.port)).encode()),
            headers=[("Content-Encoding", "gzip")],
        ),
    })  # fmt: skip
    people = {
        "tomas": f"{server.url}/all/rss2", "amara": f"{server.url}/all/atom", "eva": f"{server.url}/all/rss1",
        "ravi": f"{server.url}/all/rss091", "hanako": f"{server.url}/all/json", "mark": f"{server.url}/all/gzip",
        "nofeed": None,
    }  # fmt: skip
    site = site_with(tmp_path, people)
    report, lines = run(site)
    assert report.failed == [], lines
    assert lines[-2:] == ["Without a feed in the blogroll: nofeed.", "Saved content/reading.json (6 fetched)."]
    assert "amara: 2 items (2 new)." in lines
    got = snapshot(site)
    assert sorted(got) == ["amara", "eva", "hanako", "mark", "ravi", "tomas"]  # no entry for a person without a feed
    base = server.url
    assert got["amara"] == Entry(
        feed=f"{base}/all/atom",
        items=(  # newest first, whatever the feed's order; relative links read from the feed's address
            Item("Retrieval practice & maths", f"{base}/amara/retrieval",
                 datetime(2026, 11, 28, 8, 15, tzinfo=UTC), "Low-stakes quizzes, and what they showed."),
            Item("An older post", f"{base}/amara/older", datetime(2026, 11, 1, 8, 0, tzinfo=UTC), "Kept short."),
        ),
    )  # fmt: skip
    tomas = got["tomas"].items
    assert tomas[0] == Item(
        "Feedback that feeds forward", f"{base}/tomas/feedback", datetime(2026, 11, 27, 18, tzinfo=UTC),
        "Comments, not grades. More",  # a link in a summary: its words, no address
    )  # fmt: skip
    assert len(tomas[1].summary) <= 300 and tomas[1].summary.endswith("word…")  # cut at a word
    assert got["eva"].items == (
        Item("What spacing really does", f"{base}/eva/spacing", datetime(2026, 11, 26, 7, 30, tzinfo=UTC),
             "Plain words about a study."),
    )  # fmt: skip
    assert got["ravi"].items == (  # RSS 0.91 has no dates: the feed's order
        Item("Café conversations", f"{base}/ravi/cafe", None, "Élèves and teachers."),
        Item("Second episode", f"{base}/ravi/second"),
    )
    assert got["hanako"].items == (
        Item("Exit tickets", f"{base}/hanako/tickets", datetime(2026, 11, 29, 15, tzinfo=UTC), "Three questions."),
        Item("A note without a title, about the value of short notes written every single day.", None,
             datetime(2026, 11, 20, 10, tzinfo=UTC)),
        Item("A link that is no web page", None, None, "Its words."),  # javascript: is no link
    )  # fmt: skip
    assert titles(got["mark"]) == ["Compressed"]
    # Each request: the site named, gzip asked for; nothing ever asked for the DTD.
    headers = server.asked("/all/gzip")[0]
    assert headers["User-Agent"] == "Learnlog (reading list)"  # http://localhost:8000 is no address to name
    assert headers["Accept-Encoding"] == "gzip" and "application/atom+xml" in headers["Accept"]
    assert connections(listener) == 0
    # Plain JSON, keys sorted, people by id: the same bytes every time, whatever the blogroll's order.
    written = (site.content / "reading.json").read_bytes()
    updated = datetime.fromisoformat(json.loads(written)["updated"])  # the moment of the fetch that changed it
    assert updated.tzinfo == UTC and abs(datetime.now(UTC) - updated) < timedelta(minutes=1)
    assert written == dumps(got, updated) and b'\n  "people": {\n    "amara"' in written
    assert written.endswith(b'  "updated": "' + updated.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + b'"\n}\n')
    assert json.loads(written)["people"]["hanako"]["items"][0]["date"] == "2026-11-29T15:00:00Z"


def test_the_second_run_within_the_hour_asks_nothing_then_asks_conditionally(server, tmp_path):
    def etag_route(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.end_headers()
            return
        handler.answer(rss("Versioned", "/etag/one"), headers=[("ETag", '"v1"'), ("Last-Modified", LAST_MODIFIED)])

    LAST_MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT"
    server.routes["/cond/feed"] = etag_route
    site = site_with(tmp_path, {"jane": f"{server.url}/cond/feed"})
    _, lines = run(site)
    first = (site.content / "reading.json").read_bytes()
    [asked] = server.asked("/cond/feed")
    assert "If-None-Match" not in asked and "If-Modified-Since" not in asked
    assert snapshot(site)["jane"].etag == '"v1"' and snapshot(site)["jane"].last_modified == LAST_MODIFIED
    # Within the hour: no request at all.
    _, lines = run(site)
    assert len(server.asked("/cond/feed")) == 1
    assert lines == [
        "Not asked again, fetched less than an hour ago (--force asks them now): jane.",
        "No change to content/reading.json (1 fetched less than an hour ago).",
    ]
    # An hour later: a conditional request; the 304 keeps the items, and the same bytes.
    fetched = site.folder / "cache" / FETCHED_FILE
    times = json.loads(fetched.read_text())
    times["feeds"]["jane"]["at"] = (datetime.now(UTC) - timedelta(hours=1, minutes=1)).isoformat()
    fetched.write_text(json.dumps(times))
    _, lines = run(site)
    conditional = server.asked("/cond/feed")[-1]
    assert conditional["If-None-Match"] == '"v1"' and conditional["If-Modified-Since"] == LAST_MODIFIED
    assert lines == ["jane: not changed since the last fetch.", "No change to content/reading.json (1 not changed)."]
    assert (site.content / "reading.json").read_bytes() == first
    # --force: asked at once, in full; an unchanged feed rewrites nothing.
    _, lines = run(site, force=True)
    forced = server.asked("/cond/feed")[-1]
    assert len(server.asked("/cond/feed")) == 3 and "If-None-Match" not in forced
    assert lines[-1] == "No change to content/reading.json (1 fetched)." and lines[0] == "jane: 1 item (0 new)."
    assert (site.content / "reading.json").read_bytes() == first


def test_raising_reading_items_asks_again_in_full_at_the_next_run(server, tmp_path):
    entries = "".join(
        f"<item><title>Post {n}</title><link>http://127.0.0.1:PORT/more/{n}</link>"
        f"<pubDate>Wed, {10 + n} Nov 2026 08:00:00 +0000</pubDate></item>"
        for n in range(8)
    )
    feed = f'<rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'
    server.routes["/more/feed"] = lambda h: h.answer(feed, headers=[("ETag", '"same"')])
    site = site_with(tmp_path, {"jane": f"{server.url}/more/feed"}, "READING_ITEMS = 3\n")
    run(site)
    assert titles(snapshot(site)["jane"]) == ["Post 7", "Post 6", "Post 5"]
    site.settings.write_text(site.settings.read_text() + "READING_ITEMS = 6\n")
    report, lines = run(site)  # within the hour, and the feed has not changed: asked anyway, in full
    assert lines[0] == "jane: 6 items (3 new)." and titles(snapshot(site)["jane"])[-1] == "Post 2"
    assert [("If-None-Match" in headers) for headers in server.asked("/more/feed")] == [False, False]
    report, lines = run(site)
    assert [outcome.kind for outcome in report.outcomes] == ["fresh"] and len(server.asked("/more/feed")) == 2
    # A fresh clone (the GitHub Actions workflow): no record of the last fetch; fewer items than asked: in full.
    (site.folder / "cache" / FETCHED_FILE).unlink()
    site.settings.write_text(site.settings.read_text() + "READING_ITEMS = 8\n")
    run(site)
    assert [("If-None-Match" in headers) for headers in server.asked("/more/feed")] == [False, False, False]
    assert len(snapshot(site)["jane"].items) == 8


def test_a_permanent_redirect_is_told_with_the_blogroll_line_and_a_temporary_one_is_not(server, tmp_path):
    def redirect(code: int, to: str):
        def route(handler):
            handler.send_response(code)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        return route

    server.routes.update({
        "/moves/old": redirect(301, "/moves/new"),
        "/moves/new": lambda h: h.answer(rss("Moved", "/moves/post")),
        "/moves/308": redirect(308, "/moves/new"),
        "/moves/temporary": redirect(302, "/moves/new"),
        "/moves/then-temporary": redirect(301, "/moves/temporary"),
    })  # fmt: skip
    site = site_with(tmp_path, {
        "one": f"{server.url}/moves/old", "two": f"{server.url}/moves/temporary", "three": f"{server.url}/moves/308",
        "four": f"{server.url}/moves/then-temporary",
    })  # fmt: skip
    report, lines = run(site)
    assert report.failed == []
    moved = [line for line in lines if line.startswith("Note:")]
    assert moved == [
        f"Note: the feed of one has moved for good to {server.url}/moves/new; put that address as its feed in "
        "content/blogroll.yaml:4.",
        f"Note: the feed of three has moved for good to {server.url}/moves/new; put that address as its feed in "
        "content/blogroll.yaml:12.",
        f"Note: the feed of four has moved for good to {server.url}/moves/temporary; put that address as its feed in "
        "content/blogroll.yaml:16.",
    ]
    assert all(titles(entry) == ["Moved"] for entry in snapshot(site).values())


def test_a_permanent_redirect_is_where_the_permanent_ones_at_the_start_led(server):
    server.routes.update({
        "/chain/a": lambda h: (h.send_response(302), h.send_header("Location", "/chain/b"), h.end_headers()),
        "/chain/b": lambda h: (h.send_response(301), h.send_header("Location", "/chain/c"), h.end_headers()),
        "/chain/c": lambda h: h.answer("ok", "text/plain"),
    })  # fmt: skip
    common = {"timeout": 5, "max_bytes": 1000, "accept": "*/*", "user_agent": "test"}
    later = fetch(f"{server.url}/chain/a", **common)
    assert later.permanent_redirect == "" and later.redirects == (302, 301) and later.body == b"ok"
    assert fetch(f"{server.url}/chain/b", **common).permanent_redirect == f"{server.url}/chain/c"
    with pytest.raises(WebError, match="answered 304"):  # a 304 answers only a conditional request
        server.routes["/chain/304"] = lambda h: (h.send_response(304), h.end_headers())
        fetch(f"{server.url}/chain/304", **common)


# Feeds that fail keep their last good items


def stream(handler, piece: bytes, total: int, path: str, encoding: str | None = None):
    """Send `total` bytes of `piece` after the headers, as fast as the client reads; note what was sent."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    if encoding:
        handler.send_header("Content-Encoding", encoding)
    handler.send_header("Content-Length", str(total))
    handler.end_headers()
    sent = 0
    try:
        while sent < total:
            handler.wfile.write(piece[: total - sent])
            sent += min(len(piece), total - sent)
    except OSError:
        pass
    handler.server.sent[path] = sent


def test_a_broken_huge_or_hostile_server_never_stops_the_command_and_keeps_the_last_good_items(server, tmp_path):
    big = b"<item><title>x</title></item>" * 2_000
    bomb = gzip.compress(b'<?xml version="1.0"?><rss version="2.0"><channel>' + b" " * 60_000_000)
    server.routes.update({
        "/broken/500": lambda h: h.send_error(500, "Internal Server Error"),
        "/broken/html": lambda h: h.answer(HTML_PAGE, "text/html"),
        "/broken/empty": lambda h: h.answer(b"", "application/rss+xml"),
        "/broken/words": lambda h: h.answer("This is not a feed at all.", "text/plain"),
        "/broken/huge": lambda h: stream(h, big, 50_000_000, "/broken/huge"),
        "/broken/bomb": lambda h: stream(h, bomb, len(bomb), "/broken/bomb", "gzip"),
        "/broken/json": lambda h: h.answer('{"version": "1", "items": []}', "application/json"),
        "/broken/good": lambda h: h.answer(rss("Fine", "/fine")),
    })  # fmt: skip
    names = ["500", "html", "empty", "words", "huge", "bomb", "json"]
    site = site_with(tmp_path, {**{f"p{name}": f"{server.url}/broken/{name}" for name in names},
                                "good": f"{server.url}/broken/good", "never": f"{server.url}/broken/500"})  # fmt: skip
    last = Item("Last good item", "https://example.org/last", datetime(2026, 11, 1, tzinfo=UTC))
    before = {f"p{name}": Entry(f"{server.url}/broken/{name}", (last,), etag='"old"') for name in names}
    (site.content / "reading.json").write_bytes(dumps(before))
    started = time.monotonic()
    report, lines = run(site)
    assert time.monotonic() - started < 10
    assert [outcome.feed.person for outcome in report.failed] == [f"p{name}" for name in names] + ["never"]
    url = server.url
    kept = "its last item was kept."
    assert lines[:9] == [
        f"p500 ({url}/broken/500): 127.0.0.1 answered 500 Internal Server Error for that address: the site has "
        f"trouble of its own (or is asked too often); try again later; {kept}",
        f"phtml ({url}/broken/html): the address leads to a web page, not a feed; the page names its feed: "
        f"{url}/jane/rss.xml, put that address as the feed in the blogroll; {kept}",
        f"pempty ({url}/broken/empty): it sent an empty answer instead of a feed; check the address, or try again "
        f"later; {kept}",
        f"pwords ({url}/broken/words): it is not an RSS, Atom or JSON feed (nor any XML or JSON); {kept}",
        f"phuge ({url}/broken/huge): 127.0.0.1 sent more than 5,000,000 bytes (READING_MAX_BYTES), so it was not "
        f"read; {kept}",
        f"pbomb ({url}/broken/bomb): 127.0.0.1 sent more than 5,000,000 bytes (READING_MAX_BYTES), so it was not "
        f"read; {kept}",
        f"pjson ({url}/broken/json): it is JSON, but not a JSON Feed (its 'version' is not "
        f"https://jsonfeed.org/version/1.1); {kept}",
        "good: 1 item (1 new).",
        f"never ({url}/broken/500): 127.0.0.1 answered 500 Internal Server Error for that address: the site has "
        "trouble of its own (or is asked too often); try again later; it has no items yet.",
    ]
    assert lines[-1] == "Saved content/reading.json (1 fetched, 8 failed)."
    after = snapshot(site)
    assert {person: after[person] for person in before} == before  # the last good items, validators and all
    assert titles(after["good"]) == ["Fine"] and "never" not in after
    assert server.sent["/broken/huge"] < 20_000_000  # reading stopped at the limit; the rest was never sent
    # The command's own exit code says some failed.
    assert main(["--settings", str(site.settings)]) == 1


def test_malformed_xml_is_read_as_far_as_it_goes_and_told(server, tmp_path):
    server.routes["/bozo/feed"] = lambda h: h.answer(MALFORMED)
    site = site_with(tmp_path, {"mark": f"{server.url}/bozo/feed"})
    report, lines = run(site)
    assert report.failed == []
    # A broken feed's item without a link (all feedparser made of a cut-off end) is no post to show.
    assert titles(snapshot(site)["mark"]) == ["Still readable & fine", "Also read"]
    [note] = [line for line in lines if line.startswith("Note:")]
    assert note.startswith(f"Note: mark ({server.url}/bozo/feed): the feed has mistakes (")
    assert note.endswith("); the items that could be read were used.")


def trickle(handler, headers_first: bool):
    """One byte a second (the status line and headers too, unless `headers_first`), until the client leaves."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
    data = (b"" if headers_first else head) + b"<" * 60
    if headers_first:
        handler.wfile.write(head)
    for byte in data:
        readable, _, _ = select.select([handler.connection], [], [], 1.0)
        if readable and handler.connection.recv(1, socket.MSG_PEEK) == b"":
            return
        try:
            handler.wfile.write(bytes([byte]))
        except OSError:
            return


def test_the_deadlines_hold_against_servers_that_trickle(server, tmp_path):
    server.routes.update({
        "/slow/body": lambda h: trickle(h, headers_first=True),
        "/slow/head": lambda h: trickle(h, headers_first=False),
        "/slow/good": lambda h: h.answer(rss("Quick", "/quick")),
    })  # fmt: skip
    # Each feed's own limit (1 second), well within the whole command's (10).
    site = site_with(
        tmp_path / "feed", {"body": f"{server.url}/slow/body", "head": f"{server.url}/slow/head",
                            "good": f"{server.url}/slow/good"},
        "READING_FEED_TIMEOUT = 1\n",
    )  # fmt: skip
    started = time.monotonic()
    _, lines = run(site)
    assert time.monotonic() - started < 3  # both trickles at once, each given up after a second
    assert lines[:2] == [
        f"body ({server.url}/slow/body): 127.0.0.1 did not answer in time (the limit is 1 second); it has no items yet.",
        f"head ({server.url}/slow/head): 127.0.0.1 did not answer in time (the limit is 1 second); it has no items yet.",
    ]
    assert titles(snapshot(site)["good"]) == ["Quick"]
    # The whole command's limit (1 second) before each feed's (10): it ends on time, and says which limit.
    site = site_with(tmp_path / "total", {"body": f"{server.url}/slow/body"}, "READING_TIMEOUT = 1\n")
    started = time.monotonic()
    _, lines = run(site)
    assert time.monotonic() - started < 2.5
    assert lines[0] == (
        f"body ({server.url}/slow/body): it was not fetched within the whole command's limit of 1 second "
        "(READING_TIMEOUT); try again later; it has no items yet."
    )


# Hostile items: nothing of their markup reaches the snapshot or the page


def test_scripts_handlers_styles_and_javascript_links_never_reach_the_snapshot_or_the_page(server, tmp_path):
    server.routes["/hostile/feed"] = lambda h: h.answer(HOSTILE)
    site = site_with(tmp_path, {"mallory": f"{server.url}/hostile/feed"})
    report, _ = run(site)
    assert report.failed == []
    items = snapshot(site)["mallory"].items
    assert items == (
        Item("Hello", None, datetime(2026, 11, 28, 12, tzinfo=UTC), "Text here"),
        Item("Escaped words", None, datetime(2026, 11, 28, 11, tzinfo=UTC), "Calm."),
    )
    written = (site.content / "reading.json").read_text(encoding="utf-8")
    build = site.build()
    assert build.returncode == 0, build.log
    page = build.page("/reading/")
    for text in (written, page):
        for bad in ("<script", "alert(", "onclick", "onerror", "javascript:", "data:", "display: none", "<iframe",
                    "evil.example", "<style", "position:fixed"):  # fmt: skip
            assert bad not in text, bad
    assert "<h3>Hello</h3>" in page  # a title without a web address is no link


# What stops the command before anything is asked


def test_a_broken_snapshot_or_blogroll_stops_the_command_before_any_request(server, tmp_path, capsys):
    server.routes["/stop/feed"] = lambda h: h.answer(rss("Never asked", "/x"))
    site = site_with(tmp_path, {"jane": f"{server.url}/stop/feed"})
    (site.content / "reading.json").write_text('{\n  "format": 1,\n  "people": {\n    "jane": []\n  }\n}\n')
    with pytest.raises(ReadingError) as stopped:
        run(site)
    assert str(stopped.value) == (
        "content/reading.json has problems; fix them, or delete the file: line 4: the entry of jane must be an object "
        "({…}), got a list ([…]); correct it, or delete the file and run invoke fetch-reading to write it again"
    )
    assert main(["--settings", str(site.settings)]) == 1
    assert capsys.readouterr().err.startswith("Nothing was fetched: content/reading.json has problems")
    (site.content / "reading.json").unlink()
    site.blogroll("- id: jane\n  name: Jane\n  site: https://jane.example/\n  feed: ftp://jane.example/feed\n")
    with pytest.raises(ReadingError, match=r"^content/blogroll.yaml has problems; fix them first: line 4: 'feed' must"):
        run(site)
    assert server.asked("/stop/feed") == []


def test_no_snapshot_is_written_before_a_feed_gives_posts(server, tmp_path):
    server.routes["/none/down"] = lambda h: h.send_error(503, "Service Unavailable")
    site = site_with(tmp_path, {"jane": f"{server.url}/none/down", "sam": None})
    report, lines = run(site)
    assert not report.changed and not (site.content / "reading.json").exists()
    assert lines[-1] == "Nothing to save in content/reading.json yet: no feed has given posts (1 failed)."
    build = site.build()
    assert build.returncode == 0, build.log
    page = lxml.html.fromstring(build.page("/reading/"))
    assert page.xpath("string(//p[@class='reading-waiting'])") == "No posts to show yet from Jane Person."


def test_a_snapshot_linked_from_outside_the_project_is_neither_read_nor_replaced(server, tmp_path):
    server.routes["/linked/feed"] = lambda h: h.answer(rss("Linked", "/linked"))
    site = site_with(tmp_path / "site", {"jane": f"{server.url}/linked/feed"})
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(b"private, never to be read\n")
    (site.content / "reading.json").symlink_to(outside)
    with pytest.raises(ReadingError, match=r"^content/reading.json: this is a link to .*, outside the project"):
        run(site)
    assert outside.read_bytes() == b"private, never to be read\n" and (site.content / "reading.json").is_symlink()
    assert server.asked("/linked/feed") == []
    (site.content / "reading.json").unlink()  # a link inside the project: the file it points at is written
    (site.folder / "data").mkdir()
    (site.content / "reading.json").symlink_to(site.folder / "data" / "reading.json")
    report, _ = run(site)
    assert report.changed and (site.content / "reading.json").is_symlink()
    assert [item.title for item in snapshot(site)["jane"].items] == ["Linked"]


# Before publishing


def test_publishing_refreshes_unless_told_not_to_and_never_fails_for_a_feed(server, tmp_path):
    server.routes.update({
        "/publish/good": lambda h: h.answer(rss("Published", "/p")),
        "/publish/bad": lambda h: h.send_error(500, "Internal Server Error"),
    })  # fmt: skip
    people = {"good": f"{server.url}/publish/good", "bad": f"{server.url}/publish/bad"}
    site = site_with(tmp_path / "off", people, "READING_REFRESH = False\n")
    said: list[str] = []
    refresh_before_publish(site.settings, say=said.append)
    assert said == [
        "The reading list was not fetched again (READING_REFRESH = False): /reading/ shows the snapshot as it is."
    ]
    assert server.asked("/publish/good") == [] and not (site.content / "reading.json").exists()
    site = site_with(tmp_path / "on", people)
    said.clear()
    refresh_before_publish(site.settings, say=said.append)
    assert said[0] == "Fetching 2 feeds at once (at most 30 seconds)…"
    assert said[-2:] == [
        "Saved content/reading.json (1 fetched, 1 failed).",
        "The feeds that failed keep the items they had (if any), and those are published.",
    ]
    assert titles(snapshot(site)["good"]) == ["Published"]
    assert main(["--settings", str(site.settings), "--publishing", "--force"]) == 0  # what the workflow runs
    (site.content / "reading.json").write_text("{ broken")
    said.clear()
    refresh_before_publish(site.settings, say=said.append)
    assert said[0].startswith("The reading list was not fetched again: content/reading.json has problems")
    assert said[-1] == "The snapshot is published as it is."


# Reading a feed's bytes (pure)


NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_items_are_the_newest_once_each_and_a_date_far_ahead_is_no_date():
    entries = "".join(
        f"<item><title>{title}</title><link>https://example.org/{path}</link>{date}</item>"
        for title, path, date in [
            ("Old", "old", "<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"),
            ("Future", "future", "<pubDate>Fri, 01 Jan 2100 08:00:00 +0000</pubDate>"),
            ("New", "new", "<pubDate>Sun, 29 Nov 2026 08:00:00 +0000</pubDate>"),
            ("New again", "new", "<pubDate>Sun, 29 Nov 2026 08:00:00 +0000</pubDate>"),  # the same address
            ("Mid", "mid", "<pubDate>Tue, 10 Nov 2026 08:00:00 +0000</pubDate>"),
        ]
    )
    body = f'<rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()
    parsed = parse_feed(body, address="https://example.org/feed", content_type=None, limit=3, now=NOW)
    assert [(item.title, item.date is not None) for item in parsed.items] == [
        ("New", True),
        ("Mid", True),
        ("Old", True),
    ]
    parsed = parse_feed(body, address="https://example.org/feed", content_type=None, limit=10, now=NOW)
    assert parsed.items[-1].title == "Future" and parsed.items[-1].date is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": "none"}', "it is a JSON Feed without a list of"),
        (b'{"a": ' * 100_000, "it is not JSON that can be read"),
        (b"[" * 100, "it is not an RSS, Atom or JSON feed (nor any XML or JSON)"),
        (b"{not json", "it is not JSON that can be read"),
        (b"  \n ", "it sent an empty answer instead of a feed"),
        (b"<html><body>Hello</body></html>", "the address leads to a web page, not a feed"),
        (b'<?xml version="1.0"?><catalog><book/></catalog>', "it is XML, but not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel', "its XML cannot be read as a feed (line 1, column"),
    ],
)
def test_what_is_no_feed_is_told_in_words(body, message):
    with pytest.raises(WebError) as refused:
        parse_feed(body, address="https://example.org/feed", content_type=None, limit=5, now=NOW)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)


def test_json_feed_1_0_and_an_empty_feed_are_read():
    body = json.dumps({"version": "https://jsonfeed.org/version/1", "items": [
        {"id": "a", "title": "Hello", "url": "https://example.org/a", "date_modified": "2026-11-29T08:00:00+00:00"},
    ]}).encode()  # fmt: skip
    parsed = parse_feed(
        body, address="https://example.org/feed.json", content_type="application/json", limit=5, now=NOW
    )
    assert parsed.items == (Item("Hello", "https://example.org/a", datetime(2026, 11, 29, 8, tzinfo=UTC)),)
    empty = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing yet</title></feed>'
    assert parse_feed(empty, address="https://example.org/atom", content_type=None, limit=5, now=NOW).items == ()


def test_feedparser_is_given_bytes_and_never_opens_what_a_feed_names(listener):
    """External entities, a DTD and a stylesheet naming a port that counts connections: none is ever opened."""
    port = listener.getsockname()[1]
    body = f"""<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:{port}/style.xsl"?>
<!DOCTYPE feed SYSTEM "http://127.0.0.1:{port}/feed.dtd" [
  <!ENTITY outside SYSTEM "http://127.0.0.1:{port}/entity">
  <!ENTITY % parameter SYSTEM "http://127.0.0.1:{port}/parameter"> %parameter;
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
  <entry><title>Safe &outside;</title><link href="/a"/><updated>2026-11-29T08:00:00Z</updated></entry>
</feed>""".encode()
    parsed = parse_feed(body, address=f"http://127.0.0.1:{port}/feed", content_type=None, limit=5, now=NOW)
    assert [item.title for item in parsed.items] == ["Safe &outside;"]  # never read: its name stays, as text
    assert connections(listener) == 0


def test_one_odd_item_never_costs_the_feed_its_other_items():
    """Control characters in an item's HTML (lxml refuses them) and JSON Feed dates at the edges of what a datetime
    holds: the item is read without them, the others as they are."""
    rss_body = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>Bell\x07 ringer</title><link>https://example.org/bell</link>"
        b"<description>&lt;p&gt;Form\x0cfeed &amp; null\x00 text&lt;/p&gt;</description></item>"
        b"<item><title>Plain</title><link>https://example.org/plain</link></item></channel></rss>"
    )
    parsed = parse_feed(rss_body, address="https://example.org/feed", content_type=None, limit=5, now=NOW)
    assert [(item.title, item.summary) for item in parsed.items] == [
        ("Bell ringer", "Formfeed & null text"),
        ("Plain", ""),
    ]
    json_body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"title": "Year one, east", "url": "https://example.org/1", "date_published": "0001-01-01T00:00:00+01:00"},
        {"title": "Year 9999, west", "url": "https://example.org/2", "date_published": "9999-12-31T23:59:59-01:00"},
        {"title": "<p>Nul\u0000l</p>", "url": "https://example.org/3", "content_html": "<p>a\u0001b</p>"},
        {"title": "Fine", "url": "https://example.org/4", "date_published": "2026-11-29T08:00:00Z"},
    ]}).encode()  # fmt: skip
    parsed = parse_feed(json_body, address="https://example.org/feed.json", content_type=None, limit=5, now=NOW)
    assert [(item.title, item.date, item.summary) for item in parsed.items] == [
        ("Fine", datetime(2026, 11, 29, 8, tzinfo=UTC), ""),
        ("Year one, east", None, ""),
        ("Year 9999, west", None, ""),
        ("Null", None, "ab"),
    ]
    assert parsed.note == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=40), summary=st.text(max_size=80), date=st.text(max_size=30), as_json=st.booleans())
def test_whatever_an_item_holds_the_other_items_are_read(title, summary, date, as_json):
    if as_json:
        body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
            {"title": title, "content_html": summary, "date_published": date, "url": "https://example.org/odd"},
            {"title": "Steady", "url": "https://example.org/steady"},
        ]}).encode("utf-8", "surrogatepass")  # fmt: skip
    else:

        def escaped(text: str) -> str:
            kept = "".join(c for c in text if c in "\t\n\r" or (c >= " " and not 0xD800 <= ord(c) <= 0xDFFF))
            return kept.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\ufffe", "")

        body = (
            '<rss version="2.0"><channel><title>t</title>'
            f"<item><title>{escaped(title)}</title><description>{escaped(summary)}</description>"
            f"<pubDate>{escaped(date)}</pubDate><link>https://example.org/odd</link></item>"
            "<item><title>Steady</title><link>https://example.org/steady</link></item></channel></rss>"
        ).encode("utf-8", "surrogatepass")
    parsed = parse_feed(body, address="https://example.org/feed", content_type=None, limit=5, now=NOW)
    assert "Steady" in [item.title for item in parsed.items]
    for item in parsed.items:
        assert item.title and not characters.first_forbidden(item.title + item.summary)


def test_a_feed_too_long_to_read_fails_alone_within_its_own_limit_and_nothing_reads_on(server, tmp_path):
    """A feed of 60,000 items takes feedparser many seconds: it is read in a process of its own, stopped at
    READING_FEED_TIMEOUT, while the other feeds (several big ones) are read, and no process is left running."""
    many = b"".join(
        b"<item><title>n%d</title><link>https://example.org/%d</link></item>" % (i, i) for i in range(60_000)
    )
    long_items = b"<item><title>Long</title><description>" + b"words " * 200_000 + b"</description></item>"
    slow = b'<rss version="2.0"><channel><title>t</title>' + many + b"</channel></rss>"
    quick = b'<rss version="2.0"><channel><title>t</title>' + long_items * 2 + b"</channel></rss>"
    server.routes.update({"/slow-to-read": lambda h: h.answer(slow), "/big-but-quick": lambda h: h.answer(quick)})
    people = {"slow": f"{server.url}/slow-to-read", **{f"big{n}": f"{server.url}/big-but-quick" for n in range(4)}}
    site = site_with(tmp_path, people, "READING_FEED_TIMEOUT = 1\nREADING_TIMEOUT = 20\n")
    started = time.monotonic()
    report, lines = run(site)
    assert time.monotonic() - started < 10
    assert [outcome.kind for outcome in report.outcomes] == ["failed", "fetched", "fetched", "fetched", "fetched"]
    assert lines[0].startswith(
        f"slow ({server.url}/slow-to-read): its {len(slow):,} bytes could not be read within 1 second "
        "(READING_FEED_TIMEOUT): the feed holds too much"
    )
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("after", [0.0, 0.6])
def test_ctrl_c_stops_at_once_says_so_once_and_leaves_nothing_running(server, tmp_path, after):
    """Ctrl+C, as a terminal sends it (SIGINT to the whole process group), while feeds are fetched and read: one
    line, exit code 130, the snapshot as it was, no traceback of any process, no process left behind."""
    many = b"".join(
        b"<item><title>n%d</title><link>https://example.org/%d</link></item>" % (i, i) for i in range(30_000)
    )
    body = b'<rss version="2.0"><channel><title>t</title>' + many + b"</channel></rss>"
    server.routes["/interrupted"] = lambda h: h.answer(body)
    site = site_with(tmp_path, {f"p{n}": f"{server.url}/interrupted" for n in range(3)})
    (site.content / "reading.json").write_bytes(dumps({}))
    command = [sys.executable, "-m", "learnlog.reading", "--settings", str(site.settings), "--force"]
    run = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True
    )
    assert run.stdout.readline().startswith("Fetching 3 feeds at once")
    time.sleep(after)
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=30)
    assert (run.returncode, err) == (130, "Stopped. The snapshot was left as it was.\n"), out + err
    assert (site.content / "reading.json").read_bytes() == dumps({})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and subprocess.run(["pgrep", "-s", str(run.pid)]).returncode == 0:
        time.sleep(0.05)
    assert subprocess.run(["pgrep", "-s", str(run.pid)]).returncode == 1  # no process of that session is left


def test_what_a_hostile_server_sends_never_makes_the_snapshot_unreadable(server, tmp_path):
    """A 304 with an ETag no request can carry, and links of a megabyte: the snapshot stays one the build reads."""
    entries = "".join(
        f"<item><title>Tagged {n}</title><link>http://127.0.0.1:PORT/tagged/{n}</link></item>" for n in range(5)
    )
    five = (
        f'<rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'  # READING_ITEMS: asked conditionally
    )

    def etag_route(handler):
        if handler.headers.get("If-None-Match"):
            handler.send_response(304)
            handler.send_header("ETag", '"caf\xe9"')
            handler.send_header("Last-Modified", "x" * 2_000)
            handler.end_headers()
            return
        handler.answer(five, headers=[("ETag", '"e1"')])

    long_links = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"title": f"Long {n}", "url": f"https://x.example/{n}/" + "a" * 900_000} for n in range(3)
    ] + [{"title": "Short", "url": "https://x.example/short"}]})  # fmt: skip
    server.routes.update(
        {"/hostile/etag": etag_route, "/hostile/long": lambda h: h.answer(long_links, "application/feed+json")}
    )
    site = site_with(tmp_path, {"tag": f"{server.url}/hostile/etag", "long": f"{server.url}/hostile/long"},
                     "READING_MAX_BYTES = 20_000_000\n")  # fmt: skip
    run(site, force=True)
    (site.folder / "cache" / FETCHED_FILE).unlink()  # asked again at once, conditionally: the 304
    report, _ = run(site)
    assert [outcome.kind for outcome in report.outcomes] == ["unchanged", "fetched"]
    people = snapshot(site)  # read without a problem
    assert (people["tag"].etag, people["tag"].last_modified) == ('"e1"', "")
    assert [(item.title, item.url) for item in people["long"].items] == [
        ("Long 0", None), ("Long 1", None), ("Long 2", None), ("Short", "https://x.example/short")
    ]  # fmt: skip
    assert site.build().returncode == 0


def test_a_feed_that_gives_nothing_now_keeps_what_it_had_and_says_so(server, tmp_path):
    bodies = {"now": rss("Had this", "/had")}
    server.routes["/emptied"] = lambda h: h.answer(bodies["now"])
    site = site_with(tmp_path, {"jane": f"{server.url}/emptied"})
    run(site)
    bodies["now"] = '{"version": "https://jsonfeed.org/version/1.1", "items": ["broken", 5, null]}'
    _, lines = run(site, force=True)
    assert titles(snapshot(site)["jane"]) == ["Had this"]
    assert f"Note: jane ({server.url}/emptied): it gives no posts now, so what it had was kept (1 item)." in lines


def test_a_missing_linked_or_odd_blogroll_or_snapshot_stops_before_any_request(server, tmp_path):
    server.routes["/odd/feed"] = lambda h: h.answer(rss("Never", "/never"))
    site = site_with(tmp_path / "site", {"jane": f"{server.url}/odd/feed"})
    blogroll = site.content / "blogroll.yaml"
    kept = blogroll.read_bytes()
    blogroll.unlink()
    with pytest.raises(ReadingError, match=r"^there is no content/blogroll.yaml: the reading list is made of"):
        run(site)
    outside = tmp_path / "blogroll.yaml"
    outside.write_bytes(kept)
    blogroll.symlink_to(outside)
    with pytest.raises(ReadingError, match=r"^content/blogroll.yaml: this is a link to .*, outside the project"):
        run(site)
    blogroll.unlink()
    blogroll.write_bytes(kept)
    os.mkfifo(site.content / "reading.json")  # reading it would never end
    with pytest.raises(ReadingError, match=r"^content/reading.json is not a file; delete it, then fetch again"):
        run(site)
    (site.content / "reading.json").unlink()
    site.content.chmod(0o555)
    try:
        if not os.access(site.content, os.W_OK):  # root writes in a read-only folder: nothing to test then
            with pytest.raises(ReadingError, match=r"^content cannot be written \(it is read-only\)"):
                run(site)
    finally:
        site.content.chmod(0o755)
    assert server.asked("/odd/feed") == []


def test_hostile_item_text_is_read_in_linear_time_and_links_hold_nothing_invisible():
    started = time.monotonic()
    with pytest.raises(WebError, match="^its XML cannot be read as a feed"):
        parse_feed(b"<!---->" * 5_000 + b"x", address="https://example.org/feed", content_type=None, limit=5, now=NOW)
    assert time.monotonic() - started < 2  # a pattern over the comments took exponential time
    page = b"<!-- a -->\n<!---->  <!DOCTYPE html><html><head><title>t</title></head></html>"
    with pytest.raises(WebError, match="^the address leads to a web page, not a feed"):
        parse_feed(page, address="https://example.org/feed", content_type=None, limit=5, now=NOW)
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"title": "Reversed", "url": "https://example.org/\u202egnp.exe"},
        {"title": "Hidden", "url": "https://example.org/a\u200bb"},
        {"title": "Same page", "url": "https://example.org/same"},
        {"title": "Same page again", "url": "https://EXAMPLE.org:443/same"},
    ]}).encode()  # fmt: skip
    parsed = parse_feed(body, address="https://example.org/feed.json", content_type=None, limit=5, now=NOW)
    assert [(item.title, item.url) for item in parsed.items] == [
        ("Reversed", None), ("Hidden", None), ("Same page", "https://example.org/same")
    ]  # fmt: skip
    newline = b'{"version": "https://jsonfeed.org/version/1.1\\n", "items": []}'
    with pytest.raises(WebError, match="^it is JSON, but not a JSON Feed"):
        parse_feed(newline, address="https://example.org/feed.json", content_type=None, limit=5, now=NOW)


def test_each_process_has_a_processor_time_limit_of_its_own():
    """A command killed outright (SIGTERM, SIGKILL) cannot stop its processes: each has its own limit."""
    import resource

    from learnlog import isolated

    with isolated.Group() as group:
        limit = group.call(resource.getrlimit, resource.RLIMIT_CPU, timeout=3, deadline=time.monotonic() + 30)
    assert limit == (4, 5)


def test_a_busy_content_folder_is_waited_for_within_the_deadline_and_a_new_folder_is_made(server, tmp_path):
    import fcntl

    server.routes["/busy/feed"] = lambda h: h.answer(rss("Busy", "/busy"))
    site = site_with(tmp_path, {"jane": f"{server.url}/busy/feed"}, "READING_TIMEOUT = 2\n")
    descriptor = os.open(site.content, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # as another command (invoke reflect with its editor open) holds it
    try:
        started = time.monotonic()
        with pytest.raises(ReadingError, match="^another Learnlog command kept the content folder busy past the"):
            run(site)
        assert time.monotonic() - started < 5
    finally:
        os.close(descriptor)
    assert not (site.content / "reading.json").exists()
    site.settings.write_text(site.settings.read_text() + 'READING_FILE = "data/reading.json"\n')
    report, _ = run(site, force=True)
    assert report.changed and (site.content / "data" / "reading.json").is_file()
