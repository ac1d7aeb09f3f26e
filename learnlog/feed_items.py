"""A feed's bytes made into the items the reading list keeps (reading/snapshot.py Item): pure functions.

Atom, RSS 0.9x, 1.0 and 2.0 are read by feedparser, given the bytes already fetched (in a BytesIO, so it never
opens an address or a file itself; it drops a DOCTYPE's external parts and reads no external entity). JSON Feed
1.0 and 1.1, which feedparser does not read, are read with the standard library's json.

Everything in an item is someone else's text, so it is kept as plain text only: HTML (a title or summary marked
as HTML, or any JSON Feed `content_html`) is cleaned by nh3 down to text and the blocks that part it (no
attribute, no link, no script, style or comment survives), then read as text by lxml (learnlog_core/filters.py
`plain_text`), then cleaned of the characters no page can show and invisible ones (linknote.fetched_title), and
cut at a word. The only address kept is the item's own link, and only when it is an http or https address
without a user name or password.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser
import nh3
from learnlog_core import characters, fields
from learnlog_core.filters import plain_text
from reading.snapshot import Item

from learnlog.linknote import LinkError, fetched_title
from learnlog.web import WebError, brief

MAX_TITLE = 300  # characters, as `invoke link` keeps of a fetched title
MAX_SUMMARY = 300  # characters of plain text: two or three sentences
MAX_HTML = 100_000  # characters of an item's HTML read for its summary: far more than 300 characters of text
HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Text that holds a tag (a '<' before a letter, '/', '!' or '?'): read as HTML whatever the feed says it is, as feed
# readers do (RSS titles hold markup in practice), so that no tag ever reaches the snapshot, even as text.
MARKUP = re.compile(r"<[A-Za-z/!?]")
JSON_TYPES = ("application/feed+json", "application/json")
JSON_FEED = re.compile(r"https?://jsonfeed\.org/version/1(\.\d+)?/?")  # the whole 'version' (fullmatch)
# The blocks of text kept apart in a summary: everything else (links, images, scripts, styles, forms) is dropped by
# nh3, and the text of scripts and styles with them.
TEXT_BLOCKS = {
    "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "td", "th", "section", "article", "figure", "figcaption",
}  # fmt: skip
# The start of an HTML page (once spaces and comments are passed: `_html_page`): a web page where a feed was expected.
HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE)
MAX_LINK = 2_000  # characters of an item's link: more than any real address (browsers and sitemaps keep to 2,048)
# What feedparser says of a feed that it read whole: not mistakes worth telling (an encoding the HTTP header and the
# document name differently, a feed served as text/plain).
HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
FUTURE = timedelta(days=1)  # a date further ahead than this, from the fetch, is not the item's date


class FeedError(WebError):
    """Why a fetched answer gives no items, in words."""


@dataclass(frozen=True)
class Parsed:
    """items: the feed's newest items, newest first (undated ones after the dated, in the feed's order). note: "" or
    what was wrong with a feed read anyway (a mistake in its XML, after which feedparser read on)."""

    items: tuple[Item, ...]
    note: str = ""


def parse_feed(body: bytes, *, address: str, content_type: str | None, limit: int, now: datetime) -> Parsed:
    """The newest `limit` items of a feed.

    body: the answer's bytes (decompressed). address: where they came from (relative links are read from it).
    content_type: the Content-Type header, or None. now: an aware datetime, the moment of the fetch: a date more
    than a day after it is dropped (the item is then undated). A feed with mistakes in its XML gives only its items
    with a link (feedparser reads on after a mistake, and makes an item of a broken end). Raises FeedError, in
    words: an empty answer, a web
    page instead of a feed (with the feed's address when the page names one), JSON that is no JSON Feed, anything
    feedparser cannot read as a feed.
    """
    if not body.strip():
        raise FeedError("it sent an empty answer instead of a feed; check the address, or try again later")
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in JSON_TYPES or body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        items, odd = _json_items(body, address, now)
        return Parsed(_newest(items, limit), "; ".join(_left_out(odd)))
    headers = {"content-location": address} | ({"content-type": content_type} if content_type else {})
    result = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=True, resolve_relative_uris=True
    )
    entries = result.get("entries", [])
    error = result.get("bozo_exception")
    broken = bool(result.get("bozo")) and not isinstance(error, HARMLESS)
    if not entries and (broken or not result.get("version")):
        if _html_page(body[:4096]):
            named = _feed_named_by(body, address)
            where = f"; the page names its feed: {named}, put that address as the feed in the blogroll" if named else ""
            raise FeedError(f"the address leads to a web page, not a feed{where}")
        if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise FeedError("it is not an RSS, Atom or JSON feed (nor any XML or JSON)")
        if broken:
            raise FeedError(f"its XML cannot be read as a feed ({_problem(error)})")
        raise FeedError("it is XML, but not an RSS or Atom feed")
    items, odd = _each(entries, lambda entry: _entry_item(entry, now))
    notes = [f"the feed has mistakes ({_problem(error)}); the items that could be read were used"] if broken else []
    if broken:  # what feedparser made of a cut-off or broken part holds no link: no post to show
        items = [item for item in items if item.url]
    return Parsed(_newest(items, limit), "; ".join([*notes, *_left_out(odd)]))


def _html_page(start: bytes) -> bool:
    """True when `start` begins, after spaces and comments, with a doctype, <html> or <head>. A loop, in linear time
    (a pattern for the comments would backtrack exponentially on a run of "<!---->")."""
    index = 0
    while True:
        while index < len(start) and start[index : index + 1].isspace():
            index += 1
        if not start.startswith(b"<!--", index):
            return HTML_START.match(start, index) is not None
        end = start.find(b"-->", index + 4)
        if end < 0:
            return False
        index = end + 3


def _problem(error: object) -> str:
    """What feedparser found wrong, in a few words: 'line 3, column 12: not well-formed (invalid token)'."""
    if isinstance(error, xml.sax.SAXParseException):
        said = f"line {error.getLineNumber()}, column {error.getColumnNumber()}: {error.getMessage()}"
    else:
        said = str(error) or type(error).__name__
    return brief(characters.shown(said), 100)


def _entry_item(entry, now: datetime) -> Item | None:
    """An Item from one of feedparser's entries; None when it has no title, text or link at all."""
    title = _plain(entry.get("title", ""), _detail_type(entry, "title_detail"), MAX_TITLE)
    summary_html, summary_type = entry.get("summary", ""), _detail_type(entry, "summary_detail")
    if not summary_html and entry.get("content"):
        summary_html, summary_type = entry["content"][0].get("value", ""), entry["content"][0].get("type", "")
    summary = _plain(summary_html, summary_type, MAX_SUMMARY)
    url = web_link(entry.get("link", ""))
    # dict.get: the values feedparser read, without its fallback from one key to the other (which warns).
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    moment = None
    if parsed is not None:
        try:
            moment = datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            moment = None
    return _item(title, url, moment, summary, now)


def _detail_type(entry, name: str) -> str:
    detail = entry.get(name) or {}
    return detail.get("type", "") if hasattr(detail, "get") else ""


def _json_items(body: bytes, address: str, now: datetime) -> tuple[list[Item], int]:
    """(the items of a JSON Feed, https://jsonfeed.org/version/1.1; how many could not be read), or FeedError."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise FeedError(f"it is not JSON that can be read ({brief(error, 100)})") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("version"), str)
        or not JSON_FEED.fullmatch(data["version"])
    ):
        raise FeedError("it is JSON, but not a JSON Feed (its 'version' is not https://jsonfeed.org/version/1.1)")
    listed = data.get("items")
    if not isinstance(listed, list):
        raise FeedError("it is a JSON Feed without a list of 'items'")

    def item(entry: object) -> Item | None:
        if not isinstance(entry, dict):
            return None
        title = _plain(_string(entry.get("title")), "text/plain", MAX_TITLE)
        if _string(entry.get("summary")):
            summary = _plain(_string(entry.get("summary")), "text/plain", MAX_SUMMARY)
        elif _string(entry.get("content_text")):
            summary = _plain(_string(entry.get("content_text")), "text/plain", MAX_SUMMARY)
        else:
            summary = _plain(_string(entry.get("content_html")), "text/html", MAX_SUMMARY)
        link = _string(entry.get("url")) or _string(entry.get("external_url"))
        url = web_link(urljoin(address, link)) if link else None
        return _item(title, url, _json_date(entry), summary, now)

    return _each(listed, item)


def _each(entries: list, make) -> tuple[list[Item], int]:
    """(the Items `make` makes of `entries`, None left out; how many it failed on). One odd item (a value no rule
    foresaw, a library's error on it) never costs the feed its other items: it is left out, and counted."""
    items, odd = [], 0
    for entry in entries:
        try:
            made = make(entry)
        except Exception:  # any error on one item: that item is left out, and the note says how many were
            odd += 1
            continue
        if made is not None:
            items.append(made)
    return items, odd


def _left_out(odd: int) -> list[str]:
    """The note for `odd` items that could not be read: [] or one sentence."""
    if not odd:
        return []
    return [
        f"{odd} item{' was' if odd == 1 else 's were'} left out, as {'it' if odd == 1 else 'they'} could not be read"
    ]


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _json_date(entry: dict) -> datetime | None:
    """date_published, else date_modified (RFC 3339), as an aware datetime in UTC; None without one."""
    for name in ("date_published", "date_modified"):
        written = _string(entry.get(name)).strip()
        if not written:
            continue
        try:
            moment = datetime.fromisoformat(written)
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
        except (ValueError, OverflowError):  # not RFC 3339, or a moment UTC cannot hold (year 1 east of Greenwich)
            continue
    return None


def _item(title: str, url: str | None, moment: datetime | None, summary: str, now: datetime) -> Item | None:
    """The Item, or None when there is nothing to show. Without a title, the start of the summary is the title (the
    summary then goes: it would say the same), else the link's address without its scheme."""
    if moment is not None and (not fields.in_years(moment) or moment > now + FUTURE):
        moment = None
    if not title and summary:
        title = _cut(summary, 100)
        summary = "" if title == summary else summary
    if not title and url:
        title = _cut(url.split("://", 1)[1], MAX_TITLE)
    if not title:
        return None
    return Item(title=title, url=url, date=moment, summary=summary)


def _newest(items: list[Item], limit: int) -> tuple[Item, ...]:
    """The newest `limit` items: dated ones newest first (one moment: the feed's order), then undated ones in the
    feed's order; an item the feed lists twice (one address, or one title without an address) once."""
    seen, unique = set(), []
    for item in items:
        key = _page_key(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    dated = sorted((item for item in unique if item.date is not None), key=lambda item: item.date, reverse=True)
    return tuple([*dated, *(item for item in unique if item.date is None)][:limit])


def _page_key(item: Item) -> str:
    """One page, however its address is written (fields.same_page: case, default port, fragment…); an item without
    a link is known by its title."""
    if not item.url:
        return item.title
    try:
        return fields.same_page(item.url)
    except ValueError:  # an address same_page cannot read: as written
        return item.url


def _plain(value: str, kind: str, limit: int) -> str:
    """`value` as plain text of at most `limit` characters: HTML (kind text/html or application/xhtml+xml, or any
    text with a tag in it: MARKUP) cleaned by nh3 to its text blocks and read as text; whitespace folded; no
    character a page cannot show or invisible; cut at a word with "…"."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = characters.FORBIDDEN.sub("", value)  # control characters and the like: no page shows them, lxml refuses
    if kind.lower() in HTML_TYPES or MARKUP.search(value):
        cleaned = nh3.clean(value[:MAX_HTML], tags=TEXT_BLOCKS, attributes={}, url_schemes=set(), link_rel=None)
        value = plain_text(cleaned)
    return _cut(value, limit)


def _cut(text: str, limit: int) -> str:
    try:
        return fetched_title(text, limit)
    except LinkError:  # nothing visible left
        return ""


def web_link(address: str) -> str | None:
    """`address` (stripped) when it is an http or https address a page may link to: at most MAX_LINK characters, a
    site name, no user name or password, no space, no character a page cannot show and no invisible one (Unicode
    format characters, such as the direction controls, which would make a link read otherwise than it leads:
    fields.public_address); else None."""
    address = address.strip() if isinstance(address, str) else ""
    if not address or len(address) > MAX_LINK or re.search(r"\s", address) or characters.first_forbidden(address):
        return None
    if any(unicodedata.category(character) == "Cf" for character in address):
        return None
    if fields.public_address("url", address) is not None:
        return None
    return fields.normal_address(address)


class _FeedLinks(HTMLParser):
    """The first feed a web page names in its head (<link rel="alternate" type="application/rss+xml" href="…">)."""

    TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = ""

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        if tag == "link" and not self.found and "alternate" in rel and values.get("type", "").lower() in self.TYPES:
            self.found = values.get("href", "")


def _feed_named_by(body: bytes, address: str) -> str:
    """The address of the feed a web page names (`_FeedLinks`), absolute; "" when it names none."""
    finder = _FeedLinks()
    try:
        finder.feed(body[:200_000].decode("utf-8", "replace"))
    except Exception:  # markup the parser chokes on: no feed named, as far as can be told
        return ""
    return web_link(urljoin(address, finder.found)) or "" if finder.found else ""
