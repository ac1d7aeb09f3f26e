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
- **Redirects.** A redirect within the site is followed and the page it ends at is checked. A redirect to another
  site is reported, with where it leads; the note is never changed.
- **Dead means gone twice, a week apart.** A 404, a 410 or a site name DNS does not know, then again at least
  DEAD_AFTER_DAYS later with no success between, marks the address dead (link_notes/link_checks.py `after`); any
  success clears it. A server error (5xx), a timeout or a refused connection is reported but never marks it dead.
- **Results.** They are written to LINK_CHECKS_FILE in the content folder (link_notes/link_checks.py), with the
  dates in the site's time zone, in one step (files.write_atomically) while the content folder is locked
  (linknote.locked), so the published site can be built again from the repository. The build reads that file,
  never the network. Addresses no link note saves any more are left out of it.
- **When no site answers at all**, the computer is probably offline: nothing is recorded.

The report says what changed since the last check (newly dead, recovered, newly failing, redirected), with the file
and line of each link note. Dead links are information, not an error: only a command that could not run fails.
"""

from __future__ import annotations

import argparse
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from learnlog_core import fields
from link_notes import settings as link_settings
from link_notes.link_checks import DEAD_AFTER_DAYS, RESULT_WORDS, Check, after, changes, describe, dumps, loads

from learnlog.files import why_not_written, write_atomically
from learnlog.linknote import display, link_files, locked, printable
from learnlog.web import AddressError, Response, WebError, fetch, request_address

WORKERS = 6  # sites checked at the same time, each one request at a time
BODY_BYTES = 4_096  # of a page read by a GET, at most: its status is what counts
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"
# WebError kinds after which a GET is tried: the server answered (an error status) or broke off. A name that is not
# in DNS, a refused connection, a timeout or a failed TLS handshake would fail the same way again.
TRY_GET_AFTER = ("status", "other")


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
    site that the saved one sends readers to. detail: "" or WebError's words, for the report."""

    result: int | str
    redirect: str = ""
    detail: str = ""


@dataclass
class Report:
    """One run. checked: (address, its record before (None: new), its record now, what was found), in the order of
    their notes. not_checked: addresses the deadline left for the next run. sites: how many sites were asked.
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
        "redirected"."""
        return [entry for entry in self.checked if kind in changes(entry[1], entry[2])]


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
    nothing recorded, when the settings or the results file have a mistake, no site answered any request (offline?),
    or the results could not be written.
    """
    settings = _settings(settings_file)
    content = Path(settings["PATH"])
    path = content / _value(settings, "LINK_CHECKS_FILE")
    zone = ZoneInfo(settings["TIMEZONE"])
    today = today or datetime.now(zone).date()
    options = Options(
        request_timeout=float(_value(settings, "LINK_CHECK_REQUEST_TIMEOUT")),
        total=float(_value(settings, "LINK_CHECK_TIMEOUT")),
        user_agent=f"Learnlog link checker ({_site_address(settings_file, settings)})",
    )
    links_folder = content / _value(settings, "LINKS_PATH")
    max_bytes = _value(settings, "LINKS_MAX_FILE_BYTES")
    before = _results(path)
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
    if found and not any(isinstance(each.result, int) for each in found.values()):
        raise CheckLinksError(
            f"no site answered ({_count(len(found), 'address', 'addresses')} checked, none with an answer): is this "
            "computer offline? Run invoke check-links again once you are online."
        )
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
        report.still_failing += not new.ok and not new.dead and old is not None and not old.ok
    _save(content, path, now, links_folder, max_bytes)
    return report


def _settings(settings_file: Path) -> dict:
    from learnlog.build import SettingsError, load_settings

    folder = str(settings_file.resolve().parent)
    if folder not in sys.path:  # publishconf.py imports pelicanconf from beside it
        sys.path.insert(0, folder)
    try:
        return load_settings(settings_file)
    except SettingsError as error:
        raise CheckLinksError("the settings have mistakes:\n" + "\n".join(error.problems)) from None


def _value(settings: dict, name: str):
    """A link log setting from a settings file, else its default (link_notes/settings.py DEFAULTS)."""
    return settings.get(name, link_settings.DEFAULTS[name])


def _site_address(settings_file: Path, settings: dict) -> str:
    """The site's address for the User-Agent header: publishconf.py's SITEURL when the settings are pelicanconf.py
    and publishconf.py is beside it and can be read, else the settings' own."""
    from learnlog.build import SettingsError, load_settings

    published = settings_file.parent / "publishconf.py"
    if settings_file.name == "pelicanconf.py" and published.is_file():
        try:
            return str(load_settings(published).get("SITEURL") or settings.get("SITEURL") or "").rstrip("/")
        except (SettingsError, Exception):  # whatever running a broken publishconf.py raises: it names no site
            pass
    return str(settings.get("SITEURL") or "").rstrip("/")


