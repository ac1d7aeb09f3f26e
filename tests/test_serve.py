"""`invoke serve` and `invoke livereload`, run for real on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, good_post

from learnlog.serve import HEAD_LIMIT, THREADS


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


def livereload_answer(port: int) -> dict:
    """What livereload's script is told (GET /__livereload): the build number and the last build's problems."""
    status, body = fetch(f"http://127.0.0.1:{port}/__livereload")
    assert status == 200
    return json.loads(body)


def build_number(port: int) -> int:
    """The build number livereload's script is told."""
    return livereload_answer(port)["build"]


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
    assert '<script src="/__livereload.js" data-build="0"></script></body>' in page
    assert livereload_answer(port) == {"build": 0, "problems": []}
    status, script = fetch(f"http://127.0.0.1:{port}/__livereload.js")
    assert status == 200 and "location.reload()" in script

    post.write_text(good_post("Second title"), encoding="utf-8")
    wait_for(lambda: build_number(port) == 1, what="the rebuild")  # the page's script sees 1, not 0: it reloads
    page = fetch(f"http://127.0.0.1:{port}/")[1]
    assert "Second title" in page and 'data-build="1"' in page

    # A broken post: the error is printed, the open pages are told it, and the last good site stays served.
    post.write_text(good_post("Third title", date="someday"), encoding="utf-8")
    broken_message = "content/posts/hello.md:2: 'date' is not a valid date: 'someday'"
    lines = []
    wait_for(lambda: lines.append(server.stdout.readline()) or broken_message in lines[-1], what="the error")
    answer = wait_for(lambda: (answer := livereload_answer(port))["problems"] and answer, what="the problems")
    assert answer["build"] == 1  # no reload
    assert len(answer["problems"]) == 1 and answer["problems"][0].startswith(broken_message)
    assert "Second title" in fetch(f"http://127.0.0.1:{port}/")[1]

    post.write_text(good_post("Fourth title"), encoding="utf-8")
    wait_for(lambda: build_number(port) == 2, what="the rebuild")
    assert livereload_answer(port)["problems"] == []
    assert "Fourth title" in fetch(f"http://127.0.0.1:{port}/")[1]
    # The script (and the panel it shows) is added by the server as it sends a page: the built site has none of it.
    built = (site.folder / "output" / "index.html").read_text(encoding="utf-8")
    assert "Fourth title" in built and "__livereload" not in built


def test_livereload_prints_a_warning_once_then_counts_it(site, processes):
    """A warning left in a post is printed at the build that finds it; the rebuilds at every save after that
    count it in one line instead of printing it again, and a new warning is printed."""
    site.post("hello.md", good_post() + "\n![](missing-alt.png)\n")
    other = site.post("other.md", good_post("Other"))
    port = free_port()
    server = start(
        "--livereload", "--port", str(port), "--output", str(site.folder / "output"), "--settings", str(site.settings)
    )
    processes.append(server)
    lines: list[str] = []

    def read_until(text: str) -> None:
        wait_for(lambda: lines.append(server.stdout.readline()) or text in lines[-1], what=f"{text} in {lines}")

    read_until("Serving ")  # built, and watching
    assert sum("warning: content/posts/hello.md" in line for line in lines) == 1
    other.write_text(good_post("Other, edited"), encoding="utf-8")
    start_of_rebuild = len(lines)
    read_until("Built ")
    rebuild = lines[start_of_rebuild:]
    assert not any(line.startswith("warning:") for line in rebuild), rebuild
    assert "(1 warning shown before is still there.)\n" in rebuild
    other.write_text(good_post("Other") + "\n![](also-missing-alt.png)\n", encoding="utf-8")
    start_of_rebuild = len(lines)
    read_until("Built ")
    rebuild = lines[start_of_rebuild:]
    assert (
        [line for line in rebuild if line.startswith("warning:")]
        == [line for line in rebuild if line.startswith("warning: content/posts/other.md")]
        != []
    )


