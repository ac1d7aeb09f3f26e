"""`invoke check-links`: every saved address checked politely, the results kept in content/link-checks.yaml, and a
dead link's archive link on the site.

Most tests are pure: the two-failures rule (link_notes/link_checks.py `after`) with the dates given, the results
file's bytes and its problems. A few run the command (learnlog.check_links, as the task calls it) against real
servers on 127.0.0.1 and 127.0.0.2 (ThreadingHTTPServer, each request recorded with its method and how many were
answered at once), a port with nothing listening, a port that never answers, and `.invalid` names (RFC 2606: no
DNS answers them, so no network is needed). A site on the internet that answers is a name reached through a real
HTTP proxy on 127.0.0.1 (http_proxy, as urllib reads it). Real builds show the archive link, or not.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Site
from feed_checks import atom_items, json_items, rfc4287_problems, rss_items
from hypothesis import given, settings
from hypothesis import strategies as st
from link_notes.link_checks import FIX, RESULT_WORDS, Check, after, archive_address, changes, dumps, loads

from learnlog.check_links import CheckLinksError, _on_internet, check_links, main, report_lines
from learnlog.serve import snapshot, watched_paths
from learnlog.settings_rules import problems as settings_problems
from learnlog.web import WebError, fetch

DAY = date(2026, 11, 20)
URL = "https://example.org/spaced-practice"


# The two-failures rule, with the dates given


def test_two_failures_a_week_apart_make_an_address_dead_and_a_success_clears_it():
    first = after(None, URL, 404, "", DAY)
    assert (first.failing_since, first.gone_since, first.dead) == (DAY, DAY, False)
    assert changes(None, first) == ("failing",)
    second = after(first, URL, 404, "", DAY + timedelta(days=3))
    assert (second.failing_since, second.dead) == (DAY, False)
    assert changes(first, second) == ()
    third = after(second, URL, 410, "", DAY + timedelta(days=8))
    assert third.dead and third.dead_since == DAY + timedelta(days=8) and third.failing_since == DAY
    assert changes(second, third) == ("dead",)
    fourth = after(third, URL, "no-host", "", DAY + timedelta(days=9))
    assert fourth.dead_since == third.dead_since and changes(third, fourth) == ()
    back = after(fourth, URL, 200, "", DAY + timedelta(days=10))
    assert back == Check(URL, DAY + timedelta(days=10), 200)
    assert changes(fourth, back) == ("recovered",)


def test_two_failures_less_than_a_week_apart_are_not_enough():
    failing = after(after(None, URL, 404, "", DAY), URL, 404, "", DAY + timedelta(days=6))
    assert not failing.dead
    assert after(failing, URL, 404, "", DAY + timedelta(days=7)).dead


@pytest.mark.parametrize("result", [500, 503, "timeout", "refused", "tls", "error", 403, 429])
def test_server_errors_timeouts_and_refusals_never_make_an_address_dead(result):
    record = None
    for day in range(0, 30, 5):
        record = after(record, URL, result, "", DAY + timedelta(days=day))
    assert not record.dead and record.failing_since == DAY and record.gone_since is None


def test_the_week_counts_from_the_first_404_not_from_the_first_failure():
    record = after(None, URL, 503, "", DAY)
    record = after(record, URL, 404, "", DAY + timedelta(days=5))
    record = after(record, URL, 404, "", DAY + timedelta(days=8))  # 3 days after the first 404
    assert not record.dead and record.failing_since == DAY and record.gone_since == DAY + timedelta(days=5)
    record = after(record, URL, "timeout", "", DAY + timedelta(days=10))
    record = after(record, URL, 404, "", DAY + timedelta(days=12))
    assert record.dead


def test_a_success_between_two_failures_starts_the_count_again():
    record = after(None, URL, 404, "", DAY)
    record = after(record, URL, 200, "", DAY + timedelta(days=4))
    record = after(record, URL, 404, "", DAY + timedelta(days=8))
    assert not record.dead and record.failing_since == DAY + timedelta(days=8)


def test_a_redirect_to_another_site_is_an_answer_and_is_told_once():
    failing = after(None, URL, 404, "", DAY)
    moved = after(failing, URL, 301, "https://other.example/new", DAY + timedelta(days=8))
    assert moved.ok and not moved.dead and moved.redirect == "https://other.example/new"
    assert changes(failing, moved) == ("recovered", "redirected")
    again = after(moved, URL, 301, "https://other.example/new", DAY + timedelta(days=9))
    assert changes(moved, again) == ()
    assert changes(again, after(again, URL, 302, "https://third.example/", DAY + timedelta(days=10))) == ("redirected",)


def test_the_archive_link_is_pinned_to_the_day_the_link_was_saved():
    assert archive_address(URL, date(2026, 11, 23)) == f"https://web.archive.org/web/20261123/{URL}"


# The results file


def test_the_same_results_give_the_same_bytes_whatever_their_order():
    checks = [
        after(after(None, URL, 404, "", DAY), URL, 404, "", DAY + timedelta(days=8)),
        after(None, "https://b.example/x", 302, "https://c.example/y", DAY),
        after(None, 'https://a.example/é?q="quoted"\u200b', "timeout", "", DAY),
        after(None, "http://z.example/", 200, "", DAY),
    ]
    data = dumps(checks)
    assert data == dumps(reversed(checks)) == dumps(sorted(checks, key=lambda check: check.result != 200))
    read, problems = loads(data)
    assert problems == []
    assert sorted(read.values(), key=lambda check: check.url) == sorted(checks, key=lambda check: check.url)
    assert dumps(read.values()) == data
    text = data.decode()
    assert text.startswith("# ") and text.endswith("\n") and "\\u200b" in text
    assert text.index("a.example") < text.index("b.example") < text.index("example.org") < text.index("z.example")
    assert dumps([]).decode().endswith("[]\n") and loads(dumps([])) == ({}, [])


def test_a_hand_broken_results_file_is_told_with_its_lines():
    raw = (
        b"- url: https://example.org/a\n"
        b"  checked: 2026-11-20\n"
        b"  result: 200\n"
        b"- url: example.org/b\n"
        b"  checked: 2026-11-31\n"  # no such day
        b"  reslt: 404\n"
        b"- url: https://example.org/c\n"
        b"  checked: 2026-11-20\n"
        b"  result: 1000\n"
        b"- url: HTTPS://example.org/a/\n"  # the page of line 1, written another way
        b"  checked: 2026-11-20\n"
        b"  result: 200\n"
    )
    checks, problems = loads(raw)
    assert [line for line, _ in problems] == [4, 5, 6, 4, 9, 10]
    said = [message for _, message in problems]
    assert said[0].startswith("'url' must be a full web address")
    assert said[1].startswith("'checked' must be a date written as 2026-11-30, got \"2026-11-31\"")
    assert said[2] == "unknown field 'reslt' in a checked address; did you mean 'result'?"
    assert said[3] == "this checked address has no 'result'; add a line such as 'result: 200', or delete the entry"
    assert said[4].startswith("'result' must be an HTTP status from 100 to 999 or one of no-host, refused")
    linkedin = b"- url: https://www.linkedin.example/in/x\n  checked: 2026-11-20\n  result: 999\n"
    assert loads(linkedin)[1] == []  # a site's own status (LinkedIn answers robots 999) is recorded as it came
    assert said[5] == '"HTTPS://example.org/a/" is checked twice (also on line 1); keep one'
    assert [check.line for check in checks.values()] == [1]
    assert loads(b"- url: https://example.org/\n  checked: 2026-11-20\n\tresult: 200\n")[1][0][0] == 3
    assert loads(b"url: https://example.org/\n")[1][0][0] == 1
    assert loads(b"ok\n\xff\xfe")[1][0][0] == 2
    quoted = loads(b"- url: https://example.org/\n  checked: '2026-11-20'\n  result: 200\n")[1]
    assert quoted == [(2, "'checked' must be a date written as 2026-11-30, without quotes, got \"2026-11-20\"; " + FIX)]
    marked = b"- url: https://example.org/\n  checked: 2026-11-20\n  result: 404\n  alive: %s\n"
    for written in (b"yes", b'"yes"', b"'Yes'", b"true"):  # however a person writes yes
        assert next(iter(loads(marked % written)[0].values())).alive, written
    for written in (b"no", b"maybe", b"1"):
        [(line, message)] = loads(marked % written)[1]
        assert line == 4 and message.startswith("'alive' can only be yes"), written


def test_dates_that_cannot_fit_together_are_told_with_their_lines_and_the_fix():
    raw = (
        b"- url: https://example.org/a\n"  # gone before its failures began, and dead after its last check
        b"  checked: 2026-11-20\n"
        b"  result: 404\n"
        b"  failing_since: 2026-11-10\n"
        b"  gone_since: 2026-11-05\n"
        b"  dead_since: 2026-11-25\n"
        b"- url: https://example.org/b\n"  # failing, though its last check succeeded
        b"  checked: 2026-11-20\n"
        b"  result: 200\n"
        b"  failing_since: 2026-11-10\n"
        b"- url: https://example.org/c\n"  # dead, but never gone
        b"  checked: 2026-11-20\n"
        b"  result: 404\n"
        b"  failing_since: 2026-11-10\n"
        b"  dead_since: 2026-11-20\n"
        b"- url: https://example.org/d\n"  # as the command writes it: fine
        b"  checked: 2026-11-20\n"
        b"  result: 410\n"
        b"  failing_since: 2026-11-10\n"
        b"  gone_since: 2026-11-12\n"
        b"  dead_since: 2026-11-20\n"
    )
    checks, problems = loads(raw)
    assert [line for line, _ in problems] == [5, 6, 10, 15]
    fix = "or delete the entry (invoke check-links checks the address again)"
    said = [message for _, message in problems]
    assert said[0].startswith("'gone_since' (2026-11-05) is before 'failing_since' (2026-11-10); failing_since")
    assert said[1].startswith("'dead_since' (2026-11-25) is after 'checked' (2026-11-20), the day of the last check")
    assert said[2] == (
        "'failing_since' says the address is failing, but its last check succeeded (200 OK); delete 'failing_since', "
        f"or correct 'result', {fix}"
    )
    assert said[3].startswith("'dead_since' needs a 'gone_since' line (the first 404, 410 or no-host among them)")
    assert all(message.endswith(fix) for message in said)
    assert [check.url for check in checks.values()] == ["https://example.org/d"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=12),
            st.sampled_from([200, 301, 404, 410, 503, 999, *RESULT_WORDS]),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
def test_every_record_the_two_failures_rule_writes_is_read_back_as_it_was(steps, alive):
    """Whatever the checks find, day after day, the file the command writes is one the build reads without a
    problem: the dates always fit together, and the author's mark is kept."""
    record = Check(URL, DAY, 200, alive=alive)
    day = DAY
    for days, result, moved in steps:
        day += timedelta(days=days)
        redirect = "https://other.example/new" if moved and result == 301 else ""
        record = after(record, URL, result, redirect, day)
        read, problems = loads(dumps([record]))
        assert problems == [], (record, problems)
        assert list(read.values()) == [record] and record.alive == alive
        assert not (alive and record.dead)


