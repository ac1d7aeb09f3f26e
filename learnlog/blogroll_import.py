"""`invoke import-blogroll`: a feed reader's subscriptions (an OPML file) into content/blogroll.yaml.

Feed readers (Feedly, NetNewsWire, Inoreader, Miniflux, FreshRSS, newsboat, The Old Reader) export the
feeds one follows as OPML: `<outline>` elements with the feed's address (`xmlUrl`), the site's (`htmlUrl`)
and a name (`text` or `title`), inside outlines without a feed that are folders. Each subscription becomes
a person of the blogroll, their folders their tags.

The OPML file is read with lxml, safely: a file that declares a DTD or entities (the "billion laughs", an
external entity naming a local file or an address) is refused before any XML parser sees it, and the parser
itself loads no DTD, resolves no entity, opens no network connection and refuses huge trees. Every problem
of the file is reported with its line and the fix; no bytes make this module raise anything but
BlogrollImportError, which is about the blogroll or the files, never about what the OPML holds.

The new people are added as text at the end of the blogroll's list, as `invoke link` adds a note
(linknote.py), so every byte already in the file stays as it was; the content folder is locked from the
first read to the write, the write is atomic (files.py), and the file is written only when the build's own
reader (link_notes/blogroll.py `parse_blogroll`) reads it back as the people it held plus exactly the new ones.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import html.entities
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from learnlog_core import characters, file_names, limits, strict_yaml
from learnlog_core.fields import same_page
from learnlog_core.shared import THEME_IDS
from learnlog_core.slugs import same_name, slugify, tag_slug
from learnlog_core.yaml_messages import LINE_BREAK
from link_notes.blogroll import parse_blogroll
from link_notes.model import Person
from link_notes.render import NoteRenderer
from lxml import etree

from learnlog.files import why_not_written, write_atomically

# linknote.py's text helpers, shared with `invoke link` so both commands add to a YAML list the same way.
from learnlog.linknote import (
    LinkError,
    check_address,
    dash_column,
    display,
    fetched_title,
    known_tags,
    link_files,
    listed_problems,
    locked,
    printable,
    replace_empty_value,
    shown,
    splice_entry,
    yaml_quoted,
)

# The largest OPML file read: a reader's export of 2,000 feeds is under a megabyte.
MAX_OPML_BYTES = 10_000_000
# The longest name kept whole (a feed's title can be a sentence); a longer one is cut at a word, with "…".
MAX_NAME = 120
MAX_TAG = 60
# Folders a feed reader puts subscriptions in when the reader gave them none: no tag says less.
DEFAULT_FOLDERS = frozenset({"all", "uncategorized", "uncategorised"})  # Miniflux; FreshRSS, Tiny Tiny RSS
NEW_FILE_HEADER = (
    "# The people I learn from: my Personal Learning Network.",
    "# A link note credits one of them with `via: <id>`.",
)
EXPORT_HINT = "export your subscriptions from your feed reader as OPML (often 'Export OPML' in its settings)"


class BlogrollImportError(Exception):
    """Why nothing was imported, in plain words with the fix: the blogroll has problems or cannot be written,
    or the OPML file cannot be opened. No file was changed."""


@dataclass(frozen=True)
class Problem:
    """A mistake in the OPML file: the subscription (or the whole file) it is about was left out."""

    line: int  # in the OPML file, counted from 1; 0 for the file as a whole
    message: str  # what is wrong and the fix

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Change:
    """Something imported otherwise than the OPML file wrote it: a name cleaned, a site or a name made up
    from an address, a folder written as a tag, an id made unique."""

    line: int  # in the OPML file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A subscription not added, though nothing is wrong with it."""

    line: int  # in the OPML file
    name: str
    kind: str  # "in the blogroll", "repeated" (earlier in the same file) or "empty folder"
    reason: str  # in words, with the person or line it repeats


@dataclass(frozen=True)
class Subscription:
    """One subscription as read from the OPML file: every value already one the blogroll accepts."""

    line: int
    name: str
    site: str  # http(s)
    feed: str  # http(s)
    site_given: bool  # False when `site` was made from the feed's address
    tags: tuple[str, ...] = ()  # its folders' names, outermost first, each a valid tag
    changes: tuple[Change, ...] = ()  # how the values differ from what the file wrote


@dataclass
class Opml:
    """What `read_opml` found. `readable` is False when the file as a whole was refused (problems say why)."""

    subscriptions: list[Subscription] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    readable: bool = True
    outlines: int = 0  # subscriptions in the file, bad ones included


@dataclass(frozen=True)
class NewPerson:
    """A person added (or, in a dry run, to add) to the blogroll."""

    line: int  # their subscription's line in the OPML file
    id: str
    name: str
    site: str
    feed: str
    tags: tuple[str, ...]
    blogroll_line: int = 0  # where their '- id:' is (or, in a dry run, would be) in the blogroll; 0 in a Plan


