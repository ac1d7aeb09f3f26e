"""What the link log is made of: people, links and weeks, as the templates see them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from urllib.parse import urlsplit


def newest_first(item) -> tuple:
    """Sort key of a link or post in a list (with reverse=True: newest first). Items of the same moment
    and title are ordered by address, so the order never depends on which file was read first."""
    return (item.date, item.title, getattr(item, "kind", "post"), item.url)


@dataclass(eq=False)
class Person:
    """Someone in my PLN, from content/blogroll.yaml."""

    id: str
    name: str
    site: str
    feed: str | None = None
    note: str = ""  # sanitised HTML
    tags: list[str] = field(default_factory=list)
    url: str = ""  # their entry on my blogroll page, site-relative
    links: list[Link] = field(default_factory=list)  # what came via them, newest first


@dataclass(eq=False)
class Link:
    """One saved link with its note."""

    url: str
    title: str
    date: datetime  # aware, in the site's time zone
    timed: bool = True  # written with a time of day; False for a day alone (its time is then 00:00)
    tags: list = field(default_factory=list)  # Pelican Tag objects, so they share posts' tag pages
    note: str = ""  # sanitised HTML
    quote: str = ""
    via_person: Person | None = None
    via_url: str | None = None
    via_name: str | None = None
    pinned_id: str | None = None  # the author's own feed id for this link, if any
    source_path: str = ""  # relative to the content folder
    line: int = 0
    week: Week | None = None
    kind: str = "link"
    # While `invoke check-links` has found the page gone (link_checks.py): its copy in the Internet Archive, as it
    # was on the day the link was saved, and that day as the site writes dates ("23 November 2026"); else "".
    archive_url: str = ""
    archive_day: str = ""

    # A link is shown on several pages (its week, the link roll, its tags): what is worked out from
    # its fields is worked out once, on first use.
    @cached_property
    def anchor(self) -> str:
        """The link's id on its week page: from its address, so editing the title or note keeps it."""
        return "link-" + hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:10]

    @cached_property
    def domain(self) -> str:
        return urlsplit(self.url).hostname.removeprefix("www.")

    @cached_property
    def via_domain(self) -> str:
        return urlsplit(self.via_url).hostname.removeprefix("www.") if self.via_url else ""

    @cached_property
    def permalink(self) -> str:
        """The site-relative URL of this link on its week page."""
        return f"{self.week.url}#{self.anchor}"


@dataclass(eq=False)
class Week:
    """One ISO week of links: the "What I learned this week" page."""

    iso_year: int
    iso_week: int
    url: str
    save_as: str
    label: str  # "23–29 November 2026"
    first_day: date
    last_day: date
    links: list[Link] = field(default_factory=list)  # newest first
    summary: str = ""  # sanitised HTML
    top_tags: list[tuple[str, int]] = field(default_factory=list)
    newer: Week | None = None
    older: Week | None = None

    @property
    def title(self) -> str:
        return f"Week {self.iso_week}, {self.iso_year}"
