"""`invoke link`: fetching titles from a real local HTTP server, and appending to week files safely.

The fetching tests talk to a real server on 127.0.0.1 (and ::1), whose routes behave as slow, huge and
hostile servers do, byte by byte where timing matters: a body or headers sent a little at a time, endless
bodies, redirects to other schemes, in loops or to other hosts, broken HTTP, resets, bad compression.
"""

from __future__ import annotations

import gzip
import inspect
import re
import select
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import Site, copy_of_project
from hypothesis import given, settings
from hypothesis import strategies as st
from learnlog_core import fields
from link_notes.parsing import parse_links_file

from learnlog.fetch import MAX_BYTES, MAX_REDIRECTS, TitleError, fetch_title, request_address
from learnlog.linknote import LinkError, add_link, check_address, fetched_title

HINT = 'give the title yourself with --title "…"'
HOSTILE_TITLE = "Caf\u00e9 &#xFFFE;\x1b[31m \u202eevil\u202c \u2066isolated\u2069 &#xFDD0;" + " learning" * 100_000
PAGES = {
    "/utf8": (
        "text/html; charset=utf-8",
        "<html><head><title>Café  culture\n & learning</title></head></html>".encode(),
    ),
    "/latin1": ("text/html; charset=iso-8859-1", "<title>Élèves et enseignants</title>".encode("latin-1")),
    "/latin1-meta": ("text/html", '<meta charset="iso-8859-1"><title>Naïve questions</title>'.encode("latin-1")),
    "/og": ("text/html", b'<html><head><meta property="og:title" content="Only the Open Graph title"></head></html>'),
    "/both": ("text/html", b'<meta property="og:title" content="Clean title"><title>Clean title | Some Site</title>'),
    "/blank-og": ("text/html", b'<meta property="og:title" content="  "><title>The real title</title>'),
    "/title-in-body": ("text/html", b"<html><head></head><body><title>Late title</title></body></html>"),
    "/untitled": ("text/html", b"<html><body><p>No title here</p></body></html>"),
    "/pdf": ("application/pdf", b"%PDF-1.4"),
    "/no-type": (None, b"<html><head><title>Sniffed</title></head></html>"),
    # Markup Python's HTML parser raises on (AssertionError: expected name token), as old IE pages have.
    "/endif": ("text/html", b"<html><head><!--[if IE]><p><![ endif ]--><![ endif ]><title>After IE &amp; co</title>"),
    "/endif-og": ("text/html", b"<head><title>Plain</title><![ endif ]><meta content='OG &amp; co' property=og:title>"),
    "/endif-in-title": ("text/html", b"<head><title>Half <![ endif ]> a title</title></head>"),
    "/invisible": (
        "text/html; charset=utf-8",
        "<title>Zero\u200bwidth \u2060joined\u180e \ufeffmark soft\u00adhyphen tag\U000e0041\U000e007f "
        "خانه\u200cها 👩\u200d🏫 \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f</title>".encode(),
    ),
    "/hostile": ("text/html; charset=utf-8", f"<html><head><title>{HOSTILE_TITLE}</title></head></html>".encode()),
    "/gzip": ("text/html", gzip.compress(b"<html><head><title>Compressed anyway</title></head></html>")),
    # 20 MB of spaces before the title, 20 kB once compressed: only MAX_BYTES of it are decompressed.
    "/gzip-bomb": ("text/html", gzip.compress(b"<html><head>" + b" " * 20_000_000 + b"<title>Too far</title>")),
}


class Pages(BaseHTTPRequestHandler):
    """Well-behaved pages (PAGES), redirects, and the routes of RAW, which write their answer byte by byte."""

    def do_GET(self):
        self.server.seen.append((self.path, self.headers))
        route = self.path.split("?")[0]
        if route in RAW:
            RAW[route](self)
            return
        for prefix, answer in REDIRECTS.items():
            if route.startswith(prefix):
                self.redirect(answer(self, route[len(prefix) :]))
                return
        if route.startswith("/echo"):  # the request as the server got it, as the page's title
            title = f"path={self.path} host={self.headers['Host']} auth={self.headers['Authorization']}"
            self.page("text/html", f"<title>{title}</title>".encode())
            return
        if route not in PAGES:
            self.send_error(404, "Not Found")
            return
        self.page(*PAGES[route], encoding="gzip" if route.startswith("/gzip") else None)

    def page(self, kind: str | None, body: bytes, encoding: str | None = None):
        self.send_response(200)
        if kind:
            self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, code: int = 302):
        self.send_response(code)
        self.send_header("Location", location)
        self.end_headers()

    def raw(self, data: bytes):
        self.wfile.write(data)

    def trickle(self, pieces, every: float, seconds: float = 10.0):
        """Send each piece after `every` seconds, for at most `seconds`; note when the client went away."""
        ends = time.monotonic() + seconds
        for piece in pieces:
            if time.monotonic() > ends:
                return
            if client_left(self.connection, every):
                self.server.left[self.path] = time.monotonic()
                return
            try:
                self.wfile.write(piece)
            except OSError:
                self.server.left[self.path] = time.monotonic()
                return

    def log_message(self, format, *args):
        pass


