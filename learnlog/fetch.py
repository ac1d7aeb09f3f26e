"""Fetch a web page's title for `invoke link`: its Open Graph title or <title>, in any charset.

The page is fetched with learnlog/web.py, the one HTTP client of Learnlog's commands: one deadline for the
whole fetch (redirects, headers, body and reading the title), at most MAX_BYTES of the body read or decompressed,
only http and https addresses opened, at most web.MAX_REDIRECTS redirects, the address written as the network
needs it (`request_address`: IDNA, percent-encoding, no user name or password). What is particular to titles is
here: only HTML is read, reading stops once the page's head (where the title is) has come with a title in it,
and a redirect to another site is told to the author (`_note`).

Every failure is a TitleError: one line, what happened and what to do (give the title yourself). Never a traceback.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import urlsplit

from learnlog.web import MAX_REDIRECTS, AddressError, Response, WebError, brief, fetch, request_address

# Kept under these names for their callers: `invoke link` (tasks.py, linknote.py) and its tests.
TitleError = WebError  # why no title could be had: one line, with what to do instead
__all__ = [
    "MAX_BYTES", "MAX_REDIRECTS", "TIMEOUT", "AddressError", "Fetched", "TitleError", "decode", "fetch_title",
    "page_title", "request_address",
]  # fmt: skip

TIMEOUT = 5.0  # seconds for the whole fetch, redirects and all
MAX_BYTES = 2_000_000  # of the body read from the network, and again of the page once decompressed
PARSE_CHARACTERS = 65_536  # of text first given to the HTML parser, to check the deadline between parts
USER_AGENT = "Learnlog (saving a link to a learning log)"
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.5"
HINT = 'give the title yourself with --title "…"'
HTML_TYPES = ("text/html", "application/xhtml+xml")
# The end of a page's head, as bytes: reading stops there when the title has come.
HEAD_END = re.compile(rb"</head[\s>]|<body[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class Fetched:
    """A fetched title and where it came from.

    title: the page's title, whitespace folded, otherwise as the page has it (linknote.fetched_title makes
    it fit to save). url: the address it was read from, after any redirects, ASCII (as `request_address`
    writes it). note: "" or, when redirects led to another site (another origin: `_note`), a sentence
    that says so for the author.
    """

    title: str
    url: str
    note: str = ""


class _HeadRead(Exception):
    """Raised inside the parser to stop it at the end of the page's head once a title has come."""


class _TitleParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.og_title = ""
        self.title_parts: list[str] = []  # joined once: adding to a string piece by piece is quadratic
        self._in_title = False

    def best(self) -> str:
        """The Open Graph title, else the <title>, whitespace folded; "" when neither has any text."""
        return " ".join(self.og_title.split()) or " ".join("".join(self.title_parts).split())

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("property") or values.get("name") or "").lower() == "og:title":
            self.og_title = self.og_title or (values.get("content") or "")
        elif tag == "title" and not "".join(self.title_parts).strip():
            self._in_title = True
        elif tag == "body" and self.best():
            raise _HeadRead

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head" and self.best():
            raise _HeadRead

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)


def page_title(body: bytes, header_charset: str | None, until: float | None = None) -> str:
    """The best title in an HTML page: its Open Graph title, else its <title>, whitespace folded; "" if none.

    body: the page's bytes (decoded as `decode` says). header_charset: the charset of the Content-Type
    header, or None. until: a time.monotonic() value after which parsing gives up (TimeoutError), or None.
    The parser stops at the end of the head once it has a title. Markup the parser cannot read (it raises on
    `<![ endif ]>` and other broken declarations) does not end the reading: what it found before is kept,
    and patterns over the text find the rest (`_title_by_pattern`).
    """
    parser = _TitleParser()
    text = decode(body, header_charset)
    try:
        start, size = 0, PARSE_CHARACTERS
        while start < len(text):
            if until is not None and time.monotonic() > until:
                raise TimeoutError("the title was not read in time")
            parser.feed(text[start : start + size])
            # Twice as much each time: the parser reads an unfinished tag again from its start at each feed.
            start, size = start + size, size * 2
    except _HeadRead:
        pass
    except TimeoutError:
        raise
    except Exception:  # markup the parser chokes on, such as <![ endif ]>: read the title another way
        return _title_by_pattern(text, parser)
    return parser.best()


# For pages the HTML parser cannot read: a tag's attributes, <meta> tags and the text after <title>. Each
# pattern stops at the next "<" or ">", so reading stays linear in the page's length whatever it holds.
ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)\s*=\s*("[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+)""")
META_TAG = re.compile(r"<meta\b([^<>]*)>", re.IGNORECASE)
TITLE_TEXT = re.compile(r"<title\b[^<>]*>([^<]*)", re.IGNORECASE)


def _title_by_pattern(text: str, parser: _TitleParser) -> str:
    """The best title as `page_title` gives it, for a page the parser stopped on: what the parser found before
    it stopped, completed by patterns over the whole text for <meta property="og:title"> and <title>."""
    og_title = parser.og_title
    for tag in META_TAG.finditer(text) if not og_title.strip() else ():
        values = {name.lower(): value.strip("\"'") for name, value in ATTRIBUTE.findall(tag[1])}
        if (values.get("property") or values.get("name") or "").lower() == "og:title":
            og_title = html.unescape(values.get("content", ""))
            break
    title = "".join(parser.title_parts)
    if not title.strip():
        title = next((html.unescape(found[1]) for found in TITLE_TEXT.finditer(text) if found[1].strip()), "")
    return " ".join(og_title.split()) or " ".join(title.split())


