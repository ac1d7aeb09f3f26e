"""The feeds generator: every feed family in three formats, the OPML files and the /subscribe/ page."""

from __future__ import annotations

import heapq
import os
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from learnlog_core import shared
from learnlog_core.build import build_of
from learnlog_core.problems import display_path, line_of
from learnlog_core.writer import ParallelWriter
from pelican.generators import Generator

from . import ids
from .addresses import feed_uri
from .formats import FORMATS, FeedSpec, atom, json_feed, rss
from .items import FeedItem, Source, link_id, link_item, post_id, post_item, week_end, week_id, week_item
from .opml import opml
from .settings import site_url

WRITERS = {"atom": atom, "rss": rss, "json": json_feed}
DESCRIPTIONS = {
    "all": "Everything: every new post and every link I save, with my note on it.",
    "posts": "Only the posts: longer pieces about what I am learning.",
    "links": "Only the links I learn from, each with a few lines in my own words.",
    "weekly": "One item a week, once the week is over: that week's reflection and all its links.",
}


def feed_paths(name: str) -> dict[str, str]:
    """Site-relative path of each format of a feed: feeds/all.atom.xml, feeds/tags/memory.json, …"""
    return {fmt: f"feeds/{name}.{extension}" for fmt, (extension, _, _) in FORMATS.items()}


def follow_specs(specs: list[FeedSpec]) -> list[FeedSpec]:
    """The feeds a follower takes to get every post and link once: posts and links when both are built
    (they share no item), else the feed of everything, else whichever of posts or links there is."""
    by_name = {spec.name: spec for spec in specs}
    if "posts" in by_name and "links" in by_name:
        return [by_name["posts"], by_name["links"]]
    if "all" in by_name:
        return [by_name["all"]]
    return [by_name[name] for name in ("posts", "links") if name in by_name]


class TagFeeds:
    """`tag|tag_feeds`: (title, path, type) of a tag's feeds, for the tag page's <head> and links."""

    def __init__(self, settings: dict):
        self.enabled = "tags" in settings["FEED_FAMILIES"]
        self.title = settings["FEED_TITLES"]["tag"]
        self.site = settings["SITENAME"]

    def __call__(self, tag) -> list[tuple[str, str, str]]:
        if not self.enabled:
            return []
        title = self.title.format(site=self.site, tag=tag)
        paths = feed_paths(f"tags/{tag.slug}")
        return [(f"{title} ({label})", paths[fmt], mime) for fmt, (_, mime, label) in FORMATS.items()]


