"""`invoke fetch-reading`: fetch the feeds of the people in the blogroll into the snapshot /reading/ shows.

Every feed is fetched at once, by a pool of threads, with one deadline for the whole command (READING_TIMEOUT
seconds, by the monotonic clock) and one for each feed (READING_FEED_TIMEOUT), reading at most READING_MAX_BYTES
of each (learnlog/web.py: the HTTP client `invoke link` uses too). A feed answered less than FRESH_SECONDS ago is
not asked again (unless `force`); after that, the request is conditional (If-None-Match, If-Modified-Since, from
the validators the snapshot keeps), and a 304 keeps the items the snapshot has. A feed that fails (slow, huge,
broken, a web page, an error status) is told, with the person's id, its address and why, and keeps its last good
items. A permanent redirect is told, so the blogroll can be updated.

The snapshot (READING_FILE in the content folder, reading/snapshot.py) is written whole, in one step
(learnlog/files.py), while the content folder is locked (linknote.locked), and only when its bytes change. When
each feed was last answered is kept apart, in the cache folder (FETCHED_FILE): that changes at every fetch, and
git would show it as a change of the snapshot.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from learnlog_core import file_names, strict_yaml
from learnlog_core.yaml_messages import LINE_BREAK
from link_notes.blogroll import parse_blogroll
from reading import settings as reading_settings
from reading.snapshot import Entry, Snapshot, dumps, header_value, read

from learnlog import isolated
from learnlog.feed_items import FeedError, Parsed, parse_feed
from learnlog.files import why_not_written, write_atomically
from learnlog.linknote import display, locked, printable
from learnlog.web import Response, WebError, fetch

isolated.preload(["learnlog.feed_items"])

FETCHED_FILE = "reading-fetched.json"  # in CACHE_PATH: when each feed last answered
WORKERS = 8  # feeds fetched at the same time
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, "
    "application/json;q=0.8, */*;q=0.5"
)


class ReadingError(Exception):
    """Why nothing was fetched: the settings, the blogroll or the snapshot has a mistake (in words, with the fix)."""


@dataclass(frozen=True)
class Feed:
    """One person's feed. person: their blogroll id. url: the address in the blogroll. line: the line of the
    blogroll that gives it (0 when it cannot be told)."""

    person: str
    url: str
    line: int = 0


@dataclass(frozen=True)
class Outcome:
    """What became of one feed. kind: "fetched" (read anew), "unchanged" (a 304), "fresh" (answered less than
    FRESH_SECONDS ago: not asked), "failed" (why: `problem`). entry: what the snapshot holds for the person from now
    on (their last good entry when the fetch failed), or None. new: items not in the snapshot before. moved: ""
    or the address a permanent redirect led to. note: "" or what was wrong with a feed read anyway."""

    feed: Feed
    kind: str
    entry: Entry | None = None
    problem: str = ""
    new: int = 0
    moved: str = ""
    note: str = ""


@dataclass
class Report:
    """The whole run: each feed's Outcome (blogroll order), the people without a feed, the snapshot's and the
    blogroll's paths (as the author knows them) and whether the snapshot changed."""

    outcomes: list[Outcome] = field(default_factory=list)
    without_feed: list[str] = field(default_factory=list)
    path: str = ""
    blogroll: str = ""
    changed: bool = False

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.kind == "failed"]


