"""One feed in three formats: Atom and RSS 2.0 with feedgen, JSON Feed 1.1 with the standard library.

Every date comes from the content, never from the clock, so unchanged content gives the same bytes, and is
written as `feed_date` gives it: in UTC when its offset has seconds, which no feed format can write.
Every address arrives as an absolute URI (the items and the spec are made so: see addresses.py); Atom and
RSS summaries are HTML, JSON Feed's is plain text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from feedgen.feed import FeedGenerator
from lxml import etree

from .items import FeedItem

# The date of an empty feed: a fixed moment, so an empty feed is as reproducible as a full one.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
FORMATS = {
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "rss": ("rss.xml", "application/rss+xml", "RSS"),
    "json": ("json", "application/feed+json", "JSON Feed"),
}


@dataclass
class FeedSpec:
    """One feed, whatever its format: its title, the page it follows, its address in each format (absolute
    URIs), and its items, newest first."""

    name: str  # "all", "posts", "links", "weekly" or "tags/<slug>"
    title: str
    description: str
    home_url: str  # the page this feed follows
    urls: dict[str, str]  # absolute URL of each format
    language: str
    author: str
    items: list[FeedItem] = field(default_factory=list)
    sources: list = field(default_factory=list)  # what the items are built from, newest first

    @property
    def updated(self) -> datetime:
        return max((item.updated for item in self.items), default=EMPTY_FEED_DATE)


def feed_date(moment: datetime) -> datetime:
    """A date as a feed can write it: `moment` itself when its UTC offset is whole minutes, else the same
    instant in UTC.

    moment: an aware datetime. RFC 3339 (section 5.6, time-numoffset: hours ":" minutes; Atom, RFC 4287
    section 3.3, and JSON Feed 1.1) and RFC 822 (section 5.1, zone: four digits, hhmm; RSS 2.0) have no
    seconds in an offset, but Python writes them ("+00:19:32", "+001932") for a zone's local mean time:
    Europe/Amsterdam until 1937 (+00:19:32), Africa/Monrovia until 1972 (-00:44:30). In UTC the instant
    stays exact, where a rounded offset would move it.
    """
    offset = moment.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        return moment.astimezone(UTC)
    return moment


def atom(spec: FeedSpec) -> bytes:
    """The feed as an Atom document (RFC 4287), UTF-8 bytes: content and summary as HTML (type="html"); a
    link item has its saved page as rel="alternate" and its note on this site as rel="related"."""
    feed = _generator(spec)
    feed.id(spec.urls["atom"])
    feed.link(href=spec.home_url, rel="alternate", type="text/html")
    feed.link(href=spec.urls["atom"], rel="self", type="application/atom+xml")
    feed.subtitle(spec.description)
    feed.updated(feed_date(spec.updated))
    entry_links = []
    for item in spec.items:
        entry = _entry(feed, item, spec.author)
        links = [(item.url, "alternate")] + ([(item.permalink, "related")] if item.external_url else [])
        for href, rel in links:
            entry.link(href=href, rel=rel, type="text/html")
        entry_links.append((links, item.language))
        entry.content(item.content_html, type="html")
        if item.summary_html:
            entry.summary(item.summary_html, type="html")
        entry.updated(feed_date(item.updated))
    return _with_entry_link_relations(feed.atom_str(pretty=True), entry_links)


def _with_entry_link_relations(document: bytes, entry_links: list[tuple[list[tuple[str, str]], str]]) -> bytes:
    """feedgen 1.0 drops rel and type from an entry's links; put them back, in the order they were added.
    Without them both links of a link note would read as rel="alternate", which RFC 4287 forbids.

    entry_links: for each entry, its links as (href, rel) and its language ("" for the feed's). feedgen
    has no entry language; it is written as xml:lang on the entry (RFC 4287, section 2).
    """
    # Our own feedgen output, no DTD: the parser's 10 MB limit on one text would refuse a long note.
    root = etree.fromstring(document, etree.XMLParser(huge_tree=True, resolve_entities=False))
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    for entry, (links, language) in zip(root.findall("atom:entry", namespace), entry_links, strict=True):
        if language:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        for element, (href, rel) in zip(entry.findall("atom:link", namespace), links, strict=True):
            assert element.get("href") == href
            element.set("rel", rel)
            element.set("type", "text/html")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rss(spec: FeedSpec) -> bytes:
    """The feed as an RSS 2.0 document (RSS 2.0 specification, rssboard.org), UTF-8 bytes: <link>, <guid>
    (the item id, isPermaLink="false"), <comments> (a link's note on this site) and atom:link are URIs."""
    feed = _generator(spec)
    # feedgen's channel <link> is the last alternate link added; the self link goes to atom:link.
    feed.link(href=spec.urls["rss"], rel="self", type="application/rss+xml")
    feed.link(href=spec.home_url, rel="alternate")
    feed.description(spec.description)
    feed.lastBuildDate(feed_date(spec.updated))
    for item in spec.items:
        entry = _entry(feed, item, spec.author)
        entry.link(href=item.url, rel="alternate")
        entry.guid(item.id, permalink=False)
        entry.description(item.content_html)
        if item.external_url:
            entry.comments(item.permalink)
    return feed.rss_str(pretty=True)


def json_feed(spec: FeedSpec) -> bytes:
    """The feed as a JSON Feed 1.1 document (jsonfeed.org/version/1.1), UTF-8 bytes: `content_html` is the
    HTML, `summary` plain text; a link item has `external_url` (the saved page) and `url` (its note)."""
    author = {"name": spec.author, "url": spec.home_url}
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": spec.home_url,
        "feed_url": spec.urls["json"],
        "description": spec.description,
        "language": spec.language,
        "authors": [author],
        "items": [_json_item(item, author) for item in spec.items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem, author: dict) -> dict:
    entry = {"id": item.id, "url": item.permalink}
    if item.external_url:
        entry["external_url"] = item.external_url
    entry |= {"title": item.title, "content_html": item.content_html}
    if item.language:  # JSON Feed 1.1: an item's own language
        entry["language"] = item.language
    if summary := item.summary_text:  # JSON Feed 1.1: "a plain text sentence or two"
        entry["summary"] = summary
    entry |= {
        "date_published": feed_date(item.published).isoformat(),
        "date_modified": feed_date(item.updated).isoformat(),
        "authors": [author],
    }
    if item.tags:
        entry["tags"] = item.tags
    return entry


def _generator(spec: FeedSpec) -> FeedGenerator:
    feed = FeedGenerator()
    feed.title(spec.title)
    feed.author({"name": spec.author})
    feed.load_extension("dc", atom=False, rss=True)
    feed.language(spec.language)
    feed.generator("Learnlog")
    return feed


def _entry(feed: FeedGenerator, item: FeedItem, author: str):
    """A new entry of `feed` (items arrive newest first; the order is kept) with the item's id, title, date,
    tags and author: Atom's <author><name> (RFC 4287, 4.2.1), and RSS's <dc:creator> (Dublin Core,
    as RSS 2.0's own <author> must be an email address)."""
    entry = feed.add_entry(order="append")
    entry.id(item.id)
    entry.title(item.title)
    entry.author({"name": author})
    entry.dc.dc_creator(author)
    entry.published(feed_date(item.published))
    for tag in item.tags:
        entry.category(term=tag)
    return entry
