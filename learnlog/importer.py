"""`invoke import`: bookmarks from another tool's export into link notes, each in the week of its own date.

The export is read by importer_formats.py. Each bookmark is then made a link note the build accepts, or
reported with its line: the address checked as `invoke link` checks it (linknote.check_address); a title that
is empty or only the address replaced by the address's host and path; tags kept as they were, made valid
(characters the build forbids removed, a tag with nothing to make an address from left out, a tag written
the way the site already writes it), each change reported; the date converted to the site's time zone.
Addresses already saved, or repeated in the file, are skipped and counted, so importing a file twice adds
nothing.

Writing goes through linknote.py, as `invoke link` does: the content folder locked from the first read to the
last write, each new link's lines checked alone with the build's reader, appended to its week's file with
every byte already there kept, the file read back as before plus exactly the new links, and written
atomically. A week's file that would go over LINKS_MAX_FILE_BYTES continues in 2026-W48-2.yaml, -3…
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from learnlog_core import characters, fields, limits
from learnlog_core.slugs import tag_slug
from link_notes.parsing import parse_links_file

from learnlog.importer_formats import Bookmark, read_export
from learnlog.linknote import (
    MAX_FILE_BYTES,
    SURROGATE,
    LinkError,
    NewLink,
    TooBig,
    append_entries,
    check_address,
    display,
    entry_lines,
    fetched_title,
    known_tags,
    link_files,
    locked,
    read_week_file,
    shown,
    week_file_problem,
    write_week_file,
)

# What a bookmark that is not imported is counted as (Imported.skipped), in the order the report lists them.
ALREADY_SAVED = "already saved"
REPEATED = "repeated in the file"
PRIVATE = "private (--skip-private)"
UNREAD = "unread (--skip-unread)"
NOT_WEB = "not a web page (such as place: or javascript: addresses)"
WEB_SCHEMES = ("http:", "https:")
# Progress is told every this many bookmarks.
PROGRESS_EVERY = 250


@dataclass
class Options:
    """What `invoke import` was asked to do with folders, private and unread bookmarks; and whether to write."""

    folders_as_tags: bool = False  # a bookmark's folders (outermost first) become tags
    skip_private: bool = False  # else private bookmarks are saved as drafts
    skip_unread: bool = False
    as_drafts: bool = False  # unread bookmarks saved as drafts too
    dry_run: bool = False  # nothing is written


@dataclass
class Imported:
    """What an import did (or, in a dry run, would do).

    format: the export's format (a key of importer_formats.FORMATS). read: bookmarks in the file. added: each
    new link note and where it is, "content/links/2026-W48.yaml:12", in the order written. skipped: reason
    (ALREADY_SAVED…) -> how many. skipped_lines: reason -> the export's lines of the first few. changes:
    sentences saying what was changed to make bookmarks valid. problems: (export line, message) of each
    bookmark not imported because of a mistake, with the fix. files: the link-notes files written."""

    format: str
    read: int = 0
    added: list[tuple[NewLink, str]] = field(default_factory=list)
    entries: list[list[str]] = field(default_factory=list)  # the lines of the first few added, for a dry run
    skipped: Counter = field(default_factory=Counter)
    skipped_lines: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    changes: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    drafts: int = 0
    stopped: str = ""  # why writing stopped before the end (a file that could not be written), or ""
    taken: set[str] = field(default_factory=set)  # addresses taken from the export (fields.same_page)
    placed: dict[int, str] = field(default_factory=dict)  # the export's line -> where its link note is


@dataclass
class _Changes:
    """Counts of the changes made to bookmarks, told once each in the report."""

    titles: list[int] = field(default_factory=list)  # lines of titles made from the address
    cut_titles: list[int] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)
    cleaned: list[int] = field(default_factory=list)  # notes or quotes with forbidden characters removed
    future: list[int] = field(default_factory=list)  # dated after the import
    too_many_tags: list[int] = field(default_factory=list)
    tags: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)  # (tag, became or "", why) -> lines

    def sentences(self, now: datetime, placed: Mapping[int, str]) -> list[str]:
        """The report's lines about changes; placed: the export's line -> where its note was written, told for the
        titles and dates made up (the notes to open and put right)."""
        said = []
        for lines, what in (
            (self.titles, "had no title, or only the address: the title is the address's site and path"),
            (self.undated, f"had no date: saved with the date of this import, {now:%Y-%m-%d %H:%M}"),
        ):
            saved = [f"{line} ({placed[line]})" for line in lines if line in placed]
            if saved:
                said.append(f"{_count(len(saved), 'bookmark')} {what}; line {_lines(saved)}")
        for lines, what in (
            (self.cut_titles, "had a title longer than 300 characters: it was cut"),
            (self.cleaned, "had control characters in the note or quote: they were removed"),
            (self.future, f"are dated after {now:%Y-%m-%d %H:%M}: they appear on the site on their date"),
            (self.too_many_tags, f"had more than {limits.MAX_TAGS} tags: the first {limits.MAX_TAGS} were kept"),
        ):
            if lines:
                said.append(f"{_count(len(lines), 'bookmark')} {what} (line {_lines(lines)})")
        for (tag, became, why), lines in sorted(self.tags.items(), key=lambda item: (-len(item[1]), item[0])):
            what = f"written as {shown(became)}" if became else "left out"
            said.append(f"the tag {shown(tag)} was {what}: {why} (line {_lines(lines)})")
        return said

    def tag(self, tag: str, became: str, why: str, line: int) -> None:
        lines = self.tags.setdefault((tag, became, why), [])
        if not lines or lines[-1] != line:
            lines.append(line)


def import_bookmarks(
    content: Path,
    raw: bytes,
    *,
    format: str = "",
    options: Options | None = None,
    timezone: str = "UTC",
    links_folder: str = "links",
    max_bytes: int = MAX_FILE_BYTES,
    tag_slugs: Mapping[str, str] | None = None,
    now: datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Imported:
    """Add the bookmarks of an export file to content/<links_folder>/ as link notes; say what was done.

    content: the content folder. raw: the export's bytes. format: a key of importer_formats.FORMATS, or "" to
    tell it from the content. options: folders, private and unread bookmarks, dry run. timezone: TIMEZONE (a
    bookmark's date is converted to it; a date without an offset is taken as in it). links_folder: LINKS_PATH.
    max_bytes: LINKS_MAX_FILE_BYTES. tag_slugs: TAG_SLUGS. now: the time a bookmark without a date gets (default:
    now, to the minute, naive in `timezone`). progress: called as (stage, done, total), stage "Checking" or
    "Writing", now and then.

    Raises importer_formats.ExportError when the file cannot be read as an export, and LinkError when the
    content folder is missing. A bookmark that cannot be saved is a problem of the result, not an error: the
    others are saved. When a file cannot be written the import stops there (`Imported.stopped`); what was
    written stays, and importing again adds the rest.
    """
    options = options or Options()
    zone = ZoneInfo(timezone)
    now = now or datetime.now(zone).replace(second=0, microsecond=0, tzinfo=None)
    export = read_export(raw, format)
    # What could not be read is counted as read too: each is a bookmark with a problem.
    result = Imported(export.format, read=len(export.bookmarks) + len(export.problems), problems=list(export.problems))
    if not content.is_dir():
        raise LinkError(f"there is no content folder at {content}; run the command in the project's folder")
    folder = content / links_folder
    if folder.exists() and not folder.is_dir():
        raise LinkError(f"{display(folder)} is a file, not a folder; rename it, then import again")
    changes = _Changes()
    with locked(content):
        files = link_files(folder, max_bytes)
        saved = {fields.same_page(link["url"]) for _, parsed in files for link in parsed["links"]}
        known = known_tags(content, files, tag_slugs)
        weeks: dict[tuple[int, int], list[tuple[NewLink, list[str], Bookmark]]] = defaultdict(list)
        for number, bookmark in enumerate(export.bookmarks, 1):
            if progress and number % PROGRESS_EVERY == 0:
                progress("Checking", number, len(export.bookmarks))
            made = _link(bookmark, saved, known, options, zone, now, tag_slugs or {}, changes, result)
            if made is None:
                continue
            link, lines = made
            weeks[link.moment.isocalendar()[:2]].append((link, lines, bookmark))
        total, done = sum(len(group) for group in weeks.values()), 0
        for week in sorted(weeks):
            weeks[week].sort(key=lambda entry: entry[0].moment)  # a week's file in date order (a stable sort)
            done += len(weeks[week])
            if progress:
                progress("Writing", done, total)
            if not _write_week(content, folder, week, weeks[week], max_bytes, options.dry_run, result):
                break
    result.changes = changes.sentences(now, result.placed)
    result.problems.sort(key=lambda problem: problem[0])
    return result


def _link(
    bookmark: Bookmark,
    saved: set[str],
    known: dict[str, tuple[str, str]],
    options: Options,
    zone: ZoneInfo,
    now: datetime,
    chosen: Mapping[str, str],
    changes: _Changes,
    result: Imported,
) -> tuple[NewLink, list[str]] | None:
    """The bookmark as a link note and its lines, or None when it is skipped (counted) or has a problem (told)."""
    line, item = bookmark.line, _item(bookmark)

    def skip(reason: str) -> None:
        result.skipped[reason] += 1
        if len(result.skipped_lines[reason]) < 10:
            result.skipped_lines[reason].append(line)

    if not bookmark.url.strip():
        result.problems.append((line, f"{item}this bookmark has no address; add it, or remove the bookmark"))
        return None
    if SURROGATE.search(bookmark.url):
        result.problems.append((line, f"{item}the address holds a broken character (an escape such as \\ud800 "
                                      "that stands for no character); fix it, or remove the bookmark"))  # fmt: skip
        return None
    if not bookmark.url.strip().lower().startswith(WEB_SCHEMES) and ":" in bookmark.url.split("/")[0]:
        skip(NOT_WEB)
        return None
    try:
        url = check_address(bookmark.url)
    except LinkError as error:
        result.problems.append((line, f"{item}{error}; this bookmark was not imported"))
        return None
    key = fields.same_page(url)
    if key in saved:
        skip(REPEATED if key in result.taken else ALREADY_SAVED)
        return None
    if bookmark.private and options.skip_private:
        skip(PRIVATE)
        return None
    if bookmark.unread and options.skip_unread:
        skip(UNREAD)
        return None
    moment = _moment(bookmark, zone, now, changes)
    if moment is None:
        year = f"{bookmark.when.date().isoformat()}, is in the year {bookmark.when.year}, which cannot be right"
        result.problems.append((line, f"{item}its date, {year}; fix it: this bookmark was not imported"))
        return None
    names = list(bookmark.tags) + (list(bookmark.folders) if options.folders_as_tags else [])
    link = NewLink(
        url,
        _title(bookmark, url, changes),
        moment,
        _tags(names, known, chosen, changes, line),
        note=_clean(bookmark.note, line, changes),
        quote=" ".join(_clean(bookmark.quote, line, changes).split()),
        draft=bookmark.private or (bookmark.unread and options.as_drafts),
    )
    lines, problems = entry_lines(link, str)
    if problems:
        told = "; ".join(message for _, message in problems[:3])
        result.problems.append(
            (line, f"{item}this bookmark would not be a valid link note ({told}); it was not imported")
        )
        return None
    saved.add(key)
    result.taken.add(key)
    result.drafts += link.draft
    return link, lines


def _item(bookmark: Bookmark) -> str:
    """ "item 37: ", where a bookmark is in a JSON export (often one line), to start a message; else ""."""
    return f"item {bookmark.item}: " if bookmark.item else ""


def _moment(bookmark: Bookmark, zone: ZoneInfo, now: datetime, changes: _Changes) -> datetime | None:
    """The bookmark's date as a link note has it: naive, in the site's time zone; None when its year is not one
    a link can have."""
    if bookmark.when is None:
        changes.undated.append(bookmark.line)
        return now
    try:  # to the minute, as `invoke link` writes a date
        local = bookmark.when.astimezone(zone).replace(tzinfo=None) if bookmark.when.tzinfo else bookmark.when
        local = local.replace(second=0, microsecond=0)
    except OverflowError:  # 9999-12-31 in UTC is in the year 10000 east of it
        return None
    if local > now:
        changes.future.append(bookmark.line)
    return local if fields.in_years(local) else None


def _title(bookmark: Bookmark, url: str, changes: _Changes) -> str:
    """The bookmark's title made fit to save (linknote.fetched_title: invisible and control characters out,
    spaces folded, at most 300 characters); the address's host and path when it is empty or only the address."""
    written = " ".join(bookmark.title.split())
    try:
        title = fetched_title(written)
    except LinkError:  # nothing left
        title = ""
    if not title or fields.same_page(title) == fields.same_page(url) or title in (url, bookmark.url):
        changes.titles.append(bookmark.line)
        parts = urlsplit(url)
        return (parts.hostname or url) + parts.path.rstrip("/")
    if title.endswith("…") and not written.endswith("…"):
        changes.cut_titles.append(bookmark.line)
    return title


