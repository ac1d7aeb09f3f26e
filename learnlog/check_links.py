"""`invoke check-links`: check every saved address, politely, and record what was found in the content folder.

Every link note's `url` in the link-notes folder (drafts too) is checked once, however often it was saved (one
page is one address, as `fields.same_page` compares them), with learnlog/web.py, the HTTP client of Learnlog's
commands:

- **Politely.** Addresses are grouped by site (the host, without "www."); a site gets one request at a time, while
  up to WORKERS sites are checked at once. The User-Agent header names the site that asks ("Learnlog link checker
  (https://…)"). A request is a HEAD, which asks for no page; a GET follows only when the HEAD was refused or failed
  with an answer (405, 501, and servers that wrongly answer HEAD with 404 or 403: the GET confirms), and reads at
  most BODY_BYTES of the page. Each request has LINK_CHECK_REQUEST_TIMEOUT seconds, and the whole run
  LINK_CHECK_TIMEOUT: what is left when it passes is checked at the next run (the least recently checked first).
- **One run at a time.** A run holds the cache folder (CACHE_PATH) locked, flock(2) on the folder itself, from start to
  end; a second run started meanwhile stops at once (CheckLinksError): two would ask every site twice as often. The
  lock is on the folder, not on a file in it, because the build refuses a cache folder holding files it did not
  write (settings_rules.CACHE_FILE).
- **Redirects.** A redirect within the site is followed and the page it ends at is checked. A redirect to another
  site is not followed (learnlog/web.py `fetch`, `follow`): the check of an address never asks another site than
  its own, whose turn it is, so no site is asked outside its queue. That redirect is the result, reported with where
  it leads; the note is never changed.
- **Dead means gone twice, a week apart.** A 404, a 410 or a site name DNS does not know, then again at least
  DEAD_AFTER_DAYS later with no success between, marks the address dead (link_notes/link_checks.py `after`); any
  success clears it. A server error (5xx), a timeout or a refused connection is reported but never marks it dead.
- **Results.** They are written to LINK_CHECKS_FILE in the content folder (link_notes/link_checks.py), with the
  dates in the site's time zone, in one step (files.write_atomically) while the content folder is locked
  (linknote.locked), so the published site can be built again from the repository. The build reads that file,
  never the network. Addresses no link note saves any more are left out of it. The file is neither read nor
  written when it is a link (linknote.week_file_problem: one leading outside the project would be read, and
  writing would replace a link with a file), nor when the last check of an address is dated after today (a clock
  set wrong: the dates written would not fit together, and the build would refuse them).
- **The author's word.** `alive: yes` on an address's record (link_checks.py) says the page works whatever the
  checks find: it is kept at every run (re-read under the lock, so a line added during a run is kept too), the
  address is never dead (no archive link), and the report lists it as marked as working while its checks fail.
- **Offline.** When no site answers at all, the computer is probably offline: nothing is recorded. The same when
  at least one address on the internet was checked and none on the internet answered, even if some on this
  computer or its local network did (`_on_internet`: a host name with a dot, not localhost nor under .localhost,
  .local, .home.arpa or .internal; an IP address that is global, not loopback, private, link-local…): a network
  whose name lookups fail (a captive portal before signing in, a broken resolver) would otherwise make every link
  failing, and then dead. The price: a site really gone is recorded only in a run where some other site on the
  internet answers; with no other (a site with one or two such addresses), nothing is recorded until then. A
  portal that answers every name instead sends every page to its sign-in page: when PORTAL_SITES sites or more on
  the internet all sent on to one and the same other site, nothing is recorded either; nor when they all answered
  one and the same error status (a network answering for them), nor when more than half the sites on the
  internet could not be found by name (a failing name server, with a proxy reaching the others).

The report says what changed since the last check (newly dead, recovered, newly failing, redirected), and which
addresses marked as working still fail their checks, with the file and line of each link note. Dead links are
information, not an error: only a command that could not run fails.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import ipaddress
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from learnlog_core import fields
from link_notes import settings as link_settings
from link_notes.link_checks import DEAD_AFTER_DAYS, RESULT_WORDS, Check, after, changes, describe, dumps, loads

from learnlog.files import why_not_written, write_atomically
from learnlog.linknote import display, link_files, locked, printable, week_file_problem
from learnlog.web import AddressError, Response, WebError, fetch, request_address

WORKERS = 6  # sites checked at the same time, each one request at a time
BODY_BYTES = 4_096  # of a page read by a GET, at most: its status is what counts
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"
# WebError kinds after which a GET is tried: the server answered (an error status) or broke off. A name that is not
# in DNS, a refused connection, a timeout or a failed TLS handshake would fail the same way again.
TRY_GET_AFTER = ("status", "other")
PORTAL_SITES = 3  # sites on the internet all sent on to one other site: a captive portal, not their own answers
# Host names on this computer or its local network, never asked of the internet's DNS: RFC 6761 (localhost), RFC 6762
# (.local, multicast DNS), RFC 8375 (.home.arpa), and .internal (reserved by ICANN for private networks, 2024).
LOCAL_NAMES = ("localhost", ".localhost", ".local", ".home.arpa", ".internal")


class CheckLinksError(Exception):
    """Why the command could not run, in words, with the fix; nothing was recorded."""


@dataclass(frozen=True)
class Saved:
    """One address to check. url: as the first link note saving it writes it (file-name order, then line). key: its
    fields.same_page. places: every note saving it, as "content/links/2026-W48.yaml:12", in that order."""

    url: str
    key: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """What one check found. result: an HTTP status (after redirects within the site, the end page's; for a redirect
    to another site, that redirect's) or a key of link_checks.RESULT_WORDS. redirect: "" or the address on another
    site that the saved one sends readers to (as request_address writes it; never asked). detail: "" or WebError's
    words, for the report."""

    result: int | str
    redirect: str = ""
    detail: str = ""


@dataclass
class Report:
    """One run. checked: (address, its record before (None: new), its record now, what was found), in the order of
    their notes. not_checked: addresses the deadline left for the next run. still_dead, still_failing: how many
    were dead, or failing (not dead, not marked as working: Check.alive), at the last check and still are. sites: how
    many sites were asked.
    path: the results file as the author knows it. today: the day of the checks (site time zone). seconds: how long
    the checks took. timeout: LINK_CHECK_TIMEOUT."""

    checked: list[tuple[Saved, Check | None, Check, Found]] = field(default_factory=list)
    not_checked: list[Saved] = field(default_factory=list)
    still_dead: int = 0
    still_failing: int = 0
    sites: int = 0
    path: str = ""
    today: date | None = None
    seconds: float = 0.0
    timeout: int = 0

    def changed(self, kind: str) -> list[tuple[Saved, Check | None, Check, Found]]:
        """The checks whose change (link_checks.changes) includes `kind`: "dead", "recovered", "failing",
        "redirected". Those the author marked as working (Check.alive) are not "failing": see `marked_working`."""
        return [
            entry
            for entry in self.checked
            if kind in changes(entry[1], entry[2]) and not (kind == "failing" and entry[2].alive)
        ]

    def marked_working(self) -> list[tuple[Saved, Check | None, Check, Found]]:
        """The checks that failed for addresses the author marked as working (`alive: yes`)."""
        return [entry for entry in self.checked if entry[2].alive and not entry[2].ok]


@dataclass(frozen=True)
class Options:
    """How to check: request_timeout and total (seconds), user_agent (the User-Agent header)."""

    request_timeout: float
    total: float
    user_agent: str


def check_links(settings_file: Path, *, today: date | None = None, say: Callable[[str], None] | None = None) -> Report:
    """Check every saved address and record the results, as the module's docstring says.

    settings_file: pelicanconf.py (or publishconf.py), read by learnlog.build.load_settings: PATH, LINKS_PATH,
    LINKS_MAX_FILE_BYTES, TIMEZONE, LINK_CHECKS_FILE, LINK_CHECK_TIMEOUT and LINK_CHECK_REQUEST_TIMEOUT (seconds),
    and SITEURL for the User-Agent header (publishconf.py's, when it sits beside pelicanconf.py: the site's real
    address). today: the day of the checks, by default today in the site's time zone (TIMEZONE). say: where a line
    saying what is being checked goes (None: nowhere). Returns a Report. Raises CheckLinksError, with the fix and
    nothing recorded, when the settings or the results file have a mistake, the results file is a link or holds a
    check dated after `today`, another run is going on (the cache folder, CACHE_PATH, is locked; see the module's
    docstring), no site answered, or none on the internet did (offline?), or the results could not be written.
    """
    settings = _settings(settings_file)
    cache = Path(settings["CACHE_PATH"])
    with _one_run(cache if cache.is_absolute() else settings_file.resolve().parent / cache):
        return _check_links(settings_file, settings, today, say)


def _check_links(settings_file: Path, settings: dict, today: date | None, say: Callable[[str], None] | None) -> Report:
    """check_links, once the run holds the lock."""
    from learnlog.build import site_to_name

    content = Path(settings["PATH"])
    path = content / _value(settings, "LINK_CHECKS_FILE")
    zone = ZoneInfo(settings["TIMEZONE"])
    today = today or datetime.now(zone).date()
    options = Options(
        request_timeout=float(_value(settings, "LINK_CHECK_REQUEST_TIMEOUT")),
        total=float(_value(settings, "LINK_CHECK_TIMEOUT")),
        user_agent=_user_agent("Learnlog link checker", site_to_name(settings_file, settings)),
    )
    links_folder = content / _value(settings, "LINKS_PATH")
    max_bytes = _value(settings, "LINKS_MAX_FILE_BYTES")
    before = _results(path, content)
    _check_dates(path, before, today)
    saved = saved_addresses(links_folder, max_bytes)
    report = Report(path=display(path), today=today, timeout=int(options.total))
    if not saved:
        return report
    # The least recently checked first: a run the deadline cuts short is taken up where it stopped by the next.
    saved.sort(key=lambda each: (before[each.key].checked if each.key in before else date.min, each.url))
    if say is not None:
        sites = len({_host_of(each.url) for each in saved})
        say(f"Checking {_count(len(saved), 'address', 'addresses')} on {_count(sites, 'site')}, one request at a "
            f"time per site (at most {int(options.total)} seconds)…")  # fmt: skip
    started = time.monotonic()
    found, report.not_checked = check_all(saved, options)
    report.seconds = time.monotonic() - started
    report.sites = len({_host_of(each.url) for each in saved if each.key in found})
    _check_online(saved, found)
    now = {}
    for each in saved:
        if each.key in found:
            result = found[each.key]
            now[each.key] = after(before.get(each.key), each.url, result.result, result.redirect, today)
            report.checked.append((each, before.get(each.key), now[each.key], result))
    report.checked.sort(key=lambda entry: _place_order(entry[0]))
    report.not_checked.sort(key=_place_order)
    for entry in report.checked:
        _, old, new, _ = entry
        report.still_dead += new.dead and old is not None and old.dead
        report.still_failing += not new.ok and not new.dead and not new.alive and old is not None and not old.ok
    _save(content, path, now, links_folder, max_bytes)
    return report


def _user_agent(name: str, site: str) -> str:
    return f"{name} ({site})" if site else name


def _settings(settings_file: Path) -> dict:
    from learnlog.build import SettingsError, load_settings

    try:
        return load_settings(settings_file)
    except SettingsError as error:
        raise CheckLinksError("the settings have mistakes:\n" + "\n".join(error.problems)) from None


def _value(settings: dict, name: str):
    """A link log setting from a settings file, else its default (link_notes/settings.py DEFAULTS)."""
    return settings.get(name, link_settings.DEFAULTS[name])


@contextlib.contextmanager
def _one_run(folder: Path) -> Iterator[None]:
    """Hold `folder` (the cache folder, CACHE_PATH; made when missing) locked for the `with` block, flock(2) on the
    folder itself, without waiting. Raises CheckLinksError at once when another run holds it, or when the folder
    cannot be made or opened. The lock ends with the block, or with the process however it ends."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise CheckLinksError(
            f"the cache folder {folder} (CACHE_PATH), which a run holds so that only one runs at a time, could not be "
            f"used ({error.strerror or error}); check that it is a folder you can write to"
        ) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CheckLinksError(
                "another invoke check-links is already checking this site's links (two at once would ask every site "
                "twice as often); let it finish, then run it again if you need to."
            ) from None
        yield
    finally:
        os.close(descriptor)  # also lets go of the lock