def test_livereload_started_on_a_broken_site_shows_its_problems_then_the_site(site, processes):
    """The first build fails and there is no site yet: the 404 page the server makes carries the script too, so the
    problems are shown over it, and it reloads into the site once a fix is saved."""
    post = site.post("hello.md", good_post("Hello", date="2026-13-45"))
    port = free_port()
    server = start(
        "--livereload", "--port", str(port), "--output", str(site.folder / "output"), "--settings", str(site.settings)
    )
    processes.append(server)
    status, page = wait_for(up(port), what="the server")
    assert status == 404 and '<script src="/__livereload.js" data-build="0"></script>' in page
    answer = livereload_answer(port)
    assert answer["build"] == 0
    assert [problem.partition(": ")[0] for problem in answer["problems"]] == ["content/posts/hello.md:2"]

    post.write_text(good_post("Hello"), encoding="utf-8")
    wait_for(lambda: livereload_answer(port) == {"build": 1, "problems": []}, what="the rebuild")
    assert "Hello" in fetch(f"http://127.0.0.1:{port}/")[1]


def test_a_build_in_a_new_process_reports_its_problems_as_data(site):
    """Where the system cannot fork, each rebuild runs in a new process, which answers as the build worker does."""
    from learnlog.serve import Builder

    site.post("hello.md", good_post("Hello", date="someday"))
    builder = Builder(site.settings, site.folder / "output")
    answer = builder._in_new_process()
    assert answer["exit"] == 1
    assert [problem.partition(": ")[0] for problem in answer["problems"]] == ["content/posts/hello.md:2"]
    site.post("hello.md", good_post("Hello"))
    assert builder._in_new_process() == {"exit": 0, "problems": [], "warnings": []}


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

    assert build_number(port) == 0
    (plugins / "version_file.py").write_text(VERSION_PLUGIN.format(version="second"))
    wait_for(lambda: build_number(port) == 1, what="the rebuild")
    assert fetch(f"http://127.0.0.1:{port}/version.txt")[1] == "second"

    site.post("hello.md", good_post("Hello again"))  # an edit of content only: the same worker builds
    wait_for(lambda: build_number(port) == 2, what="the rebuild")
    assert "Hello again" in fetch(f"http://127.0.0.1:{port}/")[1]
    assert fetch(f"http://127.0.0.1:{port}/version.txt")[1] == "second"


# The server as GitHub Pages behaves, and under abuse: a hand-made site folder, raw bytes on raw sockets (http.client
# refuses to send some of these requests), and a server process with a one-second idle timeout.

SECRET = "TOP SECRET, outside the site folder"
NOT_FOUND_TEXT = "This page isn’t here"
TIMEOUT = 1  # seconds, the --idle-timeout the servers below run with


def write_site(folder: Path, not_found_page: bool = True) -> Path:
    """A site folder with pages, a folder without index.html, and symbolic links that lead out of it."""
    private = folder / "private"
    private.mkdir()
    (private / "secret.txt").write_text(SECRET, encoding="utf-8")
    (private / "index.html").write_text(SECRET, encoding="utf-8")
    output = folder / "output"
    (output / "posts" / "2026" / "hello").mkdir(parents=True)
    (output / "theme" / "css").mkdir(parents=True)
    (output / "images").mkdir()
    (output / "index.html").write_text("<p>Home page</p></body>", encoding="utf-8")
    (output / "posts" / "2026" / "hello" / "index.html").write_text("<h1>Hello</h1>", encoding="utf-8")
    (output / "theme" / "css" / "style.css").write_text("body { color: black }", encoding="utf-8")
    if not_found_page:
        (output / "404.html").write_text(f"<p>{NOT_FOUND_TEXT}</p>", encoding="utf-8")
    (output / "private-folder").symlink_to(private)
    (output / "secret.txt").symlink_to(private / "secret.txt")
    return output


def serve_site(output: Path, processes: list, timeout: int = TIMEOUT) -> tuple[int, subprocess.Popen]:
    port = free_port()
    server = start("--port", str(port), "--output", str(output), "--idle-timeout", str(timeout))
    processes.append(server)
    wait_for(up(port), what="the server")
    return port, server


