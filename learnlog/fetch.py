"""Fetch a web page's title for `invoke link`: its Open Graph title or <title>, in any charset.

Servers can be slow, huge or hostile, and addresses odd, so:

- The whole fetch (name lookup, connecting, redirects, headers, body, reading the title) has one deadline,
  `timeout` seconds by the monotonic clock. Socket timeouts are per operation (a server sending one byte
  every two seconds, or its headers one line at a time, never trips them), so the fetch runs in a thread
  of its own and the command waits for it until the deadline; then the fetch's sockets are shut down, which
  ends whatever it was waiting for. Each socket operation keeps a timeout too, for the one step that cannot
  be cut short (a TLS handshake).
- At most MAX_BYTES of the body are read, or decompressed from a gzip body, and reading stops once the
  page's head (where the title is) has come.
- Only http and https addresses are ever opened: the opener has no handler for `file:`, `ftp:` or `data:`,
  and a redirect to any other scheme is refused before anything is opened. At most MAX_REDIRECTS redirects
  are followed; a loop is told as one.
- The address is checked and written as the network needs it (`request_address`) before any connection: a
  non-ASCII host in IDNA, a non-ASCII path percent-encoded, no user name or password sent.
- Every failure is a TitleError: one line, what happened and what to do. Never a traceback.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from feeds.addresses import URI_CHARACTERS, ascii_host
from learnlog_core import characters
from learnlog_core.fields import web_address

TIMEOUT = 5.0  # seconds for the whole fetch, redirects and all
MAX_BYTES = 2_000_000  # of the body read from the network, and again of the page once decompressed
MAX_REDIRECTS = 5
CHUNK_BYTES = 65_536  # read at a time, so the deadline is checked between reads
PARSE_CHARACTERS = 65_536  # of text first given to the HTML parser, to check the deadline between parts
USER_AGENT = "Learnlog (saving a link to a learning log)"
HINT = 'give the title yourself with --title "…"'
WEB_SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
SPACE = re.compile(r"\s")  # no address holds one; http.client refuses them, and urllib.parse drops some
# The end of a page's head, as bytes: reading stops there when the title has come.
HEAD_END = re.compile(rb"</head[\s>]|<body[\s>]", re.IGNORECASE)
# WHATWG URL Standard, "forbidden domain code point": what no host name holds once percent-decoded (C0
# controls, space, # % / : < > ? @ [ \ ] ^ | and DEL); browsers refuse such a host.
FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
# Content-Encoding values that can be read (RFC 9110, section 8.4.1): the zlib window size that reads them
# (32 + 15: a gzip or a zlib header, detected). A server sends them only when asked, but some do anyway.
COMPRESSED = {"gzip": 32 + zlib.MAX_WBITS, "x-gzip": 32 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}


class TitleError(Exception):
    """Why no title could be had, in one line, with what to do instead."""


class AddressError(TitleError):
    """An address that cannot be fetched as written, found before any network access."""


@dataclass(frozen=True)
class Fetched:
    """A fetched title and where it came from.

    title: the page's title, whitespace folded, otherwise as the page has it (linknote.fetched_title makes
    it fit to save). url: the address it was read from, after any redirects, ASCII (as `request_address`
    writes it). note: "" or, when redirects led to another site (another origin: `_Fetch._note`), a sentence
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


