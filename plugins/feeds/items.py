"""Feed items built from posts, links and weeks: absolute URIs, XML-safe text, stable ids.

Every address in an item is absolute and points where the same link points on the item's own page:
a post's content and summary are read from the post's page (`posts/2026/slug/`), a link's note and a
week's text from the week's page (`links/2026/w48/`), where they are shown (see addresses.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from learnlog_core.filters import plain_text, without_scripts
from markupsafe import Markup
from pelican.utils import strip_toc_elements_from_html, truncate_html_words

from . import ids
from .addresses import absolutize, feed_uri

# Characters XML 1.0 does not allow; they would make the whole feed unreadable.
# A post's HTML larger than this (UTF-8 bytes) goes into feeds as its summary and a link to the post: each
# feed the post is in (all, posts, and one per tag) carries it whole, three formats each, so a post of
# megabytes of highlighted code with many tags made hundreds of megabytes of feeds. A long post is 100 KB.
FEED_CONTENT_MAX_BYTES = 500_000
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """text without the characters XML 1.0 does not allow (XML 1.0 section 2.2, "Char"); "" for None."""
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
    """One item of a feed, the same in every format. Every address is an absolute URI (see addresses.py)."""

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
    language: str = ""  # a BCP 47 tag when the item is in another language than the feed's, else ""

    @property
    def external_url(self) -> str | None:
        return self.url if self.url != self.permalink else None

    @property
    def summary_text(self) -> str:
        """The summary as plain text, for JSON Feed (see `plain_text`)."""
        return plain_text(self.summary_html)


def post_id(post, owner: str) -> str:
    """A post's feed id (see ids.py): `tag:OWNER,DATE:posts/FILE-NAME`, or its pinned `id:`."""
    stem = post.source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ids.tag_uri(owner, post.date, "posts", stem, post.metadata.get("id"))


def link_id(link, owner: str) -> str:
    """A link's feed id (see ids.py): `tag:OWNER,DATE:links/HASH-OF-ADDRESS`, or its pinned `id:`."""
    return ids.tag_uri(owner, link.date, "links", ids.url_hash(link.url), link.pinned_id)


def week_id(week, owner: str) -> str:
    """A week's id in the weekly digest (see ids.py): `tag:OWNER,FIRST-DAY:weeks/2026-W48`."""
    return ids.tag_uri(owner, week.first_day, "weeks", f"{week.iso_year}-W{week.iso_week:02d}")