@pytest.fixture(scope="module")
def static_port(tmp_path_factory):
    """One server for the tests that only read: a bad request must not change what the next one gets."""
    started: list[subprocess.Popen] = []
    port, _server = serve_site(write_site(tmp_path_factory.mktemp("static")), started)
    yield port
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def read_answer(connection: socket.socket, method: bytes = b"GET") -> tuple[int | None, dict[str, str], bytes]:
    """The status, headers and body of the next answer on the connection (status None when it closed without one).
    The body is Content-Length bytes (none for HEAD), or all until the server closes when there is no length: an
    answer can keep the connection open for the next request (HTTP/1.1)."""
    answer = b""
    while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/"):
        return None, {}, answer
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    headers = {name.lower(): value for name, value in headers.items()}
    length = 0 if method == b"HEAD" else int(headers["content-length"]) if "content-length" in headers else None
    while (length is None or len(body) < length) and (chunk := connection.recv(65536)):
        body += chunk
    return int(lines[0].split()[1]), headers, body


def raw_request(port: int, request: bytes, seconds: float = 5.0) -> tuple[int | None, dict[str, str], bytes]:
    """Send bytes as they are, on a new connection; the status, headers and body the server answers (see
    read_answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as connection:
        connection.sendall(request)
        return read_answer(connection, request.partition(b" ")[0])


def get(port: int, target: bytes, method: bytes = b"GET") -> tuple[int | None, dict[str, str], bytes]:
    return raw_request(port, method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")


def threads_of(process: subprocess.Popen) -> int:
    """How many threads the process runs (Linux)."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def test_a_folder_without_index_html_is_not_found_not_listed(static_port):
    for target in (b"/theme/css/", b"/theme/css", b"/images/", b"/theme/"):
        status, _headers, body = get(static_port, target)
        assert status == 404, target
        assert NOT_FOUND_TEXT in body.decode(), target
        assert b"style.css" not in body and b"Directory listing" not in body, target


def test_a_folder_with_index_html_is_served_at_its_address_with_a_slash(static_port):
    status, _headers, body = get(static_port, b"/posts/2026/hello/")
    assert status == 200 and body == b"<h1>Hello</h1>"
    status, headers, _body = get(static_port, b"/posts/2026/hello")
    assert status == 301 and headers["location"] == "/posts/2026/hello/"
    status, headers, _body = get(static_port, b"/posts/2026/hello?q=spaced%20practice")
    assert status == 301 and headers["location"] == "/posts/2026/hello/?q=spaced%20practice"
    # Never a redirect to another site: "//host/..." in a Location header is an address on that host.
    status, headers, _body = get(static_port, b"//posts/2026/hello")
    assert status == 301 and headers["location"] == "/posts/2026/hello/"
    status, headers, body = get(static_port, b"/theme/css/style.css")
    assert status == 200 and body == b"body { color: black }" and headers["content-type"].startswith("text/css")
    status, headers, body = get(static_port, b"/theme/css/style.css", method=b"HEAD")
    assert status == 200 and headers["content-length"] == "21" and body == b""
    status, _headers, body = get(static_port, b"/theme/css/style.css/")  # a file is not a folder
    assert status == 404 and NOT_FOUND_TEXT in body.decode()


@pytest.mark.parametrize(
    "target",
    [
        b"/../private/secret.txt",
        b"/%2e%2e/private/secret.txt",
        b"/%2E%2E/private/secret.txt",
        b"/posts/../../private/secret.txt",
        b"/posts/%2e%2e/%2e%2e/private/secret.txt",
        b"/posts/..%2f..%2fprivate/secret.txt",
        b"/posts/..%5c..%5cprivate/secret.txt",
        b"/secret.txt",
        b"/private-folder/secret.txt",
        b"/private-folder/",
        b"/private-folder",
    ],
)
def test_no_address_reaches_outside_the_site_folder(static_port, target):
    status, _headers, body = get(static_port, target)
    assert status in (400, 404), target
    assert SECRET.encode() not in body


