"""Serve the built site on localhost, optionally rebuilding and reloading the browser on changes.

`invoke serve` serves `output/` as GitHub Pages would: folders open their index.html and a
missing page gets the site's 404 page. `invoke livereload` also watches the content, theme,
plugins and settings; on a change it rebuilds and tells open pages to reload. Each rebuild runs
in a fresh process forked from a build worker that has Pelican and the plugins loaded already
(`buildworker.py`); a new worker is started when a plugin or settings file changes, so edits to
them take effect. A failed rebuild prints its problems and the server goes on serving the last
good build.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page."""

    def log_message(self, format, *args):
        pass  # one line per request drowns the build messages

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = self.prepare_html(page.read_bytes())
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def prepare_html(self, body: bytes) -> bytes:
        return body


class LiveReloadHandler(SiteHandler):
    """Adds a tiny script to every HTML page that reloads it after each successful rebuild."""

    def do_GET(self):
        if self.path == RELOAD_EVENTS:
            return self.stream_builds()
        if self.path == RELOAD_SCRIPT:
            return self.send_bytes(RELOAD_JS, "text/javascript")
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self.send_bytes(self.prepare_html(file.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def prepare_html(self, body: bytes) -> bytes:
        tag = f'<script src="{RELOAD_SCRIPT}"></script>'.encode()
        head, marker, tail = body.rpartition(b"</body>")
        return head + tag + marker + tail if marker else body + tag

    def send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_builds(self) -> None:
        """Server-sent events: the current build number, then each new one."""
        builds: BuildCounter = self.server.builds
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent = None
        try:
            while True:
                current = builds.wait_for_change(sent, timeout=15)
                message = f"data: {current}\n\n" if current != sent else ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                sent = current
        except (BrokenPipeError, ConnectionResetError):
            pass


class BuildCounter:
    """The number of successful builds, which open pages wait on."""

    def __init__(self):
        self.value = 0
        self.changed = threading.Condition()

    def bump(self) -> None:
        with self.changed:
            self.value += 1
            self.changed.notify_all()

    def wait_for_change(self, seen, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.value != seen, timeout=timeout)
            return self.value


def start_server(output: Path, port: int, handler=SiteHandler, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    try:
        server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(output)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise SystemExit(
                f"Port {port} is already in use. Stop the other server, or choose another port: --port {port + 1}"
            ) from None
        raise
    server.daemon_threads = True
    return server


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


def serve(output: Path, port: int, builder: Builder | None = None) -> None:
    """Serve until Ctrl+C; with a builder, rebuild on changes and reload the browser."""
    live = builder is not None
    server = start_server(output, port, LiveReloadHandler if live else SiteHandler)
    stop = threading.Event()
    if live:
        server.builds = BuildCounter()
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
    parser = argparse.ArgumentParser(prog="python -m learnlog.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", default="output")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--livereload", action="store_true", help="build first, then rebuild and reload on changes")
    args = parser.parse_args(argv)
    output = Path(args.output).resolve()
    builder = Builder(Path(args.settings).resolve(), output) if args.livereload else None
    if builder:
        builder.build()
    elif not (output / "index.html").is_file():
        print(f"There is no site in {args.output}/ yet: run 'invoke build' first.", file=sys.stderr)
        return 1
    serve(output, args.port, builder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