def request_address(url: str) -> str:
    """The address as it is sent over the network, ASCII only; raises AddressError when there is none.

    url: an absolute http(s) address as the author gives it, or as a redirect gives it, such as
    `https://user@bücher.example:8443/café?q=é#part`. Returns `https://xn--bcher-kva.example:8443/caf%C3%A9?q=%C3%A9`:

    - the scheme in lowercase; a host name percent-decoded, then in IDNA A-labels (punycode) when it is not
      ASCII, as feeds write it (feeds.addresses.ascii_host: IDNA 2008 with the UTS #46 mapping, else IDNA
      2003), and as browsers read it (WHATWG URL Standard, "host parsing"); an IPv6 address in brackets
      (RFC 3986, section 3.2.2) kept as it is;
    - no user name or password (RFC 3986, section 3.2.1, deprecates sending them in the address) and no
      fragment (RFC 3986, section 3.5: it is never sent);
    - the path ("/" when empty) and the query with every non-ASCII character percent-encoded as UTF-8 and
      the ASCII characters no URI may hold escaped (RFC 3987, section 3.1), existing %XX escapes kept.

    AddressError, with the fix, when: it holds a control character or another character no text of the site
    may hold (characters.FORBIDDEN), or any space or line break (str.isspace); fields.web_address refuses it
    (not http or https, no host, a port outside 1 to 65535, a broken IPv6 address); the host, once
    percent-decoded, is not UTF-8 or holds a character no host name can hold (FORBIDDEN_IN_HOST); IDNA
    cannot encode it, or a part between its dots is empty or over 63 characters (RFC 1035, section 2.3.4);
    the brackets hold no IPv6 address, or one with a zone ("%25eth0", which browsers do not open).
    """
    bad = characters.first_forbidden(url)
    if bad:
        raise AddressError(
            f"the address {_quoted(url)} contains {characters.describe(bad)}; copy the whole address from the "
            "browser's address bar"
        )
    if SPACE.search(url):
        raise AddressError(
            f"the address {_quoted(url)} contains a space, a tab or a line break; write a space that belongs in it "
            "as %20"
        )
    problem = web_address("address", url)
    if problem:  # the address in it on one line, as in linknote's messages
        raise AddressError(problem.replace("'address'", "the address").replace(f"'{url}'", _quoted(url, len(url))))
    parts = urlsplit(url)
    if parts.netloc.rpartition("@")[2].startswith("["):
        host = _ip_literal(url, parts.hostname)
    else:
        host = _host_name(parts.hostname)
    port = f":{parts.port}" if parts.port is not None else ""
    try:
        path = quote(parts.path or "/", safe=URI_CHARACTERS)
        query = quote(parts.query, safe=URI_CHARACTERS)
    except UnicodeError:  # a lone surrogate: no UTF-8 for it
        raise AddressError(f"the address {_quoted(url)} holds text that is not UTF-8; type it again") from None
    return urlunsplit((parts.scheme.lower(), host + port, path, query, ""))


def _ip_literal(url: str, host: str) -> str:
    """[host] for a well-formed IPv6 address without a zone, else AddressError."""
    if "%" in host:
        raise AddressError(
            f"the address {_quoted(url)} names a network interface after its IPv6 address (the part from %25), "
            "which browsers do not open; write the address without it"
        )
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise AddressError(
            f"the address {_quoted(url)} has something other than an IPv6 address in [ ]; copy the whole "
            "address from the browser's address bar"
        ) from None
    return f"[{host}]"


def _host_name(host: str) -> str:
    """A host name (or IPv4 address) as the network needs it: percent-decoded, then ASCII (IDNA)."""
    try:
        name = unquote(host, errors="strict")
    except UnicodeDecodeError:
        raise AddressError(
            f"the site name {_quoted(host)} holds %-escapes that are not UTF-8 text; check the address"
        ) from None
    bad = FORBIDDEN_IN_HOST.search(name)
    if bad:
        raise AddressError(
            f"the site name {_quoted(name)} holds {_quoted(bad[0])}, which no site name can hold; check the address"
        )
    encoded = ascii_host(name).lower()  # percent-encoded when IDNA cannot encode the name
    labels = encoded.removesuffix(".").split(".")  # a final dot names the root: example.org. is example.org
    if not encoded.isascii() or FORBIDDEN_IN_HOST.search(encoded) or not all(0 < len(part) < 64 for part in labels):
        raise AddressError(
            f"the site name {_quoted(name)} cannot be looked up: each part between its dots must be 1 to 63 "
            "characters long once written for the network (RFC 1035, IDNA); check the address"
        )
    return encoded


