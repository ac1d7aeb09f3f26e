"""Serve the built site on localhost, optionally rebuilding and reloading the browser on changes.

`invoke serve` serves `output/` as GitHub Pages would: a folder opens its index.html (asked without its final
slash, it redirects to the address with one); a folder without index.html, and any address that names no file
in `output/`, gets the site's 404 page; nothing outside `output/` is ever sent, not even through a symbolic link.
An address that is not one (a bad % escape, bytes that are not UTF-8, a control character, a `.` or `..`
segment) gets a short 400 page.

The server runs on a fixed number of threads, however many connections are open: one thread accepts them; one
collects the request line and headers of every connection (closing one that has not sent them all within the
request timeout of opening, and the oldest when too many wait); a pool of WORKERS threads answers complete
requests, so clients that send slowly, or nothing, hold no thread. Livereload's event streams all share one thread.

`invoke livereload` also watches the content, theme, plugins and settings; on a change it rebuilds and tells open
pages to reload. Each rebuild runs in a fresh process forked from a build worker that has Pelican and the plugins
loaded already (`buildworker.py`); a new worker is started when a plugin or settings file changes, so edits to
them take effect. A failed rebuild prints its problems and the server goes on serving the last good build.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import errno
import functools
import io
import math
import os
import queue
import re
import selectors
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

RELOAD_EVENTS = "/__livereload"
RELOAD_SCRIPT = "/__livereload.js"
# Reload when the build number the server reports differs from the one this page was served with.
RELOAD_JS = b"""(() => {
  let seen = null;
  const source = new EventSource("/__livereload");
  source.onmessage = (event) => {
    if (seen !== null && event.data !== seen) location.reload();
    seen = event.data;
  };
})();
"""
POLL_SECONDS = 0.3
PROJECT_FOLDER = Path(__file__).resolve().parent.parent

# Threads that read and answer requests. A browser opens at most 6 connections to a host and answers are files
# read from disk, so 32 serve several browsers and tabs at once; more would not be faster (one interpreter lock).
WORKERS = 32
# Seconds a connection has, from opening, to send its request line and headers; also the longest a single send of
# an answer may block.
REQUEST_SECONDS = 10.0
# Connections whose request has not all arrived, held without a thread. Past this the oldest is closed, so that
# the server never runs out of file descriptors (often 1024 a process), whatever a client opens.
WAITING_LIMIT = 512
# Bytes of request line and headers collected before a worker takes the connection over (browsers send a few KiB;
# a worker reads any more within the same deadline, and answers 414 or 431 past http.server's limits).
HEAD_LIMIT = 65_536
# Livereload event streams (open pages) held at once; past this the oldest is closed and its page reconnects.
STREAM_LIMIT = 64
STREAM_SEND_SECONDS = 2.0  # a page that does not take its event for this long is dropped (it reconnects)
KEEPALIVE_SECONDS = 15.0  # a comment on every event stream this often, so that closed pages are noticed
# After an answer the server reads what the client still sends (at most this long and this much) before closing:
# closing with unread bytes would reset the connection and could lose the answer (a 414 for a long request line).
LINGER_SECONDS = 1.0
LINGER_BYTES = 1 << 20

BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
END_OF_HEAD = re.compile(rb"\r?\n\r?\n")
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Answer:
    """What GitHub Pages answers a GET for one address.

    status: 200 (send `file`), 301 (redirect to `location`), 400 (the address is not one: `reason` says why,
    in a sentence for the error page) or 404."""

    status: HTTPStatus
    file: Path | None = None
    location: str = ""
    reason: str = ""


def bad_request(reason: str) -> Answer:
    """A 400 answer whose page says `reason` (a sentence)."""
    return Answer(HTTPStatus.BAD_REQUEST, reason=reason)


def locate(root: Path, target: str) -> Answer:
    """What GitHub Pages answers for a request target, from the files in the site folder.

    root: the site folder. target: the request target as `http.server` gives it (`self.path`: the request line's
    bytes decoded as Latin-1), a path with an optional `?query`, e.g. "/posts/2026/x/?q=1".
    Result: 200 with the file for a file, or for a folder's index.html when the address ends with "/"; 301 to the
    address with a final "/" (query kept) for a folder with an index.html asked without one; 404 for everything else
    (a folder without index.html, a file asked as a folder, a name the system refuses, anything that resolves
    outside `root` through a symbolic link); 400 when the target is not an address: not starting with "/", a raw
    control character, a "%" not followed by two hex digits, escapes that are not UTF-8 text, an encoded control
    character, or a "." or ".." segment (browsers remove these before sending). Never raises; only reads file status.
    """
    if CONTROL_CHARACTER.search(target):
        return bad_request("The address has a control character in it.")
    path, has_query, query = target.partition("?")
    path = path.partition("#")[0]
    if not path.startswith("/"):
        return bad_request("The address must start with /.")
    if BAD_ESCAPE.search(path):
        return bad_request("Each % in the address must be followed by two hexadecimal digits.")
    try:
        raw_segments = path.encode("latin-1").split(b"/")
    except UnicodeEncodeError:
        return bad_request("The address is not made of bytes.")
    segments = []
    for raw in raw_segments:
        try:
            segment = urllib.parse.unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return bad_request("The address does not decode to UTF-8 text.")
        if CONTROL_CHARACTER.search(segment):
            return bad_request("The address has an encoded control character in it.")
        if segment in (".", ".."):
            return bad_request("The address has a . or .. segment in it.")
        if segment:
            segments.append(segment)
    not_found = Answer(HTTPStatus.NOT_FOUND)
    if any("/" in segment or (os.altsep and os.altsep in segment) or os.sep in segment for segment in segments):
        return not_found  # an encoded separator: no file name holds one
    root_real = os.path.realpath(root)
    asked = Path(root, *segments)
    if is_folder(asked):
        index = asked / "index.html"
        if not is_file_inside(root_real, index):
            return not_found
        if path.endswith("/"):
            return Answer(HTTPStatus.OK, file=index)
        location = "/" + "".join(urllib.parse.quote(segment, safe="") + "/" for segment in segments)
        if has_query:
            location += "?" + urllib.parse.quote(query.encode("latin-1"), safe="%/?:@!$&'()*+,;=~")
        return Answer(HTTPStatus.MOVED_PERMANENTLY, location=location)
    if not path.endswith("/") and is_file_inside(root_real, asked):
        return Answer(HTTPStatus.OK, file=asked)
    return not_found


def is_folder(path: Path) -> bool:
    """True if path names a folder (following symbolic links); False also when the system refuses the name."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_file_inside(root_real: str, path: Path) -> bool:
    """True if path names a regular file whose real location (symbolic links resolved) is inside root_real, an
    absolute path without symbolic links; False for anything else, including names the system refuses."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        return os.path.realpath(path).startswith(os.path.join(root_real, ""))
    except (OSError, ValueError):
        return False


@dataclass
class Arrival:
    """A connection on its way in: its client address, its deadline for the request line and headers (seconds on
    the time.monotonic() clock) and the bytes received so far."""

    address: object
    deadline: float
    received: bytearray = field(default_factory=bytearray)


class RequestReader(io.RawIOBase):
    """Reads a request: first the bytes already received, then the socket until a deadline. Each socket read waits
    at most until then, and one after it raises TimeoutError: a per-read timeout alone would let a client sending a
    byte now and then hold a thread forever."""

    def __init__(self, connection: socket.socket, received: bytes, deadline: float, send_seconds: float):
        """connection: the client's socket; received: what was read from it already; deadline: on the
        time.monotonic() clock, in seconds; send_seconds: the timeout the socket gets back after each read, for
        sending the answer."""
        super().__init__()
        self.connection, self.received, self.deadline, self.send_seconds = connection, received, deadline, send_seconds

    def readable(self) -> bool:
        """Always True: this is a reader."""
        return True

    def readinto(self, buffer) -> int:
        """Fill buffer (a writable bytes-like object) with the next bytes; their number, 0 at the end of the
        stream. Raises TimeoutError past the deadline, OSError as the socket does."""
        if self.received:
            size = min(len(buffer), len(self.received))
            buffer[:size] = self.received[:size]
            self.received = self.received[size:]
            return size
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.connection.settimeout(left)
        try:
            return self.connection.recv_into(buffer)
        finally:
            self.connection.settimeout(self.send_seconds)


class SiteHandler(SimpleHTTPRequestHandler):
    """Answers GET and HEAD from the site folder as GitHub Pages would (see `locate`), with the site's 404 page.
    Meant for a SiteServer, whose request_seconds bounds how long reading a request may take."""

    handed_over = False  # True once something else owns the connection (a livereload event stream)
    answered = False  # True once a status line is sent
    # HTTP/0.9 is long gone: every answer, even to a line that is not HTTP, starts with a status line and headers.
    default_request_version = "HTTP/1.0"

    def setup(self) -> None:
        """Give the connection its send timeout, and a reader of what the waiting room received, then of the
        socket until the request's deadline."""
        seconds = self.server.request_seconds
        self.timeout = seconds
        super().setup()
        self.rfile.close()  # replaced by a reader with a deadline
        arrival = self.server.arrived.get(self.connection) or Arrival(self.client_address, time.monotonic() + seconds)
        reader = RequestReader(self.connection, bytes(arrival.received), arrival.deadline, seconds)
        self.rfile = io.BufferedReader(reader)

    def log_message(self, format, *args):
        """Print nothing: one line per request drowns the build messages."""

    def send_response_only(self, code, message=None):
        """As http.server's (code: the status, message: its reason phrase or None), noting that an answer is sent."""
        self.answered = True
        super().send_response_only(code, message)

    def do_GET(self) -> None:
        """Answer a GET: the file, a redirect, or an error page."""
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD: as a GET, without the body."""
        self.answer(with_body=False)

    def answer(self, with_body: bool) -> None:
        """Send what `locate` decides for this request's path; the body only if with_body."""
        found = locate(Path(self.directory), self.path)
        if found.status == HTTPStatus.OK:
            self.send_file(found.file, with_body)
        elif found.status == HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(found.status)
            self.send_header("Location", found.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(found.status, explain=found.reason or None)

    def send_file(self, file: Path, with_body: bool) -> None:
        """Send a file: an HTML page whole, through prepare_html and never cached; other files as they are, with
        Last-Modified, answering 304 to an If-Modified-Since they have not changed since. A file that vanished
        since it was found (a rebuild) gets the 404 page."""
        try:
            handle = file.open("rb")
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        with handle:
            if file.suffix == ".html":
                body = self.prepare_html(handle.read())
                return self.send_bytes(body, "text/html; charset=utf-8", with_body)
            modified = int(os.fstat(handle.fileno()).st_mtime)
            if self.unchanged_since(modified):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.end_headers()
                return None
            content_type = self.guess_type(str(file))
            if content_type.startswith("text/"):
                content_type += "; charset=utf-8"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(modified))
            self.send_header("Cache-Control", "no-cache")  # ask again each time: a rebuild may have changed it
            self.end_headers()
            if with_body:
                shutil.copyfileobj(handle, self.wfile)
        return None

    def unchanged_since(self, modified: int) -> bool:
        """True if the request's If-Modified-Since is at or after modified (seconds since the epoch); False when it
        has none or one that is not a date."""
        since = self.headers.get("If-Modified-Since")
        if not since or "If-None-Match" in self.headers:
            return False
        try:
            return email.utils.parsedate_to_datetime(since).timestamp() >= modified
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def send_bytes(self, body: bytes, content_type: str, with_body: bool = True) -> None:
        """Send body (bytes) with status 200, content_type (a Content-Type value) and no caching."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """As http.server's (code: the status; message: its reason phrase; explain: a sentence for the page), but a
        404 shows the site's 404.html when it has one (else the short default page)."""
        page = Path(self.directory, "404.html")
        body = None
        if code == HTTPStatus.NOT_FOUND and is_file_inside(os.path.realpath(self.directory), page):
            with contextlib.suppress(OSError):  # removed by a rebuild since
                body = self.prepare_html(page.read_bytes())
        if body is None:
            return super().send_error(code, message, explain)
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def prepare_html(self, body: bytes) -> bytes:
        """The HTML page (bytes) as it is sent; here unchanged."""
        return body