def fetch_reading(settings_file: Path, *, force: bool = False, say=print) -> Report:
    """Fetch every feed of the blogroll into the snapshot, as the module's docstring says.

    settings_file: pelicanconf.py or publishconf.py (learnlog.build.load_settings reads it; SITEURL names the site
    in the User-Agent header). force: ask every feed now and in full (no conditional request). say: where the
    progress line goes. Returns a Report. Raises ReadingError, in words, when the settings, the blogroll or the
    snapshot have a mistake (nothing is fetched then), or when the snapshot cannot be written (a full disk).
    """
    settings = _settings(settings_file)
    content = Path(settings["PATH"])
    snapshot_path = _own_file(content / reading_settings.value(settings, "READING_FILE"), content)
    fetched_path = Path(settings["CACHE_PATH"]) / FETCHED_FILE
    blogroll_path = content / settings.get("BLOGROLL_FILE", "blogroll.yaml")
    feeds, without = _blogroll(blogroll_path, content)
    before = _snapshot(snapshot_path)
    folder = next(place for place in (snapshot_path.parent, *snapshot_path.parents) if place.exists())
    if not os.access(folder, os.W_OK):  # a missing folder is made when the snapshot is written
        raise ReadingError(f"{display(folder)} cannot be written (it is read-only), so nothing would be saved")
    stored = before.people
    answered = _answered(fetched_path)
    now = datetime.now(UTC)
    items = reading_settings.value(settings, "READING_ITEMS")
    asked, outcomes = [], {}
    for feed in feeds:
        entry = stored.get(feed.person)
        same = entry is not None and entry.feed == feed.url
        when = answered.get(feed.person, {})
        fresh = same and when.get("feed") == feed.url and _age(when.get("at"), now) < reading_settings.FRESH_SECONDS
        # Fetched for fewer items than READING_ITEMS asks now: asked again, in full (a 304 would keep too few). Not
        # known (no record in the cache, as in a fresh clone): a person with fewer items than asked is asked in full.
        recorded = when.get("items") if isinstance(when.get("items"), int) else None
        more = recorded < items if recorded is not None else entry is not None and len(entry.items) < items
        if fresh and not force and not more:
            outcomes[feed.person] = Outcome(feed, "fresh", entry)
        else:
            asked.append((feed, entry if same and not more else None, entry))
    from learnlog.build import site_to_name

    site = site_to_name(settings_file, settings)
    options = _Options(
        items=items,
        feed_timeout=float(reading_settings.value(settings, "READING_FEED_TIMEOUT")),
        total=float(reading_settings.value(settings, "READING_TIMEOUT")),
        max_bytes=reading_settings.value(settings, "READING_MAX_BYTES"),
        user_agent=f"Learnlog (reading list of {site})" if site else "Learnlog (reading list)",
        force=force,
        now=now,
    )
    started = time.monotonic()
    if asked:
        isolated.start()  # now, from the main thread: see there
        seconds = f"{options.total:g} second{'' if options.total == 1 else 's'}"
        say(f"Fetching {len(asked)} feed{'s' if len(asked) != 1 else ''} at once (at most {seconds})…")
    outcomes.update(_fetch_all(asked, options))
    report = Report([outcomes[feed.person] for feed in feeds], without, display(snapshot_path), display(blogroll_path))
    left = max(1.0, options.total - (time.monotonic() - started))  # the lock is waited for within the deadline
    report.changed = _save(content, snapshot_path, report.outcomes, before.updated, now, left)
    _save_answered(fetched_path, report.outcomes, answered, now, items)
    return report


def _settings(settings_file: Path) -> dict:
    """The settings of a settings file (learnlog.build.load_settings), or ReadingError listing its mistakes, each on
    a line of its own with the file and line."""
    from learnlog.build import SettingsError, load_settings

    try:
        return load_settings(settings_file)
    except SettingsError as error:
        raise ReadingError("\n  ".join(["the settings have mistakes", *error.problems])) from None


def refresh_before_publish(settings_file: Path, say=print) -> None:
    """What `invoke publish` and the GitHub Actions workflow do first: fetch the feeds again (`fetch_reading`) unless
    the settings say READING_REFRESH = False, and tell what happened (`say`, one line at a time). Never raises for a
    feed, the blogroll, the snapshot or the settings (a build stops on their mistakes, with their lines, anyway):
    what could not be fetched keeps its last good items, which are published."""
    with contextlib.suppress(ReadingError):  # told below, by fetch_reading
        if not reading_settings.value(_settings(settings_file), "READING_REFRESH"):
            say(
                "The reading list was not fetched again (READING_REFRESH = False): /reading/ shows the snapshot "
                "as it is."
            )
            return
    try:
        report = fetch_reading(settings_file, say=say)
    except ReadingError as error:
        first, *more = str(error).splitlines()
        for line in [f"The reading list was not fetched again: {first}.", *more]:
            say(printable(line))
        say("The snapshot is published as it is.")
        return
    for line in report_lines(report):
        say(line)
    if report.failed:
        say("The feeds that failed keep the items they had (if any), and those are published.")


