"""`invoke link`: add a link note to its week's file, keeping every byte already there.

The new entry is inserted as text (at the end of the list, or of `links:`), never by rewriting the
file from parsed YAML, so the author's comments, order and spacing stay exactly as they were.

Nothing is saved that the build would refuse. What the file cannot show is checked first, naming the
option: bytes that are not UTF-8, line breaks in --tags and --via, the date and its year, the address
(before its page is fetched), a via that is a near miss of a blogroll id or name or half a web address,
tags with nothing to make an address from, too many tags, and a tag that would share its page with
another tag of the site. Then the week's file, as it would be, is read with
the build's own reader (link_notes/parsing.py), whose messages name the field and its line; the note is
written only when that reader finds no problem, reads the new link back exactly as given, and reads
every earlier note of the file exactly as before. The content folder is locked from the first read to
the write, so two commands at once each add their note; the write itself is atomic (files.py).

The checks of what the author types (`date_option`, `tag_names`, `known_tags`, `tag_clash`, `typed`)
are shared with `invoke new-post` (newpost.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shlex
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from learnlog_core import characters, fields, file_names, limits, strict_yaml
from learnlog_core.slugs import chosen_for, same_name, tag_slug
from learnlog_core.strict_yaml import yaml
from learnlog_core.yaml_messages import LINE_BREAK as LINE_END
from link_notes.blogroll import HOST, ID, PREFIX, WWW, looks_like_address, meant_id, parse_blogroll
from link_notes.parsing import WEB_ADDRESS, parse_links_file
from link_notes.render import NoteRenderer
from link_notes.settings import DEFAULTS
from link_notes.weeks import week_label
from posts.header import split as split_header
from posts.validation import validate

from learnlog.fetch import AddressError, request_address
from learnlog.files import why_not_written, write_atomically


class LinkError(Exception):
    """A reason not to add the link, in plain words with the fix; no file was changed."""


class TooBig(LinkError):
    """The file would be over LINKS_MAX_FILE_BYTES with the links added (append_entries)."""


@dataclass
class NewLink:
    """A link note to write: what `invoke link` and `invoke import` give `entry_lines`."""

    url: str  # an address check_address accepts
    title: str  # one line of text, not empty
    moment: datetime  # naive, in the site's time zone (TIMEZONE)
    tags: list[str]
    via: str = ""
    note: str = ""  # Markdown, lines ended by "\n"
    quote: str = ""
    draft: bool = False


@dataclass
class Added:
    path: Path
    line: int
    saved_before: list[str]  # "content/links/2026-W40.yaml:12" for each earlier note of the same address
    title: str = ""  # the title as saved


# What the author types, checked before anything is read or written

# Line breaks for the YAML reader (YAML 1.1, section 5.4) or for a post's header; U+0085 is refused as a
# control character (characters.py).
LINE_BREAK = re.compile("[\n\r\u2028\u2029]")
# A terminal set to another encoding than UTF-8 passes bytes that are not UTF-8 to Python as lone
# surrogates (PEP 383): they cannot be saved in a UTF-8 file.
SURROGATE = re.compile("[\ud800-\udfff]")
# Characters written as escapes inside a double-quoted YAML value (json.dumps escapes the C0 controls
# itself): forbidden characters, so the build names the field that holds one; YAML's own line breaks;
# and the byte order mark, which YAML readers treat apart.
ESCAPED = re.compile(f"{characters.FORBIDDEN.pattern[:-1]}\u2028\u2029\ufeff]")
TAG_ADDRESS = "/tags/{slug}/"  # TAG_URL of learnlog_core/layout.py, as messages show it
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")  # the posts' reader's file extensions
DATE_HINT = "write it as 2026-11-23 or '2026-11-23 09:15'"
EXAMPLE_VIA = "--via https://www.example.org"  # a whole address, in messages about --via
# The largest week file the build reads, unless pelicanconf.py sets LINKS_MAX_FILE_BYTES.
MAX_FILE_BYTES = DEFAULTS["LINKS_MAX_FILE_BYTES"]


def printable(message: str) -> str:
    """A message safe and short enough to print: characters a terminal would act on written as escapes
    (characters.shown), a pasted value of thousands of characters cut (characters.brief)."""
    return characters.shown(characters.brief(message))


def shown(value: str, limit: int = 80) -> str:
    """`value` in quotes for a message, on one line: cut after `limit` characters, line breaks and tabs,
    every character a terminal would act on (escape sequences, direction overrides) and invisible format
    characters (a zero-width space copied with a name) written as escapes."""
    cut = value if len(value) <= limit else value[:limit] + "…"
    text = characters.shown(cut).replace("\n", "\\n").replace("\t", "\\t")
    return "'" + "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in text) + "'"


def typed(name: str, value: str) -> str | None:
    """None, or the message for a value holding bytes that are not UTF-8 (as lone surrogates, see SURROGATE).
    name: the option as the author typed it, such as "--title"."""
    if SURROGATE.search(value):
        return (
            f"{name} holds bytes that are not UTF-8 text ({shown(value)}); set your terminal's encoding to UTF-8 "
            "(the usual setting) and type it again"
        )
    return None


def holds_forbidden(what: str, character: str) -> str:
    """The message for a forbidden character (characters.py) in a value: "--tags 'a\\x08' contains a backspace
    (U+0008), which …; delete it …". what: the option and its value as `shown` gives them (braces are fine)."""
    return characters.message(character, what.replace("{", "{{").replace("}", "}}") + " contains {}")