def client_left(connection: socket.socket, wait: float) -> bool:
    """Wait up to `wait` seconds; True when the client closed its side meanwhile (it sends nothing more)."""
    readable, _, _ = select.select([connection], [], [], wait)
    if not readable:
        return False
    try:  # the bytes on the wire, under any TLS: the client sends none once it has asked
        return socket.socket.recv(connection, 1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def forever(piece: bytes):
    while True:
        yield piece


def reset(handler: Pages):
    """Close the connection with a reset (RST) rather than an orderly end."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()


HTML_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
RAW = {
    # Slow: each piece well within the sockets' per-operation timeout, the whole never.
    "/byte-by-byte": lambda h: (h.raw(HTML_HEAD + b"\r\n"), h.trickle(forever(b"<"), 0.2)),
    "/status-byte-by-byte": lambda h: h.trickle((bytes([byte]) for byte in HTML_HEAD), 0.2),
    "/header-by-header": lambda h: (
        h.raw(HTML_HEAD),
        h.trickle((f"X-Slow-{number}: yes\r\n".encode() for number in range(90)), 0.3),
    ),
    "/endless-after-head": lambda h: (
        h.raw(HTML_HEAD + b"\r\n<html><head><title>Read at once</title></head><body>"),
        h.trickle(forever(b"<p>more</p>" * 100), 0.1),
    ),
    "/endless-without-title": lambda h: (h.raw(HTML_HEAD + b"\r\n<html><head>"), h.trickle(forever(b"x" * 65536), 0)),
    "/redirect-with-endless-body": lambda h: (
        h.raw(b"HTTP/1.1 302 Found\r\nLocation: /utf8\r\n\r\n"),
        h.trickle(forever(b"x" * 1024), 0.1),
    ),
    "/utf8-location": lambda h: h.raw(b"HTTP/1.1 302 Found\r\nLocation: /echo/caf\xc3\xa9\r\n\r\n"),
    # Broken.
    "/bad-status-line": lambda h: h.raw(b"HELLO THERE\r\n\r\n"),
    "/closed-at-once": lambda h: h.connection.shutdown(socket.SHUT_RDWR),
    "/closed-mid-headers": lambda h: h.raw(HTML_HEAD + b"X-Cut: sho"),
    "/reset-at-once": reset,
    "/reset-mid-body": lambda h: (h.raw(HTML_HEAD + b"\r\n<html><head><ti"), time.sleep(0.1), reset(h)),
    "/bad-gzip": lambda h: h.raw(HTML_HEAD + b"Content-Encoding: gzip\r\n\r\nthis is not gzip at all"),
    "/brotli": lambda h: h.raw(HTML_HEAD + b"Content-Encoding: br\r\n\r\n\x1b\x00\x00"),
    "/bad-chunks": lambda h: h.raw(HTML_HEAD + b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n"),
    "/too-many-headers": lambda h: h.raw(HTML_HEAD + b"X-A: b\r\n" * 150 + b"\r\n"),
    "/header-too-long": lambda h: h.raw(HTML_HEAD + b"X-A: " + b"b" * 70_000 + b"\r\n\r\n"),
    "/hostile-reason": lambda h: h.raw(b"HTTP/1.1 500 \x1b[31mBoom\x07 " + b"x" * 5000 + b"\r\n\r\n"),
}
REDIRECTS = {
    # /hop/3 -> /hop/2 -> /hop/1 -> /hop/0 -> /utf8
    "/hop/": lambda h, rest: f"/hop/{int(rest) - 1}" if int(rest) > 0 else "/utf8",
    "/slow-hop/": lambda h, rest: (time.sleep(0.3), f"/slow-hop/{int(rest) - 1}" if int(rest) > 0 else "/utf8")[1],
    "/loop": lambda h, rest: "/loop",
    "/old": lambda h, rest: "/utf8",
    "/to/": lambda h, rest: unquote(rest).replace("PORT", str(h.server.server_address[1])),
}


class Web(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]):
        self.seen: list[tuple[str, object]] = []  # (path, headers) of each request
        self.left: dict[str, float] = {}  # path -> when the client went away, by time.monotonic()
        super().__init__(address, Pages)

    def handle_error(self, request, client_address):
        pass  # a client that gave up, or refused the certificate: what the tests do on purpose


class Web6(Web):
    address_family = socket.AF_INET6


def serve(server: Web, host: str):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://{host}:{server.server_address[1]}"
    return server


@pytest.fixture(scope="module")
def web():
    server = serve(Web(("127.0.0.1", 0)), "127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server(web):
    return web.url


@pytest.fixture
def listener():
    """A port that accepts connections and counts them, saying nothing: nothing should connect to it."""
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


def title_of(url: str, timeout: float = 5.0) -> str:
    return fetch_title(url, timeout=timeout).title


def refused(url: str, timeout: float = 5.0) -> str:
    """The message fetch_title gives, checked to be one line that ends with how to give the title."""
    with pytest.raises(TitleError) as caught:
        fetch_title(url, timeout=timeout)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message, message
    assert message.endswith(HINT), message
    return message


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/utf8", "Café culture & learning"),
        ("/latin1", "Élèves et enseignants"),
        ("/latin1-meta", "Naïve questions"),
        ("/og", "Only the Open Graph title"),
        ("/both", "Clean title"),
        ("/blank-og", "The real title"),
        ("/title-in-body", "Late title"),
        ("/old", "Café culture & learning"),
        ("/no-type", "Sniffed"),
        ("/endif", "After IE & co"),
        ("/endif-og", "OG & co"),
        ("/endif-in-title", "Half"),
    ],
)
def test_titles(server, path, title):
    assert title_of(server + path) == title


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/untitled", "has no title: give the title yourself with --title"),
        ("/pdf", "the address leads to application/pdf, not a web page, so it has no title: give the title"),
        ("/missing", "answered 404 Not Found for that address: check it, or give the title yourself with --title"),
    ],
)
def test_no_title(server, path, message):
    assert message in refused(server + path)


def test_nothing_listening_at_the_port():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = refused(f"http://127.0.0.1:{port}/page")
    assert re.search(
        r"could not reach 127.0.0.1: nothing answers at that address .*, or give the title yourself", message
    )


def test_a_server_that_never_answers_times_out(listener):
    started = time.monotonic()
    message = refused(f"http://127.0.0.1:{listener.getsockname()[1]}/", timeout=1)
    assert time.monotonic() - started < 2
    assert message == f"127.0.0.1 did not answer in time (the limit is 1 second): {HINT}"


def test_the_default_timeout_is_five_seconds():
    assert inspect.signature(fetch_title).parameters["timeout"].default == 5.0


# One deadline for the whole fetch


@pytest.mark.parametrize("path", ["/byte-by-byte", "/status-byte-by-byte", "/header-by-header"])
def test_a_server_that_trickles_is_given_up_at_the_deadline(web, path):
    web.left.pop(path, None)
    started = time.monotonic()
    message = refused(web.url + path, timeout=1)
    given_up = time.monotonic() - started
    assert message == f"127.0.0.1 did not answer in time (the limit is 1 second): {HINT}"
    assert 0.9 < given_up < 1.8
    # The connection is shut down at the deadline, not left to the server.
    while path not in web.left and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert web.left[path] - started < 2.5


def test_the_deadline_covers_every_redirect(server):
    assert title_of(server + "/slow-hop/2", timeout=3) == "Café culture & learning"  # 0.3 s each
    started = time.monotonic()
    message = refused(server + "/slow-hop/5", timeout=1)
    assert "did not answer in time (the limit is 1 second)" in message
    assert time.monotonic() - started < 1.5


# What is read


def test_reading_stops_once_the_head_has_come(server):
    started = time.monotonic()
    assert title_of(server + "/endless-after-head", timeout=3) == "Read at once"
    assert time.monotonic() - started < 1


def test_at_most_max_bytes_are_read(server):
    assert MAX_BYTES == 2_000_000
    started = time.monotonic()
    assert "has no title" in refused(server + "/endless-without-title")
    assert time.monotonic() - started < 3


def test_a_compressed_page_is_read_and_its_size_is_limited_once_decompressed(server):
    assert title_of(server + "/gzip") == "Compressed anyway"
    assert "has no title" in refused(server + "/gzip-bomb")


def test_a_hostile_title_is_cleaned_and_cut(server):
    fetched = fetch_title(server + "/hostile")
    assert len(fetched.title) > 900_000
    title = fetched_title(fetched.title)
    assert len(title) <= 300 and title.endswith(" learning…")
    assert title.startswith("Café [31m evil isolated learning learning")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]", title)


def test_fetched_titles_are_cleaned():
    assert fetched_title("A\u202eB\u202c \u2066C\u2069 D\ufffe\ufdd0\udce9\U0010ffff E\x1b[1m\x85F") == "AB C D E[1mF"
    assert fetched_title("שלום \u200fעולם\u200e") == "שלום \u200fעולם\u200e"  # direction marks stay
    with pytest.raises(LinkError, match="the page's title has no text to show; give the title yourself"):
        fetched_title("\u202e\u2066 \ufffe")


def test_invisible_format_characters_are_dropped_from_fetched_titles(server):
    fetched = fetch_title(server + "/invisible")
    assert "\u200b" in fetched.title  # the fetch gives the title as the page has it
    assert fetched_title(fetched.title) == (
        "Zerowidth joined mark softhyphen tag خانه\u200cها 👩\u200d🏫 "
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # the flag of Scotland stays
    )
    assert (
        fetched_title("\u0600\u0661\u0662 \u06dd\u0663 \u200eA\u200f\u061c")
        == "\u0600\u0661\u0662 \u06dd\u0663 \u200eA\u200f\u061c"
    )
    assert fetched_title("tags \U000e0067\U000e0062\U000e007f alone \U0001f3f4 \U000e0041") == "tags alone \U0001f3f4"
    with pytest.raises(LinkError, match="the page's title has no text to show"):
        fetched_title("\u200b\ufeff \u2060\u00ad")


@pytest.mark.parametrize(
    "title",
    [
        "word " * 200,
        "Spaced practice, and why it works: " * 20,
        "x" * 1000,
        "e\u0301" * 400,  # e and a combining accent, never parted
        "👩\u200d🏫" * 200,  # woman teacher: two emoji and a zero-width joiner, never parted
        "👍🏽" * 200,  # an emoji and its skin tone
        "日本語の長いタイトル" * 50,
    ],
)
def test_a_long_fetched_title_is_cut_at_a_word_or_between_characters(title):
    cut = fetched_title(title)
    assert len(cut) <= 300 and cut.endswith("…")
    kept = cut[:-1]
    assert " ".join(title.split()).startswith(kept) and kept == kept.rstrip(" ,:")
    rest = " ".join(title.split())[len(kept) :]
    if " " in title:
        assert rest.startswith((" ", ", ", ": ")) or not rest
    assert not rest.startswith(("\u0301", "\u200d", "🏫", "🏽")) and not kept.endswith("\u200d")
    assert fetched_title("A short title") == "A short title"


# Addresses


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://127.0.0.1:PORT/a\tb", "the address 'http://127.0.0.1:PORT/a\\tb' contains a tab; delete it"),
        ("http://127.0.0.1:PORT/a\u00a0b", "contains a no-break space (U+00A0); delete it, or write a space"),
        ("http://127.0.0.1:PORT/a\u3000b", "contains a space character (U+3000)"),
        ("http://127.0.0.1:PORT/a b", "the address contains a space; write spaces in a web address as %20"),
        ("http://127.0.0.1:PORT/a\nb", "holds a line break"),
        ("http://127.0.0.1:PORT/a\x00b", "contains a null character (U+0000)"),
        ("http://user:secret@127.0.0.1:PORT/", "holds a user name or password (before the @), which would be"),
        (
            "https://ghp_tok3n@127.0.0.1:PORT/x",
            "the address 'https://ghp_tok3n@127.0.0.1:PORT/x' holds a user name or password (before the @), which "
            "would be published with the link; write the address without 'ghp_tok3n@'",
        ),
        (
            "http://127.0.0.1:PORT/a\u200bb",
            "holds an invisible character (U+200B, zero width space), which came with text copied from a page; "
            "copy the address again from the browser's address bar",
        ),
        ("http://127.0.0.1:PORT/\u2060", "holds an invisible character (U+2060, word joiner), which came with"),
        ("\ufeffhttp://127.0.0.1:PORT/", "holds an invisible character (U+FEFF, zero width no-break space)"),
        ("http://exam\u00adple.org/", "holds an invisible character (U+00AD, soft hyphen)"),
        ("http://127.0.0.1:PORT/\u200f", "holds an invisible character (U+200F, right-to-left mark)"),
        ("http://127.0.0.1:PORT/\U000e0041", "holds an invisible character (U+E0041, tag latin capital letter a)"),
        ("http://127.0.0.1:PORT/a\\b", "holds a backslash (\\), where web addresses have /: write / instead"),
        ("http://127.0.0.1:99999/", "has a port that is not a number from 1 to 65535"),
        ("http://[fe80::1%25lo]:PORT/", "names a network interface after its IPv6 address"),
        ("http://[v1.x]:PORT/", "has something other than an IPv6 address in [ ]"),
        ("http://[::1:PORT/", "is not a web address a browser can open"),
        ("http://a..b:PORT/", "the site name 'a..b' cannot be looked up: each part between its dots"),
        ("http://" + "a" * 64 + ".org/", "cannot be looked up: each part between its dots must be 1 to 63"),
        ("http://bü..example/", "the site name 'bü..example' cannot be looked up"),
        ("http://ex<ample.org/", "the site name 'ex<ample.org' holds '<', which no site name can hold"),
        ("http://ex%2Fample.org/", "the site name 'ex/ample.org' holds '/', which no site name can hold"),
        ("http://ex%C3ample.org/", "holds %-escapes that are not UTF-8 text"),
        ("http://a\uff0fb.example/", "is not a web address a browser can open"),  # a fullwidth "/"
        ("ftp://127.0.0.1:PORT/", "must be a web address starting with https:// or http://, not 'ftp:'"),
    ],
)
def test_an_odd_address_is_refused_in_words_before_any_connection(listener, address, message):
    port = str(listener.getsockname()[1])
    address, message = address.replace("PORT", port), message.replace("PORT", port)
    with pytest.raises(LinkError) as caught:
        check_address(address)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    # The fetch's own check refuses the rest too; a user name, a backslash or an invisible character is only
    # refused for being saved (the fetch sends no user name, and writes the rest as %-escapes).
    if not re.search("[@\\\\\u200b\u2060\ufeff\u00ad\u200f\U000e0041]", address):
        with pytest.raises(TitleError):
            fetch_title(address)
    assert connections(listener) == 0


def test_an_address_is_sent_as_the_network_needs_it(web):
    port = web.server_address[1]
    assert title_of(f"HTTP://127.0.0.1:{port}/echo/café?q=é&r=%20#part") == (
        f"path=/echo/caf%C3%A9?q=%C3%A9&r=%20 host=127.0.0.1:{port} auth=None"
    )
    assert title_of(f"http://someone@127.0.0.1:{port}/echo") == f"path=/echo host=127.0.0.1:{port} auth=None"
    assert "answered 404 Not Found" in refused(f"http://127.0.0.1:{port}")  # no path: "/" is asked for
    assert web.seen[-1][0] == "/"
    assert check_address(f"http://127.0.0.1:{port}/café") == f"http://127.0.0.1:{port}/café"  # saved as typed


@pytest.mark.parametrize(
    ("address", "sent"),
    [
        ("https://user:pw@Bücher.Example:8443/café?q=é#x", "https://xn--bcher-kva.example:8443/caf%C3%A9?q=%C3%A9"),
        ("https://faß.de", "https://xn--fa-hia.de/"),  # IDNA 2008, as browsers: not "fass.de"
        ("https://例え。テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9"),
        ("https://i❤.ws/", "https://xn--i-7iq.ws/"),  # only IDNA 2003 encodes it, as the feeds do
        ("https://b%C3%BCcher.example/", "https://xn--bcher-kva.example/"),
        ("https://ex%41mple.org/a%2Fb", "https://example.org/a%2Fb"),
        ('https://example.org./a[1]?x="y"', "https://example.org./a[1]?x=%22y%22"),
        ("http://[::1]:8080", "http://[::1]:8080/"),
        ("http://[::FFFF:127.0.0.1]/", "http://[::ffff:127.0.0.1]/"),
        ("http://example.org:/", "http://example.org/"),
    ],
)
def test_request_addresses(address, sent):
    assert request_address(address) == sent


ADDRESS_PIECES = [
    *["http://", "https://", "HTTP://", "user:pw@", "user@", "[", "]", "::1", "fe80::1%25x", ":", ":80", ":99999"],
    *["%", "%41", "%C3", "%C3%BC", "ü", "例え", "。", ".", "..", "/", "\\", "?", "#", "é", " ", "\t", "\n", "\x00"],
    *["\x7f", "\u202e", "\ufffe", "\udce9", "a", "xn--", "-", "@", "<", "\uff0f", "ß", "❤", "\u200b", "0x7f.1"],
    *["127.0.0.1", "localhost", "example.org", "a" * 64],
]
ODD_ADDRESSES = st.lists(st.one_of(st.sampled_from(ADDRESS_PIECES), st.text(max_size=3)), max_size=8).map("".join)


@given(st.one_of(ODD_ADDRESSES, st.builds(str.__add__, st.sampled_from(["http://", "https://"]), ODD_ADDRESSES)))
@settings(deadline=None, **({"max_examples": 300} if settings.get_current_profile_name() == "default" else {}))
def test_any_address_is_refused_in_words_or_sent_as_http_client_takes_it(address):
    try:
        sent = request_address(address)
    except TitleError as error:
        assert "\n" not in str(error)
    else:  # ASCII, no space and no control character: what http.client sends as it is
        assert re.fullmatch(r"https?://[\x21-\x7e]+", sent), sent
    try:
        saved = check_address(address)
    except LinkError as error:
        assert "\n" not in str(error)
    else:
        assert saved == fields.normal_address(address.strip()) and request_address(saved)


def test_an_ipv6_address_is_fetched():
    try:
        server = Web6(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 on this machine")
    serve(server, "[::1]")
    try:
        assert title_of(server.url + "/utf8") == "Café culture & learning"
    finally:
        server.shutdown()
        server.server_close()


# Redirects


@pytest.mark.parametrize(
    "location",
    [
        "ftp://127.0.0.1:LISTENER/page.html",
        "file:///etc/passwd",
        "file://localhost/etc/hostname",
        "data:text/html,<title>Not-from-a-server</title>",
        "javascript:alert(1)",
        "gopher://127.0.0.1:LISTENER/",
    ],
)
def test_a_redirect_to_another_scheme_is_not_followed(server, listener, location):
    location = location.replace("LISTENER", str(listener.getsockname()[1]))
    message = refused(server + "/to/" + location)
    assert message.startswith(f"127.0.0.1 sent you on to '{location}', which is not a web page (only http and https")
    assert "so it was not followed" in message
    assert connections(listener) == 0


def test_at_most_five_redirects_are_followed(server):
    assert MAX_REDIRECTS == 5
    assert title_of(server + "/hop/4") == "Café culture & learning"  # five redirects
    message = refused(server + "/hop/5")
    assert message.startswith("127.0.0.1 sent you on more than 5 times; open the address in a browser and save")


def test_a_redirect_loop_is_told_as_one(server):
    assert refused(server + "/loop").startswith(f"127.0.0.1 sends you round in a loop, back to '{server}/loop'")


def test_a_redirect_to_another_host_is_noted(web):
    port = web.server_address[1]
    fetched = fetch_title(f"{web.url}/to/http://localhost:PORT/utf8")
    assert fetched.title == "Café culture & learning" and fetched.url == f"http://localhost:{port}/utf8"
    assert fetched.note == (
        f"127.0.0.1 sent you on to localhost (http://localhost:{port}/utf8); the address you gave was saved. "
        "If the page has moved there for good, put that address in the note's url"
    )
    assert fetch_title(f"{web.url}/old").note == ""  # the same host: nothing to say
    message = refused(f"{web.url}/to/http://localhost:PORT/missing")
    assert message.startswith("localhost (where 127.0.0.1 sent you) answered 404 Not Found")


@pytest.fixture(scope="module")
def other_port():
    """A second server on another port of 127.0.0.1: another site of the same host."""
    server = serve(Web(("127.0.0.1", 0)), "127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


def test_a_redirect_to_another_port_or_through_another_host_is_noted(web, other_port):
    port, other = web.server_address[1], other_port.server_address[1]
    fetched = fetch_title(f"{web.url}/to/http://127.0.0.1:{other}/utf8")
    assert fetched.title == "Café culture & learning" and fetched.url == f"http://127.0.0.1:{other}/utf8"
    assert fetched.note == (
        f"127.0.0.1 sent you on to http://127.0.0.1:{other} (http://127.0.0.1:{other}/utf8); the address you gave "
        "was saved. If the page has moved there for good, put that address in the note's url"
    )
    fetched = fetch_title(f"{web.url}/to/http://localhost:PORT/to/http://127.0.0.1:PORT/utf8")
    assert fetched.title == "Café culture & learning" and fetched.url == f"http://127.0.0.1:{port}/utf8"
    assert fetched.note == (
        f"127.0.0.1 sent you through localhost and back, to http://127.0.0.1:{port}/utf8; the address you gave was "
        "saved. If the page has moved there for good, put that address in the note's url"
    )
    through_port = f"{web.url}/to/http://127.0.0.1:{other}/to/http://127.0.0.1:{port}/utf8"
    assert fetch_title(through_port).note.startswith(f"127.0.0.1 sent you through http://127.0.0.1:{other} and back")
    assert fetch_title(f"{web.url}/hop/2").note == ""  # redirects within one site: nothing to say


def test_a_redirect_is_followed_without_reading_its_body(server):
    started = time.monotonic()
    assert title_of(server + "/redirect-with-endless-body", timeout=3) == "Café culture & learning"
    assert time.monotonic() - started < 1


def test_a_redirect_to_a_raw_utf8_address_is_followed(web):
    assert (
        title_of(web.url + "/utf8-location") == f"path=/echo/caf%C3%A9 host=127.0.0.1:{web.server_address[1]} auth=None"
    )


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://[::1", "could not fetch the page at"),
        ("http://a..b/", "127.0.0.1 sent you on to an address that cannot be opened (the site name 'a..b'"),
        (
            "http://127.0.0.1:99999/",
            "127.0.0.1 sent you on to an address that cannot be opened (the address has a port",
        ),
    ],
)
def test_a_redirect_to_a_broken_address_is_told_in_words(server, location, message):
    assert message in refused(server + "/to/" + location)


# Any other failure: one line with the fix


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/bad-status-line", "127.0.0.1 sent an answer that is not valid HTTP (BadStatusLine: HELLO THERE)"),
        ("/closed-at-once", "127.0.0.1 closed the connection without answering; try again later"),
        ("/closed-mid-headers", "the page at http://127.0.0.1:PORT/closed-mid-headers has no title"),
        ("/reset-at-once", "127.0.0.1 broke off the connection ([Errno "),
        ("/reset-mid-body", "127.0.0.1 broke off the connection ([Errno "),
        ("/bad-gzip", "127.0.0.1 sent the page compressed, and it could not be decompressed (Error -3 while"),
        ("/brotli", "127.0.0.1 sent the page compressed as 'br', which cannot be read here"),
        ("/bad-chunks", "127.0.0.1 sent only part of the page (IncompleteRead(0 bytes read)), and no title in it"),
        ("/too-many-headers", "127.0.0.1 sent an answer that is not valid HTTP (HTTPException: got more than 100"),
        ("/header-too-long", "127.0.0.1 sent an answer that is not valid HTTP (LineTooLong"),
        ("/hostile-reason", "127.0.0.1 answered 500 \x1b[31mBoom\x07 xxx"),
    ],
)
def test_a_broken_server_is_told_in_one_line(web, path, message):
    text = refused(web.url + path)
    assert text.startswith(message.replace("PORT", str(web.server_address[1]))), text
    assert len(text) < 300


@pytest.fixture(scope="module")
def secure_web(tmp_path_factory):
    """The same server over TLS, with a certificate of its own for localhost and 127.0.0.1 (made by openssl),
    which no machine trusts unless told to (SSL_CERT_FILE)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
    names = ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
    subprocess.run([*request, *names, "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server = Web(("127.0.0.1", 0))
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    serve(server, "localhost")
    server.url = server.url.replace("http:", "https:")
    server.certificate = str(certificate)
    yield server
    server.shutdown()
    server.server_close()


def test_a_page_over_https_is_fetched(secure_web, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", secure_web.certificate)  # trusted, as a real site's would be
    assert title_of(secure_web.url + "/utf8") == "Café culture & learning"
    assert title_of(secure_web.url.replace("localhost", "127.0.0.1") + "/old") == "Café culture & learning"


def test_a_trickle_over_https_is_given_up_at_the_deadline(secure_web, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", secure_web.certificate)
    secure_web.left.pop("/byte-by-byte", None)
    started = time.monotonic()
    message = refused(secure_web.url + "/byte-by-byte", timeout=1)
    assert message == f"localhost did not answer in time (the limit is 1 second): {HINT}"
    assert time.monotonic() - started < 1.8
    while "/byte-by-byte" not in secure_web.left and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert secure_web.left["/byte-by-byte"] - started < 2.5


def test_a_certificate_that_cannot_be_checked_is_told_in_one_line(secure_web):
    message = refused(secure_web.url + "/utf8")
    assert message.startswith("localhost did not prove it is that site (self-signed certificate), so its page was not")


def test_a_tls_handshake_that_never_comes_ends_at_the_deadline(listener):
    started = time.monotonic()
    message = refused(f"https://127.0.0.1:{listener.getsockname()[1]}/", timeout=1)
    assert message == f"127.0.0.1 did not answer in time (the limit is 1 second): {HINT}"
    assert time.monotonic() - started < 1.5


def test_a_tls_failure_is_told_in_one_line(web):
    # The server answers in plain HTTP: no TLS handshake can succeed.
    message = refused(f"https://127.0.0.1:{web.server_address[1]}/utf8")
    assert message.startswith("the secure connection to 127.0.0.1 failed (") and "check the address (https" in message


# `invoke link` itself, in a copy of the project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_of_project(tmp_path)


def invoke(project: Path, *arguments: str) -> tuple[int, str]:
    finished = subprocess.run(
        [sys.executable, "-m", "invoke", *arguments], cwd=project, capture_output=True, text=True, timeout=120
    )
    return finished.returncode, finished.stdout + finished.stderr


def test_invoke_link_saves_the_address_given_and_says_where_it_led(project, web):
    port = web.server_address[1]
    given = f"{web.url}/to/http://localhost:PORT/hostile"
    code, output = invoke(project, "link", given, "--date", "2026-01-07")
    assert code == 0 and "Traceback" not in output, output
    lines = output.splitlines()
    assert lines[0] == f"Fetching the title of {given}…"
    assert lines[1] == (
        f"Note: 127.0.0.1 sent you on to localhost (http://localhost:{port}/hostile); the address you gave was "
        "saved. If the page has moved there for good, put that address in the note's url."
    )
    saved = re.fullmatch(r"Saved “(.*)” to (content/links/2026-W02\.yaml):(\d+)\.", lines[2])
    assert saved and len(saved[1]) <= 300 and saved[1].startswith("Café [31m evil isolated learning"), lines[2]
    parsed = parse_links_file((project / saved[2]).read_bytes(), 10**6, str)
    assert not parsed["problems"]
    [link] = [entry for entry in parsed["links"] if entry["line"] == int(saved[3])]
    assert link["url"] == given and link["title"] == saved[1]


def test_invoke_link_refuses_an_odd_address_in_words(project, listener):
    port = listener.getsockname()[1]
    before = sorted(path.name for path in (project / "content" / "links").iterdir())
    code, output = invoke(project, "link", f"http://127.0.0.1:{port}/a\tb")
    assert code == 1 and output == (
        f"The link was not saved: the address 'http://127.0.0.1:{port}/a\\tb' contains a tab; delete it, or write a "
        "space that belongs there as %20.\n"
    )
    assert connections(listener) == 0
    assert sorted(path.name for path in (project / "content" / "links").iterdir()) == before


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
    with pytest.raises(LinkError, match="you already saved this page this week, at content/links/2026-W48.yaml:2"):
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


def test_a_via_that_is_a_typo_of_a_blogroll_id_is_refused_with_the_id(site):
    site.blogroll("- id: janedoe\n  name: Jane Doe\n  site: https://janedoe.example\n")
    with pytest.raises(LinkError) as refused:
        add(site.content, url="https://example.org/v", via="janedoee", when="2026-11-24 10:00")
    assert str(refused.value) == (
        "--via 'janedoee' is not in the blogroll; did you mean 'janedoe'? To name someone who is not in it, "
        'write their name in capitals and spaces, such as --via "Alex Morgan"'
    )
    assert not (site.content / "links").exists()
    for via in ("janedoe", "Jane Doe", "sam", "https://janedoe.example/"):  # an id, names, an address
        add(site.content, url=f"https://example.org/{len(via)}", via=via, when="2026-11-24 10:00")
    build = site.build()
    assert build.returncode == 0 and "is not in the blogroll" not in build.log, build.log


def test_the_same_page_written_another_way_is_found_and_the_address_kept_as_typed(site):
    add(site.content, url="https://example.org/feedback-sheet", when="2026-11-24 10:00")
    for other in (
        "https://example.org/feedback-sheet/",
        "http://EXAMPLE.org:80/feedback-sheet?utm_source=newsletter&utm_medium=email",
        "https://example.org/feedback-sheet#:~:text=exit%20ticket",
    ):
        with pytest.raises(LinkError, match="you already saved this page this week, at content/links/2026-W48.yaml:2"):
            add(site.content, url=other, when="2026-11-25 10:00")
    later = add(site.content, url="https://example.org/feedback-sheet/?fbclid=abc", when="2026-12-02 10:00")
    assert later.saved_before == ["content/links/2026-W48.yaml:2"]
    assert '- url: "https://example.org/feedback-sheet/?fbclid=abc"\n' in later.path.read_text()
    different = add(site.content, url="https://example.org/feedback-sheet?page=2", when="2026-11-25 11:00")
    assert different.saved_before == []


def test_the_build_finds_one_page_saved_twice_in_a_week_written_two_ways(site):
    site.links(
        "2026-W48.yaml",
        "- url: https://example.org/sheet\n  title: A\n  date: 2026-11-24\n"
        "- url: https://example.org/sheet/?utm_campaign=x\n  title: B\n  date: 2026-11-25\n",
    )
    build = site.build()
    assert build.returncode == 1
    assert (
        "content/links/2026-W48.yaml:1: 'https://example.org/sheet' is the page saved as "
        "'https://example.org/sheet/?utm_campaign=x' at content/links/2026-W48.yaml:4, in the same week 48; keep one"
    ) in build.log


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://a.org/x%FF", "https://a.org/x%FE"),  # two escapes that are no text: two pages
        ("https://a.org/a%2Fb", "https://a.org/a/b"),  # %2F is not '/' (RFC 3986, section 2.2)
        ("http://a.org:443/", "http://a.org/"),  # only the scheme's own default port is left out
        ("https://a.org:80/", "https://a.org/"),
        ("https://a.org/?a=1;b=2", "https://a.org/?a=1%3Bb%3D2"),
        ("https://a.org/?page=2", "https://a.org/?page=3"),
    ],
)
def test_different_pages_are_never_taken_for_one(one, other):
    from learnlog_core.fields import same_page

    assert same_page(one) != same_page(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://example.org/a%7eb", "https://example.org/a~b"),  # an unreserved character, escaped or not
        ("https://example.org:443/x", "http://example.org/x/"),
        ("https://example.org/x?utm_source=a&page=2", "https://example.org/x?page=2&fbclid=b"),
    ],
)
def test_one_page_written_two_ways_is_one_page(one, other):
    from learnlog_core.fields import same_page

    assert same_page(one) == same_page(other)