# The command, against real servers


class Seen(BaseHTTPRequestHandler):
    """Answers by path (ROUTES); records (method, path, User-Agent) and how many requests it answers at once."""

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        server = self.server
        with server.lock:
            server.seen.append((self.command, self.path, self.headers.get("User-Agent")))
            server.active += 1
            server.most = max(server.most, server.active)
            shared = server.shared
        if shared is not None:
            shared.enter()
        try:
            self.route()
        finally:
            with server.lock:
                server.active -= 1
            if shared is not None:
                shared.leave()

    def route(self):
        path, head = self.path, self.command == "HEAD"
        if self.server.portal:  # a captive portal: every page sends you to its sign-in page
            self.send_response(302)
            self.send_header("Location", self.server.portal)
            self.end_headers()
        elif path in self.server.statuses:
            self.plain(self.server.statuses[path])
        elif path == "/ok" or path == "/ok-target" or path.startswith("/slow"):
            if path.startswith("/slow"):
                time.sleep(0.25)
            self.plain(200)
        elif path == "/moved-away":  # to another site: no DNS answers a .invalid name
            self.send_response(301)
            self.send_header("Location", "http://other.invalid/new-place")
            self.end_headers()
        elif path == "/here":  # within the site: followed
            self.send_response(302)
            self.send_header("Location", "/ok-target")
            self.end_headers()
        elif path == "/wait":  # answers once the test lets it (Server.release)
            self.server.release.wait(5)
            self.plain(200)
        elif path == "/elsewhere":  # to another site that answers (Server.elsewhere)
            self.send_response(302)
            self.send_header("Location", f"{self.server.elsewhere}/landing")
            self.end_headers()
        elif path == "/head-refused":
            self.plain(405 if head else 200)
        elif path == "/head-wrong":  # some servers answer HEAD with 404 and GET with the page
            self.plain(404 if head else 200)
        elif path == "/endless":  # HEAD refused; a GET's page never ends: reading all of it would time out
            if head:
                self.plain(405)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            ends = time.monotonic() + 5
            try:
                while time.monotonic() < ends:
                    self.wfile.write(b"<p>more and more</p>" * 50)
                    # The client sends nothing more: the socket turns readable only when it leaves, and this request
                    # then ends at once (not at the next write), before the client's next request can begin.
                    if select.select([self.connection], [], [], 0.01)[0]:
                        raise ConnectionResetError("the client left")
            except OSError:
                self.server.left_endless = True
        else:
            self.plain({"/missing": 404, "/gone": 410, "/broken": 503}.get(path, 404))

    def plain(self, status: int):
        body = b"<html><head><title>A page</title></head><body>Words.</body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Together:
    """How many requests two servers answer at the same moment, at most."""

    def __init__(self):
        self.lock, self.active, self.most = threading.Lock(), 0, 0

    def enter(self):
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)

    def leave(self):
        with self.lock:
            self.active -= 1


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, shared: Together | None = None):
        self.seen: list[tuple[str, str, str]] = []
        self.statuses: dict[str, int] = {}  # path -> status, set by a test
        self.lock = threading.Lock()
        self.active = self.most = 0
        self.shared = shared
        self.left_endless = False
        self.release = threading.Event()
        self.elsewhere = ""  # where /elsewhere sends readers
        self.portal = ""  # set: every request is sent on there, as a captive portal does
        super().__init__((host, 0), Seen)
        self.url = f"http://{host}:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()

    def asked(self, path: str) -> list[str]:
        return [method for method, seen_path, _ in self.seen if seen_path == path]