def _tags(
    names: list[str], known: dict[str, tuple[str, str]], chosen: Mapping[str, str], changes: _Changes, line: int
) -> list[str]:
    """The tags made valid: forbidden characters out and spaces folded; a tag with nothing to make an address
    from left out; one the site already has under another spelling written as the site writes it (the build
    refuses two names for one tag page); at most limits.MAX_TAGS. Each change counted in `changes`."""
    kept: list[str] = []
    slugs: set[str] = set()
    for written in names:
        name = _visible_text(written)
        if not name:
            continue
        if name != " ".join(written.split()):
            changes.tag(written.strip(), name, "it held invisible or control characters", line)
        slug = tag_slug(name, chosen)
        if not slug:
            changes.tag(name, "", "it has no letters, digits or emoji to make its address from", line)
            continue
        if slug in slugs:
            continue
        if len(kept) == limits.MAX_TAGS:
            if not changes.too_many_tags or changes.too_many_tags[-1] != line:
                changes.too_many_tags.append(line)
            continue
        site = known.setdefault(slug, (name, "imported"))[0]
        if site != name:  # one tag, one spelling on every page: the site's (the build shows one for all)
            changes.tag(name, site, "the site already writes this tag so (one tag, one address)", line)
            name = site
        kept.append(name)
        slugs.add(slug)
    return kept