def _refuse_link(path: Path, content: Path) -> None:
    """CheckLinksError when the results file `path` (in `content`, the content folder) is a link, or a folder on the
    way to it leads outside the project (linknote.week_file_problem): it is neither read nor written then."""
    problem = week_file_problem(path, content)
    if problem is None:
        return
    if path.is_symlink() and problem.startswith(f"{display(path)} is a link to "):  # a link inside the project
        problem = (
            f"{display(path)} is a link to {os.path.realpath(path)}; invoke check-links would replace the link with "
            "a file, so replace the link with the file itself"
        )
    raise CheckLinksError(problem)


def _results(path: Path, content: Path) -> dict[str, Check]:
    """The results of the last run, by fields.same_page of each address ({} when there is no file); CheckLinksError
    for a file with a mistake, naming its line, and for a link (`_refuse_link`). content: the content folder."""
    _refuse_link(path, content)
    if not path.exists():
        return {}
    if not path.is_file():  # a folder, or a named pipe that would never end
        raise CheckLinksError(f"{display(path)} is not a file; delete it (the next check writes it again).")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CheckLinksError(f"{display(path)} could not be read ({error.strerror or error}).") from None
    checks, problems = loads(raw)
    if problems:
        lines = "\n".join(f"  {display(path)}:{line}: {printable(message)}" for line, message in problems[:20])
        raise CheckLinksError(
            f"{display(path)} has mistakes; fix them (or delete the file to start afresh), then run the command "
            f"again:\n{lines}"
        )
    return checks


