"""Fetch one web address safely: the HTTP client of every Learnlog command that reads the web (`invoke link`'s
title, `invoke fetch-reading`'s feeds).

Servers can be slow, huge or hostile, and addresses odd, so:

- The whole fetch (name lookup, connecting, redirects, headers, body, and the caller's `parse`) has one deadline,
  `timeout` seconds by the monotonic clock. Socket timeouts are per operation (a server sending one byte every
  two seconds, or its headers one line at a time, never trips them), so the fetch runs in a thread of its own and
  the caller waits for it until the deadline; then the fetch's sockets are shut down, which ends whatever it was
  waiting for. Each socket operation keeps a timeout too, for the one step that cannot be cut short (a TLS
  handshake).
- At most `max_bytes` of the body are read from the network, and at most `max_bytes` once decompressed from a
  gzip body; a body that is longer is cut there and marked (`Response.too_big`).
- Only http and https addresses are ever opened: the opener has no handler for `file:`, `ftp:` or `data:`, and a
  redirect to any other scheme is refused before anything is opened. At most MAX_REDIRECTS redirects are
  followed; a loop is told as one. A permanent redirect (301, 308) is told to the caller
  (`Response.permanent_redirect`), so a saved address can be updated.
- The address is checked and written as the network needs it (`request_address`) before any connection: a
  non-ASCII host in IDNA, a non-ASCII path percent-encoded, no user name or password sent.
- Every failure is a WebError: one line, what happened and what to do. Never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from email.message import Message
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from feeds.addresses import URI_CHARACTERS, ascii_host
from learnlog_core import characters
from learnlog_core.fields import web_address

MAX_REDIRECTS = 5
CHUNK_BYTES = 65_536  # read at a time, so the deadline is checked between reads
WEB_SCHEMES = ("http", "https")
PERMANENT = (301, 308)  # redirects that say the address has moved for good (RFC 9110, sections 15.4.2, 15.4.9)
SPACE = re.compile(r"\s")  # no address holds one; http.client refuses them, and urllib.parse drops some
# WHATWG URL Standard, "forbidden domain code point": what no host name holds once percent-decoded (C0
# controls, space, # % / : < > ? @ [ \ ] ^ | and DEL); browsers refuse such a host.
FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
# Content-Encoding values that can be read (RFC 9110, section 8.4.1): the zlib window size that reads them
# (32 + 15: a gzip or a zlib header, detected). Only gzip is asked for, but some servers send the others anyway.
COMPRESSED = {"gzip": 32 + zlib.MAX_WBITS, "x-gzip": 32 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}
CONDITIONAL = ("if-none-match", "if-modified-since")  # request headers that make a 304 answer an answer


class WebError(Exception):
    """Why an address could not be fetched, in one line, with what to do.

    For a caller that acts on the failure (`invoke check-links`), beside the message: kind, what failed:
    "status" (the server answered with an HTTP error status: `status`), "no-host" (the site's name is not in DNS:
    socket.EAI_NONAME or EAI_NODATA), "refused" (nothing listens at that address and port), "timeout" (the deadline
    passed), "tls" (the secure connection failed: a certificate, a handshake), "other" (anything else, a name
    lookup that could not be done at all among them). status: the HTTP status (such as 404 or 503) for "status",
    else None. visited: the addresses asked, the first and each redirect's, as `request_address` writes them (()
    when the failure came before any request). redirects: the status of each redirect followed, in order.
    """

    def __init__(
        self,
        message: str = "",
        *,
        kind: str = "other",
        status: int | None = None,
        visited: tuple[str, ...] = (),
        redirects: tuple[int, ...] = (),
    ):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.visited = visited
        self.redirects = redirects


# Name lookup failures that say the name does not exist (getaddrinfo(3)); others (EAI_AGAIN: the resolver could
# not be asked, as when offline) are no answer about the name.
NO_SUCH_NAME = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})


def _kind_of(error: BaseException) -> tuple[str, int | None]:
    """(WebError.kind, WebError.status) for what a fetch raised."""
    if isinstance(error, WebError):
        return error.kind, error.status
    if isinstance(error, urllib.error.HTTPError):
        return "status", error.code
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        return _kind_of(error.reason)
    if isinstance(error, TimeoutError):
        return "timeout", None
    if isinstance(error, socket.gaierror):
        return ("no-host" if error.errno in NO_SUCH_NAME else "other"), None
    if isinstance(error, ssl.SSLError):
        return "tls", None
    if isinstance(error, ConnectionRefusedError):
        return "refused", None
    return "other", None


class AddressError(WebError):
    """An address that cannot be fetched as written, found before any network access."""


@dataclass(frozen=True)
class Response:
    """What a server answered, once the body was read (or cut short).

    status: 200 to 299, or 304 (Not Modified) when the request carried If-None-Match or If-Modified-Since, or a
    redirect's status when `follow` declined it.
    headers: the answer's headers (an email.message.Message: `get_content_type()`, `get_content_charset()`,
    case-insensitive `get(name)`). body: the body's bytes, decompressed when it came gzipped, at most
    `max_bytes` of them; b"" for a 304. url: the address that answered, after redirects, ASCII (as
    `request_address` writes it). given: the address asked for, as the caller gave it. visited: every address
    asked, in order, the first one and each redirect's (as `request_address` writes them). redirects: the status
    of each redirect followed, in order. permanent_redirect: "" or the address the given one has moved to for
    good: where the run of permanent redirects (301, 308) at the start of the chain led ("" when the first
    redirect was a temporary one). site: the site that answered, for messages ("example.org", or
    "other.example (where example.org sent you)"). too_big: the body was longer than `max_bytes` (from the
    network, or once decompressed), so `body` holds only its start. stopped: reading stopped early because
    `enough` said so. cut_short: "" or how the server ended the body before its length said (a broken chunk, or
    fewer bytes than its Content-Length header),
    what came being kept. parsed: what the caller's `parse` made of the answer (None without one, or for a 304).
    unfollowed: "" or the address of a redirect the caller's `follow` declined: `status` is then that redirect's
    (301, 302, 303, 307 or 308), `headers` its headers, `body` b"", and `url` the address that sent it.
    """

    status: int
    headers: Message
    body: bytes
    url: str
    given: str
    visited: tuple[str, ...]
    redirects: tuple[int, ...]
    permanent_redirect: str
    site: str
    too_big: bool = False
    stopped: bool = False
    cut_short: str = ""
    parsed: object = None
    unfollowed: str = ""


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    accept: str,
    user_agent: str,
    headers: Mapping[str, str] | None = None,
    method: str = "GET",
    hint: str = "",
    check: Callable[[Message], None] | None = None,
    enough: Callable[[Message, bytearray, int], bool] | None = None,
    parse: Callable[[Response], object] | None = None,
    follow: Callable[[str], bool] | None = None,
) -> Response:
    """Fetch `url` and read its answer, all within `timeout` seconds (time.monotonic()).

    url: an absolute http(s) address (checked and converted by `request_address` before any connection).
    timeout: seconds for the whole fetch: name lookup, connecting, at most MAX_REDIRECTS redirects (http and https
    only), headers, at most `max_bytes` bytes of body, and `parse`; each socket operation also times out after
    `timeout` seconds. max_bytes: the most bytes of body read from the network, and kept once decompressed.
    accept: the Accept header (the kinds of answer wanted). user_agent: the User-Agent header, naming who asks.
    headers: more request headers (If-None-Match, If-Modified-Since…); Accept-Encoding is gzip unless given.
    method: "GET" or "HEAD". hint: what the person can do instead, added to every message ("give the title
    yourself with --title …"), or "" for the messages alone.

    Three optional steps run in the fetch's thread, within the deadline: check(headers), once a 2xx answer's
    headers have come, before its body is read, may raise WebError to refuse it (a page of the wrong kind);
    enough(headers, body so far, index where the newest part starts) after each part of the body: True stops
    reading (Response.stopped); parse(Response) once the body is read (not for a 304): its result is
    Response.parsed, and a WebError it raises is the fetch's. follow(address), for each redirect, with the address it
    leads to (as `request_address` writes it): False ends the fetch there, the redirect itself being the answer
    (Response.unfollowed); without it every redirect is followed.

    Returns a Response. Raises WebError (AddressError for the address itself), one line with what to do, for any
    failure: a bad address, the deadline passed, an HTTP error status (a 304 only answers a conditional request),
    a redirect to another scheme, too many redirects or a loop, a TLS, network or HTTP protocol error, a body
    compressed in a way that cannot be read, and what check, enough or parse raise (a TimeoutError from them is
    told as the deadline passing).
    """
    given_headers = {name.lower(): value for name, value in (headers or {}).items()}
    options = _Options(max_bytes, accept, user_agent, given_headers, method.upper(), hint, check, enough, parse, follow)
    work = _Fetch(url, request_address(url), timeout, options)
    worker = threading.Thread(target=work.run, name="learnlog-fetch", daemon=True)
    worker.start()
    try:
        finished = work.done.wait(max(0.0, work.ends - time.monotonic()))
    finally:
        work.cancel()  # shuts down its sockets: a fetch still running ends now
    asked = {"visited": tuple(work.visited), "redirects": tuple(work.redirects)}
    if not finished:
        raise WebError(work.late(), kind="timeout", **asked)
    if work.error is not None:
        kind, status = _kind_of(work.error)
        raise WebError(work.explain(work.error), kind=kind, status=status, **asked) from None
    return work.result


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
            f"the address {quoted(url)} contains {characters.describe(bad)}; copy the whole address from the "
            "browser's address bar"
        )
    if SPACE.search(url):
        raise AddressError(
            f"the address {quoted(url)} contains a space, a tab or a line break; write a space that belongs in it "
            "as %20"
        )
    problem = web_address("address", url)
    if problem:  # the address in it on one line, as in linknote's messages
        raise AddressError(problem.replace("'address'", "the address").replace(f"'{url}'", quoted(url, len(url))))
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
        raise AddressError(f"the address {quoted(url)} holds text that is not UTF-8; type it again") from None
    return urlunsplit((parts.scheme.lower(), host + port, path, query, ""))


def _ip_literal(url: str, host: str) -> str:
    """[host] for a well-formed IPv6 address without a zone, else AddressError."""
    if "%" in host:
        raise AddressError(
            f"the address {quoted(url)} names a network interface after its IPv6 address (the part from %25), "
            "which browsers do not open; write the address without it"
        )
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise AddressError(
            f"the address {quoted(url)} has something other than an IPv6 address in [ ]; copy the whole "
            "address from the browser's address bar"
        ) from None
    return f"[{host}]"


def _host_name(host: str) -> str:
    """A host name (or IPv4 address) as the network needs it: percent-decoded, then ASCII (IDNA)."""
    try:
        name = unquote(host, errors="strict")
    except UnicodeDecodeError:
        raise AddressError(
            f"the site name {quoted(host)} holds %-escapes that are not UTF-8 text; check the address"
        ) from None
    bad = FORBIDDEN_IN_HOST.search(name)
    if bad:
        raise AddressError(
            f"the site name {quoted(name)} holds {quoted(bad[0])}, which no site name can hold; check the address"
        )
    encoded = ascii_host(name).lower()  # percent-encoded when IDNA cannot encode the name
    labels = encoded.removesuffix(".").split(".")  # a final dot names the root: example.org. is example.org
    if not encoded.isascii() or FORBIDDEN_IN_HOST.search(encoded) or not all(0 < len(part) < 64 for part in labels):
        raise AddressError(
            f"the site name {quoted(name)} cannot be looked up: each part between its dots must be 1 to 63 "
            "characters long once written for the network (RFC 1035, IDNA); check the address"
        )
    return encoded


def _then(text: str, joiner: str, hint: str) -> str:
    """A message, with the caller's hint after `joiner` when there is one."""
    return f"{text}{joiner}{hint}" if hint else text


@dataclass(frozen=True)
class _Options:
    """What `fetch` was asked, as one value for the fetch's thread."""

    max_bytes: int
    accept: str
    user_agent: str
    headers: dict[str, str]
    method: str
    hint: str
    check: Callable[[Message], None] | None
    enough: Callable[[Message, bytearray, int], bool] | None
    parse: Callable[[Response], object] | None
    follow: Callable[[str], bool] | None


class _NotFollowed(Exception):  # not an error: how a declined redirect leaves urllib's opener
    """A redirect the caller's `follow` declined: its status, headers and the address it leads to."""

    def __init__(self, code: int, headers: Message, address: str):
        super().__init__(address)
        self.code, self.headers, self.address = code, headers, address


class _Fetch:
    """One fetch, shared by the thread that fetches (`run`) and the one that waits for it (`cancel`)."""

    def __init__(self, given: str, address: str, timeout: float, options: _Options):
        self.given = given
        self.given_host = urlsplit(given).hostname or given  # as the author typed it
        self.host = urlsplit(address).hostname  # as the network knows it
        self.address = address
        self.current = address  # the address being fetched, after the redirects so far
        self.visited = [address]
        self.redirects: list[int] = []
        self.timeout = timeout
        self.options = options
        self.ends = time.monotonic() + timeout
        self.done = threading.Event()
        self.cancelled = threading.Event()
        self.result: Response | None = None
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.first_nearness: int | None = None  # of the first connection (_nearness)

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

    def reached(self, sock: socket.socket) -> None:
        """Refuse a connection that a redirect made to a place nearer than the first one's: from the internet into
        the author's network or computer, or from their network into their computer (`_nearness`). A feed or a
        page on the web must never make a command read what only this computer can reach into the site. Through a
        proxy (http_proxy, https_proxy), where every connection is to the proxy, the place is the one the site's
        name leads to (`_name_nearness`)."""
        host = urlsplit(self.current).hostname or ""
        proxies = urllib.request.getproxies()
        proxied = _scheme(self.current) in proxies and not urllib.request.proxy_bypass(host)
        nearness = _name_nearness(host) if proxied else _nearness(sock)
        if self.first_nearness is None:
            self.first_nearness = nearness
        elif nearness < self.first_nearness:
            _shut(sock)
            where = "this computer" if nearness == 0 else "your own network"
            first = "the web" if self.first_nearness == 2 else "your network"
            raise WebError(
                _then(
                    f"{self.who()} is on {where}, and a site on {first} may not send you there, so it was not opened",
                    ": ",
                    self.options.hint,
                )
            )

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

    def _fetch(self) -> Response:
        options = self.options
        sent = {"User-Agent": options.user_agent, "Accept": options.accept, "Accept-Encoding": "gzip"}
        sent.update({name.title(): value for name, value in options.headers.items()})
        request = urllib.request.Request(self.address, headers=sent, method=options.method)
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
        try:
            opened = opener.open(request, timeout=self.timeout)
        except _NotFollowed as stop:
            return replace(self._response(stop.code, stop.headers, b""), unfollowed=stop.address)
        except urllib.error.HTTPError as error:
            if error.code != 304 or not any(name in options.headers for name in CONDITIONAL):
                raise
            error.close()  # Not Modified: the copy the request named is still the current one
            return self._response(304, error.headers, b"")
        with opened as response:
            self.current = response.url
            if options.check is not None:
                options.check(response.headers)
            body = _Body(response, self)
            body.read()
        answer = self._response(response.status, response.headers, bytes(body.data))
        answer = replace(answer, too_big=body.too_big, stopped=body.stopped, cut_short=body.cut_short)
        if options.parse is not None:
            answer = replace(answer, parsed=options.parse(answer))
        return answer

    def _response(self, status: int, headers: Message, body: bytes) -> Response:
        permanent = ""
        for code, address in zip(self.redirects, self.visited[1:], strict=True):
            if code not in PERMANENT:
                break
            permanent = address
        return Response(
            status=status, headers=headers, body=body, url=self.current, given=self.given,
            visited=tuple(self.visited), redirects=tuple(self.redirects), permanent_redirect=permanent,
            site=self.who(),
        )  # fmt: skip

    def follow(self, code: int, newurl: str, headers: Message) -> str:
        """The address to fetch for a redirect (`code`, with its `headers`) to `newurl` (absolute, as urllib
        resolved it), or WebError: not http or https, an address `request_address` refuses, a loop, more than
        MAX_REDIRECTS. _NotFollowed when the caller's `follow` says no."""
        who, hint = self.who(), self.options.hint
        if _scheme(newurl) not in WEB_SCHEMES:
            raise WebError(_then(self._not_followed(who, newurl), ": ", hint))
        try:
            address = request_address(newurl)
        except AddressError as problem:
            raise WebError(
                _then(f"{who} sent you on to an address that cannot be opened ({problem})", ": ", hint)
            ) from None
        if address in self.visited:
            raise WebError(_then(f"{who} sends you round in a loop, back to {quoted(address)}", ": ", hint))
        if self.options.follow is not None and not self.options.follow(address):
            raise _NotFollowed(code, headers, address)
        self.visited.append(address)
        self.redirects.append(code)
        if len(self.visited) > MAX_REDIRECTS + 1:
            raise WebError(
                _then(
                    f"{self.given_host} sent you on more than {MAX_REDIRECTS} times; open the address in a browser "
                    "and save the address it ends at",
                    ", or ",
                    hint,
                )
            )
        self.current = address
        return address

    @staticmethod
    def _not_followed(who: str, location: str) -> str:
        return (
            f"{who} sent you on to {quoted(location)}, which is not a web page (only http and https addresses are "
            "opened), so it was not followed"
        )

    def who(self) -> str:
        """The site being fetched, for messages: the host as typed, or the one a redirect led to."""
        host = urlsplit(self.current).hostname or "the site"
        return self.given_host if host == self.host else f"{host} (where {self.given_host} sent you)"

    def late(self) -> str:
        limit = round(self.timeout, 2)  # a limit cut by a caller's own deadline is not shown to the microsecond
        seconds = f"{limit:g} second{'' if limit == 1 else 's'}"
        return _then(f"{self.who()} did not answer in time (the limit is {seconds})", ": ", self.options.hint)

    def explain(self, error: BaseException) -> str:
        """One line for any failure of the fetch, with what to do."""
        who, hint = self.who(), self.options.hint
        if isinstance(error, WebError):
            return str(error)
        if isinstance(error, urllib.error.HTTPError):
            error.close()
            location = error.headers.get("Location") if error.headers is not None else None
            if 300 <= error.code < 400 and location and _scheme(location) not in WEB_SCHEMES:  # urllib refused it
                return _then(self._not_followed(who, location), ": ", hint)
            status = f"{error.code} {brief(error.reason, 60)}".strip()  # the reason phrase can be empty
            return _then(f"{who} answered {status} for that address: {_advice(error.code)}", ", or ", hint)
        if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
            return self.explain(error.reason)
        reason = brief(error)
        if isinstance(error, TimeoutError):
            return self.late()
        if isinstance(error, socket.gaierror):
            return _then(
                f"could not find the site {who} ({reason}); check the address, or are you offline?", " Or ", hint
            )
        if isinstance(error, ssl.SSLCertVerificationError):
            return _then(
                f"{who} did not prove it is that site ({brief(error.verify_message or error)}), so its page was not "
                "read; check the address",
                ", or ",
                hint,
            )
        if isinstance(error, ssl.SSLError):
            return _then(
                f"the secure connection to {who} failed ({reason}); check the address (https or http?)", ", or ", hint
            )
        if isinstance(error, ConnectionRefusedError):  # the computer is online: the site's computer said no
            return _then(
                f"could not reach {who}: nothing answers at that address ({reason}); check the address (its port?), "
                "or try again later",
                ", or ",
                hint,
            )
        if isinstance(error, http.client.RemoteDisconnected):
            return _then(f"{who} closed the connection without answering; try again later", ", or ", hint)
        if isinstance(error, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return _then(f"{who} broke off the connection ({reason}); try again later", ", or ", hint)
        if isinstance(error, http.client.HTTPException):
            return _then(f"{who} sent an answer that is not valid HTTP ({type(error).__name__}: {reason})", ": ", hint)
        if isinstance(error, zlib.error):
            return _then(f"{who} sent the page compressed, and it could not be decompressed ({reason})", ": ", hint)
        if isinstance(error, OSError):
            return _then(f"could not reach {who} ({reason}); are you offline?", " Or ", hint)
        return _then(
            f"could not fetch the page at {brief(self.current)} ({type(error).__name__}: {reason})", ": ", hint
        )


class _Body:
    """A response's body, read a chunk at a time within the fetch's deadline: at most max_bytes (and one more, to
    know there is more) from the network and once decompressed."""

    def __init__(self, response: http.client.HTTPResponse, fetch: _Fetch):
        self.response = response
        self.fetch = fetch
        self.limit = fetch.options.max_bytes
        self.data = bytearray()
        self.received = 0
        self.too_big = False
        self.stopped = False
        self.cut_short = ""  # the body ended before its length said
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", *COMPRESSED):
            raise WebError(
                _then(
                    f"{fetch.who()} sent the page compressed as {quoted(encoding)}, which cannot be read here",
                    ": ",
                    fetch.options.hint,
                )
            )
        self.decompressor = zlib.decompressobj(COMPRESSED[encoding]) if encoding in COMPRESSED else None

    def read(self) -> None:
        """Read on until the body ends, a limit is reached or the fetch's `enough` says so."""
        enough = self.fetch.options.enough
        while True:
            self.fetch.check()
            try:
                chunk = self.response.read1(min(CHUNK_BYTES, self.limit + 1 - self.received))
            except http.client.IncompleteRead as error:  # the server closed early, or broke a chunk: use what came
                chunk, self.cut_short = error.partial, brief(repr(error))
            if not chunk:
                self._ended()
                return
            self.received += len(chunk)
            start = len(self.data)
            if self.decompressor is None:
                self.data += chunk
            else:
                self.data += self.decompressor.decompress(chunk, self.limit + 1 - len(self.data))
            if self.received > self.limit or len(self.data) > self.limit:
                self.too_big = True
                del self.data[self.limit :]
                return
            if enough is not None and enough(self.response.headers, self.data, start):
                self.stopped = True
                return
            if self.cut_short or (self.decompressor is not None and self.decompressor.eof):
                return

    def _ended(self) -> None:
        """The connection gave no more bytes: when its Content-Length header promised more (and the body was not sent
        in chunks, whose end http.client checks itself), the body was cut short."""
        headers = self.response.headers
        if self.fetch.options.method == "HEAD" or self.response.status in (204, 304):  # no body, whatever the length
            return
        if self.decompressor is not None and not self.decompressor.eof and not self.cut_short:
            self.cut_short = "the compressed answer ended before its end"
            return
        if self.cut_short or "chunked" in (headers.get("Transfer-Encoding") or "").lower():
            return
        try:
            length = int((headers.get("Content-Length") or "").strip())
        except ValueError:  # none, or not a number: the body ends when the connection does (RFC 9112, section 6.3)
            return
        if self.received < length:
            self.cut_short = f"{self.received:,} of the {length:,} bytes its Content-Length header announced"


class _Connection(http.client.HTTPConnection):
    """A connection that hands its socket, once connected, to its fetch, which can shut it down."""

    def __init__(self, host, *, fetch: _Fetch, **options):
        super().__init__(host, **options)
        self.fetch = fetch

    def connect(self):
        super().connect()
        self.fetch.opened(self.sock)
        self.fetch.reached(self.sock)


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
        super().__init__()
        self.fetch = fetch

    def https_open(self, req):
        # Made when an https address is opened, not before: a fetch of http addresses never reads certificates.
        context = _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
        return self.do_open(_SecureConnection, req, context=context, fetch=self.fetch)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only, at most MAX_REDIRECTS, without reading their bodies."""

    def __init__(self, fetch: _Fetch):
        super().__init__()
        self.fetch = fetch

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        fp.close()  # the redirect's own body is not read (the base class would read all of it, however long)
        request = super().redirect_request(req, fp, code, msg, headers, self.fetch.follow(code, newurl, headers))
        if request is not None and req.get_method() == "HEAD":  # urllib asks with GET after any redirect; a HEAD
            request.method = "HEAD"  # stays one (RFC 9110, section 9.3.2: HEAD is GET without the body)
        return request


def _nearness(sock: socket.socket) -> int:
    """Where the other end of a connected socket is (`_address_nearness`)."""
    try:
        return _address_nearness(sock.getpeername()[0])
    except (OSError, IndexError, TypeError):  # not an IP socket: nothing to compare
        return 2


def _name_nearness(host: str) -> int:
    """Where a host name (or IP address) leads: the nearest of the addresses the name looks up to; 2 when it cannot
    be looked up here (the proxy may know it: the internet, as far as can be told)."""
    try:
        return _address_nearness(host)
    except ValueError:  # a name, not an address
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return 2
    return min((_address_nearness(entry[4][0]) for entry in found), default=2)


def _address_nearness(text: str) -> int:
    """Where an IP address is: 0 this computer (a loopback address), 1 a network of its own (private, link-local,
    shared or reserved addresses: whatever Python's ipaddress does not call global), 2 the internet. ValueError
    for text that is no IP address."""
    address = ipaddress.ip_address(text.split("%", 1)[0])  # without an IPv6 zone
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return 0
    return 2 if address.is_global else 1


def _advice(status: int) -> str:
    """What to do about an HTTP error status (RFC 9110, section 15): the address, the site or time is to blame."""
    if status == 410:
        return "the page was taken away for good; take the address out, or look for where it went"
    if status in (401, 403):
        return "the site does not let Learnlog read it; open it in a browser to check"
    if status == 429 or status >= 500:
        return "the site has trouble of its own (or is asked too often); try again later"
    return "check it"


@functools.cache
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The system's certificates and Python's safe defaults (ssl.create_default_context), made once for the
    certificate file and folder the environment names (SSL_CERT_FILE, SSL_CERT_DIR: OpenSSL reads them when the
    context is made): loading the certificates takes tens of milliseconds, which every fetch paid (3,000 link
    checks: a minute and a half). One context serves every connection, from any thread (it is not changed once
    made)."""
    return ssl.create_default_context()


def _scheme(address: str) -> str:
    """The scheme of an address in lowercase, "" when it has none or cannot be read."""
    try:
        return urlsplit(address).scheme.lower()
    except ValueError:
        return ""


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        sock.shutdown(socket.SHUT_RDWR)


def brief(value: object, limit: int = 120) -> str:
    """Text for a message on one line: whitespace folded, cut after `limit` characters (then "…")."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str, limit: int = 120) -> str:
    """`text` in quotes for a message, on one line, cut after `limit` characters, with every character a
    terminal would act on written as an escape (characters.shown)."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "'" + characters.shown(cut).replace("\n", "\\n").replace("\t", "\\t") + "'"