def report_lines(report: Report) -> list[str]:
    """What the command says of a run, one line each, printable: every feed asked (what came, or why it failed and
    what was kept), moved feeds, feeds read in spite of mistakes, the feeds not asked, then the snapshot."""
    lines = []
    for outcome in report.outcomes:
        feed, entry = outcome.feed, outcome.entry
        kept = len(entry.items) if entry is not None else 0
        if outcome.kind == "fetched":
            lines.append(f"{feed.person}: {_count(kept, 'item')} ({outcome.new} new).")
        elif outcome.kind == "unchanged":
            lines.append(f"{feed.person}: not changed since the last fetch.")
        elif outcome.kind == "failed":
            what = (
                ("its last item was kept" if kept == 1 else f"its last {kept} items were kept")
                if kept
                else ("it has no items yet")
            )
            problem = outcome.problem.rstrip(".")
            joined = f"{problem} {what[0].upper()}{what[1:]}" if problem.endswith("?") else f"{problem}; {what}"
            lines.append(f"{feed.person} ({feed.url}): {joined}.")
        if outcome.moved:
            where = f"{report.blogroll}:{feed.line}" if feed.line else report.blogroll
            lines.append(
                f"Note: the feed of {feed.person} has moved for good to {outcome.moved}; put that address as its "
                f"feed in {where}."
            )
        if outcome.note:
            lines.append(f"Note: {feed.person} ({feed.url}): {outcome.note}.")
    fresh = [outcome.feed.person for outcome in report.outcomes if outcome.kind == "fresh"]
    if fresh:
        lines.append(f"Not asked again, fetched less than an hour ago (--force asks them now): {', '.join(fresh)}.")
    if report.without_feed:
        lines.append(f"Without a feed in the blogroll: {', '.join(report.without_feed)}.")
    counts = {
        kind: sum(outcome.kind == kind for outcome in report.outcomes) for kind in ("fetched", "unchanged", "failed")
    }
    summary = ", ".join(
        f"{count} {words}"
        for words, count in (
            ("fetched", counts["fetched"]), ("not changed", counts["unchanged"]), ("failed", counts["failed"]),
            ("fetched less than an hour ago", len(fresh)),
        )
        if count
    ) or "no feeds"  # fmt: skip
    if report.changed:
        lines.append(f"Saved {report.path} ({summary}).")
    elif any(outcome.entry is not None for outcome in report.outcomes):
        lines.append(f"No change to {report.path} ({summary}).")
    else:
        lines.append(f"Nothing to save in {report.path} yet: no feed has given posts ({summary}).")
    return [printable(line) for line in lines]


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


# Reading what is there


def _blogroll(path: Path, content: Path) -> tuple[list[Feed], list[str]]:
    """(the feeds of the blogroll, in its order; the ids of the people without one); ReadingError for a blogroll
    with mistakes, as the build reads it (link_notes/blogroll.py)."""
    path = _own_file(path, content)  # as the build: no link leading outside the project
    if not path.exists():
        raise ReadingError(
            f"there is no {display(path)}: the reading list is made of the feeds of the people in it; write it "
            "(README: The blogroll), then fetch again"
        )
    if not path.is_file():
        raise ReadingError(f"{display(path)} is not a file; make it the blogroll, a YAML file")
    text, problem = strict_yaml.decoded(path.read_bytes())
    if problem is not None:
        raise ReadingError(f"{display(path)} has problems; fix them first: line {problem.line}: {problem.message}")
    people, problems = parse_blogroll(text, str)
    if problems:
        listed = "; ".join(f"line {line}: {message}" for line, message in sorted(problems)[:3])
        raise ReadingError(f"{display(path)} has problems; fix them first: {listed}")
    lines = _feed_lines(text)
    feeds = [Feed(person.id, person.feed, lines.get(person.feed, 0)) for person in people if person.feed]
    return feeds, [person.id for person in people if not person.feed]


FEED_LINE = re.compile(r"^\s*(?:-\s+)?feed\s*:\s*(?P<value>.*?)\s*$")