def decode(body: bytes, header_charset: str | None) -> str:
    """A page's bytes as text, in the first of these charsets that decodes them: `header_charset` (the
    Content-Type header's, or None), the one a <meta charset> in the first 4,096 bytes declares, UTF-8; else
    Windows-1252 (HTML's usual fallback), any byte it lacks as U+FFFD. Never raises."""
    declared = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", body[:4096], re.IGNORECASE)
    for charset in (header_charset, declared[1].decode() if declared else None, "utf-8"):
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


def fetch_title(url: str, timeout: float = TIMEOUT) -> Fetched:
    """Fetch the page at `url` and read its title, all within `timeout` seconds (time.monotonic()).

    url: an absolute http(s) address (checked and converted by `request_address` before any connection).
    timeout: seconds for the whole fetch: name lookup, connecting, at most MAX_REDIRECTS redirects (http and
    https only), headers, at most MAX_BYTES of body and reading the title; each socket operation also times
    out after `timeout` seconds. Returns a Fetched: the title (whitespace folded, not otherwise cleaned), the
    address it was read from and, when redirects led to another site (another scheme, host or port) or
    through one, a note saying so and that the address given is the one saved (`_note`). Raises
    TitleError (AddressError for the address itself), one line with the fix, for any failure: a bad address,
    a deadline passed, an HTTP error status, a redirect to another scheme, too many redirects or a loop, a
    TLS, network or HTTP protocol error, a compressed body that cannot be read, a page that is not HTML or
    has no title.
    """
    reading = _TitleReading(time.monotonic() + timeout)
    response = fetch(
        url, timeout=timeout, max_bytes=MAX_BYTES, accept=ACCEPT, user_agent=USER_AGENT, hint=HINT,
        check=_only_html, enough=reading.enough, parse=reading.title,
    )  # fmt: skip
    title = response.parsed
    if not title and response.cut_short:
        raise TitleError(
            f"{response.site} sent only part of the page ({response.cut_short}), and no title in it: try again "
            f"later, or {HINT}"
        )
    if not title:
        raise TitleError(f"the page at {brief(response.url)} has no title: {HINT}")
    return Fetched(title, response.url, _note(response))


def _only_html(headers: Message) -> None:
    """TitleError for an answer that says it is not HTML (a PDF, an image): it has no title to read."""
    kind = headers.get_content_type() if headers.get("Content-Type") else ""
    if kind and kind not in HTML_TYPES:
        raise TitleError(f"the address leads to {brief(kind, 60)}, not a web page, so it has no title: {HINT}")


class _TitleReading:
    """How a page is read for its title, within the fetch's deadline (`until`, by time.monotonic()): once the
    page's head has come, its title is read; with one, reading stops there (`enough`). Otherwise the page is read
    on (a title after the head is sloppy, but a browser shows it) and the title read from all of it (`title`)."""

    def __init__(self, until: float):
        self.until = until
        self.head_title: str | None = None  # None until the head has come and was read

    def enough(self, headers: Message, data: bytearray, start: int) -> bool:
        """web.fetch's `enough`: True once the head has come with a title in it."""
        if self.head_title is not None or not HEAD_END.search(data, max(0, start - 8)):  # "</head>" across parts
            return False
        self.head_title = page_title(bytes(data), headers.get_content_charset(), until=self.until)
        return bool(self.head_title)

    def title(self, response: Response) -> str:
        """web.fetch's `parse`: the page's title, "" when it has none."""
        if self.head_title and response.stopped:
            return self.head_title
        return page_title(response.body, response.headers.get_content_charset(), until=self.until)


def _note(response: Response) -> str:
    """Nothing ("") or, when redirects left the origin of the address given, a sentence that says so.

    An origin is a scheme, a host and a port (RFC 6454; a port left out is the scheme's own), the unit
    of one site: another port of the same host can be another program altogether. There is something to
    say when the final origin differs from the given one, or when any redirect on the way went to another
    origin, even if a later one came back (a sign-in, consent or tracking site read the visit). An http
    address sent on to https on the same host, both on their usual ports, is the same site upgraded, as
    fields.same_page counts it: nothing to say for that alone.
    """
    given = _origin(response.visited[0])
    away = [address for address in response.visited[1:] if not _same_site(given, _origin(address))]
    if not away:
        return ""
    given_host = urlsplit(response.given).hostname or response.given  # as the author typed it
    final = _origin(response.url)
    tail = "the address you gave was saved. If the page has moved there for good, put that address in the note's url"
    if not _same_site(given, final):
        where = _site_name(response.url, other_host=final[1] != given[1])
        return f"{given_host} sent you on to {where} ({brief(response.url)}); {tail}"
    through = _site_name(away[0], other_host=_origin(away[0])[1] != given[1])
    return f"{given_host} sent you through {through} and back, to {brief(response.url)}; {tail}"


DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(address: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of an address as `request_address` writes it; the port is the scheme's own when
    left out, and a final dot of the host ("example.org.") does not count."""
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").rstrip("."), parts.port or DEFAULT_PORTS.get(scheme)


def _same_site(given: tuple[str, str, int | None], other: tuple[str, str, int | None]) -> bool:
    """True when `other` is the origin `given`, or `given` upgraded from http to https on the usual ports."""
    return other == given or (given == ("http", other[1], 80) and other == ("https", given[1], 443))


def _site_name(address: str, other_host: bool) -> str:
    """A redirect's site for a note: its host when it is another host, else its scheme, host and port as the
    address writes them (http://127.0.0.1:8081), which tell it from the one given."""
    parts = urlsplit(address)
    return (parts.hostname or "") if other_host else f"{parts.scheme}://{parts.netloc}"
