"""Feed items built from posts, links and weeks: absolute URLs, XML-safe text, stable ids."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import lxml.html
from markupsafe import Markup
from pelican.utils import strip_toc_elements_from_html, truncate_html_words

from . import ids

# Characters XML 1.0 does not allow; they would make the whole feed unreadable.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text or "")


class Source:
    """A post, link or week on its way into feeds: sorted and counted before its item is built, so
    only the items a feed shows are ever built."""

    def __init__(self, thing, published: datetime, ident, build):
        """ident: a function that makes the feed id, called only if the id is needed."""
        self.thing = thing
        self.published = published
        self._ident = ident
        self._build = build
        self._item = None

    @functools.cached_property
    def id(self) -> str:
        return self._ident()

    @property
    def item(self) -> FeedItem:
        if self._item is None:
            self._item = self._build()
        return self._item


@dataclass
class FeedItem:
    id: str
    kind: str  # "post", "link" or "week"
    title: str
    url: str  # where the item points: the post, the saved page for a link, the week's page
    permalink: str  # the item's own page on this site
    content_html: str
    published: datetime
    updated: datetime
    summary_html: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def external_url(self) -> str | None:
        return self.url if self.url != self.permalink else None


def absolutize(html: str, base: str) -> str:
    """Every relative href and src made absolute against the page's own URL."""
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    wrapper.make_links_absolute(base, resolve_base_href=False)
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


def post_id(post, owner: str) -> str:
    stem = post.source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ids.tag_uri(owner, post.date, "posts", stem, post.metadata.get("id"))


def link_id(link, owner: str) -> str:
    return ids.tag_uri(owner, link.date, "links", ids.url_hash(link.url), link.pinned_id)


def week_id(week, owner: str) -> str:
    return ids.tag_uri(owner, week.first_day, "weeks", f"{week.iso_year}-W{week.iso_week:02d}")


def post_summary(post, site_url: str) -> str:
    """A post's summary with absolute links: its `Summary:`, or the start of its text, cut as Pelican cuts it
    (SUMMARY_MAX_LENGTH words, then SUMMARY_END_SUFFIX).

    Not Pelican's `get_summary(site_url)`: without a `Summary:` it cuts the text as linked from the page
    last rendered, so a relative link could reach a feed.
    """
    if "summary" in post.metadata:
        return post.metadata["summary"]
    settings = post.settings
    content = post.get_content(site_url)
    if settings["SUMMARY_MAX_LENGTH"] is None:
        return content
    return strip_toc_elements_from_html(
        truncate_html_words(content, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"])
    )


def post_item(post, site_url: str, owner: str) -> FeedItem:
    permalink = f"{site_url}/{post.url}"
    return FeedItem(
        id=post_id(post, owner),
        kind="post",
        title=xml_safe(post.title),
        url=permalink,
        permalink=permalink,
        content_html=xml_safe(absolutize(post.get_content(site_url), permalink)),
        summary_html=xml_safe(absolutize(post_summary(post, site_url), permalink)),
        published=post.date,
        updated=getattr(post, "modified", None) or post.date,
        tags=[tag.name for tag in getattr(post, "tags", [])],
    )


def _via_html(link, site_url: str) -> Markup:
    if link.via_person:
        return Markup('<p>Via <a href="{}">{}</a></p>').format(
            f"{site_url}/{link.via_person.url}", link.via_person.name
        )
    if link.via_url:
        return Markup('<p>Via <a href="{}">{}</a></p>').format(link.via_url, link.via_domain)
    if link.via_name:
        return Markup("<p>Via {}</p>").format(link.via_name)
    return Markup("")


def link_body(link, site_url: str) -> Markup:
    """A link's note, quote and via, as HTML (the note is already sanitised)."""
    parts = [Markup(link.note)]
    if link.quote:
        parts.append(Markup("<blockquote><p>{}</p></blockquote>").format(link.quote))
    parts.append(_via_html(link, site_url))
    return Markup("\n").join(part for part in parts if part)


def link_item(link, site_url: str, owner: str) -> FeedItem:
    permalink = f"{site_url}/{link.permalink}"
    body = link_body(link, site_url) + Markup('\n<p><a href="{}">My note on {}</a> · {}</p>').format(
        permalink, link.title, link.domain
    )
    return FeedItem(
        id=link_id(link, owner),
        kind="link",
        title=xml_safe(link.title),
        url=link.url,
        permalink=permalink,
        content_html=xml_safe(str(body)),
        published=link.date,
        updated=link.date,
        tags=[tag.name for tag in link.tags],
    )


def week_end(week, zone) -> datetime:
    """The last moment of the week in the site's time zone: when it ended."""
    return datetime.combine(week.last_day + timedelta(days=1), time(), zone) - timedelta(seconds=1)


def week_item(week, site_url: str, owner: str, zone) -> FeedItem:
    permalink = f"{site_url}/{week.url}"
    parts = [Markup(week.summary)] if week.summary else []
    parts.append(Markup("<ul>"))
    for link in week.links:
        parts.append(
            Markup('<li><p><a href="{}">{}</a> ({})</p>\n{}</li>').format(
                link.url, link.title, link.domain, link_body(link, site_url)
            )
        )
    parts.append(Markup("</ul>"))
    ended = week_end(week, zone)
    return FeedItem(
        id=week_id(week, owner),
        kind="week",
        title=xml_safe(f"What I learned this week: {week.title} ({week.label})"),
        url=permalink,
        permalink=permalink,
        content_html=xml_safe(str(Markup("\n").join(parts))),
        published=ended,
        updated=ended,
        tags=sorted({tag.name for link in week.links for tag in link.tags}, key=str.lower),
    )


__all__ = ["FeedItem", "Source", "link_item", "post_item", "week_item", "xml_safe"]