def _visible_text(text: str) -> str:
    """`text` on one line without the characters no tag should hold: control, direction-override and invisible
    format characters (as linknote.fetched_title leaves them out of a fetched title)."""
    try:
        return fetched_title(text, limit=len(text) + 1)
    except LinkError:  # nothing left
        return ""


def _clean(text: str, line: int, changes: _Changes) -> str:
    """A note or quote without the characters the build forbids (characters.FORBIDDEN), its line breaks "\\n"."""
    cleaned = characters.FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if cleaned != text.replace("\r\n", "\n").replace("\r", "\n") and line not in changes.cleaned:
        changes.cleaned.append(line)
    return cleaned.strip()


def _write_week(
    content: Path,
    folder: Path,
    week: tuple[int, int],
    group: list[tuple[NewLink, list[str], Bookmark]],
    max_bytes: int,
    dry_run: bool,
    result: Imported,
) -> bool:
    """Append a week's new links to its file, going on in "-2", "-3"… files when one would be over `max_bytes`.
    Returns False when a file could not be written (the import stops: `result.stopped` says why)."""
    queue, part = list(group), 1
    while queue:
        name = f"{week[0]}-W{week[1]:02d}" + (f"-{part}" if part > 1 else "")
        path = folder / f"{name}.yaml"
        problem = week_file_problem(path, content)
        try:
            old = b"" if problem else read_week_file(path)
        except LinkError as error:
            problem = str(error)
        before = parse_links_file(old, max_bytes, str) if not problem else {"problems": []}
        if not problem and before["problems"]:
            first, message = before["problems"][0]
            problem = f"{display(path)}:{first}: {message}; fix it (invoke check lists every problem) and import again"
        if problem:
            result.problems += [(bookmark.line, f"{_item(bookmark)}not imported: {problem}") for *_, bookmark in queue]
            return True
        fit, made = _fitting(old, queue, max_bytes), None
        while fit and made is None:
            try:
                made = append_entries(
                    path, old, before, [(link, lines) for link, lines, _ in queue[:fit]], max_bytes, str
                )
            except TooBig:  # the estimate was short: fewer
                fit //= 2
            except LinkError as error:
                result.problems += [
                    (bookmark.line, f"{_item(bookmark)}not imported: {error}") for *_, bookmark in queue
                ]
                return True
        if made is None:  # not one more link fits in this file
            if old.strip():
                part += 1
            else:  # nor in an empty one
                *_, bookmark = queue.pop(0)
                over = f"this bookmark's note is over LINKS_MAX_FILE_BYTES ({max_bytes:,} bytes); shorten it"
                result.problems.append((bookmark.line, _item(bookmark) + over))
            continue
        new, starts = made
        if not dry_run:
            try:
                write_week_file(path, new)
            except LinkError as error:
                result.stopped = str(error)
                return False
            result.files.append(path)
        for (link, lines, bookmark), start in zip(queue[:fit], starts, strict=True):
            result.added.append((link, f"{display(path)}:{start}"))
            result.placed[bookmark.line] = f"{display(path)}:{start}"
            if len(result.entries) < 3:
                result.entries.append(lines)
        queue = queue[fit:]
        part += 1
    return True