class LiveReloadHandler(SiteHandler):
    """Adds a tiny script to every HTML page that reloads it after each successful rebuild."""

    def do_GET(self):
        """The event stream, the script, or what SiteHandler answers."""
        if self.path == RELOAD_EVENTS:
            return self.stream_builds()
        if self.path == RELOAD_SCRIPT:
            return self.send_bytes(RELOAD_JS, "text/javascript")
        return super().do_GET()

    def prepare_html(self, body: bytes) -> bytes:
        """The page with the reload script added before its last </body> (at the end if it has none)."""
        tag = f'<script src="{RELOAD_SCRIPT}"></script>'.encode()
        head, marker, tail = body.rpartition(b"</body>")
        return head + tag + marker + tail if marker else body + tag

    def stream_builds(self) -> None:
        """Server-sent events: send the headers, then hand the connection to the server's BuildCounter, whose one
        thread sends the current build number, then each new one, to every open page."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.server.builds.add_stream(self.connection)
        self.handed_over = True


class BuildCounter:
    """The number of successful builds, and the event streams of open pages, which are told each new one.

    One thread (feed_streams) writes to every stream, so an open page costs a connection but no thread. It alone
    sends on and closes the streams it was given."""

    def __init__(self, limit: int = STREAM_LIMIT):
        """limit: the most streams kept open; past it the oldest is closed (its page reconnects by itself)."""
        self.value = 0
        self.limit = limit
        self.changed = threading.Condition()
        self.streams: dict[socket.socket, int | None] = {}  # oldest first: the build number each was last sent

    def bump(self) -> None:
        """Count one more successful build and wake the stream thread."""
        with self.changed:
            self.value += 1
            self.changed.notify_all()

    def add_stream(self, connection: socket.socket) -> None:
        """Take over connection (its event-stream headers sent): it gets the current build number, then each new
        one, until it fails, lags (STREAM_SEND_SECONDS) or is the oldest of more than `limit`."""
        connection.settimeout(STREAM_SEND_SECONDS)
        with self.changed:
            self.streams[connection] = None
            self.changed.notify_all()

    def has_news(self) -> bool:
        """True if a stream has not been sent the current build number, or there are too many. Call with the lock
        (self.changed) held."""
        return len(self.streams) > self.limit or any(sent != self.value for sent in self.streams.values())

    def feed_streams(self, stop: threading.Event) -> None:
        """Until stop is set (looked at least every KEEPALIVE_SECONDS): send each stream the build number when it
        has not had it, and a comment every KEEPALIVE_SECONDS; close streams that fail and the oldest past the
        limit. Blocks: run it in a thread of its own."""
        keepalive_at = time.monotonic() + KEEPALIVE_SECONDS
        while not stop.is_set():
            with self.changed:
                self.changed.wait_for(self.has_news, timeout=max(0.0, keepalive_at - time.monotonic()))
                value = self.value
                dropped = list(self.streams)[: max(0, len(self.streams) - self.limit)]
                for connection in dropped:
                    del self.streams[connection]
                streams = dict(self.streams)
            keepalive = time.monotonic() >= keepalive_at
            if keepalive:
                keepalive_at = time.monotonic() + KEEPALIVE_SECONDS
            sent = []
            for connection, last in streams.items():
                message = f"data: {value}\n\n" if last != value else ": still here\n\n" if keepalive else ""
                try:
                    if message:
                        connection.sendall(message.encode())
                    sent.append(connection)
                except OSError:  # the page was closed, or does not read
                    dropped.append(connection)
            with self.changed:
                for connection in sent:
                    self.streams[connection] = value
                for connection in dropped:
                    self.streams.pop(connection, None)
            for connection in dropped:
                connection.close()


class WaitingRoom:
    """Connections whose request line and headers have not all arrived, all read by one thread (run). A connection
    goes on to the server's queue of ready ones once they have (or HEAD_LIMIT bytes, or the client closed). One that
    has sent nothing by its deadline is closed, one that has sent part of a request goes on with it (a worker answers
    what it can, or closes it); and the oldest waiting one is closed when `limit` connections wait or are queued."""

    def __init__(self, ready: queue.Queue, seconds: float, limit: int):
        """ready: where connections go on to, as (socket, Arrival); seconds: how long one has from opening to send its
        request line and headers; limit: the most connections held here and in ready together."""
        self.ready, self.seconds, self.limit = ready, seconds, limit
        # Accepted but not yet looked at: bounded, so that the accepting thread waits for this one to make room
        # (closing the oldest) rather than holding more and more connections open.
        self.arrivals: queue.Queue = queue.Queue(maxsize=64)
        self.bell, self.ringer = socket.socketpair()  # wakes the reading thread for arrivals and for closing
        self.bell.setblocking(False)
        self.ringer.setblocking(False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.bell, selectors.EVENT_READ)
        self.waiting: dict[socket.socket, Arrival] = {}  # oldest first, so also by deadline
        self.closed = False

    def admit(self, connection: socket.socket, address) -> None:
        """Hand over an accepted connection and its client address. Any thread; waits while 64 others are still to
        be looked at (at most a second: then, or once the room is closed, the connection is closed)."""
        arrival = Arrival(address, time.monotonic() + self.seconds)
        try:
            self.arrivals.put((connection, arrival), timeout=0 if self.closed else 1.0)
        except queue.Full:
            connection.close()
        self.ring()

    def ring(self) -> None:
        """Wake the reading thread."""
        with contextlib.suppress(OSError):  # the bell is full, so it rings already; or it is closed
            self.ringer.send(b"\0")

    def close(self) -> None:
        """Stop: the reading thread closes every waiting connection and ends. Any thread."""
        self.closed = True
        self.ring()

    def run(self) -> None:
        """Read the waiting connections until close(): blocks, so run it in a thread of its own."""
        try:
            while not self.closed:
                timeout = None
                if self.waiting:
                    timeout = max(0.0, next(iter(self.waiting.values())).deadline - time.monotonic())
                for key, _events in self.selector.select(timeout):
                    if key.fileobj is self.bell:
                        self.take_arrivals()
                    elif key.fileobj in self.waiting:
                        self.read_from(key.fileobj)
                now = time.monotonic()
                while self.waiting and next(iter(self.waiting.values())).deadline <= now:
                    oldest = next(iter(self.waiting))
                    if self.waiting[oldest].received:
                        self.send_on(oldest)  # part of a request: a worker answers it or times it out
                    else:
                        self.drop(oldest)
        finally:
            for connection in list(self.waiting):
                self.drop(connection)
            while not self.arrivals.empty():
                self.arrivals.get_nowait()[0].close()
            self.selector.close()
            self.bell.close()
            self.ringer.close()

    def take_arrivals(self) -> None:
        """Start reading the connections handed over since the last time."""
        with contextlib.suppress(BlockingIOError):
            while self.bell.recv(4096):
                pass
        while True:
            try:
                connection, arrival = self.arrivals.get_nowait()
            except queue.Empty:
                return
            if len(self.waiting) + self.ready.qsize() >= self.limit:
                if not self.waiting:
                    connection.close()  # all held ones have sent their request: they go first
                    continue
                self.drop(next(iter(self.waiting)))
            try:
                connection.setblocking(False)
                self.selector.register(connection, selectors.EVENT_READ)
            except (OSError, ValueError):
                connection.close()
                continue
            self.waiting[connection] = arrival

    def read_from(self, connection: socket.socket) -> None:
        """Take what a waiting connection has sent; send it on once its request line and headers are complete, or
        HEAD_LIMIT bytes long, or the client has closed its side after sending some."""
        arrival = self.waiting[connection]
        try:
            chunk = connection.recv(HEAD_LIMIT)
        except BlockingIOError:
            return
        except OSError:
            return self.drop(connection)
        if not chunk:
            return self.send_on(connection) if arrival.received else self.drop(connection)
        look_from = max(0, len(arrival.received) - 3)
        arrival.received += chunk
        if len(arrival.received) >= HEAD_LIMIT or END_OF_HEAD.search(arrival.received, look_from):
            self.send_on(connection)
        return None

    def send_on(self, connection: socket.socket) -> None:
        """Move a waiting connection to the ready queue."""
        self.selector.unregister(connection)
        self.ready.put((connection, self.waiting.pop(connection)))

    def drop(self, connection: socket.socket) -> None:
        """Stop reading a waiting connection and close it."""
        self.selector.unregister(connection)
        del self.waiting[connection]
        connection.close()


class SiteServer(HTTPServer):
    """An HTTP server whose threads are fixed in number, whatever the number of connections.

    serve_forever's thread accepts connections and hands them to a WaitingRoom (one thread), which collects
    their request line and headers; complete requests are queued for `workers` threads, each answering one request
    per connection (HTTP/1.0)."""

    request_queue_size = 1024  # connections the system holds for us while the accepting thread is busy (a burst)

    def __init__(self, address: tuple[str, int], handler, request_seconds: float = REQUEST_SECONDS,
                 workers: int = WORKERS, waiting_limit: int = WAITING_LIMIT):  # fmt: skip
        """address: (host, port), port 0 for any free one; handler: a SiteHandler class (or a partial of one);
        request_seconds: see REQUEST_SECONDS; workers: threads answering requests; waiting_limit: see
        WAITING_LIMIT. Raises OSError when the address cannot be bound (EADDRINUSE when the port is taken)."""
        super().__init__(address, handler)
        self.request_seconds = request_seconds
        self.ready: queue.Queue = queue.Queue()
        self.arrived: dict[socket.socket, Arrival] = {}  # what a worker hands its handler: the bytes read so far
        self.waiting_room = WaitingRoom(self.ready, request_seconds, waiting_limit)
        self.workers = workers
        threading.Thread(target=self.waiting_room.run, name="waiting room", daemon=True).start()
        for number in range(workers):
            threading.Thread(target=self.answer_ready, name=f"worker {number}", daemon=True).start()

    def process_request(self, request: socket.socket, client_address) -> None:
        """Hand an accepted connection to the waiting room (called by serve_forever); returns at once."""
        self.waiting_room.admit(request, client_address)

    def answer_ready(self) -> None:
        """A worker: answer connections from the ready queue until server_close. Blocks: run it in a thread."""
        while (item := self.ready.get()) is not None:
            connection, arrival = item
            self.arrived[connection] = arrival
            handler = None
            try:
                handler = self.RequestHandlerClass(connection, arrival.address, self)
            except Exception:
                self.handle_error(connection, arrival.address)
            finally:
                del self.arrived[connection]
            if handler is not None and handler.handed_over:
                continue
            if handler is not None and handler.answered:
                self.linger(connection)
            self.shutdown_request(connection)

    def linger(self, connection: socket.socket) -> None:
        """After an answer, end our side of the connection, then read and discard what the client still sends (at
        most LINGER_SECONDS and LINGER_BYTES), so that it gets the answer rather than a reset."""
        try:
            connection.shutdown(socket.SHUT_WR)
            deadline, drained = time.monotonic() + LINGER_SECONDS, 0
            while drained < LINGER_BYTES and (left := deadline - time.monotonic()) > 0:
                connection.settimeout(left)
                chunk = connection.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:
            pass

    def handle_error(self, request, client_address) -> None:
        """Report an error while answering, except a client that went away or was too slow (nothing to fix)."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Stop listening, close the waiting connections, and end the workers once they finish their request."""
        super().server_close()
        self.waiting_room.close()
        for _ in range(self.workers):
            self.ready.put(None)


