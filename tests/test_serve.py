"""`invoke serve` and `invoke livereload`, run for real on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, good_post


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "learnlog.serve", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def up(port: int):
    def check():
        try:
            return fetch(f"http://127.0.0.1:{port}/")
        except OSError:
            return None

    return check


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_serve_shows_pages_and_the_404_page(site, processes):
    site.post("hello.md", good_post("Hello there"))
    assert site.build().returncode == 0
    port = free_port()
    processes.append(start("--port", str(port), "--output", str(site.folder / "output")))
    status, home = wait_for(up(port), what="the server")
    assert status == 200 and "Hello there" in home
    status, post = fetch(f"http://127.0.0.1:{port}/posts/2026/hello-there/")
    assert status == 200 and '<h1 class="p-name">Hello there</h1>' in post
    status, missing = fetch(f"http://127.0.0.1:{port}/no/such/page/")
    assert status == 404 and "This page isn’t here" in missing


def test_serve_without_a_build_says_what_to_do(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "learnlog.serve", "--output", str(tmp_path / "output")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 1
    assert "run 'invoke build' first" in finished.stderr


def test_livereload_rebuilds_reloads_and_survives_a_broken_post(site, processes):
    post = site.post("hello.md", good_post("First title"))
    port = free_port()
    server = start(
        "--livereload", "--port", str(port), "--output", str(site.folder / "output"), "--settings", str(site.settings)
    )
    processes.append(server)
    _status, page = wait_for(up(port), what="the server")
    assert "First title" in page
    assert '<script src="/__livereload.js"></script></body>' in page

    events = urllib.request.urlopen(f"http://127.0.0.1:{port}/__livereload", timeout=30)
    assert events.readline() == b"data: 0\n"
    events.readline()

    post.write_text(good_post("Second title"), encoding="utf-8")
    assert events.readline() == b"data: 1\n"  # the browser is told to reload
    assert "Second title" in fetch(f"http://127.0.0.1:{port}/")[1]

    # A broken post: the error is printed and the last good site stays served.
    post.write_text(good_post("Third title", date="someday"), encoding="utf-8")
    broken_message = "content/posts/hello.md:2: 'date' is not a valid date: 'someday'"
    lines = []
    wait_for(lambda: lines.append(server.stdout.readline()) or broken_message in lines[-1], what="the error")
    assert "Second title" in fetch(f"http://127.0.0.1:{port}/")[1]

    post.write_text(good_post("Fourth title"), encoding="utf-8")
    events.readline()
    assert events.readline() == b"data: 2\n"
    assert "Fourth title" in fetch(f"http://127.0.0.1:{port}/")[1]
    events.close()


VERSION_PLUGIN = """from pathlib import Path
from pelican import signals


def write_version(pelican):
    Path(pelican.output_path, "version.txt").write_text("{version}")


def register():
    signals.finalized.connect(write_version)
"""


def test_livereload_picks_up_an_edited_plugin(site, processes):
    """Builds run in processes forked from a worker with the plugins loaded: editing one starts a new worker."""
    site.post("hello.md", good_post("Hello"))
    plugins = site.folder / "my_plugins"
    plugins.mkdir()
    (plugins / "version_file.py").write_text(VERSION_PLUGIN.format(version="first"))
    with site.settings.open("a") as settings:
        settings.write(f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugins)!r}]\nPLUGINS = PLUGINS + ['version_file']\n")
    port = free_port()
    server = start(
        "--livereload", "--port", str(port), "--output", str(site.folder / "output"), "--settings", str(site.settings)
    )
    processes.append(server)
    wait_for(up(port), what="the server")
    assert fetch(f"http://127.0.0.1:{port}/version.txt")[1] == "first"

    events = urllib.request.urlopen(f"http://127.0.0.1:{port}/__livereload", timeout=30)
    assert events.readline() == b"data: 0\n"
    events.readline()
    (plugins / "version_file.py").write_text(VERSION_PLUGIN.format(version="second"))
    assert events.readline() == b"data: 1\n"
    assert fetch(f"http://127.0.0.1:{port}/version.txt")[1] == "second"

    site.post("hello.md", good_post("Hello again"))  # an edit of content only: the same worker builds
    events.readline()
    assert events.readline() == b"data: 2\n"
    assert "Hello again" in fetch(f"http://127.0.0.1:{port}/")[1]
    assert fetch(f"http://127.0.0.1:{port}/version.txt")[1] == "second"
    events.close()
