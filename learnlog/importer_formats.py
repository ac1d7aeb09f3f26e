"""Read the files people leave other bookmark tools with, into plain bookmarks (`invoke import`).

Formats, each as its tool writes it:
- Netscape bookmark HTML: every browser, Pinboard, linkding, Shaarli, Diigo and Raindrop export it. `<DT><A
  HREF ADD_DATE TAGS PRIVATE TOREAD>title</A>`, an optional `<DD>` description after it, folders as
  `<DT><H3>name</H3><DL>…</DL>` (the de facto format: Microsoft's "Netscape Bookmark File Format" notes).
- Pocket's HTML export: `<h1>Unread</h1>` and `<h1>Read Archive</h1>` sections of `<li><a href time_added
  tags>`; read by the same parser.
- Pocket's CSV: `title,url,time_added,tags,status`, tags joined with "|", status "unread" or "archive".
- Raindrop's CSV: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`, tags joined with
  ", ", `created` as ISO 8601 text.
- Pinboard's JSON: a list of `{href, description, extended, time, tags, toread, shared}`, tags separated by
  spaces, "yes"/"no" strings.

Nothing here checks a bookmark against the link-note rules or touches a file: importer.py does. Every
bookmark keeps the line of the export it starts on, for messages.
"""

from __future__ import annotations

import csv
import html.parser
import io
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

FORMATS = {
    "netscape": "Netscape bookmark HTML",
    "pocket-html": "Pocket's HTML export",
    "pocket-csv": "Pocket's CSV export",
    "raindrop": "Raindrop's CSV export",
    "pinboard": "Pinboard's JSON export",
}
FORMAT_HINT = "give the format with --format " + "|".join(FORMATS)
# Columns that tell the CSV exports apart (lowercase).
POCKET_COLUMNS = {"url", "time_added"}
RAINDROP_COLUMNS = {"url", "created", "excerpt"}
# Browsers' own top folders, not the author's: Firefox marks them with these attributes.
ROOT_FOLDER_ATTRIBUTES = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
# Pocket's HTML export heads its sections with these.
POCKET_UNREAD, POCKET_READ = "unread", "read archive"
HIGHLIGHT = re.compile(r"^\s*highlight:\s*", re.IGNORECASE)  # how Raindrop's CSV starts each highlight
RAINDROP_DEFAULT_FOLDER = "unsorted"  # where Raindrop puts what is in no collection: not a folder of the author's
EPOCH_DIGITS = re.compile(r"\d{1,20}(\.\d+)?")
# The years a date given as a number may stand for: the web began in 1991.
PLAUSIBLE_YEARS = range(1991, 2200)
# The largest export read: 100,000 bookmarks with descriptions are about 40 MB (a minute to import).
MAX_EXPORT_BYTES = 50_000_000
# Folders of a bookmark kept (outermost first): deeper ones are left out (a file can nest thousands).
MAX_FOLDERS = 20
# The columns each CSV export must have.
REQUIRED_COLUMNS = {"pocket-csv": ("url", "time_added"), "raindrop": ("url", "created")}