def _feed_lines(text: str) -> dict[str, int]:
    """The line of the blogroll where each feed address is first given (`feed: …`, plain or in quotes), in one
    pass; an address written another way (YAML escapes, over two lines) is not found, and has no line."""
    found: dict[str, int] = {}
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        given = FEED_LINE.match(line)
        if given:
            value = given["value"].split(" #", 1)[0].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            found.setdefault(value, number)
    return found


def _own_file(path: Path, content: Path) -> Path:
    """Where the snapshot `path` (in the content folder `content`) is read and written: itself, or the file it is a
    link to inside the project. ReadingError for a link (or a folder on the way) that leads outside the project or
    into its .git folder (file_names.escapes), as the build refuses it: nothing outside the project is read."""
    root = os.path.realpath(content.parent)
    for place in (path.parent, path):
        if place.exists() or place.is_symlink():
            escape = file_names.escapes(str(place), root)
            if escape:
                raise ReadingError(f"{display(place)}: {escape}")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _snapshot(path: Path) -> Snapshot:
    """The snapshot (without people when there is no file); ReadingError when it has problems."""
    if not path.exists():
        return Snapshot({})
    if not path.is_file():  # a folder, or a named pipe that would never end
        raise ReadingError(f"{display(path)} is not a file; delete it, then fetch again")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReadingError(f"{display(path)} could not be read ({error.strerror or error})") from None
    snapshot, problems = read(raw)
    if problems:
        listed = "; ".join(f"line {line}: {message}" for line, message in problems[:3])
        raise ReadingError(f"{display(path)} has problems; fix them, or delete the file: {listed}")
    return snapshot