def _results(path: Path) -> dict[str, Check]:
    """The results of the last run, by fields.same_page of each address ({} when there is no file); CheckLinksError
    for a file with a mistake, naming its line."""
    if not path.exists():
        return {}
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
    another site found on the way is the result, whatever came after it; a failure is its HTTP status or its kind
    (RESULT_WORDS). Never raises for an address or a server."""
    started = time.monotonic()
    try:
        return _answered(_fetch(url, "HEAD", user_agent, timeout))
    except AddressError as error:
        return Found("error", detail=str(error))
    except WebError as error:
        moved = _elsewhere(error.visited, error.redirects)
        left = timeout - (time.monotonic() - started)
        if moved is not None or error.kind not in TRY_GET_AFTER or left <= 0:
            return Found(*moved) if moved is not None else _failed(error)
    try:  # HEAD refused (405, 501), wrongly answered (404, 403), or broken off: a GET confirms
        return _answered(_fetch(url, "GET", user_agent, left))
    except WebError as error:
        moved = _elsewhere(error.visited, error.redirects)
        return Found(*moved) if moved is not None else _failed(error)


def _fetch(url: str, method: str, user_agent: str, timeout: float) -> Response:
    return fetch(
        url, timeout=timeout, max_bytes=BODY_BYTES, accept=ACCEPT, user_agent=user_agent, method=method,
        enough=lambda headers, body, start: True,  # the first part of the page is enough
    )  # fmt: skip


def _answered(response: Response) -> Found:
    moved = _elsewhere(response.visited, response.redirects)
    return Found(*moved) if moved is not None else Found(response.status)


def _failed(error: WebError) -> Found:
    if error.kind == "status" and error.status is not None:
        return Found(error.status, detail=str(error))
    word = error.kind if error.kind in RESULT_WORDS else "error"
    return Found(word, detail=str(error))


def _elsewhere(visited: tuple[str, ...], redirects: tuple[int, ...]) -> tuple[int, str] | None:
    """(status of the redirect, address it led to) for the first redirect of a fetch that led to another site than
    the one asked (`_same_site`), else None. visited, redirects: as learnlog/web.py gives them."""
    for code, address in zip(redirects, visited[1:], strict=False):
        if not _same_site(visited[0], address):
            return code, address
    return None


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
    """Write the results: the last file's, for every address still saved, with `now` over them; written whole while
    the content folder is locked, re-read under the lock (the link notes and the file may have changed meanwhile)."""
    try:
        with locked(content):
            kept = _results(path)
            still_saved = {each.key for each in saved_addresses(links_folder, max_bytes)}
            merged = {key: check for key, check in {**kept, **now}.items() if key in still_saved}
            data = dumps(merged.values())
            if not path.is_file() or path.read_bytes() != data:
                write_atomically(path, data)
    except OSError as error:
        raise CheckLinksError(f"{display(path)} could not be written ({why_not_written(error)}).") from None


# The report


def report_lines(report: Report) -> list[str]:
    """What a run found, for the terminal: how much was checked; then, when there are some, the addresses newly
    dead, recovered, newly failing and redirected, each with every note that saves it ("content/links/….yaml:12");
    the counts of those still dead or failing and of those left for the next run; and where the results are."""
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
    counts = [f"still dead: {report.still_dead}", f"still failing: {report.still_failing}"]
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
        return f"{_short(saved.url)} now sends readers to {_short(now.redirect)} ({describe(now.result)})"
    if kind == "dead":
        return f"{saved.url}: {describe(now.result)}, failing since {now.failing_since:%Y-%m-%d}"
    if found.detail and found.result in ("tls", "error"):
        return f"{saved.url}: {found.detail}"
    return f"{saved.url}: {describe(now.result)}"


def _short(url: str) -> str:
    """An address without its scheme, for a sentence: example.org/x."""
    return url.split("://", 1)[-1]


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