class ExportError(Exception):
    """The file cannot be read as an export at all: (line, message with the fix)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class Bookmark:
    """One bookmark as the export holds it, values not yet checked."""

    line: int  # the export's line it starts on, counted from 1
    url: str
    title: str = ""
    when: datetime | None = None  # aware, or naive (then in the site's time zone); None: the export has no date
    tags: list[str] = field(default_factory=list)
    note: str = ""
    quote: str = ""
    folders: list[str] = field(default_factory=list)  # outermost first
    private: bool = False
    unread: bool = False
    item: int = 0  # its place in a JSON list, counted from 1 (a JSON export is often one line); 0 elsewhere


@dataclass
class Export:
    """What an export file holds: its format (a key of FORMATS), its bookmarks in file order, and its problems
    as (line, message), each naming a bookmark that cannot be read and what to do."""

    format: str
    bookmarks: list[Bookmark]
    problems: list[tuple[int, str]]


def read_export(raw: bytes, format: str = "") -> Export:
    """The bookmarks of an export file. raw: its bytes (UTF-8, with or without a byte order mark, or UTF-16 with
    one; any line endings). format: a key of FORMATS, or "" to tell it from the content (`detect`).
    Raises ExportError when the file is not text, not a format of FORMATS, or not the format given."""
    text = decoded(raw)
    format = format or detect(text)
    readers = {
        "netscape": _html,
        "pocket-html": _html,
        "pocket-csv": _pocket_csv,
        "raindrop": _raindrop_csv,
        "pinboard": _pinboard_json,
    }
    if format not in readers:
        raise ExportError(1, f"there is no format {format!r}; {FORMAT_HINT}")
    _check_shape(text, format)
    bookmarks, problems = readers[format](text)
    if not bookmarks and not problems and text.strip():
        raise ExportError(1, f"there are no bookmarks in this file as {FORMATS[format]}; is it that kind of export?")
    return Export(format, bookmarks, problems)


def _check_shape(text: str, format: str) -> None:
    """Raise ExportError when the file is plainly not of `format` (given with --format, or detected): an HTML
    format that is not HTML, or a CSV export without the columns its tool writes."""
    start = text.lstrip()[:1]
    if format in ("netscape", "pocket-html") and start != "<":
        raise ExportError(1, f"this file is not HTML, so not {FORMATS[format]}; {FORMAT_HINT}")
    if format in REQUIRED_COLUMNS:
        header = [name.strip().lower() for name in next(csv.reader(io.StringIO(text.lstrip()[:65_536])), [])]
        missing = [name for name in REQUIRED_COLUMNS[format] if name not in header]
        if missing:
            raise ExportError(
                1,
                f"the first line names no {' and no '.join(repr(name) for name in missing)} column, which "
                f"{FORMATS[format]} has; it is another kind of file: {FORMAT_HINT}",
            )


def decoded(raw: bytes) -> str:
    """The export's text, its line endings made "\\n" (a lone CR, as old Mac files have, ends a line too).
    Raises ExportError naming the line of the first byte that is not UTF-8."""
    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportError(
            1,
            f"the file is {len(raw):,} bytes, more than the {MAX_EXPORT_BYTES:,} an import reads; export a part of "
            "your bookmarks at a time (a folder, or a year), or split the file",
        )
    utf16 = _utf16(raw)
    if utf16:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            raise ExportError(1, "the file starts like UTF-16 text but is not; export it again") from None
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise ExportError(
                line,
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} on line {line}); export it again, or "
                "open it in a text editor and save it with the encoding UTF-8",
            ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _utf16(raw: bytes) -> str | None:
    """The codec of a UTF-16 file: "utf-16" with a byte order mark; without one, told by the zero bytes of its
    first two characters (ASCII, as every export starts: "<!", "[{", "ti"); None for any other file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:4]
    if len(head) == 4 and head[1] == head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if len(head) == 4 and head[0] == head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return None


def detect(text: str) -> str:
    """The format of an export (a key of FORMATS), told from its first characters and, for CSV, its header.
    Raises ExportError when it is none of them."""
    start = text.lstrip()[:4096]
    lower = start.lower()
    if lower.startswith("<!doctype netscape-bookmark-file"):
        return "netscape"
    if lower.startswith("<"):
        if "time_added=" in lower or "<title>pocket export" in lower:
            return "pocket-html"
        if "<dt>" in lower or "<dl>" in lower:
            return "netscape"
        raise ExportError(
            1,
            "this is a web page, not a bookmarks export (it has no <DT> bookmark entries); export your bookmarks "
            "from your browser or tool as HTML, or " + FORMAT_HINT.removeprefix("give "),
        )
    elif lower.startswith(("[", "{")):
        return "pinboard"
    elif start:
        header = {name.strip().lower() for name in next(csv.reader(io.StringIO(start)), [])}
        if header >= POCKET_COLUMNS:
            return "pocket-csv"
        if header >= RAINDROP_COLUMNS:
            return "raindrop"
        if "url" in header or "href" in header:
            raise ExportError(1, f"this CSV file's columns are not those of Pocket or Raindrop; {FORMAT_HINT}")
    if not start:
        raise ExportError(1, "the file is empty; export your bookmarks again")
    raise ExportError(1, f"this is not a bookmarks export Learnlog knows; {FORMAT_HINT}")


