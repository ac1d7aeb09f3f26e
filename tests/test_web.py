"""learnlog/web.py, the HTTP client of every command that reads the web: what a fetch does with bodies that end
early, redirects (HEAD kept, a caller declining one, one leading nearer than where the fetch began) and an address
nobody answers at. Real servers on this computer; other tests (test_link_command.py, test_fetch_reading.py,
test_check_links.py) cover the rest through the commands."""

from __future__ import annotations

import gzip
import http.client
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from learnlog.web import WebError, fetch

OPTIONS = {"timeout": 5, "max_bytes": 100_000, "accept": "*/*", "user_agent": "Learnlog tests"}


class Routes(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the paths the tests need; records (method, path) of each request."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.seen.append((self.command, self.path))
        if self.path == "/short":  # promises 1,000 bytes, sends 10, closes
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(b"0123456789")
            self.close_connection = True
        elif self.path.startswith("/to/"):  # /to/<where>: a 301 there
            self.send_response(301)
            self.send_header("Location", self.path.removeprefix("/to/").replace("PORT", str(self.server.port)))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/status/"):  # /status/<code>: that error status
            self.send_error(int(self.path.removeprefix("/status/")))
        elif self.path == "/page":
            body = b"<p>the page</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)
        else:
            self.send_error(404)

    do_HEAD = do_GET

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    web = ThreadingHTTPServer(("0.0.0.0", 0), Routes)  # every address of this computer: the nearness test uses two
    web.daemon_threads = True
    web.port = web.server_address[1]
    web.seen = []
    threading.Thread(target=web.serve_forever, daemon=True).start()
    yield web
    web.shutdown()
    web.server_close()


def test_a_body_shorter_than_its_content_length_is_cut_short(server):
    response = fetch(f"http://127.0.0.1:{server.port}/short", **OPTIONS)
    assert response.body == b"0123456789"
    assert response.cut_short == "10 of the 1,000 bytes its Content-Length header announced"
    whole = fetch(f"http://127.0.0.1:{server.port}/page", **OPTIONS)
    assert whole.body == b"<p>the page</p>" and whole.cut_short == ""
    head = fetch(f"http://127.0.0.1:{server.port}/short", **OPTIONS, method="HEAD")  # no body is no cut body
    assert head.body == b"" and head.cut_short == ""


def test_a_head_request_stays_a_head_request_after_a_redirect(server):
    server.seen.clear()
    response = fetch(f"http://127.0.0.1:{server.port}/to/http://127.0.0.1:PORT/page", **OPTIONS, method="HEAD")
    assert response.status == 200 and response.redirects == (301,)
    assert server.seen == [("HEAD", "/to/http://127.0.0.1:PORT/page"), ("HEAD", "/page")]


def test_a_redirect_the_caller_declines_is_the_answer_and_is_not_asked(server):
    server.seen.clear()
    asked = []

    def follow(address: str) -> bool:
        asked.append(address)
        return False

    start = f"http://127.0.0.1:{server.port}/to/http://localhost:PORT/page"
    response = fetch(start, **OPTIONS, follow=follow)
    assert asked == [f"http://localhost:{server.port}/page"]
    assert (response.status, response.unfollowed, response.body, response.url) == (301, asked[0], b"", start)
    assert response.headers["Location"] == asked[0] and response.visited == (start,) and response.redirects == ()
    assert server.seen == [("GET", "/to/http://localhost:PORT/page")]
    followed = fetch(start, **OPTIONS, follow=lambda address: True)
    assert followed.status == 200 and followed.unfollowed == "" and followed.body == b"<p>the page</p>"


def test_nothing_listening_is_not_told_as_being_offline():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(WebError) as caught:
        fetch(f"http://127.0.0.1:{port}/", **OPTIONS)
    assert caught.value.kind == "refused"
    assert str(caught.value).startswith("could not reach 127.0.0.1: nothing answers at that address (")
    assert "offline" not in str(caught.value)


def own_network_address() -> str | None:
    """An IPv4 address of this computer that is not a loopback one (the address it has on its network), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface a packet would leave by
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_redirect_from_the_network_to_this_computer_is_refused(server):
    address = own_network_address()
    if address is None:
        pytest.skip("this computer has no network address besides 127.0.0.1, so there is nothing nearer to go to")
    server.seen.clear()
    with pytest.raises(WebError) as caught:
        fetch(f"http://{address}:{server.port}/to/http://127.0.0.1:PORT/page", **OPTIONS)
    assert str(caught.value) == (
        f"127.0.0.1 (where {address} sent you) is on this computer, and a site on your network may not send you "
        "there, so it was not opened"
    )
    assert ("GET", "/page") not in server.seen
    same = fetch(f"http://127.0.0.1:{server.port}/to/http://{address}:PORT/page", **OPTIONS)  # farther is fine
    assert same.status == 200


@pytest.mark.parametrize(
    ("status", "advice"),
    [
        (404, "404 Not Found for that address: check it"),
        (410, "410 Gone for that address: the page was taken away for good; take the address out, or look for where "
              "it went"),
        (403, "403 Forbidden for that address: the site does not let Learnlog read it; open it in a browser to check"),
        (429, "429 Too Many Requests for that address: the site has trouble of its own (or is asked too often); try "
              "again later"),
        (503, "503 Service Unavailable for that address: the site has trouble of its own (or is asked too often); "
              "try again later"),
    ],
)  # fmt: skip
def test_an_error_status_says_whether_the_address_the_site_or_the_moment_is_to_blame(server, status, advice):
    with pytest.raises(WebError) as caught:
        fetch(f"http://127.0.0.1:{server.port}/status/{status}", **OPTIONS)
    assert str(caught.value) == f"127.0.0.1 answered {advice}"
    assert (caught.value.kind, caught.value.status) == ("status", status)


class Forwarding(BaseHTTPRequestHandler):
    """A forwarding HTTP proxy: asks the address in the request line itself, and hands the answer back as it came
    (a redirect too, unfollowed); records each address asked."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.asked.append(self.path)
        parts = urlsplit(self.path)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.request("GET", parts.path or "/", headers={"Host": parts.netloc})
        answer = connection.getresponse()
        body = answer.read()
        self.send_response(answer.status)
        for name in ("Location", "Content-Type"):
            if answer.getheader(name):
                self.send_header(name, answer.getheader(name))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        connection.close()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def proxy(monkeypatch):
    web = ThreadingHTTPServer(("127.0.0.1", 0), Forwarding)
    web.daemon_threads, web.asked = True, []
    threading.Thread(target=web.serve_forever, daemon=True).start()
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{web.server_address[1]}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    yield web
    web.shutdown()
    web.server_close()


def test_through_a_proxy_a_redirect_nearer_is_refused_by_where_the_name_leads(server, proxy):
    address = own_network_address()
    if address is None:
        pytest.skip("this computer has no network address besides 127.0.0.1, so there is nothing nearer to go to")
    first = f"http://{address}:{server.port}/to/http://localhost:PORT/page"
    with pytest.raises(WebError, match=r"^localhost \(where .* sent you\) is on this computer, and a site on your "):
        fetch(first, **OPTIONS)
    assert proxy.asked == [first]  # the proxy never asked this computer's page
    farther = fetch(f"http://localhost:{server.port}/to/http://{address}:PORT/page", **OPTIONS)
    assert farther.status == 200 and len(proxy.asked) == 3


def test_a_compressed_body_cut_before_its_end_is_cut_short():
    whole = gzip.compress(b"<p>" + b"words " * 2_000 + b"</p>")
    cut = whole[: len(whole) * 2 // 3]

    class Cut(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(cut)))  # the length matches: only the gzip stream is cut
            self.end_headers()
            self.wfile.write(cut)

        def log_message(self, format, *args):
            pass

    web = ThreadingHTTPServer(("127.0.0.1", 0), Cut)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        response = fetch(f"http://127.0.0.1:{web.server_address[1]}/", **OPTIONS)
    finally:
        web.shutdown()
        web.server_close()
    assert response.cut_short == "the compressed answer ended before its end" and response.body