def date_option(when: str, timezone: str) -> tuple[datetime | None, str | None]:
    """(naive datetime in `timezone`, None) for the text of --date, or (None, what is wrong and how to write it).

    when: "" for now, to the minute; else a date as the build reads one (fields.when): 2026-11-23,
    2026-11-23 09:15, with seconds, or with an offset such as +01:00 or Z, in which case it is converted to
    `timezone` (a name from the time zone database: TIMEZONE). The year, once converted, is one fields.YEARS
    allows, so the date written is one the build accepts.
    """
    if not when.strip():
        return datetime.now(ZoneInfo(timezone)).replace(second=0, microsecond=0, tzinfo=None), None
    problem = typed("--date", when)
    if problem:
        return None, problem
    written = when.strip()
    value, problem = fields.when("date", written)
    if problem:
        if not fields.DATE_TEXT.match(written):  # not written as a date at all
            return None, f"--date {shown(written)} is not a date; {DATE_HINT}"
        return None, problem.replace("'date'", "--date")  # no such day, or a year out of range
    if value.tzinfo is None:
        return value, None
    local = value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    if not fields.in_years(local):  # 9998-12-31 23:00 -05:00 is in 9999 in London
        return None, (
            f"--date {shown(written)} is in the year {local.year:04d} in the site's time zone ({timezone}), "
            f"which cannot be right; write a year from {fields.YEARS.start} to {fields.YEARS.stop - 1}"
        )
    return local, None


def date_text(moment: datetime, *, day_alone: bool) -> str:
    """A naive datetime as a post header or a link note writes it: 2026-11-23 09:15 (seconds and fractions
    only when there are some); with `day_alone`, a moment at midnight as the day alone, 2026-11-23."""
    if moment.microsecond:
        return moment.isoformat(sep=" ")
    if moment.second:
        return f"{moment:%Y-%m-%d %H:%M:%S}"
    if day_alone and moment.time() == datetime.min.time():
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"


def tag_names(tags: str, kind: str, chosen: Mapping[str, str] | None = None) -> tuple[list[str] | None, str | None]:
    """(["memory", "habits"], None) for --tags "memory, habits" (each name stripped, empty ones left out), or
    (None, why the build would refuse them and the fix): bytes that are not UTF-8, a line break (it would end
    the header line of a post), a forbidden character (characters.py), a tag with nothing to make its address
    from (slugs.tag_slug gives ""), more than limits.MAX_TAGS tags, or two tags that would share one address.
    kind: "post" or "link", for messages. chosen: the TAG_SLUGS setting (slugs.tag_slug)."""
    problem = typed("--tags", tags)
    if problem:
        return None, problem
    if LINE_BREAK.search(tags):
        return None, (
            f"--tags {shown(tags)} holds a line break; write the tags on one line, separated by commas, "
            "such as --tags memory,habits"
        )
    bad = characters.first_forbidden(tags)
    if bad:
        return None, holds_forbidden(f"--tags {shown(tags)}", bad)
    names = [name.strip() for name in tags.split(",") if name.strip()]
    if len(names) > limits.MAX_TAGS:
        return None, (
            f"there are {len(names)} tags; a {kind} can have at most {limits.MAX_TAGS}: keep the few that say "
            "what it is about"
        )
    for name in names:
        if not tag_slug(name, chosen or {}):
            return None, (
                f"the tag {shown(name)} has no letters or digits to make its address from; use a word "
                "(emoji and every script are fine: '🐍' is at /tags/snake/)"
            )
    clash = tag_clash(names, {}, chosen)
    return (None, clash) if clash else (names, None)


def tag_clash(
    names: list[str], known: dict[str, tuple[str, str]], chosen: Mapping[str, str] | None = None
) -> str | None:
    """None, or the message for the first of `names` whose address another tag already has: the build
    refuses two different names for one tag page (slugs.same_name says when two names are one tag).
    known: slug -> (name, where it is written, "content/…:line"), as `known_tags` gives. chosen: the
    TAG_SLUGS setting (slugs.tag_slug)."""
    seen = dict(known)
    for name in names:
        slug = tag_slug(name, chosen or {})
        other, where = seen.setdefault(slug, (name, "also in --tags"))
        if not same_name(other, name):
            given = next((each for each in (name, other) if chosen_for(each, chosen or {})), None)
            fix = (
                f"TAG_SLUGS in the settings gives {shown(given)} this address: give it another there, or write "
                f"the tag as {shown(other)}"
                if given
                else f"write it as {shown(other)}, or use another word"
            )
            return (
                f"the tag {shown(name)} would share the address {TAG_ADDRESS.format(slug=slug)} with the tag "
                f"{shown(other)} ({where}); {fix}"
            )
    return None