def moment(value: str, what: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) for an export's date, (None, None) for none ("" or "0"), or (None, the problem).

    value: seconds since 1970 (as browsers, Pocket and Shaarli write them; milliseconds and microseconds are
    told apart by their size), or ISO 8601 text ("2024-03-01T09:15:00Z", Pinboard and Raindrop; without an offset,
    naive). Seconds and ISO text with an offset give an aware datetime in UTC. what: the field's name for
    the message."""
    value = value.strip()
    if value in ("", "0"):
        return None, None
    unreadable = f"the date {what}={_brief(value)} is not a date Learnlog can read; fix it or remove it"
    if EPOCH_DIGITS.fullmatch(value):
        return _from_number(float(value), what, value)
    try:
        found = datetime.fromisoformat(value)
        return (found.astimezone(UTC) if found.tzinfo else found).replace(microsecond=0), None
    except (ValueError, OverflowError, OSError):  # not ISO 8601, or beyond year 1 or 9999 once in UTC
        return None, unreadable


def _from_number(number: float, what: str, value: str) -> tuple[datetime | None, str | None]:
    """The moment a number of seconds, milliseconds or microseconds since 1970 stands for: the one of the three
    that falls in PLAUSIBLE_YEARS (no bookmark is older than the web, and exports write one unit throughout)."""
    for divisor in (1, 1_000, 1_000_000):
        try:
            moment = datetime.fromtimestamp(int(number / divisor), UTC)
        except (ValueError, OverflowError, OSError):
            continue
        if moment.year in PLAUSIBLE_YEARS:
            return moment, None
    return None, (
        f"the date {what}={_brief(value)} is no time from {PLAUSIBLE_YEARS.start} to {PLAUSIBLE_YEARS.stop - 1} in "
        "seconds, milliseconds or microseconds since 1970; fix it or remove it"
    )


def _brief(value: str, limit: int = 40) -> str:
    """A value from the file for a message: quoted, on one line, cut after `limit` characters."""
    value = " ".join(value.split())
    return repr(value if len(value) <= limit else value[:limit] + "…")


# Netscape bookmark HTML and Pocket's HTML export


class _BookmarksParser(html.parser.HTMLParser):
    """Collects bookmarks, their folders and descriptions from bookmark HTML. html.parser reads any bytes
    without raising: unclosed `<DT>`, `<p>` and `<DD>` (as browsers write them) are fine."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bookmarks: list[Bookmark] = []
        self.problems: list[tuple[int, str]] = []
        self.folders: list[str | None] = []  # one per open <DL>: its name, or None for a browser's own
        self.folder_name: str | None = None  # the last <H3>'s text, until its <DL> opens
        self.folder_is_root = False
        self.collecting: str = ""  # "title", "folder", "description", "heading" or ""
        self.text: list[str] = []
        self.current: Bookmark | None = None
        self.described: Bookmark | None = None
        self.unread = False  # in Pocket's "Unread" section

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("a", "h3", "h1", "dt", "dl"):
            self._end_description()
        if tag == "a":
            self._start_bookmark(values)
        elif tag == "h3":
            self.folder_is_root = any(values.get(name) == "true" for name in ROOT_FOLDER_ATTRIBUTES)
            self._collect("folder")
        elif tag == "h1":
            self._collect("heading")
        elif tag == "dl":
            self.folders.append(None if self.folder_is_root else self.folder_name)
            self.folder_name, self.folder_is_root = None, False
        elif tag == "dd" and self.described is not None:
            self._collect("description")
        elif tag == "br" and self.collecting == "description":
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.collecting == "title" and self.current:
            self.current.title = "".join(self.text)
            self.described, self.current, self.collecting = self.current, None, ""
        elif tag == "h3" and self.collecting == "folder":
            self.folder_name, self.collecting = " ".join("".join(self.text).split()), ""
        elif tag == "h1" and self.collecting == "heading":
            heading = " ".join("".join(self.text).split()).lower()
            self.unread = heading == POCKET_UNREAD if heading in (POCKET_UNREAD, POCKET_READ) else self.unread
            self.collecting = ""
        elif tag == "dl":
            self._end_description()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self.collecting:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        if self.current is not None:  # an <A> never closed: its title is what followed it
            self.current.title = "".join(self.text)
        self._end_description()

    def _collect(self, what: str) -> None:
        self.collecting, self.text = what, []

    def _start_bookmark(self, values: dict[str, str]) -> None:
        line = self.getpos()[0]
        if self.current is not None:  # the last <A> was never closed
            self.current.title = "".join(self.text)
        self.current = self.described = None
        if "href" not in values:
            return  # an anchor, not a bookmark
        when, problem = moment(values.get("add_date") or values.get("time_added", ""), "ADD_DATE")
        if problem:
            self.problems.append((line, problem))
            return
        self.current = Bookmark(
            line,
            values["href"].strip(),
            when=when,
            tags=[tag for tag in values.get("tags", "").split(",")],
            folders=list(itertools.islice((name for name in self.folders if name), MAX_FOLDERS)),
            private=values.get("private", "") == "1",
            unread=values.get("toread", "") == "1" or self.unread,
        )
        self.bookmarks.append(self.current)
        self._collect("title")

    def _end_description(self) -> None:
        """A `<DD>` ends where the next entry, folder or list starts."""
        if self.collecting == "description" and self.described is not None:
            self.described.note = "\n".join(line.strip() for line in "".join(self.text).strip().split("\n"))
            self.collecting = ""
        self.described = None