def post_summary(post, site_url: str) -> str:
    """A post's summary with absolute links: its `Summary:`, or the start of its text, cut as Pelican cuts it
    (SUMMARY_MAX_LENGTH words, then SUMMARY_END_SUFFIX).

    Not Pelican's `get_summary(site_url)`: without a `Summary:` it cuts the text as linked from the page
    last rendered, so a relative link could reach a feed. Pelican resolves a `Summary:`'s {static} and
    {filename} links before any page is written, against SITEURL. Addresses left relative are relative to
    the post's own page, as in its text: `post_item` resolves them there.
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


def too_long_for_feeds(html: str) -> bool:
    """True when `html` is over FEED_CONTENT_MAX_BYTES in UTF-8."""
    return len(html) > FEED_CONTENT_MAX_BYTES // 4 and len(html.encode("utf-8")) > FEED_CONTENT_MAX_BYTES


def post_item(post, site_url: str, owner: str) -> FeedItem:
    """A post's feed item. post: a Pelican Article; site_url: SITEURL without a trailing slash.

    Its content and summary have every address resolved against the post's own page, where a relative
    address in them is read (and Pelican's {static}/{filename} links, made from `site_url`, are absolute).
    A post over FEED_CONTENT_MAX_BYTES has its summary and a link to it for content.
    """
    permalink = feed_uri(f"{site_url}/{post.url}")
    # A feed reader runs no script and takes no style from an item: they are left out (W3C's validator warns).
    summary = xml_safe(absolutize(without_scripts(post_summary(post, site_url)), permalink))
    content = without_scripts(post.get_content(site_url))
    if too_long_for_feeds(content):
        content = Markup('{}\n<p><a href="{}">This post is too long for a feed reader: read it on the site.</a></p>')
        content = content.format(Markup(summary), permalink)
    return FeedItem(
        id=post_id(post, owner),
        kind="post",
        title=xml_safe(post.title),
        url=permalink,
        permalink=permalink,
        content_html=xml_safe(absolutize(str(content), permalink)),
        summary_html=summary,
        published=post.date,
        updated=getattr(post, "modified", None) or post.date,
        tags=[tag.name for tag in getattr(post, "tags", [])],
        language=_other_language(post),
    )


def _other_language(post) -> str:
    """The post's `Lang:` when it is not the site's DEFAULT_LANG (compared without case), else ""."""
    language = getattr(post, "lang", None) or ""
    return language if language.lower() != post.settings["DEFAULT_LANG"].lower() else ""


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
    """A link's note, quote and via, as HTML (the note is already sanitised), and, when `invoke check-links` found
    the page gone, its copy in the Internet Archive (link.archive_url). Addresses are as written: the note's are
    relative to its week's page (see `week_page`)."""
    parts = [Markup(link.note)]
    if link.quote:
        parts.append(Markup("<blockquote><p>{}</p></blockquote>").format(link.quote))
    parts.append(_via_html(link, site_url))
    if link.archive_url:
        parts.append(
            Markup('<p>This page is gone; <a href="{}">see it as it was on {} in the Internet Archive</a>.</p>').format(
                link.archive_url, link.archive_day
            )
        )
    return Markup("\n").join(part for part in parts if part)


def week_page(week, site_url: str) -> str:
    """The absolute URI of a week's page (`…/links/2026/w48/`): where its links' notes and its summary are
    shown, so the page their relative addresses are read from."""
    return feed_uri(f"{site_url}/{week.url}")


def link_item(link, site_url: str, owner: str) -> FeedItem:
    """A link note's feed item. link: a link_notes Link; site_url: SITEURL without a trailing slash.

    It points at the saved address and links back to the note on its week's page, where every relative
    address of the note is resolved.
    """
    page = week_page(link.week, site_url)
    permalink = feed_uri(f"{site_url}/{link.permalink}")
    if link.note or link.quote:
        back = Markup('\n<p><a href="{}">My note on {}</a> · {}</p>').format(permalink, link.title, link.domain)
    else:  # nothing written about it: the item leads to where it is listed, and says no more
        back = Markup('\n<p><a href="{}">Saved to my link log</a> · {}</p>').format(permalink, link.domain)
    body = link_body(link, site_url) + back
    return FeedItem(
        id=link_id(link, owner),
        kind="link",
        title=xml_safe(link.title),
        url=feed_uri(link.url),
        permalink=permalink,
        content_html=xml_safe(absolutize(str(body), page)),
        published=link.date,
        updated=link.date,
        tags=[tag.name for tag in link.tags],
    )


def week_end(week, zone) -> datetime:
    """The last moment of the week in the site's time zone: when it ended."""
    return datetime.combine(week.last_day + timedelta(days=1), time(), zone) - timedelta(seconds=1)


def week_item(week, site_url: str, owner: str, zone) -> FeedItem:
    """A week's item in the weekly digest: its summary and every link with its note, addresses resolved
    against the week's page, where all of them are shown."""
    permalink = week_page(week, site_url)
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
        content_html=xml_safe(absolutize(str(Markup("\n").join(parts)), permalink)),
        published=ended,
        updated=ended,
        tags=sorted({tag.name for link in week.links for tag in link.tags}, key=str.lower),
    )


__all__ = ["FeedItem", "Source", "link_item", "plain_text", "post_item", "week_item", "xml_safe"]