def start_server(output: Path, port: int, handler=SiteHandler, host: str = "127.0.0.1",
                 request_seconds: float = REQUEST_SECONDS) -> SiteServer:  # fmt: skip
    """A SiteServer for the site folder output on host:port (port 0: any free one), answering with handler (a
    SiteHandler class); call serve_forever() on it. Raises SystemExit with the fix when the port is taken."""
    try:
        return SiteServer((host, port), functools.partial(handler, directory=str(output)), request_seconds)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise SystemExit(
                f"Port {port} is already in use. Stop the other server, or choose another port: --port {port + 1}"
            ) from None
        raise


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under the watched paths."""
    seen = {}
    for path in paths:
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if "__pycache__" in file.parts or file.name.startswith(".") or not file.is_file():
                continue
            try:
                stat = file.stat()
            except FileNotFoundError:
                continue  # removed while we looked
            seen[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return seen


def watched_paths(settings_file: Path) -> list[Path]:
    """Content, theme, plugins, and the settings files beside the given one. While the settings have a
    mistake (which the build reports, with its line and fix), the usual folders beside them are watched:
    content, theme and plugins."""
    from learnlog.build import SettingsError, load_settings

    folder = settings_file.parent
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    try:
        settings = load_settings(settings_file)
        paths = [Path(settings["PATH"]), Path(settings["THEME"]), *map(Path, settings["PLUGIN_PATHS"])]
    except SettingsError:
        paths = [folder / "content", folder / "theme", folder / "plugins"]
    return paths + sorted(folder.glob("*conf.py"))


class Builder:
    """Runs the rebuilds: through a build worker where the system can fork, else a new process each time."""

    def __init__(self, settings_file: Path, output: Path):
        self.settings_file, self.output = settings_file, output
        self.worker: subprocess.Popen | None = None

    def build(self, changed: list[str] = ()) -> bool:
        """Rebuild the site; changed: the files changed since the last build (paths), which decide whether the build
        worker must be restarted. True if the build succeeded; a failed one has printed its problems."""
        if any(name.endswith(".py") for name in changed):
            self.stop()  # its loaded plugins or settings are out of date
        code = self._through_worker() if hasattr(os, "fork") else None
        if code is None:
            code = self._in_new_process()
        if code != 0:
            print("The browser keeps showing the last good build. Save a fix and it rebuilds.", file=sys.stderr)
        return code == 0

    def _through_worker(self) -> int | None:
        """The build's exit code, or None when the worker cannot be used."""
        if self.worker is None or self.worker.poll() is not None:
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "learnlog.buildworker", "--settings", str(self.settings_file),
                 "--output", str(self.output)],
                cwd=PROJECT_FOLDER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            if self.worker.stdout.readline().strip() != "ready":
                self.stop()
                return None
        try:
            self.worker.stdin.write("build\n")
            self.worker.stdin.flush()
            answer = self.worker.stdout.readline().strip()
        except OSError:
            answer = ""
        if not answer.lstrip("-").isdigit():  # the worker died
            self.stop()
            return None
        return int(answer)

    def _in_new_process(self) -> int:
        command = [sys.executable, "-m", "learnlog.build", "--settings", str(self.settings_file), "--output",
                   str(self.output)]  # fmt: skip
        return subprocess.run(command, cwd=PROJECT_FOLDER, check=False).returncode

    def stop(self) -> None:
        """Stop the build worker, if one runs (waiting up to 10 seconds for it to finish its build)."""
        if self.worker is not None:
            if self.worker.poll() is None:
                self.worker.stdin.close()
                try:
                    self.worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.worker.kill()
                    self.worker.wait()
            self.worker = None