def _html(text: str) -> tuple[list[Bookmark], list[tuple[int, str]]]:
    parser = _BookmarksParser()
    parser.feed(text)
    parser.close()
    return parser.bookmarks, parser.problems


# CSV: Pocket and Raindrop


def _rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, str]]]:
    """([(line, {column: value})], problems) of a CSV file with a header (RFC 4180: quoted commas, line breaks
    and doubled quotes in quoted fields). Columns are named in lowercase; missing values are ""."""
    rows: list[tuple[int, dict[str, str]]] = []
    # A note can be long: the csv module's limit (131,072 characters a value) is the whole file's size here.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_EXPORT_BYTES))
    reader = csv.reader(io.StringIO(text), strict=True)
    line = 2
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        line = reader.line_num + 1
        for row in reader:
            if any(value.strip() for value in row):
                rows.append((line, dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))))
            line = reader.line_num + 1
    except csv.Error as error:  # a quote never closed, or one inside a value not doubled
        why = (
            f"a quote opened on line {line} is never closed"
            if "unexpected end of data" in str(error)
            else f"a value is not written as CSV writes it ({error})"
        )
        return rows, [(line, f"{why}; the rest of the file was not read: fix it (a \" inside a value is written \"\"), "
                       "and import again")]  # fmt: skip
    return rows, []


def _csv_bookmarks(
    text: str, date_column: str, made: Callable[[int, dict[str, str], datetime | None], Bookmark]
) -> tuple[list[Bookmark], list[tuple[int, str]]]:
    """The bookmarks of a CSV export: each row with a readable date in `date_column` made a Bookmark by
    made(line, row, date); a date that cannot be read is a problem of its row."""
    rows, problems = _rows(text)
    bookmarks = []
    for line, row in rows:
        when, problem = moment(row.get(date_column, ""), date_column)
        if problem:
            problems.append((line, problem))
        else:
            bookmarks.append(made(line, row, when))
    return bookmarks, problems


def _pocket_csv(text: str) -> tuple[list[Bookmark], list[tuple[int, str]]]:
    def made(line: int, row: dict[str, str], when: datetime | None) -> Bookmark:
        return Bookmark(
            line,
            row.get("url", "").strip(),
            title=row.get("title", ""),
            when=when,
            tags=row.get("tags", "").split("|"),
            unread=row.get("status", "").strip().lower() == "unread",
        )

    return _csv_bookmarks(text, "time_added", made)