def fetch_title(url: str, timeout: float = TIMEOUT) -> Fetched:
    """Fetch the page at `url` and read its title, all within `timeout` seconds (time.monotonic()).

    url: an absolute http(s) address (checked and converted by `request_address` before any connection).
    timeout: seconds for the whole fetch: name lookup, connecting, at most MAX_REDIRECTS redirects (http and
    https only), headers, at most MAX_BYTES of body and reading the title; each socket operation also times
    out after `timeout` seconds. Returns a Fetched: the title (whitespace folded, not otherwise cleaned), the
    address it was read from and, when redirects led to another site (another scheme, host or port) or
    through one, a note saying so and that the address given is the one saved (`_Fetch._note`). Raises
    TitleError (AddressError for the address itself), one line with the fix, for any failure: a bad address,
    a deadline passed, an HTTP error status, a redirect to another scheme, too many redirects or a loop, a
    TLS, network or HTTP protocol error, a compressed body that cannot be read, a page that is not HTML or
    has no title.
    """
    fetch = _Fetch(url, request_address(url), timeout)
    worker = threading.Thread(target=fetch.run, name="learnlog-fetch-title", daemon=True)
    worker.start()
    try:
        finished = fetch.done.wait(max(0.0, fetch.ends - time.monotonic()))
    finally:
        fetch.cancel()  # shuts down its sockets: a fetch still running ends now
    if not finished:
        raise TitleError(fetch.late())
    if fetch.error is not None:
        raise TitleError(fetch.explain(fetch.error)) from None
    return fetch.result