def _answered(path: Path) -> dict[str, dict]:
    """When each person's feed last answered: {id: {"feed": address, "at": ISO 8601 in UTC, "items": READING_ITEMS
    then}}; {} when the file is missing or unreadable (every feed is then asked, conditionally)."""
    try:
        if not path.is_file():  # missing, or not a file (a named pipe would never end)
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return {person: when for person, when in data["feeds"].items() if isinstance(when, dict)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _age(when: object, now: datetime) -> float:
    """Seconds since `when` (ISO 8601 text), infinity when it is not a moment in the past."""
    try:
        moment = datetime.fromisoformat(str(when))
    except ValueError:
        return float("inf")
    if moment.tzinfo is None or moment > now:
        return float("inf")
    return (now - moment).total_seconds()


# Fetching


@dataclass(frozen=True)
class _Options:
    items: int
    feed_timeout: float
    total: float
    max_bytes: int
    user_agent: str
    force: bool
    now: datetime


def _fetch_all(asked: list[tuple[Feed, Entry | None, Entry | None]], options: _Options) -> dict[str, Outcome]:
    """Fetch every feed of `asked` ((feed, its entry for a conditional request or None, its last good entry)) at
    once, in at most WORKERS threads, all within options.total seconds; a feed not done by then failed. The threads
    are daemons: a command ended at its deadline (or by Ctrl+C) does not wait for them; the processes reading
    feeds (one isolated.Group) are stopped then."""
    if not asked:
        return {}
    ends = time.monotonic() + options.total
    work: queue.SimpleQueue = queue.SimpleQueue()
    for each in asked:
        work.put(each)
    done: dict[str, Outcome] = {}
    lock, finished, stop = threading.Lock(), threading.Event(), threading.Event()
    group = isolated.Group()

    def worker() -> None:
        while not stop.is_set():
            try:
                feed, conditional, kept = work.get_nowait()
            except queue.Empty:
                return
            outcome = _fetch_one(feed, conditional, kept, options, ends, group)
            with lock:
                done[feed.person] = outcome
                if len(done) == len(asked):
                    finished.set()

    for number in range(min(WORKERS, len(asked))):
        threading.Thread(target=worker, name=f"learnlog-feeds-{number}", daemon=True).start()
    try:
        finished.wait(max(0.0, ends - time.monotonic()))
    finally:  # the deadline, or Ctrl+C: no feed is read on after the command has ended
        stop.set()
        group.close()
    with lock:
        outcomes = dict(done)
    for feed, _, kept in asked:
        if feed.person not in outcomes:
            outcomes[feed.person] = Outcome(feed, "failed", kept, _too_late(options))
    return outcomes


def _too_late(options: _Options) -> str:
    seconds = f"{options.total:g} second{'' if options.total == 1 else 's'}"
    return f"it was not fetched within the whole command's limit of {seconds} (READING_TIMEOUT); try again later"


def _fetch_one(
    feed: Feed, conditional: Entry | None, kept: Entry | None, options: _Options, ends: float, group: isolated.Group
) -> Outcome:
    """Fetch and read one feed within its own limit and what is left of the command's; never raises."""
    timeout = min(options.feed_timeout, ends - time.monotonic())
    if timeout <= 0:
        return Outcome(feed, "failed", kept, _too_late(options))
    headers = {}
    if conditional is not None and not options.force:
        if conditional.etag:
            headers["If-None-Match"] = conditional.etag
        if conditional.last_modified:
            headers["If-Modified-Since"] = conditional.last_modified

    try:
        response = fetch(
            feed.url, timeout=timeout, max_bytes=options.max_bytes, accept=ACCEPT, user_agent=options.user_agent,
            headers=headers,
        )  # fmt: skip
    except WebError as error:
        if timeout < options.feed_timeout and time.monotonic() >= ends - 0.05:  # the whole command's limit, not its own
            return Outcome(feed, "failed", kept, _too_late(options))
        return Outcome(feed, "failed", kept, str(error))
    except Exception as error:  # a bug of ours or a library's: told for this feed, the others go on
        return Outcome(feed, "failed", kept, f"it could not be read ({type(error).__name__}: {error})")
    moved = response.permanent_redirect
    etag, modified = response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
    if response.status == 304:
        etag, modified = _clean(etag), _clean(modified)  # as for a 200: a value the snapshot can keep, or none
        entry = replace(conditional, etag=etag or conditional.etag, last_modified=modified or conditional.last_modified)
        return Outcome(feed, "unchanged", entry, moved=moved)
    if response.too_big:
        return Outcome(
            feed, "failed", kept,
            f"{response.site} sent more than {options.max_bytes:,} bytes (READING_MAX_BYTES), so it was not read",
            moved=moved,
        )  # fmt: skip
    if response.cut_short:
        return Outcome(
            feed, "failed", kept, f"{response.site} sent only part of the feed ({response.cut_short}); try again later",
            moved=moved,
        )  # fmt: skip
    parsed = _parse(response, options, ends, group)
    if isinstance(parsed, str):
        return Outcome(feed, "failed", kept, parsed, moved=moved)
    if not parsed.items and kept is not None and kept.items:  # a feed emptied (or its items unreadable): kept
        had = f"it gives no posts now, so what it had was kept ({_count(len(kept.items), 'item')})"
        note = "; ".join(filter(None, [parsed.note, had]))
        return Outcome(feed, "fetched", kept, moved=moved, note=note)
    entry = Entry(feed=feed.url, items=parsed.items, etag=_clean(etag), last_modified=_clean(modified))
    before = {item.url or item.title for item in (kept.items if kept is not None else ())}
    new = sum((item.url or item.title) not in before for item in parsed.items)
    return Outcome(feed, "fetched", entry, new=new, moved=moved, note=parsed.note)


def _parse(response: Response, options: _Options, ends: float, group: isolated.Group) -> Parsed | str:
    """The feed's items (feed_items.parse_feed), read in a process of its own (learnlog/isolated.py) within
    READING_FEED_TIMEOUT seconds of its own (the network's time is not counted) and the command's deadline; else
    why not, in words."""
    try:
        return group.call(
            parse_feed, response.body, timeout=options.feed_timeout, deadline=ends, address=response.url,
            content_type=response.headers.get("Content-Type"), limit=options.items, now=options.now,
        )  # fmt: skip
    except FeedError as error:
        return str(error)
    except isolated.TooLong as late:
        if late.waited or time.monotonic() >= ends - 0.05:
            return _too_late(options)
        seconds = f"{options.feed_timeout:g} second{'' if options.feed_timeout == 1 else 's'}"
        return (
            f"its {len(response.body):,} bytes could not be read within {seconds} (READING_FEED_TIMEOUT): the feed "
            "holds too much; ask its author for a shorter one, or raise the limit"
        )
    except isolated.Died as died:
        return f"reading it stopped halfway ({died}); it may be too large to read here"
    except Exception as error:  # a bug of ours or a library's: told for this feed, the others go on
        return f"it could not be read ({type(error).__name__}: {error})"


def _clean(validator: str) -> str:
    """A validator header as it can be kept and sent back (snapshot.header_value), else "" (not kept)."""
    value = validator.strip()
    return value if header_value(value) else ""


# Writing


def _save(
    content: Path, path: Path, outcomes: list[Outcome], updated: datetime | None, now: datetime, seconds: float
) -> bool:
    """Write the snapshot of `outcomes`, under the content folder's lock (waited for at most `seconds`), if what it
    holds changes (its bytes, with the moment it was last `updated`), then marked updated `now`; True when written.
    People no longer in the blogroll, or without a feed, leave it. ReadingError when it cannot be written, or the
    lock was not free in time."""
    people = {outcome.feed.person: outcome.entry for outcome in outcomes if outcome.entry is not None}
    _, problems = read(dumps(people, now))  # never write what the build (or the next fetch) would refuse
    if problems:
        why = problems[0][1].split("; correct it")[0]
        raise ReadingError(
            f"{display(path)} was not written: what was fetched would make it unreadable ({why}); lower READING_ITEMS, "
            "or take out the feed that sent so much"
        )
    try:
        with locked(content, seconds):
            if not people and not path.exists():  # nothing fetched yet: no file, rather than an empty one
                return False
            if path.is_file() and path.read_bytes() == dumps(people, updated):
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, dumps(people, now.replace(microsecond=0)))
    except TimeoutError:
        raise ReadingError(
            f"another Learnlog command kept the content folder busy past the command's limit (READING_TIMEOUT), so "
            f"{display(path)} was not written; run invoke fetch-reading again once it is done"
        ) from None
    except OSError as error:
        raise ReadingError(f"{display(path)} could not be written ({why_not_written(error)})") from None
    return True