def _raindrop_csv(text: str) -> tuple[list[Bookmark], list[tuple[int, str]]]:
    def made(line: int, row: dict[str, str], when: datetime | None) -> Bookmark:
        folder = row.get("folder", "").strip()
        return Bookmark(
            line,
            row.get("url", "").strip(),
            title=row.get("title", ""),
            when=when,
            tags=row.get("tags", "").split(","),
            note=row.get("note", "").strip(),
            # The author's highlights when there are some, else the page's own excerpt.
            quote=(_highlights(row.get("highlights", "")) or row.get("excerpt", "")).strip(),
            folders=[] if folder.lower() == RAINDROP_DEFAULT_FOLDER else [part.strip() for part in folder.split("/")],
        )

    return _csv_bookmarks(text, "created", made)


def _highlights(text: str) -> str:
    """Raindrop's highlights, each line without the "Highlight:" it starts with."""
    return "\n".join(HIGHLIGHT.sub("", line).strip() for line in text.strip().splitlines() if line.strip())


# Pinboard's JSON


def _pinboard_json(text: str) -> tuple[list[Bookmark], list[tuple[int, str]]]:
    """Pinboard's list, read one item at a time (json.JSONDecoder.raw_decode) so each keeps its line: the
    export is often a single line, so the message also says which item it is."""
    decoder, lines = json.JSONDecoder(), _Lines(text)
    index = _skip_space(text, 0)
    if not text.startswith("[", index):
        raise ExportError(lines.at(index), "Pinboard's export is a list starting with '['; export it again")
    bookmarks: list[Bookmark] = []
    problems: list[tuple[int, str]] = []
    index, number = _skip_space(text, index + 1), 0
    while not text.startswith("]", index):
        number += 1
        line = lines.at(index)
        try:
            item, index = decoder.raw_decode(text, index)
        except (json.JSONDecodeError, RecursionError) as error:
            why = getattr(error, "msg", "nested too deep")
            stop = (
                f"item {number} is not valid JSON ({why}); the rest of the file was not read: fix it and import again"
            )
            problems.append((getattr(error, "lineno", line), stop))
            return bookmarks, problems
        bookmark, problem = _pinboard_item(item, line, number)
        if problem:
            problems.append((line, problem))
        elif bookmark:
            bookmarks.append(bookmark)
        index = _skip_space(text, index)
        if text.startswith(",", index):
            index = _skip_space(text, index + 1)
        elif not text.startswith("]", index):
            problems.append(
                (lines.at(index), f"a ',' or ']' is missing after item {number}; the rest of the file was not read")
            )
            return bookmarks, problems
    return bookmarks, problems


def _pinboard_item(item: object, line: int, number: int) -> tuple[Bookmark | None, str | None]:
    if not isinstance(item, dict):
        return None, f'item {number} is not a bookmark ({{"href": …}}); remove it'
    values = {}
    for name in ("href", "description", "extended", "time", "tags", "shared", "toread"):
        value = item.get(name, "")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return None, f"item {number}: '{name}' must be text; fix it or remove it"
        values[name] = str(value)
    if not values["href"].strip():
        return None, f"item {number} has no 'href' (its address); add it or remove the item"
    when, problem = moment(values["time"], "time")
    if problem:
        return None, f"item {number}: {problem}"
    return (
        Bookmark(
            line,
            values["href"].strip(),
            title=values["description"],
            when=when,
            tags=values["tags"].split(),
            note=values["extended"].strip(),
            private=values["shared"].strip().lower() == "no",
            unread=values["toread"].strip().lower() == "yes",
            item=number,
        ),
        None,
    )


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\n\r":
        index += 1
    return index


class _Lines:
    """Line numbers of places in a text asked for in increasing order, each found in time proportional to
    the distance from the last one (an export of one 5 MB line has 10,000 items)."""

    def __init__(self, text: str):
        self.text, self.index, self.line = text, 0, 1

    def at(self, index: int) -> int:
        if index < self.index:
            self.index, self.line = 0, 1
        self.line += self.text.count("\n", self.index, index)
        self.index = index
        return self.line