def _check_dates(path: Path, checks: dict[str, Check], today: date) -> None:
    """CheckLinksError when a check in the results file (`path`) is dated after `today`: this computer's clock, or
    that date, is wrong, and checking now would write dates the build refuses (a failure before its first day)."""
    later = sorted((check for check in checks.values() if check.checked > today), key=lambda check: check.line)
    if later:
        first, more = later[0], f" (and {len(later) - 1} more)" if len(later) > 1 else ""
        raise CheckLinksError(
            f"{display(path)}:{first.line}: the last check of {first.url} is dated {first.checked:%Y-%m-%d}{more}, "
            f"after today, {today:%Y-%m-%d} in the site's time zone; is this computer's clock right? Correct the "
            "clock, or the date in the file, then run the command again."
        )


def _check_online(saved: list[Saved], found: dict[str, Found]) -> None:
    """CheckLinksError when this computer looks offline (the module's docstring, "Offline"): no address answered,
    or some on the internet (`_on_internet`) were checked and none of them answered. found: by Saved.key."""
    answered = {key for key, each in found.items() if isinstance(each.result, int)}
    if found and not answered:
        raise CheckLinksError(
            f"no site answered ({_count(len(found), 'address', 'addresses')} checked, none with an answer): is this "
            "computer offline? Run invoke check-links again once you are online."
        )
    public = [each for each in saved if each.key in found and _on_internet(each.url)]
    if public and not any(each.key in answered for each in public):
        sites = len({_host_of(each.url) for each in public})
        raise CheckLinksError(
            f"no site on the internet answered ({_count(len(public), 'address', 'addresses')} on "
            f"{_count(sites, 'site')} checked, none with an answer; only sites on this computer or its local network "
            "did): is this computer offline, or does its network want you to sign in first, as in a hotel or a café? "
            "Run invoke check-links again once you can open web pages."
        )
    # A captive portal that answers every name sends every page to its sign-in page: that is no answer of theirs.
    sent = [found[each.key] for each in public if each.key in answered]
    places = {_host_of(each.redirect) for each in sent}
    sites = {_host_of(each.url) for each in public if each.key in answered}
    if len(sites) >= PORTAL_SITES and len(places) == 1 and all(each.redirect for each in sent):
        raise CheckLinksError(
            f"every site on the internet sent you on to {places.pop()} ({_count(len(sites), 'site')}): does this "
            "computer's network want you to sign in first, as in a hotel or a café? Sign in, then run invoke "
            "check-links again."
        )
    # Or it answers every page with one and the same error: no site of all those is gone in the same way at once.
    statuses = {each.result for each in sent}
    if len(sites) >= PORTAL_SITES and len(statuses) == 1 and min(statuses) >= 400:
        raise CheckLinksError(
            f"every site on the internet answered {describe(statuses.pop())} ({_count(len(sites), 'site')}): that is "
            "this computer's network answering for them (a sign-in page, a filter), not the sites; run invoke "
            "check-links again on another network, or once you can open web pages."
        )
    # Most names not found: the name server (DNS) this computer asks is failing, not the sites (a proxy may still
    # reach a few of them). Gone sites are a minority of any link log.
    by_site: dict[str, list[Found]] = {}
    for each in public:
        by_site.setdefault(_host_of(each.url), []).append(found[each.key])
    unknown = [host for host, results in by_site.items() if all(result.result == "no-host" for result in results)]
    if len(by_site) >= PORTAL_SITES and len(unknown) * 2 > len(by_site):
        raise CheckLinksError(
            f"{len(unknown):,} of the {_count(len(by_site), 'site')} on the internet could not be found by name: the "
            "name server (DNS) this computer asks is probably failing, not the sites. Run invoke check-links again "
            "on another network, or once you can open web pages."
        )