LONG = 100_000  # characters in a path: more than a request line may have
LONG_NAME = 60_000  # a request line that fits, naming a file longer than any system allows
assert LONG_NAME < HEAD_LIMIT < LONG


@pytest.mark.parametrize(
    ("request_bytes", "expected"),
    [
        (b"GET /index.html%00.png HTTP/1.1\r\n\r\n", 400),
        (b"GET /index.html\x00.png HTTP/1.1\r\n\r\n", 400),
        (b"GET /%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\n\r\n", 400),
        (b"GET /a%1b[31m HTTP/1.1\r\n\r\n", 400),
        (b"GET /%7f HTTP/1.1\r\n\r\n", 400),
        (b"GET /%zz HTTP/1.1\r\n\r\n", 400),
        (b"GET /% HTTP/1.1\r\n\r\n", 400),
        (b"GET /%4 HTTP/1.1\r\n\r\n", 400),
        (b"GET /%ff HTTP/1.1\r\n\r\n", 400),  # not UTF-8
        (b"GET /%ed%a0%80 HTTP/1.1\r\n\r\n", 400),  # an encoded surrogate, which no file name can hold
        (b"GET /" + b"a" * LONG + b" HTTP/1.1\r\n\r\n", 431),
        (b"GET /" + b"a" * LONG_NAME + b" HTTP/1.1\r\n\r\n", 404),
        (b"GET /" + b"a/" * (LONG_NAME // 2) + b" HTTP/1.1\r\n\r\n", 404),
        (b"GET index.html HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n" + (b"X: " + b"y" * 1_000 + b"\r\n") * (2 * HEAD_LIMIT // 1_000) + b"\r\n", 431),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n", 400),  # TLS to a plain port
    ],
    ids=lambda value: value[:24].decode("latin-1") if isinstance(value, bytes) else str(value),
)
def test_a_malformed_request_gets_a_short_answer_and_the_server_goes_on(static_port, request_bytes, expected):
    status, headers, body = raw_request(static_port, request_bytes)
    assert status == expected
    assert len(body) < 2_000
    assert "set-cookie" not in headers
    status, _headers, body = get(static_port, b"/")
    assert status == 200 and b"Home page" in body


def test_without_a_404_page_a_short_plain_page_says_not_found(tmp_path, processes):
    port, _server = serve_site(write_site(tmp_path, not_found_page=False), processes)
    for target in (b"/theme/css/", b"/no/such/page/"):
        status, _headers, body = get(port, target)
        assert status == 404 and b"404" in body and len(body) < 2_000
        assert b"style.css" not in body


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts threads through /proc")
def test_idle_connections_take_no_thread_and_are_closed(tmp_path, processes):
    """2,000 connections that send nothing: the server keeps its threads, still answers at once, and closes them."""
    port, server = serve_site(write_site(tmp_path), processes)
    threads_before = threads_of(server)
    assert threads_before <= THREADS + 2  # a fixed pool, and the thread that reads and writes every connection
    idle = []
    try:
        for _ in range(2_000):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        started = time.monotonic()
        status, _headers, body = get(port, b"/")
        assert status == 200 and b"Home page" in body
        assert time.monotonic() - started < 2
        assert threads_of(server) == threads_before
        # The newest idle connection is closed once it has been idle for the timeout.
        assert idle[-1].recv(1) == b""
        assert time.monotonic() - started < TIMEOUT + 3
    finally:
        for connection in idle:
            connection.close()
    assert get(port, b"/")[0] == 200


def closed_after(connection: socket.socket, seconds: float) -> bool:
    """True if the server closes the connection within seconds (whatever it sends first), False if it is still
    open then."""
    deadline = time.monotonic() + seconds
    try:
        while (left := deadline - time.monotonic()) > 0:
            connection.settimeout(left)
            if connection.recv(65536) == b"":
                return True
    except TimeoutError:
        return False
    except OSError:  # reset
        return True
    return False


def test_requests_sent_a_few_bytes_at_a_time_hold_up_no_one_and_are_cut_off_once_they_stall(tmp_path, processes):
    """Slow-loris clients, more of them than the server has threads, each sending a header line now and then for
    longer than the idle timeout: they hold no thread, and a normal request is answered at once meanwhile. Once they
    stop sending, each is closed after the idle timeout. (One that goes on sending a little at a time is stopped by
    the size limit of a request line and headers, HEAD_LIMIT bytes: 431, as tested above.)"""
    timeout = 2
    port, server = serve_site(write_site(tmp_path), processes, timeout)
    threads_before = threads_of(server) if Path("/proc/self/status").exists() else None
    slow = [socket.create_connection(("127.0.0.1", port), timeout=1) for _ in range(50)]
    assert len(slow) > THREADS
    try:
        for connection in slow:
            connection.sendall(b"GET / HTTP/1.1\r\n")
        started = time.monotonic()
        answered_after = None
        while time.monotonic() - started < timeout + 1:
            for connection in slow:
                connection.sendall(b"X-Slow: 1\r\n")
            if answered_after is None and time.monotonic() - started > 0.3:
                before = time.monotonic()
                status, _headers, body = get(port, b"/")
                assert status == 200 and b"Home page" in body
                answered_after = time.monotonic() - before
                assert threads_before is None or threads_of(server) == threads_before
            time.sleep(0.1)
        assert answered_after is not None and answered_after < 0.5
        stalled = time.monotonic()
        assert all(closed_after(connection, stalled + timeout + 3 - time.monotonic()) for connection in slow)
        assert timeout - 0.5 < time.monotonic() - stalled < timeout + 3
    finally:
        for connection in slow:
            connection.close()
    assert get(port, b"/")[0] == 200


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts threads through /proc")
def test_open_livereload_pages_hold_no_thread(site, processes):
    """Many more open pages than the server has threads, each asking for the build number on a connection of its
    own, as their script does every half second: every question is answered at once, other pages are served while
    they are asked, the server's threads stay the same, and every page learns of the next build."""
    post = site.post("hello.md", good_post("First title"))
    port = free_port()
    server = start(
        "--livereload", "--port", str(port), "--output", str(site.folder / "output"), "--settings", str(site.settings)
    )
    processes.append(server)
    wait_for(up(port), what="the server")
    threads_before = threads_of(server)
    pages = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(200)]
    assert len(pages) > 10 * THREADS

    def ask_all() -> list[int]:
        """Every page asks at once; the build numbers they are told."""
        for page in pages:
            page.sendall(b"GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answers = [read_answer(page) for page in pages]
        assert all(status == 200 for status, _headers, _body in answers)
        return [json.loads(body)["build"] for _status, _headers, body in answers]

    try:
        started = time.monotonic()
        assert ask_all() == [0] * len(pages)
        assert time.monotonic() - started < 2
        for page in pages:  # questions in flight while a page is asked for
            page.sendall(b"GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        started = time.monotonic()
        assert "First title" in fetch(f"http://127.0.0.1:{port}/")[1]
        assert time.monotonic() - started < 1
        assert all(read_answer(page)[0] == 200 for page in pages)
        assert threads_of(server) == threads_before
        post.write_text(good_post("Second title"), encoding="utf-8")
        wait_for(lambda: ask_all() == [1] * len(pages), what="every page told of the rebuild")
        assert threads_of(server) == threads_before
    finally:
        for page in pages:
            page.close()


@pytest.mark.parametrize("port", ["80a", "99999", "0"])
def test_a_port_that_is_no_port_gets_a_message(port):
    finished = subprocess.run(
        [sys.executable, "-m", "invoke", "serve", "--port", port], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode != 0
    assert "Traceback" not in finished.stderr
    assert f"'{port}' is not a port: write a number from 1 to 65535, such as 8001" in finished.stderr
