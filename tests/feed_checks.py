"""Reading our feeds back, and checking Atom documents against RFC 4287 (checks written from the RFC)."""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ABSOLUTE = re.compile(r"^https?://")


def parse_xml(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())  # raises on anything not well-formed


def atom_items(path: Path) -> list[dict]:
    root = parse_xml(path)
    items = []
    for entry in root.findall(f"{ATOM}entry"):
        links = {link.get("rel", "alternate"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        items.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "link": links.get("alternate"),
                "related": links.get("related"),
                "date": entry.findtext(f"{ATOM}published"),
                "content": entry.findtext(f"{ATOM}content") or "",
            }
        )
    return items


def rss_items(path: Path) -> list[dict]:
    root = parse_xml(path)
    return [
        {
            "id": item.findtext("guid"),
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "date": item.findtext("pubDate"),
            "content": item.findtext("description") or "",
        }
        for item in root.iter("item")
    ]


def json_items(path: Path) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [
        {
            "id": item["id"],
            "title": item.get("title"),
            "link": item.get("external_url") or item.get("url"),
            "url": item.get("url"),
            "external_url": item.get("external_url"),
            "date": item.get("date_published"),
            "content": item.get("content_html", ""),
        }
        for item in document["items"]
    ]


def rfc4287_problems(path: Path) -> list[str]:
    """What in an Atom feed breaks RFC 4287's rules (sections 4.1.1 to 4.2)."""
    root = parse_xml(path)
    problems = []
    if root.tag != f"{ATOM}feed":
        return ["the root element is not atom:feed"]

    def check_common(element, where: str) -> None:
        for name in ("id", "title", "updated"):
            found = element.findall(f"{ATOM}{name}")
            if len(found) != 1:
                problems.append(f"{where}: {len(found)} atom:{name} elements, expected exactly one")
        for name in ("updated", "published"):
            for date in element.findall(f"{ATOM}{name}"):
                if not RFC3339.match(date.text or ""):
                    problems.append(f"{where}: atom:{name} {date.text!r} is not an RFC 3339 date-time")
        ident = element.findtext(f"{ATOM}id") or ""
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ident):
            problems.append(f"{where}: atom:id {ident!r} is not an absolute IRI")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links with the same type and hreflang")
        for link in element.findall(f"{ATOM}link"):
            if not ABSOLUTE.match(link.get("href", "")):
                problems.append(f"{where}: link {link.get('href')!r} is not absolute")

    check_common(root, "feed")
    if not [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]:
        problems.append("feed: no rel=self link")
    feed_has_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        check_common(entry, where)
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no atom:author here nor on the feed")
        contents = entry.findall(f"{ATOM}content")
        if len(contents) > 1:
            problems.append(f"{where}: more than one atom:content")
        for content in contents:
            if content.get("type") not in ("text", "html", "xhtml", None):
                problems.append(f"{where}: content type {content.get('type')!r}")
        if not contents and not [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"
        ]:
            problems.append(f"{where}: neither content nor an alternate link")
        for author in entry.findall(f"{ATOM}author"):
            if not author.findtext(f"{ATOM}name"):
                problems.append(f"{where}: an author without a name")
    return problems


def rss_date(text: str):
    return parsedate_to_datetime(text)


# The attributes whose addresses a reader follows or loads, and how many addresses each holds.
ADDRESS_ATTRIBUTES = ("href", "src", "srcset")


def html_addresses(html: str | etree._Element) -> list[tuple[str, str]]:
    """(attribute, address) of every href, src and srcset candidate in an HTML fragment or element, in
    document order, as written. A srcset is split at its commas (the tests' srcsets hold no comma in a URL)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div") if isinstance(html, str) else html
    found = []
    for element in root.iter(etree.Element):
        for name in ADDRESS_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            found += [(name, url) for url in (urls if name == "srcset" else [value.strip()])]
    return found


def resolved_addresses(element: etree._Element, page_url: str) -> list[tuple[str, str]]:
    """`html_addresses` of part of a built page, each resolved against the page's own URL, as a browser
    showing the page resolves it (the theme sets no <base>)."""
    return [(name, urljoin(page_url, url)) for name, url in html_addresses(element)]


def feed_entries(output: Path, name: str) -> list[dict]:
    """Every item of a feed in its three formats, with the HTML parts a reader shows:
    {"format", "title", "link", "id", "html": {part: html}, "summary_text"}; Atom parts are content and
    summary, RSS description, JSON Feed content_html (its summary is plain text: summary_text)."""
    base = output / "feeds" / name
    entries = []
    atom = parse_xml(Path(f"{base}.atom.xml"))
    for entry in atom.findall(f"{ATOM}entry"):
        parts = {part: entry.findtext(f"{ATOM}{part}") for part in ("content", "summary")}
        alternate = next(link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate")
        entries.append(
            {
                "format": "atom",
                "title": entry.findtext(f"{ATOM}title"),
                "link": alternate,
                "id": entry.findtext(f"{ATOM}id"),
                "html": {part: html for part, html in parts.items() if html is not None},
            }
        )
    for item in parse_xml(Path(f"{base}.rss.xml")).iter("item"):
        entries.append(
            {
                "format": "rss",
                "title": item.findtext("title"),
                "link": item.findtext("link"),
                "id": item.findtext("guid"),
                "html": {"description": item.findtext("description") or ""},
            }
        )
    for item in json.loads(Path(f"{base}.json").read_text(encoding="utf-8"))["items"]:
        entries.append(
            {
                "format": "json",
                "title": item.get("title"),
                "link": item.get("external_url") or item.get("url"),
                "id": item["id"],
                "html": {"content_html": item.get("content_html", "")},
                "summary_text": item.get("summary"),
            }
        )
    return entries
