"""`invoke link`: fetching titles from a real local HTTP server, and appending to week files safely."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Site

from learnlog.fetch import TitleError, fetch_title
from learnlog.linknote import LinkError, add_link

PAGES = {
    "/utf8": (
        "text/html; charset=utf-8",
        "<html><head><title>Café  culture\n & learning</title></head></html>".encode(),
    ),
    "/latin1": ("text/html; charset=iso-8859-1", "<title>Élèves et enseignants</title>".encode("latin-1")),
    "/latin1-meta": ("text/html", '<meta charset="iso-8859-1"><title>Naïve questions</title>'.encode("latin-1")),
    "/og": ("text/html", b'<html><head><meta property="og:title" content="Only the Open Graph title"></head></html>'),
    "/both": ("text/html", b'<meta property="og:title" content="Clean title"><title>Clean title | Some Site</title>'),
    "/untitled": ("text/html", b"<html><body><p>No title here</p></body></html>"),
    "/pdf": ("application/pdf", b"%PDF-1.4"),
}


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/utf8")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404, "Not Found")
            return
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/utf8", "Café culture & learning"),
        ("/latin1", "Élèves et enseignants"),
        ("/latin1-meta", "Naïve questions"),
        ("/og", "Only the Open Graph title"),
        ("/both", "Clean title"),
        ("/old", "Café culture & learning"),
    ],
)
def test_titles(server, path, title):
    assert fetch_title(server + path) == title


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/untitled", "has no title: give the title yourself with --title"),
        ("/pdf", "has no title: give the title yourself with --title"),
        ("/missing", "answered 404 Not Found for that address: check it, or give the title yourself with --title"),
    ],
)
def test_no_title(server, path, message):
    with pytest.raises(TitleError, match=message.replace("(", r"\(")):
        fetch_title(server + path)


def test_offline():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TitleError, match=r"could not reach 127.0.0.1 .*are you offline\? Or give the title yourself"):
        fetch_title(f"http://127.0.0.1:{port}/page")


def test_a_server_that_never_answers_times_out():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        started = time.monotonic()
        with pytest.raises(TitleError, match="did not answer within 1 seconds"):
            fetch_title(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=1)
        assert time.monotonic() - started < 5
    finally:
        silent.close()


def test_the_default_timeout_is_five_seconds():
    import inspect

    assert inspect.signature(fetch_title).parameters["timeout"].default == 5.0


# Appending


def add(content: Path, url: str = "https://example.org/new", title: str = "New link", **options):
    return add_link(content, url, title, timezone="Europe/London", **options)


def test_a_new_week_file(site):
    added = add(site.content, when="2026-11-25 09:30", tags="memory, habits", via="janedoe", note="What I learned.")
    assert added.path == site.content / "links" / "2026-W48.yaml" and added.line == 2
    assert added.path.read_text() == (
        "# Week 48: links I saved from 23–29 November 2026.\n"
        '- url: "https://example.org/new"\n'
        '  title: "New link"\n'
        "  date: 2026-11-25 09:30\n"
        '  tags: ["memory", "habits"]\n'
        '  via: "janedoe"\n'
        '  note: "What I learned."\n'
    )
    assert site.build().returncode == 0


def test_appending_keeps_every_earlier_byte(site):
    existing = (
        "# My links, my comments.\n"
        "- url: https://example.org/first   # an inline comment\n"
        "  title:    Oddly   spaced\n"
        "  date: 2026-11-23\n"
        "\n"
        "# a trailing comment\n"
    )
    path = site.links("2026-W48.yaml", existing)
    added = add(site.content, when="2026-11-24 10:00", note="Line one\nLine two")
    text = path.read_text()
    assert text.startswith(existing)
    assert text[len(existing) :] == (
        '- url: "https://example.org/new"\n  title: "New link"\n  date: 2026-11-24 10:00\n  note: |\n    Line one\n    Line two\n'
    )
    assert added.line == 7
    assert site.build().returncode == 0


def test_appending_under_links_with_a_summary_after(site):
    existing = (
        "links:\n"
        "    - url: https://example.org/first\n"
        "      title: First\n"
        "      date: 2026-11-23\n"
        "summary: |\n"
        "  A week.\n"
    )
    path = site.links("2026-W48.yaml", existing)
    add(site.content, when="2026-11-24 10:00")
    text = path.read_text()
    insertion = existing.index("summary:")
    assert text[:insertion] == existing[:insertion] and text.endswith(existing[insertion:])
    assert '    - url: "https://example.org/new"\n      title: "New link"\n' in text
    build = site.build()
    assert build.returncode == 0, build.log
    assert "New link" in build.page("/links/2026/w48/")


def test_appending_to_an_empty_links_list(site):
    path = site.links("2026-W48.yaml", "summary: A week.\nlinks: []\n")
    add(site.content, when="2026-11-24 10:00")
    assert path.read_text().startswith("summary: A week.\nlinks:\n  - url:")
    assert site.build().returncode == 0


def test_a_link_that_fails_the_checks_leaves_the_file_untouched(site):
    existing = "- url: https://example.org/first\n  title: First\n  date: 2026-11-23\n"
    path = site.links("2026-W48.yaml", existing)
    before = path.stat()
    with pytest.raises(LinkError, match="would not be valid: line 5: 'title' contains an invisible control character"):
        add(site.content, title="Bell \x07 title", when="2026-11-24 10:00")
    assert path.read_bytes() == existing.encode()
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == ["2026-W48.yaml"]  # no temporary file left


def test_a_bad_address_is_refused(site):
    with pytest.raises(
        LinkError, match="the address must be a web address starting with https:// or http://, not 'javascript:'"
    ):
        add(site.content, url="javascript:alert(1)")
    assert not (site.content / "links").exists()


def test_a_file_with_problems_is_not_touched(site):
    path = site.links("2026-W48.yaml", "- url: https://example.org/a\n  title: [broken\n")
    with pytest.raises(LinkError, match="already has problems; fix them first"):
        add(site.content, when="2026-11-24 10:00")
    assert path.read_text() == "- url: https://example.org/a\n  title: [broken\n"


def test_an_address_saved_before(site):
    site.links("2026-W46.yaml", "- url: https://example.org/new\n  title: Earlier\n  date: 2026-11-10\n")
    added = add(site.content, when="2026-11-24 10:00")
    assert added.saved_before == ["content/links/2026-W46.yaml:1"]
    with pytest.raises(LinkError, match="you already saved this address this week, at content/links/2026-W48.yaml:2"):
        add(site.content, when="2026-11-25 10:00")


def test_the_date_decides_the_week_in_the_site_time_zone(tmp_path):
    site = Site(tmp_path)
    added = add(site.content, when="2026-11-22 23:30 -05:00")  # Monday 04:30 in London
    assert added.path.name == "2026-W48.yaml"
    assert "date: 2026-11-23 04:30" in added.path.read_text()


@pytest.mark.parametrize(("url", "via"), [("https://:8080/x", ""), ("https://example.org/ok", "https://")])
def test_an_address_without_a_host_is_refused(site, url, via):
    with pytest.raises(LinkError, match="has no site name after https://"):
        add(site.content, url=url, via=via, when="2026-11-24 10:00")
    assert not (site.content / "links").exists()