@dataclass
class ImportResult:
    """What `import_blogroll` did, or in a dry run would do."""

    path: Path  # the blogroll file
    added: list[NewPerson] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    written: bool = False  # the file was changed (never in a dry run)
    dry_run: bool = False
    readable: bool = True  # False: the OPML file as a whole was refused, see problems
    subscriptions: int = 0  # subscriptions in the OPML file

    @property
    def already(self) -> list[Skipped]:
        return [skip for skip in self.skipped if skip.kind == "in the blogroll"]

    @property
    def repeated(self) -> list[Skipped]:
        return [skip for skip in self.skipped if skip.kind == "repeated"]


# Reading the OPML file

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's, which starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The encoding an XML declaration names, read from the bytes, which in an ASCII-compatible encoding spell it.
DECLARED = re.compile(
    rb"""\A[ \t\r\n]*<\?xml[^>]{0,200}?encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][\w.:-]{0,40})["']"""
)
DECLARATION = re.compile(r"\A[ \t\r\n]*<\?xml\b[^>]{0,300}?\?>")
# Web browsers read text labelled Latin-1 or ASCII as Windows-1252, whose curly quotes and dashes exporters use.
AS_WINDOWS_1252 = {"latin_1", "iso8859_1", "ascii"}
DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)\b", re.IGNORECASE)
# An '&' and what follows it: a character reference, a named one, or a lone '&' (written by careless exporters).
AMPERSAND = re.compile(r"&(?:(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,40});)?")
XML_NAMED = frozenset({"amp", "lt", "gt", "quot", "apos"})
# A reference written once more in a name, by exporters that escape twice ('Tom &amp;amp; Jerry').
ESCAPED_TWICE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,40});")
SURROGATE = re.compile("[\ud800-\udfff]")
LINE_OR_TAB = re.compile("[\n\r\t\u2028\u2029]")


def read_opml(raw: bytes, *, folders_as_tags: bool = True) -> Opml:
    """The subscriptions of an OPML 1.0, 1.1 or 2.0 file, each checked, with every problem of the file.

    raw: the file's bytes, in any encoding its byte order mark or XML declaration names (UTF-8 without
    either). folders_as_tags: each folder (an outline without a feed, holding others) gives the people in it
    its name as a tag, made valid as tags must be: without characters a page cannot show, split at commas (a
    blogroll tag cannot hold one), and with letters or digits to make its address from. A feed reader's
    default folder (DEFAULT_FOLDERS, such as Miniflux's 'All') gives none.

    Each outline with a feed address (xmlUrl) is one subscription: its name is `text`, else `title`, else the
    site's host name, with HTML character references read ('&amp;eacute;') and characters no page may show
    as they are left out (linknote.fetched_title); its site is `htmlUrl`, or when that is missing or not an
    http(s) address, the feed's scheme and host. A feed address that is not a whole http(s) address (such as
    'javascript:…', 'file:…' or '/feed.xml'), an outline with a site but no feed, and a file that is not XML,
    not OPML, or declares a DTD, are problems, with the OPML line. Never raises.
    """
    found = Opml()
    if len(raw) > MAX_OPML_BYTES:
        found.readable = False
        found.problems.append(
            Problem(
                0,
                f"the file is over {MAX_OPML_BYTES:,} bytes, the most read; a feed reader's list of "
                f"subscriptions is far smaller: check that this is the file it exported",
            )
        )
        return found
    root, problem = _parsed(raw)
    body = None
    if problem is None:
        body, problem = _body(root)
    if problem is not None:
        found.readable = False
        found.problems.append(problem)
        return found
    _walk(body, found, folders_as_tags)
    return found


def _parsed(raw: bytes) -> tuple[object, Problem | None]:
    """(the root element, None) or (None, why the file cannot be read as XML)."""
    text, problem = _decoded(raw)
    if problem is not None:
        return None, problem
    if not text.strip():
        return None, Problem(0, f"the file is empty; {EXPORT_HINT}")
    dtd = DTD.search(text)
    if dtd:
        line = characters.line_and_column(text, dtd.start())[0]
        if re.match(r"<!\s*DOCTYPE\s+html\b", text[dtd.start() :], re.IGNORECASE):
            return None, Problem(line, f"this is a web page (HTML), not an OPML file; {EXPORT_HINT}")
        return None, Problem(
            line,
            f"the file declares {'a DTD' if dtd[1].upper() == 'DOCTYPE' else 'an entity'} (<!{dtd[1]} …>), which "
            "OPML files never do: it could make a reader fetch other files or expand text without end, so the file "
            f"was not read; {EXPORT_HINT}",
        )
    text = AMPERSAND.sub(_xml_reference, text)
    declaration = DECLARATION.match(text)
    if declaration:  # the encoding it names is now UTF-8's; its line breaks are kept, so lines stay the same
        text = "\n" * len(LINE_BREAK.findall(declaration[0])) + text[declaration.end() :]
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        return etree.fromstring(text.encode("utf-8"), parser), None
    except etree.XMLSyntaxError as error:
        return None, _syntax_problem(error, text)
    except (etree.LxmlError, ValueError) as error:  # lxml's own refusals, such as a tree too deep
        return None, Problem(0, f"the file could not be read as XML ({error}); {EXPORT_HINT}")


