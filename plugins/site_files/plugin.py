"""A generator that runs after the pages are written: it lists them in sitemap.xml (all but the 404 page and the
pages for the author alone, shared.AUTHOR_ONLY) and writes robots.txt.

Both hold absolute URIs (RFC 3986), ASCII only: sitemaps.org asks for a URL "entity-escaped" and
URL-encoded, and robots.txt's Sitemap line for a full URL. An address with non-ASCII characters (an IRI,
from a SITEURL such as `https://bücher.example/`) is converted by the feeds plugin's `feed_uri`, as in
every feed; an empty SITEURL gives the address feeds use (`feeds.settings.site_url`).
"""

from __future__ import annotations

import os
from pathlib import Path

from feeds.addresses import feed_uri
from feeds.settings import site_url as feeds_site_url
from learnlog_core import shared
from learnlog_core.build import build_of
from learnlog_core.writer import flush_pages
from lxml import etree
from pelican import signals
from pelican.generators import Generator

from . import extra

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site_url: str, paths: list[str], modified: dict[str, str]) -> bytes:
    """The sitemap (sitemaps.org protocol 0.9), UTF-8 bytes. site_url: the site's absolute address without
    a trailing "/"; paths: site-relative page URLs ("", "posts/2026/x/"); modified: their dates
    (YYYY-MM-DD), where known. Each <loc> is a URI (`feed_uri`); lxml escapes "&", "<" and ">"."""
    root = etree.Element("urlset", nsmap={None: SITEMAP_NAMESPACE})
    for path in paths:
        url = etree.SubElement(root, "url")
        etree.SubElement(url, "loc").text = feed_uri(f"{site_url}/{path}")
        if path in modified:
            etree.SubElement(url, "lastmod").text = modified[path]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class SiteFilesGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        build = build_of(self.settings)
        build.lap("queue pages")
        flush_pages(writer)  # pages queued for rendering on every core are written first
        build.lap("render pages and feeds on every core")
        output = Path(self.output_path)
        site_url = feeds_site_url(self.settings)
        author_only = set(self.context.get(shared.AUTHOR_ONLY, ()))  # noindex pages, such as /save/
        found = (
            Path(folder, name).relative_to(output).as_posix().removesuffix("index.html")
            for folder, _, names in os.walk(output)
            for name in names
            if name.endswith(".html") and name != "404.html"
        )
        pages = sorted(path for path in found if path not in author_only)
        modified = {}
        for item in [*self.context.get("articles", []), *self.context.get("pages", [])]:
            when = getattr(item, "modified", None) or getattr(item, "date", None)
            if when:
                modified[item.url] = when.date().isoformat()
        for week in self.context.get(shared.LINK_WEEKS, []):
            modified[week.url] = week.links[0].date.date().isoformat()
        (output / "sitemap.xml").write_bytes(sitemap(site_url, pages, modified))
        (output / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {feed_uri(f'{site_url}/sitemap.xml')}\n", encoding="utf-8"
        )


def get_generators(pelican):
    return SiteFilesGenerator


def configure(pelican) -> None:
    extra.configure(pelican.settings)


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(extra.copy_extra_files)


__all__ = ["SiteFilesGenerator", "register", "sitemap"]
