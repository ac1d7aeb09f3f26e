"""Serve the built site on localhost, optionally rebuilding and reloading the browser on changes.

`invoke serve` serves `output/` as GitHub Pages would: a folder opens its index.html (asked without its final
slash, it redirects to the address with one); a folder without index.html, and any address that names no file
in `output/`, gets the site's 404 page; nothing outside `output/` is ever sent, not even through a symbolic link.
An address that is not one (a bad % escape, bytes that are not UTF-8, a control character, a `.` or `..`
segment) gets a short 400 page.

The HTTP server is waitress: a fixed pool of THREADS threads answers complete requests, while one thread reads and
writes every connection, so clients that are idle, slow or many hold no thread. A connection that sends or takes
nothing for the idle timeout is closed; at most CONNECTIONS are open at once (more wait to be accepted); a request
line and headers longer than HEAD_LIMIT get 431.

`invoke livereload` also watches the content, theme, plugins and settings; on a change it rebuilds and tells open
pages to reload: each page carries the number of the build it was served from, and a small script asks the server
for the current number every half second (a request answered at once, so open pages never hold a thread) and
reloads when it differs. Each rebuild runs in a fresh process forked from a build worker that has Pelican and the
plugins loaded already (`buildworker.py`); a new worker is started when a plugin or settings file changes, so edits
to them take effect. A failed rebuild prints its problems and the server goes on serving the last good build; the
server also keeps them, and the script shows them in a panel over the page until a build succeeds. The script, and
so the panel, exists only in pages this server sends: never in the built site.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import html
import json
import logging
import mimetypes
import os
import re
import select
import stat
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import waitress

# GET: {"build": N, "problems": [...]}: the number of successful builds since the server started, and the problems
# of the last build ('file:line: message' strings, empty when it succeeded).
RELOAD_PATH = "/__livereload"
RELOAD_SCRIPT = "/__livereload.js"
# Asks for the build every 0.5 s (every 2 s while the server does not answer) and reloads the page when its number
# differs from the one the page was served from (its script tag's data-build). While the last build failed, it shows
# its problems in a panel over the page (in a shadow root, so the site's styles and the panel's leave each other
# alone), built with textContent only: the messages quote the author's text. Escape, or the Hide button, hides the
# panel until the problems change (remembered for this tab in sessionStorage, so other pages keep it hidden too).
RELOAD_JS = rb"""(() => {
  const served = document.currentScript.dataset.build;
  const HIDDEN = "learnlog-livereload-hidden";
  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; inset: 0 0 auto 0; z-index: 2147483647; box-sizing: border-box; max-height: 85vh;
      overflow: auto; margin: 0; padding: 1rem 1.25rem; color: #1c1b1b;
      font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff4f2;
      border-bottom: 4px solid #b3261e; box-shadow: 0 6px 20px rgb(0 0 0 / 0.3); }
    .inner { max-width: 60rem; margin: 0 auto; }
    .top { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1rem; }
    h2 { margin: 0; font-size: 1.2rem; line-height: 1.3; color: #8c1d18; }
    ul { margin: 0.75rem 0; padding: 0; list-style: none; }
    li { padding: 0.5rem 0; border-top: 1px solid #e6c2bd; overflow-wrap: anywhere; white-space: pre-wrap; }
    code { display: block; font: 600 0.9em/1.4 ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; }
    p { margin: 0.25rem 0 0; }
    .hint { font-size: 0.9rem; }
    button { font: inherit; font-size: 0.95rem; color: inherit; background: transparent; cursor: pointer;
      border: 2px solid currentColor; border-radius: 0.4rem; padding: 0.2rem 0.7rem; }
    button:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .panel { color: #f3eceb; background: #2a1513; border-color: #ffb4ab; }
      h2 { color: #ffb4ab; }
      li { border-color: #5e3632; }
      button:focus-visible { outline-color: #8ab4f8; }
    }`;
  let host = null;
  let shown = "";
  const remembered = () => { try { return sessionStorage.getItem(HIDDEN); } catch { return null; } };
  const remember = (value) => {
    try {
      if (value) sessionStorage.setItem(HIDDEN, value);
      else sessionStorage.removeItem(HIDDEN);
    } catch {}
  };
  const add = (parent, tag, text) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    parent.append(node);
    return node;
  };
  const remove = () => {
    if (host) host.remove();
    host = null;
    shown = "";
  };
  const hide = () => {
    remember(shown);
    remove();
  };
  const show = (problems, key) => {
    remove();
    host = document.createElement("learnlog-build-problems");
    const root = host.attachShadow({ mode: "open" });
    add(root, "style", STYLE);
    const panel = add(root, "section", "");
    panel.className = "panel";
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "heading");
    const inner = add(panel, "div", "");
    inner.className = "inner";
    const top = add(inner, "div", "");
    top.className = "top";
    const count = problems.length;
    const heading = add(top, "h2", `The site was not rebuilt: ${count} problem${count === 1 ? "" : "s"} to fix`);
    heading.id = "heading";
    const button = add(top, "button", "Hide");
    button.type = "button";
    button.setAttribute("aria-label", "Hide until the problems change (Escape)");
    button.addEventListener("click", hide);
    const list = add(inner, "ul", "");
    for (const problem of problems) {
      const item = add(list, "li", "");
      const parts = /^(.+?:\d+): ([\s\S]*)$/.exec(problem) || /^([^\s:]+): ([\s\S]*)$/.exec(problem);
      if (parts) {
        add(item, "code", parts[1]);
        add(item, "span", parts[2]);
      } else {
        add(item, "span", problem);
      }
    }
    add(inner, "p", "The page below is the last version that built. Save a fix and this page reloads by itself.");
    add(inner, "p", "Press Escape to hide this until the problems change.").className = "hint";
    (document.body || document.documentElement).append(host);
    shown = key;
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && host) hide();
  });
  const update = (answer) => {
    if (String(answer.build) !== served) return location.reload();
    const problems = Array.isArray(answer.problems) ? answer.problems.map(String) : [];
    const key = JSON.stringify(problems);
    if (!problems.length) {
      remove();
      remember("");
    } else if (key === remembered()) {
      remove();
    } else if (key !== shown) {
      show(problems, key);
    }
    setTimeout(ask, 500);
  };
  const ask = () => fetch("/__livereload", { cache: "no-store" })
    .then((response) => response.json())
    .then(update)
    .catch(() => setTimeout(ask, 2000));
  ask();
})();
"""
POLL_SECONDS = 0.3
PROJECT_FOLDER = Path(__file__).resolve().parent.parent

# Threads answering complete requests. A browser opens at most 6 connections to a host, files are sent by
# waitress's I/O thread (only HTML pages are read whole by a worker) and livereload's question is answered at once,
# so 8 serve several browsers and tabs; more would not be faster (one interpreter lock).
THREADS = 8
# Seconds a connection may send and take nothing (an unfinished request, or none) before it is closed.
IDLE_SECONDS = 10
# Connections open at once; more wait in the system's queue until one closes. The server raises its limit on open
# files to hold them when the system allows, else it holds as many as that limit leaves room for.
CONNECTIONS = 4096
FILES_KEPT = 64  # open files kept free for the server itself: pages being read, the build worker's pipes
SELECT_CONNECTIONS = 500  # where select() has to be used instead of poll() (Windows), it watches at most 512 sockets
# Bytes of request line and headers: browsers send a few KiB; longer gets 431.
HEAD_LIMIT = 65_536
BODY_LIMIT = 65_536  # bytes of request body read at most (413 past it); a static site reads none

BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
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

    root: the site folder. target: the request target as waitress gives it (REQUEST_URI: the request line's bytes
    decoded as Latin-1, nothing decoded or removed), a path with an optional `?query`, e.g. "/posts/2026/x/?q=1".
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


StartResponse = Callable[[str, list[tuple[str, str]]], object]


def reply(
    environ: dict,
    start_response: StartResponse,
    status: HTTPStatus,
    body: bytes = b"",
    content_type: str = "text/plain; charset=utf-8",
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    """Start a WSGI answer that is never cached: status, content_type (a Content-Type value), the length of body
    (bytes) and headers ((name, value) pairs); the body to return from the application, empty for a HEAD."""
    start_response(
        f"{status.value} {status.phrase}",
        [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store"), *headers],
    )
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def short_page(status: HTTPStatus, reason: str = "") -> bytes:
    """A short HTML error page naming the status (an HTTPStatus) and saying reason (a sentence, may be empty)."""
    title = f"{status.value} {status.phrase}"
    return f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{html.escape(reason)}</p>\n".encode()


class SiteHandler:
    """A WSGI application answering GET and HEAD from a site folder as GitHub Pages would (see `locate`), with the
    site's 404 page; other methods get 405. HTML pages are sent through html_page and never cached."""

    def __init__(self, output: Path):
        """output: the site folder."""
        self.output = Path(output)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request (environ and start_response as WSGI gives them); the body to send. Never raises for
        what a client sends."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            page = short_page(HTTPStatus.METHOD_NOT_ALLOWED, "This server only sends files: GET and HEAD.")
            allow = [("Allow", "GET, HEAD")]
            return reply(
                environ, start_response, HTTPStatus.METHOD_NOT_ALLOWED, page, "text/html; charset=utf-8", allow
            )
        found = locate(self.output, environ["REQUEST_URI"])
        if found.status == HTTPStatus.OK:
            return self.send_file(environ, start_response, found.file)
        if found.status == HTTPStatus.MOVED_PERMANENTLY:
            return reply(environ, start_response, found.status, headers=[("Location", found.location)])
        if found.status == HTTPStatus.NOT_FOUND:
            return self.not_found(environ, start_response)
        page = short_page(found.status, found.reason)
        return reply(environ, start_response, found.status, page, "text/html; charset=utf-8")

    def send_file(self, environ: dict, start_response: StartResponse, file: Path) -> Iterable[bytes]:
        """Answer with a file: an HTML page through html_page; any other file as it is, sent by waitress from the
        open file (wsgi.file_wrapper), so no thread waits on a slow client. A file that vanished since it was found
        (a rebuild) gets the 404 page."""
        if file.suffix == ".html":
            try:
                body = self.html_page(file)
            except OSError:
                return self.not_found(environ, start_response)
            return reply(environ, start_response, HTTPStatus.OK, body, "text/html; charset=utf-8")
        try:
            handle = file.open("rb")
        except OSError:
            return self.not_found(environ, start_response)
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        size = os.fstat(handle.fileno()).st_size
        headers = [("Content-Type", content_type), ("Content-Length", str(size)), ("Cache-Control", "no-store")]
        start_response("200 OK", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            handle.close()
            return []
        return environ["wsgi.file_wrapper"](handle, 65_536)

    def not_found(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Answer 404 with the site's 404.html (through html_page) when it has one, else a short page."""
        page = self.output / "404.html"
        body = self.short_html(short_page(HTTPStatus.NOT_FOUND, "There is no page at this address."))
        if is_file_inside(os.path.realpath(self.output), page):
            with contextlib.suppress(OSError):  # removed by a rebuild since
                body = self.html_page(page)
        return reply(environ, start_response, HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")

    def html_page(self, file: Path) -> bytes:
        """The HTML page in file as it is sent; here its bytes unchanged. Raises OSError when it cannot be read."""
        return file.read_bytes()

    def short_html(self, page: bytes) -> bytes:
        """A short page made by the server (see short_page) as it is sent; here unchanged."""
        return page


class BuildStatus:
    """What the last builds came to, read by any thread: value, the number of successful builds since the server
    started, and problems, the last build's problems ('file:line: message' strings; empty when it succeeded)."""

    def __init__(self, problems: Iterable[str] = ()):
        """problems: those of the build made before the server started (counted as build 0)."""
        self.value = 0
        self.problems: tuple[str, ...] = tuple(problems)
        self.lock = threading.Lock()

    def record(self, problems: Iterable[str]) -> None:
        """Record a build's problems; one without any counts as one more successful build."""
        problems = tuple(problems)
        with self.lock:
            if not problems:
                self.value += 1
            self.problems = problems

    def answer(self) -> dict:
        """{"build": N, "problems": [...]}: the build number and the last build's problems, read together."""
        with self.lock:
            return {"build": self.value, "problems": list(self.problems)}


class LiveReloadHandler(SiteHandler):
    """A SiteHandler that adds a tiny script to every HTML page, which reloads it after each successful rebuild and
    shows the problems of a failed one: the page's script tag carries the build number it was served from, and the
    script asks RELOAD_PATH for the current one and the problems (see RELOAD_JS). Record builds in self.builds."""

    def __init__(self, output: Path):
        """output: the site folder."""
        super().__init__(output)
        self.builds = BuildStatus()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """The build number, the script, or what SiteHandler answers."""
        path = environ["REQUEST_URI"].partition("?")[0]
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and path == RELOAD_PATH:
            body = json.dumps(self.builds.answer()).encode()
            return reply(environ, start_response, HTTPStatus.OK, body, "application/json")
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and path == RELOAD_SCRIPT:
            return reply(environ, start_response, HTTPStatus.OK, RELOAD_JS, "text/javascript; charset=utf-8")
        return super().__call__(environ, start_response)

    def html_page(self, file: Path) -> bytes:
        """The page with the reload script added before its last </body> (at the end if it has none). The build
        number is taken before the file is read, so a build that ends in between makes the page reload once more,
        never miss a reload."""
        build = self.builds.value
        return self.with_script(super().html_page(file), build)

    def short_html(self, page: bytes) -> bytes:
        """The short page with the reload script, so that it too shows problems and reloads once the site is
        built."""
        return self.with_script(page, self.builds.value)

    @staticmethod
    def with_script(body: bytes, build: int) -> bytes:
        """body (an HTML page) with the reload script for build number `build` before its last </body>."""
        tag = f'<script src="{RELOAD_SCRIPT}" data-build="{build}"></script>'.encode()
        head, marker, tail = body.rpartition(b"</body>")
        return head + tag + marker + tail if marker else body + tag


def connection_limit(wanted: int = CONNECTIONS) -> int:
    """How many connections the server can hold open: wanted, after raising this process's soft limit on open files
    to make room for them (and FILES_KEPT more) when the hard limit allows; else as many as the limit leaves room
    for. Past it waitress would fail to accept and retry at once, without end."""
    if not hasattr(select, "poll"):
        return min(wanted, SELECT_CONNECTIONS)
    import resource  # everywhere poll() is

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + FILES_KEPT
    if soft != resource.RLIM_INFINITY and soft < needed:
        allowed = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):  # the system refuses: keep the limit there is
            resource.setrlimit(resource.RLIMIT_NOFILE, (allowed, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return wanted if soft == resource.RLIM_INFINITY else max(1, min(wanted, soft - FILES_KEPT))


class PreviewServer:
    """waitress serving one WSGI application on one address, with the limits above. app: the application;
    server_address: (host, port) as bound."""

    def __init__(self, app: SiteHandler, host: str, port: int, idle_seconds: int = IDLE_SECONDS):
        """app: a SiteHandler; host and port (0: any free one) to listen on; idle_seconds: see IDLE_SECONDS.
        Raises OSError when the address cannot be bound (EADDRINUSE when the port is taken)."""
        self.app = app
        self.sockets: dict = {}  # waitress's map of open sockets: the listening one and every connection
        self.waitress = waitress.create_server(
            app, map=self.sockets, host=host, port=port, threads=THREADS, connection_limit=connection_limit(),
            channel_timeout=idle_seconds, cleanup_interval=1, max_request_header_size=HEAD_LIMIT,
            max_request_body_size=BODY_LIMIT, asyncore_use_poll=True,
        )  # fmt: skip
        self.server_address = (host, int(self.waitress.effective_port))

    def serve_forever(self) -> None:
        """Serve until shutdown() or Ctrl+C (after which it returns). Blocks."""
        self.waitress.run()

    def shutdown(self) -> None:
        """Close the listening socket and every connection, so that serve_forever returns within a second. Any
        thread."""
        for dispatcher in list(self.sockets.values()):
            with contextlib.suppress(OSError):
                dispatcher.close()


def start_server(output: Path, port: int, handler: type[SiteHandler] = SiteHandler, host: str = "127.0.0.1",
                 idle_seconds: int = IDLE_SECONDS) -> PreviewServer:  # fmt: skip
    """A PreviewServer for the site folder output on host:port (port 0: any free one), answering with handler (a
    SiteHandler class); call serve_forever() on it. Raises SystemExit with the fix when the port is taken."""
    try:
        return PreviewServer(handler(output), host, port, idle_seconds)
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

    def build(self, changed: list[str] = ()) -> list[str]:
        """Rebuild the site; changed: the files changed since the last build (paths), which decide whether the build
        worker must be restarted. The build's problems ('file:line: message' strings), empty if it succeeded; a
        failed build has also printed them."""
        if any(name.endswith(".py") for name in changed):
            self.stop()  # its loaded plugins or settings are out of date
        answer = self._through_worker() if hasattr(os, "fork") else None
        if answer is None:
            answer = self._in_new_process()
        problems = [str(problem) for problem in answer.get("problems") or []]
        if answer.get("exit") != 0 and not problems:
            problems = crashed(answer.get("exit"))["problems"]
        if problems:
            print("The browser keeps showing the last good build. Save a fix and it rebuilds.", file=sys.stderr)
        return problems

    def _through_worker(self) -> dict | None:
        """The build's answer (see buildworker.py), or None when the worker cannot be used."""
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
            answer = read_answer(self.worker.stdout.readline())
        except OSError:
            answer = None
        if answer is None:  # the worker died
            self.stop()
        return answer

    def _in_new_process(self) -> dict:
        """The answer of a build run in a new process (where the system cannot fork)."""
        command = [sys.executable, "-m", "learnlog.buildworker", "--once", "--settings", str(self.settings_file),
                   "--output", str(self.output)]  # fmt: skip
        finished = subprocess.run(command, cwd=PROJECT_FOLDER, stdout=subprocess.PIPE, text=True, check=False)
        return read_answer(finished.stdout) or crashed(finished.returncode)

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


def read_answer(line: str) -> dict | None:
    """A build worker's answer line as data ({"exit": code, "problems": [...], ...}); None when it is not one."""
    try:
        answer = json.loads(line)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) and isinstance(answer.get("exit"), int) else None


def crashed(code) -> dict:
    """The answer for a build that ended with exit code `code` without reporting (see buildworker.crashed)."""
    from learnlog.buildworker import crashed as answer_for

    return answer_for(code if isinstance(code, int) else 1)


def watch(builder: Builder, builds: BuildStatus, stop: threading.Event) -> None:
    """Rebuild on every change; the first look is taken before this returns, the rest in a thread."""
    paths = watched_paths(builder.settings_file)
    before = snapshot(paths)
    threading.Thread(target=_watch_loop, args=(paths, before, builder, builds, stop), daemon=True).start()


def _watch_loop(paths, before, builder: Builder, builds: BuildStatus, stop: threading.Event) -> None:
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
        builds.record(builder.build([name for name, _ in changed]))


def serve(output: Path, port: int, builder: Builder | None = None, idle_seconds: int = IDLE_SECONDS,
          problems: Iterable[str] = ()) -> None:  # fmt: skip
    """Serve the site folder output on localhost:port until Ctrl+C; with a builder, rebuild on changes and reload
    the browser, showing the problems of a failed build over the page (problems: those of the build made before).
    idle_seconds: see IDLE_SECONDS. Raises SystemExit when the port is taken."""
    live = builder is not None
    # A request waiting for a free thread is answered in turn: saying so for each would drown the build messages.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = start_server(output, port, LiveReloadHandler if live else SiteHandler, idle_seconds=idle_seconds)
    stop = threading.Event()
    if live:
        server.app.builds = BuildStatus(problems)
        watch(builder, server.app.builds, stop)
    what = "and rebuilding on every change " if live else ""
    print(f"Serving {output.name}/ {what}at http://localhost:{port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        if builder is not None:
            builder.stop()
    print("Stopped.", file=sys.stderr)


def port_number(text: str) -> int:
    """The port a --port option names: a whole number from 1 to 65535 (a TCP port, RFC 793). Raises
    argparse.ArgumentTypeError, with the fix, for anything else."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: write a number from 1 to 65535, such as 8001")
    return port


def main(argv: list[str] | None = None) -> int:
    """The command line (argv: its arguments, default sys.argv[1:]); the exit code: 1 when there is no site to
    serve. Serves until Ctrl+C."""
    parser = argparse.ArgumentParser(prog="python -m learnlog.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=port_number, default=8000)
    parser.add_argument("--output", default="output")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--livereload", action="store_true", help="build first, then rebuild and reload on changes")
    parser.add_argument(
        "--idle-timeout",
        type=int,
        default=IDLE_SECONDS,
        metavar="SECONDS",
        help="close a connection that sends and takes nothing for this many seconds, in the middle of a request or "
        f"between requests (default {IDLE_SECONDS})",
    )
    args = parser.parse_args(argv)
    if args.idle_timeout < 1:
        parser.error("--idle-timeout must be a whole number of seconds, 1 or more, such as 10")
    output = Path(args.output).resolve()
    builder = Builder(Path(args.settings).resolve(), output) if args.livereload else None
    problems = []
    if builder:
        problems = builder.build()
    elif not (output / "index.html").is_file():
        print(f"There is no site in {args.output}/ yet: run 'invoke build' first.", file=sys.stderr)
        return 1
    serve(output, args.port, builder, args.idle_timeout, problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