def _save_answered(path: Path, outcomes: list[Outcome], answered: dict[str, dict], now: datetime, items: int) -> None:
    """Keep when each feed last answered (a 200 read, or a 304) in the cache folder, and for how many `items`
    (READING_ITEMS); a cache that cannot be written only means every feed is asked next time."""
    at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    feeds = {}
    for outcome in outcomes:
        person = outcome.feed.person
        if outcome.kind in ("fetched", "unchanged"):
            feeds[person] = {"feed": outcome.feed.url, "at": at, "items": items}
        elif person in answered:
            feeds[person] = answered[person]
    data = (json.dumps({"feeds": feeds}, indent=2, sort_keys=True) + "\n").encode("utf-8")
    with contextlib.suppress(OSError):
        write_atomically(path, data)


def main(argv: list[str] | None = None) -> int:
    """`python -m learnlog.reading` (and `invoke fetch-reading`): 0 when every feed was fetched, not changed or
    fresh; 1 when one failed (the others are saved, it keeps its last items) or nothing could be fetched; 130 on
    Ctrl+C (the snapshot is left as it was). With --publishing (invoke publish, the GitHub Actions workflow): only
    when READING_REFRESH is True, and always 0."""
    parser = argparse.ArgumentParser(prog="python -m learnlog.reading", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="publishconf.py", help="settings file (default: publishconf.py)")
    parser.add_argument("--force", action="store_true", help="ask every feed now, in full")
    parser.add_argument("--publishing", action="store_true", help="as before publishing: never fails")
    args = parser.parse_args(argv)
    settings_file = Path(args.settings)
    try:
        if args.publishing:
            refresh_before_publish(settings_file)
            return 0
        report = fetch_reading(settings_file, force=args.force)
    except ReadingError as error:
        first, *more = str(error).splitlines()
        print("\n".join(printable(line) for line in [f"Nothing was fetched: {first}.", *more]), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped. The snapshot was left as it was.", file=sys.stderr)
        return 130
    print("\n".join(report_lines(report)))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