class _Fetch:
    """One fetch, shared by the thread that fetches (`run`) and the one that waits for it (`cancel`)."""

    def __init__(self, given: str, address: str, timeout: float):
        self.given_host = urlsplit(given).hostname or given  # as the author typed it
        self.host = urlsplit(address).hostname  # as the network knows it
        self.address = address
        self.current = address  # the address being fetched, after the redirects so far
        self.visited = [address]
        self.timeout = timeout
        self.ends = time.monotonic() + timeout
        self.done = threading.Event()
        self.cancelled = threading.Event()
        self.result: Fetched | None = None
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def run(self) -> None:
        try:
            self.result = self._fetch()
        except Exception as error:  # every failure is told in words by the waiting thread
            self.error = error
        finally:
            self.done.set()

    def opened(self, sock: socket.socket) -> None:
        """Remember a connected socket, to shut it down on `cancel` (at once, if that came first)."""
        with self._lock:
            self._sockets.append(sock)
            cancelled = self.cancelled.is_set()
        if cancelled:
            _shut(sock)

    def cancel(self) -> None:
        """Stop the fetch: what it is waiting for on a socket ends, and it reads nothing more."""
        with self._lock:
            self.cancelled.set()
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def check(self) -> None:
        """TimeoutError once the deadline has passed or the fetch was cancelled."""
        if self.cancelled.is_set() or time.monotonic() >= self.ends:
            raise TimeoutError("the deadline passed")

    def _fetch(self) -> Fetched:
        request = urllib.request.Request(
            self.address, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"}
        )
        opener = urllib.request.OpenerDirector()  # only these: no handler opens file:, ftp: or data:
        handlers = (
            urllib.request.ProxyHandler(),  # http_proxy, https_proxy and no_proxy, as any urllib program
            urllib.request.UnknownHandler(),  # any other scheme: an error, nothing opened
            _WebHandler(self),
            _SecureWebHandler(self),
            urllib.request.HTTPDefaultErrorHandler(),
            _Redirects(self),
            urllib.request.HTTPErrorProcessor(),
        )
        for handler in handlers:
            opener.add_handler(handler)
        with opener.open(request, timeout=self.timeout) as response:
            self.current = response.url
            kind = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            if kind and kind not in HTML_TYPES:
                raise TitleError(f"the address leads to {_brief(kind, 60)}, not a web page, so it has no title: {HINT}")
            charset = response.headers.get_content_charset()
            body = _Body(response, self)
            body.read(until_head=True)
            title = page_title(body.data, charset, until=self.ends)
            if not title and body.more:  # a title after the head: sloppy, but a browser shows it
                body.read(until_head=False)
                title = page_title(body.data, charset, until=self.ends)
        if not title and body.cut_short:
            raise TitleError(
                f"{self.who()} sent only part of the page ({_brief(body.cut_short)}), and no title in it: try again "
                f"later, or {HINT}"
            )
        if not title:
            raise TitleError(f"the page at {_brief(self.current)} has no title: {HINT}")
        return Fetched(title, self.current, self._note())

    def _note(self) -> str:
        """Nothing ("") or, when redirects left the origin of the address given, a sentence that says so.

        An origin is a scheme, a host and a port (RFC 6454; a port left out is the scheme's own), the unit
        of one site: another port of the same host can be another program altogether. There is something to
        say when the final origin differs from the given one, or when any redirect on the way went to another
        origin, even if a later one came back (a sign-in, consent or tracking site read the visit). An http
        address sent on to https on the same host, both on their usual ports, is the same site upgraded, as
        fields.same_page counts it: nothing to say for that alone.
        """
        given = _origin(self.address)
        away = [address for address in self.visited[1:] if not _same_site(given, _origin(address))]
        if not away:
            return ""
        final = _origin(self.current)
        tail = (
            "the address you gave was saved. If the page has moved there for good, put that address in the note's url"
        )
        if not _same_site(given, final):
            where = _site_name(self.current, other_host=final[1] != given[1])
            return f"{self.given_host} sent you on to {where} ({_brief(self.current)}); {tail}"
        through = _site_name(away[0], other_host=_origin(away[0])[1] != given[1])
        return f"{self.given_host} sent you through {through} and back, to {_brief(self.current)}; {tail}"

    def follow(self, newurl: str) -> str:
        """The address to fetch for a redirect to `newurl` (absolute, as urllib resolved it), or TitleError:
        not http or https, an address `request_address` refuses, a loop, more than MAX_REDIRECTS."""
        who = self.who()
        if _scheme(newurl) not in WEB_SCHEMES:
            raise TitleError(
                f"{who} sent you on to {_quoted(newurl)}, which is not a web page (only http and https addresses "
                f"are opened), so it was not followed: {HINT}"
            )
        try:
            address = request_address(newurl)
        except AddressError as problem:
            raise TitleError(f"{who} sent you on to an address that cannot be opened ({problem}): {HINT}") from None
        if address in self.visited:
            raise TitleError(f"{who} sends you round in a loop, back to {_quoted(address)}: {HINT}")
        self.visited.append(address)
        if len(self.visited) > MAX_REDIRECTS + 1:
            raise TitleError(
                f"{self.given_host} sent you on more than {MAX_REDIRECTS} times; open the address in a browser and "
                f"save the address it ends at, or {HINT}"
            )
        self.current = address
        return address

    def who(self) -> str:
        """The site being fetched, for messages: the host as typed, or the one a redirect led to."""
        host = urlsplit(self.current).hostname or "the site"
        return self.given_host if host == self.host else f"{host} (where {self.given_host} sent you)"

    def late(self) -> str:
        seconds = f"{self.timeout:g} second{'' if self.timeout == 1 else 's'}"
        return f"{self.who()} did not answer in time (the limit is {seconds}): {HINT}"

    def explain(self, error: BaseException) -> str:
        """One line for any failure of the fetch, with what to do."""
        who = self.who()
        if isinstance(error, TitleError):
            return str(error)
        if isinstance(error, urllib.error.HTTPError):
            error.close()
            location = error.headers.get("Location") if error.headers is not None else None
            if 300 <= error.code < 400 and location and _scheme(location) not in WEB_SCHEMES:  # urllib refused it
                return (
                    f"{who} sent you on to {_quoted(location)}, which is not a web page (only http and https "
                    f"addresses are opened), so it was not followed: {HINT}"
                )
            status = f"{error.code} {_brief(error.reason, 60)}".strip()  # the reason phrase can be empty
            return f"{who} answered {status} for that address: check it, or {HINT}"
        if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
            return self.explain(error.reason)
        reason = _brief(error)
        if isinstance(error, TimeoutError):
            return self.late()
        if isinstance(error, socket.gaierror):
            return f"could not find the site {who} ({reason}); check the address, or are you offline? Or {HINT}"
        if isinstance(error, ssl.SSLCertVerificationError):
            return (
                f"{who} did not prove it is that site ({_brief(error.verify_message or error)}), so its page was "
                f"not read; check the address, or {HINT}"
            )
        if isinstance(error, ssl.SSLError):
            return f"the secure connection to {who} failed ({reason}); check the address (https or http?), or {HINT}"
        if isinstance(error, ConnectionRefusedError):
            return f"could not reach {who} ({reason}); are you offline? Or {HINT}"
        if isinstance(error, http.client.RemoteDisconnected):
            return f"{who} closed the connection without answering; try again later, or {HINT}"
        if isinstance(error, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return f"{who} broke off the connection ({reason}); try again later, or {HINT}"
        if isinstance(error, http.client.HTTPException):
            return f"{who} sent an answer that is not valid HTTP ({type(error).__name__}: {reason}): {HINT}"
        if isinstance(error, zlib.error):
            return f"{who} sent the page compressed, and it could not be decompressed ({reason}): {HINT}"
        if isinstance(error, OSError):
            return f"could not reach {who} ({reason}); are you offline? Or {HINT}"
        return f"could not fetch the page at {_brief(self.current)} ({type(error).__name__}: {reason}): {HINT}"


class _Body:
    """A response's body, read a chunk at a time within the fetch's deadline: at most MAX_BYTES from the
    network and MAX_BYTES once decompressed."""

    def __init__(self, response: http.client.HTTPResponse, fetch: _Fetch):
        self.response = response
        self.fetch = fetch
        self.data = bytearray()
        self.received = 0
        self.more = True  # False once the body ended or a limit was reached
        self.cut_short: http.client.IncompleteRead | None = None  # the body ended before its length said
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", *COMPRESSED):
            raise TitleError(
                f"{fetch.who()} sent the page compressed as {_quoted(encoding)}, which cannot be read here: {HINT}"
            )
        self.decompressor = zlib.decompressobj(COMPRESSED[encoding]) if encoding in COMPRESSED else None

    def read(self, until_head: bool) -> None:
        """Read on until the body ends, a limit is reached or, with `until_head`, the head has come."""
        while self.more:
            self.fetch.check()
            try:
                chunk = self.response.read1(min(CHUNK_BYTES, MAX_BYTES - self.received))
            except http.client.IncompleteRead as error:  # the server closed early, or broke a chunk: use what came
                chunk, self.more, self.cut_short = error.partial, False, error
            if not chunk:
                self.more = False
                break
            self.received += len(chunk)
            start = max(0, len(self.data) - 8)  # a "</head>" may begin in the last chunk
            if self.decompressor is None:
                self.data += chunk
            else:
                self.data += self.decompressor.decompress(chunk, MAX_BYTES - len(self.data))
                if self.decompressor.unconsumed_tail or self.decompressor.eof:
                    self.more = False  # over the limit once decompressed, or the compressed page ended
            if self.received >= MAX_BYTES or len(self.data) >= MAX_BYTES:
                self.more = False
            if until_head and HEAD_END.search(self.data, start):
                break


class _Connection(http.client.HTTPConnection):
    """A connection that hands its socket, once connected, to its fetch, which can shut it down."""

    def __init__(self, host, *, fetch: _Fetch, **options):
        super().__init__(host, **options)
        self.fetch = fetch

    def connect(self):
        super().connect()
        self.fetch.opened(self.sock)


class _SecureConnection(_Connection, http.client.HTTPSConnection):
    """The same over TLS: its socket is handed over once the handshake is done."""


class _WebHandler(urllib.request.HTTPHandler):
    def __init__(self, fetch: _Fetch):
        super().__init__()
        self.fetch = fetch

    def http_open(self, req):
        return self.do_open(_Connection, req, fetch=self.fetch)


class _SecureWebHandler(urllib.request.HTTPSHandler):
    def __init__(self, fetch: _Fetch):
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.fetch = fetch

    def https_open(self, req):
        return self.do_open(_SecureConnection, req, context=self.context, fetch=self.fetch)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only, at most MAX_REDIRECTS, without reading their bodies."""

    def __init__(self, fetch: _Fetch):
        super().__init__()
        self.fetch = fetch

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        fp.close()  # the redirect's own body is not read (the base class would read all of it, however long)
        return super().redirect_request(req, fp, code, msg, headers, self.fetch.follow(newurl))


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


def _scheme(address: str) -> str:
    """The scheme of an address in lowercase, "" when it has none or cannot be read."""
    try:
        return urlsplit(address).scheme.lower()
    except ValueError:
        return ""


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        sock.shutdown(socket.SHUT_RDWR)


def _brief(value: object, limit: int = 120) -> str:
    """Text for a message on one line: whitespace folded, cut after `limit` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _quoted(text: str, limit: int = 120) -> str:
    """`text` in quotes for a message, on one line, cut after `limit` characters, with every character a
    terminal would act on written as an escape (characters.shown)."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "'" + characters.shown(cut).replace("\n", "\\n").replace("\t", "\\t") + "'"