def known_tags(
    content: Path, link_files: list[tuple[Path, dict]], chosen: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """The tags the site already has: slug -> (name, "content/…:line" where it is first written), from the
    headers of the Markdown files in content/posts and content/pages and from `link_files` (as `link_files`
    gives). A file the build would refuse adds none. chosen: the TAG_SLUGS setting (slugs.tag_slug)."""
    found: dict[str, tuple[str, str]] = {}
    for path, text in _markdown_files(content):
        header = split_header(text)
        values, problems, _ = validate(header, "post", True)
        for name in values.get("tags", []) if not problems else []:
            found.setdefault(tag_slug(name, chosen or {}), (name, f"{display(path)}:{header.fields['tags'].line}"))
    for path, parsed in link_files:
        for link in parsed["links"]:
            for name in link["tags"]:
                found.setdefault(tag_slug(name, chosen or {}), (name, f"{display(path)}:{link['tags_line']}"))
    found.pop("", None)
    return found


def _markdown_files(content: Path) -> Iterator[tuple[Path, str]]:
    """(path, text) of each post and page, in file-name order; files that cannot be read as UTF-8 are left out."""
    for folder in ("posts", "pages"):
        for path in sorted((content / folder).rglob("*")) if (content / folder).is_dir() else []:
            if path.suffix not in MARKDOWN_SUFFIXES or not path.is_file():
                continue
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            yield path, text.removeprefix("\ufeff").replace("\r\n", "\n")


@contextlib.contextmanager
def locked(folder: Path, seconds: float | None = None) -> Iterator[None]:
    """Hold `folder` locked (flock(2) on the folder itself) for the `with` block, waiting while another
    command holds it: two commands adding to one file at once would each read it before the other wrote,
    and one addition would be lost. `invoke reflect` holds it while its editor is open, so a wait can be
    long: it is said on standard error. seconds: the longest wait (None: as long as it takes), after which
    TimeoutError is raised. Raises FileNotFoundError if the folder does not exist."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                "Waiting for another Learnlog command to finish (such as invoke reflect, until its editor is closed)…",
                file=sys.stderr,
                flush=True,
            )
            _wait_for_lock(descriptor, seconds)
        yield
    finally:
        os.close(descriptor)  # also lets go of the lock


def _wait_for_lock(descriptor: int, seconds: float | None) -> None:
    """flock(2) `descriptor` exclusively, waiting at most `seconds` (None: for ever), else TimeoutError."""
    if seconds is None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    ends = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= ends:
                raise TimeoutError(f"the folder stayed locked for {seconds:g} seconds") from None
            time.sleep(0.1)


def display(path: Path) -> str:
    """A file as the author knows it: content/links/2026-W48.yaml."""
    parts = path.parts
    return "/".join(parts[parts.index("content") :]) if "content" in parts else str(path)


# The command


def check_address(url: str) -> str:
    """The address to save, checked before its page is fetched; raises LinkError with the fix.

    url: the address as typed. Returns it without the spaces or line break around it (pasting often adds
    them) and with its scheme in lowercase (fields.normal_address), otherwise as typed: a non-ASCII site name
    or path stays readable (feeds convert them, feeds/addresses.py; the fetch too, fetch.request_address).
    Refused, naming the problem: bytes that are not UTF-8; a forbidden character (characters.py); a line
    break; a tab or any space but " ", named (" " gets fields.web_address's message); an invisible format
    character (Unicode category Cf, but those of KEPT_IN_ADDRESSES), named; anything but an absolute http(s)
    address with a site name and a port from 1 to 65535 (fields.web_address, RFC 3986); a user name or
    password before the site name (it would be published with the link); a backslash before the query
    (browsers read it as "/", WHATWG URL Standard); a site name the network cannot be given
    (fetch.request_address: IDNA, an IPv6 zone, a character no host name holds). Nothing is looked up.
    """
    url = url.strip()
    problem = typed("the address", url)
    bad = characters.first_forbidden(url)
    if not problem and bad:
        problem = holds_forbidden(f"the address {shown(url)}", bad)
    if not problem and LINE_BREAK.search(url):
        problem = f"the address {shown(url)} holds a line break; copy the whole address from the browser's address bar"
    problem = problem or _odd_space(url) or _invisible(url)
    problem = problem or _address_problem("url", url) or _password(url) or _backslash(url)
    if problem:
        raise LinkError(problem.replace("'url'", "the address"))
    try:
        request_address(url)
    except AddressError as error:
        raise LinkError(str(error)) from None
    return fields.normal_address(url)


# Spaces other than " " (str.isspace) that an address copied from a document or a chat can hold, by name.
ODD_SPACE = re.compile(r"[^\S ]")
SPACE_NAMES = {"\t": "a tab", "\u00a0": "a no-break space (U+00A0)"}


def _odd_space(url: str) -> str | None:
    """The message for a tab or a space other than " " in an address, named: neither can be seen."""
    found = ODD_SPACE.search(url)
    if not found:
        return None
    what = SPACE_NAMES.get(found[0], f"a space character (U+{ord(found[0]):04X})")
    return f"the address {shown(url)} contains {what}; delete it, or write a space that belongs there as %20"


def _password(url: str) -> str | None:
    """The message for an address with user information before its site name (RFC 3986, section 3.2.1:
    `user:password@host`, or `user@host`). A user name alone is refused too: it is often a token
    (`https://ghp_…@github.com/…`), and the page is the same without it (the fetch never sends it)."""
    parts = urlsplit(url)
    if parts.username is None:
        return None
    return (
        f"the address {shown(url)} holds a user name or password (before the @), which would be published with "
        f"the link; write the address without {shown(parts.netloc.rpartition('@')[0] + '@')}"
    )


def _invisible(url: str) -> str | None:
    """The message for an invisible format character (Unicode category Cf, but those of KEPT_IN_ADDRESSES) in
    an address, named: a browser drops some (a soft hyphen, U+200B in a site name), so the page opened would
    not be the address saved."""
    found = next((character for character in url if _is_invisible(character, KEPT_IN_ADDRESSES)), None)
    if found is None:
        return None
    return (
        f"the address {shown(url)} holds an invisible character ({_named(found)}), which came with text copied "
        "from a page; copy the address again from the browser's address bar"
    )


def _named(character: str) -> str:
    """'U+200B, zero width space': a character's code point and its Unicode name, for messages."""
    name = unicodedata.name(character, "").lower()
    return f"U+{ord(character):04X}, {name}" if name else f"U+{ord(character):04X}"


def _backslash(url: str) -> str | None:
    """The message for a backslash before an address's query: a browser reads it as "/" (WHATWG URL Standard,
    special URLs), a server as a character of the path, so the address is not one page."""
    if "\\" not in re.split("[?#]", url, maxsplit=1)[0]:
        return None
    return f"the address {shown(url)} holds a backslash (\\), where web addresses have /: write / instead"


def _address_problem(name: str, value: str) -> str | None:
    """fields.web_address's message, the value in it shown on one line (see `shown`)."""
    problem = fields.web_address(name, value)
    return problem and problem.replace(f"'{value}'", shown(value, limit=len(value)))


# What no fetched title keeps: forbidden characters (characters.py: controls, non-characters, lone
# surrogates) and the direction controls (characters.DIRECTION_CONTROLS), which would reorder the rest of the
# line wherever the title is shown. An author may type them on purpose; a page's title brings them for
# nobody's good. The invisible format characters (Unicode category Cf) go too: zero width spaces, word
# joiners, soft hyphens, byte order marks, tag characters; but not those of KEPT_IN_TITLES.
NOT_IN_FETCHED_TITLES = re.compile(f"{characters.FORBIDDEN.pattern[:-1]}{characters.DIRECTION_CONTROLS}]")
# Format characters text needs: the zero width non-joiner and joiner (Persian, Indic scripts, emoji
# sequences such as 👩‍🏫), the direction marks of right-to-left writing (U+200E, U+200F, U+061C), and the
# prepended concatenation marks, which are seen (Arabic number signs U+0600 to U+0605, the end of ayah
# U+06DD, U+070F, U+0890, U+0891, U+08E2, U+110BD, U+110CD; Unicode's Prepended_Concatenation_Mark).
KEPT_IN_TITLES = frozenset(
    "\u200c\u200d\u200e\u200f\u061c\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd"
)
# An address keeps the joiners (a host name or a path may hold them in Persian or Indic words) and the
# marks that are seen, not the direction marks: in an address they come with text copied from a page.
KEPT_IN_ADDRESSES = KEPT_IN_TITLES - {"\u200e", "\u200f", "\u061c"}
# An emoji flag of a region (Unicode Technical Standard #51, tag sequences): a black flag U+1F3F4, tag
# characters naming the region, a cancel tag U+E007F, such as the flag of Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿. Its tag characters stay.
FLAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
MAX_FETCHED_TITLE = 300  # characters: the longest real titles are about 200 (a headline and a site's name)


def fetched_title(title: str, limit: int = MAX_FETCHED_TITLE) -> str:
    """A title fetched from a page, made fit to save; raises LinkError when no text is left.

    title: the page's title, any text. Returns it without the characters of NOT_IN_FETCHED_TITLES (the author
    did not write them; a page's title can hold any), without invisible format characters (`_visible`),
    whitespace folded (str.split: every Unicode space and line break), and at most `limit` characters (code
    points) long: a longer title is cut at the last space in its second half, else between two characters as
    a reader sees them (`_cut_at`), and ends with "…".
    """
    title = " ".join(_visible(NOT_IN_FETCHED_TITLES.sub("", title)).split())
    if not title:
        raise LinkError('the page\'s title has no text to show; give the title yourself with --title "…"')
    if len(title) <= limit:
        return title
    room = limit - 1  # for the "…"
    cut = title.rfind(" ", 0, room + 1)
    if cut < room // 2:  # one long word (or a script written without spaces)
        cut = _cut_at(title, room)
    return (title[:cut].rstrip(" ,;:-–—") or title[:cut]) + "…"


def _is_invisible(character: str, kept: frozenset[str]) -> bool:
    """True for a format character (Unicode category Cf) that is not in `kept`."""
    return unicodedata.category(character) == "Cf" and character not in kept


def _visible(text: str) -> str:
    """`text` without its invisible format characters (Unicode category Cf) but those of KEPT_IN_TITLES and
    the tag characters of an emoji flag (FLAG_SEQUENCE). Linear in the length of `text`: each distinct
    character is looked up once."""
    dropped = dict.fromkeys(ord(character) for character in set(text) if _is_invisible(character, KEPT_IN_TITLES))
    if not dropped:
        return text
    pieces, start = [], 0
    for flag in FLAG_SEQUENCE.finditer(text):
        pieces += [text[start : flag.start()].translate(dropped), flag[0]]
        start = flag.end()
    pieces.append(text[start:].translate(dropped))
    return "".join(pieces)


def _cut_at(text: str, index: int) -> int:
    """The last place at or before `index` where `text` can be cut without splitting a character as a reader
    sees it: not before a combining mark, an emoji modifier or a tag character, not on either side of a
    zero-width joiner (Unicode Standard Annex #29, grapheme cluster boundaries, the common cases)."""
    while index > 0 and (
        unicodedata.category(text[index]) in ("Mn", "Mc", "Me")  # accents, variation selectors
        or "\U0001f3fb" <= text[index] <= "\U0001f3ff"
        or "\U000e0020" <= text[index] <= "\U000e007f"
        or "\u200d" in (text[index], text[index - 1])
    ):
        index -= 1
    return index


def add_link(
    content: Path,
    url: str,
    title: str,
    *,
    note: str = "",
    tags: str = "",
    via: str = "",
    when: str = "",
    timezone: str = "UTC",
    links_folder: str = "links",
    blogroll_file: str = "blogroll.yaml",
    max_bytes: int = MAX_FILE_BYTES,
    tag_slugs: Mapping[str, str] | None = None,
) -> Added:
    """Add a link note to content/<links_folder>/<ISO year>-W<week>.yaml (created if needed) and say where.

    url: an http(s) address. title: the page's title; runs of spaces and line breaks become one space.
    note: Markdown, any number of lines. tags: names separated by commas. via: a blogroll id, a name or an
    address; one close to a blogroll id or to a person's name, or one that looks like a web address but is
    not a whole http(s) one, is refused with the fix (the build would warn: link_notes/blogroll.py
    `meant_id`, `looks_like_address`). when: the text of --date ("" for now; see
    `date_option`). timezone: TIMEZONE. links_folder: LINKS_PATH. blogroll_file: BLOGROLL_FILE. max_bytes:
    LINKS_MAX_FILE_BYTES, the largest week file the build reads. tag_slugs: TAG_SLUGS. Raises LinkError, with
    the fix, when the link cannot be saved so that the build accepts it as given; then no file was changed.
    """
    url = check_address(url)
    for name, value in (("--title", title), ("--note", note), ("--via", via)):
        _refuse(typed(name, value))
    title = " ".join(title.split())
    via = _via(via)
    names = _checked(tag_names(tags, "link", tag_slugs))
    note = note.replace("\r\n", "\n").replace("\r", "\n")
    moment = _checked(date_option(when, timezone))
    year, week, _ = moment.isocalendar()
    folder = content / links_folder
    path = folder / f"{year}-W{week:02d}.yaml"
    if not content.is_dir():
        raise LinkError(f"there is no content folder at {content}; run the command in the project's folder")
    with locked(content):
        _refuse(_unknown_via(via, content / blogroll_file))
        files = link_files(folder, max_bytes)
        saved_before = _saved_before(files, url, timezone)
        same_week = [place for place, saved_week in saved_before if saved_week == (year, week)]
        if same_week:
            raise LinkError(
                f"you already saved this page this week, at {same_week[0]}; edit that note instead "
                "(an address that differs only in a '/' at the end, http or https, or utm_ parameters is the same page)"
            )
        _refuse(tag_clash(names, known_tags(content, files, tag_slugs), tag_slugs))
        _refuse(week_file_problem(path, content))
        old = read_week_file(path)
        render = NoteRenderer()
        before = parse_links_file(old, max_bytes, render)
        if before["problems"]:
            raise LinkError(
                f"{display(path)} already has problems; fix them first: {listed_problems(before['problems'])}"
            )
        link = NewLink(url, title, moment, names, via, note)
        new, line = b"", 0
        for block in (True, False) if _fits_block(note) else (False,):
            entry = _entry(link, block)
            new, line = _insert(old, entry, path, (year, week))
            alone = parse_links_file("\n".join(entry).encode("utf-8"), sys.maxsize, render)["problems"]
            if alone and not block:  # what was given: the build's own message, on the line it would have
                shifted = [(number + line - 1, message) for number, message in alone]
                raise LinkError(
                    f"the link was not added, because {display(path)} would not be valid: {listed_problems(shifted)}"
                )
            if len(new) > max_bytes:
                raise LinkError(
                    f"with this link {display(path)} would be {len(new):,} bytes, over the limit of {max_bytes:,} "
                    f"(LINKS_MAX_FILE_BYTES); shorten the note, or raise LINKS_MAX_FILE_BYTES in pelicanconf.py"
                )
            after = parse_links_file(new, max_bytes, render)
            if not alone and not after["problems"] and _reads_back(before, after, {line: _expected(link, render)}):
                break
        else:  # the entry is fine on its own, but not where it would go
            raise LinkError(cannot_add(path))
        write_week_file(path, new)
    return Added(path, line, [place for place, _ in saved_before], title)


def write_week_file(path: Path, data: bytes) -> None:
    """Replace a link-notes file with `data`, all or nothing (files.write_atomically). Raises LinkError, saying
    why and what to do (files.why_not_written), when it cannot be written; then it is as it was."""
    try:
        write_atomically(path, data)
    except OSError as error:
        raise LinkError(
            f"{display(path)} could not be written ({why_not_written(error)}); it was left as it was"
        ) from None


def _refuse(problem: str | None) -> None:
    if problem:
        raise LinkError(problem)


def _checked(result: tuple):
    value, problem = result
    _refuse(problem)
    return value


def _via(via: str) -> str:
    """--via stripped, on one line; an address is checked as one and its scheme made lowercase. Raises LinkError,
    with the fix, for a line break, an http(s) address the build would refuse (fields.web_address), and text
    that looks like a web address but is not a whole one (blogroll.looks_like_address: 'www.example.org',
    'https:/example.org', 'example.org/page', 'Jane https://example.org')."""
    via = via.strip()
    if LINE_BREAK.search(via):
        raise LinkError(f"--via {shown(via)} holds a line break; write one blogroll id, name or address")
    # An address with a user name or password: refused before any message could show it ('@jane@example.social'
    # is a name).
    password = fields.user_info_problem("via", via) if WEB_ADDRESS.match(via) or looks_like_address(via) else None
    if password:
        raise LinkError(password.replace("'via'", "--via"))
    if WEB_ADDRESS.match(via):
        bad = characters.first_forbidden(via)
        problem = None if bad else _address_problem("via", via)
        _refuse(problem and problem.replace("'via'", "--via"))
        return via if bad else fields.normal_address(via)  # a forbidden character: the build names it
    if looks_like_address(via):
        raise LinkError(_not_whole_address(via))
    return via


def _not_whole_address(via: str) -> str:
    """The message for a --via that looks like a web address but is not a whole http(s) one, with the address
    it was probably meant as, when that is one the build accepts."""
    among = re.search(r"https?://[^\s)\]>,;]+", via, re.IGNORECASE)  # 'Jane (https://example.org)'
    start = PREFIX.match(via) if "://" not in via else None  # 'https:/example.org', 'http//example.org'
    if among:
        guess = among[0]
    elif start:
        scheme = start[0].rstrip(":;/\\").lower()
        guess = f"{scheme if scheme in ('http', 'https') else 'https'}://{via[start.end() :]}"
    else:
        guess = "https://" + via.split("://")[-1]
    fix = f"--via {_argument(guess)}" if fields.web_address("via", guess) is None else EXAMPLE_VIA
    if among and among[0] != via:
        return (
            f"--via {shown(via)} holds a web address among other words; write the address alone, such as {fix}, "
            "or only a name"
        )
    what = f"--via {shown(via)} looks like a web address but is not a whole one"
    alone = HOST.match(via)
    if (
        alone and alone["name"] and alone["rest"] is None and not WWW.match(via)
    ):  # 'example.org', 'node.js': maybe a name
        name = via[:1].upper() + via[1:]
        return (
            f"{what}; write the whole address: {fix} (or, for a name, write it with capitals: --via {_argument(name)})"
        )
    return f"{what}; write the whole address: {fix}"


def _argument(value: str) -> str:
    """`value` as a shell takes it after an option, quoted only when it must be; safe to print (`printable`)."""
    return printable(shlex.quote(value))


def _unknown_via(via: str, blogroll: Path) -> str | None:
    """The message for a --via that names nobody in the blogroll but was probably meant to (blogroll.meant_id:
    written like an id and close to one, or close to a person's name, whatever its case), with that person's
    id, or None. A person's name, whatever its case and spaces, is None: it is saved as typed, as the build
    shows it. A blogroll that cannot be read, or has problems, is left to the build to report."""
    try:
        people, problems = parse_blogroll(blogroll.read_bytes().decode("utf-8"), NoteRenderer())
    except (OSError, UnicodeDecodeError):
        return None
    by_id = {person.id: person for person in people}
    meant = None if problems else meant_id(via, by_id)
    if meant is None:
        return None
    if ID.match(via):
        return (
            f"--via {shown(via)} is not in the blogroll; did you mean {meant!r}? To name someone who is not in it, "
            'write their name in capitals and spaces, such as --via "Alex Morgan"'
        )
    name = characters.shown(by_id[meant].name)
    return (
        f"--via {shown(via)} is not in the blogroll; did you mean --via {meant} ({name})? If you mean someone "
        f"else, give their site's address instead, such as {EXAMPLE_VIA}"
    )


def listed_problems(problems: list[tuple[int, str]], most: int = 3) -> str:
    """The first `most` problems, 'line 3: …; line 6: …', and how many more there are."""
    listed = "; ".join(f"line {number}: {message}" for number, message in problems[:most])
    more = len(problems) - most
    return listed + (f"; and {more} more (invoke check lists them all)" if more > 0 else "")


def week_file_problem(path: Path, content: Path) -> str | None:
    """Why the file `path` (a week's file or a new post, inside `content`, the content folder) cannot be written
    by a command, or
    None: it, or a folder on the way to it, is a link that leads outside the project (its folder, the parent of
    `content`) or into its .git folder (file_names.escapes: the build refuses those too), or it is itself a link
    (writing it would replace the link with a file, and the file it points at would not get the note)."""
    root = os.path.realpath(content.parent)
    for place in (path.parent, path):
        if place.exists() or place.is_symlink():
            escape = file_names.escapes(str(place), root)
            if escape:
                return f"{display(place)}: {escape}; nothing was saved"
    if path.is_symlink():
        return (
            f"{display(path)} is a link to {os.path.realpath(path)}; a command would replace the link with a file, "
            "so add the note to that file by hand, or replace the link with the file itself"
        )
    return None


def read_week_file(path: Path) -> bytes:
    """The week file's bytes, b"" when there is none yet. Raises LinkError, saying what to do, when it is a
    folder or cannot be read."""
    try:
        return path.read_bytes() if path.exists() or path.is_symlink() else b""
    except IsADirectoryError:
        raise LinkError(f"{display(path)} is a folder, not a file; rename it, then save the link again") from None
    except OSError as error:
        raise LinkError(f"{display(path)} could not be read ({error.strerror or error}); nothing was saved") from None


def _reads_back(before: dict, after: dict, expected: Mapping[int, dict]) -> bool:
    """True when the build reads the new file as the old one plus exactly the expected links: expected maps
    each new link's first line to its values (`_expected`)."""

    def kept(link: dict) -> dict:
        return {name: value for name, value in link.items() if name not in ("line", "tags_line", "via_line")}

    added = {link["line"]: link for link in after["links"] if link["line"] in expected}
    others = [kept(link) for link in after["links"] if link["line"] not in expected]
    if len(added) != len(expected) or others != [kept(link) for link in before["links"]]:
        return False
    if after["summary"] != before["summary"]:
        return False
    return all(added[line][name] == value for line, values in expected.items() for name, value in values.items())


def _expected(link: NewLink, render: Callable[[str], str]) -> dict:
    """The values the build must read back for `link`, its note rendered with `render` as the reader renders it."""
    return {
        "url": link.url,
        "title": link.title,
        "date": link.moment,
        "tags": link.tags,
        "via": link.via or None,
        "note": render(link.note.strip()) if link.note.strip() else "",
        "quote": link.quote,
        "draft": link.draft,
    }


def cannot_add(path: Path) -> str:
    """The message for a file whose links read back changed once a new one is added."""
    return (
        f"{display(path)} is written in a way Learnlog cannot add links to without changing what is in it; "
        "add the link to the file by hand"
    )


def entry_lines(link: NewLink, render: Callable[[str], str]) -> tuple[list[str], list[tuple[int, str]]]:
    """(lines, []) for a link note as a file would hold it, without indentation, that the build reads back as
    exactly `link` (its note as a literal block when it fits, else quoted); or (lines, problems) when the
    build would refuse it: problems are (line within the entry, counted from 1, the build's message).
    render: the reader's Markdown renderer (str keeps notes as written: the same check, faster)."""
    lines: list[str] = []
    for block in (True, False) if _fits_block(link.note) else (False,):
        lines = _entry(link, block)
        alone = parse_links_file("\n".join(lines).encode("utf-8"), sys.maxsize, render)
        if alone["problems"]:
            if block:
                continue
            return lines, alone["problems"]
        if len(alone["links"]) == 1 and _reads_back(
            {"links": [], "summary": None}, alone, {1: _expected(link, render)}
        ):
            return lines, []
    return lines, [(1, "this link cannot be written so that it reads back exactly as it is")]


def append_entries(
    path: Path,
    old: bytes,
    before: dict,
    entries: list[tuple[NewLink, list[str]]],
    max_bytes: int,
    render: Callable[[str], str],
) -> tuple[bytes, list[int]]:
    """(the file's new bytes, each new link's first line) for link notes added at the end of a link-notes file,
    every byte already there kept; nothing is written.

    path: the file (for its week and for messages). old: its bytes (b"" for a new file), which the build reads
    without a problem as `before` (parse_links_file with `render`). entries: (link, its lines from
    `entry_lines`, without problems). Raises LinkError, saying what to do, when the file would be over
    `max_bytes` (LINKS_MAX_FILE_BYTES: TooBig) or the build would not read it back as before plus exactly these links.
    """
    year, week = week_of_file(path)
    lines = [line for _, entry in entries for line in entry]
    new, first = _insert(old, lines, path, (year, week))
    if len(new) > max_bytes:
        raise TooBig(
            f"with these links {display(path)} would be {len(new):,} bytes, over the limit of {max_bytes:,} "
            "(LINKS_MAX_FILE_BYTES)"
        )
    starts, line = [], first
    for _, entry in entries:
        starts.append(line)
        line += len(entry)
    after = parse_links_file(new, max_bytes, render)
    expected = {start: _expected(link, render) for start, (link, _) in zip(starts, entries, strict=True)}
    if after["problems"] or not _reads_back(before, after, expected):
        raise LinkError(cannot_add(path))
    return new, starts


def week_of_file(path: Path) -> tuple[int, int]:
    """(ISO year, ISO week) a week's file is named for ("2026-W48.yaml", "2026-W48-2.yaml"), for the comment
    that starts a new file; (0, 0) for another name."""
    found = re.match(r"(\d{4})-W(\d{2})", path.name)
    return (int(found[1]), int(found[2])) if found else (0, 0)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax, which is valid YAML, with the characters of ESCAPED
    written as YAML escapes, so that the file holds only printable text and the value is exactly `text`."""
    return ESCAPED.sub(
        lambda found: f"\\u{ord(found[0]):04x}" if ord(found[0]) <= 0xFFFF else f"\\U{ord(found[0]):08x}",
        json.dumps(text, ensure_ascii=False),
    )


def _fits_block(note: str) -> bool:
    """True when a note can be written as a YAML literal block (`note: |`), easier to read and edit: several
    lines, the first not indented, and no character that must be written as an escape."""
    note = note.strip("\n")
    return "\n" in note and not note[0].isspace() and not ESCAPED.search(note)


def _entry(link: NewLink, block: bool) -> list[str]:
    """The new link's lines, without indentation; the note as a literal block when `block`."""
    lines = [
        f"- url: {yaml_quoted(link.url)}",
        f"  title: {yaml_quoted(link.title)}",
        f"  date: {date_text(link.moment, day_alone=True)}",
    ]
    if link.tags:
        lines.append(f"  tags: [{', '.join(yaml_quoted(tag) for tag in link.tags)}]")
    if link.via:
        lines.append(f"  via: {yaml_quoted(link.via)}")
    if link.quote:
        lines.append(f"  quote: {yaml_quoted(link.quote)}")
    if link.draft:
        lines.append("  draft: true")
    note = link.note.strip("\n")
    if note.strip() and block:
        lines.append("  note: |")
        lines += [f"    {line}" if line.strip() else "" for line in note.split("\n")]
    elif note.strip():
        lines.append(f"  note: {yaml_quoted(note.strip())}")
    return lines


def _insert(old: bytes, entry: list[str], path: Path, week: tuple[int, int]) -> tuple[bytes, int]:
    """The file with the entry added, and the entry's first line number. `old` is a file the build reads
    without a problem (or b"")."""
    text = old.decode("utf-8")
    if text.startswith("\ufeff"):  # a byte order mark: kept, but not counted in YAML's positions
        new, line = _insert(old[3:], entry, path, week)
        return old[:3] + new, line
    ending = LINE_END.search(text)
    newline = ending[0] if ending else "\n"  # the file's own (\r\n, \r or \n): one kind of line ending throughout
    node, _ = strict_yaml.compose(text) if text.strip() else (None, [])
    if node is None:  # a new or empty file, or only comments
        header = "" if text.strip() else f"# Week {week[1]}: links I saved from {week_label(*week)}.{newline}"
        return splice_entry(text, len(text), header, entry, 0, newline)
    by_hand = f"{display(path)} is written in a way `invoke link` cannot add to"
    if isinstance(node, yaml.SequenceNode):
        if not node.value:  # `[]`: the empty list becomes the list of one link
            return replace_empty_value(text, node, entry, 0, newline)
        if node.flow_style:
            raise LinkError(f"{by_hand} (a list in brackets); add the link to the file by hand")
        return splice_entry(text, node.end_mark.index, "", entry, dash_column(text, node), newline)
    if node.flow_style:
        raise LinkError(f"{by_hand} (a mapping in braces); add the link to the file by hand")
    links = next((value for key, value in node.value if str(key.value) == "links"), None)
    if isinstance(links, yaml.SequenceNode) and links.value:
        if links.flow_style:
            raise LinkError(f"{by_hand} ('links:' in brackets); add the link to the file by hand")
        return splice_entry(text, links.end_mark.index, "", entry, dash_column(text, links), newline)
    if links is not None:  # `links:` or `links: []` with nothing in it yet: the empty value becomes the list
        return replace_empty_value(text, links, entry, 2, newline)
    raise LinkError(f"{by_hand}; add the link to the file by hand")


def replace_empty_value(text: str, empty: yaml.Node, entry: list[str], indent: int, newline: str) -> tuple[bytes, int]:
    """Put the entry where an empty value (`[]`, `~`, or nothing) was, as a block list indented by `indent`."""
    start, end = empty.start_mark.index, empty.end_mark.index
    before = text[:start].rstrip(" ")
    if before and not before.endswith(("\n", "\r")):
        before += newline
    after = text[end:]
    if after.startswith(" "):  # a comment after the value: on a line of its own
        after = newline + after.lstrip(" ")
    block = newline.join(" " * indent + line if line else "" for line in entry)
    after = after if after.startswith(("\n", "\r")) else newline + after
    new = before + block + after
    return new.encode("utf-8"), _lines_in(before) + 1


def dash_column(text: str, sequence: yaml.SequenceNode) -> int:
    """The column of the '-' of a block list's items."""
    line = LINE_END.split(text)[sequence.start_mark.line]
    return len(line) - len(line.lstrip(" "))


def splice_entry(text: str, index: int, header: str, entry: list[str], indent: int, newline: str) -> tuple[bytes, int]:
    """Insert the entry at `index`, at the start of a line, indented like its neighbours."""
    before, after = text[:index], text[index:]
    if before and not before.endswith(("\n", "\r")):
        if before.rstrip(" ").endswith(("\n", "\r")) or before.strip() == "":
            before = before.rstrip(" ")
        else:
            before += newline
    block = "".join(" " * indent + line + newline if line else newline for line in entry)
    new = before + header + block + after
    return new.encode("utf-8"), _lines_in(before + header) + 1


def _lines_in(text: str) -> int:
    """How many line breaks `text` holds, counted as YAML counts them: \r\n, \r and \n each end a line."""
    return len(LINE_END.findall(text))


def link_files(folder: Path, max_bytes: int = sys.maxsize) -> list[tuple[Path, dict]]:
    """Every link-notes file under `folder` (*.yaml, *.yml, any sub-folder) read by the build's reader
    (parsing.py; max_bytes: LINKS_MAX_FILE_BYTES, by default none), notes left as written (no Markdown
    converted); files that cannot be read are left out."""
    found = []
    for path in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else []:
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        found.append((path, parse_links_file(raw, max_bytes, str)))
    return found


def _saved_before(files: list[tuple[Path, dict]], url: str, timezone: str) -> list[tuple[str, tuple[int, int]]]:
    """Where this address was saved before ("file:line"), and in which ISO week of the site's time zone: the
    same page written another way counts too (fields.same_page: a '/' at the end, utm_* parameters…)."""
    zone = ZoneInfo(timezone)
    return [
        (f"{display(path)}:{link['line']}", tuple(_local(link["date"], zone).isocalendar()[:2]))
        for path, parsed in files
        for link in parsed["links"]
        if fields.same_page(link["url"]) == fields.same_page(url)
    ]


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A date as the build reads it: without an offset it is in the site's time zone, else converted to it."""
    return moment if moment.tzinfo is None else moment.astimezone(zone).replace(tzinfo=None)