def _fitting(old: bytes, queue: list[tuple[NewLink, list[str], Bookmark]], max_bytes: int) -> int:
    """How many of the queue's links (from its start) fit in the file with `old` under max_bytes, counted with
    room for indentation and the line that starts a new file; append_entries has the last word."""
    size = len(old) + 200
    for number, (_, lines, _) in enumerate(queue):
        size += sum(len(line.encode("utf-8")) + 6 for line in lines)
        if size > max_bytes:
            return number
    return len(queue)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' if number != 1 else ''}"


def _lines(lines: list, total: int = 0, most: int = 5) -> str:
    """ "3, 8, 12 and 40 more": the first `most` of `lines`, of `total` (default: as many as `lines`)."""
    total = max(total, len(lines))
    return ", ".join(str(line) for line in lines[:most]) + (f" and {total - most:,} more" if total > most else "")


def report(result: Imported, source: str, *, dry_run: bool, as_drafts: bool = False) -> list[str]:
    """The lines `invoke import` prints: what was read, added (per year), skipped, changed, and every problem as
    "bookmarks.html:12: …". source: the export's name as given."""
    from learnlog.importer_formats import FORMATS

    said = [f"Read {_count(result.read, 'bookmark')} from {source} ({FORMATS[result.format]})."]
    verb = "Would add" if dry_run else "Added"
    per_year = Counter(link.moment.year for link, _ in result.added)
    years = ", ".join(f"{year}: {number:,}" for year, number in sorted(per_year.items()))
    where = _count(len({place.rsplit(":", 1)[0] for _, place in result.added}), "week file")
    said.append(f"{verb} {_count(len(result.added), 'link note')}" + (f" in {where} ({years})." if years else "."))
    if result.drafts:
        said.append(
            f"  {result.drafts:,} of them {'is a draft' if result.drafts == 1 else 'are drafts'} (private bookmarks"
            + (", and unread ones with --as-drafts" if as_drafts else "")
            + "): not published until you delete their 'draft: true' line."
        )
    for reason in (ALREADY_SAVED, REPEATED, PRIVATE, UNREAD, NOT_WEB):
        if result.skipped[reason]:
            lines = _lines(result.skipped_lines[reason], result.skipped[reason])
            said.append(f"Skipped {_count(result.skipped[reason], 'bookmark')}: {reason} (line {lines}).")
    if result.changes:
        said.append("Changed so the site can show them:")
        said += [f"  {change}" for change in result.changes]
    if dry_run and result.entries:
        said.append("The first notes, as they would be written:")
        last = ""
        for (_, place), lines in zip(result.added, result.entries, strict=False):
            file = place.rsplit(":", 1)[0]
            if file != last:
                said.append(f"  {file}:")
                last = file
            said += [f"    {line}" for line in lines]
    if result.problems:
        said.append(
            f"{_count(len(result.problems), 'bookmark')} could not be imported; fix the file and import it again:"
        )
        said += [f"  {source}:{line}: {message}" for line, message in result.problems]
    if result.stopped:
        said.append(f"Stopped: {result.stopped}. What was added so far stays; import the file again to add the rest.")
    if dry_run:
        said.append("This was a dry run: nothing was written.")
    return [characters.shown(line) for line in said]