def watch(builder: Builder, builds: BuildCounter, stop: threading.Event) -> None:
    """Rebuild on every change; the first look is taken before this returns, the rest in a thread."""
    paths = watched_paths(builder.settings_file)
    before = snapshot(paths)
    threading.Thread(target=_watch_loop, args=(paths, before, builder, builds, stop), daemon=True).start()


def _watch_loop(paths, before, builder: Builder, builds: BuildCounter, stop: threading.Event) -> None:
    settings_file = builder.settings_file
    while not stop.wait(POLL_SECONDS):
        now = snapshot(paths)
        if now == before:
            continue
        changed = sorted(set(now.items()) ^ set(before.items()))
        names = sorted({os.path.relpath(name, settings_file.parent) for name, _ in changed})
        print(
            f"Changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}; rebuilding.", file=sys.stderr, flush=True
        )
        before = now
        if any(name.endswith("conf.py") for name, _ in changed):  # the folders to watch may have changed too
            paths = watched_paths(settings_file)
            before = snapshot(paths)
        if builder.build([name for name, _ in changed]):
            builds.bump()


def serve(output: Path, port: int, builder: Builder | None = None, request_seconds: float = REQUEST_SECONDS) -> None:
    """Serve the site folder output on localhost:port until Ctrl+C; with a builder, rebuild on changes and reload
    the browser. request_seconds: see REQUEST_SECONDS. Raises SystemExit when the port is taken."""
    live = builder is not None
    server = start_server(output, port, LiveReloadHandler if live else SiteHandler, request_seconds=request_seconds)
    stop = threading.Event()
    if live:
        server.builds = BuildCounter()
        threading.Thread(target=server.builds.feed_streams, args=(stop,), name="event streams", daemon=True).start()
        watch(builder, server.builds, stop)
    what = "and rebuilding on every change " if live else ""
    print(f"Serving {output.name}/ {what}at http://localhost:{port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    finally:
        stop.set()
        server.server_close()
        if builder is not None:
            builder.stop()


def main(argv: list[str] | None = None) -> int:
    """The command line (argv: its arguments, default sys.argv[1:]); the exit code: 1 when there is no site to
    serve. Serves until Ctrl+C."""
    parser = argparse.ArgumentParser(prog="python -m learnlog.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default="output")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--livereload", action="store_true", help="build first, then rebuild and reload on changes")
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=REQUEST_SECONDS,
        metavar="SECONDS",
        help="close a connection that sends nothing, or not its whole request line and headers, in this many seconds "
        f"(default {REQUEST_SECONDS:g})",
    )
    args = parser.parse_args(argv)
    if not (args.request_timeout > 0 and math.isfinite(args.request_timeout)):
        parser.error("--request-timeout must be a number of seconds above 0, such as 10")
    output = Path(args.output).resolve()
    builder = Builder(Path(args.settings).resolve(), output) if args.livereload else None
    if builder:
        builder.build()
    elif not (output / "index.html").is_file():
        print(f"There is no site in {args.output}/ yet: run 'invoke build' first.", file=sys.stderr)
        return 1
    serve(output, args.port, builder, args.request_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