def _decoded(raw: bytes) -> tuple[str, Problem | None]:
    """The file's text, from its byte order mark, else its XML declaration's encoding, else UTF-8."""
    encoding, start = "", 0
    for mark, name in BOMS:
        if raw.startswith(mark):
            encoding, start = name, len(mark)
            break
    if not encoding and raw[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a byte order mark
        encoding = "utf-16-le" if raw[0] == 0x3C else "utf-16-be"
    declared = DECLARED.match(raw) if not encoding else None
    named = declared[1].decode("ascii") if declared else ""
    if named:
        try:
            encoding = codecs.lookup(named).name
        except LookupError:
            return "", Problem(
                1,
                f"the file says its text is in the encoding {named!r}, which Learnlog does not know; export the file "
                'again as UTF-8, or open it in a text editor, save it as UTF-8 and write encoding="UTF-8" on line 1',
            )
        if encoding.startswith(("utf-16", "utf-32")):  # its first line reads as ASCII, so it is not: a usual slip
            encoding = "utf-8"
        elif encoding.replace("-", "_") in AS_WINDOWS_1252:
            encoding = "cp1252"
    encoding = encoding or "utf-8"
    data = raw[start:]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "cp1252":
            before = data[: error.start].decode(encoding, errors="replace")
            line = characters.line_and_column(before, len(before))[0]
            said = (
                f"{named} text, as its first line says"
                if named
                else f"{encoding.upper()} text, as its first bytes say"
                if start
                else "UTF-8 text, as a file naming no encoding must be"
            )
            return "", Problem(
                line,
                f"the file is not {said} (byte 0x{data[error.start]:02x} is on this line); export it again from your "
                "feed reader, or open it in a text editor and save it as UTF-8",
            )
        text = data.decode("latin-1")  # the five bytes Windows-1252 leaves out: as ISO-8859-1 reads them
    except (LookupError, UnicodeError, ValueError):  # a codec that is not a text encoding ('rot13', 'hex')
        return "", Problem(1, f"the file names {named!r} as its encoding, which is not one for text; {EXPORT_HINT}")
    bad = SURROGATE.search(text)  # only odd encodings such as UTF-7 can give one
    if bad:
        line = characters.line_and_column(text, bad.start())[0]
        return "", Problem(line, f"the file holds a broken character on this line; {EXPORT_HINT}")
    return text.removeprefix("\ufeff"), None


def _xml_reference(found: re.Match) -> str:
    """A reference as XML reads it: an HTML name (&eacute;, which no DTD declares here) as the characters it
    stands for, in numeric references; a lone '&' as '&amp;'. XML's own references stay as written."""
    name = found[1]
    if name is None:
        return "&amp;"
    if name.startswith("#") or name in XML_NAMED:
        return found[0]
    meant = html.entities.html5.get(name + ";")
    return "".join(f"&#{ord(character)};" for character in meant) if meant else found[0]


def _syntax_problem(error: etree.XMLSyntaxError, text: str) -> Problem:
    line = error.lineno or 1
    said = str(getattr(error, "msg", "") or error).strip()
    said = re.sub(r",? line \d+, column \d+$", "", said)
    unknown = re.search(r"Entity '([^']*)' not defined", said)
    if not text.lstrip().startswith("<") or "Document is empty" in said or "Start tag expected" in said:
        return Problem(line, f"the file is not XML, so not OPML; {EXPORT_HINT}")
    if "Excessive depth" in said:
        return Problem(
            line,
            "the file puts outlines inside each other more than 256 deep, far deeper than any feed reader's folders; "
            f"{EXPORT_HINT}",
        )
    if unknown:
        return Problem(
            line,
            f"the file writes '&{unknown[1]};', which is no character's name; write the character itself, "
            "or '&amp;' for an '&'",
        )
    return Problem(
        line,
        f"the file is not valid XML on this line (the XML reader says: {said}); export it again from your feed "
        "reader, or if you edited it by hand, correct this line",
    )


def _local(element) -> str:
    """An element's name without its namespace, '' for what is not an element."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _body(root) -> tuple[object, Problem | None]:
    """(the OPML file's <body>, None) or (None, why the root element is not OPML's)."""
    name, line = _local(root), root.sourceline or 1
    if name in ("rss", "feed", "RDF"):
        return None, Problem(line, f"this is a feed (<{name}>), not a list of subscriptions; {EXPORT_HINT}")
    if name.lower() == "html":
        return None, Problem(line, f"this is a web page (HTML), not an OPML file; {EXPORT_HINT}")
    if name != "opml":
        return None, Problem(
            line, f"this XML file is not OPML: it starts with <{name}>, where OPML starts with <opml>; {EXPORT_HINT}"
        )
    body = next((child for child in root if _local(child) == "body"), None)
    if body is None:
        return None, Problem(line, f"the file has no <body>, where OPML lists the subscriptions; {EXPORT_HINT}")
    return body, None


def _walk(body, found: Opml, folders_as_tags: bool) -> None:
    """Every outline under `body`, in the file's order, without recursion: (element, tags, changes of the
    folders around it)."""
    stack: list[tuple[object, tuple[str, ...], tuple[Change, ...]]] = [
        (child, (), ()) for child in reversed(body) if _local(child) == "outline"
    ]
    while stack:
        element, tags, changes = stack.pop()
        attributes = {
            str(name).lower(): str(value) for name, value in element.attrib.items() if not str(name).startswith("{")
        }
        children = [child for child in element if _local(child) == "outline"]
        line = element.sourceline or 0
        if attributes.get("xmlurl", "").strip():
            found.outlines += 1
            subscription, problem = _subscription(attributes, line, tags, changes)
            if problem is not None:
                found.problems.append(problem)
            elif subscription is not None:
                found.subscriptions.append(subscription)
        elif children:
            inner_tags, inner_changes = tags, changes
            if folders_as_tags:
                folder_tags, folder_changes = _folder_tags(attributes, line)
                inner_tags = (*tags, *(tag for tag in folder_tags if tag not in tags))
                inner_changes = (*changes, *folder_changes)
            stack.extend((child, inner_tags, inner_changes) for child in reversed(children))
            continue
        else:
            _not_a_subscription(attributes, line, found)
        # An outline with a feed holds no others; any it holds are read as if beside it.
        stack.extend((child, tags, changes) for child in reversed(children))


def _not_a_subscription(attributes: dict[str, str], line: int, found: Opml) -> None:
    name = _name_attribute(attributes)
    named = f"the outline {shown(name)}" if name else "this outline"
    if attributes.get("type", "").lower() == "include" or (attributes.get("url") and not attributes.get("htmlurl")):
        found.problems.append(
            Problem(
                line,
                f"{named} points at another file or page ({shown(attributes.get('url', ''))}) instead of a feed; "
                "it was left out: export that list from your feed reader and import it too",
            )
        )
    elif attributes.get("htmlurl", "").strip() or attributes.get("url", "").strip():
        found.problems.append(
            Problem(
                line,
                f"{named} has a site but no feed address (xmlUrl), so it is not a subscription and was left out; "
                "subscribe to its feed in your feed reader and export again, or add the person to the blogroll by hand",
            )
        )
    else:
        found.skipped.append(Skipped(line, name, "empty folder", "a folder with nothing in it"))


def _name_attribute(attributes: dict[str, str]) -> str:
    """The outline's name as written: `text` (OPML's own), else `title`, HTML references read."""
    written = attributes.get("text", "").strip() or attributes.get("title", "").strip()
    return ESCAPED_TWICE.sub(lambda found: html.unescape(found[0]), written)


def _cleaned(value: str, limit: int) -> tuple[str, str]:
    """(value fit to save, what was done to it in words, or ""): see linknote.fetched_title."""
    folded = " ".join(value.split())
    try:
        whole = fetched_title(value, sys.maxsize)
    except LinkError:
        whole = ""
    said = ""
    if whole != folded:
        said = "lost characters a page cannot show as they are (control, invisible or direction-changing ones)"
    elif LINE_OR_TAB.search(value):
        said = "held line breaks or tabs, now spaces"
    if len(whole) > limit:
        whole = fetched_title(whole, limit)
        said = f"{said} and " if said else ""
        said += f"was cut to {limit} characters"
    return whole, said


def _folder_tags(attributes: dict[str, str], line: int) -> tuple[list[str], list[Change]]:
    """The tags a folder gives the people in it, and what was changed to make them valid."""
    written = _name_attribute(attributes)
    if not written:
        return [], []
    name, said = _cleaned(written, sys.maxsize)
    changes = [Change(line, f"the folder name {shown(written)} {said}: {shown(name)}")] if said else []
    if name.casefold() in DEFAULT_FOLDERS:
        return [], [*changes, Change(line, f"the folder {shown(name)} is a feed reader's default: it gives no tag")]
    tags = []
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if len(parts) > 1:  # the blogroll reads 'a, b' as two tags
        changes.append(Change(line, f"the folder {shown(name)} gives the tags {', '.join(map(shown, parts))}"))
    for part in parts:
        tag, cut = _cleaned(part, MAX_TAG)
        if cut:
            changes.append(Change(line, f"the folder name {shown(part)} {cut}: {shown(tag)}"))
        if tag_slug(tag, {}):
            tags.append(tag)
        else:
            changes.append(
                Change(
                    line,
                    f"the folder {shown(part)} has no letters or digits to make a tag's address from: it gives no tag",
                )
            )
    return tags, changes


def _subscription(
    attributes: dict[str, str], line: int, tags: tuple[str, ...], folder_changes: tuple[Change, ...]
) -> tuple[Subscription | None, Problem | None]:
    written_name = _name_attribute(attributes)
    called = shown(written_name) if written_name else "this subscription"
    feed, problem = _address(attributes["xmlurl"])
    if problem:
        return None, Problem(line, f"the feed address of {called} {problem}; it was left out")
    changes = list(folder_changes)
    written_site = attributes.get("htmlurl", "").strip()
    site = _address(written_site)[0] if written_site else ""
    site_given = bool(site)
    if not site:
        parts = urlsplit(feed)
        site = f"{parts.scheme}://{parts.netloc}/"
        why = (
            f"its site address {shown(written_site)} is not a whole http(s) web address"
            if written_site
            else "it has no site address (htmlUrl)"
        )
        changes.append(Change(line, f"{why}; its site is taken from its feed: {site}"))
    name, said = _cleaned(written_name, MAX_NAME)
    if said:
        changes.append(Change(line, f"the name {shown(written_name)} {said}: {shown(name)}"))
    if not name:
        name = urlsplit(site).hostname or site
        changes.append(Change(line, f"it has no name: it is called by its site's host name, {shown(name)}"))
    return Subscription(line, name, site, feed, site_given, tags, tuple(changes)), None


def _address(written: str) -> tuple[str, str]:
    """(the address as the blogroll keeps it, "") or ("", what is wrong with it and the fix), the latter to
    follow "the feed address of 'Jane Doe'": linknote.check_address's checks, stricter than the build's."""
    written = written.strip()
    try:
        relative = not urlsplit(written).scheme
    except ValueError:
        relative = False
    if relative:
        return "", (
            f"is {shown(written)}, which is not a whole web address (it has no https:// and no site name); write "
            "the whole address in your feed reader, such as https://example.org/feed.xml, and export again"
        )
    try:
        return check_address(written), ""
    except LinkError as error:
        return "", f"is {shown(written)}, which cannot be used: {error}"


# What to add: people already in the blogroll and repeats left out, ids made, tags written as the site writes them


@dataclass
class Plan:
    added: list[NewPerson] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def plan_import(
    subscriptions: list[Subscription],
    people: list[Person],
    known: Mapping[str, tuple[str, str]] | None = None,
    tag_slugs: Mapping[str, str] | None = None,
) -> Plan:
    """Who of `subscriptions` (read_opml) to add to a blogroll holding `people` (parse_blogroll), with their ids.

    Someone already there (the same feed, or the same site as their htmlUrl gives it, compared as
    fields.same_page compares addresses: http and https, a '/' at the end, tracking parameters alike) is left
    out, and so is a subscription repeated in the file: its folders' tags go to the first. Each new person's id
    is made from their name (slugs.slugify, else from their site's host), unique among the blogroll's ids and
    those the theme uses (shared.THEME_IDS): a second 'Jane Doe' gets 'jane-doe-2'. A tag whose address
    (/tags/<slug>/) another tag already has is written as that one: known maps slug -> (name, where it is
    written), as linknote.known_tags gives; the blogroll's own tags are added to it. tag_slugs: TAG_SLUGS.
    """
    chosen = tag_slugs or {}
    plan = Plan()
    by_feed = {same_page(person.feed): person for person in people if person.feed}
    by_site = {same_page(person.site): person for person in people}
    firsts: list[tuple[Subscription, list[str]]] = []
    new_feeds: dict[str, int] = {}
    new_sites: dict[str, int] = {}
    for subscription in subscriptions:
        feed_key = same_page(subscription.feed)
        site_key = same_page(subscription.site) if subscription.site_given else None
        there, how = by_feed.get(feed_key), "feed"
        if there is None and site_key is not None:
            there, how = by_site.get(site_key), "site"
        if there is not None:
            extra = ""
            if how == "site" and not there.feed:
                extra = f"; they have no feed there: add 'feed: {subscription.feed}' to them if you like"
            plan.skipped.append(
                Skipped(
                    subscription.line,
                    subscription.name,
                    "in the blogroll",
                    f"{shown(subscription.name)} is already in the blogroll as '{there.id}' (the same {how}), "
                    f"kept as it is{extra}",
                )
            )
            continue
        index = new_feeds.get(feed_key, new_sites.get(site_key) if site_key else None)
        if index is not None:
            first, tags = firsts[index]
            tags.extend(tag for tag in subscription.tags if tag not in tags)
            same = "feed" if feed_key in new_feeds else "site"
            plan.skipped.append(
                Skipped(
                    subscription.line,
                    subscription.name,
                    "repeated",
                    f"{shown(subscription.name)} has the same {same} as {shown(first.name)} on line {first.line}"
                    + (", whose tags it adds to" if subscription.tags else ""),
                )
            )
            continue
        new_feeds.setdefault(feed_key, len(firsts))
        if site_key is not None:
            new_sites.setdefault(site_key, len(firsts))
        firsts.append((subscription, list(subscription.tags)))
    spelling = {slug: (name, f"in {where}") for slug, (name, where) in (known or {}).items()}
    for person in people:
        for tag in person.tags:
            spelling.setdefault(tag_slug(tag, chosen), (tag, f"in the blogroll's '{person.id}'"))
    taken = {person.id: f"taken by {shown(person.name)} in the blogroll" for person in people}
    said: set[str] = set()
    listed: set[Change] = set()
    for subscription, tags in firsts:
        changes = list(subscription.changes)
        written = _tags(tags, subscription.line, spelling, chosen, changes, said)
        person_id = _new_id(subscription, taken, changes)
        namesake = next((person for person in people if same_name(person.name, subscription.name)), None)
        if namesake is not None:  # `via: Jane Doe` would name the first of the two
            changes.append(
                Change(
                    subscription.line,
                    f"{shown(subscription.name)} has the name of '{namesake.id}' in the blogroll, with another feed "
                    f"and site: added as '{person_id}'; if they are one person, delete the new entry, else give "
                    "one of them another name (a link's 'via:' with the name points at the first)",
                )
            )
        plan.added.append(
            NewPerson(subscription.line, person_id, subscription.name, subscription.site, subscription.feed, written)
        )
        plan.changes += [change for change in changes if change not in listed]  # a folder's, once
        listed.update(changes)
    plan.changes.sort(key=lambda change: change.line)
    return plan


def _tags(
    tags: list[str],
    line: int,
    spelling: dict[str, tuple[str, str]],
    chosen: Mapping[str, str],
    changes: list[Change],
    said: set[str],
) -> tuple[str, ...]:
    written: dict[str, str] = {}
    for tag in tags:
        slug = tag_slug(tag, chosen)
        if not slug:
            continue
        known, where = spelling.setdefault(slug, (tag, f"on line {line}"))
        if known != tag and tag not in said:
            said.add(tag)
            kind = "the same tag" if same_name(known, tag) else "a tag with the same address"
            changes.append(Change(line, f"the folder {shown(tag)} is written {shown(known)}, as {kind} is {where}"))
        written.setdefault(slug, known)
    names = list(written.values())
    if len(names) > limits.MAX_TAGS:
        changes.append(
            Change(line, f"{len(names)} folders hold this subscription: it keeps the first {limits.MAX_TAGS}")
        )
        names = names[: limits.MAX_TAGS]
    return tuple(names)


def _new_id(subscription: Subscription, taken: dict[str, str], changes: list[Change]) -> str:
    host = urlsplit(subscription.site).hostname or ""
    by_host = slugify(host.removeprefix("www.").replace(".", " "))  # 'www.jane.example' gives 'jane-example'
    base = (slugify(subscription.name) if subscription.name != host else "") or by_host or "person"
    person_id, number = base, 1
    while person_id in taken or person_id in THEME_IDS:
        number += 1
        person_id = f"{base}-{number}"
    if person_id != base:
        whose = taken.get(base, "used by the site's pages")
        changes.append(
            Change(subscription.line, f"{shown(subscription.name)} gets the id '{person_id}', as '{base}' is {whose}")
        )
    taken[person_id] = f"taken by {shown(subscription.name)} on line {subscription.line}"
    return person_id


# The command


def import_blogroll(
    content: Path,
    opml: bytes | Path | str,
    *,
    blogroll_file: str = "blogroll.yaml",
    dry_run: bool = False,
    folders_as_tags: bool = True,
    links_folder: str = "links",
    tag_slugs: Mapping[str, str] | None = None,
) -> ImportResult:
    """Add the subscriptions of an OPML file to content/<blogroll_file> as people; say what was done.

    content: the content folder. opml: the file's bytes, or its path. blogroll_file: BLOGROLL_FILE.
    dry_run: read and check everything, write nothing. folders_as_tags: make each folder's name a tag of the
    people in it (see read_opml). links_folder: LINKS_PATH; the site's tags (posts, pages, link notes) and the
    blogroll's decide how a folder's tag is written (plan_import). tag_slugs: TAG_SLUGS.

    Returns an ImportResult: the people added (each {id, name, site, feed, tags}, with their lines in the OPML
    file and in the blogroll), those skipped and why (already in the blogroll, repeated in the file, empty
    folders), the problems of the OPML file with their lines (the subscriptions they are about were left out;
    `readable` is False when the whole file was refused, and then nothing else was looked at), and the changes
    made to names, sites, tags and ids. People already in the blogroll are kept as they are; importing a file
    twice adds nothing the second time. The blogroll's bytes are all kept: the new people go at the end of its
    list (a missing file is created); the content folder is locked from the first read to the write; the file
    is written only if the build reads it back as the people it held plus exactly the new ones.

    Raises BlogrollImportError, with the fix, when the OPML file cannot be opened, when there is no content
    folder, when the blogroll has problems (with their lines), is a link or a folder, or is written in a way
    people cannot be added to as lines (a list in brackets), or when it cannot be written; then no file was
    changed.
    """
    raw = opml if isinstance(opml, bytes) else _opml_bytes(Path(opml))
    read = read_opml(raw, folders_as_tags=folders_as_tags)
    content = Path(content)
    path = content / blogroll_file
    result = ImportResult(path, problems=list(read.problems), dry_run=dry_run, readable=read.readable)
    result.subscriptions = read.outlines
    result.skipped.extend(read.skipped)
    if not read.readable:
        return result
    if not content.is_dir():
        raise BlogrollImportError(f"there is no content folder at {content}; run the command in the project's folder")
    with contextlib.nullcontext() if dry_run else locked(content):
        _refuse_path(path, content)
        old = _blogroll_bytes(path)
        render = NoteRenderer()
        people = _people(old, path, render)
        known: dict[str, tuple[str, str]] = {}
        if any(subscription.tags for subscription in read.subscriptions):
            known = known_tags(content, link_files(content / links_folder), tag_slugs)
        plan = plan_import(read.subscriptions, people, known, tag_slugs)
        result.skipped = sorted([*result.skipped, *plan.skipped], key=lambda skip: skip.line)
        result.changes = plan.changes
        if not plan.added:
            return result
        new, starts = _with_people(old, people, plan.added, path, render)
        result.added = [
            NewPerson(person.line, person.id, person.name, person.site, person.feed, person.tags, start)
            for person, start in zip(plan.added, starts, strict=True)
        ]
        if not dry_run:
            try:
                write_atomically(path, new)
            except OSError as error:
                raise BlogrollImportError(
                    f"{display(path)} could not be written ({why_not_written(error)}); it was left as it was"
                ) from None
            result.written = True
    return result


def _opml_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(MAX_OPML_BYTES + 1)
    except IsADirectoryError:
        raise BlogrollImportError(f"{path} is a folder; give the OPML file your feed reader exported") from None
    except FileNotFoundError:
        raise BlogrollImportError(f"there is no file {path}; check its name and folder") from None
    except OSError as error:
        raise BlogrollImportError(f"{path} could not be read ({error.strerror or error})") from None


def _refuse_path(path: Path, content: Path) -> None:
    """Refuse a blogroll that is a link (writing would replace the link with a file) or is reached through one
    that leads outside the project or into its .git folder (file_names.escapes)."""
    root = str(content.parent.resolve())
    for place in (path.parent, path):
        if place.exists() or place.is_symlink():
            escape = file_names.escapes(str(place), root)
            if escape:
                raise BlogrollImportError(f"{display(place)}: {escape}")
    if path.is_symlink():
        raise BlogrollImportError(
            f"{display(path)} is a link to {path.resolve()}; importing would replace the link with a file, so "
            "replace the link with the file itself, then import again"
        )


def _blogroll_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.exists() else b""
    except IsADirectoryError:
        raise BlogrollImportError(f"{display(path)} is a folder, not a file; rename it, then import again") from None
    except OSError as error:
        raise BlogrollImportError(f"{display(path)} could not be read ({error.strerror or error})") from None


def _people(old: bytes, path: Path, render) -> list[Person]:
    """The blogroll's people as the build reads them; BlogrollImportError when it has problems."""
    text, problem = strict_yaml.decoded(old)
    problems = [problem] if problem is not None else []
    people: list[Person] = []
    if text is not None and text.strip():
        people, problems = parse_blogroll(text, render)
    if problems:
        raise BlogrollImportError(
            f"{display(path)} already has problems; fix them first, then import again: "
            f"{listed_problems([(line, message) for line, message in problems])}"
        )
    return people


def _kept(person: Person) -> tuple:
    return (person.id, person.name, person.site, person.feed, person.note, list(person.tags))


def _with_people(
    old: bytes, people: list[Person], added: list[NewPerson], path: Path, render
) -> tuple[bytes, list[int]]:
    """(the blogroll's new bytes, each new person's line in it): `added` appended as text at the end of its list,
    every byte already there kept, as the build reads back. Entries are parted by a blank line when the file's
    are (and in a new file); if that would change what the file's last entry holds, by none."""
    bom = old.startswith(codecs.BOM_UTF8)
    text = old[3 if bom else 0 :].decode("utf-8")
    ending = LINE_BREAK.search(text)
    newline = ending[0] if ending else "\n"
    node = strict_yaml.compose(text, item="person")[0] if text.strip() else None
    entries = [_entry(person) for person in added]
    expected = [_kept(person) for person in people] + [
        (person.id, person.name, person.site, person.feed, "", list(person.tags)) for person in added
    ]
    cannot = f"{display(path)} is written in a way import-blogroll cannot add to without changing what is in it"
    for spaced in (True, False) if _spaced(text, node) else (False,):
        lines, starts, line = [], [], 0
        for entry in entries:
            if spaced and (lines or node is None or not _ends_blank(text)):
                lines.append("")
                line += 1
            starts.append(line)
            lines += entry
            line += len(entry)
        if node is None:
            if not text.strip():
                header = "".join(part + newline for part in NEW_FILE_HEADER)
                lines = lines[1:] if spaced else lines  # no blank line under the header
                starts = [start - 1 for start in starts] if spaced else starts
            else:
                header = ""
            new, first = splice_entry(text, len(text), header, lines, 0, newline)
        elif isinstance(node, yaml.SequenceNode) and not node.value:  # `[]` becomes the list of the new people
            if spaced:
                lines, starts = lines[1:], [start - 1 for start in starts]
            new, first = replace_empty_value(text, node, lines, 0, newline)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            new, first = splice_entry(text, node.end_mark.index, "", lines, dash_column(text, node), newline)
        else:
            raise BlogrollImportError(
                f"{cannot} (a list in brackets); write each person as lines starting with '- id:'"
            )
        new = (codecs.BOM_UTF8 if bom else b"") + new
        after, problems = parse_blogroll(new.decode("utf-8").removeprefix("\ufeff"), render)
        if not problems and [_kept(person) for person in after] == expected:
            return new, [first + start for start in starts]
    raise BlogrollImportError(f"{cannot}; add the people by hand (--dry-run lists them)")


def _spaced(text: str, node) -> bool:
    """True when the blogroll's people are parted by blank lines (or it has fewer than two people)."""
    if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
        return True
    lines = LINE_BREAK.split(text)
    return any(not lines[item.start_mark.line - 1].strip() for item in node.value[1:])


def _ends_blank(text: str) -> bool:
    """True when the text ends with a blank line (after its last line break)."""
    lines = LINE_BREAK.split(text.rstrip(" \t"))
    return len(lines) > 2 and not lines[-1] and not lines[-2].strip()


def _entry(person: NewPerson) -> list[str]:
    lines = [
        f"- id: {_scalar(person.id)}",
        f"  name: {_scalar(person.name)}",
        f"  site: {_scalar(person.site)}",
        f"  feed: {_scalar(person.feed)}",
    ]
    if person.tags:
        lines.append(f"  tags: [{', '.join(_scalar(tag, in_list=True) for tag in person.tags)}]")
    return lines


# A value written without quotes when YAML reads it back as the same text: words with spaces and a little
# punctuation, or a web address with no space; anything else in double quotes (linknote's `yaml_quoted`).
PLAIN = re.compile(r"[^\W_][\w .'’()&+/-]*(?<! )|https?://[#-~]+")


def _scalar(value: str, in_list: bool = False) -> str:
    if PLAIN.fullmatch(value) and not (in_list and re.search(r"[,\[\]{}]", value)):
        document = f"[{value}]" if in_list else f"k: {value}"
        with contextlib.suppress(yaml.YAMLError):
            read = yaml.load(document, Loader=strict_yaml.Loader)
            if read == ([value] if in_list else {"k": value}):
                return value
    return yaml_quoted(value)


# What the command prints


def report(result: ImportResult, source: str = "", most: int = 20) -> list[str]:
    """The lines `invoke import-blogroll` prints: who was added (or would be, in a dry run), who was skipped
    and why, the changes made, and the problems of the OPML file, each at its line ("subscriptions.opml:12: …"
    with `source`, the file's name as given; "line 12: …" without); every problem, and at most `most` of each
    other list, then how many more. Each line is safe to print (characters a terminal would act on written as
    escapes: linknote.printable)."""

    def at(line: int, message: str) -> str:
        place = (f"{source}:{line}" if line else source) if source else (f"line {line}" if line else "")
        return f"  {place}: {message}" if place else f"  {message}"

    where = display(result.path)
    lines: list[str] = []
    if not result.readable:
        lines.append("Nothing was imported: the file cannot be read as a feed reader's subscriptions.")
        lines += [at(problem.line, problem.message) for problem in result.problems]
        return [printable(line) for line in lines]
    count = len(result.added)
    if count:
        verb = "Would add" if result.dry_run else "Added"
        lines.append(f"{verb} {count} {'person' if count == 1 else 'people'} to {where}:")
        for person in result.added[:most]:
            tags = f" (tags: {', '.join(person.tags)})" if person.tags else ""
            lines.append(f"  {person.id}: {person.name}{tags}")
        lines += _more(result.added, most)
    else:
        lines.append(f"Nobody new to add to {where}.")
    for kind, heading in (
        ("in the blogroll", "already in the blogroll, kept as they are"),
        ("repeated", "repeated in the file, skipped"),
    ):
        skipped = [skip for skip in result.skipped if skip.kind == kind]
        if skipped:
            lines.append(f"{len(skipped)} {heading}:")
            lines += [at(skip.line, skip.reason) for skip in skipped[:most]]
            lines += _more(skipped, most)
    if result.changes:
        lines.append(f"Changed to fit the blogroll ({len(result.changes)}):")
        lines += [at(change.line, change.message) for change in result.changes[:most]]
        lines += _more(result.changes, most)
    if result.problems:
        left = len(result.problems)
        lines.append(f"{left} {'problem' if left == 1 else 'problems'} in the file (what they are about was left out):")
        lines += [at(problem.line, problem.message) for problem in result.problems]  # every one: each needs a fix
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return [printable(line) for line in lines]


def _more(items: list, most: int) -> list[str]:
    return [f"  and {len(items) - most} more"] if len(items) > most else []