class FeedsGenerator(Generator):
    """Every feed family in three formats, the OPML files and /subscribe/. Every address written into a
    feed is an absolute URI (addresses.feed_uri), however SITEURL is spelt."""

    def generate_context(self) -> None:
        """The main feeds, for every page's <head>; a report of any two items with one feed id."""
        families = self.settings["FEED_FAMILIES"]
        discovered = "all" if "all" in families else next((f for f in families if f != "tags"), None)
        title = self._title(discovered) if discovered else ""
        self.context[shared.FEED_LINKS] = (
            [(f"{title} ({label})", feed_paths(discovered)[fmt], mime) for fmt, (_, mime, label) in FORMATS.items()]
            if discovered
            else []
        )
        self._check_ids()

    def _check_ids(self) -> None:
        """Every post and link has its own feed id: a reader shows only one of two items with one id. Two
        with one id (an `id:` copied with its line, or two files of one name and date) are reported."""
        owner = ids.authority(self.settings)
        places: dict[str, list[tuple[str, int]]] = {}
        for post in self.context["articles"]:
            places.setdefault(post_id(post, owner), []).append((post.source_path, 0))  # 0: its `id:` line
        for week in self.context.get(shared.LINK_WEEKS, []):
            for link in week.links:
                places.setdefault(link_id(link, owner), []).append(
                    (os.path.join(self.path, link.source_path), link.line)
                )
        build = build_of(self.settings)
        for item_id, found in places.items():
            if len(found) == 1:
                continue
            first, *others = [(path, line or _id_line(path)) for path, line in found]
            for path, line in others:
                message = (
                    f"the feed id '{item_id}' is also the id of {display_path(first[0])}:{first[1]}; "
                    "readers would show only one of the two: give each its own 'id:' (or remove the copied one)"
                )
                build.report(path, line, message)

    def _title(self, family: str, tag: str = "") -> str:
        return self.settings["FEED_TITLES"][family].format(site=self.settings["SITENAME"], tag=tag)

    def generate_output(self, writer) -> None:
        """Queue every feed (written on every core with the pages), write the OPML files, render /subscribe/."""
        settings = self.settings
        site = site_url(settings)
        zone = ZoneInfo(settings["TIMEZONE"])
        owner = ids.authority(settings)
        families = settings["FEED_FAMILIES"]
        limit = settings["FEED_ITEMS"]

        posts = {
            id(post): Source(post, post.date, partial(post_id, post, owner), partial(post_item, post, site, owner))
            for post in self.context["articles"]
        }
        weeks = self.context.get(shared.LINK_WEEKS, [])
        links = {
            id(link): Source(link, link.date, partial(link_id, link, owner), partial(link_item, link, site, owner))
            for week in weeks
            for link in week.links
        }
        now = datetime.now(zone)
        digest = [
            Source(week, end, partial(week_id, week, owner), partial(week_item, week, site, owner, zone))
            for week in weeks
            if (end := week_end(week, zone)) < now
        ]

        specs = []
        if "all" in families:
            specs.append(self._spec("all", site, "", [*posts.values(), *links.values()], limit))
        if "posts" in families:
            specs.append(self._spec("posts", site, "", posts.values(), limit))
        if "links" in families:
            specs.append(self._spec("links", site, settings["LINKS_URL"], links.values(), limit))
        if "weekly" in families:
            specs.append(self._spec("weekly", site, settings["LINKS_URL"], digest, settings["FEED_WEEKLY_ITEMS"]))
        tag_specs = []
        if "tags" in families:
            for tag, tag_posts, tag_links in self.context.get(shared.TAG_INDEX, []):
                sources = [posts[id(post)] for post in tag_posts] + [links[id(link)] for link in tag_links]
                spec = self._spec(f"tags/{tag.slug}", site, tag.url, sources, limit, title=self._title("tag", tag.name))
                spec.description = f"Posts and links about {tag.name}."
                tag_specs.append((tag, spec))
        for spec in [*specs, *(spec for _, spec in tag_specs)]:
            task = partial(self._write_formats, spec, feed_paths(spec.name))
            if isinstance(writer, ParallelWriter):
                writer.add_task(task)  # written with the pages, on every core
            else:
                task()
        self._write_opml(site, specs, tag_specs)
        page = {
            "feeds": specs,
            "tag_feeds": tag_specs,
            "descriptions": DESCRIPTIONS,
            "formats": FORMATS,
            "home_url": feed_uri(f"{site}/"),
            "feeds_opml_url": feed_uri(f"{site}/{settings['FEEDS_OPML']}"),
            "follow_opml_url": feed_uri(f"{site}/{settings['FOLLOW_OPML']}"),
            "topics_opml_url": feed_uri(f"{site}/{settings['TOPICS_OPML']}"),
            # The box at the top: the feed of everything, else the feeds that hold it together.
            "recommended": [spec for spec in specs if spec.name == "all"] or follow_specs(specs),
            "follow": follow_specs(specs),
            "blogroll_opml_url": feed_uri(f"{site}/{settings['BLOGROLL_OPML']}"),
        }
        build_of(settings).lap("queue feeds")
        writer.write_file(
            settings["SUBSCRIBE_SAVE_AS"], self.get_template("subscribe"), self.context, settings["RELATIVE_URLS"],
            page_name="subscribe/index", **page,
        )  # fmt: skip

    def _write_formats(self, spec: FeedSpec, paths: dict[str, str]) -> None:
        spec.items = [source.item for source in spec.sources]
        for fmt, write in WRITERS.items():
            self._write_bytes(paths[fmt], write(spec))

    def _spec(self, name, site, home, sources, limit, title=None) -> FeedSpec:
        newest_first = newest(sources, limit)
        return FeedSpec(
            name=name,
            title=title or self._title(name),
            description=DESCRIPTIONS.get(name, ""),
            home_url=feed_uri(f"{site}/{home}"),
            urls={fmt: feed_uri(f"{site}/{path}") for fmt, path in feed_paths(name).items()},
            language=self.settings["DEFAULT_LANG"],
            author=self.settings["AUTHOR"],
            sources=newest_first,
        )

    def _write_opml(self, site: str, specs: list[FeedSpec], tag_specs: list) -> None:
        name = self.settings["SITENAME"]
        mine = [
            {"text": spec.title, "xmlUrl": spec.urls["atom"], "htmlUrl": spec.home_url, "description": spec.description}
            for spec in [*specs, *(spec for _, spec in tag_specs)]
        ]
        self._write_bytes(self.settings["FEEDS_OPML"], opml(f"{name}: every feed", self.settings["AUTHOR"], mine))
        # Posts and links share no item, so a reader shows each once; without both, "all" is that one feed.
        chosen = follow_specs(specs)
        follow = [outline for spec, outline in zip(specs, mine, strict=False) if spec in chosen]
        if follow:
            title = f"{name}: posts and links" if len(follow) == 2 else follow[0]["text"]
            self._write_bytes(self.settings["FOLLOW_OPML"], opml(title, self.settings["AUTHOR"], follow))
        topics = mine[len(specs) :]
        if topics:
            topics_opml = opml(f"{name}: one feed per topic", self.settings["AUTHOR"], topics)
            self._write_bytes(self.settings["TOPICS_OPML"], topics_opml)
        people = [
            {"text": person.name, "xmlUrl": feed_uri(person.feed), "htmlUrl": feed_uri(person.site)}
            for person in self.context.get(shared.BLOGROLL, [])
            if person.feed
        ]
        blogroll = opml(f"{name}: people I learn from", self.settings["AUTHOR"], people)
        self._write_bytes(self.settings["BLOGROLL_OPML"], blogroll)
        self._write_bytes(self.settings["BLOGROLL_OPML_WELL_KNOWN"], blogroll)

    def _write_bytes(self, relative: str, data: bytes) -> None:
        path = os.path.join(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)


def _id_line(path: str) -> int:
    """The line of a post's `id:` field, or 1."""
    return line_of(Path(path).read_text(encoding="utf-8", errors="replace"), r"^\s*id\s*:")


def newest(sources, limit: int) -> list[Source]:
    """The `limit` newest sources, newest first; on the same date, by id. Only the sources that can
    make the cut by date have their id worked out."""
    sources = list(sources)
    if len(sources) > limit > 0:
        cutoff = heapq.nlargest(limit, (source.published for source in sources))[-1]
        sources = [source for source in sources if source.published >= cutoff]
    return sorted(sources, key=lambda source: (source.published, source.id), reverse=True)[:limit]


__all__ = ["FeedItem", "FeedsGenerator", "TagFeeds"]