def _on_internet(url: str) -> bool:
    """True for an address whose host is on the internet: a name with a dot but none of LOCAL_NAMES (its lookup asks
    DNS), or an IP address Python's ipaddress calls global (not loopback, private, link-local, shared…). False for
    the others (on this computer or its local network: 127.0.0.1, 192.168.1.20, [::1], localhost, nas.local, a name
    without a dot), and for an address that cannot be fetched as written (nothing was asked)."""
    try:
        host = (urlsplit(request_address(url)).hostname or "").rstrip(".")
    except (AddressError, ValueError):
        return False
    number = _ip_address(host)
    if number is not None:
        number = getattr(number, "ipv4_mapped", None) or number  # ::ffff:127.0.0.1 is 127.0.0.1
        return number.is_global  # as learnlog/web.py tells the internet from this computer's networks
    return "." in host and host != "localhost" and not host.endswith(LOCAL_NAMES)


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host is written as, or None for a name. Also the IPv4 forms name lookups read as one
    (inet_aton(3): 127.1, 2130706433, 0x7f.0.0.1)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not host[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def saved_addresses(links_folder: Path, max_bytes: int) -> list[Saved]:
    """Every address the link notes under `links_folder` save (drafts too), each page once (fields.same_page),
    with every note that saves it, in file-name order and then line order. Files the build would refuse add only
    the notes it can read. max_bytes: LINKS_MAX_FILE_BYTES."""
    by_key: dict[str, tuple[str, list[str]]] = {}
    for path, parsed in link_files(links_folder, max_bytes):
        for link in parsed["links"]:
            url = link["url"]
            _, places = by_key.setdefault(fields.same_page(url), (url, []))
            places.append(f"{display(path)}:{link['line']}")
    return [Saved(url, key, tuple(places)) for key, (url, places) in by_key.items()]


def check_all(saved: list[Saved], options: Options) -> tuple[dict[str, Found], list[Saved]]:
    """Check `saved` (in that order within each site), one request at a time per site (per host: `_host_of`), up
    to WORKERS sites at once, until options.total seconds have passed. Returns (what was found, by Saved.key; the
    addresses not checked in time). A check the deadline cut short (a timeout with less than its own timeout left)
    is not one."""
    by_site: dict[str, list[Saved]] = {}
    for each in saved:
        by_site.setdefault(_host_of(each.url), []).append(each)
    todo: queue.Queue[list[Saved]] = queue.Queue()
    for addresses in sorted(by_site.values(), key=lambda group: -len(group)):  # the longest first: it ends last
        todo.put(addresses)
    ends = time.monotonic() + options.total
    found: dict[str, Found] = {}
    lock = threading.Lock()

    def worker() -> None:
        while True:
            try:
                addresses = todo.get_nowait()
            except queue.Empty:
                return
            for each in addresses:
                left = ends - time.monotonic()
                if left <= 0:
                    break
                result = check_address(each.url, options.user_agent, min(options.request_timeout, left))
                if result.result == "timeout" and left < options.request_timeout:
                    break  # the run's deadline, not the site, cut it short
                with lock:
                    found[each.key] = result

    threads = [threading.Thread(target=worker, name="learnlog-check", daemon=True) for _ in range(WORKERS)]
    for thread in threads[: len(by_site)]:
        thread.start()
    for thread in threads[: len(by_site)]:
        thread.join()
    return found, [each for each in saved if each.key not in found]


def check_address(url: str, user_agent: str, timeout: float) -> Found:
    """Check one address: a HEAD, then a GET (reading at most BODY_BYTES) when the HEAD failed with an answer or
    broke off (TRY_GET_AFTER). url: an http(s) address as saved. user_agent: the User-Agent header. timeout: seconds
    for each request (learnlog/web.py's deadline: redirects, headers and body). Returns a Found: a redirect to
    another site is not followed (`_same_site`: only the address's own site is ever asked) and is the result; a
    failure is its HTTP status or its kind (RESULT_WORDS). Never raises for an address or a server."""
    started = time.monotonic()
    try:
        return _answered(_fetch(url, "HEAD", user_agent, timeout))
    except AddressError as error:
        return Found("error", detail=str(error))
    except WebError as error:
        left = timeout - (time.monotonic() - started)
        if error.kind not in TRY_GET_AFTER or left <= 0:
            return _failed(error)
    try:  # HEAD refused (405, 501), wrongly answered (404, 403), or broken off: a GET confirms
        return _answered(_fetch(url, "GET", user_agent, left))
    except WebError as error:
        return _failed(error)


def _fetch(url: str, method: str, user_agent: str, timeout: float) -> Response:
    """One request for `url`, following only the redirects within its site (the site whose turn it is)."""
    return fetch(
        url, timeout=timeout, max_bytes=BODY_BYTES, accept=ACCEPT, user_agent=user_agent, method=method,
        enough=lambda headers, body, start: True,  # the first part of the page is enough
        follow=lambda address: _same_site(url, address),
    )  # fmt: skip


def _answered(response: Response) -> Found:
    """The Found of an answer: its status, or a redirect to another site that was not followed, with where it leads."""
    return Found(response.status, redirect=response.unfollowed) if response.unfollowed else Found(response.status)


def _failed(error: WebError) -> Found:
    if error.kind == "status" and error.status is not None:
        return Found(error.status, detail=str(error))
    word = error.kind if error.kind in RESULT_WORDS else "error"
    return Found(word, detail=str(error))


def _same_site(one: str, other: str) -> bool:
    """True for two addresses on one site: the same host, with or without "www.", and the same port (http and https
    each on its default port count as one site, so a move to https is no redirect to report)."""
    return _site_of(one) == _site_of(other)


def _site_of(url: str) -> str:
    """The site of an address, to tell redirects apart: its host (`_host_of`), and its port unless it is the
    scheme's default."""
    try:
        parts = urlsplit(request_address(url))
    except (AddressError, ValueError):
        return url
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = _host_of(url)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def _host_of(url: str) -> str:
    """The host of an address as the network knows it (request_address: IDNA, lowercase), without "www.": requests
    to one host go one at a time, whatever their ports (one machine answers them)."""
    try:
        return (urlsplit(request_address(url)).hostname or "").removeprefix("www.")
    except (AddressError, ValueError):
        return url


def _place_order(saved: Saved) -> tuple:
    """Sort key: the first note's file, then its line as a number."""
    where, _, line = saved.places[0].rpartition(":")
    return where, int(line) if line.isdigit() else 0


def _save(content: Path, path: Path, now: dict[str, Check], links_folder: Path, max_bytes: int) -> None:
    """Write the results: the last file's, for every address still saved, with `now` over them, each keeping the
    author's mark (Check.alive) as the file has it then; written whole while the content folder is locked, re-read
    under the lock (the link notes and the file may have changed meanwhile), never through a link (`_refuse_link`)."""
    try:
        with locked(content):
            kept = _results(path, content)
            still_saved = {each.key for each in saved_addresses(links_folder, max_bytes)}
            fresh = {key: replace(check, alive=kept[key].alive) if key in kept else check for key, check in now.items()}
            merged = {key: check for key, check in {**kept, **fresh}.items() if key in still_saved}
            data = dumps(merged.values())
            _refuse_link(path, content)
            if not path.is_file() or path.read_bytes() != data:
                write_atomically(path, data)
    except OSError as error:
        raise CheckLinksError(f"{display(path)} could not be written ({why_not_written(error)}).") from None


# The report


def report_lines(report: Report) -> list[str]:
    """What a run found, for the terminal: how much was checked; then, when there are some, the addresses newly
    dead, recovered, newly failing and redirected, each with every note that saves it ("content/links/….yaml:12");
    those the author marked as working (`alive: yes`) whose checks fail, "you marked it as working"; the counts of
    those still dead or failing and of those left for the next run; and where the results are."""
    if report.today is None or not (report.checked or report.not_checked):
        return ["There are no saved addresses to check: the link notes hold none."]
    day = f"{report.today.day} {report.today:%B %Y}"
    lines = [
        f"Checked {_count(len(report.checked), 'address', 'addresses')} on {_count(report.sites, 'site')} in "
        f"{_count(round(report.seconds), 'second')}, on {day}."
    ]
    sections = (
        ("dead", "Newly dead", f"each failed twice, at least {DEAD_AFTER_DAYS} days apart (404, 410 or no such site); "
                               "after the next build, its note links to its copy in the Internet Archive"),
        ("recovered", "Recovered", "they answer again"),
        ("failing", "Newly failing", "not dead yet; a page gone (404, 410, no such site) and still gone "
                                     f"{DEAD_AFTER_DAYS} days on will be; a server error or a timeout never is"),
        ("redirected", "Redirected to another site", "if a page has moved for good, put its new address in the "
                                                     "note's url"),
    )  # fmt: skip
    for kind, title, explained in sections:
        entries = report.changed(kind)
        if entries:
            lines.append(f"{title} ({len(entries)}): {explained}.")
            lines += [f"  {', '.join(saved.places)}: {printable(_said(kind, saved, now, found))}"
                      for saved, _, now, found in entries]  # fmt: skip
    if not any(report.changed(kind) for kind, _, _ in sections):
        lines.append("Nothing changed since the last check.")
    marked = report.marked_working()
    if marked:
        lines.append(
            f"Marked as working by you ({len(marked)}): their checks fail, but alive: yes in {report.path} says they "
            "work, so they never get an archive link; delete that line to let the checks decide again."
        )
        lines += [f"  {', '.join(saved.places)}: {printable(f'{saved.url}: {describe(now.result)}')}; you marked it "
                  "as working" for saved, _, now, _ in marked]  # fmt: skip
    counts = [f"still dead: {report.still_dead}", f"still failing: {report.still_failing}"]
    redirected = sum(bool(now.redirect) and "redirected" not in changes(old, now) for _, old, now, _ in report.checked)
    if redirected:
        counts.append(f"still sent on to another site: {redirected} (their redirect in {report.path})")
    if report.not_checked:
        counts.append(
            f"not checked before the deadline (LINK_CHECK_TIMEOUT, {_count(report.timeout, 'second')}): "
            f"{len(report.not_checked)}, checked first next time"
        )
    said = "; ".join(counts)
    lines.append(f"{said[0].upper()}{said[1:]}.")
    lines.append(f"Results saved in {report.path}: commit it with your content, so the published site shows them.")
    return lines


def shown(error: CheckLinksError) -> str:
    """The words of a CheckLinksError for the terminal, each line safe to print (linknote.printable)."""
    return "\n".join(printable(line) for line in str(error).splitlines())


def _said(kind: str, saved: Saved, now: Check, found: Found) -> str:
    if kind == "redirected":
        return f"{saved.url} now sends readers to {now.redirect} ({describe(now.result)})"
    if kind == "dead":
        return f"{saved.url}: {describe(now.result)}, failing since {now.failing_since:%Y-%m-%d}"
    if found.detail and found.result in ("tls", "error"):
        return f"{saved.url}: {found.detail}"
    return f"{saved.url}: {describe(now.result)}"


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def main(argv: list[str] | None = None) -> int:
    """The command line (argv: its arguments, default sys.argv[1:]). Prints the report; returns 0 once the checks
    are recorded (dead links too: they are information, not an error), 1 when the command could not run, 130 when
    stopped with Ctrl+C (nothing recorded)."""
    parser = argparse.ArgumentParser(prog="python -m learnlog.check_links", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="the settings file (default: pelicanconf.py)")
    args = parser.parse_args(argv)
    try:
        report = check_links(Path(args.settings), say=lambda line: print(line, file=sys.stderr, flush=True))
    except CheckLinksError as error:
        print(f"Nothing was recorded: {shown(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped. Nothing was recorded.", file=sys.stderr)
        return 130
    print("\n".join(report_lines(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