@pytest.fixture
def web():
    server = Server("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def nothing_listening() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def never_answers():
    """A port on 127.0.0.1 that takes connections (the system's backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield sock.getsockname()[1]
    sock.close()


def links_site(tmp_path: Path, urls: list[str], settings: str = "") -> Site:
    """A site whose week file saves `urls`, one note of 5 lines each (the first at line 1)."""
    site = Site(tmp_path, settings + "LINK_CHECK_REQUEST_TIMEOUT = 1\n")
    site.links(
        "2026-W47.yaml",
        "".join(
            f"- url: {url}\n  title: Page {n}\n  date: 2026-11-20 09:{n:02d}\n  tags: [memory]\n  note: A note.\n"
            for n, url in enumerate(urls)
        ),
    )
    return site


def results(site: Site) -> dict[str, Check]:
    checks, problems = loads((site.content / "link-checks.yaml").read_bytes())
    assert problems == []
    return {check.url: check for check in checks.values()}


def test_each_kind_of_answer_is_recorded_and_redirects_are_told_not_followed_into_the_note(
    tmp_path, web, nothing_listening, never_answers
):
    urls = {
        "ok": f"{web.url}/ok",
        "moved": f"{web.url}/moved-away",
        "here": f"{web.url}/here",
        "missing": f"{web.url}/missing",
        "gone": f"{web.url}/gone",
        "head-refused": f"{web.url}/head-refused",
        "head-wrong": f"{web.url}/head-wrong",
        "endless": f"{web.url}/endless",
        "broken": f"{web.url}/broken",
        "refused": f"http://127.0.0.1:{nothing_listening}/page",
        "timeout": f"http://127.0.0.1:{never_answers}/page",
    }
    site = links_site(tmp_path, list(urls.values()))
    notes = (site.content / "links" / "2026-W47.yaml").read_bytes()
    report = check_links(site.settings, today=DAY)
    found = {name: results(site)[url] for name, url in urls.items()}
    # The endless page gives 200: only its first part was read (reading on would have ended in a timeout).
    assert {name: check.result for name, check in found.items()} == {
        "ok": 200, "moved": 301, "here": 200, "missing": 404, "gone": 410, "head-refused": 200, "head-wrong": 200,
        "endless": 200, "broken": 503, "refused": "refused", "timeout": "timeout",
    }  # fmt: skip
    assert found["moved"].redirect == "http://other.invalid/new-place" and found["moved"].ok
    assert all(not check.redirect for name, check in found.items() if name != "moved")
    assert all(check.checked == DAY for check in found.values())
    assert {name for name, check in found.items() if check.failing_since == DAY} == {
        "missing", "gone", "broken", "refused", "timeout"
    }  # fmt: skip
    assert (site.content / "links" / "2026-W47.yaml").read_bytes() == notes  # the note is never changed
    # HEAD first; a GET only when the HEAD failed with an answer; a redirect within the site followed.
    assert web.asked("/ok") == ["HEAD"]
    assert web.asked("/moved-away") == ["HEAD"]
    # A redirected HEAD stays a HEAD (urllib alone would ask with GET before Python 3.13).
    assert web.asked("/here") == ["HEAD"] and web.asked("/ok-target") == ["HEAD"]
    assert web.asked("/missing") == ["HEAD", "GET"] and web.asked("/head-refused") == ["HEAD", "GET"]
    assert web.asked("/head-wrong") == ["HEAD", "GET"] and web.asked("/broken") == ["HEAD", "GET"]
    assert {agent for _, _, agent in web.seen} == {"Learnlog link checker"}  # localhost is no address to name
    assert web.most == 1
    for _ in range(50):  # the endless page was given up after its first part
        if web.left_endless:
            break
        time.sleep(0.1)
    assert web.left_endless
    # The report: what changed, with each note's file and line.
    text = "\n".join(report_lines(report))
    place = {name: f"content/links/2026-W47.yaml:{5 * n + 1}" for n, name in enumerate(urls)}
    assert "Checked 11 addresses on 1 site" in text
    assert "Newly failing (5):" in text and "Newly dead" not in text
    assert f"{place['missing']}: {urls['missing']}: 404 Not Found" in text
    assert "Redirected to another site" in text
    moved = f"{urls['moved']} now sends readers to http://other.invalid/new-place (301 Moved Permanently)"
    assert f"{place['moved']}: {moved}" in text  # whole addresses: the new one can be pasted into the note
    assert "Results saved in content/link-checks.yaml: commit it" in text


def test_a_link_found_gone_twice_a_week_apart_is_dead_until_it_answers_again(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/toggle", f"{web.url}/broken", f"{web.url}/ok"])
    web.statuses["/toggle"] = 404
    place = "content/links/2026-W47.yaml:1"

    def run(day: date) -> tuple[Check, str]:
        report = check_links(site.settings, today=day)
        return results(site)[f"{web.url}/toggle"], "\n".join(report_lines(report))

    first, text = run(DAY)
    assert (first.failing_since, first.dead) == (DAY, False) and f"{place}: {web.url}/toggle: 404" in text
    second, text = run(DAY + timedelta(days=3))
    assert (second.failing_since, second.dead) == (DAY, False) and "Nothing changed since the last check." in text
    assert "Still dead: 0; still failing: 2." in text
    assert "Still dead: 0; still failing: 2; still sent on to another site" not in text
    third, text = run(DAY + timedelta(days=8))
    assert third.dead_since == DAY + timedelta(days=8)
    assert "Newly dead (1): each failed twice, at least 7 days apart" in text and f"{place}: {web.url}/toggle" in text
    assert not results(site)[f"{web.url}/broken"].dead  # a 503 for 8 days: reported, never dead
    web.statuses["/toggle"] = 200
    fourth, text = run(DAY + timedelta(days=9))
    assert fourth == Check(f"{web.url}/toggle", DAY + timedelta(days=9), 200)
    assert f"Recovered (1): they answer again.\n  {place}: {web.url}/toggle: 200 OK" in text


def test_one_request_at_a_time_per_site_and_sites_at_once(tmp_path):
    together = Together()
    one, two = Server("127.0.0.1", together), Server("127.0.0.2", together)
    try:
        urls = [f"{server.url}/slow-{n}" for server in (one, two) for n in range(4)]
        site = links_site(tmp_path, urls)
        check_links(site.settings, today=DAY)
        assert one.most == 1 and two.most == 1  # one request at a time on each site
        assert together.most == 2  # the two sites at once
        assert len(one.seen) == len(two.seen) == 4
    finally:
        one.stop()
        two.stop()


def test_each_address_is_checked_once_however_often_it_was_saved(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/ok", f"{web.url}/ok/", f"{web.url}/ok?utm_source=x"])
    report = check_links(site.settings, today=DAY)
    assert web.asked("/ok") == ["HEAD"] and len(web.seen) == 1
    assert list(results(site)) == [f"{web.url}/ok"]
    ((saved, _, _, _),) = report.checked
    assert saved.places == tuple(f"content/links/2026-W47.yaml:{line}" for line in (1, 6, 11))


def test_nothing_is_recorded_when_no_site_answers(tmp_path, nothing_listening):
    site = links_site(tmp_path, ["http://nothing.invalid/a", f"http://127.0.0.1:{nothing_listening}/b"])
    with pytest.raises(CheckLinksError, match="is this computer offline"):
        check_links(site.settings, today=DAY)
    assert not (site.content / "link-checks.yaml").exists()


def test_the_deadline_leaves_the_rest_for_the_next_run(tmp_path, web, never_answers):
    site = links_site(
        tmp_path, [f"http://127.0.0.1:{never_answers}/a", f"http://127.0.0.1:{never_answers}/b"],
        settings="LINK_CHECK_TIMEOUT = 1\n",
    )  # fmt: skip
    (site.content / "link-checks.yaml").write_bytes(dumps([Check(f"{web.url}/gone-from-notes", DAY, 404)]))
    report = check_links(site.settings, today=DAY)
    assert report.checked == [] and len(report.not_checked) == 2
    assert "not checked before the deadline (LINK_CHECK_TIMEOUT, 1 second): 2" in "\n".join(report_lines(report))
    assert results(site) == {}  # an address no note saves any more is left out


def test_a_broken_results_file_stops_the_command_with_its_line(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/ok"])
    broken = b"- url: https://example.org/\n  checked: yesterday\n  result: 200\n"
    (site.content / "link-checks.yaml").write_bytes(broken)
    with pytest.raises(CheckLinksError, match=r"content/link-checks.yaml:2: 'checked' must be a date"):
        check_links(site.settings, today=DAY)
    assert web.seen == [] and (site.content / "link-checks.yaml").read_bytes() == broken


def test_web_errors_say_what_failed(web, nothing_listening, never_answers):
    def failure(url: str, timeout: float = 2) -> WebError:
        with pytest.raises(WebError) as caught:
            fetch(url, timeout=timeout, max_bytes=100, accept="*/*", user_agent="test", method="HEAD")
        return caught.value

    missing = failure(f"{web.url}/missing")
    assert (missing.kind, missing.status, missing.visited) == ("status", 404, (f"{web.url}/missing",))
    moved = failure(f"{web.url}/moved-away")
    assert (moved.kind, moved.redirects, moved.visited[-1]) == ("no-host", (301,), "http://other.invalid/new-place")
    assert failure(f"http://127.0.0.1:{nothing_listening}/").kind == "refused"
    assert (failure(f"http://127.0.0.1:{never_answers}/", 0.5).kind, missing.status) == ("timeout", 404)
    assert failure("http://nothing.invalid/").status is None


@pytest.fixture
def proxy(monkeypatch):
    """A real HTTP proxy on 127.0.0.1 that stands for the internet: every request for a site name goes through it
    (http_proxy), but for 127.0.0.1, localhost and .invalid names (no_proxy), which are asked as they are. It
    answers the addresses in its `statuses` (full addresses), 404 to the others."""
    server = Server("127.0.0.1")
    monkeypatch.setenv("http_proxy", server.url)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,.invalid")
    yield server
    server.stop()


def test_nothing_is_recorded_when_only_sites_on_this_computer_answer(tmp_path, web, capsys):
    # No name lookup succeeds (a captive portal, a broken resolver), but a server on this computer answers.
    port = web.server_address[1]
    urls = [f"http://site-{n}.invalid/page" for n in range(3)] + [f"{web.url}/ok", f"http://localhost:{port}/ok"]
    site = links_site(tmp_path, urls)
    assert main(["--settings", str(site.settings)]) == 1
    said = capsys.readouterr().err
    assert (
        "Nothing was recorded: no site on the internet answered (3 addresses on 3 sites checked, none with an answer; "
        "only sites on this computer or its local network did): is this computer offline" in said
    )
    assert "Run invoke check-links again once you can open web pages." in said
    assert not (site.content / "link-checks.yaml").exists()
    assert web.asked("/ok") == ["HEAD", "HEAD"]  # 127.0.0.1 and localhost both answered


def test_a_site_gone_among_sites_on_the_internet_that_answer_is_recorded(tmp_path, proxy):
    proxy.statuses["http://site.example/page"] = 200
    site = links_site(tmp_path, ["http://site.example/page", "http://nothing.invalid/page"])
    report = check_links(site.settings, today=DAY)
    assert {url: check.result for url, check in results(site).items()} == {
        "http://site.example/page": 200,
        "http://nothing.invalid/page": "no-host",
    }
    assert results(site)["http://nothing.invalid/page"].failing_since == DAY
    assert proxy.asked("http://site.example/page") == ["HEAD"]
    text = "\n".join(report_lines(report))
    assert "content/links/2026-W47.yaml:6: http://nothing.invalid/page: no such site (its name is not in DNS)" in text


def test_nothing_is_recorded_when_every_site_on_the_internet_sends_you_to_one_sign_in_page(tmp_path, proxy):
    proxy.portal = "http://wifi.portal.example/login?from=hotel"
    urls = ["http://one.example/a", "http://two.example/b", "http://three.example/c", "http://three.example/d"]
    site = links_site(tmp_path, urls)
    (site.content / "link-checks.yaml").write_bytes(
        dumps([Check("http://one.example/a", DAY - timedelta(days=8), 404, DAY - timedelta(days=8),
                     DAY - timedelta(days=8))])
    )  # fmt: skip
    before = (site.content / "link-checks.yaml").read_bytes()
    with pytest.raises(CheckLinksError) as stopped:
        check_links(site.settings, today=DAY)
    assert str(stopped.value).startswith(
        "every site on the internet sent you on to wifi.portal.example (3 sites): does this computer's network want "
        "you to sign in first, as in a hotel or a café?"
    )
    assert (site.content / "link-checks.yaml").read_bytes() == before  # the link stays failing, not recovered
    proxy.portal = ""
    two = links_site(tmp_path / "two", urls[:2])  # two sites sent on to one place: nothing odd about that
    check_links(two.settings, today=DAY)


def test_nothing_is_recorded_when_every_site_answers_one_error_or_most_names_are_not_found(tmp_path, proxy):
    # The proxy answers 404 for every address it is not told of: a network answering for the sites.
    urls = ["http://one.example/a", "http://two.example/b", "http://three.example/c"]
    site = links_site(tmp_path, urls)
    with pytest.raises(CheckLinksError, match=r"^every site on the internet answered 404 Not Found \(3 sites\): that"):
        check_links(site.settings, today=DAY)
    assert not (site.content / "link-checks.yaml").exists()
    # A name server that fails while a proxy reaches one site: 3 of 4 sites not found by name.
    proxy.statuses["http://one.example/a"] = 200
    names = links_site(tmp_path / "names", [urls[0], *(f"http://gone-{n}.invalid/x" for n in range(3))])
    with pytest.raises(
        CheckLinksError, match=r"^3 of the 4 sites on the internet could not be found by name: the name"
    ):
        check_links(names.settings, today=DAY)
    assert not (names.content / "link-checks.yaml").exists()
    # One site gone among three that answer, with their own statuses: recorded.
    proxy.statuses["http://two.example/b"] = 200
    normal = links_site(tmp_path / "normal", [*urls, "http://gone.invalid/x"])
    check_links(normal.settings, today=DAY)
    assert results(normal)["http://gone.invalid/x"].result == "no-host"
    assert results(normal)["http://three.example/c"].result == 404


@pytest.mark.parametrize(
    ("url", "on_internet"),
    [
        ("http://example.org/", True),
        ("http://nothing.invalid/", True),  # asked of DNS, which says no
        ("http://93.184.215.14/", True),
        ("http://[2606:4700::1]/", True),
        ("http://127.0.0.1:8000/", False),
        ("http://127.1/", False),  # 127.0.0.1, as name lookups read it
        ("http://2130706433/", False),  # 127.0.0.1 too
        ("http://192.168.1.20/", False),
        ("http://10.0.0.1/", False),
        ("http://169.254.1.1/", False),
        ("http://[::1]/", False),
        ("http://[::ffff:127.0.0.1]/", False),
        ("http://[fe80::1]/", False),
        ("http://localhost:8000/", False),
        ("http://LOCALHOST./", False),
        ("http://blog.localhost/", False),
        ("http://nas.local/", False),
        ("http://printer.home.arpa/", False),
        ("http://wiki/", False),  # a name without a dot: the local network's
    ],
)
def test_which_addresses_are_on_the_internet(url, on_internet):
    assert _on_internet(url) is on_internet


def test_a_second_run_stops_at_once_while_one_is_running(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/wait"])
    first: dict[str, object] = {}

    def run_first():
        try:
            first["report"] = check_links(site.settings, today=DAY)
        except Exception as error:  # told by the assertion below
            first["error"] = error

    thread = threading.Thread(target=run_first)
    thread.start()
    try:
        for _ in range(100):  # the first run is checking its address
            if web.seen:
                break
            time.sleep(0.01)
        assert web.seen
        started = time.monotonic()
        with pytest.raises(CheckLinksError, match="another invoke check-links is already checking this site's links"):
            check_links(site.settings, today=DAY)
        assert time.monotonic() - started < 0.5 and len(web.seen) == 1  # at once, asking nothing
    finally:
        web.release.set()
        thread.join(5)
    assert "error" not in first and results(site)[f"{web.url}/wait"].result == 200
    check_links(site.settings, today=DAY + timedelta(days=1))  # once it ended, a run goes ahead
    assert len(web.seen) == 2


def test_a_redirect_to_another_site_is_not_followed_outside_that_sites_turn(tmp_path, web):
    other = Server("127.0.0.2")
    try:
        web.elsewhere = other.url
        site = links_site(tmp_path, [f"{web.url}/elsewhere"])
        check_links(site.settings, today=DAY)
        assert results(site)[f"{web.url}/elsewhere"].redirect == f"{other.url}/landing"
        assert other.seen == []  # the other site was not asked in this site's turn
        text = "\n".join(report_lines(check_links(site.settings, today=DAY + timedelta(days=1))))
        assert "Nothing changed since the last check." in text  # told once; then counted, with where to look
        assert "Still dead: 0; still failing: 0; still sent on to another site: 1 (their redirect in " in text
    finally:
        other.stop()


def test_a_check_dated_after_today_stops_the_command(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/ok"])
    written = dumps([Check(f"{web.url}/ok", DAY + timedelta(days=2), 200)])
    (site.content / "link-checks.yaml").write_bytes(written)
    with pytest.raises(CheckLinksError, match=r"content/link-checks.yaml:3: the last check of .* is dated 2026-11-22, "
                                              r"after today, 2026-11-20 in the site's time zone; is this computer's "
                                              r"clock right\?"):  # fmt: skip
        check_links(site.settings, today=DAY)
    assert web.seen == [] and (site.content / "link-checks.yaml").read_bytes() == written


def test_an_address_marked_as_working_keeps_its_mark_and_is_never_dead(tmp_path, web):
    site = links_site(tmp_path, [f"{web.url}/missing", f"{web.url}/ok"])
    path = site.content / "link-checks.yaml"
    path.write_bytes(
        dumps([Check(f"{web.url}/missing", DAY - timedelta(days=8), 404, *[DAY - timedelta(days=8)] * 2, alive=True)])
    )
    text = "\n".join(report_lines(check_links(site.settings, today=DAY)))
    marked = results(site)[f"{web.url}/missing"]
    assert marked.alive and marked.dead_since == DAY and not marked.dead  # gone twice a week apart, but marked
    assert "  alive: yes\n" in path.read_text()
    assert "Newly dead" not in text and "Newly failing" not in text
    assert (
        "Marked as working by you (1): their checks fail, but alive: yes in content/link-checks.yaml says they work"
        in text
    )
    assert f"content/links/2026-W47.yaml:1: {web.url}/missing: 404 Not Found; you marked it as working" in text
    assert "Still dead: 0; still failing: 0." in text
    web.statuses["/missing"] = 200  # it answers again: the mark stays, the report has nothing to say of it
    text = "\n".join(report_lines(check_links(site.settings, today=DAY + timedelta(days=1))))
    assert results(site)[f"{web.url}/missing"] == Check(f"{web.url}/missing", DAY + timedelta(days=1), 200, alive=True)
    assert "Marked as working" not in text


def test_a_results_file_that_links_outside_the_project_is_neither_read_nor_replaced(tmp_path, tmp_path_factory, web):
    site = links_site(tmp_path, [f"{web.url}/ok"])
    outside = tmp_path_factory.mktemp("elsewhere") / "checks.yaml"
    written = dumps([Check(f"{web.url}/ok", DAY, 404, DAY)])
    outside.write_bytes(written)
    link = site.content / "link-checks.yaml"
    link.symlink_to(outside)
    with pytest.raises(CheckLinksError) as caught:
        check_links(site.settings, today=DAY)
    assert str(caught.value).startswith(
        f"content/link-checks.yaml: this is a link to {os.path.realpath(outside)}, outside the project"
    )
    assert web.seen == [] and link.is_symlink() and outside.read_bytes() == written
    link.unlink()
    inside = site.content / "checks-kept-here.yaml"
    inside.write_bytes(written)
    link.symlink_to(inside)  # a link inside the project: writing would replace it with a file
    with pytest.raises(CheckLinksError, match="invoke check-links would replace the link with a file"):
        check_links(site.settings, today=DAY)
    assert link.is_symlink() and web.seen == [] and inside.read_bytes() == written


# The settings and the site


def test_the_results_file_is_watched_and_has_a_place_of_its_own(tmp_path):
    site = links_site(tmp_path, [URL])
    (site.content / "link-checks.yaml").write_bytes(dumps([]))
    assert str(site.content / "link-checks.yaml") in snapshot(watched_paths(site.settings))
    given = {"LINKS_PATH": "links", "LINK_CHECKS_FILE": "links/checks.yaml"}
    (message,) = [message for name, message in settings_problems(given, tmp_path) if name == "LINK_CHECKS_FILE"]
    assert "LINKS_PATH" in message and "read as a post or as link notes" in message


def test_a_dead_link_shows_its_archive_link_on_the_site_and_in_feeds(tmp_path):
    site = Site(tmp_path)
    site.links(
        "2026-W47.yaml",
        """
        - url: https://example.org/gone
          title: A page that is gone
          date: 2026-11-23 00:30 +01:00
          tags: [memory]
          note: What I learned.
        - url: https://example.org/live
          title: A page that lives
          date: 2026-11-20 09:00
          tags: [memory]
        - url: https://example.org/failing
          title: A page having a bad day
          date: 2026-11-20 10:00
        """,
    )
    checks = [
        Check("https://example.org/gone/", DAY, 404, DAY - timedelta(days=8), DAY - timedelta(days=8), DAY),
        Check("https://example.org/live", DAY, 200),
        Check("https://example.org/failing", DAY, 503, DAY - timedelta(days=9)),
    ]
    (site.content / "link-checks.yaml").write_bytes(dumps(checks))
    build = site.build()
    assert build.returncode == 0, build.log
    # 2026-11-23 00:30 +01:00 is 22 November, 23:30 in the site's time zone (Europe/London): that is its day.
    archive = "https://web.archive.org/web/20261122/https://example.org/gone"
    expected = (
        f'<p class="link-gone">This page is gone; <a href="{archive}">see it as it was on 22 November 2026 in the '
        "Internet Archive</a>.</p>"
    )
    for url in ("/links/2026/w47/", "/tags/memory/"):
        page = build.page(url)
        cards = {
            card.split('href="', 1)[1].split('"', 1)[0]: card for card in page.split('<article class="link-card')[1:]
        }
        assert expected in cards["https://example.org/gone"], url
        assert 'href="https://example.org/gone"' in cards["https://example.org/gone"]  # the original link stays
        assert "What I learned." in cards["https://example.org/gone"]
        assert "link-gone" not in cards["https://example.org/live"]
    week = build.page("/links/2026/w47/")
    assert week.count("web.archive.org") == 1  # not for the link that failed once with a 503
    # Feeds carry it too, beside the saved address the item points at, and stay valid.
    feeds = build.output / "feeds"
    for items in (
        atom_items(feeds / "links.atom.xml"),
        rss_items(feeds / "links.rss.xml"),
        json_items(feeds / "links.json"),
    ):
        by_title = {item["title"]: item for item in items}
        gone, live = by_title["A page that is gone"], by_title["A page that lives"]
        assert gone["link"] == "https://example.org/gone"
        assert (
            f'<a href="{archive}">see it as it was on 22 November 2026 in the Internet Archive</a>' in gone["content"]
        )
        assert "web.archive.org" not in live["content"]
    assert rfc4287_problems(feeds / "links.atom.xml") == [] and rfc4287_problems(feeds / "all.atom.xml") == []


def test_a_link_marked_as_working_gets_no_archive_link(tmp_path):
    site = Site(tmp_path)
    site.links(
        "2026-W47.yaml",
        "- url: https://example.org/robots-get-404\n  title: Works in a browser\n  date: 2026-11-20 09:00\n",
    )
    gone = DAY - timedelta(days=8)
    (site.content / "link-checks.yaml").write_bytes(
        dumps([Check("https://example.org/robots-get-404", DAY, 404, gone, gone, DAY, alive=True)])
    )
    build = site.build()
    assert build.returncode == 0, build.log
    week = build.page("/links/2026/w47/")
    assert 'href="https://example.org/robots-get-404"' in week
    assert "web.archive.org" not in week and "link-gone" not in week


def test_a_hand_broken_results_file_stops_the_build_with_its_line(tmp_path):
    site = Site(tmp_path)
    site.links("2026-W47.yaml", "- url: https://example.org/x\n  title: X\n  date: 2026-11-20\n")
    (site.content / "link-checks.yaml").write_bytes(
        b"- url: https://example.org/x\n  checked: 2026-11-20\n  result: gone\n"
    )
    build = site.build()
    assert build.returncode != 0
    assert "content/link-checks.yaml:3: 'result' must be an HTTP status" in build.log
    assert "Traceback" not in build.log


def test_the_site_named_to_other_sites_is_only_a_real_address(tmp_path):
    """The User-Agent of check-links and fetch-reading names publishconf.py's SITEURL, and only when the site can be
    published there: never the sample's placeholder, an example or a local address."""
    from learnlog.build import load_settings, site_to_name

    site = Site(tmp_path)  # pelicanconf.py: SITEURL = "http://localhost:8000"
    settings = load_settings(site.settings)
    assert site_to_name(site.settings, settings) == ""
    published = site.folder / "publishconf.py"
    for siteurl, named in [
        ("https://learner.github.io/blog/", "https://learner.github.io/blog"),
        ("https://example.github.io/learning-in-public", ""),  # the sample's placeholder
        ("https://teacher.example.org", ""),  # reserved for examples (RFC 2606)
        ("http://192.168.1.20:8000", ""),
        ("https://例え.jp/ブログ/", "https://xn--r8jz45g.jp/%E3%83%96%E3%83%AD%E3%82%B0"),  # a header is ASCII
    ]:
        published.write_text(f"from pelicanconf import *\nSITEURL = {siteurl!r}\nRELATIVE_URLS = False\n")
        assert site_to_name(site.settings, settings) == named, siteurl
        assert site_to_name(published, load_settings(published)) == named, siteurl
